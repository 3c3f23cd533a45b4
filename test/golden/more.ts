/**
 * Reference formulas for the functions beyond the article's eight (issue 10), at 50 digits
 * with decimal.js. Written from the definitions, independently of src/: cancellation is avoided
 * by working precision (x − tanh x at 150 digits), by series where a difference of nearly equal
 * terms remains (log1p), and by the Mills-ratio continued fraction for the normal tail.
 */
import { Decimal } from "decimal.js";

export const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN, maxE: 9e15, minE: -9e15 });
export type Dec = InstanceType<typeof D>;
const W = Decimal.clone({ precision: 150, rounding: Decimal.ROUND_HALF_EVEN, maxE: 9e15, minE: -9e15 });

const ONE = new D(1);
const TWO = new D(2);
const PI = D.acos(-1);
const INV_SQRT_2PI = ONE.div(PI.times(2).sqrt());

/** e^x, 0 far below the smallest subnormal (decimal.js would grind through e^(−1e300)). */
function exp(x: Dec): Dec {
  if (x.lt(-2000)) return new D(0);
  return x.exp();
}

/** ln(1 + u) for u ≥ 0 without losing tiny u. */
function log1p(u: Dec): Dec {
  if (u.lt(1e-12)) return u.minus(u.pow(2).div(2)).plus(u.pow(3).div(3)).minus(u.pow(4).div(4));
  return ONE.plus(u).ln();
}

/** log(1 + e^v) in both tails. */
function softplus(v: Dec): Dec {
  return v.gt(0) ? v.plus(log1p(exp(v.neg()))) : log1p(exp(v));
}

/** σ(v) with the small side computed from e^(−|v|). */
function sigma(v: Dec): Dec {
  const e = exp(v.abs().neg());
  return v.isNeg() ? e.div(ONE.plus(e)) : ONE.div(ONE.plus(e));
}

/** φ(x), the standard normal density. */
function phi(x: Dec): Dec {
  return exp(x.pow(2).div(-2)).times(INV_SQRT_2PI);
}

/** Φ(x). Series 1/2 + φ(x)·Σ x^(2n+1)/(2n+1)!! for |x| ≤ 5 (at 150 digits), else the Mills ratio continued fraction. */
function Phi(x: Dec): Dec {
  if (x.abs().lte(5)) {
    const xw = new W(x);
    const x2 = xw.pow(2);
    let term = xw;
    let sum = xw;
    for (let n = 1; n < 400; n++) {
      term = term.times(x2).div(2 * n + 1);
      sum = sum.plus(term);
      if (term.abs().lt(new W(10).pow(-140))) break;
    }
    const ph = xw.pow(2).div(-2).exp().div(W.acos(-1).times(2).sqrt());
    return new D(ph.times(sum).plus(0.5));
  }
  const t = x.abs();
  // R(t) = 1/(t + 1/(t + 2/(t + 3/(t + …)))), evaluated backwards
  const terms = Math.ceil((120 / Math.min(t.toNumber(), 1e6)) ** 2) + 40;
  let f = t;
  for (let k = terms; k >= 1; k--) f = t.plus(new D(k).div(f));
  const tail = phi(t).div(f);
  return x.isNeg() ? tail : ONE.minus(tail);
}

type P = (name: string) => Dec;
export type MoreRef = (x: Dec, p: P) => { f: Dec; df: Dec };

const K2 = TWO.times(TWO.div(PI).sqrt()); // 2·√(2/π)
const C = new D("0.044715");

