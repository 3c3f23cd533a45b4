import { elementwise } from "./kernel.js";
import { scalarParam } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** x − λ above λ, x + λ below −λ, 0 between; NaN stays NaN. */
export function softshrinkValue(x: number, lambda: number): number {
  return x > lambda ? x - lambda : x < -lambda ? x + lambda : x === x ? 0 : NaN;
}

// NOTE: right-hand derivative at the kinks: softshrink′(−λ) = 0, softshrink′(λ) = 1.
// PyTorch gives 0 at both (its backward passes the gradient only where |x| > λ).
export function softshrinkDerivative(x: number, lambda: number): number {
  return x < -lambda ? 1 : x < lambda ? 0 : x >= lambda ? 1 : NaN;
}

const info = {
  id: "softshrink",
  name: "Softshrink",
  names: { en: "Soft shrinkage", zh: "软收缩" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{softshrink}(x) = \\begin{cases} x - \\lambda & x > \\lambda \\\\ x + \\lambda & x < -\\lambda \\\\ 0 & \\text{otherwise} \\end{cases}",
    df: "\\operatorname{softshrink}'(x) = \\begin{cases} 0 & -\\lambda \\le x < \\lambda \\\\ 1 & \\text{otherwise} \\end{cases}",
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
      description: { en: "half-width of the dead zone; values outside move λ towards 0 (PyTorch: lambd)", zh: "死区的半宽；区外的值向 0 收缩 λ（PyTorch：lambd）" },
    },
  ],
  constants: [],
  range: { min: -Infinity, max: Infinity, latex: "(-\\infty, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: true, smooth: false, saturating: "none" },
  summary: {
    en: "Sets inputs within λ of 0 to 0 and moves every other input λ closer to 0: the soft-thresholding step of the lasso.",
    zh: "把 0 附近 λ 以内的输入置 0，其余输入都向 0 靠近 λ：即 lasso 的软阈值步骤。",
  },
  strengths: {
    en: ["Produces exact zeros, i.e. sparse codes; it is the proximal operator of λ·|x|.", "Continuous, odd and cheap."],
    zh: ["产生精确的 0，即稀疏编码；它是 λ·|x| 的近端算子。", "连续、奇函数、计算便宜。"],
  },
  weaknesses: {
    en: ["No gradient inside the dead zone.", "Shrinks large values too, which biases them towards 0 by λ."],
    zh: ["死区内没有梯度。", "大值也被收缩，带来 λ 的偏差。"],
  },
  elsewhere: {
    pytorch: "nn.Softshrink(lambd=0.5)",
    tfjs: "none",
    note: {
      en: "Right-hand derivative at the kinks: 0 at −λ and 1 at λ. PyTorch returns 0 at both.",
      zh: "折点处取右导数：−λ 处为 0，λ 处为 1。PyTorch 两处都取 0。",
    },
  },
  references: [{ title: "Donoho, De-noising by Soft-Thresholding (1995)", url: "https://doi.org/10.1109/18.382009" }],
  figure: { domain: [-3, 3] },
} as const satisfies ActivationInfo;

/**
 * Soft thresholding with half-width λ (default 0.5).
 * @example
 * softshrink.f(2);      // 1.5
 * softshrink.f(0.3);    // 0
 * softshrink.df(0.5);   // 1 (right-hand; PyTorch 0)
 */
export const softshrink = elementwise(info, softshrinkValue, softshrinkDerivative, (p) => scalarParam(info, p, "lambda"));
