import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activations,
  getActivation,
  getKernelBackend,
  logSoftmax,
  type Params,
  setKernelBackend,
  softmax,
  softmaxBackward,
  wasmKernelSupport,
  WasmArena,
} from "../../packages/actlab/src/index.js";
import { randomFloats, sweep, ulps, worst } from "./ulp.js";

// The float64 scalar functions are within 2 float64 ulp, so rounding them to float32 gives the
// correctly rounded value except in the rarest near-ties: the reference for both backends.
// The README's contract: the JS path (one rounding of a float64 result) within 1 ulp, SIMD within 4.
const TOLS = { js: 1, wasm: 4 } as const;

/** Parameter sets: the defaults, plus values that exercise the α paths. */
const PARAMS: Readonly<Record<string, readonly (Params | undefined)[]>> = {
  "leaky-relu": [undefined, { alpha: 0.1 }, { alpha: 0 }],
  elu: [undefined, { alpha: 0.3 }, { alpha: 2.5 }],
  prelu: [undefined, { alpha: -0.3 }, { alpha: [0.1, 0.25, -0.3] }],
};

function perElement(p: Params | undefined, i: number): Params | undefined {
  const a = p?.alpha;
  if (a === undefined || typeof a === "number") return p;
  return { alpha: a[i % a.length] };
}

const x = sweep();
// The sweep's length must be a multiple of the 3 PReLU channels above.
const xs = x.subarray(0, x.length - (x.length % 3));
const dy = randomFloats(xs.length, -2, 2, 7);
const ones = new Float32Array(xs.length).fill(1);

describe.each(["wasm", "js"] as const)("float32 kernels, %s backend", (backend) => {
  const TOL = TOLS[backend];
  beforeAll(() => {
    expect(setKernelBackend(backend)).toBe(backend);
  });
  afterAll(() => {
    setKernelBackend("wasm");
  });

  it("getKernelBackend() reports the backend under test", () => {
    expect(getKernelBackend()).toBe(backend);
    if (backend === "wasm") expect(wasmKernelSupport().available).toBe(true);
  });

  for (const a of activations) {
    for (const p of PARAMS[a.id] ?? [undefined]) {
      const label = `${a.id}${p ? ` ${JSON.stringify(p)}` : ""}`;
      const ref = getActivation(a.id);

      it(`${label}: forward(x) is within ${TOL} ulp over the float32 sweep`, () => {
        const y = a.forward(xs, p);
        const w = worst(y, (i) => ref.f(xs[i], perElement(p, i)));
        expect(w.ulps, `x = ${xs[w.at]}`).toBeLessThanOrEqual(TOL);
      });

      it(`${label}: backward(x, 1) gives f′ within ${TOL} ulp`, () => {
        const d = a.backward(xs, ones, p);
        const w = worst(d, (i) => ref.df(xs[i], perElement(p, i)));
        expect(w.ulps, `x = ${xs[w.at]}`).toBeLessThanOrEqual(TOL);
      });

      it(`${label}: backward(x, dy) is dy·f′ within ${TOL} ulp`, () => {
        const d = a.backward(xs, dy, p);
        const w = worst(d, (i) => dy[i] * ref.df(xs[i], perElement(p, i)));
        expect(w.ulps, `x = ${xs[w.at]}`).toBeLessThanOrEqual(TOL);
      });

      it(`${label}: forwardWithDerivative(x) matches forward and backward`, () => {
        const { y, d } = a.forwardWithDerivative(xs, p);
        const wy = worst(y, (i) => ref.f(xs[i], perElement(p, i)));
        const wd = worst(d, (i) => ref.df(xs[i], perElement(p, i)));
        expect(wy.ulps, `x = ${xs[wy.at]}`).toBeLessThanOrEqual(TOL);
        expect(wd.ulps, `x = ${xs[wd.at]}`).toBeLessThanOrEqual(TOL);
      });
    }
  }

  it(`the tails the issue names are within ${TOL} ulp: sigmoid(−100), sigmoid′(30), tanh′(12), elu(−1e−20)`, () => {
    const f = (id: string, v: number) => getActivation(id).forward(Float32Array.of(v))[0];
    const df = (id: string, v: number) => getActivation(id).backward(Float32Array.of(v), Float32Array.of(1))[0];
    const s = getActivation("sigmoid");
    expect(ulps(f("sigmoid", -100), Math.fround(s.f(-100)))).toBeLessThanOrEqual(TOL);
    expect(f("sigmoid", -100)).toBeGreaterThan(0); // 3.7e−44: a subnormal, not 0
    expect(ulps(df("sigmoid", 30), Math.fround(s.df(30)))).toBeLessThanOrEqual(TOL);
    const t = getActivation("tanh");
    expect(ulps(df("tanh", 12), Math.fround(t.df(12)))).toBeLessThanOrEqual(TOL);
    const e = f("elu", Math.fround(-1e-20));
    expect(ulps(e, Math.fround(-1e-20))).toBeLessThanOrEqual(TOL);
  });

  it("forward/backward keep NaN and give the limits at ±∞", () => {
    const v = Float32Array.of(NaN, Infinity, -Infinity);
    const one = Float32Array.of(1, 1, 1);
    const s = getActivation("sigmoid");
    expect(Array.from(s.forward(v))).toEqual([NaN, 1, 0]);
    expect(Array.from(s.backward(v, one))).toEqual([NaN, 0, 0]);
    expect(Array.from(getActivation("tanh").forward(v))).toEqual([NaN, 1, -1]);
    expect(Array.from(getActivation("tanh").backward(v, one))).toEqual([NaN, 0, 0]);
    expect(Array.from(getActivation("relu").backward(v, one))).toEqual([NaN, 1, 0]);
    expect(Array.from(getActivation("elu").forward(v))).toEqual([NaN, Infinity, -1]);
    expect(Array.from(getActivation("elu").backward(v, one))).toEqual([NaN, 1, 0]);
  });

  it("f′(0) takes the 'otherwise' branch: relu′ = leaky′ = elu′ = prelu′ = 1, selu′ = λ", () => {
    const zeros = Float32Array.of(0, -0);
    const one = Float32Array.of(1, 1);
    for (const id of ["relu", "leaky-relu", "elu", "prelu"]) {
      expect(Array.from(getActivation(id).backward(zeros, one)), id).toEqual([1, 1]);
      expect(Array.from(getActivation(id).forwardWithDerivative(zeros).d), id).toEqual([1, 1]);
    }
    const selu = getActivation("selu");
    expect(Array.from(selu.backward(zeros, one))).toEqual([Math.fround(selu.df(0)), Math.fround(selu.df(0))]);
  });
});

