import { describe, expect, it } from "vitest";
import { Adam, SGD } from "../../packages/actlab/src/nn/optim.js";
import { Dense, Sequential } from "../../packages/actlab/src/nn/layers.js";
import { mseLoss } from "../../packages/actlab/src/nn/loss.js";
import { makeDataset, datasetNames } from "../../packages/actlab/src/train/datasets.js";
import { trainMlp } from "../../packages/actlab/src/train/mlp.js";
import { createPreluFit, preluData } from "../../packages/actlab/src/train/prelu-fit.js";
import { createRng } from "../../packages/actlab/src/train/rng.js";
import { prelu } from "../../packages/actlab/src/activations/prelu.js";

const preluInit = prelu.params.find((s) => s.name === "alpha")?.default;

describe("createPreluFit(preluData({ alpha }))", () => {
  it.each([0.3, -0.2, 0.7])("recovers α = %s within 0.02", (alpha) => {
    const fit = createPreluFit(preluData({ alpha, seed: 2 }), { seed: 2 });
    while (!fit.done) fit.step();
    const last = fit.history[fit.history.length - 1];
    expect(Math.abs(last.alpha - alpha)).toBeLessThan(0.02);
    expect(fit.history[0].alpha).toBe(preluInit);
  });
});

describe("trainMlp(makeDataset('moons'))", () => {
  it.each(["relu", "tanh"])("trainMlp(moons, { activation: '%s' }) reaches at least 95 percent training accuracy", (activation) => {
    const h = trainMlp(makeDataset("moons"), { activation, hidden: [16, 16], epochs: 60 });
    expect(h[h.length - 1].accuracy).toBeGreaterThanOrEqual(0.95);
    expect(h[h.length - 1].loss).toBeLessThan(h[0].loss);
  });

  it("trainMlp(…, { activation: 'softmax' }) is rejected: softmax is not elementwise", () => {
    expect(() => trainMlp(makeDataset("moons"), { activation: "softmax" })).toThrow(/vector function/);
  });
});

describe("makeDataset(name)", () => {
  it.each(datasetNames)("makeDataset('%s') is balanced, reproducible and labelled in range", (name) => {
    const d = makeDataset(name, { n: 120, seed: 4 });
    expect(d.x.length).toBe(240);
    const counts = new Array(d.classes).fill(0);
    for (const c of d.labels) counts[c]++;
    for (const k of counts) expect(k).toBe(120 / d.classes);
    expect(makeDataset(name, { n: 120, seed: 4 }).x).toEqual(d.x);
  });
});

describe("optimisers", () => {
  function fitLine(make: (net: Sequential) => { step(): void }): number {
    const rng = createRng(6);
    const x = Float64Array.from({ length: 32 }, () => 2 * rng.random() - 1);
    const y = x.map((v) => 2 * v - 1);
    const net = new Sequential([new Dense(1, 1, { rng })]);
    const opt = make(net);
    let loss = Infinity;
    for (let i = 0; i < 400; i++) {
      const r = mseLoss(net.forward(x), y);
      loss = r.loss;
      net.zeroGrad();
      net.backward(r.grad);
      opt.step();
    }
    return loss;
  }

  it("SGD with momentum fits y = 2x − 1", () => {
    expect(fitLine((n) => new SGD(n.params, { lr: 0.05, momentum: 0.9 }))).toBeLessThan(1e-10);
  });

  it("Adam fits y = 2x − 1", () => {
    expect(fitLine((n) => new Adam(n.params, { lr: 0.05 }))).toBeLessThan(1e-6);
  });

  it("SGD(params, { momentum: 1 }) is rejected with the bad value", () => {
    expect(() => new SGD([], { momentum: 1 })).toThrow(/momentum: 1/);
  });

  it("SGD one step equals θ − lr·g without momentum", () => {
    const net = new Sequential([new Dense(1, 1, { rng: createRng(1) })]);
    const [w, b] = net.params;
    const before = [w.value[0], b.value[0]];
    w.grad[0] = 0.5;
    b.grad[0] = -2;
    new SGD(net.params, { lr: 0.1 }).step();
    expect(w.value[0]).toBeCloseTo(before[0] - 0.05, 15);
    expect(b.value[0]).toBeCloseTo(before[1] + 0.2, 15);
  });
});
