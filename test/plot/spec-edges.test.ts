import { describe, expect, it } from "vitest";
import { activationIds, getActivation, getInfo } from "../../packages/actlab/src/activations/registry.js";
import {
  comparisonTable,
  compareFigure,
  derivativesFigure,
  functionFigure,
  gridOf,
  propertyPhrases,
  sampleCurve,
  softmaxFigure,
  softmaxInputs,
  thumbnailFigure,
} from "../../packages/actlab/src/plot/index.js";
import { kinksOf } from "../../packages/actlab/src/plot/spec.js";
import { symbolText } from "../../packages/actlab/src/plot/text.js";

// The edges of the figure specs: sizes and domains at their limits, the words of every title,
// the grid around kinks at the ends of a domain, and the helpers that turn LaTeX symbols into text.

describe("figure sizes and samples", () => {
  it("functionFigure(id, { width, height }) accepts 32 to 8192 pixels and refuses one step outside", () => {
    expect(functionFigure("relu", { width: 32, height: 32 })).toMatchObject({ width: 32, height: 32 });
    expect(functionFigure("relu", { width: 8192, height: 8192 })).toMatchObject({ width: 8192, height: 8192 });
    expect(() => functionFigure("relu", { width: 31 })).toThrow(/invalid width: 31 \(must be an integer from 32 to 8192\)/);
    expect(() => functionFigure("relu", { height: 8193 })).toThrow(/invalid height: 8193/);
    expect(() => functionFigure("relu", { width: 100.5 })).toThrow(/invalid width: 100.5/);
  });

  it("functionFigure(id, { width }) samples one point per pixel column plus one, from 64 up to 4001 points", () => {
    expect(functionFigure("tanh").samples).toBe(641); // 640 pixels wide by default
    expect(functionFigure("tanh", { width: 300 }).samples).toBe(301);
    expect(functionFigure("tanh", { width: 40 }).samples).toBe(64);
    expect(functionFigure("tanh", { width: 5000 }).samples).toBe(4001);
    expect(thumbnailFigure("tanh").samples).toBe(161); // 160 pixels wide
  });
});

describe("domains and languages", () => {
  it("functionFigure(id, { domain }) needs finite ends with lo < hi", () => {
    expect(() => functionFigure("relu", { domain: [NaN, 1] })).toThrow(/invalid domain: NaN,1/);
    expect(() => functionFigure("relu", { domain: [-Infinity, 1] })).toThrow(/invalid domain/);
    expect(() => functionFigure("relu", { domain: [2, 2] })).toThrow(/invalid domain: 2,2 \(need finite lo,hi with lo < hi\)/);
    expect(functionFigure("relu", { domain: [-1, 2] }).domain).toEqual([-1, 2]);
  });

  it("every figure refuses a language other than en and zh", () => {
    expect(() => functionFigure("relu", { lang: "fr" as "en" })).toThrow(/invalid language: fr \(use en or zh\)/);
    expect(() => softmaxFigure({ lang: "de" as "en" })).toThrow(/invalid language: de/);
    expect(() => compareFigure({ ids: ["relu"], which: "f", lang: "ja" as "en" })).toThrow(/invalid language: ja/);
    expect(() => comparisonTable("fr" as "en")).toThrow(/invalid language: fr \(use en or zh\)/);
  });
});

describe("parameters of a figure", () => {
  it("functionFigure(id, { params }) skips a parameter given as undefined (the figure's value stays)", () => {
    expect(functionFigure("leaky-relu", { params: { alpha: undefined } }).title).toBe("Leaky ReLU, α = 0.1");
  });

  it("functionFigure(id, { params }) refuses a list of values: a figure draws one curve per function", () => {
    expect(() => functionFigure("prelu", { params: { alpha: [0.1, 0.2] } })).toThrow(/invalid alpha for prelu: a figure takes one number, got 2 values/);
  });

  it("functionFigure(\"softmax\", opts) refuses parameters but passes domain, language and size on", () => {
    expect(() => functionFigure("softmax", { params: { alpha: 1 } })).toThrow(/softmax has no parameters/);
    expect(() => functionFigure("softmax", { params: { alpha: undefined, beta: 2 } })).toThrow(/softmax has no parameters/);
    const spec = functionFigure("softmax", { params: { alpha: undefined }, domain: [-5, 5], lang: "zh", width: 320, height: 200, derivative: false });
    expect(spec).toMatchObject({ kind: "softmax", domain: [-5, 5], lang: "zh", width: 320, height: 200 });
    expect(spec.curves).toHaveLength(1);
  });

  it("functionFigure(\"selu\") names the fixed constants with ≈ in the title (α ≈ 1.673, λ ≈ 1.051 to four digits)", () => {
    expect(functionFigure("selu").title).toBe("SELU, α ≈ 1.673, λ ≈ 1.051");
    expect(functionFigure("selu", { lang: "zh" }).title).toBe(`SELU（${getInfo("selu").names.zh}），α ≈ 1.673，λ ≈ 1.051`);
  });
});

