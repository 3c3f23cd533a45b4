// Matrix and optimiser kernels of actlab/nn, float32, four lanes at a time.
//
// One product serves the three matrix products of a dense layer: C (M×N) = A·B over T terms,
// where A is addressed by two strides (so that A can be x or xᵀ without copying) and B by rows
// of unit stride. The speed lives in the 4×8 block below (eight f32x4 accumulators, BLIS's
// "micro-kernel"); the edges (fewer than 4 rows or 8 columns left) go through smaller blocks of
// the same shape, the last N mod 4 columns through a scalar loop. Every address is a byte
// offset into the memory the JavaScript side owns; nothing is allocated here.
//
// Accuracy: each entry is a float32 sum of T products, init first (the bias) and the terms in
// order t = 0, 1, …: |error| ≤ about T·2⁻²⁴·Σ|terms|, which test/kernels/gemm.test.ts checks.

@inline function zero(): v128 {
  return f32x4.splat(0.0);
}

@inline function madd(c: v128, a: v128, b: v128): v128 {
  return f32x4.add(c, f32x4.mul(a, b));
}

/** The start of a block: the bias row (init ≠ 0), plus C itself when acc ≠ 0. */
@inline function start(init: usize, c: usize, acc: i32): v128 {
  let v = init ? v128.load(init) : zero();
  if (acc) v = f32x4.add(v, v128.load(c));
  return v;
}

// Block shapes. a: A's first row; sa: bytes to the next row of A; st: bytes to A's next term;
// b: B's first term row at the block's first column; sb: bytes between B's term rows; c, sc
// likewise for C; init: the bias at the block's first column, or 0.

function block4x8(a: usize, sa: usize, st: usize, b: usize, sb: usize, c: usize, sc: usize, T: i32, init: usize, acc: i32): void {
  let c00 = zero(), c01 = zero(), c10 = zero(), c11 = zero();
  let c20 = zero(), c21 = zero(), c30 = zero(), c31 = zero();
  const a1 = a + sa;
  const a2 = a1 + sa;
  const a3 = a2 + sa;
  let o: usize = 0;
  let pb = b;
  for (let t = 0; t < T; t++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const x0 = v128.load32_splat(a + o);
    const x1 = v128.load32_splat(a1 + o);
    c00 = madd(c00, x0, b0);
    c01 = madd(c01, x0, b1);
    const x2 = v128.load32_splat(a2 + o);
    c10 = madd(c10, x1, b0);
    c11 = madd(c11, x1, b1);
    const x3 = v128.load32_splat(a3 + o);
    c20 = madd(c20, x2, b0);
    c21 = madd(c21, x2, b1);
    c30 = madd(c30, x3, b0);
    c31 = madd(c31, x3, b1);
    o += st;
    pb += sb;
  }
  const i1 = init ? init + 16 : 0;
  const r1 = c + sc;
  const r2 = r1 + sc;
  const r3 = r2 + sc;
  v128.store(c, f32x4.add(start(init, c, acc), c00));
  v128.store(c, f32x4.add(start(i1, c + 16, acc), c01), 16);
  v128.store(r1, f32x4.add(start(init, r1, acc), c10));
  v128.store(r1, f32x4.add(start(i1, r1 + 16, acc), c11), 16);
  v128.store(r2, f32x4.add(start(init, r2, acc), c20));
  v128.store(r2, f32x4.add(start(i1, r2 + 16, acc), c21), 16);
  v128.store(r3, f32x4.add(start(init, r3, acc), c30));
  v128.store(r3, f32x4.add(start(i1, r3 + 16, acc), c31), 16);
}

function block1x8(a: usize, st: usize, b: usize, sb: usize, c: usize, T: i32, init: usize, acc: i32): void {
  let c0 = zero(), c1 = zero();
  let o: usize = 0;
  let pb = b;
  for (let t = 0; t < T; t++) {
    const x = v128.load32_splat(a + o);
    c0 = madd(c0, x, v128.load(pb));
    c1 = madd(c1, x, v128.load(pb, 16));
    o += st;
    pb += sb;
  }
  v128.store(c, f32x4.add(start(init, c, acc), c0));
  v128.store(c, f32x4.add(start(init ? init + 16 : 0, c + 16, acc), c1), 16);
}

