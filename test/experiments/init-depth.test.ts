import { describe, expect, it } from "vitest";
import { getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import { expectPlainResult } from "./shape.js";

const exp = getExperiment("init-depth");
const ln3 = Math.log(3);
const summarise = (options: Record<string, unknown>, perSeed: unknown[]) => exp.summarise(resolveOptions(exp, options), perSeed.map((_, i) => i + 1), perSeed, 0);
/** A seed's made-up curves at one depth: [loss at init, loss after the epoch] per optimiser and init. */
const seed = (sgd: { he: number; lecun: number }, adam: { he: number; lecun: number }) => ({
  sgd: { he: [[ln3, sgd.he]], lecun: [[ln3, sgd.lecun]] },
  adam: { he: [[ln3, adam.he]], lecun: [[ln3, adam.lecun]] },
});

describe("init-depth: SGD (the claim) and Adam (the control), each with its own verdict", () => {
  it("SGD holds and Adam does not when Adam trains the 1/n net: mixed overall, from intervals over seeds", () => {
    const per = [0.6, 0.65, 0.7, 0.55, 0.62].map((he, i) => seed({ he, lecun: ln3 - 0.0001 * i }, { he: 0.09, lecun: 0.17 + 0.01 * i }));
    const r = summarise({ depths: "30", epochs: 1 }, per);
    expectPlainResult(r);
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["sgd", "holds"],
      ["adam", "does-not-hold"],
    ]);
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.summary["adam.lecun.depth30.lowestLoss"].median).toBeCloseTo(0.19, 9);
    expect(r.rows?.["adam.lecun.depth30"]).toEqual({ en: "Adam, 1/n init, depth 30", zh: "Adam，1/n 初始化，深度 30" });
    expect(r.verdict.rule.en).toContain("wholly at or below 0.9·ln 3");
    expect(r.verdict.because.en).toContain("Adam (lr 0.001), depth 30, lowest loss, median [95% interval]: He 0.09 [0.09, 0.09] (learns: holds), 1/n 0.19 [0.17, 0.21] (stalls: does not hold; the 1/n net learnt in 5 of 5 seeds).");
  });

  it("a part is inconclusive when an interval straddles its threshold or the seeds diverged", () => {
    const straddle = [0.5, 1.05, 0.98, 1.0, 0.97].map((he) => seed({ he, lecun: ln3 }, { he: 0.1, lecun: ln3 }));
    expect(summarise({ depths: "30", epochs: 1 }, straddle).verdict.parts?.[0].verdict).toBe("inconclusive");
    const lost = [NaN, NaN, 0.5, 0.5, 0.5].map((he) => seed({ he, lecun: ln3 }, { he: 0.1, lecun: ln3 }));
    const r = summarise({ depths: "30", epochs: 1 }, lost);
    expect(r.summary["sgd.he.depth30.lowestLoss"].diverged).toBe(2);
    expect(r.verdict.parts?.[0].verdict).toBe("inconclusive");
    expect(r.verdict.because.en).toContain("(2 of 5 diverged)");
  });

  it("quick: at depth 30, 1/n stalls at ln 3 under SGD while He's loss falls, on every seed", async () => {
    const r = await exp.run({}, { quick: true });
    expectPlainResult(r);
    const lecun = r.summary["sgd.lecun.depth30.lowestLoss"];
    const he = r.summary["sgd.he.depth30.lowestLoss"];
    expect(lecun.n).toBe(3);
    // the signal halves in each of 30 layers (variance ½ per layer): the output is ≈ the bias, loss ≈ ln 3
    expect(lecun.min).toBeGreaterThan(0.95 * ln3);
    expect(he.max).toBeLessThan(lecun.min - 0.05);
    expect(r.verdict.parts?.find((p) => p.id === "sgd")?.verdict).toBe("holds");
  }, 30_000);

  it("Adam trains the 1/n depth-30 net that SGD cannot (the claim holds for SGD only)", async () => {
    const r = await exp.run({ depths: [30], epochs: 40, points: 150 }, { seeds: 2 });
    expect(r.summary["sgd.lecun.depth30.lowestLoss"].min).toBeGreaterThan(0.95 * ln3);
    expect(r.summary["adam.lecun.depth30.lowestLoss"].min).toBeLessThan(0.8 * ln3);
  }, 60_000);
});
