// Two modules over one memory: the article's functions and softmax (wasm-module), and the other
// functions with the nn kernels (wasm-more). A bundle may replace either import by a module whose
// string is empty until it has loaded the real one (the lab does, to load them when needed): the
// imports are live bindings, read again until they hold bytes.
import { KERNELS_WASM_BASE64 } from "./wasm-module.js";
import { KERNELS_MORE_BASE64 } from "./wasm-more.js";

/** The exports of assembly/kernels.ts: every address is a byte offset into the instance's memory. */
export interface KernelExports {
  readonly [name: string]: (...args: number[]) => number | void;
  heap_base(): number;
  row_max(x: number, n: number): number;
  exp_rest(x: number, n: number, max: number): number;
  exp_store(x: number, y: number, n: number, max: number): number;
  max_count(): number;
  exp_scale(x: number, y: number, n: number, max: number, inv: number): void;
  log_apply(x: number, y: number, n: number, max: number, logSum: number): void;
  softmax_rows(x: number, y: number, rows: number, size: number, log: number): void;
  dot(y: number, dy: number, n: number): number;
  softmax_back_apply(y: number, dy: number, dx: number, n: number, s: number): void;
  softmax_back_rows(y: number, dy: number, dx: number, rows: number, size: number): void;
  preluc_f(x: number, y: number, n: number, alpha: number, c: number, phase: number): void;
  preluc_b(x: number, dy: number, dx: number, n: number, alpha: number, c: number, phase: number): void;
  preluc_fd(x: number, y: number, d: number, n: number, alpha: number, c: number, phase: number): void;
}

/**
 * Which code runs float32 arrays: "wasm" (WebAssembly SIMD kernels) or "js" (the exact scalar
 * path, the same code as for Float64Array). Float64Array always takes the exact path.
 */
export type KernelBackend = "wasm" | "js";

/**
 * Elements per chunk when a plain JS array passes through wasm memory: 32768 float32 = 128 KiB
 * per operand, so the three or four operands of a call stay in the L2 cache of one core. (Measured
 * at n = 10⁶: 2048 and 8192 were slower, the per-chunk call costs nothing that matters.)
 */
export const CHUNK = 32768;
/** Room for per-channel PReLU slopes at the start of every memory (more channels take the JS path). */
export const ALPHA_CAP = 8192;
const PAGE = 65536;

/** One instance of the kernels over a memory that never grows, so views into it never detach. */
export interface KernelInstance {
  readonly k: KernelExports;
  // Typed structurally so the published .d.ts needs neither the DOM lib nor @types/node.
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly f32: Float32Array;
  /** Byte offset of the PReLU slope region (ALPHA_CAP floats). */
  readonly alpha: number;
  /** Byte offset where the rest of the memory (scratch or arena) begins, 16-byte aligned. */
  readonly start: number;
}

