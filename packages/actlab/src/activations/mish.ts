import { type DD, ddAdd, ddDiv, ddExpSplit, ddMul, ldexp, nearZero, twoProd } from "./dd.js";
import { elementwise } from "./kernel.js";
import { noParams } from "./params.js";
import type { ActivationInfo } from "./types.js";

const m: DD = [0, 0];
const e: DD = [0, 0];
const n: DD = [0, 0];
const b: DD = [0, 0];
const u: DD = [0, 0];
const t: DD = [0, 0];
const two: DD = [2, 0];
const one: DD = [1, 0];

/** e^x as m·2ᵏ (returned k) and as a double-double e. */
function expParts(x: number): number {
  const k = ddExpSplit([x, 0], m);
  const s = 2 ** k;
  e[0] = m[0] * s;
  e[1] = m[1] * s;
  return k;
}

/**
 * x·tanh(softplus x). With n = e^x(e^x + 2), tanh(softplus x) = n/(n + 2) exactly, so no log or
 * tanh is needed: for x < 0 it is (x(e^x + 2)/(n + 2))·e^x with the power of two of e^x applied
 * last; for x ≥ 0, with e = e^(−x), x(1 + 2e)/(1 + 2e + 2e²). All in double-double.
 */
export function mishValue(x: number): number {
  if (x > 40) return x;
  if (x >= 0) {
    expParts(-x);
    ddAdd(one, ddMul(e, two, u), u); // 1 + 2e
    ddAdd(u, ddMul(ddMul(e, e, b), two, b), b); // 1 + 2e + 2e²
    ddDiv(ddMul([x, 0], u, u), b, u);
    return u[0] + u[1];
  }
  if (!(x > -1e4)) return x < 0 ? -0 : NaN;
  const k = expParts(x);
  ddAdd(e, two, u); // e + 2
  ddAdd(ddMul(e, u, n), two, n); // n + 2
  ddDiv(ddMul([x, 0], u, b), n, b);
  ddMul(b, m, b);
  return ldexp(b[0] + b[1], k);
}

/** The zero of Mish′ (≈ −1.1924) to double-double precision, from an 80-digit Newton iteration. */
const ROOT: DD = [-1.1924312145154952, -4.8484829848031044e-17];

/**
 * tanh(sp) + x·σ(x)·(1 − tanh²(sp)). For x < 0, with e = e^x and n = e(e + 2), it is
 * e·[(e + 2)(n + 2) + 4x(1 + e)]/(n + 2)², whose bracket crosses 0 at x ≈ −1.1924; for x ≥ 0,
 * with e = e^(−x) and m = 1 + 2e + 2e², (1 + 2e)/m + 4x(1 + e)e²/m². All in double-double.
 */
export function mishDerivative(x: number): number {
  if (x > 40) return 1;
  if (x >= 0) {
    expParts(-x);
    ddAdd(one, ddMul(e, two, u), u); // 1 + 2e
    ddAdd(u, ddMul(ddMul(e, e, b), two, b), b); // m
    ddDiv(u, b, u);
    ddAdd(one, e, t);
    ddMul(ddMul(ddMul(t, e, t), e, t), [4 * x, 0], t); // 4x(1 + e)e²
    ddMul(b, b, b);
    ddAdd(u, ddDiv(t, b, t), u);
    return u[0] + u[1];
  }
  if (!(x > -1e4)) return x < 0 ? -0 : NaN;
  const z = nearZero(x, ROOT, 0.2669479140495345, 0.20473126408010586);
  if (z === z) return z;
  const k = expParts(x);
  ddAdd(e, two, u); // e + 2
  ddAdd(ddMul(e, u, n), two, n); // n + 2
  ddMul(u, n, b);
  ddAdd(e, one, t);
  ddAdd(b, ddMul(twoProd(4, x, u), t, t), b);
  ddMul(n, n, n);
  ddDiv(b, n, b);
  ddMul(b, m, b);
  return ldexp(b[0] + b[1], k);
}

const info = {
  id: "mish",
  name: "Mish",
  names: { en: "Mish", zh: "Mish 激活函数" },
  kind: "elementwise",
  latex: {
    f: "\\operatorname{mish}(x) = x\\,\\tanh\\bigl(\\operatorname{softplus}(x)\\bigr) = x\\,\\tanh\\bigl(\\ln(1 + e^{x})\\bigr)",
    df: "\\operatorname{mish}'(x) = \\tanh(s) + x\\,\\sigma(x)\\,\\bigl(1 - \\tanh^2 s\\bigr), \\quad s = \\operatorname{softplus}(x)",
  },
  params: [],
  constants: [],
  range: { min: -0.3089, max: Infinity, latex: "[-0.30884\\ldots, \\infty)" },
  properties: { monotonic: false, bounded: false, zeroCentred: false, smooth: true, saturating: "left" },
  summary: {
    en: "x times the tanh of its softplus: very close to SiLU, with a slightly deeper dip (about −0.31) and a steeper rise.",
    zh: "x 乘以其 softplus 的 tanh：与 SiLU 非常相似，凹陷略深（约 −0.31），上升更陡。",
  },
  strengths: {
    en: [
      "Smooth, non-monotonic and unbounded above like SiLU; reported small gains over it in object detection (YOLOv4).",
      "Its derivative is close to 1 for positive inputs, helping deep stacks train.",
    ],
    zh: ["与 SiLU 一样光滑、非单调、上方无界；在目标检测（YOLOv4）中报告了相对 SiLU 的小幅提升。", "正输入处导数接近 1，有利于深层网络训练。"],
  },
  weaknesses: {
    en: ["The most expensive function here (exp, log and tanh in the textbook form; actlab needs only one exp).", "Gains over SiLU are small and task-dependent."],
    zh: ["计算量最大（教科书形式需要 exp、log 和 tanh；actlab 只用一次指数）。", "相对 SiLU 的提升很小且依赖任务。"],
  },
  elsewhere: {
    pytorch: "nn.Mish() / F.mish(x)",
    tfjs: "tf.layers activation 'mish'",
    note: {
      en: "actlab uses tanh(softplus x) = n/(n + 2) with n = e^x(e^x + 2), exact in both tails and at the derivative's zero (x ≈ −1.1924).",
      zh: "actlab 使用恒等式 tanh(softplus x) = n/(n + 2)，n = e^x(e^x + 2)，在两侧尾部和导数零点（x ≈ −1.1924）都精确。",
    },
  },
  references: [{ title: "Misra, Mish: A Self Regularized Non-Monotonic Activation Function (2019)", url: "https://arxiv.org/abs/1908.08681" }],
  figure: { domain: [-6, 6] },
} as const satisfies ActivationInfo;

/**
 * Mish: x·tanh(softplus(x)).
 * @example
 * mish.f(1);     // 0.8650983882673103
 * mish.df(0);    // 0.6
 */
export const mish = elementwise(info, mishValue, mishDerivative, (p) => (noParams(info, p), 0));
