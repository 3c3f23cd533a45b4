import { WasmArena } from "../kernels/arena.js";
import { arenaOf, hasKernel, type KernelInstance, kernelOf, useWasm } from "../kernels/runtime.js";

/*
 * Where the float32 path of actlab/nn keeps its arrays: arenas of WebAssembly memory, so the
 * matrix kernels (assembly/gemm.ts) work on weights, gradients, optimiser state and every
 * layer's activations where they lie, with no copies between layers. A layer allocates its
 * parameters in one block, and its per-batch buffers next to them: one buffer of each kind,
 * grown (at least doubled) only when a batch is larger than any before.
 */

/** Floats per arena: 4 Mi (16 MiB, reserved lazily by the OS); a larger request gets its own. */
const ARENA_FLOATS = 1 << 22;
const arenas = new WeakMap<ArrayBufferLike, WasmArena>();
let current: WasmArena | undefined;

function open(n: number): WasmArena {
  const a = new WasmArena(Math.max(ARENA_FLOATS, Math.ceil(n / 4) * 4));
  arenas.set(a.alloc(0).buffer, a);
  return a;
}

function room(a: WasmArena, n: number): boolean {
  return a.capacity - a.used >= n;
}

/**
 * Makes the next allocation open a fresh arena, unless the current one still has room for `need`
 * floats. Where a layer's arrays land decides whether its products run on the wasm kernels
 * (everything in one memory) or on the exact loops (a full arena put a buffer elsewhere), and the
 * two round differently: without a fresh start, a run's numbers would depend on what ran before
 * it in the same thread. The experiments call it with no `need` at the start of every seed and
 * before every float32 net they build (so a net gives the same numbers in a fresh worker, after
 * other seeds, or in-process), and with the net's size where one seed builds many nets. (A net
 * whose own arrays outgrow one arena, 4 Mi floats, still splits; it does so the same way every
 * time.)
 *
 * @example
 * nnFreshArena();
 * const net = new Sequential([new Dense(64, 64, { dtype: "float32" })]);   // its arrays start a new arena
 * nnFreshArena(64 * 64 * 8);   // a new arena only if the current one has less room than that
 */
export function nnFreshArena(need?: number): void {
  if (need !== undefined && current && room(current, need)) return;
  current = undefined;
}

let allocated = 0;

/** Floats handed out by nnAlloc since the module loaded (what a test watches to bound memory). */
export function nnAllocated(): number {
  return allocated;
}

/** n zeros in an nn arena: the one holding `near` when it has room, else the current one. */
export function nnAlloc(n: number, near?: Float32Array): Float32Array {
  allocated += n;
  const a = near && arenas.get(near.buffer);
  if (a && room(a, n)) return a.alloc(n);
  if (!current || !room(current, n)) current = open(n);
  return current.alloc(n);
}

/** Several arrays in one allocation (so in one memory), each on a 16-byte boundary. */
export function nnBlock(sizes: readonly number[], near?: Float32Array): Float32Array[] {
  const at = sizes.map((_, i) => sizes.slice(0, i).reduce((s, n) => s + Math.ceil(n / 4) * 4, 0));
  const total = sizes.reduce((s, n) => s + Math.ceil(n / 4) * 4, 0);
  const block = nnAlloc(total, near);
  return sizes.map((n, i) => block.subarray(at[i], at[i] + n));
}

/** Floats handed out by the arena holding `a` (undefined when `a` is not in an nn arena). */
export function nnArenaUsed(a: Float32Array): number | undefined {
  return arenas.get(a.buffer)?.used;
}

/** The kernel instance when the wasm backend is on and every array lives in its memory. */
export function fastInstance(...arrays: readonly unknown[]): KernelInstance | undefined {
  if (!useWasm() || !hasKernel("gemm")) return undefined;
  const first = arrays[0];
  if (!(first instanceof Float32Array)) return undefined;
  // An array outside every arena gives undefined here, and the loop can only confirm that.
  const inst = arenaOf(first);
  for (let i = 1; i < arrays.length; i++) {
    const a = arrays[i];
    if (!(a instanceof Float32Array) || arenaOf(a) !== inst) return undefined;
  }
  // An arena made before the nn kernels loaded gets them now.
  return inst && kernelOf(inst, "gemm") ? inst : undefined;
}

export function overlaps(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * One kind of float32 work buffer of a layer (its output, its dx, …): one block beside `near`,
 * of which a call with n values gets the first n, so the buffer is overwritten by the next call
 * of any batch size. The block grows only for a batch larger than it, to at least twice its
 * size, so a layer fed every batch size from 1 to N holds fewer than 4N floats of each kind
 * (it used to keep one buffer per distinct size: 2,750 sizes took 563 MiB).
 */
export class BatchBuffers {
  #block?: Float32Array;
  #view?: Float32Array;

  get(n: number, near: Float32Array): Float32Array {
    if (this.#view !== undefined && this.#view.length === n) return this.#view;
    let b = this.#block;
    if (b === undefined || b.length < n) {
      // the first block is exactly n, so a run with one batch size lays out its arena as before
      b = nnAlloc(b === undefined ? n : Math.max(n, 2 * b.length), near);
      this.#block = b;
    }
    this.#view = b.length === n ? b : b.subarray(0, n);
    return this.#view;
  }
}
