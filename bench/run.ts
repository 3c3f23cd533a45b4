// npm run bench [-- --quick] [--only sigmoid,relu] [--reps 15] [--sizes 1e4,1e6]
//
// Every registry function, forward and gradient, ns per float32 element, for actlab (wasm kernels
// on plain JS arrays and on arrays in wasm memory, and the exact JS path), a textbook JS loop,
// TF.js cpu and TF.js wasm, all in this one process. Writes bench/results/<time>.json.
import { createRequire } from "node:module";
import { cpus, totalmem } from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Activation,
  articleActivations,
  getActivation,
  parseActivation,
  getInfo,
  logSoftmax,
  type Params,
  setKernelBackend,
  softmax,
  softmaxBackward,
  WasmArena,
} from "../packages/actlab/src/index.js";
import { randomFloats, worst } from "../test/kernels/ulp.js";
import { benchArgs, positiveInt } from "./args.js";
import { textbook, textbookSoftmax } from "./textbook.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor = import("@tensorflow/tfjs").Tensor;

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ---- command line ----
const argv = process.argv.slice(2);
const args = benchArgs("bench", { quick: { type: "boolean" }, only: { type: "string", hint: "ids" }, reps: { type: "string", hint: "n" }, sizes: { type: "string", hint: "n,n" } });
const quick = args.quick === true;
// 15 rounds: with 7, a few hundred milliseconds of load from outside (this machine is shared)
// could take the median of one competitor, e.g. elu on wasm memory at 1.40 against 0.93 ns.
const reps = positiveInt("bench", "reps", args.reps, 15);
const ROW = 1000; // softmax row length
// The softmax rows: over rows of 1000 (a batch of logits) and of 10 (a batch of 10-class outputs),
// softmax and log-softmax. Only softmax has a gradient here (softmaxBackward).
const SOFTMAXES: Readonly<Record<string, { readonly row: number; readonly log: boolean }>> = {
  softmax: { row: ROW, log: false },
  "softmax/10": { row: 10, log: false },
  "log-softmax": { row: ROW, log: true },
  "log-softmax/10": { row: 10, log: true },
};
const rowOf = (id: string): number => SOFTMAXES[id]?.row ?? 0;
const softmaxOf = (id: string) => (SOFTMAXES[id]?.log ? logSoftmax : softmax);
// The article's functions: the ones with textbook loops (bench/textbook.ts) and SIMD kernels. The
// functions of issue 10 join once their SIMD kernels land (their float32 arrays take the exact
// JS path until then, which would make the 10⁷-element rounds take minutes).
const allIds = [...articleActivations.map((a) => a.id as string), ...Object.keys(SOFTMAXES)];
const only = typeof args.only === "string" ? args.only.split(",") : allIds;
for (const id of only) {
  if (!allIds.includes(id)) {
    console.error(`bench: unknown function ${id} (known: ${allIds.join(", ")})`);
    process.exit(2);
  }
}
// Array lengths; multiples of the softmax row. --sizes is for a short run (the exact path of some
// functions takes microseconds per element).
const sizes = typeof args.sizes === "string" ? args.sizes.split(",").map(Number) : (quick ? [1e4, 1e6] : [1e4, 1e6, 1e7]);
for (const n of sizes) {
  if (!Number.isInteger(n) || n < ROW || n % ROW !== 0) {
    console.error(`bench: invalid --sizes entry ${n} (must be a multiple of ${ROW})`);
    process.exit(2);
  }
}

// ---- timing ----
// The machine is shared, so load comes and goes: the competitors of one (function, pass, n) are
// measured interleaved, round by round, and each keeps the median of its rounds. Their ratios
// then come from the same stretches of time.
type Entry = { readonly name: Competitor; readonly fn: () => void };

