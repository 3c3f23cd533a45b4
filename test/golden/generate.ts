/**
 * Generates the golden values the conformance suite checks against: every function of the
 * registry evaluated at 50 significant digits with decimal.js on a grid that covers the
 * tails, the overflow thresholds, subnormals and the kinks. Run `npm run golden` after
 * changing the grid; the output is committed beside this file.
 *
 * The formulas below are written independently of src/ on purpose: they are the reference.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { moreDefaults, moreGridPoints, moreParamSets, moreRefs } from "./more.js";

const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN, maxE: 9e15, minE: -9e15 });
type Dec = InstanceType<typeof D>;
const here = dirname(fileURLToPath(import.meta.url));

/** The exact value of a double (toPrecision is exact in V8; 60 digits is far beyond 53 bits). */
function dec(x: number): Dec {
  return new D(x === 0 ? "0" : x.toPrecision(60));
}

const ONE = new D(1);
const SELU_ALPHA = new D("1.6732632423543772848170429916717");
const SELU_LAMBDA = new D("1.0507009873554804934193349852946");

/**
 * e^x for x ≤ 0. Beyond −2000 the value (< 1e−868) is far below the smallest subnormal
 * (4.9e−324), so 0 is its correct rounding in every format, and decimal.js need not
 * grind through exp(−1e300).
 */
function expNonPos(x: Dec): Dec {
  return x.lt(-2000) ? new D(0) : x.exp();
}

/** e^x − 1 without cancellation: a series for small |x|, where 50 digits would cancel. */
function expm1(x: Dec): Dec {
  if (x.abs().lt(1e-3)) {
    let term = x;
    let sum = x;
    for (let k = 2; k < 30; k++) {
      term = term.times(x).div(k);
      sum = sum.plus(term);
    }
    return sum;
  }
  return expNonPos(x).minus(1);
}

/** e^(−a)/(1 + e^(−a))² for a ≥ 0: the logistic density, exact in both tails. */
function logisticDensity(a: Dec): Dec {
  const e = expNonPos(a.neg());
  return e.div(ONE.plus(e).pow(2));
}

type Ref = (x: Dec, alpha: Dec) => { f: Dec; df: Dec };

const refs: Record<string, Ref> = {
  sigmoid: (x) => ({
    f: x.isNeg() ? expNonPos(x).div(ONE.plus(expNonPos(x))) : ONE.div(ONE.plus(expNonPos(x.neg()))),
    df: logisticDensity(x.abs()),
  }),
  tanh: (x) => ({ f: x.abs().gt(2000) ? new D(x.s) : x.tanh(), df: logisticDensity(x.abs().times(2)).times(4) }),
  relu: (x) => ({ f: x.isNeg() && !x.isZero() ? new D(0) : x, df: x.isNeg() && !x.isZero() ? new D(0) : ONE }),
  "leaky-relu": (x, a) => (x.lt(0) ? { f: a.times(x), df: a } : { f: x, df: ONE }),
  elu: (x, a) => (x.lt(0) ? { f: a.times(expm1(x)), df: a.times(expNonPos(x)) } : { f: x, df: ONE }),
  prelu: (x, a) => (x.lt(0) ? { f: a.times(x), df: a } : { f: x, df: ONE }),
  selu: (x) =>
    x.lt(0)
      ? { f: SELU_LAMBDA.times(SELU_ALPHA).times(expm1(x)), df: SELU_LAMBDA.times(SELU_ALPHA).times(expNonPos(x)) }
      : { f: SELU_LAMBDA.times(x), df: SELU_LAMBDA },
};

const paramSets: Record<string, Array<Record<string, number>>> = {
  sigmoid: [{}],
  tanh: [{}],
  relu: [{}],
  "leaky-relu": [{}, { alpha: 0.1 }, { alpha: 0.3 }],
  elu: [{}, { alpha: 0.5 }, { alpha: 2.5 }],
  prelu: [{}, { alpha: 0.1 }, { alpha: -0.2 }],
  selu: [{}],
};
const defaults: Record<string, number> = { "leaky-relu": 0.01, elu: 1, prelu: 0.25 };

