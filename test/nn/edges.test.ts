/**
 * What the gradient checks cannot see: gradients that accumulate across backward calls, Adam's
 * bias correction on its first steps, and the initialiser each activation gets. Expected
 * values are worked out by hand in the test.
 */
import { describe, expect, it } from "vitest";
import { Adam, buildMlp, createRng, Dense, initFor, PReLU, Sequential } from "../../packages/actlab/src/nn/index.js";

describe("parameter gradients accumulate until zeroGrad()", () => {
  it("Dense.backward(dy) adds xᵀ·dy to weight.grad and Σ dy to bias.grad, on top of what is there", () => {
    // x = [[1, 2]], dy = [[3]]: dW = [[3], [6]], db = [3], by hand.
    const d = new Dense(2, 1, { rng: createRng(1) });
    d.forward(Float64Array.of(1, 2));
    d.backward(Float64Array.of(3));
    expect(Array.from(d.weight.grad)).toEqual([3, 6]);
    expect(Array.from(d.bias.grad)).toEqual([3]);
    d.forward(Float64Array.of(-1, 0.5));
    d.backward(Float64Array.of(2));
    expect(Array.from(d.weight.grad)).toEqual([3 - 2, 6 + 1]);
    expect(Array.from(d.bias.grad)).toEqual([5]);
    new Sequential([d]).zeroGrad();
    expect(Array.from(d.weight.grad)).toEqual([0, 0]);
  });

  it("Dense: two half batches give the gradient of the whole batch", () => {
    const x = Float64Array.of(1, 2, -1, 0.5, 0.25, -3, 4, 1);
    const dy = Float64Array.of(3, -1, 2, 0.5, -2, 1, 0.5, 0.25);
    const whole = new Dense(2, 2, { rng: createRng(5) });
    whole.forward(x);
    whole.backward(dy);
    const halves = new Dense(2, 2, { rng: createRng(5) });
    for (const [a, b] of [[0, 4], [4, 8]]) {
      halves.forward(x.subarray(a, b));
      halves.backward(dy.subarray(a, b));
    }
    for (let i = 0; i < 4; i++) expect(halves.weight.grad[i]).toBeCloseTo(whole.weight.grad[i], 14);
    for (let i = 0; i < 2; i++) expect(halves.bias.grad[i]).toBeCloseTo(whole.bias.grad[i], 14);
  });

  it("PReLU.backward(dy) adds Σ dy·x over the negative inputs to alpha.grad, on top of what is there", () => {
    const p = new PReLU(2, { perUnit: true });
    // Unit 0 sees −2 then 3, unit 1 sees 4 then −0.5: dα₀ = 1·(−2), dα₁ = 2·(−0.5), by hand.
    p.forward(Float64Array.of(-2, 4, 3, -0.5));
    p.backward(Float64Array.of(1, 1, 1, 2));
    expect(Array.from(p.alpha.grad)).toEqual([-2, -1]);
    p.forward(Float64Array.of(-1, -1, 0, 0));
    p.backward(Float64Array.of(1, 3, 1, 1));
    expect(Array.from(p.alpha.grad)).toEqual([-3, -4]);
    const shared = new PReLU(2);
    shared.forward(Float64Array.of(-2, 4, 3, -0.5));
    shared.backward(Float64Array.of(1, 1, 1, 2));
    shared.backward(Float64Array.of(1, 1, 1, 2));
    expect(Array.from(shared.alpha.grad)).toEqual([-6]);
  });
});

