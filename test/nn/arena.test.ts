/**
 * Where the float32 path keeps its arrays (packages/actlab/src/nn/fast.ts) and what a layer does
 * when they do not all share one WebAssembly memory. The README promises that on dtype "float32"
 * weights, gradients, optimiser state and every layer's output live in wasm memory, each output a
 * buffer of its layer reused by every call (grown only for a larger batch); fast.ts adds that layers chain with no copies, and
 * that a layer whose buffers land in another arena than its weights answers with the exact loops.
 *
 * The exact loops and the kernel differ in one observable way: the loops sum each output in float64
 * and round once, the kernel rounds after every float32 add. With W = [1, 1, 1] and x = [1, 2⁻²⁴, 2⁻²⁴]
 * the exact output is fround(1 + 2⁻²³) = 1 + 2⁻²³ (a float32 value), while float32 adds from the 1
 * lose each 2⁻²⁴ (a tie, rounded to even). Which of the two a call took is therefore visible.
 */
import { afterEach, describe, expect, it } from "vitest";
import { arenaOf, setKernelBackend } from "../../packages/actlab/src/kernels/runtime.js";
import { Activation, Adam, createRng, Dense, SGD, Sequential, softmaxCrossEntropy, type Layer } from "../../packages/actlab/src/nn/index.js";
import { BatchBuffers, fastInstance, nnAlloc, nnArenaUsed, nnBlock, nnFreshArena, overlaps } from "../../packages/actlab/src/nn/fast.js";

afterEach(() => {
  setKernelBackend("wasm");
});

/** Floats per nn arena (fast.ts: 4 Mi). */
const ARENA = 1 << 22;
const EXACT = 1 + 2 ** -23;

/** Fills the current nn arena so that exactly `leave` floats (a multiple of 4) remain free in it. */
function leaveFree(leave: number): void {
  const probe = nnAlloc(4);
  const free = ARENA - (nnArenaUsed(probe) as number);
  expect(free).toBeGreaterThanOrEqual(leave);
  if (free > leave) nnAlloc(free - leave);
  expect(ARENA - (nnArenaUsed(nnAlloc(0)) as number)).toBe(leave);
}

/** Dense(3, 1, float32) with W = [1, 1, 1], b = 0: the sum of each row of three. */
function summer(): Dense {
  const d = new Dense(3, 1, { dtype: "float32" });
  d.weight.value.set([1, 1, 1]);
  return d;
}

const tricky = () => Float32Array.of(1, 2 ** -24, 2 ** -24);

describe("nnAlloc, nnBlock and nnArenaUsed", () => {
  it("nnAlloc(n) gives n zeros in wasm memory, next to `near` while its arena has room", () => {
    const a = nnAlloc(5);
    expect(a.length).toBe(5);
    expect(arenaOf(a)).toBeDefined();
    a.fill(7);
    const used = nnArenaUsed(a) as number;
    const b = nnAlloc(3, a);
    expect(Array.from(b)).toEqual([0, 0, 0]);
    expect(b.buffer).toBe(a.buffer);
    // Each array starts on a 16-byte boundary: a's 5 floats take 8.
    expect(b.byteOffset % 16).toBe(0);
    expect(nnArenaUsed(a)).toBe(used + 4);
    expect(Array.from(a)).toEqual([7, 7, 7, 7, 7]);
  });

  it("nnArenaUsed(a) is undefined for an array outside the nn arenas", () => {
    expect(nnArenaUsed(new Float32Array(4))).toBeUndefined();
  });

  it("a request that exactly fills the arena stays in it; the next one opens another arena", () => {
    leaveFree(8);
    const last = nnAlloc(8);
    expect(nnArenaUsed(last)).toBe(ARENA);
    const next = nnAlloc(1);
    expect(next.buffer).not.toBe(last.buffer);
    expect(nnArenaUsed(next)).toBe(4);
    // `near` an arena with no room left: the current arena takes it.
    const near = nnAlloc(2, last);
    expect(near.buffer).toBe(next.buffer);
  });

  it("`near` an arena with room wins over the current arena", () => {
    leaveFree(8);
    const a = nnAlloc(4); // 4 floats left beside a
    const b = nnAlloc(8); // too big for them: a new current arena
    expect(b.buffer).not.toBe(a.buffer);
    expect(nnAlloc(4, a).buffer).toBe(a.buffer);
    expect(nnAlloc(4).buffer).toBe(b.buffer);
  });

  it("a request larger than an arena gets an arena of its own, rounded up to whole lanes", () => {
    const n = ARENA + 1;
    const big = nnAlloc(n);
    expect(big.length).toBe(n);
    expect(nnArenaUsed(big)).toBe(ARENA + 4);
    big[n - 1] = 3;
    expect(big[n - 1]).toBe(3);
    // its own: sized to the request, so even 4 more floats go elsewhere
    expect(nnAlloc(4, big).buffer).not.toBe(big.buffer);
  });

  it("nnBlock(sizes) gives disjoint arrays of those sizes in one memory, each on a 16-byte boundary", () => {
    const sizes = [3, 5, 1, 8, 2];
    const parts = nnBlock(sizes);
    expect(parts.map((p) => p.length)).toEqual(sizes);
    const base = parts[0].byteOffset;
    // Each size rounded up to a multiple of 4 floats, one after another.
    expect(parts.map((p) => (p.byteOffset - base) / 4)).toEqual([0, 4, 12, 16, 24]);
    for (const p of parts) {
      expect(p.buffer).toBe(parts[0].buffer);
      expect(p.byteOffset % 16).toBe(0);
    }
    expect(nnArenaUsed(parts[0])).toBeGreaterThanOrEqual(28);
    parts.forEach((p, i) => p.fill(i + 1));
    parts.forEach((p, i) => expect(Array.from(p)).toEqual(new Array<number>(sizes[i]).fill(i + 1)));
  });

  it("nnBlock(sizes, near) lands next to `near`", () => {
    const near = nnAlloc(4);
    const used = nnArenaUsed(near) as number;
    const [a, b] = nnBlock([2, 2], near);
    expect(a.buffer).toBe(near.buffer);
    expect(b.byteOffset - a.byteOffset).toBe(16);
    expect(nnArenaUsed(near)).toBe(used + 8);
  });
});

