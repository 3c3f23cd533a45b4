import { describe, expect, it } from "vitest";
import { activations, catalog, getActivation } from "../../packages/actlab/src/activations/registry.js";
import {
  comparisonTable,
  compareFigure,
  derivativesFigure,
  functionFigure,
  gridOf,
  sampleCurve,
  softmaxFigure,
  softmaxInputs,
  thumbnailFigure,
} from "../../packages/actlab/src/plot/index.js";

// Points where no function of the article has a kink, for the finite-difference check.
const PROBES = [-7.3, -2.5, -0.6, 0.4, 1.7, 6.1];

function at(xs: Float64Array, x: number): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
  return best;
}

describe("functionFigure(id)", () => {
  for (const a of activations) {
    it(`functionFigure("${a.id}") samples f and f′ from the registry`, () => {
      const spec = functionFigure(a.id);
      expect(spec.curves.map((c) => c.which)).toEqual(["f", "df"]);
      expect(spec.domain).toEqual([...a.figure.domain]);
      for (const c of spec.curves) {
        const { x, y } = sampleCurve(spec, c);
        expect(x.length).toBe(y.length);
        expect(x[0]).toBe(spec.domain[0]);
        expect(x[x.length - 1]).toBe(spec.domain[1]);
        for (let i = 0; i < x.length; i += 97) {
          const want = c.which === "f" ? a.f(x[i], c.params) : a.df(x[i], c.params);
          expect(y[i]).toBe(want);
        }
      }
    });

    it(`functionFigure("${a.id}") derivative curve agrees with a central difference of the value curve`, () => {
      const spec = functionFigure(a.id);
      const [f, df] = spec.curves;
      const h = 1e-5;
      const grid = sampleCurve(spec, df);
      for (const x of PROBES) {
        // Compare at the grid point nearest the probe (all probes are away from the kink at 0).
        const xi = grid.x[at(grid.x, x)];
        const fd = (a.f(xi + h, f.params) - a.f(xi - h, f.params)) / (2 * h);
        expect(Math.abs(grid.y[at(grid.x, x)] - fd)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(fd)));
      }
    });
  }

  it("functionFigure(id) puts the figure parameters of the registry in the title", () => {
    expect(functionFigure("leaky-relu").title).toBe("Leaky ReLU, α = 0.1");
    expect(functionFigure("elu").title).toBe("ELU, α = 1");
    expect(functionFigure("sigmoid").title).toBe("Sigmoid");
    expect(functionFigure("leaky-relu", { params: { alpha: 0.25 } }).title).toBe("Leaky ReLU, α = 0.25");
    expect(functionFigure("leaky-relu", { lang: "zh" }).title).toContain(getActivation("leaky-relu").names.zh);
  });

  it("functionFigure(id, { params }) uses the given parameters for both curves", () => {
    const spec = functionFigure("elu", { params: { alpha: 0.5 } });
    const { y } = sampleCurve(spec, spec.curves[0]);
    expect(y[0]).toBeCloseTo(0.5 * Math.expm1(-10), 15);
  });

  it("functionFigure(id, { derivative: false }) has only f", () => {
    expect(functionFigure("tanh", { derivative: false }).curves.map((c) => c.which)).toEqual(["f"]);
  });

  it("functionFigure(id) grid holds 0 and a point just left of it, so jumps are vertical", () => {
    const x = gridOf(functionFigure("relu"));
    const k = x.indexOf(0);
    expect(k).toBeGreaterThan(0);
    expect(x[k - 1]).toBeLessThan(0);
    expect(x[k - 1]).toBeGreaterThan(-1e-6);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]);
  });

  it("functionFigure rejects unknown ids, bad domains, bad parameters and sizes", () => {
    expect(() => functionFigure("swish")).toThrow(/unknown activation: swish/);
    expect(() => functionFigure("relu", { domain: [5, -5] })).toThrow(/invalid domain/);
    expect(() => functionFigure("relu", { domain: [0, NaN] })).toThrow(/invalid domain/);
    expect(() => functionFigure("leaky-relu", { params: { alpha: 3 } })).toThrow(/invalid alpha for leaky-relu: 3/);
    expect(() => functionFigure("relu", { params: { alpha: 0.1 } })).toThrow(/relu has no parameters/);
    expect(() => functionFigure("relu", { width: 10 })).toThrow(/invalid width: 10/);
  });
});

