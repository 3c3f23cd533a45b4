/**
 * The SIMD kernels take a parameter only inside the range where they hold 4 ulp (slopes in
 * [2⁻¹⁰⁰, 2¹⁰⁰], ELU α in [2⁻¹⁵, 2²⁰], at most 8192 PReLU channels); outside it the exact JS path
 * runs. Seen from the public API: results stay within 4 ulp at and beyond each edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActivation, setKernelBackend, softmax } from "../../packages/actlab/src/index.js";
import { sweep, worst } from "./ulp.js";

const TOL = 4;
const xs = sweep();

beforeAll(() => {
  expect(setKernelBackend("wasm")).toBe("wasm");
});
afterAll(() => {
  setKernelBackend("wasm");
});

describe("parameter gates of the SIMD kernels", () => {
  it.each([
    ["leaky-relu", 2 ** -100],
    ["leaky-relu", 2 ** -101],
    ["leaky-relu", 2 ** -140],
    ["leaky-relu", 1e-45],
    ["prelu", 2 ** 100],
    ["prelu", 2 ** 101],
    ["prelu", 2 ** 126],
    ["prelu", -(2 ** -140)],
    ["prelu", -(2 ** 110)],
  ])(
    "%s with alpha %s: forward and backward within 4 ulp",
    (id, alpha) => {
      const a = getActivation(id);
      expect(worst(a.forward(xs, { alpha }), (i) => a.f(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
      const ones = new Float32Array(xs.length).fill(1);
      expect(worst(a.backward(xs, ones, { alpha }), (i) => a.df(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
      const { y, d } = a.forwardWithDerivative(xs, { alpha });
      expect(worst(y, (i) => a.f(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
      expect(worst(d, (i) => a.df(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
    },
  );

  it.each([2 ** -15, 2 ** 20, 2 ** -16, 1e-6, 2 ** 21, 3e8, 1e30])("elu with alpha %s: f and f′ within 4 ulp", (alpha) => {
    const a = getActivation("elu");
    expect(worst(a.forward(xs, { alpha }), (i) => a.f(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
    const ones = new Float32Array(xs.length).fill(1);
    expect(worst(a.backward(xs, ones, { alpha }), (i) => a.df(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
    const { y, d } = a.forwardWithDerivative(xs, { alpha });
    expect(worst(y, (i) => a.f(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
    expect(worst(d, (i) => a.df(xs[i], { alpha })).ulps).toBeLessThanOrEqual(TOL);
  });

  it.each([
    [8192, false],
    [8193, false],
    [10_000, false],
    [16, true],
  ])("prelu with %s channels (one slope in 8 of 1e-45, below 2⁻¹⁰⁰: %s): every element uses its own channel's α", (c, tiny) => {
    const a = getActivation("prelu");
    const alpha = Float64Array.from({ length: c }, (_, j) => (tiny && j % 8 === 7 ? 1e-45 : 0.01 + (j % 97) / 100));
    const n = 3 * c;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 2 ** 120 : i % 5 === 1 ? -(2 ** 120) : -1 - (i % 13)));
    const want = (i: number) => a.f(x[i], { alpha: alpha[i % c] });
    expect(worst(a.forward(x, { alpha }), want).ulps).toBeLessThanOrEqual(TOL);
    const dy = new Float32Array(n).fill(1);
    expect(worst(a.backward(x, dy, { alpha }), (i) => a.df(x[i], { alpha: alpha[i % c] })).ulps).toBeLessThanOrEqual(TOL);
    const { y, d } = a.forwardWithDerivative(x, { alpha });
    expect(worst(y, want).ulps).toBeLessThanOrEqual(TOL);
    expect(worst(d, (i) => a.df(x[i], { alpha: alpha[i % c] })).ulps).toBeLessThanOrEqual(TOL);
  });
});

describe("the kernels' boundary errors", () => {
  const relu = getActivation("relu");

  it("forward(x, p, out) with an out of another type throws a TypeError naming both types", () => {
    const x = new Float32Array(4);
    expect(() => relu.forward(x, undefined, new Float64Array(4) as unknown as Float32Array)).toThrow(TypeError);
    expect(() => relu.forward(x, undefined, new Float64Array(4) as unknown as Float32Array)).toThrow(
      "relu: out must be a Float32Array like x, got Float64Array",
    );
    expect(() => relu.forward(x, undefined, [0, 0, 0, 0] as unknown as Float32Array)).toThrow(TypeError);
    expect(() => relu.backward(x, new Float32Array(4), undefined, new Int32Array(4) as unknown as Float32Array)).toThrow(TypeError);
    expect(() => softmax(new Float64Array(4), { out: new Float32Array(4) as unknown as Float64Array })).toThrow(TypeError);
  });

  it("forward(x, p, out) with an out of the wrong length throws a RangeError naming both lengths", () => {
    expect(() => relu.forward(new Float32Array(5), undefined, new Float32Array(3))).toThrow(RangeError);
    expect(() => relu.forward(new Float32Array(5), undefined, new Float32Array(3))).toThrow("relu: out has length 3 but x has length 5");
    expect(() => relu.backward(new Float64Array(5), new Float64Array(4))).toThrow("relu: dy has length 4 but x has length 5");
  });

  it("forward(x, p, out) writes into out and returns it", () => {
    const x = Float32Array.of(-1, 2);
    const out = new Float32Array(2);
    expect(relu.forward(x, undefined, out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 2]);
  });
});
