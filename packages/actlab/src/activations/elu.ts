import { scaledExp } from "./exp.js";
import { elementwise } from "./kernel.js";
import { scalarParam } from "./params.js";
import type { ActivationInfo } from "./types.js";

/** α(e^x − 1) for x < 0 via expm1, which keeps full precision for tiny |x| (elu(−1e−20) = −1e−20·α). */
export function eluValue(x: number, alpha: number): number {
  return x < 0 ? alpha * Math.expm1(x) : x;
}

// NOTE: elu′(0) = 1 (the "otherwise" branch); PyTorch and TF.js use α·e^0 = α there.
export function eluDerivative(x: number, alpha: number): number {
  return x < 0 ? scaledExp(alpha, x) : x >= 0 ? 1 : NaN;
}

const info = {
  id: "elu",
  name: "ELU",
  names: { en: "Exponential linear unit", zh: "指数线性单元" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{elu}(x) = \\begin{cases} \\alpha\\,(e^{x} - 1) & x < 0 \\\\ x & \\text{otherwise} \\end{cases}",
    df: "\\operatorname{elu}'(x) = \\begin{cases} \\alpha\\,e^{x} & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}",
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
      slider: [0.05, 3],
      description: { en: "value the function approaches as x → −∞ is −α", zh: "x → −∞ 时函数趋近 −α" },
    },
  ],
  constants: [],
  range: { min: -1, max: Infinity, latex: "(-\\alpha, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: false, saturating: "left" },
  summary: {
    en: "Identity for positive inputs, a smooth exponential curve down to −α for negative ones.",
    zh: "正半轴为恒等映射，负半轴是平滑趋近 −α 的指数曲线。",
  },
  strengths: {
    en: [
      "Negative inputs keep a non-zero gradient, so no dead units.",
      "Negative outputs pull the mean activation towards 0.",
      "Saturating on the negative side only makes it robust to noise there and can speed up convergence.",
    ],
    zh: ["负输入仍有非零梯度，不会出现“死神经元”。", "可以输出负值，使激活均值接近 0。", "只在负半轴饱和，对负向噪声更稳健，并能加快收敛。"],
  },
  weaknesses: {
    en: ["Needs an exponential, so it is a little slower than ReLU.", "α is another hyper-parameter to tune."],
    zh: ["需要计算指数，比 ReLU 稍慢。", "α 同样需要调节。"],
  },
  elsewhere: {
    pytorch: "nn.ELU(alpha=1.0)",
    tfjs: "tf.elu (α fixed at 1)",
    note: {
      en: "actlab's derivative at 0 is 1; PyTorch and TF.js return α there (they compute it from the output, y + α). TF.js has no α parameter.",
      zh: "actlab 在 0 处导数取 1；PyTorch 和 TF.js 取 α（它们由输出 y + α 计算）。TF.js 不支持 α 参数。",
    },
  },
  references: [{ title: "Clevert, Unterthiner & Hochreiter, Fast and Accurate Deep Network Learning by Exponential Linear Units (2015)", url: "https://arxiv.org/abs/1511.07289" }],
  figure: { domain: [-10, 10], params: { alpha: 1 } },
} as const satisfies ActivationInfo;

/**
 * ELU: x for x ≥ 0, α(e^x − 1) below (α > 0, default 1), via expm1.
 * @example
 * elu.f(-1e-20);           // -1e-20 (e^x − 1 would give 0)
 * elu.f(-Infinity);        // -1
 * elu.df(-1, { alpha: 2 }); // 0.7357588823428847
 */
export const elu = elementwise(info, eluValue, eluDerivative, (p) => scalarParam(info, p, "alpha"));
