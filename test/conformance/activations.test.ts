/**
 * The conformance suite: every elementwise entry of the registry is held to the same
 * contract, so a new function is tested by adding it (and its golden data).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { activations, getActivation, getKernelBackend, setKernelBackend, SELU_ALPHA, SELU_LAMBDA, type Params } from "../../packages/actlab/src/index.js";
import { measureActivations } from "../support/accuracy.js";

const backends = (["js", "wasm"] as const).filter((b) => {
  const prev = getKernelBackend();
  const ok = setKernelBackend(b) === b;
  setKernelBackend(prev);
  return ok;
});
const initialBackend = getKernelBackend();
afterAll(() => {
  setKernelBackend(initialBackend);
});

/** What each function tends to at −∞ and +∞, for f and f′ (an independent table, not the registry's). */
const LIMITS: Record<string, { f: [number, number]; df: [number, number] }> = {
  sigmoid: { f: [0, 1], df: [0, 0] },
  tanh: { f: [-1, 1], df: [0, 0] },
  relu: { f: [0, Infinity], df: [0, 1] },
  "leaky-relu": { f: [-Infinity, Infinity], df: [0.01, 1] },
  elu: { f: [-1, Infinity], df: [0, 1] },
  prelu: { f: [-Infinity, Infinity], df: [0.25, 1] },
  selu: { f: [-SELU_LAMBDA * SELU_ALPHA, Infinity], df: [0, SELU_LAMBDA] },
  // The left tails of GELU, SiLU and Mish approach 0 from below: −0 is the correctly signed limit.
  gelu: { f: [-0, Infinity], df: [-0, 1] },
  "gelu-tanh": { f: [-0, Infinity], df: [-0, 1] },
  silu: { f: [-0, Infinity], df: [-0, 1] },
  mish: { f: [-0, Infinity], df: [-0, 1] },
  softplus: { f: [0, Infinity], df: [0, 1] },
  softsign: { f: [-1, 1], df: [0, 0] },
  hardtanh: { f: [-1, 1], df: [0, 0] },
  relu6: { f: [0, 6], df: [0, 0] },
  hardsigmoid: { f: [0, 1], df: [0, 0] },
  hardswish: { f: [0, Infinity], df: [0, 1] },
  celu: { f: [-1, Infinity], df: [0, 1] },
  "log-sigmoid": { f: [-Infinity, -0], df: [1, 0] },
  tanhshrink: { f: [-Infinity, Infinity], df: [1, 1] },
  softshrink: { f: [-Infinity, Infinity], df: [1, 1] },
  hardshrink: { f: [-Infinity, Infinity], df: [1, 1] },
  threshold: { f: [0, Infinity], df: [0, 1] },
  rrelu: { f: [-Infinity, Infinity], df: [(1 / 8 + 1 / 3) / 2, 1] },
  linear: { f: [-Infinity, Infinity], df: [1, 1] },
};

/** f′(0) under the article's convention (the "otherwise" branch). */
const AT_KINK: Record<string, number> = { relu: 1, "leaky-relu": 1, elu: 1, prelu: 1, selu: SELU_LAMBDA, relu6: 1, threshold: 1, rrelu: 1 };

/**
 * Every kink (or jump) of the functions beyond the article, with f′ there: the right-hand
 * derivative (DESIGN.md), written out by hand from the definitions. [x, params, f′(x), f′ just left of x]
 */
const KINKS: Record<string, Array<[number, Params, number, number]>> = {
  hardtanh: [[-1, {}, 1, 0], [1, {}, 0, 1], [-2, { min: -2, max: 0.5 }, 1, 0], [0.5, { min: -2, max: 0.5 }, 0, 1]],
  relu6: [[0, {}, 1, 0], [6, {}, 0, 1]],
  hardsigmoid: [[-3, {}, 1 / 6, 0], [3, {}, 0, 1 / 6]],
  hardswish: [[-3, {}, -0.5, 0], [3, {}, 1, 1.5]],
  softshrink: [[-0.5, {}, 0, 1], [0.5, {}, 1, 0], [1.5, { lambda: 1.5 }, 1, 0], [0, { lambda: 0 }, 1, 1]],
  hardshrink: [[-0.5, {}, 0, 1], [0.5, {}, 1, 0], [-2, { lambda: 2 }, 0, 1]],
  threshold: [[0, {}, 1, 0], [1, { threshold: 1, value: -0.5 }, 1, 0]],
  rrelu: [[0, {}, 1, (1 / 8 + 1 / 3) / 2], [0, { lower: 0.1, upper: 0.3 }, 1, 0.2]],
};

