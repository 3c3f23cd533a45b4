import { activations, streamOf } from "../activations/registry.js";
import { digitsSplit } from "../data/digits.js";
import { dataFor, dataNote, dataWords, shippedDigitsTrain, type DataNote } from "./data-source.js";
import type { Floats } from "../activations/types.js";
import type { Sequential } from "../nn/layers.js";
import { softmaxCrossEntropy } from "../nn/loss.js";
import type { Optimizer } from "../nn/optim.js";
import { SGD } from "../nn/optim.js";
import type { Rng } from "../train/rng.js";
import type { Bi } from "../plot/chart.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, combineVerdicts, curveFunctions, decide, defineExperiment, evaluate, finiteModel, fmt, functionChart, functionsOption, paired, part, pct, put, recommendedInit, summary as summarise, VERDICT_TEXT } from "./common.js";
import type { QuantityInfo, Summary, TableCell, Verdict, VerdictPart } from "./types.js";

interface Options {
  functions: string[];
  tasks: string[];
  spiralLrs: number[];
  digitsLrs: number[];
  widen: number;
  spiralUpdates: number;
  digitsUpdates: number;
  spiralEvery: number;
  digitsEvery: number;
  factor: number;
  data: string;
}

/** The two tasks: a plane data set with momentum, real digits with plain SGD (the research note's E5). */
const TASKS = {
  spiral: { name: "spiral", hidden: [32, 32, 32], momentum: 0.9, batch: 32, target: 0.05 },
  digits: { name: "digits", hidden: [64, 64, 64], momentum: 0, batch: 32, target: 0.01 },
} as const;
type TaskKey = keyof typeof TASKS;
const TASK_KEYS = Object.keys(TASKS) as TaskKey[];

/** One training run: updates to the target (null: not within the budget), and whether the weights blew up. */
interface Trial {
  lr: number;
  updates: number | null;
  diverged: boolean;
}

/** Per task and function: every learning rate this seed tried (its own widened grid), in increasing order. */
type SeedRun = Partial<Record<TaskKey, Record<string, Trial[]>>> & {
  /** With --data: the data the digits task trained on (its training split), its split and scaling. */
  data?: DataNote;
};

/**
 * Minibatch SGD one update at a time: epochs of the whole set, each with a fresh shuffle, the
 * same batches as the experiments' Trainer, so updates can be counted across epoch boundaries.
 */
class Stepper {
  private readonly order: Uint32Array;
  private readonly xb: Float32Array;
  private readonly yb: Int32Array;
  private at: number;
  /** Set when a learnt α stopped being finite (the model can no longer run). */
  diverged = false;

  constructor(
    private readonly model: Sequential,
    private readonly opt: Optimizer,
    private readonly x: Floats,
    private readonly labels: Int32Array,
    private readonly features: number,
    private readonly classes: number,
    private readonly batch: number,
    private readonly rng: Rng,
  ) {
    this.order = Uint32Array.from({ length: labels.length }, (_, i) => i);
    this.at = labels.length;
    this.xb = new Float32Array(Math.min(batch, labels.length) * features);
    this.yb = new Int32Array(Math.min(batch, labels.length));
  }

  update(): void {
    const n = this.labels.length;
    if (this.at >= n) {
      this.rng.shuffle(this.order);
      this.at = 0;
    }
    const { x, features: f } = this;
    const m = Math.min(this.batch, n - this.at);
    for (let k = 0; k < m; k++) {
      const i = this.order[this.at + k];
      for (let j = 0; j < f; j++) this.xb[k * f + j] = x[i * f + j];
      this.yb[k] = this.labels[i];
    }
    this.at += m;
    const xs = m * f === this.xb.length ? this.xb : this.xb.subarray(0, m * f);
    const { grad } = softmaxCrossEntropy(this.model.forward(xs), this.yb.subarray(0, m), this.classes);
    this.model.zeroGrad();
    this.model.backward(grad);
    this.opt.step();
    for (const p of this.model.params) if (p.name === "alpha") for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i])) this.diverged = true;
  }
}