describe("nnFreshArena(need)", () => {
  it("opens a new arena for the next allocation; with `need`, only when the current one has less room", () => {
    const a = nnAlloc(8);
    nnFreshArena(16); // room for 16 more floats: stay
    const b = nnAlloc(8);
    expect(b.buffer).toBe(a.buffer);
    nnFreshArena(1 << 23); // more than an arena holds: a new one
    const c = nnAlloc(8);
    expect(c.buffer).not.toBe(b.buffer);
    expect(nnArenaUsed(c)).toBe(8);
    nnFreshArena(); // no need given: always a new one
    const d = nnAlloc(8);
    expect(d.buffer).not.toBe(c.buffer);
    expect(nnArenaUsed(d)).toBe(8);
  });
});

describe("fastInstance, overlaps and BatchBuffers", () => {
  it("fastInstance(...arrays) is the kernel instance only when every array is float32 in one arena and wasm is on", () => {
    const a = nnAlloc(4);
    const b = nnAlloc(4, a);
    const inst = fastInstance(a, b);
    expect(inst).toBeDefined();
    expect(inst).toBe(arenaOf(a));
    expect(fastInstance(a)).toBe(inst);
    expect(fastInstance(a, new Float32Array(4))).toBeUndefined();
    expect(fastInstance(new Float32Array(4), a)).toBeUndefined();
    expect(fastInstance(a, new Float64Array(4))).toBeUndefined();
    expect(fastInstance(new Float64Array(a.buffer, a.byteOffset, 2))).toBeUndefined();
    expect(fastInstance(a, b, new Float64Array(b.buffer, b.byteOffset, 2))).toBeUndefined();
    leaveFree(0);
    const elsewhere = nnAlloc(4);
    expect(fastInstance(a, elsewhere)).toBeUndefined();
    expect(fastInstance(a, b, elsewhere)).toBeUndefined();
    setKernelBackend("js");
    expect(fastInstance(a, b)).toBeUndefined();
  });

  it("overlaps(a, b) is true when two views share at least one element", () => {
    const [m] = nnBlock([16]);
    const at = (from: number, n: number) => m.subarray(from, from + n);
    expect(overlaps(at(0, 4), at(4, 4))).toBe(false);
    expect(overlaps(at(4, 4), at(0, 4))).toBe(false);
    expect(overlaps(at(0, 5), at(4, 4))).toBe(true);
    expect(overlaps(at(4, 4), at(0, 5))).toBe(true);
    expect(overlaps(at(2, 2), at(0, 8))).toBe(true);
    expect(overlaps(at(0, 8), at(2, 2))).toBe(true);
    // The same offsets in another memory share nothing.
    const twin = new Float32Array(new ArrayBuffer(m.byteOffset + 64), m.byteOffset, 4);
    expect(overlaps(at(0, 4), twin)).toBe(false);
  });

  it("BatchBuffers.get(n, near): one block beside `near`, its first n values for any n, grown (at least doubled) only for a larger n", () => {
    const ys = new BatchBuffers();
    const ds = new BatchBuffers();
    const near = nnAlloc(4);
    const start = nnArenaUsed(near) as number;
    const y6 = ys.get(6, near);
    expect(y6.length).toBe(6);
    expect(y6.buffer).toBe(near.buffer);
    expect(ys.get(6, near)).toBe(y6);
    // the first block is exactly 6 (8 with padding): a run with one batch size lays out as before
    expect(nnArenaUsed(near)).toBe(start + 8);
    const y4 = ys.get(4, near);
    expect([y4.length, y4.byteOffset]).toEqual([4, y6.byteOffset]);
    expect(nnArenaUsed(near)).toBe(start + 8);
    const y9 = ys.get(9, near);
    // 9 > 6: a new block of max(9, 2·6) = 12 floats
    expect(y9.length).toBe(9);
    expect(nnArenaUsed(near)).toBe(start + 8 + 12);
    expect(overlaps(y6, y9)).toBe(false);
    expect(ys.get(6, near).byteOffset).toBe(y9.byteOffset);
    const d6 = ds.get(6, near);
    expect(overlaps(d6, y9) || overlaps(d6, y6)).toBe(false);
    expect(ds.get(6, near)).toBe(d6);
  });
});

