/**
 * The functions beyond the article (issue 10): the tails the issue names, identities between
 * them checked against independent compositions, two-parameter validation and the grouping.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activationIds, catalog, getActivation, getInfo, groupOf, groups } from "../../packages/actlab/src/index.js";

const finite = fc.double({ min: -60, max: 60, noNaN: true, noDefaultInfinity: true });
const f = (id: string) => getActivation(id);

describe("the issue's tails", () => {
  it("gelu(−37) is not 0 and gelu(−40) rounds to −0", () => {
    // −37·Φ(−37), Φ(−37) = φ(37)·R(37) with the Mills ratio R(t) ≈ 1/t·(1 − 1/t² + 3/t⁴)
    const t = 37;
    const mills = (1 / t) * (1 - 1 / t ** 2 + 3 / t ** 4 - 15 / t ** 6);
    const want = -t * mills * Math.exp(-(t * t) / 2) / Math.sqrt(2 * Math.PI);
    expect(f("gelu").f(-37) / want).toBeCloseTo(1, 9);
    expect(Object.is(f("gelu").f(-40), -0)).toBe(true);
    expect(f("gelu").f(-38.5)).toBeLessThan(0); // subnormal, still there
  });

  it("silu(−700) = −700·e^(−700), softplus(−700) = e^(−700), softplus(−800) and log-sigmoid(800) round to 0", () => {
    expect(f("silu").f(-700) / (-700 * Math.exp(-700))).toBeCloseTo(1, 14);
    expect(f("softplus").f(-700)).toBe(Math.exp(-700));
    expect(f("softplus").f(-800)).toBe(0);
    expect(Object.is(f("log-sigmoid").f(800), -0)).toBe(true);
    expect(f("log-sigmoid").f(40)).toBe(-Math.exp(-40));
  });

  it("softplus has no threshold cut: softplus(30) = 30 + e^(−30)", () => {
    expect(f("softplus").f(30)).toBe(30 + Math.exp(-30));
    expect(f("softplus").f(30)).not.toBe(30);
  });

  it("tanhshrink(1e−5) ≈ 3.3e−16 without cancellation, and tanhshrink(x) ≈ x³/3 near 0", () => {
    expect(f("tanhshrink").f(1e-5) / (1e-15 / 3)).toBeCloseTo(1, 9);
    // what the naive formula gives: wrong from the sixth digit
    expect(Math.abs((1e-5 - Math.tanh(1e-5)) / (1e-15 / 3) - 1)).toBeGreaterThan(1e-7);
    expect(f("tanhshrink").f(-1e-100)).toBe(-(1e-300 / 3));
  });

  it("mish near 0 and in both tails: mish(x) ≈ 0.6x at 0, x for large x, x·e^x·2/2 far left", () => {
    expect(f("mish").f(1e-300)).toBe(0.6 * 1e-300);
    expect(f("mish").df(0)).toBe(0.6);
    expect(f("mish").f(50)).toBe(50);
    expect(f("mish").f(-700) / (-700 * Math.exp(-700))).toBeCloseTo(1, 14);
  });

  it("the derivatives of GELU, SiLU and Mish change sign at their minima without cancellation", () => {
    for (const [id, root] of [["gelu", -0.7517915246935645], ["silu", -1.2784645427610737], ["mish", -1.1924312145154952], ["gelu-tanh", -0.7524614220710163]] as const) {
      const a = f(id);
      expect(Math.abs(a.df(root)), id).toBeLessThan(1e-15);
      expect(a.df(root - 1e-6), id).toBeLessThan(0);
      expect(a.df(root + 1e-6), id).toBeGreaterThan(0);
    }
  });
});

describe("identities", () => {
  const check = (name: string, got: (x: number) => number, want: (x: number) => number, ulps = 4) =>
    it(name, () => {
      fc.assert(
        fc.property(finite, (x) => {
          const w = want(x);
          expect(Math.abs(got(x) - w)).toBeLessThanOrEqual(ulps * Number.EPSILON * Math.abs(w) + Number.MIN_VALUE);
        }),
        { seed: 23, numRuns: 400 },
      );
    });
  check("log-sigmoid(x) = −softplus(−x) and log-sigmoid′(x) = sigmoid(−x)", (x) => f("log-sigmoid").f(x), (x) => -f("softplus").f(-x), 0);
  check("log-sigmoid′(x) = σ(−x)", (x) => f("log-sigmoid").df(x), (x) => f("sigmoid").f(-x));
  check("softplus′(x) = σ(x)", (x) => f("softplus").df(x), (x) => f("sigmoid").f(x));
  check("silu(x) = x·σ(x)", (x) => f("silu").f(x), (x) => x * f("sigmoid").f(x));
  check("celu(x) = elu(x) for α = 1", (x) => f("celu").f(x), (x) => f("elu").f(x));
  check("celu(x; α) = α·elu(x/α)", (x) => f("celu").f(x, { alpha: 2.5 }), (x) => 2.5 * f("elu").f(x / 2.5));
  check("relu6(x) = hardtanh(x; 0, 6)", (x) => f("relu6").f(x), (x) => f("hardtanh").f(x, { min: 0, max: 6 }), 0);
  check("hardswish(x) = x·hardsigmoid(x)", (x) => f("hardswish").f(x), (x) => x * f("hardsigmoid").f(x));
  check("threshold(x; 0, 0) = relu(x)", (x) => f("threshold").f(x), (x) => f("relu").f(x), 0);
  check("rrelu(x; l, u) = leaky-relu(x; (l + u)/2)", (x) => f("rrelu").f(x, { lower: 0.1, upper: 0.3 }), (x) => f("leaky-relu").f(x, { alpha: 0.2 }));
  check("tanhshrink′(x) = tanh²(x)", (x) => f("tanhshrink").df(x), (x) => Math.tanh(x) ** 2, 4);

  it("gelu-tanh stays within 5e−4 of gelu", () => {
    fc.assert(
      fc.property(finite, (x) => {
        expect(Math.abs(f("gelu-tanh").f(x) - f("gelu").f(x))).toBeLessThan(5e-4);
      }),
      { seed: 29, numRuns: 400 },
    );
  });
});

describe("two-parameter functions", () => {
  it("hardtanh and rrelu reject crossed bounds with the parameter, its value and the rule", () => {
    expect(() => f("hardtanh").f(0, { min: 2 })).toThrow("invalid min for hardtanh: 2 (must be less than max = 1)");
    expect(() => f("hardtanh").forward(new Float32Array(2), { min: 1, max: 1 })).toThrow(RangeError);
    expect(() => f("rrelu").f(0, { lower: 0.5, upper: 0.2 })).toThrow("invalid lower for rrelu: 0.5 (must be at most upper = 0.2)");
    expect(f("rrelu").f(-2, { lower: 0.2, upper: 0.2 })).toBe(-0.4);
    expect(() => f("threshold").f(0, { value: NaN })).toThrow("invalid value for threshold: NaN");
  });

  it("both parameter values reach the array kernels, in Float32Array and Float64Array", () => {
    for (const T of [Float32Array, Float64Array]) {
      const x = T.of(-5, -1, 0, 0.25, 3);
      expect([...f("hardtanh").forward(x, { min: -2, max: 0.5 })]).toEqual([-2, -1, 0, 0.25, 0.5]);
      expect([...f("threshold").forward(x, { threshold: 0.2, value: -7 })]).toEqual([-7, -7, -7, 0.25, 3]);
      expect([...f("rrelu").backward(x, new T(5).fill(1), { lower: 0.25, upper: 0.75 })]).toEqual([0.5, 0.5, 1, 1, 1]);
      const both = f("hardtanh").forwardWithDerivative(x, { min: -1, max: 0.25 });
      expect([...both.y]).toEqual([-1, -1, 0, 0.25, 0.25]);
      expect([...both.d]).toEqual([0, 1, 1, 0, 0]);
    }
  });
});

describe("linear (issue 21)", () => {
  it("is the exact identity with f′ = 1 everywhere, in the group of functions in use today", () => {
    const lin = getActivation("linear");
    for (const x of [-1e308, -3.5, -Number.MIN_VALUE, -0, 0, 1e-300, 2.75, 1e308]) {
      expect(Object.is(lin.f(x), x)).toBe(true);
      expect(lin.df(x)).toBe(1);
    }
    expect(lin.f(NaN)).toBeNaN();
    expect(lin.df(NaN)).toBeNaN();
    const x = Float32Array.of(-2, 0.5, 3);
    expect([...lin.forward(x)]).toEqual([-2, 0.5, 3]);
    expect([...lin.backward(x, Float32Array.of(4, 5, 6))]).toEqual([4, 5, 6]);
    expect(lin.elsewhere.tfjs).toContain("'linear'");
    expect(groupOf("linear")).toBe("more");
  });
});

describe("groups", () => {
  it("activations lists the article's seven elementwise functions first, then the 18 others (linear, issue 21, last)", () => {
    expect(activationIds.slice(0, 7)).toEqual(["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"]);
    expect(activationIds.length).toBe(25);
    expect(activationIds.at(-1)).toBe("linear");
    expect(groups.map((g) => g.id)).toEqual(["article", "more"]);
    expect(groups[0].ids).toEqual([...activationIds.slice(0, 7), "softmax"]);
    expect(groups[1].ids).toEqual(activationIds.slice(7));
    expect(catalog.map((a) => a.id)).toEqual([...groups[0].ids, ...groups[1].ids]);
  });

  it("every new function documents its PyTorch name, a reference, and a kink note when it has a kink", () => {
    for (const id of groups[1].ids) {
      const a = getInfo(id);
      expect(a.elsewhere.pytorch, id).toMatch(/nn\./);
      expect(a.references.length, id).toBeGreaterThan(0);
      expect(a.names.zh.length, id).toBeGreaterThan(0);
      if (!a.properties.smooth) expect(a.elsewhere.note?.en, id).toMatch(/derivative|slope/);
    }
  });
});
