import { elementwise } from "./kernel.js";
import { leakyReluValue } from "./leaky-relu.js";
import { scalarPair } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** Leaky ReLU with the mean slope (lower + upper)/2: what RReLU computes at evaluation. */
export function rreluValue(x: number, lower: number, upper: number): number {
  return leakyReluValue(x, (lower + upper) / 2);
}

// NOTE: rrelu′(0) = 1 (the "otherwise" branch, as leaky-relu′(0)); PyTorch gives the slope there.
export function rreluDerivative(x: number, lower: number, upper: number): number {
  return x < 0 ? (lower + upper) / 2 : x >= 0 ? 1 : NaN;
}

const info = {
  id: "rrelu",
  name: "RReLU",
  names: { en: "Randomised leaky ReLU", zh: "随机泄漏线性整流" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{rrelu}(x) = \\begin{cases} a\\,x & x < 0 \\\\ x & \\text{otherwise} \\end{cases}, \\quad a = \\frac{l + u}{2}\\ \\text{(training: } a \\sim U(l, u)\\text{)}",
    df: "\\operatorname{rrelu}'(x) = \\begin{cases} a & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}",
  },
  params: [
    {
      name: "lower",
      symbol: "l",
      default: 1 / 8,
      min: 0,
      max: 1,
      learnable: false,
      slider: [0, 0.5],
      description: { en: "lower end of the random slope while training, at most upper (PyTorch: lower)", zh: "训练时随机斜率的下限，不大于 upper（PyTorch：lower）" },
    },
    {
      name: "upper",
      symbol: "u",
      default: 1 / 3,
      min: 0,
      max: 1,
      learnable: false,
      slider: [0, 1],
      description: { en: "upper end of the random slope (PyTorch: upper)", zh: "随机斜率的上限（PyTorch：upper）" },
    },
  ],
  constants: [],
  range: { min: -Infinity, max: Infinity, latex: "(-\\infty, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: false, saturating: "none" },
  summary: {
    en: "Leaky ReLU whose negative slope is drawn at random from U(l, u) for each element while training, and fixed at the mean (l + u)/2 for evaluation.",
    zh: "训练时每个元素的负半轴斜率从 U(l, u) 随机抽取、评估时固定为均值 (l + u)/2 的泄漏 ReLU。",
  },
  strengths: {
    en: ["The random slope acts as a regulariser; it reduced overfitting against ReLU and leaky ReLU on small image datasets.", "No dead units: the negative side always has slope ≥ l."],
    zh: ["随机斜率起正则化作用；在小型图像数据集上比 ReLU 和泄漏 ReLU 更少过拟合。", "没有死神经元：负半轴斜率始终不小于 l。"],
  },
  weaknesses: {
    en: ["Training and evaluation compute different functions, and results depend on the random seed.", "Two hyper-parameters instead of one."],
    zh: ["训练和评估计算的函数不同，结果依赖随机种子。", "有两个超参数。"],
  },
  elsewhere: {
    pytorch: "nn.RReLU(lower=1/8, upper=1/3)",
    tfjs: "none",
    note: {
      en: "The registry function is the evaluation form (slope (l + u)/2); the nn layer RReLU draws the slopes while training. Derivative at 0 is 1 here, the slope in PyTorch.",
      zh: "注册表中的函数是评估形式（斜率 (l + u)/2）；nn 层 RReLU 在训练时随机抽取斜率。0 处导数此处取 1，PyTorch 取斜率。",
    },
  },
  references: [{ title: "Xu, Wang, Chen & Li, Empirical Evaluation of Rectified Activations in Convolutional Network (2015)", url: "https://arxiv.org/abs/1505.00853" }],
  figure: { domain: [-5, 5] },
} as const satisfies ActivationInfo;

/**
 * RReLU at evaluation: leaky ReLU with slope (lower + upper)/2 (defaults 1/8 and 1/3).
 * @example
 * rrelu.f(-48);                              // -11 (slope 11/48)
 * rrelu.f(-1, { lower: 0.1, upper: 0.3 });   // -0.2
 */
export const rrelu = elementwise(info, rreluValue, rreluDerivative, (p) => scalarPair(info, p, "lower", "upper", false));
