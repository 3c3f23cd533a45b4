import * as Plot from "@observablehq/plot";
import { sampleCurve, type FigureSpec } from "actlab/plot";
import { hasCjk } from "actlab/plot";
import { figureText, labelSvg } from "./describe.js";

/**
 * Options of `renderFigure`: fonts, background and ink colour.
 */
export interface RenderOptions {
  /** font-family for Latin text; CJK text gets `cjkFontFamily` in front of it. */
  fontFamily?: string;
  cjkFontFamily?: string;
  /** Fill painted behind the figure (so it reads on dark pages too); "none" for transparent. */
  background?: string;
  /**
   * Colour of the title, labels, ticks and zero line. The default is near-black for white
   * backgrounds (PNGs); a page with themes passes "currentColor" so the figure follows its text.
   */
  ink?: string;
}

/**
 * The font stack for Latin text of figures (DejaVu Sans is what the PNGs are drawn with).
 *
 * @example
 * DEFAULT_FONT_FAMILY;   // "'DejaVu Sans', system-ui, sans-serif"
 * const opts: RenderOptions = { fontFamily: `Inter, ${DEFAULT_FONT_FAMILY}` };   // for renderFigure
 */
export const DEFAULT_FONT_FAMILY = "'DejaVu Sans', system-ui, sans-serif";
/**
 * The font put in front of the Latin stack for Chinese text (Noto Sans CJK SC).
 *
 * @example
 * DEFAULT_CJK_FONT_FAMILY;   // "'Noto Sans CJK SC'"
 * const opts: RenderOptions = { cjkFontFamily: `"PingFang SC", ${DEFAULT_CJK_FONT_FAMILY}` };   // for renderFigure
 */
export const DEFAULT_CJK_FONT_FAMILY = "'Noto Sans CJK SC'";
const SVG_NS = "http://www.w3.org/2000/svg";

const TITLE_SIZE = 16;
const TEXT_SIZE = 12;
const LEGEND_ROW = 20;
const SWATCH = 26;

/** A rough text width, enough to lay legend entries out in rows without measuring (there is no layout engine in Node). */
export function estimateTextWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) {
    if (hasCjk(ch)) w += 1;
    else if (/[ilj.,:;'′|!()\[\] ]/.test(ch)) w += 0.34;
    else if (/[A-Z=≈+−]/.test(ch)) w += 0.72;
    else w += 0.6;
  }
  return w * fontSize;
}

interface LegendPlace {
  label: string;
  color: string;
  dash?: string;
  x: number;
  row: number;
}

/** The title's font size: TITLE_SIZE, or smaller so that a long title (a narrow phone, Chinese) fits `room`. */
function titleSize(title: string, room: number): number {
  // Bold glyphs run about 8 % wider than the estimate's regular ones.
  const fit = room / (estimateTextWidth(title, 1) * 1.08);
  return Math.max(9, Math.min(TITLE_SIZE, Math.floor(fit * 10) / 10));
}

function legendLayout(spec: FigureSpec, left: number, right: number): { places: LegendPlace[]; rows: number } {
  const places: LegendPlace[] = [];
  let x = left;
  let row = 0;
  for (const c of spec.curves) {
    const w = SWATCH + 6 + estimateTextWidth(c.label, TEXT_SIZE) + 18;
    if (x > left && x + w > right) {
      row++;
      x = left;
    }
    places.push({ label: c.label, color: c.color, dash: c.dash, x, row });
    x += w;
  }
  return { places, rows: row + 1 };
}

// A legend swatch is a short horizontal stroke drawn as a dot's symbol, so the legend is
// made of ordinary Plot marks and the figure stays pure SVG.
const swatchSymbol = {
  draw(context: CanvasPath) {
    context.moveTo(-SWATCH / 2, 0);
    context.lineTo(SWATCH / 2, 0);
  },
};

/**
 * Where curves coincide exactly over a visible stretch (every ReLU-like derivative is 1
 * for x > 0), the later ones hide the earlier. For each curve: the points it shares with
 * later curves, and how many later curves share them. Tails that only approach 0 do not count.
 */
function overlaps(ys: readonly Float64Array[]): Array<{ count: number; mask: Uint8Array }> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of ys) for (const v of y) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const floor = (hi - lo) * 0.02;
  return ys.map((yi, i) => {
    const mask = new Uint8Array(yi.length);
    let count = 0;
    for (let j = i + 1; j < ys.length; j++) {
      let same = 0;
      for (let k = 0; k < yi.length; k++) if (yi[k] === ys[j][k] && Math.abs(yi[k]) > floor) same++;
      if (same <= yi.length * 0.05) continue;
      count++;
      for (let k = 0; k < yi.length; k++) if (yi[k] === ys[j][k] && Math.abs(yi[k]) > floor) mask[k] = 1;
    }
    return { count, mask };
  });
}

