import { describe, expect, it } from "vitest";
import { activations } from "../../packages/actlab/src/activations/registry.js";
import { CsvError } from "../../packages/actlab/src/train/csv.js";
import { initFor } from "../../packages/actlab/src/train/mlp.js";
import { buildNetwork, checkNetworkConfig, createNetworkRun, exportModel, historyCsv, parseModel, type NetworkConfig } from "../../packages/actlab/src/train/network.js";
import { featurize, makePlaneData, parsePlaneCsv, planeClasses, planeDatasets, splitPlane } from "../../packages/actlab/src/train/plane-data.js";

const base: NetworkConfig = { features: ["x1", "x2"], layers: [4, 2], activations: ["tanh", "tanh"], init: "auto", optimizer: "sgd", lr: 0.03, batch: 10, reg: "none", regRate: 0, seed: 1 };
const circle = () => splitPlane(makePlaneData("circle", { seed: 1 }), 50, 1);

describe("plane data", () => {
  it("makePlaneData gives the same points for the same seed, other points for another, inside the square", () => {
    for (const name of planeDatasets) {
      const a = makePlaneData(name, { noise: 10, seed: 3 });
      const b = makePlaneData(name, { noise: 10, seed: 3 });
      const c = makePlaneData(name, { noise: 10, seed: 4 });
      expect(a.x).toEqual(b.x);
      expect(a.x).not.toEqual(c.x);
      expect(a.classes).toBe(planeClasses(name));
      expect(new Set(a.labels).size).toBe(a.classes);
      expect(Math.max(...a.x.map(Math.abs))).toBeLessThan(9);
    }
    expect(makePlaneData("spiral3").classes).toBe(3);
  });

  it("makePlaneData('circle') puts class 0 inside radius 2.5 and class 1 between 3.5 and 5 without noise", () => {
    const d = makePlaneData("circle", { noise: 0 });
    for (let i = 0; i < d.labels.length; i++) {
      const r = Math.hypot(d.x[2 * i], d.x[2 * i + 1]);
      if (d.labels[i] === 0) expect(r).toBeLessThanOrEqual(2.5);
      else expect(r >= 3.5 && r <= 5).toBe(true);
    }
  });

  it("splitPlane keeps every point exactly once, in the requested share", () => {
    const pts = makePlaneData("xor");
    const s = splitPlane(pts, 30, 1);
    expect(s.train.labels.length).toBe(150);
    expect(s.test.labels.length).toBe(350);
    const key = (x: Float64Array, i: number) => `${x[2 * i]},${x[2 * i + 1]}`;
    const all = new Set(Array.from(pts.labels, (_, i) => key(pts.x, i)));
    const got = [...Array.from(s.train.labels, (_, i) => key(s.train.x, i)), ...Array.from(s.test.labels, (_, i) => key(s.test.x, i))];
    expect(new Set(got)).toEqual(all);
  });

  it("featurize computes each feature of (x₁, x₂)", () => {
    const f = featurize([2, -3], ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]);
    expect(Array.from(f)).toEqual(Array.from(Float32Array.from([2, -3, 4, 9, -6, Math.sin(2), Math.sin(-3)])));
  });

  it("parsePlaneCsv reads x1,x2,label with an optional header and names the line of each error", () => {
    const ok = parsePlaneCsv("x1,x2,label\n0,0,0\n1,1,1\n\n2,2,2\n3,3,0\n");
    expect(ok.classes).toBe(3);
    expect(Array.from(ok.labels)).toEqual([0, 1, 2, 0]);
    const err = (text: string): string => {
      try {
        parsePlaneCsv(text);
      } catch (e) {
        expect(e).toBeInstanceOf(CsvError);
        return (e as Error).message;
      }
      return "no error";
    };
    expect(err("x1,x2,label\n1,2,0\n3,abc,1\n")).toBe("line 3: column x2 is not a finite number: 'abc'");
    expect(err("1,2\n")).toBe("line 1: expected 3 columns x1,x2,label, got 2");
    expect(err("1,2,0\n1,2,0.5\n")).toMatch(/^line 2: label must be an integer from 0 to 7/);
    expect(err("1,2,0\n1,2,0\n1,1,0\n0,0,0\n")).toMatch(/at least two classes/);
    expect(err("1,2,0\n1,2,2\n1,1,0\n0,0,2\n")).toMatch(/no point has label 1/);
    expect(err("")).toMatch(/^line 1: no data rows/);
  });
});

