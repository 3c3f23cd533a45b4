import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** min(max(0, x), 6); NaN stays NaN. */
export function relu6Value(x: number): number {
  return x < 0 ? 0 : x > 6 ? 6 : x;
}

// NOTE: right-hand derivative at the kinks: relu6′(0) = 1 (as relu′(0)), relu6′(6) = 0.
// PyTorch gives 0 at both; TF.js gives 0 at 0 and 1 at 6.
export function relu6Derivative(x: number): number {
  return x < 0 ? 0 : x < 6 ? 1 : x >= 6 ? 0 : NaN;
}

const info = {
  id: "relu6",
  name: "ReLU6",
  names: { en: "ReLU capped at 6", zh: "上限为 6 的 ReLU" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{relu6}(x) = \\min\\bigl(\\max(0, x), 6\\bigr)",
    df: "\\operatorname{relu6}'(x) = \\begin{cases} 1 & 0 \\le x < 6 \\\\ 0 & \\text{otherwise} \\end{cases}",
  },
  params: [],
  constants: [],
  range: { min: 0, max: 6, latex: "[0, 6]" },
  properties: { monotonic: true, bounded: true, zeroCentred: false, smooth: false, saturating: "both" },
  summary: {
    en: "ReLU with its output capped at 6, which keeps activations in a range that low-precision arithmetic represents well.",
    zh: "把输出截断在 6 的 ReLU，使激活值保持在低精度运算也能良好表示的范围内。",
  },
  strengths: {
    en: ["The bounded range suits 8-bit and fixed-point inference (MobileNet).", "As cheap as ReLU: two comparisons."],
    zh: ["有界的输出适合 8 位和定点推理（MobileNet）。", "与 ReLU 一样便宜：两次比较。"],
  },
  weaknesses: {
    en: ["Zero gradient both below 0 and above 6: units can die on either side.", "The cap 6 is a convention, not a learned value."],
    zh: ["小于 0 和大于 6 时梯度都为 0：两侧都可能出现死神经元。", "上限 6 只是惯例，不是学习得到的。"],
  },
  elsewhere: {
    pytorch: "nn.ReLU6() (= Hardtanh(0, 6))",
    tfjs: "tf.relu6",
    note: {
      en: "Right-hand derivative at the kinks: 1 at 0, 0 at 6. PyTorch returns 0 at both; TF.js returns 0 at 0 and 1 at 6.",
      zh: "折点处取右导数：0 处为 1，6 处为 0。PyTorch 两处都取 0；TF.js 在 0 处取 0、在 6 处取 1。",
    },
  },
  references: [
    { title: "Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10 (2010)", url: "https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf" },
    { title: "Howard et al., MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications (2017)", url: "https://arxiv.org/abs/1704.04861" },
  ],
  figure: { domain: [-3, 9] },
} as const satisfies ActivationInfo;

/**
 * ReLU capped at 6.
 * @example
 * relu6.f(7);   // 6
 * relu6.df(0);  // 1 (right-hand; PyTorch 0)
 * relu6.df(6);  // 0 (right-hand; TF.js 1)
 */
export const relu6 = elementwise(info, relu6Value, relu6Derivative, (p) => (noParams(info, p), 0));
