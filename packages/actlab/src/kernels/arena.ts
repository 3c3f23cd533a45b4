import { newInstance, registerArena, wasmKernelSupport } from "./runtime.js";

const ALIGN = 4; // floats: every array starts on a 16-byte boundary, a whole SIMD lane group

/**
 * A block of float32 storage inside WebAssembly memory. Arrays from `alloc` are ordinary
 * Float32Arrays, so every function of the library accepts them; when all the arrays of a call
 * come from the same arena, the wasm kernels work on them where they are, with no copying.
 * The memory has a fixed size and never grows, so the arrays stay valid until `reset`.
 * On an engine without WebAssembly SIMD the arena is plain memory and everything still works.
 *
 * @example
 * const arena = new WasmArena(3 * 1024);   // room for 3072 floats; the memory never grows
 * const x = arena.alloc(1000), y = arena.alloc(1000);
 * x.fill(-1);
 * sigmoid.forward(x, undefined, y)[0];     // 0.2689414322376251: worked on in place, no copy
 * arena.used;                              // 2000
 * arena.reset();                           // x and y may now be overwritten by new allocations
 */
export class WasmArena {
  /** How many float32 values fit in the arena. */
  readonly capacity: number;
  readonly #buffer: ArrayBufferLike;
  readonly #start: number;
  #next = 0;

  /**
   * An arena of `capacity` float32 values (an integer in [1, 2^28]); a RangeError otherwise.
   */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 2 ** 28) {
      throw new RangeError(`invalid WasmArena capacity: ${String(capacity)} (must be an integer number of floats in [1, 2^28])`);
    }
    this.capacity = capacity;
    if (wasmKernelSupport().available) {
      const inst = newInstance(capacity * 4);
      registerArena(inst);
      this.#buffer = inst.memory.buffer;
      this.#start = inst.start;
    } else {
      this.#buffer = new ArrayBuffer(capacity * 4);
      this.#start = 0;
    }
  }

  /** n zeros as a Float32Array inside the arena, starting on a 16-byte boundary. */
  alloc(n: number): Float32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`WasmArena.alloc: invalid length ${String(n)} (must be a non-negative integer)`);
    const at = this.#next;
    if (at + n > this.capacity) {
      throw new RangeError(`WasmArena.alloc: ${n} floats do not fit (${this.capacity - at} of ${this.capacity} free)`);
    }
    this.#next = Math.min(this.capacity, at + Math.ceil(n / ALIGN) * ALIGN);
    const view = new Float32Array(this.#buffer, this.#start + at * 4, n);
    view.fill(0);
    return view;
  }

  /** Floats handed out so far (alignment padding included). */
  get used(): number {
    return this.#next;
  }

  /** Makes the whole arena free again; arrays allocated before may then be overwritten. */
  reset(): void {
    this.#next = 0;
  }
}

/** Capacity of each arena behind `allocFloat32`: 16 Mi floats (64 MiB, reserved lazily by the OS). */
const POOL_FLOATS = 1 << 24;
let pool: WasmArena | undefined;

/**
 * A Float32Array of n zeros in WebAssembly memory, from a shared pool of arenas. Arrays from the
 * same pool arena are worked on in place; a new arena is opened when one is full. Allocations are
 * never freed: use a `WasmArena` for scoped or repeated work.
 *
 * @example
 * const x = allocFloat32(4);
 * x.set([-2, -1, 1, 2]);
 * relu.forward(x);     // Float32Array [0, 0, 1, 2]
 */
export function allocFloat32(n: number): Float32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`allocFloat32: invalid length ${String(n)} (must be a non-negative integer)`);
  if (!pool || pool.capacity - pool.used < n) pool = new WasmArena(Math.max(POOL_FLOATS, Math.ceil(n / ALIGN) * ALIGN));
  return pool.alloc(n);
}
