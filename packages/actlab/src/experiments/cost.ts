import { activations, getActivation } from "../activations/registry.js";
import { digitsSplit } from "../data/digits.js";
import { WasmArena } from "../kernels/arena.js";
import { getKernelBackend } from "../kernels/runtime.js";
import { SGD } from "../nn/optim.js";
import { createRng } from "../train/rng.js";
import { bandPoints, buildNet, chart, defineExperiment, fmt, functionChart, functionsOption, median, put, recommendedInit, Trainer, verdictOf } from "./common.js";
import type { Summary, Verdict } from "./types.js";

interface Options {
  functions: string[];
  lengths: number[];
  repeats: number;
  epochs: number;
  widths: number[];
}

interface SeedRun {
  /** The float32 backend the kernels ran on ("wasm" or "js"). */
  backend: string;
  /** Nanoseconds per element of forwardWithDerivative on Float32Arrays, per length (best of `repeats`). */
  kernelNs: Record<string, number[]>;
  /** Milliseconds per training epoch on digits (float32, batch 32, two hidden layers), per width. */
  epochMs: Record<string, number[]>;
}

/** The functions whose formula has an exponential (the article's "exp is costly" and ELU's "slightly slower"). */
const EXP_BASED = ["sigmoid", "tanh", "elu", "selu"];

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * E4: timings, so unlike the other experiments the numbers are not deterministic; a seed is a
 * repetition that seeds the inputs and weights. Ratios to ReLU come from the same repetition.
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
    { name: "lengths", type: "list", integer: true, default: [1024, 8192, 65536], quick: [1024, 16384], min: 16, max: 1 << 22, description: { en: "elements per kernel call (the last one fills the table)", zh: "每次内核调用的元素数（最后一个用于对比表）" } },
    { name: "repeats", type: "integer", default: 30, quick: 10, min: 1, max: 10000, description: { en: "kernel calls timed (the fastest counts)", zh: "计时的内核调用次数（取最快）" } },
    { name: "epochs", type: "integer", default: 2, quick: 1, min: 1, max: 100, description: { en: "training epochs timed per function and width (the fastest counts)", zh: "每个函数与宽度计时的训练轮数（取最快）" } },
    { name: "widths", type: "list", integer: true, default: [16, 64, 128], quick: [16, 32], min: 1, max: 1024, description: { en: "widths of the two hidden layers of the timed net (the last one fills the table)", zh: "计时网络两个隐藏层的宽度（最后一个用于对比表）" } },
  ],
  seeds: { default: 3, quick: 1 },
  units: (o) => o.functions.length * (o.lengths.length + o.widths.length),
  async seed(o, seed, t) {
    const rng = createRng(seed, 0);
    const longest = Math.max(...o.lengths);
    // In a WasmArena the wasm kernels work in place: this times the kernel, not the copying.
    const arena = new WasmArena(3 * longest + 12);
    const xAll = arena.alloc(longest);
    for (let i = 0; i < xAll.length; i++) xAll[i] = 10 * rng.random() - 5;
    const yAll = arena.alloc(longest);
    const dAll = arena.alloc(longest);
    const kernelNs: Record<string, number[]> = {};
    for (const id of o.functions) {
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
    const epochMs: Record<string, number[]> = {};
    for (const id of o.functions) {
      epochMs[id] = [];
      for (const w of o.widths) {
        const net = buildNet({ inputs: 64, hidden: [w, w], outputs: 10, act: { id }, init: recommendedInit(id), rng: createRng(seed, 1 + activations.findIndex((a) => a.id === id)), dtype: "float32" });
        const trainer = new Trainer(net.model, new SGD(net.model.params, { lr: 0.01, momentum: 0.9 }), xs, train.labels, 64, 10, 32, createRng(seed, 100));
        trainer.epoch(); // warm up
        const times: number[] = [];
        for (let e = 0; e < o.epochs; e++) {
          const t0 = now();
          trainer.epoch();
          times.push(now() - t0);
          await t.poll();
        }
        epochMs[id].push(Math.min(...times));
        await t.advance(`training ${id}, width ${w}`);
      }
    }
    return { backend: getKernelBackend(), kernelNs, epochMs };
  },
  result(o, _seeds, perSeed) {
    const summary: Record<string, Summary> = {};
    const table: Record<string, Record<string, number>> = {};
    const hasRelu = o.functions.includes("relu");
    const L = o.lengths.length - 1;
    const W = o.widths.length - 1;
    const kRatio = (s: SeedRun, id: string, k: number) => s.kernelNs[id][k] / s.kernelNs.relu[k];
    const sRatio = (s: SeedRun, id: string, k: number) => s.epochMs[id][k] / s.epochMs.relu[k];
    for (const id of o.functions) {
      o.lengths.forEach((n, k) => put(summary, `${id}.kernelNs.n${n}`, perSeed.map((s) => s.kernelNs[id][k])));
      o.widths.forEach((w, k) => put(summary, `${id}.epochMs.w${w}`, perSeed.map((s) => s.epochMs[id][k])));
      if (hasRelu) {
        const kr = put(summary, `${id}.kernelVsRelu`, perSeed.map((s) => kRatio(s, id, L)));
        const sr = put(summary, `${id}.stepVsRelu`, perSeed.map((s) => sRatio(s, id, W)));
        table[id] = {};
        if (kr) table[id].costKernelVsRelu = kr.median;
        if (sr) table[id].costStepVsRelu = sr.median;
      }
    }
    const backend = perSeed[0].backend;
    // One column per function: the ratio to ReLU at each length (width), so 20-odd functions stay readable.
    const figures = hasRelu
      ? [
          functionChart({
            id: "cost-kernel",
            title: { en: `Kernel time per element relative to ReLU, float32 (${backend} backend, in place)`, zh: `每元素内核时间相对 ReLU 的倍数，float32（${backend} 后端，原地计算）` },
            y: { label: { en: "kernel time ÷ ReLU's (log)", zh: "内核时间 ÷ ReLU（对数）" }, log: true },
            functions: o.functions,
            series: o.lengths.map((n, k) => ({ name: `${n} elements`, label: { en: `${n} elements`, zh: `${n} 个元素` }, values: (id: string) => perSeed.map((s) => kRatio(s, id, k)) })),
            rules: [{ y: 1 }],
            positiveOnly: true,
          }),
          functionChart({
            id: "cost-step",
            title: { en: "Time of a training epoch on digits relative to ReLU (two hidden layers, float32)", zh: "digits 上一轮训练时间相对 ReLU 的倍数（两个隐藏层，float32）" },
            y: { label: { en: "epoch time ÷ ReLU's (log)", zh: "训练轮时间 ÷ ReLU（对数）" }, log: true },
            functions: o.functions,
            series: o.widths.map((w, k) => ({ name: `width ${w}`, label: { en: `width ${w}`, zh: `宽度 ${w}` }, values: (id: string) => perSeed.map((s) => sRatio(s, id, k)) })),
            rules: [{ y: 1 }],
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
    const tested = EXP_BASED.filter((id) => o.functions.includes(id));
    const kr = (id: string) => (hasRelu ? median(perSeed.map((s) => kRatio(s, id, L))) : NaN);
    const sr = (id: string) => (hasRelu ? median(perSeed.map((s) => sRatio(s, id, W))) : NaN);
    const perElement = tested.length > 0 && tested.every((id) => kr(id) >= 2);
    const perStep = tested.length > 0 && tested.every((id) => sr(id) >= 1.2);
    const verdict: Verdict = perElement ? (perStep ? "holds" : "mixed") : "does-not-hold";
    const words = tested.map((id) => `${id} ${fmt(kr(id))}× / ${fmt(sr(id))}×`);
    return {
      summary,
      table,
      figures,
      verdict: verdictOf(
        verdict,
        {
          en: "Costly per element when every exp-based function run (sigmoid, tanh, ELU, SELU) takes ≥ 2× ReLU's kernel time; costly per step when each also makes a training epoch ≥ 1.2× ReLU's. Holds: both; mixed: per element only; does not hold: not per element (or ReLU not run). Timings depend on the machine and its load.",
          zh: "若所运行的每个基于 exp 的函数（sigmoid、tanh、ELU、SELU）的内核时间都 ≥ ReLU 的 2 倍，则逐元素开销高；若其训练一轮的时间也都 ≥ ReLU 的 1.2 倍，则每步开销高。两者都成立为成立；只有逐元素为部分成立；逐元素不成立（或未运行 ReLU）为不成立。计时取决于机器及其负载。",
        },
        {
          en: `kernel (${o.lengths[L]} elements) / training epoch (width ${o.widths[W]}) relative to ReLU (${backend} backend): ${words.join(", ") || "no exp-based function run"}.`,
          zh: `相对 ReLU 的内核（${o.lengths[L]} 个元素）/ 训练轮（宽度 ${o.widths[W]}）时间（${backend} 后端）：${words.join("，") || "未运行基于 exp 的函数"}。`,
        },
      ),
    };
  },
});
