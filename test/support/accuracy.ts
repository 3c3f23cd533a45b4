/**
 * Measures the largest error, in ulp, of every registry function against the golden data:
 * f and f′ in float64 (scalar) and in float32 (array kernels, on the float32-representable
 * grid points). Used by the conformance tests and by `npm run accuracy`.
 */
import { activations, logSoftmax, softmax } from "../../packages/actlab/src/index.js";
import { goldenActivations, goldenSoftmax } from "./golden.js";
import { ulpError32, ulpError64 } from "./ulp.js";

export interface Worst {
  ulps: number;
  x: number;
  params: Record<string, number>;
  got: number;
  want: number;
}
export interface AccuracyRow {
  id: string;
  f64: { f: Worst; df: Worst };
  f32: { f: Worst; df: Worst };
  points: number;
}

const none = (): Worst => ({ ulps: 0, x: NaN, params: {}, got: NaN, want: NaN });

function keep(w: Worst, ulps: number, x: number, params: Record<string, number>, got: number, want: number): Worst {
  return ulps > w.ulps ? { ulps, x, params, got, want } : w;
}

export function measureActivations(): AccuracyRow[] {
  return activations.map((a) => {
    const sets = goldenActivations[a.id];
    if (!sets) throw new Error(`no golden data for ${a.id}: add it to test/golden/generate.ts`);
    let f64f = none(), f64d = none(), f32f = none(), f32d = none();
    let points = 0;
    for (const { params, points: pts } of sets) {
      for (const { x, f, df } of pts) {
        points++;
        const got = a.f(x, params), gotD = a.df(x, params);
        f64f = keep(f64f, ulpError64(got, f), x, params, got, f.hi);
        f64d = keep(f64d, ulpError64(gotD, df), x, params, gotD, df.hi);
      }
      const want32 = pts.filter(({ x }) => Math.fround(x) === x);
      const xs32 = Float32Array.from(want32.map(({ x }) => x));
      const y = a.forward(xs32, params);
      const d = a.backward(xs32, new Float32Array(xs32.length).fill(1), params);
      const both = a.forwardWithDerivative(xs32, params);
      for (let i = 0; i < xs32.length; i++) {
        const { f, df } = want32[i];
        f32f = keep(f32f, Math.max(ulpError32(y[i], f), ulpError32(both.y[i], f)), xs32[i], params, y[i], f.hi);
        f32d = keep(f32d, Math.max(ulpError32(d[i], df), ulpError32(both.d[i], df)), xs32[i], params, d[i], df.hi);
      }
    }
    return { id: a.id, f64: { f: f64f, df: f64d }, f32: { f: f32f, df: f32d }, points };
  });
}

export interface SoftmaxAccuracy {
  softmax: Worst;
  logSoftmax: Worst;
  rows: number;
}

export function measureSoftmax(): SoftmaxAccuracy {
  let s = none(), l = none();
  for (const row of goldenSoftmax) {
    const x = Float64Array.from(row.x);
    const y = softmax(x);
    const ly = logSoftmax(x);
    for (let i = 0; i < x.length; i++) {
      s = keep(s, ulpError64(y[i], row.softmax[i]), x[i], {}, y[i], row.softmax[i].hi);
      l = keep(l, ulpError64(ly[i], row.logSoftmax[i]), x[i], {}, ly[i], row.logSoftmax[i].hi);
    }
  }
  return { softmax: s, logSoftmax: l, rows: goldenSoftmax.length };
}
