import { beforeAll, describe, expect, it } from "vitest";
import { allocFloat32, elu, getActivation, prelu, setKernelBackend, sigmoid, softmax, softmaxBackward, tanh, WasmArena } from "../../packages/actlab/src/index.js";
import { CHUNK, scratch } from "../../packages/actlab/src/kernels/runtime.js";
import { randomFloats } from "./ulp.js";

beforeAll(() => {
  expect(setKernelBackend("wasm")).toBe("wasm");
});

describe("chunking through the scratch memory", () => {
  // Lengths around the chunk size and the 4-lane groups: every element must come out the same
  // as when it is computed alone, wherever the chunk and lane boundaries fall.
  for (const n of [1, 3, 4, 5, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5]) {
    it(`tanh.forwardWithDerivative(x) of length ${n} equals the element-by-element result`, () => {
      const x = randomFloats(n, -8, 8, n);
      const { y, d } = tanh.forwardWithDerivative(x);
      const single = new Float32Array(1);
      for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 97))) {
        single[0] = x[i];
        const r = tanh.forwardWithDerivative(single);
        expect(y[i]).toBe(r.y[0]);
        expect(d[i]).toBe(r.d[0]);
      }
    });
  }

  it("prelu.forward(x, {alpha: per channel}) uses alpha[i mod C] across chunk boundaries", () => {
    const alpha = [0.5, -2, 0.125];
    const n = 3 * (CHUNK + 7);
    const x = randomFloats(n, -4, 4, 5);
    const y = prelu.forward(x, { alpha });
    for (let i = 0; i < n; i++) expect(y[i]).toBe(x[i] < 0 ? Math.fround(alpha[i % 3] * x[i]) : x[i]);
  });

  it("sigmoid.forward(x, undefined, x) works in place", () => {
    const x = randomFloats(CHUNK + 3, -5, 5, 9);
    const want = sigmoid.forward(x);
    expect(sigmoid.forward(x, undefined, x)).toBe(x);
    expect(Array.from(x)).toEqual(Array.from(want));
  });
});

describe("WasmArena: arrays in wasm memory", () => {
  it("arena.alloc(n) gives Float32Arrays that the kernels use in place, with the same results", () => {
    const arena = new WasmArena(4 * 10_000);
    const x = arena.alloc(10_001 - 1);
    x.set(randomFloats(x.length, -6, 6, 2));
    const y = arena.alloc(x.length);
    const d = arena.alloc(x.length);
    expect(x.byteOffset % 16).toBe(0);
    expect(y.byteOffset % 16).toBe(0);
    elu.forwardWithDerivative(x, { alpha: 0.7 }, y, d);
    const plain = elu.forwardWithDerivative(Float32Array.from(x), { alpha: 0.7 });
    expect(Array.from(y)).toEqual(Array.from(plain.y));
    expect(Array.from(d)).toEqual(Array.from(plain.d));
    // A mixed call (arena x, plain out) copies but must agree too.
    expect(Array.from(elu.forward(x, { alpha: 0.7 }))).toEqual(Array.from(plain.y));
  });

  it("softmax and softmaxBackward on arena arrays equal the copied path", () => {
    const arena = new WasmArena(3 * 12_000);
    const x = arena.alloc(12_000);
    x.set(randomFloats(x.length, -20, 20, 4));
    const y = arena.alloc(x.length);
    const dx = arena.alloc(x.length);
    for (const size of [1000, 12_000]) {
      softmax(x, { size, out: y });
      expect(Array.from(y)).toEqual(Array.from(softmax(Float32Array.from(x), { size })));
      const g = Float32Array.from(x, (v) => v / 20);
      const dy = g; // plain array: a mixed call
      softmaxBackward(y, dy, { size, out: dx });
      expect(Array.from(dx)).toEqual(Array.from(softmaxBackward(Float32Array.from(y), g, { size })));
    }
  });

  it("arena.alloc(n) past the capacity throws a RangeError naming the sizes; reset() frees it", () => {
    const arena = new WasmArena(100);
    arena.alloc(60);
    expect(() => arena.alloc(50)).toThrow(/WasmArena\.alloc: 50 floats do not fit \(40 of 100 free\)/);
    arena.reset();
    expect(arena.alloc(100).length).toBe(100);
    expect(() => new WasmArena(0)).toThrow(RangeError);
  });

  it("allocFloat32(n) returns zeroed arrays that chain without copies", () => {
    const x = allocFloat32(1000);
    const y = allocFloat32(1000);
    expect(x.every((v) => v === 0)).toBe(true);
    expect(x.buffer).toBe(y.buffer);
    x.set(randomFloats(1000, -3, 3, 8));
    getActivation("selu").forward(x, undefined, y);
    expect(Array.from(y)).toEqual(Array.from(getActivation("selu").forward(Float32Array.from(x))));
  });
});

describe("no memory growth", () => {
  it("1,000 repeated forward/backward/softmax calls with out given leave every wasm memory the same size", () => {
    const n = 3 * CHUNK + 11;
    const x = randomFloats(n, -10, 10, 12);
    const dy = randomFloats(n, -1, 1, 13);
    const out = new Float32Array(n);
    const d = new Float32Array(n);
    const arena = new WasmArena(3 * 4096);
    const ax = arena.alloc(4096);
    const ay = arena.alloc(4096);
    ax.set(x.subarray(0, 4096));
    sigmoid.forward(x, undefined, out); // first use creates the scratch instance
    const s = scratch();
    const scratchBuffer = s.memory.buffer;
    const scratchBytes = scratchBuffer.byteLength;
    const arenaBytes = ax.buffer.byteLength;
    for (let r = 0; r < 1000; r++) {
      sigmoid.forward(x, undefined, out);
      tanh.backward(x, dy, undefined, out);
      elu.forwardWithDerivative(x, undefined, out, d);
      softmax(x.subarray(0, 3000), { size: 1000, out: out.subarray(0, 3000) });
      sigmoid.forward(ax, undefined, ay);
    }
    expect(s.memory.buffer).toBe(scratchBuffer); // never grown, so never detached
    expect(s.memory.buffer.byteLength).toBe(scratchBytes);
    expect(ax.buffer.byteLength).toBe(arenaBytes);
    expect(ax.length).toBe(4096); // a detached view would read as length 0
  });
});

describe("setKernelBackend", () => {
  it("setKernelBackend('gpu') throws a RangeError that names the value and the choices", () => {
    expect(() => setKernelBackend("gpu" as "wasm")).toThrow(/invalid kernel backend: gpu \(must be "wasm" or "js"\)/);
  });
});