let requested: KernelBackend = "wasm";
let compiled: WebAssembly.Module | null | undefined;
let compiledMore: WebAssembly.Module | null | undefined;
let failure = "";
let scratchInstance: KernelInstance | undefined;
/** Arena memories by their buffer: how a Float32Array is recognised as living in wasm memory. */
const arenaByBuffer = new WeakMap<ArrayBufferLike, KernelInstance>();

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const table = new Uint8Array(128);
  for (let i = 0; i < B64.length; i++) table[B64.charCodeAt(i)] = i;
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  const out = new Uint8Array(new ArrayBuffer((s.length / 4) * 3 - pad));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const v = (table[s.charCodeAt(i)] << 18) | (table[s.charCodeAt(i + 1)] << 12) | (table[s.charCodeAt(i + 2)] << 6) | table[s.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = v >>> 16;
    if (o < out.length) out[o++] = (v >>> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

/** The compiled module, or null when this engine cannot run it (no WebAssembly, no SIMD). Compiled once, on first use. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  if (!KERNELS_WASM_BASE64) {
    failure = "the kernels are not loaded yet";
    return null;
  }
  try {
    if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
    const bytes = decodeBase64(KERNELS_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) throw new Error("this engine does not support WebAssembly SIMD");
    compiled = new WebAssembly.Module(bytes);
  } catch (e) {
    compiled = null;
    failure = e instanceof Error ? e.message : String(e);
  }
  return compiled;
}

/** The second module (assembly/more.ts), or null while its bytes are not loaded. Compiled once. */
function moreModule(): WebAssembly.Module | null {
  if (compiledMore !== undefined) return compiledMore;
  if (!KERNELS_MORE_BASE64 || !kernelModule()) return null;
  try {
    compiledMore = new WebAssembly.Module(decodeBase64(KERNELS_MORE_BASE64));
  } catch {
    compiledMore = null;
  }
  return compiledMore;
}

/** Where assembly/more.ts puts its static data (scripts/build-wasm.mjs, MORE_BASE). */
const MORE_BASE = 32768;
/** Which kernels the first module has: the others need the second. */
let coreNames: ReadonlySet<string> | undefined;

/**
 * Adds the second module's kernels to an instance, over its memory; false while that module is not
 * loaded. Instances made after it loads have them from the start.
 */
function attachMore(inst: KernelInstance): boolean {
  if (typeof inst.k.gemm === "function") return true;
  const more = moreModule();
  if (!more) return false;
  const exp = new WebAssembly.Instance(more, { env: { memory: inst.memory as WebAssembly.Memory } }).exports as Record<string, unknown>;
  const end = (exp.more_heap_base as () => number)();
  if (end > PAGE) throw new Error(`internal: wasm static data (${end} bytes) overflows its ${PAGE}-byte reserve`);
  for (const [name, f] of Object.entries(exp)) if (typeof f === "function" && name !== "more_heap_base") (inst.k as Record<string, unknown>)[name] = f;
  return true;
}

/**
 * The kernel `name` of an instance, or undefined when it is in the second module and that module
 * is not loaded (the caller then takes the exact path).
 */
export function kernelOf(inst: KernelInstance, name: string): ((...args: number[]) => number | void) | undefined {
  const f = inst.k[name] as ((...args: number[]) => number | void) | undefined;
  if (f) return f;
  return attachMore(inst) ? inst.k[name] : undefined;
}

/** Whether the kernel `name` can run now (its module is loaded). */
export function hasKernel(name: string): boolean {
  const module = kernelModule();
  if (!module) return false;
  coreNames ??= new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  return coreNames.has(name) || moreModule() !== null;
}

/** A new instance whose memory holds the slope region plus `bytes` more, fixed in size. */
export function newInstance(bytes: number): KernelInstance {
  const module = kernelModule();
  if (!module) throw new Error(`wasm kernels unavailable: ${failure}`);
  // heap_base is only known after instantiation; the static data of the first module (and its
  // softmax blocks) must end below MORE_BASE, the second module's static data below 64 KiB.
  const reserve = PAGE;
  const pages = Math.ceil((reserve + ALPHA_CAP * 4 + bytes) / PAGE);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  // A copy: the exports object is frozen, and the second module's kernels join it when loaded.
  const k = Object.assign(Object.create(null) as object, exports) as KernelExports;
  const base = k.heap_base();
  if (base > MORE_BASE) throw new Error(`internal: wasm static data (${base} bytes) overflows its ${MORE_BASE}-byte reserve`);
  const inst = { k, memory, f32: new Float32Array(memory.buffer), alpha: reserve, start: reserve + ALPHA_CAP * 4 };
  attachMore(inst);
  return inst;
}

/** The shared instance whose memory is four chunk-sized operand slots. */
export function scratch(): KernelInstance {
  scratchInstance ??= newInstance(4 * CHUNK * 4);
  return scratchInstance;
}

/** The arena instance that owns this array's memory, if it lives in one. */
export function arenaOf(a: ArrayBufferView): KernelInstance | undefined {
  return arenaByBuffer.get(a.buffer);
}

export function registerArena(inst: KernelInstance): void {
  arenaByBuffer.set(inst.memory.buffer, inst);
}

/** True when float32 work should go through the wasm kernels right now. */
export function useWasm(): boolean {
  return requested === "wasm" && kernelModule() !== null;
}

/**
 * Chooses the float32 kernels: "wasm" (WebAssembly SIMD, the default) or "js" (the exact scalar
 * path, the same code as for Float64Array). Returns the backend in effect, which is "js" when
 * "wasm" was asked for on an engine without WebAssembly SIMD.
 *
 * @example
 * setKernelBackend("js");     // "js": float32 arrays now take the exact path
 * setKernelBackend("wasm");   // "wasm" (or "js" on an engine without WebAssembly SIMD)
 * setKernelBackend("gpu" as never);   // throws RangeError: invalid kernel backend: gpu (must be "wasm" or "js")
 */
export function setKernelBackend(backend: KernelBackend): KernelBackend {
  if (backend !== "wasm" && backend !== "js") {
    throw new RangeError(`invalid kernel backend: ${String(backend)} (must be "wasm" or "js")`);
  }
  requested = backend;
  return getKernelBackend();
}

/**
 * The backend that float32 arrays go through now ("js" when wasm was not asked for or cannot run).
 *
 * @example
 * getKernelBackend();   // "wasm" in Node 20+ and current browsers
 */
export function getKernelBackend(): KernelBackend {
  return useWasm() ? "wasm" : "js";
}

/**
 * Whether this engine can run the wasm kernels, and why not when it cannot.
 *
 * @example
 * wasmKernelSupport();   // { available: true } — or { available: false, reason: "…" }
 */
export function wasmKernelSupport(): { readonly available: boolean; readonly reason?: string } {
  return kernelModule() ? { available: true } : { available: false, reason: failure };
}
