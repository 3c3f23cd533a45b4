/**
 * Issue 24 item 5: training messages that say what happened. A run whose parameters stopped moving
 * because the steps are too small is "stalled", not "converged"; x of 1e−300 and 2e−300 are not
 * "all equal"; a run that no longer moves at all (bit for bit) stops even with tol 0; a prelu fit
 * blames the parameter that is too large, not the data; the vanishing-gradient warning never says
 * "Infinity×" and never suggests the activation the network already uses.
 */
import { describe, expect, it } from "vitest";
import { Activation, Dense, Sequential } from "../../packages/actlab/src/nn/layers.js";
import { diagnoseMlp } from "../../packages/actlab/src/train/diagnostics.js";
import { articleData, closedForm, createLinearRun, trainLinear } from "../../packages/actlab/src/train/linear.js";
import { createPreluFit, preluData } from "../../packages/actlab/src/train/prelu-fit.js";

describe("train linear: stalled is not converged", () => {
  it("lr 1e-20 stops as stalled, far above the least-squares loss, and says the steps are too small", () => {
    const r = trainLinear(articleData(), { lr: 1e-20 });
    expect(r.stopReason).toBe("stalled");
    expect(r.final.loss).toBeGreaterThan(100 * r.closed.loss);
    expect(r.message).toMatch(
      /^stalled at epoch \d+: the loss changed by less than 1e-9 \(relative\) for 5 epoch\(s\) in a row, but the loss 132\.7 is still far above the least-squares loss 0\.07976: the steps at learning rate 1e-20 are too small to get there; try a larger learning rate, e\.g\. /,
    );
  });

  it.each(["sgd", "batch", "minibatch"] as const)("%s at the article's lr still converges, within a hundredth of the least-squares loss", (mode) => {
    const r = trainLinear(articleData(), { mode, epochs: 100_000 });
    expect(r.stopReason).toBe("converged");
    expect(r.final.loss).toBeLessThan(1.01 * r.closed.loss);
  });

  it("x of 1e-300 and 2e-300 are two different x: the closed form is the line through both points", () => {
    const d = { x: Float64Array.of(1e-300, 2e-300), y: Float64Array.of(1, 2) };
    const c = closedForm(d);
    expect(c.w / 1e300).toBeCloseTo(1, 12);
    expect(c.b).toBeCloseTo(0, 12);
    expect(c.loss).toBeLessThan(1e-20);
    // Training cannot move w with such x: stalled (b alone reaches the mean of y), not converged.
    const r = trainLinear(d, { initW: 0, initB: 0 });
    expect(r.stopReason).toBe("stalled");
    expect(r.final.b).toBeCloseTo(1.5, 1);
    // Equal x are still refused, with the same sentence as before.
    expect(() => closedForm({ x: Float64Array.of(1e-300, 1e-300), y: Float64Array.of(1, 2) })).toThrow(/all x are equal/);
  });

  it("tol 0 and no epoch limit: stops once w, b and the loss have been bit-identical for `patience` epochs, and says so", () => {
    const run = createLinearRun(articleData(), { tol: 0, epochs: Infinity });
    let steps = 0;
    while (!run.done && steps < 1_000_000) {
      run.step();
      steps++;
    }
    expect(run.done).toBe(true);
    expect(run.stopReason).toBe("converged");
    expect(run.message).toBe(`converged at epoch ${run.epoch}: w, b and the loss have not changed, bit for bit, for 5 epochs in a row`);
    const h = run.history;
    const [a, b] = [h[h.length - 6], h[h.length - 1]];
    expect(b.epoch - a.epoch).toBe(5);
    expect([b.w, b.b, b.loss]).toEqual([a.w, a.b, a.loss]);
    // One epoch earlier they still differed: the stop comes at the end of the stretch, not later.
    const c = h[h.length - 7];
    expect([c.w, c.b, c.loss]).not.toEqual([a.w, a.b, a.loss]);
  });

  it("bit-identical far above the least-squares loss (lr 1e-20, tol 0) is stalled", () => {
    const r = trainLinear(articleData(), { lr: 1e-20, tol: 0 });
    expect(r.stopReason).toBe("stalled");
    expect(r.message).toMatch(/^stalled at epoch \d+: w, b and the loss have not changed, bit for bit, for 5 epochs in a row, but the loss 132\.7 is still far above/);
  });
});

