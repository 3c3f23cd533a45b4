import { digitsSplit } from "../data/digits.js";
import type { Sequential } from "../nn/layers.js";
import { argmaxRows } from "../nn/loss.js";
import { SGD } from "../nn/optim.js";
import type { Bi, ChartPoint } from "../plot/chart.js";
import { createRng } from "../train/rng.js";
import { buildNet, chart, combineVerdicts, decide, defineExperiment, finiteModel, forwardAll, median, part, pct, put, range, statBi, summary as summaryOf, Trainer, VERDICT_TEXT } from "./common.js";
import type { QuantityInfo, Summary, Verdict, VerdictPart } from "./types.js";

interface Options {
  depth: number;
  width: number;
  lrs: number[];
  epochs: number;
  batch: number;
  examples: number;
}

/** Each hidden layer's activations on the monitor set, at one epoch: mean and 2nd/98th percentiles. */
interface LayerStats {
  mean: number[];
  p2: number[];
  p98: number[];
}

interface RateRun {
  lr: number;
  /** stats[e]: after epoch e (e = 0: at initialisation); NaN values once diverged. */
  stats: LayerStats[];
  /** Training error after each epoch (index 0: at init). */
  error: number[];
  /** First epoch at which the top layer's mean activation was below SATURATED (null: never). */
  entry: number | null;
  /** First epoch after `entry` at which it was back above ESCAPED (null: never within the budget). */
  escape: number | null;
  diverged: boolean;
}

type SeedRun = RateRun[];

/** Activations on which the layers are watched (the first training images). */
const MONITOR = 300;
/** "Early": within the first EARLY epochs. */
const EARLY = 5;
/** The top layer is saturated when its mean activation falls below this (σ near 0, σ′ ≈ σ). */
const SATURATED = 0.05;
/** … and has left saturation when its mean is back above this. */
const ESCAPED = 0.1;
/** "Recovers slowly": at least this many epochs in saturation. */
const SLOW = 10;
/** A training error at or above this (10 classes: chance is 90 %) means the net did not train. */
const CHANCE = 0.85;

/** A number from JSON (NaN, which JSON writes as null, comes back as NaN, not 0). */
const num = (v: unknown): number => (typeof v === "number" ? v : NaN);

const rowKey = (lr: number): string => `sigmoid@lr${lr}`;

/** Reorders a[from…] so that a[k] is the value sorted order puts there, smaller ones before it and larger ones after (Hoare's selection). */
function select(a: Float64Array, k: number, from = 0): void {
  let lo = from;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * The p-quantile of the values, interpolated as `quantile` does on sorted values (type 7), by
 * selection in O(n) instead of a sort (the values are reordered).
 *
 * @example
 * quantileOf(Float64Array.of(4, 1, 3, 2), 0.5);   // 2.5, as quantile([1, 2, 3, 4], 0.5)
 */
export function quantileOf(a: Float64Array, p: number): number {
  const n = a.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  select(a, lo);
  if (lo + 1 >= n || h === lo) return a[lo];
  let next = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i] < next) next = a[i];
  return a[lo] + (h - lo) * (next - a[lo]);
}

/**
 * Training error on (x, labels), in chunks of MONITOR rows: one batch size besides the training
 * batch's, so each layer keeps few float32 buffers and a net's buffers fit beside its weights in
 * one wasm arena (buffers that spill into another arena put the net on the slow exact loops).
 */
function errorOf(model: Sequential, x: Float32Array, labels: Int32Array): number {
  let wrong = 0;
  for (let r = 0; r < labels.length; r += MONITOR) {
    const rows = Math.min(MONITOR, labels.length - r);
    const pred = argmaxRows(model.forward(x.subarray(r * 64, (r + rows) * 64)), 10);
    for (let i = 0; i < rows; i++) if (pred[i] !== labels[r + i]) wrong++;
  }
  return wrong / labels.length;
}

