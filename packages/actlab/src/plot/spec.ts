import { articleActivations, getActivation, getInfo } from "../activations/registry.js";
import { softmax, softmaxInfo } from "../activations/softmax.js";
import type { Lang, Params } from "../activations/types.js";
import { displayName, numberText, paramsText, WORDS } from "./text.js";

/** Which curve of a function: its value or its derivative (for softmax: the Jacobian's diagonal). */
export type CurveWhich = "f" | "df";

/** One line of a figure; pure data, so a spec can be sent to a worker or stored in a URL. */
export interface CurveSpec {
  readonly id: string;
  /** Scalar parameter values used for this curve (registry defaults filled in). */
  readonly params: Readonly<Record<string, number>>;
  readonly which: CurveWhich;
  /** Legend text. */
  readonly label: string;
  readonly color: string;
  /** SVG stroke-dasharray, or undefined for a solid line. */
  readonly dash?: string;
}

/**
 * What a figure shows: one function (with its derivative), all derivatives, softmax, a comparison
 * of several functions, or a table thumbnail.
 */
export type FigureKind = "function" | "derivatives" | "softmax" | "compare" | "thumbnail";

/** Everything a renderer needs to draw one figure; no DOM, no functions. */
export interface FigureSpec {
  readonly kind: FigureKind;
  readonly curves: readonly CurveSpec[];
  /** x range; for softmax, the input vector runs from domain[0] in `samples` equal steps up to (not including) domain[1]. */
  readonly domain: readonly [number, number];
  /** Number of grid points (the renderer adds the points either side of 0 so kinks stay sharp). */
  readonly samples: number;
  readonly title: string;
  readonly labels: { readonly x: string; readonly y: string };
  readonly lang: Lang;
  readonly width: number;
  readonly height: number;
  /** Thumbnails leave out the title, legend and axes. */
  readonly decorations: boolean;
}

/**
 * Language and size in CSS pixels of a figure (defaults: English, `DEFAULT_SIZE`).
 */
export interface SizeOptions {
  lang?: Lang;
  width?: number;
  height?: number;
}

/**
 * Colour-blind-safe colours (Okabe & Ito): blue for f, vermillion for f′ (which is also
 * dashed, so the pair survives greyscale), and seven distinct hues for many curves.
 *
 * @example
 * functionFigure("tanh").curves.map((c) => c.color);   // [COLORS.f, COLORS.df]
 */
export const COLORS = {
  f: "#0072B2",
  df: "#D55E00",
  categorical: ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"],
} as const;

// Several derivatives coincide on x > 0 (all equal 1); different dash patterns let the
// colours underneath show through where lines overlap.
const DASHES: readonly (string | undefined)[] = [undefined, "8 3", undefined, "2 3", "6 2 2 2", "10 5", "4 4"];
// For curves past the seventh (comparing the functions beyond the article).
const MORE_DASHES: readonly string[] = ["1 2", "12 3 3 3", "5 2 1 2"];

/**
 * Size in CSS pixels of a figure when none is given (the PNGs are drawn at 2× this).
 *
 * @example
 * functionFigure("elu").width;   // 640
 */
export const DEFAULT_SIZE = { width: 640, height: 400 } as const;
/**
 * Size in CSS pixels of the pictures in the comparison table.
 *
 * @example
 * thumbnailFigure("relu").height;   // 100
 */
export const THUMBNAIL_SIZE = { width: 160, height: 100 } as const;
const SOFTMAX_SAMPLES = 200;

function checkSize(w: number | undefined, h: number | undefined, def: { width: number; height: number }): { width: number; height: number } {
  const width = w ?? def.width;
  const height = h ?? def.height;
  for (const [name, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(v) || v < 32 || v > 8192) throw new RangeError(`invalid ${name}: ${String(v)} (must be an integer from 32 to 8192)`);
  }
  return { width, height };
}

function checkDomain(d: readonly [number, number] | undefined, def: readonly [number, number]): [number, number] {
  const [a, b] = d ?? def;
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    throw new RangeError(`invalid domain: ${String(a)},${String(b)} (need finite lo,hi with lo < hi)`);
  }
  return [a, b];
}