describe("network trainer", () => {
  it("createNetworkRun gives the same losses for the same config and seed, other losses for another seed", () => {
    const a = createNetworkRun(circle(), base);
    const b = createNetworkRun(circle(), base);
    const c = createNetworkRun(circle(), { ...base, seed: 2 });
    for (let i = 0; i < 5; i++) {
      a.step();
      b.step();
      c.step();
    }
    expect(a.history).toEqual(b.history);
    expect(a.history[4].trainLoss).not.toBe(c.history[4].trainLoss);
  });

  it("createNetworkRun learns the circle to high test accuracy with every optimiser", () => {
    for (const optimizer of ["sgd", "momentum", "adam"] as const) {
      const run = createNetworkRun(circle(), { ...base, optimizer, lr: optimizer === "adam" ? 0.01 : 0.03 });
      for (let i = 0; i < 200; i++) run.step();
      const last = run.history[run.history.length - 1];
      expect(last.testAccuracy, optimizer).toBeGreaterThan(0.9);
      expect(last.trainLoss).toBeLessThan(run.history[0].trainLoss);
    }
  });

  it("buildNetwork uses the recommended init per layer for 'auto', so a relu layer differs from an xavier one", () => {
    const auto = buildNetwork({ ...base, activations: ["relu", "tanh"] }, 2).dense[0].weight.value;
    const he = buildNetwork({ ...base, activations: ["relu", "tanh"], init: "he" }, 2).dense[0].weight.value;
    const xavier = buildNetwork({ ...base, activations: ["relu", "tanh"], init: "xavier" }, 2).dense[0].weight.value;
    expect(initFor("relu")).toBe("he");
    expect(auto).toEqual(he);
    expect(auto).not.toEqual(xavier);
  });

  it("every registry activation trains in a layer (finite losses)", () => {
    for (const a of activations) {
      const run = createNetworkRun(circle(), { ...base, activations: [a.id, a.id] });
      expect(run.step()?.trainLoss, a.id).toSatisfy(Number.isFinite);
    }
  });

  it("health() reports PReLU's learned α per unit, and it moves from its start of 0.25", () => {
    const run = createNetworkRun(circle(), { ...base, layers: [3], activations: ["prelu"], optimizer: "adam", lr: 0.05 });
    expect(run.health()[0].alpha).toEqual([0.25, 0.25, 0.25]);
    for (let i = 0; i < 5; i++) run.step();
    const alpha = run.health()[0].alpha as number[];
    expect(alpha).toHaveLength(3);
    expect(alpha.some((v) => Math.abs(v - 0.25) > 1e-3)).toBe(true);
  });

  it("health() finds the dead units of a ReLU network driven by a large learning rate", () => {
    const run = createNetworkRun(circle(), { ...base, layers: [8, 8], activations: ["relu", "relu"], lr: 3 });
    expect(run.health().flatMap((h) => h.dead).filter(Boolean)).toHaveLength(0);
    for (let i = 0; i < 5; i++) run.step();
    expect(run.health()[1].dead.every(Boolean)).toBe(true);
    expect(run.health()[1].saturated.every(Boolean)).toBe(true);
    // Nothing flows back through a dead layer.
    expect(run.history[run.history.length - 1].gradNorm[0]).toBe(0);
  });

  it("step() measures vanishing gradients: six sigmoid layers, the first gets < 1/1000 of the output's gradient", () => {
    const run = createNetworkRun(circle(), { ...base, layers: [8, 8, 8, 8, 8, 8], activations: Array(6).fill("sigmoid"), init: "xavier" });
    const g = run.step()!.gradNorm;
    expect(g).toHaveLength(7);
    expect(g[0]).toBeLessThan(g[6] / 1000);
    const tanh = createNetworkRun(circle(), { ...base, layers: [8, 8, 8, 8, 8, 8], activations: Array(6).fill("tanh"), init: "xavier" }).step()!.gradNorm;
    expect(tanh[0] / tanh[6]).toBeGreaterThan(g[0] / g[6]);
  });

  it("L1 with a large rate drives weights to exactly zero; L2 shrinks them", () => {
    const l1 = createNetworkRun(circle(), { ...base, reg: "l1", regRate: 0.3 });
    const l2 = createNetworkRun(circle(), { ...base, reg: "l2", regRate: 0.3 });
    const none = createNetworkRun(circle(), base);
    for (let i = 0; i < 10; i++) [l1, l2, none].forEach((r) => r.step());
    const zeros = l1.dense.reduce((n, d) => n + d.weight.value.filter((v) => v === 0).length, 0);
    expect(zeros).toBeGreaterThan(5);
    const size = (r: typeof none) => r.dense.reduce((s, d) => s + Array.from(d.weight.value).reduce((a, v) => a + v * v, 0), 0);
    expect(size(l2)).toBeLessThan(size(none));
  });

  it("exportModel → parseModel → createNetworkRun continues with the same weights and losses", () => {
    const run = createNetworkRun(circle(), { ...base, layers: [3, 3], activations: ["prelu", "elu"] });
    for (let i = 0; i < 3; i++) run.step();
    const file = parseModel(JSON.stringify(exportModel(run, 2)));
    expect(file.epoch).toBe(3);
    const back = createNetworkRun(circle(), file.config, file.weights);
    expect(back.evaluate().trainLoss).toBe(run.history[2].trainLoss);
    expect(() => parseModel("{")).toThrow(/not a JSON file/);
    expect(() => parseModel('{"format":"x"}')).toThrow(/not an actlab network model/);
    const bad = exportModel(run, 2);
    bad.weights[0] = bad.weights[0].slice(1);
    expect(() => parseModel(JSON.stringify(bad))).toThrow(/weight array 0 \(weight\) must hold 6 numbers, the file has 5/);
  });

  it("historyCsv writes one row per epoch with a header", () => {
    const run = createNetworkRun(circle(), base);
    run.step();
    run.step();
    const lines = historyCsv(run.history).trim().split("\n");
    expect(lines[0]).toBe("epoch,train_loss,test_loss,train_accuracy,test_accuracy,grad_norm_layer1,grad_norm_layer2,grad_norm_output");
    expect(lines).toHaveLength(3);
    expect(Number(lines[2].split(",")[1])).toBe(run.history[1].trainLoss);
  });

  it("checkNetworkConfig rejects bad settings with one-line messages", () => {
    expect(() => checkNetworkConfig({ ...base, layers: [9] , activations: ["tanh"]})).toThrow(/units in a layer: 9/);
    expect(() => checkNetworkConfig({ ...base, activations: ["tanh", "swishy"] })).toThrow(/unknown activation: swishy/);
    expect(() => checkNetworkConfig({ ...base, features: [] })).toThrow(/no input features/);
    expect(() => checkNetworkConfig({ ...base, lr: 0 })).toThrow(/invalid learning rate/);
  });
});
