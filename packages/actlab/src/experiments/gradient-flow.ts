import { activations, streamOf } from "../activations/registry.js";
import type { Floats } from "../activations/types.js";
import { Dense, Sequential } from "../nn/layers.js";
import { softmaxCrossEntropy } from "../nn/loss.js";
import { nnFreshArena } from "../nn/fast.js";
import { Adam } from "../nn/optim.js";
import type { Bi } from "../plot/chart.js";
import { createRng } from "../train/rng.js";
import {
  activationLayer,
  ARTICLE_FUNCTIONS,
  bandPoints,
  buildNet,
  chart,
  combineVerdicts,
  decide,
  defineExperiment,
  fmt,
  forwardAllPolling,
  functionChart,
  functionsOption,
  paired,
  part,
  put,
  range,
  recommendedInit,
  statBi,
  type InitKind,
  type Ticker,
  VERDICT_TEXT,
} from "./common.js";
import type { QuantityInfo, Summary, TableCell, Verdict, VerdictPart } from "./types.js";

interface Options {
  depth: number;
  width: number;
  batch: number;
  functions: string[];
  init: "recommended" | InitKind;
  gain: number;
  "sigmoid-gain": number;
  "train-steps": number;
  lr: number;
}

/** What one pass measures: per hidden layer the activations' std, ‖∂L/∂W_l‖ and ‖∂L/∂z_l‖. */
interface Pass {
  /** Standard deviation of each hidden layer's activations (over units and samples). */
  std: number[];
  /** ‖∂L/∂W_l‖_F of each hidden layer. */
  grad: number[];
  /** ‖∂L/∂z_l‖_F: the backpropagated signal at the pre-activations of each hidden layer. */
  delta: number[];
  /** grad[0] / grad[top]. */
  ratio: number;
  /** delta[0] / delta[top]. */
  deltaRatio: number;
  /** Cross-entropy on the batch. */
  loss: number;
}

interface FunctionRun extends Pass {
  /** Registry id of the hidden activation. */
  fn: string;
  init: InitKind;
  /** Factor on the hidden weights. */
  gain: number;
  /** The same measurements after `train-steps` Adam steps; null when training diverged (or no steps were asked for). */
  trained: Pass | null;
  /** Training left a non-finite loss or weight. */
  diverged: boolean;
}

type SeedRun = Record<string, FunctionRun>;

/** Classes of the synthetic task. */
const CLASSES = 10;
/** Rows per Adam step (the batch is cut into minibatches of this many, used in turn). */
const TRAIN_BATCH = 64;
/** Threshold of "vanishes": layer 1/top at most this fraction of ReLU's (paired by seed). */
const VANISH = 1e-2;

function stdOf(v: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    s2 += v[i] * v[i];
  }
  const m = s / v.length;
  return Math.sqrt(Math.max(0, s2 / v.length - m * m));
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Digits as subscripts (W₂₀). */
const sub = (n: number): string => String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);

/** The row key of sigmoid with an extra gain ("sigmoid@gain4"). */
const gainRow = (g: number): string => `sigmoid@gain${g}`;

/** The reference row when the run's own ReLU row is not ReLU with He init and gain 1. */
const REFERENCE = "relu@he";

/**
 * The row vanishing is judged against: ReLU with He init and gain 1 (the init that lets ReLU's
 * signal through), on the same seed. The run's own "relu" row when it is that; otherwise an extra
 * row "relu@he" (with --init standard, ReLU's own signal vanishes too, and would hide tanh's).
 */
function referenceKey(o: Options): string | undefined {
  if (!o.functions.includes("sigmoid") && !o.functions.includes("tanh")) return undefined;
  const ownIsHe = o.functions.includes("relu") && o.gain === 1 && (o.init === "recommended" ? recommendedInit("relu") : o.init) === "he";
  return ownIsHe ? "relu" : REFERENCE;
}

/** The rows of a seed, in order: key, function, gain and fixed init (every function, the gain row, the reference). */
function rowsOf(o: Options): [string, string, number, InitKind | undefined][] {
  const rows: [string, string, number, InitKind | undefined][] = o.functions.map((id) => [id, id, o.gain, undefined]);
  if (o.functions.includes("sigmoid") && o["sigmoid-gain"] > 0) rows.push([gainRow(o["sigmoid-gain"]), "sigmoid", o.gain * o["sigmoid-gain"], undefined]);
  if (referenceKey(o) === REFERENCE) rows.push([REFERENCE, "relu", 1, "he"]);
  return rows;
}

/** A number from JSON (NaN, which JSON writes as null, comes back as NaN, not 0). */
const num = (v: unknown): number => (typeof v === "number" ? v : NaN);