describe("Adam(params).step()", () => {
  it("moves each weight by lr against the sign of its gradient on the first step (bias correction)", () => {
    // m̂ = g and v̂ = g² after one step, so the update is lr·g/(|g| + ε) ≈ lr·sign(g), whatever |g| is.
    const d = new Dense(1, 2, { rng: createRng(2) });
    const before = Array.from(d.weight.value);
    d.weight.grad.set([0.003, -50]);
    const opt = new Adam(d.params, { lr: 0.1 });
    const step0 = (0.1 * 0.003) / (0.003 + 1e-8);
    const step1 = (0.1 * 50) / (50 + 1e-8);
    opt.step();
    expect(d.weight.value[0]).toBeCloseTo(before[0] - step0, 14);
    expect(d.weight.value[1]).toBeCloseTo(before[1] + step1, 14);
    // Second step with the same gradient: m̂ = g and v̂ = g² again, so again the same step.
    opt.step();
    expect(d.weight.value[0]).toBeCloseTo(before[0] - 2 * step0, 14);
    expect(d.weight.value[1]).toBeCloseTo(before[1] + 2 * step1, 14);
  });

  it("with a gradient that changes sign, step 2 follows the bias-corrected averages, worked out by hand", () => {
    const d = new Dense(1, 1, { rng: createRng(3) });
    const w0 = d.weight.value[0];
    const opt = new Adam([d.weight], { lr: 0.01, beta1: 0.5, beta2: 0.75, eps: 1e-300 });
    d.weight.grad[0] = 2;
    opt.step();
    d.weight.grad[0] = -1;
    opt.step();
    // m = 0.5·(0.5·2) + 0.5·(−1) = 0; so step 2 does not move: w = w0 − 0.01.
    expect(d.weight.value[0]).toBeCloseTo(w0 - 0.01, 15);
    d.weight.grad[0] = 4;
    opt.step();
    // m₃ = 0.5·0 + 0.5·4 = 2, m̂ = 2/(1 − 0.125) = 16/7;
    // v₁ = 1, v₂ = 0.75 + 0.25 = 1, v₃ = 0.75 + 4 = 4.75, v̂ = 4.75/(1 − 0.421875) = 8.2162…
    const mHat = 2 / (1 - 0.5 ** 3);
    const vHat = 4.75 / (1 - 0.75 ** 3);
    expect(d.weight.value[0]).toBeCloseTo(w0 - 0.01 - (0.01 * mHat) / Math.sqrt(vHat), 15);
  });
});

describe("initFor(id) and the weights buildMlp draws", () => {
  it.each([
    ["sigmoid", "xavier"],
    ["tanh", "xavier"],
    ["relu", "he"],
    ["leaky-relu", "he"],
    ["elu", "he"],
    ["prelu", "he"],
    ["selu", "lecun"],
  ])("initFor('%s') is '%s'", (id, init) => {
    expect(initFor(id)).toBe(init);
  });

  /** Sample variance of the first hidden layer's weights, and their largest magnitude. */
  function firstLayer(activation: string, inputs: number): { variance: number; max: number } {
    const net = buildMlp(inputs, 2, { activation, hidden: [400], seed: 9 });
    const w = (net.layers[0] as Dense).weight.value;
    let s = 0;
    let max = 0;
    for (const v of w) {
      s += v * v;
      max = Math.max(max, Math.abs(v));
    }
    return { variance: s / w.length, max };
  }

  it("buildMlp draws the first layer with variance 2/in for relu, 1/in for selu, 2/(in + out) for tanh", () => {
    // in = 50, out = 400: He 0.04, LeCun 0.02, Xavier 2/450 = 0.00444 (uniform on ±√(6/450)).
    const relu = firstLayer("relu", 50);
    const selu = firstLayer("selu", 50);
    const tanh = firstLayer("tanh", 50);
    expect(relu.variance).toBeGreaterThan(0.04 * 0.93);
    expect(relu.variance).toBeLessThan(0.04 * 1.07);
    expect(selu.variance).toBeGreaterThan(0.02 * 0.93);
    expect(selu.variance).toBeLessThan(0.02 * 1.07);
    expect(tanh.variance).toBeGreaterThan((2 / 450) * 0.93);
    expect(tanh.variance).toBeLessThan((2 / 450) * 1.07);
    expect(tanh.max).toBeLessThanOrEqual(Math.sqrt(6 / 450));
    // A normal draw of 20000 weights goes past 3.5 standard deviations; a uniform one cannot.
    expect(relu.max).toBeGreaterThan(3.5 * 0.2);
  });

  it("buildMlp(…, { init }) overrides the choice", () => {
    const net = buildMlp(50, 2, { activation: "relu", hidden: [400], seed: 9, init: "xavier" });
    const w = (net.layers[0] as Dense).weight.value;
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 450));
  });
});
