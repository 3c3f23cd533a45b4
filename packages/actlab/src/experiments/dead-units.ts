import type { Floats } from "../activations/types.js";
import { SGD } from "../nn/optim.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import type { ActSpec } from "./common.js";
import { bandPoints, buildNet, chart, combine, defineExperiment, evaluate, finiteModel, forwardAll, median, pct, put, range, recommendedInit, Trainer, verdictOf } from "./common.js";
import type { Summary } from "./types.js";

interface VariantDef {
  readonly act: ActSpec;
  readonly name: string;
  /** The legend name in Chinese. */
  readonly zh: string;
  /** The registry id whose table row this variant fills (leaky 0.2 fills none: the table shows the registry default 0.01). */
  readonly row?: string;
}

/** ReLU and the functions the article says fix dead units, at the slopes people use. */
const VARIANTS: Readonly<Record<string, VariantDef>> = {
  relu: { act: { id: "relu" }, name: "ReLU", zh: "ReLU", row: "relu" },
  "leaky-0.01": { act: { id: "leaky-relu", params: { alpha: 0.01 } }, name: "leaky α 0.01", zh: "leaky α 0.01", row: "leaky-relu" },
  "leaky-0.2": { act: { id: "leaky-relu", params: { alpha: 0.2 } }, name: "leaky α 0.2", zh: "leaky α 0.2" },
  elu: { act: { id: "elu" }, name: "ELU", zh: "ELU", row: "elu" },
  prelu: { act: { id: "prelu" }, name: "PReLU (α₀ 0.25, learnt)", zh: "PReLU（α₀ 0.25，可学习）", row: "prelu" },
};
const VARIANT_KEYS = Object.keys(VARIANTS);

interface Options {
  lrs: number[];
  variants: string[];
  biases: number[];
  biasLr: number;
  epochs: number;
  batch: number;
  width: number;
  layers: number;
}

interface RunRecord {
  /** Share of hidden units never positive on the training set, at init and at the end (null: diverged). */
  deadInit: number;
  deadEnd: number | null;
  accuracy: number | null;
  /** Per layer: units dead at the end of some epoch, and those of them positive again at a later epoch end. */
  everDead: number[];
  revived: number[];
}

interface SeedRun {
  lr: Record<string, RunRecord[]>;
  bias: RunRecord[];
}

/** Which hidden units are never positive (pre-activation ≤ 0 at every training point). */
function deadMask(pre: readonly Floats[], width: number): boolean[][] {
  return pre.map((h) => {
    const rows = h.length / width;
    return range(width).map((j) => {
      for (let r = 0; r < rows; r++) if (h[r * width + j] > 0) return false;
      return true;
    });
  });
}

