import { type DD, ddAdd, ddDiv, ddExpSplit, ddMul, ldexp, nearZero, twoProd } from "./dd.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** 2·√(2/π) and 0.044715 as double-doubles (the approximation's constants, taken as exact reals). */
const K2: DD = [1.5957691216057308, -9.96930880911092e-17];
const C: DD = [0.044715, 2.1960211427085595e-18];

const w: DD = [0, 0];
const x3: DD = [0, 0];
const m: DD = [0, 0];
const e: DD = [0, 0];
const num: DD = [0, 0];
const den: DD = [0, 0];
const dw: DD = [0, 0];
const one: DD = [1, 0];

/** w = 2u = 2√(2/π)(x + 0.044715x³) in double-double: rounding it first would cost |w|·ε relative in e^w. */
function argument(x: number): void {
  twoProd(x, x, x3);
  ddMul(x3, [x, 0], x3);
  ddMul(x3, C, x3);
  ddAdd(x3, [x, 0], w);
  ddMul(w, K2, w);
}

/** e^(±w) as m·2ⁿ and as the double-double e. */
function expParts(sign: 1 | -1): number {
  num[0] = sign * w[0];
  num[1] = sign * w[1];
  const n = ddExpSplit(num, m);
  const s = 2 ** n;
  e[0] = m[0] * s;
  e[1] = m[1] * s;
  return n;
}

/**
 * x/2·(1 + tanh u) = x·σ(2u): x/(1 + e^(−w)) for x ≥ 0, (x/(1 + e^w))·e^w for x < 0 with the
 * power of two applied last. For x < −21.8 the value is below the smallest subnormal.
 */
export function geluTanhValue(x: number): number {
  if (x >= 0) {
    if (x > 12) return x;
    argument(x);
    expParts(-1);
    ddDiv([x, 0], ddAdd(one, e, den), num);
    return num[0] + num[1];
  }
  if (!(x > -30)) return x < 0 ? -0 : NaN;
  argument(x);
  const n = expParts(1);
  ddDiv([x, 0], ddAdd(one, e, den), num);
  ddMul(num, m, num);
  return ldexp(num[0] + num[1], n);
}

/** The zero of the derivative (≈ −0.7525) to double-double precision, from an 80-digit Newton iteration. */
const ROOT: DD = [-0.7524614220710163, 3.635560509207687e-17];

/**
 * σ(w)·(1 + x·w′·σ(−w)) with w′ = 2√(2/π)(1 + 3·0.044715x²), i.e. e^w(1 + e^w + x·w′)/(1 + e^w)²
 * for x < 0 (zero at x ≈ −0.7525) and (1 + e + x·w′·e)/(1 + e)² with e = e^(−w) for x ≥ 0.
 */
export function geluTanhDerivative(x: number): number {
  if (x > 12) return 1;
  if (!(x > -30)) return x < 0 ? -0 : NaN;
  twoProd(x, x, dw);
  ddMul(dw, [3, 0], dw);
  ddMul(dw, C, dw);
  ddAdd(dw, one, dw);
  ddMul(dw, K2, dw);
  ddMul(dw, [x, 0], dw); // x·w′
  argument(x);
  if (x >= 0) {
    expParts(-1);
    ddAdd(one, e, den);
    ddAdd(den, ddMul(dw, e, num), num);
    ddMul(den, den, den);
    ddDiv(num, den, num);
    return num[0] + num[1];
  }
  const z = nearZero(x, ROOT, 0.4304000910248585, 0.38751844613578895);
  if (z === z) return z;
  const n = expParts(1);
  ddAdd(one, e, den);
  ddAdd(den, dw, num);
  ddMul(den, den, den);
  ddDiv(num, den, num);
  ddMul(num, m, num);
  return ldexp(num[0] + num[1], n);
}

const info = {
  id: "gelu-tanh",
  name: "GELU (tanh)",
  names: { en: "GELU, tanh approximation", zh: "GELU（tanh 近似）" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{gelu}_{\\tanh}(x) = \\frac{x}{2}\\Bigl(1 + \\tanh u\\Bigr), \\quad u = \\sqrt{2/\\pi}\\,(x + 0.044715\\,x^3)",
    df: "\\operatorname{gelu}_{\\tanh}'(x) = \\tfrac12(1 + \\tanh u) + \\tfrac{x}{2}\\,(1 - \\tanh^2 u)\\,\\sqrt{2/\\pi}\\,(1 + 0.134145\\,x^2)",
  },
  params: [],
  constants: [],
  range: { min: -0.1701, max: Infinity, latex: "[-0.17004\\ldots, \\infty)" },
  properties: { monotonic: false, bounded: false, zeroCentred: false, smooth: true, saturating: "left" },
  summary: {
    en: "The tanh formula the GELU paper proposed as a cheaper stand-in for x·Φ(x); it differs from exact GELU by less than 5·10⁻⁴.",
    zh: "GELU 论文中提出的 tanh 公式，用来廉价地近似 x·Φ(x)；与精确 GELU 的差小于 5·10⁻⁴。",
  },
  strengths: {
    en: [
      "Only a tanh and a cubic, so it is fast wherever erf is slow or missing.",
      "Matches the pretrained weights of models that were trained with it (GPT-2, original BERT code).",
    ],
    zh: ["只需一个 tanh 和一个三次多项式，在 erf 缓慢或缺失的环境里更快。", "与用它训练的模型（GPT-2、原版 BERT 代码）的预训练权重一致。"],
  },
  weaknesses: {
    en: ["An approximation: mixing it with exact GELU changes results slightly.", "Like GELU, not monotonic; its left tail vanishes like e^(−0.07x³), much faster than GELU's."],
    zh: ["只是近似：与精确 GELU 混用会使结果略有不同。", "与 GELU 一样不单调；左尾按 e^(−0.07x³) 衰减，比 GELU 快得多。"],
  },
  elsewhere: {
    pytorch: "nn.GELU(approximate=\"tanh\")",
    tfjs: "tf.layers activation 'gelu_new'",
    note: {
      en: "The constants √(2/π) and 0.044715 are taken as exact reals; actlab computes the argument in double-double so the left tail, where e^(2u) decides everything, stays exact.",
      zh: "常数 √(2/π) 与 0.044715 按精确实数处理；actlab 用双倍双精度计算自变量，因此由 e^(2u) 决定的左尾保持精确。",
    },
  },
  references: [{ title: "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs) (2016)", url: "https://arxiv.org/abs/1606.08415" }],
  figure: { domain: [-5, 5] },
} as const satisfies ActivationInfo;

/**
 * The tanh approximation of GELU, x/2·(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(2u).
 * @example
 * geluTanh.f(1);   // 0.8411919906082767
 * geluTanh.f(-25); // -0 (the value is below 1e−400)
 */
export const geluTanh = elementwise(info, geluTanhValue, geluTanhDerivative, (p) => (noParams(info, p), 0));
