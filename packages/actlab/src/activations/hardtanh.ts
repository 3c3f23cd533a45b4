import { elementwise } from "./kernel.js";
import { scalarPair } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** clamp(x, min, max); NaN stays NaN (both comparisons are false). */
export function hardtanhValue(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}

// NOTE: at the kinks the right-hand derivative: hardtanh′(min) = 1, hardtanh′(max) = 0.
// PyTorch gives 0 at both, TF.js's clipByValue 1 at both.
export function hardtanhDerivative(x: number, min: number, max: number): number {
  return x < min ? 0 : x < max ? 1 : x >= max ? 0 : NaN;
}

const info = {
  id: "hardtanh",
  name: "Hardtanh",
  names: { en: "Hard tanh", zh: "硬 tanh" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{hardtanh}(x) = \\begin{cases} a & x < a \\\\ x & a \\le x \\le b \\\\ b & x > b \\end{cases}",
    df: "\\operatorname{hardtanh}'(x) = \\begin{cases} 1 & a \\le x < b \\\\ 0 & \\text{otherwise} \\end{cases}",
  },
  params: [
    {
      name: "min",
      symbol: "a",
      default: -1,
      min: -Infinity,
      max: Infinity,
      learnable: false,
      slider: [-3, 0],
      description: { en: "lower clip value a, must be below max (PyTorch: min_val)", zh: "下限 a，必须小于 max（PyTorch：min_val）" },
    },
    {
      name: "max",
      symbol: "b",
      default: 1,
      min: -Infinity,
      max: Infinity,
      learnable: false,
      slider: [0, 3],
      description: { en: "upper clip value b (PyTorch: max_val)", zh: "上限 b（PyTorch：max_val）" },
    },
  ],
  constants: [],
  range: { min: -1, max: 1, latex: "[a, b] = [-1, 1]" },
  properties: { monotonic: true, bounded: true, zeroCentred: true, smooth: false, saturating: "both" },
  summary: {
    en: "tanh replaced by three straight pieces: the identity between a and b, flat outside.",
    zh: "用三段直线代替 tanh：a 与 b 之间为恒等映射，两侧为水平线。",
  },
  strengths: {
    en: ["Costs two comparisons, no exponential: cheap on phones and in fixed-point arithmetic.", "Bounded and zero-centred like tanh, with slope exactly 1 in the middle."],
    zh: ["只需两次比较、无指数，适合手机和定点运算。", "与 tanh 一样有界且以 0 为中心，中间段斜率恰为 1。"],
  },
  weaknesses: {
    en: ["The gradient is exactly 0 outside [a, b], so saturated units stop learning entirely.", "Not differentiable at a and b."],
    zh: ["[a, b] 之外梯度恰为 0，饱和的神经元完全停止学习。", "在 a、b 处不可导。"],
  },
  elsewhere: {
    pytorch: "nn.Hardtanh(min_val=-1.0, max_val=1.0)",
    tfjs: "tf.clipByValue(x, min, max)",
    note: {
      en: "At the kinks actlab takes the right-hand derivative: 1 at min, 0 at max. PyTorch returns 0 at both, TF.js's clipByValue 1 at both.",
      zh: "在折点处 actlab 取右导数：min 处为 1，max 处为 0。PyTorch 两处都取 0，TF.js 的 clipByValue 两处都取 1。",
    },
  },
  references: [{ title: "Collobert, Large Scale Machine Learning (PhD thesis, 2004)", url: "https://ronan.collobert.com/pub/matos/2004_phdthesis_lip6.pdf" }],
  figure: { domain: [-3, 3] },
} as const satisfies ActivationInfo;

/**
 * clamp(x, min, max) with min = −1, max = 1 by default.
 * @example
 * hardtanh.f(2);                         // 1
 * hardtanh.f(-5, { min: -2, max: 0.5 }); // -2
 * hardtanh.df(-1);                       // 1 (right-hand; PyTorch: 0)
 */
export const hardtanh = elementwise(info, hardtanhValue, hardtanhDerivative, (p) => scalarPair(info, p, "min", "max", true));