/**
 * One forward and backward pass in float64 on (x, labels): each hidden layer's activation std,
 * weight-gradient norm and the norm of the gradient arriving at its Dense output (what the
 * activation layer's backward returns).
 */
async function measure(model: Sequential, depth: number, x: Floats, labels: Int32Array, t: Ticker): Promise<Pass> {
  const outs = await forwardAllPolling(model, x, t);
  const { loss, grad } = softmaxCrossEntropy(outs[outs.length - 1], labels, CLASSES);
  model.zeroGrad();
  const delta: number[] = Array(depth).fill(NaN);
  let g: Floats = grad;
  for (let i = model.layers.length - 1; i >= 0; i--) {
    g = model.layers[i].backward(g);
    // Layer 2l + 1 is hidden layer l's activation: its backward gives ∂L/∂z_l.
    if (i % 2 === 1 && i < 2 * depth) delta[(i - 1) / 2] = norm(g);
    await t.poll();
  }
  const std = range(depth).map((l) => stdOf(outs[2 * l + 1]));
  const gradW = range(depth).map((l) => norm(model.layers[2 * l].params[0].grad));
  return { std, grad: gradW, delta, ratio: gradW[0] / gradW[depth - 1], deltaRatio: delta[0] / delta[depth - 1], loss };
}

/**
 * Glorot and Bengio's measurement (Section 4.2): a deep MLP at initialisation, one batch, the norms
 * per layer. float64 on purpose: sigmoid's backpropagated signal at layer 1 is ~10⁻¹³ of the top
 * layer's at depth 20 (and ~10⁻³¹ at depth 50). Then `train-steps` Adam steps on minibatches of 64 rows of the batch, in
 * float32 on the same task (labels from a random linear teacher, so it can be learnt), the weights
 * copied back into the float64 net, and the same measurement again.
 */
/** A part's id ("tanh-delta-trained") as words for the verdict's sentence. */
function partName(id: string): Bi {
  const m = /^(.*)-(weights|delta-trained|delta)$/.exec(id);
  if (!m) return { en: id, zh: id };
  const what = {
    weights: { en: "weight-gradient ratio at init", zh: "初始化时的权重梯度比" },
    delta: { en: "backpropagated-signal ratio at init", zh: "初始化时的反传信号比" },
    "delta-trained": { en: "backpropagated-signal ratio after training", zh: "训练后的反传信号比" },
  }[m[2] as "weights" | "delta" | "delta-trained"];
  return { en: `${m[1]}, ${what.en}`, zh: `${m[1]} 的${what.zh}` };
}

