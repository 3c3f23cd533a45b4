import { elementwise } from "./kernel.js";
import { sigmoidOf, softplusOf } from "./logistic.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** log σ(x) = −softplus(−x): −x + … on the left, −e^(−x)(1 − …) on the right (log-sigmoid(800) rounds to −0). */
export function logSigmoidValue(x: number): number {
  if (!(Math.abs(x) < 1e300)) return x < 0 ? x : x > 0 ? -0 : NaN;
  return -softplusOf(-x, -x, 0, 1);
}

/** σ(−x) = 1 − σ(x), computed as σ(−x) so the right tail keeps its digits. */
export function logSigmoidDerivative(x: number): number {
  if (!(Math.abs(x) < 1e300)) return x < 0 ? 1 : x > 0 ? 0 : NaN;
  return sigmoidOf(-x, 0);
}

const info = {
  id: "log-sigmoid",
  name: "LogSigmoid",
  names: { en: "Log-sigmoid", zh: "对数 sigmoid" },
  kind: "elementwise",
  latex: {
    f: "\\log\\sigma(x) = -\\ln\\bigl(1 + e^{-x}\\bigr) = -\\operatorname{softplus}(-x)",
    df: "(\\log\\sigma)'(x) = \\sigma(-x) = 1 - \\sigma(x)",
  },
  params: [],
  constants: [],
  range: { min: -Infinity, max: 0, latex: "(-\\infty, 0)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: true, saturating: "right" },
  summary: {
    en: "The logarithm of the sigmoid: a line of slope 1 far left that bends smoothly up towards 0 on the right.",
    zh: "sigmoid 的对数：左侧是斜率为 1 的直线，向右平滑地弯向 0。",
  },
  strengths: {
    en: [
      "What binary cross-entropy and logistic likelihoods actually need: log σ computed directly never takes the log of a rounded 0.",
      "Its derivative 1 − σ(x) is at most 1, and close to 1 for negative inputs.",
    ],
    zh: ["二元交叉熵和 logistic 似然真正需要的量：直接计算 log σ，不会对舍入得到的 0 取对数。", "导数 1 − σ(x) 不超过 1，负输入处接近 1。"],
  },
  weaknesses: {
    en: ["Rarely used as a hidden activation: it is never positive and saturates on the right.", "Costs an exponential and a logarithm."],
    zh: ["很少用作隐藏层激活：输出从不为正，右侧饱和。", "需要指数和对数运算。"],
  },
  elsewhere: {
    pytorch: "nn.LogSigmoid() / F.logsigmoid(x)",
    tfjs: "tf.logSigmoid",
    note: {
      en: "log-sigmoid(800) = −e^(−800), which rounds to −0; log(sigmoid(x)) would give −0 from x ≈ 37 on, losing the right tail that actlab keeps down to the subnormals.",
      zh: "log-sigmoid(800) = −e^(−800)，舍入为 −0；先算 sigmoid 再取对数从 x ≈ 37 起就只能得到 −0，actlab 则把右尾一直保留到次正规数。",
    },
  },
  references: [{ title: "Logistic function (Wikipedia)", url: "https://en.wikipedia.org/wiki/Logistic_function" }],
  figure: { domain: [-6, 6] },
} as const satisfies ActivationInfo;

/**
 * log σ(x) = −softplus(−x).
 * @example
 * logSigmoid.f(0);    // -0.6931471805599453
 * logSigmoid.f(40);   // -4.248354255291589e-18 (log(σ(40)) gives -0)
 * logSigmoid.f(-800); // -800
 */
export const logSigmoid = elementwise(info, logSigmoidValue, logSigmoidDerivative, (p) => (noParams(info, p), 0));
