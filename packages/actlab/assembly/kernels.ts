// Float32 kernels of actlab's activations, four lanes at a time (WebAssembly SIMD).
//
// Every export works on raw byte addresses in a memory that the JavaScript side owns and never
// grows: the kernels allocate nothing. Element tails (n not a multiple of 4) go through the same
// vector code on a splatted scalar, so an element's result never depends on its position.
//
// Accuracy plan (checked by test/kernels): every result within 4 float32 ulp of the correctly
// rounded value, tails and subnormal outputs included. The exponential is only ever needed for
// arguments ≤ 0 (e^(−|x|), e^(−2|x|), e^x for x < 0, e^(x − max)), and its argument is always
// exact, because an argument rounded in float32 would cost |x|·2⁻²⁴ of relative error.

import { expm1Neg, expNeg, expNegMul, LN2_HI, LN2_LO, LOG2E, P0, P1, P2, P3, P4, sigmoidDV, sigmoidV, SHIFTER, splat, step, tanhDV, tanhV } from "./math";
// The functions beyond the article (extra.ts) and the matrix and optimiser kernels of actlab/nn
// (gemm.ts) are a second module, assembly/more.ts, loaded into the same memory when needed.

// SELU's λ and λα, rounded once to float32.
const SELU_L: f32 = 1.0507009873554805;
const SELU_LA: f32 = 1.7580993408473768;

@inline function reluV(x: v128): v128 {
  return f32x4.pmax(x, splat(0.0)); // x < 0 ? 0 : x, so NaN and −0 pass through
}

// α·x for x < 0. `lo` (from loOf) is −FLT_MAX where α = 0 and −∞ elsewhere: raising x = −∞ to
// −FLT_MAX there gives 0·x = −0, the limit, where 0·(−∞) would be NaN (issue 24).
@inline function leakyV(x: v128, a: v128, lo: v128): v128 {
  return v128.bitselect(f32x4.mul(f32x4.pmax(x, lo), a), x, f32x4.lt(x, splat(0.0)));
}

@inline function loOf(a: v128): v128 {
  return v128.bitselect(splat(-3.4028234663852886e38), splat(-Infinity), f32x4.eq(a, splat(0.0)));
}

@inline function eluV(x: v128, a: v128): v128 {
  return v128.bitselect(f32x4.mul(a, expm1Neg(x)), x, f32x4.lt(x, splat(0.0)));
}

@inline function eluDV(x: v128, a: v128): v128 {
  return v128.bitselect(splat(1.0), expNegMul(x, a), f32x4.ge(x, splat(0.0)));
}

@inline function seluV(x: v128): v128 {
  return v128.bitselect(f32x4.mul(splat(SELU_LA), expm1Neg(x)), f32x4.mul(splat(SELU_L), x), f32x4.lt(x, splat(0.0)));
}

@inline function seluDV(x: v128): v128 {
  return v128.bitselect(splat(SELU_L), expNegMul(x, splat(SELU_LA)), f32x4.ge(x, splat(0.0)));
}

// ---- array loops ----
// f: y = f(x); b: dx = dy · f′(x); fd: y = f(x) and d = f′(x).
// The main loops take 8 vectors (4 for fd) per turn, all loaded and computed before any store:
// V8 keeps re-creating the constants on every turn of a loop and does not move a load above an
// earlier store, so a one-vector loop paid both per vector (sigmoid: 1.36 → 0.89 ns/element).

@inline function ld(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 2));
}
@inline function st(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 2), v);
}
@inline function ld1(p: usize, i: i32): v128 {
  return f32x4.splat(load<f32>(p + (<usize>i << 2)));
}
@inline function st1(p: usize, i: i32, v: v128): void {
  store<f32>(p + (<usize>i << 2), f32x4.extract_lane(v, 0));
}
@inline function st4(p: usize, i: i32, a: v128, b: v128, c: v128, d: v128): void {
  st(p, i, a);
  st(p, i + 4, b);
  st(p, i + 8, c);
  st(p, i + 12, d);
}
@inline function st8(p: usize, i: i32, a: v128, b: v128, c: v128, d: v128, e: v128, f: v128, g: v128, h: v128): void {
  st4(p, i, a, b, c, d);
  st4(p, i + 16, e, f, g, h);
}

export function sigmoid_f(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(y, i,
    sigmoidV(ld(x, i)),
    sigmoidV(ld(x, i + 4)),
    sigmoidV(ld(x, i + 8)),
    sigmoidV(ld(x, i + 12)),
    sigmoidV(ld(x, i + 16)),
    sigmoidV(ld(x, i + 20)),
    sigmoidV(ld(x, i + 24)),
    sigmoidV(ld(x, i + 28)));
  for (; i + 4 <= n; i += 4) st(y, i, sigmoidV(ld(x, i)));
  for (; i < n; i++) st1(y, i, sigmoidV(ld1(x, i)));
}
export function sigmoid_b(x: usize, dy: usize, dx: usize, n: i32): void {
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(dx, i,
    f32x4.mul(ld(dy, i), sigmoidDV(ld(x, i))),
    f32x4.mul(ld(dy, i + 4), sigmoidDV(ld(x, i + 4))),
    f32x4.mul(ld(dy, i + 8), sigmoidDV(ld(x, i + 8))),
    f32x4.mul(ld(dy, i + 12), sigmoidDV(ld(x, i + 12))),
    f32x4.mul(ld(dy, i + 16), sigmoidDV(ld(x, i + 16))),
    f32x4.mul(ld(dy, i + 20), sigmoidDV(ld(x, i + 20))),
    f32x4.mul(ld(dy, i + 24), sigmoidDV(ld(x, i + 24))),
    f32x4.mul(ld(dy, i + 28), sigmoidDV(ld(x, i + 28))));
  for (; i + 4 <= n; i += 4) st(dx, i, f32x4.mul(ld(dy, i), sigmoidDV(ld(x, i))));
  for (; i < n; i++) st1(dx, i, f32x4.mul(ld1(dy, i), sigmoidDV(ld1(x, i))));
}
export function sigmoid_fd(x: usize, y: usize, d: usize, n: i32): void {
  let i = 0;
  // Eight vectors per turn here too (1.29 → 1.16 ns/element); for elu and tanh eight were slower.
  for (; i + 32 <= n; i += 32) {
    const v0 = ld(x, i);
    const v1 = ld(x, i + 4);
    const v2 = ld(x, i + 8);
    const v3 = ld(x, i + 12);
    const v4 = ld(x, i + 16);
    const v5 = ld(x, i + 20);
    const v6 = ld(x, i + 24);
    const v7 = ld(x, i + 28);
    st8(y, i, sigmoidV(v0), sigmoidV(v1), sigmoidV(v2), sigmoidV(v3), sigmoidV(v4), sigmoidV(v5), sigmoidV(v6), sigmoidV(v7));
    st8(d, i, sigmoidDV(v0), sigmoidDV(v1), sigmoidDV(v2), sigmoidDV(v3), sigmoidDV(v4), sigmoidDV(v5), sigmoidDV(v6), sigmoidDV(v7));
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    st(y, i, sigmoidV(v));
    st(d, i, sigmoidDV(v));
  }
  for (; i < n; i++) {
    const v = ld1(x, i);
    st1(y, i, sigmoidV(v));
    st1(d, i, sigmoidDV(v));
  }
}

