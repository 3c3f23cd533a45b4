import { activations, streamOf } from "../activations/registry.js";
import type { Floats } from "../activations/types.js";
import { digitsSplit } from "../data/digits.js";
import { dataFor, dataNote, dataWords, shippedDigitsTrain, type DataNote } from "./data-source.js";
import { Activation, Sequential, type Layer, type Param } from "../nn/layers.js";
import { softmaxCrossEntropy } from "../nn/loss.js";
import { SGD } from "../nn/optim.js";
import type { Bi } from "../plot/chart.js";
import { createRng } from "../train/rng.js";
import { buildNet, chart, ciPoints, combineVerdicts, decide, defineExperiment, enoughSeeds, finiteModel, forwardAll, functionsOption, median, paired, part, put, range, recommendedInit, statBi, Trainer, VERDICT_TEXT, verdictOf } from "./common.js";
import type { Summary, TableCell, Verdict, VerdictPart } from "./types.js";

interface Options {
  functions: string[];
  layers: number;
  width: number;
  epochs: number;
  lr: number;
  batch: number;
  data: string;
}

interface FunctionRun {
  /** Median over hidden units of each unit's mean activation on the training set, after each epoch (0: init). */
  unitMean: number[];
  /** Training cross-entropy after each epoch (0: init); NaN once diverged. */
  loss: number[];
}

/** Per run key (a function, or the centring control), its run; with --data, key "data" holds the data it trained on (a DataNote). */
type SeedRun = Record<string, FunctionRun>;

/** The centring control's key: ReLU minus each unit's mean at init (run whenever ReLU is). */
export const CONTROL = "relu-centred";
/** Part (a): ELU's |mean| at most this fraction of ReLU's. */
export const MEAN_RATIO = 0.7;
/** Parts (b), (c): the loss after epoch 1, against ReLU's, at most this. */
export const LOSS_RATIO = 1;
/** The table's "near 0": the interval of the median unit mean lies within ±this. */
export const NEAR_ZERO = 0.1;

/** The article's stance per function: true = "its mean is near 0" (✓), false = "not zero-mean" (✗). */
const ZERO_MEAN_STANCE: Readonly<Record<string, boolean>> = { sigmoid: false, tanh: true, relu: false, elu: true };

const PART_NAME: Readonly<Record<string, Bi>> = {
  "elu-mean-nearer-0": { en: "ELU's mean nearer 0", zh: "ELU 的均值更接近 0" },
  "elu-loss-lower": { en: "ELU's epoch-1 loss lower", zh: "ELU 第 1 轮损失更低" },
  "centring-alone-faster": { en: "centring alone lowers the epoch-1 loss", zh: "仅零均值化即降低第 1 轮损失" },
};

const QUANTITIES = {
  unitMean: { label: { en: "median unit mean activation after training", zh: "训练后单元平均激活的中位数" } },
  unitMeanInit: { label: { en: "median unit mean activation at init", zh: "初始化时单元平均激活的中位数" } },
  lossEpoch1: { label: { en: "training cross-entropy after epoch 1", zh: "第 1 轮后的训练交叉熵" } },
  lossFinal: { label: { en: "training cross-entropy at the end", zh: "训练结束时的训练交叉熵" } },
  absMeanRatio: { label: { en: "|median unit mean| ratio (paired)", zh: "单元均值中位数绝对值之比（配对）" }, unit: { en: "×", zh: "倍" } },
  lossEpoch1Ratio: { label: { en: "epoch-1 loss ratio (paired)", zh: "第 1 轮损失之比（配对）" }, unit: { en: "×", zh: "倍" } },
} as const;

/**
 * The verdict of the article's statement "the mean is near 0" (stance true) or "is not zero-mean"
 * (false) from the interval of the median unit mean against ±`band`.
 */
function nearZero(s: Summary, band: number, stance: boolean): Verdict {
  if (!enoughSeeds(s)) return "inconclusive";
  const [lo, hi] = s.ci;
  const inside = lo >= -band && hi <= band;
  const outside = lo > band || hi < -band;
  if (!inside && !outside) return "inconclusive";
  return inside === stance ? "holds" : "does-not-hold";
}

/** ReLU minus a fixed per-unit shift: ReLU's slope everywhere, outputs moved by −shift[j]. */
class ShiftedReLU implements Layer {
  readonly params: readonly Param[] = [];
  readonly relu = new Activation("relu");
  readonly shift: Float32Array;

