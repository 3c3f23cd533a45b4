import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** x itself: no rounding, NaN and ±∞ pass through. */
export function linearValue(x: number): number {
  return x;
}

/** 1 everywhere (NaN for NaN, like every other derivative of the registry). */
export function linearDerivative(x: number): number {
  return x === x ? 1 : NaN;
}

const info = {
  id: "linear",
  name: "Linear",
  names: { en: "Linear (identity)", zh: "线性（恒等）函数" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{linear}(x) = x",
    df: "\\operatorname{linear}'(x) = 1",
  },
  params: [],
  constants: [],
  range: { min: -Infinity, max: Infinity, latex: "(-\\infty, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: true, smooth: true, saturating: "none" },
  summary: {
    en: "No activation at all: the unit passes its weighted sum on unchanged. A network of linear layers is one linear map, whatever its depth.",
    zh: "相当于没有激活：单元把加权和原样传下去。无论多深，全由线性层组成的网络都只是一个线性映射。",
  },
  strengths: {
    en: ["The reference for what a nonlinearity adds: with it a network cannot learn XOR or a circle from x₁, x₂ alone.", "Exact and free: f(x) = x, f′(x) = 1, nothing to round.", "The usual output of a regression network."],
    zh: ["用来看清非线性带来了什么：只用 x₁、x₂ 时，它组成的网络学不会异或，也学不会圆形。", "精确且零成本：f(x) = x，f′(x) = 1，没有任何舍入。", "回归网络输出层的常用选择。"],
  },
  weaknesses: {
    en: ["Stacked layers collapse into one matrix: hidden layers add parameters but no expressive power.", "Unbounded: nothing limits how large activations and gradients grow."],
    zh: ["多层叠加会合并成一个矩阵：隐藏层只增加参数，不增加表达能力。", "无界：激活值和梯度的大小不受任何限制。"],
  },
  elsewhere: {
    pytorch: "nn.Identity()",
    tfjs: "tf.layers.activation({ activation: 'linear' })",
    note: {
      en: "Keras and TF.js call it 'linear', PyTorch nn.Identity, TensorFlow Playground 'Linear'.",
      zh: "Keras 和 TF.js 称之为 'linear'，PyTorch 为 nn.Identity，TensorFlow Playground 为 “Linear”。",
    },
  },
  references: [{ title: "Keras documentation, linear activation", url: "https://keras.io/api/layers/activations/#linear-function" }],
  figure: { domain: [-5, 5] },
} as const satisfies ActivationInfo;

/**
 * The identity, f(x) = x and f′(x) = 1: what a network is without a nonlinearity.
 * @example
 * linear.f(-2.5);  // -2.5
 * linear.df(0);    // 1
 */
export const linear = elementwise(info, linearValue, linearDerivative, (p) => (noParams(info, p), 0));
