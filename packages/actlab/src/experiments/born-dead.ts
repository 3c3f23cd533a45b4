import { relu } from "../activations/relu.js";
import { createRng, type Rng } from "../train/rng.js";
import type { Bi } from "../plot/chart.js";
import { chart, combineVerdicts, decide, defineExperiment, median, paired, part, put, statBi, VERDICT_TEXT, verdictOf } from "./common.js";
import type { Summary, Verdict, VerdictPart } from "./types.js";

/** Part (a): the narrowest, deepest net is born dead at least this often. */
export const DIES = 0.5;
/** Parts (b) and (c): P(born dead) rises with depth and falls with width by at least this much. */
export const RISE = 0.1;

const PART_ZH: Readonly<Record<string, string>> = { "narrow-deep-dies": "最窄最深网络多半死亡", "rises-with-depth": "随深度上升", "falls-with-width": "随宽度下降" };

const QUANTITIES = {
  pBornDead: { label: { en: "P(born dead), Monte Carlo", zh: "初始即死亡的概率（蒙特卡洛）" }, unit: { en: "probability", zh: "概率" } },
  upperBound: { label: { en: "upper bound (one input): 1 − (1 − 2⁻ᴺ)ᴸ", zh: "上界（单个输入）：1 − (1 − 2⁻ᴺ)ᴸ" }, unit: { en: "probability", zh: "概率" } },
  depthRise: { label: { en: "rise of P(born dead) from the smallest to the greatest depth (paired)", zh: "P（初始即死亡）从最小深度到最大深度的增量（配对）" }, unit: { en: "probability", zh: "概率" } },
  widthFall: { label: { en: "P(born dead), narrowest minus widest (paired)", zh: "P（初始即死亡）：最窄减最宽（配对）" }, unit: { en: "probability", zh: "概率" } },
} as const;

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
 * 1 − (1 − 2^−N)^L: the chance that a bias-free ReLU net of L layers of N units is dead at one given
 * input — an upper bound on being dead at every input (the dashed curve; not a result of Lu et al.).
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
  seeds: { default: 10, quick: 3 },
  units: (o) => o.widths.length * o.depths.length,
  // One unit per cell: each cell draws its nets from a stream of its own.
  parts: (o) => o.widths.flatMap((w) => o.depths.map((d) => `N${w}@L${d}`)),
  async seed(o, seed, t) {
    const out: SeedRun = [];
    for (const [wi, width] of o.widths.entries()) {
      const row: number[] = [];
      for (const [di, depth] of o.depths.entries()) {
        if (!t.wants(`N${width}@L${depth}`)) continue;
        const rng = createRng(seed, 1 + wi * o.depths.length + di);
        let dead = 0;
        for (let k = 0; k < o.nets; k++) {
          if (bornDead(rng, width, depth, o.bias === "normal")) dead++;
          if (k % 64 === 63) await t.poll();
        }
        row[di] = dead / o.nets;
        await t.advance(`width ${width}, depth ${depth}`);
      }
      out.push(row);
    }
    return out;
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const rows: Record<string, Bi> = {};
    const n = perSeed.length;
    const cell = (wi: number, di: number) => perSeed.map((s) => s[wi][di]);
    const p = o.widths.map((_, wi) => o.depths.map((_, di) => median(cell(wi, di))));
    const stats = o.widths.map((w, wi) =>
      o.depths.map((d, di) => {
        const row = `N${w}@L${d}`;
        rows[row] = { en: `N = ${w}, L = ${d}`, zh: `N = ${w}，L = ${d}` };
        const f = bornDeadAtOneInput(w, d);
        put(summary, `${row}.upperBound`, perSeed.map(() => f));
        return put(summary, `${row}.pBornDead`, cell(wi, di));
      }),
    );
    const depthsSorted = [...o.depths].sort((a, b) => a - b);
    const order = depthsSorted.map((d) => o.depths.indexOf(d));
    const narrow = o.widths.indexOf(Math.min(...o.widths));
    const wide = o.widths.indexOf(Math.max(...o.widths));
    const deepest = order[order.length - 1];
    const shallowest = order[0];
    const w0 = o.widths[narrow];
    const w1 = o.widths[wide];
    const d0 = o.depths[shallowest];
    const d1 = o.depths[deepest];
    const parts: VerdictPart[] = [];
    const more = (v: Verdict): Bi => (v === "inconclusive" ? { en: "; more seeds or nets would decide", zh: "；更多种子或网络才能判定" } : { en: "", zh: "" });
    // (a) The narrowest, deepest net is dead more often than not.
    const dies = stats[narrow][deepest];
    const vDies = decide(dies, "≥", DIES);
    parts.push(
      part(
        "narrow-deep-dies",
        { en: `The narrowest net (N = ${w0}) at the greatest depth (L = ${d1}) is born dead with probability ≥ ${DIES}`, zh: `最窄网络（N = ${w0}）在最大深度（L = ${d1}）处初始即死亡的概率 ≥ ${DIES}` },
        vDies,
        { en: `P(born dead) at N = ${w0}, L = ${d1}: ${statBi(dies).en}${more(vDies).en}.`, zh: `N = ${w0}，L = ${d1} 时 P（初始即死亡）：${statBi(dies).zh}${more(vDies).zh}。` },
      ),
    );
    // (b) It rises with depth (narrowest width), (c) and falls with width (greatest depth): paired by seed.
    if (order.length > 1) {
      const g = paired(cell(narrow, deepest), cell(narrow, shallowest), "diff", `N${w0}:depth`);
      summary[`N${w0}@L${d1}-L${d0}.depthRise`] = g;
      rows[`N${w0}@L${d1}-L${d0}`] = { en: `N = ${w0}, L = ${d1} minus L = ${d0}`, zh: `N = ${w0}，L = ${d1} 减 L = ${d0}` };
      const v = decide(g, "≥", RISE);
      parts.push(
        part(
          "rises-with-depth",
          { en: `At N = ${w0}, P(born dead) at L = ${d1} exceeds that at L = ${d0} by ≥ ${RISE} (paired by seed)`, zh: `N = ${w0} 时，L = ${d1} 的 P（初始即死亡）比 L = ${d0} 的高至少 ${RISE}（按种子配对）` },
          v,
          { en: `difference ${statBi(g).en}${more(v).en}.`, zh: `差值 ${statBi(g).zh}${more(v).zh}。` },
        ),
      );
    }
    if (o.widths.length > 1) {
      const g = paired(cell(narrow, deepest), cell(wide, deepest), "diff", `L${d1}:width`);
      summary[`N${w0}-N${w1}@L${d1}.widthFall`] = g;
      rows[`N${w0}-N${w1}@L${d1}`] = { en: `L = ${d1}, N = ${w0} minus N = ${w1}`, zh: `L = ${d1}，N = ${w0} 减 N = ${w1}` };
      const v = decide(g, "≥", RISE);
      parts.push(
        part(
          "falls-with-width",
          { en: `At L = ${d1}, P(born dead) at N = ${w0} exceeds that at N = ${w1} by ≥ ${RISE} (paired by seed)`, zh: `L = ${d1} 时，N = ${w0} 的 P（初始即死亡）比 N = ${w1} 的高至少 ${RISE}（按种子配对）` },
          v,
          { en: `difference ${statBi(g).en}${more(v).en}.`, zh: `差值 ${statBi(g).zh}${more(v).zh}。` },
        ),
      );
    }
    // Not a claim, a check: no cell's interval lies wholly above the one-input upper bound.
    const above = o.widths.flatMap((w, wi) => o.depths.filter((d, di) => stats[wi][di].ci[0] > bornDeadAtOneInput(w, d) + 1e-12).map((d) => `N ${w}, L ${d}`));
    const figures = [
      chart({
        id: "born-dead-depth",
        title: {
          en: `P(a ReLU net is dead at init), ${o.nets} nets per cell and seed (median, 95 % interval over ${n} seeds); dashed: upper bound (one input) 1 − (1 − 2⁻ᴺ)ᴸ`,
          zh: `ReLU 网络初始化即死亡的概率，每格每个种子 ${o.nets} 个网络（${n} 个种子的中位数与 95 % 区间）；虚线：上界（单个输入）1 − (1 − 2⁻ᴺ)ᴸ`,
        },
        x: { label: { en: "depth L (log)", zh: "深度 L（对数）" }, log: true },
        y: { label: { en: "P(born dead)", zh: "P（初始即死亡）" }, domain: [0, 1] },
        series: o.widths.flatMap((w, wi) => [
          {
            name: `N = ${w}`,
            label: { en: `N = ${w}, measured`, zh: `N = ${w}，实测` },
            group: `N${w}`,
            points: order.map((di) => {
              const s = stats[wi][di];
              return { x: o.depths[di], y: s.median, ...(s.n > 1 ? { lo: s.ci[0], hi: s.ci[1] } : {}) };
            }),
          },
          { name: `N = ${w}, upper bound (one input)`, label: { en: `N = ${w}, upper bound (one input)`, zh: `N = ${w}，上界（单个输入）` }, group: `N${w}`, dash: "4 3", points: depthsSorted.map((d) => ({ x: d, y: bornDeadAtOneInput(w, d) })) },
        ]),
      }),
      chart({
        id: "born-dead-heatmap",
        title: { en: "P(born dead), width × depth (median over seeds)", zh: "P（初始即死亡），宽度 × 深度（各种子的中位数）" },
        x: { label: { en: "depth L", zh: "深度 L" } },
        y: { label: { en: "width N", zh: "宽度 N" } },
        series: [],
        heatmap: { xs: o.depths, ys: o.widths, values: p, label: { en: "P(born dead)", zh: "P（初始即死亡）" }, scheme: "sequential" },
      }),
    ];
    const verdict = combineVerdicts(parts.map((x) => x.verdict));
    return {
      summary,
      quantities: QUANTITIES,
      rows,
      figures,
      verdict: {
        ...verdictOf(
          verdict,
          {
            en: `Monte Carlo: each seed draws ${o.nets} random nets per width N and depth L (He-normal weights, ${o.bias === "zero" ? "zero" : "N(0, 1)"} biases) and counts those with some layer 0 at every one of ${GRID} inputs in [−1, 1]; decided on the 95 % bootstrap interval of the median over ${n} seeds: (a) P(born dead) ≥ ${DIES} for the narrowest, deepest net; (b) at the narrowest width it is ≥ ${RISE} higher at the greatest depth than at the smallest; (c) at the greatest depth it is ≥ ${RISE} higher at the narrowest width than at the widest ((b) and (c) paired by seed). Holds: all parts hold; mixed: the parts differ. The dashed curve 1 − (1 − 2⁻ᴺ)ᴸ is the chance of being dead at one given input (bias-free): an upper bound, not a result of Lu et al.`,
            zh: `蒙特卡洛：每个种子对每个宽度 N 与深度 L 抽取 ${o.nets} 个随机网络（He 正态权重，偏置${o.bias === "zero" ? "为 0" : "取自 N(0, 1)"}），统计在 [−1, 1] 上 ${GRID} 个输入处都有某一层输出全为 0 的网络；以 ${n} 个种子中位数的 95 % 自助法区间判定：（a）最窄、最深网络的 P（初始即死亡）≥ ${DIES}；（b）最窄宽度下，最大深度处比最小深度处至少高 ${RISE}；（c）最大深度下，最窄宽度处比最宽宽度处至少高 ${RISE}（（b）（c）按种子配对）。各部分都成立为成立；各部分结论不同为部分成立。虚线 1 − (1 − 2⁻ᴺ)ᴸ 是在某一个给定输入处死亡的概率（无偏置）：它是上界，并非 Lu 等人的结果。`,
          },
          {
            en: `P(born dead) at N = ${w0}: ${order.map((di) => `L ${o.depths[di]} ${statBi(stats[narrow][di]).en}`).join(", ")}; ${parts.map((x) => `${x.id}: ${VERDICT_TEXT[x.verdict].en}`).join("; ")}; ${above.length ? `cells above the one-input upper bound: ${above.join(", ")}` : "no cell lies above the one-input upper bound"}.`,
            zh: `N = ${w0} 时 P（初始即死亡）：${order.map((di) => `L ${o.depths[di]} 为 ${statBi(stats[narrow][di]).zh}`).join("，")}；${parts.map((x) => `${PART_ZH[x.id]}：${VERDICT_TEXT[x.verdict].zh}`).join("；")}；${above.length ? `高于单输入上界的格：${above.map((c) => c.replace(", ", "，")).join("；")}` : "没有格高于单输入上界"}。`,
          },
        ),
        parts,
      },
    };
  },
});
