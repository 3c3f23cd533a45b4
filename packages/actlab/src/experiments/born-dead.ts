import { relu } from "../activations/relu.js";
import { createRng, type Rng } from "../train/rng.js";
import { chart, combine, defineExperiment, fmt, median, put, verdictOf } from "./common.js";
import type { Summary } from "./types.js";

interface Options {
  widths: number[];
  depths: number[];
  nets: number;
  bias: string;
}

/** P(born dead) per cell: fraction[w][d] for widths[w], depths[d]. */
type SeedRun = number[][];

const GRID = 41;

/**
 * 1 − (1 − 2^−N)^L: the chance that a bias-free ReLU net of L layers of N units is dead at one given input.
 *
 * @example
 * bornDeadAtOneInput(1, 10);    // 0.9990234375: one unit per layer, ten chances to die
 * bornDeadAtOneInput(16, 10);   // 0.000152577… (16 units per layer: each layer dies with chance 2^−16)
 */
export function bornDeadAtOneInput(width: number, depth: number): number {
  return 1 - (1 - 2 ** -width) ** depth;
}

/**
 * One random net of `depth` ReLU layers of `width` units (He-normal weights) on GRID inputs in
 * [−1, 1]: dead when some layer is 0 at every input (the output is then constant). The loop is
 * written out rather than built from actlab/nn layers because millions of tiny nets are drawn
 * and only the forward pass is needed; the activation is the registry's relu.
 */
function bornDead(rng: Rng, width: number, depth: number, biased: boolean): boolean {
  let fanIn = 1;
  let h = new Float64Array(GRID);
  for (let i = 0; i < GRID; i++) h[i] = -1 + (2 * i) / (GRID - 1);
  const w = new Float64Array(width * width);
  const b = new Float64Array(width);
  for (let l = 0; l < depth; l++) {
    const sd = Math.sqrt(2 / fanIn);
    for (let i = 0; i < fanIn * width; i++) w[i] = sd * rng.normal();
    for (let j = 0; j < width; j++) b[j] = biased ? rng.normal() : 0;
    const z = new Float64Array(GRID * width);
    for (let r = 0; r < GRID; r++) {
      for (let j = 0; j < width; j++) {
        let s = b[j];
        for (let i = 0; i < fanIn; i++) s += h[r * fanIn + i] * w[i * width + j];
        z[r * width + j] = s;
      }
    }
    h = relu.forward(z);
    let alive = false;
    for (let i = 0; i < h.length && !alive; i++) alive = h[i] > 0;
    if (!alive) return true;
    fanIn = width;
  }
  return false;
}