function block4x4(a: usize, sa: usize, st: usize, b: usize, sb: usize, c: usize, sc: usize, T: i32, init: usize, acc: i32): void {
  let c0 = zero(), c1 = zero(), c2 = zero(), c3 = zero();
  const a1 = a + sa;
  const a2 = a1 + sa;
  const a3 = a2 + sa;
  let o: usize = 0;
  let pb = b;
  for (let t = 0; t < T; t++) {
    const b0 = v128.load(pb);
    c0 = madd(c0, v128.load32_splat(a + o), b0);
    c1 = madd(c1, v128.load32_splat(a1 + o), b0);
    c2 = madd(c2, v128.load32_splat(a2 + o), b0);
    c3 = madd(c3, v128.load32_splat(a3 + o), b0);
    o += st;
    pb += sb;
  }
  v128.store(c, f32x4.add(start(init, c, acc), c0));
  v128.store(c + sc, f32x4.add(start(init, c + sc, acc), c1));
  v128.store(c + 2 * sc, f32x4.add(start(init, c + 2 * sc, acc), c2));
  v128.store(c + 3 * sc, f32x4.add(start(init, c + 3 * sc, acc), c3));
}

function block1x4(a: usize, st: usize, b: usize, sb: usize, c: usize, T: i32, init: usize, acc: i32): void {
  let c0 = zero();
  let o: usize = 0;
  let pb = b;
  for (let t = 0; t < T; t++) {
    c0 = madd(c0, v128.load32_splat(a + o), v128.load(pb));
    o += st;
    pb += sb;
  }
  v128.store(c, f32x4.add(start(init, c, acc), c0));
}

/** One entry of C, for the last N mod 4 columns. */
function entry(a: usize, st: usize, b: usize, sb: usize, c: usize, T: i32, init: usize, acc: i32): void {
  let s: f32 = 0;
  let o: usize = 0;
  let pb = b;
  for (let t = 0; t < T; t++) {
    s += load<f32>(a + o) * load<f32>(pb);
    o += st;
    pb += sb;
  }
  let v: f32 = init ? load<f32>(init) : 0;
  if (acc) v += load<f32>(c);
  store<f32>(c, v + s);
}

/**
 * C = A·B (+ the row `init` broadcast down C when init ≠ 0) (+ C when acc ≠ 0), for C of M×N
 * over T terms. A's entry (i, t) is at a + i·sa + t·st (bytes), B's entry (t, j) at b + t·sb +
 * 4j, C's entry (i, j) at c + i·sc + 4j. Columns are the outer loop, so a panel of B stays in
 * cache while every row block passes over it.
 */
export function gemm(a: usize, sa: usize, st: usize, b: usize, sb: usize, c: usize, sc: usize, M: i32, N: i32, T: i32, init: usize, acc: i32): void {
  let j = 0;
  for (; j + 8 <= N; j += 8) {
    const bj = b + (<usize>j << 2);
    const ij = init ? init + (<usize>j << 2) : 0;
    let i = 0;
    for (; i + 4 <= M; i += 4) block4x8(a + <usize>i * sa, sa, st, bj, sb, c + <usize>i * sc + (<usize>j << 2), sc, T, ij, acc);
    for (; i < M; i++) block1x8(a + <usize>i * sa, st, bj, sb, c + <usize>i * sc + (<usize>j << 2), T, ij, acc);
  }
  if (j + 4 <= N) {
    const bj = b + (<usize>j << 2);
    const ij = init ? init + (<usize>j << 2) : 0;
    let i = 0;
    for (; i + 4 <= M; i += 4) block4x4(a + <usize>i * sa, sa, st, bj, sb, c + <usize>i * sc + (<usize>j << 2), sc, T, ij, acc);
    for (; i < M; i++) block1x4(a + <usize>i * sa, st, bj, sb, c + <usize>i * sc + (<usize>j << 2), T, ij, acc);
    j += 4;
  }
  for (; j < N; j++) {
    const bj = b + (<usize>j << 2);
    const ij = init ? init + (<usize>j << 2) : 0;
    for (let i = 0; i < M; i++) entry(a + <usize>i * sa, st, bj, sb, c + <usize>i * sc + (<usize>j << 2), T, ij, acc);
  }
}