describe("kinds and titles", () => {
  it("each figure function says what it is in `kind`", () => {
    expect(functionFigure("relu").kind).toBe("function");
    expect(compareFigure({ ids: ["relu", "tanh"], which: "f" }).kind).toBe("compare");
    expect(derivativesFigure().kind).toBe("derivatives");
    expect(thumbnailFigure("relu").kind).toBe("thumbnail");
    expect(thumbnailFigure("softmax").kind).toBe("thumbnail");
  });

  it("compareFigure titles the values and the derivatives apart, in both languages", () => {
    expect(compareFigure({ ids: ["relu"], which: "f" }).title).toBe("Activation functions");
    expect(compareFigure({ ids: ["relu"], which: "df" }).title).toBe("Derivatives");
    expect(compareFigure({ ids: ["relu"], which: "f", lang: "zh" }).title).toBe("激活函数对比");
    expect(compareFigure({ ids: ["relu"], which: "df", lang: "zh" }).title).toBe("导数对比");
    expect(derivativesFigure().title).toBe("Derivatives of the activation functions");
    expect(derivativesFigure({ lang: "zh" }).title).toBe("各激活函数的导数");
  });

  it("compareFigure refuses a curve other than f and df", () => {
    expect(() => compareFigure({ ids: ["relu"], which: "d2f" as "f" })).toThrow(/invalid curve: d2f \(use f or df\)/);
  });

  it("compareFigure lists every tunable parameter in the legend, comma-separated", () => {
    const spec = compareFigure({ ids: ["hardtanh", "relu"], which: "f" });
    expect(spec.curves[0].label).toBe("Hardtanh (a = −1, b = 1)");
    expect(spec.curves[1].label).toBe("ReLU");
    expect(compareFigure({ ids: ["hardtanh"], which: "df" }).curves[0].label).toBe("Hardtanh′ (a = −1, b = 1)");
  });

  it("compareFigure's default domain spans the figure domains of all its functions", () => {
    // relu6 is drawn on [−3, 9], hardtanh on [−3, 3], ReLU on [−10, 10].
    expect(compareFigure({ ids: ["relu6", "hardtanh"], which: "f" }).domain).toEqual([-3, 9]);
    expect(compareFigure({ ids: ["hardtanh", "relu"], which: "f" }).domain).toEqual([-10, 10]);
  });

  it("compareFigure past seven curves gives every further curve a dash pattern of its own", () => {
    const spec = compareFigure({ ids: [...activationIds], which: "f" });
    expect(spec.curves.length).toBeGreaterThan(9);
    for (const c of spec.curves.slice(7)) expect(c.dash).toMatch(/^\d+( \d+)+$/);
  });

  it("softmaxFigure titles the article's input vector, in English and in Chinese", () => {
    expect(softmaxFigure().title).toBe("Softmax of x = (−10, −9.9, …, 9.9)");
    expect(softmaxFigure({ lang: "zh" }).title).toBe("Softmax（归一化指数函数），x = (−10, −9.9, …, 9.9)");
    expect(softmaxFigure({ domain: [0, 2] }).title).toBe("Softmax of x = (0, 0.01, …, 1.99)");
  });

  it("softmaxFigure() draws s and its Jacobian's diagonal s(1 − s); { derivative: false } only s", () => {
    expect(softmaxFigure().curves.map((c) => [c.which, c.label])).toEqual([
      ["f", "sᵢ = softmax(x)ᵢ"],
      ["df", "∂sᵢ/∂xᵢ = sᵢ(1 − sᵢ)"],
    ]);
    expect(softmaxFigure({ derivative: false }).curves.map((c) => c.which)).toEqual(["f"]);
  });
});

