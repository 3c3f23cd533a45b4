import { type DD, ddAdd, ddDiv, ddExpSplit, ddMul, ldexp, nearZero, twoSum } from "./dd.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

const m: DD = [0, 0];
const e: DD = [0, 0];
const num: DD = [0, 0];
const den: DD = [0, 0];
const one: DD = [1, 0];

/** e^x as m·2ⁿ (returned n) and as a double-double e. */
function expParts(x: number): number {
  const n = ddExpSplit([x, 0], m);
  const s = 2 ** n;
  e[0] = m[0] * s;
  e[1] = m[1] * s;
  return n;
}

/**
 * x·σ(x) in double-double: x/(1 + e^(−x)) for x ≥ 0, and (x/(1 + e^x))·e^x for x < 0 with the
 * power of two of e^x applied last, so silu(−740) keeps its bits.
 */
export function siluValue(x: number): number {
  if (x >= 40) return x / (1 + Math.exp(-x));
  if (x >= 0) {
    expParts(-x);
    ddDiv([x, 0], ddAdd(one, e, den), num);
    return num[0] + num[1];
  }
  if (!(x > -1e4)) return x < 0 ? -0 : NaN;
  const n = expParts(x);
  ddDiv([x, 0], ddAdd(one, e, den), num);
  ddMul(num, m, num);
  return ldexp(num[0] + num[1], n);
}

/** The zero of SiLU′ (≈ −1.2785) to double-double precision, from an 80-digit Newton iteration. */
const ROOT: DD = [-1.2784645427610737, -1.0946994183093437e-16];

/**
 * σ(x)·(1 + x·σ(−x)) = e^x(1 + x + e^x)/(1 + e^x)², in double-double (the factor 1 + x + e^x goes
 * through 0 at x ≈ −1.2785, where only the Taylor terms around the zero keep the last bits).
 */
export function siluDerivative(x: number): number {
  if (x >= 40) return x === Infinity ? 1 : 1 + Math.exp(-x) * (x - 1);
  if (x >= 0) {
    expParts(-x);
    ddAdd(ddAdd(one, e, den), ddMul([x, 0], e, num), num);
    ddMul(den, den, den);
    ddDiv(num, den, num);
    return num[0] + num[1];
  }
  if (!(x > -1e4)) return x < 0 ? -0 : NaN;
  const z = nearZero(x, ROOT, 0.2178117057198001, 0.1466487969969469);
  if (z === z) return z;
  const n = expParts(x);
  ddAdd(twoSum(1, x, num), e, num);
  ddAdd(one, e, den);
  ddMul(den, den, den);
  ddDiv(num, den, num);
  ddMul(num, m, num);
  return ldexp(num[0] + num[1], n);
}

const info = {
  id: "silu",
  name: "SiLU",
  names: { en: "Sigmoid linear unit (Swish)", zh: "Sigmoid 线性单元（Swish）" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{silu}(x) = x\\,\\sigma(x) = \\frac{x}{1 + e^{-x}}",
    df: "\\operatorname{silu}'(x) = \\sigma(x)\\,\\bigl(1 + x\\,\\sigma(-x)\\bigr)",
  },
  params: [],
  constants: [],
  range: { min: -0.2785, max: Infinity, latex: "[-0.27846\\ldots, \\infty)" },
  properties: { monotonic: false, bounded: false, zeroCentred: false, smooth: true, saturating: "left" },
  summary: {
    en: "The input times its own sigmoid: a smooth ReLU-like curve that dips to about −0.28 before rising.",
    zh: "输入乘以它自身的 sigmoid：形似 ReLU 的平滑曲线，先下探到约 −0.28 再上升。",
  },
  strengths: {
    en: [
      "Smooth and non-monotonic; in large searches it matched or beat ReLU on deep image and translation models.",
      "Unbounded above (no saturation for large inputs) but bounded below, which acts as a mild regulariser.",
      "The activation of EfficientNet, MobileNetV3's smooth variant and many LLM feed-forward blocks (SwiGLU).",
    ],
    zh: [
      "光滑且非单调；在大规模搜索中，它在深层图像和翻译模型上不逊于甚至优于 ReLU。",
      "上方无界（大输入不饱和），下方有界，起到轻微的正则化作用。",
      "EfficientNet、许多大语言模型前馈层（SwiGLU）都使用它。",
    ],
  },
  weaknesses: {
    en: ["Costs an exponential and a division per element.", "Its derivative is negative for x below about −1.28."],
    zh: ["每个元素需要一次指数和一次除法。", "x 小于约 −1.28 时导数为负。"],
  },
  elsewhere: {
    pytorch: "nn.SiLU() / F.silu(x)",
    tfjs: "tf.layers activation 'swish'",
    note: {
      en: "Swish with β = 1. actlab keeps the left tail (silu(−700) ≈ −6.9e−302) and evaluates the derivative's zero at x ≈ −1.2785 without cancellation.",
      zh: "即 β = 1 的 Swish。actlab 保留左尾（silu(−700) ≈ −6.9e−302），并在导数零点 x ≈ −1.2785 附近无抵消地计算。",
    },
  },
  references: [
    { title: "Ramachandran, Zoph & Le, Searching for Activation Functions (2017)", url: "https://arxiv.org/abs/1710.05941" },
    { title: "Elfwing, Uchibe & Doya, Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning (2017)", url: "https://arxiv.org/abs/1702.03118" },
  ],
  figure: { domain: [-6, 6] },
} as const satisfies ActivationInfo;

/**
 * SiLU / Swish-1: x·σ(x).
 * @example
 * silu.f(1);     // 0.7310585786300049
 * silu.f(-700);  // -6.90177358063184e-302
 * silu.df(0);    // 0.5
 */
export const silu = elementwise(info, siluValue, siluDerivative, (p) => (noParams(info, p), 0));
