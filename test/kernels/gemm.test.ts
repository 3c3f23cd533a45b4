import { beforeAll, describe, expect, it } from "vitest";
import { setKernelBackend, WasmArena } from "../../packages/actlab/src/index.js";
import { arenaOf, type KernelInstance } from "../../packages/actlab/src/kernels/runtime.js";
import { randomFloats } from "./ulp.js";

/*
 * The matrix kernels of assembly/gemm.ts against a float64 reference. A float32 sum of T
 * products, started from the bias or from C, rounds at most T + 2 times, each time by at most
 * 2⁻²⁴ of a partial sum bounded by Σ|terms|: |error| ≤ (T + 2)·2⁻²⁴·(Σ|a·b| + |init| + |C|).
 * A wrong index or a lost edge column gives errors of the size of the entries themselves.
 */
const U = 2 ** -24;

beforeAll(() => {
  expect(setKernelBackend("wasm")).toBe("wasm");
});

// (rows of C, columns of C, terms): single entries, sizes off the 4-lane groups and the 4×8
// block, one long row, and the shapes of the benchmark networks.
const shapes: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [3, 5, 7],
  [1, 4096, 3],
  [1, 1, 4096],
  [4, 8, 16],
  [5, 9, 13],
  [7, 13, 33],
  [17, 130, 3],
  [2, 3, 1],
  [64, 10, 128],
  [64, 128, 97],
];

interface Mats {
  inst: KernelInstance;
  a: Float32Array;
  b: Float32Array;
  c: Float32Array;
  bias: Float32Array;
}

function setup(M: number, N: number, T: number, seed: number): Mats {
  const arena = new WasmArena(M * T + T * N + M * N + N + 64);
  const m: Mats = { inst: undefined as unknown as KernelInstance, a: arena.alloc(M * T), b: arena.alloc(T * N), c: arena.alloc(M * N), bias: arena.alloc(N) };
  m.a.set(randomFloats(M * T, -2, 2, seed));
  m.b.set(randomFloats(T * N, -2, 2, seed + 1));
  m.c.set(randomFloats(M * N, -2, 2, seed + 2));
  m.bias.set(randomFloats(N, -2, 2, seed + 3));
  m.inst = arenaOf(m.a) as KernelInstance;
  return m;
}

/** Largest error over the bound: ≤ 1 passes. aAt(i, t) is A's entry, acc and init as in the kernel. */
function worstRatio(M: number, N: number, T: number, got: Float32Array, aAt: (i: number, t: number) => number, b: Float32Array, init?: Float32Array, before?: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = init ? init[j] : 0;
      let mag = init ? Math.abs(init[j]) : 0;
      if (before) {
        s += before[i * N + j];
        mag += Math.abs(before[i * N + j]);
      }
      for (let t = 0; t < T; t++) {
        const p = aAt(i, t) * b[t * N + j];
        s += p;
        mag += Math.abs(p);
      }
      const bound = (T + 2) * U * mag + Number.MIN_VALUE;
      worst = Math.max(worst, Math.abs(got[i * N + j] - s) / bound);
    }
  }
  return worst;
}

