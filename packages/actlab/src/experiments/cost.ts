import { activations, getActivation, streamOf } from "../activations/registry.js";
import { digitsSplit } from "../data/digits.js";
import { WasmArena } from "../kernels/arena.js";
import { getKernelBackend } from "../kernels/runtime.js";
import { SGD } from "../nn/optim.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, combineVerdicts, decide, defineExperiment, functionChart, functionsOption, paired, part, put, recommendedInit, statBi, Trainer, VERDICT_TEXT } from "./common.js";
import type { QuantityInfo, Summary, TableCell, VerdictPart } from "./types.js";

interface Options {
  functions: string[];
  lengths: number[];
  repeats: number;
  steps: number;
  widths: number[];
}

/** One round: every function timed once, in the round's rotated order. */
interface SeedRun {
  /** The float32 backend the kernels ran on ("wasm" or "js"). */
  backend: string;
  /** The order the functions were timed in this round. */
  order: string[];
  /** Nanoseconds per element of forwardWithDerivative on Float32Arrays, per length (best of `repeats`). */
  kernelNs: Record<string, number[]>;
  /** Microseconds per training step on digits (float32, batch 32, two hidden layers), per width (best of `steps`). */
  stepUs: Record<string, number[]>;
}

/** The functions whose formula has an exponential (the article's "exp is costly" and ELU's "slightly slower"). */
const EXP_BASED = ["sigmoid", "tanh", "elu", "selu"];
/** Thresholds of "costs clearly more": per element, and per training step (where the matrix products dominate). */
const KERNEL_FACTOR = 2;
const STEP_FACTOR = 1.2;

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** The functions in round r's order: the list rotated by r − 1, so each function is timed first, second, … in turn. */
export function roundOrder(functions: readonly string[], round: number): string[] {
  const n = functions.length;
  const k = (((round - 1) % n) + n) % n;
  return [...functions.slice(k), ...functions.slice(0, k)];
}

const QUANTITIES: Record<string, QuantityInfo> = {
  kernelVsRelu: { label: { en: "kernel time per element ÷ ReLU's (same round)", zh: "每元素内核时间 ÷ ReLU 的（同一轮）" }, unit: { en: "×", zh: "倍" } },
  stepVsRelu: { label: { en: "training-step time ÷ ReLU's (same round)", zh: "训练步时间 ÷ ReLU 的（同一轮）" }, unit: { en: "×", zh: "倍" } },
};

/**
 * E4: timings, so unlike the other experiments the numbers are measured, not deterministic. A
 * "seed" is a round: every function is timed once per round, in an order rotated from round to
 * round, so slow drifts of the machine fall on every function alike; ratios to ReLU come from
 * the same round and the intervals are over rounds.
 */
