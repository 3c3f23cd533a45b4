import { digitsSplit } from "../data/digits.js";
import { SGD } from "../nn/optim.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, combine, defineExperiment, evaluate, finiteModel, fmt, forwardAll, pct, put, range, Trainer, verdictOf } from "./common.js";
import type { Summary } from "./types.js";

interface Options {
  depths: number[];
  width: number;
  epochs: number;
  lr: number;
  batch: number;
  examples: number;
}

interface DepthRun {
  depth: number;
  /** Mean activation of each hidden layer on the monitor set: means[e][l] after epoch e (e = 0: at init). */
  means: number[][];
  /** Training error after each epoch (index 0: at init). */
  error: number[];
  /** First epoch after which the top layer's mean is back above 0.1 having been below 0.05 (null: never). */
  escape: number | null;
  diverged: boolean;
}

type SeedRun = DepthRun[];

const MONITOR = 300;
const EARLY = 5;

/** Smallest top-layer mean within the first EARLY epochs. */
function earlyTop(r: DepthRun): number {
  const top = r.means.slice(1, EARLY + 1).map((m) => m[m.length - 1]);
  return top.length ? Math.min(...top) : NaN;
}

/**
 * E2: Glorot and Bengio's sigmoid nets on positive inputs (digits scaled to [0, 1]) with the
 * "standard" init U[±1/√n], plain SGD on small batches: the top hidden layer is driven to 0.
 */
