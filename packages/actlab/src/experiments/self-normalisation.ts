import { activations } from "../activations/registry.js";
import { seluValue } from "../activations/selu.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, defineExperiment, fmt, forwardAllPolling, functionsOption, median, put, range, recommendedInit, verdictOf } from "./common.js";
import type { Summary, Verdict } from "./types.js";

interface Options {
  depth: number;
  width: number;
  batch: number;
  functions: string[];
}

interface FunctionRun {
  init: string;
  mean: number[];
  variance: number[];
}

type SeedRun = Record<string, FunctionRun>;

/**
 * E[f(z)] and E[f(z)²] for z ~ N(m, s²) by composite Simpson's rule on m ± 12s (4,000
 * intervals: far below 1e-9 for SELU, whose tails are linear or flat).
 */
function gaussMoments(f: (z: number) => number, m: number, s: number): [number, number] {
  const n = 4000;
  const a = -12;
  const h = 24 / n;
  let e1 = 0;
  let e2 = 0;
  for (let i = 0; i <= n; i++) {
    const u = a + i * h;
    const w = (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-0.5 * u * u);
    const y = f(m + s * u);
    e1 += w * y;
    e2 += w * y * y;
  }
  const c = h / 3 / Math.sqrt(2 * Math.PI);
  return [e1 * c, e2 * c];
}

/**
 * Klambauer et al.'s map g: a layer whose inputs have mean μ and variance ν and whose weights
 * sum to ω with squares summing to τ gives z ~ N(μω, ντ) and outputs of mean E[selu z] and
 * variance Var[selu z]. Default ω = 0, τ = 1: what LeCun-normal weights give on average.
 *
 * @example
 * seluMap(0, 1);   // ≈ [0, 1]: (0, 1) is the fixed point SELU's constants were chosen for
 */
export function seluMap(mu: number, nu: number, omega = 0, tau = 1): [number, number] {
  const [e1, e2] = gaussMoments(seluValue, mu * omega, Math.sqrt(nu * tau));
  return [e1, e2 - e1 * e1];
}

/**
 * The Jacobian of g at (μ, ν) by central differences (step 1e-4, error ~1e-8), and its spectral norm.
 *
 * @example
 * seluJacobian().norm < 1;   // true: the map contracts towards (0, 1)
 */
export function seluJacobian(mu = 0, nu = 1): { J: [[number, number], [number, number]]; norm: number } {
  const h = 1e-4;
  const dmu = [seluMap(mu + h, nu), seluMap(mu - h, nu)];
  const dnu = [seluMap(mu, nu + h), seluMap(mu, nu - h)];
  const J: [[number, number], [number, number]] = [
    [(dmu[0][0] - dmu[1][0]) / (2 * h), (dnu[0][0] - dnu[1][0]) / (2 * h)],
    [(dmu[0][1] - dmu[1][1]) / (2 * h), (dnu[0][1] - dnu[1][1]) / (2 * h)],
  ];
  // ‖J‖₂ = √(largest eigenvalue of JᵀJ).
  const [[a, b], [c, d]] = J;
  const p = a * a + c * c;
  const q = a * b + c * d;
  const r = b * b + d * d;
  const norm = Math.sqrt((p + r) / 2 + Math.sqrt(((p - r) / 2) ** 2 + q * q));
  return { J, norm };
}

const START_VARIANCES = [0.1, 0.3, 2, 5, 10];
const ITERATIONS = 12;

