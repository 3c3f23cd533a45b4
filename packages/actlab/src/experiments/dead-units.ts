import { getActivation } from "../activations/registry.js";
import type { Floats } from "../activations/types.js";
import { Activation, PReLU, type Layer } from "../nn/layers.js";
import { SGD } from "../nn/optim.js";
import type { Bi, ChartSpec } from "../plot/chart.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import type { ActSpec } from "./common.js";
import { buildNet, chart, ciPoints, combineVerdicts, decide, defineExperiment, enoughSeeds, evaluate, finiteModel, forwardAll, paired, part, pct, put, range, recommendedInit, statBi, Trainer, VERDICT_TEXT, verdictOf } from "./common.js";
import type { Summary, TableCell, Verdict, VerdictPart } from "./types.js";

interface VariantDef {
  readonly act: ActSpec;
  /** The label, the same in both languages (ids and symbols). */
  readonly name: string;
  /** The registry id whose table row this variant fills (leaky 0.2 fills none: the table shows the registry default 0.01). */
  readonly row?: string;
}

/** ReLU and the functions the article says avoid dead units, at the slopes people use. */
const VARIANTS: Readonly<Record<string, VariantDef>> = {
  relu: { act: { id: "relu" }, name: "ReLU", row: "relu" },
  "leaky-0.01": { act: { id: "leaky-relu", params: { alpha: 0.01 } }, name: "leaky ReLU α 0.01", row: "leaky-relu" },
  "leaky-0.2": { act: { id: "leaky-relu", params: { alpha: 0.2 } }, name: "leaky ReLU α 0.2" },
  elu: { act: { id: "elu" }, name: "ELU", row: "elu" },
  prelu: { act: { id: "prelu" }, name: "PReLU α₀ 0.25", row: "prelu" },
};
const VARIANT_KEYS = Object.keys(VARIANTS);

/** ReLU's dead share must grow by at least this much (a paired difference, highest surviving rate minus lowest). */
export const GROWTH_THRESHOLD = 0.01;
/** "No dead units": the interval's upper end of the dead share is at most this (exactly none). */
export const NONE_THRESHOLD = 0;

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
  /** Share of hidden units with f′(z) = 0 at every training input, at init and at the end (null: diverged). */
  deadInit: number;
  dead: number | null;
  /** Share of hidden units whose pre-activation is never positive (z ≤ 0 at every input). */
  neverPositiveInit: number;
  neverPositive: number | null;
  accuracy: number | null;
  /** The loss or a weight stopped being finite. */
  diverged: boolean;
  /** Per layer: units dead (f′ = 0 everywhere) at the end of some epoch, and those of them alive again at a later epoch end. */
  everDead: number[];
  revived: number[];
}

interface SeedRun {
  lr: Record<string, RunRecord[]>;
  bias: RunRecord[];
}

/** Inputs scaled to zero mean and unit variance per feature (statistics of the training set itself). */
export function standardise(x: ArrayLike<number>, features: number): Float32Array {
  const rows = x.length / features;
  const out = new Float32Array(x.length);
  for (let j = 0; j < features; j++) {
    let m = 0;
    for (let r = 0; r < rows; r++) m += x[r * features + j];
    m /= rows;
    let v = 0;
    for (let r = 0; r < rows; r++) v += (x[r * features + j] - m) ** 2;
    const sd = Math.sqrt(v / rows) || 1;
    for (let r = 0; r < rows; r++) out[r * features + j] = (x[r * features + j] - m) / sd;
  }
  return out;
}

/**
 * f′(z) of a hidden activation layer at the pre-activations `pre`, in float64, from the registry:
 * the layer's own function and parameters, and for PReLU its learnt α per unit.
 */
export function derivativeOf(layer: Layer, pre: Floats): Float64Array {
  const z = Float64Array.from(pre);
  if (layer instanceof PReLU) return getActivation("prelu").forwardWithDerivative(z, { alpha: Float64Array.from(layer.alpha.value) }).d;
  if (layer instanceof Activation) return layer.kernel.forwardWithDerivative(z, layer.p).d;
  throw new TypeError("dead-units: a hidden layer is neither an Activation nor a PReLU");
}