describe("float32 Dense: where its arrays live", () => {
  it("weights, gradients and bias are four disjoint arrays of the right sizes in one wasm memory", () => {
    const d = new Dense(3, 2, { dtype: "float32" });
    const arrays = [d.weight.value, d.weight.grad, d.bias.value, d.bias.grad] as Float32Array[];
    expect(arrays.map((a) => a.length)).toEqual([6, 6, 2, 2]);
    for (const a of arrays) {
      expect(a.buffer).toBe(arrays[0].buffer);
      expect(a.byteOffset % 16).toBe(0);
    }
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) expect(overlaps(arrays[i], arrays[j])).toBe(false);
    expect(Array.from(d.weight.grad)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(d.bias.value)).toEqual([0, 0]);
    expect(d.weight.value.some((v) => v !== 0)).toBe(true);
  });

  it("forward's output lives beside the weights and is one buffer for every batch size, grown for a larger one; dx too", () => {
    const d = new Dense(3, 2, { dtype: "float32" });
    const w = d.weight.value as Float32Array;
    const y2 = d.forward(new Float32Array(6)) as Float32Array;
    expect(y2.buffer).toBe(w.buffer);
    expect(y2.length).toBe(4);
    expect(d.forward(new Float32Array(6))).toBe(y2);
    const y3 = d.forward(new Float32Array(9)) as Float32Array;
    expect(y3.length).toBe(6);
    expect(overlaps(y3, y2)).toBe(false); // grown: a new block
    const again = d.forward(new Float32Array(6)) as Float32Array;
    expect([again.length, again.buffer, again.byteOffset]).toEqual([4, y3.buffer, y3.byteOffset]); // the start of that block
    const dx2 = d.backward(new Float32Array(4)) as Float32Array;
    expect(dx2.buffer).toBe(w.buffer);
    expect(dx2.length).toBe(6);
    expect(overlaps(dx2, again)).toBe(false);
    d.forward(new Float32Array(6));
    expect(d.backward(new Float32Array(4))).toBe(dx2);
  });

  it("forward and backward on the kernels give x·W + b and its gradients, by hand", () => {
    const d = new Dense(2, 2, { dtype: "float32" });
    d.weight.value.set([1, 2, 3, 4]);
    d.bias.value.set([0.5, -1]);
    const y = d.forward(Float32Array.of(1, 1, 2, -1));
    expect(arenaOf(y as Float32Array)).toBeDefined();
    expect(Array.from(y)).toEqual([4.5, 5, -0.5, -1]);
    const dx = d.backward(Float32Array.of(1, 0, 2, -1));
    // dx = dy·Wᵀ: [1·1 + 0·2, 1·3 + 0·4] and [2·1 − 2, 2·3 − 4]; gW = xᵀ·dy; gb = Σ dy.
    expect(Array.from(dx)).toEqual([1, 3, 0, 2]);
    expect(Array.from(d.weight.grad)).toEqual([1 + 4, 0 - 2, 1 - 2, 0 + 1]);
    expect(Array.from(d.bias.grad)).toEqual([3, -1]);
  });

  it("chained float32 Dense layers read each other's outputs in place: no input copies", () => {
    const a = new Dense(3, 4, { dtype: "float32" });
    const b = new Dense(4, 2, { dtype: "float32" }); // b's params follow a's in the same arena
    const start = nnArenaUsed(a.weight.value as Float32Array) as number;
    const x = nnAlloc(2 * 3, a.weight.value as Float32Array);
    x.set([1, 0, -1, 0.5, 2, 0]);
    const h = a.forward(x);
    const y = b.forward(h);
    // x (8 with padding), a's output 2×4 = 8 and b's output 2×2 = 4: nothing else.
    expect(nnArenaUsed(x)).toBe(start + 8 + 8 + 4);
    const net = new Sequential([a, b]);
    const ref = new Sequential([new Dense(3, 4), new Dense(4, 2)]);
    ref.params.forEach((p, i) => p.value.set(net.params[i].value));
    const want = ref.forward(Float64Array.from(x));
    y.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want[i]))));
  });

  it("Dense(k, k).forward(its own output) copies it first, so the product reads the old values", () => {
    const d = new Dense(4, 4, { dtype: "float32" });
    const ref = new Dense(4, 4);
    ref.weight.value.set(d.weight.value);
    d.bias.value.set([0.25, -0.5, 1, 0]);
    ref.bias.value.set(d.bias.value);
    const x = Float32Array.of(1, -2, 0.5, 3, 0, 1, -1, 2);
    const h = d.forward(x);
    const h64 = ref.forward(Float64Array.from(x));
    const y = d.forward(h);
    expect(y).toBe(h); // the same batch size: the same buffer
    const y64 = ref.forward(h64);
    y.forEach((v, i) => expect(Math.abs(v - y64[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(y64[i]))));
    // and backward used that copy as x: gW = xᵀ·dy with x the first output
    d.weight.grad.fill(0);
    ref.weight.grad.fill(0);
    const dy = Float32Array.of(1, 0, 0, 0, 0, 0, 0, 1);
    d.backward(dy);
    ref.backward(Float64Array.from(dy));
    d.weight.grad.forEach((v, i) => expect(Math.abs(v - ref.weight.grad[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(ref.weight.grad[i]))));
  });
});

