import { elementwise } from "./kernel.js";
import { scalarParam } from "./params.js";
import type { ActivationInfo, Params } from "./types.js";

/** x above the threshold t, the constant `value` at or below it; NaN stays NaN. */
export function thresholdValue(x: number, t: number, value: number): number {
  return x > t ? x : x <= t ? value : NaN;
}

// NOTE: threshold′(t) = 1, the slope of the piece on the right (f jumps at t unless value = t).
// PyTorch gives 0 there (its backward passes the gradient only where x > t).
export function thresholdDerivative(x: number, t: number): number {
  return x < t ? 0 : x >= t ? 1 : NaN;
}

const info = {
  id: "threshold",
  name: "Threshold",
  names: { en: "Threshold", zh: "阈值函数" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{threshold}(x) = \\begin{cases} x & x > t \\\\ v & \\text{otherwise} \\end{cases}",
    df: "\\operatorname{threshold}'(x) = \\begin{cases} 0 & x < t \\\\ 1 & \\text{otherwise} \\end{cases}",
  },
  params: [
    {
      name: "threshold",
      symbol: "t",
      default: 0,
      min: -Infinity,
      max: Infinity,
      learnable: false,
      slider: [-3, 3],
      description: { en: "inputs above t pass unchanged (PyTorch: threshold)", zh: "大于 t 的输入原样通过（PyTorch：threshold）" },
    },
    {
      name: "value",
      symbol: "v",
      default: 0,
      min: -Infinity,
      max: Infinity,
      learnable: false,
      slider: [-3, 3],
      description: { en: "what inputs at or below t are replaced by (PyTorch: value)", zh: "不大于 t 的输入被替换成的值（PyTorch：value）" },
    },
  ],
  constants: [],
  range: { min: 0, max: Infinity, latex: "\\{v\\} \\cup (t, \\infty) = [0, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: false, smooth: false, saturating: "left" },
  summary: {
    en: "Passes inputs above a threshold t and replaces the others by a constant v; with t = v = 0 it is ReLU.",
    zh: "大于阈值 t 的输入原样通过，其余替换为常数 v；t = v = 0 时就是 ReLU。",
  },
  strengths: {
    en: ["Generalises ReLU with a movable cut and a chosen floor.", "One comparison per element."],
    zh: ["推广了 ReLU：切点可移动，下限可指定。", "每个元素一次比较。"],
  },
  weaknesses: {
    en: ["Discontinuous at t unless v = t.", "Zero gradient below t, so units can die as with ReLU."],
    zh: ["除非 v = t，否则在 t 处不连续。", "t 以下梯度为 0，神经元可能像 ReLU 一样死亡。"],
  },
  elsewhere: {
    pytorch: "nn.Threshold(threshold, value)",
    tfjs: "none",
    note: {
      en: "PyTorch has no defaults for t and v; actlab uses t = v = 0 (ReLU). At x = t actlab's derivative is 1 (the right-hand piece), PyTorch's 0.",
      zh: "PyTorch 中 t 与 v 没有默认值；actlab 取 t = v = 0（即 ReLU）。在 x = t 处 actlab 的导数为 1（右侧分段），PyTorch 为 0。",
    },
  },
  references: [{ title: "PyTorch documentation, torch.nn.Threshold", url: "https://pytorch.org/docs/stable/generated/torch.nn.Threshold.html" }],
  figure: { domain: [-3, 3], params: { threshold: 1, value: -0.5 } },
} as const satisfies ActivationInfo;

function resolve(p: Params | undefined): readonly [number, number] {
  return [scalarParam(info, p, "threshold"), scalarParam(info, p, "value")];
}

/**
 * x above t, v at or below (t = v = 0 by default, which is ReLU).
 * @example
 * threshold.f(0.5, { threshold: 1, value: -2 });  // -2
 * threshold.df(1, { threshold: 1 });              // 1 (right-hand piece; PyTorch 0)
 */
export const threshold = elementwise(info, thresholdValue, thresholdDerivative, resolve);