/** Per unit (column of `width`): is `test` true at every row? */
function everyRow(values: ArrayLike<number>, width: number, test: (v: number) => boolean): boolean[] {
  const rows = values.length / width;
  return range(width).map((j) => {
    for (let r = 0; r < rows; r++) if (!test(values[r * width + j])) return false;
    return true;
  });
}

const share = (m: readonly (readonly boolean[])[]): number => {
  const all = m.flat();
  return all.filter(Boolean).length / all.length;
};

/** A part's short name for the overall "because". */
function PART_NAME(id: string): Bi {
  if (id === "relu-grows") return { en: "ReLU's dead share grows with the lr", zh: "ReLU 死单元比例随学习率增大" };
  const name = VARIANTS[id.replace(/-none$/, "")]?.name ?? id;
  return { en: `${name} has no dead units`, zh: `${name} 没有死单元` };
}

/** How many seeds diverged, as an exact count over the n seeds run (no interval: it is a count, not an estimate). */
function count(flags: readonly boolean[]): Summary {
  const k = flags.filter(Boolean).length;
  return { median: k, ci: [k, k], min: k, max: k, n: flags.length, diverged: 0 };
}

/** Row key of a function at a learning rate, e.g. "relu@0.1". */
const at = (key: string, lr: number): string => `${key}@${lr}`;

const QUANTITIES = {
  deadShare: { label: { en: "dead share (f′ = 0 on every input)", zh: "死单元比例（所有输入上 f′ = 0）" }, unit: { en: "share", zh: "比例" } },
  deadShareInit: { label: { en: "dead share at init (f′ = 0 on every input)", zh: "初始化时的死单元比例（所有输入上 f′ = 0）" }, unit: { en: "share", zh: "比例" } },
  neverPositiveShare: { label: { en: "never-positive share (z ≤ 0 on every input; not dead unless f′ = 0 there)", zh: "从不为正的比例（所有输入上 z ≤ 0；只有 f′ = 0 时才算死亡）" }, unit: { en: "share", zh: "比例" } },
  neverPositiveShareInit: { label: { en: "never-positive share at init", zh: "初始化时从不为正的比例" }, unit: { en: "share", zh: "比例" } },
  accuracy: { label: { en: "training accuracy", zh: "训练准确率" }, unit: { en: "share", zh: "比例" } },
  diverged: { label: { en: "seeds diverged (non-finite loss or weights), of n run", zh: "发散的种子数（损失或权重非有限），共 n 个" }, unit: { en: "seeds", zh: "个" } },
  growth: { label: { en: "dead share, highest surviving lr minus lowest (paired by seed)", zh: "死单元比例：最高存活学习率减最低学习率（按种子配对）" }, unit: { en: "share", zh: "比例" } },
  everDead: { label: { en: "units dead at some epoch end (summed over learning rates)", zh: "某轮结束时死亡的单元数（各学习率之和）" }, unit: { en: "units", zh: "个" } },
  revived: { label: { en: "of those, alive again at a later epoch end", zh: "其中之后某轮结束时复活的单元数" }, unit: { en: "units", zh: "个" } },
} as const;