function layerStats(outs: readonly ArrayLike<number>[], depth: number): LayerStats {
  const s: LayerStats = { mean: [], p2: [], p98: [] };
  for (let l = 0; l < depth; l++) {
    const h = Float64Array.from(outs[2 * l + 1]);
    let sum = 0;
    for (let i = 0; i < h.length; i++) sum += h[i];
    s.mean.push(sum / h.length);
    s.p2.push(quantileOf(h, 0.02));
    s.p98.push(quantileOf(h, 0.98));
  }
  return s;
}

/** The lowest top-layer mean within epochs 1…EARLY (NaN when none was measured). */
function earlyTop(r: RateRun, depth: number): number {
  const top = r.stats.slice(1, EARLY + 1).map((s) => num(s.mean[depth - 1]));
  return top.length && top.every(Number.isFinite) ? Math.min(...top) : NaN;
}

/** Epochs the top layer stayed saturated: escape − entry, or (epochs + 1) − entry when it never escaped (a lower bound); 0 when it never saturated. */
function saturatedEpochs(r: RateRun, epochs: number): number {
  if (r.entry === null) return 0;
  return (r.escape ?? epochs + 1) - r.entry;
}

/**
 * Glorot and Bengio (2010), Section 3.1 and Figure 2: a 4-hidden-layer sigmoid net with the
 * standard init U[±1/√n], plain SGD on minibatches of 10, on positive inputs (digits scaled to
 * [0, 1]). The top hidden layer is pushed to 0 within the first epochs and leaves that saturation
 * only slowly; each learning rate of the grid is trained for the whole budget (so the curves cover
 * it) and judged on its own.
 */
/** A part's id ("recovers-slowly@lr0.1") as words for the verdict's sentence. */
function partName(id: string): Bi {
  const m = /^(saturates|recovers-slowly)@lr(.*)$/.exec(id);
  if (!m) return { en: id, zh: id };
  return m[1] === "saturates" ? { en: `lr ${m[2]}, saturates early`, zh: `学习率 ${m[2]}，早期饱和` } : { en: `lr ${m[2]}, recovers slowly`, zh: `学习率 ${m[2]}，恢复缓慢` };
}