describe("softmaxFigure()", () => {
  it("softmaxFigure() uses the article's vector −10, −9.9, …, 9.9", () => {
    const spec = softmaxFigure();
    const x = gridOf(spec);
    expect(x.length).toBe(200);
    for (let k = 0; k < 200; k++) expect(Math.abs(x[k] - (-10 + k / 10))).toBeLessThanOrEqual(2e-15);
    expect(spec.title).toContain("−10, −9.9, …, 9.9");
  });

  it("softmaxFigure() curves are softmax and s(1 − s), checked against a direct sum of exponentials", () => {
    const spec = softmaxFigure();
    const [s, d] = spec.curves.map((c) => sampleCurve(spec, c).y);
    const x = softmaxInputs(spec.domain, spec.samples);
    // No overflow on [−10, 10), so the textbook formula is an independent reference here.
    let total = 0;
    for (const v of x) total += Math.exp(v);
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const ref = Math.exp(x[i]) / total;
      expect(Math.abs(s[i] - ref)).toBeLessThanOrEqual(1e-13 * ref);
      expect(Math.abs(d[i] - ref * (1 - ref))).toBeLessThanOrEqual(1e-13 * ref);
      sum += s[i];
    }
    expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-14);
  });

  it("functionFigure(\"softmax\") is the softmax figure", () => {
    expect(functionFigure("softmax").kind).toBe("softmax");
  });
});

describe("derivativesFigure() and compareFigure()", () => {
  it("derivativesFigure() has one derivative curve per elementwise function, each with its own colour", () => {
    const spec = derivativesFigure();
    expect(spec.curves.map((c) => c.id)).toEqual(activations.map((a) => a.id));
    expect(spec.curves.every((c) => c.which === "df")).toBe(true);
    expect(new Set(spec.curves.map((c) => c.color)).size).toBe(spec.curves.length);
    expect(spec.curves.find((c) => c.id === "leaky-relu")?.label).toBe("Leaky ReLU′ (α = 0.1)");
    for (const c of spec.curves) {
      const a = getActivation(c.id);
      const { x, y } = sampleCurve(spec, c);
      for (let i = 0; i < x.length; i += 113) expect(y[i]).toBe(a.df(x[i], c.params));
    }
  });

  it("compareFigure({ ids, which: \"f\", params }) applies per-function parameters", () => {
    const spec = compareFigure({ ids: ["relu", "elu"], which: "f", params: { elu: { alpha: 2 } } });
    expect(spec.curves[1].params).toEqual({ alpha: 2 });
    expect(spec.curves[1].label).toBe("ELU (α = 2)");
    expect(() => compareFigure({ ids: [], which: "f" })).toThrow(/at least one id/);
  });
});

describe("thumbnailFigure(id)", () => {
  it("thumbnailFigure(id) exists for every function of the catalog and has no decorations", () => {
    for (const a of catalog) {
      const spec = thumbnailFigure(a.id);
      expect(spec.decorations).toBe(false);
      expect(spec.width).toBeLessThan(300);
      expect(spec.curves.length).toBe(2);
    }
  });
});

describe("comparisonTable(lang)", () => {
  it("comparisonTable(lang) has one row per catalog entry, in its order, in both languages", () => {
    for (const lang of ["en", "zh"] as const) {
      const t = comparisonTable(lang);
      expect(t.rows.map((r) => r.id)).toEqual(catalog.map((a) => a.id));
      expect(t.columns).toHaveLength(7);
      for (const [i, r] of t.rows.entries()) {
        expect(r.meaning).toBe(catalog[i].names[lang]);
        expect(r.latex).toBe(catalog[i].latex.f);
        expect(r.strengths).toEqual(catalog[i].strengths[lang]);
        expect(r.weaknesses).toEqual(catalog[i].weaknesses[lang]);
        expect(r.propertyText).toHaveLength(5);
      }
    }
    expect(comparisonTable("zh").columns).toContain("优点");
  });
});
