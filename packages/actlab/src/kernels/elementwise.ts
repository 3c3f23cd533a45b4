import { ALPHA_CAP, arenaOf, CHUNK, type KernelInstance, scratch, useWasm } from "./runtime.js";

type F32 = Float32Array;
type Kernel = (...args: number[]) => number | void;

/**
 * How a parameter reaches the kernels: rounded to float32 once. A slope (leaky, PReLU) only
 * scales x, so any float32-normal value keeps the product within 1 ulp; ELU's α multiplies an
 * exponential before its final scaling, which stays exact while 2⁻¹⁵ ≤ |α| ≤ 2²⁰. Outside these
 * ranges the exact scalar path answers instead.
 */
type AlphaUse = "none" | "slope" | "scale";

const SPECS: Readonly<Record<string, { readonly name: string; readonly alpha: AlphaUse }>> = {
  sigmoid: { name: "sigmoid", alpha: "none" },
  tanh: { name: "tanh", alpha: "none" },
  relu: { name: "relu", alpha: "none" },
  "leaky-relu": { name: "leaky", alpha: "slope" },
  prelu: { name: "leaky", alpha: "slope" },
  elu: { name: "elu", alpha: "scale" },
  selu: { name: "selu", alpha: "none" },
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

function spec(id: string, a: number) {
  const sp = SPECS[id];
  return sp && alphaFits(sp.alpha, a) ? sp : undefined;
}

/** y = f(x) through the wasm kernels; false when this call must take the exact scalar path. */
export function fastForward(id: string, x: F32, y: F32, a: number): boolean {
  const sp = spec(id, a);
  if (!sp || !useWasm()) return false;
  const fn = sp.name + "_f";
  drive([x], [y], (k, p, n) => (k.k[fn] as Kernel)(p[0], p[1], n, a));
  return true;
}

/** dx = dy·f′(x) through the wasm kernels. */
export function fastBackward(id: string, x: F32, dy: F32, dx: F32, a: number): boolean {
  const sp = spec(id, a);
  if (!sp || !useWasm()) return false;
  const fn = sp.name + "_b";
  drive([x, dy], [dx], (k, p, n) => (k.k[fn] as Kernel)(p[0], p[1], p[2], n, a));
  return true;
}

/** y = f(x) and d = f′(x) in one pass through the wasm kernels. */
export function fastForwardWithDerivative(id: string, x: F32, y: F32, d: F32, a: number): boolean {
  const sp = spec(id, a);
  if (!sp || !useWasm()) return false;
  const fn = sp.name + "_fd";
  drive([x], [y, d], (k, p, n) => (k.k[fn] as Kernel)(p[0], p[1], p[2], n, a));
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
