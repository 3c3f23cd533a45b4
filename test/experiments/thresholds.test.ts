import { describe, expect, it } from "vitest";
import { decide, enoughSeeds, getExperiment, resolveOptions, summary } from "../../packages/actlab/src/experiments/index.js";
import type { Verdict } from "../../packages/actlab/src/experiments/index.js";

// Issue 24, item 17: every verdict rule behaves as stated exactly at its threshold. verdicts.test.ts
// decides the rules away from their thresholds; here each experiment's summarise() gets per-seed
// numbers whose decisive quantity (a ratio, a difference, a share …) lies exactly at the threshold,
// one representable double inside and one outside. Ten identical seeds give the interval [x, x];
// seeds at the threshold and just outside it give an interval across it (inconclusive).

const bits = new DataView(new ArrayBuffer(8));
/** The next double above x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  bits.setFloat64(0, x);
  const b = bits.getBigUint64(0);
  bits.setBigUint64(0, x > 0 ? b + 1n : b - 1n);
  return bits.getFloat64(0);
}
/** The next double below x. */
const nextDown = (x: number): number => -nextUp(-x);

/** An input v with f(v) === target exactly, searched among the doubles next to a first guess. */
function preimage(f: (v: number) => number, target: number, guess: number): number {
  let lo = guess;
  let hi = guess;
  for (let k = 0; k < 64; k++) {
    if (f(lo) === target) return lo;
    if (f(hi) === target) return hi;
    lo = nextDown(lo);
    hi = nextUp(hi);
  }
  throw new Error(`no double v near ${guess} with f(v) = ${target}`);
}

const TEN = 10;
const verdictOf = (id: string, options: Record<string, unknown>, perSeed: unknown[]) =>
  getExperiment(id).summarise(resolveOptions(getExperiment(id), options), perSeed.map((_, i) => i + 1), perSeed, 0);
const partOf = (r: ReturnType<typeof verdictOf>, part: string): Verdict => {
  const p = r.verdict.parts?.find((q) => q.id === part);
  if (!p) throw new Error(`no part ${part} in ${r.id}: ${r.verdict.parts?.map((q) => q.id).join(", ")}`);
  return p.verdict;
};

/**
 * The rule "quantity ≥ T" (or ≤ T) decided by `at(values per seed)`: holds at T and one double on the
 * claim's side, does not hold one double on the other side, inconclusive across T.
 */
function atThreshold(side: "≥" | "≤", t: number, at: (perSeedValues: number[]) => Verdict): void {
  const inside = side === "≥" ? nextUp(t) : nextDown(t);
  const outside = side === "≥" ? nextDown(t) : nextUp(t);
  const all = (x: number) => at(Array.from({ length: TEN }, () => x));
  expect(all(t), `exactly at ${t}`).toBe("holds");
  expect(all(inside), `one double inside, ${inside}`).toBe("holds");
  expect(all(outside), `one double outside, ${outside}`).toBe("does-not-hold");
  expect(at([t, outside, t, outside, t, outside, t, outside, t, outside]), `seeds at ${t} and at ${outside}`).toBe("inconclusive");
}

describe("the helpers", () => {
  it("nextUp and nextDown step by one double", () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
  });
  it("identical seeds give the interval [x, x] (so the tests below put the interval exactly where they say)", () => {
    const x = nextUp(0.01);
    expect(summary(Array.from({ length: TEN }, () => x), "k").ci).toEqual([x, x]);
  });
});

describe("decide and enoughSeeds at their thresholds", () => {
  it("decide: ≥ T and ≤ T hold with the interval's end exactly at T", () => {
    atThreshold("≥", 1.5, (v) => decide(summary(v, "a"), "≥", 1.5));
    atThreshold("≤", 1e-2, (v) => decide(summary(v, "b"), "≤", 1e-2));
  });
  it("enoughSeeds: exactly 80 % of the seeds finished decides, one seed fewer does not, for every count of seeds up to 1000", () => {
    for (let total = 5; total <= 1000; total += 5) {
      const n = (total / 5) * 4;
      expect(enoughSeeds({ median: 1, ci: [1, 1], min: 1, max: 1, n, diverged: total - n }), `${n} of ${total}`).toBe(true);
      expect(enoughSeeds({ median: 1, ci: [1, 1], min: 1, max: 1, n: n - 1, diverged: total - n + 1 }), `${n - 1} of ${total}`).toBe(false);
    }
  });
});