/** Median ns per element of each entry: warm-up, then `reps` rounds of ≥ ~20 ms batches. */
function measureGroup(fn: string, dir: Direction, n: number, entries: readonly Entry[]): void {
  const batches = entries.map((e) => {
    e.fn(); // first call: compiles, tiers up, allocates
    const t0 = performance.now();
    e.fn();
    const one = performance.now() - t0;
    const batch = Math.max(1, Math.ceil(20 / Math.max(one, 1e-3)));
    for (let i = 0; i < batch; i++) e.fn();
    return batch;
  });
  const samples: number[][] = entries.map(() => []);
  for (let r = 0; r < reps; r++) {
    entries.forEach((e, j) => {
      const s = performance.now();
      for (let i = 0; i < batches[j]; i++) e.fn();
      samples[j].push((performance.now() - s) / batches[j]);
    });
  }
  entries.forEach((e, j) => record(fn, dir, n, e.name, (median(samples[j]) * 1e6) / n));
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}


// ---- accuracy (float32 ulps against the float64 scalar reference) ----
// The same measure as the kernel tests (test/kernels/ulp.ts).
function maxUlps(got: ArrayLike<number>, want: ArrayLike<number>): number {
  return worst(got, (i) => want[i]).ulps;
}

/** 10⁴ values: most in [−10, 10), every fifth in [−90, 90) so that the tails are tested too. */
function accuracyInput(): { x: Float32Array; dy: Float32Array } {
  const x = randomFloats(1e4, -10, 10, 3);
  const wide = randomFloats(1e4, -90, 90, 4);
  for (let i = 0; i < x.length; i += 5) x[i] = wide[i];
  return { x, dy: randomFloats(1e4, -1, 1, 5) };
}

// ---- results ----
type Direction = "forward" | "gradient" | "fused";
type Competitor = "actlab wasm" | "actlab wasm arena" | "actlab js" | "textbook" | "tfjs cpu" | "tfjs wasm" | "tfjs wasm arrays";
interface Row {
  fn: string;
  dir: Direction;
  n: number;
  competitor: Competitor;
  ns: number;
}
const rows: Row[] = [];
/** Functions that TF.js has no op for: their TF.js cells say n/a. */
const noTf = new Set<string>();
const accuracy: { fn: string; dir: Direction; competitor: Competitor; maxUlps: number }[] = [];
function record(fn: string, dir: Direction, n: number, competitor: Competitor, ns: number): void {
  rows.push({ fn, dir, n, competitor, ns });
  process.stderr.write(`  ${fn} ${dir} n=${n} ${competitor}: ${ns.toFixed(3)} ns/element\n`);
}

/** Parameters the bench uses: the registry defaults (PReLU as one shared α). */
function params(id: string): Params | undefined {
  const ps = getInfo(id).params;
  return ps.length ? Object.fromEntries(ps.map((p) => [p.name, p.default])) : undefined;
}
function alpha(id: string): number {
  return getInfo(id).params[0]?.default ?? 0;
}

// ---- actlab, the textbook loop and TF.js wasm, interleaved ----
interface Arrays {
  x: Float32Array;
  dy: Float32Array;
  y: Float32Array;
  dx: Float32Array;
  d: Float32Array;
}

function withBackend(b: "wasm" | "js", fn: () => void): () => void {
  return () => {
    setKernelBackend(b);
    fn();
  };
}

