import { SGD } from "../nn/optim.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import type { ActSpec } from "./common.js";
import { buildNet, chart, defineExperiment, evaluate, finiteModel, fmt, median, pct, put, Trainer, verdictOf } from "./common.js";
import type { Summary, Verdict } from "./types.js";

interface Options {
  lrs: number[];
  maxEpochs: number;
  target: number;
  points: number;
}

interface Variant {
  readonly key: string;
  readonly name: string;
  readonly act: ActSpec;
}

/** σ, σ − ½ (the same slope, centred) and tanh = 2σ(2x) − 1 (centred and 4× steeper at 0). */
const VARIANTS: readonly Variant[] = [
  { key: "sigmoid", name: "σ", act: { id: "sigmoid" } },
  { key: "sigmoid-centred", name: "σ − ½", act: { id: "sigmoid", centred: true } },
  { key: "tanh", name: "tanh", act: { id: "tanh" } },
];

interface VariantRun {
  /** Share of (sample, unit) gradient rows of layer 2 whose 32 entries all have one sign, at init. */
  sameSign: number;
  /** Epochs to the target training error at each learning rate (null: not within maxEpochs). */
  epochs: (number | null)[];
}

type SeedRun = Record<string, VariantRun>;

const HIDDEN = [32, 32];

/** Per-sample gradient rows of the second hidden layer's weights, on every training point. */
function sameSignShare(net: ReturnType<typeof buildNet>, x: Float32Array, labels: Int32Array): number {
  const w2 = net.hidden[1];
  const m = w2.inputs;
  const k = w2.outputs;
  let same = 0;
  let rows = 0;
  for (let r = 0; r < labels.length; r++) {
    const logits = net.model.forward(x.subarray(2 * r, 2 * r + 2));
    // Gradient of softmax cross-entropy for one sample: softmax − onehot.
    const mx = Math.max(logits[0], logits[1]);
    const e0 = Math.exp(logits[0] - mx);
    const e1 = Math.exp(logits[1] - mx);
    const g = new Float32Array([e0 / (e0 + e1) - (labels[r] === 0 ? 1 : 0), e1 / (e0 + e1) - (labels[r] === 1 ? 1 : 0)]);
    net.model.zeroGrad();
    net.model.backward(g);
    const gw = w2.weight.grad;
    for (let j = 0; j < k; j++) {
      let pos = 0;
      let neg = 0;
      for (let i = 0; i < m; i++) {
        const v = gw[i * k + j];
        if (v > 0) pos++;
        else if (v < 0) neg++;
      }
      if (pos + neg === 0) continue;
      rows++;
      if (pos === 0 || neg === 0) same++;
    }
  }
  return rows ? same / rows : NaN;
}

/** Median epochs with "not reached" counted as maxEpochs + 1 (a censored value, so a median over seeds is still defined). */
function censored(v: (number | null)[], max: number): number[] {
  return v.map((e) => e ?? max + 1);
}

