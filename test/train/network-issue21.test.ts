// Issue 21 in Node: a diverged run says at which epoch, weights or points beyond float32 stop a
// run before its first step, a linear network cannot learn XOR, large CSVs, model files checked
// field by field.
import { describe, expect, it } from "vitest";
import { createNetworkRun, exportModel, parseModel, type NetworkConfig } from "../../packages/actlab/src/train/network.js";
import { extentOf, makePlaneData, makeRegressionData, parsePlaneCsv, regressionTarget, splitPlane } from "../../packages/actlab/src/train/plane-data.js";

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

describe("model files checked field by field (item 6)", () => {
  const split = splitPlane(makePlaneData("circle"), 50);
  const run = createNetworkRun(split, config());
  run.step();
  const good = { ...exportModel(run, 2), data: { dataset: "spiral", noise: 10, train: 50, dataSeed: 1 } };
  const text = (patch: (m: Record<string, any>) => void): string => {
    const m = structuredClone(good) as Record<string, any>;
    patch(m);
    return JSON.stringify(m);
  };
  it("reads a good file with its data settings", () => {
    expect(parseModel(JSON.stringify(good)).data).toEqual(good.data);
    expect(parseModel(text((m) => delete m.data)).data).toBeUndefined();
    expect(parseModel(text((m) => (m.data = { dataset: "custom", file: "mine.csv", train: 70, dataSeed: 3 }))).data).toEqual({ dataset: "custom", file: "mine.csv", train: 70, dataSeed: 3 });
  });
  it.each([
    ["config.lr", (m: Record<string, any>) => (m.config.lr = "0.03"), 'invalid config.lr in the model file: "0.03" (must be a number)'],
    ["config.regRate", (m: Record<string, any>) => (m.config.regRate = null), "invalid config.regRate in the model file: null (must be a number)"],
    ["config.batch", (m: Record<string, any>) => (m.config.batch = "10"), 'invalid config.batch in the model file: "10" (must be a whole number)'],
    ["config.seed", (m: Record<string, any>) => (m.config.seed = 1.5), "invalid config.seed in the model file: 1.5 (must be a whole number)"],
    ["config.features", (m: Record<string, any>) => (m.config.features = "x1"), 'invalid config.features in the model file: "x1" (must be a list of feature ids)'],
    ["config.layers", (m: Record<string, any>) => (m.config.layers = ["4", 2]), "invalid config.layers in the model file: an array (must be a list of whole unit counts)"],
    ["config.activations", (m: Record<string, any>) => (m.config.activations = [1, 2]), "invalid config.activations in the model file: an array (must be a list of activation ids)"],
    ["config.optimizer", (m: Record<string, any>) => (m.config.optimizer = 3), "invalid config.optimizer in the model file: 3 (must be a string)"],
    ["epoch abc", (m: Record<string, any>) => (m.epoch = "abc"), 'invalid epoch in the model file: "abc" (must be a whole number ≥ 0)'],
    ["epoch −5", (m: Record<string, any>) => (m.epoch = -5), "invalid epoch in the model file: -5 (must be a whole number ≥ 0)"],
    ["epoch missing", (m: Record<string, any>) => delete m.epoch, "invalid epoch in the model file: missing (must be a whole number ≥ 0)"],
    ["classes", (m: Record<string, any>) => (m.classes = 9), "invalid classes in the model file: 9 (must be a whole number from 1 (regression) to 8)"],
    ["shapes", (m: Record<string, any>) => (m.shapes = [1]), "invalid shapes in the model file: an array (must be a list of strings)"],
    ["weights", (m: Record<string, any>) => (m.weights[1][0] = "1"), "invalid weights in the model file: an array (must be a list of lists of finite numbers)"],
    ["data", (m: Record<string, any>) => (m.data = 5), "invalid data in the model file: 5 (must be an object)"],
    ["data.dataset", (m: Record<string, any>) => (m.data.dataset = "ring"), 'invalid data.dataset in the model file: "ring" (must be one of circle, xor, gauss, spiral, spiral3, moons'],
    ["data.noise", (m: Record<string, any>) => (m.data.noise = "10"), 'invalid data.noise in the model file: "10" (must be a percentage in [0, 100])'],
    ["data.train", (m: Record<string, any>) => (m.data.train = 100), "invalid data.train in the model file: 100 (must be a percentage in (0, 100))"],
    ["data.dataSeed", (m: Record<string, any>) => (m.data.dataSeed = -1), "invalid data.dataSeed in the model file: -1 (must be a whole number ≥ 0)"],
    ["data.file", (m: Record<string, any>) => (m.data = { dataset: "custom", train: 50, dataSeed: 1 }), "invalid data.file in the model file: missing (must be a file name)"],
  ])("names %s", (_, patch, message) => {
    expect(() => parseModel(text(patch))).toThrow(message);
  });
});