export function tanh_f(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(y, i,
    tanhV(ld(x, i)),
    tanhV(ld(x, i + 4)),
    tanhV(ld(x, i + 8)),
    tanhV(ld(x, i + 12)),
    tanhV(ld(x, i + 16)),
    tanhV(ld(x, i + 20)),
    tanhV(ld(x, i + 24)),
    tanhV(ld(x, i + 28)));
  for (; i + 4 <= n; i += 4) st(y, i, tanhV(ld(x, i)));
  for (; i < n; i++) st1(y, i, tanhV(ld1(x, i)));
}
export function tanh_b(x: usize, dy: usize, dx: usize, n: i32): void {
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(dx, i,
    f32x4.mul(ld(dy, i), tanhDV(ld(x, i))),
    f32x4.mul(ld(dy, i + 4), tanhDV(ld(x, i + 4))),
    f32x4.mul(ld(dy, i + 8), tanhDV(ld(x, i + 8))),
    f32x4.mul(ld(dy, i + 12), tanhDV(ld(x, i + 12))),
    f32x4.mul(ld(dy, i + 16), tanhDV(ld(x, i + 16))),
    f32x4.mul(ld(dy, i + 20), tanhDV(ld(x, i + 20))),
    f32x4.mul(ld(dy, i + 24), tanhDV(ld(x, i + 24))),
    f32x4.mul(ld(dy, i + 28), tanhDV(ld(x, i + 28))));
  for (; i + 4 <= n; i += 4) st(dx, i, f32x4.mul(ld(dy, i), tanhDV(ld(x, i))));
  for (; i < n; i++) st1(dx, i, f32x4.mul(ld1(dy, i), tanhDV(ld1(x, i))));
}
export function tanh_fd(x: usize, y: usize, d: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v0 = ld(x, i);
    const v1 = ld(x, i + 4);
    const v2 = ld(x, i + 8);
    const v3 = ld(x, i + 12);
    st4(y, i, tanhV(v0), tanhV(v1), tanhV(v2), tanhV(v3));
    st4(d, i, tanhDV(v0), tanhDV(v1), tanhDV(v2), tanhDV(v3));
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    st(y, i, tanhV(v));
    st(d, i, tanhDV(v));
  }
  for (; i < n; i++) {
    const v = ld1(x, i);
    st1(y, i, tanhV(v));
    st1(d, i, tanhDV(v));
  }
}

export function relu_f(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(y, i,
    reluV(ld(x, i)),
    reluV(ld(x, i + 4)),
    reluV(ld(x, i + 8)),
    reluV(ld(x, i + 12)),
    reluV(ld(x, i + 16)),
    reluV(ld(x, i + 20)),
    reluV(ld(x, i + 24)),
    reluV(ld(x, i + 28)));
  for (; i + 4 <= n; i += 4) st(y, i, reluV(ld(x, i)));
  for (; i < n; i++) st1(y, i, reluV(ld1(x, i)));
}
export function relu_b(x: usize, dy: usize, dx: usize, n: i32): void {
  const z = splat(0.0);
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(dx, i,
    f32x4.mul(ld(dy, i), step(ld(x, i), z)),
    f32x4.mul(ld(dy, i + 4), step(ld(x, i + 4), z)),
    f32x4.mul(ld(dy, i + 8), step(ld(x, i + 8), z)),
    f32x4.mul(ld(dy, i + 12), step(ld(x, i + 12), z)),
    f32x4.mul(ld(dy, i + 16), step(ld(x, i + 16), z)),
    f32x4.mul(ld(dy, i + 20), step(ld(x, i + 20), z)),
    f32x4.mul(ld(dy, i + 24), step(ld(x, i + 24), z)),
    f32x4.mul(ld(dy, i + 28), step(ld(x, i + 28), z)));
  for (; i + 4 <= n; i += 4) st(dx, i, f32x4.mul(ld(dy, i), step(ld(x, i), z)));
  for (; i < n; i++) st1(dx, i, f32x4.mul(ld1(dy, i), step(ld1(x, i), z)));
}
export function relu_fd(x: usize, y: usize, d: usize, n: i32): void {
  const z = splat(0.0);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v0 = ld(x, i);
    const v1 = ld(x, i + 4);
    const v2 = ld(x, i + 8);
    const v3 = ld(x, i + 12);
    st4(y, i, reluV(v0), reluV(v1), reluV(v2), reluV(v3));
    st4(d, i, step(v0, z), step(v1, z), step(v2, z), step(v3, z));
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    st(y, i, reluV(v));
    st(d, i, step(v, z));
  }
  for (; i < n; i++) {
    const v = ld1(x, i);
    st1(y, i, reluV(v));
    st1(d, i, step(v, z));
  }
}

