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
  const run = (sameSig: number, epochsSig: number | null, epochsCentred: number | null) => ({
    sigmoid: { sameSign: sameSig, epochs: [epochsSig] },
    "sigmoid-centred": { sameSign: 0, epochs: [epochsCentred] },
    tanh: { sameSign: 0, epochs: [10] },
  });
  it("holds when the premise and a ≥ 1.5× speed-up from centring are both there; mixed for the premise alone; does not hold without it", () => {
    expect(verdictOf("zero-centred", opts, [run(1, 90, 50)]).verdict).toBe("holds");
    expect(verdictOf("zero-centred", opts, [run(1, 60, 50)]).verdict).toBe("mixed");
    expect(verdictOf("zero-centred", opts, [run(0.5, 90, 50)]).verdict).toBe("does-not-hold");
  });
  it("counts a run that never reaches the target as the epoch limit + 1", () => {
    expect(verdictOf("zero-centred", opts, [run(1, null, 60)]).verdict).toBe("holds"); // 101 / 60 ≥ 1.5
    expect(verdictOf("zero-centred", opts, [run(1, null, null)]).verdict).toBe("mixed");
  });
});

describe("dead-units verdict", () => {
  const opts = { lrs: "0.01,1", variants: "relu,elu", biases: "0", layers: 1, width: 2 };
  const rec = (dead: number | null) => ({ deadInit: 0.1, deadEnd: dead, accuracy: dead === null ? null : 1, everDead: [0], revived: [0] });
  const run = (relu: [number, number], elu: number | null) => ({ lr: { relu: relu.map(rec), elu: [rec(0), rec(elu)] }, bias: [rec(0.1)] });
  it("holds when ReLU's dead share grows by ≥ 10 points and ELU stays under half of it", () => {
    expect(verdictOf("dead-units", opts, [run([0.05, 0.4], 0.02)]).verdict).toBe("holds");
    expect(verdictOf("dead-units", opts, [run([0.05, 0.1], 0.02)]).verdict).toBe("mixed");
    expect(verdictOf("dead-units", opts, [run([0.05, 0.4], 0.3)]).verdict).toBe("mixed");
    expect(verdictOf("dead-units", opts, [run([0.05, 0.1], 0.3)]).verdict).toBe("does-not-hold");
  });
  it("a function that diverges in most seeds does not count as fixing dead units", () => {
    const v = verdictOf("dead-units", opts, [run([0.05, 0.4], null), run([0.05, 0.4], null), run([0.05, 0.4], 0)]);
    expect(v.verdict).toBe("mixed");
    expect(v.because.en).toContain("2 of 3 seeds diverged");
  });
});

describe("born-dead verdict", () => {
  const opts = { widths: "2,8", depths: "2,10", nets: 1000 };
  it("holds when P rises with depth and the narrowest net is mostly dead at the greatest depth", () => {
    expect(verdictOf("born-dead", opts, [[[0.15, 0.9], [0, 0.01]]]).verdict).toBe("holds");
    expect(verdictOf("born-dead", opts, [[[0.15, 0.3], [0, 0.01]]]).verdict).toBe("mixed");
    expect(verdictOf("born-dead", opts, [[[0.6, 0.3], [0.2, 0.01]]]).verdict).toBe("does-not-hold");
  });
});

describe("init-depth verdict", () => {
  const opts = { depths: "30", epochs: 1 };
  const ln3 = Math.log(3);
  it("holds when He learns and 1/n stalls at the greatest depth, judged on the lowest loss reached", () => {
    expect(verdictOf("init-depth", { depths: "30", epochs: 2 }, [{ he: [[ln3, 0.5, 1.2]], lecun: [[ln3, ln3, ln3]] }]).verdict).toBe("holds");
    expect(verdictOf("init-depth", opts, [{ he: [[ln3, 0.5]], lecun: [[ln3, ln3]] }]).verdict).toBe("holds");
    expect(verdictOf("init-depth", opts, [{ he: [[ln3, 0.5]], lecun: [[ln3, 0.6]] }]).verdict).toBe("mixed");
    expect(verdictOf("init-depth", opts, [{ he: [[ln3, ln3]], lecun: [[ln3, 0.6]] }]).verdict).toBe("does-not-hold");
  });
});

