import { describe, expect, it } from "vitest";
import { activationIds } from "../../packages/actlab/src/activations/registry.js";
import { bornDeadAtOneInput, experiments, getExperiment, type ExperimentResult } from "../../packages/actlab/src/experiments/index.js";
import { expectPlainResult } from "./shape.js";

// Every experiment once with quick: true (the settings `actlab report --quick` uses), then the
// directions and bands of the research note (../shared/research/experiments.md) on the numbers.
// Each experiment runs inside its own test (not in a beforeAll), so that `npm run mutate` can tell
// which test covers which line and runs only that one for a mutant there.
const results: Record<string, ExperimentResult> = {};

async function quick(id: string): Promise<ExperimentResult> {
  const r = await getExperiment(id).run({}, { quick: true });
  expect(r.id).toBe(id);
  results[id] = r;
  expectPlainResult(r);
  return r;
}

const med = (id: string, key: string): number => {
  const s = results[id].summary[key];
  if (!s) throw new Error(`${id} has no summary ${key} (has ${Object.keys(results[id].summary).join(", ")})`);
  return s.median;
};

describe("experiment.run({}, { quick: true })", () => {
  it("covers every experiment of the list", () => {
    expect(experiments.map((e) => e.id).sort()).toEqual(["born-dead", "convergence", "cost", "dead-units", "digits", "gradient-flow", "init-depth", "mean-activation", "saturation", "self-normalisation", "zero-centred"]);
  });

  it("gradient-flow (depth 20, recommended inits): sigmoid's signal ratio ≤ 10⁻⁹ while tanh (Xavier), ReLU (He) and SELU (LeCun) stay within 10× of 1; gain 4 lifts sigmoid's by orders", async () => {
    await quick("gradient-flow");
    expect(results["gradient-flow"].config.depth).toBe(20);
    // Each sigmoid layer multiplies δ by about σ′ ≈ ¼ times Xavier's gain (≈ 1): (¼)^19 ≈ 4e-12 over 19 layers.
    for (const q of ["gradRatio", "deltaRatio"]) {
      const sig = med("gradient-flow", `sigmoid.${q}`);
      expect(sig).toBeGreaterThan(1e-14);
      expect(sig).toBeLessThan(1e-9);
      expect(med("gradient-flow", `sigmoid@gain4.${q}`)).toBeGreaterThan(1e4 * sig);
      for (const id of ["tanh", "relu", "selu"]) {
        const r = med("gradient-flow", `${id}.${q}`);
        expect(r).toBeGreaterThan(0.1);
        expect(r).toBeLessThan(10);
      }
    }
    const parts = Object.fromEntries((results["gradient-flow"].verdict.parts ?? []).map((p) => [p.id, p.verdict]));
    expect(parts["sigmoid-weights"]).toBe("holds");
    expect(parts["sigmoid-delta"]).toBe("holds");
    expect(parts["tanh-delta"]).toBe("does-not-hold"); // with Xavier, tanh's signal does not vanish at depth 20
    expect(results["gradient-flow"].verdict.verdict).toBe("mixed");
    // The table lists the functions run (quick: the article's seven), with the article's verdict for four of them.
    const table = results["gradient-flow"].table ?? {};
    expect(Object.keys(table)).toEqual(["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"]);
    expect(table.sigmoid.deltaRatio.verdict).toBe("holds");
    expect(table.relu.deltaRatio.verdict).toBe("holds");
    expect(table.selu.deltaRatio.verdict).toBe("holds");
    expect(table.elu.deltaRatio.verdict).toBeUndefined();
  }, 60_000);

  it("self-normalisation: the map's Jacobian at (0, 1) is Klambauer et al.'s, and SELU's variance stays near 1 while tanh and sigmoid collapse", async () => {
    await quick("self-normalisation");
    expect(med("self-normalisation", "map.J11")).toBeCloseTo(0, 6);
    expect(med("self-normalisation", "map.J12")).toBeCloseTo(0.088835, 5);
    expect(med("self-normalisation", "map.J22")).toBeCloseTo(0.782648, 5);
    expect(med("self-normalisation", "map.norm")).toBeCloseTo(0.7877, 4);
    expect(med("self-normalisation", "selu.varianceMin")).toBeGreaterThan(0.75);
    expect(med("self-normalisation", "selu.varianceMax")).toBeLessThan(1.25);
    expect(med("self-normalisation", "selu.maxAbsMean")).toBeLessThan(0.15);
    expect(med("self-normalisation", "tanh.varianceAtDepth")).toBeLessThan(0.1);
    expect(med("self-normalisation", "elu.varianceAtDepth")).toBeGreaterThan(2); // He init is too much for ELU
    const parts = Object.fromEntries((results["self-normalisation"].verdict.parts ?? []).map((p) => [p.id, p.verdict]));
    expect(parts.jacobian).toBe("holds");
    expect(parts.mean).toBe("holds");
    // Three seeds at width 64: the smallest variance sits near 0.8, so the interval may straddle it, but never lies below.
    expect(parts.variance).not.toBe("does-not-hold");
  }, 60_000);

  it("saturation (lr 1, 5 epochs): the top sigmoid layer falls from 0.5 to below 0.05 while the first stays near 0.5; the net is still at chance, so the rate is inconclusive, never holds", async () => {
    await quick("saturation");
    expect(med("saturation", "sigmoid@lr1.topMeanInit")).toBeCloseTo(0.5, 1);
    expect(med("saturation", "sigmoid@lr1.topMeanEarlyMin")).toBeLessThan(0.05);
    expect(med("saturation", "sigmoid@lr1.bottomMeanFinal")).toBeGreaterThan(0.35);
    expect(med("saturation", "sigmoid@lr1.errorFinal")).toBeGreaterThan(0.85);
    expect(results.saturation.summary["sigmoid@lr1.neverEscaped"].median).toBe(1);
    expect(results.saturation.verdict.verdict).toBe("inconclusive");
  }, 60_000);

  it("zero-centred: σ's gradient rows are single-signed by construction, σ − ½'s and tanh's almost never; σ needs more epochs than tanh", async () => {
    await quick("zero-centred");
    expect(med("zero-centred", "sigmoid.sameSign")).toBe(1);
    expect(med("zero-centred", "sigmoid-centred.sameSign")).toBeLessThan(0.05);
    expect(med("zero-centred", "tanh.sameSign")).toBeLessThan(0.05);
    expect(med("zero-centred", "sigmoid/tanh.epochsRatio")).toBeGreaterThan(1);
    for (const t of [results["zero-centred"].verdict.because.zh, ...(results["zero-centred"].verdict.parts ?? []).map((p) => p.because.zh)]) expect(t).not.toMatch(/加速/);
  }, 60_000);

  it("dead-units: leaky ReLU has no unit with f′ = 0 everywhere while ReLU has some at the highest rate it survives; layer-1 dead units never revive", async () => {
    await quick("dead-units");
    const lrs = results["dead-units"].config.lrs as number[];
    const top = Math.max(...lrs);
    expect(results["dead-units"].summary[`relu@${top}.deadShare`].n).toBeGreaterThanOrEqual(0.8 * results["dead-units"].seeds.length);
    expect(med("dead-units", `relu@${top}.deadShare`)).toBeGreaterThan(med("dead-units", "relu@0.01.deadShare"));
    for (const lr of lrs) if (results["dead-units"].summary[`leaky-0.01@${lr}.deadShare`].n > 0) expect(results["dead-units"].summary[`leaky-0.01@${lr}.deadShare`].max).toBe(0);
    expect(med("dead-units", "relu@bias-1.deadShareInit")).toBeGreaterThan(med("dead-units", "relu@bias0.deadShareInit") + 0.2);
    expect(med("dead-units", "relu@layer1.revived")).toBe(0);
  }, 60_000);

  it("born-dead: matches the note's table within Monte-Carlo error and never exceeds the one-input upper bound by more than that", async () => {
    await quick("born-dead");
    // 3 seeds of 200 nets: standard error ≤ 0.02, so 0.1 is about 5 of them.
    expect(med("born-dead", "N2@L10.pBornDead")).toBeGreaterThan(0.81);
    expect(med("born-dead", "N2@L10.pBornDead")).toBeLessThan(bornDeadAtOneInput(2, 10) + 0.1);
    expect(med("born-dead", "N3@L10.pBornDead")).toBeGreaterThan(0.54);
    expect(med("born-dead", "N3@L10.pBornDead")).toBeLessThan(0.74);
    expect(med("born-dead", "N5@L2.pBornDead")).toBeLessThan(0.05);
    expect(med("born-dead", "N2@L20.pBornDead")).toBeGreaterThan(med("born-dead", "N2@L2.pBornDead"));
  }, 60_000);

  it("init-depth: at depth 30, 1/n init stalls at ln 3 while He's loss falls", async () => {
    await quick("init-depth");
    expect(med("init-depth", "sgd.lecun.depth30.lowestLoss")).toBeGreaterThan(0.95 * Math.log(3));
    expect(med("init-depth", "sgd.he.depth30.lowestLoss")).toBeLessThan(med("init-depth", "sgd.lecun.depth30.lowestLoss") - 0.05);
  }, 60_000);

  it("mean-activation: ELU's median unit mean is closer to 0 than ReLU's, and its first-epoch loss is lower; the centring control starts at mean 0", async () => {
    await quick("mean-activation");
    expect(med("mean-activation", "elu.unitMean")).toBeLessThan(0.8 * med("mean-activation", "relu.unitMean"));
    expect(med("mean-activation", "elu.lossEpoch1")).toBeLessThan(med("mean-activation", "relu.lossEpoch1"));
    expect(Math.abs(med("mean-activation", "relu-centred.unitMeanInit"))).toBeLessThan(1e-3);
    expect(med("mean-activation", "relu.unitMeanInit")).toBeGreaterThan(0.1);
  }, 60_000);

  it("digits: ReLU learns the real digits far above chance and above sigmoid within 3 epochs", async () => {
    await quick("digits");
    expect(med("digits", "relu.testAccuracy")).toBeGreaterThan(0.9);
    expect(med("digits", "relu.testAccuracy")).toBeGreaterThan(med("digits", "sigmoid.testAccuracy"));
    expect(Object.keys(results.digits.table ?? {}).sort()).toEqual(["relu", "sigmoid"]); // the quick subset
    expect(results.digits.summary["relu.gapPoints"].ci[0]).toBeGreaterThan(0); // paired by seed
  }, 60_000);

  it("cost: an exp-based kernel costs more per element than ReLU's", async () => {
    await quick("cost");
    expect(med("cost", "sigmoid.kernelVsRelu")).toBeGreaterThan(1);
    expect(med("cost", "elu.kernelVsRelu")).toBeGreaterThan(1);
  }, 60_000);

  it("convergence: ReLU reaches 5% training error on spiral within the quick budget, in fewer updates than tanh", async () => {
    await quick("convergence");
    expect(results.convergence.summary["spiral.relu.updates"].diverged).toBe(0);
    expect(med("convergence", "spiral.relu.updates")).toBeLessThanOrEqual(300);
    expect(med("convergence", "spiral.tanh.vsRelu")).toBeGreaterThan(1.5);
    expect(getExperiment("convergence").id).toBe("convergence");
  }, 60_000);
});
