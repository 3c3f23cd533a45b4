// The issue-23 target: one epoch of 784-128-10 (ReLU, batch 64, Adam, float32) over 60,000
// MNIST-sized rows with Sequential.fit, in seconds. The data are synthetic (uniform pixels in
// [0, 1), uniform labels; the time does not depend on the values): MNIST itself is not shipped.
// Run alone with `npx tsx bench/epoch.ts [--epochs 3]`, or as part of `npm run bench:train`.
import { Activation, createRng, Dense, Sequential } from "../packages/actlab/src/nn/index.js";

export interface EpochBench {
  readonly net: string;
  readonly rows: number;
  readonly batch: number;
  /** Seconds of each epoch timed (after one untimed warm-up epoch on a tenth of the rows). */
  readonly seconds: number[];
  readonly median: number;
  readonly target: number;
  readonly data: string;
}

export async function epochBench(epochs = 3, rows = 60_000): Promise<EpochBench> {
  const rng = createRng(5);
  const x = new Float32Array(rows * 784);
  for (let i = 0; i < x.length; i++) x[i] = rng.random();
  const y = Int32Array.from({ length: rows }, () => rng.int(0, 9));
  const model = new Sequential([new Dense(784, 128, { init: "he", rng, dtype: "float32" }), new Activation("relu"), new Dense(128, 10, { rng, dtype: "float32" })]);
  await model.fit(x.subarray(0, (rows / 10) * 784), y.subarray(0, rows / 10), { epochs: 1, batchSize: 64 });
  const seconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: 64, seed: e + 1 });
    seconds.push((performance.now() - t0) / 1000);
  }
  const s = [...seconds].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { net: "784-128-10 relu", rows, batch: 64, seconds, median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, target: 3, data: "synthetic MNIST-shaped rows (uniform pixels, uniform labels)" };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf("--epochs");
  const r = await epochBench(i > 0 ? Number(process.argv[i + 1]) : 3);
  console.log(`fit: one epoch of ${r.net}, batch ${r.batch}, Adam, float32 over ${r.rows} rows (${r.data}): median ${r.median.toFixed(2)} s of ${r.seconds.map((s) => s.toFixed(2)).join(", ")} (target ≤ ${r.target} s)`);
}