export const saturation = defineExperiment<Options, SeedRun>({
  id: "saturation",
  title: { en: "Sigmoid's top hidden layer saturates and recovers slowly (Glorot and Bengio, Figure 2)", zh: "sigmoid 的最高隐藏层饱和且恢复缓慢（Glorot 与 Bengio，图 2）" },
  claim: {
    article: "梯度消失: 当输入趋近 0 和 1 的时候，变化率基本为常数，即变化非常小，进而导致梯度接近于 0，无法执行反向传播（sigmoid 缺点 1）",
    en: "Trained on real data with the standard init, a deep sigmoid net drives its top hidden layer into saturation near 0 within the first epochs, where the gradient is tiny, and it leaves that saturation only slowly.",
    zh: "以标准初始化在真实数据上训练时，深层 sigmoid 网络的最高隐藏层在最初几轮就被推入接近 0 的饱和区，梯度很小，之后只能缓慢脱离。",
    functions: ["sigmoid"],
  },
  options: [
    { name: "depth", type: "integer", default: 4, min: 1, max: 10, description: { en: "hidden layers (Glorot and Bengio's Figure 2: 4)", zh: "隐藏层数（Glorot 与 Bengio 的图 2：4 层）" } },
    { name: "width", type: "integer", default: 100, min: 2, max: 1024, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "lrs", type: "list", default: [0.1, 0.3, 1, 3], quick: [1], min: 1e-6, max: 100, description: { en: "SGD learning rates, each trained and judged on its own", zh: "SGD 学习率，每个单独训练、单独判定" } },
    { name: "epochs", type: "integer", default: 100, quick: 5, min: 1, max: 1000, description: { en: "training budget in epochs (every rate trains for all of it)", zh: "训练预算（轮数；每个学习率都训练满）" } },
    { name: "batch", type: "integer", default: 10, min: 1, max: 1347, description: { en: "examples per update", zh: "每次更新的样本数" } },
    { name: "examples", type: "integer", default: 1347, min: MONITOR, max: 1347, description: { en: "training images used (of 1,347)", zh: "使用的训练图像数（共 1,347）" } },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => o.lrs.length * o.epochs,
  // One unit per learning rate: every rate starts from the seed's initial weights with a fresh stream of batches.
  parts: (o) => o.lrs.map((lr) => `lr${lr}`),
  async seed(o, seed, t) {
    const { train } = digitsSplit({ scale: "unit" });
    const n = o.examples;
    const x = Float32Array.from(train.x.subarray(0, n * 64));
    const labels = train.labels.subarray(0, n);
    const monitor = x.subarray(0, MONITOR * 64);
    const { depth, epochs } = o;
    const out: SeedRun = [];
    // One net per seed, its initial weights restored for each rate: the same start and example
    // order at every rate, and one set of float32 buffers (buildNet puts it in a fresh arena).
    const net = buildNet({ inputs: 64, hidden: Array(depth).fill(o.width), outputs: 10, act: { id: "sigmoid" }, init: "standard", rng: createRng(seed, 1), dtype: "float32" });
    const start = net.model.params.map((p) => Float32Array.from(p.value));
    for (const [i, lr] of o.lrs.entries()) {
      if (!t.wants(`lr${lr}`)) continue;
      net.model.params.forEach((p, k) => p.value.set(start[k]));
      const trainer = new Trainer(net.model, new SGD(net.model.params, { lr }), x, labels, 64, 10, o.batch, createRng(seed, 2));
      const nan = (): LayerStats => ({ mean: Array(depth).fill(NaN), p2: Array(depth).fill(NaN), p98: Array(depth).fill(NaN) });
      const stats = [layerStats(forwardAll(net.model, monitor), depth)];
      const error = [errorOf(net.model, x, labels)];
      let diverged = false;
      for (let e = 1; e <= epochs; e++) {
        if (!diverged) {
          await trainer.epochPolling(t);
          diverged = trainer.diverged || !finiteModel(net.model);
        }
        stats.push(diverged ? nan() : layerStats(forwardAll(net.model, monitor), depth));
        error.push(diverged ? NaN : errorOf(net.model, x, labels));
        await t.advance(`lr ${lr}, epoch ${e}`);
      }
      let entry: number | null = null;
      let escape: number | null = null;
      stats.forEach((s, e) => {
        const top = s.mean[depth - 1];
        if (entry === null && top < SATURATED) entry = e;
        else if (entry !== null && escape === null && top > ESCAPED) escape = e;
      });
      out[i] = { lr, stats, error, entry, escape, diverged };
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const { depth, epochs } = o;
    const summary: Record<string, Summary> = {};
    const rows: Record<string, Bi> = {};
    const parts: VerdictPart[] = [];
    const figures = [];
    const xs = range(epochs + 1);
    const more: Bi = { en: " (more seeds or a larger scale would decide)", zh: "（更多种子或更大规模才能判定）" };
    for (const [k, lr] of o.lrs.entries()) {
      const runs = perSeed.map((s) => s[k]);
      const key = rowKey(lr);
      rows[key] = { en: `sigmoid, lr ${lr}`, zh: `sigmoid，学习率 ${lr}` };
      const div = runs.map((r) => r.diverged);
      const ndiv = div.filter(Boolean).length;
      put(summary, `${key}.topMeanInit`, runs.map((r) => num(r.stats[0].mean[depth - 1])));
      const early = put(summary, `${key}.topMeanEarlyMin`, runs.map((r) => earlyTop(r, depth)));
      put(summary, `${key}.topMeanFinal`, runs.map((r) => num(r.stats[epochs].mean[depth - 1])), div);
      put(summary, `${key}.bottomMeanFinal`, runs.map((r) => num(r.stats[epochs].mean[0])), div);
      const err = put(summary, `${key}.errorFinal`, runs.map((r) => num(r.error[epochs])), div);
      // The escape epoch of the seeds that escaped; the seeds that never did are counted apart
      // (neverEscaped), not as diverged; diverged seeds are NaN and counted as such.
      const escaped = runs.filter((r) => !r.diverged && r.escape !== null).length;
      const never = runs.filter((r) => !r.diverged && r.entry !== null && r.escape === null).length;
      const notSaturated = runs.filter((r) => !r.diverged && r.entry === null).length;
      put(summary, `${key}.escapeEpoch`, runs.filter((r) => r.diverged || r.escape !== null).map((r) => (r.diverged ? NaN : num(r.escape))));
      put(summary, `${key}.neverEscaped`, runs.map((r) => (r.diverged ? NaN : r.entry !== null && r.escape === null ? 1 : 0)));
      const slow = put(summary, `${key}.saturatedEpochs`, runs.map((r) => (r.diverged ? NaN : saturatedEpochs(r, epochs))));

      // Did the net train at this rate? If its final error is not clearly below chance, nothing holds.
      const trainedV = decide(err, "≤", CHANCE);
      const satV = decide(early, "≤", SATURATED);
      const slowV = decide(slow, "≥", SLOW);
      const gate = (v: Verdict): Verdict => (trainedV === "holds" ? v : "inconclusive");
      const untrained: Bi =
        trainedV === "holds"
          ? { en: "", zh: "" }
          : {
              en: ` — but the net did not clearly train at this rate (final training error ${statBi(err, pct).en}, chance is 90 %; needs ≤ ${pct(CHANCE)} on the interval), so this rate decides nothing`,
              zh: `——但该学习率下网络没有明确学到东西（最终训练误差 ${statBi(err, pct).zh}，随机猜测为 90 %；区间需 ≤ ${pct(CHANCE)}），因此该学习率不作判定`,
            };
      const counts: Bi = {
        en: `escaped in ${escaped} of ${runs.length} seeds, never escaped within ${epochs} epochs in ${never}, never saturated in ${notSaturated}${ndiv ? `, diverged in ${ndiv}` : ""}`,
        zh: `${runs.length} 个种子中 ${escaped} 个脱离饱和，${never} 个在 ${epochs} 轮内始终未脱离，${notSaturated} 个从未饱和${ndiv ? `，${ndiv} 个发散` : ""}`,
      };
      const sv = gate(satV);
      const lv = gate(slowV);
      parts.push(
        part(
          `saturates@lr${lr}`,
          { en: `lr ${lr}: the top hidden layer's mean activation falls below ${SATURATED} within the first ${Math.min(EARLY, epochs)} epochs`, zh: `学习率 ${lr}：最高隐藏层的平均激活在前 ${Math.min(EARLY, epochs)} 轮内降到 ${SATURATED} 以下` },
          sv,
          {
            en: `lowest top-layer mean in epochs 1–${Math.min(EARLY, epochs)} ${statBi(early).en} (from ${statBi(summary[`${key}.topMeanInit`]).en} at init): ${VERDICT_TEXT[sv].en}${untrained.en}${sv === "inconclusive" && trainedV === "holds" ? more.en : ""}.`,
            zh: `第 1–${Math.min(EARLY, epochs)} 轮最高层均值的最低值 ${statBi(early).zh}（初始化时 ${statBi(summary[`${key}.topMeanInit`]).zh}）：${VERDICT_TEXT[sv].zh}${untrained.zh}${sv === "inconclusive" && trainedV === "holds" ? more.zh : ""}。`,
          },
        ),
        part(
          `recovers-slowly@lr${lr}`,
          { en: `lr ${lr}: the top layer stays saturated for at least ${SLOW} epochs (until its mean is back above ${ESCAPED})`, zh: `学习率 ${lr}：最高层至少饱和 ${SLOW} 轮（直到其均值回到 ${ESCAPED} 以上）` },
          lv,
          {
            en: `epochs in saturation ${statBi(slow).en} (a seed that never escaped counts its ${epochs}-epoch budget, a lower bound); escape epoch ${statBi(summary[`${key}.escapeEpoch`]).en}; ${counts.en}; final training error ${statBi(err, pct).en}: ${VERDICT_TEXT[lv].en}${untrained.en}${lv === "inconclusive" && trainedV === "holds" ? more.en : ""}.`,
            zh: `饱和轮数 ${statBi(slow).zh}（始终未脱离的种子记为其 ${epochs} 轮预算，是下界）；脱离轮次 ${statBi(summary[`${key}.escapeEpoch`]).zh}；${counts.zh}；最终训练误差 ${statBi(err, pct).zh}：${VERDICT_TEXT[lv].zh}${untrained.zh}${lv === "inconclusive" && trainedV === "holds" ? more.zh : ""}。`,
          },
        ),
      );

      // Glorot and Bengio's Figure 2: per layer the mean activation (median over seeds) with the
      // band from the 2nd to the 98th percentile of the activations (medians over seeds).
      const series = range(depth).map((l) => {
        const points: ChartPoint[] = [];
        for (const e of xs) {
          const col = (f: (s: LayerStats) => number[]): number[] => runs.map((r) => num(f(r.stats[e])[l]));
          const means = col((s) => s.mean);
          const y = median(means);
          if (!Number.isFinite(y)) continue;
          const lo = Math.min(y, median(col((s) => s.p2)));
          const hi = Math.max(y, median(col((s) => s.p98)));
          const lost = means.filter((v) => !Number.isFinite(v)).length;
          points.push({ x: e, y, lo, hi, ...(lost ? { diverged: lost } : {}) });
        }
        return { name: `layer ${l + 1}`, label: { en: `layer ${l + 1}${l === depth - 1 ? " (top)" : ""}`, zh: `第 ${l + 1} 层${l === depth - 1 ? "（最高层）" : ""}` }, points, ...(l === depth - 1 ? {} : { dash: "4 3" }) };
      });
      figures.push(
        chart({
          id: `saturation-layers-lr${lr}`,
          title: {
            en: `Activations of each sigmoid layer during training, lr ${lr}: mean and 2nd–98th percentile band (depth ${depth}, width ${o.width}, median of ${runs.length} seeds)`,
            zh: `训练中各 sigmoid 层的激活，学习率 ${lr}：均值与第 2–98 百分位带（深度 ${depth}，宽度 ${o.width}，${runs.length} 个种子的中位数）`,
          },
          x: { label: { en: "epoch", zh: "轮次" } },
          y: { label: { en: "activation value", zh: "激活值" }, domain: [0, 1] },
          series,
          rules: [{ y: SATURATED, label: { en: `saturated below ${SATURATED}`, zh: `低于 ${SATURATED} 为饱和` } }],
        }),
      );
    }
    figures.push(
      chart({
        id: "saturation-error",
        title: { en: `Training error of the sigmoid nets at each learning rate (depth ${depth})`, zh: `各学习率下 sigmoid 网络的训练误差（深度 ${depth}）` },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "training error (median, band: 95 % interval over seeds)", zh: "训练误差（中位数，带：各种子的 95 % 区间）" }, domain: [0, 1] },
        series: o.lrs.map((lr, k) => ({
          name: `lr ${lr}`,
          label: { en: `lr ${lr}`, zh: `学习率 ${lr}` },
          points: xs.flatMap((e): ChartPoint[] => {
            const vals = perSeed.map((s) => num(s[k].error[e]));
            const st = summaryOf(vals, `saturation-error:${lr}:${e}`);
            if (st.n === 0) return [];
            return [{ x: e, y: st.median, ...(st.n > 1 ? { lo: st.ci[0], hi: st.ci[1] } : {}), ...(st.diverged ? { diverged: st.diverged } : {}) }];
          }),
        })),
        rules: [{ y: 0.9, label: { en: "chance", zh: "随机猜测" } }],
      }),
    );
    const quantities: Record<string, QuantityInfo> = {
      topMeanInit: { label: { en: "top layer's mean activation at initialisation", zh: "初始化时最高层的平均激活" } },
      topMeanEarlyMin: { label: { en: `lowest top-layer mean activation in the first ${Math.min(EARLY, epochs)} epochs`, zh: `前 ${Math.min(EARLY, epochs)} 轮最高层平均激活的最低值` } },
      topMeanFinal: { label: { en: `top layer's mean activation after ${epochs} epochs`, zh: `${epochs} 轮后最高层的平均激活` } },
      bottomMeanFinal: { label: { en: `first layer's mean activation after ${epochs} epochs`, zh: `${epochs} 轮后第 1 层的平均激活` } },
      errorFinal: { label: { en: `training error after ${epochs} epochs`, zh: `${epochs} 轮后的训练误差` }, unit: { en: "%", zh: "%" } },
      escapeEpoch: { label: { en: `epoch the top layer left saturation (mean back above ${ESCAPED}; seeds that escaped)`, zh: `最高层脱离饱和的轮次（均值回到 ${ESCAPED} 以上；仅计已脱离的种子）` }, unit: { en: "epochs", zh: "轮" } },
      neverEscaped: { label: { en: `saturated and never escaped within the budget (1 = yes, per seed)`, zh: `饱和且在预算内始终未脱离（每个种子：1 为是）` } },
      saturatedEpochs: { label: { en: "epochs the top layer stayed saturated (budget when it never escaped)", zh: "最高层保持饱和的轮数（始终未脱离时记为预算）" }, unit: { en: "epochs", zh: "轮" } },
    };
    return {
      summary,
      quantities,
      rows,
      figures,
      verdict: {
        verdict: combineVerdicts(parts.map((p) => p.verdict)),
        rule: {
          en:
            `A sigmoid net of ${depth} hidden layers of ${o.width} (standard init U[±1/√n], SGD on batches of ${o.batch}, digits scaled to [0, 1]), trained for ${epochs} epochs at each learning rate of the grid. ` +
            `The top layer is saturated when its mean activation (on ${MONITOR} training images) falls below ${SATURATED} and has left saturation when it is back above ${ESCAPED}. Two parts per rate, each decided on the 95 % bootstrap interval over seeds: it saturates early (the lowest top-layer mean in the first ${Math.min(EARLY, epochs)} epochs ≤ ${SATURATED}) and recovers slowly (≥ ${SLOW} epochs in saturation; a seed that never escaped counts the budget, a lower bound). ` +
            `Holds when the interval lies wholly on the claim's side, does not hold when wholly on the other, inconclusive when it straddles (more seeds or a larger scale would decide) or fewer than 80 % of the seeds finished. A rate at which the net did not train (final training error not wholly ≤ ${pct(CHANCE)}; chance is 90 %) is inconclusive, never holds. Overall: the parts' common verdict, mixed when they differ.`,
          zh:
            `${depth} 个隐藏层、每层 ${o.width} 个单元的 sigmoid 网络（标准初始化 U[±1/√n]，批大小 ${o.batch} 的 SGD，digits 缩放到 [0, 1]），在每个学习率下训练 ${epochs} 轮。` +
            `最高层的平均激活（在 ${MONITOR} 张训练图像上）低于 ${SATURATED} 即为饱和，回到 ${ESCAPED} 以上即为脱离饱和。每个学习率判两部分，均按各种子的 95 % 自助法区间判定：早期饱和（前 ${Math.min(EARLY, epochs)} 轮最高层均值的最低值 ≤ ${SATURATED}）与恢复缓慢（饱和至少 ${SLOW} 轮；始终未脱离的种子记为预算轮数，是下界）。` +
            `区间整体落在主张一侧为成立，整体在另一侧为不成立，跨过界限（更多种子或更大规模才能判定）或完成的种子不足 80 % 为无法判定。网络没有学到东西（最终训练误差的区间并非整体 ≤ ${pct(CHANCE)}；随机猜测为 90 %）的学习率判为无法判定，绝不判为成立。总体：各部分一致时取其结论，不一致为部分成立。`,
        },
        because: { en: parts.map((p) => `${partName(p.id).en}: ${p.because.en}`).join(" "), zh: parts.map((p) => `${partName(p.id).zh}：${p.because.zh}`).join("") },
        parts,
      },
    };
  },
});