export const moreRefs: Record<string, MoreRef> = {
  gelu: (x) => {
    const F = Phi(x);
    return { f: x.times(F), df: F.plus(x.times(phi(x))) };
  },
  "gelu-tanh": (x) => {
    // x/2·(1 + tanh u) = x·σ(2u), with w = 2u = 2√(2/π)(x + 0.044715x³)
    const w = K2.times(x.plus(C.times(x.pow(3))));
    const dw = K2.times(ONE.plus(C.times(3).times(x.pow(2))));
    const s = sigma(w);
    return { f: x.times(s), df: s.plus(x.times(s).times(sigma(w.neg())).times(dw)) };
  },
  silu: (x) => {
    const s = sigma(x);
    return { f: x.times(s), df: s.times(ONE.plus(x.times(sigma(x.neg())))) };
  },
  mish: (x) => {
    // t = tanh(softplus x) = n/(n + 2) with n = e^x(e^x + 2); 1 − t² = 4(n + 1)/(n + 2)²
    let t: Dec, oneMinusT2: Dec;
    if (x.isNeg()) {
      const e = exp(x);
      const n = e.times(e.plus(2));
      t = n.div(n.plus(2));
      oneMinusT2 = n.plus(1).times(4).div(n.plus(2).pow(2));
    } else {
      const e = exp(x.neg());
      const m = ONE.plus(e.times(2)).plus(e.pow(2).times(2));
      t = ONE.plus(e.times(2)).div(m);
      oneMinusT2 = ONE.plus(e).pow(2).times(e.pow(2)).times(4).div(m.pow(2));
    }
    return { f: x.times(t), df: t.plus(x.times(sigma(x)).times(oneMinusT2)) };
  },
  softplus: (x, p) => {
    const b = p("beta");
    const v = b.times(x);
    return { f: softplus(v).div(b), df: sigma(v) };
  },
  softsign: (x) => ({ f: x.div(ONE.plus(x.abs())), df: ONE.div(ONE.plus(x.abs()).pow(2)) }),
  hardtanh: (x, p) => {
    const lo = p("min"), hi = p("max");
    return { f: x.lt(lo) ? lo : x.gt(hi) ? hi : x, df: x.gte(lo) && x.lt(hi) ? ONE : new D(0) };
  },
  relu6: (x) => ({ f: x.lt(0) ? new D(0) : x.gt(6) ? new D(6) : x, df: x.gte(0) && x.lt(6) ? ONE : new D(0) }),
  hardsigmoid: (x) => ({
    f: x.lte(-3) ? new D(0) : x.gte(3) ? ONE : x.div(6).plus(0.5),
    df: x.gte(-3) && x.lt(3) ? ONE.div(6) : new D(0),
  }),
  hardswish: (x) => ({
    f: x.lte(-3) ? new D(0) : x.gte(3) ? x : x.times(x.plus(3)).div(6),
    df: x.lt(-3) ? new D(0) : x.lt(3) ? x.times(2).plus(3).div(6) : ONE,
  }),
  celu: (x, p) => {
    const a = p("alpha");
    if (!x.lt(0)) return { f: x, df: ONE };
    const v = x.div(a);
    const em1 = v.abs().lt(1e-20) ? v.plus(v.pow(2).div(2)) : v.abs().lt(1e-3) ? new D(new W(v).exp().minus(1)) : exp(v).minus(1);
    return { f: a.times(em1), df: exp(v) };
  },
  "log-sigmoid": (x) => ({ f: softplus(x.neg()).neg(), df: sigma(x.neg()) }),
  tanhshrink: (x) => {
    const ax = x.abs();
    let f: Dec;
    if (ax.gt(2000)) f = x.minus(x.s);
    else if (ax.lt(1e-20)) f = x.pow(3).div(3).minus(x.pow(5).times(2).div(15));
    else {
      const xw = new W(x);
      f = new D(xw.minus(xw.tanh()));
    }
    const t = ax.gt(2000) ? ONE : x.tanh();
    return { f, df: t.pow(2) };
  },
  softshrink: (x, p) => {
    const l = p("lambda");
    return {
      f: x.gt(l) ? x.minus(l) : x.lt(l.neg()) ? x.plus(l) : new D(0),
      df: x.lt(l.neg()) ? ONE : x.lt(l) ? new D(0) : ONE,
    };
  },
  hardshrink: (x, p) => {
    const l = p("lambda");
    return { f: x.abs().gt(l) ? x : new D(0), df: x.lt(l.neg()) ? ONE : x.lt(l) ? new D(0) : ONE };
  },
  threshold: (x, p) => {
    const t = p("threshold");
    return { f: x.gt(t) ? x : p("value"), df: x.lt(t) ? new D(0) : ONE };
  },
  rrelu: (x, p) => {
    const s = p("lower").plus(p("upper")).div(2);
    return x.lt(0) ? { f: s.times(x), df: s } : { f: x, df: ONE };
  },
  linear: (x) => ({ f: x, df: ONE }),
};

/** Defaults of the new functions (PyTorch's, except rrelu, whose test grid uses its own). */
export const moreDefaults: Record<string, Record<string, number>> = {
  softplus: { beta: 1 },
  hardtanh: { min: -1, max: 1 },
  celu: { alpha: 1 },
  softshrink: { lambda: 0.5 },
  hardshrink: { lambda: 0.5 },
  threshold: { threshold: 0, value: 0 },
  rrelu: { lower: 1 / 8, upper: 1 / 3 },
};

export const moreParamSets: Record<string, Array<Record<string, number>>> = {
  gelu: [{}],
  "gelu-tanh": [{}],
  silu: [{}],
  mish: [{}],
  softplus: [{}, { beta: 2 }, { beta: 0.3 }],
  softsign: [{}],
  hardtanh: [{}, { min: -2, max: 0.5 }],
  relu6: [{}],
  hardsigmoid: [{}],
  hardswish: [{}],
  celu: [{}, { alpha: 0.5 }, { alpha: 3 }],
  "log-sigmoid": [{}],
  tanhshrink: [{}],
  softshrink: [{}, { lambda: 1.5 }],
  hardshrink: [{}, { lambda: 2 }],
  threshold: [{}, { threshold: 1, value: -0.5 }],
  rrelu: [{}, { lower: 0.1, upper: 0.3 }],
  linear: [{}],
};

/**
 * Points of the grid these functions add: their kinks, the zeros of GELU′, SiLU′, Mish′ and the
 * tanh GELU′ (where a float64 formula would cancel), and GELU's last normal and subnormal values.
 */
export const moreGridPoints = [
  6, 3, 1.5, 2, 0.3, -37.5, -38, -38.4, -38.6, -39, -39.5, 21, 22, 23, 7, 8, 9, 11, 12, 13, 14, 4.5, 5.5, 6.5,
  -0.7517915246935645, -0.75179152469356, -1.2784645427610737, -1.2784645427610738, -1.1924312145154952, -1.19243121451,
  -0.7524614220710163, -0.75246142207, -0.7517, -0.7525, -0.754, -1.278, -1.2785, -1.1924, 0.0625, 1e-7, 3e-4, 0.02, 0.2, 0.4, 0.6, 0.8, 1.2,
];
