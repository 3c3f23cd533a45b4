import { describe, expect, it } from "vitest";
import { Activation, PReLU } from "../../packages/actlab/src/nn/layers.js";
import { derivativeOf, standardise } from "../../packages/actlab/src/experiments/dead-units.js";
import { getExperiment, type ExperimentResult } from "../../packages/actlab/src/experiments/index.js";
import { expectPlainResult } from "./shape.js";

// Dead = f′(z) = 0 at every training input (Lu et al.; the definition), with f′ from the
// registry: leaky ReLU's slope α and ELU's αeᶻ are never 0, so their units cannot die however
// negative z gets; ReLU's can. "Never positive" (z ≤ 0 everywhere) is a different quantity.

describe("dead-units: the derivative decides, not the sign", () => {
  it("f′ of each hidden layer comes from the registry, PReLU with its learnt α per unit", () => {
    const z = new Float32Array([-3, -0.5, 2, -1e3]);
    expect([...derivativeOf(new Activation("relu"), z)]).toEqual([0, 0, 1, 0]);
    expect([...derivativeOf(new Activation("leaky-relu", { alpha: 0.01 }), z)]).toEqual([0.01, 0.01, 1, 0.01]);
    // ELU: αeᶻ, tiny but not 0 (float64, so e^−1000 underflows only to 0 … which would count as dead: it is 0)
    const elu = derivativeOf(new Activation("elu"), new Float32Array([-3, -20]));
    expect(elu[0]).toBeCloseTo(Math.exp(-3), 12);
    expect(elu[1]).toBeGreaterThan(0);
    // PReLU over rows of 2 units: unit 0 learnt α = 0 (dead on its negative side), unit 1 α = 0.3.
    const p = new PReLU(2, { perUnit: true });
    p.alpha.value.set([0, 0.3]);
    expect([...derivativeOf(p, new Float32Array([-1, -1, 2, -2]))].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0.3, 1, 0.3]);
  });

  it("standardise: zero mean and unit variance per feature", () => {
    const x = standardise([1, 10, 3, 30, 5, 50], 2);
    for (const j of [0, 1]) {
      const col = [x[j], x[2 + j], x[4 + j]];
      const m = col.reduce((a, b) => a + b) / 3;
      expect(m).toBeCloseTo(0, 6);
      expect(col.reduce((a, b) => a + (b - m) ** 2, 0) / 3).toBeCloseTo(1, 5);
    }
  });
});

describe("dead-units on the quick run", () => {
  let r: ExperimentResult;
  it("leaky ReLU has no dead units at any rate, ReLU has some at the highest rate it survives, and it grows with the rate", async () => {
    r = await getExperiment("dead-units").run({}, { quick: true });
    expectPlainResult(r);
    const lrs = r.config.lrs as number[];
    const survives = (key: string, lr: number) => r.summary[`${key}@${lr}.deadShare`].n >= 0.8 * r.seeds.length;
    const top = [...lrs].sort((a, b) => b - a).find((lr) => survives("relu", lr)) as number;
    expect(top).toBe(Math.max(...lrs));
    expect(r.summary[`relu@${top}.deadShare`].median).toBeGreaterThan(0);
    expect(r.summary[`relu@${top}.deadShare`].ci[0]).toBeGreaterThan(0);
    for (const lr of lrs) {
      const s = r.summary[`leaky-0.01@${lr}.deadShare`];
      // Where any seed finished, no unit has f′ = 0 everywhere — even where units are never positive.
      if (s.n > 0) expect(s.max).toBe(0);
    }
    // Never positive is not dead: at lr 0.01 leaky ReLU has never-positive units, all with slope α.
    expect(r.summary["leaky-0.01@0.01.neverPositiveShare"].max).toBeGreaterThan(0);
    // For ReLU the two coincide (f′ = 0 exactly where z < 0; relu′(0) = 1 is measure zero).
    for (const lr of lrs) expect(r.summary[`relu@${lr}.deadShare`].median).toBeCloseTo(r.summary[`relu@${lr}.neverPositiveShare`].median, 10);
    const grows = r.verdict.parts?.find((p) => p.id === "relu-grows");
    expect(grows?.verdict).toBe("holds");
    expect(r.verdict.parts?.find((p) => p.id === "leaky-0.01-none")?.verdict).toBe("holds");
    // Table: ReLU ✗ (has dead units) agrees; the row of leaky ReLU comes from α 0.01.
    expect(r.table?.relu.deadShare.verdict).toBe("holds");
    expect(Object.keys(r.table ?? {})).toEqual(["relu", "leaky-relu"]);
    // A negative bias kills more ReLU units at init; layer-1 units never revive (their inputs are fixed).
    expect(r.summary["relu@bias-1.deadShareInit"].median).toBeGreaterThan(r.summary["relu@bias0.deadShareInit"].median + 0.2);
    expect(r.summary["relu@layer1.revived"].max).toBe(0);
  }, 60_000);

  it("diverged seeds are counted for their function and rate, and a function that diverges everywhere is inconclusive", () => {
    const rec = (dead: number | null) => ({ deadInit: 0, dead, neverPositiveInit: 0, neverPositive: dead, accuracy: dead === null ? null : 1, diverged: dead === null, everDead: [0], revived: [0] });
    const seeds = [1, 2, 3, 4, 5];
    const per = seeds.map(() => ({ lr: { relu: [rec(0.05), rec(0.4)], elu: [rec(null), rec(null)] }, bias: [rec(0)] }));
    const x = getExperiment("dead-units").summarise({ lrs: "0.01,1", variants: "relu,elu", biases: "0", layers: 1, width: 2 }, seeds, per, 0);
    expectPlainResult(x);
    expect(x.summary["elu@1.diverged"].median).toBe(5);
    expect(x.summary["elu@1.deadShare"]).toMatchObject({ n: 0, diverged: 5 });
    expect(x.verdict.parts?.find((p) => p.id === "elu-none")?.verdict).toBe("inconclusive");
    expect(x.verdict.parts?.find((p) => p.id === "elu-none")?.because.en).toContain("5 of 5 diverged");
    expect(x.table?.elu.deadShare.verdict).toBe("inconclusive");
    expect(x.verdict.verdict).toBe("mixed");
  });
});
