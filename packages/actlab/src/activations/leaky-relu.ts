import { elementwise } from "./kernel.js";
import { scalarParam } from "./params.js";
import type { ActivationInfo } from "./types.js";

/**
 * α·x for x < 0. A zero slope gives (−)0 for every negative x, −∞ included: its limit, where
 * 0·(−∞) alone would be NaN (the sign of zero is that of α·x for a finite x < 0).
 */
export function leakyReluValue(x: number, alpha: number): number {
  return x < 0 ? (alpha === 0 ? -alpha : alpha * x) : x;
}

// NOTE: the derivative at 0 is 1 (the article's "otherwise" branch); PyTorch and TF.js give α.
export function leakyReluDerivative(x: number, alpha: number): number {
  return x < 0 ? alpha : x >= 0 ? 1 : NaN;
}

const info = {
  id: "leaky-relu",
  name: "Leaky ReLU",
  names: { en: "Leaky rectified linear unit", zh: "泄漏线性整流" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{leaky}(x) = \\begin{cases} \\alpha x & x < 0 \\\\ x & \\text{otherwise} \\end{cases}",
    df: "\\operatorname{leaky}'(x) = \\begin{cases} \\alpha & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}",
  },
  params: [
    {
      name: "alpha",
      symbol: "\\alpha",
      default: 0.01,
      min: 0,
      max: 1,
      learnable: false,
      slider: [0, 0.5],
      description: { en: "slope for negative inputs (fixed, chosen by hand)", zh: "负半轴的斜率（固定值，需人工设定）" },
    },
  ],
  constants: [],
  range: { min: -Infinity, max: Infinity, latex: "(-\\infty, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: false, saturating: "none" },
  summary: {
    en: "ReLU with a small fixed slope α for negative inputs instead of a flat zero.",
    zh: "在负半轴保留一个很小的固定斜率 α 的 ReLU。",
  },
  strengths: {
    en: [
      "Negative inputs still get a gradient α, so units cannot die as they can with ReLU.",
      "As cheap as ReLU otherwise.",
    ],
    zh: ["负输入仍有梯度 α，神经元不会像 ReLU 那样“死掉”。", "其余方面与 ReLU 一样计算简单。"],
  },
  weaknesses: {
    en: ["α is a hand-set hyper-parameter; its best value is hard to know in advance.", "Not differentiable at 0 and not bounded."],
    zh: ["α 是需要手动调的超参数，很难事先确定最佳值。", "在 0 处不可导，输出无界。"],
  },
  elsewhere: {
    pytorch: "nn.LeakyReLU(negative_slope=0.01)",
    tfjs: "tf.leakyRelu(x, alpha = 0.2)",
    note: {
      en: "Default α is 0.01 as in PyTorch; TF.js defaults to 0.2 and the article's figure uses 0.1. The derivative at 0 is 1 here, α in PyTorch/TF.js.",
      zh: "默认 α = 0.01，与 PyTorch 相同；TF.js 默认 0.2，原文作图用 0.1。x = 0 处导数此处取 1，PyTorch/TF.js 取 α。",
    },
  },
  references: [{ title: "Maas, Hannun & Ng, Rectifier Nonlinearities Improve Neural Network Acoustic Models (2013)", url: "https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf" }],
  figure: { domain: [-10, 10], params: { alpha: 0.1 } },
} as const satisfies ActivationInfo;

/**
 * Leaky ReLU with a fixed slope α (default 0.01, as PyTorch) for negative inputs.
 * @example
 * leakyRelu.f(-2);                 // -0.02
 * leakyRelu.f(-2, { alpha: 0.1 }); // -0.2 (the article's figure)
 * leakyRelu.df(0);                 // 1 (PyTorch: α)
 */
export const leakyRelu = elementwise(info, leakyReluValue, leakyReluDerivative, (p) => scalarParam(info, p, "alpha"));
