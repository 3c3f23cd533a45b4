import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { getKernelBackend, logSoftmax, logSoftmaxBackward, setKernelBackend, softmax, softmaxBackward } from "../../packages/actlab/src/index.js";
import { measureSoftmax } from "../support/accuracy.js";
import { ulpError32 } from "../support/ulp.js";

const initialBackend = getKernelBackend();
const backends = (["js", "wasm"] as const).filter((b) => {
  const ok = setKernelBackend(b) === b;
  setKernelBackend(initialBackend);
  return ok;
});
afterAll(() => {
  setKernelBackend(initialBackend);
});

/** Σ with Neumaier compensation, so the test's own sum adds no error worth counting. */
function exactSum(v: ArrayLike<number>): number {
  let s = 0, c = 0;
  for (let i = 0; i < v.length; i++) {
    const t = s + v[i];
    c += Math.abs(s) >= Math.abs(v[i]) ? s - t + v[i] : v[i] - t + s;
    s = t;
  }
  return s + c;
}

const row = fc.array(fc.double({ min: -700, max: 700, noNaN: true }), { minLength: 1, maxLength: 40 });

describe("softmax", () => {
  it("softmax(x) and logSoftmax(x) are within 2 ulp of the golden rows (1e308 included)", () => {
    const m = measureSoftmax();
    expect(m.softmax.ulps, `softmax at x=${m.softmax.x}`).toBeLessThanOrEqual(2);
    expect(m.logSoftmax.ulps, `logSoftmax at x=${m.logSoftmax.x}`).toBeLessThanOrEqual(2);
  });

  it("softmax(x) sums to 1 within a few ulp and never overflows", () => {
    fc.assert(
      fc.property(row, fc.double({ min: -1e308, max: 1e308, noNaN: true }), (r, shift) => {
        const x = Float64Array.from(r, (v, i) => (i === 0 ? shift : v));
        const y = softmax(x);
        expect(y.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(Math.abs(exactSum(y) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it("softmax(x + c) = softmax(x) for an exact shift c", () => {
    // Multiples of 1/8 below 2^40 plus an integer shift stay exact, so the inputs really differ by c.
    const eighths = fc.array(fc.integer({ min: -4000, max: 4000 }).map((k) => k / 8), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(eighths, fc.integer({ min: -1e6, max: 1e6 }), (r, c) => {
        const a = softmax(Float64Array.from(r));
        const b = softmax(Float64Array.from(r, (v) => v + c));
        for (let i = 0; i < r.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(4 * Number.EPSILON * a[i] + Number.MIN_VALUE);
      }),
      { seed: 9, numRuns: 200 },
    );
  });

  for (const backend of backends) {
    it(`softmax handles −∞, +∞ and NaN as documented (${backend} kernels, float64 and float32)`, () => {
      setKernelBackend(backend);
      for (const T of [Float64Array, Float32Array]) {
        expect([...softmax(T.of(-Infinity, 0, 0))]).toEqual([0, 0.5, 0.5]);
        expect([...logSoftmax(T.of(-Infinity, 0))]).toEqual([-Infinity, 0]);
        expect([...softmax(T.of(1, Infinity, Infinity))]).toEqual([0, 0.5, 0.5]);
        // ±0 are the same log-probability here; compare values, not zero signs.
        expect([...logSoftmax(T.of(1, Infinity))].map((v) => (v === 0 ? 0 : v))).toEqual([-Infinity, 0]);
        expect([...softmax(T.of(1, NaN, 2))].every(Number.isNaN)).toBe(true);
        expect([...softmax(T.of(-Infinity, -Infinity))].every(Number.isNaN)).toBe(true);
        expect(softmax(new T(0)).length).toBe(0);
      }
    });

    it(`softmax(x, { size }) works row by row (${backend} kernels)`, () => {
      setKernelBackend(backend);
      const x = Float32Array.of(1, 2, 3, 1e30, 0, -1e30);
      const y = softmax(x, { size: 3 });
      const a = softmax(Float32Array.of(1, 2, 3));
      expect([...y.subarray(0, 3)]).toEqual([...a]);
      expect([...y.subarray(3)]).toEqual([1, 0, 0]);
      const out = new Float32Array(6);
      expect(logSoftmax(x, { size: 3, out })).toBe(out);
    });

    it(`softmax of float32 rows is within ${backend === "js" ? 1 : 4} ulp of the float64 result rounded (${backend} kernels)`, () => {
      setKernelBackend(backend);
      const tol = backend === "js" ? 1 : 4;
      fc.assert(
        fc.property(fc.array(fc.float({ min: -80, max: 80, noNaN: true }), { minLength: 1, maxLength: 64 }), (r) => {
          const x32 = Float32Array.from(r);
          const ref = softmax(Float64Array.from(x32));
          const lref = logSoftmax(Float64Array.from(x32));
          const y = softmax(x32);
          const ly = logSoftmax(x32);
          for (let i = 0; i < r.length; i++) {
            expect(ulpError32(y[i], { hi: ref[i], lo: 0 })).toBeLessThanOrEqual(tol + 0.01);
            expect(ulpError32(ly[i], { hi: lref[i], lo: 0 })).toBeLessThanOrEqual(tol + 0.01);
          }
        }),
        { seed: 21, numRuns: 200 },
      );
    });
  }

  it("softmax rejects bad sizes and arrays with the value in the message", () => {
    expect(() => softmax(new Float64Array(6), { size: 4 })).toThrow("softmax: array length 6 is not a multiple of size 4");
    expect(() => softmax(new Float64Array(6), { size: 0 })).toThrow(/invalid size 0/);
    expect(() => softmax(new Float64Array(6), { size: 2.5 })).toThrow(/invalid size 2.5/);
    expect(() => softmax(new Float64Array(2), { out: new Float64Array(3) })).toThrow(RangeError);
    expect(() => softmax("abc" as unknown as Float64Array)).toThrow(TypeError);
  });

  it("softmax rejects a plain array, as every array function does", () => {
    expect(() => softmax([0, Math.log(3)] as unknown as Float64Array)).toThrow(/x must be a Float32Array or Float64Array, got an Array; convert with Float64Array.from\(array\)/);
  });
});

describe("softmax gradients", () => {
  const vec = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 8 });

  function checkVjp(f: (x: Float64Array) => Float64Array, vjp: (y: Float64Array, dy: Float64Array) => Float64Array) {
    fc.assert(
      fc.property(vec, vec, (r, w) => {
        const x = Float64Array.from(r);
        const dy = Float64Array.from(r, (_, i) => w[i % w.length]);
        const dx = vjp(f(x), dy);
        for (let j = 0; j < x.length; j++) {
          const h = 1e-6;
          const up = x.slice(), dn = x.slice();
          up[j] += h;
          dn[j] -= h;
          const L = (v: Float64Array) => f(v).reduce((s, yi, i) => s + yi * dy[i], 0);
          expect(dx[j]).toBeCloseTo((L(up) - L(dn)) / (2 * h), 7);
        }
      }),
      { seed: 31, numRuns: 100 },
    );
  }

  it("softmaxBackward(y, dy) is the vector-Jacobian product of softmax", () => {
    checkVjp((x) => softmax(x), (y, dy) => softmaxBackward(y, dy));
  });

  it("logSoftmaxBackward(y, dy) is the vector-Jacobian product of logSoftmax", () => {
    checkVjp((x) => logSoftmax(x), (y, dy) => logSoftmaxBackward(y, dy));
  });

  it("softmaxBackward(y, dy, { size }) treats rows independently and checks lengths", () => {
    const y = softmax(Float64Array.of(1, 2, 3, 4), { size: 2 });
    const dy = Float64Array.of(1, 0, 0, 1);
    const dx = softmaxBackward(y, dy, { size: 2 });
    expect(dx[0] + dx[1]).toBeCloseTo(0, 15);
    expect(dx[2] + dx[3]).toBeCloseTo(0, 15);
    expect(() => softmaxBackward(y, new Float64Array(3))).toThrow(/dy has length 3/);
  });
});