function benchMain(tf: Tf, n: number, x: Float32Array, dy: Float32Array): void {
  const plain: Arrays = { x, dy, y: new Float32Array(n), dx: new Float32Array(n), d: new Float32Array(n) };
  const arena = new WasmArena(5 * n + 64);
  const ar: Arrays = { x: arena.alloc(n), dy: arena.alloc(n), y: arena.alloc(n), dx: arena.alloc(n), d: arena.alloc(n) };
  ar.x.set(x);
  ar.dy.set(dy);
  const src = new Float32Array(n);
  measureGroup("copy", "forward", n, [{ name: "textbook", fn: () => plain.y.set(src) }]);

  for (const id of only) {
    const shape = id in SOFTMAXES ? [n / rowOf(id), rowOf(id)] : [n];
    const op = tfOp(tf, id) ?? ((t: Tensor) => t);
    const hasTf = tfOp(tf, id) !== undefined;
    if (!hasTf) noTf.add(id);
    const grad = tf.grad((t: Tensor) => op(t));
    const xt = tf.tensor(x, shape);
    const dyt = tf.tensor(dy, shape);
    // tidy returns nothing: returning a large array would make it walk every element.
    const tfForward: Entry[] = !hasTf ? [] : [
      { name: "tfjs wasm", fn: () => tf.tidy(() => void op(xt)) },
      // The same work from JS arrays to JS arrays, as actlab's forward(x, p, out) does it.
      { name: "tfjs wasm arrays", fn: () => tf.tidy(() => void op(tf.tensor(x, shape)).dataSync()) },
    ];
    const tfGradient: Entry[] = !hasTf ? [] : [
      { name: "tfjs wasm", fn: () => tf.tidy(() => void grad(xt, dyt)) },
      { name: "tfjs wasm arrays", fn: () => tf.tidy(() => void grad(tf.tensor(x, shape), tf.tensor(dy, shape)).dataSync()) },
    ];
    if (id in SOFTMAXES) {
      const { row, log } = SOFTMAXES[id];
      const f = softmaxOf(id);
      const sm = (a: Arrays) => () => f(a.x, { size: row, out: a.y });
      measureGroup(id, "forward", n, [
        { name: "actlab wasm", fn: withBackend("wasm", sm(plain)) },
        { name: "actlab wasm arena", fn: withBackend("wasm", sm(ar)) },
        { name: "actlab js", fn: withBackend("js", sm(plain)) },
        ...(log ? [] : [{ name: "textbook" as const, fn: () => textbookSoftmax.f(x, plain.y, row) }]),
        ...tfForward,
      ]);
      setKernelBackend("wasm");
      softmax(x, { size: row, out: plain.y });
      ar.y.set(plain.y);
      const sb = (a: Arrays) => () => softmaxBackward(a.y, a.dy, { size: row, out: a.dx });
      if (!log) measureGroup(id, "gradient", n, [
        { name: "actlab wasm", fn: withBackend("wasm", sb(plain)) },
        { name: "actlab wasm arena", fn: withBackend("wasm", sb(ar)) },
        { name: "actlab js", fn: withBackend("js", sb(plain)) },
        { name: "textbook", fn: () => textbookSoftmax.g(plain.y, dy, plain.dx, row) },
        ...tfGradient,
      ]);
    } else {
      const a = getActivation(id);
      const p = params(id);
      const tb = textbook[id] as (typeof textbook)[string] | undefined; // none for issue 10's functions
      const al = alpha(id);
      const tbEntry = (fn: () => void): Entry[] => (tb ? [{ name: "textbook", fn }] : []);
      const fw = (v: Arrays) => () => a.forward(v.x, p, v.y);
      const bw = (v: Arrays) => () => a.backward(v.x, v.dy, p, v.dx);
      const fd = (v: Arrays) => () => a.forwardWithDerivative(v.x, p, v.y, v.d);
      measureGroup(id, "forward", n, [
        { name: "actlab wasm", fn: withBackend("wasm", fw(plain)) },
        { name: "actlab wasm arena", fn: withBackend("wasm", fw(ar)) },
        { name: "actlab js", fn: withBackend("js", fw(plain)) },
        ...tbEntry(() => tb?.f(x, plain.y, al)),
        ...tfForward,
      ]);
      measureGroup(id, "gradient", n, [
        { name: "actlab wasm", fn: withBackend("wasm", bw(plain)) },
        { name: "actlab wasm arena", fn: withBackend("wasm", bw(ar)) },
        { name: "actlab js", fn: withBackend("js", bw(plain)) },
        ...tbEntry(() => tb?.g(x, dy, plain.dx, al)),
        ...tfGradient,
      ]);
      measureGroup(id, "fused", n, [
        { name: "actlab wasm", fn: withBackend("wasm", fd(plain)) },
        { name: "actlab wasm arena", fn: withBackend("wasm", fd(ar)) },
        { name: "actlab js", fn: withBackend("js", fd(plain)) },
        ...tbEntry(() => tb?.fd(x, plain.y, plain.d, al)),
      ]);
    }
    setKernelBackend("wasm");
    xt.dispose();
    dyt.dispose();
  }
}

