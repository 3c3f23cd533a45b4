// Text alternatives of figures: what a screen reader reads for a chart (its title and a short
// description with the axes and the key numbers), and the figure's data as a table. The same text
// goes into the SVGs the CLI writes (<title>, <desc>) and into the lab's figures.
import { sampleCurve, type ChartSpec, type FigureSpec } from "actlab/plot";

type Lang = "en" | "zh";

/** A figure's text alternative: a short name (its title) and a description. */
export interface FigureText {
  readonly title: string;
  readonly desc: string;
}

/** A figure's data as a table: column headings and rows of text cells. */
export interface DataTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * A number for reading aloud: 3 significant digits, U+2212 minus, exponent form when tiny or huge.
 *
 * @example
 * ```ts
 * import { spoken } from "actlab-cli/render";
 * spoken(0.25); // "0.25"
 * ```
 */
export function spoken(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2).replace(/\.?0+e/, "e").replace("e+", "e") : String(Number(v.toPrecision(3)));
  return s.replace(/-/g, "−");
}

const range = (a: number, b: number): string => `[${spoken(a)}, ${spoken(b)}]`;

/** What one curve does over its points: rises, falls, or peaks (or dips) inside the range. */
function shape(x: ArrayLike<number>, y: ArrayLike<number>, lang: Lang): string {
  let first = -1;
  let last = -1;
  let iMax = -1;
  let iMin = -1;
  let up = true;
  let down = true;
  let prev = NaN;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    if (first < 0) first = i;
    last = i;
    if (iMax < 0 || v > y[iMax]) iMax = i;
    if (iMin < 0 || v < y[iMin]) iMin = i;
    if (!Number.isNaN(prev)) {
      if (v < prev) up = false;
      if (v > prev) down = false;
    }
    prev = v;
  }
  if (first < 0) return lang === "zh" ? "无有限值" : "no finite values";
  const y0 = spoken(y[first]);
  const y1 = spoken(y[last]);
  if (y[iMax] === y[iMin]) return lang === "zh" ? `恒为 ${y0}` : `constant at ${y0}`;
  if (up) return lang === "zh" ? `从 ${y0} 升到 ${y1}` : `rises from ${y0} to ${y1}`;
  if (down) return lang === "zh" ? `从 ${y0} 降到 ${y1}` : `falls from ${y0} to ${y1}`;
  const parts: string[] = [];
  const inside = (i: number): boolean => i !== first && i !== last;
  if (inside(iMax)) parts.push(lang === "zh" ? `在 x = ${spoken(x[iMax])} 处达到最大值 ${spoken(y[iMax])}` : `peaks at ${spoken(y[iMax])} at x = ${spoken(x[iMax])}`);
  if (inside(iMin)) parts.push(lang === "zh" ? `在 x = ${spoken(x[iMin])} 处达到最小值 ${spoken(y[iMin])}` : `lowest ${spoken(y[iMin])} at x = ${spoken(x[iMin])}`);
  const ends = lang === "zh" ? `从 ${y0} 到 ${y1}` : `from ${y0} to ${y1}`;
  return [ends, ...parts].join(lang === "zh" ? "，" : ", ");
}

/**
 * The text alternative of a function figure in its own language: the title, the x range and,
 * for each curve, where it rises, falls or peaks.
 *
 * @example
 * import { functionFigure } from "actlab/plot";
 * figureText(functionFigure("sigmoid")).desc;
 * // "Sigmoid, on x ∈ [−10, 10]. f(x): rises from 4.54e−5 to 1; f′(x): from 4.54e−5 to 4.54e−5, peaks at 0.25 at x = 0."
 */
export function figureText(spec: FigureSpec): FigureText {
  const zh = spec.lang === "zh";
  const L: Lang = zh ? "zh" : "en";
  const curves = spec.curves.map((c) => {
    const { x, y } = sampleCurve(spec, c);
    return `${c.label}${zh ? "：" : ": "}${shape(x, y, L)}`;
  });
  const head = zh ? `${spec.title}，x ∈ ${range(spec.domain[0], spec.domain[1])}。` : `${spec.title}, on x ∈ ${range(spec.domain[0], spec.domain[1])}. `;
  return { title: spec.title, desc: head + curves.join(zh ? "；" : "; ") + (zh ? "。" : ".") };
}

/**
 * A function figure's data: x and each curve's value at `rows` evenly spread points of the grid
 * (x = 0 among them when the range holds it).
 *
 * @example
 * import { functionFigure } from "actlab/plot";
 * const t = figureData(functionFigure("relu"), 5);
 * t.columns;   // ["x", "f(x)", "f′(x)"]
 * t.rows[2];   // ["0", "0", "1"]
 */
export function figureData(spec: FigureSpec, rows = 21): DataTable {
  const sampled = spec.curves.map((c) => sampleCurve(spec, c));
  const xs = sampled[0]?.x ?? new Float64Array();
  const [d0, d1] = spec.domain;
  const picks: number[] = [];
  for (let k = 0; k < rows; k++) {
    const want = rows === 1 ? d0 : d0 + ((d1 - d0) * k) / (rows - 1);
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - want) < Math.abs(xs[best] - want)) best = i;
    if (picks[picks.length - 1] !== best) picks.push(best);
  }
  return {
    columns: ["x", ...spec.curves.map((c) => c.label)],
    rows: picks.map((i) => [spoken(xs[i]), ...sampled.map((s) => spoken(s.y[i]))]),
  };
}

const seriesName = (s: ChartSpec["series"][number], lang: Lang): string => s.label?.[lang] ?? s.name;

