import { describe, expect, it } from "vitest";
import { DIGITS_TEST_COUNT, digitsSplit, getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import { splitOfSeed } from "../../packages/actlab/src/experiments/digits.js";
import { expectPlainResult } from "./shape.js";

const exp = getExperiment("digits");
const summarise = (options: Record<string, unknown>, perSeed: unknown[]) => exp.summarise(resolveOptions(exp, options), perSeed.map((_, i) => i + 1), perSeed, 0);
/** A seed's made-up run: final test accuracy per function (epochs: 1). */
const seed = (acc: Record<string, number>, split = 0) => ({ split, runs: Object.fromEntries(Object.entries(acc).map(([id, a]) => [id, { test: [0.1, a], train: a }])) });

describe("digits: seeded splits", () => {
  it("ten seeds cover five splits twice, split 0 being the fixed one", () => {
    expect(Array.from({ length: 10 }, (_, i) => splitOfSeed(i + 1, 5))).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    const fixed = digitsSplit();
    expect(digitsSplit({ split: 0 }).testRows).toEqual(fixed.testRows);
    const other = digitsSplit({ split: 3 });
    expect(other.test.labels.length).toBe(DIGITS_TEST_COUNT);
    expect(other.train.labels.length).toBe(1797 - DIGITS_TEST_COUNT);
    // another split of the same images: the test rows differ, train and test stay disjoint
    expect(other.testRows).not.toEqual(fixed.testRows);
    const test = new Set(other.testRows);
    expect(other.trainRows.some((r) => test.has(r))).toBe(false);
    expect(() => digitsSplit({ split: -1 })).toThrow(RangeError);
  });
});

describe("digits: the ReLU − sigmoid gap on its paired interval against 1 point", () => {
  it("holds when every seed's gap clears 1 point, even if the medians of the two overlap in range", () => {
    // ReLU 2 points above sigmoid on every split, while the splits move both by ±3 points
    const per = [0.9, 0.93, 0.96, 0.91, 0.94].map((s) => seed({ relu: s + 0.02, sigmoid: s }));
    const r = summarise({ functions: "relu,sigmoid", epochs: 1 }, per);
    expectPlainResult(r);
    expect(r.summary["relu.gapPoints"].median).toBeCloseTo(2, 9);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.rule.en).toContain("One of the 450 test images is 0.222 points.");
    expect(r.verdict.because.en).toContain("paired by seed: 2 [2, 2] points");
    expect(r.table?.relu.digitsAccuracy.n).toBe(5);
  });

  it("is inconclusive when the interval straddles 1 point, and does not hold when it lies below", () => {
    const straddle = [0, 0.5, 1, 1.5, 2, 0.25, 1.75].map((g) => seed({ relu: 0.9 + g / 100, sigmoid: 0.9 }));
    const s = summarise({ functions: "relu,sigmoid", epochs: 1 }, straddle);
    expect(s.verdict.verdict).toBe("inconclusive");
    expect(s.verdict.because.en).toContain("More seeds or a larger scale would decide.");
    expect(s.verdict.because.zh).toContain("更多种子或更大规模的实验才能判定");
    const below = [0, 0.2, 0.4, 0.1, 0.3].map((g) => seed({ relu: 0.9 + g / 100, sigmoid: 0.9 }));
    expect(summarise({ functions: "relu,sigmoid", epochs: 1 }, below).verdict.verdict).toBe("does-not-hold");
  });

  it("counts a diverged seed and is inconclusive when fewer than 80 % finished", () => {
    const per = [0.95, NaN, NaN, 0.96, 0.97].map((a) => seed({ relu: a, sigmoid: 0.9 }));
    const r = summarise({ functions: "relu,sigmoid", epochs: 1 }, per);
    expect(r.summary["relu.testAccuracy"].diverged).toBe(2);
    expect(r.summary["relu.gapPoints"].diverged).toBe(2);
    expect(r.verdict.verdict).toBe("inconclusive");
    expect(r.verdict.because.en).toContain("(2 of 5 diverged)");
  });
});

describe("digits: quick run", () => {
  it("ReLU learns the real digits far above chance and above sigmoid within 3 epochs (sigmoid converges slower), on three splits", async () => {
    const r = await exp.run({}, { quick: true });
    expectPlainResult(r);
    expect(r.seeds).toEqual([1, 2, 3]);
    expect((r.perSeed as { split: number }[]).map((s) => s.split)).toEqual([0, 1, 2]);
    expect(r.summary["relu.testAccuracy"].median).toBeGreaterThan(0.9);
    // every seed's paired gap is positive: the interval's low end
    expect(r.summary["relu.gapPoints"].ci[0]).toBeGreaterThan(1);
    expect(r.verdict.parts?.map((p) => p.id)).toEqual(["relu-sigmoid"]);
  }, 30_000);
});
