import type { ActivationInfo, Lang } from "../activations/types.js";

// Parameter symbols are stored as LaTeX in the registry; figures are plain SVG text, so
// the handful of Greek letters the registry uses are mapped to their Unicode characters.
const GREEK: Readonly<Record<string, string>> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  lambda: "λ",
  mu: "μ",
  sigma: "σ",
  tau: "τ",
};

/** "\\alpha" → "α"; anything that is not a bare Greek letter command is returned without backslashes. */
export function symbolText(latex: string): string {
  const m = /^\\([a-zA-Z]+)$/.exec(latex.trim());
  if (m && GREEK[m[1]]) return GREEK[m[1]];
  return latex.replace(/\\/g, "");
}

/**
 * A number as a figure shows it: at most 4 significant decimals, U+2212 for the minus sign.
 *
 * @example
 * numberText(-0.12345);   // "−0.1235" (U+2212 minus)
 * numberText(3);          // "3"
 */
export function numberText(v: number): string {
  const s = Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return s.replace("-", "−");
}

/**
 * True when the text contains Chinese, Japanese or Korean characters (or full-width punctuation).
 *
 * @example
 * hasCjk("ReLU（线性整流）");   // true
 * hasCjk("ReLU");              // false
 */
export function hasCjk(text: string): boolean {
  return /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/.test(text);
}

/** "α = 0.1" for each parameter and "λ ≈ 1.051" for each constant, in the registry's order. */
export function paramsText(info: ActivationInfo, params: Readonly<Record<string, number>>): string[] {
  const parts = info.params.map((s) => `${symbolText(s.symbol)} = ${numberText(params[s.name] ?? s.default)}`);
  for (const c of info.constants) parts.push(`${symbolText(c.symbol)} ≈ ${numberText(c.value)}`);
  return parts;
}

/** The display name of a function in a language: "Leaky ReLU" in English, "Leaky ReLU（泄漏线性整流）" in Chinese. */
export function displayName(info: ActivationInfo, lang: Lang): string {
  return lang === "zh" ? `${info.name}（${info.names.zh}）` : info.name;
}

/** Words of the figures in both languages (the functions' own names come from the registry). */
export const WORDS = {
  // Legends and axis labels are formulas in both languages: each run of CJK text costs
  // resvg ~50 ms to shape, and the Chinese title already names the figure.
  f: { en: "f(x)", zh: "f(x)" },
  df: { en: "f′(x)", zh: "f′(x)" },
  x: { en: "x", zh: "x" },
  derivativesTitle: { en: "Derivatives of the activation functions", zh: "各激活函数的导数" },
  compareF: { en: "Activation functions", zh: "激活函数对比" },
  compareDf: { en: "Derivatives", zh: "导数对比" },
  softmaxX: { en: "xᵢ", zh: "xᵢ" },
  softmaxF: { en: "sᵢ = softmax(x)ᵢ", zh: "sᵢ = softmax(x)ᵢ" },
  softmaxDf: { en: "∂sᵢ/∂xᵢ = sᵢ(1 − sᵢ)", zh: "∂sᵢ/∂xᵢ = sᵢ(1 − sᵢ)" },
} as const satisfies Record<string, Record<Lang, string>>;
