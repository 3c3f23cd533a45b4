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

/**
 * Calls fn on consecutive blocks of CHUNK elements (the last one shorter) of x and y, both in
 * one arena (pointers into it) or else through the scratch slots: x is copied in, y out. The
 * blocks are the same either way, so arena and plain arrays give the same bits.
 */
function blocks(x: F32, y: F32, fn: (k: KernelInstance, px: number, py: number, count: number, block: number) => void): void {
  const arena = sameArena([x, y]);
  if (!arena) {
    drive([x], [y], (k, p, c, start) => fn(k, p[0], p[1], c, start / CHUNK));
    return;
  }
  for (let i = 0; i < x.length; i += CHUNK) fn(arena, x.byteOffset + 4 * i, y.byteOffset + 4 * i, Math.min(CHUNK, x.length - i), i / CHUNK);
}

/**
 * Softmax of a row longer than a chunk in two passes over memory. Pass 1, block by block while
 * the block is in cache: the block's maximum m_b, then e^(x − m_b) stored in y and summed in
 * float64 (s_b). Then the row's maximum M and Σ = Σ_b s_b·e^(m_b − M) in float64. Pass 2 scales
 * each block by e^(m_b − M)/Σ, computed in float64 and rounded once: an output carries the error
 * of its own exponential, of the factor and of the product, as in the three-pass form (maximum,
 * sum, then e^(x − M)·(1/Σ)) it replaces.
 */
function longSoftmax(x: F32, y: F32): void {
  const nb = Math.ceil(x.length / CHUNK);
  const maxes = new Float64Array(nb);
  const sums = new Float64Array(nb);
  blocks(x, y, (k, px, py, c, b) => {
    const m = k.k.row_max(px, c);
    maxes[b] = m;
    if (Number.isFinite(m)) sums[b] = k.k.exp_store(px, py, c, m);
    // A block of only −∞ holds zeros (its scale is 0); a NaN or +∞ maximum settles the whole row below.
    else if (m === -Infinity) k.f32.fill(0, py / 4, py / 4 + c);
  });
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
  blocks(y, y, (k, py, qy, c, b) => k.k.scale_rows(py, qy, c, maxes[b] > -Infinity ? Math.fround(Math.exp(maxes[b] - m) / s) : 0));
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
