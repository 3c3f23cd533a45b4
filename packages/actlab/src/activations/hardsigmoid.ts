import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** clamp(x/6 + 1/2, 0, 1), written (x + 3)/6: x + 3 is exact near −3, so values near 0 round once. */
export function hardsigmoidValue(x: number): number {
  return x <= -3 ? 0 : x >= 3 ? 1 : (x + 3) / 6;
}

// NOTE: right-hand derivative at the kinks: hardsigmoid′(−3) = 1/6, hardsigmoid′(3) = 0.
// PyTorch gives 0 at both (it uses −3 < x < 3).
export function hardsigmoidDerivative(x: number): number {
  return x < -3 ? 0 : x < 3 ? 1 / 6 : x >= 3 ? 0 : NaN;
}

const info = {
  id: "hardsigmoid",
  name: "Hardsigmoid",
  names: { en: "Hard sigmoid", zh: "硬 sigmoid" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{hardsigmoid}(x) = \\begin{cases} 0 & x \\le -3 \\\\ x/6 + 1/2 & -3 < x < 3 \\\\ 1 & x \\ge 3 \\end{cases}",
    df: "\\operatorname{hardsigmoid}'(x) = \\begin{cases} 1/6 & -3 \\le x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}",
  },
  params: [],
  constants: [],
  range: { min: 0, max: 1, latex: "[0, 1]" },
  properties: { monotonic: true, bounded: true, zeroCentred: false, smooth: false, saturating: "both" },
  summary: {
    en: "A straight-line stand-in for the sigmoid: 0 up to −3, a ramp of slope 1/6 through (0, 1/2), 1 from 3 on.",
    zh: "用直线代替 sigmoid：−3 以下为 0，经过 (0, 1/2) 的斜率 1/6 的斜坡，3 以上为 1。",
  },
  strengths: {
    en: ["No exponential, so it is cheap for gates on mobile hardware (MobileNetV3's squeeze-and-excitation).", "Output in [0, 1] like the sigmoid."],
    zh: ["无需指数，适合移动端的门控（MobileNetV3 的 squeeze-and-excitation）。", "与 sigmoid 一样输出在 [0, 1]。"],
  },
  weaknesses: {
    en: ["The gradient is exactly 0 outside (−3, 3) and only 1/6 inside.", "Libraries disagree on the slope: Keras and TF.js use 0.2x + 0.5."],
    zh: ["(−3, 3) 之外梯度恰为 0，内部也只有 1/6。", "各库斜率不一致：Keras 与 TF.js 使用 0.2x + 0.5。"],
  },
  elsewhere: {
    pytorch: "nn.Hardsigmoid()",
    tfjs: "tf.layers activation 'hardSigmoid' (a different line: 0.2x + 0.5, clipped)",
    note: {
      en: "actlab follows PyTorch's x/6 + 1/2. Right-hand derivative at the kinks: 1/6 at −3 and 0 at 3; PyTorch returns 0 at both.",
      zh: "actlab 采用 PyTorch 的 x/6 + 1/2。折点处取右导数：−3 处为 1/6，3 处为 0；PyTorch 两处都取 0。",
    },
  },
  references: [{ title: "Howard et al., Searching for MobileNetV3 (2019)", url: "https://arxiv.org/abs/1905.02244" }],
  figure: { domain: [-6, 6] },
} as const satisfies ActivationInfo;

/**
 * clamp(x/6 + 1/2, 0, 1).
 * @example
 * hardsigmoid.f(0);    // 0.5
 * hardsigmoid.df(-3);  // 0.16666666666666666 (right-hand; PyTorch 0)
 */
export const hardsigmoid = elementwise(info, hardsigmoidValue, hardsigmoidDerivative, (p) => (noParams(info, p), 0));
