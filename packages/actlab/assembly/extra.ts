// Float32 kernels of the activations beyond the article's eight (GELU, SiLU, Mish, Softplus and
// PyTorch's other elementwise functions), four lanes at a time, with the accuracy plan of
// kernels.ts: every result within 4 float32 ulp of the correctly rounded value, tails included.
//
// Every function has three exports, name_f (y = f(x)), name_b (dx = dy·f′(x)) and name_fd (y and
// f′ in one pass), all taking the two parameters a and b (unused ones are ignored). The loops are
// written once (loopF, loopB, loopFD) for a function number that is a constant at each call, so
// the optimiser keeps only that function's code.
//
// How the tails stay exact:
// - exp64 returns e^x·2⁶⁴ for x ≤ 0, a normal number; products with it are scaled by 2⁻⁶⁴ last,
//   so a subnormal result (silu(−100), gelu(−13)) is rounded once.
// - An exponent that float32 cannot hold exactly (β·x, x/α, −x²/2, GELU-tanh's 2u) is carried as
//   a pair hi + lo (TwoProduct, or float64), and lo is added to the reduced argument.
// - Derivatives with a zero (silu′, gelu′, gelu-tanh′, mish′ cross 0 once, at x₀ < 0) switch to a
//   polynomial in t = x − x₀ within 0.4 of it, with x₀ in three float32 parts, so the result
//   keeps its relative precision where the formula would cancel (assembly/coefficients_extra.py
//   fits these polynomials, tanhshrink's, log1p's and GELU's).
import { LN2_HI, LN2_LO, LOG2E, SHIFTER, SHIFTER_BITS, expm1Neg, expm1Poly, expNeg, sigmoidV, signBit, splat, step } from "./math";

const TWO_M64: f32 = 5.421010862427522e-20;
const TWO_64: f32 = 18446744073709551616.0;
const ROOT_NEAR: f32 = 0.4;

// ---- building blocks ----

@inline function sel(a: v128, b: v128, m: v128): v128 {
  return v128.bitselect(a, b, m); // m ? a : b, lane by lane
}
@inline function isNeg(x: v128): v128 {
  return f32x4.lt(x, splat(0.0));
}
@inline function negAbs(x: v128): v128 {
  return v128.or(x, signBit());
}
@inline function isNaN4(x: v128): v128 {
  return f32x4.ne(x, x);
}
/** 1 where `m`, 0 elsewhere, NaN where x is NaN: the derivative of the piecewise-linear functions. */
@inline function maskD(x: v128, m: v128, v: v128): v128 {
  return sel(v, sel(splat(NaN), splat(0.0), isNaN4(x)), m);
}

/** e^(x + lo)·2⁶⁴ for x ≤ 0 (clamped at −120) and a small correction lo: a normal number. */
@inline function exp64(x0: v128, lo: v128): v128 {
  const x = f32x4.pmax(x0, splat(-120.0));
  const t = f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(SHIFTER));
  const kf = f32x4.sub(t, splat(SHIFTER));
  const r = f32x4.add(f32x4.sub(f32x4.sub(x, f32x4.mul(kf, splat(LN2_HI))), f32x4.mul(kf, splat(LN2_LO))), lo);
  const s = i32x4.shl(i32x4.sub(t, i32x4.splat(SHIFTER_BITS - 64 - 127)), 23);
  return f32x4.mul(f32x4.add(splat(1.0), expm1Poly(r)), s);
}

/** The rounding error of p = a·b (p + err = a·b exactly), b given as bh + bl split in 12 bits. */
@inline function twoProdErr(a: v128, p: v128, bh: v128, bl: v128): v128 {
  const c = f32x4.mul(a, splat(4097.0));
  const ah = f32x4.sub(c, f32x4.sub(c, a));
  const al = f32x4.sub(a, ah);
  return f32x4.add(f32x4.add(f32x4.add(f32x4.sub(f32x4.mul(ah, bh), p), f32x4.mul(ah, bl)), f32x4.mul(al, bh)), f32x4.mul(al, bl));
}
@inline function splitHi(b: f32): f32 {
  const c = b * 4097.0;
  return c - (c - b);
}

// log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2 + f): R on s² ≤ 0.041.
const L0: f32 = 0.6666696667671204;
const L1: f32 = 0.3995561897754669;
const L2: f32 = 0.30407479405403137;
const LN2_F: f32 = 0.6931471824645996;
const LN2_F_LO: f32 = -1.904654323148236e-9;

/** log(1 + e) for 0 ≤ e ≤ 1: e itself as f below 0.5, else f = (e − 1)/2 and k = 1 (both exact). */
@inline function log1pV(e: v128): v128 {
  const big = f32x4.ge(e, splat(0.5));
  const f = sel(f32x4.mul(f32x4.sub(e, splat(1.0)), splat(0.5)), e, big);
  const s = f32x4.div(f, f32x4.add(splat(2.0), f));
  const z = f32x4.mul(s, s);
  const r = f32x4.mul(z, f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(splat(L2), z), splat(L1)), z), splat(L0)));
  const hfsq = f32x4.mul(f32x4.mul(splat(0.5), f), f);
  const k = v128.and(big, splat(1.0));
  const lo = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(k, splat(LN2_F_LO)));
  return f32x4.add(f32x4.add(f32x4.sub(lo, hfsq), f), f32x4.mul(k, splat(LN2_F)));
}

