/**
 * Issue 24, item 4: valid parameters that used to give NaN. softplus with β below about 1e−301,
 * CELU with α near the top of the doubles, and a zero slope (leaky-relu, prelu, rrelu) at −∞.
 * Each value is checked against an exact reference (decimal.js on the exact binary value of
 * every double, not its shortest decimal), on float64 and on float32 through both backends.
 */
import { Decimal } from "decimal.js";
import { afterEach, describe, expect, it } from "vitest";
import { celu, getKernelBackend, leakyRelu, prelu, rrelu, setKernelBackend, softplus } from "../../packages/actlab/src/index.js";
import { RReLU } from "../../packages/actlab/src/nn/index.js";
import { exact, ulpError64 } from "../support/ulp.js";

const D = Decimal.clone({ precision: 90, minE: -9e15, maxE: 9e15 });
const view = new DataView(new ArrayBuffer(8));

/** The exact value of a double as a decimal (Decimal(1e-302) would be the decimal 1e−302 instead). */
function dec(v: number): Decimal {
  if (v === 0 || !Number.isFinite(v)) return new D(v);
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const e = (hi >>> 20) & 0x7ff;
  const m = BigInt(hi & 0xfffff) * 2n ** 32n + BigInt(view.getUint32(4)) + (e ? 2n ** 52n : 0n);
  const r = new D(m.toString()).times(new D(2).pow((e || 1) - 1075));
  return v < 0 ? r.neg() : r;
}

/** log(1 + e^v) without cancellation. */
function log1pExp(v: Decimal): Decimal {
  if (v.gt(0)) return v.plus(log1pExp(v.neg()));
  if (v.lt(-80)) {
    const e = v.exp();
    return e.minus(e.pow(2).div(2));
  }
  return v.exp().plus(1).ln();
}

const within = (got: number, want: Decimal) => ulpError64(got, exact(want.toPrecision(40)));

const TINY_BETAS = [1e-302, 3e-305, 1e-310, 2 ** -1000, 2 ** -601, 2 ** -600];
const XS = [-1e308, -7e307, -1e300, -1, -1e-300, 0, 3e-10, 1, 1e295, 1e308];

describe("softplus with a tiny β", () => {
  it("the issue's case: softplus(1; β = 1e−302) is ln 2/β + 1/2, not NaN", () => {
    const y = softplus.f(1, { beta: 1e-302 });
    expect(y).not.toBeNaN();
    expect(within(y, log1pExp(dec(1e-302)).div(dec(1e-302)))).toBeLessThanOrEqual(2);
  });

  for (const beta of TINY_BETAS) {
    it(`f and f′ within 2 ulp for β = ${beta}`, () => {
      for (const x of XS) {
        const v = dec(beta).times(dec(x));
        const f = softplus.f(x, { beta });
        const want = log1pExp(v).div(dec(beta));
        // a true value beyond the largest double rounds to Infinity, never NaN
        if (want.abs().gt(Number.MAX_VALUE)) expect(f).toBe(Infinity);
        else expect(within(f, want), `softplus(${x}; ${beta}) = ${f}, want ${want.toPrecision(17)}`).toBeLessThanOrEqual(2);
        const df = softplus.df(x, { beta });
        const s = v.lt(-1e5) ? new D(0) : new D(1).div(v.neg().exp().plus(1));
        expect(within(df, s), `softplus′(${x}; ${beta}) = ${df}`).toBeLessThanOrEqual(2);
      }
    });
  }

  it("the infinities keep their limits: f(−∞) = 0, f(∞) = ∞, f′(±∞) = 0, 1; NaN stays NaN", () => {
    for (const beta of TINY_BETAS) {
      expect(softplus.f(-Infinity, { beta })).toBe(0);
      expect(softplus.f(Infinity, { beta })).toBe(Infinity);
      expect(softplus.df(-Infinity, { beta })).toBe(0);
      expect(softplus.df(Infinity, { beta })).toBe(1);
      expect(softplus.f(NaN, { beta })).toBeNaN();
    }
  });

  it("a Float32Array takes the same values on both backends (the exact path: β is outside the kernel's range)", () => {
    const start = getKernelBackend();
    try {
      const x = Float32Array.from([-3e38, -1, 0, 1, 3e38]);
      for (const backend of ["js", "wasm"] as const) {
        setKernelBackend(backend);
        const { y, d } = softplus.forwardWithDerivative(x, { beta: 1e-302 });
        expect(Array.from(y)).toEqual(Array.from(x, (v) => Math.fround(softplus.f(v, { beta: 1e-302 }))));
        expect(Array.from(d)).toEqual(Array.from(x, (v) => Math.fround(softplus.df(v, { beta: 1e-302 }))));
        expect(Array.from(y).some(Number.isNaN)).toBe(false);
      }
    } finally {
      setKernelBackend(start);
    }
  });
});

/** α(e^(x/α) − 1) exactly, with e^u − 1 by its series where u is tiny. */
function celuRef(x: number, alpha: number): Decimal {
  if (x >= 0) return dec(x);
  const u = dec(x).div(dec(alpha));
  const em1 = u.abs().lt(1e-25) ? u.plus(u.pow(2).div(2)) : u.exp().minus(1);
  return dec(alpha).times(em1);
}