describe("gradient-flow: sigmoid and tanh vanish when ÷ ReLU per seed is ≤ 10⁻²; ReLU does not vanish when ≥ 10⁻²; SELU within [10⁻², 10²]", () => {
  const opts = { depth: 3, width: 4, batch: 4, functions: "sigmoid,tanh,relu,selu", "sigmoid-gain": 0, "train-steps": 0 };
  const fn = (id: string, ratio: number, deltaRatio: number) => ({ fn: id, init: "he", gain: 1, std: [1, 1, 1], grad: [ratio, 1, 1], delta: [deltaRatio, 1, 1], ratio, deltaRatio, loss: 2.3, trained: null, diverged: false });
  // ReLU's ratios are 1: the paired ratio x ÷ 1 is x exactly.
  const seeds = (sig: number[], relu: number[] = sig.map(() => 1), selu: number[] = sig.map(() => 1)) =>
    sig.map((x, i) => ({ sigmoid: fn("sigmoid", x, x), tanh: fn("tanh", x, 1e-5), relu: fn("relu", relu[i], relu[i]), selu: fn("selu", selu[i], selu[i]) }));
  it("the weight and the backpropagated-signal parts, exactly at 10⁻²", () => {
    atThreshold("≤", 1e-2, (v) => partOf(verdictOf("gradient-flow", opts, seeds(v)), "sigmoid-weights"));
    atThreshold("≤", 1e-2, (v) => partOf(verdictOf("gradient-flow", opts, seeds(v)), "sigmoid-delta"));
    atThreshold("≤", 1e-2, (v) => partOf(verdictOf("gradient-flow", opts, seeds(v)), "tanh-weights"));
  });
  it("the table: ReLU's cell at ≥ 10⁻², SELU's at both ends of [10⁻², 10²]", () => {
    const ones = Array.from({ length: TEN }, () => 1e-5);
    const table = (relu: number[], selu: number[]) => verdictOf("gradient-flow", opts, seeds(ones, relu, selu)).table;
    const cellVerdict = (id: string, relu: number[], selu: number[]) => table(relu, selu)?.[id].gradientRatio.verdict as Verdict;
    const one = Array.from({ length: TEN }, () => 1);
    // The paired ratios use ReLU as the reference; its own cell is its ratio.
    atThreshold("≥", 1e-2, (v) => cellVerdict("relu", v, one));
    atThreshold("≥", 1e-2, (v) => cellVerdict("selu", one, v));
    atThreshold("≤", 1e2, (v) => cellVerdict("selu", one, v));
  });
});

describe("self-normalisation: SELU's variance stays in [0.8, 1.25] and its |mean| ≤ 0.1", () => {
  const opts = { depth: 3, width: 4, batch: 4, functions: "selu" };
  const seeds = (variance: (x: number) => number[], mean: (x: number) => number[]) => (v: number[]) => v.map((x) => ({ selu: { init: "lecun", mean: mean(x), variance: variance(x) } }));
  const run = (make: (v: number[]) => unknown[], part: string) => (v: number[]) => partOf(verdictOf("self-normalisation", opts, make(v)), part);
  it("the variance part at 0.8 (the smallest layer) and at 1.25 (the largest)", () => {
    atThreshold("≥", 0.8, run(seeds((x) => [1, x, 1.1], () => [0, 0, 0]), "variance"));
    atThreshold("≤", 1.25, run(seeds((x) => [1, 0.9, x], () => [0, 0, 0]), "variance"));
  });
  it("the mean part at |mean| = 0.1, on either sign", () => {
    atThreshold("≤", 0.1, run(seeds(() => [1, 1, 1], (x) => [0, x, 0.01]), "mean"));
    atThreshold("≤", 0.1, run(seeds(() => [1, 1, 1], (x) => [0, -x, 0.01]), "mean"));
  });
});

