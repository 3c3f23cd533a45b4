import { describe, expect, it } from "vitest";
import { getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";

// summarise() on made-up per-seed numbers: the verdict must follow the numbers, in both directions.

const verdictOf = (id: string, options: Record<string, unknown>, perSeed: unknown[]) =>
  getExperiment(id).summarise(resolveOptions(getExperiment(id), options), perSeed.map((_, i) => i + 1), perSeed, 0).verdict;

describe("gradient-flow verdict", () => {
  const opts = { depth: 3, width: 4, batch: 4, functions: "sigmoid,tanh,relu", "sigmoid-gain": 0, "train-steps": 0 };
  const pass = (r: number) => ({ std: [1, 1, 1], grad: [r, 1, 1], delta: [r, 1, 1], ratio: r, deltaRatio: r, loss: 2.3 });
  const run = (ratio: Record<string, number>, jitter = 0) =>
    Object.fromEntries(Object.entries(ratio).map(([id, r]) => [id, { fn: id, init: "he", gain: 1, ...pass(r * (1 + jitter)), trained: null, diverged: false }]));
  const ten = (ratio: Record<string, number>) => Array.from({ length: 10 }, (_, k) => run(ratio, k / 100));
  it("holds when sigmoid and tanh are both ≤ 10⁻² of ReLU on the interval, mixed for one, does not hold for none", () => {
    expect(verdictOf("gradient-flow", opts, ten({ sigmoid: 1e-5, tanh: 1e-3, relu: 0.5 })).verdict).toBe("holds");
    expect(verdictOf("gradient-flow", opts, ten({ sigmoid: 1e-5, tanh: 0.9, relu: 0.5 })).verdict).toBe("mixed");
    expect(verdictOf("gradient-flow", opts, ten({ sigmoid: 0.4, tanh: 0.9, relu: 0.5 })).verdict).toBe("does-not-hold");
  });
  it("decides on the interval over seeds, not one lucky seed: one vanishing seed of ten does not make it vanish", () => {
    const seeds = [run({ sigmoid: 1e-5, tanh: 1e-5, relu: 1 }), ...Array.from({ length: 9 }, (_, k) => run({ sigmoid: 1, tanh: 1, relu: 1 }, k / 100))];
    const v = verdictOf("gradient-flow", opts, seeds);
    expect(v.verdict).toBe("does-not-hold");
  });
});

describe("self-normalisation verdict", () => {
  const opts = { depth: 3, width: 4, batch: 4, functions: "selu" };
  const ten = (variance: number[], mean: number[]) => Array.from({ length: 10 }, () => ({ selu: { init: "lecun", mean, variance } }));
  it("holds while SELU's variance stays in [0.8, 1.25] on every seed; mixed when it drifts (the map's norm stays 0.788 < 1)", () => {
    expect(verdictOf("self-normalisation", opts, ten([1, 0.95, 1.1], [0, 0.01, -0.02])).verdict).toBe("holds");
    expect(verdictOf("self-normalisation", opts, ten([1, 0.6, 0.3], [0, 0.01, -0.02])).verdict).toBe("mixed");
    expect(verdictOf("self-normalisation", opts, ten([1, 1, 1], [0, 0.5, 0.2])).verdict).toBe("mixed");
  });
});

describe("zero-centred verdict", () => {
  const opts = { lrs: "0.1", maxEpochs: 100 };
  const run = (sameSig: number, epochsSig: number | null, epochsCentred: number | null, epochsTanh: number | null = 10) => ({
    sigmoid: { sameSign: sameSig, epochs: [epochsSig], diverged: [false] },
    "sigmoid-centred": { sameSign: 0, epochs: [epochsCentred], diverged: [false] },
    tanh: { sameSign: 0, epochs: [epochsTanh], diverged: [false] },
  });
  const three = (a: number | null, b: number | null, sameSig = 1) => [run(sameSig, a, b), run(sameSig, a, b), run(sameSig, a, b)];
  it("holds when both paired ratios are ≥ 1.5×, mixed when centring alone is not; the single-sign share does not decide", () => {
    expect(verdictOf("zero-centred", opts, three(90, 50)).verdict).toBe("holds");
    expect(verdictOf("zero-centred", opts, three(60, 50)).verdict).toBe("mixed");
    expect(verdictOf("zero-centred", opts, three(90, 50, 0.5)).verdict).toBe("holds");
    // 1.5× exactly is enough.
    expect(verdictOf("zero-centred", opts, three(75, 50)).parts?.[0].verdict).toBe("holds");
  });
  it("counts a run that never reaches the target as the epoch limit + 1 (a lower bound), and two such runs give no ratio", () => {
    expect(verdictOf("zero-centred", opts, three(null, 60)).parts?.[0].verdict).toBe("holds"); // 101 / 60 ≥ 1.5
    expect(verdictOf("zero-centred", opts, three(null, null)).parts?.[0].verdict).toBe("inconclusive");
  });
  it("seeds that disagree give an interval across the threshold: inconclusive", () => {
    const v = verdictOf("zero-centred", opts, [run(1, 90, 30), run(1, 40, 50), run(1, 90, 30), run(1, 40, 50), run(1, 60, 50)]);
    expect(v.parts?.[0].verdict).toBe("inconclusive");
  });
});

describe("dead-units verdict", () => {
  const opts = { lrs: "0.01,1", variants: "relu,elu", biases: "0", layers: 1, width: 2 };
  const rec = (dead: number | null) => ({ deadInit: 0.1, dead, neverPositiveInit: 0.1, neverPositive: dead, accuracy: dead === null ? null : 1, diverged: dead === null, everDead: [0], revived: [0] });
  const run = (relu: [number, number], elu: number | null) => ({ lr: { relu: relu.map(rec), elu: [rec(0), rec(elu)] }, bias: [rec(0.1)] });
  const five = (relu: [number, number], elu: number | null) => [1, 2, 3, 4, 5].map(() => run(relu, elu));
  it("holds when ReLU's dead share grows by ≥ 1 point and ELU has none; each part follows its own numbers", () => {
    expect(verdictOf("dead-units", opts, five([0.05, 0.4], 0)).verdict).toBe("holds");
    expect(verdictOf("dead-units", opts, five([0.05, 0.05], 0)).verdict).toBe("mixed");
    expect(verdictOf("dead-units", opts, five([0.05, 0.4], 0.02)).verdict).toBe("mixed");
    expect(verdictOf("dead-units", opts, five([0.05, 0.05], 0.02)).verdict).toBe("does-not-hold");
  });
  it("a function that diverges in most seeds at a rate is not judged there, and is counted", () => {
    const v = verdictOf("dead-units", opts, [run([0.05, 0.4], null), run([0.05, 0.4], null), run([0.05, 0.4], 0)]);
    expect(v.parts?.find((p) => p.id === "elu-none")?.verdict).toBe("holds"); // judged at lr 0.01 only
    expect(v.parts?.find((p) => p.id === "elu-none")?.because.en).toContain("lr 1: 0% [0%, 0%] (2 of 3 diverged) (did not survive)");
    expect(v.because.en).toContain("ELU at lr 1: 2 of 3");
  });
});

describe("born-dead verdict", () => {
  const opts = { widths: "2,8", depths: "2,10", nets: 1000 };
  const three = (cells: number[][]) => [cells, cells, cells];
  it("holds when the narrowest, deepest net is mostly dead and P rises with depth and falls with width; each part on its own", () => {
    expect(verdictOf("born-dead", opts, three([[0.15, 0.9], [0, 0.01]])).verdict).toBe("holds");
    const m = verdictOf("born-dead", opts, three([[0.15, 0.3], [0, 0.01]]));
    expect(m.verdict).toBe("mixed");
    expect(m.parts?.map((p) => p.verdict)).toEqual(["does-not-hold", "holds", "holds"]);
    expect(verdictOf("born-dead", opts, three([[0.6, 0.3], [0.25, 0.25]])).verdict).toBe("does-not-hold");
  });
});

describe("init-depth verdict", () => {
  const opts = { depths: "30", epochs: 1 };
  const ln3 = Math.log(3);
  const seed = (sgdHe: number, sgdLecun: number, adamLecun: number) => ({ sgd: { he: [[ln3, sgdHe]], lecun: [[ln3, sgdLecun]] }, adam: { he: [[ln3, 0.1]], lecun: [[ln3, adamLecun]] } });
  it("each optimiser's part holds when He learns and 1/n stalls at the greatest depth, on the intervals over seeds", () => {
    expect(verdictOf("init-depth", opts, [seed(0.5, ln3, ln3), seed(0.6, ln3, ln3)]).verdict).toBe("holds");
    expect(verdictOf("init-depth", opts, [seed(0.5, ln3, 0.2), seed(0.6, ln3, 0.3)]).verdict).toBe("mixed");
    expect(verdictOf("init-depth", opts, [seed(0.5, 0.6, 0.2), seed(0.6, 0.5, 0.3)]).verdict).toBe("does-not-hold");
    // He's interval straddles 0.9·ln 3: SGD's part cannot be decided
    expect(verdictOf("init-depth", opts, [seed(0.5, ln3, 0.2), seed(1.05, ln3, 0.3)]).parts?.[0].verdict).toBe("inconclusive");
  });
});

describe("mean-activation verdict", () => {
  const opts = { functions: "relu,elu", epochs: 1 };
  const run = (mElu: number, lElu: number, lControl = 2) => ({
    relu: { unitMean: [0.5, 0.7], loss: [2.3, 2] },
    elu: { unitMean: [0.3, mElu], loss: [2.3, lElu] },
    "relu-centred": { unitMean: [0, 0.1], loss: [2.3, lControl] },
  });
  const three = (mElu: number, lElu: number, lControl?: number) => [run(mElu, lElu, lControl), run(mElu, lElu, lControl), run(mElu, lElu, lControl)];
  it("holds when ELU's unit mean is ≤ 0.7× ReLU's, its early loss lower, and the centring control's too", () => {
    expect(verdictOf("mean-activation", opts, three(0.35, 1, 1.8)).verdict).toBe("holds");
    expect(verdictOf("mean-activation", opts, three(0.35, 1, 2.1)).verdict).toBe("mixed");
    expect(verdictOf("mean-activation", opts, three(0.65, 1, 1.8)).verdict).toBe("mixed");
    expect(verdictOf("mean-activation", opts, three(0.65, 2.1, 2.1)).verdict).toBe("does-not-hold");
    // Either side of 0.7 × 0.7 = 0.49; a negative mean counts by its size.
    expect(verdictOf("mean-activation", opts, three(-0.48, 1, 1.8)).parts?.[0].verdict).toBe("holds");
    expect(verdictOf("mean-activation", opts, three(0.5, 1, 1.8)).parts?.[0].verdict).toBe("does-not-hold");
  });
});

describe("convergence verdict", () => {
  const t = (pairs: [number, number | null][]) => pairs.map(([lr, updates]) => ({ lr, updates, diverged: false }));
  const opts = { functions: "tanh,relu", tasks: "spiral" };
  const seed = (tanh: number | null) => ({ spiral: { relu: t([[0.03, 300], [0.1, 100], [0.3, null]]), tanh: t([[0.03, 900], [0.1, tanh], [0.3, null]]) } });
  it("holds when tanh's paired ratio to ReLU is ≥ 3× over the whole interval, at each one's chosen rate", () => {
    expect(verdictOf("convergence", opts, [seed(400), seed(350), seed(500)]).verdict).toBe("holds");
    expect(verdictOf("convergence", opts, [seed(200), seed(250), seed(150)]).verdict).toBe("does-not-hold");
    expect(verdictOf("convergence", opts, [seed(200), seed(400), seed(300), seed(350), seed(250)]).verdict).toBe("inconclusive");
    // tanh reaches the target in 3 of 4 seeds at its chosen rate (< 80 %): the missing seed is counted, nothing decided
    expect(verdictOf("convergence", opts, [seed(400), seed(null), seed(500), seed(450)]).verdict).toBe("inconclusive");
  });
  it("puts the per-seed geometric mean of the ratios over the data sets in the table", () => {
    const e = getExperiment("convergence");
    const both = { functions: "tanh,relu", tasks: "spiral,digits" };
    const s = { ...seed(400), digits: { relu: t([[0.1, 60], [0.3, 30], [1, null]]), tanh: t([[0.1, 200], [0.3, 120], [1, 150]]) } };
    const r = e.summarise(resolveOptions(e, both), [1], [s], 0);
    expect(r.table?.tanh.updatesVsRelu.median).toBeCloseTo(Math.sqrt((400 / 100) * (120 / 30)), 10);
    expect(r.table?.relu.updatesVsRelu.median).toBe(1);
  });
});

describe("cost verdict", () => {
  const opts = { functions: "relu,sigmoid", widths: "8,16", lengths: "1024,4096" };
  // The verdict and the table read the last length and the last width, per round.
  const round = (kernel: number, step: number) => ({ backend: "wasm", order: ["relu", "sigmoid"], kernelNs: { relu: [1, 0.2], sigmoid: [1, 0.2 * kernel] }, stepUs: { relu: [5, 10], sigmoid: [5, 10 * step] } });
  it("each part holds for a costly kernel (≥ 2×) or step (≥ 1.2×) on the interval over rounds", () => {
    expect(verdictOf("cost", opts, [round(10, 1.5), round(9, 1.4)]).verdict).toBe("holds");
    expect(verdictOf("cost", opts, [round(10, 1.05), round(9, 1.1)]).verdict).toBe("mixed");
    expect(verdictOf("cost", opts, [round(1.5, 1.05), round(1.6, 1.1)]).verdict).toBe("does-not-hold");
    const e = getExperiment("cost");
    expect(e.summarise(resolveOptions(e, opts), [1], [round(10, 1.5)], 0).table?.sigmoid.costKernelVsRelu).toMatchObject({ median: 10, verdict: "holds" });
  });
});

describe("digits verdict", () => {
  const opts = { functions: "relu,sigmoid", epochs: 1 };
  const seed = (relu: number, sigmoid: number) => ({ split: 0, runs: { relu: { test: [0.1, relu], train: 1 }, sigmoid: { test: [0.1, sigmoid], train: 1 } } });
  it("holds for a paired gap of ≥ 1 point over the whole interval, does not hold below it, inconclusive across it", () => {
    expect(verdictOf("digits", opts, [seed(0.97, 0.95), seed(0.98, 0.96)]).verdict).toBe("holds");
    expect(verdictOf("digits", opts, [seed(0.97, 0.965), seed(0.96, 0.958)]).verdict).toBe("does-not-hold");
    expect(verdictOf("digits", opts, [seed(0.97, 0.95), seed(0.96, 0.958)]).verdict).toBe("inconclusive");
  });
});

describe("saturation verdict", () => {
  const opts = { depth: 2, lrs: "1", epochs: 12 };
  const stats = (top: number) => ({ mean: [0.5, top], p2: [0.4, top], p98: [0.6, top] });
  const run = (top: number, escape: number | null, finalError: number) => [
    { lr: 1, stats: Array.from({ length: 13 }, (_, e) => stats(e === 0 ? 0.5 : escape !== null && e >= escape ? 0.3 : top)), error: Array.from({ length: 13 }, (_, e) => (e === 12 ? finalError : 0.9)), entry: top < 0.05 ? 1 : null, escape: top < 0.05 ? escape : null, diverged: false },
  ];
  const ten = (top: number, escape: number | null, finalError: number) => Array.from({ length: 10 }, () => run(top, escape, finalError));
  it("holds when the top layer saturates early and stays ≥ 10 epochs, in a net that trained", () => {
    expect(verdictOf("saturation", opts, ten(0.02, 11, 0.1)).verdict).toBe("holds");
    expect(verdictOf("saturation", opts, ten(0.3, null, 0.1)).verdict).toBe("does-not-hold");
    expect(verdictOf("saturation", opts, ten(0.02, 3, 0.1)).verdict).toBe("mixed"); // saturates, but recovers after 2 epochs
  });
  it("never holds for a net that stayed at chance", () => {
    expect(verdictOf("saturation", opts, ten(0.02, null, 0.9)).verdict).toBe("inconclusive");
  });
  it("seeds that diverged are counted, and more than 20 % of them leave the rate inconclusive", () => {
    const seeds = ten(0.02, 11, 0.1);
    for (const k of [0, 1, 2]) seeds[k] = [{ ...seeds[k][0], stats: seeds[k][0].stats.map((s, e) => (e > 1 ? { mean: [NaN, NaN], p2: [NaN, NaN], p98: [NaN, NaN] } : s)), error: seeds[k][0].error.map((x, e) => (e > 1 ? NaN : x)), diverged: true }];
    const v = verdictOf("saturation", opts, seeds);
    expect(v.verdict).toBe("inconclusive");
    expect(v.because.en).toContain("diverged in 3");
  });
});

describe("summarise(options, seeds, perSeed)", () => {
  it("refuses a per-seed list that does not match the seeds", () => {
    const e = getExperiment("digits");
    expect(() => e.summarise(resolveOptions(e), [1, 2], [{}], 0)).toThrow(/one result per seed/);
  });
});
