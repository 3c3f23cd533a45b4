import { describe, expect, it } from "vitest";
import { catalog } from "../../packages/actlab/src/activations/registry.js";
import { figureSvg, nodeDocument } from "../../packages/cli/src/render-node.js";
import { derivativesFigure, functionFigure, hasCjk, softmaxFigure, thumbnailFigure, type FigureSpec } from "../../packages/actlab/src/plot/index.js";
import { renderFigure } from "../../packages/cli/src/render/index.js";

/** Rounds every number in the SVG to one decimal so snapshots survive float noise, as Plot's own tests do. */
function rounded(svg: string): string {
  return svg.replace(/-?\d+\.\d+(e[-+]?\d+)?/g, (s) => {
    const v = Number(Number(s).toFixed(1));
    return String(Object.is(v, -0) ? 0 : v);
  });
}

function small(spec: FigureSpec): FigureSpec {
  // Fewer samples keep the snapshot readable; the shapes are what is being pinned.
  return { ...spec, samples: 21 };
}

describe("renderFigure(spec, document)", () => {
  it("renderFigure(spec) returns a standalone <svg> with xmlns, no HTML wrapper", () => {
    const svg = renderFigure(functionFigure("sigmoid"), nodeDocument());
    expect(svg.tagName.toLowerCase()).toBe("svg");
    expect(svg.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    const text = svg.outerHTML;
    expect(text).not.toMatch(/<figure|<div|<h2|<span/);
    expect(svg.getAttribute("width")).toBe("640");
    expect(svg.getAttribute("height")).toBe("400");
  });

  it("renderFigure(spec, document, { ink }) draws title, labels, ticks and zero line in that colour", () => {
    const dark = renderFigure(functionFigure("tanh"), nodeDocument()).outerHTML;
    expect(dark).toMatch(/#222|#111|#333/);
    const svg = renderFigure(functionFigure("tanh"), nodeDocument(), { ink: "currentColor" });
    const html = svg.outerHTML;
    expect(html).not.toMatch(/#222|#111|#333/);
    const title = Array.from(svg.querySelectorAll("text")).find((t) => t.textContent === "Tanh");
    // Plot leaves out fill="currentColor" on text (it is the default), so the title inherits the page's colour.
    expect(title).toBeDefined();
    expect([null, "currentColor"]).toContain((title?.parentNode as Element | null)?.getAttribute("fill") ?? null);
  });

  it("renderFigure(spec) draws the title, the legend and one path per curve in its colour", () => {
    const spec = functionFigure("leaky-relu");
    const svg = renderFigure(spec, nodeDocument());
    const texts = Array.from(svg.querySelectorAll("text")).map((t) => t.textContent);
    expect(texts).toContain("Leaky ReLU, α = 0.1");
    for (const c of spec.curves) {
      expect(texts).toContain(c.label);
      expect(svg.outerHTML).toContain(`stroke="${c.color}"`);
    }
  });

  it("renderFigure(spec) puts the CJK font first only on text that contains CJK", () => {
    const svg = renderFigure(functionFigure("elu", { lang: "zh" }), nodeDocument());
    const texts = Array.from(svg.querySelectorAll("text"));
    const cjk = texts.filter((t) => hasCjk(t.textContent ?? ""));
    const latin = texts.filter((t) => !hasCjk(t.textContent ?? ""));
    expect(cjk.length).toBe(1); // the title; legends are formulas in both languages
    expect(latin.length).toBeGreaterThan(5); // tick labels
    for (const t of cjk) expect(t.getAttribute("font-family")).toMatch(/^'Noto Sans CJK SC'/);
    for (const t of latin) expect(t.getAttribute("font-family") ?? "").not.toMatch(/Noto/);
  });

  it("renderFigure(spec) keeps every legend entry inside the figure", () => {
    for (const lang of ["en", "zh"] as const) {
      const spec = derivativesFigure({ lang });
      const svg = renderFigure(spec, nodeDocument());
      // Legend texts are positioned by transform="translate(x,y)"; each must start inside the width.
      const labels = new Set(spec.curves.map((c) => c.label));
      let seen = 0;
      for (const t of Array.from(svg.querySelectorAll("text"))) {
        if (!labels.has(t.textContent ?? "")) continue;
        seen++;
        const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute("transform") ?? t.parentElement?.getAttribute("transform") ?? "");
        expect(m).not.toBeNull();
        expect(Number(m![1])).toBeGreaterThan(0);
        expect(Number(m![1])).toBeLessThan(spec.width - 40);
        expect(Number(m![2])).toBeGreaterThan(0);
      }
      expect(seen).toBe(spec.curves.length);
    }
  });
});

describe("renderFigure tick labels", () => {
  it("renderFigure(spec) switches to exponent tick labels when plain digits would overflow", () => {
    const ticks = (spec: FigureSpec) =>
      Array.from(renderFigure(spec, nodeDocument()).querySelectorAll('g[data-mark="x-axis tick label"] text')).map((t) => t.textContent ?? "");
    const tiny = ticks(functionFigure("sigmoid", { domain: [-1e-300, 1e-300] }));
    expect(tiny.length).toBeGreaterThanOrEqual(3);
    for (const t of tiny) expect(t.length).toBeLessThanOrEqual(8);
    expect(tiny).toContain("0");
    expect(tiny.some((t) => /e−30\d/.test(t))).toBe(true);
    const usual = ticks(functionFigure("sigmoid"));
    expect(usual).toContain("−10");
    expect(usual.some((t) => t.includes("e"))).toBe(false);
  });
});

describe("SVG snapshots", () => {
  const cases: Array<[string, FigureSpec]> = [
    ["sigmoid", small(functionFigure("sigmoid", { width: 320, height: 200 }))],
    ["leaky-relu-zh", small(functionFigure("leaky-relu", { lang: "zh", width: 320, height: 200 }))],
    ["softmax", { ...softmaxFigure({ width: 320, height: 200 }) }],
    ["derivatives", small(derivativesFigure({ width: 480, height: 300 }))],
    ...catalog.map((a): [string, FigureSpec] => [`thumb-${a.id}`, small(thumbnailFigure(a.id))]),
  ];
  for (const [name, spec] of cases) {
    it(`figureSvg(${name}) matches its snapshot`, async () => {
      await expect(rounded(figureSvg(spec))).toMatchFileSnapshot(`__snapshots__/${name}.svg`);
    });
  }
});
