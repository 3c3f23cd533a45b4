import { describe, expect, it } from "vitest";
import { bornDeadAtOneInput, getExperiment } from "../../packages/actlab/src/experiments/index.js";
import { expectPlainResult } from "./shape.js";

// Lu et al. (2019): a bias-free ReLU net of fixed width dies at init with probability → 1 as the
// depth grows. At one given input each layer is all-zero with chance 2⁻ᴺ, so 1 − (1 − 2⁻ᴺ)ᴸ bounds
// the chance of being dead at every input from above — the dashed curve, not Lu et al.'s result.

describe("born-dead", () => {
  it("quick run: the Monte Carlo estimate lies under the one-input upper bound, rises with depth, falls with width", async () => {
    const r = await getExperiment("born-dead").run({}, { quick: true });
    expectPlainResult(r);
    expect(r.seeds).toHaveLength(3);
    // N = 2, L = 20: the bound is 1 − (3/4)²⁰ ≈ 0.997; with 600 nets the interval reaches it or lies below.
    const s = r.summary["N2@L20.pBornDead"];
    expect(s.ci[0]).toBeLessThanOrEqual(bornDeadAtOneInput(2, 20));
    expect(s.median).toBeGreaterThan(0.9);
    expect(r.summary["N5@L2.pBornDead"].median).toBeLessThan(0.05);
    expect(r.summary["N2@L20.upperBound"].median).toBe(bornDeadAtOneInput(2, 20));
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["narrow-deep-dies", "holds"],
      ["rises-with-depth", "holds"],
      ["falls-with-width", "holds"],
    ]);
    expect(r.verdict.verdict).toBe("holds");
    const dashed = r.figures[0].series.filter((x) => x.dash);
    expect(dashed.every((x) => x.label?.en.endsWith("upper bound (one input)") && x.label.zh.endsWith("上界（单个输入）"))).toBe(true);
    expect(r.verdict.rule.en).toContain("an upper bound, not a result of Lu et al.");
  }, 60_000);

  it("the verdict rests on the interval: a cell on the threshold is inconclusive, one wholly below does not hold", () => {
    const e = getExperiment("born-dead");
    const o = { widths: "2", depths: "2,10", nets: 100 };
    // Five seeds straddling 0.5 at L = 10.
    const straddle = e.summarise(o, [1, 2, 3, 4, 5], [0.3, 0.45, 0.5, 0.55, 0.7].map((p) => [[0.1, p]]), 0);
    expect(straddle.verdict.parts?.[0].verdict).toBe("inconclusive");
    expect(straddle.verdict.parts?.[0].because.en).toContain("more seeds or nets would decide");
    const low = e.summarise(o, [1, 2, 3], [0.2, 0.25, 0.3].map((p) => [[0.1, p]]), 0);
    expect(low.verdict.parts?.[0].verdict).toBe("does-not-hold");
    // One width: no width part; depth rises by 0.15 [0.1, 0.2] ≥ 0.1.
    expect(low.verdict.parts?.map((p) => p.id)).toEqual(["narrow-deep-dies", "rises-with-depth"]);
    expect(low.verdict.parts?.[1].verdict).toBe("holds");
    expect(low.verdict.verdict).toBe("mixed");
  });
});
