// npm run bench:more [-- --n 100000 --reps 9]
//
// The functions of issue 10 until their SIMD kernels join bench/run.ts: ns per element of the
// exact path (Float64Array) and of Float32Array arrays (through the kernel hooks, i.e. the exact
// JS path while no SIMD kernel exists), beside TF.js cpu where TF.js has the op (softplus,
// logSigmoid, relu6, clipByValue for hardtanh), and the max float32 ulps of each against the
// float64 scalar reference on 10⁴ values (every fifth in [−90, 90) for the tails). Sigmoid (with
// its SIMD kernel for float32) comes first as the baseline measured in the same run.
import { getActivation, getKernelBackend, moreActivations, setKernelBackend } from "../packages/actlab/src/index.js";
import { randomFloats, worst } from "../test/kernels/ulp.js";
import { benchArgs, positiveInt } from "./args.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor = import("@tensorflow/tfjs").Tensor;

const args = benchArgs("bench:more", { n: { type: "string", hint: "elements" }, reps: { type: "string", hint: "n" } });
const n = positiveInt("bench:more", "n", args.n, 1e5);
const reps = positiveInt("bench:more", "reps", args.reps, 9);

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median ns per element of each entry, measured interleaved round by round (the machine is shared). */
function measure(entries: Array<[string, () => void]>): Map<string, number> {
  for (const [, fn] of entries) fn();
  const samples = entries.map((): number[] => []);
  for (let r = 0; r < reps; r++) {
    entries.forEach(([, fn], j) => {
      const t0 = performance.now();
      fn();
      samples[j].push(((performance.now() - t0) * 1e6) / n);
    });
  }
  return new Map(entries.map(([name], j) => [name, median(samples[j])]));
}

async function loadTf(): Promise<Tf> {
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    const tf = await import("@tensorflow/tfjs");
    await tf.setBackend("cpu");
    return tf;
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

const tfOps: Record<string, (tf: Tf, t: Tensor) => Tensor> = {
  sigmoid: (tf, t) => tf.sigmoid(t),
  softplus: (tf, t) => tf.softplus(t),
  "log-sigmoid": (tf, t) => tf.logSigmoid(t),
  relu6: (tf, t) => tf.relu6(t),
  hardtanh: (tf, t) => tf.clipByValue(t, -1, 1),
};

async function main(): Promise<void> {
  const tf = await loadTf();
  const x32 = randomFloats(n, -10, 10, 1);
  const x64 = Float64Array.from(x32);
  const acc = randomFloats(1e4, -10, 10, 3);
  const wide = randomFloats(1e4, -90, 90, 4);
  for (let i = 0; i < acc.length; i += 5) acc[i] = wide[i];
  const lines = [
    `n = ${n}, median of ${reps} interleaved rounds, ns per element; kernels: ${getKernelBackend()}; accuracy: max float32 ulps on 10⁴ values`,
    "",
    "| function | float64 exact f+f′ | float32 f+f′ | TF.js cpu f | actlab f32 ulps (f / f′) | TF.js cpu ulps (f / f′) |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  // sigmoid first: the article's exact path as the baseline the ratios are read against
  for (const a of [getActivation("sigmoid"), ...moreActivations]) {
    const entries: Array<[string, () => void]> = [
      ["f64", () => void a.forwardWithDerivative(x64)],
      ["f32", () => void a.forwardWithDerivative(x32)],
    ];
    const op = tfOps[a.id];
    const xt = tf.tensor(x32);
    if (op) entries.push(["tf", () => tf.tidy(() => void op(tf, xt).dataSync())]);
    const t = measure(entries);
    xt.dispose();
    const both = a.forwardWithDerivative(acc);
    const uf = worst(both.y, (i) => a.f(acc[i])).ulps;
    const ud = worst(both.d, (i) => a.df(acc[i])).ulps;
    let tfAcc = "—";
    if (op) {
      const grad = tf.grad((v: Tensor) => op(tf, v));
      const y = tf.tidy(() => op(tf, tf.tensor(acc)).dataSync() as Float32Array).slice();
      const g = tf.tidy(() => grad(tf.tensor(acc), tf.ones([acc.length])).dataSync() as Float32Array).slice();
      tfAcc = `${worst(y, (i) => a.f(acc[i])).ulps} / ${worst(g, (i) => a.df(acc[i])).ulps}`;
    }
    const tfNs = t.get("tf");
    lines.push(`| ${a.id} | ${t.get("f64")?.toFixed(1)} | ${t.get("f32")?.toFixed(1)} | ${tfNs === undefined ? "—" : tfNs.toFixed(1)} | ${uf} / ${ud} | ${tfAcc} |`);
    process.stderr.write(`  ${a.id} done\n`);
  }
  console.log(lines.join("\n"));
}

setKernelBackend("wasm");
await main();