function accuracyLocal(x: Float32Array, dy: Float32Array): void {
  const n = x.length;
  const y = new Float32Array(n);
  const dx = new Float32Array(n);
  for (const id of only) {
    if (id in SOFTMAXES) {
      const { row, log } = SOFTMAXES[id];
      const f = softmaxOf(id);
      const want = f(Float64Array.from(x), { size: row });
      const sy = softmax(x, { size: row });
      const wantG = softmaxBackward(Float64Array.from(sy), Float64Array.from(dy), { size: row });
      for (const [be, name] of [["wasm", "actlab wasm"], ["js", "actlab js"]] as const) {
        setKernelBackend(be);
        accuracy.push({ fn: id, dir: "forward", competitor: name, maxUlps: maxUlps(f(x, { size: row }), want) });
        if (!log) accuracy.push({ fn: id, dir: "gradient", competitor: name, maxUlps: maxUlps(softmaxBackward(sy, dy, { size: row }), wantG) });
      }
      setKernelBackend("wasm");
      if (log) continue;
      textbookSoftmax.f(x, y, row);
      textbookSoftmax.g(sy, dy, dx, row);
      accuracy.push({ fn: id, dir: "forward", competitor: "textbook", maxUlps: maxUlps(y, want) });
      accuracy.push({ fn: id, dir: "gradient", competitor: "textbook", maxUlps: maxUlps(dx, wantG) });
      continue;
    }
    const a = getActivation(id);
    const p = params(id);
    const wantF = Float64Array.from(x, (v) => a.f(v, p));
    const wantG = Float64Array.from(x, (v, i) => dy[i] * a.df(v, p));
    for (const [be, name] of [["wasm", "actlab wasm"], ["js", "actlab js"]] as const) {
      setKernelBackend(be);
      accuracy.push({ fn: id, dir: "forward", competitor: name, maxUlps: maxUlps(a.forward(x, p), wantF) });
      accuracy.push({ fn: id, dir: "gradient", competitor: name, maxUlps: maxUlps(a.backward(x, dy, p), wantG) });
    }
    setKernelBackend("wasm");
    if (!(id in textbook)) continue;
    textbook[id].f(x, y, alpha(id));
    textbook[id].g(x, dy, dx, alpha(id));
    accuracy.push({ fn: id, dir: "forward", competitor: "textbook", maxUlps: maxUlps(y, wantF) });
    accuracy.push({ fn: id, dir: "gradient", competitor: "textbook", maxUlps: maxUlps(dx, wantG) });
  }
}

// ---- TF.js ----
/** The TF.js op for a registry function, or undefined where TF.js has none (its table column says n/a). */
function tfOp(tf: Tf, id: string): ((t: Tensor) => Tensor) | undefined {
  switch (id) {
    case "sigmoid":
      return (t) => tf.sigmoid(t);
    case "tanh":
      return (t) => tf.tanh(t);
    case "relu":
      return (t) => tf.relu(t);
    case "leaky-relu":
      return (t) => tf.leakyRelu(t, alpha(id));
    case "elu":
      return (t) => tf.elu(t); // TF.js has no α: its α is 1, the registry default
    case "prelu":
      return (t) => tf.prelu(t, tf.scalar(alpha(id)));
    case "selu":
      return (t) => tf.selu(t);
    case "softmax":
    case "softmax/10":
      return (t) => tf.softmax(t);
    case "log-softmax":
    case "log-softmax/10":
      return (t) => tf.logSoftmax(t);
    // Issue 10's functions: TF.js 4.22 has these four as ops (clipByValue is hardtanh with min −1,
    // max 1); gelu, silu, mish and the others exist only as compositions or layer activations.
    case "softplus":
      return (t) => tf.softplus(t);
    case "relu6":
      return (t) => tf.relu6(t);
    case "log-sigmoid":
      return (t) => tf.logSigmoid(t);
    case "hardtanh":
      return (t) => tf.clipByValue(t, -1, 1);
    default:
      return undefined;
  }
}