/** t·(c0 + c1·t + … + c8·t⁸). */
@inline function poly9(t: v128, c0: f32, c1: f32, c2: f32, c3: f32, c4: f32, c5: f32, c6: f32, c7: f32, c8: f32): v128 {
  let p = f32x4.add(f32x4.mul(splat(c8), t), splat(c7));
  p = f32x4.add(f32x4.mul(p, t), splat(c6));
  p = f32x4.add(f32x4.mul(p, t), splat(c5));
  p = f32x4.add(f32x4.mul(p, t), splat(c4));
  p = f32x4.add(f32x4.mul(p, t), splat(c3));
  p = f32x4.add(f32x4.mul(p, t), splat(c2));
  p = f32x4.add(f32x4.mul(p, t), splat(c1));
  p = f32x4.add(f32x4.mul(p, t), splat(c0));
  return f32x4.mul(p, t);
}
/** x − x₀ with x₀ = h + m + l: x − h is exact near x₀, so t keeps its relative precision. */
@inline function rootT(x: v128, h: f32, m: f32, l: f32): v128 {
  return f32x4.sub(f32x4.sub(f32x4.sub(x, splat(h)), splat(m)), splat(l));
}
@inline function nearRoot(t: v128): v128 {
  return f32x4.lt(f32x4.abs(t), splat(ROOT_NEAR));
}

// float64 halves of a float32 vector, and back.
@inline function lo64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function hi64(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}
@inline function join32(a: v128, b: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}
@inline function d2(v: f64): v128 {
  return f64x2.splat(v);
}

// ---- SiLU: x·σ(x) ----

@inline function siluF(x: v128): v128 {
  const E = exp64(negAbs(x), splat(0.0));
  const d = f32x4.add(splat(1.0), f32x4.mul(E, splat(TWO_M64)));
  const neg = f32x4.mul(f32x4.div(f32x4.mul(f32x4.pmax(x, splat(-120.0)), E), d), splat(TWO_M64));
  return sel(neg, f32x4.div(x, d), isNeg(x));
}

/** silu′ = e(1 + x + e)/(1 + e)² for x < 0 (e = eˣ), (1 + e(1 + x))/(1 + e)² for x ≥ 0 (e = e⁻ˣ). */
@inline function siluD(x: v128): v128 {
  const E = exp64(negAbs(x), splat(0.0));
  const e = f32x4.mul(E, splat(TWO_M64));
  const d = f32x4.add(splat(1.0), e);
  // 1/(d + dlo)² ≈ (1 − dlo·(3 − d))/d², dlo being the rounding error of d (see sigmoidDV).
  const k = f32x4.sub(splat(1.0), f32x4.mul(f32x4.sub(e, f32x4.sub(d, splat(1.0))), f32x4.sub(splat(3.0), d)));
  const q = f32x4.div(k, f32x4.mul(d, d));
  const xn = f32x4.pmax(x, splat(-120.0));
  const neg = f32x4.mul(f32x4.mul(f32x4.mul(E, f32x4.add(f32x4.add(splat(1.0), xn), e)), q), splat(TWO_M64));
  const pos = f32x4.mul(f32x4.add(splat(1.0), f32x4.mul(e, f32x4.add(splat(1.0), f32x4.pmin(x, splat(1e4))))), q);
  const t = rootT(x, -1.2784645557403564, 1.2979282537628478e-8, 1.1257466239192657e-16);
  const root = poly9(t, 0.2178117036819458, 0.14664879441261292, 0.018874812871217728, -0.015222709625959396, -0.006606551818549633, 0.00012787152081727982, 0.0007982132374309003, 0.0001752356329234317, -4.0565610106568784e-5);
  return sel(root, sel(neg, pos, isNeg(x)), nearRoot(t));
}

// ---- GELU: x·Φ(x) ----
// Φ(−y) = e^(−y²/2)·G(y) for y = |x|, G(y) = t·P(t) with t = 3/(3 + y), evaluated in float64 with
// −y²/2 (exact in float64) split into float32 hi + lo for exp64. G(y) − y/√(2π) (for gelu′) is
// formed in float64 too, where it cancels near the zero of gelu′.

const G0: f64 = 0.13298225954489182;
const G1: f64 = 0.13293241205636946;
const G2: f64 = 0.1188832041047185;
const G3: f64 = 0.08319744092233305;
const G4: f64 = 0.07719763750244717;
const G5: f64 = -0.08541702435943813;
const G6: f64 = 0.20093462178051194;
const G7: f64 = -0.3531178658336258;
const G8: f64 = 0.2892171091656433;
const G9: f64 = -0.11540880549430835;
const G10: f64 = 0.018599011079101394;
const INV_SQRT_2PI: f64 = 0.3989422804014327;

@inline function yOf(h: v128): v128 {
  return f64x2.pmin(f64x2.abs(h), d2(40.0)); // Φ(−40) is far below float32; NaN stays NaN
}
@inline function gOf(y: v128): v128 {
  const t = f64x2.div(d2(3.0), f64x2.add(d2(3.0), y));
  let p = f64x2.add(f64x2.mul(d2(G10), t), d2(G9));
  p = f64x2.add(f64x2.mul(p, t), d2(G8));
  p = f64x2.add(f64x2.mul(p, t), d2(G7));
  p = f64x2.add(f64x2.mul(p, t), d2(G6));
  p = f64x2.add(f64x2.mul(p, t), d2(G5));
  p = f64x2.add(f64x2.mul(p, t), d2(G4));
  p = f64x2.add(f64x2.mul(p, t), d2(G3));
  p = f64x2.add(f64x2.mul(p, t), d2(G2));
  p = f64x2.add(f64x2.mul(p, t), d2(G1));
  p = f64x2.add(f64x2.mul(p, t), d2(G0));
  return f64x2.mul(p, t);
}
@inline function halfSq(y: v128): v128 {
  return f64x2.mul(f64x2.mul(y, y), d2(-0.5));
}
/** e^(−x²/2)·2⁶⁴. */
@inline function geluE(x: v128): v128 {
  const ha = halfSq(yOf(lo64(x)));
  const hb = halfSq(yOf(hi64(x)));
  const h = join32(ha, hb);
  return exp64(h, join32(f64x2.sub(ha, lo64(h)), f64x2.sub(hb, hi64(h))));
}

