// Vector helpers shared by the kernel files: the exponential, tanh and sigmoid of four float32
// lanes, and their constants (moved here from kernels.ts unchanged, so that assembly/extra.ts
// can use them too; the accuracy plan at the top of kernels.ts applies).

// ---- polynomial coefficients (assembly/coefficients.py fits them; see there) ----
// (e^r − 1 − r)/r² on |r| ≤ ln2/2, relative error of r + r²·P(r) below 1.4e-8.
export const P0: f32 = 0.4999999701976776;
export const P1: f32 = 0.1666654348373413;
export const P2: f32 = 0.04166720062494278;
export const P3: f32 = 0.00836651399731636;
export const P4: f32 = 0.0013882520142942667;
// (tanh(x) − x)/x³ as a polynomial in x² on |x| ≤ 0.625.
export const T0: f32 = -0.3333328068256378;
export const T1: f32 = 0.13331441581249237;
export const T2: f32 = -0.05373971164226532;
export const T3: f32 = 0.020639078691601753;
export const T4: f32 = -0.005704978480935097;

export const LOG2E: f32 = 1.4426950408889634;
// ln 2 = LN2_HI + LN2_LO, with LN2_HI short enough (9 bits) that k·LN2_HI is exact for |k| < 2¹⁵.
export const LN2_HI: f32 = 0.693359375;
export const LN2_LO: f32 = -2.1219444005469057e-4;
// Adding 1.5·2²³ rounds to an integer and leaves that integer in the low mantissa bits.
export const SHIFTER: f32 = 12582912.0;
export const SHIFTER_BITS: i32 = 0x4b400000;
// Where tanh switches from its odd polynomial to (1 − e)/(1 + e).
export const TANH_SMALL: f32 = 0.625;

@inline export function splat(v: f32): v128 {
  return f32x4.splat(v);
}

@inline export function signBit(): v128 {
  return i32x4.splat(-2147483648);
}

/** e^r − 1 for |r| ≤ ln2/2 (a little beyond is harmless). */
@inline export function expm1Poly(r: v128): v128 {
  let p = f32x4.add(f32x4.mul(splat(P4), r), splat(P3));
  p = f32x4.add(f32x4.mul(p, r), splat(P2));
  p = f32x4.add(f32x4.mul(p, r), splat(P1));
  p = f32x4.add(f32x4.mul(p, r), splat(P0));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), p));
}

/**
 * p·2^k from the shifted sum t (k = bits(t) − bits(SHIFTER)): 2^(k+64) is built as a float
 * (normal, since k + 64 ≥ −109 after the clamps), p·2^(k+64) is exact, and the final ·2⁻⁶⁴
 * rounds once, so a subnormal result is correctly rounded. A NaN p stays NaN.
 */
@inline export function scale2k(p: v128, t: v128): v128 {
  const s = i32x4.shl(i32x4.sub(t, i32x4.splat(SHIFTER_BITS - 64 - 127)), 23);
  return f32x4.mul(f32x4.mul(p, s), splat(5.421010862427522e-20));
}

/**
 * e^x for x ≤ 0 (larger x gives garbage, which callers select away); NaN stays NaN. The clamp
 * at −120 keeps k + 64 ≥ −109; e^(−120) is far below the smallest subnormal.
 */
@inline export function expNeg(x0: v128): v128 {
  const x = f32x4.pmax(x0, splat(-120.0)); // pmax(a, b) = a < b ? b : a keeps a NaN a
  const t = f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(SHIFTER));
  const kf = f32x4.sub(t, splat(SHIFTER));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(kf, splat(LN2_HI))), f32x4.mul(kf, splat(LN2_LO)));
  return scale2k(f32x4.add(splat(1.0), expm1Poly(r)), t);
}

/**
 * mul·e^x for x ≤ 0 and 2⁻¹⁵ ≤ |mul| ≤ 2²⁰: the product is taken before the scaling and stays
 * normal through it, so the result is rounded once even when subnormal.
 */
@inline export function expNegMul(x0: v128, mul: v128): v128 {
  const x = f32x4.pmax(x0, splat(-120.0));
  const t = f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(SHIFTER));
  const kf = f32x4.sub(t, splat(SHIFTER));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(kf, splat(LN2_HI))), f32x4.mul(kf, splat(LN2_LO)));
  return scale2k(f32x4.mul(f32x4.add(splat(1.0), expm1Poly(r)), mul), t);
}