describe("golden values (decimal.js at 50 digits, test/golden)", () => {
  for (const backend of backends) {
    it(`f and f′ are within 2 ulp in float64 and float32 arrays within ${backend === "js" ? 1 : 4} ulp (${backend} kernels)`, () => {
      setKernelBackend(backend);
      const tol32 = backend === "js" ? 1 : 4;
      for (const row of measureActivations()) {
        expect.soft(row.f64.f.ulps, `${row.id} f64 f at x=${row.f64.f.x}`).toBeLessThanOrEqual(2);
        expect.soft(row.f64.df.ulps, `${row.id} f64 f′ at x=${row.f64.df.x}`).toBeLessThanOrEqual(2);
        expect.soft(row.f32.f.ulps, `${row.id} f32 f at x=${row.f32.f.x}`).toBeLessThanOrEqual(tol32);
        expect.soft(row.f32.df.ulps, `${row.id} f32 f′ at x=${row.f32.df.x}`).toBeLessThanOrEqual(tol32);
      }
    });
  }
});

const finite = fc.double({ min: -60, max: 60, noNaN: true, noDefaultInfinity: true });

describe.each(activations.map((a) => [a.id, a] as const))("%s", (id, a) => {
  const p: Params | undefined = a.params.length ? { [a.params[0].name]: a.figure.params?.[a.params[0].name] ?? a.params[0].default } : undefined;

  it(`${id}.f(NaN) and ${id}.df(NaN) are NaN, in scalars and arrays`, () => {
    expect(a.f(NaN)).toBeNaN();
    expect(a.df(NaN)).toBeNaN();
    for (const backend of backends) {
      setKernelBackend(backend);
      for (const T of [Float64Array, Float32Array]) {
        const x = T.of(NaN, 1, NaN);
        const y = a.forward(x);
        const dx = a.backward(x, T.of(1, 1, 1));
        expect([y[0], y[2], dx[0], dx[2]].every(Number.isNaN), `${backend} ${T.name}`).toBe(true);
      }
    }
  });

  it(`${id}.f(±Infinity) and ${id}.df(±Infinity) are the limits`, () => {
    const lim = LIMITS[id];
    expect(lim, `add ${id} to LIMITS`).toBeDefined();
    expect(a.f(-Infinity)).toBeCloseTo(lim.f[0], 15);
    expect(a.f(Infinity)).toBe(lim.f[1]);
    expect(a.df(-Infinity)).toBe(lim.df[0]);
    expect(a.df(Infinity)).toBe(lim.df[1]);
    for (const backend of backends) {
      setKernelBackend(backend);
      const y = a.forward(Float32Array.of(-Infinity, Infinity));
      expect([...y], backend).toEqual([Math.fround(lim.f[0]), lim.f[1]]);
    }
  });

  it(`${id}.df(0) follows the article's "otherwise" branch`, () => {
    if (!(id in AT_KINK)) return expect(a.properties.smooth || id in KINKS).toBe(true);
    expect(a.df(0)).toBe(AT_KINK[id]);
    expect(a.df(-0)).toBe(AT_KINK[id]);
  });

  it(`${id}.df at each kink is the right-hand derivative, on both kernel backends`, () => {
    if (!(id in KINKS)) return expect(a.properties.smooth || id in AT_KINK).toBe(true);
    for (const [x, params, right, left] of KINKS[id]) {
      expect(a.df(x, params), `${id}′(${x}) ${JSON.stringify(params)}`).toBe(right);
      const below = x - 1e-9 * Math.max(1, Math.abs(x));
      expect(a.df(below, params), `${id}′ just left of ${x}`).toBeCloseTo(left, 8);
      for (const backend of backends) {
        setKernelBackend(backend);
        const d = a.backward(Float32Array.of(x), Float32Array.of(1), params);
        expect(d[0], `${backend} ${id}′(${x})`).toBe(Math.fround(right));
      }
    }
  });

  it(`${id}.df matches central finite differences away from the kink`, () => {
    fc.assert(
      fc.property(finite, (x) => {
        if (Math.abs(x) < 1e-3) return;
        const h = 1e-6 * Math.max(1, Math.abs(x));
        const fd = (a.f(x + h, p) - a.f(x - h, p)) / (2 * h);
        expect(Math.abs(fd - a.df(x, p))).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(a.df(x, p))));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it(`${id}.forward and ${id}.backward equal the scalar functions on Float64Array`, () => {
    const x = Float64Array.from({ length: 257 }, (_, i) => (i - 128) / 8);
    const dy = Float64Array.from(x, (_, i) => Math.cos(i));
    const y = a.forward(x, p);
    const dx = a.backward(x, dy, p);
    const both = a.forwardWithDerivative(x, p);
    for (let i = 0; i < x.length; i++) {
      expect(y[i]).toBe(a.f(x[i], p));
      expect(dx[i]).toBe(dy[i] * a.df(x[i], p));
      expect(both.y[i]).toBe(a.f(x[i], p));
      expect(both.d[i]).toBe(a.df(x[i], p));
    }
  });

  it(`${id}.forward writes into out, returns it, and keeps the array type`, () => {
    for (const T of [Float64Array, Float32Array]) {
      const x = T.of(-2, -0.5, 0, 0.5, 2);
      const out = new T(5);
      expect(a.forward(x, p, out)).toBe(out);
      expect(a.forward(x, p)).toBeInstanceOf(T);
      if (T === Float64Array) expect(out[4]).toBe(a.f(2, p));
      else expect(out[4]).toBeCloseTo(a.f(2, p), 6);
    }
  });

  it(`${id}.forward rejects plain arrays and mismatched out lengths`, () => {
    expect(() => a.forward([1, 2] as unknown as Float64Array)).toThrow(TypeError);
    expect(() => a.forward(new Float64Array(3), p, new Float64Array(2))).toThrow(/length 2 but x has length 3/);
    expect(() => a.backward(new Float64Array(3), new Float64Array(4), p)).toThrow(RangeError);
  });

  it(`${id} keeps the properties its metadata declares`, () => {
    const props = a.properties;
    fc.assert(
      fc.property(finite, finite, (u, v) => {
        const [lo, hi] = u <= v ? [u, v] : [v, u];
        if (props.monotonic) expect(a.f(lo)).toBeLessThanOrEqual(a.f(hi));
        const y = a.f(u);
        expect(y).toBeGreaterThanOrEqual(a.range.min);
        expect(y).toBeLessThanOrEqual(a.range.max);
        if (props.monotonic) expect(a.df(u)).toBeGreaterThanOrEqual(0);
      }),
      { seed: 7, numRuns: 300 },
    );
    expect(props.bounded).toBe(Number.isFinite(a.range.min) && Number.isFinite(a.range.max));
    expect(props.zeroCentred).toBe(a.f(0) === 0 && a.f(-1) < 0 && a.f(1) > 0 && Math.abs(a.f(-1) + a.f(1)) < 1e-12);
    const flatLeft = a.df(-50) < 1e-12;
    const flatRight = a.df(50) < 1e-12;
    expect(props.saturating).toBe(flatLeft && flatRight ? "both" : flatLeft ? "left" : flatRight ? "right" : "none");
  });

  it(`${id} survives extreme inputs without overflow or NaN`, () => {
    for (const x of [-1e300, -800, -745.2, -709.8, -88.8, -40, 40, 88.8, 709.8, 800, 1e300]) {
      expect(Number.isNaN(a.f(x)), `f(${x})`).toBe(false);
      expect(Number.isFinite(a.df(x)), `f′(${x})`).toBe(true);
    }
  });
});

describe("parameters", () => {
  it("getActivation(id) returns the entry, and names the unknown id and the known ones", () => {
    expect(getActivation("elu").id).toBe("elu");
    expect(getActivation("elu").name).toBe("ELU");
    expect(() => getActivation("swish")).toThrow(/^unknown activation: swish \(known: sigmoid, tanh, relu, leaky-relu, elu, prelu, selu, softmax, gelu, gelu-tanh, silu, .*, rrelu, linear\)$/);
    expect(getActivation("gelu").name).toBe("GELU");
    expect(() => getActivation("softmax")).toThrow(/vector function/);
  });

  it("defaults follow PyTorch: leaky α = 0.01, ELU α = 1, PReLU α = 0.25", () => {
    expect(getActivation("leaky-relu").f(-1)).toBe(-0.01);
    expect(getActivation("elu").f(-Infinity)).toBe(-1);
    expect(getActivation("prelu").f(-4)).toBe(-1);
    expect(getActivation("leaky-relu").figure.params).toEqual({ alpha: 0.1 });
  });

  it("invalid parameters throw a RangeError naming the parameter, the value and the range", () => {
    const elu = getActivation("elu");
    expect(() => elu.f(1, { alpha: -1 })).toThrow(RangeError);
    expect(() => elu.f(1, { alpha: -1 })).toThrow("invalid alpha for elu: -1 (must be a finite number in (0, ∞))");
    expect(() => elu.f(1, { alpha: 0 })).toThrow(/\(0, ∞\)/);
    expect(() => getActivation("leaky-relu").f(1, { alpha: NaN })).toThrow("invalid alpha for leaky-relu: NaN");
    expect(() => getActivation("leaky-relu").forward(new Float32Array(2), { alpha: 2 })).toThrow(/\[0, 1\]/);
    expect(() => elu.f(1, { beta: 1 } as Params)).toThrow("unknown parameter beta for elu (known: alpha)");
    expect(() => getActivation("sigmoid").f(1, { alpha: 1 })).toThrow("sigmoid has no parameters (got alpha)");
    expect(() => getActivation("prelu").f(1, { alpha: [1, 2] })).toThrow(/scalar function takes one alpha/);
  });

  it("math never throws: any number in, a number out", () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        for (const a of activations) {
          expect(typeof a.f(x)).toBe("number");
          expect(typeof a.df(x)).toBe("number");
        }
      }),
      { seed: 3, numRuns: 500 },
    );
  });
});

