import { beforeAll, describe, expect, it } from "vitest";
import { setKernelBackend, WasmArena } from "../../packages/actlab/src/index.js";
import { fastBackward, fastForward, fastForwardWithDerivative } from "../../packages/actlab/src/kernels/elementwise.js";
import { CHUNK } from "../../packages/actlab/src/kernels/runtime.js";
import { DERIVATIVE_ZEROS, derivativeD, reference } from "./reference-extra.js";
import { randomFloats, sweep, ulps, worst } from "./ulp.js";

// The SIMD kernels of issue 10's functions (assembly/extra.ts), called through the kernel hooks
// with the parameters in the registry's order, against the references of reference-extra.ts.
const TOL = 4;
// The decimal.js references (GELU's Φ, the derivatives near their zeros) take seconds on a busy machine.
const SLOW = 300_000;

/** Each function with parameter sets: the defaults first, then others the kernels accept. */
const CASES: readonly (readonly [string, readonly (readonly [number, number])[]])[] = [
  ["gelu", [[0, 0]]],
  ["gelu-tanh", [[0, 0]]],
  ["silu", [[0, 0]]],
  ["mish", [[0, 0]]],
  ["softplus", [[1, 0], [0.5, 0], [3, 0], [2 ** -10, 0], [1000, 0]]],
  ["softsign", [[0, 0]]],
  ["hardtanh", [[-1, 1], [-2.5, 0.75]]],
  ["relu6", [[0, 0]]],
  ["hardsigmoid", [[0, 0]]],
  ["hardswish", [[0, 0]]],
  ["celu", [[1, 0], [0.5, 0], [2.5, 0], [1 / 64, 0]]],
  ["log-sigmoid", [[0, 0]]],
  ["tanhshrink", [[0, 0]]],
  ["softshrink", [[0.5, 0], [2, 0]]],
  ["hardshrink", [[0.5, 0], [0, 0]]],
  ["threshold", [[0, 0], [1.5, -2]]],
  ["rrelu", [[1 / 8, 1 / 3], [0.1, 0.3]]],
];

/** The sweep plus every kink and its float32 neighbours, for all the parameter sets above. */
function inputs(): Float32Array {
  const kinks = [0, 6, -3, 3, 1, -1, 0.5, -0.5, 2, -2, 1.5, -2.5, 0.75, -20, 20, -17, 17];
  const extra: number[] = [];
  for (const k of kinks) {
    const f = Math.fround(k);
    extra.push(f, nextUp(f), nextDown(f));
  }
  // The tails the issue names, and a dense stretch around the middle.
  extra.push(-13, -100, 100, -40, -37, -12.5, -15, 1e-5, -1e-5, 88.7, -88.7, -87.3, -103.9, -104);
  const mid = randomFloats(4096, -20, 20, 17);
  const all = [...sweep(), ...extra, ...mid];
  return Float32Array.from(all);
}
const u32 = new Uint32Array(1);
const f32 = new Float32Array(u32.buffer);
function nextUp(v: number): number {
  if (v === 0) return 1.401298464324817e-45;
  f32[0] = v;
  u32[0] += v > 0 ? 1 : -1;
  return f32[0];
}
function nextDown(v: number): number {
  return -nextUp(-v);
}

const xs = inputs();
const ones = new Float32Array(xs.length).fill(1);
const dy = randomFloats(xs.length, -2, 2, 7);

function run(id: string, a: number, b: number, x: Float32Array) {
  const y = new Float32Array(x.length);
  const d = new Float32Array(x.length);
  const g = new Float32Array(x.length);
  const fy = new Float32Array(x.length);
  const fd = new Float32Array(x.length);
  expect(fastForward(id, x, y, a, b), `${id}: the wasm kernel takes this call`).toBe(true);
  expect(fastBackward(id, x, ones.subarray(0, x.length), d, a, b)).toBe(true);
  expect(fastBackward(id, x, dy.subarray(0, x.length), g, a, b)).toBe(true);
  expect(fastForwardWithDerivative(id, x, fy, fd, a, b)).toBe(true);
  return { y, d, g, fy, fd };
}

beforeAll(() => {
  expect(setKernelBackend("wasm")).toBe("wasm");
});

describe("issue 10's float32 kernels against float64 references", () => {
  for (const [id, sets] of CASES) {
    for (const [a, b] of sets) {
      const label = `${id}(${a}, ${b})`;
      it(`${label}: f, f′, dy·f′ within ${TOL} ulp over the float32 sweep, kinks and tails`, () => {
        const ref = reference(id, a, b);
        const r = run(id, a, b, xs);
        const wf = worst(r.y, (i) => ref.f(xs[i]));
        expect(wf.ulps, `f at x = ${xs[wf.at]}: got ${r.y[wf.at]}, want ${ref.f(xs[wf.at])}`).toBeLessThanOrEqual(TOL);
        const wd = worst(r.d, (i) => ref.df(xs[i]));
        expect(wd.ulps, `f′ at x = ${xs[wd.at]}: got ${r.d[wd.at]}, want ${ref.df(xs[wd.at])}`).toBeLessThanOrEqual(TOL);
        const wg = worst(r.g, (i) => dy[i] * ref.df(xs[i]));
        expect(wg.ulps, `dy·f′ at x = ${xs[wg.at]}`).toBeLessThanOrEqual(TOL);
      }, SLOW);

      it(`${label}: forwardWithDerivative gives the same bits as forward and backward`, () => {
        const r = run(id, a, b, xs);
        expect(Buffer.from(r.fy.buffer).equals(Buffer.from(r.y.buffer))).toBe(true);
        expect(Buffer.from(r.fd.buffer).equals(Buffer.from(r.d.buffer))).toBe(true);
      });
    }
  }
});