describe("zero-centred: σ needs ≥ 1.5× the epochs, paired by seed", () => {
  const opts = { lrs: "0.1", maxEpochs: 100 };
  // σ − ½ and tanh need 1 epoch: the ratio is σ's epochs exactly.
  const seeds = (v: number[]) => v.map((x) => ({ sigmoid: { sameSign: 1, epochs: [x], diverged: [false] }, "sigmoid-centred": { sameSign: 0, epochs: [1], diverged: [false] }, tanh: { sameSign: 0, epochs: [1], diverged: [false] } }));
  it("both parts, exactly at 1.5×", () => {
    atThreshold("≥", 1.5, (v) => partOf(verdictOf("zero-centred", opts, seeds(v)), "centring-alone"));
    atThreshold("≥", 1.5, (v) => partOf(verdictOf("zero-centred", opts, seeds(v)), "sigmoid-slower-than-tanh"));
  });
  it("a run that never reached the target counts as maxEpochs + 1: at 100 epochs against 101 ÷ 1.5 …", () => {
    // σ never reaches it (101), σ − ½ needs exactly 101 / 1.5 epochs or one double more.
    const at = (centred: number) => partOf(verdictOf("zero-centred", opts, Array.from({ length: 3 }, () => ({ sigmoid: { sameSign: 1, epochs: [null], diverged: [false] }, "sigmoid-centred": { sameSign: 0, epochs: [centred], diverged: [false] }, tanh: { sameSign: 0, epochs: [1], diverged: [false] } }))), "centring-alone");
    const c = preimage((x) => 101 / x, 1.5, 101 / 1.5);
    expect(at(c)).toBe("holds");
    expect(at(preimage((x) => 101 / x, nextDown(1.5), nextUp(c)))).toBe("does-not-hold");
  });
});

describe("dead-units: ReLU's dead share grows by ≥ 1 point; the others have none (≤ 0)", () => {
  const opts = { lrs: "0.01,1", variants: "relu,elu", biases: "0", layers: 1, width: 2 };
  const rec = (dead: number) => ({ deadInit: 0, dead, neverPositiveInit: 0, neverPositive: dead, accuracy: 1, diverged: false, everDead: [0], revived: [0] });
  it("growth exactly at 0.01 (0 at the low rate, x at the high one)", () => {
    atThreshold("≥", 0.01, (v) => partOf(verdictOf("dead-units", opts, v.map((x) => ({ lr: { relu: [rec(0), rec(x)], elu: [rec(0), rec(0)] }, bias: [rec(0)] }))), "relu-grows"));
  });
  it("none: 0 holds, the smallest positive share does not", () => {
    const at = (x: number) => partOf(verdictOf("dead-units", opts, Array.from({ length: TEN }, () => ({ lr: { relu: [rec(0), rec(0.5)], elu: [rec(0), rec(x)] }, bias: [rec(0)] }))), "elu-none");
    expect(at(0)).toBe("holds");
    expect(at(Number.MIN_VALUE)).toBe("does-not-hold");
  });
});

describe("born-dead: P ≥ 0.5 for the narrowest, deepest net; it rises with depth and falls with width by ≥ 0.1", () => {
  const opts = { widths: "2,8", depths: "2,10", nets: 1000 };
  // cells[width][depth]; the others 0, so each difference is the narrow, deep cell exactly.
  const seeds = (v: number[]) => v.map((x) => [[0, x], [0, 0]]);
  it("each part exactly at its threshold", () => {
    atThreshold("≥", 0.5, (v) => partOf(verdictOf("born-dead", opts, seeds(v)), "narrow-deep-dies"));
    atThreshold("≥", 0.1, (v) => partOf(verdictOf("born-dead", opts, seeds(v)), "rises-with-depth"));
    atThreshold("≥", 0.1, (v) => partOf(verdictOf("born-dead", opts, seeds(v)), "falls-with-width"));
  });
});

describe("init-depth: He's lowest loss ≤ 0.9·ln 3 and 1/n's ≥ 0.95·ln 3 at the greatest depth", () => {
  const opts = { depths: "30", epochs: 1 };
  const ln3 = Math.log(3);
  const seeds = (he: number[], lecun: number[]) => he.map((h, i) => ({ sgd: { he: [[ln3, h]], lecun: [[lecun[i], lecun[i]]] }, adam: { he: [[ln3, h]], lecun: [[lecun[i], lecun[i]]] } }));
  const ten = (x: number) => Array.from({ length: TEN }, () => x);
  it("He learns: exactly at 0.9 × ln 3 (1/n stalled at ln 3)", () => {
    atThreshold("≤", 0.9 * ln3, (v) => partOf(verdictOf("init-depth", opts, seeds(v, ten(ln3))), "sgd"));
  });
  it("1/n stalls: exactly at 0.95 × ln 3 (He learnt, 0.1)", () => {
    atThreshold("≥", 0.95 * ln3, (v) => partOf(verdictOf("init-depth", opts, seeds(ten(0.1), v)), "adam"));
  });
});

