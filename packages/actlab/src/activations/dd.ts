/**
 * Double-double arithmetic: a value is an unevaluated sum hi + lo of two doubles (about 106
 * bits). Used only where a float64 formula would cancel (GELU′, SiLU′ and Mish′ near their
 * zeros, x − tanh x near 0) or where an argument's own rounding would be amplified (e^(βx)).
 * Plain functions on [hi, lo] pairs written into a reused pair, so nothing allocates per call.
 */

export type DD = [number, number];

const SPLIT = 134217729; // 2^27 + 1 (Dekker)

/** hi + lo = a + b exactly. */
export function twoSum(a: number, b: number, out: DD): DD {
  const s = a + b;
  const bb = s - a;
  out[0] = s;
  out[1] = a - (s - bb) + (b - bb);
  return out;
}

/** hi + lo = a·b exactly (|a|, |b| below 2^996 so the split cannot overflow). */
export function twoProd(a: number, b: number, out: DD): DD {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  out[0] = p;
  out[1] = ah * bh - p + ah * bl + al * bh + al * bl;
  return out;
}

const tmp: DD = [0, 0];

export function ddAdd(a: DD, b: DD, out: DD): DD {
  twoSum(a[0], b[0], tmp);
  const lo = tmp[1] + a[1] + b[1];
  const hi = tmp[0] + lo;
  out[1] = lo - (hi - tmp[0]);
  out[0] = hi;
  return out;
}

export function ddMul(a: DD, b: DD, out: DD): DD {
  twoProd(a[0], b[0], tmp);
  const lo = tmp[1] + (a[0] * b[1] + a[1] * b[0]);
  const hi = tmp[0] + lo;
  out[1] = lo - (hi - tmp[0]);
  out[0] = hi;
  return out;
}

const q: DD = [0, 0];
const r: DD = [0, 0];

export function ddDiv(a: DD, b: DD, out: DD): DD {
  const q1 = a[0] / b[0];
  // r = a − q1·b, then one correction step
  twoProd(q1, b[0], q);
  r[0] = a[0] - q[0];
  r[1] = 0;
  const rem = r[0] - q[1] + a[1] - q1 * b[1];
  const q2 = rem / b[0];
  const hi = q1 + q2;
  out[1] = q2 - (hi - q1);
  out[0] = hi;
  return out;
}

export function dd(hi: number, lo = 0): DD {
  return [hi, lo];
}

// ln 2 as double-double
const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
const e1: DD = [0, 0];
const e2: DD = [0, 0];
const e3: DD = [0, 0];
const INV_FACT: DD[] = [];
{
  // 1/k! to double-double precision, built by dd division
  const f: DD = [1, 0];
  for (let k = 1; k <= 14; k++) {
    ddDiv(f, [k, 0], f);
    INV_FACT[k] = [f[0], f[1]];
  }
}

/** e^a by the slow, table-free route (used once, to build TABLE): 2⁻⁸ scaling, Taylor, eight doublings. */
function expSlow(a: DD, out: DD): number {
  const n = Math.round(a[0] / LN2[0]);
  twoProd(n, LN2[0], e1);
  e1[1] += n * LN2[1];
  e2[0] = -e1[0];
  e2[1] = -e1[1];
  ddAdd(a, e2, e3);
  e3[0] /= 256;
  e3[1] /= 256;
  e1[0] = INV_FACT[14][0];
  e1[1] = INV_FACT[14][1];
  for (let k = 13; k >= 1; k--) {
    ddMul(e1, e3, e1);
    ddAdd(e1, INV_FACT[k], e1);
  }
  ddMul(e1, e3, e1);
  for (let i = 0; i < 8; i++) {
    twoSum(e1[0], 2, e2);
    e2[1] += e1[1];
    ddMul(e1, e2, e1);
  }
  twoSum(e1[0], 1, e2);
  const lo = e2[1] + e1[1];
  const hi = e2[0] + lo;
  out[0] = hi;
  out[1] = lo - (hi - e2[0]);
  return n;
}