describe("float32 Dense on the exact loops", () => {
  it("with setKernelBackend('js') a float32 Dense sums in float64 and rounds once", () => {
    setKernelBackend("js");
    const d = summer();
    const y = d.forward(tricky());
    expect(y).toBeInstanceOf(Float32Array);
    expect(y[0]).toBe(EXACT);
    // backward: dx = dy·Wᵀ, gW = xᵀ·dy, gb = Σ dy, also on the loops
    const dx = d.backward(Float32Array.of(2));
    expect(Array.from(dx)).toEqual([2, 2, 2]);
    expect(Array.from(d.weight.grad)).toEqual([2, 2 ** -23, 2 ** -23]);
    expect(Array.from(d.bias.grad)).toEqual([2]);
  });

  it("when the output buffer lands in another arena than the weights, forward takes the exact loops", () => {
    // The weights' block (4 + 4 + 4 + 4 floats) fills the arena to the last float.
    leaveFree(16);
    const d = summer();
    expect(nnArenaUsed(d.weight.value as Float32Array)).toBe(ARENA);
    const y = d.forward(tricky());
    expect(y[0]).toBe(EXACT);
    expect(y.buffer).not.toBe((d.weight.value as Float32Array).buffer);
    // backward from an x outside the weights' memory: the exact loops again, gradients by hand
    const dx = d.backward(Float32Array.of(3));
    expect(Array.from(dx)).toEqual([3, 3, 3]);
    expect(Array.from(d.weight.grad)).toEqual([3, 3 * 2 ** -24, 3 * 2 ** -24]);
    expect(Array.from(d.bias.grad)).toEqual([3]);
    // and a second batch of another size still works
    const y2 = d.forward(Float32Array.of(1, 2, 3, 4, 5, 6));
    expect(Array.from(y2)).toEqual([6, 15]);
  });

  it("an input in the weights' memory whose output lands elsewhere: forward and backward on the loops, by hand", () => {
    // Room for the weights (16) and an input of 2 rows (8), no more.
    leaveFree(24);
    const d = summer();
    const x = nnAlloc(6, d.weight.value as Float32Array);
    expect(x.buffer).toBe((d.weight.value as Float32Array).buffer);
    x.set([1, 2 ** -24, 2 ** -24, 1, 2, 3]);
    const y = d.forward(x);
    expect(Array.from(y)).toEqual([EXACT, 6]);
    // dy from outside: copied beside the weights is impossible (no room), so the loops answer
    const dx = d.backward(Float32Array.of(1, -1));
    expect(Array.from(dx)).toEqual([1, 1, 1, -1, -1, -1]);
    // float32 sums: 2⁻²⁴ − 2 and 2⁻²⁴ − 3 round to −2 and −3
    expect(Array.from(d.weight.grad)).toEqual([0, -2, -3]);
    expect(Array.from(d.bias.grad)).toEqual([0]);
  });

  it("an input and dy in the weights' memory but no room for dx or Wᵀ: backward on the loops", () => {
    leaveFree(16 + 8 + 4);
    const d = summer();
    const w = d.weight.value as Float32Array;
    const x = nnAlloc(6, w);
    x.set([1, 2 ** -24, 2 ** -24, 1, 2, 3]);
    const dy = nnAlloc(2, w);
    dy.set([1, -1]);
    expect(nnArenaUsed(w)).toBe(ARENA);
    d.forward(x);
    const dx = d.backward(dy);
    expect(Array.from(dx)).toEqual([1, 1, 1, -1, -1, -1]);
    expect(Array.from(d.weight.grad)).toEqual([0, -2, -3]);
    expect(Array.from(d.bias.grad)).toEqual([0]);
    // needDx = false needs neither dx nor Wᵀ: the kernels can run, the gradients add up again
    d.backward(dy, false);
    expect(Array.from(d.weight.grad)).toEqual([0, -4, -6]);
    expect(Array.from(d.bias.grad)).toEqual([0]);
  });
});

