import { describe, expect, it } from "vitest";
import { quantile } from "../../packages/actlab/src/experiments/common.js";
import { getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import { quantileOf } from "../../packages/actlab/src/experiments/saturation.js";
import { createRng } from "../../packages/actlab/src/train/rng.js";

// Glorot and Bengio (2010), Figure 2: the top hidden layer of a sigmoid net with the standard init
// goes to 0 within the first epochs and leaves that saturation slowly. A rate whose net stays at
// chance says nothing about it.

describe("quantileOf (selection instead of a sort)", () => {
  it("gives what quantile gives on the sorted values, with ties and at the ends", () => {
    const rng = createRng(7);
    for (const n of [1, 2, 3, 10, 101, 3000]) {
      for (const ties of [false, true]) {
        const v = Float64Array.from({ length: n }, () => (ties ? rng.int(0, 5) : rng.random()));
        const sorted = Float64Array.from(v).sort();
        for (const p of [0, 0.02, 0.5, 0.98, 1]) expect(quantileOf(Float64Array.from(v), p)).toBe(quantile(sorted, p));
      }
    }
    expect(quantileOf(Float64Array.of(4, 1, 3, 2), 0.5)).toBe(2.5);
    expect(quantileOf(new Float64Array(0), 0.5)).toBeNaN();
  });
});

describe("saturation: escape and the seeds that never escaped", () => {
  const e = getExperiment("saturation");
  const opts = resolveOptions(e, { depth: 2, lrs: "1", epochs: 20 });
  const stats = (top: number) => ({ mean: [0.5, top], p2: [0.4, top], p98: [0.6, top] });
  const run = (tops: (e: number) => number, entry: number | null, escape: number | null, finalError = 0.05) => [
    { lr: 1, stats: Array.from({ length: 21 }, (_, k) => stats(tops(k))), error: Array.from({ length: 21 }, (_, k) => (k < 20 ? 0.9 : finalError)), entry, escape, diverged: false },
  ];
  it("a seed that never escaped counts the whole budget as a lower bound, not as diverged", () => {
    const perSeed = Array.from({ length: 10 }, (_, k) => (k < 5 ? run((t) => (t === 0 ? 0.5 : t < 15 ? 0.01 : 0.3), 1, 15) : run((t) => (t === 0 ? 0.5 : 0.01), 1, null)));
    const r = e.summarise(opts, perSeed.map((_, i) => i + 1), perSeed, 0);
    expect(r.summary["sigmoid@lr1.escapeEpoch"]).toMatchObject({ median: 15, n: 5, diverged: 0 });
    expect(r.summary["sigmoid@lr1.saturatedEpochs"]).toMatchObject({ min: 14, max: 20, n: 10, diverged: 0 });
    expect(r.verdict.verdict).toBe("holds");
  });
  it("a layer that never went below 0.05 in the first 5 epochs does not hold, even if it saturates later", () => {
    const perSeed = Array.from({ length: 10 }, () => run((t) => (t < 8 ? 0.3 : 0.01), 8, null));
    const r = e.summarise(opts, perSeed.map((_, i) => i + 1), perSeed, 0);
    expect(r.verdict.parts?.find((p) => p.id === "saturates@lr1")?.verdict).toBe("does-not-hold");
    // the verdict's sentence names the parts in words, not by their ids
    expect(r.verdict.because.en).toMatch(/^lr 1, saturates early: /);
    expect(r.verdict.because.zh).toMatch(/^学习率 1，早期饱和：/);
    expect(r.verdict.because.zh).toContain("学习率 1，恢复缓慢：");
    expect(r.verdict.because.zh).not.toContain("@lr");
  });
});