/** 2^(j/64) for j = 0 … 63 as double-doubles. */
const TABLE: DD[] = [];
for (let j = 0; j < 64; j++) {
  const t: DD = [0, 0];
  const n = expSlow(ddMul(LN2, [j / 64, 0], [0, 0]), t);
  TABLE.push([t[0] * 2 ** n, t[1] * 2 ** n]);
}
const LN2_64: DD = [LN2[0] / 64, LN2[1] / 64];
const r1: DD = [0, 0];
const r2: DD = [0, 0];

/**
 * e^a for a double-double a (|a| < 1020) as m·2ⁿ: returns n and writes m ∈ [0.99, 2.01) to `out`.
 * a = (64n + j)·ln2/64 + r with |r| ≤ ln2/128; e^r − 1 is a Taylor sum (terms from r⁶ on in
 * plain float64, where they are below 2⁻⁵⁴), and m = 2^(j/64)·e^r from a 64-entry table.
 * Keeping 2ⁿ apart lets a caller multiply by m first and round once, even into the subnormals.
 */
export function ddExpSplit(a: DD, out: DD): number {
  const k = Math.round((a[0] * 64) / LN2[0]);
  const j = ((k % 64) + 64) % 64;
  const n = (k - j) / 64;
  // r = a − k·ln2/64
  twoProd(k, LN2_64[0], r1);
  r1[1] += k * LN2_64[1];
  r1[0] = -r1[0];
  r1[1] = -r1[1];
  ddAdd(a, r1, r2);
  const r = r2[0];
  // expm1(r) = r + r²/2 + … + r⁵/120 in double-double, + r⁶(1/720 + r/5040 + r²/40320 + r³/362880)
  const tail = r * r * r * r * r * r * (1 / 720 + r * (1 / 5040 + r * (1 / 40320 + r / 362880)));
  r1[0] = INV_FACT[5][0];
  r1[1] = INV_FACT[5][1];
  for (let i = 4; i >= 1; i--) {
    ddMul(r1, r2, r1);
    ddAdd(r1, INV_FACT[i], r1);
  }
  ddMul(r1, r2, r1);
  twoSum(r1[0], tail, e1);
  e1[1] += r1[1];
  // m = T + T·expm1(r)
  const t = TABLE[j];
  ddMul(t, e1, e2);
  ddAdd(t, e2, out);
  return n;
}

/** v·2ⁿ rounded once (also when the result is subnormal). */
export function ldexp(v: number, n: number): number {
  if (n >= -1022) return n > 1023 ? v * 2 ** 1023 * 2 ** (n - 1023) : v * 2 ** n;
  if (n < -2200) return v * 0;
  return v * 2 ** (n + 1000) * 2 ** -1000;
}

/** e^a in double-double for a double-double a with −700 < a < 700. */
export function ddExp(a: DD, out: DD): DD {
  const n = ddExpSplit(a, out);
  const s = 2 ** n;
  out[0] *= s;
  out[1] *= s;
  return out;
}

/**
 * A smooth g near a simple zero r (given as double-double) by g(x) ≈ c1·t + c2·t², t = x − r
 * (x − r.hi is exact there). Even double-double sums lose the last bits of g within a few ulp of
 * r; within 2⁻³⁰ of r the two Taylor terms leave an error below 2⁻⁶⁰ relative. NaN outside.
 */
export function nearZero(x: number, r: DD, c1: number, c2: number): number {
  const th = x - r[0]; // exact (Sterbenz)
  if (!(Math.abs(th) < 2 ** -30)) return NaN;
  // c1·(th − r.lo) + c2·th², with c1·th exact so that subtracting r.lo costs no rounding of t
  twoProd(c1, th, nz);
  return nz[0] + (nz[1] - c1 * r[1] + c2 * th * th);
}
const nz: DD = [0, 0];
