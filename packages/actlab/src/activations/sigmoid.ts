import { logisticDensityOf } from "./exp.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/**
 * σ(x) = 1 / (1 + e^(−x)), written so that exp never overflows: for x < 0 it is
 * e^x / (1 + e^x). NaN propagates (both comparisons are false, exp(NaN) is NaN).
 */
export function sigmoidValue(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * σ′(x) = σ(x)·σ(−x) = e^(−|x|) / (1 + e^(−|x|))². The textbook σ(1 − σ) loses every
 * digit once σ rounds to 1 (x > 37); this form keeps full precision out to x ≈ ±745.
 */
export function sigmoidDerivative(x: number): number {
  return logisticDensityOf(Math.exp(-Math.abs(x)));
}

const info = {
  id: "sigmoid",
  name: "Sigmoid",
  names: { en: "Logistic sigmoid", zh: "S型生长曲线" },
  kind: "elementwise",
  latex: {
    f: "\\sigma(x) = \\frac{1}{1 + e^{-x}}",
    df: "\\sigma'(x) = \\sigma(x)\\,\\bigl(1 - \\sigma(x)\\bigr) = \\sigma(x)\\,\\sigma(-x)",
  },
  params: [],
  constants: [],
  range: { min: 0, max: 1, latex: "(0, 1)" },
  properties: { monotonic: true, bounded: true, zeroCentred: false, smooth: true, saturating: "both" },
  summary: {
    en: "Squeezes any real number into (0, 1), which reads naturally as a probability.",
    zh: "把任意实数映射到 (0, 1) 区间，输出可以直接当作概率来理解。",
  },
  strengths: {
    en: [
      "Output lies in (0, 1), so it suits a unit that predicts a probability.",
      "Smooth everywhere, with its steepest slope (1/4) at the origin, so small inputs train well.",
      "Keeps activations in a fixed small interval however large the input gets.",
    ],
    zh: [
      "输出落在 (0, 1) 之间，适合输出概率的神经元。",
      "处处光滑，在原点附近斜率最大（1/4），输入较小时梯度下降顺利。",
      "无论输入多大，输出都被限制在一个小区间内。",
    ],
  },
  weaknesses: {
    en: [
      "Vanishing gradient: for large |x| the curve is flat and the derivative is almost 0, so little signal flows back.",
      "Even at best the derivative is only 1/4, so stacked layers shrink gradients and learning is slow.",
      "Outputs are all positive (not zero-centred), which makes weight updates zig-zag.",
    ],
    zh: [
      "梯度消失：|x| 较大时曲线几乎水平，导数接近 0，反向传播几乎传不回信号。",
      "导数最大也只有 1/4，多层叠加后梯度不断缩小，收敛较慢。",
      "输出恒为正、均值不为 0，使权重更新呈锯齿状。",
    ],
  },
  elsewhere: {
    pytorch: "torch.sigmoid / nn.Sigmoid",
    tfjs: "tf.sigmoid",
    note: {
      en: "TF.js computes the gradient from the output as y(1 − y), which loses all precision in the tails; actlab uses σ(x)σ(−x).",
      zh: "TF.js 用输出 y(1 − y) 计算梯度，尾部精度全失；actlab 用 σ(x)σ(−x)。",
    },
  },
  references: [{ title: "Logistic function (Wikipedia)", url: "https://en.wikipedia.org/wiki/Logistic_function" }],
  figure: { domain: [-10, 10] },
} as const satisfies ActivationInfo;

/**
 * The logistic sigmoid σ(x) = 1/(1 + e^(−x)) and its derivative σ(x)σ(−x), exact in both tails.
 * @example
 * sigmoid.f(0);      // 0.5
 * sigmoid.f(-800);   // 0 (e^(−800) is below the smallest double)
 * sigmoid.df(40);    // 4.248354255291589e-18, not 0 as σ(1 − σ) would give
 * sigmoid.f(NaN);    // NaN
 */
export const sigmoid = elementwise(info, sigmoidValue, sigmoidDerivative, (p) => (noParams(info, p), 0));