export const gradientFlow = defineExperiment<Options, SeedRun>({
  id: "gradient-flow",
  title: { en: "Signal and gradient flow at initialisation and early in training", zh: "初始化时与训练初期信号和梯度的传播" },
  claim: {
    article: "梯度消失: 当输入趋近 0 和 1 的时候，变化率基本为常数，即变化非常小，进而导致梯度接近于 0，无法执行反向传播（sigmoid 缺点 1；tanh 缺点 1：梯度消失问题仍然存在；ReLU 优点 1：解决了梯度消失问题）",
    en: "In a deep network, sigmoid and tanh make the gradient of the first layers vanish compared with the last; ReLU does not.",
    zh: "在深层网络中，sigmoid 和 tanh 会使前几层的梯度相对最后几层消失；ReLU 不会。",
    functions: ["sigmoid", "tanh", "relu", "selu"],
  },
  options: [
    { name: "depth", type: "integer", default: 20, quick: 20, min: 2, max: 500, description: { en: "hidden layers", zh: "隐藏层数" } },
    { name: "width", type: "integer", default: 64, quick: 32, min: 2, max: 1024, description: { en: "units per hidden layer (also the input dimension)", zh: "每个隐藏层的单元数（也是输入维数）" } },
    { name: "batch", type: "integer", default: 256, quick: 64, min: 2, max: 8192, description: { en: "inputs drawn from N(0, I), labelled by a random linear teacher (10 classes)", zh: "从 N(0, I) 抽取的输入个数，标签由随机线性教师给出（10 类）" } },
    functionsOption(undefined, [...ARTICLE_FUNCTIONS]),
    {
      name: "init",
      type: "string",
      default: "recommended",
      choices: ["recommended", "standard", "xavier", "he", "lecun"],
      description: {
        en: "initialisation of the hidden weights: recommended (each function's usual one: LeCun for SELU, Xavier for functions saturating on both sides, He otherwise), standard (Glorot and Bengio's U[−1/√n_in, 1/√n_in]), xavier, he or lecun",
        zh: "隐藏层权重的初始化：recommended（各函数的常用初始化：SELU 用 LeCun，两侧饱和的函数用 Xavier，其余用 He）、standard（Glorot 与 Bengio 的 U[−1/√n_in, 1/√n_in]）、xavier、he 或 lecun",
      },
    },
    { name: "gain", type: "number", default: 1, min: 1e-3, max: 100, description: { en: "factor on every hidden weight after initialisation", zh: "初始化后乘在每个隐藏层权重上的因子" } },
    {
      name: "sigmoid-gain",
      type: "number",
      default: 4,
      min: 0,
      max: 100,
      description: {
        en: "also run sigmoid with this gain on its hidden weights (row sigmoid@gain4: the same weights as sigmoid's, scaled; 4 makes up for σ′(0) = ¼, which Xavier ignores); 0 for none",
        zh: "另以此增益运行 sigmoid（行 sigmoid@gain4：与 sigmoid 相同的权重再乘以该因子；4 弥补 Xavier 未考虑的 σ′(0) = ¼）；0 表示不运行",
      },
    },
    { name: "train-steps", type: "integer", default: 100, quick: 5, min: 0, max: 100000, description: { en: "Adam steps (minibatches of 64 rows of the batch, in turn) before the second measurement (0: initialisation only)", zh: "第二次测量前的 Adam 步数（依次使用该批中每 64 行组成的小批量；0：只测初始化）" } },
    { name: "lr", type: "number", default: 1e-3, min: 1e-7, max: 1, description: { en: "Adam learning rate of those steps", zh: "这些步的 Adam 学习率" } },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => o.functions.length + (o.functions.includes("sigmoid") && o["sigmoid-gain"] > 0 ? 1 : 0) + (referenceKey(o) === REFERENCE ? 1 : 0),
  // One unit per row: each function, the gain row and the reference (each its own stream).
  parts: (o) => rowsOf(o).map((r) => r[0]),
  async seed(o, seed, t) {
    const { depth, width, batch } = o;
    const data = createRng(seed, 0);
    const x = new Float64Array(batch * width).map(() => data.normal());
    // A random linear teacher: the label of x is argmax(x·T), a task the net can learn.
    const teacher = new Float64Array(width * CLASSES).map(() => data.normal());
    const labels = new Int32Array(batch);
    for (let r = 0; r < batch; r++) {
      let best = -Infinity;
      for (let c = 0; c < CLASSES; c++) {
        let s = 0;
        for (let i = 0; i < width; i++) s += x[r * width + i] * teacher[i * CLASSES + c];
        if (s > best) [best, labels[r]] = [s, c];
      }
    }
    const x32 = Float32Array.from(x);
    const out: SeedRun = {};
    for (const [key, id, gain, fixed] of rowsOf(o)) {
      if (!t.wants(key)) continue;
      // One stream per function (its place in the registry), so a function's weights do not
      // depend on which other functions are compared; sigmoid@gain4 has sigmoid's weights, scaled.
      const stream = streamOf(id);
      const init = fixed ?? (o.init === "recommended" ? recommendedInit(id) : o.init);
      const net = buildNet({ inputs: width, hidden: Array(depth).fill(width), outputs: CLASSES, act: { id }, init, rng: createRng(seed, stream), dtype: "float64" });
      if (gain !== 1) for (const d of net.hidden) for (let i = 0; i < d.weight.value.length; i++) d.weight.value[i] *= gain;
      const atInit = await measure(net.model, depth, x, labels, t);
      let trained: Pass | null = null;
      let diverged = false;
      if (o["train-steps"] > 0) {
        // Training in float32 (the wasm kernels, ~20× faster), the measurement again in float64.
        // A fresh float32 net for each row, in one wasm arena with room for its buffers and
        // Adam's state (twice the estimate), whatever ran before it: a net whose buffers spill
        // into another arena runs on the exact loops (other rounding, ~10× slower).
        const params = depth * (width * width + width) + width * CLASSES + CLASSES;
        nnFreshArena(2 * (4 * params + 4 * Math.min(batch, TRAIN_BATCH) * width * (depth + 1) + 2 * depth * width));
        const dense = [...range(depth).map(() => new Dense(width, width, { dtype: "float32" })), new Dense(width, CLASSES, { dtype: "float32" })];
        const net32 = new Sequential([...range(depth).flatMap((l) => [dense[l], activationLayer({ id }, width, "float32")]), dense[depth]]);
        net32.params.forEach((p, k) => p.value.set(net.model.params[k].value));
        const opt = new Adam(net32.params, { lr: o.lr });
        // Minibatches of TRAIN_BATCH rows of the batch, in turn (no extra random stream).
        const chunks = Math.max(1, Math.floor(batch / TRAIN_BATCH));
        const rowsPer = Math.min(batch, TRAIN_BATCH);
        for (let s = 0; s < o["train-steps"] && !diverged; s++) {
          const c = s % chunks;
          const xb = x32.subarray(c * rowsPer * width, (c + 1) * rowsPer * width);
          const { loss, grad } = softmaxCrossEntropy(net32.forward(xb), labels.subarray(c * rowsPer, (c + 1) * rowsPer), CLASSES);
          if (!Number.isFinite(loss)) diverged = true;
          else {
            net32.zeroGrad();
            net32.backward(grad);
            opt.step();
          }
          if (s % 8 === 7) await t.poll();
        }
        net.model.params.forEach((p, k) => p.value.set(net32.params[k].value));
        if (!diverged && net.model.params.every((p) => p.value.every(Number.isFinite))) {
          trained = await measure(net.model, depth, x, labels, t);
          if (!Number.isFinite(trained.loss)) [trained, diverged] = [null, true];
        } else diverged = true;
      }
      out[key] = { fn: id, init, gain, ...atInit, trained, diverged };
      await t.advance(key);
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const { depth } = o;
    const steps = o["train-steps"];
    const g4 = o.functions.includes("sigmoid") && o["sigmoid-gain"] > 0 ? gainRow(o["sigmoid-gain"]) : undefined;
    const refKey = referenceKey(o);
    const keys = [...o.functions, ...(g4 ? [g4] : []), ...(refKey === REFERENCE ? [REFERENCE] : [])];
    const initName = (key: string): string => perSeed[0][key].init + (perSeed[0][key].gain !== 1 ? ` ×${fmt(perSeed[0][key].gain)}` : "");
    const summary: Record<string, Summary> = {};
    const at = (key: string, q: "ratio" | "deltaRatio"): number[] => perSeed.map((s) => num(s[key][q]));
    const after = (key: string, q: "ratio" | "deltaRatio" | "loss"): number[] => perSeed.map((s) => num(s[key].trained?.[q]));
    for (const key of keys) {
      put(summary, `${key}.gradRatio`, at(key, "ratio"));
      put(summary, `${key}.deltaRatio`, at(key, "deltaRatio"));
      put(summary, `${key}.stdAtDepth`, perSeed.map((s) => num(s[key].std[depth - 1])));
      put(summary, `${key}.gradFirst`, perSeed.map((s) => num(s[key].grad[0])));
      put(summary, `${key}.gradLast`, perSeed.map((s) => num(s[key].grad[depth - 1])));
      put(summary, `${key}.deltaFirst`, perSeed.map((s) => num(s[key].delta[0])));
      put(summary, `${key}.deltaLast`, perSeed.map((s) => num(s[key].delta[depth - 1])));
      if (steps > 0) {
        const div = perSeed.map((s) => s[key].diverged);
        put(summary, `${key}.gradRatioTrained`, after(key, "ratio"), div);
        put(summary, `${key}.deltaRatioTrained`, after(key, "deltaRatio"), div);
        put(summary, `${key}.lossInit`, perSeed.map((s) => num(s[key].loss)));
        put(summary, `${key}.lossTrained`, after(key, "loss"), div);
      }
    }
    // "Vanishes": layer 1/top at most 10⁻² of ReLU's (He init, gain 1) on the same seed.
    const vsRelu = (key: string, q: "ratio" | "deltaRatio", trained = false): Summary | undefined => {
      if (!refKey) return undefined;
      const v = trained ? after(key, q) : at(key, q);
      const s = paired(v, trained ? after(refKey, q) : at(refKey, q), "ratio", `${key}.${q}${trained ? "Trained" : ""}`);
      summary[`${key}.${q === "ratio" ? "gradRatio" : "deltaRatio"}${trained ? "Trained" : ""}VsRelu`] = s;
      return s;
    };
    for (const key of keys) if (key !== refKey) for (const q of ["ratio", "deltaRatio"] as const) vsRelu(key, q);
    if (steps > 0) for (const key of keys) if (key !== refKey) vsRelu(key, "deltaRatio", true);

    const ref: Bi = { en: "ReLU's (He init, gain 1) on the same seed", zh: "同一种子下 ReLU（He 初始化，增益 1）对应值" };
    const measureName = { ratio: { en: "weight-gradient ratio ‖∂L/∂W₁‖/‖∂L/∂W" + sub(depth) + "‖", zh: "权重梯度比 ‖∂L/∂W₁‖/‖∂L/∂W" + sub(depth) + "‖" }, deltaRatio: { en: "backpropagated-signal ratio ‖∂L/∂z₁‖/‖∂L/∂z" + sub(depth) + "‖", zh: "反传信号比 ‖∂L/∂z₁‖/‖∂L/∂z" + sub(depth) + "‖" } };
    const parts: VerdictPart[] = [];
    const vanishVerdict: Record<string, Partial<Record<"ratio" | "deltaRatio", Verdict>>> = {};
    for (const id of ["sigmoid", "tanh"].filter((f) => o.functions.includes(f))) {
      vanishVerdict[id] = {};
      for (const q of ["ratio", "deltaRatio"] as const) {
        const s = summary[`${id}.${q === "ratio" ? "gradRatio" : "deltaRatio"}VsRelu`];
        const v = decide(s, "≤", VANISH);
        vanishVerdict[id][q] = v;
        parts.push(
          part(
            `${id}-${q === "ratio" ? "weights" : "delta"}`,
            { en: `${id} (${initName(id)}): the ${measureName[q].en} at initialisation is ≤ 10⁻² of ${ref.en}`, zh: `${id}（${initName(id)}）：初始化时的${measureName[q].zh} 不超过${ref.zh}的 10⁻²` },
            v,
            {
              en: `${id} ${statBi(summary[`${id}.${q === "ratio" ? "gradRatio" : "deltaRatio"}`]).en}, ReLU (He) ${statBi(summary[`${refKey}.${q === "ratio" ? "gradRatio" : "deltaRatio"}`]).en}; ${id} ÷ ReLU per seed ${statBi(s).en}: ${VERDICT_TEXT[v].en}${v === "inconclusive" ? " (more seeds or a larger scale would decide)" : ""}.`,
              zh: `${id} ${statBi(summary[`${id}.${q === "ratio" ? "gradRatio" : "deltaRatio"}`]).zh}，ReLU（He）${statBi(summary[`${refKey}.${q === "ratio" ? "gradRatio" : "deltaRatio"}`]).zh}；逐种子 ${id} ÷ ReLU 为 ${statBi(s).zh}：${VERDICT_TEXT[v].zh}${v === "inconclusive" ? "（更多种子或更大规模才能判定）" : ""}。`,
            },
          ),
        );
      }
      if (steps > 0) {
        const s = summary[`${id}.deltaRatioTrainedVsRelu`];
        const v = decide(s, "≤", VANISH);
        parts.push(
          part(
            `${id}-delta-trained`,
            { en: `${id}: after ${steps} Adam steps (lr ${o.lr}), the ${measureName.deltaRatio.en} is still ≤ 10⁻² of ${ref.en}`, zh: `${id}：Adam 训练 ${steps} 步（学习率 ${o.lr}）后，${measureName.deltaRatio.zh} 仍不超过${ref.zh}的 10⁻²` },
            v,
            {
              en: `${id} ${statBi(summary[`${id}.deltaRatioTrained`]).en}, ReLU (He) ${statBi(summary[`${refKey}.deltaRatioTrained`]).en}; ${id} ÷ ReLU per seed ${statBi(s).en}: ${VERDICT_TEXT[v].en}${v === "inconclusive" ? " (more seeds or a larger scale would decide)" : ""}.`,
              zh: `${id} ${statBi(summary[`${id}.deltaRatioTrained`]).zh}，ReLU（He）${statBi(summary[`${refKey}.deltaRatioTrained`]).zh}；逐种子 ${id} ÷ ReLU 为 ${statBi(s).zh}：${VERDICT_TEXT[v].zh}${v === "inconclusive" ? "（更多种子或更大规模才能判定）" : ""}。`,
            },
          ),
        );
      }
    }
    const verdict = combineVerdicts(parts.map((p) => p.verdict));

    // The comparison table: each cell with the verdict of the article's statement for that function.
    // sigmoid ✗ and tanh ✗ (gradients vanish): holds when the measure vanishes. ReLU ✓ (does not
    // vanish): holds when its ratio's interval is ≥ 10⁻². SELU ✓ (neither explodes nor vanishes):
    // holds when the interval lies in [10⁻², 10²] (and its signal's std in [0.5, 2]).
    const within = (s: Summary | undefined, lo: number, hi: number): Verdict => {
      const a = decide(s, "≥", lo);
      const b = decide(s, "≤", hi);
      return a === "holds" && b === "holds" ? "holds" : a === "does-not-hold" || b === "does-not-hold" ? "does-not-hold" : "inconclusive";
    };
    const table: Record<string, Record<string, TableCell>> = {};
    for (const id of o.functions) {
      const cellVerdict = (q: "ratio" | "deltaRatio"): Verdict | undefined => {
        const s = summary[`${id}.${q === "ratio" ? "gradRatio" : "deltaRatio"}`];
        if (id === "sigmoid" || id === "tanh") return vanishVerdict[id][q];
        if (id === "relu") return decide(s, "≥", VANISH);
        if (id === "selu") return within(s, VANISH, 1 / VANISH);
        return undefined;
      };
      const cell = (s: Summary, v: Verdict | undefined): TableCell => (v ? { ...s, verdict: v } : { ...s });
      table[id] = {
        gradientRatio: cell(summary[`${id}.gradRatio`], cellVerdict("ratio")),
        deltaRatio: cell(summary[`${id}.deltaRatio`], cellVerdict("deltaRatio")),
        signalStd: cell(summary[`${id}.stdAtDepth`], id === "selu" ? within(summary["selu.stdAtDepth"], 0.5, 2) : undefined),
      };
    }

    const quantities: Record<string, QuantityInfo> = {
      gradRatio: { label: { en: `weight-gradient ratio ‖∂L/∂W₁‖/‖∂L/∂W${sub(depth)}‖ at initialisation`, zh: `初始化时的权重梯度比 ‖∂L/∂W₁‖/‖∂L/∂W${sub(depth)}‖` }, unit: { en: "×", zh: "倍" } },
      deltaRatio: { label: { en: `backpropagated-signal ratio ‖∂L/∂z₁‖/‖∂L/∂z${sub(depth)}‖ at initialisation`, zh: `初始化时的反传信号比 ‖∂L/∂z₁‖/‖∂L/∂z${sub(depth)}‖` }, unit: { en: "×", zh: "倍" } },
      stdAtDepth: { label: { en: `std of layer ${depth}'s activations at initialisation`, zh: `初始化时第 ${depth} 层激活值的标准差` } },
      gradFirst: { label: { en: "‖∂L/∂W₁‖ at initialisation", zh: "初始化时的 ‖∂L/∂W₁‖" } },
      gradLast: { label: { en: `‖∂L/∂W${sub(depth)}‖ at initialisation`, zh: `初始化时的 ‖∂L/∂W${sub(depth)}‖` } },
      deltaFirst: { label: { en: "‖∂L/∂z₁‖ at initialisation", zh: "初始化时的 ‖∂L/∂z₁‖" } },
      deltaLast: { label: { en: `‖∂L/∂z${sub(depth)}‖ at initialisation`, zh: `初始化时的 ‖∂L/∂z${sub(depth)}‖` } },
      gradRatioVsRelu: { label: { en: "weight-gradient ratio ÷ ReLU's (paired by seed)", zh: "权重梯度比 ÷ ReLU 的值（按种子配对）" }, unit: { en: "×", zh: "倍" } },
      deltaRatioVsRelu: { label: { en: "backpropagated-signal ratio ÷ ReLU's (paired by seed)", zh: "反传信号比 ÷ ReLU 的值（按种子配对）" }, unit: { en: "×", zh: "倍" } },
      gradRatioTrained: { label: { en: `weight-gradient ratio after ${steps} Adam steps`, zh: `Adam 训练 ${steps} 步后的权重梯度比` }, unit: { en: "×", zh: "倍" } },
      deltaRatioTrained: { label: { en: `backpropagated-signal ratio after ${steps} Adam steps`, zh: `Adam 训练 ${steps} 步后的反传信号比` }, unit: { en: "×", zh: "倍" } },
      deltaRatioTrainedVsRelu: { label: { en: `backpropagated-signal ratio after ${steps} Adam steps ÷ ReLU's (paired)`, zh: `Adam 训练 ${steps} 步后的反传信号比 ÷ ReLU 的值（按种子配对）` }, unit: { en: "×", zh: "倍" } },
      lossInit: { label: { en: "cross-entropy at initialisation", zh: "初始化时的交叉熵" } },
      lossTrained: { label: { en: `cross-entropy after ${steps} Adam steps`, zh: `Adam 训练 ${steps} 步后的交叉熵` } },
    };
    const rows: Record<string, Bi> = {
      ...(g4 ? { [g4]: { en: `sigmoid, hidden weights ×${o["sigmoid-gain"]}`, zh: `sigmoid，隐藏层权重 ×${o["sigmoid-gain"]}` } } : {}),
      ...(refKey === REFERENCE ? { [REFERENCE]: { en: "ReLU, He init, gain 1 (the reference)", zh: "ReLU，He 初始化，增益 1（参照）" } } : {}),
    };

    const layers = range(depth, 1);
    // Every function run gets its line (issue 21: the legends showed the article's seven of 24 ticked).
    const curveKeys = [...o.functions, ...(g4 ? [g4] : [])];
    const series = (pick: (r: FunctionRun) => readonly number[] | undefined) =>
      curveKeys.map((key) => ({ name: `${key} (${initName(key)})`, ...(key === g4 ? {} : { id: key }), points: bandPoints(layers, perSeed.map((s) => pick(s[key]) ?? layers.map(() => NaN)), true) }));
    const where = `depth ${depth}, width ${o.width}`;
    const whereZh = `深度 ${depth}，宽度 ${o.width}`;
    const figures = [
      chart({
        id: "gradient-flow-delta",
        title: { en: `Backpropagated signal ‖∂L/∂z_l‖ per layer at initialisation (${where})`, zh: `初始化时各层的反传信号 ‖∂L/∂z_l‖（${whereZh}）` },
        x: { label: { en: "hidden layer", zh: "隐藏层" }, integer: true },
        y: { label: { en: "‖∂L/∂z‖ (log)", zh: "‖∂L/∂z‖（对数）" }, log: true },
        series: series((r) => r.delta),
      }),
      chart({
        id: "gradient-flow-grad",
        title: { en: `Weight-gradient norm ‖∂L/∂W_l‖ per layer at initialisation (${where})`, zh: `初始化时各层权重梯度的范数 ‖∂L/∂W_l‖（${whereZh}）` },
        x: { label: { en: "hidden layer", zh: "隐藏层" }, integer: true },
        y: { label: { en: "‖∂L/∂W‖ (log)", zh: "‖∂L/∂W‖（对数）" }, log: true },
        series: series((r) => r.grad),
      }),
      chart({
        id: "gradient-flow-std",
        title: { en: `Standard deviation of each layer's activations at initialisation (${where})`, zh: `初始化时各层激活值的标准差（${whereZh}）` },
        x: { label: { en: "hidden layer", zh: "隐藏层" }, integer: true },
        y: { label: { en: "std of activations (log)", zh: "激活值标准差（对数）" }, log: true },
        series: series((r) => r.std),
        rules: [{ y: 1, label: { en: "std 1", zh: "标准差 1" } }],
      }),
      ...(steps > 0
        ? [
            chart({
              id: "gradient-flow-delta-trained",
              title: { en: `Backpropagated signal ‖∂L/∂z_l‖ per layer after ${steps} Adam steps (lr ${o.lr}, ${where})`, zh: `Adam 训练 ${steps} 步后各层的反传信号 ‖∂L/∂z_l‖（学习率 ${o.lr}，${whereZh}）` },
              x: { label: { en: "hidden layer", zh: "隐藏层" }, integer: true },
              y: { label: { en: "‖∂L/∂z‖ (log)", zh: "‖∂L/∂z‖（对数）" }, log: true },
              series: series((r) => r.trained?.delta),
            }),
          ]
        : []),
      functionChart({
        id: "gradient-flow-ratio",
        title: {
          en: `Layer 1 ÷ layer ${depth}: ‖∂L/∂W‖ and ‖∂L/∂z‖, every function (init: ${o.init}${o.gain !== 1 ? `, gain ${o.gain}` : ""})`,
          zh: `第 1 层 ÷ 第 ${depth} 层：‖∂L/∂W‖ 与 ‖∂L/∂z‖，所有函数（初始化：${o.init}${o.gain !== 1 ? `，增益 ${o.gain}` : ""}）`,
        },
        y: { label: { en: "layer 1 ÷ top (log)", zh: "第 1 层 ÷ 最高层（对数）" }, log: true },
        functions: keys,
        series: [
          { name: "weights", label: { en: "‖∂L/∂W₁‖/‖∂L/∂W_top‖ at init", zh: "初始化时 ‖∂L/∂W₁‖/‖∂L/∂W_top‖" }, values: (key: string) => at(key, "ratio") },
          { name: "delta", label: { en: "‖∂L/∂z₁‖/‖∂L/∂z_top‖ at init", zh: "初始化时 ‖∂L/∂z₁‖/‖∂L/∂z_top‖" }, values: (key: string) => at(key, "deltaRatio") },
          ...(steps > 0 ? [{ name: "delta-trained", label: { en: `‖∂L/∂z₁‖/‖∂L/∂z_top‖ after ${steps} steps`, zh: `训练 ${steps} 步后 ‖∂L/∂z₁‖/‖∂L/∂z_top‖` }, values: (key: string) => after(key, "deltaRatio") }] : []),
        ],
        rules: [{ y: 1 }],
        positiveOnly: true,
      }),
    ];

    const initText: Bi =
      o.init === "recommended"
        ? { en: "each function's recommended init (Xavier for sigmoid and tanh, He for ReLU, LeCun for SELU)", zh: "各函数的推荐初始化（sigmoid 与 tanh 用 Xavier，ReLU 用 He，SELU 用 LeCun）" }
        : o.init === "standard"
          ? { en: "Glorot and Bengio's standard init U[−1/√n_in, 1/√n_in] for every function", zh: "所有函数都用 Glorot 与 Bengio 的标准初始化 U[−1/√n_in, 1/√n_in]" }
          : { en: `${o.init} init for every function`, zh: `所有函数都用 ${o.init} 初始化` };
    const gainText: Bi = o.gain !== 1 ? { en: `, hidden weights ×${o.gain}`, zh: `，隐藏层权重 ×${o.gain}` } : { en: "", zh: "" };
    const g4Text: Bi = g4
      ? {
          en: ` Sigmoid with its hidden weights ×${o["sigmoid-gain"]} (same seeds): weight ratio ${statBi(summary[`${g4}.gradRatio`]).en}, signal ratio ${statBi(summary[`${g4}.deltaRatio`]).en} (gain 1: ${statBi(summary["sigmoid.deltaRatio"]).en}).`,
          zh: `sigmoid 的隐藏层权重 ×${o["sigmoid-gain"]}（同一组种子）：权重梯度比 ${statBi(summary[`${g4}.gradRatio`]).zh}，反传信号比 ${statBi(summary[`${g4}.deltaRatio`]).zh}（增益 1 时为 ${statBi(summary["sigmoid.deltaRatio"]).zh}）。`,
        }
      : { en: "", zh: "" };
    return {
      summary,
      quantities,
      rows,
      table,
      figures,
      verdict: {
        verdict,
        rule: {
          en:
            `Depth ${depth}, width ${o.width}, ${initText.en}${gainText.en}. A function's gradient vanishes on a measure when its layer-1/top ratio is ≤ 10⁻² of ${ref.en}, decided on the 95 % bootstrap interval of that paired ratio over seeds: holds when the whole interval is ≤ 10⁻², does not hold when it is wholly above, inconclusive when it straddles 10⁻² (more seeds or a larger scale would decide) or fewer than 80 % of the seeds finished. ` +
            `Both measures are judged, for sigmoid and for tanh: the weight-gradient ratio ‖∂L/∂W₁‖/‖∂L/∂W${sub(depth)}‖ and the backpropagated-signal ratio ‖∂L/∂z₁‖/‖∂L/∂z${sub(depth)}‖. A weight ratio near 1 can hide a vanishing backpropagated signal: ∂L/∂W_l = h_{l−1}ᵀ δ_l, so a forward signal h that shrinks towards the top and a backward signal δ that shrinks towards the bottom cancel in it.` +
            (steps > 0 ? ` The signal ratio is judged again after ${steps} Adam steps (lr ${o.lr}, minibatches of ${Math.min(o.batch, TRAIN_BATCH)}) on the same task.` : "") +
            " Holds when every part holds, does not hold when none does, mixed otherwise.",
          zh:
            `深度 ${depth}，宽度 ${o.width}，${initText.zh}${gainText.zh}。若某函数第 1 层与最高层之比不超过${ref.zh}的 10⁻²，即判定其在该量上梯度消失；按种子配对后的比值取 95 % 自助法区间判定：整个区间 ≤ 10⁻² 为成立，整个区间在其上为不成立，跨过 10⁻² 或完成的种子不足 80 % 为无法判定（更多种子或更大规模才能判定）。` +
            `sigmoid 与 tanh 都判两个量：权重梯度比 ‖∂L/∂W₁‖/‖∂L/∂W${sub(depth)}‖ 与反传信号比 ‖∂L/∂z₁‖/‖∂L/∂z${sub(depth)}‖。权重梯度比接近 1 可能掩盖反传信号的消失：∂L/∂W_l = h_{l−1}ᵀ δ_l，向上逐层缩小的前向信号 h 与向下逐层缩小的反向信号 δ 在该比值中相互抵消。` +
            (steps > 0 ? `在同一任务上以 Adam 训练 ${steps} 步（学习率 ${o.lr}，小批量 ${Math.min(o.batch, TRAIN_BATCH)}）后再判一次反传信号比。` : "") +
            "各部分都成立为成立；都不成立为不成立；其余为部分成立。",
        },
        because: {
          en: parts.length ? parts.map((p) => `${partName(p.id).en}: ${p.because.en}`).join(" ") + g4Text.en : `no sigmoid or tanh run.${g4Text.en}`,
          zh: parts.length ? parts.map((p) => `${partName(p.id).zh}：${p.because.zh}`).join("") + g4Text.zh : `未运行 sigmoid 或 tanh。${g4Text.zh}`,
        },
        parts,
      },
    };
  },
});
