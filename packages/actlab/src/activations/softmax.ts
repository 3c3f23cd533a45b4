import { fastSoftmax, fastSoftmaxBackward } from "../kernels/softmax.js";
import { alloc, checkInput, checkOptions, checkOverlap, checkPartner } from "./kernel.js";
import type { ActivationInfo, Floats } from "./types.js";

/**
 * Options of the row functions (softmax, logSoftmax and their backward passes): the row length
 * and an optional destination array, which must have the input's type and length.
 */
export interface RowOptions<T extends Floats = Floats> {
  /** Row length: the array is a stack of rows of this many entries (default: one row, the whole array). */
  size?: number;
  /** Destination, same type and length as the input. */
  out?: T;
}

function rowSize(name: string, n: number, size: number | undefined): number {
  if (size === undefined) return n;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`${name}: invalid size ${String(size)} (must be a positive integer)`);
  }
  if (n % size !== 0) throw new RangeError(`${name}: array length ${n} is not a multiple of size ${size}`);
  return size;
}

/**
 * Shared pass over one row: the maximum, and what kind of row it is.
 * NaN anywhere → NaN row; all entries −∞ → NaN row (no distribution is defined);
 * any +∞ → the limit: the +∞ entries share probability 1 equally, the rest get 0.
 */
function rowMax(x: Floats, start: number, end: number): number {
  let m = -Infinity;
  for (let j = start; j < end; j++) {
    const v = x[j];
    if (v !== v) return NaN;
    if (v > m) m = v;
  }
  return m === -Infinity ? NaN : m;
}

/**
 * e^(v − m) with v − m carried as an exact double-double (TwoSum): rounding v − m first
 * would cost up to |v − m|·2⁻⁵³ in relative error, hundreds of ulp for gaps near 700.
 */
function expDiff(v: number, m: number): number {
  const d = v - m;
  if (d === -Infinity) return 0;
  const bb = d - v;
  const lo = v - (d - bb) + (-m - bb);
  const e = Math.exp(d);
  return e + e * lo;
}

function diffLo(v: number, m: number, d: number): number {
  const bb = d - v;
  return v - (d - bb) + (-m - bb);
}

function infiniteRow(x: Floats, y: Floats, start: number, end: number, log: boolean): void {
  let k = 0;
  for (let j = start; j < end; j++) if (x[j] === Infinity) k++;
  for (let j = start; j < end; j++) {
    const hit = x[j] === Infinity;
    y[j] = log ? (hit ? 0 - Math.log(k) : -Infinity) : hit ? 1 / k : 0;
  }
}

/** Σ e^(x_j − m) over the row except the first maximum (which contributes exactly 1), by Neumaier summation. */
function restSum(x: Floats, start: number, end: number, m: number): number {
  let s = 0;
  let c = 0;
  let skipped = false;
  for (let j = start; j < end; j++) {
    if (!skipped && x[j] === m) {
      skipped = true;
      continue;
    }
    const e = expDiff(x[j], m);
    const t = s + e;
    c += Math.abs(s) >= Math.abs(e) ? s - t + e : e - t + s;
    s = t;
  }
  return s + c;
}

function toFloats(name: string, x: unknown, opts: unknown): Floats {
  checkInput(name, x);
  checkOptions(name, opts);
  return x;
}

/**
 * softmax along rows: y_j = e^(x_j) / Σ_k e^(x_k), computed as e^(x_j − max) / Σ so that no
 * finite input overflows. A row containing +∞ gives the limit (the +∞ entries share 1,
 * others 0); a row containing NaN, or made only of −∞, gives NaN everywhere.
 *
 * @example
 * softmax(new Float64Array([1, 2, 3]));                    // Float64Array [0.09003057317038046, 0.24472847105479764, 0.6652409557748218]
 * softmax(new Float32Array([0, 0, 5, 5]), { size: 2 });    // Float32Array [0.5, 0.5, 0.5, 0.5]: two rows of 2
 * softmax(new Float64Array([1000, 0]));                    // Float64Array [1, 0]: no overflow
 * softmax([1, 2, 3] as never);                             // throws TypeError: convert a plain array with Float64Array.from(array)
 */
