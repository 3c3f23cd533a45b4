import * as Plot from "@observablehq/plot";
import type { Lang } from "actlab";
import type { ChartAxis, ChartSeries, ChartSpec, Heatmap } from "actlab/plot";
import { DEFAULT_CJK_FONT_FAMILY, DEFAULT_FONT_FAMILY, estimateTextWidth } from "./render.js";
import { hasCjk, numberText } from "actlab/plot";
import { chartText, labelSvg } from "./describe.js";

/**
 * Options of `renderChart`: language, ink and background colours, fonts.
 */
export interface ChartRenderOptions {
  lang?: Lang;
  /** Colour of the title, labels and ticks (default near-black; "currentColor" follows the page). */
  ink?: string;
  /** Fill behind the chart; "none" for transparent (default white). */
  background?: string;
  fontFamily?: string;
  cjkFontFamily?: string;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const TITLE_SIZE = 15;
const TITLE_LINE = 19;
const TEXT_SIZE = 12;
const LEGEND_ROW = 19;
const SWATCH = 24;
const RAMP_HEIGHT = 44;

// The article's seven functions keep the colours of the compare figure (Okabe & Ito, in
// registry order); functions added later and unnamed series continue with more hues.
const ARTICLE_ORDER = ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"];
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F3C8D", "#B8860B", "#17BECF", "#999999"];
const DASHES = [undefined, "7 3", "2 3", "6 2 2 2"];

/**
 * A colour and dash per series: the registry id picks the colour when known, so a function looks
 * the same in every chart; series of one group share the colour of its first series.
 */
function seriesStyles(series: readonly ChartSeries[]): Array<{ color: string; dash?: string }> {
  const used = new Set<number>();
  const byId = series.map((s) => (s.id ? ARTICLE_ORDER.indexOf(s.id) : -1));
  for (const k of byId) if (k >= 0) used.add(k);
  // A group takes the colour of its first member with a known id, else of its first member.
  const byGroup = new Map<string, number>();
  series.forEach((s, i) => {
    if (s.group !== undefined && byId[i] >= 0 && !byGroup.has(s.group)) byGroup.set(s.group, byId[i]);
  });
  let next = 0;
  return series.map((s, i) => {
    let k = s.group !== undefined ? (byGroup.get(s.group) ?? byId[i]) : byId[i];
    if (k < 0) {
      while (used.has(next)) next++;
      k = next;
      used.add(next);
    }
    if (s.group !== undefined && !byGroup.has(s.group)) byGroup.set(s.group, k);
    // Past the palette, the same hues come back with a different dash.
    return { color: PALETTE[k % PALETTE.length], dash: s.dash ?? DASHES[Math.floor(k / PALETTE.length) % DASHES.length] };
  });
}

/** The legend text of a series in `lang` (its bilingual label when it has one). */
export function seriesLabel(s: ChartSeries, lang: Lang): string {
  return s.label?.[lang] ?? s.name;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** 10⁻⁴² for exact powers of ten, else the number as figures show it. */
export function logTickText(v: number, powers = true): string {
  const e = Math.round(Math.log10(v));
  if (powers && Math.abs(v / 10 ** e - 1) < 1e-9) return `10${String(e).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
  return numberText(v);
}

/**
 * A compact number for ticks and cells: 4 significant digits, exponent form outside [1e-3, 1e5)
 * (three digits there), with a true minus sign; NaN is "–".
 *
 * @example
 * shortNumber(3.14159265);   // "3.142"
 * shortNumber(0.000123456);  // "1.23e−4"
 * shortNumber(123456);       // "1.23e5"
 * shortNumber(NaN);          // "–"
 */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "–" : v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("e+", "e").replace(/-/g, "−");
  return numberText(v);
}

/**
 * A title in lines that fit `room` pixels (bold text is about 8% wider): broken at spaces, or
 * anywhere in CJK text, which has none.
 */
function wrap(text: string, size: number, room: number): string[] {
  const lines: string[] = [];
  let line = "";
  const tokens = text.match(/[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+/g) ?? [text];
  for (const t of tokens) {
    const next = line + t;
    if (line.trim() && estimateTextWidth(next.trimEnd(), size) > room && !/^\s+$/.test(t)) {
      lines.push(line.trimEnd());
      line = t.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.length ? lines : [""];
}

/** Powers of ten across [lo, hi], thinned to at most `max` ticks. */
function logTicks(lo: number, hi: number, max: number): number[] | undefined {
  const within = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const powers: number[] = [];
  for (let e = a; e <= b; e++) if (within(10 ** e)) powers.push(10 ** e);
  if (powers.length < 3) {
    // Powers of ten alone would leave one or two labels: add their 2× and 5× (or every multiple).
    for (const steps of [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
      const out: number[] = [];
      for (let e = a; e <= b; e++) for (const m of steps) if (within(m * 10 ** e)) out.push(m * 10 ** e);
      if (out.length >= 3) return out.length <= max ? out : out.filter((v) => powers.includes(v) || v === out[0]);
    }
    // A narrow range (25…31): let Plot choose round values inside it.
    return undefined;
  }
  const step = Math.ceil(powers.length / max);
  return powers.filter((_, i) => (powers.length - 1 - i) % step === 0);
}

interface Extent {
  lo: number;
  hi: number;
}

/** The range of finite values (positive only on a log axis). */
function extentOf(values: Iterable<number>, log: boolean): Extent | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? { lo, hi } : undefined;
}

function scaleOptions(axis: ChartAxis, ext: Extent | undefined, lang: Lang, pixels: number): Plot.ScaleOptions {
  const label = axis.label[lang];
  if (axis.log) {
    const d = axis.domain ?? (ext ? ([ext.lo, ext.hi] as const) : ([1, 10] as const));
    const lo = d[0] === d[1] ? d[0] / 10 : d[0];
    const hi = d[0] === d[1] ? d[1] * 10 : d[1];
    const ticks = logTicks(lo, hi, Math.max(2, Math.floor(pixels / 34))) ?? Math.max(3, Math.round(pixels / 60));
    const powers = hi / lo >= 1e4;
    return { type: "log", domain: [lo, hi], label, ticks, tickFormat: (v: number) => logTickText(v, powers), grid: true, inset: 8 };
  }
  if (axis.ticks?.length) {
    // Labelled ticks (categories on a numeric axis): exactly these, with half a step of room at each end.
    const values = axis.ticks.map((t) => t.value);
    const words = new Map(axis.ticks.map((t) => [t.value, t.label[lang]]));
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = values.length > 1 ? (hi - lo) / (values.length - 1) / 2 : 0.5;
    return { type: "linear", domain: axis.domain ? [...axis.domain] : [lo - pad, hi + pad], label, grid: false, ticks: values, tickFormat: (v: number) => words.get(v) ?? "" };
  }
  const domain = axis.domain ? [...axis.domain] : ext ? (ext.lo === ext.hi ? [ext.lo - 1, ext.hi + 1] : undefined) : [0, 1];
  const big = ext ? Math.max(Math.abs(ext.lo), Math.abs(ext.hi)) : 1;
  const expForm = big >= 1e5 || (big > 0 && big < 1e-3);
  return {
    type: "linear",
    domain,
    nice: !axis.domain,
    inset: 8,
    label,
    grid: true,
    ticks: Math.max(3, Math.round(pixels / (expForm ? 90 : 60))),
    tickFormat: expForm ? shortNumber : undefined,
  };
}

/** Cell edges halfway between neighbouring centres (geometric halfway on a log axis). */
function edges(centres: readonly number[], log: boolean): number[] {
  const t = log ? centres.map(Math.log10) : [...centres];
  const n = t.length;
  const out = new Array<number>(n + 1);
  if (n === 1) {
    out[0] = t[0] - 0.5;
    out[1] = t[0] + 0.5;
  } else {
    for (let i = 1; i < n; i++) out[i] = (t[i - 1] + t[i]) / 2;
    out[0] = t[0] - (t[1] - t[0]) / 2;
    out[n] = t[n - 1] + (t[n - 1] - t[n - 2]) / 2;
  }
  return log ? out.map((v) => 10 ** v) : out;
}

interface Cell {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  v: number;
}

function heatCells(h: Heatmap, xLog: boolean, yLog: boolean): Cell[] {
  const xe = edges(h.xs, xLog);
  const ye = edges(h.ys, yLog);
  const cells: Cell[] = [];
  for (let r = 0; r < h.ys.length; r++) {
    for (let c = 0; c < h.xs.length; c++) {
      const v = h.values[r]?.[c];
      cells.push({ x1: xe[c], x2: xe[c + 1], y1: ye[r], y2: ye[r + 1], v: typeof v === "number" ? v : NaN });
    }
  }
  return cells;
}

function colorOptions(h: Heatmap): Plot.ScaleOptions {
  const ext = extentOf(h.values.flat(), false) ?? { lo: 0, hi: 1 };
  if (h.scheme === "diverging") {
    const m = Math.max(Math.abs(ext.lo), Math.abs(ext.hi)) || 1;
    return { type: "diverging", scheme: "RdBu", pivot: 0, domain: [-m, m], reverse: true };
  }
  const lo = Math.min(0, ext.lo);
  return { type: "linear", scheme: "YlGnBu", domain: [lo, ext.hi > lo ? ext.hi : lo + 1] };
}

/** Perceived lightness of a CSS rgb()/hex colour, to pick black or white text on a cell. */
function isDark(color: string): boolean {
  let r = 0;
  let g = 0;
  let b = 0;
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
  if (m) [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if (/^#[0-9a-f]{6}$/i.test(color)) [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  band: boolean;
  /** The diverged-seeds marker (a ring) instead of a line swatch. */
  ring?: boolean;
}

/** Colour of the ring around a point where seeds diverged. */
const DIVERGED_COLOR = "#d00000";

/**
 * The legend entry of the ring drawn around points where seeds diverged (the count is written
 * beside the point as ✕k).
 *
 * @example
 * DIVERGED_LEGEND.en;   // "✕k: k seeds diverged here (not in the median)"
 */
export const DIVERGED_LEGEND = { en: "✕k: k seeds diverged here (not in the median)", zh: "✕k：此处 k 个种子发散（不计入中位数）" } as const;

function legendRows(items: readonly LegendItem[], left: number, right: number): Array<LegendItem & { x: number; row: number }> {
  let x = left;
  let row = 0;
  return items.map((it) => {
    const w = SWATCH + 6 + estimateTextWidth(it.label, TEXT_SIZE) + 16;
    if (x > left && x + w > right) {
      row++;
      x = left;
    }
    const placed = { ...it, x, row };
    x += w;
    return placed;
  });
}

const swatchSymbol = {
  draw(context: CanvasPath) {
    context.moveTo(-SWATCH / 2, 0);
    context.lineTo(SWATCH / 2, 0);
  },
};

/**
 * Draws a chart spec (lines with bands over seeds, or a heat map, with rules) with Observable
 * Plot into `document` and returns a standalone <svg>: title, legend and colour ramp are SVG
 * too, so resvg can rasterise it and a page can inline it.
 *
 * @example
 * import { parseHTML } from "linkedom";
 * import { getExperiment } from "actlab/experiments";
 * import { renderChart } from "actlab-cli/render";
 * const { document } = parseHTML("<!doctype html><html><body></body></html>");
 * const result = await getExperiment("born-dead").run({}, { quick: true, seeds: 1 });
 * const svg = renderChart(result.figures[0], document, { lang: "zh" });
 * svg.outerHTML.startsWith("<svg");   // true
 */
export function renderChart(spec: ChartSpec, document: Document, opts: ChartRenderOptions = {}): SVGSVGElement {
  const lang = opts.lang ?? "en";
  const ink = opts.ink ?? "#222";
  const font = opts.fontFamily ?? DEFAULT_FONT_FAMILY;
  const cjk = opts.cjkFontFamily ?? DEFAULT_CJK_FONT_FAMILY;
  const { width, height } = spec;
  const xLog = spec.x.log === true;
  const yLog = spec.y.log === true;
  const styles = seriesStyles(spec.series);
  const heat = spec.heatmap;

  const items: LegendItem[] = spec.series.map((s, i) => ({ label: seriesLabel(s, lang), color: styles[i].color, dash: styles[i].dash, band: s.points.some((p) => p.lo !== undefined && p.hi !== undefined) }));
  const anyDiverged = spec.series.some((s) => s.points.some((p) => (p.diverged ?? 0) > 0));
  if (anyDiverged) items.push({ label: DIVERGED_LEGEND[lang], color: DIVERGED_COLOR, band: false, ring: true });
  let marginLeft = 64;
  const marginRight = heat ? 24 : 28;
  const placed = legendRows(items, 12, width - 12);
  const legendLines = items.length ? Math.max(...placed.map((p) => p.row)) + 1 : 0;
  const titleY = 20;
  const titleLines = wrap(spec.title[lang], TITLE_SIZE * 1.08, width - 24);
  const legendY = titleY + TITLE_SIZE + (titleLines.length - 1) * TITLE_LINE;
  const rampY = legendY + legendLines * LEGEND_ROW + 4;
  const marginTop = rampY + (heat ? RAMP_HEIGHT : 0) + 14;
  const plotW = width - marginLeft - marginRight;
  // Worded ticks that do not fit side by side are turned, and the bottom margin grows to hold them.
  const tickWords = spec.x.ticks?.map((t) => t.label[lang]) ?? [];
  const widest = Math.max(0, ...tickWords.map((t) => estimateTextWidth(t, TEXT_SIZE)));
  const turn = tickWords.length > 0 && widest + 6 > plotW / tickWords.length;
  const turnedDepth = turn ? Math.ceil(widest * Math.sin((40 * Math.PI) / 180)) : 0;
  const marginBottom = 46 + turnedDepth;
  const plotH = height - marginTop - marginBottom;
  const fromLeft = (px: number) => px - marginLeft;
  const fromTop = (py: number) => py - marginTop;

  // Everything drawn, for the extents: points, bands, cell edges, rules.
  const xsAll: number[] = [];
  const ysAll: number[] = [];
  for (const s of spec.series) {
    for (const p of s.points) {
      xsAll.push(p.x);
      ysAll.push(p.y);
      if (p.lo !== undefined) ysAll.push(p.lo);
      if (p.hi !== undefined) ysAll.push(p.hi);
    }
  }
  const cells = heat && spec.series.length > 0 ? heatCells(heat, xLog, yLog) : [];
  for (const c of cells) xsAll.push(c.x1, c.x2), ysAll.push(c.y1, c.y2);
  for (const r of spec.rules ?? []) ysAll.push(r.y);
  // Long log-tick labels (10⁻²⁹) would run into the y label: move the label out and widen the margin.
  const yScale = scaleOptions(spec.y, extentOf(ysAll, yLog), lang, plotH);
  const yTickWidth = Array.isArray(yScale.ticks) && typeof yScale.tickFormat === "function" ? Math.max(0, ...(yScale.ticks as number[]).map((v) => estimateTextWidth(String((yScale.tickFormat as (v: number) => string)(v)), TEXT_SIZE))) : 0;
  const yLabelOffset = Math.max(50, Math.ceil(yTickWidth) + 24);
  marginLeft += yLabelOffset - 50;
  const okX = (v: number) => Number.isFinite(v) && (!xLog || v > 0);
  const okY = (v: number) => Number.isFinite(v) && (!yLog || v > 0);

  // A heat map alone is drawn as a grid of equal cells labelled by its xs and ys; with lines
  // over it, the cells span the halfway points between centres on the lines' continuous axes.
  const grid = heat !== undefined && spec.series.length === 0;
  const marks: Plot.Markish[] = [];
  const color = heat ? Plot.scale({ color: colorOptions(heat) }) : undefined;
  const cellText = (v: number) => (Number.isFinite(v) ? shortNumber(v) : "–");
  const cellInk = (v: number) => (Number.isFinite(v) && color && isDark(String(color.apply(v))) ? "white" : "#111");
  if (heat && grid) {
    const data = heat.ys.flatMap((y, r) => heat.xs.map((x, c) => ({ x, y, v: typeof heat.values[r]?.[c] === "number" ? heat.values[r][c] : NaN })));
    marks.push(Plot.cell(data, { x: "x", y: "y", fill: (d: { v: number }) => (Number.isFinite(d.v) ? d.v : null), inset: 0.5 }));
    marks.push(Plot.cell(data.filter((d) => !Number.isFinite(d.v)), { x: "x", y: "y", fill: "#e6e6e6", inset: 0.5 }));
    if (data.length <= 150) marks.push(Plot.text(data, { x: "x", y: "y", text: (d: { v: number }) => cellText(d.v), fontSize: 11, fill: (d: { v: number }) => cellInk(d.v) }));
  } else if (heat) {
    const present = cells.filter((c) => Number.isFinite(c.v));
    const missing = cells.filter((c) => !Number.isFinite(c.v));
    marks.push(Plot.rect(missing, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "#e6e6e6", inset: 0.5 }));
    marks.push(Plot.rect(present, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "v", inset: 0.5 }));
  }
  spec.series.forEach((s, i) => {
    const pts = s.points.filter((p) => okX(p.x));
    const band = pts.filter((p) => p.lo !== undefined && p.hi !== undefined && okY(p.lo) && okY(p.hi));
    if (band.length && !s.dots) marks.push(Plot.areaY(band, { x: "x", y1: "lo", y2: "hi", fill: styles[i].color, fillOpacity: 0.16, curve: "linear" }));
    // A band over one to three points is too thin to see (and dots have no band): draw the ranges as error bars.
    if (band.length && (band.length <= 3 || s.dots)) marks.push(Plot.ruleX(band, { x: "x", y1: "lo", y2: "hi", stroke: styles[i].color, strokeWidth: 2, strokeOpacity: 0.6 }));
  });
  const paper = opts.background ?? "white";
  const halo = paper === "none" ? {} : { stroke: paper, strokeWidth: 3 };
  const ruleLabels: Plot.Markish[] = [];
  for (const r of spec.rules ?? []) {
    if (!okY(r.y)) continue;
    marks.push(Plot.ruleY([r.y], { stroke: ink, strokeOpacity: 0.7, strokeDasharray: "5 4", strokeWidth: 1.2 }));
    const label = r.label?.[lang];
    // A halo of the background keeps the label readable where lines cross it.
    if (label) ruleLabels.push(Plot.text([label], { y: () => r.y, frameAnchor: "right", textAnchor: "end", dx: -4, dy: -8, fontSize: 11, fill: ink, ...halo }));
  }
  spec.series.forEach((s, i) => {
    // A missing or non-positive (on a log axis) value breaks the line instead of dropping to an edge.
    const pts = s.points.filter((p) => okX(p.x)).map((p) => ({ x: p.x, y: okY(p.y) ? p.y : NaN }));
    if (s.dots) {
      marks.push(Plot.dot(pts.filter((p) => Number.isFinite(p.y)), { x: "x", y: "y", r: 3.5, fill: styles[i].color }));
      return;
    }
    marks.push(Plot.line(pts, { x: "x", y: "y", stroke: styles[i].color, strokeWidth: 2, strokeDasharray: styles[i].dash, strokeLinejoin: "round" }));
    // Lone points (a series of one, or between gaps) would vanish as lines: mark every point when there are few.
    if (pts.length <= 12) marks.push(Plot.dot(pts.filter((p) => Number.isFinite(p.y)), { x: "x", y: "y", r: 2.5, fill: styles[i].color }));
  });
  // Points where seeds diverged: a red ring and the count, so a median over fewer seeds is never silent.
  const lost = spec.series.flatMap((s) => s.points.filter((p) => (p.diverged ?? 0) > 0 && okX(p.x) && okY(p.y)).map((p) => ({ x: p.x, y: p.y, k: p.diverged as number })));
  if (lost.length) {
    marks.push(Plot.dot(lost, { x: "x", y: "y", r: 7, fill: "none", stroke: DIVERGED_COLOR, strokeWidth: 1.8 }));
    marks.push(Plot.text(lost, { x: "x", y: "y", text: (d: { k: number }) => `✕${d.k}`, dy: -13, fontSize: 10, fontWeight: "bold", fill: DIVERGED_COLOR, ...halo }));
  }
  marks.push(...ruleLabels);
  if (heat && !grid && cells.length <= 120) {
    const cx = (c: Cell) => (xLog ? Math.sqrt(c.x1 * c.x2) : (c.x1 + c.x2) / 2);
    const cy = (c: Cell) => (yLog ? Math.sqrt(c.y1 * c.y2) : (c.y1 + c.y2) / 2);
    marks.push(Plot.text(cells, { x: cx, y: cy, text: (c: Cell) => cellText(c.v), fontSize: 11, fill: (c: Cell) => cellInk(c.v) }));
  }

  titleLines.forEach((line, i) => {
    marks.push(Plot.text([line], { frameAnchor: "top-left", dx: fromLeft(12), dy: fromTop(titleY + i * TITLE_LINE), textAnchor: "start", lineAnchor: "middle", fontSize: TITLE_SIZE, fontWeight: "bold", fill: ink }));
  });
  for (const p of placed) {
    const cy = fromTop(legendY + p.row * LEGEND_ROW + LEGEND_ROW / 2);
    if (p.ring) {
      marks.push(Plot.dot([0], { frameAnchor: "top-left", dx: fromLeft(p.x + SWATCH / 2), dy: cy, r: 6, fill: "none", stroke: p.color, strokeWidth: 1.8 }));
      marks.push(Plot.text([p.label], { frameAnchor: "top-left", dx: fromLeft(p.x + SWATCH + 6), dy: cy, textAnchor: "start", lineAnchor: "middle", fontSize: TEXT_SIZE, fill: ink }));
      continue;
    }
    if (p.band) marks.push(Plot.dot([0], { frameAnchor: "top-left", dx: fromLeft(p.x + SWATCH / 2), dy: cy, symbol: "square", r: 6, fill: p.color, fillOpacity: 0.16 }));
    marks.push(Plot.dot([0], { frameAnchor: "top-left", dx: fromLeft(p.x + SWATCH / 2), dy: cy, symbol: swatchSymbol, r: 4, fill: "none", stroke: p.color, strokeWidth: 2.5, strokeDasharray: p.dash }));
    marks.push(Plot.text([p.label], { frameAnchor: "top-left", dx: fromLeft(p.x + SWATCH + 6), dy: cy, textAnchor: "start", lineAnchor: "middle", fontSize: TEXT_SIZE, fill: ink }));
  }

  const band = (values: readonly number[], axis: ChartAxis, reverse: boolean): Plot.ScaleOptions => ({
    type: "band",
    domain: reverse ? [...values].reverse() : [...values],
    label: axis.label[lang],
    tickFormat: shortNumber,
    padding: 0,
  });
  const plotOptions: Plot.PlotOptions = {
    document,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    style: { fontSize: `${TEXT_SIZE}px`, fontFamily: font, color: ink, background: "none" },
    x: { ...(heat && grid ? band(heat.xs, spec.x, false) : scaleOptions(spec.x, extentOf(xsAll, xLog), lang, plotW)), labelAnchor: "center", labelArrow: "none", labelOffset: 38 + turnedDepth, ...(turn ? { tickRotate: -40 } : {}) },
    // The rows of a grid go up with y, as on any y axis (a band scale lists its domain top-down).
    y: { ...(heat && grid ? band(heat.ys, spec.y, true) : yScale), labelArrow: "none", labelAnchor: "center", labelOffset: heat && grid ? 50 : yLabelOffset },
    marks,
  };
  if (heat) plotOptions.color = colorOptions(heat);
  const svg = Plot.plot(plotOptions) as unknown as SVGSVGElement;

  if (heat) svg.appendChild(colorRamp(document, heat, lang, { x: 12, y: rampY, width: Math.min(320, plotW), ink }));
  return labelSvg(finish(svg, document, { font, cjk, background: opts.background ?? "white" }), document, chartText(spec, lang));
}

/** Ticks at round values across [lo, hi] (1, 2 or 5 times a power of ten apart). */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0)) return [lo];
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/**
 * The colour scale as a ramp of thin rectangles with ticks and its label. Plot's own ramp
 * legend paints a canvas, which exists neither in Node nor in a standalone SVG file.
 */
function colorRamp(document: Document, h: Heatmap, lang: Lang, at: { x: number; y: number; width: number; ink: string }): SVGGElement {
  const opts = colorOptions(h);
  const scale = Plot.scale({ color: opts });
  const [lo, hi] = opts.domain as [number, number];
  const el = (name: string, attrs: Record<string, string | number>) => {
    const e = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const g = el("g", { transform: `translate(${at.x},${at.y})`, "font-size": 11, fill: at.ink, "text-anchor": "start" }) as SVGGElement;
  const label = el("text", { x: 0, y: 10 });
  label.textContent = h.label[lang];
  g.appendChild(label);
  const top = 16;
  const bar = 12;
  const n = 64;
  for (let i = 0; i < n; i++) {
    const v = lo + ((i + 0.5) / n) * (hi - lo);
    g.appendChild(el("rect", { x: ((i * at.width) / n).toFixed(2), y: top, width: (at.width / n + 0.5).toFixed(2), height: bar, fill: String(scale.apply(v)) }));
  }
  for (const t of niceTicks(lo, hi, Math.max(2, Math.floor(at.width / 60)))) {
    const x = ((t - lo) / (hi - lo)) * at.width;
    g.appendChild(el("line", { x1: x.toFixed(2), x2: x.toFixed(2), y1: top + bar, y2: top + bar + 4, stroke: at.ink }));
    const txt = el("text", { x: x.toFixed(2), y: top + bar + 15, "text-anchor": "middle" });
    txt.textContent = shortNumber(t);
    g.appendChild(txt);
  }
  return g;
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
  for (const t of Array.from(svg.querySelectorAll("text"))) {
    if (hasCjk(t.textContent ?? "")) t.setAttribute("font-family", `${o.cjk}, ${o.font}`);
  }
  return svg;
}