@inline function geluF(x: v128): v128 {
  const g = join32(gOf(yOf(lo64(x))), gOf(yOf(hi64(x))));
  const q = f32x4.mul(g, geluE(x)); // Φ(−|x|)·2⁶⁴
  const neg = f32x4.mul(f32x4.mul(f32x4.pmax(x, splat(-40.0)), q), splat(TWO_M64));
  const pos = f32x4.mul(x, f32x4.sub(splat(1.0), f32x4.mul(q, splat(TWO_M64))));
  return sel(neg, pos, isNeg(x));
}

@inline function dgOf(y: v128): v128 {
  return f64x2.sub(gOf(y), f64x2.mul(y, d2(INV_SQRT_2PI)));
}
/** gelu′ = Φ(x) + xφ(x) = φ(y)(M(y) − y) for x < 0 and 1 − φ(y)(M(y) − y) for x ≥ 0 (M: Mills ratio). */
@inline function geluD(x: v128): v128 {
  const dg = join32(dgOf(yOf(lo64(x))), dgOf(yOf(hi64(x))));
  const v = f32x4.mul(f32x4.mul(geluE(x), dg), splat(TWO_M64));
  const t = rootT(x, -0.7517915368080139, 1.211444988769017e-8, -4.291324608861238e-16);
  const root = poly9(t, 0.43149399757385254, 0.38828498125076294, -0.018199671059846878, -0.11400788277387619, -0.01477156113833189, 0.019413799047470093, 0.004537590779364109, -0.0021734791807830334, -0.0007206407026387751);
  return sel(root, sel(v, f32x4.sub(splat(1.0), v), isNeg(x)), nearRoot(t));
}

// ---- GELU, tanh form: x·σ(v), v = 2√(2/π)(x + 0.044715x³) ----

const GT_C: f64 = 1.5957691216057308;
const GT_A: f64 = 0.044715;

@inline function gtW(h: v128): v128 {
  const v = f64x2.mul(f64x2.mul(h, d2(GT_C)), f64x2.add(d2(1.0), f64x2.mul(d2(GT_A), f64x2.mul(h, h))));
  return f64x2.pmax(f64x2.neg(f64x2.abs(v)), d2(-200.0));
}
/** 1 + x·v′ = 1 + 2√(2/π)(x + 3·0.044715x³); beyond |x| = 15 the exponential it meets is 0. */
@inline function gtS(h: v128): v128 {
  const c = f64x2.pmin(f64x2.pmax(h, d2(-15.0)), d2(15.0));
  return f64x2.add(d2(1.0), f64x2.mul(f64x2.mul(c, d2(GT_C)), f64x2.add(d2(1.0), f64x2.mul(d2(3 * GT_A), f64x2.mul(c, c)))));
}
/** e((1 + x·v′) + e)/(1 + e)² in float64, from e·2⁶⁴ and 1 + x·v′. */
@inline function gtNeg64(e64: v128, s: v128): v128 {
  const e = f64x2.mul(e64, d2(5.421010862427522e-20));
  const d = f64x2.add(d2(1.0), e);
  return f64x2.div(f64x2.mul(e, f64x2.add(s, e)), f64x2.mul(d, d));
}
/** e^(−|v|)·2⁶⁴. */
@inline function gtE(x: v128): v128 {
  const wa = gtW(lo64(x));
  const wb = gtW(hi64(x));
  const w = join32(wa, wb);
  return exp64(w, join32(f64x2.sub(wa, lo64(w)), f64x2.sub(wb, hi64(w))));
}

@inline function geluTanhF(x: v128): v128 {
  const E = gtE(x);
  const d = f32x4.add(splat(1.0), f32x4.mul(E, splat(TWO_M64)));
  const neg = f32x4.mul(f32x4.div(f32x4.mul(f32x4.pmax(x, splat(-120.0)), E), d), splat(TWO_M64));
  return sel(neg, f32x4.div(x, d), isNeg(x));
}

/** f′ = σ(v)(1 + x·σ(−v)·v′): e((1 + x·v′) + e)/(1 + e)² for x < 0, (1 + e(1 + x·v′))/(1 + e)² for x ≥ 0. */
@inline function geluTanhD(x: v128): v128 {
  const E = gtE(x);
  const e = f32x4.mul(E, splat(TWO_M64));
  const d = f32x4.add(splat(1.0), e);
  const k = f32x4.sub(splat(1.0), f32x4.mul(f32x4.sub(e, f32x4.sub(d, splat(1.0))), f32x4.sub(splat(3.0), d)));
  const q = f32x4.div(k, f32x4.mul(d, d));
  const sa = gtS(lo64(x));
  const sb = gtS(hi64(x));
  const s1 = join32(sa, sb); // 1 + x·v′, rounded once
  // x < 0: formed in float64 from e·2⁶⁴ and rounded once (in float32, 4 ulp just beyond the zero's polynomial).
  const neg = join32(gtNeg64(lo64(E), sa), gtNeg64(hi64(E), sb));
  const pos = f32x4.mul(f32x4.add(splat(1.0), f32x4.mul(e, s1)), q);
  const t = rootT(x, -0.7524614334106445, 1.1339627903339533e-8, 3.694225143957672e-16);
  const root = poly9(t, 0.4304001033306122, 0.38751843571662903, -0.015782848000526428, -0.11394400149583817, -0.01661936193704605, 0.019671404734253883, 0.005258518736809492, -0.0023307751398533583, -0.0008922063861973584);
  return sel(root, sel(neg, pos, isNeg(x)), nearRoot(t));
}

// ---- Mish: x·tanh(softplus(x)) = x·n/(n + 2) with n = eˣ(eˣ + 2) ----