describe("float32 Activation and the optimisers next to their arrays", () => {
  it("Activation on a float32 array in wasm memory keeps y and f′ there, reused by the next call", () => {
    const x = nnAlloc(4);
    x.set([-1, 0.5, 2, -3]);
    const act = new Activation("relu");
    const y = act.forward(x) as Float32Array;
    expect(Array.from(y)).toEqual([0, 0.5, 2, 0]);
    expect(y.buffer).toBe(x.buffer);
    expect(y).not.toBe(x);
    expect(Array.from(x)).toEqual([-1, 0.5, 2, -3]);
    expect(act.forward(x)).toBe(y);
    const dx = act.backward(Float32Array.of(1, 2, 3, 4)) as Float32Array;
    expect(Array.from(dx)).toEqual([0, 2, 3, 0]);
    expect(dx.buffer).toBe(x.buffer);
    expect(act.backward(Float32Array.of(1, 1, 1, 1))).toBe(dx);
    const x2 = nnAlloc(2);
    x2.set([1, -1]);
    expect(act.forward(x2)).not.toBe(y);
  });

  it("Activation backward with js kernels or dy elsewhere: dy·f′(x) all the same", () => {
    const x = nnAlloc(3);
    x.set([-2, 1, 4]);
    const act = new Activation("leaky-relu", { alpha: 0.5 });
    act.forward(x);
    expect(Array.from(act.backward(Float32Array.of(2, 2, 2)))).toEqual([1, 2, 2]);
    setKernelBackend("js");
    const y = act.forward(x);
    expect(arenaOf(y as Float32Array)).toBeUndefined();
    expect(Array.from(y)).toEqual([-1, 1, 4]);
    expect(Array.from(act.backward(Float32Array.of(4, 4, 4)))).toEqual([2, 4, 4]);
  });

  it("Activation over an x whose arena is full: y and f′ go to the next arena, values unchanged", () => {
    leaveFree(4);
    const x = nnAlloc(4);
    x.set([-2, 1, 4, -1]);
    const act = new Activation("leaky-relu", { alpha: 0.5 });
    const y = act.forward(x) as Float32Array;
    expect(Array.from(y)).toEqual([-1, 1, 4, -0.5]);
    expect(y.buffer).not.toBe(x.buffer);
    expect(arenaOf(y)).toBeDefined();
    const dy = nnAlloc(4, y);
    dy.set([2, 2, 2, 2]);
    expect(Array.from(act.backward(dy))).toEqual([1, 2, 2, 1]);
  });

  it("SGD and Adam keep float32 state beside float32 parameters and step them on the kernels, by hand", () => {
    const d = new Dense(1, 2, { dtype: "float32" });
    d.weight.value.set([1, -1]);
    const w = d.weight.value as Float32Array;
    const before = nnArenaUsed(w) as number;
    const sgd = new SGD(d.params, { lr: 0.5, momentum: 0.5 });
    // one velocity per parameter (weight 2 → 4 floats, bias 2 → 4 floats), beside them
    expect(nnArenaUsed(w)).toBe(before + 8);
    d.weight.grad.set([1, 2]);
    sgd.step();
    expect(Array.from(d.weight.value)).toEqual([0.5, -2]);
    sgd.step(); // v = 0.5·v + g = [1.5, 3]
    expect(Array.from(d.weight.value)).toEqual([-0.25, -3.5]);
    const adam = new Adam(d.params, { lr: 0.25 });
    expect(nnArenaUsed(w)).toBe(before + 8 + 16);
    d.weight.grad.set([4, -4]);
    // First step: lr·g/(|g| + ε) = ±0.25, up to float32: 1 − fround(0.999) is 1.3e-5 away from
    // 0.001 (relative), which moves √v̂ and so the step by 6.4e-6 relative, 1.6e-6 here.
    adam.step();
    expect(Math.abs(d.weight.value[0] - (-0.25 - 0.25))).toBeLessThan(2e-6);
    expect(Math.abs(d.weight.value[1] - (-3.5 + 0.25))).toBeLessThan(2e-6);
  });

  it("a network trained on float32 with everything in one arena learns the same as on the js backend", () => {
    const run = () => {
      const a = new Dense(2, 3, { dtype: "float32" });
      const b = new Dense(3, 2, { dtype: "float32" });
      const net = new Sequential([a, new Activation("tanh"), b]);
      const opt = new SGD(net.params, { lr: 0.5 });
      const x = Float32Array.of(0, 0, 1, 1, 1, 0, 0, 1);
      const labels = [0, 1, 1, 0]; // the first coordinate
      const losses: number[] = [];
      for (let s = 0; s < 30; s++) {
        net.zeroGrad();
        const r = softmaxCrossEntropy(net.forward(x), labels, 2);
        net.backward(r.grad, false);
        opt.step();
        losses.push(r.loss);
      }
      return losses;
    };
    const wasm = run();
    setKernelBackend("js");
    const js = run();
    wasm.forEach((v, i) => expect(Math.abs(v - js[i])).toBeLessThanOrEqual(1e-5 * js[i]));
    expect(js[29]).toBeLessThan(0.5 * js[0]);
  });
});

