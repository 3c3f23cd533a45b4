import { SGD } from "../nn/optim.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, combine, defineExperiment, evaluate, finiteModel, fmt, median, put, range, Trainer, verdictOf } from "./common.js";
import type { Summary } from "./types.js";

interface Options {
  depths: number[];
  width: number;
  epochs: number;
  lr: number;
  momentum: number;
  batch: number;
  points: number;
}

const INITS = [
  { key: "he", name: "He (2/n)", zh: "He（2/n）" },
  { key: "lecun", name: "1/n", zh: "1/n" },
] as const;

/** Loss after each epoch (index 0: at init); runs[init][depth index]. NaN once diverged. */
type SeedRun = Record<string, number[][]>;

/** Lowest finite loss of a curve (NaN when none is finite). */
function lowest(curve: readonly number[]): number {
  const v = curve.filter(Number.isFinite);
  return v.length ? Math.min(...v) : NaN;
}

export const initDepth = defineExperiment<Options, SeedRun>({
  id: "init-depth",
  title: { en: "He initialisation against 1/n for deep ReLU nets", zh: "深层 ReLU 网络：He 初始化与 1/n 初始化的对比" },
  claim: {
    article: "相比sigmoid和tanh, 解决了梯度消失问题, 使得深层网络可训练（ReLU 优点 1）；但梯度下降的强度则完全取决于权值的乘积（ReLU 缺点 3）",
    en: "A deep ReLU net trains only when its weights keep the signal's scale: with He's variance 2/n it learns, with 1/n the signal halves in every layer and a 30-layer net stalls.",
    zh: "深层 ReLU 网络只有在权重保持信号尺度时才能训练：方差为 2/n（He）时可以学习，而 1/n 时信号每层减半，30 层的网络停滞不前。",
    functions: ["relu"],
  },
  options: [
    { name: "depths", type: "list", integer: true, default: [10, 22, 30], quick: [10, 30], min: 1, max: 200, description: { en: "hidden layers", zh: "隐藏层数" } },
    { name: "width", type: "integer", default: 32, min: 2, max: 512, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "epochs", type: "integer", default: 40, quick: 8, min: 1, max: 2000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "lr", type: "number", default: 0.01, min: 1e-6, max: 10, description: { en: "SGD learning rate", zh: "SGD 学习率" } },
    { name: "momentum", type: "number", default: 0.9, min: 0, max: 0.999, description: { en: "SGD momentum", zh: "SGD 动量" } },
    { name: "batch", type: "integer", default: 32, min: 1, max: 10000, description: { en: "points per update", zh: "每次更新的点数" } },
    { name: "points", type: "integer", default: 300, quick: 150, min: 30, max: 100000, description: { en: "spiral points (3 arms)", zh: "spiral 数据点数（3 条臂）" } },
  ],
  seeds: { default: 3, quick: 1 },
  units: (o) => INITS.length * o.depths.length,
  async seed(o, seed, t) {
    const data = makeDataset("spiral", { n: o.points, seed });
    const x = Float32Array.from(data.x);
    const out: SeedRun = {};
    for (const init of INITS) {
      out[init.key] = [];
      for (const [di, depth] of o.depths.entries()) {
        const net = buildNet({ inputs: 2, hidden: Array(depth).fill(o.width), outputs: 3, act: { id: "relu" }, init: init.key, rng: createRng(seed, 1 + di), dtype: "float32" });
        const trainer = new Trainer(net.model, new SGD(net.model.params, { lr: o.lr, momentum: o.momentum }), x, data.labels, 2, 3, o.batch, createRng(seed, 50 + di));
        const loss = [evaluate(net.model, x, data.labels, 3).loss];
        for (let e = 1; e <= o.epochs; e++) {
          const prev = loss[loss.length - 1];
          if (Number.isFinite(prev)) {
            await trainer.epochPolling(t);
            loss.push(finiteModel(net.model) ? evaluate(net.model, x, data.labels, 3).loss : NaN);
          } else loss.push(NaN);
          await t.poll();
        }
        out[init.key].push(loss);
        await t.advance(`${init.key}, depth ${depth}`);
      }
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const chance = Math.log(3);
    const epochs = range(o.epochs + 1);
    for (const init of INITS) {
      o.depths.forEach((d, di) => {
        put(summary, `${init.key}.depth${d}.finalLoss`, perSeed.map((s) => s[init.key][di][o.epochs]));
        put(summary, `${init.key}.depth${d}.lowestLoss`, perSeed.map((s) => lowest(s[init.key][di])));
      });
    }
    const deep = o.depths.indexOf(Math.max(...o.depths));
    // The lowest loss reached, not the last one: deep He nets with momentum learn but spike.
    const final = (k: string) => median(perSeed.map((s) => lowest(s[k][deep])));
    const heLearns = final("he") <= 0.9 * chance;
    const lecunStalls = !(final("lecun") <= 0.95 * chance);
    const figures = o.depths.map((d, di) =>
      chart({
        id: `init-depth-${d}`,
        title: { en: `Training loss of a ${d}-layer ReLU net (spiral, width ${o.width})`, zh: `${d} 层 ReLU 网络的训练损失（spiral，宽度 ${o.width}）` },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "cross-entropy", zh: "交叉熵" } },
        series: INITS.map((init) => ({ name: init.name, label: { en: init.name, zh: init.zh }, points: bandPoints(epochs, perSeed.map((s) => s[init.key][di])), ...(init.key === "lecun" ? { dash: "6 3" } : {}) })),
        rules: [{ y: chance, label: { en: "ln 3 (chance)", zh: "ln 3（随机猜测）" } }],
      }),
    );
    const D = o.depths[deep];
    return {
      summary,
      figures,
      verdict: verdictOf(
        combine([heLearns, lecunStalls]),
        {
          en: `At the greatest depth (${D}), over ${o.epochs} epochs, on the lowest training loss reached (median over seeds): He learns when it is ≤ 0.9·ln 3; 1/n stalls when it stays > 0.95·ln 3 (ln 3 = ${fmt(chance)} is chance). Holds: both; mixed: one; does not hold: neither.`,
          zh: `在最大深度（${D}）训练 ${o.epochs} 轮中，按达到的最低训练损失（各种子中位数）：He ≤ 0.9·ln 3 视为在学习；1/n > 0.95·ln 3 视为停滞（ln 3 = ${fmt(chance)} 为随机水平）。两项都满足为成立；一项为部分成立；都不满足为不成立。`,
        },
        {
          en: `depth ${D}, median lowest loss: He ${fmt(final("he"))}, 1/n ${fmt(final("lecun"))}.`,
          zh: `深度 ${D}，最低损失中位数：He ${fmt(final("he"))}，1/n ${fmt(final("lecun"))}。`,
        },
      ),
    };
  },
});