export const deadUnits = defineExperiment<Options, SeedRun>({
  id: "dead-units",
  title: { en: "Dead units (f′ = 0 on every input) against the learning rate and the bias init", zh: "死单元（所有输入上 f′ = 0）与学习率、偏置初始化的关系" },
  claim: {
    article: "存在Dead Relu问题, 某些神经元可能永远不会被激活, 导致无法更新梯度（ReLU 缺点 2）；在输入值小于0时，导数不为0，可以避免出现“死神经元”（Leaky ReLU 优点；ELU 优点：避免“死神经元”）",
    en: "ReLU units can die: f′ = 0 on every input, so they get no gradient; more die with a larger learning rate or a negative bias. Leaky ReLU, ELU and PReLU have a non-zero slope for negative inputs and so avoid dead units.",
    zh: "ReLU 单元可能死亡：在所有输入上 f′ = 0，得不到梯度；学习率越大或偏置为负，死亡越多。Leaky ReLU、ELU 与 PReLU 在负输入上斜率不为 0，因而可以避免死单元。",
    functions: ["relu", "leaky-relu", "elu", "prelu"],
  },
  options: [
    { name: "lrs", type: "list", default: [0.01, 0.03, 0.1, 0.3, 1], quick: [0.01, 1], min: 1e-6, max: 100, description: { en: "SGD learning rates (each function is trained at every one)", zh: "SGD 学习率（每个函数在每个学习率下都训练）" } },
    { name: "variants", type: "list", default: VARIANT_KEYS, quick: ["relu", "leaky-0.01"], choices: VARIANT_KEYS, description: { en: "functions compared (leaky ReLU with α 0.01 and 0.2)", zh: "参与比较的函数（leaky ReLU 取 α 0.01 与 0.2）" } },
    { name: "biases", type: "list", default: [0, -0.5, -1], quick: [0, -1], min: -10, max: 10, description: { en: "initial biases tried with ReLU", zh: "ReLU 尝试的初始偏置" } },
    { name: "biasLr", type: "number", default: 0.1, min: 1e-6, max: 100, description: { en: "learning rate of the bias runs", zh: "偏置实验的学习率" } },
    { name: "epochs", type: "integer", default: 100, quick: 20, min: 1, max: 5000, description: { en: "training epochs", zh: "训练轮数" } },
    { name: "batch", type: "integer", default: 16, min: 1, max: 1000, description: { en: "points per update", zh: "每次更新的点数" } },
    { name: "width", type: "integer", default: 32, min: 2, max: 512, description: { en: "units per hidden layer", zh: "每个隐藏层的单元数" } },
    { name: "layers", type: "integer", default: 3, min: 1, max: 20, description: { en: "hidden layers", zh: "隐藏层数" } },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => o.variants.length * o.lrs.length + o.biases.length,
  // One unit per variant and learning rate, one per bias (each its own net; the data the seed's).
  parts: (o) => [...o.variants.flatMap((key) => o.lrs.map((lr) => `${key}@lr${lr}`)), ...o.biases.map((b) => `bias${b}`)],
  async seed(o, seed, t) {
    const data = makeDataset("moons", { seed });
    const x = standardise(data.x, 2);
    const train = async (key: string, act: ActSpec, lr: number, bias: number): Promise<RunRecord> => {
      const v = VARIANT_KEYS.indexOf(key);
      const net = buildNet({ inputs: 2, hidden: Array(o.layers).fill(o.width), outputs: 2, act, init: recommendedInit(act.id), rng: createRng(seed, 10 + v), dtype: "float32", bias });
      const trainer = new Trainer(net.model, new SGD(net.model.params, { lr }), x, data.labels, 2, 2, o.batch, createRng(seed, 50));
      const masks = (): { dead: boolean[][]; never: boolean[][] } => {
        const outs = forwardAll(net.model, x);
        const dead: boolean[][] = [];
        const never: boolean[][] = [];
        for (let l = 0; l < o.layers; l++) {
          const pre = outs[2 * l];
          dead.push(everyRow(derivativeOf(net.model.layers[2 * l + 1], pre), o.width, (d) => d === 0));
          never.push(everyRow(pre, o.width, (z) => z <= 0));
        }
        return { dead, never };
      };
      const init = masks();
      const everDead = init.dead.map((l) => l.slice());
      const revived = init.dead.map((l) => l.map(() => false));
      let last = init;
      let ok = true;
      for (let e = 1; e <= o.epochs && ok; e++) {
        await trainer.epochPolling(t);
        ok = !trainer.diverged && finiteModel(net.model);
        if (ok) {
          last = masks();
          last.dead.forEach((l, i) =>
            l.forEach((d, j) => {
              if (d) everDead[i][j] = true;
              else if (everDead[i][j]) revived[i][j] = true;
            }),
          );
        }
        await t.poll();
      }
      const ev = ok ? evaluate(net.model, x, data.labels, 2) : { loss: NaN, accuracy: NaN };
      ok = ok && Number.isFinite(ev.loss) && Number.isFinite(ev.accuracy);
      return {
        deadInit: share(init.dead),
        dead: ok ? share(last.dead) : null,
        neverPositiveInit: share(init.never),
        neverPositive: ok ? share(last.never) : null,
        accuracy: ok ? ev.accuracy : null,
        diverged: !ok,
        everDead: everDead.map((l) => l.filter(Boolean).length),
        revived: revived.map((l) => l.filter(Boolean).length),
      };
    };
    const out: SeedRun = { lr: {}, bias: [] };
    for (const key of o.variants) {
      out.lr[key] = [];
      for (const [i, lr] of o.lrs.entries()) {
        if (!t.wants(`${key}@lr${lr}`)) continue;
        out.lr[key][i] = await train(key, VARIANTS[key].act, lr, 0);
        await t.advance(`${key}, lr ${lr}`);
      }
    }
    for (const [i, b] of o.biases.entries()) {
      if (!t.wants(`bias${b}`)) continue;
      out.bias[i] = await train("relu", VARIANTS.relu.act, o.biasLr, b);
      await t.advance(`relu, bias ${b}`);
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const rows: Record<string, Bi> = {};
    const table: Record<string, Record<string, TableCell>> = {};
    const n = perSeed.length;
    const lrs = o.lrs.map((lr, k) => ({ lr, k })).sort((a, b) => a.lr - b.lr);
    const kMin = lrs[0].k;
    const kMax = lrs[lrs.length - 1].k;
    const deadAt = (key: string, k: number) => perSeed.map((s) => s.lr[key][k].dead ?? NaN);
    const flags = (key: string, k: number) => perSeed.map((s) => s.lr[key][k].diverged);
    const cell = new Map<string, Summary>();
    for (const key of o.variants) {
      const name = VARIANTS[key].name;
      o.lrs.forEach((lr, k) => {
        const row = at(key, lr);
        rows[row] = { en: `${name}, lr ${lr}`, zh: `${name}，学习率 ${lr}` };
        const d = flags(key, k);
        cell.set(row, put(summary, `${row}.deadShare`, deadAt(key, k), d));
        put(summary, `${row}.neverPositiveShare`, perSeed.map((s) => s.lr[key][k].neverPositive ?? NaN), d);
        put(summary, `${row}.accuracy`, perSeed.map((s) => s.lr[key][k].accuracy ?? NaN), d);
        summary[`${row}.diverged`] = count(d);
      });
      const r0 = `${key}@init`;
      rows[r0] = { en: `${name}, at init`, zh: `${name}，初始化时` };
      put(summary, `${r0}.deadShareInit`, perSeed.map((s) => s.lr[key][0].deadInit));
      put(summary, `${r0}.neverPositiveShareInit`, perSeed.map((s) => s.lr[key][0].neverPositiveInit));
    }
    o.biases.forEach((b, k) => {
      const row = `relu@bias${b}`;
      rows[row] = { en: `ReLU, initial bias ${b} (lr ${o.biasLr})`, zh: `ReLU，初始偏置 ${b}（学习率 ${o.biasLr}）` };
      const d = perSeed.map((s) => s.bias[k].diverged);
      put(summary, `${row}.deadShareInit`, perSeed.map((s) => s.bias[k].deadInit));
      put(summary, `${row}.deadShare`, perSeed.map((s) => s.bias[k].dead ?? NaN), d);
      put(summary, `${row}.neverPositiveShare`, perSeed.map((s) => s.bias[k].neverPositive ?? NaN), d);
      put(summary, `${row}.accuracy`, perSeed.map((s) => s.bias[k].accuracy ?? NaN), d);
      summary[`${row}.diverged`] = count(d);
    });
    // Revival, ReLU, per layer and seed, summed over learning rates (a diverged run counts up to where it stopped).
    const hasRelu = o.variants.includes("relu");
    const everDead = range(o.layers).map((l) => perSeed.map((s) => (hasRelu ? s.lr.relu.reduce((a, r) => a + r.everDead[l], 0) : NaN)));
    const revived = range(o.layers).map((l) => perSeed.map((s) => (hasRelu ? s.lr.relu.reduce((a, r) => a + r.revived[l], 0) : NaN)));
    if (hasRelu) {
      range(o.layers).forEach((l) => {
        const row = `relu@layer${l + 1}`;
        rows[row] = { en: `ReLU, hidden layer ${l + 1}`, zh: `ReLU，第 ${l + 1} 隐藏层` };
        put(summary, `${row}.everDead`, everDead[l]);
        put(summary, `${row}.revived`, revived[l]);
      });
    }

    // (a) ReLU's dead share grows with the learning rate: highest rate it survives (≥ 80 % seeds) against the lowest.
    const parts: VerdictPart[] = [];
    const survives = (key: string, k: number) => enoughSeeds(cell.get(at(key, o.lrs[k])));
    if (hasRelu) {
      const up = lrs.filter(({ k }) => survives("relu", k));
      const hi = up.length ? up[up.length - 1] : undefined;
      const claim: Bi = {
        en: `ReLU's dead share grows with the learning rate: paired by seed, the dead share at the highest rate ReLU survives minus that at lr ${o.lrs[kMin]} is ≥ ${pct(GROWTH_THRESHOLD)} (decided on the 95 % bootstrap interval)`,
        zh: `ReLU 的死单元比例随学习率增大：按种子配对，ReLU 存活的最高学习率下的死单元比例减去学习率 ${o.lrs[kMin]} 下的比例 ≥ ${pct(GROWTH_THRESHOLD)}（以 95 % 自助法区间判定）`,
      };
      let v: Verdict = "inconclusive";
      let because: Bi;
      if (!hi || hi.k === kMin || !survives("relu", kMin)) {
        because = { en: `ReLU survives (≥ 80 % of seeds finish) at ${up.length} of ${o.lrs.length} rates: no pair of rates to compare; more rates or seeds would decide.`, zh: `ReLU 在 ${o.lrs.length} 个学习率中只在 ${up.length} 个上存活（≥ 80 % 的种子完成）：没有可比较的两个学习率；更多学习率或种子才能判定。` };
      } else {
        const g = paired(deadAt("relu", hi.k), deadAt("relu", kMin), "diff", "relu.growth", perSeed.map((s) => s.lr.relu[hi.k].diverged || s.lr.relu[kMin].diverged));
        summary["relu.growth"] = g;
        v = decide(g, "≥", GROWTH_THRESHOLD);
        const lo = statBi(cell.get(at("relu", o.lrs[kMin])), pct);
        const top = statBi(cell.get(at("relu", hi.lr)), pct);
        const diff = statBi(g, pct);
        const more = v === "inconclusive" ? { en: "; more seeds or a larger scale would decide", zh: "；更多种子或更大规模才能判定" } : { en: "", zh: "" };
        because = {
          en: `ReLU dead share: ${lo.en} at lr ${o.lrs[kMin]}, ${top.en} at lr ${hi.lr} (the highest rate it survives); paired difference ${diff.en}${more.en}.`,
          zh: `ReLU 死单元比例：学习率 ${o.lrs[kMin]} 时 ${lo.zh}，学习率 ${hi.lr}（存活的最高学习率）时 ${top.zh}；配对差 ${diff.zh}${more.zh}。`,
        };
      }
      parts.push(part("relu-grows", claim, v, because));
    }
    // (b) Each of the others has no dead units at every rate it survives.
    for (const key of o.variants.filter((k) => k !== "relu")) {
      const name = VARIANTS[key].name;
      const per = lrs.map(({ lr, k }) => ({ lr, k, s: cell.get(at(key, lr)) as Summary, v: survives(key, k) ? decide(cell.get(at(key, lr)), "≤", NONE_THRESHOLD) : undefined }));
      const ran = per.filter((p) => p.v !== undefined);
      const v: Verdict = ran.length === 0 ? "inconclusive" : ran.some((p) => p.v === "does-not-hold") ? "does-not-hold" : ran.every((p) => p.v === "holds") ? "holds" : "inconclusive";
      const list = (lang: "en" | "zh") => per.map((p) => (lang === "en" ? `lr ${p.lr}: ${statBi(p.s, pct).en}${p.v ? "" : " (did not survive)"}` : `学习率 ${p.lr}：${statBi(p.s, pct).zh}${p.v ? "" : "（未存活）"}`));
      const more = v === "inconclusive" ? { en: ran.length ? "; more seeds or a larger scale would decide" : "; it survived at no rate", zh: ran.length ? "；更多种子或更大规模才能判定" : "；在任何学习率下都未存活" } : { en: "", zh: "" };
      parts.push(
        part(
          `${key}-none`,
          {
            en: `${name} has no dead units at the rates it survives: the 95 % bootstrap interval of its dead share lies at ${pct(NONE_THRESHOLD)} at every such rate`,
            zh: `${name} 在其存活的学习率下没有死单元：每个这样的学习率下死单元比例的 95 % 自助法区间都在 ${pct(NONE_THRESHOLD)}`,
          },
          v,
          { en: `${name} dead share: ${list("en").join("; ")}${more.en}.`, zh: `${name} 死单元比例：${list("zh").join("；")}${more.zh}。` },
        ),
      );
    }
    // Table: the dead share at the highest rate the function survives (≥ 80 % of its seeds finish;
    // the highest rate of the sweep when it survives none, where the cell shows the diverged seeds),
    // with the verdict of the article's statement (ReLU ✗ has dead units; the others ✓ avoid them).
    for (const key of o.variants) {
      const row = VARIANTS[key].row;
      if (!row) continue;
      const survived = [...lrs].reverse().find(({ lr }) => enoughSeeds(cell.get(at(key, lr))));
      const s = cell.get(at(key, o.lrs[survived ? survived.k : kMax])) as Summary;
      table[row] = { deadShare: { ...s, verdict: key === "relu" ? decide(s, "≥", GROWTH_THRESHOLD) : decide(s, "≤", NONE_THRESHOLD) } };
    }

    const lrFigure = (id: string, q: "deadShare" | "neverPositiveShare", title: Bi, y: Bi): ChartSpec =>
      chart({
        id,
        title,
        x: { label: { en: "learning rate (log)", zh: "学习率（对数）" }, log: true },
        y: { label: y, domain: [0, 1] },
        series: o.variants.map((key) => ({
          name: VARIANTS[key].name,
          ...(VARIANTS[key].row ? { id: VARIANTS[key].row } : {}),
          // Both leaky slopes in leaky ReLU's colour, the steeper one dashed.
          ...(key.startsWith("leaky") ? { group: "leaky-relu" } : {}),
          ...(key === "leaky-0.2" ? { dash: "6 3" } : {}),
          points: ciPoints(o.lrs, perSeed.map((s) => s.lr[key].map((r) => (q === "deadShare" ? r.dead : r.neverPositive) ?? NaN)), `${id}:${key}`),
        })),
      });
    const setting = `moons, standardised, ${o.layers}×${o.width}, ${o.epochs} epochs`;
    const settingZh = `moons，标准化，${o.layers}×${o.width}，${o.epochs} 轮`;
    const figures = [
      lrFigure(
        "dead-units-lr",
        "deadShare",
        { en: `Dead units (f′ = 0 on every training input) after training (${setting}; median, 95 % interval; marked: seeds diverged)`, zh: `训练后的死单元比例（所有训练输入上 f′ = 0；${settingZh}；中位数与 95 % 区间；标记表示有种子发散）` },
        { en: "dead share", zh: "死单元比例" },
      ),
      lrFigure(
        "dead-units-never-positive",
        "neverPositiveShare",
        { en: `Units never positive (z ≤ 0 on every input) after training — dead only where f′ = 0 there (${setting})`, zh: `训练后从不为正的单元（所有输入上 z ≤ 0）——只有 f′ = 0 时才算死亡（${settingZh}）` },
        { en: "never-positive share", zh: "从不为正的比例" },
      ),
      chart({
        id: "dead-units-bias",
        title: { en: `ReLU: dead share against the initial bias (lr ${o.biasLr})`, zh: `ReLU：死单元比例与初始偏置（学习率 ${o.biasLr}）` },
        x: { label: { en: "initial bias", zh: "初始偏置" } },
        y: { label: { en: "dead share", zh: "死单元比例" }, domain: [0, 1] },
        series: [
          { name: "at init", label: { en: "at init", zh: "初始化时" }, group: "relu", points: ciPoints(o.biases, perSeed.map((s) => s.bias.map((r) => r.deadInit)), "bias-init"), dash: "4 3" },
          { name: "at the end", label: { en: "at the end", zh: "训练结束时" }, id: "relu", group: "relu", points: ciPoints(o.biases, perSeed.map((s) => s.bias.map((r) => r.dead ?? NaN)), "bias-end") },
        ],
      }),
      chart({
        id: "dead-units-revival",
        title: { en: "ReLU units dead at some epoch end, and how many came back (per seed, summed over learning rates)", zh: "在某轮结束时死亡的 ReLU 单元及其中复活的数量（每个种子，各学习率之和）" },
        // Layers are whole numbers: one worded tick each, not 1.2, 1.4 ….
        x: { label: { en: "hidden layer", zh: "隐藏层" }, ticks: range(o.layers).map((l) => ({ value: l + 1, label: { en: `${l + 1}`, zh: `第 ${l + 1} 层` } })) },
        y: { label: { en: "units (median, 95 % interval)", zh: "单元数（中位数与 95 % 区间）" } },
        series: [
          { name: "dead at some epoch", label: { en: "dead at some epoch", zh: "某轮结束时死亡" }, group: "revival", points: ciPoints(range(o.layers, 1), perSeed.map((_, i) => everDead.map((l) => l[i])), "ever-dead") },
          { name: "revived later", label: { en: "revived later", zh: "之后复活" }, group: "revival", points: ciPoints(range(o.layers, 1), perSeed.map((_, i) => revived.map((l) => l[i])), "revived"), dash: "6 3" },
        ],
      }),
    ];
    const verdict = combineVerdicts(parts.map((p) => p.verdict));
    const sum = (v: number[]) => v.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    const l1 = hasRelu ? `${sum(revived[0])}/${sum(everDead[0])}` : "n/a";
    const deeper = hasRelu ? `${sum(revived.slice(1).flat())}/${sum(everDead.slice(1).flat())}` : "n/a";
    const div = o.variants.flatMap((key) => o.lrs.map((lr, k) => ({ key, lr, d: flags(key, k).filter(Boolean).length }))).filter((x) => x.d > 0);
    const divEn = div.length ? div.map((x) => `${VARIANTS[x.key].name} at lr ${x.lr}: ${x.d} of ${n}`).join(", ") : "none";
    const divZh = div.length ? div.map((x) => `${VARIANTS[x.key].name} 学习率 ${x.lr}：${n} 个中 ${x.d} 个`).join("，") : "无";
    return {
      summary,
      quantities: QUANTITIES,
      rows,
      table,
      figures,
      verdict: {
        ...verdictOf(
          verdict,
          {
            en: `A unit is dead when f′(z) = 0 at every training input (f′ from the registry; PReLU with its learnt α); a function survives a rate when ≥ 80 % of its seeds finish (finite loss and weights). Decided on 95 % bootstrap intervals over ${n} seeds: (a) ReLU's dead share at the highest rate it survives minus that at the lowest rate, paired by seed, is ≥ ${pct(GROWTH_THRESHOLD)}; (b) for each other function the interval of the dead share lies at ${pct(NONE_THRESHOLD)} at every rate it survives. Holds: all parts hold; mixed: the parts differ.`,
            zh: `单元死亡指在所有训练输入上 f′(z) = 0（f′ 取自注册表；PReLU 用学到的 α）；若一个函数在某学习率下 ≥ 80 % 的种子完成（损失与权重有限），则称其在该学习率下存活。以 ${n} 个种子上的 95 % 自助法区间判定：（a）按种子配对，ReLU 在存活的最高学习率下的死单元比例减去最低学习率下的比例 ≥ ${pct(GROWTH_THRESHOLD)}；（b）其余每个函数在其存活的每个学习率下，死单元比例的区间都在 ${pct(NONE_THRESHOLD)}。各部分都成立为成立；各部分结论不同为部分成立。`,
          },
          {
            en: `${parts.map((p) => `${PART_NAME(p.id).en}: ${VERDICT_TEXT[p.verdict].en}`).join("; ")}. Seeds diverged: ${divEn}. ReLU units revived after dying: layer 1 ${l1}, deeper layers ${deeper} (summed over seeds and rates).`,
            zh: `${parts.map((p) => `${PART_NAME(p.id).zh}：${VERDICT_TEXT[p.verdict].zh}`).join("；")}。发散的种子：${divZh}。ReLU 死亡后复活的单元：第 1 层 ${l1}，更深层 ${deeper}（各种子与学习率之和）。`,
          },
        ),
        parts,
      },
    };
  },
});