export function softmax<T extends Floats>(x: T, opts: RowOptions<T> = {}): T {
  const xs = toFloats("softmax", x, opts) as T;
  const n = rowSize("softmax", xs.length, opts.size);
  checkPartner("softmax", "out", xs, opts.out);
  const y = opts.out ?? alloc(xs);
  if (xs instanceof Float32Array && fastSoftmax(xs, y as Float32Array, n, false)) return y;
  for (let start = 0; start < xs.length; start += n) {
    const end = start + n;
    const m = rowMax(xs, start, end);
    if (m !== m) y.fill(NaN, start, end);
    else if (m === Infinity) infiniteRow(xs, y, start, end, false);
    else {
      const s = 1 + restSum(xs, start, end, m);
      for (let j = start; j < end; j++) y[j] = expDiff(xs[j], m) / s;
    }
  }
  return y;
}

/**
 * log-softmax along rows: y_j = (x_j − max) − log Σ e^(x_k − max), with the log of the sum
 * taken as log1p of the non-maximal terms. Both parts are ≤ 0, so nothing cancels.
 *
 * @example
 * logSoftmax(new Float64Array([0, 0]));          // Float64Array [-0.6931471805599453, -0.6931471805599453]
 * logSoftmax(new Float64Array([0, -1000]));      // Float64Array [0, -1000]: exact where log(softmax) would give -Infinity
 */
export function logSoftmax<T extends Floats>(x: T, opts: RowOptions<T> = {}): T {
  const xs = toFloats("logSoftmax", x, opts) as T;
  const n = rowSize("logSoftmax", xs.length, opts.size);
  checkPartner("logSoftmax", "out", xs, opts.out);
  const y = opts.out ?? alloc(xs);
  if (xs instanceof Float32Array && fastSoftmax(xs, y as Float32Array, n, true)) return y;
  for (let start = 0; start < xs.length; start += n) {
    const end = start + n;
    const m = rowMax(xs, start, end);
    if (m !== m) y.fill(NaN, start, end);
    else if (m === Infinity) infiniteRow(xs, y, start, end, true);
    else {
      const l = Math.log1p(restSum(xs, start, end, m));
      for (let j = start; j < end; j++) {
        const v = xs[j];
        const d = v - m;
        y[j] = d === -Infinity ? -Infinity : d - l + diffLo(v, m, d);
      }
    }
  }
  return y;
}

function checkPair(name: string, y: Floats, dy: Floats, opts: RowOptions): number {
  checkInput(name, y, "y");
  checkOptions(name, opts);
  checkPartner(name, "dy", y, dy);
  checkPartner(name, "out", y, opts.out);
  if (opts.out) checkOverlap(name, "out", dy, opts.out, "dy");
  return rowSize(name, y.length, opts.size);
}

/**
 * Vector-Jacobian product of softmax from its output y: dx_j = y_j (dy_j − Σ_k y_k dy_k).
 *
 * @example
 * const y = softmax(new Float64Array([1, 2, 3]));
 * softmaxBackward(y, new Float64Array([1, 1, 1]));   // ≈ [0, 0, 0] (within 1e-16): a constant dy changes nothing
 * softmaxBackward(y, new Float64Array([1, 0, 0]));   // [0.0819…, -0.0220…, -0.0598…]: ∂y₀/∂x = y₀(δ₀ⱼ − y_j)
 */
export function softmaxBackward<T extends Floats>(y: T, dy: T, opts: RowOptions<T> = {}): T {
  const n = checkPair("softmaxBackward", y, dy, opts);
  const dx = opts.out ?? alloc(y);
  if (y instanceof Float32Array && fastSoftmaxBackward(y, dy as Float32Array, dx as Float32Array, n)) return dx;
  for (let start = 0; start < y.length; start += n) {
    let dot = 0;
    for (let j = start; j < start + n; j++) dot += y[j] * dy[j];
    for (let j = start; j < start + n; j++) dx[j] = y[j] * (dy[j] - dot);
  }
  return dx;
}

