import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { nodeDocument, svgToPng } from "../../packages/cli/src/render-node.js";
import { COLORS, functionFigure, thumbnailFigure, type FigureSpec } from "../../packages/actlab/src/plot/index.js";
import { renderFigure } from "../../packages/cli/src/render/index.js";

interface Scaled {
  outerHTML: string;
  scale(name: "x" | "y"): { apply(v: number): number };
}

function draw(spec: FigureSpec): { png: PNG; px: (x: number, y: number) => [number, number] } {
  const svg = renderFigure(spec, nodeDocument()) as unknown as Scaled;
  const png = PNG.sync.read(svgToPng(svg.outerHTML));
  const sx = svg.scale("x");
  const sy = svg.scale("y");
  return { png, px: (x, y) => [Math.round(sx.apply(x)), Math.round(sy.apply(y))] };
}

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Number of pixels within `r` of (cx, cy) whose colour is close to `hex` (anti-aliasing blends edges). */
function hits(png: PNG, cx: number, cy: number, r: number, hex: string): number {
  const [R, G, B] = rgb(hex);
  let n = 0;
  for (let y = cy - r; y <= cy + r; y++) {
    for (let x = cx - r; x <= cx + r; x++) {
      if (x < 0 || y < 0 || x >= png.width || y >= png.height) continue;
      const i = (png.width * y + x) * 4;
      const d = Math.abs(png.data[i] - R) + Math.abs(png.data[i + 1] - G) + Math.abs(png.data[i + 2] - B);
      if (d < 60) n++;
    }
  }
  return n;
}

describe("svgToPng(figureSvg(spec))", () => {
  it("svgToPng(sigmoid figure) has the requested size", () => {
    const { png } = draw(functionFigure("sigmoid", { width: 500, height: 320 }));
    expect([png.width, png.height]).toEqual([500, 320]);
  });

  it("svgToPng(sigmoid figure) shows f crossing x = 0 at y = 0.5 and f′ peaking there at 0.25", () => {
    const { png, px } = draw(functionFigure("sigmoid"));
    const [x0, yHalf] = px(0, 0.5);
    expect(hits(png, x0, yHalf, 2, COLORS.f)).toBeGreaterThan(0);
    // The derivative is dashed, so look along a short horizontal stretch of its flat top.
    const [, yQuarter] = px(0, 0.25);
    expect(hits(png, x0, yQuarter, 8, COLORS.df)).toBeGreaterThan(0);
    // Where neither curve passes (x = 5, y = 0.5) there is no curve colour.
    const [x5, y5] = px(5, 0.5);
    expect(hits(png, x5, y5, 3, COLORS.f) + hits(png, x5, y5, 3, COLORS.df)).toBe(0);
  });

  it("svgToPng(relu figure) shows f on the diagonal and f′ at 1 for x > 0", () => {
    const { png, px } = draw(functionFigure("relu"));
    const [xa, ya] = px(6, 6);
    expect(hits(png, xa, ya, 2, COLORS.f)).toBeGreaterThan(0);
    const [xb, yb] = px(6, 1);
    expect(hits(png, xb, yb, 8, COLORS.df)).toBeGreaterThan(0);
    const [xc, yc] = px(-6, 6);
    expect(hits(png, xc, yc, 3, COLORS.f)).toBe(0);
  });

  it("svgToPng(thumbnail) has the thumbnail size and both curve colours", () => {
    const { png, px } = draw(thumbnailFigure("tanh"));
    expect([png.width, png.height]).toEqual([160, 100]);
    const [x0, y0] = px(0, 0);
    expect(hits(png, x0, y0, 2, COLORS.f)).toBeGreaterThan(0);
    const [, y1] = px(0, 1);
    expect(hits(png, x0, y1, 6, COLORS.df)).toBeGreaterThan(0);
  });

  it("svgToPng(Chinese figure) draws the CJK title with Noto Sans CJK, not with a fallback face", () => {
    const spec = functionFigure("tanh", { lang: "zh" });
    const real = PNG.sync.read(svgToPng(renderFigure(spec, nodeDocument()).outerHTML));
    // The same figure naming a CJK font that does not exist: DejaVu Sans has no Han glyphs,
    // so resvg draws them with whatever face it falls back to (boxes or another font).
    const broken = PNG.sync.read(svgToPng(renderFigure(spec, nodeDocument(), { cjkFontFamily: "'No Such Font'" }).outerHTML));
    // The first Han characters of the bold title: a different face moves many pixels.
    let differ = 0;
    for (let y = 6; y < 34; y++) {
      for (let x = 70; x < 240; x++) {
        const i = (real.width * y + x) * 4;
        if (Math.abs(real.data[i] - broken.data[i]) > 80) differ++;
      }
    }
    expect(differ, "the Chinese title was not drawn with Noto Sans CJK: is the font installed? (Debian: sudo apt install fonts-noto-cjk)").toBeGreaterThan(300);
  });
});
