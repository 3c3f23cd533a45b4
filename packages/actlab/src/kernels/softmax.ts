import { WasmArena } from "./arena.js";
import { drive } from "./elementwise.js";
import { arenaOf, CHUNK, type KernelInstance, scratch, useWasm } from "./runtime.js";

type F32 = Float32Array;

/** Rows no longer than a chunk go through whole; this many rows share one scratch pass. */
function rowsPerChunk(size: number): number {
  return Math.max(1, Math.floor(CHUNK / size));
}

function sameArena(arrays: readonly F32[]): KernelInstance | undefined {
  const inst = arenaOf(arrays[0]);
  return inst && arrays.every((a) => arenaOf(a) === inst) ? inst : undefined;
}

/** softmax (log = false) or log-softmax of float32 rows of `size` through the wasm kernels. */
export function fastSoftmax(x: F32, y: F32, size: number, log: boolean): boolean {
  if (!useWasm()) return false;
  const n = x.length;
  if (n === 0) return true;
  const arena = sameArena([x, y]);
  if (arena && size <= CHUNK) {
    arena.k.softmax_rows(x.byteOffset, y.byteOffset, n / size, size, log ? 1 : 0);
    return true;
  }
  if (size <= CHUNK) {
    const per = rowsPerChunk(size) * size;
    // Chunks of whole rows: the row kernel sees complete rows, however the array is cut.
    for (let i = 0; i < n; i += per) {
      const c = Math.min(per, n - i);
      drive([x.subarray(i, i + c)], [y.subarray(i, i + c)], (k, p, m) => k.k.softmax_rows(p[0], p[1], m / size, size, log ? 1 : 0));
    }
    return true;
  }
  for (let r = 0; r < n; r += size) longRow(x.subarray(r, r + size), y.subarray(r, r + size), log);
  return true;
}

/** Where a plain long row is staged in wasm memory: one chunk of x, and the whole of y. */
let stage: { readonly k: KernelInstance; readonly x: F32; readonly y: F32 } | undefined;

/** The staging memory for a row of n, made again (larger) only when a longer row comes. */
function staging(n: number): { readonly k: KernelInstance; readonly x: F32; readonly y: F32 } {
  if (!stage || stage.y.length < n) {
    const a = new WasmArena(CHUNK + n);
    const x = a.alloc(CHUNK);
    stage = { k: arenaOf(x) as KernelInstance, x, y: a.alloc(n) };
  }
  return stage;
}

/**
 * Softmax of a row longer than a chunk in two passes over memory. Pass 1, block by block (CHUNK
 * elements) while the block is in cache: the block's maximum m_b, then e^(x − m_b) stored and
 * summed in float64 (s_b). Then the row's maximum M and Σ = Σ_b s_b·e^(m_b − M) in float64.
 * Pass 2 scales each block by e^(m_b − M)/Σ, computed in float64 and rounded once: an output
 * carries the error of its own exponential, of the factor and of the product, as in the
 * three-pass form (maximum, sum, then e^(x − M)·(1/Σ)) it replaces. A plain row is staged:
 * each block of x is copied in once and each block of y out once, after its scaling.
 */