function checkLang(lang: Lang | undefined): Lang {
  const l = lang ?? "en";
  if (l !== "en" && l !== "zh") throw new RangeError(`invalid language: ${String(l)} (use en or zh)`);
  return l;
}

/**
 * The scalar parameters a curve uses: the registry's figure parameters, then its defaults,
 * overridden by `params`; validated by the registry (unknown names, out of range).
 *
 * @example
 * resolveParams("leaky-relu");                      // { alpha: 0.1 }: the article's figure uses α = 0.1
 * resolveParams("leaky-relu", { alpha: 0.2 });      // { alpha: 0.2 }
 * resolveParams("elu", { alpha: 0 });               // throws RangeError: invalid alpha for elu: 0 (…)
 */
export function resolveParams(id: string, params?: Params): Record<string, number> {
  const a = getActivation(id);
  const out: Record<string, number> = {};
  for (const s of a.params) out[s.name] = (a.figure.params as Record<string, number> | undefined)?.[s.name] ?? s.default;
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined) continue;
    if (typeof v !== "number") throw new RangeError(`invalid ${k} for ${id}: a figure takes one number, got ${v.length} values`);
    out[k] = v;
  }
  a.f(0, out); // throws the registry's own message for a bad name or value
  return out;
}

function titleWithParams(id: string, params: Readonly<Record<string, number>>, lang: Lang): string {
  const info = getInfo(id);
  const parts = paramsText(info, params);
  const sep = lang === "zh" ? "，" : ", ";
  return [displayName(info, lang), ...parts].join(sep);
}

function samplesFor(width: number): number {
  // One point per pixel column: smooth at any zoom a PNG allows, and half the path data of two.
  return Math.max(64, Math.min(4001, Math.round(width) + 1));
}

/**
 * One function of the article with (by default) its derivative, as the article's 绘制代码 draws them.
 *
 * @example
 * const spec = functionFigure("elu", { params: { alpha: 0.5 }, domain: [-5, 5], lang: "zh" });
 * spec.curves.map((c) => c.which);   // ["f", "df"]
 * spec.domain;                       // [-5, 5]
 * JSON.stringify(spec).length > 0;   // true: plain data, safe to post to a worker or store
 */
export function functionFigure(
  id: string,
  opts: { params?: Params; domain?: [number, number]; derivative?: boolean; lang?: Lang; width?: number; height?: number } = {},
): FigureSpec {
  if (id === softmaxInfo.id) {
    if (opts.params && Object.values(opts.params).some((v) => v !== undefined)) throw new RangeError("softmax has no parameters");
    return softmaxFigure({ ...opts });
  }
  const lang = checkLang(opts.lang);
  const a = getActivation(id);
  const params = resolveParams(id, opts.params);
  const size = checkSize(opts.width, opts.height, DEFAULT_SIZE);
  const curves: CurveSpec[] = [{ id, params, which: "f", label: WORDS.f[lang], color: COLORS.f }];
  if (opts.derivative ?? true) curves.push({ id, params, which: "df", label: WORDS.df[lang], color: COLORS.df, dash: "7 4" });
  return {
    kind: "function",
    curves,
    domain: checkDomain(opts.domain, a.figure.domain),
    samples: samplesFor(size.width),
    title: titleWithParams(id, params, lang),
    labels: { x: WORDS.x[lang], y: "" },
    lang,
    ...size,
    decorations: true,
  };
}

/**
 * Several functions (or their derivatives) on one chart, told apart by colour, dash and legend.
 *
 * @example
 * const spec = compareFigure({ ids: ["relu", "elu", "selu"], which: "df" });
 * spec.curves.length;   // 3: one derivative per function, each with its own colour and dash
 */
