import { type DD, ddDiv, ddMul, twoSum } from "./dd.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

const s: DD = [0, 0];
const one: DD = [1, 0];

/** x/(1 + |x|) with 1 + |x| kept exactly (twoSum), so only the double-double quotient rounds; ±1 at ±∞. */
export function softsignValue(x: number): number {
  const a = Math.abs(x);
  if (a > 1e300) return Math.sign(x);
  if (!(a >= 0)) return NaN;
  ddDiv([x, 0], twoSum(1, a, s), s);
  return s[0] + s[1];
}

/** 1/(1 + |x|)², with 1 + |x| kept exactly (twoSum) and squared in double-double. */
export function softsignDerivative(x: number): number {
  const a = Math.abs(x);
  if (a > 1e150) {
    const r = 1 / a;
    return r * r;
  }
  if (!(a >= 0)) return NaN;
  ddDiv(one, twoSum(1, a, s), s);
  ddMul(s, s, s);
  return s[0] + s[1];
}

const info = {
  id: "softsign",
  name: "Softsign",
  names: { en: "Softsign", zh: "Softsign（软符号）" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{softsign}(x) = \\frac{x}{1 + |x|}",
    df: "\\operatorname{softsign}'(x) = \\frac{1}{(1 + |x|)^2}",
  },
  params: [],
  constants: [],
  range: { min: -1, max: 1, latex: "(-1, 1)" },
  properties: { monotonic: true, bounded: true, zeroCentred: true, smooth: true, saturating: "none" },
  summary: {
    en: "An S-curve into (−1, 1) like tanh, but reaching its bounds polynomially (as 1/x) instead of exponentially.",
    zh: "像 tanh 一样映射到 (−1, 1) 的 S 形曲线，但按 1/x 多项式速度而非指数速度逼近边界。",
  },
  strengths: {
    en: ["No exponential: one absolute value, one addition and one division.", "Its tails flatten slowly, so large inputs keep more gradient than with tanh (1/x² against e^(−2|x|))."],
    zh: ["无需指数：一次绝对值、一次加法、一次除法。", "尾部变平得慢，大输入保留的梯度比 tanh 多（1/x² 对 e^(−2|x|)）。"],
  },
  weaknesses: {
    en: ["Still bounded, so very large inputs still see small gradients.", "The second derivative jumps at 0."],
    zh: ["仍然有界，极大输入的梯度依旧很小。", "二阶导数在 0 处跳变。"],
  },
  elsewhere: {
    pytorch: "nn.Softsign() / F.softsign(x)",
    tfjs: "tf.layers activation 'softsign'",
  },
  references: [{ title: "Glorot & Bengio, Understanding the Difficulty of Training Deep Feedforward Neural Networks (2010)", url: "https://proceedings.mlr.press/v9/glorot10a.html" }],
  figure: { domain: [-10, 10] },
} as const satisfies ActivationInfo;

/**
 * Softsign x/(1 + |x|).
 * @example
 * softsign.f(1);         // 0.5
 * softsign.f(Infinity);  // 1
 * softsign.df(-3);       // 0.0625
 */
export const softsign = elementwise(info, softsignValue, softsignDerivative, (p) => (noParams(info, p), 0));