export const selfNormalisation = defineExperiment<Options, SeedRun>({
  id: "self-normalisation",
  title: { en: "SELU's self-normalising fixed point", zh: "SELU 的自标准化不动点" },
  claim: {
    article: "SeLU可诱导自标准化属性（例如方差稳定化），从而避免了梯度的爆炸和消失。（SeLU）",
    en: "With LeCun-normal weights, SELU keeps the mean of activations near 0 and their variance near 1 through many layers, because (0, 1) is a stable fixed point of its mean/variance map.",
    zh: "使用 LeCun 正态初始化时，SELU 能在很多层中让激活的均值保持在 0 附近、方差保持在 1 附近，因为 (0, 1) 是其均值/方差映射的稳定不动点。",
    functions: ["selu"],
  },
  options: [
    { name: "depth", type: "integer", default: 100, quick: 30, min: 2, max: 1000, description: { en: "layers", zh: "层数" } },
    { name: "width", type: "integer", default: 128, quick: 64, min: 2, max: 1024, description: { en: "units per layer (also the input dimension)", zh: "每层单元数（也是输入维数）" } },
    { name: "batch", type: "integer", default: 512, quick: 128, min: 2, max: 8192, description: { en: "inputs drawn from N(0, 1)", zh: "从 N(0, 1) 抽取的输入个数" } },
    functionsOption(["selu", "relu", "elu", "tanh", "sigmoid"].filter((id) => activations.some((a) => a.id === id))),
  ],
  seeds: { default: 3, quick: 2 },
  units: (o) => o.functions.length,
  async seed(o, seed, t) {
    const { depth, width, batch } = o;
    const data = createRng(seed, 0);
    const x = new Float64Array(batch * width).map(() => data.normal());
    const out: SeedRun = {};
    for (const id of o.functions) {
      const rng = createRng(seed, 1 + activations.findIndex((a) => a.id === id));
      const init = recommendedInit(id);
      const net = buildNet({ inputs: width, hidden: Array(depth).fill(width), outputs: 0, act: { id }, init, rng, dtype: "float64" });
      const outs = await forwardAllPolling(net.model, x, t);
      const mean: number[] = [];
      const variance: number[] = [];
      for (let l = 0; l < depth; l++) {
        const h = outs[2 * l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < h.length; i++) {
          s += h[i];
          s2 += h[i] * h[i];
        }
        mean.push(s / h.length);
        variance.push(Math.max(0, s2 / h.length - (s / h.length) ** 2));
      }
      out[id] = { init, mean, variance };
      await t.advance(id);
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, number>> = {};
    const { J, norm } = seluJacobian();
    const one = (v: number): Summary => ({ median: v, min: v, max: v });
    summary["map.J11"] = one(J[0][0]);
    summary["map.J12"] = one(J[0][1]);
    summary["map.J21"] = one(J[1][0]);
    summary["map.J22"] = one(J[1][1]);
    summary["map.norm"] = one(norm);
    for (const id of o.functions) {
      const v = put(summary, `${id}.varianceAtDepth`, perSeed.map((s) => s[id].variance[o.depth - 1]));
      put(summary, `${id}.meanAtDepth`, perSeed.map((s) => s[id].mean[o.depth - 1]));
      put(summary, `${id}.maxAbsMean`, perSeed.map((s) => Math.max(...s[id].mean.map(Math.abs))));
      put(summary, `${id}.varianceMin`, perSeed.map((s) => Math.min(...s[id].variance)));
      put(summary, `${id}.varianceMax`, perSeed.map((s) => Math.max(...s[id].variance)));
      if (v) table[id] = { varianceAtDepth: v.median };
    }
    const layers = range(o.depth, 1);
    const iterates = START_VARIANCES.map((nu0) => {
      const pts = [{ x: 0, y: nu0 }];
      let [mu, nu] = [0, nu0];
      for (let k = 1; k <= ITERATIONS; k++) {
        [mu, nu] = seluMap(mu, nu);
        pts.push({ x: k, y: nu });
      }
      return { name: `ν₀ = ${nu0}`, points: pts };
    });
    const figures = [
      chart({
        id: "self-normalisation-variance",
        title: { en: `Variance of activations per layer (width ${o.width}, ${o.batch} inputs)`, zh: `各层激活值的方差（宽度 ${o.width}，${o.batch} 个输入）` },
        x: { label: { en: "layer", zh: "层" } },
        y: { label: { en: "variance (log)", zh: "方差（对数）" }, log: true },
        series: o.functions.map((id) => ({ name: `${id} (${perSeed[0][id].init})`, id, points: bandPoints(layers, perSeed.map((s) => s[id].variance), true) })),
        rules: [{ y: 1, label: { en: "variance 1", zh: "方差 1" } }],
      }),
      chart({
        id: "self-normalisation-mean",
        title: { en: "Mean of activations per layer", zh: "各层激活值的均值" },
        x: { label: { en: "layer", zh: "层" } },
        y: { label: { en: "mean", zh: "均值" } },
        series: o.functions.map((id) => ({ name: `${id} (${perSeed[0][id].init})`, id, points: bandPoints(layers, perSeed.map((s) => s[id].mean)) })),
        rules: [{ y: 0 }],
      }),
      chart({
        id: "self-normalisation-map",
        title: { en: "SELU's variance map ν → ν̃ iterated (ω = 0, τ = 1)", zh: "迭代 SELU 的方差映射 ν → ν̃（ω = 0，τ = 1）" },
        x: { label: { en: "iteration", zh: "迭代次数" } },
        y: { label: { en: "variance ν (log)", zh: "方差 ν（对数）" }, log: true },
        series: iterates,
        rules: [{ y: 1, label: { en: "fixed point ν = 1", zh: "不动点 ν = 1" } }],
      }),
    ];
    const hasSelu = o.functions.includes("selu");
    const varLo = hasSelu ? median(perSeed.map((s) => Math.min(...s.selu.variance))) : NaN;
    const varHi = hasSelu ? median(perSeed.map((s) => Math.max(...s.selu.variance))) : NaN;
    const meanMax = hasSelu ? median(perSeed.map((s) => Math.max(...s.selu.mean.map(Math.abs)))) : NaN;
    const stable = norm < 1;
    const keeps = varLo >= 0.8 && varHi <= 1.25 && meanMax <= 0.1;
    const verdict: Verdict = stable && keeps ? "holds" : stable || keeps ? "mixed" : "does-not-hold";
    return {
      summary,
      table,
      figures,
      verdict: verdictOf(
        verdict,
        {
          en: `Holds when the map's Jacobian at (0, 1) has spectral norm < 1 (a stable fixed point) and, through all ${o.depth} layers, SELU's median variance stays in [0.8, 1.25] and its median |mean| ≤ 0.1; mixed when only one of the two is true.`,
          zh: `当映射在 (0, 1) 处雅可比矩阵的谱范数 < 1（稳定不动点），且在全部 ${o.depth} 层中 SELU 方差的中位数保持在 [0.8, 1.25]、|均值| 的中位数 ≤ 0.1 时成立；只满足其一为部分成立。`,
        },
        {
          en: `‖J(0, 1)‖₂ = ${fmt(norm)} (J = [[${fmt(J[0][0])}, ${fmt(J[0][1])}], [${fmt(J[1][0])}, ${fmt(J[1][1])}]]); SELU's variance over the layers ${fmt(varLo)}–${fmt(varHi)}, largest |mean| ${fmt(meanMax)}.`,
          zh: `‖J(0, 1)‖₂ = ${fmt(norm)}（J = [[${fmt(J[0][0])}, ${fmt(J[0][1])}], [${fmt(J[1][0])}, ${fmt(J[1][1])}]]）；SELU 各层方差 ${fmt(varLo)}–${fmt(varHi)}，最大 |均值| ${fmt(meanMax)}。`,
        },
      ),
    };
  },
});
