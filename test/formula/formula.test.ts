import { afterEach, describe, expect, it } from "vitest";
import {
  FormulaError,
  elu,
  getActivation,
  getInfo,
  parseActivation,
  registerActivation,
  registeredActivations,
  resolveActivation,
  silu,
  splitFunctionList,
  unregisterActivation,
} from "../../packages/actlab/src/index.js";
import { Activation as ActivationLayer } from "../../packages/actlab/src/nn/layers.js";
import { erf } from "../../packages/actlab/src/formula/compile.js";
import { getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";

/** Float64 ulps between two doubles (0 for equal values, ±0 alike). */
function ulps64(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  const ord = (off: number) => {
    const v = buf.getBigInt64(off);
    return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
  };
  const d = ord(0) - ord(8);
  return Number(d < 0n ? -d : d);
}

function grid(lo: number, hi: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(lo + ((hi - lo) * i) / n);
  return out;
}

afterEach(() => {
  for (const a of registeredActivations()) unregisterActivation(a.id);
});

describe("parseActivation targets", () => {
  it("x*sigmoid(x) agrees with silu within 4 ulp in float64 on [−50, 50], f and f′", () => {
    const a = parseActivation("x*sigmoid(x)");
    let worstF = 0;
    let worstD = 0;
    for (const x of [...grid(-50, 50, 20000), -1.2784645427610737, 0, -0]) {
      worstF = Math.max(worstF, ulps64(a.f(x), silu.f(x)));
      worstD = Math.max(worstD, ulps64(a.df(x), silu.df(x)));
    }
    expect(worstF).toBeLessThanOrEqual(4);
    expect(worstD).toBeLessThanOrEqual(4);
  });

  it("a composition that is not a registry function still differentiates to rounding: x*sigmoid(beta*x)", () => {
    const a = parseActivation("x*sigmoid(beta*x); beta = 1.702");
    const s = getActivation("sigmoid");
    for (const x of grid(-20, 20, 401)) {
      expect(a.f(x)).toBe(x * s.f(1.702 * x));
      expect(a.df(x)).toBe(s.f(1.702 * x) + x * (s.df(1.702 * x) * 1.702));
    }
    expect(a.f(2, { beta: 1 })).toBe(2 * s.f(2));
  });

  it("if(x > 0, x, expm1(x)) equals elu bit for bit, with f′(0) = 1", () => {
    const a = parseActivation("if(x > 0, x, expm1(x))");
    for (const x of [...grid(-50, 50, 10001), 0, -0, -1e-300, 1e-300, Infinity, -Infinity]) {
      expect(Object.is(a.f(x), elu.f(x))).toBe(true);
      expect(ulps64(a.df(x), elu.df(x))).toBeLessThanOrEqual(1);
    }
    expect(Object.is(a.f(NaN), NaN)).toBe(true);
    expect(a.df(0)).toBe(1);
    const xs = Float64Array.from(grid(-5, 5, 101));
    expect(a.forward(xs)).toEqual(elu.forward(xs));
  });
});

describe("written-out registry functions", () => {
  it("x*tanh(log1p(exp(x))) is mish by its exact kernel, finite where exp overflows", () => {
    const a = parseActivation("x*tanh(log1p(exp(x)))");
    const mish = getActivation("mish");
    for (const x of [...grid(-50, 50, 2001), 710, 1000]) {
      expect(a.f(x)).toBe(mish.f(x));
      expect(a.df(x)).toBe(mish.df(x));
    }
    expect(parseActivation("log1p(exp(2*x))").df(800)).toBe(2);
  });

  it("log(1 + exp(u)) is softplus(u) too, so x*tanh(log(1 + exp(x))) is mish (values where the literal formula rounds differ)", () => {
    const mish = getActivation("mish");
    const softplus = getActivation("softplus");
    const a = parseActivation("x*tanh(log(1 + exp(x)))");
    const b = parseActivation("log(exp(2*x) + 1)");
    for (const x of [...grid(-50, 50, 2001), 710, 1000]) {
      expect(a.f(x)).toBe(mish.f(x));
      expect(a.df(x)).toBe(mish.df(x));
      expect(b.f(x)).toBe(softplus.f(2 * x));
      expect(b.df(x)).toBe(2 * softplus.df(2 * x));
    }
    // The literal formula gives 0 at −40 (1 + e⁻⁴⁰ rounds to 1) and ∞ at 710; softplus does not.
    expect(Math.log(1 + Math.exp(-40))).toBe(0);
    expect(parseActivation("log(1 + exp(x))").f(-40)).toBe(softplus.f(-40));
    expect(parseActivation("log(1 + exp(x))").f(-40)).toBeGreaterThan(0);
    expect(parseActivation("log(1 + exp(x))").f(710)).toBe(710);
    expect(a.check.ok).toBe(true);
    // Not every log of a sum: log(2 + exp(x)) stays as written.
    expect(parseActivation("log(2 + exp(x))").f(-40)).toBe(Math.log(2 + Math.exp(-40)));
  });
});

describe("the right-hand derivative at kinks", () => {
  it("abs, min, max and if take the branch that holds just right of x", () => {
    expect(parseActivation("abs(x)").df(0)).toBe(1);
    expect(parseActivation("abs(-x)").df(0)).toBe(1);
    expect(parseActivation("max(x, 0)").df(0)).toBe(1);
    expect(parseActivation("min(x, 0)").df(0)).toBe(0);
    expect(parseActivation("max(x, 0.1*x)").df(0)).toBe(1);
    expect(parseActivation("min(x, 6)").df(6)).toBe(0);
    expect(parseActivation("if(x < 0, 0.1*x, x)").df(0)).toBe(1);
    expect(parseActivation("if(x >= 1, 2*x, x)").df(1)).toBe(2);
    expect(parseActivation("if(-x > 0, 3*x, x)").df(0)).toBe(1);
    // the registry's own kinks keep their convention inside a formula
    expect(parseActivation("2*relu(x)").df(0)).toBe(2);
    expect(parseActivation("relu6(x)").df(6)).toBe(0);
  });

  it("NaN in gives NaN out in f and f′", () => {
    for (const t of ["abs(x)", "max(x, 0)", "if(x > 0, x, 0)", "x^2", "x*sigmoid(2*x)"]) {
      const a = parseActivation(t);
      expect(a.f(NaN)).toBeNaN();
      expect(a.df(NaN)).toBeNaN();
    }
  });
});

describe("the language", () => {
  it("computes what it says", () => {
    const cases: [string, (x: number) => number, (x: number) => number][] = [
      ["x^3 - 2*x", (x) => x ** 3 - 2 * x, (x) => 3 * x ** 2 - 2],
      ["-x^2", (x) => -(x * x), (x) => -2 * x],
      ["2^x", (x) => 2 ** x, (x) => 2 ** x * Math.LN2],
      ["x/(1 + abs(x))", (x) => x / (1 + Math.abs(x)), (x) => 1 / (1 + Math.abs(x)) ** 2],
      ["log1p(exp(x))", (x) => Math.log1p(Math.exp(x)), (x) => Math.exp(x) / (1 + Math.exp(x))],
      ["sin(x)*cos(x)", (x) => Math.sin(x) * Math.cos(x), (x) => Math.cos(2 * x)],
      ["sqrt(x^2 + 1)", (x) => Math.sqrt(x * x + 1), (x) => x / Math.sqrt(x * x + 1)],
      ["e^x + pi", (x) => Math.exp(x) + Math.PI, (x) => Math.exp(x)],
      ["x ** 2", (x) => x * x, (x) => 2 * x],
    ];
    for (const [t, f, df] of cases) {
      const a = parseActivation(t);
      for (const x of [-2.5, -0.75, 0.3, 1.7]) {
        expect(a.f(x)).toBeCloseTo(f(x), 12);
        expect(a.df(x)).toBeCloseTo(df(x), 10);
      }
    }
  });

  it("registry functions by id (and snake/camel spellings) with their parameters as extra arguments", () => {
    expect(parseActivation("leaky-relu(x, 0.2)").f(-1)).toBe(-0.2);
    expect(parseActivation("leaky_relu(x)").f(-1)).toBe(-0.01);
    expect(parseActivation("leakyRelu(x) + gelu-tanh(x)").f(1)).toBe(getActivation("leaky-relu").f(1) + getActivation("gelu-tanh").f(1));
    expect(parseActivation("x-relu(x)").f(2)).toBe(0);
    expect(parseActivation("elu(x, alpha); alpha = 0.5").df(-1)).toBe(elu.df(-1, { alpha: 0.5 }));
    expect(() => parseActivation("elu(x, -1)")).toThrow(/alpha/);
    expect(() => parseActivation("elu(x, x)")).toThrow(/must not depend on x/);
  });

  it("erf is accurate and odd", () => {
    // reference values of erf (Abramowitz & Stegun 7.1, 10 digits)
    expect(erf(0.5)).toBeCloseTo(0.5204998778, 10);
    expect(erf(1)).toBeCloseTo(0.8427007929, 10);
    expect(erf(2.5)).toBeCloseTo(0.9995930480, 10);
    expect(erf(-1)).toBe(-erf(1));
    expect(ulps64(erf(1e-20), 1.1283791670955126e-20)).toBeLessThanOrEqual(1);
    const gelu = parseActivation("0.5*x*(1 + erf(x/sqrt(2)))");
    for (const x of [-3, -1, 0.5, 2, 4]) expect(Math.abs(gelu.f(x) - getActivation("gelu").f(x))).toBeLessThan(1e-15 * Math.max(1, Math.abs(x)));
  });
});

describe("errors say where", () => {
  function error(t: string): FormulaError {
    try {
      parseActivation(t);
    } catch (e) {
      expect(e).toBeInstanceOf(FormulaError);
      return e as FormulaError;
    }
    throw new Error(`no error for ${t}`);
  }

  it("a syntax error gives the column and a caret under it", () => {
    const e = error("x*sigmoid(x");
    expect(e.column).toBe(12);
    expect(e.message).toBe('expected "," or ")" to close sigmoid( at column 10 but found the end of the formula at column 12\n  x*sigmoid(x\n             ^');
    expect(error("x +* 2").column).toBe(4);
    expect(error("x $ 2").message).toContain('unexpected character "$" at column 3');
    expect(error("2x").column).toBe(2);
  });

  it("an unknown name lists the known ones; a parameter needs a default", () => {
    const f = error("x*swish(x)");
    expect(f.column).toBe(3);
    expect(f.message).toMatch(/unknown function swish \(known: exp, expm1, .*sigmoid, .*softplus, .*rrelu, linear\)/);
    const p = error("x*sigmoid(beta*x)");
    expect(p.column).toBe(11);
    expect(p.message).toContain("unknown name beta (known: x, pi, e; a parameter needs a default declared after the formula: …; beta = 1)");
    expect(error("x*sigmoid(beta*x); beta").message).toContain("parameter beta has no default");
    expect(error("x*sigmoid(beta*x); beta =").message).toContain("parameter beta has no default");
    expect(parseActivation("x*sigmoid(beta*x)", { params: { beta: 2 } }).f(1)).toBe(getActivation("sigmoid").f(2));
  });

  it("text that looks like code is only parsed, never run", () => {
    for (const t of ["alert(1)", "constructor", "toString(x)", "__proto__", "<script>alert(1)</script>", "x*(1).constructor", "globalThis.x"]) {
      expect(() => parseActivation(t)).toThrow(FormulaError);
    }
    // a parameter may be called anything that is not reserved: it is only a name in a Map
    expect(parseActivation("x*constructor; constructor = 3").f(2)).toBe(6);
  });
});

describe("checks after parsing", () => {
  it("reports the worst point of f′ against central differences, within tolerance for a correct formula", () => {
    const c = parseActivation("x*tanh(softplus(2*x))").check;
    expect(c.ok).toBe(true);
    expect(c.points).toBeGreaterThanOrEqual(300);
    expect(c.worst.x).toBeGreaterThanOrEqual(-10);
    expect(c.worst.x).toBeLessThanOrEqual(10);
    expect(c.worst.error).toBeLessThan(1e-5);
  });

  it("reports values that are not finite, with the point", () => {
    const c = parseActivation("log(x)").check;
    expect(c.ok).toBe(false);
    expect(c.nonFinite?.what).toBe("f");
    expect(c.nonFinite!.x).toBeLessThan(0);
    expect(c.problems[0]).toMatch(/^f is not finite at x = -9\.9/);
    expect(parseActivation("sqrt(abs(x))").check.problems.join(" ")).not.toMatch(/not finite at x = 0\b/);
  });

  it("reports a jump that f′ cannot see", () => {
    const c = parseActivation("if(x > 0, x + 1, x)").check;
    expect(c.ok).toBe(false);
    expect(c.problems.join(" ")).toMatch(/f jumps at x ≈ -?[0-9.e-]+ \(from -?[0-9.e-]+ to 1\)/);
    expect(parseActivation("tanh(50*x)").check.ok).toBe(true);
  });
});

describe("metadata", () => {
  it("has the registry's shape, with LaTeX of f and of a simplified f′", () => {
    const a = parseActivation("x*sigmoid(beta*x); beta = 1.702", { id: "quick-gelu", names: { en: "Quick GELU", zh: "快速 GELU" } });
    expect(a.id).toBe("quick-gelu");
    expect(a.kind).toBe("elementwise");
    expect(a.names).toEqual({ en: "Quick GELU", zh: "快速 GELU" });
    expect(a.params.map((p) => [p.name, p.default, p.symbol])).toEqual([["beta", 1.702, "\\beta"]]);
    expect(a.latex.f).toBe("f(x) = x\\,\\sigma\\left(\\beta\\,x\\right)");
    expect(a.latex.df).toBe("f'(x) = \\sigma\\left(\\beta\\,x\\right) + x\\,\\beta\\,\\sigma'\\left(\\beta\\,x\\right)");
    expect(parseActivation("if(x > 0, x, expm1(x))").latex.df).toBe("f'(x) = \\begin{cases} 1 & x > 0 \\\\ e^{x} & \\text{otherwise} \\end{cases}");
    expect(parseActivation("3*x + 0*x^2").latex.df).toBe("f'(x) = 3");
    expect(() => a.f(1, { gamma: 1 })).toThrow(/unknown parameter gamma/);
  });

  it("array kernels on Float64Array and Float32Array agree with f and f′", () => {
    for (const t of ["x*sigmoid(1.5*x)", "x*sigmoid(x)", "max(x, 0.2*x)"]) {
      const a = parseActivation(t);
      const x64 = Float64Array.from(grid(-6, 6, 241));
      const { y, d } = a.forwardWithDerivative(x64);
      const dy = new Float64Array(x64.length).fill(2);
      const dx = a.backward(x64, dy);
      for (let i = 0; i < x64.length; i++) {
        expect(y[i]).toBe(a.f(x64[i]));
        expect(d[i]).toBe(a.df(x64[i]));
        expect(dx[i]).toBe(2 * a.df(x64[i]));
      }
      const x32 = Float32Array.from(x64);
      const y32 = a.forward(x32);
      expect(y32).toBeInstanceOf(Float32Array);
      for (let i = 0; i < x32.length; i++) expect(Math.abs(y32[i] - a.f(x32[i]))).toBeLessThanOrEqual(4 * 2 ** -23 * Math.max(Math.abs(a.f(x32[i])), 2 ** -126));
    }
  });
});

describe("registerActivation", () => {
  it("makes a formula usable by id: getActivation, getInfo, nn layers, resolveActivation", () => {
    const a = parseActivation("x*tanh(softplus(x))", { id: "my-mish" });
    registerActivation(a);
    expect(getActivation("my-mish")).toBe(a);
    expect(getInfo("my-mish").latex.f).toContain("softplus");
    const layer = new ActivationLayer("my-mish");
    const y = layer.forward(new Float64Array([1]));
    expect(y[0]).toBe(getActivation("mish").f(1));
    expect(resolveActivation("my-mish")).toBe(a);
    expect(unregisterActivation("my-mish")).toBe(true);
    expect(() => getActivation("my-mish")).toThrow(/unknown activation: my-mish/);
  });

  it("a registered id may not shadow a built-in one", () => {
    expect(() => registerActivation(parseActivation("x", { id: "relu" }))).toThrow("registerActivation: relu is a built-in activation and cannot be replaced; choose another id");
    expect(() => registerActivation(parseActivation("x", { id: "softmax" }))).toThrow(/built-in/);
    expect(getActivation("relu").f(-1)).toBe(0);
  });

  it("resolveActivation parses a formula and registers it under its text; a bare unknown word keeps the registry's message", () => {
    const a = resolveActivation("x*sigmoid(2*x)");
    expect(a.id).toBe("x*sigmoid(2*x)");
    expect(getActivation("x*sigmoid(2*x)")).toBe(a);
    expect(() => resolveActivation("swish")).toThrow(/^unknown activation: swish \(known: sigmoid/);
    expect(() => resolveActivation("x*sigmoid(x")).toThrow(FormulaError);
  });

  it("experiments take formulas among the functions (commas inside parentheses do not split)", () => {
    const exp = getExperiment("gradient-flow");
    const o = resolveOptions(exp, { functions: 'relu,"x*sigmoid(x)",max(x, 0.1*x)' }, true);
    expect(o.functions).toEqual(["relu", "x*sigmoid(x)", "max(x, 0.1*x)"]);
    expect(getActivation("max(x, 0.1*x)").df(-1)).toBe(0.1);
    expect(() => resolveOptions(exp, { functions: "relu,x*sigmoid(x" }, true)).toThrow(FormulaError);
    expect(() => resolveOptions(exp, { functions: "relu,swish" }, true)).toThrow(/each item must be one of/);
  });

  it("splitFunctionList keeps formulas whole", () => {
    expect(splitFunctionList('relu,"x*sigmoid(x)",max(x, 0.1*x)')).toEqual(["relu", "x*sigmoid(x)", "max(x, 0.1*x)"]);
    expect(splitFunctionList("'min(x, 1)', tanh")).toEqual(["min(x, 1)", "tanh"]);
  });
});
