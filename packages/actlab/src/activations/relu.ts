import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** max(0, x), written so that NaN stays NaN (Math.max would too, but `x > 0 ? x : 0` would not). */
export function reluValue(x: number): number {
  return x < 0 ? 0 : x;
}

// NOTE: relu′(0) = 1, the article's "otherwise" branch. PyTorch, TF.js and JAX return 0 there.
export function reluDerivative(x: number): number {
  return x < 0 ? 0 : x >= 0 ? 1 : NaN;
}

const info = {
  id: "relu",
  name: "ReLU",
  names: { en: "Rectified linear unit", zh: "线性整流函数" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{relu}(x) = \\max(0, x)",
    df: "\\operatorname{relu}'(x) = \\begin{cases} 0 & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}",
  },
  params: [],
  constants: [],
  range: { min: 0, max: Infinity, latex: "[0, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: false, saturating: "left" },
  summary: {
    en: "Passes positive inputs through unchanged and replaces negative ones with 0.",
    zh: "正输入原样通过，负输入一律变成 0。",
  },
  strengths: {
    en: [
      "For positive inputs the derivative is exactly 1, so gradients do not vanish and deep networks become trainable.",
      "Very cheap: one comparison, no exponential; networks tend to converge fast.",
      "Negative inputs give exact zeros, so activations are sparse.",
    ],
    zh: [
      "正半轴导数恒为 1，梯度不会消失，使深层网络可以训练。",
      "计算极快：只需一次比较，不用指数；收敛通常也快。",
      "负输入输出为 0，激活稀疏，减少冗余计算。",
    ],
  },
  weaknesses: {
    en: [
      "Outputs are never negative, so they are not zero-centred.",
      "Dying ReLU: a unit whose input stays negative gets zero gradient and may never recover.",
      "Since the slope is 1, gradient size depends only on the product of weights, which can explode.",
    ],
    zh: [
      "输出非负，均值不为 0。",
      "“死亡 ReLU”：输入一直为负的神经元梯度为 0，可能再也无法更新。",
      "正半轴斜率为 1，梯度大小完全取决于权重的连乘，可能出现梯度爆炸。",
    ],
  },
  elsewhere: {
    pytorch: "torch.relu / nn.ReLU",
    tfjs: "tf.relu",
    note: {
      en: "At x = 0 actlab's derivative is 1 (the article's convention); PyTorch, TF.js and JAX use 0.",
      zh: "在 x = 0 处 actlab 的导数取 1（遵循原文）；PyTorch、TF.js、JAX 取 0。",
    },
  },
  references: [{ title: "Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines (2010)", url: "https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf" }],
  figure: { domain: [-10, 10] },
} as const satisfies ActivationInfo;

/**
 * max(0, x). NOTE: relu.df(0) = 1, the article's convention (PyTorch/TF.js/JAX: 0).
 * @example
 * relu.f(-3);  // 0
 * relu.df(0);  // 1
 * relu.f(NaN); // NaN
 */
export const relu = elementwise(info, reluValue, reluDerivative, (p) => (noParams(info, p), 0));