/** TF.js cpu on its own (tensors live in one backend at a time), and the accuracy of a TF.js backend. */
function benchTfCpu(tf: Tf, n: number, x: Float32Array, dy: Float32Array): void {
  for (const id of only) {
    const shape = id in SOFTMAXES ? [n / rowOf(id), rowOf(id)] : [n];
    const op = tfOp(tf, id);
    if (!op) continue;
    const grad = tf.grad((t: Tensor) => op(t));
    const xt = tf.tensor(x, shape);
    const dyt = tf.tensor(dy, shape);
    measureGroup(id, "forward", n, [{ name: "tfjs cpu", fn: () => tf.tidy(() => void op(xt)) }]);
    if (!SOFTMAXES[id]?.log) measureGroup(id, "gradient", n, [{ name: "tfjs cpu", fn: () => tf.tidy(() => void grad(xt, dyt)) }]);
    xt.dispose();
    dyt.dispose();
  }
}

function accuracyTf(tf: Tf, name: Competitor, acc: { x: Float32Array; dy: Float32Array }): void {
  const { x, dy } = acc;
  for (const id of only) {
    const op = tfOp(tf, id);
    if (!op) continue;
    const grad = tf.grad((t: Tensor) => op(t));
    const shape = id in SOFTMAXES ? [x.length / rowOf(id), rowOf(id)] : [x.length];
    const yv = tf.tidy(() => op(tf.tensor(x, shape)).dataSync() as Float32Array).slice();
    const gv = tf.tidy(() => grad(tf.tensor(x, shape), tf.tensor(dy, shape)).dataSync() as Float32Array).slice();
    let wantF: ArrayLike<number>;
    let wantG: ArrayLike<number>;
    if (id in SOFTMAXES) {
      const { row } = SOFTMAXES[id];
      wantF = softmaxOf(id)(Float64Array.from(x), { size: row });
      const sy = softmax(Float64Array.from(x), { size: row });
      wantG = softmaxBackward(sy, Float64Array.from(dy), { size: row });
    } else {
      const a = getActivation(id);
      const p = params(id);
      wantF = Float64Array.from(x, (v) => a.f(v, p));
      wantG = Float64Array.from(x, (v, i) => dy[i] * a.df(v, p));
    }
    accuracy.push({ fn: id, dir: "forward", competitor: name, maxUlps: maxUlps(yv, wantF) });
    if (!SOFTMAXES[id]?.log) accuracy.push({ fn: id, dir: "gradient", competitor: name, maxUlps: maxUlps(gv, wantG) });
  }
}

async function loadTf(): Promise<Tf> {
  // TF.js greets Node users with an advert for tfjs-node (which must not be installed here).
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    const tf = await import("@tensorflow/tfjs");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/");
    return tf;
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

// ---- report ----
function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

function ns(n: number, fn: string, dir: Direction, c: Competitor): number | undefined {
  return rows.find((r) => r.n === n && r.fn === fn && r.dir === dir && r.competitor === c)?.ns;
}

function fmt(v: number | undefined, digits = 2): string {
  if (v === undefined) return "—";
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(digits);
}
function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? "—" : `${(a / b).toFixed(1)}×`;
}

