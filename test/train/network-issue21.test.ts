// Issue 21 in Node: a diverged run says at which epoch, weights or points beyond float32 stop a
// run before its first step, a linear network cannot learn XOR, large CSVs, model files checked
// field by field.
import { describe, expect, it } from "vitest";
import { createNetworkRun, exportModel, type NetworkConfig } from "../../packages/actlab/src/train/network.js";
import { extentOf, makePlaneData, splitPlane } from "../../packages/actlab/src/train/plane-data.js";

const config = (over: Partial<NetworkConfig> = {}): NetworkConfig => ({
  features: ["x1", "x2"],
  layers: [4, 2],
  activations: ["tanh", "tanh"],
  init: "auto",
  optimizer: "sgd",
  lr: 0.03,
  batch: 10,
  reg: "none",
  regRate: 0,
  seed: 1,
  ...over,
});

describe("divergence (item 5)", () => {
  it("the issue's run diverges at epoch 1 and says so in divergedAt", () => {
    const split = splitPlane(makePlaneData("circle"), 50);
    const run = createNetworkRun(split, config({ lr: 10, optimizer: "momentum", layers: [8, 8, 8, 8, 8, 8], activations: Array(6).fill("elu"), batch: 1, features: ["x1", "x2", "x1sq", "x2sq", "x1x2"] }));
    expect(run.divergedAt).toBeNull();
    expect(run.step()).toBeNull();
    expect(run.divergedAt).toBe(1);
    expect(run.diverged).toMatch(/^diverged at epoch 1: /);
    const calm = createNetworkRun(split, config());
    calm.step();
    expect(calm.divergedAt).toBeNull();
  });

  it("a weight of 1e39 (beyond float32) stops the run before its first step, at epoch 0", () => {
    const split = splitPlane(makePlaneData("circle"), 50);
    const run = createNetworkRun(split, config());
    run.step();
    const weights = exportModel(run, 2).weights;
    weights[0][0] = 1e39;
    const loaded = createNetworkRun(split, config(), weights);
    expect(loaded.divergedAt).toBe(0);
    expect(loaded.diverged).toMatch(/^diverged at epoch 0: /);
    expect(loaded.step()).toBeNull();
    // The grid still answers (NaN or not): the page can draw it.
    expect(loaded.grid(4, 6).probs).toHaveLength(32);
  });

  it("extentOf stays finite for coordinates of ±1e308", () => {
    const pts = { x: Float64Array.of(1.7e308, 0, -1e308, 1, 3, 4, 5, 6), labels: Int32Array.of(0, 1, 0, 1), classes: 2 };
    expect(extentOf(pts)).toBe(Number.MAX_VALUE);
    expect(extentOf({ ...pts, x: Float64Array.of(1, -2, 0.5, 0, 0, 0, 0, 0) })).toBe(2.2);
  });
});

describe("linear (item 2)", () => {
  it("a network of linear layers cannot learn XOR from x₁, x₂; tanh can", () => {
    const split = splitPlane(makePlaneData("xor"), 50);
    const acc = (act: string): number => {
      const run = createNetworkRun(split, config({ layers: [8, 8], activations: [act, act], lr: 0.01, optimizer: "adam" }));
      for (let i = 0; i < 150; i++) run.step();
      return run.history.at(-1)!.testAccuracy;
    };
    // A line can at best get three of XOR's four quadrants right (75 %).
    expect(acc("linear")).toBeLessThan(0.8);
    expect(acc("tanh")).toBeGreaterThan(0.95);
  });
});