function lineMarks(spec: FigureSpec, strokeWidth: number): { marks: Plot.Markish[]; yExtent: [number, number] } {
  const samples = spec.curves.map((c) => sampleCurve(spec, c));
  let lo = Infinity;
  let hi = -Infinity;
  for (const { y } of samples) for (const v of y) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const shared = overlaps(samples.map((s) => s.y));
  // Under each shared stretch, a wider band of the hidden curve's colour (one step per
  // curve on top of it), so coinciding curves show as nested stripes, not as one line.
  const bands = spec.curves.flatMap((c, i) => {
    const { count, mask } = shared[i];
    if (count === 0) return [];
    const { x, y } = samples[i];
    const yb = Array.from(y, (v, k) => (mask[k] ? v : NaN));
    return [Plot.line(x, { x: Array.from(x), y: yb, stroke: c.color, strokeWidth: strokeWidth + 3 * count, strokeLinecap: "butt" })];
  });
  const lines = spec.curves.map((c, i) => {
    const { x, y } = samples[i];
    return Plot.line(x, { x: Array.from(x), y: Array.from(y), stroke: c.color, strokeWidth, strokeDasharray: c.dash, strokeLinejoin: "round" });
  });
  return { marks: [...bands, ...lines], yExtent: [lo, hi] };
}

/**
 * Plot's default tick labels write every digit, which overflows the axis for very small
 * or very large ranges; those get exponent notation instead.
 */
function tickFormat([lo, hi]: readonly [number, number]): ((v: number) => string) | undefined {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  const exp = m >= 1e5 || (m > 0 && m < 1e-3) || (hi - lo > 0 && hi - lo < 1e-3 * m);
  if (!exp) return undefined;
  return (v) => (v === 0 ? "0" : Number(v.toPrecision(6)).toExponential().replace("e+", "e").replace(/-/g, "−"));
}

/**
 * Draws a figure spec with Observable Plot into `document` and returns the <svg>. Titles
 * and legends are text and dot marks (Plot's own title and legend options would wrap the
 * chart in an HTML <figure>), so the result is a standalone SVG that resvg can rasterise.
 *
 * @example
 * import { parseHTML } from "linkedom";            // in a browser, use window.document instead
 * import { functionFigure } from "actlab/plot";
 * import { renderFigure } from "actlab-cli/render";
 * const { document } = parseHTML("<!doctype html><html><body></body></html>");
 * const svg = renderFigure(functionFigure("elu", { lang: "zh" }), document, { background: "none", ink: "currentColor" });
 * svg.outerHTML.startsWith("<svg");   // true: a standalone SVG (resvg can turn it into a PNG)
 */
