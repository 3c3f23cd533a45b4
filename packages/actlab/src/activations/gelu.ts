import { scaledExp } from "./exp.js";
import { type DD, ddAdd, ddMul, nearZero, twoProd } from "./dd.js";
import { elementwise } from "./kernel.js";
import { halfSquare, INV_SQRT_2PI, millsRatio, normalSeries, SERIES_LIMIT } from "./normal.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** The zero of GELU′ (≈ −0.7518) to double-double precision, from a 80-digit Newton iteration. */
const ROOT: DD = [-0.7517915246935645, 1.4956759177009883e-17];
const phi: DD = [0, 0];
const Phi: DD = [0, 0];
const r: DD = [0, 0];
const c: DD = [0, 0];
const a: DD = [0, 0];
const xd: DD = [0, 0];

/** φ(x) in plain float64, for the right tail where it only corrects a value near 1 or x. */
function density(x: number): number {
  return Math.exp(-0.5 * x * x) * INV_SQRT_2PI[0];
}

/**
 * x·Φ(x). Left of −3.5 it is −t·φ(t)·R(t) with t = −x: the factor t·R(t)/√(2π) in double-double,
 * times e^(−t²/2) applied last (scaledExp), so gelu(−37) ≈ −2.1e−298 and the subnormal values
 * down to gelu(−38.6) keep their bits.
 */
export function geluValue(x: number): number {
  if (!(Math.abs(x) < 1e100)) return x > 0 ? x : x < 0 ? -0 : NaN;
  if (x >= SERIES_LIMIT) return x > 40 ? x : x - x * density(x) * millsRatio(x, r)[0];
  if (x > -SERIES_LIMIT) {
    normalSeries(x, phi, Phi);
    twoProd(x, Phi[0], c);
    return c[0] + (c[1] + x * Phi[1]);
  }
  const t = -x;
  millsRatio(t, r);
  xd[0] = t;
  xd[1] = 0;
  ddMul(ddMul(r, xd, c), INV_SQRT_2PI, c);
  halfSquare(t, a);
  return -scaledExp(c[0] + (c[1] - c[0] * a[1]), -a[0]);
}

/**
 * Φ(x) + x·φ(x). It crosses zero at x ≈ −0.7518, where the two terms cancel: there (and on all
 * of |x| < 3.5) both are summed in double-double. Left of −3.5 it is φ(t)·(R(t) − t), again with
 * the exponential applied last.
 */
export function geluDerivative(x: number): number {
  if (!(Math.abs(x) < 1e100)) return x > 0 ? 1 : x < 0 ? -0 : NaN;
  if (x >= SERIES_LIMIT) return x > 40 ? 1 : 1 + density(x) * (x - millsRatio(x, r)[0]);
  if (x > -SERIES_LIMIT) {
    const z = nearZero(x, ROOT, 0.4314939923140469, 0.388284982990552);
    if (z === z) return z;
    normalSeries(x, phi, Phi);
    xd[0] = x;
    xd[1] = 0;
    ddAdd(Phi, ddMul(phi, xd, c), c);
    return c[0] + c[1];
  }
  const t = -x;
  millsRatio(t, r);
  xd[0] = -t;
  xd[1] = 0;
  ddMul(ddAdd(r, xd, c), INV_SQRT_2PI, c);
  halfSquare(t, a);
  return scaledExp(c[0] + (c[1] - c[0] * a[1]), -a[0]);
}

const info = {
  id: "gelu",
  name: "GELU",
  names: { en: "Gaussian error linear unit", zh: "高斯误差线性单元" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{gelu}(x) = x\\,\\Phi(x) = \\frac{x}{2}\\Bigl(1 + \\operatorname{erf}\\frac{x}{\\sqrt{2}}\\Bigr)",
    df: "\\operatorname{gelu}'(x) = \\Phi(x) + x\\,\\varphi(x), \\quad \\varphi(x) = \\frac{e^{-x^2/2}}{\\sqrt{2\\pi}}",
  },
  params: [],
  constants: [],
  range: { min: -0.17, max: Infinity, latex: "[-0.16997\\ldots, \\infty)" },
  properties: { monotonic: false, bounded: false, zeroCentred: false, smooth: true, saturating: "left" },
  summary: {
    en: "Weights each input by the probability that a standard normal variable lies below it: close to ReLU far from 0, smooth and slightly negative around it.",
    zh: "用标准正态变量小于 x 的概率给输入加权：远离 0 时接近 ReLU，0 附近平滑并略低于 0。",
  },
  strengths: {
    en: [
      "Smooth everywhere, so the gradient has no jump at 0 and optimisers see a continuous landscape.",
      "The small negative dip (minimum about −0.17 at x ≈ −0.75) lets slightly negative inputs still carry gradient.",
      "The default activation of transformer models (BERT, GPT), so results there are comparable.",
    ],
    zh: [
      "处处光滑，0 处梯度不跳变，优化器面对的是连续的损失曲面。",
      "负半轴有一个小凹陷（x ≈ −0.75 处最小约 −0.17），略为负的输入仍有梯度。",
      "Transformer 模型（BERT、GPT）的默认激活函数，便于与这些结果对比。",
    ],
  },
  weaknesses: {
    en: [
      "Needs the error function, which is costlier than an exponential; many libraries offer the tanh approximation for speed.",
      "Not monotonic: its derivative is negative for x below about −0.75.",
    ],
    zh: ["需要计算误差函数，比指数运算更贵；许多库为速度提供 tanh 近似版。", "不单调：x 小于约 −0.75 时导数为负。"],
  },
  elsewhere: {
    pytorch: "nn.GELU() / F.gelu(x)",
    tfjs: "tf.layers activation 'gelu' (no tf.gelu op)",
    note: {
      en: "Same definition. float32 libraries round the left tail to 0 early (gelu(−37) ≈ −2.1e−298 in float64); actlab evaluates Φ with a Mills-ratio continued fraction so the float64 tail keeps its digits down to the subnormals.",
      zh: "定义相同。float32 库会过早把左尾变成 0（float64 中 gelu(−37) ≈ −2.1e−298）；actlab 用 Mills 比的连分式计算 Φ，float64 左尾直到次正规数都保留精度。",
    },
  },
  references: [{ title: "Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs) (2016)", url: "https://arxiv.org/abs/1606.08415" }],
  figure: { domain: [-5, 5] },
} as const satisfies ActivationInfo;

/**
 * GELU, x·Φ(x) with the exact normal distribution (not the tanh approximation: see gelu-tanh).
 * @example
 * gelu.f(1);     // 0.8413447460685429
 * gelu.f(-37);   // -2.1184613523340935e-298 (not 0)
 * gelu.df(-0.7517915246935645); // ≈ −6.5e−18, the zero of gelu′
 */
export const gelu = elementwise(info, geluValue, geluDerivative, (p) => (noParams(info, p), 0));