describe("large CSVs (item 11)", () => {
  it("parsePlaneCsv reads 10⁶ rows (Math.max(...labels) overflowed the stack at ~1.3·10⁵)", () => {
    const n = 1_000_000;
    const rows: string[] = ["x1,x2,label"];
    for (let i = 0; i < n; i++) rows.push(`${(i % 1000) / 100 - 5},${Math.floor(i / 1000) / 100 - 5},${i % 3}`);
    const pts = parsePlaneCsv(rows.join("\n"));
    expect(pts.labels.length).toBe(n);
    expect(pts.classes).toBe(3);
    expect(pts.labels[n - 1]).toBe((n - 1) % 3);
    expect(pts.x[2 * (n - 1)]).toBeCloseTo(((n - 1) % 1000) / 100 - 5, 12);
  });

  it("still names a gap in the labels", () => {
    expect(() => parsePlaneCsv("0,0,0\n1,1,2\n2,2,0\n3,3,2\n")).toThrow("no point has label 1: labels must run 0, 1, … 2 without gaps");
  });
});

describe("regression (item 1)", () => {
  it("reg-plane and reg-gauss: values in [−1, 1], reproducible, carried through the split", () => {
    for (const name of ["reg-plane", "reg-gauss"] as const) {
      const a = makeRegressionData(name, { noise: 10, seed: 3 });
      expect(a.classes).toBe(1);
      expect(a.targets).toHaveLength(500);
      expect(makeRegressionData(name, { noise: 10, seed: 3 })).toEqual(a);
      for (const v of a.targets!) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      const split = splitPlane(a, 50, 2);
      expect(split.train.targets!.length + split.test.targets!.length).toBe(500);
      expect([...split.train.targets!, ...split.test.targets!].sort()).toEqual([...a.targets!].sort());
    }
    expect(regressionTarget("reg-plane", 3, -1)).toBe(2 / 12);
  });

  it("a network learns reg-plane with squared error; the loss is the MSE of its outputs", () => {
    const split = splitPlane(makeRegressionData("reg-plane", { seed: 1 }), 50);
    const run = createNetworkRun(split, config({ layers: [2], activations: ["linear"], lr: 0.01 }));
    const first = run.evaluate();
    expect(first.testAccuracy).toBeNaN();
    for (let i = 0; i < 40; i++) run.step();
    const last = run.history.at(-1)!;
    expect(last.trainLoss).toBeLessThan(first.trainLoss / 100);
    // The loss is the mean squared error of the grid-free forward pass, computed here by hand.
    const { featurize } = { featurize: (xy: Float64Array) => Float32Array.from(xy) };
    const out = run.model.forward(featurize(split.test.x));
    let se = 0;
    split.test.targets!.forEach((t, i) => (se += (out[i] - t) ** 2));
    expect(last.testLoss).toBeCloseTo(se / split.test.targets!.length, 6);
    const g = run.grid(3, 6).probs;
    expect(g).toHaveLength(9);
    // The middle cell is (0, 0), where the plane is 0.
    expect(Math.abs(g[4])).toBeLessThan(0.05);
    // A model file of a regression run reads back.
    expect(parseModel(JSON.stringify(exportModel(run, 1))).classes).toBe(1);
  });
});