export const zeroCentred = defineExperiment<Options, SeedRun>({
  id: "zero-centred",
  title: { en: "Zero-centred outputs: σ against σ − ½ and tanh", zh: "零均值输出：σ、σ − ½ 与 tanh 的对比" },
  claim: {
    article: "解决了的Sigmoid函数输出不是0均值的问题（tanh 优点 1）；收敛速度较慢（sigmoid 缺点 2）",
    en: "Because sigmoid's outputs are all positive, the weight gradients into a unit share one sign and updates zig-zag, so training is slower than with a zero-centred function.",
    zh: "由于 sigmoid 的输出全为正，进入同一单元的权重梯度同号，更新呈锯齿形，因此训练比零均值的函数慢。",
    functions: ["sigmoid", "tanh"],
  },
  options: [
    { name: "lrs", type: "list", default: [0.1, 0.3, 1], quick: [0.3], min: 1e-6, max: 100, description: { en: "SGD learning rates tried (the best per function counts)", zh: "尝试的 SGD 学习率（每个函数取最好的）" } },
    { name: "maxEpochs", type: "integer", default: 120, quick: 30, min: 1, max: 5000, description: { en: "epochs before a run counts as not reaching the target", zh: "超过此轮数视为未达到目标" } },
    { name: "target", type: "number", default: 0.05, min: 0, max: 0.5, description: { en: "training error to reach", zh: "要达到的训练误差" } },
    { name: "points", type: "integer", default: 200, quick: 100, min: 20, max: 5000, description: { en: "moons points (per-sample SGD)", zh: "moons 数据点数（逐样本 SGD）" } },
  ],
  seeds: { default: 3, quick: 2 },
  units: (o) => VARIANTS.length * o.lrs.length,
  async seed(o, seed, t) {
    const data = makeDataset("moons", { n: o.points, seed });
    const x = Float32Array.from(data.x);
    const out: SeedRun = {};
    for (const [v, variant] of VARIANTS.entries()) {
      const fresh = () => buildNet({ inputs: 2, hidden: HIDDEN, outputs: 2, act: variant.act, init: "xavier", rng: createRng(seed, 10 + v), dtype: "float32" });
      const sameSign = sameSignShare(fresh(), x, data.labels);
      const epochs: (number | null)[] = [];
      for (const lr of o.lrs) {
        // The same initial weights at every learning rate.
        const net = fresh();
        const trainer = new Trainer(net.model, new SGD(net.model.params, { lr }), x, data.labels, 2, 2, 1, createRng(seed, 50 + v));
        let reached: number | null = null;
        for (let e = 1; e <= o.maxEpochs && reached === null; e++) {
          await trainer.epochPolling(t);
          if (!finiteModel(net.model)) break;
          if (1 - evaluate(net.model, x, data.labels, 2).accuracy <= o.target) reached = e;
          await t.poll();
        }
        epochs.push(reached);
        await t.advance(`${variant.key}, lr ${lr}`);
      }
      out[variant.key] = { sameSign, epochs };
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const best: Record<string, { epochs: number; lr: number }> = {};
    for (const v of VARIANTS) {
      put(summary, `${v.key}.sameSign`, perSeed.map((s) => s[v.key].sameSign));
      let b = { epochs: Infinity, lr: NaN };
      o.lrs.forEach((lr, k) => {
        const values = perSeed.map((s) => censored(s[v.key].epochs, o.maxEpochs)[k]);
        const sm = put(summary, `${v.key}.lr${lr}.epochs`, values);
        put(summary, `${v.key}.lr${lr}.reached`, [perSeed.filter((s) => s[v.key].epochs[k] !== null).length / perSeed.length]);
        if (sm && sm.median < b.epochs) b = { epochs: sm.median, lr };
      });
      best[v.key] = b;
      summary[`${v.key}.bestEpochs`] = { median: b.epochs, min: b.epochs, max: b.epochs };
    }
    const ss = (k: string) => median(perSeed.map((s) => s[k].sameSign));
    const premise = ss("sigmoid") >= 0.9 && ss("sigmoid-centred") <= 0.1 && ss("tanh") <= 0.1;
    const centring = best.sigmoid.epochs / best["sigmoid-centred"].epochs;
    const slope = best["sigmoid-centred"].epochs / best.tanh.epochs;
    const effect = centring >= 1.5;
    const verdict: Verdict = premise ? (effect ? "holds" : "mixed") : "does-not-hold";
    const cap = (e: number) => (e > o.maxEpochs ? `>${o.maxEpochs}` : fmt(e));
    const figures = [
      chart({
        id: "zero-centred-epochs",
        title: { en: `Epochs to ${pct(o.target)} training error on moons (median over seeds; ${o.maxEpochs + 1} = not reached)`, zh: `moons 上训练误差降到 ${pct(o.target)} 所需轮数（各种子中位数；${o.maxEpochs + 1} 表示未达到）` },
        x: { label: { en: "learning rate (log)", zh: "学习率（对数）" }, log: true },
        y: { label: { en: "epochs (log)", zh: "轮数（对数）" }, log: true },
        series: VARIANTS.map((v) => ({
          name: v.name,
          ...(v.key === "tanh" ? { id: "tanh" } : v.key === "sigmoid" ? { id: "sigmoid" } : {}),
          ...(v.key === "sigmoid-centred" ? { dash: "6 3" } : {}),
          points: o.lrs.map((lr, k) => {
            const vals = perSeed.map((s) => censored(s[v.key].epochs, o.maxEpochs)[k]);
            return { x: lr, y: median(vals), ...(perSeed.length > 1 ? { lo: Math.min(...vals), hi: Math.max(...vals) } : {}) };
          }),
        })),
        rules: [{ y: o.maxEpochs + 1, label: { en: "not reached", zh: "未达到" } }],
      }),
    ];
    return {
      summary,
      figures,
      verdict: verdictOf(
        verdict,
        {
          en: "The premise holds when ≥ 90% of σ's per-sample gradient rows (layer 2, at init) are single-signed and ≤ 10% for σ − ½ and tanh; the effect when centring alone (σ → σ − ½, same slope) cuts the median epochs to target at the best learning rate by ≥ 1.5×. Holds: both; mixed: the premise only; does not hold: no premise.",
          zh: "前提成立：初始化时 σ 第 2 层逐样本梯度行中 ≥ 90% 同号，而 σ − ½ 与 tanh ≤ 10%；效果成立：仅做零均值化（σ → σ − ½，斜率不变）使最佳学习率下达到目标的轮数中位数减少 ≥ 1.5 倍。两者都成立为成立；只有前提为部分成立；前提不成立为不成立。",
        },
        {
          en: `single-signed rows: σ ${pct(ss("sigmoid"))}, σ − ½ ${pct(ss("sigmoid-centred"))}, tanh ${pct(ss("tanh"))}; best median epochs: σ ${cap(best.sigmoid.epochs)} (lr ${best.sigmoid.lr}), σ − ½ ${cap(best["sigmoid-centred"].epochs)} (lr ${best["sigmoid-centred"].lr}), tanh ${cap(best.tanh.epochs)} (lr ${best.tanh.lr}); centring ${fmt(centring)}×, tanh's slope a further ${fmt(slope)}×.`,
          zh: `同号梯度行：σ ${pct(ss("sigmoid"))}，σ − ½ ${pct(ss("sigmoid-centred"))}，tanh ${pct(ss("tanh"))}；最佳轮数中位数：σ ${cap(best.sigmoid.epochs)}（学习率 ${best.sigmoid.lr}），σ − ½ ${cap(best["sigmoid-centred"].epochs)}（学习率 ${best["sigmoid-centred"].lr}），tanh ${cap(best.tanh.epochs)}（学习率 ${best.tanh.lr}）；零均值化加速 ${fmt(centring)} 倍，tanh 的斜率再加速 ${fmt(slope)} 倍。`,
        },
      ),
    };
  },
});
