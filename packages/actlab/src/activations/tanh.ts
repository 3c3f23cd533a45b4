import { logisticDensityOf } from "./exp.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

export function tanhValue(x: number): number {
  return Math.tanh(x);
}

/**
 * tanh′(x) = 1 − tanh²(x). While tanh² ≤ 1/4 the subtraction is harmless; beyond that
 * 1 − tanh² cancels (it is exactly 0 from |x| ≈ 19), so use 4e^(−2|x|) / (1 + e^(−2|x|))².
 */
export function tanhDerivative(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = Math.tanh(x);
    return 1 - t * t;
  }
  return 4 * logisticDensityOf(Math.exp(-2 * ax));
}

const info = {
  id: "tanh",
  name: "Tanh",
  names: { en: "Hyperbolic tangent", zh: "双曲正切" },
  kind: "elementwise",
  latex: {
    f: "\\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    df: "\\tanh'(x) = 1 - \\tanh^2(x)",
  },
  params: [],
  constants: [],
  range: { min: -1, max: 1, latex: "(-1, 1)" },
  properties: { monotonic: true, bounded: true, zeroCentred: true, smooth: true, saturating: "both" },
  summary: {
    en: "An S-curve like the sigmoid but centred on 0, with outputs in (−1, 1); tanh(x) = 2σ(2x) − 1.",
    zh: "与 sigmoid 同为 S 形曲线，但以 0 为中心，输出在 (−1, 1)；tanh(x) = 2σ(2x) − 1。",
  },
  strengths: {
    en: [
      "Zero-centred output, which fixes the sigmoid's all-positive activations.",
      "Derivative reaches 1 at the origin (sigmoid: 1/4), so gradients vanish less quickly.",
      "Near 0 it behaves almost like y = x, so small activations pass through nearly linearly and train easily.",
    ],
    zh: [
      "输出以 0 为中心，弥补了 sigmoid 输出恒为正的问题。",
      "导数在原点取到 1（sigmoid 只有 1/4），梯度消失得慢一些。",
      "在 0 附近近似 y = x，激活值较小时几乎线性传递，训练较容易。",
    ],
  },
  weaknesses: {
    en: ["Still saturates at both ends: for large |x| the gradient vanishes just as with the sigmoid.", "Costs an exponential per element."],
    zh: ["两端仍会饱和：|x| 较大时梯度同样消失。", "每个元素都要计算指数，开销较大。"],
  },
  elsewhere: { pytorch: "torch.tanh / nn.Tanh", tfjs: "tf.tanh" },
  references: [{ title: "Hyperbolic functions (Wikipedia)", url: "https://en.wikipedia.org/wiki/Hyperbolic_functions" }],
  figure: { domain: [-10, 10] },
} as const satisfies ActivationInfo;

/**
 * The hyperbolic tangent and its derivative 1 − tanh², computed from e^(−2|x|) in the tails.
 * @example
 * tanh.f(-Infinity); // -1
 * tanh.df(25);       // 7.714999391855671e-22 (1 − tanh² would give 0)
 */
export const tanh = elementwise(info, tanhValue, tanhDerivative, (p) => (noParams(info, p), 0));
