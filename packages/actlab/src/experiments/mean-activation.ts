import { activations } from "../activations/registry.js";
import { digitsSplit } from "../data/digits.js";
import { SGD } from "../nn/optim.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, combine, defineExperiment, evaluate, finiteModel, fmt, forwardAll, functionsOption, median, put, range, recommendedInit, Trainer, verdictOf } from "./common.js";
import type { Summary } from "./types.js";

interface Options {
  functions: string[];
  layers: number;
  width: number;
  epochs: number;
  lr: number;
  batch: number;
}

interface FunctionRun {
  /** Median over hidden units of each unit's mean activation on the training set, after each epoch (0: init). */
  unitMean: number[];
  /** Training cross-entropy after each epoch (0: init); NaN once diverged. */
  loss: number[];
}

type SeedRun = Record<string, FunctionRun>;

function medianUnitMean(outs: ReturnType<typeof forwardAll>, layers: number, width: number): number {
  const means: number[] = [];
  for (let l = 0; l < layers; l++) {
    const h = outs[2 * l + 1];
    const rows = h.length / width;
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += h[r * width + j];
      means.push(s / rows);
    }
  }
  return median(means);
}

export const meanActivation = defineExperiment<Options, SeedRun>({
  id: "mean-activation",
  title: { en: "Mean activation and early loss: ELU against ReLU", zh: "平均激活与早期损失：ELU 与 ReLU 的对比" },
  claim: {
    article: "输出的均值接近于0，并且单侧饱和可以加速收敛（ELU 优点）；Relu函数的输出也不是以0为均值的函数（ReLU 缺点 1）",
    en: "ELU's negative outputs pull the mean activation of its units towards 0, where ReLU's stays positive, and this makes the loss fall faster early in training.",
    zh: "ELU 的负输出把单元的平均激活拉向 0，而 ReLU 的平均激活始终为正；这使训练早期的损失下降得更快。",
    functions: ["elu", "relu"],
  },
  options: [
    functionsOption(["relu", "leaky-relu", "elu", "selu", "tanh"].filter((id) => activations.some((a) => a.id === id)), ["relu", "elu"]),
    { name: "layers", type: "integer", default: 8, quick: 4, min: 1, max: 50, description: { en: "hidden layers", zh: "隐藏层数" } },
    { name: "width", type: "integer", default: 64, quick: 32, min: 2, max: 1024, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "epochs", type: "integer", default: 10, quick: 2, min: 1, max: 1000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "lr", type: "number", default: 0.01, min: 1e-6, max: 10, description: { en: "SGD learning rate", zh: "SGD 学习率" } },
    { name: "batch", type: "integer", default: 64, min: 1, max: 1347, description: { en: "images per update", zh: "每次更新的图像数" } },
  ],
  seeds: { default: 3, quick: 1 },
  units: (o) => o.functions.length * o.epochs,
  async seed(o, seed, t) {
    const { train } = digitsSplit();
    const x = Float32Array.from(train.x);
    const out: SeedRun = {};
    for (const id of o.functions) {
      const rng = createRng(seed, 1 + activations.findIndex((a) => a.id === id));
      const net = buildNet({ inputs: 64, hidden: Array(o.layers).fill(o.width), outputs: 10, act: { id }, init: recommendedInit(id), rng, dtype: "float32" });
      const trainer = new Trainer(net.model, new SGD(net.model.params, { lr: o.lr }), x, train.labels, 64, 10, o.batch, createRng(seed, 100));
      const measure = (): [number, number] => {
        if (!finiteModel(net.model)) return [NaN, NaN];
        const outs = forwardAll(net.model, x);
        return [medianUnitMean(outs, o.layers, o.width), evaluate(net.model, x, train.labels, 10).loss];
      };
      const [m0, l0] = measure();
      const unitMean = [m0];
      const loss = [l0];
      for (let e = 1; e <= o.epochs; e++) {
        if (Number.isFinite(loss[e - 1])) await trainer.epochPolling(t);
        const [m, l] = Number.isFinite(loss[e - 1]) ? measure() : [NaN, NaN];
        unitMean.push(m);
        loss.push(l);
        await t.advance(`${id}, epoch ${e}`);
      }
      out[id] = { unitMean, loss };
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, number>> = {};
    const E = o.epochs;
    for (const id of o.functions) {
      const m = put(summary, `${id}.unitMean`, perSeed.map((s) => s[id].unitMean[E]));
      put(summary, `${id}.unitMeanInit`, perSeed.map((s) => s[id].unitMean[0]));
      put(summary, `${id}.lossEpoch1`, perSeed.map((s) => s[id].loss[1]));
      put(summary, `${id}.lossFinal`, perSeed.map((s) => s[id].loss[E]));
      if (m) table[id] = { meanActivation: m.median };
    }
    const epochs = range(E + 1);
    const figures = [
      chart({
        id: "mean-activation-units",
        title: { en: `Median over units of each unit's mean activation (digits, ${o.layers}×${o.width})`, zh: `各单元平均激活的中位数（digits，${o.layers}×${o.width}）` },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "median unit mean", zh: "单元均值的中位数" } },
        series: o.functions.map((id) => ({ name: id, id, points: bandPoints(epochs, perSeed.map((s) => s[id].unitMean)) })),
        rules: [{ y: 0 }],
      }),
      chart({
        id: "mean-activation-loss",
        title: { en: "Training cross-entropy", zh: "训练交叉熵" },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "cross-entropy (log)", zh: "交叉熵（对数）" }, log: true },
        series: o.functions.map((id) => ({ name: id, id, points: bandPoints(epochs, perSeed.map((s) => s[id].loss), true) })),
      }),
    ];
    const has = o.functions.includes("elu") && o.functions.includes("relu");
    const med = (id: string, f: (r: FunctionRun) => number) => (o.functions.includes(id) ? median(perSeed.map((s) => f(s[id]))) : NaN);
    const mElu = med("elu", (r) => r.unitMean[E]);
    const mRelu = med("relu", (r) => r.unitMean[E]);
    const lElu = med("elu", (r) => r.loss[1]);
    const lRelu = med("relu", (r) => r.loss[1]);
    const closer = has && Math.abs(mElu) <= 0.7 * Math.abs(mRelu);
    const faster = has && lElu < lRelu;
    const others = o.functions.filter((id) => id !== "elu" && id !== "relu").map((id) => `${id} ${fmt(med(id, (r) => r.unitMean[E]))}`);
    return {
      summary,
      table,
      figures,
      verdict: verdictOf(
        combine([closer, faster]),
        {
          en: `Two tests on medians over seeds: ELU's median unit mean activation after ${E} epochs is at most 0.7× ReLU's (in absolute value); and ELU's training loss after epoch 1 is below ReLU's. Holds: both; mixed: one; does not hold: neither (or ELU or ReLU not run).`,
          zh: `对各种子的中位数做两项检验：训练 ${E} 轮后 ELU 单元平均激活的中位数（绝对值）不超过 ReLU 的 0.7 倍；第 1 轮后 ELU 的训练损失低于 ReLU。两项都通过为成立；一项为部分成立；都不通过（或未运行 ELU、ReLU）为不成立。`,
        },
        {
          en: `median unit mean: ELU ${fmt(mElu)}, ReLU ${fmt(mRelu)}${others.length ? ` (${others.join(", ")})` : ""}; loss after epoch 1: ELU ${fmt(lElu)}, ReLU ${fmt(lRelu)}.`,
          zh: `单元均值中位数：ELU ${fmt(mElu)}，ReLU ${fmt(mRelu)}${others.length ? `（${others.join("，")}）` : ""}；第 1 轮后损失：ELU ${fmt(lElu)}，ReLU ${fmt(lRelu)}。`,
        },
      ),
    };
  },
});