describe("derivatives near their zeros keep their relative precision", () => {
  for (const [id, x0] of Object.entries(DERIVATIVE_ZEROS)) {
    it(`${id}′ is within ${TOL} ulp on the 1024 float32 values nearest its zero x₀ = ${x0.toFixed(6)} and across [x₀ − 0.6, x₀ + 0.6]`, () => {
      const v: number[] = [];
      let lo = Math.fround(x0);
      let hi = lo;
      for (let i = 0; i < 512; i++) {
        v.push(lo, hi);
        lo = nextDown(lo);
        hi = nextUp(hi);
      }
      for (let i = 0; i <= 1200; i++) v.push(Math.fround(x0 - 0.6 + i / 1000));
      const x = Float32Array.from(v);
      const d = new Float32Array(x.length);
      expect(fastBackward(id, x, new Float32Array(x.length).fill(1), d, 0, 0)).toBe(true);
      const w = worst(d, (i) => derivativeD(id, x[i]));
      expect(w.ulps, `x = ${x[w.at]}: got ${d[w.at]}, want ${derivativeD(id, x[w.at])}`).toBeLessThanOrEqual(TOL);
    }, SLOW);
  }
});

describe("tails, limits and kinks", () => {
  const one = (id: string, v: number, a = 0, b = 0) => {
    const y = new Float32Array(1);
    const d = new Float32Array(1);
    fastForwardWithDerivative(id, Float32Array.of(v), y, d, a, b);
    return { f: y[0], df: d[0] };
  };

  it("gelu(−13), silu(−100), softplus(−100), log-sigmoid(100) and tanhshrink(1e−5) keep their tiny values", () => {
    // Within 4 ulp of the references (checked above); here: not flushed to 0, and the right size.
    expect(one("gelu", -13).f).toBeLessThan(0);
    expect(ulps(one("gelu", -13).f, Math.fround(reference("gelu", 0, 0).f(-13)))).toBeLessThanOrEqual(TOL);
    expect(ulps(one("silu", -100).f, Math.fround(-100 / (1 + Math.exp(100))))).toBeLessThanOrEqual(TOL);
    expect(ulps(one("softplus", -100, 1).f, Math.fround(Math.exp(-100)))).toBeLessThanOrEqual(TOL);
    expect(ulps(one("log-sigmoid", 100).f, Math.fround(-Math.exp(-100)))).toBeLessThanOrEqual(TOL);
    const ts = one("tanhshrink", Math.fround(1e-5)).f;
    expect(ts).toBeGreaterThan(3.3e-16);
    expect(ts).toBeLessThan(3.4e-16);
  });

  it("NaN gives NaN in f and f′ for every function", () => {
    for (const [id, sets] of CASES) {
      const [a, b] = sets[0];
      const r = one(id, NaN, a, b);
      expect(r.f, id).toBeNaN();
      expect(r.df, id).toBeNaN();
    }
  });

  it("±∞ give the limits", () => {
    const lim: Record<string, [number, number, number, number]> = {
      // id: f(+∞), f′(+∞), f(−∞), f′(−∞)
      gelu: [Infinity, 1, 0, 0],
      "gelu-tanh": [Infinity, 1, 0, 0],
      silu: [Infinity, 1, 0, 0],
      mish: [Infinity, 1, 0, 0],
      softplus: [Infinity, 1, 0, 0],
      softsign: [1, 0, -1, 0],
      hardtanh: [1, 0, -1, 0],
      relu6: [6, 0, 0, 0],
      hardsigmoid: [1, 0, 0, 0],
      hardswish: [Infinity, 1, 0, 0],
      celu: [Infinity, 1, -1, 0],
      "log-sigmoid": [-0, 0, -Infinity, 1], // −softplus(−∞) = −0
      tanhshrink: [Infinity, 1, -Infinity, 1],
      softshrink: [Infinity, 1, -Infinity, 1],
      hardshrink: [Infinity, 1, -Infinity, 1],
      threshold: [Infinity, 1, 0, 0],
      rrelu: [Infinity, 1, -Infinity, Math.fround(11 / 48)],
    };
    for (const [id, sets] of CASES) {
      const [a, b] = sets[0];
      const p = one(id, Infinity, a, b);
      const m = one(id, -Infinity, a, b);
      expect([p.f, p.df, m.f + 0, m.df + 0], id).toEqual(lim[id]);
    }
  });

  it("f′ at a kink is the right-hand derivative", () => {
    expect(one("relu6", 6).df).toBe(0);
    expect(one("relu6", 0).df).toBe(1);
    expect(one("hardtanh", -1, -1, 1).df).toBe(1);
    expect(one("hardtanh", 1, -1, 1).df).toBe(0);
    expect(one("hardsigmoid", -3).df).toBe(Math.fround(1 / 6));
    expect(one("hardsigmoid", 3).df).toBe(0);
    expect(one("hardswish", 3).df).toBe(1);
    expect(one("hardswish", -3).df).toBe(-0.5);
    expect(one("softshrink", 0.5, 0.5).df).toBe(1);
    expect(one("softshrink", -0.5, 0.5).df).toBe(0);
    expect(one("hardshrink", 0.5, 0.5).df).toBe(1);
    expect(one("hardshrink", -0.5, 0.5).df).toBe(0);
    expect(one("hardshrink", 0.5, 0.5).f).toBe(0);
    expect(one("threshold", 0, 0, 0).df).toBe(1);
    expect(one("threshold", 0, 0, 0).f).toBe(0);
    expect(one("threshold", 1.5, 1.5, -2).f).toBe(-2);
    expect(one("rrelu", 0, 1 / 8, 1 / 3).df).toBe(1);
    expect(one("celu", 0, 1).df).toBe(1);
  });
});