export const cost = defineExperiment<Options, SeedRun>({
  id: "cost",
  title: { en: "Cost of each function: per element and per training step", zh: "各函数的开销：逐元素与每个训练步" },
  claim: {
    article: "计算速度非常快（ReLU 优点 2）；计算比ReLU略慢（ELU 缺点）",
    en: "Functions built on exp (sigmoid, tanh, ELU, SELU) cost clearly more than ReLU, per element and in a training step.",
    zh: "基于 exp 的函数（sigmoid、tanh、ELU、SELU）的开销明显高于 ReLU，无论逐元素还是在一个训练步中。",
    functions: EXP_BASED,
  },
  options: [
    functionsOption(undefined, ["relu", "sigmoid", "elu"]),
    { name: "lengths", type: "list", integer: true, default: [1024, 65536], quick: [1024, 16384], min: 16, max: 1 << 22, description: { en: "elements per kernel call (the last one fills the table)", zh: "每次内核调用的元素数（最后一个用于对比表）" } },
    { name: "repeats", type: "integer", default: 20, quick: 10, min: 1, max: 10000, description: { en: "kernel calls timed per function and length in a round (the fastest counts)", zh: "每轮中每个函数与长度计时的内核调用次数（取最快）" } },
    { name: "steps", type: "integer", default: 20, quick: 10, min: 1, max: 10000, description: { en: "training steps timed per function and width in a round (the fastest counts)", zh: "每轮中每个函数与宽度计时的训练步数（取最快）" } },
    { name: "widths", type: "list", integer: true, default: [16, 128], quick: [16, 32], min: 1, max: 1024, description: { en: "widths of the two hidden layers of the timed net (the last one fills the table)", zh: "计时网络两个隐藏层的宽度（最后一个用于对比表）" } },
  ],
  seeds: { default: 10, quick: 3 },
  units: (o) => o.functions.length * (o.lengths.length + o.widths.length),
  async seed(o, seed, t) {
    const rng = createRng(seed, 0);
    const order = roundOrder(o.functions, seed);
    const longest = Math.max(...o.lengths);
    // In a WasmArena the wasm kernels work in place: this times the kernel, not the copying.
    const arena = new WasmArena(3 * longest + 12);
    const xAll = arena.alloc(longest);
    for (let i = 0; i < xAll.length; i++) xAll[i] = 10 * rng.random() - 5;
    const yAll = arena.alloc(longest);
    const dAll = arena.alloc(longest);
    const kernelNs: Record<string, number[]> = {};
    for (const id of order) {
      const a = getActivation(id);
      const p = a.params.some((s) => s.learnable) ? { alpha: 0.25 } : undefined;
      kernelNs[id] = [];
      for (const n of o.lengths) {
        const [x, y, d] = [xAll.subarray(0, n), yAll.subarray(0, n), dAll.subarray(0, n)];
        a.forwardWithDerivative(x, p, y, d); // warm up
        let bestMs = Infinity;
        for (let r = 0; r < o.repeats; r++) {
          const t0 = now();
          a.forwardWithDerivative(x, p, y, d);
          bestMs = Math.min(bestMs, now() - t0);
          if (r % 8 === 7) await t.poll();
        }
        kernelNs[id].push((bestMs * 1e6) / n);
        await t.advance(`kernel ${id}, ${n} elements`);
      }
    }
    const { train } = digitsSplit();
    const xs = Float32Array.from(train.x);
    const stepUs: Record<string, number[]> = {};
    for (const id of order) {
      stepUs[id] = [];
      for (const w of o.widths) {
        const net = buildNet({ inputs: 64, hidden: [w, w], outputs: 10, act: { id }, init: recommendedInit(id), rng: createRng(seed, streamOf(id)), dtype: "float32" });
        // A batch equal to the whole set makes one epoch one step of `batch` rows: here 32 rows per step.
        const trainer = new Trainer(net.model, new SGD(net.model.params, { lr: 0.01, momentum: 0.9 }), xs.subarray(0, 32 * 64), train.labels.subarray(0, 32), 64, 10, 32, createRng(seed, 100));
        for (let k = 0; k < 3; k++) trainer.epoch(); // warm up
        let best = Infinity;
        for (let k = 0; k < o.steps; k++) {
          const t0 = now();
          trainer.epoch();
          best = Math.min(best, now() - t0);
        }
        stepUs[id].push(best * 1000);
        await t.advance(`training ${id}, width ${w}`);
      }
    }
    return { backend: getKernelBackend(), order, kernelNs, stepUs };
  },
  result(o, seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, TableCell>> = {};
    const hasRelu = o.functions.includes("relu");
    const L = o.lengths.length - 1;
    const W = o.widths.length - 1;
    const kRatio = (s: SeedRun, id: string, k: number) => s.kernelNs[id][k] / s.kernelNs.relu[k];
    const sRatio = (s: SeedRun, id: string, k: number) => s.stepUs[id][k] / s.stepUs.relu[k];
    const quantities: Record<string, QuantityInfo> = { ...QUANTITIES };
    o.lengths.forEach((n) => (quantities[`kernelNs${n}`] = { label: { en: `kernel time per element, ${n} elements`, zh: `每元素内核时间（${n} 个元素）` }, unit: { en: "ns", zh: "纳秒" } }));
    o.widths.forEach((w) => (quantities[`stepUs${w}`] = { label: { en: `training-step time, width ${w}`, zh: `训练步时间（宽度 ${w}）` }, unit: { en: "µs", zh: "微秒" } }));
    for (const id of o.functions) {
      o.lengths.forEach((n, k) => put(summary, `${id}.kernelNs${n}`, perSeed.map((s) => s.kernelNs[id][k])));
      o.widths.forEach((w, k) => put(summary, `${id}.stepUs${w}`, perSeed.map((s) => s.stepUs[id][k])));
      if (hasRelu) {
        const kr = paired(perSeed.map((s) => s.kernelNs[id][L]), perSeed.map((s) => s.kernelNs.relu[L]), "ratio", `${id}.kernelVsRelu`);
        const sr = paired(perSeed.map((s) => s.stepUs[id][W]), perSeed.map((s) => s.stepUs.relu[W]), "ratio", `${id}.stepVsRelu`);
        summary[`${id}.kernelVsRelu`] = kr;
        summary[`${id}.stepVsRelu`] = sr;
        const exp = EXP_BASED.includes(id);
        table[id] = {
          costKernelVsRelu: exp ? { ...kr, verdict: decide(kr, "≥", KERNEL_FACTOR) } : kr,
          costStepVsRelu: exp ? { ...sr, verdict: decide(sr, "≥", STEP_FACTOR) } : sr,
        };
      }
    }
    const backend = perSeed[0].backend;
    const rounds = seeds.length;
    // One column per function: the ratio to ReLU at each length (width), so 20-odd functions stay readable.
    const figures = hasRelu
      ? [
          functionChart({
            id: "cost-kernel",
            title: { en: `Kernel time per element relative to ReLU, float32 (${backend} backend, in place; median and 95% interval over ${rounds} rounds)`, zh: `每元素内核时间相对 ReLU 的倍数，float32（${backend} 后端，原地计算；${rounds} 轮的中位数与 95% 区间）` },
            y: { label: { en: "kernel time ÷ ReLU's (log)", zh: "内核时间 ÷ ReLU（对数）" }, log: true },
            functions: o.functions,
            series: o.lengths.map((n, k) => ({ name: `${n} elements`, label: { en: `${n} elements`, zh: `${n} 个元素` }, values: (id: string) => perSeed.map((s) => kRatio(s, id, k)) })),
            rules: [{ y: 1 }, { y: KERNEL_FACTOR, label: { en: `${KERNEL_FACTOR}× (the rule)`, zh: `${KERNEL_FACTOR} 倍（判定线）` } }],
            positiveOnly: true,
          }),
          functionChart({
            id: "cost-step",
            title: { en: `Time of a training step on digits relative to ReLU (two hidden layers, float32; median and 95% interval over ${rounds} rounds)`, zh: `digits 上一个训练步的时间相对 ReLU 的倍数（两个隐藏层，float32；${rounds} 轮的中位数与 95% 区间）` },
            y: { label: { en: "step time ÷ ReLU's (log)", zh: "训练步时间 ÷ ReLU（对数）" }, log: true },
            functions: o.functions,
            series: o.widths.map((w, k) => ({ name: `width ${w}`, label: { en: `width ${w}`, zh: `宽度 ${w}` }, values: (id: string) => perSeed.map((s) => sRatio(s, id, k)) })),
            rules: [{ y: 1 }, { y: STEP_FACTOR, label: { en: `${STEP_FACTOR}× (the rule)`, zh: `${STEP_FACTOR} 倍（判定线）` } }],
            positiveOnly: true,
          }),
        ]
      : [
          chart({
            id: "cost-kernel",
            title: { en: `Kernel time per element, float32 (${backend} backend, in place)`, zh: `每元素内核时间，float32（${backend} 后端，原地计算）` },
            x: { label: { en: "elements per call (log)", zh: "每次调用的元素数（对数）" }, log: true },
            y: { label: { en: "ns per element (log)", zh: "每元素纳秒（对数）" }, log: true },
            series: o.functions.map((id) => ({ name: id, id, points: bandPoints(o.lengths, perSeed.map((s) => s.kernelNs[id]), true) })),
          }),
        ];
    const tested = hasRelu ? EXP_BASED.filter((id) => o.functions.includes(id)) : [];
    const parts: VerdictPart[] = tested.flatMap((id) => {
      const kr = summary[`${id}.kernelVsRelu`];
      const sr = summary[`${id}.stepVsRelu`];
      const kv = decide(kr, "≥", KERNEL_FACTOR);
      const sv = decide(sr, "≥", STEP_FACTOR);
      const more = (v: string) => (v === "inconclusive" ? { en: " More rounds would decide.", zh: "更多轮次才能判定。" } : { en: "", zh: "" });
      return [
        part(`${id}-kernel`, { en: `${id}'s kernel costs ≥ ${KERNEL_FACTOR}× ReLU's per element`, zh: `${id} 的内核每元素开销 ≥ ReLU 的 ${KERNEL_FACTOR} 倍` }, kv, {
          en: `${id} ÷ ReLU per element (${o.lengths[L]} elements), median [95% interval] over ${rounds} rounds: ${statBi(kr).en}×: ${VERDICT_TEXT[kv].en}.${more(kv).en}`,
          zh: `${id} 每元素时间为 ReLU 的 ${statBi(kr).zh} 倍（${o.lengths[L]} 个元素，${rounds} 轮的中位数 [95% 区间]）：${VERDICT_TEXT[kv].zh}。${more(kv).zh}`,
        }),
        part(`${id}-step`, { en: `${id}'s training step costs ≥ ${STEP_FACTOR}× ReLU's`, zh: `${id} 的训练步开销 ≥ ReLU 的 ${STEP_FACTOR} 倍` }, sv, {
          en: `${id} ÷ ReLU per training step (width ${o.widths[W]}), median [95% interval] over ${rounds} rounds: ${statBi(sr).en}×: ${VERDICT_TEXT[sv].en}.${more(sv).en}`,
          zh: `${id} 训练步时间为 ReLU 的 ${statBi(sr).zh} 倍（宽度 ${o.widths[W]}，${rounds} 轮的中位数 [95% 区间]）：${VERDICT_TEXT[sv].zh}。${more(sv).zh}`,
        }),
      ];
    });
    // ReLU's own cells carry the article's "计算速度非常快": it holds where the exp-based functions' parts do.
    if (table.relu && parts.length > 0) {
      const of = (kind: string) => combineVerdicts(parts.filter((p) => p.id.endsWith(`-${kind}`)).map((p) => p.verdict));
      table.relu = { costKernelVsRelu: { ...table.relu.costKernelVsRelu, verdict: of("kernel") }, costStepVsRelu: { ...table.relu.costStepVsRelu, verdict: of("step") } };
    }
    return {
      summary,
      quantities,
      table,
      figures,
      verdict: {
        verdict: combineVerdicts(parts.map((p) => p.verdict)),
        rule: {
          en: `Each round times every function once (order rotated from round to round); for each exp-based function run (sigmoid, tanh, ELU, SELU), its time ÷ ReLU's in the same round, over ${rounds} rounds. Per element: holds when the 95% bootstrap interval of the ratio lies wholly at or above ${KERNEL_FACTOR}×, does not hold when wholly below, inconclusive when it straddles ${KERNEL_FACTOR}×; per training step the same with ${STEP_FACTOR}×. Inconclusive when ReLU or no exp-based function is run. Timings depend on the machine and its load.`,
          zh: `每轮对每个函数计时一次（各轮轮换顺序）；对所运行的每个基于 exp 的函数（sigmoid、tanh、ELU、SELU），取同一轮中其时间与 ReLU 之比，共 ${rounds} 轮。逐元素：比值的 95% 自助区间整体不低于 ${KERNEL_FACTOR} 倍为成立，整体低于为不成立，跨过 ${KERNEL_FACTOR} 倍为无法判定；训练步同理，阈值为 ${STEP_FACTOR} 倍。未运行 ReLU 或基于 exp 的函数时为无法判定。计时取决于机器及其负载。`,
        },
        because:
          parts.length > 0
            ? { en: `${backend} backend: ${parts.map((p) => p.because.en).join(" ")}`, zh: `${backend} 后端：${parts.map((p) => p.because.zh).join("")}` }
            : { en: "ReLU or every exp-based function is missing from the run, so nothing is compared.", zh: "运行中缺少 ReLU 或基于 exp 的函数，无从比较。" },
        ...(parts.length > 0 ? { parts } : {}),
      },
    };
  },
});