export function leaky_f(x: usize, y: usize, n: i32, alpha: f32): void {
  const a = splat(alpha);
  const lo = loOf(a);
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(y, i,
    leakyV(ld(x, i), a, lo),
    leakyV(ld(x, i + 4), a, lo),
    leakyV(ld(x, i + 8), a, lo),
    leakyV(ld(x, i + 12), a, lo),
    leakyV(ld(x, i + 16), a, lo),
    leakyV(ld(x, i + 20), a, lo),
    leakyV(ld(x, i + 24), a, lo),
    leakyV(ld(x, i + 28), a, lo));
  for (; i + 4 <= n; i += 4) st(y, i, leakyV(ld(x, i), a, lo));
  for (; i < n; i++) st1(y, i, leakyV(ld1(x, i), a, lo));
}
export function leaky_b(x: usize, dy: usize, dx: usize, n: i32, alpha: f32): void {
  const a = splat(alpha);
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(dx, i,
    f32x4.mul(ld(dy, i), step(ld(x, i), a)),
    f32x4.mul(ld(dy, i + 4), step(ld(x, i + 4), a)),
    f32x4.mul(ld(dy, i + 8), step(ld(x, i + 8), a)),
    f32x4.mul(ld(dy, i + 12), step(ld(x, i + 12), a)),
    f32x4.mul(ld(dy, i + 16), step(ld(x, i + 16), a)),
    f32x4.mul(ld(dy, i + 20), step(ld(x, i + 20), a)),
    f32x4.mul(ld(dy, i + 24), step(ld(x, i + 24), a)),
    f32x4.mul(ld(dy, i + 28), step(ld(x, i + 28), a)));
  for (; i + 4 <= n; i += 4) st(dx, i, f32x4.mul(ld(dy, i), step(ld(x, i), a)));
  for (; i < n; i++) st1(dx, i, f32x4.mul(ld1(dy, i), step(ld1(x, i), a)));
}
export function leaky_fd(x: usize, y: usize, d: usize, n: i32, alpha: f32): void {
  const a = splat(alpha);
  const lo = loOf(a);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v0 = ld(x, i);
    const v1 = ld(x, i + 4);
    const v2 = ld(x, i + 8);
    const v3 = ld(x, i + 12);
    st4(y, i, leakyV(v0, a, lo), leakyV(v1, a, lo), leakyV(v2, a, lo), leakyV(v3, a, lo));
    st4(d, i, step(v0, a), step(v1, a), step(v2, a), step(v3, a));
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    st(y, i, leakyV(v, a, lo));
    st(d, i, step(v, a));
  }
  for (; i < n; i++) {
    const v = ld1(x, i);
    st1(y, i, leakyV(v, a, lo));
    st1(d, i, step(v, a));
  }
}

// PReLU with one α per channel: element i uses α[(phase + i) mod c], so a caller can feed an
// array in pieces that do not start on a channel boundary.
export function preluc_f(x: usize, y: usize, n: i32, alpha: usize, c: i32, phase: i32): void {
  let i = 0;
  let j = phase;
  while (i < n) {
    const run = min(c - j, n - i);
    const xs = x + (<usize>i << 2);
    const ys = y + (<usize>i << 2);
    const as = alpha + (<usize>j << 2);
    let k = 0;
    for (; k + 4 <= run; k += 4) { const a = ld(as, k); st(ys, k, leakyV(ld(xs, k), a, loOf(a))); }
    for (; k < run; k++) { const a = ld1(as, k); st1(ys, k, leakyV(ld1(xs, k), a, loOf(a))); }
    i += run;
    j = 0;
  }
}
export function preluc_b(x: usize, dy: usize, dx: usize, n: i32, alpha: usize, c: i32, phase: i32): void {
  let i = 0;
  let j = phase;
  while (i < n) {
    const run = min(c - j, n - i);
    const o = <usize>i << 2;
    const as = alpha + (<usize>j << 2);
    let k = 0;
    for (; k + 4 <= run; k += 4) st(dx + o, k, f32x4.mul(ld(dy + o, k), step(ld(x + o, k), ld(as, k))));
    for (; k < run; k++) st1(dx + o, k, f32x4.mul(ld1(dy + o, k), step(ld1(x + o, k), ld1(as, k))));
    i += run;
    j = 0;
  }
}
export function preluc_fd(x: usize, y: usize, d: usize, n: i32, alpha: usize, c: i32, phase: i32): void {
  let i = 0;
  let j = phase;
  while (i < n) {
    const run = min(c - j, n - i);
    const o = <usize>i << 2;
    const as = alpha + (<usize>j << 2);
    let k = 0;
    for (; k + 4 <= run; k += 4) {
      const v = ld(x + o, k);
      const a = ld(as, k);
      st(y + o, k, leakyV(v, a, loOf(a)));
      st(d + o, k, step(v, a));
    }
    for (; k < run; k++) {
      const v = ld1(x + o, k);
      const a = ld1(as, k);
      st1(y + o, k, leakyV(v, a, loOf(a)));
      st1(d + o, k, step(v, a));
    }
    i += run;
    j = 0;
  }
}

