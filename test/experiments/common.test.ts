import { describe, expect, it } from "vitest";
import { activations } from "../../packages/actlab/src/activations/registry.js";
import {
  AbortError,
  activationLayer,
  ARTICLE_FUNCTIONS,
  backwardPolling,
  bandPoints,
  buildNet,
  CentredSigmoid,
  chart,
  combine,
  curveFunctions,
  defineExperiment,
  elementwiseIds,
  evaluate,
  finiteModel,
  fmt,
  forwardAll,
  forwardAllPolling,
  functionChart,
  functionsOption,
  median,
  pct,
  put,
  range,
  recommendedInit,
  resolveOptions,
  summary,
  Ticker,
  Trainer,
  verdictOf,
  BOOTSTRAP_RESAMPLES,
  bootstrapCI,
  combineVerdicts,
  decide,
  enoughSeeds,
  paired,
  quantile,
  statText,
} from "../../packages/actlab/src/experiments/common.js";
import type { Progress, Summary } from "../../packages/actlab/src/experiments/types.js";
import { Activation, Dense, PReLU, Sequential, type Layer } from "../../packages/actlab/src/nn/layers.js";
import { createRng } from "../../packages/actlab/src/train/rng.js";

// The helpers every experiment is built from, on numbers worked out by hand.

describe("median(values) and summary(values)", () => {
  it("median sorts numerically and leaves out what is not finite", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([10, 9, 1])).toBe(9); // a text sort would put 10 before 9
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 2, NaN, 4])).toBe(2);
    expect(median([Infinity, 5, -Infinity])).toBe(5);
    expect(median([])).toBeNaN();
    expect(median([NaN])).toBeNaN();
  });

  it("summary gives median, interval, range and the seeds finished and not", () => {
    expect(summary([0.9, 0.7, 0.8])).toEqual({ median: 0.8, ci: [0.7, 0.9], min: 0.7, max: 0.9, n: 3, diverged: 0 });
    const s = summary([Infinity, 2, NaN, 6]);
    expect([s.median, s.min, s.max, s.n, s.diverged]).toEqual([4, 2, 6, 2, 2]);
    const none = summary([NaN, Infinity]);
    expect([none.n, none.diverged]).toEqual([0, 2]);
    expect(none.median).toBeNaN();
    // a seed flagged diverged is left out even when its value is finite
    const flagged = summary([1, 2, 9], "k", [false, false, true]);
    expect([flagged.median, flagged.max, flagged.n, flagged.diverged]).toEqual([1.5, 2, 2, 1]);
  });

  it("put adds a summary under its key, also when no seed finished", () => {
    const out: Record<string, Summary> = {};
    expect(put(out, "a.b", [1, 3]).median).toBe(2);
    expect(put(out, "c", [NaN]).n).toBe(0);
    expect(Object.keys(out)).toEqual(["a.b", "c"]);
    expect(out["c"].diverged).toBe(1);
  });
});

