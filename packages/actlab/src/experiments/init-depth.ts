import { Adam, SGD } from "../nn/optim.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import type { Bi } from "../plot/chart.js";
import { bandPoints, buildNet, chart, combineVerdicts, decide, defineExperiment, evaluate, finiteModel, fmt, part, put, range, statBi, Trainer, VERDICT_TEXT } from "./common.js";
import type { QuantityInfo, Summary, Verdict, VerdictPart } from "./types.js";

interface Options {
  depths: number[];
  width: number;
  epochs: number;
  lr: number;
  momentum: number;
  adamLr: number;
  batch: number;
  points: number;
}

const INITS = [
  { key: "he", name: "He (2/n)", zh: "He（2/n）" },
  { key: "lecun", name: "1/n", zh: "1/n" },
] as const;

const OPTIMISERS = [
  { key: "sgd", en: "SGD with momentum", zh: "带动量的 SGD" },
  { key: "adam", en: "Adam", zh: "Adam" },
] as const;
type OptKey = (typeof OPTIMISERS)[number]["key"];

/** Loss after each epoch (index 0: at init): runs[optimiser][init][depth index]. NaN once diverged. */
type SeedRun = Record<OptKey, Record<string, number[][]>>;

/** He "learns" when its lowest loss is at most this share of ln 3; 1/n "stalls" when it stays at or above STALL·ln 3. */
const LEARN = 0.9;
const STALL = 0.95;

/** Lowest finite loss of a curve (NaN when none is finite). */
function lowest(curve: readonly number[]): number {
  const v = curve.filter(Number.isFinite);
  return v.length ? Math.min(...v) : NaN;
}

const QUANTITIES: Record<string, QuantityInfo> = {
  lowestLoss: { label: { en: "lowest training loss reached", zh: "达到的最低训练损失" }, unit: { en: "nats", zh: "奈特" } },
  finalLoss: { label: { en: "training loss after the last epoch", zh: "最后一轮后的训练损失" }, unit: { en: "nats", zh: "奈特" } },
};

/** Both sub-claims hold → holds; either does not hold → does not hold; otherwise inconclusive. */
function both(a: Verdict, b: Verdict): Verdict {
  if (a === "holds" && b === "holds") return "holds";
  if (a === "does-not-hold" || b === "does-not-hold") return "does-not-hold";
  return "inconclusive";
}