export function elu_f(x: usize, y: usize, n: i32, alpha: f32): void {
  const a = splat(alpha);
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(y, i,
    eluV(ld(x, i), a),
    eluV(ld(x, i + 4), a),
    eluV(ld(x, i + 8), a),
    eluV(ld(x, i + 12), a),
    eluV(ld(x, i + 16), a),
    eluV(ld(x, i + 20), a),
    eluV(ld(x, i + 24), a),
    eluV(ld(x, i + 28), a));
  for (; i + 4 <= n; i += 4) st(y, i, eluV(ld(x, i), a));
  for (; i < n; i++) st1(y, i, eluV(ld1(x, i), a));
}
export function elu_b(x: usize, dy: usize, dx: usize, n: i32, alpha: f32): void {
  const a = splat(alpha);
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(dx, i,
    f32x4.mul(ld(dy, i), eluDV(ld(x, i), a)),
    f32x4.mul(ld(dy, i + 4), eluDV(ld(x, i + 4), a)),
    f32x4.mul(ld(dy, i + 8), eluDV(ld(x, i + 8), a)),
    f32x4.mul(ld(dy, i + 12), eluDV(ld(x, i + 12), a)),
    f32x4.mul(ld(dy, i + 16), eluDV(ld(x, i + 16), a)),
    f32x4.mul(ld(dy, i + 20), eluDV(ld(x, i + 20), a)),
    f32x4.mul(ld(dy, i + 24), eluDV(ld(x, i + 24), a)),
    f32x4.mul(ld(dy, i + 28), eluDV(ld(x, i + 28), a)));
  for (; i + 4 <= n; i += 4) st(dx, i, f32x4.mul(ld(dy, i), eluDV(ld(x, i), a)));
  for (; i < n; i++) st1(dx, i, f32x4.mul(ld1(dy, i), eluDV(ld1(x, i), a)));
}
export function elu_fd(x: usize, y: usize, d: usize, n: i32, alpha: f32): void {
  const a = splat(alpha);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v0 = ld(x, i);
    const v1 = ld(x, i + 4);
    const v2 = ld(x, i + 8);
    const v3 = ld(x, i + 12);
    st4(y, i, eluV(v0, a), eluV(v1, a), eluV(v2, a), eluV(v3, a));
    st4(d, i, eluDV(v0, a), eluDV(v1, a), eluDV(v2, a), eluDV(v3, a));
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    st(y, i, eluV(v, a));
    st(d, i, eluDV(v, a));
  }
  for (; i < n; i++) {
    const v = ld1(x, i);
    st1(y, i, eluV(v, a));
    st1(d, i, eluDV(v, a));
  }
}

export function selu_f(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(y, i,
    seluV(ld(x, i)),
    seluV(ld(x, i + 4)),
    seluV(ld(x, i + 8)),
    seluV(ld(x, i + 12)),
    seluV(ld(x, i + 16)),
    seluV(ld(x, i + 20)),
    seluV(ld(x, i + 24)),
    seluV(ld(x, i + 28)));
  for (; i + 4 <= n; i += 4) st(y, i, seluV(ld(x, i)));
  for (; i < n; i++) st1(y, i, seluV(ld1(x, i)));
}
export function selu_b(x: usize, dy: usize, dx: usize, n: i32): void {
  let i = 0;
  for (; i + 32 <= n; i += 32) st8(dx, i,
    f32x4.mul(ld(dy, i), seluDV(ld(x, i))),
    f32x4.mul(ld(dy, i + 4), seluDV(ld(x, i + 4))),
    f32x4.mul(ld(dy, i + 8), seluDV(ld(x, i + 8))),
    f32x4.mul(ld(dy, i + 12), seluDV(ld(x, i + 12))),
    f32x4.mul(ld(dy, i + 16), seluDV(ld(x, i + 16))),
    f32x4.mul(ld(dy, i + 20), seluDV(ld(x, i + 20))),
    f32x4.mul(ld(dy, i + 24), seluDV(ld(x, i + 24))),
    f32x4.mul(ld(dy, i + 28), seluDV(ld(x, i + 28))));
  for (; i + 4 <= n; i += 4) st(dx, i, f32x4.mul(ld(dy, i), seluDV(ld(x, i))));
  for (; i < n; i++) st1(dx, i, f32x4.mul(ld1(dy, i), seluDV(ld1(x, i))));
}
export function selu_fd(x: usize, y: usize, d: usize, n: i32): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const v0 = ld(x, i);
    const v1 = ld(x, i + 4);
    const v2 = ld(x, i + 8);
    const v3 = ld(x, i + 12);
    st4(y, i, seluV(v0), seluV(v1), seluV(v2), seluV(v3));
    st4(d, i, seluDV(v0), seluDV(v1), seluDV(v2), seluDV(v3));
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    st(y, i, seluV(v));
    st(d, i, seluDV(v));
  }
  for (; i < n; i++) {
    const v = ld1(x, i);
    st1(y, i, seluV(v));
    st1(d, i, seluDV(v));
  }
}

// ---- softmax along rows ----

/** The largest entry, or NaN when any entry is NaN. */
export function row_max(x: usize, n: i32): f32 {
  let acc = splat(-Infinity);
  let acc1 = splat(-Infinity);
  let bad = i32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v = ld(x, i);
    const w = ld(x, i + 4);
    acc = f32x4.pmax(acc, v); // acc < v ? v : acc, blind to NaN, hence `bad`
    acc1 = f32x4.pmax(acc1, w);
    bad = v128.or(bad, v128.or(f32x4.ne(v, v), f32x4.ne(w, w)));
  }
  acc = f32x4.pmax(acc, acc1);
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    acc = f32x4.pmax(acc, v);
    bad = v128.or(bad, f32x4.ne(v, v));
  }
  if (i < n && n >= 4) {
    // The last four entries, overlapping some already seen: a maximum does not mind.
    const v = ld(x, n - 4);
    acc = f32x4.pmax(acc, v);
    bad = v128.or(bad, f32x4.ne(v, v));
  } else {
    for (; i < n; i++) {
      const v = ld1(x, i);
      acc = f32x4.pmax(acc, v);
      bad = v128.or(bad, f32x4.ne(v, v));
    }
  }
  if (v128.any_true(bad)) return NaN;
  acc = f32x4.pmax(acc, i32x4.shuffle(acc, acc, 2, 3, 0, 1));
  acc = f32x4.pmax(acc, i32x4.shuffle(acc, acc, 1, 0, 3, 2));
  return f32x4.extract_lane(acc, 0);
}