export function compareFigure(opts: {
  ids: string[];
  which: CurveWhich;
  params?: Record<string, Params>;
  domain?: [number, number];
  lang?: Lang;
  width?: number;
  height?: number;
}): FigureSpec {
  const lang = checkLang(opts.lang);
  if (opts.which !== "f" && opts.which !== "df") throw new RangeError(`invalid curve: ${String(opts.which)} (use f or df)`);
  if (!Array.isArray(opts.ids) || opts.ids.length === 0) throw new RangeError("compareFigure needs at least one id");
  const curves = opts.ids.map((id, i): CurveSpec => {
    const a = getActivation(id);
    const params = resolveParams(id, opts.params?.[id]);
    // Legends name only the tunable parameters; SELU's fixed constants would crowd them.
    const ps = paramsText(a, params).slice(0, a.params.length);
    const name = opts.which === "df" ? `${a.name}′` : a.name;
    const k = i % COLORS.categorical.length;
    // past seven curves the colours repeat with patterns of their own, so no two curves share both
    const m = Math.floor(i / COLORS.categorical.length);
    const dash = m === 0 ? DASHES[k] : MORE_DASHES[(k + m) % MORE_DASHES.length];
    return { id, params, which: opts.which, label: ps.length ? `${name} (${ps.join(", ")})` : name, color: COLORS.categorical[k], dash };
  });
  const domains = opts.ids.map((id) => getActivation(id).figure.domain);
  const def: [number, number] = [Math.min(...domains.map((d) => d[0])), Math.max(...domains.map((d) => d[1]))];
  const size = checkSize(opts.width, opts.height, DEFAULT_SIZE);
  return {
    kind: "compare",
    curves,
    domain: checkDomain(opts.domain, def),
    samples: samplesFor(size.width),
    title: (opts.which === "f" ? WORDS.compareF : WORDS.compareDf)[lang],
    labels: { x: WORDS.x[lang], y: "" },
    lang,
    ...size,
    decorations: true,
  };
}

/**
 * The article's 导数图: the derivatives of its elementwise functions (or of `ids`) on one chart.
 *
 * @example
 * derivativesFigure().curves.length;         // 7: the article's elementwise functions
 * derivativesFigure({ lang: "zh" }).title;   // "各激活函数的导数"
 */
export function derivativesFigure(opts: { ids?: string[]; domain?: [number, number]; lang?: Lang; width?: number; height?: number } = {}): FigureSpec {
  const spec = compareFigure({ ids: opts.ids ?? articleActivations.map((a) => a.id), which: "df", domain: opts.domain, lang: opts.lang, width: opts.width, height: opts.height ?? 440 });
  return { ...spec, kind: "derivatives", title: WORDS.derivativesTitle[spec.lang] };
}

/**
 * The input vector of the softmax figure: np.arange(lo, hi, (hi − lo)/n) without accumulating steps.
 *
 * @example
 * softmaxInputs([-10, 10], 4);   // Float64Array [-10, -5, 0, 5]
 */
export function softmaxInputs(domain: readonly [number, number], samples: number): Float64Array {
  const [a, b] = domain;
  return Float64Array.from({ length: samples }, (_, k) => (a * (samples - k) + b * k) / samples);
}

/**
 * Softmax of the vector −10, −9.9, …, 9.9 (as in the article) and the diagonal of its Jacobian.
 *
 * @example
 * const spec = softmaxFigure({ derivative: false });
 * spec.curves.length;   // 1: softmax of the 200 inputs −10, −9.9, …, 9.9
 */
export function softmaxFigure(opts: { domain?: [number, number]; derivative?: boolean; lang?: Lang; width?: number; height?: number } = {}): FigureSpec {
  const lang = checkLang(opts.lang);
  const size = checkSize(opts.width, opts.height, DEFAULT_SIZE);
  const domain = checkDomain(opts.domain, softmaxInfo.figure.domain);
  const curves: CurveSpec[] = [{ id: "softmax", params: {}, which: "f", label: WORDS.softmaxF[lang], color: COLORS.f }];
  if (opts.derivative ?? true) curves.push({ id: "softmax", params: {}, which: "df", label: WORDS.softmaxDf[lang], color: COLORS.df, dash: "7 4" });
  const x = softmaxInputs(domain, SOFTMAX_SAMPLES);
  const vec = `(${numberText(x[0])}, ${numberText(x[1])}, …, ${numberText(x[x.length - 1])})`;
  const title = lang === "zh" ? `${displayName(softmaxInfo, lang)}，x = ${vec}` : `Softmax of x = ${vec}`;
  return {
    kind: "softmax",
    curves,
    domain,
    samples: SOFTMAX_SAMPLES,
    title,
    labels: { x: WORDS.softmaxX[lang], y: "" },
    lang,
    ...size,
    decorations: true,
  };
}

