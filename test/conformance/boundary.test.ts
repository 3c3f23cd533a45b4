import { afterEach, describe, expect, it } from "vitest";
import {
  activations,
  getKernelBackend,
  logSoftmax,
  logSoftmaxBackward,
  prelu,
  setKernelBackend,
  sigmoid,
  softmax,
  softmaxBackward,
  tanh,
  WasmArena,
} from "../../packages/actlab/src/index.js";
import type { Floats } from "../../packages/actlab/src/index.js";

// Issue 14: the boundary of the array functions — one rule for plain arrays, named missing
// arguments, in place allowed and correct, partial overlap refused — on every backend.

const backends = ["wasm", "js"] as const;
const start = getKernelBackend();
afterEach(() => {
  setKernelBackend(start);
});

const X = [-2, 0.5, 3, -0.75, 0, 7, -30, 1e-3, 2.5];
/** The parameter sets that take each path: a scalar α, and PReLU with channels and with a falling-back α. */
const cases = activations.flatMap((a) => {
  const ps: (Record<string, number | number[]> | undefined)[] = [undefined];
  if (a.id === "prelu") ps.push({ alpha: [0.1, 0.2, 0.3] }, { alpha: 1e-200 });
  return ps.map((p) => ({ a, p }));
});

describe("in place (out is x) equals a separate output", () => {
  for (const backend of backends) {
    for (const Type of [Float64Array, Float32Array]) {
      for (const { a, p } of cases) {
        it(`${a.id}.forwardWithDerivative(x, ${JSON.stringify(p)}, x, d) on ${Type.name}/${backend}`, () => {
          setKernelBackend(backend);
          const x = Type.from(X);
          const want = a.forwardWithDerivative(Type.from(X), p);
          const d = new Type(X.length);
          a.forwardWithDerivative(x, p, x, d);
          expect(Array.from(x)).toEqual(Array.from(want.y));
          expect(Array.from(d)).toEqual(Array.from(want.d));
          // and d in place of x
          const x2 = Type.from(X);
          const y2 = new Type(X.length);
          a.forwardWithDerivative(x2, p, y2, x2);
          expect(Array.from(y2)).toEqual(Array.from(want.y));
          expect(Array.from(x2)).toEqual(Array.from(want.d));
        });
        it(`${a.id}.forward and backward in place on ${Type.name}/${backend}`, () => {
          setKernelBackend(backend);
          const x = Type.from(X);
          const y = a.forward(Type.from(X), p);
          a.forward(x, p, x);
          expect(Array.from(x)).toEqual(Array.from(y));
          const dy = Type.from(X.map((v: number) => v / 3));
          const dx = a.backward(Type.from(X), dy, p);
          const dy2 = Type.from(dy);
          a.backward(Type.from(X), dy2, p, dy2);
          expect(Array.from(dy2)).toEqual(Array.from(dx));
        });
      }
    }
  }

  it("sigmoid.forwardWithDerivative(x, p, x, d) gives the issue's derivatives", () => {
    const x = Float64Array.of(-2, 0.5, 3);
    const d = new Float64Array(3);
    sigmoid.forwardWithDerivative(x, undefined, x, d);
    expect(Array.from(d, (v) => Number(v.toFixed(4)))).toEqual([0.105, 0.235, 0.0452]);
  });

  for (const backend of backends) {
    it(`softmax, logSoftmax and their backward in place on ${backend}, plain and arena memory`, () => {
      setKernelBackend(backend);
      const arena = new WasmArena(256);
      for (const make of [(n: number) => new Float32Array(n), (n: number) => arena.alloc(n), (n: number) => new Float64Array(n)]) {
        const x = make(X.length) as Floats;
        x.set(X);
        for (const fn of [softmax, logSoftmax]) {
          const want = fn(x.slice(), { size: 3 });
          const y = x.slice();
          fn(y, { size: 3, out: y });
          expect(Array.from(y)).toEqual(Array.from(want));
        }
        const p = softmax(x.slice(), { size: 3 });
        const dy = x.map((v) => v / 5);
        for (const fn of [softmaxBackward, logSoftmaxBackward]) {
          const want = fn(p, dy, { size: 3 });
          const g = dy.slice();
          fn(p, g, { size: 3, out: g });
          expect(Array.from(g)).toEqual(Array.from(want));
        }
      }
    });
  }
});

describe("partial overlap is a RangeError on every path", () => {
  for (const backend of backends) {
    for (const Type of [Float64Array, Float32Array]) {
      it(`every array function refuses an out shifted by one element (${Type.name}/${backend})`, () => {
        setKernelBackend(backend);
        const buf = new Type(10);
        const x = buf.subarray(0, 8);
        const shifted = buf.subarray(1, 9);
        const apart = buf.subarray(8, 10);
        expect(apart.length).toBe(2);
        for (const { a, p } of cases) {
          const pp = p && Array.isArray(p.alpha) ? { alpha: [0.1, 0.2] } : p;
          expect(() => a.forward(x, pp, shifted), a.id).toThrow(/out partly overlaps x/);
          expect(() => a.backward(x, Type.from(X.slice(0, 8)), pp, shifted), a.id).toThrow(/out partly overlaps x/);
          expect(() => a.backward(Type.from(X.slice(0, 8)), x, pp, shifted), a.id).toThrow(/out partly overlaps dy/);
          expect(() => a.forwardWithDerivative(x, pp, shifted), a.id).toThrow(/y partly overlaps x/);
          expect(() => a.forwardWithDerivative(x, pp, undefined, shifted), a.id).toThrow(/d partly overlaps x/);
          const other = new Type(8);
          expect(() => a.forwardWithDerivative(Type.from(X.slice(0, 8)), pp, other, other), a.id).toThrow(/same memory/);
        }
        expect(() => softmax(x, { out: shifted })).toThrow(/out partly overlaps x/);
        expect(() => logSoftmax(x, { out: shifted })).toThrow(/out partly overlaps x/);
        expect(() => softmaxBackward(x, Type.from(X.slice(0, 8)), { out: shifted })).toThrow(/out partly overlaps/);
        expect(() => logSoftmaxBackward(Type.from(X.slice(0, 8)), x, { out: shifted })).toThrow(/out partly overlaps dy/);
      });
    }
  }
});

