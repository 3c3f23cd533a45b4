/**
 * Issue 24, item 16: every wasm kernel with a vector body (4 lanes, or 8 to 32 at a time) and a
 * scalar tail, at every length up to one past its widest body, against its JavaScript twin.
 *
 * - Adam and SGD: the kernel step (an nn arena, wasm backend) against the JS optimiser's loop
 *   (js backend), step for step from the same state, with realistic gradients |g| in 1e−8..1,
 *   within bounds worked out from the float32 roundings each side makes.
 * - Elementwise f, dy·f′ and (f, f′) of every registry function: an element's result does not
 *   depend on where it sits (tail or body: the same bits as in a long array), and is within
 *   4 float32 ulp of the JS path, as test/kernels/accuracy.test.ts asks of the kernels.
 * - softmax, log-softmax and softmax's backward: rows of every size 1..41 and rows one to nine
 *   entries longer than a chunk; the multiply behind an Activation layer's backward; the GEMM,
 *   transpose and bias sum behind a float32 Dense with every dimension 1..13.
 *
 * The kernels are found by listing the module's exports, not by name: the last test fails for an
 * export that none of the tests above reached, so a kernel added later must be given a twin here.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  activations,
  getKernelBackend,
  logSoftmax,
  type Params,
  setKernelBackend,
  softmax,
  softmaxBackward,
  WasmArena,
} from "../../packages/actlab/src/index.js";
import { CHUNK, type KernelInstance } from "../../packages/actlab/src/kernels/runtime.js";
import { Activation, Adam, createRng, Dense, type Param, SGD } from "../../packages/actlab/src/nn/index.js";
import { fastInstance, nnBlock } from "../../packages/actlab/src/nn/fast.js";
import { ulps } from "./ulp.js";

// Every kernel instance records which of its exports are called: arenas through newInstance,
// the shared scratch instance below (runtime makes that one without going through its export).
const seen = vi.hoisted(() => ({ exports: new Set<string>(), called: new Set<string>() }));
vi.mock("../../packages/actlab/src/kernels/runtime.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../packages/actlab/src/kernels/runtime.js")>();
  const recorded = new WeakSet<object>();
  const record = (inst: KernelInstance): KernelInstance => {
    if (recorded.has(inst)) return inst;
    recorded.add(inst);
    // a copy: the exports object of an instance is frozen, and a proxy of it must hand out its own values
    const k = Object.assign(Object.create(null) as object, inst.k) as Record<string, unknown>;
    for (const [name, f] of Object.entries(k)) if (typeof f === "function") seen.exports.add(name);
    (inst as { k: unknown }).k = new Proxy(k, {
      get(target, name, receiver) {
        const f = Reflect.get(target, name, receiver) as unknown;
        if (typeof f !== "function" || typeof name !== "string") return f;
        seen.exports.add(name);
        return (...args: number[]) => {
          seen.called.add(name);
          return (f as (...a: number[]) => unknown)(...args);
        };
      },
    });
    return inst;
  };
  return { ...real, newInstance: (bytes: number) => record(real.newInstance(bytes)), scratch: () => record(real.scratch()) };
});

const start = getKernelBackend();
afterEach(() => {
  setKernelBackend(start);
});

const U = 2 ** -24;
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** The optimiser kernels work 4 entries at a time: 1..9 is two bodies and every tail. */
const LENGTHS = upTo(9);
/** The elementwise and softmax loops take up to 32 entries (8 vectors) a turn: every body and tail. */
const WIDE = upTo(41);

/** The float32 spacing at |v|. */
function ulp32(v: number): number {
  const a = Math.abs(Math.fround(v));
  return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** A gradient of magnitude 10^u, u uniform in [−8, 0], random sign. */
function realisticGradient(rng: ReturnType<typeof createRng>, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.random() < 0.5 ? -1 : 1) * 10 ** (-8 * rng.random()));
}

/** A float32 Param in an nn arena (so the optimiser state goes beside it and the kernels run). */
function arenaParam(n: number): Param {
  const [value, grad] = nnBlock([n, n]);
  return { name: "w", value, grad };
}