/** The widening step: each extension multiplies (or divides) the grid's end by 3. */
const STEP = 3;

function lrsOf(o: Options, task: TaskKey): number[] {
  return [...new Set(task === "spiral" ? o.spiralLrs : o.digitsLrs)].sort((a, b) => a - b);
}
function budgetOf(o: Options, task: TaskKey): number {
  return task === "spiral" ? o.spiralUpdates : o.digitsUpdates;
}
function everyOf(o: Options, task: TaskKey): number {
  return task === "spiral" ? o.spiralEvery : o.digitsEvery;
}

/** Updates per unit of progress. */
const PROGRESS = 100;
function blocksOf(o: Options, task: TaskKey): number {
  return Math.ceil(budgetOf(o, task) / PROGRESS);
}

/** A rate for keys and labels: 3 significant digits (0.0111, 0.3, 2.7). */
const lrText = (lr: number): string => String(Number(lr.toPrecision(3)));

/**
 * Which ends of a seed's grid to extend: the end(s) where the fewest updates sit (so the best
 * rate is not interior yet); when no rate reached the target, downwards if the largest rate
 * blew up, else upwards.
 */
export function widenSides(trials: readonly Trial[]): { low: boolean; high: boolean } {
  const reached = trials.filter((t) => t.updates !== null).map((t) => t.updates as number);
  if (reached.length === 0) {
    const top = trials[trials.length - 1];
    return { low: top.diverged, high: !top.diverged };
  }
  const best = Math.min(...reached);
  return { low: trials[0].updates === best, high: trials[trials.length - 1].updates === best };
}

/** Where the chosen rate stands: interior, at the edge of the widened grid, or none reached the target. */
function where(c: { interior: boolean; reached: boolean }): { en: string; zh: string } {
  if (!c.reached) return { en: " (no rate reached the target in most seeds)", zh: "（多数种子在任何学习率下都未达到目标）" };
  return c.interior ? { en: "", zh: "" } : { en: " (at the edge of the widened grid)", zh: "（位于扩展后网格的边缘）" };
}

/** The quantity values of one function on one task: updates to the target at `lr` per seed (NaN: not reached, or not tried). */
function updatesAt(perSeed: readonly SeedRun[], task: TaskKey, id: string, lr: number): number[] {
  return perSeed.map((s) => {
    const t = s[task]?.[id]?.find((x) => x.lr === lr);
    return t && t.updates !== null ? t.updates : NaN;
  });
}

/** Every rate any seed tried, increasing. */
function unionLrs(perSeed: readonly SeedRun[], task: TaskKey, id: string): number[] {
  return [...new Set(perSeed.flatMap((s) => (s[task]?.[id] ?? []).map((t) => t.lr)))].sort((a, b) => a - b);
}

/**
 * The function's rate on a task: the fewest median updates to the target over seeds, a seed
 * that did not reach it (or did not try the rate) counting as never (∞); ties go to the smaller rate.
 */
export function chooseLr(perSeed: readonly SeedRun[], task: TaskKey, id: string): { lr: number; interior: boolean; reached: boolean; lrs: number[] } {
  const lrs = unionLrs(perSeed, task, id);
  const score = lrs.map((lr) => {
    const v = updatesAt(perSeed, task, id, lr).map((u) => (Number.isFinite(u) ? u : Infinity));
    const s = [...v].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  });
  let k = 0;
  for (let i = 1; i < lrs.length; i++) if (score[i] < score[k]) k = i;
  const interior = k > 0 && k < lrs.length - 1 && Number.isFinite(score[k]);
  return { lr: lrs[k], interior, reached: Number.isFinite(score[k]), lrs };
}

const QUANTITIES: Record<string, QuantityInfo> = {
  updates: { label: { en: "updates to the target training error", zh: "达到目标训练误差所需的更新次数" }, unit: { en: "updates", zh: "次更新" } },
  vsRelu: { label: { en: "updates to the target ÷ ReLU's (paired by seed, each at its chosen rate)", zh: "达到目标所需更新次数 ÷ ReLU 的（按种子配对，各取选定学习率）" }, unit: { en: "×", zh: "倍" } },
  seedBestLr: { label: { en: "each seed's own best learning rate", zh: "每个种子自身的最佳学习率" }, unit: { en: "lr", zh: "学习率" } },
};