@inline function mishF(x: v128): v128 {
  const E = exp64(negAbs(x), splat(0.0));
  const e = f32x4.mul(E, splat(TWO_M64));
  const ep2 = f32x4.add(splat(2.0), e);
  const n2 = f32x4.add(f32x4.mul(e, ep2), splat(2.0));
  const neg = f32x4.mul(f32x4.div(f32x4.mul(f32x4.mul(f32x4.pmax(x, splat(-120.0)), E), ep2), n2), splat(TWO_M64));
  // x ≥ 0, e = e⁻ˣ: tanh(softplus(x)) = (1 + 2e)/(1 + 2e + 2e²).
  const num = f32x4.add(splat(1.0), f32x4.add(e, e));
  const den = f32x4.add(num, f32x4.mul(f32x4.add(e, e), e));
  return sel(neg, f32x4.div(f32x4.mul(x, num), den), isNeg(x));
}

/** e(4(1 + x) + e(6 + 4x + e(4 + e)))/(2 + e(2 + e))², in float64 from float32 e = eˣ and x. */
@inline function mishNeg64(e32: v128, x32: v128): v128 {
  const e = f64x2.mul(e32, d2(5.421010862427522e-20));
  const x4 = f64x2.mul(x32, d2(4.0));
  const s = f64x2.add(f64x2.add(x4, d2(4.0)), f64x2.mul(e, f64x2.add(f64x2.add(x4, d2(6.0)), f64x2.mul(e, f64x2.add(e, d2(4.0))))));
  const n2 = f64x2.add(d2(2.0), f64x2.mul(e, f64x2.add(e, d2(2.0))));
  return f64x2.div(f64x2.mul(e, s), f64x2.mul(n2, n2));
}

/**
 * mish′ = tanh(sp) + x·sech²(sp)·σ(x). For x < 0 (e = eˣ) it is e(2 + e)(n + 2) + 4xe(1 + e) over
 * (n + 2)², which is e(4(1 + x) + e(6 + 4x + e(4 + e)))/(2 + e(2 + e))²: formed in float64 from
 * e·2⁶⁴ and rounded once (in float32 its eleven roundings reached 5 ulp).
 */
@inline function mishD(x: v128): v128 {
  const E = exp64(negAbs(x), splat(0.0));
  const e = f32x4.mul(E, splat(TWO_M64));
  const ep1 = f32x4.add(splat(1.0), e);
  const xn = f32x4.pmax(x, splat(-120.0));
  const neg = join32(mishNeg64(lo64(E), lo64(xn)), mishNeg64(hi64(E), hi64(xn)));
  const e2 = f32x4.add(e, e);
  const num = f32x4.add(splat(1.0), e2);
  const den = f32x4.add(num, f32x4.mul(e2, e));
  const th = f32x4.div(num, den);
  const om = f32x4.div(f32x4.mul(e2, e), den); // 1 − tanh(sp)
  const pos = f32x4.add(th, f32x4.div(f32x4.mul(f32x4.mul(f32x4.pmin(x, splat(1e4)), om), f32x4.add(splat(1.0), th)), ep1));
  const t = rootT(x, -1.1924312114715576, -3.0439375464652585e-9, -4.8484830954048644e-17);
  const root = poly9(t, 0.2669479250907898, 0.2047312706708908, 0.04190782457590103, -0.020271914079785347, -0.01582127995789051, -0.00335864070802927, 0.001095265499316156, 0.0009732514736242592, 0.00023267886717803776);
  return sel(root, sel(neg, pos, isNeg(x)), nearRoot(t));
}

// ---- Softplus: (1/β)·log(1 + e^(βx)) ----
// c0 = β, c1/c2 = β split for TwoProduct, c3 = 2³⁰/β (beyond, βx is clamped: e^(−2³⁰) is 0).

@inline function spZ(x: v128, c3: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, f32x4.neg(c3)), c3);
}
/** e^(−|βx|)·2⁶⁴ with βx exact as z + zl. */
@inline function spE(z: v128, zl: v128): v128 {
  return exp64(negAbs(z), sel(zl, f32x4.neg(zl), isNeg(z)));
}

@inline function softplusF(x: v128, c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  const xc = spZ(x, c3);
  const z = f32x4.mul(xc, c0);
  const E = spE(z, twoProdErr(xc, z, c1, c2));
  const main = f32x4.add(f32x4.pmax(x, splat(0.0)), f32x4.div(log1pV(f32x4.mul(E, splat(TWO_M64))), c0));
  // Far left log(1 + e) = e to float32 precision, and e/β is rounded once even when subnormal.
  const tail = f32x4.mul(f32x4.div(E, c0), splat(TWO_M64));
  return sel(tail, main, f32x4.lt(z, splat(-20.0)));
}

@inline function softplusD(x: v128, c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  const xc = spZ(x, c3);
  const z = f32x4.mul(xc, c0);
  const E = spE(z, twoProdErr(xc, z, c1, c2));
  const num = sel(E, splat(TWO_64), isNeg(z));
  return f32x4.mul(f32x4.div(num, f32x4.add(splat(1.0), f32x4.mul(E, splat(TWO_M64)))), splat(TWO_M64));
}

// ---- log-sigmoid: −(log(1 + e^(−|x|)) − min(x, 0)), so that log-sigmoid(+∞) = −0 ----

@inline function logSigmoidF(x: v128): v128 {
  return f32x4.neg(f32x4.sub(log1pV(expNeg(negAbs(x))), f32x4.pmin(x, splat(0.0))));
}
@inline function logSigmoidD(x: v128): v128 {
  return sigmoidV(v128.xor(x, signBit())); // σ(−x)
}

// ---- tanhshrink: x − tanh x ----
// |x| < 1: x³·S(x²) with S fitted for relative error; beyond, (|x| − 1) + 2e/(1 + e), e = e^(−2|x|),
// where |x| − 1 is exact up to 2 and no term cancels.