describe("mean-activation verdict", () => {
  const opts = { functions: "relu,elu", epochs: 1 };
  const run = (mElu: number, lElu: number) => ({ relu: { unitMean: [0.5, 0.7], loss: [2.3, 2] }, elu: { unitMean: [0.3, mElu], loss: [2.3, lElu] } });
  it("holds when ELU's unit mean is ≤ 0.7× ReLU's and its early loss lower", () => {
    expect(verdictOf("mean-activation", opts, [run(0.35, 1)]).verdict).toBe("holds");
    expect(verdictOf("mean-activation", opts, [run(0.65, 1)]).verdict).toBe("mixed");
    expect(verdictOf("mean-activation", opts, [run(0.65, 2.1)]).verdict).toBe("does-not-hold");
  });
});

describe("convergence verdict", () => {
  const opts = { functions: "tanh,relu", tasks: "spiral,digits", spiralLrs: "0.1,1", digitsLrs: "0.3", spiralEpochs: 50, digitsEpochs: 20 };
  const run = (tanhSpiral: (number | null)[], tanhDigits: number | null) => ({ spiral: { relu: [5, 8], tanh: tanhSpiral }, digits: { relu: [3], tanh: [tanhDigits] } });
  it("holds when tanh needs ≥ 3× ReLU's epochs on every data set, each at its best learning rate", () => {
    expect(verdictOf("convergence", opts, [run([40, 16], 9)]).verdict).toBe("holds");
    expect(verdictOf("convergence", opts, [run([40, 11], 9)]).verdict).toBe("mixed"); // spiral 11/5 = 2.2×
    expect(verdictOf("convergence", opts, [run([40, 11], 3)]).verdict).toBe("does-not-hold");
    expect(verdictOf("convergence", opts, [run([null, null], null)]).verdict).toBe("holds"); // never reached: ≥ 51/5
  });
  it("puts the geometric mean of the ratios in the table", () => {
    const e = getExperiment("convergence");
    const o = resolveOptions(e, opts);
    const r = e.summarise(o, [1], [run([40, 20], 12)], 0);
    expect(r.table?.tanh.epochsVsRelu).toBeCloseTo(Math.sqrt((20 / 5) * (12 / 3)), 10);
    expect(r.table?.relu.epochsVsRelu).toBe(1);
  });
});

describe("cost verdict", () => {
  const opts = { functions: "relu,sigmoid", widths: "8,16", lengths: "1024,4096" };
  // The verdict and the table read the last length and the last width.
  const run = (kernel: number, step: number) => ({ backend: "wasm", kernelNs: { relu: [1, 0.2], sigmoid: [1, 0.2 * kernel] }, epochMs: { relu: [5, 10], sigmoid: [5, 10 * step] } });
  it("holds for costly kernels and steps, mixed for kernels only, does not hold otherwise", () => {
    expect(verdictOf("cost", opts, [run(10, 1.5)]).verdict).toBe("holds");
    expect(verdictOf("cost", opts, [run(10, 1.05)]).verdict).toBe("mixed");
    expect(verdictOf("cost", opts, [run(1.5, 1.5)]).verdict).toBe("does-not-hold");
    const e = getExperiment("cost");
    expect(e.summarise(resolveOptions(e, opts), [1], [run(10, 1.5)], 0).table?.sigmoid).toEqual({ costKernelVsRelu: 10, costStepVsRelu: 1.5 });
  });
});

describe("digits verdict", () => {
  const opts = { functions: "relu,sigmoid", epochs: 1 };
  const run = (relu: number, sigmoid: number) => ({ relu: { test: [0.1, relu], train: 1 }, sigmoid: { test: [0.1, sigmoid], train: 1 } });
  it("holds for a gap of ≥ 1 point, mixed below, does not hold when ReLU is not ahead", () => {
    expect(verdictOf("digits", opts, [run(0.97, 0.95)]).verdict).toBe("holds");
    expect(verdictOf("digits", opts, [run(0.97, 0.965)]).verdict).toBe("mixed");
    expect(verdictOf("digits", opts, [run(0.96, 0.97)]).verdict).toBe("does-not-hold");
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
