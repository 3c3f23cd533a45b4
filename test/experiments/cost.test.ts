import { describe, expect, it } from "vitest";
import { getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import { roundOrder } from "../../packages/actlab/src/experiments/cost.js";
import { expectPlainResult } from "./shape.js";

const exp = getExperiment("cost");
const summarise = (options: Record<string, unknown>, perSeed: unknown[]) => exp.summarise(resolveOptions(exp, options), perSeed.map((_, i) => i + 1), perSeed, 0);
/** A made-up round: ns per element at the two lengths and µs per step at the two widths, per function. */
const round = (kernel: Record<string, number>, step: Record<string, number>) => ({
  backend: "wasm",
  order: Object.keys(kernel),
  kernelNs: Object.fromEntries(Object.entries(kernel).map(([id, v]) => [id, [v, v]])),
  stepUs: Object.fromEntries(Object.entries(step).map(([id, v]) => [id, [v, v]])),
});
const opts = { functions: "relu,sigmoid,elu", lengths: "16,64", widths: "8,16" };

describe("cost: rounds interleave the functions", () => {
  it("rotates the order so that each function is timed first once in every n rounds", () => {
    const f = ["relu", "sigmoid", "elu"];
    const orders = [1, 2, 3, 4].map((r) => roundOrder(f, r));
    expect(orders).toEqual([f, ["sigmoid", "elu", "relu"], ["elu", "relu", "sigmoid"], f]);
    expect(new Set(orders.slice(0, 3).map((o) => o[0])).size).toBe(3);
  });

  it("each round times every function once, in its rotated order", async () => {
    const r = await exp.run({ functions: "relu,sigmoid,elu", lengths: "16,64", repeats: 2, steps: 1, widths: "2,3" }, { seeds: 2 });
    expect((r.perSeed as { order: string[] }[]).map((s) => s.order)).toEqual([
      ["relu", "sigmoid", "elu"],
      ["sigmoid", "elu", "relu"],
    ]);
    expectPlainResult(r);
  });
});

describe("cost: verdicts from the interval of the per-round ratio", () => {
  it("a slow round for every function cancels in the ratio: the interval stays tight and decides", () => {
    // round 3 runs on a loaded machine (everything ×3): a ratio per round is unaffected
    const per = [1, 1.1, 3, 0.95, 1.05].map((load) => round({ relu: load, sigmoid: 3 * load, elu: 2.5 * load }, { relu: 10 * load, sigmoid: 13 * load, elu: 11 * load }));
    const r = summarise(opts, per);
    expectPlainResult(r);
    expect(r.summary["sigmoid.kernelVsRelu"].ci[0]).toBeCloseTo(3, 9);
    expect(r.summary["sigmoid.kernelVsRelu"].ci[1]).toBeCloseTo(3, 9);
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["sigmoid-kernel", "holds"],
      ["sigmoid-step", "holds"],
      ["elu-kernel", "holds"],
      ["elu-step", "does-not-hold"],
    ]);
    expect(r.verdict.verdict).toBe("mixed");
    // the table's cells carry the verdict of the article's statement: exp-based functions cost more,
    // and ReLU's own "fast" (计算速度非常快) holds where every exp-based part does
    expect(r.table?.elu.costStepVsRelu.verdict).toBe("does-not-hold");
    expect(r.table?.relu.costKernelVsRelu.verdict).toBe("holds");
    expect(r.table?.relu.costStepVsRelu.verdict).toBe("mixed");
    expect(r.verdict.because.en).toContain("elu ÷ ReLU per training step (width 16), median [95% interval] over 5 rounds: 1.1 [1.1, 1.1]×: does not hold.");
    expect(r.verdict.because.zh).toContain("elu 训练步时间为 ReLU 的 1.1 [1.1, 1.1] 倍");
  });

  it("is inconclusive when the per-round ratio straddles the threshold", () => {
    const per = [1.1, 1.3, 1.15, 1.25, 1.2, 1.22, 1.18].map((s) => round({ relu: 1, sigmoid: 3, elu: 3 }, { relu: 10, sigmoid: 10 * s, elu: 13 }));
    const r = summarise(opts, per);
    expect(r.verdict.parts?.find((p) => p.id === "sigmoid-step")?.verdict).toBe("inconclusive");
    expect(r.verdict.parts?.find((p) => p.id === "sigmoid-step")?.because.en).toContain("More rounds would decide.");
  });

  it("without ReLU nothing is compared: inconclusive, and says so", () => {
    const r = summarise({ functions: "sigmoid", lengths: "16,64", widths: "8,16" }, [round({ sigmoid: 3 }, { sigmoid: 10 })]);
    expect(r.verdict.verdict).toBe("inconclusive");
    expect(r.verdict.because.en).toContain("nothing is compared");
    expect(r.figures.map((f) => f.id)).toEqual(["cost-kernel"]);
  });
});

describe("cost: quick run", () => {
  it("an exp-based kernel costs more per element than ReLU's in every round", async () => {
    const r = await exp.run({}, { quick: true });
    expectPlainResult(r);
    expect(r.summary["sigmoid.kernelVsRelu"].min).toBeGreaterThan(1);
    expect(r.summary["elu.kernelVsRelu"].min).toBeGreaterThan(1);
    expect(r.summary["relu.kernelVsRelu"].median).toBe(1);
  }, 30_000);
});