function longSoftmax(x: F32, y: F32): void {
  const n = x.length;
  const nb = Math.ceil(n / CHUNK);
  const maxes = new Float64Array(nb);
  const sums = new Float64Array(nb);
  const arena = sameArena([x, y]);
  const st = arena ? undefined : staging(n);
  const k = (arena ?? st?.k) as KernelInstance;
  const yAt = arena ? y.byteOffset : (st as { y: F32 }).y.byteOffset;
  for (let b = 0; b < nb; b++) {
    const i = b * CHUNK;
    const c = Math.min(CHUNK, n - i);
    let px = x.byteOffset + 4 * i;
    if (st) {
      st.x.set(x.subarray(i, i + c));
      px = st.x.byteOffset;
    }
    const py = yAt + 4 * i;
    const m = k.k.row_max(px, c);
    maxes[b] = m;
    if (Number.isFinite(m)) sums[b] = k.k.exp_store(px, py, c, m);
    // A block of only −∞ holds zeros (its scale is 0); a NaN or +∞ maximum settles the whole row below.
    else if (m === -Infinity) k.f32.fill(0, py / 4, py / 4 + c);
  }
  let m = -Infinity;
  for (const v of maxes) m = v !== v || m !== m ? NaN : Math.max(m, v);
  if (m !== m || m === -Infinity) {
    y.fill(NaN);
    return;
  }
  if (m === Infinity) {
    infiniteRow(x, y, false);
    return;
  }
  let s = 0;
  for (let b = 0; b < nb; b++) if (maxes[b] > -Infinity) s += sums[b] * Math.exp(maxes[b] - m);
  for (let b = 0; b < nb; b++) {
    const i = b * CHUNK;
    const c = Math.min(CHUNK, n - i);
    const py = yAt + 4 * i;
    const f = maxes[b] > -Infinity ? Math.fround(Math.exp(maxes[b] - m) / s) : 0;
    if (!st) k.k.scale_rows(py, py, c, f);
    else {
      // Into the cache-resident x slot, not back over the staged y (which would be written back to memory).
      k.k.scale_rows(py, st.x.byteOffset, c, f);
      y.set(st.x.subarray(0, c), i);
    }
  }
}

/** A row holding +∞: the limit, where the +∞ entries share the probability equally. */
function infiniteRow(x: F32, y: F32, log: boolean): void {
  let count = 0;
  for (let j = 0; j < x.length; j++) if (x[j] === Infinity) count++;
  const share = log ? Math.fround(-Math.log(count)) : Math.fround(1 / count);
  for (let j = 0; j < x.length; j++) y[j] = x[j] === Infinity ? share : log ? -Infinity : 0;
}

/** A row longer than a chunk: maximum, then the sum, then the output, each pass chunk by chunk. */
function longRow(x: F32, y: F32, log: boolean): void {
  if (!log) {
    longSoftmax(x, y);
    return;
  }
  let m = -Infinity;
  drive([x], [], (k, p, c) => {
    const v = k.k.row_max(p[0], c);
    m = v !== v || m !== m ? NaN : Math.max(m, v);
  });
  if (m !== m || m === -Infinity) {
    y.fill(NaN);
    return;
  }
  if (m === Infinity) {
    infiniteRow(x, y, log);
    return;
  }
  // The maxima contribute exactly 1 each and are counted apart, so log1p sees the small rest.
  let rest = 0;
  let count = 0;
  drive([x], [], (k, p, c) => {
    rest += k.k.exp_rest(p[0], c, m);
    count += k.k.max_count();
  });
  const s = rest + count;
  if (log) {
    const l = Math.log1p(rest + (count - 1));
    drive([x], [y], (k, p, c) => k.k.log_apply(p[0], p[1], c, m, l));
  } else {
    const inv = Math.fround(1 / s);
    drive([x], [y], (k, p, c) => k.k.exp_scale(p[0], p[1], c, m, inv));
  }
}

/** softmaxBackward on float32 rows: dx = y·(dy − Σ y·dy), evaluated in float64 and rounded once. */
export function fastSoftmaxBackward(y: F32, dy: F32, dx: F32, size: number): boolean {
  if (!useWasm()) return false;
  const n = y.length;
  if (n === 0) return true;
  const arena = sameArena([y, dy, dx]);
  if (arena) {
    arena.k.softmax_back_rows(y.byteOffset, dy.byteOffset, dx.byteOffset, n / size, size);
    return true;
  }
  if (size <= CHUNK) {
    const per = rowsPerChunk(size) * size;
    for (let i = 0; i < n; i += per) {
      const c = Math.min(per, n - i);
      drive([y.subarray(i, i + c), dy.subarray(i, i + c)], [dx.subarray(i, i + c)], (k, p, m) => k.k.softmax_back_rows(p[0], p[1], p[2], m / size, size));
    }
    return true;
  }
  for (let r = 0; r < n; r += size) {
    const yr = y.subarray(r, r + size);
    const dyr = dy.subarray(r, r + size);
    let s = 0;
    drive([yr, dyr], [], (k, p, c) => {
      s += k.k.dot(p[0], p[1], c);
    });
    drive([yr, dyr], [dx.subarray(r, r + size)], (k, p, c) => k.k.softmax_back_apply(p[0], p[1], p[2], c, s));
  }
  return true;
}