export const deadUnits = defineExperiment<Options, SeedRun>({
  id: "dead-units",
  title: { en: "Dead ReLU units against the learning rate and the bias init", zh: "死亡 ReLU 单元与学习率、偏置初始化的关系" },
  claim: {
    article: "存在Dead Relu问题, 某些神经元可能永远不会被激活, 导致无法更新梯度（ReLU 缺点 2）；在输入值小于0时，导数不为0，可以避免出现“死神经元”（Leaky ReLU 优点；ELU 优点：避免“死神经元”）",
    en: "ReLU units can die: never active on any input, they get no gradient; more die with a larger learning rate or a negative bias. Leaky ReLU, ELU and PReLU avoid dead units.",
    zh: "ReLU 单元可能死亡：在任何输入上都不激活，得不到梯度；学习率越大或偏置为负，死亡越多。Leaky ReLU、ELU 和 PReLU 可以避免死亡单元。",
    functions: ["relu", "leaky-relu", "elu", "prelu"],
  },
  options: [
    { name: "lrs", type: "list", default: [0.01, 0.1, 0.5, 1, 2], quick: [0.01, 2], min: 1e-6, max: 100, description: { en: "SGD learning rates", zh: "SGD 学习率" } },
    { name: "variants", type: "list", default: VARIANT_KEYS, quick: ["relu", "leaky-0.2"], choices: VARIANT_KEYS, description: { en: "functions compared (leaky with α 0.01 and 0.2)", zh: "参与比较的函数（Leaky 取 α 0.01 与 0.2）" } },
    { name: "biases", type: "list", default: [0, -0.5, -1], quick: [0, -1], min: -10, max: 10, description: { en: "initial biases tried with ReLU", zh: "ReLU 尝试的初始偏置" } },
    { name: "biasLr", type: "number", default: 0.1, min: 1e-6, max: 100, description: { en: "learning rate of the bias runs", zh: "偏置实验的学习率" } },
    { name: "epochs", type: "integer", default: 100, quick: 20, min: 1, max: 5000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "batch", type: "integer", default: 16, min: 1, max: 1000, description: { en: "points per update", zh: "每次更新的点数" } },
    { name: "width", type: "integer", default: 32, min: 2, max: 512, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "layers", type: "integer", default: 3, min: 1, max: 20, description: { en: "hidden layers", zh: "隐藏层数" } },
  ],
  seeds: { default: 5, quick: 2 },
  units: (o) => o.variants.length * o.lrs.length + o.biases.length,
  async seed(o, seed, t) {
    const data = makeDataset("moons", { seed });
    const x = Float32Array.from(data.x);
    const train = async (key: string, act: ActSpec, lr: number, bias: number): Promise<RunRecord> => {
      const v = VARIANT_KEYS.indexOf(key);
      const net = buildNet({ inputs: 2, hidden: Array(o.layers).fill(o.width), outputs: 2, act, init: recommendedInit(act.id), rng: createRng(seed, 10 + v), dtype: "float32", bias });
      const trainer = new Trainer(net.model, new SGD(net.model.params, { lr }), x, data.labels, 2, 2, o.batch, createRng(seed, 50));
      const dead = () => deadMask(forwardAll(net.model, x).filter((_, i) => i % 2 === 0 && i < 2 * o.layers), o.width);
      const share = (m: boolean[][]) => m.flat().filter(Boolean).length / (o.layers * o.width);
      const init = dead();
      const everDead = init.map((l) => l.slice());
      const revived = init.map((l) => l.map(() => false));
      let last = init;
      let ok = true;
      for (let e = 1; e <= o.epochs && ok; e++) {
        await trainer.epochPolling(t);
        ok = finiteModel(net.model);
        if (ok) {
          last = dead();
          last.forEach((l, i) =>
            l.forEach((d, j) => {
              if (d) everDead[i][j] = true;
              else if (everDead[i][j]) revived[i][j] = true;
            }),
          );
        }
        await t.poll();
      }
      const acc = ok ? evaluate(net.model, x, data.labels, 2).accuracy : NaN;
      ok = ok && Number.isFinite(acc);
      return {
        deadInit: share(init),
        deadEnd: ok ? share(last) : null,
        accuracy: ok ? acc : null,
        everDead: everDead.map((l) => l.filter(Boolean).length),
        revived: revived.map((l) => l.filter(Boolean).length),
      };
    };
    const out: SeedRun = { lr: {}, bias: [] };
    for (const key of o.variants) {
      out.lr[key] = [];
      for (const lr of o.lrs) {
        out.lr[key].push(await train(key, VARIANTS[key].act, lr, 0));
        await t.advance(`${key}, lr ${lr}`);
      }
    }
    for (const b of o.biases) {
      out.bias.push(await train("relu", VARIANTS.relu.act, o.biasLr, b));
      await t.advance(`relu, bias ${b}`);
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, number>> = {};
    // The learning rate the table and the verdict read: 1 when in the grid, else the nearest.
    const k1 = o.lrs.reduce((best, lr, k) => (Math.abs(Math.log(lr)) < Math.abs(Math.log(o.lrs[best])) ? k : best), 0);
    const kMin = o.lrs.indexOf(Math.min(...o.lrs));
    const deadAt = (key: string, k: number) => perSeed.map((s) => s.lr[key][k].deadEnd ?? NaN);
    const divergedAt = (key: string, k: number) => perSeed.filter((s) => s.lr[key][k].deadEnd === null).length;
    for (const key of o.variants) {
      o.lrs.forEach((lr, k) => {
        put(summary, `${key}.lr${lr}.dead`, deadAt(key, k));
        put(summary, `${key}.lr${lr}.accuracy`, perSeed.map((s) => s.lr[key][k].accuracy ?? NaN));
        summary[`${key}.lr${lr}.diverged`] = { median: divergedAt(key, k), min: divergedAt(key, k), max: divergedAt(key, k) };
      });
      put(summary, `${key}.deadInit`, perSeed.map((s) => s.lr[key][0].deadInit));
      const row = VARIANTS[key].row;
      const d = median(deadAt(key, k1));
      if (row && Number.isFinite(d)) table[row] = { deadShareLr1: d };
    }
    o.biases.forEach((b, k) => {
      put(summary, `bias${b}.deadInit`, perSeed.map((s) => s.bias[k].deadInit));
      put(summary, `bias${b}.deadEnd`, perSeed.map((s) => s.bias[k].deadEnd ?? NaN));
      put(summary, `bias${b}.accuracy`, perSeed.map((s) => s.bias[k].accuracy ?? NaN));
    });
    // Revival, ReLU, summed over learning rates and seeds, per layer.
    const everDead = range(o.layers).map(() => 0);
    const revived = range(o.layers).map(() => 0);
    if (o.variants.includes("relu")) {
      for (const s of perSeed) {
        for (const r of s.lr.relu) {
          r.everDead.forEach((n, l) => (everDead[l] += n));
          r.revived.forEach((n, l) => (revived[l] += n));
        }
      }
    }
    everDead.forEach((n, l) => {
      summary[`relu.layer${l + 1}.everDead`] = { median: n, min: n, max: n };
      summary[`relu.layer${l + 1}.revived`] = { median: revived[l], min: revived[l], max: revived[l] };
    });
    const figures = [
      chart({
        id: "dead-units-lr",
        title: { en: `Share of hidden units never positive after ${o.epochs} epochs (moons, ${o.layers}×${o.width})`, zh: `训练 ${o.epochs} 轮后从不为正的隐藏单元比例（moons，${o.layers}×${o.width}）` },
        x: { label: { en: "learning rate (log)", zh: "学习率（对数）" }, log: true },
        y: { label: { en: "share never positive", zh: "从不为正的比例" }, domain: [0, 1] },
        series: o.variants.map((key) => ({
          name: VARIANTS[key].name,
          label: { en: VARIANTS[key].name, zh: VARIANTS[key].zh },
          ...(VARIANTS[key].row ? { id: VARIANTS[key].row } : {}),
          // Both leaky slopes in leaky ReLU's colour, the steeper one dashed.
          ...(key.startsWith("leaky") ? { group: "leaky-relu" } : {}),
          ...(key === "leaky-0.2" ? { dash: "6 3" } : {}),
          points: bandPoints(o.lrs, perSeed.map((s) => s.lr[key].map((r) => r.deadEnd ?? NaN))),
        })),
      }),
      chart({
        id: "dead-units-bias",
        title: { en: `ReLU: dead share against the initial bias (lr ${o.biasLr})`, zh: `ReLU：死亡比例与初始偏置（学习率 ${o.biasLr}）` },
        x: { label: { en: "initial bias", zh: "初始偏置" } },
        y: { label: { en: "share never positive", zh: "从不为正的比例" }, domain: [0, 1] },
        series: [
          { name: "at init", label: { en: "at init", zh: "初始化时" }, group: "relu", points: bandPoints(o.biases, perSeed.map((s) => s.bias.map((r) => r.deadInit))), dash: "4 3" },
          { name: "at the end", label: { en: "at the end", zh: "训练结束时" }, id: "relu", group: "relu", points: bandPoints(o.biases, perSeed.map((s) => s.bias.map((r) => r.deadEnd ?? NaN))) },
        ],
      }),
      chart({
        id: "dead-units-revival",
        title: { en: "ReLU units dead at some epoch end, and how many came back (all seeds and learning rates)", zh: "在某轮结束时死亡的 ReLU 单元及其中复活的数量（所有种子与学习率）" },
        // Layers are whole numbers: one worded tick each, not 1.2, 1.4 ….
        x: { label: { en: "hidden layer", zh: "隐藏层" }, ticks: everDead.map((_, l) => ({ value: l + 1, label: { en: `${l + 1}`, zh: `第 ${l + 1} 层` } })) },
        y: { label: { en: "units", zh: "单元数" } },
        series: [
          { name: "dead at some epoch", label: { en: "dead at some epoch", zh: "某轮结束时死亡" }, group: "revival", points: everDead.map((n, l) => ({ x: l + 1, y: n })) },
          { name: "revived later", label: { en: "revived later", zh: "之后复活" }, group: "revival", points: revived.map((n, l) => ({ x: l + 1, y: n })), dash: "6 3" },
        ],
      }),
    ];
    const hasRelu = o.variants.includes("relu");
    const grows = hasRelu && o.lrs.length > 1 && median(deadAt("relu", k1)) >= median(deadAt("relu", kMin)) + 0.1;
    const reluAt = hasRelu ? median(deadAt("relu", k1)) : NaN;
    const reluLo = hasRelu ? median(deadAt("relu", kMin)) : NaN;
    const fixers = o.variants.filter((k) => k !== "relu");
    const fixes = fixers.map((k) => median(deadAt(k, k1)) <= reluAt / 2 && divergedAt(k, k1) <= 1);
    const lr1 = o.lrs[k1];
    const fixWords = fixers.map((k, i) => `${VARIANTS[k].name} ${pct(median(deadAt(k, k1)))}${divergedAt(k, k1) ? ` (${divergedAt(k, k1)} of ${perSeed.length} seeds diverged)` : ""}${fixes[i] ? "" : " ✗"}`);
    const fixWordsZh = fixers.map((k, i) => `${VARIANTS[k].name} ${pct(median(deadAt(k, k1)))}${divergedAt(k, k1) ? `（${perSeed.length} 个种子中 ${divergedAt(k, k1)} 个发散）` : ""}${fixes[i] ? "" : " ✗"}`);
    const l1 = everDead[0] ? `${revived[0]} of ${everDead[0]}` : "none";
    const deeper = `${revived.slice(1).reduce((a, b) => a + b, 0)} of ${everDead.slice(1).reduce((a, b) => a + b, 0)}`;
    return {
      summary,
      table,
      figures,
      verdict: verdictOf(
        combine([grows, ...fixes]),
        {
          en: `Two tests at lr ${lr1}: ReLU's median share of never-positive units is ≥ 10 points above its share at lr ${o.lrs[kMin]}; and each other function has at most half of ReLU's share with at most one diverged seed. Holds: all tests; mixed: some; does not hold: none.`,
          zh: `在学习率 ${lr1} 下检验：ReLU 从不为正单元比例的中位数比学习率 ${o.lrs[kMin]} 时高至少 10 个百分点；其余每个函数的比例不超过 ReLU 的一半，且至多一个种子发散。全部通过为成立；部分通过为部分成立；都不通过为不成立。`,
        },
        {
          en: `ReLU never positive: ${pct(reluLo)} at lr ${o.lrs[kMin]}, ${pct(reluAt)} at lr ${lr1}; ${fixWords.join(", ") || "no other function run"}; layer-1 units revived: ${l1}, deeper layers: ${deeper}.`,
          zh: `ReLU 从不为正：学习率 ${o.lrs[kMin]} 时 ${pct(reluLo)}，学习率 ${lr1} 时 ${pct(reluAt)}；${fixWordsZh.join("，") || "未运行其他函数"}；第 1 层复活：${l1.replace(" of ", "/")}，更深层：${deeper.replace(" of ", "/")}。`,
        },
      ),
    };
  },
});
