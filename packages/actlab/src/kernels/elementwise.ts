import { ALPHA_CAP, arenaOf, CHUNK, hasKernel, type KernelInstance, kernelOf, scratch, useWasm } from "./runtime.js";

type F32 = Float32Array;
type Kernel = (...args: number[]) => number | void;

/**
 * How a parameter reaches the kernels: rounded to float32 once. A slope (leaky, PReLU) only
 * scales x, so any float32-normal value keeps the product within 1 ulp; ELU's α multiplies an
 * exponential before its final scaling, which stays exact while 2⁻¹⁵ ≤ |α| ≤ 2²⁰. Outside these
 * ranges the exact scalar path answers instead.
 */
type AlphaUse = "none" | "slope" | "scale";

/** Kernel arguments from a function's two parameter values, or undefined where the exact path must answer. */
type Args = (a: number, b: number) => readonly number[] | undefined;

/** A kink or a subtracted constant is used as it is only when float32 holds it exactly. */
const exact32 = (v: number) => Math.fround(v) === v;
const noParams: Args = () => [0, 0];

const SPECS: Readonly<Record<string, { readonly name: string; readonly alpha?: AlphaUse; readonly args?: Args }>> = {
  sigmoid: { name: "sigmoid", alpha: "none" },
  tanh: { name: "tanh", alpha: "none" },
  relu: { name: "relu", alpha: "none" },
  "leaky-relu": { name: "leaky", alpha: "slope" },
  prelu: { name: "leaky", alpha: "slope" },
  elu: { name: "elu", alpha: "scale" },
  selu: { name: "selu", alpha: "none" },
  // The functions of assembly/extra.ts (issue 10).
  gelu: { name: "gelu", args: noParams },
  "gelu-tanh": { name: "gelu_tanh", args: noParams },
  silu: { name: "silu", args: noParams },
  mish: { name: "mish", args: noParams },
  // β·x is carried exactly (TwoProduct) for a float32 β; e^(βx)/β stays normal for β in [2⁻¹⁵, 2¹⁵].
  softplus: { name: "softplus", args: (beta) => (exact32(beta) && beta >= 2 ** -15 && beta <= 2 ** 15 ? [beta, 0] : undefined) },
  softsign: { name: "softsign", args: noParams },
  hardtanh: { name: "hardtanh", args: (min, max) => (exact32(min) && exact32(max) ? [min, max] : undefined) },
  relu6: { name: "hardtanh", args: () => [0, 6] },
  hardsigmoid: { name: "hardsigmoid", args: noParams },
  hardswish: { name: "hardswish", args: noParams },
  // x/α is carried exactly for f′ = e^(x/α) when α is a float32 in [2⁻⁶⁰, 2⁶⁰].
  celu: { name: "celu", args: (alpha) => (exact32(alpha) && alpha >= 2 ** -60 && alpha <= 2 ** 60 ? [alpha, 0] : undefined) },
  "log-sigmoid": { name: "logsigmoid", args: noParams },
  tanhshrink: { name: "tanhshrink", args: noParams },
  softshrink: { name: "softshrink", args: (lambda) => (exact32(lambda) ? [lambda, 0] : undefined) },
  hardshrink: { name: "hardshrink", args: (lambda) => (exact32(lambda) ? [lambda, 0] : undefined) },
  // threshold′ jumps at t, so t must be exact; the value is only rounded once, like any result.
  threshold: { name: "threshold", args: (t, value) => (exact32(t) ? [t, value] : undefined) },
  // RReLU outside training: a leaky ReLU with slope (lower + upper)/2.
  rrelu: { name: "leaky", args: (lower, upper) => (alphaFits("slope", (lower + upper) / 2) ? [(lower + upper) / 2, 0] : undefined) },
};

function alphaFits(use: AlphaUse, a: number): boolean {
  if (use === "none") return true;
  const m = Math.abs(a);
  if (use === "slope") return m === 0 || (m >= 2 ** -100 && m <= 2 ** 100);
  return m >= 2 ** -15 && m <= 2 ** 20;
}

/** The one instance whose memory holds every array, when there is one. */
function commonArena(arrays: readonly F32[]): KernelInstance | undefined {
  const inst = arenaOf(arrays[0]);
  if (!inst) return undefined;
  for (let i = 1; i < arrays.length; i++) if (arenaOf(arrays[i]) !== inst) return undefined;
  return inst;
}

/** Views of the four scratch slots, made once (the scratch memory never grows). */
let slots: F32[] | undefined;
function slotViews(s: KernelInstance): F32[] {
  slots ??= [0, 1, 2, 3].map((j) => new Float32Array(s.memory.buffer, s.start + j * CHUNK * 4, CHUNK));
  return slots;
}

/**
 * Runs `call(pointers, count, start)` over the arrays: in place when they all live in one arena,
 * otherwise chunk by chunk through the scratch slots (inputs copied in, outputs copied out).
 */
