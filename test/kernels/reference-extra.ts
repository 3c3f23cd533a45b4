/**
 * Float64 references for the kernels of assembly/extra.ts, written independently of the registry
 * (issue 10's functions). Float64 carries 29 bits more than float32, so these careful formulas
 * round to the correctly rounded float32 value; where float64 itself cancels (the zeros of the
 * smooth derivatives, GELU's Φ in the tails) decimal.js at 32 digits answers.
 */
import { Decimal } from "decimal.js";

const D = Decimal.clone({ precision: 32 });
type Dec = InstanceType<typeof D>;

function sigma(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

// ---- GELU needs Φ: erf by its Taylor series below 3, erfc by its continued fraction above ----
const SQRT_PI = D.acos(-1).sqrt();
const EPS = new D(10).pow(-36);
function erfcD(y: Dec): Dec {
  if (y.lt(3)) {
    // erf(y) = 2/√π Σ (−1)ⁿ y^(2n+1) / (n!(2n+1))
    const y2 = y.mul(y);
    let term = y;
    let sum = y;
    for (let n = 1; n < 400; n++) {
      term = term.mul(y2).neg().div(n);
      const add = term.div(2 * n + 1);
      sum = sum.add(add);
      if (add.abs().lt(EPS)) break;
    }
    return new D(1).sub(sum.mul(2).div(SQRT_PI));
  }
  // erfc(y) = e^(−y²)/√π · 1/(y + (1/2)/(y + 1/(y + (3/2)/(y + …)))), evaluated from the tail.
  let f = y;
  for (let k = 60; k >= 1; k--) f = y.add(new D(k).div(2).div(f));
  return y.mul(y).neg().exp().div(SQRT_PI).div(f);
}
/** Φ(x) to about 30 digits. */
export function phiD(x: Dec): Dec {
  const y = x.div(new D(2).sqrt());
  return x.lt(0) ? erfcD(y.neg()).div(2) : new D(1).sub(erfcD(y).div(2));
}
function npdfD(x: Dec): Dec {
  return x.mul(x).div(-2).exp().div(new D(2).mul(D.acos(-1)).sqrt());
}

/** x·Φ(x) and Φ(x) + xφ(x), computed once per x (the sweep asks for each several times). */
const geluCache = new Map<number, readonly [number, number]>();
function geluRef(x: number, deriv: boolean): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return deriv ? 1 : Infinity;
  if (x < -40) return -0;
  if (x > 40) return deriv ? 1 : x;
  if (Math.abs(x) < 2 ** -30) return deriv ? 0.5 + (2 * x) / Math.sqrt(2 * Math.PI) : x / 2 + (x * x) / Math.sqrt(2 * Math.PI);
  let v = geluCache.get(x);
  if (!v) {
    const xd = new D(x);
    const phi = phiD(xd);
    v = [xd.mul(phi).toNumber(), phi.add(xd.mul(npdfD(xd))).toNumber()];
    geluCache.set(x, v);
  }
  return v[deriv ? 1 : 0];
}

const GT_C = 2 * Math.sqrt(2 / Math.PI);
const GT_A = 0.044715;

/** The float64 (or 40-digit) reference f and f′ of each new kernel, with its parameters. */
export interface Ref {
  f(x: number): number;
  df(x: number): number;
}