export function renderFigure(spec: FigureSpec, document: Document, opts: RenderOptions = {}): SVGSVGElement {
  const font = opts.fontFamily ?? DEFAULT_FONT_FAMILY;
  const cjk = opts.cjkFontFamily ?? DEFAULT_CJK_FONT_FAMILY;
  const { width, height } = spec;
  let svg: SVGSVGElement;
  if (!spec.decorations) {
    svg = Plot.plot({
      document,
      width,
      height,
      margin: 4,
      axis: null,
      x: { domain: [spec.domain[0], spec.domain[1]] },
      y: { nice: false, inset: 2 },
      marks: [Plot.ruleY([0], { stroke: "#888", strokeWidth: 1 }), ...lineMarks(spec, 1.6).marks],
    }) as unknown as SVGSVGElement;
  } else {
    const marginLeft = 52;
    const marginRight = 24;
    const legend = legendLayout(spec, 12, width - 12);
    const titleY = 20;
    const legendY = titleY + TITLE_SIZE + 4;
    const marginTop = legendY + legend.rows * LEGEND_ROW + 16;
    const marginBottom = 44;
    // frameAnchor "top-left" measures from the plot frame's corner; these offsets move marks into the margins.
    const fromLeft = (px: number) => px - marginLeft;
    const fromTop = (py: number) => py - marginTop;
    const curves = lineMarks(spec, 2.2);
    const xFormat = tickFormat(spec.domain);
    const yFormat = tickFormat(curves.yExtent);
    const plotWidth = width - marginLeft - marginRight;
    const legendMarks = legend.places.flatMap((p) => {
      const cy = fromTop(legendY + p.row * LEGEND_ROW + LEGEND_ROW / 2);
      return [
        Plot.dot([p.label], { frameAnchor: "top-left", dx: fromLeft(p.x + SWATCH / 2), dy: cy, symbol: swatchSymbol, r: 4, fill: "none", stroke: p.color, strokeWidth: 2.5, strokeDasharray: p.dash }),
        Plot.text([p.label], { frameAnchor: "top-left", dx: fromLeft(p.x + SWATCH + 6), dy: cy, textAnchor: "start", lineAnchor: "middle", fontSize: TEXT_SIZE, fill: opts.ink ?? "#222" }),
      ];
    });
    svg = Plot.plot({
      document,
      width,
      height,
      marginLeft,
      marginRight,
      marginTop,
      marginBottom,
      style: { fontSize: `${TEXT_SIZE}px`, fontFamily: font, color: opts.ink ?? "#222" },
      x: { domain: [spec.domain[0], spec.domain[1]], label: spec.labels.x, labelAnchor: "center", labelArrow: "none", labelOffset: 36, grid: true, tickFormat: xFormat, ticks: Math.max(3, Math.round(plotWidth / (xFormat ? 110 : 70))) },
      y: { label: spec.labels.y || null, grid: true, nice: true, inset: 6, tickFormat: yFormat, ticks: Math.max(3, Math.round((height - marginTop - marginBottom) / 45)) },
      marks: [
        Plot.ruleY([0], { stroke: opts.ink ?? "#333", strokeWidth: 1.2 }),
        ...curves.marks,
        Plot.text([spec.title], { frameAnchor: "top-left", dx: fromLeft(12), dy: fromTop(titleY), textAnchor: "start", lineAnchor: "middle", fontSize: titleSize(spec.title, width - 24), fontWeight: "bold", fill: opts.ink ?? "#111" }),
        ...legendMarks,
      ],
    }) as unknown as SVGSVGElement;
  }
  return labelSvg(finish(svg, document, { font, cjk, background: opts.background ?? "white" }), document, figureText(spec));
}

function finish(svg: SVGSVGElement, document: Document, o: { font: string; cjk: string; background: string }): SVGSVGElement {
  svg.setAttribute("xmlns", SVG_NS);
  svg.setAttribute("font-family", o.font);
  if (o.background !== "none") {
    const bg = document.createElementNS(SVG_NS, "rect");
    bg.setAttribute("width", "100%");
    bg.setAttribute("height", "100%");
    bg.setAttribute("fill", o.background);
    svg.insertBefore(bg, svg.firstChild);
  }
  // Only text that needs CJK glyphs gets the CJK font first: it is larger and slower to
  // rasterise, and its Latin glyphs differ from the rest of the figure.
  for (const t of Array.from(svg.querySelectorAll("text"))) {
    if (hasCjk(t.textContent ?? "")) t.setAttribute("font-family", `${o.cjk}, ${o.font}`);
  }
  return svg;
}