export const bornDeadExperiment = defineExperiment<Options, SeedRun>({
  id: "born-dead",
  title: { en: "Deep, narrow ReLU nets born dead (Lu et al.)", zh: "深而窄的 ReLU 网络在初始化时即死亡（Lu 等）" },
  claim: {
    article: "存在Dead Relu问题, 某些神经元可能永远不会被激活, 导致无法更新梯度（ReLU 缺点 2）",
    en: "A deep, narrow ReLU net is likely to be dead at initialisation — some layer outputs zero for every input — and the chance grows with depth and falls with width.",
    zh: "深而窄的 ReLU 网络在初始化时很可能已经死亡（某一层对所有输入都输出 0），且概率随深度增加、随宽度减小。",
    functions: ["relu"],
  },
  options: [
    { name: "widths", type: "list", integer: true, default: [2, 3, 4, 5, 8, 10], quick: [2, 3, 5], min: 1, max: 64, description: { en: "units per layer", zh: "每层单元数" } },
    { name: "depths", type: "list", integer: true, default: [2, 5, 10, 20, 50], quick: [2, 10, 20], min: 1, max: 500, description: { en: "hidden layers", zh: "隐藏层数" } },
    { name: "nets", type: "integer", default: 1000, quick: 200, min: 10, max: 100000, description: { en: "random nets per cell and seed", zh: "每格每个种子的随机网络数" } },
    { name: "bias", type: "string", default: "zero", choices: ["zero", "normal"], description: { en: "biases: zero, or drawn from N(0, 1)", zh: "偏置：为 0，或从 N(0, 1) 抽取" } },
  ],
  seeds: { default: 3, quick: 1 },
  units: (o) => o.widths.length * o.depths.length,
  async seed(o, seed, t) {
    const out: SeedRun = [];
    for (const [wi, width] of o.widths.entries()) {
      const row: number[] = [];
      for (const [di, depth] of o.depths.entries()) {
        const rng = createRng(seed, 1 + wi * o.depths.length + di);
        let dead = 0;
        for (let k = 0; k < o.nets; k++) {
          if (bornDead(rng, width, depth, o.bias === "normal")) dead++;
          if (k % 64 === 63) await t.poll();
        }
        row.push(dead / o.nets);
        await t.advance(`width ${width}, depth ${depth}`);
      }
      out.push(row);
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const p = o.widths.map((_, wi) => o.depths.map((_, di) => median(perSeed.map((s) => s[wi][di]))));
    o.widths.forEach((w, wi) =>
      o.depths.forEach((d, di) => {
        put(summary, `w${w}.d${d}`, perSeed.map((s) => s[wi][di]));
        const f = bornDeadAtOneInput(w, d);
        summary[`w${w}.d${d}.formula`] = { median: f, min: f, max: f };
      }),
    );
    const depthsSorted = [...o.depths].sort((a, b) => a - b);
    const order = depthsSorted.map((d) => o.depths.indexOf(d));
    const narrow = o.widths.indexOf(Math.min(...o.widths));
    const deepest = order[order.length - 1];
    // Monte-Carlo slack: 3 standard errors at p = ½ for the pooled nets.
    const slack = 3 * Math.sqrt(0.25 / (o.nets * perSeed.length));
    const rises = p.every((row) => order.every((di, k) => k === 0 || row[di] >= row[order[k - 1]] - slack));
    const dies = p[narrow][deepest] >= 0.5;
    const underBound = p.every((row, wi) => row.every((v, di) => v <= bornDeadAtOneInput(o.widths[wi], o.depths[di]) + slack));
    const figures = [
      chart({
        id: "born-dead-depth",
        title: { en: "P(a ReLU net is dead at init); dashed: 1 − (1 − 2⁻ᴺ)ᴸ", zh: "ReLU 网络初始化即死亡的概率；虚线：1 − (1 − 2⁻ᴺ)ᴸ" },
        x: { label: { en: "depth L (log)", zh: "深度 L（对数）" }, log: true },
        y: { label: { en: "P(born dead)", zh: "P（初始即死亡）" }, domain: [0, 1] },
        series: o.widths.flatMap((w, wi) => [
          {
            name: `N = ${w}`,
            label: { en: `N = ${w}, measured`, zh: `N = ${w}，实测` },
            group: `N${w}`,
            points: order.map((di) => {
              const v = perSeed.map((s) => s[wi][di]);
              return { x: o.depths[di], y: p[wi][di], ...(perSeed.length > 1 ? { lo: Math.min(...v), hi: Math.max(...v) } : {}) };
            }),
          },
          { name: `N = ${w}, one input`, label: { en: `N = ${w}, one-input formula`, zh: `N = ${w}，单输入公式` }, group: `N${w}`, dash: "4 3", points: depthsSorted.map((d) => ({ x: d, y: bornDeadAtOneInput(w, d) })) },
        ]),
      }),
      chart({
        id: "born-dead-heatmap",
        title: { en: "P(born dead), width × depth", zh: "P（初始即死亡），宽度 × 深度" },
        x: { label: { en: "depth L", zh: "深度 L" } },
        y: { label: { en: "width N", zh: "宽度 N" } },
        series: [],
        heatmap: { xs: o.depths, ys: o.widths, values: p, label: { en: "P(born dead)", zh: "P（初始即死亡）" }, scheme: "sequential" },
      }),
    ];
    const w0 = o.widths[narrow];
    const d0 = o.depths[deepest];
    return {
      summary,
      figures,
      verdict: verdictOf(
        combine([rises, dies]),
        {
          en: `Two tests on the medians over seeds: P(born dead) does not fall as depth grows, for every width (within 3 Monte-Carlo standard errors, ±${fmt(slack)}); and the narrowest net (N = ${w0}) at the greatest depth (L = ${d0}) is dead with probability ≥ 0.5. Holds: both; mixed: one; does not hold: neither.`,
          zh: `对各种子的中位数做两项检验：对每个宽度，P（初始即死亡）不随深度增加而下降（在 3 个蒙特卡洛标准误 ±${fmt(slack)} 以内）；最窄网络（N = ${w0}）在最大深度（L = ${d0}）处死亡概率 ≥ 0.5。两项都通过为成立；一项为部分成立；都不通过为不成立。`,
        },
        {
          en: `P(born dead) at N = ${w0}: ${order.map((di) => `L ${o.depths[di]} ${fmt(p[narrow][di])}`).join(", ")}; ${rises ? "rises with depth for every width" : "falls with depth for some width"}; ${underBound ? "every cell is at or below" : "some cell is above"} the one-input formula.`,
          zh: `N = ${w0} 时 P（初始即死亡）：${order.map((di) => `L ${o.depths[di]} ${fmt(p[narrow][di])}`).join("，")}；${rises ? "对每个宽度都随深度上升" : "某些宽度随深度下降"}；${underBound ? "所有格都不高于" : "有格高于"}单输入公式。`,
        },
      ),
    };
  },
});