/**
 * e^(x − m) with x − m carried exactly as d + lo (TwoSum): rounding x − m in float32 would cost
 * |x − m|·2⁻²⁴ of relative error, tens of ulp for gaps near 80.
 */
@inline function expGap(v: v128, m: v128, negm: v128): v128 {
  const d = f32x4.sub(v, m);
  const bb = f32x4.sub(d, v);
  // A −∞ entry makes lo NaN; pmax(−1e30, NaN) = −1e30, and its e is 0, so e·lo is 0 too.
  const lo = f32x4.pmax(splat(-1e30), f32x4.add(f32x4.sub(v, f32x4.sub(d, bb)), f32x4.sub(negm, bb)));
  const e = expNeg(d);
  return f32x4.add(e, f32x4.mul(e, lo));
}

@inline function sum64(acc: v128, e: v128): v128 {
  return f64x2.add(f64x2.add(acc, f64x2.promote_low_f32x4(e)), f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 0, 1)));
}

/**
 * Tails. A row of n ≥ 4 entries whose last rem = n mod 4 (1 to 3) are left after the vector loop
 * ends them with one vector at n − 4 instead of rem one-lane exponentials: its first 4 − rem lanes
 * repeat entries already done and are masked out of sums and counts by `repeated(rem)`; they are
 * stored again with the same bits (the same lanes computed from the same inputs). The vector is
 * loaded before any store, so a call with y = x still reads its own input.
 */
@inline function repeated(rem: i32): v128 {
  return i32x4.lt_s(v128(0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0), i32x4.splat(4 - rem));
}
@inline function tailOf(x: usize, n: i32): v128 {
  return n >= 4 ? ld(x, n - 4) : i32x4.splat(0);
}

// Rows longer than SHORT whose gaps x − m all lie in [FAST_GAP, 0] (most rows of logits) take a
// leaner exponential (expFast) and a cheaper sum (sum64pair); the others take expGap as before.
const FAST_GAP: f32 = -80.0;

/** The smallest entry of the row that rowMaxMin saw last. */
let rowMin: f32 = 0;

/** row_max for a row of n ≥ 4 entries, leaving its smallest entry in rowMin. */
function rowMaxMin(x: usize, n: i32): f32 {
  let acc = splat(-Infinity);
  let acc1 = splat(-Infinity);
  let mn = splat(Infinity);
  let mn1 = splat(Infinity);
  let bad = i32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v = ld(x, i);
    const w = ld(x, i + 4);
    acc = f32x4.pmax(acc, v);
    acc1 = f32x4.pmax(acc1, w);
    mn = f32x4.pmin(mn, v);
    mn1 = f32x4.pmin(mn1, w);
    bad = v128.or(bad, v128.or(f32x4.ne(v, v), f32x4.ne(w, w)));
  }
  acc = f32x4.pmax(acc, acc1);
  mn = f32x4.pmin(mn, mn1);
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    acc = f32x4.pmax(acc, v);
    mn = f32x4.pmin(mn, v);
    bad = v128.or(bad, f32x4.ne(v, v));
  }
  // The last four entries again, some already seen: neither a maximum nor a minimum minds.
  const v = ld(x, n - 4);
  acc = f32x4.pmax(acc, v);
  mn = f32x4.pmin(mn, v);
  bad = v128.or(bad, f32x4.ne(v, v));
  if (v128.any_true(bad)) return NaN;
  acc = f32x4.pmax(acc, i32x4.shuffle(acc, acc, 2, 3, 0, 1));
  acc = f32x4.pmax(acc, i32x4.shuffle(acc, acc, 1, 0, 3, 2));
  mn = f32x4.pmin(mn, i32x4.shuffle(mn, mn, 2, 3, 0, 1));
  mn = f32x4.pmin(mn, i32x4.shuffle(mn, mn, 1, 0, 3, 2));
  rowMin = f32x4.extract_lane(mn, 0);
  return f32x4.extract_lane(acc, 0);
}

/**
 * e^(x − m) for gaps x − m in [FAST_GAP, 0] (the caller checks the row): expGap and expNeg's
 * arithmetic with four operations fewer. The TwoSum remainder lo of the gap joins the reduced
 * argument r (instead of a product e + e·lo after the exponential); there is no clamp (no gap is
 * below −80, no entry is −∞); and 2^k goes into the exponent bits of the polynomial's value
 * q ∈ [0.7, 1.42] by an integer addition: k ≥ −116, so q·2^k is a normal number and exact. t's
 * bits are SHIFTER's plus k, and SHIFTER's bits end in nine zeros, so t << 23 is k << 23.
 */
@inline function expFast(v: v128, m: v128, negm: v128): v128 {
  const d = f32x4.sub(v, m);
  const bb = f32x4.sub(d, v);
  const lo = f32x4.add(f32x4.sub(v, f32x4.sub(d, bb)), f32x4.sub(negm, bb));
  const t = f32x4.add(f32x4.mul(d, splat(LOG2E)), splat(SHIFTER));
  const kf = f32x4.sub(t, splat(SHIFTER));
  // d − k·LN2_HI is exact (Sterbenz: d lies within ln 2/2 of k·ln 2), as in expNeg.
  const r = f32x4.add(f32x4.sub(d, f32x4.mul(kf, splat(LN2_HI))), f32x4.sub(lo, f32x4.mul(kf, splat(LN2_LO))));
  let p = f32x4.add(f32x4.mul(splat(P4), r), splat(P3));
  p = f32x4.add(f32x4.mul(p, r), splat(P2));
  p = f32x4.add(f32x4.mul(p, r), splat(P1));
  p = f32x4.add(f32x4.mul(p, r), splat(P0));
  const q = f32x4.add(splat(1.0), f32x4.add(r, f32x4.mul(f32x4.mul(r, r), p)));
  return i32x4.add(q, i32x4.shl(t, 23));
}

