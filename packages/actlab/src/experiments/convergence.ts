import { activations } from "../activations/registry.js";
import { digitsSplit } from "../data/digits.js";
import { SGD } from "../nn/optim.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import { buildNet, chart, curveFunctions, defineExperiment, evaluate, finiteModel, fmt, functionChart, functionsOption, median, pct, put, recommendedInit, Trainer, verdictOf } from "./common.js";
import type { Summary, Verdict } from "./types.js";

interface Options {
  functions: string[];
  tasks: string[];
  spiralLrs: number[];
  digitsLrs: number[];
  spiralEpochs: number;
  digitsEpochs: number;
}

/** The two tasks: a plane data set with momentum, real digits with plain SGD (the research note's E5). */
const TASKS = {
  spiral: { name: "spiral", hidden: [32, 32, 32], momentum: 0.9, batch: 32, target: 0.05 },
  digits: { name: "digits", hidden: [64, 64, 64], momentum: 0, batch: 32, target: 0.01 },
} as const;
type TaskKey = keyof typeof TASKS;
const TASK_KEYS = Object.keys(TASKS) as TaskKey[];

/** Epochs to the target training error, per task, function and learning rate (null: not reached). */
type SeedRun = Partial<Record<TaskKey, Record<string, (number | null)[]>>>;

function lrsOf(o: Options, task: TaskKey): number[] {
  return task === "spiral" ? o.spiralLrs : o.digitsLrs;
}

function maxOf(o: Options, task: TaskKey): number {
  return task === "spiral" ? o.spiralEpochs : o.digitsEpochs;
}

/**
 * Best median epochs over the learning-rate grid, with "not reached" counted as max + 1 (so a
 * ratio against ReLU is a lower bound when a function never reaches the target).
 */
function best(perSeed: readonly SeedRun[], task: TaskKey, id: string, lrs: number[], max: number): { epochs: number; lr: number } {
  let b = { epochs: Infinity, lr: NaN };
  lrs.forEach((lr, k) => {
    const m = median(perSeed.map((s) => s[task]?.[id][k] ?? max + 1));
    if (m < b.epochs) b = { epochs: m, lr };
  });
  return b;
}