/**
 * The small picture of the comparison table: f and f′ (softmax: s and its Jacobian diagonal), no text.
 *
 * @example
 * const t = thumbnailFigure("sigmoid");
 * [t.width, t.height, t.decorations];   // [160, 100, false]
 */
export function thumbnailFigure(id: string, opts: { lang?: Lang; width?: number; height?: number } = {}): FigureSpec {
  const size = checkSize(opts.width, opts.height, THUMBNAIL_SIZE);
  const base = functionFigure(id, { lang: opts.lang, ...size });
  return { ...base, kind: "thumbnail", samples: id === softmaxInfo.id ? base.samples : 161, decorations: false };
}

type P = Readonly<Record<string, number>>;
/** Where the functions beyond the article bend or jump, for their parameters (the article's all do so at 0). */
const KINKS: Readonly<Record<string, (p: P) => number[]>> = {
  hardtanh: (p) => [p.min, p.max],
  relu6: () => [6],
  hardsigmoid: () => [-3, 3],
  hardswish: () => [-3, 3],
  softshrink: (p) => [-p.lambda, p.lambda],
  hardshrink: (p) => [-p.lambda, p.lambda],
  threshold: (p) => [p.threshold],
};

/**
 * Where function `id` bends or jumps for parameters `p` (0 for the article's non-smooth ones, [] for smooth ones).
 *
 * @example
 * kinksOf("hardtanh", { min: -1, max: 1 });   // [-1, 1]
 * kinksOf("gelu", {});                        // []
 */
export function kinksOf(id: string, p: P): number[] {
  const k = KINKS[id];
  if (k) return k(p);
  return getInfo(id).properties.smooth ? [] : [0];
}

/**
 * The x grid of a spec: `samples` equal steps, plus each kink (0 and those of KINKS) and the float
 * just below it.
 *
 * @example
 * const xs = gridOf(functionFigure("relu", { domain: [-1, 1], width: 100 }));
 * xs.includes(0);   // true: 0 is on the grid, so the kink is drawn where it is
 */
export function gridOf(spec: FigureSpec): Float64Array {
  if (spec.curves.every((c) => c.id === softmaxInfo.id)) return softmaxInputs(spec.domain, spec.samples);
  const [a, b] = spec.domain;
  const n = spec.samples;
  const xs: number[] = [];
  for (let k = 0; k < n; k++) {
    const v = (a * (n - 1 - k) + b * k) / (n - 1);
    // a domain near ±1.8e308 overflows that sum: weigh the ends first instead
    xs.push(Number.isFinite(v) ? v : a * ((n - 1 - k) / (n - 1)) + b * (k / (n - 1)));
  }
  // Every kink in the article sits at 0, the others' where KINKS says: a point just left of
  // each kink and one on it makes a jump vertical instead of a slope one grid step wide.
  // (b − a)·1e−9; for the widest domains b − a overflows, and the ends are scaled first
  const eps = Number.isFinite(b - a) ? (b - a) * 1e-9 : b * 1e-9 - a * 1e-9;
  const kinks = new Set([0, ...spec.curves.flatMap((c) => kinksOf(c.id, c.params))]);
  for (const k of kinks) if (a < k && k < b) xs.push(k - eps, k);
  // Sorted, then each value once (a kink can fall on a grid point).
  return Float64Array.from(new Set(xs.sort((p, q) => p - q)));
}

/**
 * The points of one curve of a spec, sampled from the registry's kernels.
 *
 * @example
 * const spec = functionFigure("sigmoid");
 * const { x, y } = sampleCurve(spec, spec.curves[0]);
 * x.length === y.length;   // true
 * y[0];                    // sigmoid(−10) = 0.0000453978687024…
 */
export function sampleCurve(spec: FigureSpec, curve: CurveSpec): { x: Float64Array; y: Float64Array } {
  const x = gridOf(spec);
  if (curve.id === softmaxInfo.id) {
    const s = softmax(x);
    if (curve.which === "f") return { x, y: s };
    return { x, y: s.map((v) => v * (1 - v)) };
  }
  const a = getActivation(curve.id);
  const { y, d } = a.forwardWithDerivative(x, curve.params);
  return { x, y: curve.which === "f" ? y : d };
}
