/**
 * softplus and σ of an argument known as an unevaluated sum v = vh + vl (β·x from twoProd:
 * rounding β·x first would cost |βx|·ε relative in the left tail, 400 ulp at −800), computed in
 * double-double with the power of two of e^v applied last, so results near the subnormals keep
 * their bits.
 */
import { type DD, ddAdd, ddDiv, ddExp, ddExpSplit, ddMul, ldexp } from "./dd.js";

const m: DD = [0, 0];
const e: DD = [0, 0];
const w: DD = [0, 0];
const y: DD = [0, 0];
const y0d: DD = [0, 0];
const et: DD = [0, 0];
const t: DD = [0, 0];
const one: DD = [1, 0];
const minusOne: DD = [-1, 0];

/** e^v for v = (vh, vl) as m·2ⁿ (returned n) and as the double-double e. */
function expParts(vh: number, vl: number): number {
  w[0] = vh;
  w[1] = vl;
  const n = ddExpSplit(w, m);
  const s = 2 ** n;
  e[0] = m[0] * s;
  e[1] = m[1] * s;
  return n;
}

/**
 * log(1 + u) for a double-double 0 ≤ u ≤ 1: the float64 log1p refined by one Newton step on
 * e^y = 1 + u with a double-double exponential; a short series for tiny u.
 */
export function ddLog1p(u: DD, out: DD): DD {
  const u0 = u[0];
  if (u0 < 1e-9) {
    out[0] = u0;
    out[1] = u[1] - u0 * u0 * (0.5 - u0 / 3);
    return out;
  }
  y0d[0] = Math.log1p(u0);
  y0d[1] = 0;
  ddExp(y0d, et); // e^y0
  ddAdd(et, minusOne, out); // e^y0 − 1
  out[0] = -out[0];
  out[1] = -out[1];
  ddAdd(out, u, out); // 1 + u − e^y0
  ddDiv(out, et, out);
  return ddAdd(out, y0d, out);
}

/**
 * softplus(v)/β·2^k for v = vh + vl = β·x exactly (|vh| < 1e300): log(1 + e^v)/β without
 * overflow or cancellation. k (default 0) is a power of two applied last, for a β rescaled to
 * keep the quotient in range.
 */
export function softplusOf(x: number, vh: number, vl: number, beta: number, k = 0): number {
  if (vh > 40) return ldexp(x + Math.exp(-vh) / beta, k);
  if (vh > 0) {
    expParts(-vh, -vl);
    ddLog1p(e, y);
    ddAdd(ddDiv(y, [beta, 0], y), [x, 0], y);
    return ldexp(y[0] + y[1], k);
  }
  if (vh < -1e4) return 0;
  const n = expParts(vh, vl);
  if (vh < -30) {
    // log1p(e) = e(1 − e/2 + e²/3 − …)
    t[0] = 1;
    t[1] = -e[0] * (0.5 - e[0] / 3);
    ddDiv(ddMul(m, t, t), [beta, 0], t);
    return ldexp(t[0] + t[1], n + k);
  }
  ddLog1p(e, y);
  ddDiv(y, [beta, 0], y);
  return ldexp(y[0] + y[1], k);
}

/** σ(v) for v = vh + vl. */
export function sigmoidOf(vh: number, vl: number): number {
  if (vh > 40) return 1 - Math.exp(-vh);
  if (vh >= 0) {
    expParts(-vh, -vl);
    ddDiv(one, ddAdd(one, e, t), t);
    return t[0] + t[1];
  }
  if (vh < -1e4) return 0;
  const n = expParts(vh, vl);
  ddDiv(m, ddAdd(one, e, t), t);
  return ldexp(t[0] + t[1], n);
}
