// The issue-23 target: one epoch of 784-128-10 (ReLU, batch 64, Adam, float32) over 60,000
// MNIST-sized rows with Sequential.fit, in seconds. The data are synthetic (uniform pixels in
// [0, 1), uniform labels; the time does not depend on the values): MNIST itself is not shipped.
// Beside it, in the same run, a hand-written loop (forward, loss, backward, Adam step on the
// same rows in order, no shuffle, no copies): fit's ms per step over the loop's is what fit adds
// around the kernels. Each epoch alternates the two, so both see the same load.
// Run alone with `npx tsx bench/epoch.ts [--epochs 3]`, or as part of `npm run bench:train`.
import { Activation, Adam, createRng, Dense, nnFreshArena, Sequential, softmaxCrossEntropy } from "../packages/actlab/src/nn/index.js";

export interface EpochBench {
  readonly net: string;
  readonly rows: number;
  readonly batch: number;
  /** Seconds of each epoch timed (after one untimed warm-up epoch on a tenth of the rows). */
  readonly seconds: number[];
  readonly median: number;
  /** The hand-written loop: seconds of each pass over the same rows, and its median. */
  readonly loopSeconds: number[];
  readonly loopMedian: number;
  /** Milliseconds per training step: fit's median epoch and the loop's, over the steps of an epoch. */
  readonly msPerStep: { readonly fit: number; readonly loop: number };
  readonly target: number;
  readonly data: string;
}

const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function net(seed: number): Sequential {
  // A fresh arena: where the layers' arrays land decides whether the wasm kernels run (see
  // nnFreshArena), so the timing must not depend on what this process built before (bench:train).
  nnFreshArena();
  const rng = createRng(seed);
  return new Sequential([new Dense(784, 128, { init: "he", rng, dtype: "float32" }), new Activation("relu"), new Dense(128, 10, { rng, dtype: "float32" })]);
}

export async function epochBench(epochs = 3, rows = 60_000): Promise<EpochBench> {
  // Pixels from a cheap integer generator (the values do not matter to the time).
  const x = new Float32Array(rows * 784);
  let s = 5;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    x[i] = (s >>> 8) / 16777216;
  }
  const rng = createRng(5);
  const y = Int32Array.from({ length: rows }, () => rng.int(0, 9));
  const model = net(5);
  await model.fit(x.subarray(0, (rows / 10) * 784), y.subarray(0, rows / 10), { epochs: 1, batchSize: 64 });
  const hand = net(6);
  const opt = new Adam(hand.params, {});
  const steps = Math.ceil(rows / 64);
  const loop = (): number => {
    const t0 = performance.now();
    for (let at = 0; at < rows; at += 64) {
      const m = Math.min(64, rows - at);
      const { grad } = softmaxCrossEntropy(hand.forward(x.subarray(at * 784, (at + m) * 784)), y.subarray(at, at + m), 10);
      hand.zeroGrad();
      hand.backward(grad, false);
      opt.step();
    }
    return (performance.now() - t0) / 1000;
  };
  loop();
  const seconds: number[] = [];
  const loopSeconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: 64, seed: e + 1 });
    seconds.push((performance.now() - t0) / 1000);
    loopSeconds.push(loop());
  }
  const med = median(seconds);
  const loopMedian = median(loopSeconds);
  return {
    net: "784-128-10 relu",
    rows,
    batch: 64,
    seconds,
    median: med,
    loopSeconds,
    loopMedian,
    msPerStep: { fit: (1000 * med) / steps, loop: (1000 * loopMedian) / steps },
    target: 3,
    data: "synthetic MNIST-shaped rows (uniform pixels, uniform labels)",
  };
}

/** The summary line of a result (bench:train prints it too). */
export function epochLine(r: EpochBench): string {
  const list = (v: readonly number[]) => v.map((s) => s.toFixed(2)).join(", ");
  return (
    `fit: one epoch of ${r.net}, batch ${r.batch}, Adam, float32 over ${r.rows} rows (${r.data}): median ${r.median.toFixed(2)} s of ${list(r.seconds)} (target ≤ ${r.target} s); ` +
    `${r.msPerStep.fit.toFixed(3)} ms/step against ${r.msPerStep.loop.toFixed(3)} ms/step for a hand-written loop in the same run (median ${r.loopMedian.toFixed(2)} s of ${list(r.loopSeconds)}; ratio ${(r.msPerStep.fit / r.msPerStep.loop).toFixed(2)})`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf("--epochs");
  console.log(epochLine(await epochBench(i > 0 ? Number(process.argv[i + 1]) : 3)));
}