@inline function tsS(z: v128): v128 {
  let p = f32x4.add(f32x4.mul(splat(-1.4487163571175188e-4), z), splat(9.307974250987172e-4));
  p = f32x4.add(f32x4.mul(p, z), splat(-0.003216872224584222));
  p = f32x4.add(f32x4.mul(p, z), splat(0.008704742416739464));
  p = f32x4.add(f32x4.mul(p, z), splat(-0.021831974387168884));
  p = f32x4.add(f32x4.mul(p, z), splat(0.05396382138133049));
  p = f32x4.add(f32x4.mul(p, z), splat(-0.13333313167095184));
  p = f32x4.add(f32x4.mul(p, z), splat(0.3333333432674408));
  return f32x4.mul(z, p); // (x − tanh x)/x
}
@inline function tsR(x: v128): v128 {
  const e = expNeg(f32x4.mul(f32x4.abs(x), splat(-2.0)));
  return f32x4.div(f32x4.add(e, e), f32x4.add(splat(1.0), e)); // 1 − tanh|x|
}

@inline function tanhshrinkF(x: v128): v128 {
  const ax = f32x4.abs(x);
  const small = f32x4.mul(x, tsS(f32x4.mul(x, x)));
  const big = v128.or(f32x4.add(f32x4.sub(ax, splat(1.0)), tsR(x)), v128.and(x, signBit()));
  return sel(small, big, f32x4.lt(ax, splat(1.0)));
}
/** tanhshrink′ = tanh²x: x²(1 − S)² near 0, 1 − r(2 − r) beyond (r = 1 − tanh|x|). */
@inline function tanhshrinkD(x: v128): v128 {
  const z = f32x4.mul(x, x);
  const w = f32x4.sub(splat(1.0), tsS(z));
  const small = f32x4.mul(z, f32x4.mul(w, w));
  const r = tsR(x);
  const big = f32x4.sub(splat(1.0), f32x4.mul(r, f32x4.sub(splat(2.0), r)));
  return sel(small, big, f32x4.lt(f32x4.abs(x), splat(1.0)));
}

// ---- CELU: max(0, x) + min(0, α(e^(x/α) − 1)) ----
// c0 = α, c1/c2 = α split. f: the rounding of z = x/α costs at most 1/2 ulp (|z|eᶻ/|eᶻ − 1| ≤ 1);
// f′ = e^(x/α) needs x/α exact: z + (x − z·α)/α, with z·α from TwoProduct.

@inline function celuF(x: v128, c0: v128): v128 {
  const z = f32x4.div(x, c0);
  // |z| < 2⁻²⁰: α(eᶻ − 1) = x(1 + z/2) to float32 precision, also when z is subnormal.
  const tiny = f32x4.mul(x, f32x4.add(splat(1.0), f32x4.mul(z, splat(0.5))));
  const neg = sel(tiny, f32x4.mul(c0, expm1Neg(z)), f32x4.lt(f32x4.abs(z), splat(9.5367431640625e-7)));
  return sel(neg, x, isNeg(x));
}
@inline function celuD(x: v128, c0: v128, c1: v128, c2: v128): v128 {
  const z = f32x4.pmax(f32x4.div(x, c0), splat(-120.0));
  const p = f32x4.mul(z, c0);
  const lo = f32x4.div(f32x4.sub(f32x4.sub(x, p), twoProdErr(z, p, c1, c2)), c0);
  const e = f32x4.mul(exp64(z, f32x4.pmin(f32x4.pmax(lo, splat(-1.0)), splat(1.0))), splat(TWO_M64));
  return step(x, e);
}

// ---- softsign: x/(1 + |x|) ----

@inline function softsignF(x: v128): v128 {
  const ax = f32x4.abs(x);
  const q = f32x4.div(x, f32x4.add(splat(1.0), ax));
  return sel(v128.or(splat(1.0), v128.and(x, signBit())), q, f32x4.eq(ax, splat(Infinity)));
}
@inline function softsignD(x: v128): v128 {
  const r = f32x4.div(splat(1.0), f32x4.add(splat(1.0), f32x4.abs(x)));
  return f32x4.mul(r, r);
}

// ---- the piecewise-linear ones (exact: one rounding at most) ----
// Kinks take the right-hand derivative: hardtanh′(min) = 1, hardtanh′(max) = 0, and so on.

@inline function hardtanhF(x: v128, lo: v128, hi: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, lo), hi); // pmax/pmin return x itself when it is NaN
}
@inline function hardtanhD(x: v128, lo: v128, hi: v128): v128 {
  return maskD(x, v128.and(f32x4.ge(x, lo), f32x4.lt(x, hi)), splat(1.0));
}

@inline function hardsigmoidF(x: v128): v128 {
  // (x + 3)/6: x + 3 is exact near −3, where x/6 + 1/2 would cancel.
  return f32x4.pmin(f32x4.pmax(f32x4.div(f32x4.add(x, splat(3.0)), splat(6.0)), splat(0.0)), splat(1.0));
}
@inline function hardsigmoidD(x: v128): v128 {
  return maskD(x, v128.and(f32x4.ge(x, splat(-3.0)), f32x4.lt(x, splat(3.0))), splat(<f32>(1.0 / 6.0)));
}

@inline function hardswishF(x: v128): v128 {
  const mid = f32x4.div(f32x4.mul(x, f32x4.add(x, splat(3.0))), splat(6.0));
  return sel(splat(0.0), sel(x, mid, f32x4.ge(x, splat(3.0))), f32x4.lt(x, splat(-3.0)));
}
@inline function hardswishD(x: v128): v128 {
  const mid = f32x4.div(f32x4.add(f32x4.add(x, x), splat(3.0)), splat(6.0));
  return sel(splat(0.0), sel(splat(1.0), mid, f32x4.ge(x, splat(3.0))), f32x4.lt(x, splat(-3.0)));
}