describe("tanh(−0) is −0", () => {
  for (const backend of backends) {
    it(`tanh.forward(Float32Array.of(-0, …)) on ${backend}`, () => {
      setKernelBackend(backend);
      // 13 entries: the 8-vector loop, the 4-vector loop and the scalar tail all see a −0.
      const x = new Float32Array(45).fill(0.25);
      for (const i of [0, 33, 44]) x[i] = -0;
      const y = tanh.forward(x);
      for (const i of [0, 33, 44]) expect(Object.is(y[i], -0), `index ${i}`).toBe(true);
      expect(Object.is(tanh.forward(Float64Array.of(-0))[0], -0)).toBe(true);
      expect(Object.is(tanh.forwardWithDerivative(x).y[33], -0)).toBe(true);
    });
  }
});

describe("missing or wrong arguments name the argument and what is expected", () => {
  const x32 = Float32Array.of(1, 2);
  it("sigmoid.backward(x32) without dy", () => {
    expect(() => (sigmoid.backward as (x: Float32Array) => unknown)(x32)).toThrow(/sigmoid: dy is missing \(expected a Float32Array of length 2/);
  });
  it("softmaxBackward(y32) without dy", () => {
    expect(() => (softmaxBackward as (y: Float32Array) => unknown)(x32)).toThrow(/softmaxBackward: dy is missing/);
    expect(() => (logSoftmaxBackward as (y: Float32Array) => unknown)(x32)).toThrow(/logSoftmaxBackward: dy is missing/);
  });
  it("prelu.forward(null, { alpha: [0.1, 0.2] })", () => {
    expect(() => prelu.forward(null as unknown as Float64Array, { alpha: [0.1, 0.2] })).toThrow(/prelu: x must be a Float32Array or Float64Array, got null/);
    expect(() => prelu.backward(null as unknown as Float64Array, x32 as unknown as Float64Array, { alpha: [0.1, 0.2] })).toThrow(/x must be/);
    expect(() => prelu.forwardWithDerivative(null as unknown as Float64Array, { alpha: [0.1, 0.2] })).toThrow(/x must be/);
  });
  it("softmax(x, null)", () => {
    expect(() => softmax(x32, null as unknown as undefined)).toThrow(/softmax: options must be an object such as \{ size, out \} or left out, got null/);
    expect(() => softmaxBackward(x32, x32, null as unknown as undefined)).toThrow(/options must be an object/);
  });
  it("softmax of a plain array (even of strings) is a TypeError with the fix, like elu.forward", () => {
    const msg = /x must be a Float32Array or Float64Array, got an Array; convert with Float64Array.from\(array\)/;
    expect(() => softmax(["1", "x"] as unknown as Float64Array)).toThrow(msg);
    expect(() => softmax([1, 2, 3] as unknown as Float64Array)).toThrow(msg);
    expect(() => logSoftmax([1, 2, 3] as unknown as Float64Array)).toThrow(msg);
    for (const a of activations) {
      expect(() => a.forward([1, 2, 3] as unknown as Float64Array)).toThrow(msg);
      expect(() => a.backward([1, 2, 3] as unknown as Float64Array, Float64Array.of(1, 2, 3))).toThrow(msg);
      expect(() => a.forwardWithDerivative([1, 2, 3] as unknown as Float64Array)).toThrow(msg);
    }
    expect(() => sigmoid.forward(Float64Array.of(1, 2), undefined, [0, 0] as unknown as Float64Array)).toThrow(/out must be a Float32Array or Float64Array, got an Array; convert/);
    expect(() => sigmoid.backward(Float64Array.of(1, 2), [0, 0] as unknown as Float64Array)).toThrow(/dy must be .* got an Array/);
    expect(() => softmaxBackward([1, 2] as unknown as Float64Array, Float64Array.of(1, 2))).toThrow(/y must be .* got an Array/);
  });
  it("prelu.backwardAlpha(x, dy, { alpha: [.1, .2] }, [0, 0]) rejects the plain out", () => {
    const x = Float64Array.of(-1, 2, -3, 4);
    expect(() => prelu.backwardAlpha(x, x, { alpha: [0.1, 0.2] }, [0, 0] as unknown as Float64Array)).toThrow(/prelu: out must be a Float32Array or Float64Array, got an Array; convert/);
    expect(() => prelu.backwardAlpha(x, x, { alpha: [0.1, 0.2] }, new Float32Array(2) as unknown as Float64Array)).toThrow(/out must be a Float64Array like x/);
    expect(() => (prelu.backwardAlpha as (x: Float64Array) => unknown)(x)).toThrow(/dy is missing/);
    expect(Array.from(prelu.backwardAlpha(x, x, { alpha: [0.1, 0.2] }, new Float64Array(2)))).toEqual([10, 0]);
  });
});
