import { activations, streamOf } from "../activations/registry.js";
import { DIGITS_TEST_COUNT, digitsSplit } from "../data/digits.js";
import { dataFor, dataNote, dataWords, type DataNote } from "./data-source.js";
import { SGD } from "../nn/optim.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, combineVerdicts, curveFunctions, decide, defineExperiment, evaluate, finiteModel, fmt, functionChart, functionsOption, paired, part, put, range, recommendedInit, statBi, Trainer, VERDICT_TEXT } from "./common.js";
import type { QuantityInfo, Summary, TableCell } from "./types.js";

interface Options {
  functions: string[];
  hidden: number[];
  epochs: number;
  lr: number;
  momentum: number;
  batch: number;
  splits: number;
  data: string;
}

interface FunctionRun {
  /** Test accuracy after each epoch (index 0: at init); NaN once diverged. */
  test: number[];
  train: number;
}

/** The split the seed used, and each function's run (with --data: where the data came from, its split and scaling). */
interface SeedRun {
  split: number;
  data?: DataNote;
  runs: Record<string, FunctionRun>;
}

const upper = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

/** The rule's threshold: ReLU above sigmoid by at least this many points of test accuracy. */
const GAP_POINTS = 1;

/** The split seed s trains and tests on: seeds 1…k take splits 0…k−1, seed k+1 split 0 again. */
export function splitOfSeed(seed: number, splits: number): number {
  return (((seed - 1) % splits) + splits) % splits;
}

/** The quantities, the test accuracy's label naming the held-out rows (450 images of the shipped digits, or the data's own). */
const quantities = (held: { en: string; zh: string }): Record<string, QuantityInfo> => ({
  testAccuracy: { label: { en: `test accuracy (${held.en})`, zh: `测试准确率（${held.zh}）` }, unit: { en: "share", zh: "比例" } },
  trainAccuracy: { label: { en: "training accuracy at the end", zh: "训练结束时的训练准确率" }, unit: { en: "share", zh: "比例" } },
  gapPoints: { label: { en: "test accuracy − sigmoid's, paired by seed", zh: "测试准确率 − sigmoid 的（按种子配对）" }, unit: { en: "points", zh: "个百分点" } },
});