describe("mean-activation: |ELU's mean| ≤ 0.7× ReLU's, losses ≤ 1× ReLU's; the table's near-0 band ±0.1", () => {
  const opts = { functions: "relu,elu", epochs: 1 };
  const seeds = (elu: (x: number) => { m: number; l: number }, control = 0.5) => (v: number[]) =>
    v.map((x) => ({ relu: { unitMean: [0.5, 1], loss: [2.3, 1] }, elu: { unitMean: [0.3, elu(x).m], loss: [2.3, elu(x).l] }, "relu-centred": { unitMean: [0, 0.1], loss: [2.3, control] } }));
  const run = (make: (v: number[]) => unknown[], part: string) => (v: number[]) => partOf(verdictOf("mean-activation", opts, make(v)), part);
  it("ELU's mean nearer 0: exactly at 0.7 (ReLU's mean 1), for a positive and a negative mean", () => {
    atThreshold("≤", 0.7, run(seeds((x) => ({ m: x, l: 0.5 })), "elu-mean-nearer-0"));
    atThreshold("≤", 0.7, run(seeds((x) => ({ m: -x, l: 0.5 })), "elu-mean-nearer-0"));
  });
  it("the losses after one epoch: exactly at 1× ReLU's", () => {
    atThreshold("≤", 1, run(seeds((x) => ({ m: 0.1, l: x })), "elu-loss-lower"));
    atThreshold("≤", 1, (v) => partOf(verdictOf("mean-activation", opts, v.map((x) => ({ relu: { unitMean: [0.5, 1], loss: [2.3, 1] }, elu: { unitMean: [0.3, 0.1], loss: [2.3, 0.5] }, "relu-centred": { unitMean: [0, 0.1], loss: [2.3, x] } }))), "centring-alone-faster"));
  });
  it("the table: ELU (stated near 0) holds at |mean| = 0.1; ReLU (stated not zero-mean) holds only beyond it", () => {
    const cell = (id: string, x: number) =>
      verdictOf("mean-activation", opts, Array.from({ length: TEN }, () => ({ relu: { unitMean: [0.5, id === "relu" ? x : 1], loss: [2.3, 1] }, elu: { unitMean: [0.3, id === "elu" ? x : 0], loss: [2.3, 0.5] }, "relu-centred": { unitMean: [0, 0.1], loss: [2.3, 0.5] } }))).table?.[id].meanActivation.verdict;
    for (const s of [1, -1]) {
      expect(cell("elu", s * 0.1)).toBe("holds");
      expect(cell("elu", s * nextDown(0.1))).toBe("holds");
      expect(cell("elu", s * nextUp(0.1))).toBe("does-not-hold");
      expect(cell("relu", s * 0.1)).toBe("does-not-hold");
      expect(cell("relu", s * nextUp(0.1))).toBe("holds");
    }
  });
});

describe("convergence: tanh needs ≥ factor × ReLU's updates at each one's chosen rate", () => {
  const t = (pairs: [number, number | null][]) => pairs.map(([lr, updates]) => ({ lr, updates, diverged: false }));
  // ReLU's chosen rate needs 1 update: the paired ratio is tanh's updates exactly.
  const seeds = (v: number[]) => v.map((x) => ({ spiral: { relu: t([[0.03, 3], [0.1, 1], [0.3, null]]), tanh: t([[0.03, 900], [0.1, x], [0.3, null]]) } }));
  it("exactly at the default factor 3, and at a factor given", () => {
    atThreshold("≥", 3, (v) => partOf(verdictOf("convergence", { functions: "tanh,relu", tasks: "spiral" }, seeds(v)), "spiral-tanh"));
    atThreshold("≥", 2.5, (v) => partOf(verdictOf("convergence", { functions: "tanh,relu", tasks: "spiral", factor: 2.5 }, seeds(v)), "spiral-tanh"));
  });
  it("exactly 80 % of the seeds reaching the target decides; fewer is inconclusive", () => {
    const at = (missing: number) => partOf(verdictOf("convergence", { functions: "tanh,relu", tasks: "spiral" }, seeds(Array.from({ length: TEN }, () => 5)).map((s, i) => (i < missing ? { spiral: { ...s.spiral, tanh: t([[0.03, 900], [0.1, null], [0.3, null]]) } } : s))), "spiral-tanh");
    expect(at(2)).toBe("holds");
    expect(at(3)).toBe("inconclusive");
  });
});