  constructor(readonly units: number) {
    this.shift = new Float32Array(units);
  }

  forward(x: Floats): Floats {
    const y = this.relu.forward(x);
    for (let i = 0; i < y.length; i++) y[i] -= this.shift[i % this.units];
    return y;
  }

  backward(dy: Floats): Floats {
    return this.relu.backward(dy);
  }
}

/** Per unit: mean over the rows of a batch of rows of `width` values. */
function unitMeans(h: Floats, width: number): number[] {
  const rows = h.length / width;
  return range(width).map((j) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += h[r * width + j];
    return s / rows;
  });
}

function medianUnitMean(outs: ReturnType<typeof forwardAll>, layers: number, width: number): number {
  return median(range(layers).flatMap((l) => unitMeans(outs[2 * l + 1], width)));
}

/** The functions run: the chosen ones, and the centring control beside ReLU. */
const runKeys = (o: Options): string[] => (o.functions.includes("relu") ? [...o.functions, CONTROL] : [...o.functions]);

export const meanActivation = defineExperiment<Options, SeedRun>({
  id: "mean-activation",
  title: { en: "Mean activation and early loss: ELU against ReLU, with a centred ReLU as control", zh: "平均激活与早期损失：ELU 与 ReLU 的对比，并以零均值化的 ReLU 作对照" },
  claim: {
    article: "输出的均值接近于0，并且单侧饱和可以加速收敛（ELU 优点）；Relu函数的输出也不是以0为均值的函数（ReLU 缺点 1）",
    en: "ELU's negative outputs pull the mean activation of its units towards 0, where ReLU's stays positive, and this makes the loss fall faster early in training.",
    zh: "ELU 的负输出把单元的平均激活拉向 0，而 ReLU 的平均激活始终为正；这使训练早期的损失下降得更快。",
    functions: ["elu", "relu"],
  },
  options: [
    functionsOption(["sigmoid", "tanh", "relu", "leaky-relu", "elu", "selu"].filter((id) => activations.some((a) => a.id === id)), ["relu", "elu"]),
    { name: "layers", type: "integer", default: 8, quick: 4, min: 1, max: 50, description: { en: "hidden layers", zh: "隐藏层数" } },
    { name: "width", type: "integer", default: 64, quick: 32, min: 2, max: 1024, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "epochs", type: "integer", default: 10, quick: 2, min: 1, max: 1000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "lr", type: "number", default: 0.01, min: 1e-6, max: 10, description: { en: "SGD learning rate", zh: "SGD 学习率" } },
    { name: "batch", type: "integer", default: 64, min: 1, max: 1347, description: { en: "images per update", zh: "每次更新的图像数" } },
    {
      name: "data",
      type: "string",
      default: "digits",
      description: {
        en: "data: digits (the shipped 8×8 digits), or a folder of MNIST-format IDX files or a CSV file (trains on, and measures over, its training rows; source, split and scaling stated in the result)",
        zh: "数据：digits（随附的 8×8 数字），或 MNIST 格式的 IDX 文件夹或 CSV 文件（在其训练部分上训练和测量；来源、划分与缩放写在结果中）",
      },
    },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => runKeys(o).length * o.epochs,
  // One unit per function, and the centring control as a unit of its own.
  parts: (o) => runKeys(o),
  async seed(o, seed, t) {
    const own = o.data !== "digits" ? await dataFor(o.data) : undefined;
    const train = own ? own.train : digitsSplit().train;
    const [features, classes] = own ? [own.train.features, own.train.classes] : [64, 10];
    const x = Float32Array.from(train.x);
    const out: SeedRun = own ? ({ data: dataNote(own) } as unknown as SeedRun) : {};
    for (const key of runKeys(o)) {
      if (!t.wants(key)) continue;
      const id = key === CONTROL ? "relu" : key;
      // The control draws ReLU's stream: the same initial weights, so the pairing isolates the shift.
      const rng = createRng(seed, streamOf(id));
      const built = buildNet({ inputs: features, hidden: Array(o.layers).fill(o.width), outputs: classes, act: { id }, init: recommendedInit(id), rng, dtype: "float32" });
      let model = built.model;
      if (key === CONTROL) {
        const shifted = range(o.layers).map(() => new ShiftedReLU(o.width));
        model = new Sequential(built.model.layers.map((l, i) => (i % 2 === 1 && i < 2 * o.layers ? shifted[(i - 1) / 2] : l)));
        // Layer by layer: each shift is its unit's mean on the training set given the shifts below.
        for (const [l, layer] of shifted.entries()) layer.shift.set(unitMeans(forwardAll(model, x)[2 * l + 1], o.width));
      }
      const trainer = new Trainer(model, new SGD(model.params, { lr: o.lr }), x, train.labels, features, classes, o.batch, createRng(seed, 100));
      const measure = (): [number, number] => {
        if (trainer.diverged || !finiteModel(model)) return [NaN, NaN];
        // One pass gives both: the hidden outputs and the logits (the last output).
        const outs = forwardAll(model, x);
        const { loss } = softmaxCrossEntropy(outs[outs.length - 1], train.labels, classes);
        return [medianUnitMean(outs, o.layers, o.width), loss];
      };
      const [m0, l0] = measure();
      const unitMean = [m0];
      const loss = [l0];
      for (let e = 1; e <= o.epochs; e++) {
        if (Number.isFinite(loss[e - 1])) await trainer.epochPolling(t);
        const [m, l] = Number.isFinite(loss[e - 1]) ? measure() : [NaN, NaN];
        unitMean.push(m);
        loss.push(l);
        await t.advance(`${key}, epoch ${e}`);
      }
      out[key] = { unitMean, loss };
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const rows: Record<string, Bi> = {};
    const table: Record<string, Record<string, TableCell>> = {};
    const n = perSeed.length;
    const E = o.epochs;
    const runs = runKeys(o);
    const label = (k: string): string => (k === CONTROL ? "ReLU − mean at init" : k);
    if (runs.includes(CONTROL)) rows[CONTROL] = { en: "ReLU − its mean at init (centring control)", zh: "ReLU − 初始化时的均值（零均值对照）" };
    const col = (k: string, f: (r: FunctionRun) => number) => perSeed.map((s) => (s[k] ? f(s[k]) : NaN));
    const finalMean = new Map<string, Summary>();
    for (const k of runs) {
      finalMean.set(k, put(summary, `${k}.unitMean`, col(k, (r) => r.unitMean[E])));
      put(summary, `${k}.unitMeanInit`, col(k, (r) => r.unitMean[0]));
      put(summary, `${k}.lossEpoch1`, col(k, (r) => r.loss[1]));
      put(summary, `${k}.lossFinal`, col(k, (r) => r.loss[E]));
    }
    // The article: sigmoid ✗ and ReLU ✗ not zero-mean; tanh ✓ and ELU ✓ near 0.
    for (const id of o.functions) {
      const s = finalMean.get(id) as Summary;
      const stance = ZERO_MEAN_STANCE[id];
      table[id] = { meanActivation: { ...s, ...(stance === undefined ? {} : { verdict: nearZero(s, NEAR_ZERO, stance) }) } };
    }
    const parts: VerdictPart[] = [];
    const more = (v: Verdict): Bi => (v === "inconclusive" ? { en: "; more seeds or a larger scale would decide", zh: "；更多种子或更大规模才能判定" } : { en: "", zh: "" });
    const has = (k: string) => runs.includes(k);
    const absCol = (k: string) => col(k, (r) => Math.abs(r.unitMean[E]));
    if (has("elu") && has("relu")) {
      const r = paired(absCol("elu"), absCol("relu"), "ratio", "elu/relu:|mean|");
      summary["elu/relu.absMeanRatio"] = r;
      rows["elu/relu"] = { en: "ELU over ReLU (paired by seed)", zh: "ELU 与 ReLU 之比（按种子配对）" };
      const v = decide(r, "≤", MEAN_RATIO);
      parts.push(
        part(
          "elu-mean-nearer-0",
          { en: `ELU's median unit mean after ${E} epochs is nearer 0 than ReLU's: |ELU| / |ReLU| ≤ ${MEAN_RATIO}, paired by seed`, zh: `训练 ${E} 轮后 ELU 单元均值的中位数比 ReLU 更接近 0：按种子配对，|ELU| / |ReLU| ≤ ${MEAN_RATIO}` },
          v,
          {
            en: `median unit mean: ELU ${statBi(finalMean.get("elu")).en}, ReLU ${statBi(finalMean.get("relu")).en}; ratio of absolute values ${statBi(r).en}${more(v).en}.`,
            zh: `单元均值中位数：ELU ${statBi(finalMean.get("elu")).zh}，ReLU ${statBi(finalMean.get("relu")).zh}；绝对值之比 ${statBi(r).zh}${more(v).zh}。`,
          },
        ),
      );
      const l = paired(col("elu", (x) => x.loss[1]), col("relu", (x) => x.loss[1]), "ratio", "elu/relu:loss1");
      summary["elu/relu.lossEpoch1Ratio"] = l;
      const vl = decide(l, "≤", LOSS_RATIO);
      parts.push(
        part(
          "elu-loss-lower",
          { en: `ELU's training loss after epoch 1 is below ReLU's: ELU / ReLU ≤ ${LOSS_RATIO}, paired by seed`, zh: `第 1 轮后 ELU 的训练损失低于 ReLU：按种子配对，ELU / ReLU ≤ ${LOSS_RATIO}` },
          vl,
          {
            en: `loss after epoch 1: ELU ${statBi(summary["elu.lossEpoch1"]).en}, ReLU ${statBi(summary["relu.lossEpoch1"]).en}; ratio ${statBi(l).en}${more(vl).en}.`,
            zh: `第 1 轮后损失：ELU ${statBi(summary["elu.lossEpoch1"]).zh}，ReLU ${statBi(summary["relu.lossEpoch1"]).zh}；比值 ${statBi(l).zh}${more(vl).zh}。`,
          },
        ),
      );
    }
    if (has(CONTROL) && has("relu")) {
      const l = paired(col(CONTROL, (x) => x.loss[1]), col("relu", (x) => x.loss[1]), "ratio", "control/relu:loss1");
      summary[`${CONTROL}/relu.lossEpoch1Ratio`] = l;
      rows[`${CONTROL}/relu`] = { en: "ReLU − mean at init over ReLU (paired by seed)", zh: "ReLU − 初始均值与 ReLU 之比（按种子配对）" };
      const v = decide(l, "≤", LOSS_RATIO);
      parts.push(
        part(
          "centring-alone-faster",
          {
            en: `Centring alone (ReLU minus its mean at init: the same slope, mean ≈ 0) lowers the loss after epoch 1: (ReLU − mean) / ReLU ≤ ${LOSS_RATIO}, paired by seed (the same initial weights)`,
            zh: `仅做零均值化（ReLU 减去初始化时的均值：斜率相同，均值约为 0）就能降低第 1 轮后的损失：按种子配对（初始权重相同），(ReLU − 均值) / ReLU ≤ ${LOSS_RATIO}`,
          },
          v,
          {
            en: `unit mean at init: ReLU − mean ${statBi(summary[`${CONTROL}.unitMeanInit`]).en}, ReLU ${statBi(summary["relu.unitMeanInit"]).en}; loss after epoch 1: ReLU − mean ${statBi(summary[`${CONTROL}.lossEpoch1`]).en}, ReLU ${statBi(summary["relu.lossEpoch1"]).en}; ratio ${statBi(l).en}${more(v).en}.`,
            zh: `初始化时单元均值：ReLU − 均值 ${statBi(summary[`${CONTROL}.unitMeanInit`]).zh}，ReLU ${statBi(summary["relu.unitMeanInit"]).zh}；第 1 轮后损失：ReLU − 均值 ${statBi(summary[`${CONTROL}.lossEpoch1`]).zh}，ReLU ${statBi(summary["relu.lossEpoch1"]).zh}；比值 ${statBi(l).zh}${more(v).zh}。`,
          },
        ),
      );
    }
    const epochs = range(E + 1);
    const series = (q: "unitMean" | "loss") =>
      runs.map((k) => ({
        name: label(k),
        ...(k === CONTROL ? { label: { en: "ReLU − mean at init", zh: "ReLU − 初始均值" }, group: "relu", dash: "6 3" } : { id: k }),
        points: ciPoints(epochs, perSeed.map((s) => (s[k] ? s[k][q] : epochs.map(() => NaN))), `mean-activation:${q}:${k}`).filter((p) => q !== "loss" || (p.y > 0 && (p.lo ?? 1) > 0)),
      }));
    // With --data: the titles name the data and its training rows, and the result states its split and scaling.
    const d = (perSeed[0] as { data?: DataNote } | undefined)?.data;
    const on = d && d.train !== undefined ? { en: `${dataWords(d).name.en}, ${dataWords(d).trainOf(d.train).en}`, zh: `${dataWords(d).name.zh}，${dataWords(d).trainOf(d.train).zh}` } : { en: "digits", zh: "digits" };
    const figures = [
      chart({
        id: "mean-activation-units",
        title: { en: `Median over units of each unit's mean activation (${on.en}, ${o.layers}×${o.width}; median and 95 % interval over ${n} seeds)`, zh: `各单元平均激活的中位数（${on.zh}，${o.layers}×${o.width}；${n} 个种子的中位数与 95 % 区间）` },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "median unit mean", zh: "单元均值的中位数" } },
        series: series("unitMean"),
        rules: [{ y: 0 }],
      }),
      chart({
        id: "mean-activation-loss",
        title: d ? { en: `Training cross-entropy (${on.en}; median and 95 % interval over ${n} seeds)`, zh: `训练交叉熵（${on.zh}；${n} 个种子的中位数与 95 % 区间）` } : { en: `Training cross-entropy (median and 95 % interval over ${n} seeds)`, zh: `训练交叉熵（${n} 个种子的中位数与 95 % 区间）` },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "cross-entropy (log)", zh: "交叉熵（对数）" }, log: true },
        series: series("loss"),
      }),
    ];
    const verdict = combineVerdicts(parts.map((x) => x.verdict));
    const others = o.functions.filter((id) => id !== "elu" && id !== "relu").map((id) => ({ id, s: finalMean.get(id) }));
    return {
      summary,
      quantities: QUANTITIES,
      data: d ? { source: d.source, split: `${d.split} (trains on, and measures over, the training rows)`, scaling: d.scaling } : shippedDigitsTrain("trains on, and measures over, these"),
      rows,
      table,
      figures,
      verdict: {
        ...verdictOf(
          verdict,
          {
            en: `Paired by seed (the same data, and for the control the same initial weights as ReLU), decided on the 95 % bootstrap interval over ${n} seeds: (a) |ELU's median unit mean| / |ReLU's| after ${E} epochs ≤ ${MEAN_RATIO}; (b) ELU's loss after epoch 1 / ReLU's ≤ ${LOSS_RATIO}; (c) the same ratio for the centring control, ReLU minus each unit's mean at init (ReLU's slope, mean ≈ 0), ≤ ${LOSS_RATIO}: it tells whether a mean near 0 alone speeds early training. Holds: all parts hold; mixed: the parts differ. Table: the article's ✓ (tanh, ELU: mean near 0) holds when the interval of the median unit mean lies within ±${NEAR_ZERO}, its ✗ (sigmoid, ReLU) when it lies wholly outside.`,
            zh: `按种子配对（数据相同；对照组与 ReLU 的初始权重也相同），以 ${n} 个种子上的 95 % 自助法区间判定：（a）训练 ${E} 轮后 |ELU 单元均值的中位数| / |ReLU 的| ≤ ${MEAN_RATIO}；（b）第 1 轮后 ELU 的损失 / ReLU 的 ≤ ${LOSS_RATIO}；（c）零均值对照（ReLU 减去每个单元初始化时的均值：斜率同 ReLU，均值约为 0）的同一比值 ≤ ${LOSS_RATIO}：它说明仅仅均值接近 0 是否能加快早期训练。各部分都成立为成立；各部分结论不同为部分成立。表格：文章的 ✓（tanh、ELU：均值接近 0）在单元均值中位数的区间落在 ±${NEAR_ZERO} 以内时成立，✗（sigmoid、ReLU）在区间完全落在其外时成立。`,
          },
          {
            en: `${parts.map((x) => `${PART_NAME[x.id].en}: ${VERDICT_TEXT[x.verdict].en}`).join("; ")}${others.length ? `; median unit mean of the others: ${others.map((x) => `${x.id} ${statBi(x.s).en}`).join(", ")}` : ""}.`,
            zh: `${parts.map((x) => `${PART_NAME[x.id].zh}：${VERDICT_TEXT[x.verdict].zh}`).join("；")}${others.length ? `；其余函数的单元均值中位数：${others.map((x) => `${x.id} ${statBi(x.s).zh}`).join("，")}` : ""}。`,
          },
        ),
        parts,
      },
    };
  },
});