describe("float64 layers stay out of wasm memory", () => {
  it("Dense, Activation and Sequential on float64 allocate nothing in the nn arenas and return new Float64Arrays", () => {
    const probe = () => nnArenaUsed(nnAlloc(0));
    const dense = new Dense(3, 2);
    expect(dense.params.map((p) => p.name)).toEqual(["weight", "bias"]);
    expect(dense.weight.value).toBeInstanceOf(Float64Array);
    expect(dense.bias.grad).toBeInstanceOf(Float64Array);
    const act = new Activation("tanh");
    const net = new Sequential([dense, act, new Dense(2, 1)]);
    const before = probe();
    for (const rows of [1, 2, 5]) {
      const x = Float64Array.from({ length: rows * 3 }, (_, i) => 0.1 * i - 0.3);
      const y = net.forward(x);
      expect(y).toBeInstanceOf(Float64Array);
      expect(net.forward(x)).not.toBe(y); // a new array per call
      const dx = net.backward(Float64Array.from({ length: rows }, () => 1));
      expect(dx).toBeInstanceOf(Float64Array);
      expect(dx.length).toBe(rows * 3);
      expect(act.backward(new Float64Array(rows * 2))).toBeInstanceOf(Float64Array);
      expect(dense.backward(new Float64Array(rows * 2), false).length).toBe(0);
    }
    expect(probe()).toBe(before);
  });

  it("a float32 Dense given a Float64Array computes x·W + b in float64 on the loops", () => {
    const d = new Dense(2, 1, { dtype: "float32" });
    d.weight.value.set([1, 1]);
    d.bias.value.set([0.5]);
    // 0.1 and 0.2 are not float32 values: in float64, 0.1 + 0.2 + 0.5 = 0.8000000000000000444
    const y = d.forward(Float64Array.of(0.1, 0.2));
    expect(y).toBeInstanceOf(Float64Array);
    expect(y[0]).toBe(0.1 + 0.2 + 0.5);
    const dx = d.backward(Float64Array.of(0.1));
    expect(Array.from(dx)).toEqual([0.1, 0.1]);
    expect(d.weight.grad[0]).toBe(Math.fround(0.1 * 0.1));
  });
});