/** t (cols×rows) = the transpose of w (rows×cols), in 4×4 tiles where they fit. */
export function transpose(w: usize, t: usize, rows: i32, cols: i32): void {
  const sw = <usize>cols << 2;
  const stt = <usize>rows << 2;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const p = w + <usize>i * sw + (<usize>j << 2);
      const r0 = v128.load(p);
      const r1 = v128.load(p + sw);
      const r2 = v128.load(p + 2 * sw);
      const r3 = v128.load(p + 3 * sw);
      const l01 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
      const h01 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const l23 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
      const h23 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const q = t + <usize>j * stt + (<usize>i << 2);
      v128.store(q, i64x2.shuffle(l01, l23, 0, 2));
      v128.store(q + stt, i64x2.shuffle(l01, l23, 1, 3));
      v128.store(q + 2 * stt, i64x2.shuffle(h01, h23, 0, 2));
      v128.store(q + 3 * stt, i64x2.shuffle(h01, h23, 1, 3));
    }
    for (; j < cols; j++) {
      for (let r = i; r < i + 4; r++) store<f32>(t + <usize>j * stt + (<usize>r << 2), load<f32>(w + <usize>r * sw + (<usize>j << 2)));
    }
  }
  for (; i < rows; i++) {
    for (let j = 0; j < cols; j++) store<f32>(t + <usize>j * stt + (<usize>i << 2), load<f32>(w + <usize>i * sw + (<usize>j << 2)));
  }
}

/** g[j] += Σ over rows of d[r·cols + j]: the bias gradient. */
export function col_sum_acc(d: usize, g: usize, rows: i32, cols: i32): void {
  const sd = <usize>cols << 2;
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    let s = zero();
    let p = d + (<usize>j << 2);
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += sd;
    }
    const q = g + (<usize>j << 2);
    v128.store(q, f32x4.add(v128.load(q), s));
  }
  for (; j < cols; j++) {
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(d + <usize>r * sd + (<usize>j << 2));
    store<f32>(g + (<usize>j << 2), load<f32>(g + (<usize>j << 2)) + s);
  }
}

/** out = a·b elementwise (the backward of an activation: dy·f′). out may be a or b. */
export function mul_into(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const u = f32x4.mul(v128.load(a + o), v128.load(b + o));
    const v = f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16));
    v128.store(out + o, u);
    v128.store(out + o, v, 16);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) * load<f32>(b + o));
  }
}

/**
 * One Adam step over n entries: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − a·m/(√(s·v) + ε),
 * where the caller folds the bias corrections into a = lr/(1−β₁ᵗ) and s = 1/(1−β₂ᵗ). The caller
 * also passes c1 = 1−β₁ and c2 = 1−β₂, worked out before rounding to float32: 1 − float32(β₂) for
 * β₂ = 0.999 is 1.3·10⁻⁵ off 1−β₂ in relative terms (216 float32 ulp), a bias in every v (issue 24).
 */
export function adam_step(w: usize, g: usize, m: usize, v: usize, n: i32, b1: f32, c1: f32, b2: f32, c2: f32, a: f32, s: f32, eps: f32): void {
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const A = f32x4.splat(a);
  const S = f32x4.splat(s);
  const E = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gv = v128.load(g + o);
    const mv = f32x4.add(f32x4.mul(B1, v128.load(m + o)), f32x4.mul(C1, gv));
    const vv = f32x4.add(f32x4.mul(B2, v128.load(v + o)), f32x4.mul(C2, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const step = f32x4.div(f32x4.mul(A, mv), f32x4.add(f32x4.sqrt(f32x4.mul(S, vv)), E));
    v128.store(w + o, f32x4.sub(v128.load(w + o), step));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gs = load<f32>(g + o);
    const ms = b1 * load<f32>(m + o) + c1 * gs;
    const vs = b2 * load<f32>(v + o) + c2 * (gs * gs);
    store<f32>(m + o, ms);
    store<f32>(v + o, vs);
    store<f32>(w + o, load<f32>(w + o) - (a * ms) / (Mathf.sqrt(s * vs) + eps));
  }
}

/** One step of SGD with heavy-ball momentum: v ← μv + g, w ← w − lr·v. */
export function sgd_step(w: usize, g: usize, v: usize, n: i32, lr: f32, mu: f32): void {
  const L = f32x4.splat(lr);
  const U = f32x4.splat(mu);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const vv = f32x4.add(f32x4.mul(U, v128.load(v + o)), v128.load(g + o));
    v128.store(v + o, vv);
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.mul(L, vv)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const vs = mu * load<f32>(v + o) + load<f32>(g + o);
    store<f32>(v + o, vs);
    store<f32>(w + o, load<f32>(w + o) - lr * vs);
  }
}
