import { fastPreluChannels } from "../kernels/elementwise.js";
import { alloc, checkInput, checkOverlap, checkPartner, elementwise } from "./kernel.js";
import { channelParam, scalarParam } from "./params.js";
import type { ActivationInfo, Floats, LearnableActivation, Params } from "./types.js";

/** α·x for x < 0; a zero slope gives (−)0 at −∞ too, the limit (as leaky-relu). */
export function preluValue(x: number, alpha: number): number {
  return x < 0 ? (alpha === 0 ? -alpha : alpha * x) : x;
}

// NOTE: prelu′(0) = 1 (the "otherwise" branch); PyTorch gives α there.
export function preluDerivative(x: number, alpha: number): number {
  return x < 0 ? alpha : x >= 0 ? 1 : NaN;
}

/** ∂prelu/∂α = x for x < 0, else 0 (NaN for NaN). */
export function preluAlphaDerivative(x: number): number {
  return x < 0 ? x : x >= 0 ? 0 : NaN;
}

const info = {
  id: "prelu",
  name: "PReLU",
  names: { en: "Parametric rectified linear unit", zh: "参数化线性整流元" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{prelu}(x) = \\begin{cases} \\alpha x & x < 0 \\\\ x & \\text{otherwise} \\end{cases}",
    df: "\\frac{\\partial\\,\\operatorname{prelu}}{\\partial x} = \\begin{cases} \\alpha & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases},\\quad \\frac{\\partial\\,\\operatorname{prelu}}{\\partial \\alpha} = \\begin{cases} x & x < 0 \\\\ 0 & \\text{otherwise} \\end{cases}",
  },
  params: [
    {
      name: "alpha",
      symbol: "\\alpha",
      default: 0.25,
      min: -Infinity,
      max: Infinity,
      learnable: true,
      perChannel: true,
      slider: [-0.5, 1],
      description: {
        en: "slope for negative inputs, learned from data (initial value 0.25); one shared value or one per channel",
        zh: "负半轴的斜率，由数据学习得到（初始值 0.25）；可全局共享，也可每个通道一个",
      },
    },
  ],
  constants: [],
  range: { min: -Infinity, max: Infinity, latex: "(-\\infty, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: false, saturating: "none" },
  summary: {
    en: "Leaky ReLU whose negative slope α is a weight the network learns; α = 0 gives ReLU, a small fixed α gives Leaky ReLU.",
    zh: "负半轴斜率 α 作为网络权重参与学习的 Leaky ReLU；α = 0 时即 ReLU，α 为小常数时即 Leaky ReLU。",
  },
  strengths: {
    en: ["The network fits α to the data instead of you guessing it.", "Adds only one parameter per channel (or one in all), at ReLU's cost."],
    zh: ["由网络根据数据学习合适的 α，无需人工猜测。", "每个通道只多一个参数（或全局一个），计算量与 ReLU 相当。"],
  },
  weaknesses: {
    en: ["The extra parameters can overfit small data sets.", "Like ReLU, it is unbounded and has a kink at 0."],
    zh: ["额外参数在小数据集上可能过拟合。", "与 ReLU 一样输出无界，并在 0 处有折点。"],
  },
  elsewhere: {
    pytorch: "nn.PReLU(num_parameters=1, init=0.25)",
    tfjs: "tf.prelu(x, alpha) / tf.layers.prelu",
    note: {
      en: "Same initial α (0.25) as PyTorch. Per-channel α here runs along the last axis (element i uses α[i mod C]); PyTorch uses dimension 1 (NCHW).",
      zh: "初始 α 与 PyTorch 一样为 0.25。此处按通道的 α 沿最后一维（第 i 个元素用 α[i mod C]）；PyTorch 沿第 1 维（NCHW）。",
    },
  },
  references: [{ title: "He, Zhang, Ren & Sun, Delving Deep into Rectifiers (2015)", url: "https://arxiv.org/abs/1502.01852" }],
  figure: { domain: [-10, 10] },
} as const satisfies ActivationInfo;

const scalar = elementwise(info, preluValue, preluDerivative, (p) => scalarParam(info, p, "alpha"));

function channels(id: string, x: Floats, alpha: number | ArrayLike<number>): ArrayLike<number> | number {
  if (typeof alpha === "number" || alpha.length === 1) return typeof alpha === "number" ? alpha : alpha[0];
  if (x.length % alpha.length !== 0) {
    throw new RangeError(`${id}: x has length ${x.length}, not a multiple of the ${alpha.length} channels of alpha`);
  }
  return alpha;
}

/**
 * PReLU with one α for all elements, or one per channel (element i uses α[i mod C]).
 *
 * @example
 * prelu.f(-2);                          // -0.5 (α = 0.25 by default)
 * prelu.df(0);                          // 1 (right-hand derivative; PyTorch gives α)
 * prelu.forward(new Float64Array([-1, -1, 2, -3]), { alpha: [0.1, 0.2] });   // Float64Array [-0.1, -0.2, 2, -0.6000000000000001]
 * prelu.backwardAlpha(new Float64Array([-1, -1, 2, -3]), new Float64Array([1, 1, 1, 1]), { alpha: [0.1, 0.2] });   // Float64Array [-1, -4]: Σ dy·x over x < 0, per channel
 * prelu.dfdAlpha(-3);                   // -3
 */
export const prelu: LearnableActivation<"prelu"> = {
  ...scalar,
  forward(x, p, out) {
    checkInput(info.id, x);
    const a = channels(info.id, x, channelParam(info, p, "alpha"));
    if (typeof a === "number") return scalar.forward(x, { alpha: a }, out);
    checkInput(info.id, x);
    checkPartner(info.id, "out", x, out);
    const y = out ?? alloc(x);
    if (x instanceof Float32Array && fastPreluChannels("f", x, undefined, y as Float32Array, undefined, a)) return y;
    const c = a.length;
    for (let i = 0; i < x.length; i++) y[i] = preluValue(x[i], a[i % c]);
    return y;
  },
  backward(x, dy, p, out) {
    checkInput(info.id, x);
    const a = channels(info.id, x, channelParam(info, p, "alpha"));
    if (typeof a === "number") return scalar.backward(x, dy, { alpha: a }, out);
    checkInput(info.id, x);
    checkPartner(info.id, "dy", x, dy);
    checkPartner(info.id, "out", x, out);
    if (out) checkOverlap(info.id, "out", dy, out, "dy");
    const dx = out ?? alloc(x);
    if (x instanceof Float32Array && fastPreluChannels("b", x, dy as Float32Array, dx as Float32Array, undefined, a)) return dx;
    const c = a.length;
    for (let i = 0; i < x.length; i++) dx[i] = dy[i] * preluDerivative(x[i], a[i % c]);
    return dx;
  },
  forwardWithDerivative(x, p, y, d) {
    checkInput(info.id, x);
    const a = channels(info.id, x, channelParam(info, p, "alpha"));
    if (typeof a === "number") return scalar.forwardWithDerivative(x, { alpha: a }, y, d);
    checkInput(info.id, x);
    checkPartner(info.id, "y", x, y);
    checkPartner(info.id, "d", x, d);
    if (y && d) checkOverlap(info.id, "d", y, d, "y", false);
    const yy = y ?? alloc(x);
    const dd = d ?? alloc(x);
    if (x instanceof Float32Array && fastPreluChannels("fd", x, undefined, yy as Float32Array, dd as Float32Array, a)) return { y: yy, d: dd };
    const c = a.length;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      yy[i] = preluValue(v, a[i % c]);
      dd[i] = preluDerivative(v, a[i % c]);
    }
    return { y: yy, d: dd };
  },
  dfdAlpha(x: number, p?: Params) {
    scalarParam(info, p, "alpha");
    return preluAlphaDerivative(x);
  },
  backwardAlpha<T extends Floats>(x: T, dy: T, p?: Params, out?: T): T {
    checkInput(info.id, x);
    checkPartner(info.id, "dy", x, dy);
    const a = channels(info.id, x, channelParam(info, p, "alpha"));
    const c = typeof a === "number" ? 1 : a.length;
    if (out !== undefined) {
      checkInput(info.id, out, "out");
      if (out.constructor !== x.constructor) throw new TypeError(`${info.id}: out must be a ${x.constructor.name} like x, got ${out.constructor.name}`);
    }
    const g = out ?? (new (x.constructor as new (n: number) => T)(c));
    if (g.length !== c) throw new RangeError(`${info.id}: out has length ${g.length} but alpha has ${c} channel(s)`);
    // Accumulate in float64 even for float32 arrays, then round once.
    const acc = new Float64Array(c);
    for (let i = 0; i < x.length; i++) acc[i % c] += dy[i] * preluAlphaDerivative(x[i]);
    for (let k = 0; k < c; k++) g[k] = acc[k];
    return g;
  },
};
