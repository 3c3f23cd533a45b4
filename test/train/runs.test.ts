/**
 * The step-by-step runs at their ends: what an MLP epoch is (Adam steps over the minibatches,
 * checked against one full-batch Adam step written out here), what `step()` returns once a run
 * is done or diverged, the learning-rate checks, and ThinnedHistory's thinning followed push by
 * push as its comment describes it.
 */
import { describe, expect, it } from "vitest";
import { Dense } from "../../packages/actlab/src/nn/layers.js";
import { softmaxCrossEntropy } from "../../packages/actlab/src/nn/loss.js";
import { Adam } from "../../packages/actlab/src/nn/optim.js";
import { makeDataset } from "../../packages/actlab/src/train/datasets.js";
import { ThinnedHistory } from "../../packages/actlab/src/train/history.js";
import { buildMlp, createMlpRun } from "../../packages/actlab/src/train/mlp.js";
import { createPreluFit, preluData } from "../../packages/actlab/src/train/prelu-fit.js";

describe("createMlpRun", () => {
  it("with batches as large as the data, an epoch is exactly one Adam step on all the points", () => {
    const data = makeDataset("moons", { n: 40, seed: 2 });
    const opts = { activation: "tanh", hidden: [5], lr: 0.05, seed: 3 };
    for (const batch of [40, 64]) {
      const run = createMlpRun(data, { ...opts, batch, epochs: 2 });
      // The same network (same seed), one Adam step by hand.
      const model = buildMlp(2, data.classes, opts);
      const adam = new Adam(model.params, { lr: 0.05 });
      const byHand = () => {
        model.zeroGrad();
        model.backward(softmaxCrossEntropy(model.forward(data.x), data.labels, data.classes).grad);
        adam.step();
      };
      byHand();
      run.step();
      run.model.params.forEach((p, k) => p.value.forEach((v, i) => expect(v).toBeCloseTo(model.params[k].value[i], 12)));
      byHand();
      run.step();
      run.model.params.forEach((p, k) => p.value.forEach((v, i) => expect(v).toBeCloseTo(model.params[k].value[i], 12)));
      // The record is the loss of the weights after the epoch.
      expect(run.history[1].loss).toBeCloseTo(softmaxCrossEntropy(model.forward(data.x), data.labels, data.classes).loss, 12);
    }
  });

  it("a finished run steps no more: step() returns its last record and done stays true", () => {
    const run = createMlpRun(makeDataset("moons", { n: 20 }), { activation: "relu", hidden: [4], epochs: 2 });
    expect(run.done).toBe(false);
    run.step();
    const last = run.step();
    expect(run.done).toBe(true);
    const before = run.model.params.map((p) => Array.from(p.value));
    expect(run.step()).toBe(last);
    expect(run.history).toHaveLength(2);
    expect(run.model.params.map((p) => Array.from(p.value))).toEqual(before);
  });

  it("a diverged run is done, returns the diverged epoch's record once and then nothing new", () => {
    const run = createMlpRun(makeDataset("moons", { n: 20 }), { activation: "relu", hidden: [4], lr: 1e300, epochs: 50 });
    const rec = run.step();
    expect(rec.epoch).toBe(1);
    expect(run.diverged).toMatch(/^diverged at epoch 1: /);
    expect(run.done).toBe(true);
    expect(run.history).toEqual([]);
    expect(run.step()).toBeUndefined();
    expect(run.history).toEqual([]);
  });

  it("rejects a learning rate that is not a finite number > 0", () => {
    const data = makeDataset("moons", { n: 20 });
    for (const lr of [0, -0.1, Infinity, NaN]) {
      expect(() => createMlpRun(data, { activation: "relu", lr })).toThrow(`invalid learning rate: ${lr} (must be a finite number > 0)`);
      expect(() => createPreluFit(preluData({ n: 10 }), { lr })).toThrow(`invalid learning rate: ${lr} (must be a finite number > 0)`);
    }
    expect(createMlpRun(data, { activation: "relu", lr: 1e-9 }).epochs).toBe(200);
  });
});

describe("createPreluFit", () => {
  it("starts from α = 0.25 (PReLU's default) unless initAlpha is given", () => {
    expect(createPreluFit(preluData({ n: 10 })).history[0].alpha).toBe(0.25);
    expect(createPreluFit(preluData({ n: 10 }), { initAlpha: 0.5 }).history[0].alpha).toBe(0.5);
    expect(createPreluFit(preluData({ n: 10 }), { initAlpha: 0 }).history[0].alpha).toBe(0);
  });

  it("a finished fit returns its last record; a diverged one is done", () => {
    const fit = createPreluFit(preluData({ n: 10 }), { epochs: 3 });
    while (!fit.done) fit.step();
    const last = fit.history[fit.history.length - 1];
    expect(last.epoch).toBe(3);
    expect(fit.step()).toBe(last);
    expect(fit.history).toHaveLength(4);
    const wild = createPreluFit(preluData({ n: 10 }), { lr: 1e300, epochs: 100 });
    for (let i = 0; i < 5 && !wild.done; i++) wild.step();
    expect(wild.diverged).not.toBeNull();
    expect(wild.done).toBe(true);
  });

  it("data too large to fit: the message names the largest |y|", () => {
    const data = { x: Float64Array.of(1, -1, 2), y: Float64Array.of(1e200, -3e200, 2e200) };
    expect(() => createPreluFit(data)).toThrow("the data are too large to fit: the starting loss overflows (largest |y| is 3.00e+200); make the data smaller");
  });
});

describe("ThinnedHistory push by push", () => {
  it("cap 4: at 8 evenly spaced records every second goes, the newest stays last; the spacing doubles each time", () => {
    const h = new ThinnedHistory<number>(4);
    const after: Record<number, number[]> = {};
    for (let i = 0; i < 31; i++) {
      h.push(i);
      after[i] = [...h.list];
    }
    expect(after[6]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // 0 … 7 are 8 records: thinned to 0, 2, 4, 6 and the newest, 7.
    expect(after[7]).toEqual([0, 2, 4, 6, 7]);
    expect(after[8]).toEqual([0, 2, 4, 6, 8]);
    expect(after[9]).toEqual([0, 2, 4, 6, 8, 9]);
    // 13 is off the stride of 2: seven on the stride and the newest, not yet thinned.
    expect(after[13]).toEqual([0, 2, 4, 6, 8, 10, 12, 13]);
    // 0, 2, …, 14 are 8 records: thinned to a stride of 4.
    expect(after[14]).toEqual([0, 4, 8, 12, 14]);
    expect(after[15]).toEqual([0, 4, 8, 12, 15]);
    expect(after[16]).toEqual([0, 4, 8, 12, 16]);
    // 0, 4, …, 28 are 8 records: a stride of 8; 28 is now off it and stays only while it is the newest.
    expect(after[27]).toEqual([0, 4, 8, 12, 16, 20, 24, 27]);
    expect(after[28]).toEqual([0, 8, 16, 24, 28]);
    expect(after[30]).toEqual([0, 8, 16, 24, 30]);
  });
});

describe("Dense sanity for the hand step", () => {
  it("buildMlp(2, 2, { hidden: [5] }) is Dense 2→5, tanh, Dense 5→2", () => {
    const m = buildMlp(2, 2, { activation: "tanh", hidden: [5] });
    const dense = m.layers.filter((l): l is Dense => l instanceof Dense);
    expect(dense.map((d) => [d.inputs, d.outputs])).toEqual([[2, 5], [5, 2]]);
  });
});