/** 1 for x ≥ λ or x < −λ (the right-hand derivative at ±λ), 0 between, NaN for NaN. */
@inline function shrinkD(x: v128, lam: v128, nlam: v128): v128 {
  return maskD(x, v128.or(f32x4.ge(x, lam), f32x4.lt(x, nlam)), splat(1.0));
}
@inline function softshrinkF(x: v128, lam: v128, nlam: v128): v128 {
  const mid = sel(x, splat(0.0), isNaN4(x));
  return sel(f32x4.sub(x, lam), sel(f32x4.add(x, lam), mid, f32x4.lt(x, nlam)), f32x4.gt(x, lam));
}
@inline function hardshrinkF(x: v128, lam: v128): v128 {
  return sel(x, splat(0.0), v128.or(f32x4.gt(f32x4.abs(x), lam), isNaN4(x)));
}

@inline function thresholdF(x: v128, th: v128, val: v128): v128 {
  return sel(x, val, v128.or(f32x4.gt(x, th), isNaN4(x)));
}
@inline function thresholdD(x: v128, th: v128): v128 {
  return maskD(x, f32x4.ge(x, th), splat(1.0));
}

// ---- dispatch on the function, a type parameter: idof<T>() is a compile-time constant, so the
// compiler keeps only the chosen function's code (a number passed to an inlined function would
// make it compile all fifteen at every call site and leave the pruning to the optimiser) ----

class Gelu {}
class GeluTanh {}
class Silu {}
class Mish {}
class Softplus {}
class Softsign {}
class Hardtanh {}
class Hardsigmoid {}
class Hardswish {}
class Celu {}
class LogSigmoid {}
class Tanhshrink {}
class Softshrink {}
class Hardshrink {}
class Threshold {}

@inline function fOf<T>(x: v128, c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  if (idof<T>() == idof<Gelu>()) return geluF(x);
  if (idof<T>() == idof<GeluTanh>()) return geluTanhF(x);
  if (idof<T>() == idof<Silu>()) return siluF(x);
  if (idof<T>() == idof<Mish>()) return mishF(x);
  if (idof<T>() == idof<Softplus>()) return softplusF(x, c0, c1, c2, c3);
  if (idof<T>() == idof<Softsign>()) return softsignF(x);
  if (idof<T>() == idof<Hardtanh>()) return hardtanhF(x, c0, c1);
  if (idof<T>() == idof<Hardsigmoid>()) return hardsigmoidF(x);
  if (idof<T>() == idof<Hardswish>()) return hardswishF(x);
  if (idof<T>() == idof<Celu>()) return celuF(x, c0);
  if (idof<T>() == idof<LogSigmoid>()) return logSigmoidF(x);
  if (idof<T>() == idof<Tanhshrink>()) return tanhshrinkF(x);
  if (idof<T>() == idof<Softshrink>()) return softshrinkF(x, c0, c1);
  if (idof<T>() == idof<Hardshrink>()) return hardshrinkF(x, c0);
  return thresholdF(x, c0, c1);
}

@inline function dOf<T>(x: v128, c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  if (idof<T>() == idof<Gelu>()) return geluD(x);
  if (idof<T>() == idof<GeluTanh>()) return geluTanhD(x);
  if (idof<T>() == idof<Silu>()) return siluD(x);
  if (idof<T>() == idof<Mish>()) return mishD(x);
  if (idof<T>() == idof<Softplus>()) return softplusD(x, c0, c1, c2, c3);
  if (idof<T>() == idof<Softsign>()) return softsignD(x);
  if (idof<T>() == idof<Hardtanh>()) return hardtanhD(x, c0, c1);
  if (idof<T>() == idof<Hardsigmoid>()) return hardsigmoidD(x);
  if (idof<T>() == idof<Hardswish>()) return hardswishD(x);
  if (idof<T>() == idof<Celu>()) return celuD(x, c0, c1, c2);
  if (idof<T>() == idof<LogSigmoid>()) return logSigmoidD(x);
  if (idof<T>() == idof<Tanhshrink>()) return tanhshrinkD(x);
  if (idof<T>() == idof<Softshrink>() || idof<T>() == idof<Hardshrink>()) return shrinkD(x, c0, c1);
  return thresholdD(x, c0);
}

/** The per-call vectors c0…c3 from the parameters a, b (computed once, outside the loops). */
@inline function ctx<T>(j: i32, a: f32, b: f32): v128 {
  if (idof<T>() == idof<Softplus>() || idof<T>() == idof<Celu>()) {
    // a is β or α: itself, its TwoProduct split, and (softplus) the clamp 2³⁰/β.
    if (j == 0) return splat(a);
    if (j == 1) return splat(splitHi(a));
    if (j == 2) return splat(a - splitHi(a));
    return splat(<f32>(1073741824.0 / <f64>a));
  }
  if (idof<T>() == idof<Softshrink>() || idof<T>() == idof<Hardshrink>()) return splat(j == 0 ? a : -a);
  return splat(j == 0 ? a : b);
}

// ---- loops (the layout of kernels.ts: all loads and arithmetic of a turn before its stores;
// eight vectors per turn for the cheap functions, four for those with an exponential) ----

@inline function ld(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 2));
}
@inline function ld1(p: usize, i: i32): v128 {
  return f32x4.splat(load<f32>(p + (<usize>i << 2)));
}
@inline function st(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 2), v);
}
@inline function st1(p: usize, i: i32, v: v128): void {
  store<f32>(p + (<usize>i << 2), f32x4.extract_lane(v, 0));
}

