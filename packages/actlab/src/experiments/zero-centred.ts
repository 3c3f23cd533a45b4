import { SGD } from "../nn/optim.js";
import { makeDataset } from "../train/datasets.js";
import { createRng } from "../train/rng.js";
import type { ActSpec } from "./common.js";
import type { Bi } from "../plot/chart.js";
import { buildNet, chart, ciPoints, combineVerdicts, decide, defineExperiment, enoughSeeds, evaluate, finiteModel, fmt, paired, part, pct, put, statBi, Trainer, VERDICT_TEXT, verdictOf } from "./common.js";
import type { Summary, Verdict, VerdictPart } from "./types.js";

/** Both parts: the slower one needs at least this many times the epochs (a ratio paired by seed). */
export const RATIO = 1.5;

const NAME: Readonly<Record<string, string>> = { sigmoid: "σ", "sigmoid-centred": "σ − ½", tanh: "tanh" };

const PART_NAME: Readonly<Record<string, Bi>> = {
  "centring-alone": { en: "centring alone speeds training", zh: "仅零均值化即加快训练" },
  "sigmoid-slower-than-tanh": { en: "σ slower than tanh", zh: "σ 比 tanh 慢" },
};

const QUANTITIES = {
  sameSign: {
    label: { en: "single-signed gradient rows, layer 2 at init (by construction for σ: σ′ > 0, σ > 0)", zh: "第 2 层初始化时同号的梯度行（对 σ 按构造成立：σ′ > 0，σ > 0）" },
    unit: { en: "share", zh: "比例" },
  },
  epochs: { label: { en: "epochs to the target training error (not reached: max + 1)", zh: "训练误差达到目标所需轮数（未达到记为上限 + 1）" }, unit: { en: "epochs", zh: "轮" } },
  reached: { label: { en: "reached the target (1) or not (0)", zh: "是否达到目标（1 为达到，0 为未达到）" } },
  epochsRatio: { label: { en: "ratio of epochs to the target (paired)", zh: "达到目标所需轮数之比（配对）" }, unit: { en: "×", zh: "倍" } },
} as const;

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
  /** Per learning rate: the weights stopped being finite (the run counts as diverged, not as "not reached"). */
  diverged?: boolean[];
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
    { name: "lrs", type: "list", default: [0.03, 0.1, 0.3, 1, 3], quick: [0.1, 1], min: 1e-6, max: 100, description: { en: "SGD learning rates tried (the best per function counts)", zh: "尝试的 SGD 学习率（每个函数取最好的）" } },
    { name: "maxEpochs", type: "integer", default: 120, quick: 30, min: 1, max: 5000, description: { en: "epochs before a run counts as not reaching the target", zh: "超过此轮数视为未达到目标" } },
    { name: "target", type: "number", default: 0.05, quick: 0.15, min: 0, max: 0.5, description: { en: "training error to reach", zh: "要达到的训练误差" } },
    { name: "points", type: "integer", default: 200, quick: 100, min: 20, max: 5000, description: { en: "moons points (per-sample SGD)", zh: "moons 数据点数（逐样本 SGD）" } },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => VARIANTS.length * o.lrs.length,
  // One unit per variant and learning rate: every rate starts from the variant's initial weights.
  parts: (o) => VARIANTS.flatMap((v) => o.lrs.map((lr) => `${v.key}@lr${lr}`)),
  async seed(o, seed, t) {
    const data = makeDataset("moons", { n: o.points, seed });
    const x = Float32Array.from(data.x);
    const out: SeedRun = {};
    for (const [v, variant] of VARIANTS.entries()) {
      if (!o.lrs.some((lr) => t.wants(`${variant.key}@lr${lr}`))) continue;
      const fresh = () => buildNet({ inputs: 2, hidden: HIDDEN, outputs: 2, act: variant.act, init: "xavier", rng: createRng(seed, 10 + v), dtype: "float32" });
      const sameSign = sameSignShare(fresh(), x, data.labels);
      const epochs: (number | null)[] = [];
      const diverged: boolean[] = [];
      for (const [i, lr] of o.lrs.entries()) {
        if (!t.wants(`${variant.key}@lr${lr}`)) continue;
        // The same initial weights at every learning rate.
        const net = fresh();
        const trainer = new Trainer(net.model, new SGD(net.model.params, { lr }), x, data.labels, 2, 2, 1, createRng(seed, 50 + v));
        let reached: number | null = null;
        let lost = false;
        for (let e = 1; e <= o.maxEpochs && reached === null; e++) {
          await trainer.epochPolling(t);
          if (trainer.diverged || !finiteModel(net.model)) {
            lost = true;
            break;
          }
          if (1 - evaluate(net.model, x, data.labels, 2).accuracy <= o.target) reached = e;
          await t.poll();
        }
        epochs[i] = reached;
        diverged[i] = lost;
        await t.advance(`${variant.key}, lr ${lr}`);
      }
      out[variant.key] = { sameSign, epochs, diverged };
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const rows: Record<string, Bi> = {};
    const n = perSeed.length;
    const values = (key: string, k: number) => perSeed.map((s) => (s[key].diverged?.[k] ? NaN : censored(s[key].epochs, o.maxEpochs)[k]));
    const best: Record<string, { k: number; lr: number; s: Summary }> = {};
    for (const v of VARIANTS) {
      rows[v.key] = { en: v.name, zh: v.name };
      put(summary, `${v.key}.sameSign`, perSeed.map((s) => s[v.key].sameSign));
      let b: { k: number; lr: number; s: Summary } | undefined;
      o.lrs.forEach((lr, k) => {
        const row = `${v.key}@${lr}`;
        rows[row] = { en: `${v.name}, lr ${lr}`, zh: `${v.name}，学习率 ${lr}` };
        const sm = put(summary, `${row}.epochs`, values(v.key, k));
        put(summary, `${row}.reached`, perSeed.map((s) => (s[v.key].diverged?.[k] ? NaN : s[v.key].epochs[k] === null ? 0 : 1)));
        // The best rate: the least median among rates where ≥ 80 % of the seeds finished.
        if (enoughSeeds(sm) && (!b || sm.median < b.s.median)) b = { k, lr, s: sm };
      });
      if (b) best[v.key] = b;
    }
    const parts: VerdictPart[] = [];
    const more = (v: Verdict): Bi => (v === "inconclusive" ? { en: "; more seeds or a larger scale would decide", zh: "；更多种子或更大规模才能判定" } : { en: "", zh: "" });
    const cap = (s: Summary | undefined): Bi => statBi(s, (e) => (e > o.maxEpochs ? `>${o.maxEpochs}` : fmt(e)));
    const compare = (id: string, slow: string, fast: string, claim: Bi): void => {
      const a = best[slow];
      const b = best[fast];
      const names = `${NAME[slow]} / ${NAME[fast]}`;
      if (!a || !b) {
        parts.push(part(id, claim, "inconclusive", { en: `${!a ? NAME[slow] : NAME[fast]} finished on < 80 % of the seeds at every rate; more seeds or rates would decide.`, zh: `${!a ? NAME[slow] : NAME[fast]} 在每个学习率下完成的种子都不到 80 %；更多种子或学习率才能判定。` }));
        return;
      }
      // A seed where neither reached the target within maxEpochs gives no ratio (both censored): it is counted, not used.
      const va = values(slow, a.k);
      const vb = values(fast, b.k);
      const both = va.map((x, i) => x > o.maxEpochs && vb[i] > o.maxEpochs);
      const r = paired(va, vb, "ratio", `${slow}/${fast}`, both);
      const none = both.filter(Boolean).length;
      const noneBi: Bi = none ? { en: ` (${none} of ${n} seeds: neither reached the target, no ratio)`, zh: `（${n} 个种子中 ${none} 个两者都未达到目标，没有比值）` } : { en: "", zh: "" };
      const row = `${slow}/${fast}`;
      rows[row] = { en: `${names}, each at its best rate (paired by seed)`, zh: `${names}，各取最佳学习率（按种子配对）` };
      summary[`${row}.epochsRatio`] = r;
      const v = decide(r, "≥", RATIO);
      parts.push(
        part(id, claim, v, {
          en: `median epochs to the target: ${NAME[slow]} ${cap(a.s).en} (lr ${a.lr}), ${NAME[fast]} ${cap(b.s).en} (lr ${b.lr}); ${NAME[slow]} needs ${statBi(r).en} times the epochs of ${NAME[fast]}${noneBi.en}${more(v).en}.`,
          zh: `达到目标的轮数中位数：${NAME[slow]} ${cap(a.s).zh}（学习率 ${a.lr}），${NAME[fast]} ${cap(b.s).zh}（学习率 ${b.lr}）；${NAME[slow]} 所需轮数为 ${NAME[fast]} 的 ${statBi(r).zh} 倍${noneBi.zh}${more(v).zh}。`,
        }),
      );
    };
    compare(
      "centring-alone",
      "sigmoid",
      "sigmoid-centred",
      {
        en: `Centring alone (σ → σ − ½, the same slope) speeds training: σ needs ≥ ${RATIO}× the epochs of σ − ½ to the target, each at its best rate, paired by seed`,
        zh: `仅做零均值化（σ → σ − ½，斜率不变）就能加快训练：各取最佳学习率、按种子配对，σ 达到目标所需的轮数至少为 σ − ½ 的 ${RATIO} 倍`,
      },
    );
    compare(
      "sigmoid-slower-than-tanh",
      "sigmoid",
      "tanh",
      {
        en: `Sigmoid converges more slowly than tanh: σ needs ≥ ${RATIO}× the epochs of tanh to the target, each at its best rate, paired by seed`,
        zh: `sigmoid 收敛比 tanh 慢：各取最佳学习率、按种子配对，σ 达到目标所需的轮数至少为 tanh 的 ${RATIO} 倍`,
      },
    );
    const ss = (k: string) => statBi(summary[`${k}.sameSign`], pct);
    const figures = [
      chart({
        id: "zero-centred-epochs",
        title: {
          en: `Epochs to ${pct(o.target)} training error on moons (median and 95 % interval over ${n} seeds; ${o.maxEpochs + 1} = not reached)`,
          zh: `moons 上训练误差降到 ${pct(o.target)} 所需轮数（${n} 个种子的中位数与 95 % 区间；${o.maxEpochs + 1} 表示未达到）`,
        },
        x: { label: { en: "learning rate (log)", zh: "学习率（对数）" }, log: true },
        y: { label: { en: "epochs (log)", zh: "轮数（对数）" }, log: true },
        series: VARIANTS.map((v) => ({
          name: v.name,
          ...(v.key === "tanh" ? { id: "tanh" } : v.key === "sigmoid" ? { id: "sigmoid" } : {}),
          ...(v.key === "sigmoid-centred" ? { group: "sigmoid", dash: "6 3" } : {}),
          points: ciPoints(o.lrs, perSeed.map((_, i) => o.lrs.map((_lr, k) => values(v.key, k)[i])), `zero-centred:${v.key}`),
        })),
        rules: [{ y: o.maxEpochs + 1, label: { en: "not reached", zh: "未达到" } }],
      }),
    ];
    return {
      summary,
      quantities: QUANTITIES,
      rows,
      figures,
      verdict: {
        ...verdictOf(
          combineVerdicts(parts.map((x) => x.verdict)),
          {
            en: `Epochs to ${pct(o.target)} training error on moons (per-sample SGD; a run that does not reach it within ${o.maxEpochs} epochs counts as ${o.maxEpochs + 1}, a lower bound; a diverged run is left out and counted), each function at the rate with the least median among those where ≥ 80 % of the seeds finished; decided on the 95 % bootstrap interval of the ratio paired by seed over ${n} seeds: (a) σ / (σ − ½) ≥ ${RATIO} (centring alone, the same slope); (b) σ / tanh ≥ ${RATIO}. Holds: both hold; mixed: they differ. The share of single-signed gradient rows is shown, not judged: σ′ > 0 and σ > 0 make σ's rows single-signed by construction.`,
            zh: `moons 上训练误差降到 ${pct(o.target)} 所需的轮数（逐样本 SGD；${o.maxEpochs} 轮内未达到记为 ${o.maxEpochs + 1}，是下界；发散的运行不计入但会计数），每个函数取至少 80 % 种子完成的学习率中中位数最小的那个；以 ${n} 个种子按种子配对比值的 95 % 自助法区间判定：（a）σ / (σ − ½) ≥ ${RATIO}（仅零均值化，斜率不变）；（b）σ / tanh ≥ ${RATIO}。两者都成立为成立；结论不同为部分成立。同号梯度行的比例只作展示、不作判定：σ′ > 0 且 σ > 0，σ 的梯度行按构造必然同号。`,
          },
          {
            en: `${parts.map((x) => `${PART_NAME[x.id].en}: ${VERDICT_TEXT[x.verdict].en}`).join("; ")}; single-signed gradient rows (by construction for σ): σ ${ss("sigmoid").en}, σ − ½ ${ss("sigmoid-centred").en}, tanh ${ss("tanh").en}.`,
            zh: `${parts.map((x) => `${PART_NAME[x.id].zh}：${VERDICT_TEXT[x.verdict].zh}`).join("；")}；同号梯度行（对 σ 按构造成立）：σ ${ss("sigmoid").zh}，σ − ½ ${ss("sigmoid-centred").zh}，tanh ${ss("tanh").zh}。`,
          },
        ),
        parts,
      },
    };
  },
});
