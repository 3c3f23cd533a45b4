/**
 * The Network view's trainer on networks small enough to follow by hand: a handful of points,
 * one input feature, weights loaded from the test. Losses, updates, gradient norms, the grid and
 * the units' health are worked out from the formulas (softmax, SGD, momentum 0.9, L1/L2), never
 * taken from a run.
 */
import { describe, expect, it } from "vitest";
import { activations } from "../../packages/actlab/src/activations/registry.js";
import {
  buildNetwork,
  checkNetworkConfig,
  createNetworkRun,
  exportModel,
  historyCsv,
  loadWeights,
  modelWeights,
  networkActivationIds,
  parseModel,
  type NetworkConfig,
} from "../../packages/actlab/src/train/network.js";
import type { PlanePoints, PlaneSplit } from "../../packages/actlab/src/train/plane-data.js";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const soft2 = (a: number, b: number) => [Math.exp(a) / (Math.exp(a) + Math.exp(b)), Math.exp(b) / (Math.exp(a) + Math.exp(b))];

function points(rows: number[][]): PlanePoints {
  return { x: Float64Array.from(rows.flatMap((r) => [r[0], r[1]])), labels: Int32Array.from(rows.map((r) => r[2])), classes: 2 };
}
function split(train: number[][], test: number[][]): PlaneSplit {
  return { train: points(train), test: points(test), classes: 2, extent: 6 };
}
/** No hidden layer: logits = x₁·W + b, W = [w₀, w₁] (one row: the one input). */
function linear(over: Partial<NetworkConfig> = {}): NetworkConfig {
  return { features: ["x1"], layers: [], activations: [], init: "auto", optimizer: "sgd", lr: 0.5, batch: 10, reg: "none", regRate: 0, seed: 1, ...over };
}
/** x₁ = 1 is class 0, x₁ = −1 class 1: with W = [a, −a], b = 0, ∂L/∂W = [−σ(−2a), σ(−2a)] and ∂L/∂b = 0. */
const pair = () => split([[1, 0, 0], [-1, 0, 1]], [[3, 0, 0]]);