export function reference(id: string, a: number, b: number): Ref {
  switch (id) {
    case "gelu":
      return { f: (x) => geluRef(x, false), df: (x) => geluRef(x, true) };
    case "gelu-tanh":
      return {
        f: (x) => (x === -Infinity ? 0 : x * sigma(GT_C * (x + GT_A * x * x * x))),
        df: (x) => {
          if (!Number.isFinite(x)) return Number.isNaN(x) ? NaN : x > 0 ? 1 : 0;
          const v = GT_C * (x + GT_A * x * x * x);
          const vp = GT_C * (1 + 3 * GT_A * x * x);
          if (Math.abs(v) > 700) return x > 0 ? 1 : 0;
          return sigma(v) * (1 + x * sigma(-v) * vp);
        },
      };
    case "silu":
      return {
        f: (x) => (x === -Infinity ? 0 : x * sigma(x)),
        df: (x) => (x === -Infinity ? 0 : x === Infinity ? 1 : sigma(x) * (1 + x * sigma(-x))),
      };
    case "mish":
      return {
        f: (x) => {
          if (x === -Infinity) return 0;
          if (x < 0) {
            const e = Math.exp(x);
            const n = e * (e + 2);
            return (x * n) / (n + 2);
          }
          return x * Math.tanh(Math.log1p(Math.exp(-x)) + x);
        },
        df: (x) => {
          if (Number.isNaN(x)) return NaN;
          if (x === -Infinity) return 0;
          if (x === Infinity) return 1;
          const sp = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
          const t = Math.tanh(sp);
          // sech²(sp) without 1 − t²: 4w/(w + 1)² with w = (1 + eˣ)² = e^(2sp)
          const w = Math.exp(-2 * sp);
          const sech2 = (4 * w) / ((1 + w) * (1 + w));
          return t + x * sech2 * sigma(x);
        },
      };
    case "softplus":
      return {
        f: (x) => {
          const z = a * x;
          return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(z))) / a;
        },
        df: (x) => sigma(a * x),
      };
    case "softsign":
      return { f: (x) => (Math.abs(x) === Infinity ? Math.sign(x) : x / (1 + Math.abs(x))), df: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))) };
    case "hardtanh":
    case "relu6": {
      const [lo, hi] = id === "relu6" ? [0, 6] : [a, b];
      return {
        f: (x) => (Number.isNaN(x) ? NaN : x < lo ? lo : x > hi ? hi : x),
        df: (x) => (Number.isNaN(x) ? NaN : x >= lo && x < hi ? 1 : 0),
      };
    }
    case "hardsigmoid":
      return {
        f: (x) => (Number.isNaN(x) ? NaN : x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5),
        df: (x) => (Number.isNaN(x) ? NaN : x >= -3 && x < 3 ? 1 / 6 : 0),
      };
    case "hardswish":
      return {
        f: (x) => (Number.isNaN(x) ? NaN : x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
        df: (x) => (Number.isNaN(x) ? NaN : x < -3 ? 0 : x >= 3 ? 1 : (2 * x + 3) / 6),
      };
    case "celu":
      return {
        f: (x) => (x >= 0 || Number.isNaN(x) ? x : a * Math.expm1(x / a)),
        df: (x) => (Number.isNaN(x) ? NaN : x >= 0 ? 1 : Math.exp(x / a)),
      };
    case "log-sigmoid":
      return { f: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), df: (x) => sigma(-x) };
    case "tanhshrink":
      return {
        f: (x) => {
          const ax = Math.abs(x);
          if (ax >= 0.1) return x - Math.tanh(x);
          // x³/3 − 2x⁵/15 + 17x⁷/315 − 62x⁹/2835 + 1382x¹¹/155925 − 21844x¹³/6081075
          const z = x * x;
          const s = 1 / 3 + z * (-2 / 15 + z * (17 / 315 + z * (-62 / 2835 + z * (1382 / 155925 + z * (-21844 / 6081075)))));
          return x * z * s;
        },
        df: (x) => Math.tanh(x) ** 2,
      };
    case "softshrink":
      return {
        f: (x) => (Number.isNaN(x) ? NaN : x > a ? x - a : x < -a ? x + a : 0),
        df: (x) => (Number.isNaN(x) ? NaN : x >= a || x < -a ? 1 : 0),
      };
    case "hardshrink":
      return {
        f: (x) => (Number.isNaN(x) ? NaN : Math.abs(x) > a ? x : 0),
        df: (x) => (Number.isNaN(x) ? NaN : x >= a || x < -a ? 1 : 0),
      };
    case "threshold":
      return {
        f: (x) => (Number.isNaN(x) ? NaN : x > a ? x : b),
        df: (x) => (Number.isNaN(x) ? NaN : x >= a ? 1 : 0),
      };
    case "rrelu": {
      const s = (a + b) / 2;
      return { f: (x) => (x < 0 ? x * s : x), df: (x) => (Number.isNaN(x) ? NaN : x < 0 ? s : 1) };
    }
    default:
      throw new Error(`no reference for ${id}`);
  }
}

// ---- 32-digit derivatives near their zeros (float64 loses digits to the cancellation there) ----
function sigmaD(x: Dec): Dec {
  return new D(1).div(x.neg().exp().add(1));
}
/** f′ at 32 digits for the four derivatives that cross zero. */
export function derivativeD(id: string, x: number): number {
  const xd = new D(x);
  switch (id) {
    case "silu":
      return sigmaD(xd).mul(xd.mul(sigmaD(xd.neg())).add(1)).toNumber();
    case "gelu":
      return phiD(xd).add(xd.mul(npdfD(xd))).toNumber();
    case "gelu-tanh": {
      const c = new D(8).div(D.acos(-1)).sqrt();
      const v = c.mul(xd.add(xd.pow(3).mul("0.044715")));
      const vp = c.mul(xd.mul(xd).mul("0.134145").add(1));
      return sigmaD(v).mul(xd.mul(sigmaD(v.neg())).mul(vp).add(1)).toNumber();
    }
    case "mish": {
      const sp = xd.exp().add(1).ln();
      const t = sp.tanh();
      return t.add(xd.mul(new D(1).sub(t.mul(t))).mul(sigmaD(xd))).toNumber();
    }
    default:
      throw new Error(`no 40-digit derivative for ${id}`);
  }
}

/** Where each of those derivatives is 0. */
export const DERIVATIVE_ZEROS: Readonly<Record<string, number>> = {
  silu: -1.2784645427610738,
  gelu: -0.7517915246935645,
  "gelu-tanh": -0.7524614220710163,
  mish: -1.1924312145154952,
};