describe("Dense draws its first weights in order from its rng", () => {
  it("xavier: w = a·(2u − 1) with a = √(6/(in + out)), one draw per weight; the next layer continues the stream", () => {
    const rng = createRng(11);
    const a = new Dense(2, 3, { rng });
    const b = new Dense(3, 1, { rng });
    const r = createRng(11);
    const wa = Array.from({ length: 6 }, () => Math.sqrt(6 / 5) * (2 * r.random() - 1));
    const wb = Array.from({ length: 3 }, () => Math.sqrt(6 / 4) * (2 * r.random() - 1));
    expect(Array.from(a.weight.value)).toEqual(wa);
    expect(Array.from(b.weight.value)).toEqual(wb);
    expect(Array.from(a.bias.value)).toEqual([0, 0, 0]);
  });

  it("he and lecun: w = √(2/in)·z and √(1/in)·z from standard normal draws, in order", () => {
    const rng = createRng(12);
    const a = new Dense(4, 2, { init: "he", rng });
    const b = new Dense(2, 2, { init: "lecun", rng });
    const r = createRng(12);
    const wa = Array.from({ length: 8 }, () => Math.sqrt(2 / 4) * r.normal());
    const wb = Array.from({ length: 4 }, () => Math.sqrt(1 / 2) * r.normal());
    expect(Array.from(a.weight.value)).toEqual(wa);
    expect(Array.from(b.weight.value)).toEqual(wb);
  });
});

