import { describe, expect, it } from "vitest";
import { getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import { chooseLr, widenSides } from "../../packages/actlab/src/experiments/convergence.js";
import { expectPlainResult } from "./shape.js";

const exp = getExperiment("convergence");
const summarise = (options: Record<string, unknown>, perSeed: unknown[]) => exp.summarise(resolveOptions(exp, options), perSeed.map((_, i) => i + 1), perSeed, 0);
const trials = (pairs: [number, number | null][], diverged: number[] = []) => pairs.map(([lr, updates]) => ({ lr, updates, diverged: diverged.includes(lr) }));

describe("convergence: widening the learning-rate grid", () => {
  it("extends the end where the fewest updates sit, and stops once the best rate is interior", () => {
    expect(widenSides(trials([[0.1, 300], [0.3, 120], [1, 60]]))).toEqual({ low: false, high: true });
    expect(widenSides(trials([[0.1, 50], [0.3, 120], [1, null]]))).toEqual({ low: true, high: false });
    expect(widenSides(trials([[0.1, 300], [0.3, 60], [1, 200]]))).toEqual({ low: false, high: false });
    // none reached: a blown-up top rate says "too large" (go down), else "too small" (go up)
    expect(widenSides(trials([[0.1, null], [0.3, null]], [0.3]))).toEqual({ low: true, high: false });
    expect(widenSides(trials([[0.1, null], [0.3, null]]))).toEqual({ low: false, high: true });
  });

  it("a seed's run widens until its best rate is interior, within the bound", async () => {
    // ReLU on spiral with momentum: 0.003 is far too slow for 300 updates, so the grid must grow upwards
    const r = await exp.run({ functions: "relu", tasks: "spiral", spiralLrs: "0.003,0.009", widen: 3, spiralUpdates: 300 }, { seeds: 1 });
    const tried = (r.perSeed[0] as { spiral: { relu: { lr: number; updates: number | null }[] } }).spiral.relu;
    expect(tried.length).toBeGreaterThan(2);
    expect(tried.length).toBeLessThanOrEqual(5); // at most 3 extensions on the side that needs them
    const reached = tried.filter((t) => t.updates !== null).map((t) => t.updates as number);
    const best = tried.findIndex((t) => t.updates === Math.min(...reached));
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(tried.length - 1);
    expect(r.rows?.["spiral.relu"].en).not.toContain("edge");
  }, 30_000);

  it("chooses the rate with the fewest median updates, counting a seed that did not reach the target as never", () => {
    const per = [
      { spiral: { tanh: trials([[0.1, 100], [0.3, 50], [1, null]]) } },
      { spiral: { tanh: trials([[0.1, 110], [0.3, null], [1, null]]) } },
      { spiral: { tanh: trials([[0.1, 90], [0.3, null], [1, 40]]) } },
    ];
    // 0.3: median of (50, ∞, ∞) = ∞; 0.1: 100
    expect(chooseLr(per, "spiral", "tanh")).toMatchObject({ lr: 0.1, interior: false, reached: true });
  });
});

describe("convergence: verdicts on the paired ratio of updates", () => {
  const seed = (relu: number | null, tanh: number | null, sigmoid: number | null) => ({
    spiral: {
      relu: trials([[0.03, 400], [0.1, relu], [0.3, 500]]),
      tanh: trials([[0.03, 900], [0.1, tanh], [0.3, 950]]),
      sigmoid: trials([[0.1, null], [0.3, sigmoid], [1, null]]),
    },
  });

  it("holds for tanh when every paired ratio clears 3×, shows the chosen rates and counts seeds that never reached the target", () => {
    const per = [
      [100, 400, null],
      [80, 360, 700],
      [120, 420, 800],
      [90, 330, 900],
      [110, 500, null],
    ].map(([a, b, c]) => seed(a, b, c));
    const r = summarise({ functions: "relu,tanh,sigmoid", tasks: "spiral", spiralUpdates: 1200 }, per);
    expectPlainResult(r);
    const parts = Object.fromEntries((r.verdict.parts ?? []).map((p) => [p.id, p]));
    expect(parts["spiral-tanh"].verdict).toBe("holds");
    // sigmoid reached the target in 3 seeds of 5 at its best rate: fewer than 80 %, too few to decide
    expect(r.summary["spiral.sigmoid.updates"]).toMatchObject({ median: 800, n: 3, diverged: 2 });
    expect(parts["spiral-sigmoid"].verdict).toBe("inconclusive");
    expect(parts["spiral-sigmoid"].because.en).toContain("(2 of 5 did not reach the target)");
    expect(parts["spiral-sigmoid"].because.zh).toContain("（5 个种子中 2 个未达到目标）");
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.verdict.because.en).toContain("chosen learning rates: spiral: relu 0.1, tanh 0.1, sigmoid 0.3.");
    expect(r.rows?.["spiral.tanh"].en).toBe("tanh on spiral at its chosen lr 0.1");
    expect(r.table?.tanh.updatesVsRelu.median).toBeCloseTo(4, 9);
    expect(r.table?.sigmoid.updatesVsRelu.verdict).toBe("inconclusive");
    // ReLU's "收敛速度快" is tanh's and sigmoid's parts together: here they differ
    expect(r.table?.relu.updatesVsRelu.verdict).toBe("mixed");
    expect(r.verdict.rule.en).toContain("at or above 3×");
  });

  it("does not hold when the ratio's interval lies below the factor, and is inconclusive when it straddles it", () => {
    const below = [100, 80, 120, 90, 110].map((x) => seed(x, 2 * x, 2 * x));
    expect(summarise({ functions: "relu,tanh,sigmoid", tasks: "spiral" }, below).verdict.verdict).toBe("does-not-hold");
    const straddle = [2, 4, 2.5, 3.5, 3, 2.8, 3.3].map((k) => seed(100, 100 * k, 100 * k));
    expect(summarise({ functions: "relu,tanh,sigmoid", tasks: "spiral" }, straddle).verdict.verdict).toBe("inconclusive");
  });
});

describe("convergence: quick run", () => {
  it("ReLU reaches 5% training error on spiral in every seed, in fewer updates than tanh and sigmoid", async () => {
    const r = await exp.run({}, { quick: true });
    expectPlainResult(r);
    expect(r.summary["spiral.relu.updates"].diverged).toBe(0);
    expect(r.summary["spiral.relu.updates"].max).toBeLessThanOrEqual(300);
    // tanh: the paired ratio of the seeds that reached the target is above 1 in each of them
    expect(r.summary["spiral.tanh.vsRelu"].min).toBeGreaterThan(1.5);
    // sigmoid does not reach the target within the quick budget in any seed: counted, not dropped
    expect(r.summary["spiral.sigmoid.updates"].n + r.summary["spiral.sigmoid.updates"].diverged).toBe(3);
  }, 30_000);
});
