import { ddAdd, ddExp, ddExpSplit, ddMul, ldexp, twoProd } from "./dd.js";
import { elementwise } from "./kernel.js";
import { scalarParam } from "./params.js";
import type { ActivationInfo } from "./types.js";

const p: [number, number] = [0, 0];

/** x/α as vh + vl: vh rounded, vl the remainder (x − vh·α exactly, via twoProd) over α. */
function quotient(x: number, alpha: number): number {
  const vh = x / alpha;
  twoProd(vh, alpha, p);
  return (x - p[0] - p[1]) / alpha;
}

/**
 * The power of two k that brings an α outside [2^−500, 2^500] near 1, else 0: the double-double
 * steps (x/α exact, the product by α) overflow or underflow for such α, while celu(x; α) =
 * 2^k·celu(x·2^−k; α·2^−k) and e^(x/α) is unchanged.
 */
function rescale(alpha: number): number {
  return alpha > 2 ** 500 || alpha < 2 ** -500 ? Math.floor(Math.log2(alpha)) : 0;
}

const m: [number, number] = [0, 0];
const v: [number, number] = [0, 0];

/**
 * α·(e^(x/α) − 1) for x < 0, in double-double: x/α is carried exactly (vh + vl), e^v comes from a
 * double-double exponential, and tiny |v| takes x + x·v/2 so nothing cancels.
 */
export function celuValue(x: number, alpha: number): number {
  if (!(x < 0)) return x;
  const vh = x / alpha;
  if (vh < -40) return -alpha;
  if (vh > -1e-10) return x + 0.5 * x * vh;
  // here |x| ≥ 1e−10·α, so x·2^−k keeps all its bits
  const k = rescale(alpha);
  if (k !== 0) return ldexp(celuValue(ldexp(x, -k), ldexp(alpha, -k)), k);
  v[0] = vh;
  v[1] = quotient(x, alpha);
  ddExp(v, m);
  ddAdd(m, [-1, 0], m);
  ddMul(m, [alpha, 0], m);
  return m[0] + m[1];
}

// NOTE: celu′(0) = 1 from both sides (CELU is continuously differentiable for every α).
export function celuDerivative(x: number, alpha: number): number {
  if (!(x < 0)) return x >= 0 ? 1 : NaN;
  const k = rescale(alpha);
  if (k !== 0) return celuDerivative(ldexp(x, -k), ldexp(alpha, -k));
  const vh = x / alpha;
  if (vh < -800) return 0;
  v[0] = vh;
  v[1] = quotient(x, alpha);
  const n = ddExpSplit(v, m);
  return ldexp(m[0] + m[1], n);
}

const info = {
  id: "celu",
  name: "CELU",
  names: { en: "Continuously differentiable exponential linear unit", zh: "连续可微指数线性单元" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{celu}(x) = \\begin{cases} \\alpha\\,(e^{x/\\alpha} - 1) & x < 0 \\\\ x & \\text{otherwise} \\end{cases}",
    df: "\\operatorname{celu}'(x) = \\begin{cases} e^{x/\\alpha} & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}",
  },
  params: [
    {
      name: "alpha",
      symbol: "\\alpha",
      default: 1,
      min: 0,
      minExclusive: true,
      max: Infinity,
      learnable: false,
      slider: [0.1, 3],
      description: { en: "the value approached as x → −∞ is −α; the slope at 0 is 1 for every α (PyTorch: alpha)", zh: "x → −∞ 时趋近 −α；任意 α 下 0 处斜率都是 1（PyTorch：alpha）" },
    },
  ],
  constants: [],
  range: { min: -1, max: Infinity, latex: "(-\\alpha, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: true, saturating: "left" },
  summary: {
    en: "ELU with x/α inside the exponential, so the slope is 1 on both sides of 0 for every α.",
    zh: "把指数内改为 x/α 的 ELU，因此对任意 α，0 两侧斜率都为 1。",
  },
  strengths: {
    en: [
      "Continuously differentiable for every α (ELU is only when α = 1), so the gradient never jumps.",
      "Keeps ELU's benefits: negative outputs, no dead units, saturation on the left only.",
    ],
    zh: ["对任意 α 都连续可微（ELU 只有 α = 1 时如此），梯度不会跳变。", "保留 ELU 的优点：可输出负值、没有死神经元、只在左侧饱和。"],
  },
  weaknesses: {
    en: ["Costs an exponential for negative inputs.", "With α = 1 it is exactly ELU, so it only differs when α is tuned."],
    zh: ["负输入需要计算指数。", "α = 1 时与 ELU 完全相同，只有调节 α 时才有区别。"],
  },
  elsewhere: {
    pytorch: "nn.CELU(alpha=1.0)",
    tfjs: "none",
    note: {
      en: "CELU has no kink, so every library agrees on celu′(0) = 1.",
      zh: "CELU 没有折点，各库在 0 处的导数都是 1。",
    },
  },
  references: [{ title: "Barron, Continuously Differentiable Exponential Linear Units (2017)", url: "https://arxiv.org/abs/1704.07483" }],
  figure: { domain: [-6, 6] },
} as const satisfies ActivationInfo;

/**
 * CELU: x for x ≥ 0, α(e^(x/α) − 1) below (α > 0, default 1).
 * @example
 * celu.f(-1, { alpha: 2 });  // -0.7869386805747332
 * celu.df(0);                // 1 (from both sides)
 */
export const celu = elementwise(info, celuValue, celuDerivative, (p) => scalarParam(info, p, "alpha"));