export const digits = defineExperiment<Options, SeedRun>({
  id: "digits",
  title: { en: "Test accuracy on real handwritten digits, every function", zh: "真实手写数字上的测试准确率（所有函数）" },
  claim: {
    article: "收敛速度较慢（sigmoid 缺点 2）；相比sigmoid和tanh, 解决了梯度消失问题, 使得深层网络可训练（ReLU 优点 1）",
    en: "With the same small budget of training, ReLU reaches a clearly higher test accuracy than sigmoid on real data.",
    zh: "在同样少量的训练下，ReLU 在真实数据上的测试准确率明显高于 sigmoid。",
    functions: ["relu", "sigmoid"],
  },
  options: [
    functionsOption(undefined, ["sigmoid", "relu"]),
    { name: "hidden", type: "list", integer: true, default: [64, 64], min: 1, max: 1024, description: { en: "widths of the hidden layers", zh: "各隐藏层的宽度" } },
    { name: "epochs", type: "integer", default: 20, quick: 3, min: 1, max: 1000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "lr", type: "number", default: 0.03, min: 1e-6, max: 10, description: { en: "SGD learning rate", zh: "SGD 学习率" } },
    { name: "momentum", type: "number", default: 0.9, min: 0, max: 0.999, description: { en: "SGD momentum", zh: "SGD 动量" } },
    { name: "batch", type: "integer", default: 32, min: 1, max: 1347, description: { en: "images per update", zh: "每次更新的图像数" } },
    {
      name: "splits",
      type: "integer",
      default: 5,
      min: 1,
      max: 100,
      description: { en: "seeded train/test splits: seed s uses split (s − 1) mod splits (split 0 is the fixed one)", zh: "带种子的训练/测试划分数：种子 s 使用第 (s − 1) mod splits 个划分（第 0 个为固定划分）" },
    },
    {
      name: "data",
      type: "string",
      default: "digits",
      description: { en: "data: digits (the shipped 8×8 digits), or a folder of MNIST-format IDX files or a CSV file (its own split, or a seeded one; stated in the result)", zh: "数据：digits（随附的 8×8 数字），或 MNIST 格式的 IDX 文件夹或 CSV 文件（使用其自带划分或带种子的划分；结果中写明）" },
    },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => o.functions.length * o.epochs,
  // One unit per function: each draws its weights from its own stream and its batches from a fresh one.
  parts: (o) => [...o.functions],
  async seed(o, seed, t) {
    const own = o.data !== "digits" ? await dataFor(o.data) : undefined;
    const split = own ? 0 : splitOfSeed(seed, o.splits);
    const { train, test } = own ?? digitsSplit({ split });
    const [features, classes] = own ? [own.train.features, own.train.classes] : [64, 10];
    const x = Float32Array.from(train.x);
    const xt = Float32Array.from(test.x);
    const runs: Record<string, FunctionRun> = {};
    for (const id of o.functions) {
      if (!t.wants(id)) continue;
      const rng = createRng(seed, streamOf(id));
      const net = buildNet({ inputs: features, hidden: o.hidden, outputs: classes, act: { id }, init: recommendedInit(id), rng, dtype: "float32" });
      const trainer = new Trainer(net.model, new SGD(net.model.params, { lr: o.lr, momentum: o.momentum }), x, train.labels, features, classes, o.batch, createRng(seed, 100));
      const acc = [evaluate(net.model, xt, test.labels, classes).accuracy];
      for (let e = 1; e <= o.epochs; e++) {
        const ok = Number.isFinite(acc[e - 1]);
        if (ok) await trainer.epochPolling(t);
        acc.push(ok && finiteModel(net.model) ? evaluate(net.model, xt, test.labels, classes).accuracy : NaN);
        await t.advance(`${id}, epoch ${e}`);
      }
      const tr = finiteModel(net.model) ? evaluate(net.model, x, train.labels, classes).accuracy : NaN;
      runs[id] = { test: acc, train: tr };
    }
    return own ? { split, runs, data: dataNote(own) } : { split, runs };
  },
  result(o, seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, TableCell>> = {};
    const E = o.epochs;
    const final = (id: string) => perSeed.map((r) => r.runs[id].test[E]);
    for (const id of o.functions) {
      const s = put(summary, `${id}.testAccuracy`, final(id));
      put(summary, `${id}.trainAccuracy`, perSeed.map((r) => r.runs[id].train));
      table[id] = { digitsAccuracy: s };
    }
    const both = o.functions.includes("relu") && o.functions.includes("sigmoid");
    const gap = both ? paired(final("relu").map((v) => 100 * v), final("sigmoid").map((v) => 100 * v), "diff", "relu.gapPoints") : undefined;
    if (gap) summary["relu.gapPoints"] = gap;
    const splitsUsed = [...new Set(perSeed.map((r) => r.split))].sort((a, b) => a - b);
    // With --data, every text names the data and its own count of held-out rows.
    const d = perSeed[0]?.data;
    const words = dataWords(d ?? { source: "" });
    const testCount = d ? d.test : DIGITS_TEST_COUNT;
    const held = words.held(testCount);
    const on = d
      ? { en: `on the ${held.en} of ${words.name.en}`, zh: `${words.name.zh} 的 ${held.zh}上` }
      : { en: "on the 450 held-out digits", zh: "450 张留出数字上" };
    const splitWords = d ? { en: "on the data's split", zh: "数据自身划分上" } : { en: `on ${splitsUsed.length} splits`, zh: `${splitsUsed.length} 个划分上` };
    const epochs = range(E + 1);
    const figures = [
      chart({
        id: "digits-accuracy",
        title: {
          en: `Test accuracy ${on.en} (hidden ${o.hidden.join("-")}, momentum SGD lr ${o.lr}; median and range over ${seeds.length} seeds)`,
          zh: `${on.zh}的测试准确率（隐藏层 ${o.hidden.join("-")}，动量 SGD，学习率 ${o.lr}；${seeds.length} 个种子的中位数与范围）`,
        },
        x: { label: { en: "epoch", zh: "轮次" } },
        y: { label: { en: "test accuracy", zh: "测试准确率" }, domain: [0, 1] },
        series: curveFunctions(o.functions).map((id) => ({ name: id, id, points: bandPoints(epochs, perSeed.map((r) => r.runs[id].test)) })),
        rules: [{ y: 0.1, label: { en: "chance", zh: "随机猜测" } }],
      }),
      functionChart({
        id: "digits-final",
        title: d
          ? { en: `Test accuracy after ${E} epochs ${on.en}, every function (median and 95% interval over seeds)`, zh: `训练 ${E} 轮后在 ${on.zh}的测试准确率，所有函数（各种子的中位数与 95% 区间）` }
          : { en: `Test accuracy after ${E} epochs, every function (median and 95% interval over seeds)`, zh: `训练 ${E} 轮后的测试准确率，所有函数（各种子的中位数与 95% 区间）` },
        y: { label: { en: "test accuracy", zh: "测试准确率" } },
        functions: o.functions,
        series: [{ name: "test accuracy", label: { en: "test accuracy", zh: "测试准确率" }, values: final }],
      }),
    ];
    const onePoint = fmt(100 / testCount);
    const verdict = decide(gap, "≥", GAP_POINTS);
    const relu = statBi(summary["relu.testAccuracy"]);
    const sig = statBi(summary["sigmoid.testAccuracy"]);
    const g = statBi(gap);
    const because = both
      ? {
          en: `test accuracy after ${E} epochs, ${d ? `${on.en}, ` : ""}median [95% interval] over ${seeds.length} seeds ${splitWords.en}: ReLU ${relu.en}, sigmoid ${sig.en}; ReLU − sigmoid, paired by seed: ${g.en} points (${words.oneTest.en} is ${onePoint} points): ${VERDICT_TEXT[verdict].en}.${verdict === "inconclusive" ? " More seeds or a larger scale would decide." : ""}`,
          zh: `训练 ${E} 轮后${d ? `在 ${on.zh}` : ""}的测试准确率（${splitWords.zh} ${seeds.length} 个种子的中位数 [95% 区间]）：ReLU ${relu.zh}，sigmoid ${sig.zh}；按种子配对的 ReLU − sigmoid：${g.zh} 个百分点（${words.oneTest.zh}为 ${onePoint} 个百分点）：${VERDICT_TEXT[verdict].zh}。${verdict === "inconclusive" ? "更多种子或更大规模的实验才能判定。" : ""}`,
        }
      : { en: "ReLU and sigmoid are not both run, so the gap cannot be measured.", zh: "ReLU 与 sigmoid 未同时运行，无法测量两者之差。" };
    const parts = [part("relu-sigmoid", { en: `ReLU's test accuracy is ≥ ${GAP_POINTS} point above sigmoid's`, zh: `ReLU 的测试准确率比 sigmoid 高至少 ${GAP_POINTS} 个百分点` }, verdict, because)];
    return {
      summary,
      quantities: quantities(held),
      table,
      figures,
      // The data, its split and scaling, stated in the result.
      data: d
        ? { source: d.source, split: d.split, scaling: d.scaling }
        : { source: "the UCI 8×8 digits shipped with actlab (1,797 images)", split: `seeded splits of 1,347 training and 450 test images: seed s uses split (s − 1) mod ${o.splits}`, scaling: "each pixel standardised by the training split's mean and standard deviation" },
      verdict: {
        verdict: combineVerdicts(parts.map((p) => p.verdict)),
        rule: {
          en: `On the test accuracy after ${E} epochs, ReLU − sigmoid paired by seed (the same split and data order; seed s uses split (s − 1) mod ${o.splits}): holds when the 95% bootstrap interval of the difference lies wholly at or above ${GAP_POINTS} point, does not hold when wholly below, inconclusive when it straddles ${GAP_POINTS} point or fewer than 80% of the seeds finished. ${upper(words.oneOf(testCount).en)} is ${onePoint} points.`,
          zh: `按训练 ${E} 轮后的测试准确率，以种子配对计算 ReLU − sigmoid（同一划分与数据顺序；种子 s 使用第 (s − 1) mod ${o.splits} 个划分）：差值的 95% 自助区间整体不低于 ${GAP_POINTS} 个百分点为成立，整体低于为不成立，跨过 ${GAP_POINTS} 个百分点或完成的种子不足 80% 为无法判定。${words.oneOf(testCount).zh}为 ${onePoint} 个百分点。`,
        },
        because,
        parts,
      },
    };
  },
});