export function drive(ins: readonly F32[], outs: readonly F32[], call: (k: KernelInstance, p: readonly number[], count: number, start: number) => void): void {
  const n = ins[0].length;
  if (n === 0) return;
  const all = [...ins, ...outs];
  const arena = commonArena(all);
  if (arena) {
    call(arena, all.map((a) => a.byteOffset), n, 0);
    return;
  }
  const s = scratch();
  const views = slotViews(s);
  const ptrs = all.map((_, j) => s.start + j * CHUNK * 4);
  for (let i = 0; i < n; i += CHUNK) {
    const c = Math.min(CHUNK, n - i);
    for (let j = 0; j < ins.length; j++) views[j].set(ins[j].subarray(i, i + c));
    call(s, ptrs, c, i);
    for (let j = 0; j < outs.length; j++) {
      const v = views[ins.length + j];
      outs[j].set(c === CHUNK ? v : v.subarray(0, c), i);
    }
  }
}

/** The kernel name and its trailing arguments, or undefined when this call must take the exact path. */
function spec(id: string, a: number, b: number): { readonly name: string; readonly args: readonly number[] } | undefined {
  const sp = SPECS[id];
  if (!sp) return undefined;
  if (sp.args) {
    const args = sp.args(a, b);
    return args && { name: sp.name, args };
  }
  return alphaFits(sp.alpha ?? "none", a) ? { name: sp.name, args: [a, b] } : undefined;
}

/**
 * True when a Float32Array call of the registry function `id` runs on a wasm kernel now (the
 * backend is on and the kernel exists; parameters out of a kernel's range still fall back).
 * Formulas (src/formula/arrays.ts) route their registry calls by it.
 */
export function hasFastPath(id: string): boolean {
  const sp = SPECS[id];
  return sp !== undefined && useWasm() && hasKernel(sp.name + "_fd");
}

/**
 * y = f(x) through the wasm kernels; false when this call must take the exact scalar path.
 * `a` and `b` are the function's parameter values in the order of its `params` metadata
 * (b = 0 for functions with fewer than two).
 */
export function fastForward(id: string, x: F32, y: F32, a: number, b = 0): boolean {
  const sp = spec(id, a, b);
  if (!sp || !useWasm() || !hasKernel(sp.name + "_f")) return false;
  const fn = sp.name + "_f";
  drive([x], [y], (k, p, n) => (kernelOf(k, fn) as Kernel)(p[0], p[1], n, ...sp.args));
  return true;
}

/** dx = dy·f′(x) through the wasm kernels. */
export function fastBackward(id: string, x: F32, dy: F32, dx: F32, a: number, b = 0): boolean {
  const sp = spec(id, a, b);
  if (!sp || !useWasm() || !hasKernel(sp.name + "_b")) return false;
  const fn = sp.name + "_b";
  drive([x, dy], [dx], (k, p, n) => (kernelOf(k, fn) as Kernel)(p[0], p[1], p[2], n, ...sp.args));
  return true;
}

/** y = f(x) and d = f′(x) in one pass through the wasm kernels. */
export function fastForwardWithDerivative(id: string, x: F32, y: F32, d: F32, a: number, b = 0): boolean {
  const sp = spec(id, a, b);
  if (!sp || !useWasm() || !hasKernel(sp.name + "_fd")) return false;
  const fn = sp.name + "_fd";
  drive([x], [y, d], (k, p, n) => (kernelOf(k, fn) as Kernel)(p[0], p[1], p[2], n, ...sp.args));
  return true;
}

/**
 * PReLU with one slope per channel (element i uses alpha[i mod C]); the slopes are copied, as
 * float32, into the slope region of whichever memory runs the call.
 */
export function fastPreluChannels(kind: "f" | "b" | "fd", x: F32, dy: F32 | undefined, y: F32, d: F32 | undefined, alpha: ArrayLike<number>): boolean {
  const c = alpha.length;
  if (c > ALPHA_CAP || !useWasm()) return false;
  for (let j = 0; j < c; j++) if (!alphaFits("slope", alpha[j])) return false;
  let loaded: KernelInstance | undefined;
  const load = (k: KernelInstance) => {
    if (loaded === k) return;
    const at = k.alpha / 4;
    for (let j = 0; j < c; j++) k.f32[at + j] = alpha[j];
    loaded = k;
  };
  // The chunk's first element is element `start` of the array: its channel is start mod c.
  if (kind === "f") {
    drive([x], [y], (k, p, n, start) => {
      load(k);
      k.k.preluc_f(p[0], p[1], n, k.alpha, c, start % c);
    });
  } else if (kind === "b") {
    drive([x, dy as F32], [y], (k, p, n, start) => {
      load(k);
      k.k.preluc_b(p[0], p[1], p[2], n, k.alpha, c, start % c);
    });
  } else {
    drive([x], [y, d as F32], (k, p, n, start) => {
      load(k);
      k.k.preluc_fd(p[0], p[1], p[2], n, k.alpha, c, start % c);
    });
  }
  return true;
}
