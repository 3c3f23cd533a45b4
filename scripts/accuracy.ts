/** Prints the largest ulp error per function for f and f′, float64 and float32: `npm run accuracy`. */
import { getKernelBackend, setKernelBackend } from "../packages/actlab/src/index.js";
import { measureActivations, measureSoftmax, type Worst } from "../test/support/accuracy.js";

const cell = (w: Worst) => `${w.ulps.toFixed(2)}${w.ulps >= 0.005 ? ` (x=${w.x})` : ""}`;
console.log("largest error |got − exact| / ulp(exact) over the golden grid (test/golden), at the x where it occurs\n");
for (const backend of ["wasm", "js"] as const) {
  if (setKernelBackend(backend) !== backend) {
    console.log(`(${backend} kernels unavailable here: skipped)`);
    continue;
  }
  console.log(`float32 arrays through the ${getKernelBackend()} kernels; float64 through the exact scalar path`);
  console.log(["function", "points", "f64 f", "f64 f'", "f32 f", "f32 f'"].join(" | "));
  for (const r of measureActivations()) console.log([r.id, r.points, cell(r.f64.f), cell(r.f64.df), cell(r.f32.f), cell(r.f32.df)].join(" | "));
  console.log("");
}
const s = measureSoftmax();
console.log(`softmax | ${s.rows} rows | ${cell(s.softmax)} | logSoftmax ${cell(s.logSoftmax)}`);
