import { ldexp, twoProd } from "./dd.js";
import { elementwise } from "./kernel.js";
import { sigmoidOf, softplusOf } from "./logistic.js";
import { scalarParam } from "./params.js";
import type { ActivationInfo } from "./types.js";

const v: [number, number] = [0, 0];

/**
 * Below this β the quotient by β (up to ln 2/β) leaves the range where double-double
 * arithmetic works, so x and β are rescaled by a power of two first: softplus(x; β) =
 * 2^k·softplus(x·2^−k; β·2^k) and σ(βx) is unchanged.
 */
const TINY_BETA = 2 ** -600;

/** (1/β)·log(1 + e^(βx)) with β·x kept exactly as a double-double; no threshold cut. */
export function softplusValue(x: number, beta: number): number {
  if (beta < TINY_BETA && Number.isFinite(x)) {
    // the power of two goes in last, inside softplusOf, so a left tail that only becomes a
    // normal number after the scaling keeps its bits
    const k = -Math.floor(Math.log2(beta));
    const xs = ldexp(x, -k);
    const bs = ldexp(beta, k);
    twoProd(bs, xs, v);
    return softplusOf(xs, v[0], v[1], bs, k);
  }
  if (!(Math.abs(x) < 1e290 / Math.max(beta, 1))) return x > 0 ? x : x < 0 ? 0 : NaN;
  twoProd(beta, x, v);
  return softplusOf(x, v[0], v[1], beta);
}

/** σ(βx), with βx exact. */
export function softplusDerivative(x: number, beta: number): number {
  if (beta < TINY_BETA && Number.isFinite(x)) {
    const k = -Math.floor(Math.log2(beta));
    return softplusDerivative(ldexp(x, -k), ldexp(beta, k));
  }
  if (!(Math.abs(x) < 1e290 / Math.max(beta, 1))) return x > 0 ? 1 : x < 0 ? 0 : NaN;
  twoProd(beta, x, v);
  return sigmoidOf(v[0], v[1]);
}

const info = {
  id: "softplus",
  name: "Softplus",
  names: { en: "Softplus", zh: "Softplus（平滑 ReLU）" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{softplus}(x) = \\frac{1}{\\beta}\\ln\\bigl(1 + e^{\\beta x}\\bigr)",
    df: "\\operatorname{softplus}'(x) = \\sigma(\\beta x) = \\frac{1}{1 + e^{-\\beta x}}",
  },
  params: [
    {
      name: "beta",
      symbol: "\\beta",
      default: 1,
      min: 0,
      minExclusive: true,
      max: Infinity,
      learnable: false,
      slider: [0.1, 5],
      description: { en: "sharpness: large β approaches ReLU, small β flattens the bend (PyTorch: beta)", zh: "锐度：β 越大越接近 ReLU，越小拐弯越平缓（PyTorch：beta）" },
    },
  ],
  constants: [],
  range: { min: 0, max: Infinity, latex: "(0, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: true, saturating: "left" },
  summary: {
    en: "A smooth ReLU: the logarithm of 1 + e^x, whose derivative is exactly the sigmoid.",
    zh: "平滑版 ReLU：ln(1 + e^x)，它的导数恰好是 sigmoid。",
  },
  strengths: {
    en: [
      "Smooth and strictly positive, so it suits outputs that must be positive (variances, rates, scales).",
      "Its derivative σ(βx) never reaches 0, so no unit dies.",
    ],
    zh: ["光滑且恒为正，适合必须为正的输出（方差、速率、尺度）。", "导数 σ(βx) 永不为 0，不会出现死神经元。"],
  },
  weaknesses: {
    en: ["Needs an exponential and a logarithm.", "Not zero-centred, and softplus(0) = ln 2/β rather than 0."],
    zh: ["需要指数和对数运算。", "输出不以 0 为中心，且 softplus(0) = ln 2/β 而不是 0。"],
  },
  elsewhere: {
    pytorch: "nn.Softplus(beta=1.0, threshold=20.0)",
    tfjs: "tf.softplus (β fixed at 1)",
    note: {
      en: "PyTorch returns x once βx > threshold (20), an error of up to e^(−20) ≈ 2e−9 relative; actlab has no threshold and keeps βx exact, so softplus(−800) is e^(−800) correctly rounded and the left tail is exact for any β.",
      zh: "PyTorch 在 βx > threshold（20）时直接返回 x，相对误差可达 e^(−20) ≈ 2e−9；actlab 不设阈值并精确保留 βx，softplus(−800) 是正确舍入的 e^(−800)，任意 β 下左尾都精确。",
    },
  },
  references: [
    { title: "Dugas, Bengio, Bélisle, Nadeau & Garcia, Incorporating Second-Order Functional Knowledge for Better Option Pricing (2001)", url: "https://proceedings.neurips.cc/paper/2000/hash/44968aece94f667e4095002d140b5896-Abstract.html" },
    { title: "Glorot, Bordes & Bengio, Deep Sparse Rectifier Neural Networks (2011)", url: "https://proceedings.mlr.press/v15/glorot11a.html" },
  ],
  figure: { domain: [-6, 6] },
} as const satisfies ActivationInfo;

/**
 * Softplus (1/β)·log(1 + e^(βx)), exact everywhere (PyTorch cuts to x above βx = 20).
 * @example
 * softplus.f(0);        // 0.6931471805599453 (ln 2)
 * softplus.f(-800);     // 0 (e^−800 is below the smallest double)
 * softplus.f(30);       // 30.000000000000092 (PyTorch: 30)
 */
export const softplus = elementwise(info, softplusValue, softplusDerivative, (p) => scalarParam(info, p, "beta"));