@inline function loopF<T>(x: usize, y: usize, n: i32, a: f32, b: f32): void {
  const c0 = ctx<T>(0, a, b);
  const c1 = ctx<T>(1, a, b);
  const c2 = ctx<T>(2, a, b);
  const c3 = ctx<T>(3, a, b);
  let i = 0;
  // The cheap functions (no exponential) take eight vectors per turn, the others four.
  if (idof<T>() == idof<Softsign>() || idof<T>() == idof<Hardtanh>() || idof<T>() == idof<Hardsigmoid>() || idof<T>() == idof<Hardswish>() || idof<T>() == idof<Softshrink>() || idof<T>() == idof<Hardshrink>() || idof<T>() == idof<Threshold>()) {
    for (; i + 32 <= n; i += 32) {
      const v0 = fOf<T>(ld(x, i), c0, c1, c2, c3);
      const v1 = fOf<T>(ld(x, i + 4), c0, c1, c2, c3);
      const v2 = fOf<T>(ld(x, i + 8), c0, c1, c2, c3);
      const v3 = fOf<T>(ld(x, i + 12), c0, c1, c2, c3);
      const v4 = fOf<T>(ld(x, i + 16), c0, c1, c2, c3);
      const v5 = fOf<T>(ld(x, i + 20), c0, c1, c2, c3);
      const v6 = fOf<T>(ld(x, i + 24), c0, c1, c2, c3);
      const v7 = fOf<T>(ld(x, i + 28), c0, c1, c2, c3);
      st(y, i, v0);
      st(y, i + 4, v1);
      st(y, i + 8, v2);
      st(y, i + 12, v3);
      st(y, i + 16, v4);
      st(y, i + 20, v5);
      st(y, i + 24, v6);
      st(y, i + 28, v7);
    }
  }
  for (; i + 16 <= n; i += 16) {
    const v0 = fOf<T>(ld(x, i), c0, c1, c2, c3);
    const v1 = fOf<T>(ld(x, i + 4), c0, c1, c2, c3);
    const v2 = fOf<T>(ld(x, i + 8), c0, c1, c2, c3);
    const v3 = fOf<T>(ld(x, i + 12), c0, c1, c2, c3);
    st(y, i, v0);
    st(y, i + 4, v1);
    st(y, i + 8, v2);
    st(y, i + 12, v3);
  }
  for (; i + 4 <= n; i += 4) st(y, i, fOf<T>(ld(x, i), c0, c1, c2, c3));
  for (; i < n; i++) st1(y, i, fOf<T>(ld1(x, i), c0, c1, c2, c3));
}

@inline function dyD<T>(dy: usize, x: usize, i: i32, c0: v128, c1: v128, c2: v128, c3: v128): v128 {
  return f32x4.mul(ld(dy, i), dOf<T>(ld(x, i), c0, c1, c2, c3));
}