describe.each(["wasm", "js"] as const)("float32 softmax, %s backend", (backend) => {
  const TOL = TOLS[backend];
  beforeAll(() => {
    setKernelBackend(backend);
  });
  afterAll(() => {
    setKernelBackend("wasm");
  });

  // Row sizes: tiny, not a multiple of 4 (tails of 1, 2 and 3 entries), the short rows that the
  // kernel takes as one block (4 to 64 entries), the bench's 1000, and longer than one scratch chunk.
  for (const size of [1, 2, 3, 4, 5, 6, 7, 10, 64, 65, 1000, 9001, 20000, 100_003]) {
    const rows = size > 5000 ? 2 : 6;
    const v = randomFloats(rows * size, -60, 60, size);
    // Spread the scale so that gaps of hundreds (subnormal and zero outputs) occur too.
    for (let i = 0; i < v.length; i += 5) v[i] *= 4;
    // Rows longer than a 32768-element chunk: blocks whose maxima differ by 20 to 40 (the largest in the second).
    if (size > 32768) for (let i = 0; i < v.length; i++) v[i] -= 20 * Math.abs(Math.floor((i % size) / 32768) - 1);
    const v64 = Float64Array.from(v);

    it(`softmax(x, {size: ${size}}) is within ${TOL} ulp of the float64 softmax`, () => {
      const got = softmax(v, { size });
      setKernelBackend("js");
      const want = softmax(v64, { size });
      setKernelBackend(backend);
      const w = worst(got, (i) => want[i]);
      expect(w.ulps, `x = ${v[w.at]}`).toBeLessThanOrEqual(TOL);
    });

    it(`logSoftmax(x, {size: ${size}}) is within ${TOL} ulp`, () => {
      const got = logSoftmax(v, { size });
      const want = logSoftmax(v64, { size });
      const w = worst(got, (i) => want[i]);
      expect(w.ulps, `x = ${v[w.at]}`).toBeLessThanOrEqual(TOL);
    });

    it(`softmaxBackward(y, dy, {size: ${size}}) is within ${TOL} ulp`, () => {
      const y = softmax(v, { size });
      const g = randomFloats(v.length, -1, 1, 3);
      const got = softmaxBackward(y, g, { size });
      const want = softmaxBackward(Float64Array.from(y), Float64Array.from(g), { size });
      const w = worst(got, (i) => want[i]);
      expect(w.ulps).toBeLessThanOrEqual(TOL);
    });
  }

  it("softmax and logSoftmax written over their input (out = x) give the same as into a new array", () => {
    for (const size of [3, 5, 10, 63, 1001, 40_003]) {
      const v = randomFloats(3 * size, -60, 60, 7 + size);
      for (const f of [softmax, logSoftmax]) {
        const want = f(v, { size });
        const inPlace = Float32Array.from(v);
        f(inPlace, { size, out: inPlace });
        expect(Array.from(inPlace), `${f.name} size ${size}`).toEqual(Array.from(want));
        // In wasm memory the kernel itself reads and writes the same addresses.
        const arena = new WasmArena(v.length);
        const a = arena.alloc(v.length);
        a.set(v);
        f(a, { size, out: a });
        expect(Array.from(a), `${f.name} size ${size}, arena`).toEqual(Array.from(want));
      }
    }
  });

  // Rows longer than 64 whose gaps x − max all lie in [−80, 0] take the kernel's lean exponential
  // (gap folded into the reduced argument, 2^k added to the exponent bits, pairs summed in float32
  // first); a row with one gap below −80, or a −∞ entry, takes the careful one. Both within TOL.
  it("softmax rows with every gap in [−80, 0], and rows just beyond it, are within TOL ulp", () => {
    for (const size of [65, 67, 1000, 4099]) {
      const v = randomFloats(8 * size, -39.9, 39.9, 40 + size);
      // Row 2: a gap of exactly −80; row 3: one just below −80; row 4: −∞ and a gap of −79.99.
      v[2 * size] = 40;
      v[2 * size + 1] = -40;
      v[3 * size] = 40;
      v[3 * size + 5] = Math.fround(-40.00001);
      v[4 * size] = -Infinity;
      v[4 * size + 7] = 40;
      v[4 * size + 8] = -39.99;
      // Row 5: gaps near −80 everywhere but one (outputs near e⁻⁸⁰ ≈ 1.8e−35, far from ties).
      for (let j = 1; j < size; j++) v[5 * size + j] = -39.5 - (j % 7) / 16;
      v[5 * size] = 40;
      // Row 6: one gap of −100 (a subnormal output, which the lean exponential cannot give).
      v[6 * size] = 40;
      v[6 * size + 3] = -60;
      const got = softmax(v, { size });
      const want = softmax(Float64Array.from(v), { size });
      const w = worst(got, (i) => want[i]);
      expect(w.ulps, `size ${size}, x = ${v[w.at]} at ${w.at}`).toBeLessThanOrEqual(TOL);
      expect(got[4 * size]).toBe(0);
      // Each row sums to 1 within the n·ulp of a float32 sum.
      for (let r = 0; r < 8; r++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += got[r * size + j];
        expect(Math.abs(s - 1), `row ${r}`).toBeLessThan(size * 2 ** -23);
      }
    }
  });

  it("softmax rows with NaN, only −∞, or +∞ give NaN, NaN and the limit", () => {
    for (const size of [5, 10, 9001]) {
      const v = new Float32Array(4 * size).fill(-3);
      v[1] = NaN;
      v.fill(-Infinity, size, 2 * size);
      v[2 * size + 1] = Infinity;
      v[2 * size + 3] = Infinity;
      v[3 * size + 2] = -Infinity;
      const y = softmax(v, { size });
      expect(y.subarray(0, size).every(Number.isNaN)).toBe(true);
      expect(y.subarray(size, 2 * size).every(Number.isNaN)).toBe(true);
      expect(y[2 * size + 1]).toBe(0.5);
      expect(y[2 * size + 3]).toBe(0.5);
      expect(y[2 * size]).toBe(0);
      expect(y[3 * size + 2]).toBe(0);
      expect(Math.abs(y.subarray(3 * size).reduce((s, t) => s + t, 0) - 1)).toBeLessThan(1e-5);
      const l = logSoftmax(v, { size });
      expect(l[2 * size + 1]).toBe(Math.fround(-Math.log(2)));
      expect(l[3 * size + 2]).toBe(-Infinity);
    }
  });
});

describe("Float64Array keeps the exact scalar path with the wasm backend on", () => {
  it("sigmoid.forward(Float64Array) equals sigmoid.f element by element", () => {
    setKernelBackend("wasm");
    const v = Float64Array.from(randomFloats(1000, -50, 50, 11));
    const s = getActivation("sigmoid");
    const y = s.forward(v);
    for (let i = 0; i < v.length; i++) expect(y[i]).toBe(s.f(v[i]));
  });
});