interface AdamCase {
  readonly kind: "adam";
  readonly label: string;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}
interface SgdCase {
  readonly kind: "sgd";
  readonly label: string;
  readonly lr: number;
  readonly momentum: number;
}
type Case = AdamCase | SgdCase;

const CASES: readonly Case[] = [
  { kind: "adam", label: "adam (lr 0.01, β 0.9, 0.999)", lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  { kind: "adam", label: "adam (lr 0.001, β 0.8, 0.9999)", lr: 0.001, beta1: 0.8, beta2: 0.9999, eps: 1e-8 },
  { kind: "sgd", label: "sgd (lr 0.05, momentum 0.9)", lr: 0.05, momentum: 0.9 },
  { kind: "sgd", label: "sgd (lr 0.1, no momentum)", lr: 0.1, momentum: 0 },
];

const make = (c: Case, p: Param) => (c.kind === "adam" ? new Adam([p], c) : new SGD([p], c));
/** The optimiser's state arrays (private fields: read here only to copy one state into the other). */
function stateOf(o: Adam | SGD): Float32Array[] {
  const s = o as unknown as { m?: Float32Array[]; v?: Float32Array[]; velocity?: Float32Array[] };
  return o instanceof Adam ? [(s.m as Float32Array[])[0], (s.v as Float32Array[])[0]] : [(s.velocity as Float32Array[])[0]];
}

/**
 * How far the kernel's step may land from the JS loop's, entry i, from the same state. The JS
 * loop works in float64 and rounds each stored value once; the kernel rounds every float32
 * operation: a few roundings of each term (not of the result, which may cancel), and what an
 * error in m or v does to the step.
 */
function bounds(c: Case, t: number, g: number, s0: readonly number[], s1: readonly number[], w1: number): { state: number[]; w: number } {
  if (c.kind === "sgd") {
    const v = 4 * U * (Math.abs(c.momentum * s0[0]) + Math.abs(g));
    return { state: [v], w: 2 * ulp32(w1) + c.lr * v + 3 * U * c.lr * (Math.abs(s1[0]) + v) };
  }
  const m = 6 * U * (Math.abs(c.beta1 * s0[0]) + Math.abs((1 - c.beta1) * g));
  const v = 7 * U * (c.beta2 * s0[1] + (1 - c.beta2) * g * g);
  const a = c.lr / (1 - c.beta1 ** t);
  const s = 1 / (1 - c.beta2 ** t);
  const d = Math.sqrt(s * s1[1]) + c.eps;
  const step = Math.abs(a * s1[0]) / d;
  const fromV = (step * Math.sqrt(s) * v) / (2 * Math.sqrt(s1[1]) * d);
  return { state: [m, v], w: 2 * ulp32(w1) + 10 * U * step + (a * m) / d + fromV };
}

describe("Adam and SGD kernels against the JS optimisers, step for step, at every length 1..9", () => {
  for (const c of CASES) {
    for (const n of LENGTHS) {
      it(`${c.label} over ${n} entries: 30 steps with |g| in 1e−8..1 agree with the JS loop`, () => {
        const rng = createRng(100 + n);
        const pk = arenaParam(n);
        const pj = arenaParam(n);
        pj.value.set(Float32Array.from({ length: n }, () => rng.normal()));
        setKernelBackend("wasm");
        const ok = make(c, pk);
        expect(fastInstance(pk.value, pk.grad, ...stateOf(ok)), "the kernel path").toBeDefined();
        const oj = make(c, pj);
        for (let t = 1; t <= 30; t++) {
          const g = realisticGradient(rng, n);
          pk.grad.set(g);
          pj.grad.set(g);
          // the same state before every step: each step is compared, not an accumulated drift
          pk.value.set(pj.value);
          stateOf(ok).forEach((s, j) => s.set(stateOf(oj)[j]));
          const s0 = stateOf(oj).map((s) => Float64Array.from(s));
          setKernelBackend("wasm");
          ok.step();
          setKernelBackend("js");
          oj.step();
          for (let i = 0; i < n; i++) {
            const b = bounds(c, t, g[i], s0.map((s) => s[i]), stateOf(oj).map((s) => s[i]), pj.value[i]);
            stateOf(ok).forEach((s, j) => {
              const want = stateOf(oj)[j][i];
              expect(Math.abs(s[i] - want), `${c.label} n=${n} step ${t} state ${j}[${i}]: ${s[i]} vs ${want}`).toBeLessThanOrEqual(b.state[j]);
            });
            expect(Math.abs(pk.value[i] - pj.value[i]), `${c.label} n=${n} step ${t} w[${i}]: ${pk.value[i]} vs ${pj.value[i]}`).toBeLessThanOrEqual(b.w);
          }
        }
      });
    }

    it(`${c.label}: a tail entry steps bit for bit like the same entry in the vector body`, () => {
      // 12 entries: all body. Lengths 1..9 put entries 4·⌊n/4⌋ … n − 1 in the scalar tail.
      const rng = createRng(7);
      const w0 = Float32Array.from({ length: 12 }, () => rng.normal());
      const gs = Array.from({ length: 5 }, () => realisticGradient(rng, 12));
      setKernelBackend("wasm");
      const run = (n: number) => {
        const p = arenaParam(n);
        p.value.set(w0.subarray(0, n));
        const o = make(c, p);
        for (const g of gs) {
          p.grad.set(g.subarray(0, n));
          o.step();
        }
        return [p.value, ...stateOf(o)].map((a) => Array.from(a));
      };
      const long = run(12);
      for (const n of LENGTHS) expect(run(n), `n=${n}`).toEqual(long.map((a) => a.slice(0, n)));
    });
  }
});

/** Parameters that keep each function on its kernel (the defaults, and a per-channel PReLU). */
const PARAMS: Record<string, Params | undefined> = { prelu: { alpha: [0.1, -0.2, 0.3] } };

describe("elementwise kernels: tails equal the body bit for bit, and the JS path within 4 ulp", () => {
  const rng = createRng(11);
  // 48 values: a multiple of 4, of 32 + 16 and of PReLU's 3 channels, across the interesting range
  const X = Float32Array.from({ length: 48 }, (_, i) => (i % 9 === 0 ? [0, -0, 1e-30, -40, 40, -3, 3][i % 7] : rng.normal() * 4));
  const DY = Float32Array.from({ length: 48 }, () => rng.normal());
  for (const a of activations) {
    const p = PARAMS[a.id];
    it(`${a.id}: forward, backward and forwardWithDerivative at lengths 1..41`, () => {
      setKernelBackend("wasm");
      const longY = a.forward(X, p);
      const longDx = a.backward(X, DY, p);
      const longFd = a.forwardWithDerivative(X, p);
      for (const n of WIDE) {
        // PReLU per channel needs a whole number of channels
        if (p && n % 3 !== 0) continue;
        const x = X.slice(0, n);
        const dy = DY.slice(0, n);
        setKernelBackend("wasm");
        const y = a.forward(x, p);
        const dx = a.backward(x, dy, p);
        const fd = a.forwardWithDerivative(x, p);
        expect(Array.from(y), `${a.id} f n=${n}`).toEqual(Array.from(longY.subarray(0, n)));
        expect(Array.from(dx), `${a.id} b n=${n}`).toEqual(Array.from(longDx.subarray(0, n)));
        expect(Array.from(fd.y), `${a.id} fd.y n=${n}`).toEqual(Array.from(longFd.y.subarray(0, n)));
        expect(Array.from(fd.d), `${a.id} fd.d n=${n}`).toEqual(Array.from(longFd.d.subarray(0, n)));
        setKernelBackend("js");
        const yj = a.forward(x, p);
        const dxj = a.backward(x, dy, p);
        const fj = a.forwardWithDerivative(x, p);
        for (let i = 0; i < n; i++) {
          expect(ulps(y[i], yj[i]), `${a.id} f(${x[i]}) n=${n}: ${y[i]} vs ${yj[i]}`).toBeLessThanOrEqual(4);
          expect(ulps(dx[i], dxj[i]), `${a.id} ${dy[i]}·f′(${x[i]}) n=${n}: ${dx[i]} vs ${dxj[i]}`).toBeLessThanOrEqual(4);
          expect(ulps(fd.y[i], fj.y[i]), `${a.id} fd.y(${x[i]}) n=${n}`).toBeLessThanOrEqual(4);
          expect(ulps(fd.d[i], fj.d[i]), `${a.id} f′(${x[i]}) n=${n}: ${fd.d[i]} vs ${fj.d[i]}`).toBeLessThanOrEqual(4);
        }
      }
    });
  }
});

describe("the multiply behind a float32 Activation layer's backward (8 at a time, then one by one)", () => {
  it("dy·f′ at every length 1..17 equals the JS layer's bit for bit", () => {
    const rng = createRng(19);
    for (const n of upTo(17)) {
      const x = Float32Array.from({ length: n }, () => rng.normal() * 3);
      const dy = Float32Array.from({ length: n }, () => rng.normal());
      const run = (backend: "wasm" | "js") => {
        setKernelBackend(backend);
        const layer = new Activation("tanh");
        const [xa, dya] = nnBlock([n, n]);
        xa.set(x);
        dya.set(dy);
        const y = layer.forward(xa);
        return { y: Array.from(y), dx: Array.from(layer.backward(dya)) };
      };
      const k = run("wasm");
      const j = run("js");
      // the same f′ on both sides (bit for bit, so the product alone is compared)
      setKernelBackend("wasm");
      const d = Array.from(activations.find((a) => a.id === "tanh")?.forwardWithDerivative(x).d ?? []);
      expect(k.dx, `n=${n}`).toEqual(d.map((v, i) => Math.fround(v * dy[i])));
      for (let i = 0; i < n; i++) expect(ulps(k.dx[i], j.dx[i]), `n=${n} [${i}]`).toBeLessThanOrEqual(4);
    }
  });
});

/** Σ_k |y_k·dy_k| of each row: what the float64 dot products may lose a part of. */
function rowScales(y: Float32Array, dy: Float32Array, size: number): Float64Array {
  const s = new Float64Array(y.length / size);
  for (let i = 0; i < y.length; i++) s[Math.floor(i / size)] += Math.abs(y[i] * dy[i]);
  return s;
}

/**
 * The first entry whose distance from want exceeds tol(i), described, or "" (one assertion per
 * array: a long row has 32,777 entries). The distance is |got − want|, or float32 ulps with `ulp`.
 */
function firstMiss(got: ArrayLike<number>, want: ArrayLike<number>, tol: (i: number) => number, ulp = false): string {
  for (let i = 0; i < got.length; i++) {
    const d = ulp ? ulps(got[i], want[i]) : Number.isNaN(want[i]) && Number.isNaN(got[i]) ? 0 : Math.abs(got[i] - want[i]);
    if (!(d <= tol(i))) return `[${i}]: ${got[i]} vs ${want[i]} (distance ${d}, allowed ${tol(i)})`;
  }
  return "";
}

function compareRows(size: number, rows: number, rng: ReturnType<typeof createRng>): void {
  const x = Float32Array.from({ length: rows * size }, () => rng.normal() * 5);
  const dy = Float32Array.from({ length: rows * size }, () => rng.normal());
  for (const [name, fn] of [
    ["softmax", softmax],
    ["logSoftmax", logSoftmax],
  ] as const) {
    setKernelBackend("wasm");
    const y = fn(x, { size });
    setKernelBackend("js");
    const yj = fn(x, { size });
    expect(firstMiss(y, yj, () => 4, true), `${name} size ${size}: float32 ulps`).toBe("");
  }
  // the backward of the same y on both sides: dx = y·(dy − Σ y·dy), evaluated in float64 and
  // rounded once; the sums differ only in their order, by at most n·2⁻⁵² of Σ|y·dy|
  setKernelBackend("js");
  const y = softmax(x, { size });
  const dxj = softmaxBackward(y, dy, { size });
  setKernelBackend("wasm");
  const dx = softmaxBackward(y, dy, { size });
  const scale = rowScales(y, dy, size);
  expect(firstMiss(dx, dxj, (i) => ulp32(dxj[i]) + Math.abs(y[i]) * size * 2 ** -51 * scale[Math.floor(i / size)]), `softmaxBackward size ${size}`).toBe("");
}

describe("softmax rows: every size 1..41, and rows one to nine entries longer than a chunk", () => {
  it("softmax, logSoftmax and softmaxBackward on wasm equal the JS path, 3 rows of each size", () => {
    const rng = createRng(13);
    for (const size of WIDE) compareRows(size, 3, rng);
  });

  it(`rows of ${CHUNK} + 1 … ${CHUNK} + 9 entries (the long-row passes end in a tail)`, () => {
    const rng = createRng(23);
    for (const r of LENGTHS) compareRows(CHUNK + r, 1, rng);
  });

  it("exp_scale (no caller in the library today): e^(x − m)·inv at every length 1..41, tails as in the body", () => {
    const rng = createRng(29);
    const arena = new WasmArena(2 * 48);
    const [x, y] = [arena.alloc(48), arena.alloc(48)];
    x.set(Float32Array.from({ length: 48 }, () => -Math.abs(rng.normal()) * 20));
    setKernelBackend("wasm");
    const inst = fastInstance(x, y) as KernelInstance;
    expect(inst, "the arena's kernel instance").toBeDefined();
    inst.k.exp_scale(x.byteOffset, y.byteOffset, 48, 0, 0.5);
    const long = Array.from(y);
    for (const n of WIDE) {
      y.fill(-1);
      inst.k.exp_scale(x.byteOffset, y.byteOffset, n, 0, 0.5);
      expect(Array.from(y.subarray(0, n)), `n=${n}`).toEqual(long.slice(0, n));
      expect(y[n] ?? -1, `n=${n}: nothing written past the end`).toBe(-1);
      for (let i = 0; i < n; i++) expect(ulps(y[i], Math.fround(Math.exp(x[i]) * 0.5)), `x=${x[i]}`).toBeLessThanOrEqual(4);
    }
  });
});

describe("the GEMM edges behind a float32 Dense: every inputs × outputs in 1..13, rows 1..9", () => {
  it("forward, dx and the weight and bias gradients equal the exact loops bit for bit (small integers)", () => {
    const rng = createRng(17);
    const int = () => Math.floor(rng.random() * 7) - 3;
    // 13 = 8 + 4 + 1: the 4×8 block, the 4-column block and the scalar column in one product
    for (const m of upTo(13)) {
      for (const k of upTo(13)) {
        for (const rows of LENGTHS) {
          const x = Float32Array.from({ length: rows * m }, int);
          const dy = Float32Array.from({ length: rows * k }, int);
          const run = (backend: "wasm" | "js") => {
            setKernelBackend(backend);
            const d = new Dense(m, k, { dtype: "float32" });
            d.weight.value.set(Float32Array.from({ length: m * k }, (_, i) => ((i * 5) % 7) - 3));
            d.bias.value.set(Float32Array.from({ length: k }, (_, i) => i - 2));
            // gradients accumulate (+=) into what is there: start from something, not from zeros
            d.weight.grad.set(Float32Array.from({ length: m * k }, (_, i) => (i % 5) - 2));
            d.bias.grad.set(Float32Array.from({ length: k }, (_, i) => 3 - (i % 4)));
            const y = Array.from(d.forward(x));
            const dx = Array.from(d.backward(dy));
            return { y, dx, gw: Array.from(d.weight.grad), gb: Array.from(d.bias.grad) };
          };
          expect(run("wasm"), `m=${m} k=${k} rows=${rows}`).toEqual(run("js"));
        }
      }
    }
  });
});

describe("every kernel is compared here", () => {
  it("each export of the kernel modules that works on arrays was called by a test above", () => {
    // run after the others (vitest keeps a file's order): what they called is in seen.called
    const notKernels = new Set(["heap_base", "more_heap_base", "max_count"]);
    const kernels = [...seen.exports].filter((name) => !notKernels.has(name)).sort();
    expect(kernels.length, "the kernels were listed").toBeGreaterThan(50);
    expect(kernels.filter((name) => !seen.called.has(name)), "kernels with no twin in test/kernels/tails.test.ts").toEqual([]);
  });
});