/** "(2 of 10 did not reach the target)" rather than "diverged": a seed may just be slow. */
function withMissing(s: Summary | undefined, lang: "en" | "zh", unit = ""): string {
  if (!s || s.n === 0) return lang === "zh" ? `无种子达到目标（共 ${s ? s.diverged : 0} 个）` : `no seed reached the target (of ${s ? s.diverged : 0})`;
  const body = `${fmt(s.median)} [${fmt(s.ci[0])}, ${fmt(s.ci[1])}]${unit}`;
  if (s.diverged === 0) return body;
  const total = s.n + s.diverged;
  return lang === "zh" ? `${body}（${total} 个种子中 ${s.diverged} 个未达到目标）` : `${body} (${s.diverged} of ${total} did not reach the target)`;
}

export const convergence = defineExperiment<Options, SeedRun>({
  id: "convergence",
  title: { en: "Updates to a target at each function's best learning rate", zh: "各函数在最佳学习率下达到目标所需的更新次数" },
  claim: {
    article: "计算速度非常快, 收敛速度快（ReLU 优点 2）；收敛速度较慢（sigmoid 缺点 2）",
    en: "ReLU converges much faster than sigmoid and tanh (Krizhevsky et al. report 6× against tanh), each with its best learning rate.",
    zh: "在各自最佳学习率下，ReLU 的收敛速度远快于 sigmoid 和 tanh（Krizhevsky 等人报告比 tanh 快 6 倍）。",
    functions: ["relu", "tanh", "sigmoid"],
  },
  options: [
    functionsOption(undefined, ["sigmoid", "tanh", "relu"]),
    { name: "tasks", type: "list", default: TASK_KEYS, quick: ["spiral"], choices: TASK_KEYS, description: { en: "data sets: spiral (5% training error, momentum 0.9) and digits (1% training error, plain SGD)", zh: "数据集：spiral（训练误差 5%，动量 0.9）与 digits（训练误差 1%，普通 SGD）" } },
    { name: "spiralLrs", type: "list", default: [0.01, 0.03, 0.1, 0.3], quick: [0.03, 0.1, 0.3], min: 1e-6, max: 100, description: { en: "starting learning-rate grid on spiral (widened by ×3 steps)", zh: "spiral 上的初始学习率网格（按 3 倍扩展）" } },
    { name: "digitsLrs", type: "list", default: [0.1, 0.3, 1], quick: [0.3], min: 1e-6, max: 100, description: { en: "starting learning-rate grid on digits (widened by ×3 steps)", zh: "digits 上的初始学习率网格（按 3 倍扩展）" } },
    { name: "widen", type: "integer", default: 3, quick: 1, min: 0, max: 6, description: { en: "most ×3 extensions of the grid on each side, until the best rate is interior", zh: "网格每侧最多扩展（×3）的次数，直到最佳学习率位于内部" } },
    { name: "spiralUpdates", type: "integer", default: 1500, quick: 500, min: 1, max: 100000, description: { en: "most updates on spiral (batch 32)", zh: "spiral 上的最多更新次数（批大小 32）" } },
    { name: "digitsUpdates", type: "integer", default: 600, quick: 150, min: 1, max: 100000, description: { en: "most updates on digits (batch 32)", zh: "digits 上的最多更新次数（批大小 32）" } },
    { name: "spiralEvery", type: "integer", default: 5, min: 1, max: 1000, description: { en: "training error checked every this many updates on spiral", zh: "spiral 上每隔多少次更新检查一次训练误差" } },
    { name: "digitsEvery", type: "integer", default: 10, min: 1, max: 1000, description: { en: "training error checked every this many updates on digits", zh: "digits 上每隔多少次更新检查一次训练误差" } },
    { name: "factor", type: "number", default: 3, min: 1, max: 100, description: { en: "\"much faster\": tanh and sigmoid need at least this many times ReLU's updates", zh: "“快得多”：tanh 与 sigmoid 所需更新次数至少为 ReLU 的这么多倍" } },
    {
      name: "data",
      type: "string",
      default: "digits",
      description: {
        en: "data of the digits task: digits (the shipped 8×8 digits), or a folder of MNIST-format IDX files or a CSV file (the task trains on its training rows; source, split and scaling stated in the result)",
        zh: "digits 任务的数据：digits（随附的 8×8 数字），或 MNIST 格式的 IDX 文件夹或 CSV 文件（任务在其训练部分上训练；来源、划分与缩放写在结果中）",
      },
    },
  ],
  seeds: { default: 10, quick: 3 },
  // Progress in blocks of PROGRESS updates: every trial the grid may take (the starting rates and
  // up to `widen` more on each side) counts its whole budget; trials not needed are counted done.
  units: (o) => o.functions.length * o.tasks.reduce((n, t) => n + (lrsOf(o, t as TaskKey).length + 2 * o.widen) * blocksOf(o, t as TaskKey), 0),
  // One unit per task and function ("spiral:relu"): each function its own stream, the data the seed's.
  // A function's learning rates stay in one unit: where the grid widens depends on the rates before.
  parts: (o) => o.tasks.flatMap((task) => o.functions.map((id) => `${task}:${id}`)),
  async seed(o, seed, t) {
    const out: SeedRun = {};
    const own = o.tasks.includes("digits") && o.data !== "digits" ? await dataFor(o.data) : undefined;
    for (const task of o.tasks as TaskKey[]) {
      const spec = TASKS[task];
      let x: Float32Array;
      let labels: Int32Array;
      let features: number;
      let classes: number;
      if (task === "spiral") {
        const d = makeDataset("spiral", { n: 300, seed });
        [x, labels, features, classes] = [Float32Array.from(d.x), d.labels, 2, 3];
      } else if (own) {
        const d = own.train;
        [x, labels, features, classes] = [Float32Array.from(d.x), d.labels, d.features, d.classes];
      } else {
        const d = digitsSplit().train;
        [x, labels, features, classes] = [Float32Array.from(d.x), d.labels, 64, 10];
      }
      const budget = budgetOf(o, task);
      const every = everyOf(o, task);
      const blocks = blocksOf(o, task);
      const rows: Record<string, Trial[]> = {};
      for (const id of o.functions) {
        if (!t.wants(`${task}:${id}`)) continue;
        const stream = streamOf(id);
        const trial = async (lr: number): Promise<Trial> => {
          const net = buildNet({ inputs: features, hidden: spec.hidden, outputs: classes, act: { id }, init: recommendedInit(id), rng: createRng(seed, stream), dtype: "float32" });
          // Minibatches in epochs of the whole set (a fresh shuffle each), counted one update at a
          // time; the training error is checked every `every` updates.
          const stepper = new Stepper(net.model, new SGD(net.model.params, { lr, momentum: spec.momentum }), x, labels, features, classes, spec.batch, createRng(seed, 100));
          let done = 0;
          let reported = 0;
          const label = `${task}: ${id}, lr ${lrText(lr)}`;
          const finish = async (r: Trial): Promise<Trial> => {
            for (; reported < blocks; reported++) await t.advance(label);
            return r;
          };
          while (done < budget) {
            const steps = Math.min(every, budget - done);
            for (let k = 0; k < steps && !stepper.diverged; k++) stepper.update();
            done += steps;
            if (stepper.diverged || !finiteModel(net.model)) return finish({ lr, updates: null, diverged: true });
            if (1 - evaluate(net.model, x, labels, classes).accuracy <= spec.target) return finish({ lr, updates: done, diverged: false });
            for (; reported < Math.floor(done / PROGRESS); reported++) await t.advance(label);
            await t.poll();
          }
          return finish({ lr, updates: null, diverged: false });
        };
        const tried: Trial[] = [];
        for (const lr of lrsOf(o, task)) {
          tried.push(await trial(lr));
        }
        let low = 0;
        let high = 0;
        for (;;) {
          const side = widenSides(tried);
          const goLow = side.low && low < o.widen;
          const goHigh = side.high && high < o.widen;
          if (!goLow && !goHigh) break;
          if (goLow) {
            low++;
            tried.unshift(await trial(tried[0].lr / STEP));
          }
          if (goHigh) {
            high++;
            tried.push(await trial(tried[tried.length - 1].lr * STEP));
          }
          await t.poll();
        }
        // The extensions this function did not need: their blocks are done.
        for (let k = 0; k < (2 * o.widen - low - high) * blocks; k++) await t.advance(`${task}: ${id}`);
        rows[id] = tried;
      }
      out[task] = rows;
    }
    if (own) out.data = dataNote(own);
    return out;
  },
  result(o, seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const rows: Record<string, Bi> = {};
    const table: Record<string, Record<string, TableCell>> = {};
    const figures = [];
    const tasks = o.tasks as TaskKey[];
    const hasRelu = o.functions.includes("relu");
    const chosen: Partial<Record<TaskKey, Record<string, ReturnType<typeof chooseLr>>>> = {};
    const ratioValues: Record<string, number[][]> = {};
    // With --data, the digits task ran on the data's training rows: the titles and the rule say which.
    const d = perSeed[0]?.data;
    const ownTrain = d && d.train !== undefined ? dataWords(d).trainOf(d.train) : undefined;
    const ownName = d ? { en: `${dataWords(d).name.en} (${ownTrain?.en})`, zh: `${dataWords(d).name.zh}（${ownTrain?.zh}）` } : undefined;
    const taskName = (task: TaskKey) => (task === "digits" && ownName ? ownName : { en: TASKS[task].name, zh: TASKS[task].name });
    for (const task of tasks) {
      const spec = TASKS[task];
      chosen[task] = {};
      for (const id of o.functions) {
        const c = chooseLr(perSeed, task, id);
        (chosen[task] as Record<string, ReturnType<typeof chooseLr>>)[id] = c;
        for (const lr of c.lrs) {
          const row = `${task}.${id}.lr${lrText(lr)}`;
          rows[row] = { en: `${id} on ${task}, lr ${lrText(lr)}`, zh: `${id}（${task}，学习率 ${lrText(lr)}）` };
          put(summary, `${row}.updates`, updatesAt(perSeed, task, id, lr));
        }
        const row = `${task}.${id}`;
        rows[row] = {
          en: `${id} on ${task} at its chosen lr ${lrText(c.lr)}${where(c).en}`,
          zh: `${id}（${task}，选定学习率 ${lrText(c.lr)}）${where(c).zh}`,
        };
        put(summary, `${row}.updates`, updatesAt(perSeed, task, id, c.lr));
        // Each seed's own best rate on its own widened grid (the fewest updates; smaller rate on ties).
        put(
          summary,
          `${row}.seedBestLr`,
          perSeed.map((s) => {
            const reached = (s[task]?.[id] ?? []).filter((x) => x.updates !== null);
            if (reached.length === 0) return NaN;
            return reached.reduce((b, x) => ((x.updates as number) < (b.updates as number) ? x : b)).lr;
          }),
        );
      }
      if (hasRelu) {
        const relu = updatesAt(perSeed, task, "relu", chosen[task]?.relu.lr as number);
        for (const id of o.functions) {
          const mine = updatesAt(perSeed, task, id, chosen[task]?.[id].lr as number);
          summary[`${task}.${id}.vsRelu`] = paired(mine, relu, "ratio", `${task}.${id}.vsRelu`);
          (ratioValues[id] ??= []).push(mine.map((m, i) => m / relu[i]));
        }
      }
      const c = chosen[task] as Record<string, ReturnType<typeof chooseLr>>;
      figures.push(
        chart({
          id: `convergence-${task}`,
          title: {
            en: `${taskName(task).en}: updates to ${pct(spec.target)} training error against the learning rate (median and range over ${seeds.length} seeds; a marker counts seeds that did not reach it in ${budgetOf(o, task)} updates)`,
            zh: `${taskName(task).zh}：训练误差降到 ${pct(spec.target)} 所需更新次数随学习率的变化（${seeds.length} 个种子的中位数与范围；标记表示 ${budgetOf(o, task)} 次更新内未达到的种子数）`,
          },
          x: { label: { en: "learning rate (log)", zh: "学习率（对数）" }, log: true },
          y: { label: { en: "updates (log)", zh: "更新次数（对数）" }, log: true },
          series: curveFunctions(o.functions).map((id) => ({
            name: id,
            id,
            points: bandPoints(
              c[id].lrs,
              perSeed.map((_, i) => c[id].lrs.map((lr) => updatesAt(perSeed, task, id, lr)[i])),
            ),
          })),
          rules: [{ y: budgetOf(o, task), label: { en: "budget", zh: "更新次数上限" } }],
        }),
      );
    }
    if (hasRelu) {
      figures.push(
        functionChart({
          id: "convergence-best",
          title: { en: "Updates to the target at each function's chosen learning rate, relative to ReLU's (paired by seed; median and 95% interval)", zh: "各函数在选定学习率下达到目标所需更新次数相对 ReLU 的倍数（按种子配对；中位数与 95% 区间）" },
          y: { label: { en: "updates ÷ ReLU's (log)", zh: "更新次数 ÷ ReLU（对数）" }, log: true },
          functions: o.functions,
          series: tasks.map((task, k) => ({ name: TASKS[task].name, values: (id: string) => ratioValues[id][k] })),
          rules: [{ y: 1 }, { y: o.factor, label: { en: `${fmt(o.factor)}× (the rule)`, zh: `${fmt(o.factor)} 倍（判定线）` } }],
          positiveOnly: true,
        }),
      );
      // Table: per seed, the geometric mean over the tasks of the paired ratio.
      for (const id of o.functions) {
        const per = perSeed.map((_, i) => {
          const r = ratioValues[id].map((v) => v[i]);
          return r.every(Number.isFinite) ? Math.exp(r.reduce((s, v) => s + Math.log(v), 0) / r.length) : NaN;
        });
        const cell = summarise(per, `${id}.updatesVsRelu`);
        table[id] = { updatesVsRelu: id === "sigmoid" ? { ...cell, verdict: decide(cell, "≥", o.factor) } : cell };
      }
    }
    const parts: VerdictPart[] = [];
    if (hasRelu) {
      for (const task of tasks) {
        const c = chosen[task] as Record<string, ReturnType<typeof chooseLr>>;
        for (const id of ["tanh", "sigmoid"].filter((f) => o.functions.includes(f))) {
          const s = summary[`${task}.${id}.vsRelu`];
          const v: Verdict = decide(s, "≥", o.factor);
          const rates = { en: `${id} at lr ${lrText(c[id].lr)}${where(c[id]).en}, ReLU at lr ${lrText(c.relu.lr)}${where(c.relu).en}`, zh: `${id} 学习率 ${lrText(c[id].lr)}${where(c[id]).zh}，ReLU 学习率 ${lrText(c.relu.lr)}${where(c.relu).zh}` };
          const more = v === "inconclusive" ? { en: " More seeds or a larger scale would decide.", zh: "更多种子或更大规模的实验才能判定。" } : { en: "", zh: "" };
          parts.push(
            part(`${task}-${id}`, { en: `on ${task}, ${id} needs ≥ ${fmt(o.factor)}× ReLU's updates`, zh: `在 ${task} 上，${id} 所需更新次数 ≥ ReLU 的 ${fmt(o.factor)} 倍` }, v, {
              en: `${task} (${rates.en}): updates ${id} ${withMissing(summary[`${task}.${id}.updates`], "en")}, ReLU ${withMissing(summary[`${task}.relu.updates`], "en")}; ${id}/ReLU (paired by seed) ${withMissing(s, "en", "×")}: ${VERDICT_TEXT[v].en}.${more.en}`,
              zh: `${task}（${rates.zh}）：更新次数 ${id} ${withMissing(summary[`${task}.${id}.updates`], "zh")}，ReLU ${withMissing(summary[`${task}.relu.updates`], "zh")}；按种子配对的 ${id}/ReLU：${withMissing(s, "zh", " 倍")}：${VERDICT_TEXT[v].zh}。${more.zh}`,
            }),
          );
        }
      }
    }
    // ReLU's own cell carries the article's "收敛速度快": the verdict of tanh's and sigmoid's parts together.
    if (table.relu && parts.length > 0) table.relu = { updatesVsRelu: { ...table.relu.updatesVsRelu, verdict: combineVerdicts(parts.map((p) => p.verdict)) } };
    const chosenWords = {
      en: tasks.map((task) => `${task}: ${o.functions.map((id) => `${id} ${lrText(chosen[task]?.[id].lr as number)}`).join(", ")}`).join("; "),
      zh: tasks.map((task) => `${task}：${o.functions.map((id) => `${id} ${lrText(chosen[task]?.[id].lr as number)}`).join("，")}`).join("；"),
    };
    return {
      summary,
      quantities: QUANTITIES,
      ...(tasks.includes("digits")
        ? {
            // The data the digits task trained on, its split and scaling, stated in the result.
            data: d
              ? { source: d.source, split: `${d.split} (the task trains on, and measures the training error of, the training rows)`, scaling: d.scaling }
              : shippedDigitsTrain("the task trains on, and measures the training error of, these"),
          }
        : {}),
      rows,
      table,
      figures,
      verdict: {
        verdict: combineVerdicts(parts.map((p) => p.verdict)),
        rule: {
          en: `${ownName && tasks.includes("digits") ? `The digits task trained on ${ownName.en}. ` : ""}Updates are counted (the training error is checked every ${o.spiralEvery} updates on spiral, ${o.digitsEvery} on digits; a seed that does not reach the target within the budget did not finish). Each seed widens its learning-rate grid by ×${STEP} steps (at most ${o.widen} on each side) until its best rate is interior; each function then takes the rate with the fewest median updates over seeds. For each data set, tanh/ReLU and sigmoid/ReLU are paired by seed, each function at its own rate: a part holds when the 95% bootstrap interval of the ratio lies wholly at or above ${fmt(o.factor)}× ("much faster"; Krizhevsky et al. report 6× against tanh), does not hold when wholly below, inconclusive when it straddles ${fmt(o.factor)}× or fewer than 80% of the seeds finished.`,
          zh: `${ownName && tasks.includes("digits") ? `digits 任务在 ${ownName.zh}上训练。` : ""}统计更新次数（spiral 上每 ${o.spiralEvery} 次更新、digits 上每 ${o.digitsEvery} 次更新检查一次训练误差；在更新次数上限内未达到目标的种子记为未完成）。每个种子按 ${STEP} 倍扩展学习率网格（每侧最多 ${o.widen} 次），直到其最佳学习率位于内部；每个函数再取各种子更新次数中位数最少的学习率。对每个数据集，按种子配对计算 tanh/ReLU 与 sigmoid/ReLU（各函数用各自的学习率）：比值的 95% 自助区间整体不低于 ${fmt(o.factor)} 倍为成立（“快得多”；Krizhevsky 等人报告比 tanh 快 6 倍），整体低于为不成立，跨过 ${fmt(o.factor)} 倍或完成的种子不足 80% 为无法判定。`,
        },
        because: {
          en: `chosen learning rates: ${chosenWords.en}. ${parts.map((p) => p.because.en).join(" ") || "ReLU, tanh or sigmoid is not run, so nothing is compared."}`,
          zh: `选定的学习率：${chosenWords.zh}。${parts.map((p) => p.because.zh).join("") || "未运行 ReLU、tanh 或 sigmoid，无从比较。"}`,
        },
        ...(parts.length > 0 ? { parts } : {}),
      },
    };
  },
});