@inline function loopB<T>(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void {
  const c0 = ctx<T>(0, a, b);
  const c1 = ctx<T>(1, a, b);
  const c2 = ctx<T>(2, a, b);
  const c3 = ctx<T>(3, a, b);
  let i = 0;
  // The cheap functions (no exponential) take eight vectors per turn, the others four.
  if (idof<T>() == idof<Softsign>() || idof<T>() == idof<Hardtanh>() || idof<T>() == idof<Hardsigmoid>() || idof<T>() == idof<Hardswish>() || idof<T>() == idof<Softshrink>() || idof<T>() == idof<Hardshrink>() || idof<T>() == idof<Threshold>()) {
    for (; i + 32 <= n; i += 32) {
      const v0 = dyD<T>(dy, x, i, c0, c1, c2, c3);
      const v1 = dyD<T>(dy, x, i + 4, c0, c1, c2, c3);
      const v2 = dyD<T>(dy, x, i + 8, c0, c1, c2, c3);
      const v3 = dyD<T>(dy, x, i + 12, c0, c1, c2, c3);
      const v4 = dyD<T>(dy, x, i + 16, c0, c1, c2, c3);
      const v5 = dyD<T>(dy, x, i + 20, c0, c1, c2, c3);
      const v6 = dyD<T>(dy, x, i + 24, c0, c1, c2, c3);
      const v7 = dyD<T>(dy, x, i + 28, c0, c1, c2, c3);
      st(dx, i, v0);
      st(dx, i + 4, v1);
      st(dx, i + 8, v2);
      st(dx, i + 12, v3);
      st(dx, i + 16, v4);
      st(dx, i + 20, v5);
      st(dx, i + 24, v6);
      st(dx, i + 28, v7);
    }
  }
  for (; i + 16 <= n; i += 16) {
    const v0 = dyD<T>(dy, x, i, c0, c1, c2, c3);
    const v1 = dyD<T>(dy, x, i + 4, c0, c1, c2, c3);
    const v2 = dyD<T>(dy, x, i + 8, c0, c1, c2, c3);
    const v3 = dyD<T>(dy, x, i + 12, c0, c1, c2, c3);
    st(dx, i, v0);
    st(dx, i + 4, v1);
    st(dx, i + 8, v2);
    st(dx, i + 12, v3);
  }
  for (; i + 4 <= n; i += 4) st(dx, i, dyD<T>(dy, x, i, c0, c1, c2, c3));
  for (; i < n; i++) st1(dx, i, f32x4.mul(ld1(dy, i), dOf<T>(ld1(x, i), c0, c1, c2, c3)));
}

@inline function loopFD<T>(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void {
  const c0 = ctx<T>(0, a, b);
  const c1 = ctx<T>(1, a, b);
  const c2 = ctx<T>(2, a, b);
  const c3 = ctx<T>(3, a, b);
  let i = 0;
  // The cheap functions (no exponential) take eight vectors per turn, the others four.
  if (idof<T>() == idof<Softsign>() || idof<T>() == idof<Hardtanh>() || idof<T>() == idof<Hardsigmoid>() || idof<T>() == idof<Hardswish>() || idof<T>() == idof<Softshrink>() || idof<T>() == idof<Hardshrink>() || idof<T>() == idof<Threshold>()) {
    for (; i + 16 <= n; i += 16) {
      const v0 = ld(x, i);
      const v1 = ld(x, i + 4);
      const v2 = ld(x, i + 8);
      const v3 = ld(x, i + 12);
      const y0 = fOf<T>(v0, c0, c1, c2, c3);
      const y1 = fOf<T>(v1, c0, c1, c2, c3);
      const y2 = fOf<T>(v2, c0, c1, c2, c3);
      const y3 = fOf<T>(v3, c0, c1, c2, c3);
      const d0 = dOf<T>(v0, c0, c1, c2, c3);
      const d1 = dOf<T>(v1, c0, c1, c2, c3);
      const d2v = dOf<T>(v2, c0, c1, c2, c3);
      const d3 = dOf<T>(v3, c0, c1, c2, c3);
      st(y, i, y0);
      st(y, i + 4, y1);
      st(y, i + 8, y2);
      st(y, i + 12, y3);
      st(d, i, d0);
      st(d, i + 4, d1);
      st(d, i + 8, d2v);
      st(d, i + 12, d3);
    }
  }
  for (; i + 8 <= n; i += 8) {
    const v0 = ld(x, i);
    const v1 = ld(x, i + 4);
    const y0 = fOf<T>(v0, c0, c1, c2, c3);
    const y1 = fOf<T>(v1, c0, c1, c2, c3);
    const d0 = dOf<T>(v0, c0, c1, c2, c3);
    const d1 = dOf<T>(v1, c0, c1, c2, c3);
    st(y, i, y0);
    st(y, i + 4, y1);
    st(d, i, d0);
    st(d, i + 4, d1);
  }
  for (; i + 4 <= n; i += 4) {
    const v = ld(x, i);
    st(y, i, fOf<T>(v, c0, c1, c2, c3));
    st(d, i, dOf<T>(v, c0, c1, c2, c3));
  }
  for (; i < n; i++) {
    const v = ld1(x, i);
    st1(y, i, fOf<T>(v, c0, c1, c2, c3));
    st1(d, i, dOf<T>(v, c0, c1, c2, c3));
  }
}

// ---- exports: name_f(x, y, n, a, b), name_b(x, dy, dx, n, a, b), name_fd(x, y, d, n, a, b) ----

export function gelu_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Gelu>(x, y, n, a, b); }
export function gelu_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Gelu>(x, dy, dx, n, a, b); }
export function gelu_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Gelu>(x, y, d, n, a, b); }
export function gelu_tanh_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<GeluTanh>(x, y, n, a, b); }
export function gelu_tanh_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<GeluTanh>(x, dy, dx, n, a, b); }
export function gelu_tanh_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<GeluTanh>(x, y, d, n, a, b); }
export function silu_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Silu>(x, y, n, a, b); }
export function silu_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Silu>(x, dy, dx, n, a, b); }
export function silu_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Silu>(x, y, d, n, a, b); }
export function mish_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Mish>(x, y, n, a, b); }
export function mish_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Mish>(x, dy, dx, n, a, b); }
export function mish_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Mish>(x, y, d, n, a, b); }
export function softplus_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Softplus>(x, y, n, a, b); }
export function softplus_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Softplus>(x, dy, dx, n, a, b); }
export function softplus_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Softplus>(x, y, d, n, a, b); }
export function softsign_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Softsign>(x, y, n, a, b); }
export function softsign_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Softsign>(x, dy, dx, n, a, b); }
export function softsign_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Softsign>(x, y, d, n, a, b); }
export function hardtanh_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Hardtanh>(x, y, n, a, b); }
export function hardtanh_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Hardtanh>(x, dy, dx, n, a, b); }
export function hardtanh_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Hardtanh>(x, y, d, n, a, b); }
export function hardsigmoid_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Hardsigmoid>(x, y, n, a, b); }
export function hardsigmoid_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Hardsigmoid>(x, dy, dx, n, a, b); }
export function hardsigmoid_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Hardsigmoid>(x, y, d, n, a, b); }
export function hardswish_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Hardswish>(x, y, n, a, b); }
export function hardswish_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Hardswish>(x, dy, dx, n, a, b); }
export function hardswish_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Hardswish>(x, y, d, n, a, b); }
export function celu_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Celu>(x, y, n, a, b); }
export function celu_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Celu>(x, dy, dx, n, a, b); }
export function celu_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Celu>(x, y, d, n, a, b); }
export function logsigmoid_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<LogSigmoid>(x, y, n, a, b); }
export function logsigmoid_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<LogSigmoid>(x, dy, dx, n, a, b); }
export function logsigmoid_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<LogSigmoid>(x, y, d, n, a, b); }
export function tanhshrink_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Tanhshrink>(x, y, n, a, b); }
export function tanhshrink_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Tanhshrink>(x, dy, dx, n, a, b); }
export function tanhshrink_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Tanhshrink>(x, y, d, n, a, b); }
export function softshrink_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Softshrink>(x, y, n, a, b); }
export function softshrink_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Softshrink>(x, dy, dx, n, a, b); }
export function softshrink_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Softshrink>(x, y, d, n, a, b); }
export function hardshrink_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Hardshrink>(x, y, n, a, b); }
export function hardshrink_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Hardshrink>(x, dy, dx, n, a, b); }
export function hardshrink_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Hardshrink>(x, y, d, n, a, b); }
export function threshold_f(x: usize, y: usize, n: i32, a: f32, b: f32): void { loopF<Threshold>(x, y, n, a, b); }
export function threshold_b(x: usize, dy: usize, dx: usize, n: i32, a: f32, b: f32): void { loopB<Threshold>(x, dy, dx, n, a, b); }
export function threshold_fd(x: usize, y: usize, d: usize, n: i32, a: f32, b: f32): void { loopFD<Threshold>(x, y, d, n, a, b); }