describe("statistics over seeds: quantile, bootstrap, paired, decide", () => {
  it("quantile interpolates between order statistics (numpy's default)", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([5, 7, 9], 0)).toBe(5);
    expect(quantile([5, 7, 9], 1)).toBe(9);
    expect(quantile([5, 7, 9], 0.75)).toBe(8);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it("the bootstrap interval of known samples, worked out by hand", () => {
    expect(BOOTSTRAP_RESAMPLES).toBeGreaterThanOrEqual(2000);
    // all equal: every resample's median is 4
    expect(bootstrapCI([4, 4, 4])).toEqual([4, 4]);
    expect(bootstrapCI([7])).toEqual([7, 7]);
    expect(bootstrapCI([])).toEqual([NaN, NaN]);
    // [0, 1]: a resample's median is 0, ½ or 1 with chances ¼, ½, ¼: about 500 of 2000 at each end,
    // so the 2.5 % and 97.5 % quantiles are the ends themselves
    expect(bootstrapCI([0, 1])).toEqual([0, 1]);
    // [1, 2, 3]: P(median = 1) = P(at least two 1s) = 7/27 > 2.5 %, the same for 3
    expect(bootstrapCI([3, 1, 2])).toEqual([1, 3]);
    // ten values 1…10: P(median ≤ 2) = P(at least 5 of 10 draws ≤ 2) ≈ 3.3 % > 2.5 %, and
    // P(median ≤ 1.5) = P(≥ 5 draws are 1, or the 5th and 6th ≤ 2 with ≥ 5 ones…) < 1 %: the lower end
    // is between 2 and 2.5 (the 2.5 % quantile falls among the medians equal to 2 or 2.5)
    const [lo, hi] = bootstrapCI([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lo).toBeGreaterThanOrEqual(2);
    expect(lo).toBeLessThanOrEqual(3);
    expect(hi).toBeGreaterThanOrEqual(8);
    expect(hi).toBeLessThanOrEqual(9);
  });

  it("a resample of even size takes the mean of its two middle values as its median", () => {
    // [0, 0, 10, 10]: a resample's median is 0 (≥ 3 zeros, chance 5/16), 10 (5/16) or 5 (6/16), so the
    // 40 % and 60 % quantiles of the medians are both 5; taking the upper middle value would give 10.
    expect(bootstrapCI([0, 0, 10, 10], "k", 2000, 0.2)).toEqual([5, 5]);
  });

  it("the bootstrap is seeded by its key: the same key gives the same interval, another key may not", () => {
    const v = [0.1, 0.5, 0.2, 0.9, 0.4, 0.3, 0.8, 0.6, 0.7, 0.05];
    expect(bootstrapCI(v, "a.b")).toEqual(bootstrapCI([...v].reverse(), "a.b"));
    expect(bootstrapCI(v, "a.b")).toEqual(bootstrapCI(v, "a.b"));
    const keys = ["x", "y", "z", "w", "v"].map((k) => bootstrapCI(v, k).join());
    expect(new Set(keys).size).toBeGreaterThan(1);
  });

  it("paired differences and ratios are taken seed by seed; a missing seed counts as diverged", () => {
    expect(paired([2, 4, 6], [1, 2, 3], "ratio").median).toBe(2);
    expect(paired([2, 4, 6], [1, 2, 3], "ratio").ci).toEqual([2, 2]);
    expect(paired([2, 4, 6], [1, 2, 3], "diff").ci).toEqual([1, 3]);
    // unpaired medians would give 4 − 2 = 2 here; paired, every seed's difference is 10
    const p = paired([11, 12, 13, NaN], [1, 2, 3, 4], "diff");
    expect([p.median, p.n, p.diverged]).toEqual([10, 3, 1]);
    expect(() => paired([1], [1, 2], "diff")).toThrow(RangeError);
  });

  it("decide: holds when the interval is wholly on the claim's side, does not hold when wholly on the other", () => {
    expect(decide(summary([3, 4, 5]), "≥", 2)).toBe("holds");
    expect(decide(summary([3, 4, 5]), "≥", 3)).toBe("holds");
    expect(decide(summary([3, 4, 5]), "≥", 6)).toBe("does-not-hold");
    expect(decide(summary([1, 2, 3]), "≥", 2)).toBe("inconclusive");
    expect(decide(summary([3, 4, 5]), "≤", 5)).toBe("holds");
    expect(decide(summary([3, 4, 5]), "≤", 2)).toBe("does-not-hold");
    expect(decide(summary([1, 2, 3]), "≤", 2)).toBe("inconclusive");
    expect(decide(undefined, "≤", 2)).toBe("inconclusive");
  });

  it("no verdict from fewer than 80 % of the seeds", () => {
    const eight = summary([5, 5, 5, 5, 5, 5, 5, 5, NaN, NaN]);
    expect(enoughSeeds(eight)).toBe(true);
    expect(decide(eight, "≥", 1)).toBe("holds");
    const seven = summary([5, 5, 5, 5, 5, 5, 5, NaN, NaN, NaN]);
    expect(enoughSeeds(seven)).toBe(false);
    expect(decide(seven, "≥", 1)).toBe("inconclusive");
    expect(decide(summary([NaN, NaN, NaN]), "≥", 1)).toBe("inconclusive");
  });

  it("combineVerdicts: the common verdict, mixed when parts differ, inconclusive for none", () => {
    expect(combineVerdicts(["holds", "holds"])).toBe("holds");
    expect(combineVerdicts(["does-not-hold"])).toBe("does-not-hold");
    expect(combineVerdicts(["inconclusive", "inconclusive"])).toBe("inconclusive");
    expect(combineVerdicts(["holds", "inconclusive"])).toBe("mixed");
    expect(combineVerdicts([])).toBe("inconclusive");
  });

  it("statText writes the median, the interval and the diverged seeds in both languages", () => {
    expect(statText(summary([0.9, 0.7, 0.8]), "en")).toBe("0.8 [0.7, 0.9]");
    expect(statText(summary([1, NaN, 3]), "en")).toMatch(/^2 \[1, 3\] \(1 of 3 diverged\)$/);
    expect(statText(summary([1, NaN, 3]), "zh")).toBe("2 [1, 3]（3 个种子中 1 个发散）");
    expect(statText(summary([NaN]), "en")).toBe("n/a (1 of 1 diverged)");
    expect(statText(summary([NaN]), "zh")).toBe("无数据（1 个种子中 1 个发散）");
  });
});

describe("fmt(x) and pct(x)", () => {
  it("fmt writes 3 significant digits, exponents outside [1e-3, 1e5), words for the rest", () => {
    expect(fmt(2 / 3)).toBe("0.667");
    expect(fmt(-0.5)).toBe("-0.5");
    expect(fmt(12.345)).toBe("12.3");
    expect(fmt(0.001)).toBe("0.001");
    expect(fmt(0.000999)).toBe("9.99e-4");
    expect(fmt(-0.00012345)).toBe("-1.23e-4");
    expect(fmt(12345)).toBe("12300");
    expect(fmt(100000)).toBe("1.00e5");
    expect(fmt(123456)).toBe("1.23e5");
    expect(fmt(0)).toBe("0");
    expect(fmt(undefined)).toBe("n/a");
    expect(fmt(NaN)).toBe("n/a");
    expect(fmt(Infinity)).toBe("∞");
    expect(fmt(-Infinity)).toBe("−∞");
  });

  it("pct writes a share as a percentage with 3 significant digits", () => {
    expect(pct(0.1234)).toBe("12.3%");
    expect(pct(1)).toBe("100%");
    expect(pct(0)).toBe("0%");
    expect(pct(0.05)).toBe("5%");
    expect(pct(undefined)).toBe("n/a");
    expect(pct(NaN)).toBe("n/a");
    expect(pct(Infinity)).toBe("n/a");
  });
});

describe("combine(passes), verdictOf, range, curveFunctions", () => {
  it("combine: holds when every test passes, does not hold when none does, mixed otherwise", () => {
    expect(combine([true, true])).toBe("holds");
    expect(combine([true])).toBe("holds");
    expect(combine([false, false])).toBe("does-not-hold");
    expect(combine([true, false, true])).toBe("mixed");
    expect(combine([false, true])).toBe("mixed");
  });

  it("verdictOf keeps the verdict, the rule and the numbers that decided it", () => {
    const rule = { en: "r", zh: "规则" };
    const because = { en: "b", zh: "因为" };
    expect(verdictOf("mixed", rule, because)).toEqual({ verdict: "mixed", rule, because });
  });

  it("range(n, from) counts n integers from `from` (0 by default)", () => {
    expect(range(3)).toEqual([0, 1, 2]);
    expect(range(3, 1)).toEqual([1, 2, 3]);
    expect(range(0)).toEqual([]);
  });

  it("curveFunctions keeps the article's seven among the ids, in the order given, or all ids when none is the article's", () => {
    expect(ARTICLE_FUNCTIONS).toEqual(["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"]);
    expect(curveFunctions(["gelu", "relu", "mish", "sigmoid"])).toEqual(["relu", "sigmoid"]);
    expect(curveFunctions(["gelu", "mish"])).toEqual(["gelu", "mish"]);
  });
});

describe("the functions compared and their inits", () => {
  it("elementwiseIds() is the registry's elementwise functions in order; functionsOption offers them", () => {
    expect(elementwiseIds()).toEqual(activations.map((a) => a.id));
    const o = functionsOption();
    expect(o).toMatchObject({ name: "functions", type: "list", default: elementwiseIds(), choices: elementwiseIds() });
    expect("quick" in o).toBe(false);
    expect(o.description.en).toMatch(/functions/);
    expect(o.description.zh).toMatch(/函数/);
    expect(functionsOption(["relu", "elu"], ["relu"])).toMatchObject({ default: ["relu", "elu"], quick: ["relu"] });
  });

  it("recommendedInit: LeCun for SELU, Xavier for functions saturating on both sides, He otherwise", () => {
    expect(recommendedInit("selu")).toBe("lecun");
    expect(recommendedInit("tanh")).toBe("xavier");
    expect(recommendedInit("sigmoid")).toBe("xavier");
    expect(recommendedInit("relu")).toBe("he");
    expect(recommendedInit("elu")).toBe("he");
  });
});

describe("CentredSigmoid and activationLayer", () => {
  it("CentredSigmoid is σ(x) − ½ with σ's derivative", () => {
    const l = new CentredSigmoid();
    expect(l.params).toEqual([]);
    // σ(0) = ½, σ(ln 3) = ¾, σ(−ln 3) = ¼; σ′ = σ(1 − σ): ¼ at 0, 3/16 at ±ln 3.
    const y = l.forward(new Float64Array([0, Math.log(3), -Math.log(3)]));
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(0.25, 15);
    expect(y[2]).toBeCloseTo(-0.25, 15);
    const dx = l.backward(new Float64Array([2, 1, -4]));
    expect(dx).toBeInstanceOf(Float64Array);
    expect(dx[0]).toBeCloseTo(0.5, 15);
    expect(dx[1]).toBeCloseTo(3 / 16, 15);
    expect(dx[2]).toBeCloseTo(-0.75, 15);
    l.forward(new Float32Array([0, 0]));
    const dx32 = l.backward(new Float32Array([1, 4]));
    expect(dx32).toBeInstanceOf(Float32Array);
    expect(Array.from(dx32)).toEqual([0.25, 1]);
  });

  it("activationLayer: σ − ½ for centred, a per-unit PReLU for prelu, the registry's layer otherwise", () => {
    expect(activationLayer({ id: "sigmoid", centred: true }, 4, "float64")).toBeInstanceOf(CentredSigmoid);
    const p = activationLayer({ id: "prelu" }, 4, "float64");
    expect(p).toBeInstanceOf(PReLU);
    expect(p.params[0].value).toHaveLength(4);
    expect(Array.from(p.params[0].value)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const a = activationLayer({ id: "leaky-relu", params: { alpha: 0.2 } }, 4, "float64");
    expect(a).toBeInstanceOf(Activation);
    expect(Array.from(a.forward(new Float64Array([-1, 2])))).toEqual([-0.2, 2]);
  });
});

describe("buildNet(options) and the passes through it", () => {
  it("buildNet puts Dense → activation per hidden layer, then a linear output layer", () => {
    const net = buildNet({ inputs: 3, hidden: [4, 5], outputs: 2, act: { id: "tanh" }, init: "xavier", rng: createRng(1), dtype: "float64" });
    expect(net.model.layers).toHaveLength(5);
    expect(net.hidden.map((d) => [d.inputs, d.outputs])).toEqual([[3, 4], [4, 5]]);
    expect(net.model.layers[0]).toBe(net.hidden[0]);
    expect(net.model.layers[2]).toBe(net.hidden[1]);
    const out = net.model.layers[4] as Dense;
    expect([out.inputs, out.outputs]).toEqual([5, 2]);
    expect(buildNet({ inputs: 3, hidden: [4], outputs: 0, act: { id: "relu" }, init: "he", rng: createRng(1), dtype: "float64" }).model.layers).toHaveLength(2);
  });

  it("buildNet with init \"standard\" draws U[±1/√n] and fills the hidden biases with `bias`", () => {
    const net = buildNet({ inputs: 16, hidden: [64, 4], outputs: 2, act: { id: "relu" }, init: "standard", rng: createRng(3), dtype: "float64", bias: -0.5 });
    for (const [d, n] of [[net.hidden[0], 16], [net.hidden[1], 64]] as const) {
      const w = Array.from(d.weight.value);
      const a = 1 / Math.sqrt(n);
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(a);
      // 1,024 and 256 uniform draws: the largest comes close to the bound and both signs appear.
      expect(Math.max(...w)).toBeGreaterThan(0.9 * a);
      expect(Math.min(...w)).toBeLessThan(-0.9 * a);
      expect(Array.from(d.bias.value).every((b) => b === -0.5)).toBe(true);
    }
    const out = net.model.layers[4] as Dense;
    expect(Array.from(out.bias.value)).toEqual([0, 0]);
    // Without `bias` the hidden biases start at 0.
    const plain = buildNet({ inputs: 2, hidden: [3], outputs: 0, act: { id: "relu" }, init: "he", rng: createRng(3), dtype: "float64" });
    expect(Array.from(plain.hidden[0].bias.value)).toEqual([0, 0, 0]);
  });

  it("forwardAll returns every layer's output: the pre-activation, then the activation, of each hidden layer", async () => {
    const net = buildNet({ inputs: 2, hidden: [3], outputs: 2, act: { id: "relu" }, init: "he", rng: createRng(5), dtype: "float64" });
    const w = net.hidden[0].weight.value;
    w.set([1, -1, 0, 0, 2, -3]); // input i, unit j at [i·3 + j]
    const x = new Float64Array([1, 1, 2, -1]);
    const outs = forwardAll(net.model, x);
    expect(outs).toHaveLength(3);
    // Row 1: (1, 1) → (1, 1, −3); row 2: (2, −1) → (2, −4, 3).
    expect(Array.from(outs[0])).toEqual([1, 1, -3, 2, -4, 3]);
    expect(Array.from(outs[1])).toEqual([1, 1, 0, 2, 0, 3]);
    expect(outs[2]).toHaveLength(4);
    const t = new Ticker(1);
    const polled = await forwardAllPolling(net.model, x, t);
    expect(polled.map((o) => Array.from(o))).toEqual(outs.map((o) => Array.from(o)));
  });

  it("backwardPolling gives the same gradients as model.backward", async () => {
    const make = () => buildNet({ inputs: 2, hidden: [3], outputs: 2, act: { id: "tanh" }, init: "xavier", rng: createRng(7), dtype: "float64" });
    const a = make();
    const b = make();
    const x = new Float64Array([0.5, -1, 2, 0.25]);
    const dy = new Float64Array([1, -2, 0.5, 3]);
    a.model.forward(x);
    a.model.zeroGrad();
    a.model.backward(dy);
    b.model.forward(x);
    b.model.zeroGrad();
    await backwardPolling(b.model, dy, new Ticker(1));
    expect(Array.from(b.hidden[0].weight.grad)).toEqual(Array.from(a.hidden[0].weight.grad));
    expect(Array.from(b.hidden[0].weight.grad).some((g) => g !== 0)).toBe(true);
  });

  it("finiteModel is false as soon as one parameter is not finite", () => {
    const net = buildNet({ inputs: 2, hidden: [2], outputs: 2, act: { id: "relu" }, init: "he", rng: createRng(1), dtype: "float64" });
    expect(finiteModel(net.model)).toBe(true);
    (net.model.layers[2] as Dense).bias.value[1] = Infinity;
    expect(finiteModel(net.model)).toBe(false);
  });

  it("evaluate gives the mean cross-entropy and the accuracy", () => {
    const d = new Dense(2, 2, { rng: createRng(1) });
    d.weight.value.set([1, 0, 0, 1]); // identity: the logits are the inputs
    d.bias.value.fill(0);
    const model = new Sequential([d]);
    const x = new Float64Array([2, 0, 0, 3, 1, 0]);
    const { loss, accuracy } = evaluate(model, x, Int32Array.from([0, 1, 1]), 2);
    expect(accuracy).toBeCloseTo(2 / 3, 15);
    const ce = (logits: number[], k: number) => Math.log(logits.reduce((s, v) => s + Math.exp(v), 0)) - logits[k];
    expect(loss).toBeCloseTo((ce([2, 0], 0) + ce([0, 3], 1) + ce([1, 0], 1)) / 3, 12);
  });
});

/** A layer that passes its input on and records every row it saw (2 features = 2 logits). */
class Recorder implements Layer {
  readonly params = [];
  readonly rows: number[][] = [];
  forward(x: Float64Array | Float32Array) {
    for (let r = 0; r < x.length / 2; r++) this.rows.push([x[2 * r], x[2 * r + 1]]);
    return x;
  }
  backward(dy: Float64Array | Float32Array) {
    return dy;
  }
}

describe("Trainer", () => {
  const data = () => {
    const x = new Float64Array(14).map((_, i) => i); // 7 rows: (0, 1), (2, 3), … (12, 13)
    const labels = Int32Array.from([0, 1, 0, 1, 0, 1, 0]);
    return { x, labels };
  };

  it("epoch() shows every row once, in batches (the last one short), one optimiser step per batch", () => {
    const { x, labels } = data();
    const rec = new Recorder();
    let steps = 0;
    const tr = new Trainer(new Sequential([rec]), { step: () => steps++ }, x, labels, 2, 2, 3, createRng(1));
    tr.epoch();
    expect(steps).toBe(3); // 3 + 3 + 1
    expect(rec.rows.map((r) => r[0] / 2).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const [a, b] of rec.rows) expect(b).toBe(a + 1); // rows copied whole
    const first = rec.rows.map((r) => r[0]);
    tr.epoch();
    expect(steps).toBe(6);
    expect(rec.rows.slice(7).map((r) => r[0])).not.toEqual(first); // a fresh shuffle each epoch
  });

  it("epochPolling() does the same updates and lets an abort through", async () => {
    const { x, labels } = data();
    const rec = new Recorder();
    let steps = 0;
    const tr = new Trainer(new Sequential([rec]), { step: () => steps++ }, x, labels, 2, 2, 1, createRng(1));
    await tr.epochPolling(new Ticker(1));
    expect(steps).toBe(7);
    expect(rec.rows.map((r) => r[0] / 2).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // 20 rows with batch 1: an abort is seen after 8 updates.
    let more = 0;
    const long = new Trainer(new Sequential([new Recorder()]), { step: () => more++ }, new Float64Array(40), new Int32Array(20), 2, 2, 1, createRng(1));
    const ac = new AbortController();
    ac.abort();
    await expect(long.epochPolling(new Ticker(1, { signal: ac.signal }))).rejects.toBeInstanceOf(AbortError);
    expect(more).toBe(8);
  });

  it("a learnt α that stops being finite marks the trainer diverged and ends the epoch", async () => {
    const { x, labels } = data();
    const prelu = new PReLU(2, { perUnit: true, dtype: "float64" });
    let steps = 0;
    const opt = { step: () => (steps++, steps === 2 && (prelu.params[0].value[1] = NaN)) };
    const tr = new Trainer(new Sequential([prelu]), opt, x, labels, 2, 2, 2, createRng(1));
    expect(tr.diverged).toBe(false);
    tr.epoch();
    expect(tr.diverged).toBe(true);
    expect(steps).toBe(2);
    tr.epoch();
    expect(steps).toBe(2);
    await tr.epochPolling(new Ticker(1));
    expect(steps).toBe(2);
  });
});

describe("Ticker and AbortError", () => {
  it("advance() counts units up to the total and reports each with its label", async () => {
    const seen: Progress[] = [];
    const t = new Ticker(2, { onProgress: (p) => seen.push(p) });
    await t.advance("a");
    await t.advance();
    await t.advance("c");
    expect(seen).toEqual([
      { done: 1, total: 2, label: "a" },
      { done: 2, total: 2, label: undefined },
      { done: 2, total: 2, label: "c" },
    ]);
  });

  it("poll() throws an AbortError once the signal fires, and gives the event loop a turn every ~30 ms", async () => {
    const ac = new AbortController();
    const t = new Ticker(1, { signal: ac.signal });
    await t.poll();
    let ran = false;
    setTimeout(() => (ran = true), 0);
    const until = Date.now() + 40;
    while (Date.now() < until) {
      /* busy: a long computation */
    }
    await t.poll();
    expect(ran).toBe(true);
    ac.abort();
    const e = await t.poll().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(AbortError);
    expect(e).toMatchObject({ name: "AbortError", message: "the experiment was aborted" });
  });

  it("poll() does not yield when less than 30 ms have passed", async () => {
    const t = new Ticker(1);
    await t.poll(); // may yield: the ticker was made just now
    let ran = false;
    setTimeout(() => (ran = true), 0);
    await t.poll();
    expect(ran).toBe(false);
  });
});

describe("charts", () => {
  it("bandPoints: the median over seeds with the min–max band, finite values only, no band for one seed", () => {
    expect(bandPoints([1, 2], [[1, 5], [3, NaN], [2, 7]])).toEqual([
      { x: 1, y: 2, lo: 1, hi: 3 },
      { x: 2, y: 6, lo: 5, hi: 7, diverged: 1 },
    ]);
    expect(bandPoints([1, 2], [[4, 8]])).toEqual([{ x: 1, y: 4 }, { x: 2, y: 8 }]);
    // A column with no finite value is left out; positiveOnly also leaves out 0 and below.
    expect(bandPoints([1, 2, 3], [[NaN, 0, 2], [NaN, -1, 4]], true)).toEqual([{ x: 3, y: 3, lo: 2, hi: 4 }]);
    expect(bandPoints([1, 2], [[NaN, 0], [NaN, -1]])).toEqual([{ x: 2, y: -0.5, lo: -1, hi: 0 }]);
  });

  it("chart: 640×400 by default, heatmap and rules only when given", () => {
    const axis = { label: { en: "x", zh: "横轴" } };
    const c = chart({ id: "c", title: { en: "T", zh: "标题" }, x: axis, y: axis, series: [] });
    expect(c).toEqual({ kind: "chart", id: "c", title: { en: "T", zh: "标题" }, x: axis, y: axis, series: [], width: 640, height: 400 });
    const h = { xs: [1], ys: [2], values: [[3]], label: { en: "v", zh: "值" }, scheme: "sequential" as const };
    const d = chart({ id: "d", title: c.title, x: axis, y: axis, series: [], heatmap: h, rules: [{ y: 1 }], width: 300, height: 200 });
    expect(d).toMatchObject({ heatmap: h, rules: [{ y: 1 }], width: 300, height: 200 });
  });

  it("functionChart: one column per function with worded ticks, series side by side 0.22 apart (at most 0.7 over all)", () => {
    const c = functionChart({
      id: "f",
      title: { en: "T", zh: "标题" },
      y: { label: { en: "y", zh: "纵轴" } },
      functions: ["relu", "tanh"],
      series: [
        { name: "a", label: { en: "a", zh: "甲" }, values: (id) => (id === "relu" ? [1, 3] : [2]) },
        { name: "b", values: () => [5] },
      ],
      rules: [{ y: 1 }],
    });
    expect(c.x.label.en).toMatch(/^function/);
    expect(c.x.label.zh).toMatch(/^函数/);
    expect(c.x.ticks).toEqual([
      { value: 0, label: { en: "relu", zh: "relu" } },
      { value: 1, label: { en: "tanh", zh: "tanh" } },
    ]);
    expect(c.rules).toEqual([{ y: 1 }]);
    // two seeds: the interval of the median of [1, 3] is [1, 3] (each end has chance ¼)
    expect(c.series[0]).toEqual({ name: "a", label: { en: "a", zh: "甲" }, dots: true, points: [{ x: -0.11, y: 2, lo: 1, hi: 3 }, { x: 0.89, y: 2 }] });
    // a diverged seed is marked on the point and counted under the function's label
    const lost = functionChart({ id: "d", title: c.title, y: c.y, functions: ["relu", "elu"], series: [{ name: "s", values: (id) => (id === "relu" ? [1, 2, 3] : [1, NaN, NaN]) }] });
    expect(lost.x.ticks?.map((t) => t.label.en)).toEqual(["relu", "elu ✕2/3"]);
    expect(lost.series[0].points[1]).toEqual({ x: 1, y: 1, diverged: 2 });
    expect(c.series[1]).toEqual({ name: "b", dots: true, points: [{ x: 0.11, y: 5 }, { x: 1.11, y: 5 }] });
    expect("rules" in functionChart({ id: "g", title: c.title, y: c.y, functions: ["relu"], series: [] })).toBe(false);
    // One series sits on its tick; four are 0.7 / 4 = 0.175 apart; positiveOnly drops 0 and below.
    const one = functionChart({ id: "g", title: c.title, y: c.y, functions: ["relu", "elu"], series: [{ name: "s", values: (id) => (id === "relu" ? [2] : [0]) }], positiveOnly: true });
    expect(one.series[0].points).toEqual([{ x: 0, y: 2 }]);
    const four = functionChart({ id: "h", title: c.title, y: c.y, functions: ["relu"], series: range(4).map((j) => ({ name: `${j}`, values: () => [j + 1] })) });
    expect(four.series.map((s) => s.points[0].x)).toEqual([-0.2625, -0.0875, 0.0875, 0.2625].map((v) => expect.closeTo(v, 12)));
  });
});

describe("defineExperiment(def)", () => {
  const toy = (seen: number[] = []) =>
    defineExperiment<{ n: number; mode: string; xs: number[]; tags: string[] }, number>({
      id: "toy",
      title: { en: "Toy", zh: "玩具" },
      claim: { en: "a claim long enough", zh: "主张", article: "文章", functions: [] },
      options: [
        { name: "n", type: "integer", default: 3, quick: 1, min: 1, max: 10, description: { en: "n", zh: "数" } },
        { name: "mode", type: "string", default: "a", choices: ["a", "b"], description: { en: "mode", zh: "模式" } },
        { name: "xs", type: "list", integer: true, default: [1, 2], min: 0, max: 5, description: { en: "xs", zh: "列表" } },
        { name: "tags", type: "list", default: ["p"], description: { en: "tags", zh: "标签" } },
        { name: "rate", type: "number", default: 0.5, min: 0, max: 1, description: { en: "rate", zh: "比率" } },
      ],
      seeds: { default: 4, quick: 2 },
      units: (o) => o.n,
      async seed(o, seed, t) {
        seen.push(seed);
        for (let i = 0; i < o.n; i++) await t.advance(`unit ${i}`);
        return seed * 10 + o.n;
      },
      result(o, _seeds, perSeed) {
        const s: Record<string, Summary> = {};
        put(s, "v", perSeed);
        return { summary: s, quantities: { v: { label: { en: "v", zh: "值" } } }, figures: [], verdict: verdictOf("holds", { en: "r", zh: "规" }, { en: "b", zh: "因" }), table: { relu: { x: { ...s.v, median: o.n } } } };
      },
    });

  it("resolveOptions fills defaults (quick values with quick: true) and checks each kind of option", () => {
    const e = toy();
    expect(resolveOptions(e)).toEqual({ n: 3, mode: "a", xs: [1, 2], tags: ["p"], rate: 0.5 });
    expect(resolveOptions(e, {}, true)).toMatchObject({ n: 1, mode: "a", xs: [1, 2] });
    expect(resolveOptions(e, { n: " 7 ", rate: "1", xs: "0, ,5", tags: "q,r" })).toEqual({ n: 7, mode: "a", xs: [0, 5], tags: ["q", "r"], rate: 1 });
    expect(resolveOptions(e, { xs: 4 }).xs).toEqual([4]);
    expect(() => resolveOptions(e, { n: " " })).toThrow(/experiment toy: invalid --n:   \(must be a number\)/);
    expect(() => resolveOptions(e, { n: 0 })).toThrow(/invalid --n: 0 \(must be ≥ 1\)/);
    expect(() => resolveOptions(e, { n: 11 })).toThrow(/invalid --n: 11 \(must be ≤ 10\)/);
    expect(resolveOptions(e, { n: 10, rate: 0 })).toMatchObject({ n: 10, rate: 0 });
    expect(() => resolveOptions(e, { rate: 1.5 })).toThrow(/invalid --rate: 1.5 \(must be ≤ 1\)/);
    expect(() => resolveOptions(e, { rate: Infinity })).toThrow(/invalid --rate: Infinity \(must be a number\)/);
    expect(() => resolveOptions(e, { mode: 3 })).toThrow(/invalid --mode: 3 \(must be text\)/);
    expect(() => resolveOptions(e, { mode: "c" })).toThrow(/invalid --mode: c \(use one of a, b\)/);
    expect(() => resolveOptions(e, { xs: "1,6" })).toThrow(/invalid --xs: 1,6 \(must be ≤ 5\)/);
    expect(() => resolveOptions(e, { xs: [1, 1.5] })).toThrow(/invalid --xs: 1,1.5 \(must be an integer\)/);
    expect(() => resolveOptions(e, { xs: " , " })).toThrow(/invalid --xs:  ,  \(must be a non-empty list\)/);
    expect(() => resolveOptions(e, { xs: {} })).toThrow(/must be a non-empty list/);
    // Numbers may repeat in a list; names may not.
    expect(resolveOptions(e, { xs: "2,2" }).xs).toEqual([2, 2]);
    expect(() => resolveOptions(e, { tags: "q,q" })).toThrow(/invalid --tags: q,q \(items must not repeat\)/);
    expect(() => resolveOptions(e, { m: 1 })).toThrow(/experiment toy: unknown option --m \(options: --n, --mode, --xs, --tags, --rate\)/);
  });

  it("resolveOptions names no options as \"none\" for an experiment without any", () => {
    const bare = defineExperiment<Record<string, never>, number>({ ...toy(), options: [], seeds: { default: 1, quick: 1 }, units: () => 1, seed: async () => 1, result: () => ({ summary: {}, quantities: {}, figures: [], verdict: verdictOf("holds", { en: "", zh: "" }, { en: "", zh: "" }) }) });
    expect(() => resolveOptions(bare, { x: 1 })).toThrow(/unknown option --x \(options: none\)/);
  });

  it("run() runs seeds 1…n (the experiment's default, or its quick number) and reports progress over all of them", async () => {
    const seen: number[] = [];
    const e = toy(seen);
    expect(e.seeds).toEqual({ default: 4, quick: 2 });
    const progress: Progress[] = [];
    const r = await e.run({ n: 2 }, { onProgress: (p) => progress.push(p) });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(r.seeds).toEqual([1, 2, 3, 4]);
    expect(r.perSeed).toEqual([12, 22, 32, 42]);
    expect(r.summary.v).toMatchObject({ median: 27, min: 12, max: 42, n: 4, diverged: 0 });
    expect(r.config).toMatchObject({ n: 2 });
    expect(r.table?.relu.x.median).toBe(2);
    expect(r.seconds).toBeGreaterThanOrEqual(0);
    expect(progress.map((p) => `${p.done}/${p.total} ${p.label}`)).toEqual(["1/8 unit 0", "2/8 unit 1", "3/8 unit 0", "4/8 unit 1", "5/8 unit 0", "6/8 unit 1", "7/8 unit 0", "8/8 unit 1"]);
    seen.length = 0;
    const q = await e.run({}, { quick: true });
    expect(seen).toEqual([1, 2]);
    expect(q.perSeed).toEqual([11, 21]); // quick: n = 1
    seen.length = 0;
    await e.run({}, { seeds: 3, quick: true });
    expect(seen).toEqual([1, 2, 3]);
    await e.run({}, { seeds: 1000 });
  });

  it("run() refuses a number of seeds outside 1…1000 or not whole, before any work", async () => {
    const seen: number[] = [];
    const e = toy(seen);
    for (const n of [0, 1001, 2.5, NaN]) await expect(e.run({}, { seeds: n })).rejects.toThrow(new RegExp(`experiment toy: invalid seeds: ${n} \\(must be an integer from 1 to 1000\\)`));
    expect(seen).toEqual([]);
  });

  it("runSeed(options, seed) refuses a seed that is not a safe integer and stops at once when already aborted", async () => {
    const seen: number[] = [];
    const e = toy(seen);
    await expect(e.runSeed({}, 1.5)).rejects.toThrow(/experiment toy: invalid seed: 1.5 \(must be an integer\)/);
    await expect(e.runSeed({}, 2 ** 53)).rejects.toThrow(/invalid seed/);
    const ac = new AbortController();
    ac.abort();
    await expect(e.runSeed({}, 1, { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual([]);
    expect(await e.runSeed({ n: 5 }, 7)).toBe(75);
    expect(await e.runSeed({}, 7, { quick: true })).toBe(71);
  });

  it("summarise(options, seeds, perSeed, seconds) needs one result per seed and at least one seed", () => {
    const e = toy();
    const r = e.summarise({ n: 2 }, [5, 6], [1, 3], 1.5);
    expect(r).toMatchObject({ id: "toy", seeds: [5, 6], perSeed: [1, 3], seconds: 1.5, summary: { v: { median: 2, min: 1, max: 3 } } });
    expect(r.config).toEqual({ n: 2, mode: "a", xs: [1, 2], tags: ["p"], rate: 0.5 });
    expect(() => e.summarise({}, [], [], 0)).toThrow(/experiment toy: need one result per seed \(got 0 for 0 seeds\)/);
    expect(() => e.summarise({}, [1, 2], [1], 0)).toThrow(/got 1 for 2 seeds/);
  });
});