function table(n: number): string {
  const head =
    "| function | pass | actlab wasm | actlab wasm arena | actlab js | textbook | TF.js cpu | TF.js wasm (tensors) | TF.js wasm (arrays) | vs TF.js wasm arrays | vs TF.js wasm tensors | vs TF.js cpu |\n" +
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  const lines = [head];
  for (const fn of only) {
    for (const dir of ["forward", "gradient", "fused"] as const) {
      const w = ns(n, fn, dir, "actlab wasm");
      if (w === undefined) continue;
      const ar = ns(n, fn, dir, "actlab wasm arena");
      const tw = ns(n, fn, dir, "tfjs wasm");
      const twa = ns(n, fn, dir, "tfjs wasm arrays");
      const tc = ns(n, fn, dir, "tfjs cpu");
      const na = (cell: string) => (noTf.has(fn) && dir !== "fused" ? "n/a" : cell);
      lines.push(
        `| ${fn} | ${dir === "fused" ? "y and f′" : dir} | ${fmt(w)} | ${fmt(ar)} | ${fmt(ns(n, fn, dir, "actlab js"))} | ${fmt(ns(n, fn, dir, "textbook"))} | ${na(fmt(tc))} | ${na(fmt(tw))} | ${na(fmt(twa))} | ${na(ratio(twa, w))} | ${na(ratio(tw, ar))} | ${na(ratio(tc, w))} |`,
      );
    }
  }
  lines.push(`| copy \`dst.set(src)\` | | | | | ${fmt(ns(n, "copy", "forward", "textbook"), 3)} | | | | | | |`);
  return lines.join("\n");
}