describe("gemm (assembly/gemm.ts)", () => {
  it.each(shapes)("gemm: C (%i×%i) = A·B + bias over %i terms, within (T + 2)·2⁻²⁴·Σ|terms|", (M, N, T) => {
    const m = setup(M, N, T, M * 1000 + N + T);
    m.inst.k.gemm(m.a.byteOffset, T * 4, 4, m.b.byteOffset, N * 4, m.c.byteOffset, N * 4, M, N, T, m.bias.byteOffset, 0);
    expect(worstRatio(M, N, T, m.c, (i, t) => m.a[i * T + t], m.b, m.bias)).toBeLessThanOrEqual(1);
  });

  it.each(shapes)("gemm: C (%i×%i) += Aᵀ·B over %i terms (A stored terms-by-rows, as xᵀ in gW += xᵀ·dy)", (M, N, T) => {
    const m = setup(M, N, T, M + N * 7 + T * 3);
    const before = m.c.slice();
    // A's entry (i, t) lives at a[t·M + i]: row stride 4 bytes, term stride M floats.
    m.inst.k.gemm(m.a.byteOffset, 4, M * 4, m.b.byteOffset, N * 4, m.c.byteOffset, N * 4, M, N, T, 0, 1);
    expect(worstRatio(M, N, T, m.c, (i, t) => m.a[t * M + i], m.b, undefined, before)).toBeLessThanOrEqual(1);
  });

  it.each(shapes)("transpose then gemm: C (%i×%i) = A·Bᵀ over %i terms (dx = dy·Wᵀ)", (M, N, T) => {
    // W is N×T (inputs × outputs); its transpose T×N is the B of the product.
    const arena = new WasmArena(M * T + 2 * T * N + M * N + 64);
    const a = arena.alloc(M * T);
    const w = arena.alloc(N * T);
    const wt = arena.alloc(T * N);
    const c = arena.alloc(M * N);
    a.set(randomFloats(M * T, -2, 2, 11 + M));
    w.set(randomFloats(N * T, -2, 2, 12 + N));
    c.fill(NaN); // every entry must be written, none read
    const inst = arenaOf(a) as KernelInstance;
    inst.k.transpose(w.byteOffset, wt.byteOffset, N, T);
    expect(Array.from(wt)).toEqual(Array.from({ length: T * N }, (_, q) => w[(q % N) * T + Math.floor(q / N)]));
    inst.k.gemm(a.byteOffset, T * 4, 4, wt.byteOffset, N * 4, c.byteOffset, N * 4, M, N, T, 0, 0);
    expect(worstRatio(M, N, T, c, (i, t) => a[i * T + t], wt)).toBeLessThanOrEqual(1);
  });

  it("gemm leaves the memory around C untouched (no write past an edge block)", () => {
    const arena = new WasmArena(4096);
    const pad = arena.alloc(4);
    const a = arena.alloc(5 * 3);
    const b = arena.alloc(3 * 9);
    const c = arena.alloc(5 * 9 + 8);
    pad.fill(7);
    a.fill(1);
    b.fill(1);
    c.fill(-1);
    const inst = arenaOf(a) as KernelInstance;
    inst.k.gemm(a.byteOffset, 12, 4, b.byteOffset, 36, c.byteOffset, 36, 5, 9, 3, 0, 0);
    expect(Array.from(c.subarray(0, 45))).toEqual(new Array(45).fill(3));
    expect(Array.from(c.subarray(45))).toEqual(new Array(8).fill(-1));
    expect(Array.from(pad)).toEqual([7, 7, 7, 7]);
  });

  it.each([1, 3, 4, 10, 33])("col_sum_acc adds the column sums of a %i-column matrix exactly as a float32 loop", (cols) => {
    const rows = 7;
    const arena = new WasmArena(rows * cols + cols + 16);
    const d = arena.alloc(rows * cols);
    const g = arena.alloc(cols);
    d.set(randomFloats(rows * cols, -1, 1, cols));
    g.set(randomFloats(cols, -1, 1, cols + 1));
    const want = Float32Array.from(g, (v, j) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s = Math.fround(s + d[r * cols + j]);
      return Math.fround(v + s);
    });
    (arenaOf(d) as KernelInstance).k.col_sum_acc(d.byteOffset, g.byteOffset, rows, cols);
    expect(Array.from(g)).toEqual(Array.from(want));
  });

  it.each([1, 5, 8, 19])("adam_step and sgd_step over %i entries follow the float32 formulas", (n) => {
    const arena = new WasmArena(8 * n + 64);
    const [w, g, m, v, w2, vel] = [0, 1, 2, 3, 4, 5].map(() => arena.alloc(n));
    w.set(randomFloats(n, -1, 1, 1));
    g.set(randomFloats(n, -1, 1, 2));
    m.set(randomFloats(n, -0.1, 0.1, 3));
    v.set(randomFloats(n, 0, 0.01, 4));
    w2.set(w);
    vel.set(randomFloats(n, -0.1, 0.1, 5));
    const [W, G, Mm, V, Vel] = [w, g, m, v, vel].map((a) => Float64Array.from(a));
    const inst = arenaOf(w) as KernelInstance;
    const [b1, b2, a, s, eps] = [0.9, 0.999, 0.01, 3, 1e-8];
    inst.k.adam_step(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, n, b1, 1 - b1, b2, 1 - b2, a, s, eps);
    inst.k.sgd_step(w2.byteOffset, g.byteOffset, vel.byteOffset, n, 0.1, 0.5);
    for (let i = 0; i < n; i++) {
      const mi = b1 * Mm[i] + (1 - b1) * G[i];
      const vi = b2 * V[i] + (1 - b2) * G[i] * G[i];
      expect(m[i]).toBeCloseTo(mi, 6);
      // no cancellation here: a few float32 roundings of v itself (1 − β₂ comes in exact to float32)
      expect(Math.abs(v[i] - vi)).toBeLessThanOrEqual(6 * U * vi);
      const step = (a * mi) / (Math.sqrt(s * vi) + eps);
      expect(Math.abs(w[i] - (W[i] - step))).toBeLessThanOrEqual(4 * U * (Math.abs(W[i]) + Math.abs(step)));
      const vv = 0.5 * Vel[i] + G[i];
      expect(vel[i]).toBeCloseTo(vv, 6);
      expect(Math.abs(w2[i] - (W[i] - 0.1 * vv))).toBeLessThanOrEqual(4 * U * (Math.abs(W[i]) + Math.abs(0.1 * vv)));
    }
  });

  it.each([3, 8, 21])("mul_into multiplies %i entries exactly as float32", (n) => {
    const arena = new WasmArena(3 * n + 16);
    const [a, b, o] = [arena.alloc(n), arena.alloc(n), arena.alloc(n)];
    a.set(randomFloats(n, -3, 3, 1));
    b.set(randomFloats(n, -3, 3, 2));
    (arenaOf(a) as KernelInstance).k.mul_into(a.byteOffset, b.byteOffset, o.byteOffset, n);
    expect(Array.from(o)).toEqual(Array.from(a, (v, i) => Math.fround(v * b[i])));
  });
});