/** e^x − 1 for x ≤ 0 (larger x gives garbage). Exact for tiny x: r = x and r² underflows. */
@inline export function expm1Neg(x0: v128): v128 {
  const x = f32x4.pmax(x0, splat(-30.0));
  const t = f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(SHIFTER));
  const kf = f32x4.sub(t, splat(SHIFTER));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(kf, splat(LN2_HI))), f32x4.mul(kf, splat(LN2_LO)));
  const q = expm1Poly(r);
  // 2^k as bits, (k + 127) << 23 with k = bits(t) − SHIFTER_BITS, in one subtraction: V8
  // re-creates every constant on each loop turn, and the separate add cost elu_f about 6 %.
  const s = i32x4.shl(i32x4.sub(t, i32x4.splat(SHIFTER_BITS - 127)), 23);
  // 2^k·(e^r − 1) + (2^k − 1): for k = 0 this is q itself, so small x keeps full relative precision.
  return f32x4.add(f32x4.mul(s, q), f32x4.sub(s, splat(1.0)));
}

/** 1 where x ≥ 0, 0 where x < 0, NaN where x is NaN: the derivative of the kinked functions. */
@inline export function step(x: v128, below: v128): v128 {
  const ge = f32x4.ge(x, splat(0.0));
  const lt = f32x4.lt(x, splat(0.0));
  return v128.bitselect(splat(1.0), v128.bitselect(below, splat(NaN), lt), ge);
}

// ---- the functions, one vector at a time ----

@inline export function sigmoidV(x: v128): v128 {
  const e = expNeg(v128.or(x, signBit()));
  // The sign bit spread over the lane selects e for x < 0. It also picks e for −0 (where e = 1)
  // and for a NaN with its sign set (where e is NaN), so the result is the same as with x < 0,
  // and one constant fewer.
  const num = v128.bitselect(e, splat(1.0), i32x4.shr_s(x, 31));
  return f32x4.div(num, f32x4.add(splat(1.0), e));
}

/**
 * σ′(x) = e/(1 + e)² with e = e^(−|x|). The rounding of d = 1 + e would count twice after
 * squaring, so its error lo is put back: e/(d + lo)² ≈ e/d² · (1 − 2·lo/d), with 2/d taken
 * from the line 3 − d (good to 12 % on [1, 2], which is all a correction of ≤ 2⁻²⁴ needs).
 */
@inline export function sigmoidDV(x: v128): v128 {
  const e = expNeg(v128.or(x, signBit()));
  const d = f32x4.add(splat(1.0), e);
  const lo = f32x4.sub(e, f32x4.sub(d, splat(1.0)));
  const q = f32x4.div(e, f32x4.mul(d, d));
  return f32x4.sub(q, f32x4.mul(q, f32x4.mul(lo, f32x4.sub(splat(3.0), d))));
}

@inline export function tanhSmallV(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(splat(T4), z), splat(T3));
  p = f32x4.add(f32x4.mul(p, z), splat(T2));
  p = f32x4.add(f32x4.mul(p, z), splat(T1));
  p = f32x4.add(f32x4.mul(p, z), splat(T0));
  return f32x4.add(x, f32x4.mul(f32x4.mul(x, z), p));
}

@inline export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const e = expNeg(f32x4.mul(ax, splat(-2.0)));
  const big = f32x4.div(f32x4.sub(splat(1.0), e), f32x4.add(splat(1.0), e));
  const sign = v128.and(x, signBit());
  const signed = v128.or(big, sign);
  // x + x·z·p rounds −0 to +0 (−0 + +0); the sign of x restores tanh(−0) = −0.
  return v128.bitselect(v128.or(tanhSmallV(x), sign), signed, f32x4.lt(ax, splat(TANH_SMALL)));
}

/** tanh′ = 1 − t² near 0; 4e/(1 + e)² with e = e^(−2|x|) beyond, 4e formed inside the exponential. */
@inline export function tanhDV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const t = tanhSmallV(x);
  const small = f32x4.sub(splat(1.0), f32x4.mul(t, t));
  const e4 = expNegMul(f32x4.mul(ax, splat(-2.0)), splat(4.0));
  const e = f32x4.mul(e4, splat(0.25));
  const d = f32x4.add(splat(1.0), e);
  const lo = f32x4.sub(e, f32x4.sub(d, splat(1.0)));
  const q = f32x4.div(e4, f32x4.mul(d, d));
  const big = f32x4.sub(q, f32x4.mul(q, f32x4.mul(lo, f32x4.sub(splat(3.0), d))));
  return v128.bitselect(small, big, f32x4.lt(ax, splat(TANH_SMALL)));
}