/**
 * exp_store for a row that takes expFast (n ≥ 4): e^(x − m) stored in y, their sum returned.
 * Two vectors of terms are added in float32 before the float64 sum: each such sum of positive
 * terms is rounded once (relative error ≤ 2⁻²⁴), so the row's sum carries at most 2⁻²⁴ of
 * relative error beyond float64's, for half of sum64's conversions.
 */
function expStoreFast(x: usize, y: usize, n: i32, max: f32): f64 {
  const m = splat(max);
  const negm = splat(-max);
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let i = 0;
  const tv = ld(x, n - 4);
  for (; i + 16 <= n; i += 16) {
    const e0 = expFast(ld(x, i), m, negm);
    const e1 = expFast(ld(x, i + 4), m, negm);
    const e2 = expFast(ld(x, i + 8), m, negm);
    const e3 = expFast(ld(x, i + 12), m, negm);
    st4(y, i, e0, e1, e2, e3);
    acc0 = sum64(acc0, f32x4.add(e0, e2));
    acc1 = sum64(acc1, f32x4.add(e1, e3));
  }
  for (; i + 4 <= n; i += 4) {
    const e = expFast(ld(x, i), m, negm);
    st(y, i, e);
    acc0 = sum64(acc0, e);
  }
  if (i < n) {
    const e = expFast(tv, m, negm);
    st(y, n - 4, e);
    acc0 = sum64(acc0, v128.andnot(e, repeated(n - i)));
  }
  acc0 = f64x2.add(acc0, acc1);
  return f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
}

// How many entries equalled the maximum in the last exp_rest call: they contribute exactly 1
// each and are left out of its sum, so that log-softmax can take log1p of the small rest.
let maxCount: i32 = 0;

export function max_count(): i32 {
  return maxCount;
}

/** Σ e^(x − m) in float64 over the entries below the maximum m (see max_count for the others). */
export function exp_rest(x: usize, n: i32, max: f32): f64 {
  const m = splat(max);
  const negm = splat(-max);
  let acc = f64x2.splat(0.0);
  let cnt = i32x4.splat(0);
  let i = 0;
  const tv = tailOf(x, n);
  for (; i + 8 <= n; i += 8) {
    const v = ld(x, i);
    const w = ld(x, i + 4);
    const topv = f32x4.eq(v, m);
    const topw = f32x4.eq(w, m);
    const ev = v128.andnot(expGap(v, m, negm), topv);
    const ew = v128.andnot(expGap(w, m, negm), topw);
    cnt = i32x4.sub(i32x4.sub(cnt, topv), topw);
    acc = sum64(sum64(acc, ev), ew);
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    const top = f32x4.eq(v, m);
    cnt = i32x4.sub(cnt, top);
    acc = sum64(acc, v128.andnot(expGap(v, m, negm), top));
  }
  if (i < n && n >= 4) {
    const rep = repeated(n - i);
    const top = v128.andnot(f32x4.eq(tv, m), rep);
    cnt = i32x4.sub(cnt, top);
    acc = sum64(acc, v128.andnot(expGap(tv, m, negm), v128.or(top, rep)));
    i = n;
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  let c = i32x4.extract_lane(cnt, 0) + i32x4.extract_lane(cnt, 1) + i32x4.extract_lane(cnt, 2) + i32x4.extract_lane(cnt, 3);
  for (; i < n; i++) {
    const v = ld1(x, i);
    if (f32x4.extract_lane(v, 0) == max) c++;
    else s += <f64>f32x4.extract_lane(expGap(v, m, negm), 0);
  }
  maxCount = c;
  return s;
}

/** Σ e^(x − m) in float64 over the whole row, each term also stored in y. */
export function exp_store(x: usize, y: usize, n: i32, max: f32): f64 {
  const m = splat(max);
  const negm = splat(-max);
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let i = 0;
  const tv = tailOf(x, n);
  for (; i + 32 <= n; i += 32) {
    const e0 = expGap(ld(x, i), m, negm);
    const e1 = expGap(ld(x, i + 4), m, negm);
    const e2 = expGap(ld(x, i + 8), m, negm);
    const e3 = expGap(ld(x, i + 12), m, negm);
    const e4 = expGap(ld(x, i + 16), m, negm);
    const e5 = expGap(ld(x, i + 20), m, negm);
    const e6 = expGap(ld(x, i + 24), m, negm);
    const e7 = expGap(ld(x, i + 28), m, negm);
    st8(y, i, e0, e1, e2, e3, e4, e5, e6, e7);
    acc0 = sum64(sum64(sum64(sum64(acc0, e0), e2), e4), e6);
    acc1 = sum64(sum64(sum64(sum64(acc1, e1), e3), e5), e7);
  }
  for (; i + 4 <= n; i += 4) {
    const e = expGap(ld(x, i), m, negm);
    st(y, i, e);
    acc0 = sum64(acc0, e);
  }
  if (i < n && n >= 4) {
    const e = expGap(tv, m, negm);
    st(y, n - 4, e);
    acc0 = sum64(acc0, v128.andnot(e, repeated(n - i)));
    i = n;
  }
  acc0 = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  for (; i < n; i++) {
    const e = expGap(ld1(x, i), m, negm);
    st1(y, i, e);
    s += <f64>f32x4.extract_lane(e, 0);
  }
  return s;
}

/** y = e^(x − m)·inv (the pass that finishes a row too long to keep its terms). */
export function exp_scale(x: usize, y: usize, n: i32, max: f32, inv: f32): void {
  const m = splat(max);
  const negm = splat(-max);
  const s = splat(inv);
  let i = 0;
  const tv = tailOf(x, n);
  for (; i + 16 <= n; i += 16) {
    st4(y, i, f32x4.mul(expGap(ld(x, i), m, negm), s), f32x4.mul(expGap(ld(x, i + 4), m, negm), s), f32x4.mul(expGap(ld(x, i + 8), m, negm), s), f32x4.mul(expGap(ld(x, i + 12), m, negm), s));
  }
  for (; i + 4 <= n; i += 4) st(y, i, f32x4.mul(expGap(ld(x, i), m, negm), s));
  if (i < n && n >= 4) st(y, n - 4, f32x4.mul(expGap(tv, m, negm), s));
  else for (; i < n; i++) st1(y, i, f32x4.mul(expGap(ld1(x, i), m, negm), s));
}

/**
 * y = x·f: the last pass of a long row, f = e^(block max − row max)/Σ rounded to float32 once,
 * the same two roundings (the factor, the product) as exp_scale's e·(1/Σ).
 */
export function scale_rows(x: usize, y: usize, n: i32, f: f32): void {
  const s = splat(f);
  let i = 0;
  for (; i + 16 <= n; i += 16) st4(y, i, f32x4.mul(ld(x, i), s), f32x4.mul(ld(x, i + 4), s), f32x4.mul(ld(x, i + 8), s), f32x4.mul(ld(x, i + 12), s));
  for (; i + 4 <= n; i += 4) st(y, i, f32x4.mul(ld(x, i), s));
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * f);
}

