import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** x·hardsigmoid(x) = x(x + 3)/6 between −3 and 3. */
export function hardswishValue(x: number): number {
  return x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6;
}

// NOTE: right-hand derivative at the kinks: hardswish′(−3) = −1/2, hardswish′(3) = 1.
// PyTorch gives −1/2 at −3 too but 3/2 at 3 (its middle piece includes x = 3).
export function hardswishDerivative(x: number): number {
  return x < -3 ? 0 : x < 3 ? (2 * x + 3) / 6 : x >= 3 ? 1 : NaN;
}

const info = {
  id: "hardswish",
  name: "Hardswish",
  names: { en: "Hard swish", zh: "硬 Swish" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{hardswish}(x) = x \\cdot \\operatorname{hardsigmoid}(x) = \\begin{cases} 0 & x \\le -3 \\\\ x(x + 3)/6 & -3 < x < 3 \\\\ x & x \\ge 3 \\end{cases}",
    df: "\\operatorname{hardswish}'(x) = \\begin{cases} 0 & x < -3 \\\\ (2x + 3)/6 & -3 \\le x < 3 \\\\ 1 & x \\ge 3 \\end{cases}",
  },
  params: [],
  constants: [],
  range: { min: -0.375, max: Infinity, latex: "[-0.375, \\infty)" },
  properties: { monotonic: false, bounded: false, zeroCentred: false, smooth: false, saturating: "left" },
  summary: {
    en: "SiLU with the sigmoid replaced by hardsigmoid: a parabola from −3 to 3 joining 0 on the left and the identity on the right.",
    zh: "把 SiLU 中的 sigmoid 换成 hardsigmoid：−3 到 3 之间是一段抛物线，左接 0，右接恒等映射。",
  },
  strengths: {
    en: ["Keeps most of SiLU's accuracy at the cost of a multiply and two comparisons (MobileNetV3).", "Like SiLU, dips below 0 (minimum −0.375 at x = −1.5)."],
    zh: ["只需一次乘法和两次比较，保留了 SiLU 的大部分精度（MobileNetV3）。", "与 SiLU 一样会低于 0（x = −1.5 处最小 −0.375）。"],
  },
  weaknesses: {
    en: ["Its derivative jumps at ±3 (from 0 to −1/2 and from 3/2 to 1).", "Zero gradient below −3."],
    zh: ["导数在 ±3 处跳变（从 0 到 −1/2、从 3/2 到 1）。", "−3 以下梯度为 0。"],
  },
  elsewhere: {
    pytorch: "nn.Hardswish()",
    tfjs: "none",
    note: {
      en: "Right-hand derivative at the kinks: −1/2 at −3 and 1 at 3. PyTorch agrees at −3 but returns 3/2 at 3.",
      zh: "折点处取右导数：−3 处为 −1/2，3 处为 1。PyTorch 在 −3 处相同，在 3 处取 3/2。",
    },
  },
  references: [{ title: "Howard et al., Searching for MobileNetV3 (2019)", url: "https://arxiv.org/abs/1905.02244" }],
  figure: { domain: [-6, 6] },
} as const satisfies ActivationInfo;

/**
 * x·hardsigmoid(x).
 * @example
 * hardswish.f(-1.5);  // -0.375
 * hardswish.df(3);    // 1 (right-hand; PyTorch 1.5)
 */
export const hardswish = elementwise(info, hardswishValue, hardswishDerivative, (p) => (noParams(info, p), 0));