describe("network trainer by hand", () => {
  it("evaluate(): the mean cross-entropy and accuracy of given weights on training and test points", () => {
    const data = split([[1, 5, 0], [-1, 5, 1], [2, -5, 1]], [[-3, 0, 1]]);
    const run = createNetworkRun(data, linear(), [[1, -1], [0, 0]]);
    const e = run.evaluate();
    // Logits [x, −x]: p(class 0) = σ(2x). Points 1 and 2 right, point 3 (x = 2, class 1) wrong.
    expect(e.epoch).toBe(0);
    expect(e.gradNorm).toEqual([]);
    expect(e.trainLoss).toBeCloseTo((-2 * Math.log(sigma(2)) - Math.log(sigma(-4))) / 3, 6);
    expect(e.trainAccuracy).toBeCloseTo(2 / 3, 12);
    expect(e.testLoss).toBeCloseTo(-Math.log(sigma(6)), 6);
    expect(e.testAccuracy).toBe(1);
    // No test points: NaN, not 0.
    const none = createNetworkRun({ ...data, test: points([]) }, linear(), [[1, -1], [0, 0]]).evaluate();
    expect(none.testLoss).toBeNaN();
    expect(none.testAccuracy).toBeNaN();
    expect(none.trainAccuracy).toBeCloseTo(2 / 3, 12);
    // The feature x₁² instead of x₁: logits [x², −x²], every point predicted class 0.
    const sq = createNetworkRun(data, linear({ features: ["x1sq"] }), [[1, -1], [0, 0]]).evaluate();
    expect(sq.trainAccuracy).toBeCloseTo(1 / 3, 12);
    expect(sq.trainLoss).toBeCloseTo((-Math.log(sigma(2)) - Math.log(sigma(-2)) - Math.log(sigma(-8))) / 3, 6);
  });

  it("step() with plain SGD: W ← W − lr·∂L/∂W over the whole batch, and the gradient's norm", () => {
    const run = createNetworkRun(pair(), linear(), [[1, -1], [0, 0]]);
    const q = sigma(-2);
    const rec = run.step()!;
    expect(rec.epoch).toBe(1);
    expect(run.epoch).toBe(1);
    expect(run.history).toEqual([rec]);
    expect(rec.gradNorm).toHaveLength(1);
    expect(rec.gradNorm[0]).toBeCloseTo(Math.SQRT2 * q, 6);
    const [w, b] = modelWeights(run.model);
    expect(w[0]).toBeCloseTo(1 + 0.5 * q, 6);
    expect(w[1]).toBeCloseTo(-1 - 0.5 * q, 6);
    // ∂L/∂b = 0 (up to float32 rounding): the biases stay at 0.
    b.forEach((v) => expect(v).toBeCloseTo(0, 7));
    // The record measures the weights after the step: (−ln p for both points) with a = 1 + q/2.
    const a = 1 + 0.5 * q;
    expect(rec.trainLoss).toBeCloseTo(-Math.log(sigma(2 * a)), 6);
    expect(rec.trainAccuracy).toBe(1);
  });

  it("the gradient norm is the root mean square over the epoch's batches", () => {
    // Batches of 1 and a learning rate too small to matter: each batch's ‖∂L/∂W‖ is √2·σ(−2).
    const run = createNetworkRun(pair(), linear({ batch: 1, lr: 1e-6 }), [[1, -1], [0, 0]]);
    expect(run.step()!.gradNorm[0]).toBeCloseTo(Math.SQRT2 * sigma(-2), 5);
    // Three points in batches of 2: the last batch has one point (x = 1, class 0, alone: ‖∂L/∂W‖ = √2·σ(−2)).
    const three = createNetworkRun(split([[1, 0, 0], [1, 0, 0], [1, 0, 0]], [[3, 0, 0]]), linear({ batch: 2, lr: 1e-6 }), [[1, -1], [0, 0]]);
    expect(three.step()!.gradNorm[0]).toBeCloseTo(Math.SQRT2 * sigma(-2), 5);
    // Two features (x₁, x₂) = (1, 5), W = [[1, −1], [0, 0]]: ∂L/∂W = [[−q, q], [−5q, 5q]], ‖·‖ = q·√52, in the
    // batch of two and in the last batch of one alike.
    const wide = createNetworkRun(split([[1, 5, 0], [1, 5, 0], [1, 5, 0]], [[3, 0, 0]]), linear({ features: ["x1", "x2"], batch: 2, lr: 1e-6 }), [[1, -1, 0, 0], [0, 0]]);
    expect(wide.step()!.gradNorm[0]).toBeCloseTo(sigma(-2) * Math.sqrt(52), 5);
  });

  it("trains on the float32 path of actlab/nn: weights, biases and PReLU's α are Float32Arrays", () => {
    const run = createNetworkRun(pair(), linear({ layers: [2, 2], activations: ["prelu", "tanh"] }));
    expect(run.model.params).toHaveLength(7);
    for (const p of run.model.params) expect(p.value).toBeInstanceOf(Float32Array);
  });

  it("momentum keeps 0.9 of the last update; Adam's first step is lr in the gradient's direction", () => {
    const lr = 0.5;
    const q = (a: number) => sigma(-2 * a);
    // SGD: a₁ = a₀ + lr·q(a₀), a₂ = a₁ + lr·q(a₁); momentum adds 0.9·lr·q(a₀) to the second step.
    const a1 = 1 + lr * q(1);
    const sgd = createNetworkRun(pair(), linear(), [[1, -1], [0, 0]]);
    const mom = createNetworkRun(pair(), linear({ optimizer: "momentum" }), [[1, -1], [0, 0]]);
    for (let i = 0; i < 2; i++) [sgd, mom].forEach((r) => r.step());
    expect(modelWeights(sgd.model)[0][0]).toBeCloseTo(a1 + lr * q(a1), 5);
    expect(modelWeights(mom.model)[0][0]).toBeCloseTo(a1 + lr * (0.9 * q(1) + q(a1)), 5);
    const adam = createNetworkRun(pair(), linear({ optimizer: "adam", lr: 0.01 }), [[1, -1], [0, 0]]);
    adam.step();
    expect(modelWeights(adam.model)[0][0]).toBeCloseTo(1.01, 5);
    expect(modelWeights(adam.model)[0][1]).toBeCloseTo(-1.01, 5);
  });

  it("L2 adds rate·w to the weights' gradient, L1 rate·sign(w); biases and 'none' are not penalised", () => {
    const lr = 0.5;
    const r = 0.1;
    const q = sigma(-4); // W = [2, −2]
    const after = (over: Partial<NetworkConfig>) => {
      const run = createNetworkRun(pair(), linear(over), [[2, -2], [0, 0]]);
      const rec = run.step()!;
      expect(rec.gradNorm[0]).toBeCloseTo(Math.SQRT2 * q, 6); // measured before the penalty
      return modelWeights(run.model);
    };
    const l2 = after({ reg: "l2", regRate: r });
    expect(l2[0][0]).toBeCloseTo(2 - lr * (-q + r * 2), 6);
    expect(l2[0][1]).toBeCloseTo(-2 - lr * (q - r * 2), 6);
    l2[1].forEach((v) => expect(v).toBeCloseTo(0, 7));
    const l1 = after({ reg: "l1", regRate: r });
    expect(l1[0][0]).toBeCloseTo(2 - lr * (-q + r), 6);
    expect(l1[0][1]).toBeCloseTo(-2 - lr * (q - r), 6);
    for (const over of [{ reg: "none", regRate: r }, { reg: "l2", regRate: 0 }] as const) {
      const w = after(over)[0];
      expect(w[0]).toBeCloseTo(2 + lr * q, 6);
      expect(w[1]).toBeCloseTo(-2 - lr * q, 6);
    }
  });

  it("L1: a weight that would cross zero stops at zero, and moves on from zero at the next step", () => {
    // W = [0.05, −0.05], rate 1: 0.05 − 0.5·(1 − σ(−0.1)) < 0 would cross; it stops at 0.
    const run = createNetworkRun(pair(), linear({ reg: "l1", regRate: 1 }), [[0.05, -0.05], [0, 0]]);
    run.step();
    expect(modelWeights(run.model)[0]).toEqual([0, 0]);
    // From 0: sign(0) = 0 adds nothing, ∂L/∂W = [−½, ½]: W = [0.25, −0.25].
    run.step();
    const w = modelWeights(run.model)[0];
    expect(w[0]).toBeCloseTo(0.25, 6);
    expect(w[1]).toBeCloseTo(-0.25, 6);
  });

  it("a run whose weights overflow stops as diverged, keeps its finite history and steps no more", () => {
    // L2 at rate 10 with lr 10 multiplies each weight by about −99 per point: float32 overflows in one epoch.
    const data = split(Array.from({ length: 40 }, (_, i) => [i % 2 ? 1 : -1, 0, i % 2]), [[3, 0, 0]]);
    const run = createNetworkRun(data, linear({ lr: 10, reg: "l2", regRate: 10, batch: 1 }), [[1, -1], [0, 0]]);
    expect(run.step()).toBeNull();
    expect(run.diverged).toBe("diverged at epoch 1: the loss or a weight is no longer finite; try a smaller learning rate than 10");
    expect(run.history).toEqual([]);
    expect(run.step()).toBeNull();
    expect(run.epoch).toBe(0);
    const calm = createNetworkRun(data, linear({ lr: 0.01, batch: 1 }), [[1, -1], [0, 0]]);
    expect(calm.step()).not.toBeNull();
    expect(calm.diverged).toBeNull();
  });
});