/**
 * Vector-Jacobian product of log-softmax from its output y: dx_j = dy_j − e^(y_j) Σ_k dy_k.
 *
 * @example
 * const y = logSoftmax(new Float64Array([1, 2, 3]));
 * logSoftmaxBackward(y, new Float64Array([0, 0, 1]));   // [-0.0900…, -0.2447…, 0.3347…]: ∂y₂/∂x = δ₂ⱼ − softmax(x)_j
 */
export function logSoftmaxBackward<T extends Floats>(y: T, dy: T, opts: RowOptions<T> = {}): T {
  const n = checkPair("logSoftmaxBackward", y, dy, opts);
  const dx = opts.out ?? alloc(y);
  for (let start = 0; start < y.length; start += n) {
    let sum = 0;
    for (let j = start; j < start + n; j++) sum += dy[j];
    for (let j = start; j < start + n; j++) dx[j] = dy[j] - Math.exp(y[j]) * sum;
  }
  return dx;
}

/**
 * Metadata of softmax for tables, figures and the lab (it is a vector function, so not in `activations`).
 *
 * @example
 * softmaxInfo.id;          // "softmax"
 * softmaxInfo.latex.f;     // the formula in LaTeX
 */
export const softmaxInfo = {
  id: "softmax",
  name: "Softmax",
  names: { en: "Normalised exponential", zh: "归一化指数函数" },
  kind: "vector",
  latex: {
    f: "\\operatorname{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_{j=1}^{K} e^{x_j}}",
    df: "\\frac{\\partial\\,\\operatorname{softmax}(x)_i}{\\partial x_j} = s_i\\,(\\delta_{ij} - s_j)",
  },
  params: [],
  constants: [],
  range: { min: 0, max: 1, latex: "(0, 1),\\ \\textstyle\\sum_i s_i = 1" },
  properties: { monotonic: true, bounded: true, zeroCentred: false, smooth: true, saturating: "both" },
  summary: {
    en: "Turns a vector of K real scores into K probabilities: each in (0, 1), together summing to 1.",
    zh: "把 K 个实数得分变成 K 个概率：每个都在 (0, 1) 内，总和为 1。",
  },
  strengths: {
    en: [
      "Produces a probability distribution, the natural output of a multi-class classifier.",
      "Paired with cross-entropy its gradient is simply (probabilities − targets).",
    ],
    zh: ["输出一个概率分布，是多分类输出层的自然选择。", "与交叉熵配合时，梯度就是“预测概率 − 目标”，非常简洁。"],
  },
  weaknesses: {
    en: [
      "Naive e^x overflows for inputs above ~709; the maximum must be subtracted first.",
      "Only shifts matter (adding a constant changes nothing), and large gaps saturate to 0/1 probabilities.",
    ],
    zh: ["直接计算 e^x 在输入超过约 709 时溢出，必须先减去最大值。", "只有差值有意义（整体加常数不变），差距过大时概率饱和为 0 或 1。"],
  },
  elsewhere: {
    pytorch: "torch.softmax(x, dim) / nn.Softmax(dim)",
    tfjs: "tf.softmax(logits, dim = -1)",
    note: {
      en: "Rows run along the last axis (size = its length), as TF.js's default dim = −1.",
      zh: "按最后一维分行（size 即其长度），与 TF.js 默认的 dim = −1 一致。",
    },
  },
  references: [{ title: "Bridle, Probabilistic Interpretation of Feedforward Classification Network Outputs (1990)", url: "https://doi.org/10.1007/978-3-642-76153-9_28" }],
  figure: { domain: [-10, 10] },
} as const satisfies ActivationInfo;