describe("Sequential on float32", () => {
  it("an Activation right after a float32 Dense writes over the Dense's output; after anything else it does not", () => {
    const dense = new Dense(2, 3, { dtype: "float32" });
    dense.weight.value.set([1, -1, 2, -1, 1, 0]);
    const x = Float32Array.of(1, 2);
    const net = new Sequential([dense, new Activation("relu")]);
    const y = net.forward(x);
    // x·W = [1 − 2, −1 + 2, 2 + 0] = [−1, 1, 2]
    expect(Array.from(y)).toEqual([0, 1, 2]);
    expect(dense.forward(x)).toBe(y); // the Dense's own buffer
    // A layer of one's own that keeps its output for backward: never written over.
    const keeps: Layer & { y?: Float32Array } = {
      params: [],
      forward(h) {
        const out = nnAlloc(h.length);
        out.set(h);
        this.y = out;
        return out;
      },
      backward(dy) {
        return Float32Array.from(dy, (g, i) => g * ((this.y as Float32Array)[i] > 0 ? 1 : 2));
      },
    };
    const net2 = new Sequential([keeps, new Activation("relu")]);
    expect(Array.from(net2.forward(Float32Array.of(-1, 3)))).toEqual([0, 3]);
    expect(Array.from(keeps.y as Float32Array)).toEqual([-1, 3]);
    expect(Array.from(net2.backward(Float32Array.of(1, 1)))).toEqual([0, 1]);
  });

  it("two float32 Dense layers in a row: Sequential forward and backward, by hand", () => {
    const a = new Dense(2, 2, { dtype: "float32" });
    const b = new Dense(2, 1, { dtype: "float32" });
    a.weight.value.set([1, 2, 3, 4]);
    b.weight.value.set([1, -1]);
    const net = new Sequential([a, b]);
    // h = [1, 1]·W_a = [4, 6]; y = 4 − 6 = −2
    expect(Array.from(net.forward(Float32Array.of(1, 1)))).toEqual([-2]);
    // dh = [1, −1]; dx = dh·W_aᵀ = [1 − 2, 3 − 4]
    expect(Array.from(net.backward(Float32Array.of(1)))).toEqual([-1, -1]);
    expect(Array.from(b.weight.grad)).toEqual([4, 6]);
  });

  it("a backward pass through float32 layers copies only the loss gradient into wasm memory", () => {
    leaveFree(0); // what follows starts a fresh arena
    const a = new Dense(3, 4, { dtype: "float32" });
    const b = new Dense(4, 2, { dtype: "float32" });
    const w = a.weight.value as Float32Array;
    expect(b.weight.value.buffer).toBe(w.buffer);
    expect(nnArenaUsed(w)).toBe(32 + 24); // blocks 12 + 12 + 4 + 4 and 8 + 8 + 4 + 4
    const x = nnAlloc(6, w);
    x.set([1, 0, -1, 0.5, 2, 0]);
    const net = new Sequential([a, b]);
    net.forward(x);
    // a's output 2×4 and b's 2×2 follow x (8): b reads a's output where it is
    expect(nnArenaUsed(w)).toBe(56 + 8 + 8 + 4);
    const dy = Float32Array.of(1, -1, 0.5, 2);
    const dx = net.backward(dy);
    // b: a copy of dy (4), Wᵀ (8), its dx (8); a: Wᵀ (12), its dx (8) — a reads b's dx where it is
    expect(nnArenaUsed(w)).toBe(76 + 4 + 8 + 8 + 12 + 8);
    const ref = new Sequential([new Dense(3, 4), new Dense(4, 2)]);
    ref.params.forEach((p, i) => p.value.set(net.params[i].value));
    ref.forward(Float64Array.from(x));
    const dx64 = ref.backward(Float64Array.from(dy));
    dx.forEach((v, i) => expect(Math.abs(v - dx64[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(dx64[i]))));
    net.params.forEach((p, k) => p.grad.forEach((v, i) => expect(Math.abs(v - ref.params[k].grad[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(ref.params[k].grad[i])))));
  });
});

describe("float32 Dense backward when some of its buffers land in another arena", () => {
  it("x outside the weights' memory (its copy did not fit), dy inside: the loops, not the kernels", () => {
    leaveFree(16 + 4 + 4); // the weights, dy, the output: no room for x's copy
    const d = summer();
    const w = d.weight.value as Float32Array;
    const dy = nnAlloc(1, w);
    dy[0] = 2;
    expect(d.forward(tricky())[0]).toBe(EXACT);
    expect(nnArenaUsed(w)).toBe(ARENA);
    d.backward(dy, false);
    expect(Array.from(d.weight.grad)).toEqual([2, 2 ** -23, 2 ** -23]);
    expect(Array.from(d.bias.grad)).toEqual([2]);
  });

  it("dy's copy lands elsewhere, Wᵀ and dx beside the weights: the loops, by hand", () => {
    leaveFree(16 + 4 + 16 + 8); // the weights, x, the output 4×4, then room for Wᵀ and dx only
    const d = new Dense(1, 4, { dtype: "float32" });
    const w = d.weight.value as Float32Array;
    w.set([1, 2, 3, 4]);
    const x = nnAlloc(4, w);
    x.set([1, 2, 3, 4]);
    expect(Array.from(d.forward(x))).toEqual([1, 2, 3, 4, 2, 4, 6, 8, 3, 6, 9, 12, 4, 8, 12, 16]);
    const dx = d.backward(new Float32Array(16).fill(1));
    expect(Array.from(dx)).toEqual([10, 10, 10, 10]);
    expect(Array.from(d.weight.grad)).toEqual([10, 10, 10, 10]);
    expect(Array.from(d.bias.grad)).toEqual([4, 4, 4, 4]);
  });

  it("dx lands elsewhere, Wᵀ beside the weights: the loops, by hand", () => {
    leaveFree(16 + 8 + 4 + 4 + 4); // the weights, x, the output, dy, Wᵀ: no room for dx
    const d = summer();
    const w = d.weight.value as Float32Array;
    const x = nnAlloc(6, w);
    x.set([1, 2, 3, -1, 0, 1]);
    expect(Array.from(d.forward(x))).toEqual([6, 0]);
    const dy = nnAlloc(2, w);
    dy.set([1, -1]);
    expect(Array.from(d.backward(dy))).toEqual([1, 1, 1, -1, -1, -1]);
    expect(Array.from(d.weight.grad)).toEqual([2, 2, 2]);
    expect(Array.from(d.bias.grad)).toEqual([0]);
  });

  it("Wᵀ lands elsewhere, dx beside the weights: the loops, and W is left as it was", () => {
    leaveFree(0); // the weights open a fresh arena
    const d = new Dense(2, 8, { dtype: "float32", rng: createRng(4) });
    const w = d.weight.value as Float32Array;
    const w0 = Array.from(w);
    const x = nnAlloc(2, w);
    x.set([1, -1]);
    d.forward(x);
    const dy = nnAlloc(8, w);
    dy.set([1, 0, 0, 0, 0, 0, 0, 2]);
    leaveFree(4); // room for dx (2 floats), not for Wᵀ (16)
    const dx = d.backward(dy);
    // dx_i = Σ_j dy_j·W[i·8 + j] = W[i·8] + 2·W[i·8 + 7]
    expect(Array.from(dx)).toEqual([0, 1].map((i) => Math.fround(w0[i * 8] + 2 * w0[i * 8 + 7])));
    expect(Array.from(w)).toEqual(w0);
    expect(Array.from(d.forward(x))).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((j) => Math.fround(w0[j] - w0[8 + j])));
  });
});
