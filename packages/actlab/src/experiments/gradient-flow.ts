import { activations } from "../activations/registry.js";
import { softmaxCrossEntropy } from "../nn/loss.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, combine, backwardPolling, curveFunctions, defineExperiment, fmt, forwardAllPolling, functionChart, functionsOption, median, put, range, recommendedInit, verdictOf } from "./common.js";
import type { Summary } from "./types.js";

interface Options {
  depth: number;
  width: number;
  batch: number;
  functions: string[];
}

interface FunctionRun {
  init: string;
  /** Standard deviation of each hidden layer's activations (over units and samples). */
  std: number[];
  /** ‖∂L/∂W_l‖_F of each hidden layer. */
  grad: number[];
  /** grad[0] / grad[depth − 1]. */
  ratio: number;
}

type SeedRun = Record<string, FunctionRun>;

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

/**
 * E1: one forward and backward pass at initialisation. float64 on purpose: sigmoid's first-layer
 * gradient is ~10⁻³¹ of the top layer's at depth 50, below what float32 keeps for deeper nets.
 */
/** Digits as subscripts (W₅₀). */
const sub = (n: number): string => String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);

export const gradientFlow = defineExperiment<Options, SeedRun>({
  id: "gradient-flow",
  title: { en: "Signal and gradient flow at initialisation", zh: "初始化时信号与梯度的传播" },
  claim: {
    article: "梯度消失: 当输入趋近 0 和 1 的时候，变化率基本为常数，即变化非常小，进而导致梯度接近于 0，无法执行反向传播（sigmoid 缺点 1；tanh 缺点 1：梯度消失问题仍然存在；ReLU 优点 1：解决了梯度消失问题）",
    en: "In a deep network, sigmoid and tanh make the gradient of the first layers vanish compared with the last; ReLU does not.",
    zh: "在深层网络中，sigmoid 和 tanh 会使前几层的梯度相对最后几层消失；ReLU 不会。",
    functions: ["sigmoid", "tanh", "relu"],
  },
  options: [
    { name: "depth", type: "integer", default: 50, quick: 10, min: 2, max: 500, description: { en: "hidden layers", zh: "隐藏层数" } },
    { name: "width", type: "integer", default: 128, quick: 32, min: 2, max: 1024, description: { en: "units per hidden layer (also the input dimension)", zh: "每个隐藏层的单元数（也是输入维数）" } },
    { name: "batch", type: "integer", default: 256, quick: 64, min: 2, max: 8192, description: { en: "inputs drawn from N(0, I)", zh: "从 N(0, I) 抽取的输入个数" } },
    functionsOption(),
  ],
  seeds: { default: 3, quick: 2 },
  units: (o) => o.functions.length,
  async seed(o, seed, t) {
    const { depth, width, batch } = o;
    const data = createRng(seed, 0);
    const x = new Float64Array(batch * width).map(() => data.normal());
    const labels = Int32Array.from({ length: batch }, () => data.int(0, 9));
    const out: SeedRun = {};
    for (const id of o.functions) {
      // One stream per function (its place in the registry), so a function's weights do not
      // depend on which other functions are compared.
      const rng = createRng(seed, 1 + activations.findIndex((a) => a.id === id));
      const init = recommendedInit(id);
      const net = buildNet({ inputs: width, hidden: Array(depth).fill(width), outputs: 10, act: { id }, init, rng, dtype: "float64" });
      const outs = await forwardAllPolling(net.model, x, t);
      const { grad } = softmaxCrossEntropy(outs[outs.length - 1], labels, 10);
      net.model.zeroGrad();
      await backwardPolling(net.model, grad, t);
      const std = range(depth).map((l) => stdOf(outs[2 * l + 1]));
      const g = net.hidden.map((d) => norm(d.weight.grad));
      out[id] = { init, std, grad: g, ratio: g[0] / g[depth - 1] };
      await t.advance(id);
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, number>> = {};
    for (const id of o.functions) {
      const ratio = put(summary, `${id}.gradRatio`, perSeed.map((s) => s[id].ratio));
      const std = put(summary, `${id}.stdAtDepth`, perSeed.map((s) => s[id].std[o.depth - 1]));
      put(summary, `${id}.gradFirst`, perSeed.map((s) => s[id].grad[0]));
      put(summary, `${id}.gradLast`, perSeed.map((s) => s[id].grad[o.depth - 1]));
      table[id] = {};
      if (ratio) table[id].gradientRatio = ratio.median;
      if (std) table[id].signalStd = std.median;
    }
    const layers = range(o.depth, 1);
    const series = (key: "std" | "grad") =>
      curveFunctions(o.functions).map((id) => ({ name: `${id} (${perSeed[0][id].init})`, id, points: bandPoints(layers, perSeed.map((s) => s[id][key]), true) }));
    const figures = [
      chart({
        id: "gradient-flow-grad",
        title: { en: `Weight-gradient norm per layer at initialisation (depth ${o.depth}, width ${o.width})`, zh: `初始化时各层权重梯度的范数（深度 ${o.depth}，宽度 ${o.width}）` },
        x: { label: { en: "hidden layer", zh: "隐藏层" } },
        y: { label: { en: "‖∂L/∂W‖ (log)", zh: "‖∂L/∂W‖（对数）" }, log: true },
        series: series("grad"),
      }),
      chart({
        id: "gradient-flow-std",
        title: { en: "Standard deviation of each layer's activations at initialisation", zh: "初始化时各层激活值的标准差" },
        x: { label: { en: "hidden layer", zh: "隐藏层" } },
        y: { label: { en: "std of activations (log)", zh: "激活值标准差（对数）" }, log: true },
        series: series("std"),
        rules: [{ y: 1, label: { en: "std 1", zh: "标准差 1" } }],
      }),
      functionChart({
        id: "gradient-flow-ratio",
        title: { en: `Gradient ratio ‖∂L/∂W₁‖ / ‖∂L/∂W${sub(o.depth)}‖ at initialisation, every function (its recommended init)`, zh: `初始化时的梯度比 ‖∂L/∂W₁‖ / ‖∂L/∂W${sub(o.depth)}‖，所有函数（各用推荐初始化）` },
        y: { label: { en: "layer 1 ÷ top (log)", zh: "第 1 层 ÷ 最高层（对数）" }, log: true },
        functions: o.functions,
        series: [{ name: "ratio", label: { en: "ratio", zh: "比值" }, values: (id: string) => perSeed.map((s) => s[id].ratio) }],
        rules: [{ y: 1 }],
        positiveOnly: true,
      }),
    ];
    const ratioOf = (id: string) => median(perSeed.map((s) => s[id]?.ratio ?? NaN));
    const reference = o.functions.includes("relu") ? ratioOf("relu") : 1;
    const refName = o.functions.includes("relu") ? { en: "ReLU's", zh: "ReLU 的" } : { en: "1", zh: "1" };
    const tested = ["sigmoid", "tanh"].filter((id) => o.functions.includes(id));
    const passes = tested.map((id) => ratioOf(id) <= reference / 100);
    const verdict = tested.length === 0 ? "mixed" : combine(passes);
    const words = tested.map((id, k) => `${id} ${fmt(ratioOf(id))}${passes[k] ? "" : " (not)"}`);
    return {
      summary,
      table,
      figures,
      verdict: verdictOf(
        verdict,
        {
          en: `The gradient vanishes for a function when its median ratio ‖∂L/∂W₁‖/‖∂L/∂W_${o.depth}‖ is at least 100× below ${refName.en}. Holds: sigmoid and tanh both; mixed: one of them; does not hold: neither (mixed when neither is run).`,
          zh: `若某函数的比值 ‖∂L/∂W₁‖/‖∂L/∂W_${o.depth}‖ 的中位数比 ${refName.zh}小至少 100 倍，即判定其梯度消失。sigmoid 与 tanh 都消失则成立；只有一个则部分成立；都不消失则不成立（都未运行时为部分成立）。`,
        },
        {
          en: `median ratio at depth ${o.depth}: ${words.join(", ") || "no sigmoid or tanh run"}; ReLU ${fmt(o.functions.includes("relu") ? ratioOf("relu") : NaN)}.`,
          zh: `深度 ${o.depth} 处比值中位数：${words.map((w) => w.replace("(not)", "（未消失）")).join("，") || "未运行 sigmoid 或 tanh"}；ReLU ${fmt(o.functions.includes("relu") ? ratioOf("relu") : NaN)}。`,
        },
      ),
    };
  },
});