describe("softmax inputs and the thumbnail of softmax", () => {
  it("softmaxInputs(domain, n) is n equal steps from lo, stopping before hi", () => {
    expect(Array.from(softmaxInputs([-10, 10], 4))).toEqual([-10, -5, 0, 5]);
    expect(Array.from(softmaxInputs([0, 1], 5))).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it("thumbnailFigure(\"softmax\") keeps the article's 200 inputs −10 … 9.9", () => {
    const t = thumbnailFigure("softmax");
    expect(t.samples).toBe(200);
    expect(t.decorations).toBe(false);
    const x = gridOf(t);
    expect(x.length).toBe(200);
    expect(x[0]).toBe(-10);
    expect(x[199]).toBeCloseTo(9.9, 12);
    // The last input, 9.9: s = e^9.9 / Σₖ e^(−10 + k/10) = (1 − e^−0.1) / (1 − e^−20) (a geometric sum).
    const s = (1 - Math.exp(-0.1)) / (1 - Math.exp(-20));
    expect(sampleCurve(t, t.curves[0]).y[199]).toBeCloseTo(s, 14);
    expect(sampleCurve(t, t.curves[1]).y[199]).toBeCloseTo(s * (1 - s), 14);
  });
});

describe("kinksOf(id, p) and gridOf(spec) at the ends of a domain", () => {
  it("kinksOf gives 0 for the article's non-smooth functions, none for smooth ones, the parameters' places for the others", () => {
    expect(kinksOf("relu", {})).toEqual([0]);
    expect(kinksOf("elu", { alpha: 1 })).toEqual([0]);
    expect(kinksOf("gelu", {})).toEqual([]);
    expect(kinksOf("sigmoid", {})).toEqual([]);
    expect(kinksOf("hardtanh", { min: -1, max: 1 })).toEqual([-1, 1]);
    expect(kinksOf("relu6", {})).toEqual([6]);
    expect(kinksOf("softshrink", { lambda: 0.5 })).toEqual([-0.5, 0.5]);
  });

  it("gridOf(spec) stays inside the domain when a kink lies on its end or outside it", () => {
    for (const domain of [[0, 5], [-5, 0], [1, 5], [-5, -1]] as [number, number][]) {
      const spec = functionFigure("relu", { domain, width: 100 });
      const x = gridOf(spec);
      expect(x[0], `${domain}`).toBe(domain[0]);
      expect(x[x.length - 1], `${domain}`).toBe(domain[1]);
      // The kink at 0 is on the grid already (an end) or not drawn: no extra points.
      expect(x.length, `${domain}`).toBe(spec.samples);
    }
  });

  it("gridOf(spec) adds each kink inside the domain once, with the float just left of it", () => {
    // 101 points on [−1, 1] hold 0 already; only 0 − ε is added.
    expect(gridOf(functionFigure("relu", { domain: [-1, 1], width: 100 })).length).toBe(102);
    // On [−1, 1.7] with 101 points (steps of 0.027) 0 is not a grid point: 0 − ε and 0 are both added.
    const x = gridOf(functionFigure("relu", { domain: [-1, 1.7], width: 100 }));
    expect(x.length).toBe(103);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]);
  });
});

describe("propertyPhrases(p, lang, id) and the table's kink words", () => {
  it("propertyPhrases(relu.properties, \"en\") without an id reads as the README's example", () => {
    expect(propertyPhrases(getActivation("relu").properties, "en")).toEqual(["monotonic", "unbounded", "not zero-centred", "kink at 0", "saturates for x → −∞"]);
    expect(propertyPhrases(getActivation("tanh").properties, "zh")).toEqual(["单调", "有界", "以 0 为中心", "处处光滑", "两侧饱和"]);
  });

  it("comparisonTable: threshold steps at t = 0 by default, so its row says the kink is at 0", () => {
    const rows = comparisonTable("en", { all: true }).rows;
    expect(rows.find((r) => r.id === "threshold")?.propertyText[3]).toBe("kink at 0");
    expect(rows.find((r) => r.id === "hardtanh")?.propertyText[3]).toBe("kinks away from 0");
    expect(comparisonTable("zh", { all: true }).rows.find((r) => r.id === "relu6")?.propertyText[3]).toBe("在非零点处有折点");
  });
});

describe("symbolText(latex)", () => {
  it("symbolText(\"\\\\alpha\") and the other Greek letters give their Unicode characters", () => {
    const want = { alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", lambda: "λ", mu: "μ", sigma: "σ", tau: "τ" };
    for (const [name, ch] of Object.entries(want)) expect(symbolText(`\\${name}`)).toBe(ch);
    expect(symbolText(" \\lambda ")).toBe("λ");
  });

  it("symbolText keeps anything that is not one bare Greek letter, without backslashes", () => {
    expect(symbolText("a")).toBe("a");
    expect(symbolText("\\alpha_0")).toBe("alpha_0");
    expect(symbolText("x\\beta")).toBe("xbeta");
    expect(symbolText("\\min")).toBe("min");
  });
});