export const convergence = defineExperiment<Options, SeedRun>({
  id: "convergence",
  title: { en: "Epochs to a target at a tuned learning rate, every function", zh: "在调优学习率下达到目标所需轮数（所有函数）" },
  claim: {
    article: "计算速度非常快, 收敛速度快（ReLU 优点 2）；收敛速度较慢（sigmoid 缺点 2）",
    en: "ReLU converges much faster than sigmoid and tanh (Krizhevsky et al. report 6× against tanh), each with its best learning rate.",
    zh: "在各自最佳学习率下，ReLU 的收敛速度远快于 sigmoid 和 tanh（Krizhevsky 等人报告比 tanh 快 6 倍）。",
    functions: ["relu", "tanh", "sigmoid"],
  },
  options: [
    functionsOption(undefined, ["sigmoid", "tanh", "relu"]),
    { name: "tasks", type: "list", default: TASK_KEYS, quick: ["spiral"], choices: TASK_KEYS, description: { en: "data sets: spiral (5% error, momentum 0.9) and digits (1% error, plain SGD)", zh: "数据集：spiral（误差 5%，动量 0.9）与 digits（误差 1%，普通 SGD）" } },
    { name: "spiralLrs", type: "list", default: [0.01, 0.03, 0.1, 0.3, 1], quick: [0.03, 0.3], min: 1e-6, max: 100, description: { en: "learning rates tried on spiral", zh: "spiral 上尝试的学习率" } },
    { name: "digitsLrs", type: "list", default: [0.1, 0.3, 1], quick: [0.3], min: 1e-6, max: 100, description: { en: "learning rates tried on digits", zh: "digits 上尝试的学习率" } },
    { name: "spiralEpochs", type: "integer", default: 60, quick: 25, min: 1, max: 5000, description: { en: "most epochs on spiral", zh: "spiral 上的最多轮数" } },
    { name: "digitsEpochs", type: "integer", default: 15, quick: 5, min: 1, max: 5000, description: { en: "most epochs on digits", zh: "digits 上的最多轮数" } },
  ],
  seeds: { default: 3, quick: 1 },
  units: (o) => o.functions.length * o.tasks.reduce((n, t) => n + lrsOf(o, t as TaskKey).length, 0),
  async seed(o, seed, t) {
    const out: SeedRun = {};
    for (const task of o.tasks as TaskKey[]) {
      const spec = TASKS[task];
      let x: Float32Array;
      let labels: Int32Array;
      let features: number;
      let classes: number;
      if (task === "spiral") {
        const d = makeDataset("spiral", { n: 300, seed });
        [x, labels, features, classes] = [Float32Array.from(d.x), d.labels, 2, 3];
      } else {
        const d = digitsSplit().train;
        [x, labels, features, classes] = [Float32Array.from(d.x), d.labels, 64, 10];
      }
      const rows: Record<string, (number | null)[]> = {};
      for (const id of o.functions) {
        const stream = 1 + activations.findIndex((a) => a.id === id);
        rows[id] = [];
        for (const lr of lrsOf(o, task)) {
          const net = buildNet({ inputs: features, hidden: spec.hidden, outputs: classes, act: { id }, init: recommendedInit(id), rng: createRng(seed, stream), dtype: "float32" });
          const trainer = new Trainer(net.model, new SGD(net.model.params, { lr, momentum: spec.momentum }), x, labels, features, classes, spec.batch, createRng(seed, 100));
          let reached: number | null = null;
          for (let e = 1; e <= maxOf(o, task) && reached === null; e++) {
            await trainer.epochPolling(t);
            if (!finiteModel(net.model)) break;
            if (1 - evaluate(net.model, x, labels, classes).accuracy <= spec.target) reached = e;
            await t.poll();
          }
          rows[id].push(reached);
          await t.advance(`${task}: ${id}, lr ${lr}`);
        }
      }
      out[task] = rows;
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, number>> = {};
    const ratios: Record<string, number[]> = {};
    const figures = [];
    for (const task of o.tasks as TaskKey[]) {
      const lrs = lrsOf(o, task);
      const max = maxOf(o, task);
      const relu = o.functions.includes("relu") ? best(perSeed, task, "relu", lrs, max) : undefined;
      for (const id of o.functions) {
        lrs.forEach((lr, k) => put(summary, `${task}.${id}.lr${lr}.epochs`, perSeed.map((s) => s[task]?.[id][k] ?? max + 1)));
        const b = best(perSeed, task, id, lrs, max);
        summary[`${task}.${id}.bestEpochs`] = { median: b.epochs, min: b.epochs, max: b.epochs };
        summary[`${task}.${id}.bestLr`] = { median: b.lr, min: b.lr, max: b.lr };
        if (relu) (ratios[id] ??= []).push(b.epochs / relu.epochs);
      }
      figures.push(
        chart({
          id: `convergence-${task}`,
          title: {
            en: `${TASKS[task].name}: epochs to ${pct(TASKS[task].target)} training error (median over seeds; ${max + 1} = not reached)`,
            zh: `${TASKS[task].name}：训练误差降到 ${pct(TASKS[task].target)} 所需轮数（各种子中位数；${max + 1} 表示未达到）`,
          },
          x: { label: { en: "learning rate (log)", zh: "学习率（对数）" }, log: true },
          y: { label: { en: "epochs (log)", zh: "轮数（对数）" }, log: true },
          series: curveFunctions(o.functions).map((id) => ({
            name: id,
            id,
            points: lrs.map((lr, k) => {
              const v = perSeed.map((s) => s[task]?.[id][k] ?? max + 1);
              return { x: lr, y: median(v), ...(perSeed.length > 1 ? { lo: Math.min(...v), hi: Math.max(...v) } : {}) };
            }),
          })),
          rules: [{ y: max + 1, label: { en: "not reached", zh: "未达到" } }],
        }),
      );
    }
    if (o.functions.includes("relu")) {
      figures.push(
        functionChart({
          id: "convergence-best",
          title: { en: "Epochs to the target at each function's best learning rate, relative to ReLU's", zh: "各函数在其最佳学习率下达到目标所需轮数，相对 ReLU 的倍数" },
          y: { label: { en: "epochs ÷ ReLU's (log)", zh: "轮数 ÷ ReLU（对数）" }, log: true },
          functions: o.functions,
          series: (o.tasks as TaskKey[]).map((task) => ({
            name: TASKS[task].name,
            values: (id: string) => [best(perSeed, task, id, lrsOf(o, task), maxOf(o, task)).epochs / best(perSeed, task, "relu", lrsOf(o, task), maxOf(o, task)).epochs],
          })),
          rules: [{ y: 1 }],
          positiveOnly: true,
        }),
      );
    }
    // Table: the geometric mean over the tasks of (best epochs / ReLU's best epochs).
    for (const id of o.functions) {
      const r = ratios[id];
      if (r && r.length) table[id] = { epochsVsRelu: Math.exp(r.reduce((s, v) => s + Math.log(v), 0) / r.length) };
    }
    const tanhRatios = ratios.tanh ?? [];
    const fast = tanhRatios.filter((r) => r >= 3).length;
    const verdict: Verdict = tanhRatios.length === 0 ? "mixed" : fast === tanhRatios.length ? "holds" : fast === 0 ? "does-not-hold" : "mixed";
    const words = (o.tasks as TaskKey[]).map((task, i) => {
      const tr = ratios.tanh?.[i];
      const sr = ratios.sigmoid?.[i];
      return { en: `${task}: tanh/ReLU ${fmt(tr)}×, sigmoid/ReLU ${fmt(sr)}×`, zh: `${task}：tanh/ReLU ${fmt(tr)} 倍，sigmoid/ReLU ${fmt(sr)} 倍` };
    });
    return {
      summary,
      table,
      figures,
      verdict: verdictOf(
        verdict,
        {
          en: "For each data set, take each function's best median epochs to target over the learning-rate grid (not reached = the epoch limit + 1). Holds when tanh needs ≥ 3× ReLU's epochs on every data set (\"much faster\"; the paper's figure is 6×); mixed when on some; does not hold when on none.",
          zh: "对每个数据集，取每个函数在学习率网格上达到目标所需轮数中位数的最小值（未达到记为轮数上限 + 1）。若在每个数据集上 tanh 所需轮数都 ≥ ReLU 的 3 倍（“快得多”；论文为 6 倍）则成立；部分数据集满足为部分成立；都不满足为不成立。",
        },
        { en: words.map((w) => w.en).join("; ") + " (ratios above the epoch limit are lower bounds).", zh: words.map((w) => w.zh).join("；") + "（超过轮数上限时比值为下界）。" },
      ),
    };
  },
});