describe("identities", () => {
  const sigmoid = getActivation("sigmoid");
  const tanh = getActivation("tanh");
  const elu = getActivation("elu");
  const selu = getActivation("selu");

  it("tanh(x) = 2σ(2x) − 1", () => {
    fc.assert(
      fc.property(finite, (x) => {
        expect(Math.abs(tanh.f(x) - (2 * sigmoid.f(2 * x) - 1))).toBeLessThanOrEqual(4 * Number.EPSILON);
        expect(Math.abs(tanh.df(x) - 4 * sigmoid.df(2 * x))).toBeLessThanOrEqual(4 * Number.EPSILON);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it("selu(x) = λ·elu(x) with the SELU α", () => {
    fc.assert(
      fc.property(finite, (x) => {
        const want = SELU_LAMBDA * elu.f(x, { alpha: SELU_ALPHA });
        expect(Math.abs(selu.f(x) - want)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want) + Number.MIN_VALUE);
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it("σ′(x) = σ(x)·σ(−x) to 8 ε relative (y(1 − y) loses the tail) and σ(x) + σ(−x) = 1", () => {
    // Both sides are within a few ulp of the exact value, so they agree to a few ε relative;
    // an absolute tolerance would let σ′(40) = 0 through.
    const sameRelative = (x: number) => {
      const want = sigmoid.f(x) * sigmoid.f(-x);
      expect(Math.abs(sigmoid.df(x) - want), `x = ${x}`).toBeLessThanOrEqual(8 * Number.EPSILON * want);
    };
    for (const x of [2, 20, 37, 40, 700, -700]) sameRelative(x);
    fc.assert(
      fc.property(finite, (x) => {
        sameRelative(x);
        expect(Math.abs(sigmoid.f(x) + sigmoid.f(-x) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
      }),
      { seed: 17, numRuns: 500 },
    );
  });

  it("the issue's tails: σ(−800) = 0, σ′(40) ≈ e⁻⁴⁰, tanh′(25) ≈ 4e⁻⁵⁰, elu(−1e−20) = −1e−20", () => {
    expect(sigmoid.f(-800)).toBe(0);
    expect(sigmoid.df(40) / Math.exp(-40)).toBeCloseTo(1, 15);
    expect(tanh.df(25) / (4 * Math.exp(-50))).toBeCloseTo(1, 15);
    expect(elu.f(-1e-20)).toBe(-1e-20);
  });
});

describe("prelu", () => {
  const prelu = getActivation("prelu");

  it("prelu.forward with one α per channel uses α[i mod C]", () => {
    const x = Float64Array.of(-1, -1, -1, 2, -2, -3);
    const alpha = [0.1, 0.2, 0.3];
    const y = prelu.forward(x, { alpha });
    expect([...y]).toEqual([...x].map((v, i) => (v < 0 ? alpha[i % 3] * v : v)));
    expect(() => prelu.forward(new Float64Array(5), { alpha: [1, 2] })).toThrow(/not a multiple of the 2 channels/);
  });

  it("prelu.backwardAlpha sums dy·∂f/∂α per channel and matches finite differences in α", () => {
    const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i * 1.7) * 3);
    const dy = Float64Array.from({ length: 12 }, (_, i) => Math.cos(i));
    const alpha = [0.2, -0.1, 0.4];
    const g = prelu.backwardAlpha(x, dy, { alpha });
    expect(g.length).toBe(3);
    const loss = (al: number[]) => prelu.forward(x, { alpha: al }).reduce((s, v, i) => s + v * dy[i], 0);
    for (let c = 0; c < 3; c++) {
      const h = 1e-6;
      const up = alpha.slice(), dn = alpha.slice();
      up[c] += h;
      dn[c] -= h;
      expect(g[c]).toBeCloseTo((loss(up) - loss(dn)) / (2 * h), 8);
    }
    expect(prelu.backwardAlpha(x, dy).length).toBe(1);
    expect(prelu.dfdAlpha(-3)).toBe(-3);
    expect(prelu.dfdAlpha(3)).toBe(0);
  });
});