@inline function demote2(a: v128, b: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}
@inline function lowF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function highF64(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** log-softmax from the row maximum m and L = log Σ e^(x − m): y = (x − m) − L in float64, rounded once. */
export function log_apply(x: usize, y: usize, n: i32, max: f32, logSum: f64): void {
  const m = f64x2.splat(<f64>max);
  const l = f64x2.splat(logSum);
  let i = 0;
  const tv = tailOf(x, n);
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    const a = f64x2.sub(f64x2.sub(lowF64(v), m), l);
    const b = f64x2.sub(f64x2.sub(highF64(v), m), l);
    st(y, i, demote2(a, b));
  }
  if (i < n && n >= 4) {
    st(y, n - 4, demote2(f64x2.sub(f64x2.sub(lowF64(tv), m), l), f64x2.sub(f64x2.sub(highF64(tv), m), l)));
    i = n;
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), <f32>(<f64>load<f32>(x + (<usize>i << 2)) - <f64>max - logSum));
}

@inline function scaleRow(y: usize, n: i32, inv: f32): void {
  const s = splat(inv);
  let i = 0;
  const tv = tailOf(y, n); // unscaled, read before the loop scales its first lanes
  for (; i + 16 <= n; i += 16) st4(y, i, f32x4.mul(ld(y, i), s), f32x4.mul(ld(y, i + 4), s), f32x4.mul(ld(y, i + 8), s), f32x4.mul(ld(y, i + 12), s));
  for (; i + 4 <= n; i += 4) st(y, i, f32x4.mul(ld(y, i), s));
  if (i < n && n >= 4) st(y, n - 4, f32x4.mul(tv, s));
  else for (; i < n; i++) store<f32>(y + (<usize>i << 2), load<f32>(y + (<usize>i << 2)) * inv);
}

/** A row holding +∞: the limit, where the +∞ entries share the probability equally. */
function infiniteRow(x: usize, y: usize, n: i32, log: bool): void {
  let k = 0;
  for (let i = 0; i < n; i++) if (load<f32>(x + (<usize>i << 2)) == Infinity) k++;
  const share: f32 = log ? <f32>-Math.log(<f64>k) : <f32>(1.0 / <f64>k);
  const rest: f32 = log ? -Infinity : 0;
  for (let i = 0; i < n; i++) store<f32>(y + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) == Infinity ? share : rest);
}

// Short rows (4 to SHORT entries) take their exponentials over a whole block of rows at once, so
// that no lane is wasted at the end of a row: each entry meets its row's maximum in `blockMax`.
const SHORT: i32 = 64;
const BLOCK: i32 = 2048;
// Held in the free memory after the static data (heap_base counts it), not in the module's bytes.
const blockMax: usize = (__heap_base + 15) & ~(<usize>15);
// log-softmax keeps the block's exponentials here, since its y may be its x.
const blockExp: usize = blockMax + (<usize>BLOCK << 2);

/** Σ y in float64 over a row of n ≥ 4 entries (the tail vector overlaps, its repeats masked). */
function rowSum(y: usize, n: i32): f64 {
  let acc = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = sum64(acc, ld(y, i));
  if (i < n) acc = sum64(acc, v128.andnot(ld(y, n - 4), repeated(n - i)));
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

/** How many of a row's n ≥ 4 entries equal m. */
function rowCount(x: usize, n: i32, m: f32): i32 {
  const mv = splat(m);
  let cnt = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) cnt = i32x4.sub(cnt, f32x4.eq(ld(x, i), mv));
  if (i < n) cnt = i32x4.sub(cnt, v128.andnot(f32x4.eq(ld(x, n - 4), mv), repeated(n - i)));
  return i32x4.extract_lane(cnt, 0) + i32x4.extract_lane(cnt, 1) + i32x4.extract_lane(cnt, 2) + i32x4.extract_lane(cnt, 3);
}

/** The block's e^(x − m), or 0 where x = m when `log` (log-softmax sums the rest apart). */
@inline function shortExp(v: v128, m: v128, log: bool): v128 {
  const e = expGap(v, m, f32x4.neg(m));
  return log ? v128.andnot(e, f32x4.eq(v, m)) : e;
}

