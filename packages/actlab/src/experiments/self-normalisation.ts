import { activations, streamOf } from "../activations/registry.js";
import { seluValue } from "../activations/selu.js";
import { createRng } from "../train/rng.js";
import type { Bi } from "../plot/chart.js";
import { bandPoints, buildNet, chart, combineVerdicts, decide, defineExperiment, fmt, forwardAllPolling, functionsOption, part, put, range, recommendedInit, statBi, summary as summaryOf, VERDICT_TEXT } from "./common.js";
import type { QuantityInfo, Summary, TableCell, Verdict, VerdictPart } from "./types.js";

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

/** A number from JSON (NaN, which JSON writes as null, comes back as NaN, not 0). */
const num = (v: unknown): number => (typeof v === "number" ? v : NaN);

/** Two interval decisions that must both hold: holds when both do, does-not-hold when either does not. */
function both(a: Verdict, b: Verdict): Verdict {
  return a === "holds" && b === "holds" ? "holds" : a === "does-not-hold" || b === "does-not-hold" ? "does-not-hold" : "inconclusive";
}

const QUANTITIES = (depth: number): Record<string, QuantityInfo> => ({
  J11: { label: { en: "∂μ̃/∂μ at (0, 1)", zh: "(0, 1) 处的 ∂μ̃/∂μ" } },
  J12: { label: { en: "∂μ̃/∂ν at (0, 1)", zh: "(0, 1) 处的 ∂μ̃/∂ν" } },
  J21: { label: { en: "∂ν̃/∂μ at (0, 1)", zh: "(0, 1) 处的 ∂ν̃/∂μ" } },
  J22: { label: { en: "∂ν̃/∂ν at (0, 1)", zh: "(0, 1) 处的 ∂ν̃/∂ν" } },
  norm: { label: { en: "spectral norm ‖J(0, 1)‖₂", zh: "谱范数 ‖J(0, 1)‖₂" } },
  varianceAtDepth: { label: { en: `variance of layer ${depth}'s activations`, zh: `第 ${depth} 层激活值的方差` } },
  meanAtDepth: { label: { en: `mean of layer ${depth}'s activations`, zh: `第 ${depth} 层激活值的均值` } },
  maxAbsMean: { label: { en: "largest |mean| over the layers", zh: "各层 |均值| 的最大值" } },
  varianceMin: { label: { en: "smallest variance over the layers", zh: "各层方差的最小值" } },
  varianceMax: { label: { en: "largest variance over the layers", zh: "各层方差的最大值" } },
});

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
    { name: "batch", type: "integer", default: 256, quick: 128, min: 2, max: 8192, description: { en: "inputs drawn from N(0, 1)", zh: "从 N(0, 1) 抽取的输入个数" } },
    functionsOption(["selu", "relu", "elu", "tanh", "sigmoid"].filter((id) => activations.some((a) => a.id === id))),
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => o.functions.length,
  // One unit per function (its own stream; the inputs come from the seed alone).
  parts: (o) => [...o.functions],
  async seed(o, seed, t) {
    const { depth, width, batch } = o;
    const data = createRng(seed, 0);
    const x = new Float64Array(batch * width).map(() => data.normal());
    const out: SeedRun = {};
    for (const id of o.functions) {
      if (!t.wants(id)) continue;
      const rng = createRng(seed, streamOf(id));
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
    const table: Record<string, Record<string, TableCell>> = {};
    const { J, norm } = seluJacobian();
    // The map is computed, not sampled: one value, the same for every seed.
    summary["map.J11"] = summaryOf([J[0][0]]);
    summary["map.J12"] = summaryOf([J[0][1]]);
    summary["map.J21"] = summaryOf([J[1][0]]);
    summary["map.J22"] = summaryOf([J[1][1]]);
    summary["map.norm"] = summaryOf([norm]);
    const lists = (id: string, k: "mean" | "variance"): number[][] => perSeed.map((s) => (s[id][k] as unknown[]).map(num));
    for (const id of o.functions) {
      const mean = lists(id, "mean");
      const variance = lists(id, "variance");
      const v = put(summary, `${id}.varianceAtDepth`, variance.map((l) => l[o.depth - 1]));
      put(summary, `${id}.meanAtDepth`, mean.map((l) => l[o.depth - 1]));
      put(summary, `${id}.maxAbsMean`, mean.map((l) => Math.max(...l.map(Math.abs))));
      put(summary, `${id}.varianceMin`, variance.map((l) => Math.min(...l)));
      put(summary, `${id}.varianceMax`, variance.map((l) => Math.max(...l)));
      // The article's statement for SELU: its variance stays stable (in [0.8, 1.25] at depth).
      table[id] = { varianceAtDepth: id === "selu" ? { ...v, verdict: both(decide(v, "≥", 0.8), decide(v, "≤", 1.25)) } : { ...v } };
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
    const vMin = summary["selu.varianceMin"];
    const vMax = summary["selu.varianceMax"];
    const mMax = summary["selu.maxAbsMean"];
    const jv: Verdict = norm < 1 ? "holds" : "does-not-hold";
    const vv: Verdict = hasSelu ? both(decide(vMin, "≥", 0.8), decide(vMax, "≤", 1.25)) : "inconclusive";
    const mv: Verdict = hasSelu ? decide(mMax, "≤", 0.1) : "inconclusive";
    const why = (v: Verdict): Bi => (v === "inconclusive" ? { en: " (more seeds or a larger scale would decide)", zh: "（更多种子或更大规模才能判定）" } : { en: "", zh: "" });
    const noSelu: Bi = { en: " (SELU was not run)", zh: "（未运行 SELU）" };
    const parts: VerdictPart[] = [
      part(
        "jacobian",
        { en: "the mean/variance map g of SELU (LeCun-normal weights: ω = 0, τ = 1) has a stable fixed point at (0, 1): ‖J(0, 1)‖₂ < 1", zh: "SELU 的均值/方差映射 g（LeCun 正态权重：ω = 0，τ = 1）在 (0, 1) 处有稳定不动点：‖J(0, 1)‖₂ < 1" },
        jv,
        {
          en: `‖J(0, 1)‖₂ = ${fmt(norm)} (J = [[${fmt(J[0][0])}, ${fmt(J[0][1])}], [${fmt(J[1][0])}, ${fmt(J[1][1])}]]), computed by quadrature (no sampling, so no interval): ${VERDICT_TEXT[jv].en}.`,
          zh: `‖J(0, 1)‖₂ = ${fmt(norm)}（J = [[${fmt(J[0][0])}, ${fmt(J[0][1])}], [${fmt(J[1][0])}, ${fmt(J[1][1])}]]），由数值积分算出（无抽样，故无区间）：${VERDICT_TEXT[jv].zh}。`,
        },
      ),
      part(
        "variance",
        { en: `SELU's variance stays in [0.8, 1.25] at every one of the ${o.depth} layers`, zh: `SELU 的方差在全部 ${o.depth} 层都保持在 [0.8, 1.25] 内` },
        vv,
        hasSelu
          ? {
              en: `smallest variance over the layers ${statBi(vMin).en} (≥ 0.8: ${VERDICT_TEXT[decide(vMin, "≥", 0.8)].en}), largest ${statBi(vMax).en} (≤ 1.25: ${VERDICT_TEXT[decide(vMax, "≤", 1.25)].en})${why(vv).en}.`,
              zh: `各层方差的最小值 ${statBi(vMin).zh}（≥ 0.8：${VERDICT_TEXT[decide(vMin, "≥", 0.8)].zh}），最大值 ${statBi(vMax).zh}（≤ 1.25：${VERDICT_TEXT[decide(vMax, "≤", 1.25)].zh}）${why(vv).zh}。`,
            }
          : { en: `n/a${noSelu.en}.`, zh: `无数据${noSelu.zh}。` },
      ),
      part(
        "mean",
        { en: `SELU's |mean| stays ≤ 0.1 at every one of the ${o.depth} layers`, zh: `SELU 的 |均值| 在全部 ${o.depth} 层都不超过 0.1` },
        mv,
        hasSelu
          ? { en: `largest |mean| over the layers ${statBi(mMax).en}: ${VERDICT_TEXT[mv].en}${why(mv).en}.`, zh: `各层 |均值| 的最大值 ${statBi(mMax).zh}：${VERDICT_TEXT[mv].zh}${why(mv).zh}。` }
          : { en: `n/a${noSelu.en}.`, zh: `无数据${noSelu.zh}。` },
      ),
    ];
    return {
      summary,
      quantities: QUANTITIES(o.depth),
      rows: { map: { en: "SELU's mean/variance map at (0, 1)", zh: "SELU 在 (0, 1) 处的均值/方差映射" } },
      table,
      figures,
      verdict: {
        verdict: combineVerdicts(parts.map((p) => p.verdict)),
        rule: {
          en: `Three parts. (1) The Jacobian of SELU's mean/variance map at (0, 1) has spectral norm < 1 (a stable fixed point; computed, not sampled). (2) Through all ${o.depth} layers (width ${o.width}, ${o.batch} inputs from N(0, 1), LeCun-normal weights), SELU's variance stays in [0.8, 1.25]: the 95 % bootstrap interval over seeds of its smallest variance is wholly ≥ 0.8 and that of its largest wholly ≤ 1.25. (3) Its largest |mean| over the layers has an interval wholly ≤ 0.1. A part does not hold when its interval lies wholly on the other side, and is inconclusive when it straddles the bound (more seeds or a larger scale would decide) or fewer than 80 % of the seeds finished. Holds when all three hold; mixed when they differ.`,
          zh: `分三部分。（1）SELU 均值/方差映射在 (0, 1) 处雅可比矩阵的谱范数 < 1（稳定不动点；计算所得，非抽样）。（2）在全部 ${o.depth} 层中（宽度 ${o.width}，${o.batch} 个来自 N(0, 1) 的输入，LeCun 正态权重），SELU 的方差保持在 [0.8, 1.25]：各种子最小方差的 95 % 自助法区间整体 ≥ 0.8，最大方差的区间整体 ≤ 1.25。（3）各层最大 |均值| 的区间整体 ≤ 0.1。区间整体落在另一侧为不成立；跨过界限（更多种子或更大规模才能判定）或完成的种子不足 80 % 为无法判定。三部分都成立为成立；结论不一为部分成立。`,
        },
        because: { en: parts.map((p) => p.because.en).join(" "), zh: parts.map((p) => p.because.zh).join("") },
        parts,
      },
    };
  },
});
