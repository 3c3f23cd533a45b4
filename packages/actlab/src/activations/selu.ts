import { scaledExp } from "./exp.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** The constants of Klambauer et al. with every digit the article gives. */
export const SELU_ALPHA_TEXT = "1.6732632423543772848170429916717";
export const SELU_LAMBDA_TEXT = "1.0507009873554804934193349852946";
/**
 * SELU's α as the nearest double to 1.6732632423543772848170429916717 (Klambauer et al., 2017).
 *
 * @example
 * SELU_ALPHA;                  // 1.6732632423543772
 * selu.f(-Infinity);   // -1.7580993408473768 (the left limit −λα)
 */
export const SELU_ALPHA = 1.6732632423543772;
/**
 * SELU's scale λ as the nearest double to 1.0507009873554804934193349852946; selu(x) = λx for x ≥ 0.
 *
 * @example
 * SELU_LAMBDA;      // 1.0507009873554805
 * selu.df(0);       // 1.0507009873554805 (λ: the right-hand derivative at the kink)
 */
export const SELU_LAMBDA = 1.0507009873554805;
// λ and λ·α as double-double (hi + lo), so that rounding the constants costs no accuracy.
const LAMBDA_LO = 3.9874847667154144e-17;
const LA_HI = 1.7580993408473768;
const LA_LO = 1.41535193800845e-17;

export function seluValue(x: number): number {
  if (x < 0) {
    const e = Math.expm1(x);
    return LA_HI * e + LA_LO * e;
  }
  return SELU_LAMBDA * x + LAMBDA_LO * x;
}

// NOTE: selu′(0) = λ (the "otherwise" branch); PyTorch, TF.js and JAX give λα there.
export function seluDerivative(x: number): number {
  if (x < 0) return scaledExp(LA_HI, x) + scaledExp(LA_LO, x);
  return x >= 0 ? SELU_LAMBDA : NaN;
}

const info = {
  id: "selu",
  name: "SELU",
  names: { en: "Scaled exponential linear unit", zh: "扩展型指数线性单元" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{selu}(x) = \\lambda \\begin{cases} \\alpha\\,(e^{x} - 1) & x < 0 \\\\ x & \\text{otherwise} \\end{cases}",
    df: "\\operatorname{selu}'(x) = \\lambda \\begin{cases} \\alpha\\,e^{x} & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}",
  },
  params: [],
  constants: [
    { name: "alpha", symbol: "\\alpha", value: SELU_ALPHA, text: SELU_ALPHA_TEXT },
    { name: "lambda", symbol: "\\lambda", value: SELU_LAMBDA, text: SELU_LAMBDA_TEXT },
  ],
  range: { min: -LA_HI, max: Infinity, latex: "(-\\lambda\\alpha, \\infty) \\approx (-1.7581, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: false, saturating: "left" },
  summary: {
    en: "ELU scaled by λ, with α and λ chosen so that activations keep mean 0 and variance 1 from layer to layer.",
    zh: "把 ELU 乘以系数 λ，α 与 λ 取特定值，使各层激活的均值保持 0、方差保持 1。",
  },
  strengths: {
    en: [
      "Self-normalising: with LeCun-normal weights, inputs of mean 0 and variance 1 keep those statistics through the layers.",
      "That fixed point keeps gradients from exploding or vanishing without batch normalisation.",
    ],
    zh: ["自归一化：配合 LeCun 正态初始化，均值 0、方差 1 的输入经过各层后统计量保持稳定。", "因此无需批归一化也能避免梯度爆炸和消失。"],
  },
  weaknesses: {
    en: [
      "The guarantee needs its conditions: LeCun-normal initialisation, standardised inputs, plain fully connected layers (and alpha-dropout rather than dropout).",
      "Costs an exponential for negative inputs.",
    ],
    zh: ["自归一化有前提：LeCun 正态初始化、标准化输入、全连接结构（以及用 alpha-dropout 代替 dropout）。", "负输入需要计算指数。"],
  },
  elsewhere: {
    pytorch: "torch.selu / nn.SELU",
    tfjs: "tf.selu",
    note: {
      en: "Same constants; actlab's derivative at 0 is λ, PyTorch/TF.js give λα.",
      zh: "常数相同；actlab 在 0 处导数取 λ，PyTorch/TF.js 取 λα。",
    },
  },
  references: [{ title: "Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks (2017)", url: "https://arxiv.org/abs/1706.02515" }],
  figure: { domain: [-10, 10] },
} as const satisfies ActivationInfo;

/**
 * SELU = λ·ELU with the fixed α and λ of Klambauer et al., to every digit the article gives.
 * @example
 * selu.f(1);          // 1.0507009873554805 (λ)
 * selu.f(-Infinity);  // -1.7580993408473768 (−λα)
 * selu.df(0);         // λ (PyTorch: λα)
 */
export const selu = elementwise(info, seluValue, seluDerivative, (p) => (noParams(info, p), 0));