function accuracyTable(): string {
  const comps: Competitor[] = ["actlab wasm", "actlab js", "textbook", "tfjs cpu", "tfjs wasm"];
  const lines = [`| function | pass | ${comps.join(" | ")} |`, `|---|---|${comps.map(() => "---:").join("|")}|`];
  for (const fn of only) {
    for (const dir of ["forward", "gradient"] as const) {
      const cells = comps.map((c) => {
        const v = accuracy.find((a) => a.fn === fn && a.dir === dir && a.competitor === c)?.maxUlps;
        if (v === undefined) return c.startsWith("tfjs") && noTf.has(fn) ? "n/a" : "—";
        return v === Infinity ? "NaN" : String(v);
      });
      lines.push(`| ${fn} | ${dir} | ${cells.join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

// ---- formulas (issue 20): a parsed formula on float32 arrays against the registry's silu/mish ----
const formulaRows: { formula: string; backend: "js" | "wasm"; pass: "forward" | "fused"; ns: number; vsBase: number; base: string }[] = [];

/**
 * 10⁶ float32 elements through parsed formulas, interleaved with a registry function: on the JS
 * backend against silu's exact JS path (issue 20's target: x*sigmoid(x) within 3×); on the wasm
 * backend (what the lab's network uses) against silu's and mish's kernels, where a registry call
 * inside a formula runs on its kernel array-at-a-time (x*tanh(exp(x)) is TanhExp, which no
 * registry function equals; x*tanh(log(1 + exp(x))) is recognised as mish).
 */
function benchFormulas(x: Float32Array): void {
  const formulas = ["x*sigmoid(x)", "x/(1 + exp(-x))", "x*sigmoid(1.702*x)", "x*tanh(log(1 + exp(x)))", "x*tanh(exp(x))"];
  const compiled = formulas.map((t) => parseActivation(t));
  const y = new Float32Array(x.length);
  const d = new Float32Array(x.length);
  for (const backend of ["js", "wasm"] as const) {
    setKernelBackend(backend);
    const bases = backend === "js" ? ["silu"] : ["silu", "mish"];
    for (const pass of ["forward", "fused"] as const) {
      const run = (a: Pick<Activation, "forward" | "forwardWithDerivative">) =>
        pass === "forward" ? () => void a.forward(x, undefined, y) : () => void a.forwardWithDerivative(x, undefined, y, d);
      const entries = [...bases.map((id) => run(getActivation(id))), ...compiled.map(run)];
      const samples: number[][] = entries.map(() => []);
      for (const e of entries) e();
      for (let r = 0; r < Math.min(reps, 7); r++) {
        entries.forEach((e, j) => {
          const t0 = performance.now();
          e();
          samples[j].push(((performance.now() - t0) * 1e6) / x.length);
        });
      }
      const base = median(samples[0]);
      const label = `silu (${backend === "js" ? "JS path" : "kernel"})`;
      bases.forEach((id, j) => formulaRows.push({ formula: `${id} (registry)`, backend, pass, ns: median(samples[j]), vsBase: median(samples[j]) / base, base: label }));
      formulas.forEach((f, j) => {
        const ns = median(samples[j + bases.length]);
        formulaRows.push({ formula: f, backend, pass, ns, vsBase: ns / base, base: label });
      });
    }
  }
  setKernelBackend("wasm");
}

function formulaTable(): string {
  const lines = ["| formula | backend | pass | ns per element | time vs |", "|---|---|---|---:|---:|"];
  for (const r of formulaRows) lines.push(`| \`${r.formula}\` | ${r.backend} | ${r.pass === "fused" ? "y and f′" : r.pass} | ${fmt(r.ns)} | ${r.vsBase.toFixed(2)}× ${r.base} |`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const started = new Date();
  const tf = await loadTf();
  process.stderr.write(`bench: sizes ${sizes.join(", ")}, ${reps} reps, functions ${only.join(", ")}\n`);
  for (const n of sizes) {
    const x = randomFloats(n, -10, 10, 1);
    const dy = randomFloats(n, -1, 1, 2);
    await tf.setBackend("wasm");
    benchMain(tf, n, x, dy);
    await tf.setBackend("cpu");
    benchTfCpu(tf, n, x, dy);
  }
  const acc = accuracyInput();
  accuracyLocal(acc.x, acc.dy);
  await tf.setBackend("cpu");
  accuracyTf(tf, "tfjs cpu", acc);
  await tf.setBackend("wasm");
  accuracyTf(tf, "tfjs wasm", acc);
  benchFormulas(randomFloats(1e6, -10, 10, 6));
  {
  }
  const machine = {
    cpu: cpus()[0]?.model ?? "?",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const versions = {
    actlab: (JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")) as { version: string }).version,
    "@tensorflow/tfjs": version("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": version("@tensorflow/tfjs-backend-wasm"),
    assemblyscript: version("assemblyscript"),
  };
  const tfWasmThreads = (await import("@tensorflow/tfjs-backend-wasm")).getThreadsCount();
  const out = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
    machine,
    versions,
    settings: { sizes, reps, softmaxRow: ROW, input: "uniform [-10, 10), dy uniform [-1, 1)", tfWasmThreads, unit: "ns per element, median of interleaved rounds" },
    results: rows,
    formulas: { n: 1e6, unit: "ns per float32 element, median of interleaved rounds", results: formulaRows },
    accuracy: { n: 1e4, input: "uniform [-10, 10), every fifth uniform [-90, 90); dy uniform [-1, 1)", unit: "max float32 ulps vs the float64 scalar reference", results: accuracy },
  };
  const dir = join(here, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");

  console.log(`actlab bench — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; TF.js ${versions["@tensorflow/tfjs"]} (wasm: ${tfWasmThreads} thread)`);
  console.log(`ns per float32 element, median of ${reps} interleaved rounds; "vs" columns = how many times faster actlab is.\n`);
  for (const n of sizes) {
    console.log(`### n = ${n.toExponential(0).replace("e+", "e")}\n`);
    console.log(table(n) + "\n");
  }
  console.log("### accuracy: max float32 ulps vs the float64 reference (10⁴ values in [−10, 10), every fifth in [−90, 90))\n");
  console.log(accuracyTable() + "\n");
  console.log("### formulas (parseActivation): 10⁶ float32 elements against the registry's silu on its exact JS path\n");
  console.log(formulaTable() + "\n");
  console.log(`wrote ${file}`);
}

await main();
