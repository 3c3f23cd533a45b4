import { type DD, ddAdd, ddDiv, ddExp, ddMul, twoProd } from "./dd.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

const e: DD = [0, 0];
const num: DD = [0, 0];
const den: DD = [0, 0];
const one: DD = [1, 0];

/** tanh|x| = (1 − e)/(1 + e), e = e^(−2|x|), in double-double (for 10⁻³ ≤ |x| < 3). */
function tanhDD(ax: number, out: DD): DD {
  ddExp([-2 * ax, 0], e);
  num[0] = -e[0];
  num[1] = -e[1];
  ddAdd(one, num, num);
  ddAdd(one, e, den);
  return ddDiv(num, den, out);
}

const t: DD = [0, 0];

/**
 * x − tanh x without cancellation: its Taylor series below 10⁻³, a double-double tanh up to 3
 * (tanhshrink(1e−5) ≈ 3.3e−16 keeps every digit), and (|x| − 1) + 2e/(1 + e) beyond.
 */
export function tanhshrinkValue(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 1e-3) {
    // x³/3·(1 − 2x²/5 + 17x⁴/105), the next term being 0.07x⁶ relative: x³/3 as a double-double
    twoProd(x, x, t);
    const c = t[0] * (-0.4 + (17 / 105) * t[0]);
    ddMul(t, [x, 0], t);
    ddDiv(t, [3, 0], t);
    return t[0] + (t[1] + c * t[0]);
  }
  if (ax < 3) {
    tanhDD(ax, t);
    t[0] = -t[0];
    t[1] = -t[1];
    ddAdd([ax, 0], t, t);
    r = t[0] + t[1];
  } else if (ax >= 3) {
    const q = Math.exp(-2 * ax);
    r = ax - 1 + (2 * q) / (1 + q);
  } else return NaN;
  return x < 0 ? -r : r;
}

/** tanh²x, squared in double-double for |x| < 3 and as 1 − sech²x beyond. */
export function tanhshrinkDerivative(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1e-6) {
    twoProd(x, x, t);
    return t[0] + (t[1] - (2 / 3) * t[0] * t[0]);
  }
  if (ax < 3) {
    ddMul(tanhDD(ax, t), t, t);
    return t[0] + t[1];
  }
  if (ax >= 3) {
    const q = Math.exp(-2 * ax);
    const d = 1 + q;
    return 1 - (4 * q) / (d * d);
  }
  return NaN;
}

const info = {
  id: "tanhshrink",
  name: "Tanhshrink",
  names: { en: "Tanhshrink", zh: "Tanh 收缩" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{tanhshrink}(x) = x - \\tanh x",
    df: "\\operatorname{tanhshrink}'(x) = \\tanh^2 x",
  },
  params: [],
  constants: [],
  range: { min: -Infinity, max: Infinity, latex: "(-\\infty, \\infty)" },
  properties: { monotonic: true, bounded: false, zeroCentred: true, smooth: true, saturating: "none" },
  summary: {
    en: "What is left of x after tanh has taken its part: flat like x³/3 near 0, a line of slope 1 shifted by ∓1 far out.",
    zh: "x 减去 tanh 后剩下的部分：0 附近像 x³/3 一样平，远处是斜率为 1、平移 ∓1 的直线。",
  },
  strengths: {
    en: ["Suppresses small inputs smoothly (a soft dead zone) while passing large ones almost unchanged.", "Odd and zero-centred."],
    zh: ["平滑地抑制小输入（柔和的死区），大输入几乎原样通过。", "奇函数，以 0 为中心。"],
  },
  weaknesses: {
    en: ["The derivative tanh²x is almost 0 near the origin, so small activations learn slowly.", "Rarely used outside sparse coding and denoising."],
    zh: ["导数 tanh²x 在原点附近几乎为 0，小激活学习缓慢。", "除稀疏编码和去噪外很少使用。"],
  },
  elsewhere: {
    pytorch: "nn.Tanhshrink() / F.tanhshrink(x)",
    tfjs: "none (x − tf.tanh(x))",
    note: {
      en: "Computed as written, x − tanh x cancels near 0 (in float64 it is 0 for |x| < 1e−8); actlab uses the Taylor series and a double-double tanh, so tanhshrink(1e−5) ≈ 3.3e−16 keeps every digit.",
      zh: "按原式计算时 x − tanh x 在 0 附近相互抵消（float64 中 |x| < 1e−8 时为 0）；actlab 使用泰勒级数和双倍双精度 tanh，tanhshrink(1e−5) ≈ 3.3e−16 的每一位都准确。",
    },
  },
  references: [{ title: "PyTorch documentation, torch.nn.Tanhshrink", url: "https://pytorch.org/docs/stable/generated/torch.nn.Tanhshrink.html" }],
  figure: { domain: [-5, 5] },
} as const satisfies ActivationInfo;

/**
 * x − tanh x without cancellation.
 * @example
 * tanhshrink.f(1e-5);  // 3.333333333200001e-16
 * tanhshrink.df(1);    // 0.580025658385974
 */
export const tanhshrink = elementwise(info, tanhshrinkValue, tanhshrinkDerivative, (p) => (noParams(info, p), 0));