/** y = e^(x − m) over a block of ne ≥ 4 entries, m from blockMax (`log` is a constant at each call). */
@inline function expBlock(xb: usize, yb: usize, ne: i32, log: bool): void {
  const tv = ld(xb, ne - 4);
  let i = 0;
  for (; i + 16 <= ne; i += 16) {
    const m0 = ld(blockMax, i);
    const m1 = ld(blockMax, i + 4);
    const m2 = ld(blockMax, i + 8);
    const m3 = ld(blockMax, i + 12);
    st4(yb, i, shortExp(ld(xb, i), m0, log), shortExp(ld(xb, i + 4), m1, log), shortExp(ld(xb, i + 8), m2, log), shortExp(ld(xb, i + 12), m3, log));
  }
  for (; i + 4 <= ne; i += 4) st(yb, i, shortExp(ld(xb, i), ld(blockMax, i), log));
  if (i < ne) st(yb, ne - 4, shortExp(tv, ld(blockMax, ne - 4), log));
}

/**
 * softmax (or log-softmax) of `rows` rows of 4 ≤ size ≤ SHORT entries, in blocks of at most
 * BLOCK entries: the same arithmetic as a long row, the exponentials taken over the whole block.
 */
function softmaxShort(x: usize, y: usize, rows: i32, size: i32, log: bool): void {
  const stride = <usize>size << 2;
  const per = BLOCK / size;
  for (let r0 = 0; r0 < rows; r0 += per) {
    const nr = min(per, rows - r0);
    const xb = x + <usize>r0 * stride;
    const yb = y + <usize>r0 * stride;
    const ne = nr * size;
    let special = false;
    for (let r = 0; r < nr; r++) {
      const m = row_max(xb + <usize>r * stride, size);
      // NaN and ±∞ maxima are settled row by row below; 0 keeps the block's arithmetic quiet.
      const ok = m - m == 0;
      special = special || !ok;
      const mv = splat(ok ? m : 0);
      const o = r * size;
      for (let j = 0; j + 4 <= size; j += 4) st(blockMax, o + j, mv);
      st(blockMax, o + size - 4, mv);
    }
    if (log) expBlock(xb, blockExp, ne, true);
    else expBlock(xb, yb, ne, false);
    if (log) {
      for (let r = 0; r < nr; r++) {
        const o = <usize>r * stride;
        const m = load<f32>(blockMax + o);
        const rest = rowSum(blockExp + o, size);
        log_apply(xb + o, yb + o, size, m, Math.log1p(rest + <f64>(rowCount(xb + o, size, m) - 1)));
      }
    } else {
      for (let r = 0; r < nr; r++) {
        const yr = yb + <usize>r * stride;
        scaleRow(yr, size, <f32>(1.0 / rowSum(yr, size)));
      }
    }
    if (special) {
      for (let r = 0; r < nr; r++) {
        const xr = xb + <usize>r * stride;
        const yr = yb + <usize>r * stride;
        const m = row_max(xr, size);
        if (isNaN(m) || m == -Infinity) for (let j = 0; j < size; j++) store<f32>(yr + (<usize>j << 2), NaN);
        else if (m == Infinity) infiniteRow(xr, yr, size, log);
      }
    }
  }
}

/** softmax (log = 0) or log-softmax (log = 1) of `rows` consecutive rows of `size` entries. */
export function softmax_rows(x: usize, y: usize, rows: i32, size: i32, log: i32): void {
  if (size >= 4 && size <= SHORT) {
    softmaxShort(x, y, rows, size, log != 0);
    return;
  }
  const stride = <usize>size << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * stride;
    const yr = y + <usize>r * stride;
    const lean = log == 0 && size > SHORT;
    const m = lean ? rowMaxMin(xr, size) : row_max(xr, size);
    if (lean && m - m == 0 && rowMin - m >= FAST_GAP) {
      scaleRow(yr, size, <f32>(1.0 / expStoreFast(xr, yr, size, m)));
    } else if (isNaN(m) || m == -Infinity) {
      // NaN anywhere, or only −∞ entries: no distribution is defined.
      for (let i = 0; i < size; i++) store<f32>(yr + (<usize>i << 2), NaN);
    } else if (m == Infinity) {
      infiniteRow(xr, yr, size, log != 0);
    } else if (log != 0) {
      const rest = exp_rest(xr, size, m);
      log_apply(xr, yr, size, m, Math.log1p(rest + <f64>(maxCount - 1)));
    } else {
      scaleRow(yr, size, <f32>(1.0 / exp_store(xr, yr, size, m)));
    }
  }
}

/** Σ y·dy in float64 (each product of two float32 values is exact in float64). */
export function dot(y: usize, dy: usize, n: i32): f64 {
  let acc = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = ld(y, i);
    const b = ld(dy, i);
    acc = f64x2.add(acc, f64x2.mul(lowF64(a), lowF64(b)));
    acc = f64x2.add(acc, f64x2.mul(highF64(a), highF64(b)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) s += <f64>load<f32>(y + (<usize>i << 2)) * <f64>load<f32>(dy + (<usize>i << 2));
  return s;
}

/** dx = y·(dy − s) in float64, rounded once, so the cancellation in dy − s costs nothing. */
export function softmax_back_apply(y: usize, dy: usize, dx: usize, n: i32, s: f64): void {
  const sv = f64x2.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = ld(y, i);
    const b = ld(dy, i);
    const lo = f64x2.mul(lowF64(a), f64x2.sub(lowF64(b), sv));
    const hi = f64x2.mul(highF64(a), f64x2.sub(highF64(b), sv));
    st(dx, i, demote2(lo, hi));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, <f32>(<f64>load<f32>(y + o) * (<f64>load<f32>(dy + o) - s)));
  }
}

export function softmax_back_rows(y: usize, dy: usize, dx: usize, rows: i32, size: i32): void {
  const stride = <usize>size << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * stride;
    softmax_back_apply(y + o, dy + o, dx + o, size, dot(y + o, dy + o, size));
  }
}

/** Where the memory that the kernels may use begins (after the module's own static data). */
export function heap_base(): usize {
  return blockExp + (<usize>BLOCK << 2);
}