describe("cost: the kernel costs ≥ 2× ReLU's, the training step ≥ 1.2×", () => {
  const opts = { functions: "relu,sigmoid", widths: "8,16", lengths: "1024,4096" };
  const round = (kernel: number, step: number) => ({ backend: "wasm", order: ["relu", "sigmoid"], kernelNs: { relu: [1, 1], sigmoid: [1, kernel] }, stepUs: { relu: [5, 1], sigmoid: [5, step] } });
  it("each part exactly at its factor", () => {
    atThreshold("≥", 2, (v) => partOf(verdictOf("cost", opts, v.map((x) => round(x, 1.5))), "sigmoid-kernel"));
    atThreshold("≥", 1.2, (v) => partOf(verdictOf("cost", opts, v.map((x) => round(10, x))), "sigmoid-step"));
  });
});

describe("digits: ReLU's test accuracy is ≥ 1 point above sigmoid's, paired by seed", () => {
  const opts = { functions: "relu,sigmoid", epochs: 1 };
  // Sigmoid at 0: the gap is 100 × ReLU's accuracy, which must come out at the threshold exactly.
  const accuracyFor = (points: number) => preimage((a) => 100 * a - 100 * 0, points, points / 100);
  it("exactly at 1 point", () => {
    atThreshold("≥", 1, (v) => verdictOf("digits", opts, v.map((g) => ({ split: 0, runs: { relu: { test: [0.1, accuracyFor(g)], train: 1 }, sigmoid: { test: [0.1, 0], train: 1 } } }))).verdict.verdict);
  });
});

describe("saturation: the top layer's early mean ≤ 0.05, saturated ≥ 10 epochs, in a net whose error is ≤ 0.85", () => {
  const opts = { depth: 2, lrs: "1", epochs: 12 };
  const stats = (top: number) => ({ mean: [0.5, top], p2: [0.4, top], p98: [0.6, top] });
  // Entry at epoch 1, escape at `escape` (saturated epochs escape − 1), final error `err`, early minimum `early`.
  const run = (early: number, escape: number, err: number) => [
    { lr: 1, stats: Array.from({ length: 13 }, (_, e) => stats(e === 0 ? 0.5 : e <= 5 ? early : 0.3)), error: Array.from({ length: 13 }, (_, e) => (e === 12 ? err : 0.9)), entry: 1, escape, diverged: false },
  ];
  const part = (p: string) => (perSeed: unknown[]) => partOf(verdictOf("saturation", opts, perSeed), p);
  it("saturates: the early minimum exactly at 0.05", () => {
    atThreshold("≤", 0.05, (v) => part("saturates@lr1")(v.map((x) => run(x, 11, 0.1))));
  });
  it("recovers slowly: exactly 10 saturated epochs (escape − entry)", () => {
    atThreshold("≥", 10, (v) => part("recovers-slowly@lr1")(v.map((x) => run(0.02, preimage((e) => e - 1, x, x + 1), 0.1))));
  });
  it("the net trained: a final error exactly at 0.85 still lets the parts decide; one double above leaves them inconclusive", () => {
    const at = (err: number) => part("saturates@lr1")(Array.from({ length: TEN }, () => run(0.02, 11, err)));
    expect(at(0.85)).toBe("holds");
    expect(at(nextDown(0.85))).toBe("holds");
    expect(at(nextUp(0.85))).toBe("inconclusive");
  });
  it("2 of 10 seeds diverged (20 %) still decide; 3 (> 20 %) leave the rate inconclusive", () => {
    const diverge = (r: ReturnType<typeof run>) => [{ ...r[0], stats: r[0].stats.map((s, e) => (e > 1 ? { mean: [NaN, NaN], p2: [NaN, NaN], p98: [NaN, NaN] } : s)), error: r[0].error.map((x, e) => (e > 1 ? NaN : x)), escape: null, diverged: true }];
    const at = (k: number) => verdictOf("saturation", opts, Array.from({ length: TEN }, (_, i) => (i < k ? diverge(run(0.02, 11, 0.1)) : run(0.02, 11, 0.1)))).verdict.verdict;
    expect(at(2)).toBe("holds");
    expect(at(3)).toBe("inconclusive");
  });
});