describe("train prelu: the parameter that is too large is named", () => {
  it("initAlpha 1e308 on ordinary data blames the initial α, not the data", () => {
    expect(() => createPreluFit(preluData(), { initAlpha: 1e308 })).toThrow(/^invalid initial α: 1e\+308 makes the starting loss overflow \(the data reach \|y\| = 1\.97\); start α nearer the data$/);
  });

  it("alpha 1e300 (the data's slope) and noise 1e300 are refused by name", () => {
    expect(() => preluData({ alpha: 1e300 })).toThrow(/^invalid alpha 1e\+300: the data it makes are too large to fit \(their squares overflow\); use a smaller alpha$/);
    expect(() => preluData({ alpha: -1e300 })).toThrow(/^invalid alpha -1e\+300:/);
    expect(() => preluData({ noise: 1e300 })).toThrow(/^invalid noise 1e\+300:/);
    // Large but fittable values stay allowed.
    expect(() => preluData({ alpha: 1e150 })).not.toThrow();
  });

  it("data too large of their own still say so", () => {
    const d = { x: Float64Array.of(1, 2), y: Float64Array.of(1e300, -1e300) };
    expect(() => createPreluFit(d)).toThrow(/^the data are too large to fit: the starting loss overflows \(largest \|y\| is 1\.00e\+300\); make the data smaller$/);
  });
});

describe("diagnostics: a dead relu unit of width 1", () => {
  /** 1 → 1 (relu, dead: w 0, b −1) → 2 (relu, biases 1) → 2: layer 1 gets no gradient, the output layer does. */
  function net() {
    const l1 = new Dense(1, 1);
    l1.weight.value.set([0]);
    l1.bias.value.set([-1]);
    const l2 = new Dense(1, 2);
    l2.weight.value.set([1, 1]);
    l2.bias.value.set([1, 1]);
    const l3 = new Dense(2, 2);
    l3.weight.value.set([1, -1, 0.5, 2]);
    l3.bias.value.set([0, 0]);
    return new Sequential([l1, new Activation("relu"), l2, new Activation("relu"), l3]);
  }

  it("says layer 1's gradient is 0 and blames the dead units, without Infinity× or 'try relu'", () => {
    const d = diagnoseMlp(net(), Float64Array.of(1, 2, 3), [0, 1, 0], 2);
    expect(d.layers[0].gradNorm).toBe(0);
    expect(d.layers[2].gradNorm).toBeGreaterThan(0);
    const v = d.warnings.find((w) => w.startsWith("vanishing gradient"));
    expect(v).toMatch(/^vanishing gradient: layer 1's weight gradient is 0, while the output layer's is \d\.\de[+-]\d+; the dead units of layer 1 pass no gradient back: try leaky-relu or elu, or a smaller learning rate$/);
    for (const w of d.warnings) {
      expect(w).not.toMatch(/Infinity|NaN/);
      expect(w).not.toMatch(/try relu/);
    }
  });

  it("no gradient anywhere (output layer 0 too) is no 'vanishing' warning (0 is not smaller than 0)", () => {
    const model = net();
    (model.layers[2] as Dense).bias.value.set([-1, -1]); // layer 2 dead as well: the output layer sees zeros
    const d = diagnoseMlp(model, Float64Array.of(1, 2, 3), [0, 1, 0], 2);
    expect(d.layers[2].gradNorm).toBe(0);
    expect(d.warnings.some((w) => w.startsWith("vanishing"))).toBe(false);
    expect(d.warnings.join(" ")).not.toMatch(/NaN|Infinity/);
  });
});