export const initDepth = defineExperiment<Options, SeedRun>({
  id: "init-depth",
  title: { en: "He initialisation against 1/n for deep ReLU nets, with SGD and with Adam", zh: "深层 ReLU 网络：He 初始化与 1/n 初始化的对比（SGD 与 Adam）" },
  claim: {
    article: "相比sigmoid和tanh, 解决了梯度消失问题, 使得深层网络可训练（ReLU 优点 1）；但梯度下降的强度则完全取决于权值的乘积（ReLU 缺点 3）",
    en: "A deep ReLU net trains only when its weights keep the signal's scale: with He's variance 2/n it learns, with 1/n the signal halves in every layer and a 30-layer net stalls (under SGD; Adam rescales each step and may train it anyway).",
    zh: "深层 ReLU 网络只有在权重保持信号尺度时才能训练：方差为 2/n（He）时可以学习，而 1/n 时信号每层减半，30 层的网络停滞不前（在 SGD 下；Adam 按参数缩放步长，可能照样训练）。",
    functions: ["relu"],
  },
  options: [
    { name: "depths", type: "list", integer: true, default: [10, 22, 30], quick: [30], min: 1, max: 200, description: { en: "hidden layers", zh: "隐藏层数" } },
    { name: "width", type: "integer", default: 32, min: 2, max: 512, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "epochs", type: "integer", default: 40, quick: 8, min: 1, max: 2000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "lr", type: "number", default: 0.01, min: 1e-6, max: 10, description: { en: "SGD learning rate", zh: "SGD 学习率" } },
    { name: "momentum", type: "number", default: 0.9, min: 0, max: 0.999, description: { en: "SGD momentum", zh: "SGD 动量" } },
    { name: "adamLr", type: "number", default: 0.001, min: 1e-6, max: 1, description: { en: "Adam learning rate", zh: "Adam 学习率" } },
    { name: "batch", type: "integer", default: 32, min: 1, max: 10000, description: { en: "points per update", zh: "每次更新的点数" } },
    { name: "points", type: "integer", default: 300, quick: 150, min: 30, max: 100000, description: { en: "spiral points (3 arms)", zh: "spiral 数据点数（3 条臂）" } },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => OPTIMISERS.length * INITS.length * o.depths.length,
  // One unit per optimiser, init and depth: each depth's weights and batches come from streams of their own.
  parts: (o) => OPTIMISERS.flatMap((opt) => INITS.flatMap((init) => o.depths.map((d) => `${opt.key}/${init.key}/L${d}`))),
  async seed(o, seed, t) {
    const data = makeDataset("spiral", { n: o.points, seed });
    const x = Float32Array.from(data.x);
    const out = {} as SeedRun;
    for (const opt of OPTIMISERS) {
      out[opt.key] = {};
      for (const init of INITS) {
        out[opt.key][init.key] = [];
        for (const [di, depth] of o.depths.entries()) {
          if (!t.wants(`${opt.key}/${init.key}/L${depth}`)) continue;
          // The same weights and data order for both optimisers: only the update rule differs.
          const net = buildNet({ inputs: 2, hidden: Array(depth).fill(o.width), outputs: 3, act: { id: "relu" }, init: init.key, rng: createRng(seed, 1 + di), dtype: "float32" });
          const optimiser = opt.key === "sgd" ? new SGD(net.model.params, { lr: o.lr, momentum: o.momentum }) : new Adam(net.model.params, { lr: o.adamLr });
          const trainer = new Trainer(net.model, optimiser, x, data.labels, 2, 3, o.batch, createRng(seed, 50 + di));
          const loss = [evaluate(net.model, x, data.labels, 3).loss];
          for (let e = 1; e <= o.epochs; e++) {
            const prev = loss[loss.length - 1];
            if (Number.isFinite(prev)) {
              await trainer.epochPolling(t);
              loss.push(finiteModel(net.model) ? evaluate(net.model, x, data.labels, 3).loss : NaN);
            } else loss.push(NaN);
            await t.poll();
          }
          out[opt.key][init.key][di] = loss;
          await t.advance(`${opt.key}, ${init.key}, depth ${depth}`);
        }
      }
    }
    return out;
  },
  result(o, seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const rows: Record<string, Bi> = {};
    const chance = Math.log(3);
    const epochs = range(o.epochs + 1);
    for (const opt of OPTIMISERS) {
      for (const init of INITS) {
        o.depths.forEach((d, di) => {
          const row = `${opt.key}.${init.key}.depth${d}`;
          rows[row] = { en: `${opt.en}, ${init.name} init, depth ${d}`, zh: `${opt.zh}，${init.zh} 初始化，深度 ${d}` };
          // A run whose loss stopped being finite diverged: it is counted as such, not by the loss it had before.
          const diverged = perSeed.map((s) => s[opt.key][init.key][di].some((v) => !Number.isFinite(v)));
          put(summary, `${row}.finalLoss`, perSeed.map((s) => s[opt.key][init.key][di][o.epochs]), diverged);
          put(summary, `${row}.lowestLoss`, perSeed.map((s) => lowest(s[opt.key][init.key][di])), diverged);
        });
      }
    }
    const D = Math.max(...o.depths);
    const parts: VerdictPart[] = OPTIMISERS.map((opt) => {
      // The lowest loss reached, not the last one: deep He nets with momentum learn but spike.
      const he = summary[`${opt.key}.he.depth${D}.lowestLoss`];
      const lecun = summary[`${opt.key}.lecun.depth${D}.lowestLoss`];
      const heLearns = decide(he, "≤", LEARN * chance);
      const lecunStalls = decide(lecun, "≥", STALL * chance);
      const v = both(heLearns, lecunStalls);
      const [h, l] = [statBi(he), statBi(lecun)];
      // How many seeds trained the 1/n net after all (lowest loss within the "learns" band).
      const di = o.depths.indexOf(D);
      const trained = perSeed.filter((s) => lowest(s[opt.key].lecun[di]) <= LEARN * chance).length;
      return part(
        opt.key,
        { en: `with ${opt.en}, He learns and 1/n stalls at depth ${D}`, zh: `使用${opt.zh} 时，深度 ${D} 下 He 在学习而 1/n 停滞` },
        v,
        {
          en: `${opt.en} (lr ${opt.key === "sgd" ? o.lr : o.adamLr}), depth ${D}, lowest loss, median [95% interval]: He ${h.en} (learns: ${VERDICT_TEXT[heLearns].en}), 1/n ${l.en} (stalls: ${VERDICT_TEXT[lecunStalls].en}; the 1/n net learnt in ${trained} of ${seeds.length} seeds).${v === "inconclusive" ? " More seeds or a larger scale would decide." : ""}`,
          zh: `${opt.zh}（学习率 ${opt.key === "sgd" ? o.lr : o.adamLr}），深度 ${D}，最低损失的中位数 [95% 区间]：He ${h.zh}（在学习：${VERDICT_TEXT[heLearns].zh}），1/n ${l.zh}（停滞：${VERDICT_TEXT[lecunStalls].zh}；${seeds.length} 个种子中 ${trained} 个的 1/n 网络在学习）。${v === "inconclusive" ? "更多种子或更大规模的实验才能判定。" : ""}`,
        },
      );
    });
    const figures = OPTIMISERS.flatMap((opt) =>
      o.depths.map((d, di) =>
        chart({
          id: `init-depth-${opt.key}-${d}`,
          title: {
            en: `Training loss of a ${d}-layer ReLU net, ${opt.en} (spiral, width ${o.width}; median and range over ${seeds.length} seeds)`,
            zh: `${d} 层 ReLU 网络的训练损失，${opt.zh}（spiral，宽度 ${o.width}；${seeds.length} 个种子的中位数与范围）`,
          },
          x: { label: { en: "epoch", zh: "轮次" } },
          y: { label: { en: "cross-entropy", zh: "交叉熵" } },
          series: INITS.map((init) => ({ name: init.name, label: { en: init.name, zh: init.zh }, points: bandPoints(epochs, perSeed.map((s) => s[opt.key][init.key][di])), ...(init.key === "lecun" ? { dash: "6 3" } : {}) })),
          rules: [{ y: chance, label: { en: "ln 3 (chance)", zh: "ln 3（随机猜测）" } }],
        }),
      ),
    );
    return {
      summary,
      quantities: QUANTITIES,
      rows,
      figures,
      verdict: {
        verdict: combineVerdicts(parts.map((p) => p.verdict)),
        rule: {
          en: `At the greatest depth (${D}), over ${o.epochs} epochs, on the lowest training loss reached, for each optimiser: He learns when the 95% bootstrap interval over seeds lies wholly at or below ${LEARN}·ln 3, 1/n stalls when it lies wholly at or above ${STALL}·ln 3 (ln 3 = ${fmt(chance)} is chance). A part holds when both do, does not hold when either does not, and is inconclusive otherwise (or when fewer than 80% of the seeds finished). The claim is SGD's; Adam is the control.`,
          zh: `在最大深度（${D}）训练 ${o.epochs} 轮，按达到的最低训练损失，对每种优化器：各种子的 95% 自助区间整体不高于 ${LEARN}·ln 3 视为 He 在学习；整体不低于 ${STALL}·ln 3 视为 1/n 停滞（ln 3 = ${fmt(chance)} 为随机水平）。两者都成立则该部分成立，任一不成立则不成立，其余（或完成的种子不足 80%）为无法判定。该论断针对 SGD；Adam 为对照。`,
        },
        because: {
          en: parts.map((p) => p.because.en).join(" "),
          zh: parts.map((p) => p.because.zh).join(""),
        },
        parts,
      },
    };
  },
});
