import { catalog, getInfo, groupOf, groups, type GroupId } from "../activations/registry.js";
import { kinksOf } from "./spec.js";
import type { Lang, Properties } from "../activations/types.js";

/**
 * One row of the comparison table: a function's name, meaning, formulas, range, properties,
 * strengths and weaknesses in one language.
 */
export interface TableRow {
  readonly id: string;
  /** "article" for the article's eight, "more" for the others. */
  readonly group: GroupId;
  /** Display name, e.g. "Leaky ReLU". */
  readonly name: string;
  /** The article's 含义 column: what the name means, in the chosen language. */
  readonly meaning: string;
  /** LaTeX of f. */
  readonly latex: string;
  /** LaTeX of f′ (softmax: its Jacobian). */
  readonly latexDerivative: string;
  /** LaTeX of the output range. */
  readonly range: string;
  readonly properties: Properties;
  /** The properties as short phrases in the chosen language. */
  readonly propertyText: readonly string[];
  readonly strengths: readonly string[];
  readonly weaknesses: readonly string[];
}

/**
 * The article's comparison table in one language, as data (the CLI writes it as Markdown or HTML,
 * the lab draws it).
 */
export interface ComparisonTable {
  readonly lang: Lang;
  /** Column headings in order: name, meaning, picture, formula, properties, strengths, weaknesses. */
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
  /** The groups present in `rows`, in order, with their headings in the chosen language. */
  readonly groups: ReadonlyArray<{ readonly id: GroupId; readonly title: string }>;
}

const COLUMNS = {
  en: ["Function", "Meaning", "Picture", "Formula", "Properties", "Strengths", "Weaknesses"],
  zh: ["函数", "含义", "图像", "公式", "性质", "优点", "缺点"],
} as const;

const PROPERTY_WORDS = {
  en: {
    monotonic: ["monotonic", "not monotonic"],
    bounded: ["bounded", "unbounded"],
    zeroCentred: ["zero-centred", "not zero-centred"],
    smooth: ["smooth", "kink at 0"],
    saturating: { none: "no saturation", left: "saturates for x → −∞", right: "saturates for x → +∞", both: "saturates on both sides" },
    range: "range",
    kinks: "kinks away from 0",
  },
  zh: {
    monotonic: ["单调", "非单调"],
    bounded: ["有界", "无界"],
    zeroCentred: ["以 0 为中心", "不以 0 为中心"],
    smooth: ["处处光滑", "0 处不可导"],
    saturating: { none: "不饱和", left: "左侧饱和（x → −∞）", right: "右侧饱和（x → +∞）", both: "两侧饱和" },
    range: "值域",
    kinks: "在非零点处有折点",
  },
} as const;

/** True for a non-smooth function with a kink (or jump) away from 0 at its default parameters. */
function kinkElsewhere(id: string): boolean {
  const info = getInfo(id);
  const p = Object.fromEntries(info.params.map((s) => [s.name, s.default]));
  return kinksOf(id, p).some((k) => k !== 0);
}

/**
 * The properties of a function as short phrases (`id` names where the kinks are when they are not at 0).
 *
 * @example
 * import { relu } from "actlab";
 * import { propertyPhrases } from "actlab/plot";
 * propertyPhrases(relu.properties, "en");   // ["monotonic", "unbounded", "not zero-centred", "kink at 0", "saturates for x → −∞"]
 */
export function propertyPhrases(p: Properties, lang: Lang, id?: string): string[] {
  const w = PROPERTY_WORDS[lang];
  const pick = (b: boolean, pair: readonly [string, string]) => (b ? pair[0] : pair[1]);
  return [
    pick(p.monotonic, w.monotonic),
    pick(p.bounded, w.bounded),
    pick(p.zeroCentred, w.zeroCentred),
    id === undefined || !kinkElsewhere(id) ? pick(p.smooth, w.smooth) : w.kinks,
    w.saturating[p.saturating],
  ];
}

/**
 * The article's 总结对比 table, generated from the registry: one row per function of the article
 * (softmax last), or with `all` every function, the article's group first.
 *
 * @example
 * const t = comparisonTable("zh");
 * t.rows.length;                              // 8: the seven elementwise functions and softmax
 * t.rows[0].meaning;                          // "S型生长曲线"
 * comparisonTable("en", { all: true }).rows.length;   // 25
 */
export function comparisonTable(lang: Lang, opts: { readonly all?: boolean } = {}): ComparisonTable {
  if (lang !== "en" && lang !== "zh") throw new RangeError(`invalid language: ${String(lang)} (use en or zh)`);
  const entries = opts.all ? catalog : catalog.filter((a) => groupOf(a.id) === "article");
  const present = groups.filter((g) => entries.some((a) => groupOf(a.id) === g.id));
  return {
    lang,
    columns: COLUMNS[lang],
    groups: present.map((g) => ({ id: g.id, title: g.title[lang] })),
    rows: entries.map((a) => ({
      id: a.id,
      group: groupOf(a.id),
      name: a.name,
      meaning: a.names[lang],
      latex: a.latex.f,
      latexDerivative: a.latex.df,
      range: a.range.latex,
      properties: a.properties,
      propertyText: propertyPhrases(a.properties, lang, a.id),
      strengths: a.strengths[lang],
      weaknesses: a.weaknesses[lang],
    })),
  };
}