describe("CELU with a huge or tiny α", () => {
  it("the issue's cases: celu′(−1; α = 1e301) and celu(−1e300; α = 1e301) are finite and exact", () => {
    const d = celu.df(-1, { alpha: 1e301 });
    expect(within(d, dec(-1).div(dec(1e301)).exp())).toBeLessThanOrEqual(2);
    const y = celu.f(-1e300, { alpha: 1e301 });
    expect(within(y, celuRef(-1e300, 1e301))).toBeLessThanOrEqual(2);
  });

  for (const alpha of [1e301, 1e308, Number.MAX_VALUE, 2 ** 501, 2 ** -501, 1e-300, 1e-310]) {
    it(`f and f′ within 2 ulp for α = ${alpha}`, () => {
      for (const x of [-Number.MAX_VALUE, -3e301, -1e300, -1, -1e-10, -1e-300, -1e-305, -5e-324, 0, 2]) {
        const f = celu.f(x, { alpha });
        expect(within(f, celuRef(x, alpha)), `celu(${x}; ${alpha}) = ${f}`).toBeLessThanOrEqual(2);
        const df = celu.df(x, { alpha });
        const want = x < 0 ? dec(x).div(dec(alpha)).exp() : new D(1);
        expect(within(df, want), `celu′(${x}; ${alpha}) = ${df}`).toBeLessThanOrEqual(2);
      }
      expect(celu.f(-Infinity, { alpha })).toBe(-alpha);
      expect(celu.df(-Infinity, { alpha })).toBe(0);
    });
  }
});

describe("a zero slope at −∞ is 0 (the limit), not 0·(−∞)", () => {
  const start = getKernelBackend();
  afterEach(() => {
    setKernelBackend(start);
  });

  const fns = [
    { name: "leaky-relu", a: leakyRelu, p: { alpha: 0 } },
    { name: "prelu", a: prelu, p: { alpha: 0 } },
    { name: "prelu per channel", a: prelu, p: { alpha: [0, 0.5, 0] } },
    { name: "rrelu", a: rrelu, p: { lower: 0, upper: 0 } },
  ];
  // lengths 1..9 put −∞ in the vector body and in the scalar tail of the kernels
  const X = [-Infinity, -1e308, -2, -0, 0, 3, -Infinity, Infinity, -Infinity];

  it("scalar: f(−∞) = −0 (the sign of α·x for every finite x < 0), f′(−∞) = 0", () => {
    for (const { a, p } of fns.filter((c) => !Array.isArray(c.p.alpha))) {
      expect(Object.is(a.f(-Infinity, p), -0)).toBe(true);
      expect(Object.is(a.f(-1e308, p), -0)).toBe(true);
      expect(a.df(-Infinity, p)).toBe(0);
      // a nonzero slope still gives its infinite product, and NaN stays NaN
      expect(a.f(-Infinity, a === rrelu ? { lower: 0, upper: 0.5 } : { alpha: 0.5 })).toBe(-Infinity);
      expect(a.f(NaN, p)).toBeNaN();
    }
  });

  for (const { name, a, p } of fns) {
    for (const backend of ["js", "wasm"] as const) {
      for (const Type of [Float64Array, Float32Array]) {
        it(`${name} on ${Type.name}/${backend}: every length 1..9 agrees with the scalar limit`, () => {
          setKernelBackend(backend);
          const alpha = (p as { alpha?: number | number[] }).alpha;
          const slope = (i: number) => (Array.isArray(alpha) ? alpha[i % alpha.length] : alpha);
          for (let n = 1; n <= 9; n++) {
            if (Array.isArray(alpha) && n % alpha.length !== 0) continue;
            const x = Type.from(X.slice(0, n));
            const want = Array.from(x, (v, i) => (slope(i) === undefined ? a.f(v, p as never) : prelu.f(v, { alpha: slope(i) as number })));
            const wantD = Array.from(x, (v, i) => (slope(i) === undefined ? a.df(v, p as never) : prelu.df(v, { alpha: slope(i) as number })));
            const y = a.forward(x, p as never);
            const fd = a.forwardWithDerivative(x, p as never);
            const dx = a.backward(x, new Type(n).fill(1), p as never);
            for (const got of [y, fd.y]) {
              expect(Array.from(got).some(Number.isNaN), `${name} n=${n}`).toBe(false);
              got.forEach((v, i) => expect(Object.is(v, want[i]) || v === want[i], `${name}[${i}] of ${n}: ${v} vs ${want[i]}`).toBe(true));
            }
            expect(Array.from(fd.d)).toEqual(wantD);
            expect(Array.from(dx)).toEqual(wantD);
            // −1e308 is −∞ in float32 and −0 after the zero slope in either type
            if (n >= 2) expect(Object.is(y[1], slope(1) === 0 || slope(1) === undefined ? -0 : y[1])).toBe(true);
          }
        });
      }
    }
  }

  it("the RReLU layer in training mode, slopes drawn from U(0, 0), gives 0 at −∞", () => {
    for (const Type of [Float64Array, Float32Array]) {
      const y = new RReLU({ lower: 0, upper: 0, seed: 3 }).forward(Type.from([-Infinity, -1e308, 5]));
      expect(Array.from(y)).toEqual([-0, -0, 5]);
      expect(Array.from(y).some(Number.isNaN)).toBe(false);
    }
  });
});
