// npm run bench:gemm [-- --rounds 7]
//
// A roofline for the product kernel (assembly/gemm.ts): GFLOP/s of the three products of a dense
// layer at the benchmark shapes (784→128 and 64→64 at batch 64 and 32), beside this machine's
// measured peak for 128-bit SIMD multiply-add on one core: the faster of two micro-kernels of
// independent f32x4 multiplies and adds (no FMA in wasm SIMD), compiled here from AssemblyScript
// (bench only: not in the library's modules), run by the same V8. Rounds are interleaved; medians
// per second of CPU time (the machine is shared), the wall clock beside. Writes
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

// Two micro-kernels of independent 128-bit multiplies and adds (wasm SIMD has no FMA), no loads
// or stores, 96 flops a turn each; the peak is the faster of the two in this run.
//  - "chained": 12 accumulators, each a = a·m + c (a mul then an add that waits for it). One
//    chain is latency-bound (mul 3 + add 3 cycles on Zen), but 12 in flight keep two multipliers
//    and two adders busy: the figure rises ~linearly from 1 to 12 chains, and 14 spill (x64 has
//    16 vector registers, two hold m and c).
//  - "separate": 6 accumulators multiplied (a = a·m, m = 1 at run time) and 6 others added to
//    (b = b + c): no op waits for one of the other kind.
const CHAINS = 12;
const HALF = 6;
const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join("\n");
const PEAK_SRC = `
export function chained(n: i32, m: f32, c: f32): f32 {
  const vm = f32x4.splat(m);
  const vc = f32x4.splat(c);
${lines(CHAINS, (i) => `  let a${i} = f32x4.splat(<f32>${i + 1});`)}
  for (let i = 0; i < n; i++) {
${lines(CHAINS, (i) => `    a${i} = f32x4.add(f32x4.mul(a${i}, vm), vc);`)}
  }
  let s = a0;
${lines(CHAINS - 1, (i) => `  s = f32x4.add(s, a${i + 1});`)}
  return f32x4.extract_lane(s, 0);
}
export function separate(n: i32, m: f32, c: f32): f32 {
  const vm = f32x4.splat(m);
  const vc = f32x4.splat(c);
${lines(HALF, (i) => `  let a${i} = f32x4.splat(<f32>${i + 1});\n  let b${i} = f32x4.splat(<f32>${i + 2});`)}
  for (let i = 0; i < n; i++) {
${lines(HALF, (i) => `    a${i} = f32x4.mul(a${i}, vm);\n    b${i} = f32x4.add(b${i}, vc);`)}
  }
  let s = a0;
${lines(HALF - 1, (i) => `  s = f32x4.add(s, a${i + 1});`)}
${lines(HALF, (i) => `  s = f32x4.add(s, b${i});`)}
  return f32x4.extract_lane(s, 0);
}
`;

type Peak = (n: number, m: number, c: number) => number;

async function compilePeak(): Promise<{ chained: Peak; separate: Peak }> {
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
  if (error || !wasm) throw new Error(`bench:gemm: the peak kernels did not compile: ${error?.message ?? ""} ${errors.join("")}`);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>));
  return { chained: inst.exports.chained as Peak, separate: inst.exports.separate as Peak };
}

/**
 * Seconds per call of f, by CPU time and by the wall clock: calls repeated for about `budget`
 * seconds of CPU time. The percentages use CPU time (user + system of this process, which runs
 * one thread here): on a shared machine the wall clock also counts the time other processes held
 * the core (under a load of 20 on 2 cores the wall-clock figures of one kernel varied 3× from
 * round to round); on a quiet machine the two agree.
 */
function time(f: () => void, budget = 0.15): { cpu: number; wall: number } {
  let reps = 1;
  for (;;) {
    const w0 = process.hrtime.bigint();
    const t0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) f();
    const u = process.cpuUsage(t0);
    const wall = Number(process.hrtime.bigint() - w0) / 1e9;
    const s = (u.user + u.system) / 1e6;
    if (s >= budget) return { cpu: s / reps, wall: wall / reps };
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
  const peaks: Case[] = [
    { name: "peak, chained: 12 accumulators a = a·m + c (f32x4 mul then add)", flops: N * CHAINS * 8, run: () => void peak.chained(N, 0.999, 0.001) },
    { name: "peak, separate: 6 accumulators a = a·m and 6 b = b + c", flops: N * HALF * 8, run: () => void peak.separate(N, 1, 0.001) },
  ];
  const cases: Case[] = [...peaks, ...denseCases(784, 128, 64), ...denseCases(64, 64, 32)];
  for (const c of cases) c.run(); // warm-up
  const samples = cases.map(() => [] as number[]);
  const wallSamples = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++)
    cases.forEach((c, i) => {
      const t = time(c.run);
      samples[i].push(c.flops / t.cpu / 1e9);
      wallSamples[i].push(c.flops / t.wall / 1e9);
    });
  const gflops = samples.map(median);
  const wall = wallSamples.map(median);
  const peakG = Math.max(...gflops.slice(0, peaks.length));
  const lines = [
    `bench:gemm — ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, Node ${process.version}; load average ${load0.map((v) => v.toFixed(1)).join(", ")} → ${loadavg().map((v) => v.toFixed(1)).join(", ")}`,
    `GFLOP/s, median of ${rounds} interleaved rounds (one thread), per second of CPU time and of wall clock; the peak is the faster micro-kernel: ${peakG.toFixed(2)} GFLOP/s`,
    "",
    "| product | GFLOP/s (CPU time) | of the measured peak | GFLOP/s (wall clock) |",
    "|---|---:|---:|---:|",
    ...cases.map((c, i) => `| ${c.name} | ${gflops[i].toFixed(2)} | ${((100 * gflops[i]) / peakG).toFixed(0)} % | ${wall[i].toFixed(2)} |`),
  ];
  console.log(lines.join("\n"));
  const dir = join(here, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `gemm-${started.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify({ started: started.toISOString(), finished: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, load: { start: load0, end: loadavg() }, rounds, clock: "cpu time (wall clock beside)", peak: peakG, results: cases.map((c, i) => ({ product: c.name, flops: c.flops, gflops: gflops[i], samples: samples[i], wallGflops: wall[i], wallSamples: wallSamples[i] })) }, null, 2) + "\n",
  );
  console.log(`wrote ${file}`);
}

await main();