/**
 * The text alternative of an experiment's chart in `lang`: the title, the axes and, per line,
 * its first and last value (or the heat map's range of values).
 *
 * @example
 * const t = chartText({ kind: "chart", id: "c", title: { en: "Loss", zh: "损失" }, x: { label: { en: "epoch", zh: "轮次" } }, y: { label: { en: "loss", zh: "损失" } }, series: [{ name: "relu", points: [{ x: 0, y: 2 }, { x: 9, y: 0.5 }] }], width: 600, height: 400 }, "en");
 * t.desc;   // "Loss. x: epoch, from 0 to 9; y: loss. relu: falls from 2 to 0.5."
 */
export function chartText(spec: ChartSpec, lang: Lang): FigureText {
  const zh = lang === "zh";
  const sep = zh ? "；" : "; ";
  const colon = zh ? "：" : ": ";
  const xs = spec.heatmap ? spec.heatmap.xs : spec.series.flatMap((s) => s.points.map((p) => p.x));
  const xlo = Math.min(...xs);
  const xhi = Math.max(...xs);
  const axis = (name: string, a: ChartSpec["x"], lo?: number, hi?: number): string => {
    const log = a.log ? (zh ? "（对数刻度）" : " (log scale)") : "";
    const span = lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi) ? (zh ? `，从 ${spoken(lo)} 到 ${spoken(hi)}` : `, from ${spoken(lo)} to ${spoken(hi)}`) : "";
    return `${name}${colon}${a.label[lang]}${log}${a.ticks ? "" : span}`;
  };
  const parts: string[] = [];
  if (spec.heatmap) {
    const hm = spec.heatmap;
    const vals = hm.values.flat().filter(Number.isFinite);
    parts.push(zh ? `热图：${hm.label[lang]}，取值从 ${spoken(Math.min(...vals))} 到 ${spoken(Math.max(...vals))}` : `heat map of ${hm.label[lang]}, values from ${spoken(Math.min(...vals))} to ${spoken(Math.max(...vals))}`);
  }
  for (const s of spec.series) {
    const pts = s.points;
    parts.push(`${seriesName(s, lang)}${colon}${shape(pts.map((p) => p.x), pts.map((p) => p.y), lang)}`);
  }
  for (const r of spec.rules ?? []) parts.push(zh ? `参考线 y = ${spoken(r.y)}${r.label ? `（${r.label[lang]}）` : ""}` : `reference line at y = ${spoken(r.y)}${r.label ? ` (${r.label[lang]})` : ""}`);
  const title = spec.title[lang];
  const axes = [axis("x", spec.x, xlo, xhi), axis("y", spec.y, spec.heatmap ? Math.min(...spec.heatmap.ys) : undefined, spec.heatmap ? Math.max(...spec.heatmap.ys) : undefined)].join(sep);
  return { title, desc: zh ? `${title}。${axes}。${parts.join(sep)}。` : `${title}. ${axes}. ${parts.join(sep)}.` };
}

/**
 * An experiment chart's data: one row per x with each line's value (or, for a heat map, one row
 * per y with a column per x).
 *
 * @example
 * const t = chartData({ kind: "chart", id: "c", title: { en: "Loss", zh: "损失" }, x: { label: { en: "epoch", zh: "轮次" } }, y: { label: { en: "loss", zh: "损失" } }, series: [{ name: "relu", points: [{ x: 0, y: 2 }, { x: 9, y: 0.5 }] }], width: 600, height: 400 }, "en");
 * t.columns;   // ["epoch", "relu"]
 * t.rows;      // [["0", "2"], ["9", "0.5"]]
 */
export function chartData(spec: ChartSpec, lang: Lang): DataTable {
  const tick = (v: number): string => spec.x.ticks?.find((t) => t.value === v)?.label[lang] ?? spoken(v);
  if (spec.heatmap) {
    const hm = spec.heatmap;
    return { columns: [`${spec.y.label[lang]} \\ ${spec.x.label[lang]}`, ...hm.xs.map(spoken)], rows: hm.ys.map((y, r) => [spoken(y), ...hm.values[r].map(spoken)]) };
  }
  const xs = Array.from(new Set(spec.series.flatMap((s) => s.points.map((p) => p.x)))).sort((a, b) => a - b);
  return {
    columns: [spec.x.label[lang], ...spec.series.map((s) => seriesName(s, lang))],
    rows: xs.map((x) => [tick(x), ...spec.series.map((s) => {
      const p = s.points.find((q) => q.x === x);
      return p ? spoken(p.y) : "";
    })]),
  };
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Gives a rendered <svg> its text alternative: role="img", a <title> and a <desc> as its first
 * children. Plot's aria-label on each mark's group (an attribute a plain <g> may not carry) moves
 * to data-mark, so the figure reads as one image with one name.
 *
 * @example
 * import { parseHTML } from "linkedom";
 * const { document } = parseHTML("<!doctype html><html><body></body></html>");
 * const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg") as unknown as SVGSVGElement;
 * labelSvg(svg, document as unknown as Document, { title: "Loss", desc: "Loss over 10 epochs." });
 * svg.querySelector("title")?.textContent;   // "Loss"
 */
export function labelSvg(svg: SVGSVGElement, document: Document, text: FigureText): SVGSVGElement {
  for (const g of Array.from(svg.querySelectorAll("[aria-label]"))) {
    g.setAttribute("data-mark", g.getAttribute("aria-label") ?? "");
    g.removeAttribute("aria-label");
  }
  for (const old of Array.from(svg.children)) if (old.tagName.toLowerCase() === "title" || old.tagName.toLowerCase() === "desc") old.remove();
  svg.setAttribute("role", "img");
  const title = document.createElementNS(SVG_NS, "title");
  title.textContent = text.title;
  const desc = document.createElementNS(SVG_NS, "desc");
  desc.textContent = text.desc;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  return svg;
}