describe("parameter gates: the exact path answers where float32 could not keep 4 ulp", () => {
  const x = Float32Array.of(-1, 0, 1);
  const out = new Float32Array(3);
  const cases: readonly [string, number, number, boolean][] = [
    ["softplus", 1, 0, true],
    ["softplus", 0.5, 0, true],
    ["softplus", 0.3, 0, false], // not a float32: βx could not be carried exactly
    ["softplus", 2 ** 16, 0, false],
    ["celu", 1, 0, true],
    ["celu", 0.1, 0, false],
    ["celu", 2 ** 61, 0, false],
    ["hardtanh", -1, 1, true],
    ["hardtanh", -0.1, 1, false], // the kink would move to the float32 nearest −0.1
    ["softshrink", 0.5, 0, true],
    ["softshrink", 0.1, 0, false],
    ["hardshrink", 0.1, 0, false],
    ["threshold", 0.1, 0, false],
    ["threshold", 0.5, 0.1, true], // the value is only rounded, like any result
    ["rrelu", 1 / 8, 1 / 3, true],
    ["rrelu", 1e-40, 1e-40, false], // the ELU/leaky slope gate: a subnormal float32 slope
    ["no-such-function", 0, 0, false],
  ];
  for (const [id, a, b, takes] of cases) {
    it(`fastForward('${id}', …, ${a}, ${b}) ${takes ? "runs the kernel" : "returns false"}`, () => {
      expect(fastForward(id, x, out, a, b)).toBe(takes);
      expect(fastBackward(id, x, x, out, a, b)).toBe(takes);
      expect(fastForwardWithDerivative(id, x, out, new Float32Array(3), a, b)).toBe(takes);
    });
  }
});

describe("arena arrays and chunking", () => {
  it("every new kernel gives the same bits on arena arrays as on plain arrays, across chunk and lane boundaries", () => {
    const n = CHUNK + 13;
    const plainX = randomFloats(n, -12, 12, 23);
    const plainDy = randomFloats(n, -1, 1, 24);
    const arena = new WasmArena(5 * n + 64);
    const ax = arena.alloc(n);
    const ady = arena.alloc(n);
    const ay = arena.alloc(n);
    const ad = arena.alloc(n);
    const ag = arena.alloc(n);
    ax.set(plainX);
    ady.set(plainDy);
    for (const [id, sets] of CASES) {
      const [a, b] = sets[0];
      const y = new Float32Array(n);
      const d = new Float32Array(n);
      const g = new Float32Array(n);
      fastForwardWithDerivative(id, plainX, y, d, a, b);
      fastBackward(id, plainX, plainDy, g, a, b);
      fastForwardWithDerivative(id, ax, ay, ad, a, b);
      fastBackward(id, ax, ady, ag, a, b);
      expect(Buffer.from(ay.slice().buffer).equals(Buffer.from(y.buffer)), id).toBe(true);
      expect(Buffer.from(ad.slice().buffer).equals(Buffer.from(d.buffer)), id).toBe(true);
      expect(Buffer.from(ag.slice().buffer).equals(Buffer.from(g.buffer)), id).toBe(true);
      // An element alone (the scalar tail loop) equals the same element inside a vector.
      for (const i of [0, 5, 31, 32, CHUNK - 1, CHUNK, n - 1]) {
        const y1 = new Float32Array(1);
        fastForward(id, plainX.subarray(i, i + 1), y1, a, b);
        expect(y1[0], `${id} at ${i}`).toBe(y[i]);
      }
    }
  });
});
