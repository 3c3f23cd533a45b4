import { elementwise } from "./kernel.js";
import { scalarParam } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** x where |x| > λ, 0 elsewhere; NaN stays NaN. */
export function hardshrinkValue(x: number, lambda: number): number {
  return x > lambda || x < -lambda ? x : x === x ? 0 : NaN;
}

// NOTE: at ±λ the slope of the piece on the right: hardshrink′(−λ) = 0, hardshrink′(λ) = 1
// (f jumps there, so this is the slope of the branch, not a limit of difference quotients).
// PyTorch gives 0 at both.
export function hardshrinkDerivative(x: number, lambda: number): number {
  return x < -lambda ? 1 : x < lambda ? 0 : x >= lambda ? 1 : NaN;
}

const info = {
  id: "hardshrink",
  name: "Hardshrink",
  names: { en: "Hard shrinkage", zh: "硬收缩" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{hardshrink}(x) = \\begin{cases} x & |x| > \\lambda \\\\ 0 & \\text{otherwise} \\end{cases}",
    df: "\\operatorname{hardshrink}'(x) = \\begin{cases} 0 & -\\lambda \\le x < \\lambda \\\\ 1 & \\text{otherwise} \\end{cases}",
  },
  params: [
    {
      name: "lambda",
      symbol: "\\lambda",
      default: 0.5,
      min: 0,
      max: Infinity,
      learnable: false,
      slider: [0, 3],
      description: { en: "inputs with |x| ≤ λ become 0 (PyTorch: lambd)", zh: "|x| ≤ λ 的输入变为 0（PyTorch：lambd）" },
    },
  ],
  constants: [],
  range: { min: -Infinity, max: Infinity, latex: "(-\\infty, -\\lambda) \\cup \\{0\\} \\cup (\\lambda, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: true, smooth: false, saturating: "none" },
  summary: {
    en: "Keeps inputs larger than λ in size unchanged and sets the rest to 0: hard thresholding.",
    zh: "绝对值大于 λ 的输入原样保留，其余置 0：硬阈值。",
  },
  strengths: {
    en: ["Sparse output without shrinking the values it keeps (unlike softshrink).", "A comparison per element."],
    zh: ["输出稀疏，且保留下来的值不被收缩（与 softshrink 不同）。", "每个元素只需一次比较。"],
  },
  weaknesses: {
    en: ["Discontinuous at ±λ: a tiny change of input can change the output by λ.", "No gradient inside the dead zone."],
    zh: ["在 ±λ 处不连续：输入的微小变化可使输出跳变 λ。", "死区内没有梯度。"],
  },
  elsewhere: {
    pytorch: "nn.Hardshrink(lambd=0.5)",
    tfjs: "none",
    note: {
      en: "At ±λ actlab gives the slope of the right-hand piece: 0 at −λ and 1 at λ. PyTorch returns 0 at both.",
      zh: "在 ±λ 处 actlab 取右侧分段的斜率：−λ 处为 0，λ 处为 1。PyTorch 两处都取 0。",
    },
  },
  references: [{ title: "Donoho & Johnstone, Ideal Spatial Adaptation by Wavelet Shrinkage (1994)", url: "https://doi.org/10.1093/biomet/81.3.425" }],
  figure: { domain: [-3, 3] },
} as const satisfies ActivationInfo;

/**
 * Hard thresholding at λ (default 0.5).
 * @example
 * hardshrink.f(0.7);   // 0.7
 * hardshrink.f(0.5);   // 0
 * hardshrink.df(0.5);  // 1 (right-hand piece; PyTorch 0)
 */
export const hardshrink = elementwise(info, hardshrinkValue, hardshrinkDerivative, (p) => scalarParam(info, p, "lambda"));