describe("grid and health by hand", () => {
  // One hidden ReLU layer of two units: h = [relu(x₁), relu(−x₁)], logits = h (W2 = identity).
  const reluNet = (): NetworkConfig => linear({ layers: [2], activations: ["relu"] });
  const reluWeights = [[1, -1], [0, 0], [1, 0, 0, 1], [0, 0]];

  it("grid(n, extent): cell centres, row 0 at the top (x₂ = extent), softmax probabilities per cell", () => {
    // n = 2 over [−6, 6]²: centres x₁ = −3, 3 (columns), x₂ = 3, −3 (rows).
    const byX2 = createNetworkRun(pair(), linear({ features: ["x2"] }), [[1, -1], [0, 0]]).grid(2, 6);
    const top = soft2(3, -3);
    const bottom = soft2(-3, 3);
    const want = [...top, ...top, ...bottom, ...bottom];
    byX2.probs.forEach((p, i) => expect(p).toBeCloseTo(want[i], 6));
    expect(byX2.units).toEqual([]);
    const byX1 = createNetworkRun(pair(), linear(), [[1, -1], [0, 0]]).grid(2, 6);
    const left = soft2(-3, 3);
    const right = soft2(3, -3);
    [...left, ...right, ...left, ...right].forEach((p, i) => expect(byX1.probs[i]).toBeCloseTo(p, 6));
    // Another extent and size: n = 4 over [−2, 2]² has centres −1.5, −0.5, 0.5, 1.5.
    const g4 = createNetworkRun(pair(), linear(), [[1, -1], [0, 0]]).grid(4, 2);
    expect(g4.probs).toHaveLength(32);
    [-1.5, -0.5, 0.5, 1.5].forEach((x, c) => expect(g4.probs[2 * c]).toBeCloseTo(sigma(2 * x), 6));
  });

  it("grid: huge logits still give probabilities 1 and 0 (softmax taken relative to the largest logit)", () => {
    // Logits ±600·x₁ at x₁ = ±3: e^1800 overflows, e^0 and e^−3600 do not.
    const g = createNetworkRun(pair(), linear(), [[600, -600], [0, 0]]).grid(2, 6);
    expect(Array.from(g.probs)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
  });

  it("grid gives every hidden unit's output per cell, units interleaved; none without withUnits", () => {
    const run = createNetworkRun(pair(), reluNet(), reluWeights);
    const g = run.grid(2, 6);
    expect(g.units).toHaveLength(1);
    expect(Array.from(g.units[0])).toEqual([0, 3, 3, 0, 0, 3, 3, 0]);
    const left = soft2(0, 3);
    const right = soft2(3, 0);
    [...left, ...right, ...left, ...right].forEach((p, i) => expect(g.probs[i]).toBeCloseTo(p, 6));
    expect(run.grid(2, 6, false).units).toEqual([]);
  });

  it("health(): a ReLU unit that never fires is dead and saturated, the other neither", () => {
    const run = createNetworkRun(split([[1, 0, 0], [2, 0, 1]], [[3, 0, 0]]), reluNet(), reluWeights);
    expect(run.health()).toEqual([{ dead: [false, true], saturated: [false, true], alpha: null }]);
    // Points on both sides: each unit fires on one, neither is dead; mean slope ½ is not saturated.
    const both = createNetworkRun(pair(), reluNet(), reluWeights);
    expect(both.health()).toEqual([{ dead: [false, false], saturated: [false, false], alpha: null }]);
  });

  it("health(): leaky ReLU below zero still passes gradient (not dead) but its slope 0.01 is saturated", () => {
    const run = createNetworkRun(split([[-1, 0, 0], [-2, 0, 1]], [[3, 0, 0]]), linear({ layers: [1], activations: ["leaky-relu"] }), [[1], [0], [1, -1], [0, 0]]);
    expect(run.health()).toEqual([{ dead: [false], saturated: [true], alpha: null }]);
  });

  it("health(): saturation is judged against the function's own peak slope (sigmoid's ¼)", () => {
    // σ′(3.9) = 0.019: 8 % of ¼, not saturated (it would be against a peak of 1); σ′(5) = 0.0066 is.
    const at = (x: number) =>
      createNetworkRun(split([[x, 0, 0], [x, 0, 1]], [[3, 0, 0]]), linear({ layers: [1], activations: ["sigmoid"] }), [[1], [0], [1, -1], [0, 0]]).health()[0];
    expect(at(3.9)).toEqual({ dead: [false], saturated: [false], alpha: null });
    expect(at(5)).toEqual({ dead: [false], saturated: [true], alpha: null });
    // Two units at the same point: the mean is over the points, not over points × units.
    const two = createNetworkRun(split([[3.9, 0, 0], [3.9, 0, 1]], [[3, 0, 0]]), linear({ layers: [2], activations: ["sigmoid"] }), [[1, 1], [0, 0], [1, -1, 1, -1], [0, 0]]);
    expect(two.health()).toEqual([{ dead: [false, false], saturated: [false, false], alpha: null }]);
  });

  it("health(): a sigmoid unit pinned at 1 (σ′ = 0 in float32) is saturated but not dead: it is positive", () => {
    const run = createNetworkRun(split([[1, 0, 0], [2, 0, 1]], [[3, 0, 0]]), linear({ layers: [1], activations: ["sigmoid"] }), [[200], [0], [1, -1], [0, 0]]);
    expect(run.health()).toEqual([{ dead: [false], saturated: [true], alpha: null }]);
  });

  it("health(): PReLU reports its α per unit; α = 0 below zero is dead, α = 0.5 is not", () => {
    const cfg = linear({ layers: [2], activations: ["prelu"] });
    // Weights: W1, b1, α, W2, b2.
    const run = createNetworkRun(split([[1, 0, 0], [2, 0, 1]], [[3, 0, 0]]), cfg, [[-1, -1], [0, 0], [0, 0.5], [1, 0, 0, 1], [0, 0]]);
    expect(run.health()).toEqual([{ dead: [true, false], saturated: [true, false], alpha: [0, 0.5] }]);
    expect(exportModel(run, 2).shapes).toEqual([
      "layer 1 weight 1×2 (row-major, input by unit)",
      "layer 1 bias 2",
      "layer 1 prelu alpha 2",
      "output weight 2×2 (row-major, input by unit)",
      "output bias 2",
    ]);
  });

  it("health() and grid() follow each hidden layer in order: a second layer pushed below zero is dead", () => {
    const cfg = linear({ layers: [2, 1], activations: ["relu", "relu"] });
    // Layer 2: z = h₁ + h₂ − 100 < 0 on every point.
    const weights = [[1, -1], [0, 0], [1, 1], [-100], [1, -1], [0, 0]];
    const run = createNetworkRun(pair(), cfg, weights);
    expect(run.health()).toEqual([
      { dead: [false, false], saturated: [false, false], alpha: null },
      { dead: [true], saturated: [true], alpha: null },
    ]);
    const g = run.grid(2, 6);
    expect(g.units.map((u) => Array.from(u))).toEqual([[0, 3, 3, 0, 0, 3, 3, 0], [0, 0, 0, 0]]);
    // Logits are [0, 0] everywhere: ½ each.
    g.probs.forEach((p) => expect(p).toBeCloseTo(0.5, 6));
  });
});

describe("configuration, model files and history", () => {
  const base: NetworkConfig = { features: ["x1", "x2"], layers: [4], activations: ["tanh"], init: "auto", optimizer: "adam", lr: 0.03, batch: 10, reg: "none", regRate: 0, seed: 1 };

  it("checkNetworkConfig accepts the limits themselves and names what is out of range", () => {
    for (const ok of [
      { lr: 1e-6 },
      { lr: 10 },
      { regRate: 10 },
      { regRate: 0 },
      { batch: 500 },
      { batch: 1 },
      { layers: [], activations: [] },
      { layers: [8, 8, 8, 8, 8, 8], activations: Array(6).fill("relu") },
      { features: ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"] },
      { init: "lecun" },
      { optimizer: "momentum" },
      { reg: "l1" },
    ] as Partial<NetworkConfig>[]) {
      expect(() => checkNetworkConfig({ ...base, ...ok }), JSON.stringify(ok)).not.toThrow();
    }
    const bad: [Partial<NetworkConfig>, string][] = [
      [{ features: ["x3" as never] }, "unknown feature: x3 (use x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)"],
      [{ layers: [1, 1, 1, 1, 1, 1, 1], activations: Array(7).fill("relu") }, "too many hidden layers: 7 (at most 6)"],
      [{ layers: [0], activations: ["relu"] }, "units in a layer"],
      [{ layers: [4, 2] }, "1 activations for 2 hidden layers"],
      [{ init: "glorot" as never }, "unknown init: glorot (use auto, xavier, he, lecun)"],
      [{ optimizer: "rmsprop" as never }, "unknown optimizer: rmsprop (use sgd, momentum, adam)"],
      [{ lr: 9e-7 }, "invalid learning rate: 9e-7 (must be in [0.000001, 10])"],
      [{ lr: 10.5 }, "invalid learning rate: 10.5"],
      [{ lr: NaN }, "invalid learning rate: NaN"],
      [{ batch: 0 }, "batch size"],
      [{ batch: 501 }, "batch size"],
      [{ reg: "l3" as never }, "unknown regularization: l3 (use none, l1, l2)"],
      [{ regRate: -0.1 }, "invalid regularization rate: -0.1 (must be in [0, 10])"],
      [{ regRate: 10.5 }, "invalid regularization rate: 10.5"],
      [{ regRate: NaN }, "invalid regularization rate: NaN"],
      [{ seed: 1.5 }, "invalid seed: 1.5 (must be an integer)"],
    ];
    for (const [over, message] of bad) {
      expect(() => checkNetworkConfig({ ...base, ...over }), JSON.stringify(over)).toThrow(RangeError);
      expect(() => checkNetworkConfig({ ...base, ...over })).toThrow(message);
    }
  });

  it("buildNetwork: Dense and activation alternating, then the output layer; the weights per seed", () => {
    const { model, dense } = buildNetwork(base, 2);
    expect(model.layers).toHaveLength(3);
    expect(dense.map((d) => [d.inputs, d.outputs])).toEqual([[2, 4], [4, 2]]);
    expect(modelWeights(model).map((w) => w.length)).toEqual([8, 4, 8, 2]);
    expect(modelWeights(buildNetwork(base, 2).model)).toEqual(modelWeights(model));
    expect(modelWeights(buildNetwork({ ...base, seed: 2 }, 2).model)[0]).not.toEqual(modelWeights(model)[0]);
    // Three classes: three output units.
    expect(buildNetwork({ ...base, layers: [], activations: [] }, 3).dense.map((d) => [d.inputs, d.outputs])).toEqual([[2, 3]]);
    expect(networkActivationIds()).toEqual(activations.map((a) => a.id));
  });

  it("loadWeights checks every array before copying any, with the message naming the array", () => {
    const { model } = buildNetwork(base, 2);
    const before = modelWeights(model);
    const good = before.map((w) => w.map(() => 0.5));
    const wrong = (k: number, w: unknown) => good.map((g, i) => (i === k ? w : g)) as number[][];
    expect(() => loadWeights(model, wrong(3, [1, 2, 3]))).toThrow("weight array 3 (bias) must hold 2 numbers, the file has 3");
    expect(() => loadWeights(model, wrong(2, "x"))).toThrow("weight array 2 (weight) must hold 8 numbers, the file has none");
    expect(() => loadWeights(model, wrong(1, [0, 0, null, 0]))).toThrow("weight array 1 (bias) holds a value that is not a finite number: null");
    expect(() => loadWeights(model, wrong(1, [0, 0, Infinity, 0]))).toThrow("not a finite number: Infinity");
    expect(() => loadWeights(model, wrong(1, [0, 0, "1", 0]))).toThrow("weight array 1 (bias) holds a value that is not a finite number: 1");
    expect(() => loadWeights(model, good.slice(1))).toThrow("the model has 4 weight arrays, the file 3");
    expect(() => loadWeights(model, "w" as never)).toThrow("the model has 4 weight arrays, the file none");
    // Nothing was copied by the failed loads, not even the good arrays before the bad one.
    expect(modelWeights(model)).toEqual(before);
    loadWeights(model, good);
    expect(modelWeights(model)).toEqual(good);
  });

  it("exportModel writes format, version, a copy of the config, classes, epoch, shapes and weights", () => {
    const cfg = { ...base, layers: [3, 2], activations: ["relu", "elu"] };
    const run = createNetworkRun(pair(), cfg);
    run.step();
    const file = exportModel(run, 2);
    expect(file).toMatchObject({ format: "actlab-network", version: 1, classes: 2, epoch: 1, config: cfg });
    expect(file.shapes).toEqual([
      "layer 1 weight 2×3 (row-major, input by unit)",
      "layer 1 bias 3",
      "layer 2 weight 3×2 (row-major, input by unit)",
      "layer 2 bias 2",
      "output weight 2×2 (row-major, input by unit)",
      "output bias 2",
    ]);
    expect(file.weights).toEqual(modelWeights(run.model));
    file.config.layers.push(1);
    expect(run.config.layers).toEqual([3, 2]);
  });

  it("parseModel names what is wrong with a model file", () => {
    const run = createNetworkRun(pair(), base);
    const good = exportModel(run, 2);
    const text = (over: Record<string, unknown>) => JSON.stringify({ ...good, ...over });
    expect(parseModel(JSON.stringify(good))).toEqual(JSON.parse(JSON.stringify(good)));
    expect(() => parseModel("null")).toThrow('not an actlab network model (expected "format": "actlab-network")');
    expect(() => parseModel("3")).toThrow("not an actlab network model");
    expect(() => parseModel('"actlab-network"')).toThrow("not an actlab network model");
    expect(() => parseModel(text({ version: 2 }))).toThrow("unsupported model version: 2 (this lab reads version 1)");
    expect(() => parseModel(text({ config: null }))).toThrow("the model file has no config");
    expect(() => parseModel(text({ config: "sgd" }))).toThrow("the model file has no config");
    expect(() => parseModel(text({ config: { ...base, lr: 99 } }))).toThrow("invalid learning rate: 99");
    expect(() => parseModel(text({ classes: 0 }))).toThrow("invalid classes in the model file: 0");
    expect(() => parseModel(text({ classes: 2.5 }))).toThrow("invalid classes in the model file: 2.5");
    // Three classes: the output layer needs 4×3 weights, the file has 4×2.
    expect(() => parseModel(text({ classes: 3 }))).toThrow("weight array 2 (weight) must hold 12 numbers, the file has 8");
    expect(() => parseModel(text({ weights: undefined }))).toThrow("invalid weights in the model file: missing (must be a list of lists of finite numbers)");
  });

  it("historyCsv: the header names one gradient column per weight layer; no epochs, no columns for them", () => {
    expect(historyCsv([])).toBe("epoch,train_loss,test_loss,train_accuracy,test_accuracy\n");
    const rows = [
      { epoch: 1, trainLoss: 0.5, testLoss: 0.25, trainAccuracy: 0.75, testAccuracy: 1, gradNorm: [0.125, 2] },
      { epoch: 2, trainLoss: 0.375, testLoss: NaN, trainAccuracy: 1, testAccuracy: NaN, gradNorm: [0.0625, 1] },
    ];
    expect(historyCsv(rows)).toBe(
      "epoch,train_loss,test_loss,train_accuracy,test_accuracy,grad_norm_layer1,grad_norm_output\n1,0.5,0.25,0.75,1,0.125,2\n2,0.375,NaN,1,NaN,0.0625,1\n",
    );
  });
});