export const saturation = defineExperiment<Options, SeedRun>({
  id: "saturation",
  title: { en: "Sigmoid's top hidden layer saturates (Glorot and Bengio)", zh: "sigmoid 的最高隐藏层饱和（Glorot 与 Bengio）" },
  claim: {
    article: "梯度消失: 当输入趋近 0 和 1 的时候，变化率基本为常数，即变化非常小，进而导致梯度接近于 0，无法执行反向传播（sigmoid 缺点 1）",
    en: "Trained on real data with a standard init, a deep sigmoid net drives its top hidden layer into saturation near 0, where the gradient is tiny and learning stalls.",
    zh: "以标准初始化在真实数据上训练时，深层 sigmoid 网络的最高隐藏层会被推入接近 0 的饱和区，梯度很小，学习停滞。",
    functions: ["sigmoid"],
  },
  options: [
    { name: "depths", type: "list", integer: true, default: [4, 5], quick: [4], min: 1, max: 10, description: { en: "hidden layers of each net", zh: "各网络的隐藏层数" } },
    { name: "width", type: "integer", default: 100, quick: 64, min: 2, max: 1024, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "epochs", type: "integer", default: 20, quick: 3, min: 1, max: 1000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "lr", type: "number", default: 1, min: 1e-6, max: 100, description: { en: "SGD learning rate", zh: "SGD 学习率" } },
    { name: "batch", type: "integer", default: 10, min: 1, max: 1347, description: { en: "examples per update", zh: "每次更新的样本数" } },
    { name: "examples", type: "integer", default: 1347, quick: 300, min: MONITOR, max: 1347, description: { en: "training images used (of 1,347)", zh: "使用的训练图像数（共 1,347）" } },
  ],
  seeds: { default: 3, quick: 1 },
  units: (o) => o.depths.length * o.epochs,
  async seed(o, seed, t) {
    const { train } = digitsSplit({ scale: "unit" });
    const n = o.examples;
    const x = Float32Array.from(train.x.subarray(0, n * 64));
    const labels = train.labels.subarray(0, n);
    const monitor = x.subarray(0, MONITOR * 64);
    const out: SeedRun = [];
    for (const depth of o.depths) {
      const net = buildNet({ inputs: 64, hidden: Array(depth).fill(o.width), outputs: 10, act: { id: "sigmoid" }, init: "standard", rng: createRng(seed, depth), dtype: "float32" });
      const trainer = new Trainer(net.model, new SGD(net.model.params, { lr: o.lr }), x, labels, 64, 10, o.batch, createRng(seed, 100 + depth));
      const record = (): number[] => {
        const outs = forwardAll(net.model, monitor);
        return range(depth).map((l) => {
          const h = outs[2 * l + 1];
          let s = 0;
          for (let i = 0; i < h.length; i++) s += h[i];
          return s / h.length;
        });
      };
      const means = [record()];
      const error = [1 - evaluate(net.model, x, labels, 10).accuracy];
      let diverged = false;
      for (let e = 1; e <= o.epochs; e++) {
        if (!diverged) {
          await trainer.epochPolling(t);
          diverged = !finiteModel(net.model);
        }
        means.push(diverged ? Array(depth).fill(NaN) : record());
        error.push(diverged ? NaN : 1 - evaluate(net.model, x, labels, 10).accuracy);
        await t.advance(`depth ${depth}, epoch ${e}`);
      }
      let low = false;
      let escape: number | null = null;
      means.forEach((m, e) => {
        const top = m[depth - 1];
        if (top < 0.05) low = true;
        else if (low && top > 0.1 && escape === null) escape = e;
      });
      out.push({ depth, means, error, escape, diverged });
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const epochs = range(o.epochs + 1);
    const figures = [];
    const pass: boolean[] = [];
    const words: string[] = [];
    const wordsZh: string[] = [];
    for (const [k, depth] of o.depths.entries()) {
      const runs = perSeed.map((s) => s[k]);
      const key = `depth${depth}`;
      put(summary, `${key}.topMeanInit`, runs.map((r) => r.means[0][depth - 1]));
      const early = put(summary, `${key}.topMeanEarlyMin`, runs.map(earlyTop));
      put(summary, `${key}.topMeanFinal`, runs.map((r) => r.means[o.epochs][depth - 1]));
      put(summary, `${key}.bottomMeanFinal`, runs.map((r) => r.means[o.epochs][0]));
      const err = put(summary, `${key}.errorFinal`, runs.map((r) => r.error[o.epochs]));
      put(summary, `${key}.escapeEpoch`, runs.map((r) => r.escape ?? NaN));
      const escaped = runs.filter((r) => r.escape !== null).length;
      const p = early !== undefined && early.median < 0.1;
      pass.push(p);
      words.push(`depth ${depth}: lowest top-layer mean in the first ${Math.min(EARLY, o.epochs)} epochs ${fmt(early?.median)}, escaped in ${escaped} of ${runs.length} seeds, final training error ${pct(err?.median)}`);
      wordsZh.push(`深度 ${depth}：前 ${Math.min(EARLY, o.epochs)} 轮最高层均值最低 ${fmt(early?.median)}，${runs.length} 个种子中 ${escaped} 个脱离饱和，最终训练误差 ${pct(err?.median)}`);
      figures.push(
        chart({
          id: `saturation-depth${depth}`,
          title: { en: `Mean activation of each sigmoid layer during training (depth ${depth}, lr ${o.lr})`, zh: `训练中各 sigmoid 层的平均激活（深度 ${depth}，学习率 ${o.lr}）` },
          x: { label: { en: "epoch", zh: "轮次" } },
          y: { label: { en: "mean activation", zh: "平均激活" }, domain: [0, 1] },
          series: range(depth).map((l) => ({ name: `layer ${l + 1}`, label: { en: `layer ${l + 1}`, zh: `第 ${l + 1} 层` }, points: bandPoints(epochs, runs.map((r) => r.means.map((m) => m[l]))), ...(l === depth - 1 ? {} : { dash: "4 3" }) })),
          rules: [{ y: 0.5 }],
        }),
      );
    }
    figures.push(
      chart({
        id: "saturation-error",
        title: { en: "Training error of the sigmoid nets", zh: "sigmoid 网络的训练误差" },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "training error", zh: "训练误差" }, domain: [0, 1] },
        series: o.depths.map((depth, k) => ({ name: `depth ${depth}`, label: { en: `depth ${depth}`, zh: `深度 ${depth}` }, points: bandPoints(epochs, perSeed.map((s) => s[k].error)) })),
        rules: [{ y: 0.9, label: { en: "chance", zh: "随机猜测" } }],
      }),
    );
    return {
      summary,
      figures,
      verdict: verdictOf(
        combine(pass),
        {
          en: `Saturation holds for a depth when the median (over seeds) of the lowest top-hidden-layer mean activation within the first ${Math.min(EARLY, o.epochs)} epochs is below 0.1 (it starts near 0.5). Holds: every depth; mixed: some; does not hold: none.`,
          zh: `若前 ${Math.min(EARLY, o.epochs)} 轮内最高隐藏层平均激活的最低值（各种子的中位数）低于 0.1（初始约为 0.5），则该深度出现饱和。所有深度都出现为成立；部分出现为部分成立；都不出现为不成立。`,
        },
        { en: words.join("; ") + ".", zh: wordsZh.join("；") + "。" },
      ),
    };
  },
});