function grid(): number[] {
  const base = [
    0, 5e-324, 1e-320, 1e-310, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-100, 1e-45, 1.401298464324817e-45,
    1.1754943508222875e-38, 1e-30, 1e-20, 1e-16, 2.220446049250313e-16, 1e-10, 1e-8, 1e-5, 1e-3, 0.01, 0.1, 0.25,
    0.5, 0.5493061443340549, 0.75, 1, 1.5, 2, 3, 5, 10, 15, 17, 18.5, 19, 20, 25, 30, 36, 37, 38, 40, 45, 50, 80,
    87.33654475055310898657, 88, 88.7, 88.72283905206835, 89, 103.97, 104, 200, 354, 355, 700, 709, 709.78,
    709.7827128933840, 709.8, 710, 744, 745, 745.1332191019411, 746, 800, 1000, 1e4, 1e5, 1e10, 1e20, 1e100,
    1e300, 1.7976931348623157e308,
  ];
  for (let x = 0.05; x < 50; x += 0.37) base.push(x);
  base.push(...moreGridPoints.map(Math.abs));
  const rnd = fc.sample(fc.double({ min: 1e-12, max: 1000, noNaN: true }), { numRuns: 150, seed: 20261127 });
  const all = new Set<number>();
  for (const v of [...base, ...rnd]) {
    for (const s of [v, -v]) {
      all.add(s);
      const f = Math.fround(s);
      if (Number.isFinite(f)) all.add(f);
    }
  }
  return [...all].sort((a, b) => a - b);
}

function str(v: Dec): string {
  return v.toSignificantDigits(25).toString();
}

const xs = grid();
const out: Record<string, Array<{ params: Record<string, number>; points: Array<[number, string, string]> }>> = {};
for (const [id, ref] of Object.entries(refs)) {
  out[id] = paramSets[id].map((params) => {
    const alpha = dec(params.alpha ?? defaults[id] ?? 0);
    return {
      params,
      points: xs.map((x): [number, string, string] => {
        const r = ref(dec(x), alpha);
        return [x, str(r.f), str(r.df)];
      }),
    };
  });
}
for (const [id, ref] of Object.entries(moreRefs)) {
  out[id] = moreParamSets[id].map((params) => {
    const values = { ...moreDefaults[id], ...params };
    const p = (name: string) => {
      if (!(name in values)) throw new Error(`golden: no value for ${name} of ${id}`);
      return dec(values[name]);
    };
    return {
      params,
      points: xs.map((x): [number, string, string] => {
        const r = ref(new D(dec(x)), p);
        return [x, str(new D(r.f)), str(new D(r.df))];
      }),
    };
  });
}
writeFileSync(join(here, "activations.json"), JSON.stringify(out) + "\n");

// Softmax rows: ordinary, huge, tiny, wide gaps, ties, and the article's own vector.
const rows: number[][] = [
  [1, 2, 3],
  [0, 0],
  [5],
  [1e308, 0, -1e308],
  [1e308, 1.7976931348623157e308, 1e307],
  [-1000, -999.5, -1001],
  [700, 0, -700, 1e-300],
  [1e-20, -1e-20, 0, 3e-15],
  [88.7, -88.7, 0.5],
  Array.from({ length: 200 }, (_, i) => -10 + i / 10),
];
rows.push(...fc.sample(fc.array(fc.double({ min: -800, max: 800, noNaN: true }), { minLength: 2, maxLength: 12 }), { numRuns: 40, seed: 7 }));
const softmaxOut = rows.map((row) => {
  const x = row.map(dec);
  const m = x.reduce((a, b) => (b.gt(a) ? b : a));
  const e = x.map((v) => expNonPos(v.minus(m)));
  const s = e.reduce((a, b) => a.plus(b), new D(0));
  // ln Σ = ln1p(Σ − 1): at 50 digits, 1 + 2e−304 would round to 1 and the log to 0.
  const top = x.findIndex((v) => v.eq(m));
  const rest = e.reduce((a, b, i) => (i === top ? a : a.plus(b)), new D(0));
  const ls = rest.abs().lt(1e-12) ? rest.minus(rest.pow(2).div(2)).plus(rest.pow(3).div(3)) : s.ln();
  return { x: row, softmax: e.map((v) => str(v.div(s))), logSoftmax: x.map((v) => str(v.minus(m).minus(ls))) };
});
writeFileSync(join(here, "softmax.json"), JSON.stringify(softmaxOut) + "\n");
console.log(`wrote ${xs.length} points × ${[...Object.values(paramSets), ...Object.values(moreParamSets)].flat().length} parameter sets and ${rows.length} softmax rows`);
