// npm run bench:gemm [-- --rounds 7]
//
// A roofline for the product kernel (assembly/gemm.ts): GFLOP/s of the three products of a dense
// layer at the benchmark shapes (784→128 and 64→64 at batch 64 and 32), beside this machine's
// measured peak for 128-bit SIMD multiply-add on one core: a micro-kernel of 12 independent
// chains of f32x4 mul then add (no FMA in wasm SIMD), compiled here from AssemblyScript, with
// the same V8. Rounds are interleaved (the machine is shared); medians. Writes
// bench/results/gemm-<time>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { WasmArena } from "../packages/actlab/src/index.js";
import { arenaOf, kernelOf } from "../packages/actlab/src/kernels/runtime.js";
import { benchArgs, positiveInt } from "./args.js";

const args = benchArgs("bench:gemm", { rounds: { type: "string", hint: "n" } });
const rounds = positiveInt("bench:gemm", "rounds", args.rounds, 7);
const here = dirname(fileURLToPath(import.meta.url));

// 12 chains: x64 has 16 vector registers; a mul and an add of ~3 cycles each per chain, two of
// each per cycle on this CPU, need about 12 in flight. 96 flops per turn (12·4 lanes·2).
const CHAINS = 12;
const PEAK_SRC = `
export function peak(n: i32, m: f32, c: f32): f32 {
  const vm = f32x4.splat(m);
  const vc = f32x4.splat(c);
${Array.from({ length: CHAINS }, (_, i) => `  let a${i} = f32x4.splat(<f32>${i + 1});`).join("\n")}
  for (let i = 0; i < n; i++) {
${Array.from({ length: CHAINS }, (_, i) => `    a${i} = f32x4.add(f32x4.mul(a${i}, vm), vc);`).join("\n")}
  }
  let s = a0;
${Array.from({ length: CHAINS - 1 }, (_, i) => `  s = f32x4.add(s, a${i + 1});`).join("\n")}
  return f32x4.extract_lane(s, 0);
}
`;

async function compilePeak(): Promise<(n: number, m: number, c: number) => number> {
  let wasm: Uint8Array | null = null;
  const errors: string[] = [];
  const { error } = await asc.main(["peak.ts", "--enable", "simd", "--runtime", "stub", "-O3", "--noAssert", "--outFile", "peak.wasm"], {
    readFile: (name: string) => (name === "peak.ts" ? PEAK_SRC : null),
    writeFile: (name: string, contents: Uint8Array) => {
      if (name.endsWith(".wasm")) wasm = contents;
    },
    listFiles: () => [],
    stdout: { write: () => true },
    stderr: { write: (s: string) => (errors.push(String(s)), true) },
  } as never);
  if (error || !wasm) throw new Error(`bench:gemm: the peak kernel did not compile: ${error?.message ?? ""} ${errors.join("")}`);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>));
  return inst.exports.peak as (n: number, m: number, c: number) => number;
}

/** Seconds per call of f: calls repeated for about `budget` seconds. */
function time(f: () => void, budget = 0.15): number {
  let reps = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) f();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s >= budget) return s / reps;
    reps = Math.max(reps * 2, Math.ceil((reps * budget * 1.2) / Math.max(s, 1e-6)));
  }
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Case {
  name: string;
  flops: number;
  run: () => void;
}

/** The three products of a dense layer of `inp` → `out` at batch `rows`, as actlab/nn calls them. */
function denseCases(inp: number, out: number, rows: number): Case[] {
  const arena = new WasmArena(2 * rows * inp + 3 * inp * out + rows * out + 64);
  const x = arena.alloc(rows * inp);
  const w = arena.alloc(inp * out);
  const y = arena.alloc(rows * out);
  const gw = arena.alloc(inp * out);
  const dx = arena.alloc(rows * inp);
  const wt = arena.alloc(inp * out);
  for (const a of [x, w, y]) for (let i = 0; i < a.length; i++) a[i] = Math.sin(i) * 0.5;
  const inst = arenaOf(x);
  const gemm = inst && kernelOf(inst, "gemm");
  if (!gemm) throw new Error("bench:gemm: the wasm kernels are not available here");
  const f = 2 * rows * inp * out;
  const tag = `${inp}×${out}, batch ${rows}`;
  return [
    { name: `${tag}: y = x·W`, flops: f, run: () => void gemm(x.byteOffset, inp * 4, 4, w.byteOffset, out * 4, y.byteOffset, out * 4, rows, out, inp, 0, 0) },
    { name: `${tag}: gW += xᵀ·dy`, flops: f, run: () => void gemm(x.byteOffset, 4, inp * 4, y.byteOffset, out * 4, gw.byteOffset, out * 4, inp, out, rows, 0, 1) },
    { name: `${tag}: dx = dy·Wᵀ`, flops: f, run: () => void gemm(y.byteOffset, out * 4, 4, wt.byteOffset, inp * 4, dx.byteOffset, inp * 4, rows, inp, out, 0, 0) },
  ];
}

async function main(): Promise<void> {
  const started = new Date();
  const load0 = loadavg();
  const peak = await compilePeak();
  const N = 200_000;
  const cases: Case[] = [{ name: "peak: 12 independent f32x4 mul+add chains", flops: N * CHAINS * 8, run: () => void peak(N, 0.999, 0.001) }, ...denseCases(784, 128, 64), ...denseCases(64, 64, 32)];
  for (const c of cases) c.run(); // warm-up
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) cases.forEach((c, i) => samples[i].push(c.flops / time(c.run) / 1e9));
  const gflops = samples.map(median);
  const peakG = gflops[0];
  const lines = [
    `bench:gemm — ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, Node ${process.version}; load average ${load0.map((v) => v.toFixed(1)).join(", ")} → ${loadavg().map((v) => v.toFixed(1)).join(", ")}`,
    `GFLOP/s, median of ${rounds} interleaved rounds (one thread)`,
    "",
    "| product | GFLOP/s | of the measured peak |",
    "|---|---:|---:|",
    ...cases.map((c, i) => `| ${c.name} | ${gflops[i].toFixed(2)} | ${((100 * gflops[i]) / peakG).toFixed(0)} % |`),
  ];
  console.log(lines.join("\n"));
  const dir = join(here, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `gemm-${started.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({ started: started.toISOString(), finished: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, load: { start: load0, end: loadavg() }, rounds, results: cases.map((c, i) => ({ product: c.name, flops: c.flops, gflops: gflops[i], samples: samples[i] })) }, null, 2) + "\n",
  );
  console.log(`wrote ${file}`);
}

await main();
