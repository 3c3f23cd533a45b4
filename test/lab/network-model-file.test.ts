import { describe, expect, it } from "vitest";
import { checkNetworkConfig, createNetworkRun, modelWeights, parseModel } from "../../packages/actlab/src/train/network.js";
import { makePlaneData, PLANE_EXTENT } from "../../packages/actlab/src/train/plane-data.js";
import { dotGroups } from "../../lab/src/views/network/logic.js";
import { checkClasses, configOf, epochRate, exportAt, historyAt, modelFileName, modelSettings, pointsOf, rowsSince, splitOf, startEpoch } from "../../lab/src/views/network/model-file.js";
import type { DataSpec } from "../../lab/src/views/network/protocol.js";
import { defaultNetwork, type NetworkState } from "../../lab/src/views/network/state.js";

// What the Network view's worker does with the data, a model file and the history: the points it
// trains on and the ones it only tests on, the epoch a model carries out of the page and back in,
// and the rows and speed each snapshot shows.

const spec = (over: Partial<DataSpec> = {}): DataSpec => ({ dataset: "circle", noise: 0, train: 50, dataSeed: 1, custom: null, ...over });
/** Points as sorted "x,y:label" strings, to compare sets of points. */
const asSet = (x: ArrayLike<number>, labels: ArrayLike<number>): string[] => Array.from(labels, (l, i) => `${x[2 * i]},${x[2 * i + 1]}:${l}`).sort();

describe("the points a setup trains and tests on", () => {
  it("a generated data set is split by the training share: training and test points are disjoint and together the whole set", () => {
    const all = makePlaneData("circle", { noise: 0, seed: 1 });
    const n = all.labels.length;
    for (const train of [10, 50, 70, 90]) {
      const split = splitOf(spec({ train }));
      expect(split.train.labels.length).toBe(Math.round((n * train) / 100));
      expect(split.train.labels.length + split.test.labels.length).toBe(n);
      const tr = asSet(split.train.x, split.train.labels);
      const te = asSet(split.test.x, split.test.labels);
      expect([...tr, ...te].sort()).toEqual(asSet(all.x, all.labels));
      expect(tr.filter((p) => te.includes(p))).toEqual([]);
      expect(split.extent).toBe(PLANE_EXTENT);
      expect(split.classes).toBe(2);
    }
  });

  it("the data set, its noise and its seed each change the points", () => {
    const base = asSet(splitOf(spec()).train.x, splitOf(spec()).train.labels);
    expect(asSet(splitOf(spec()).train.x, splitOf(spec()).train.labels)).toEqual(base);
    for (const other of [spec({ dataset: "xor" }), spec({ noise: 30 }), spec({ dataSeed: 2 })]) {
      const s = splitOf(other);
      expect(asSet(s.train.x, s.train.labels)).not.toEqual(base);
    }
    expect(splitOf(spec({ dataset: "spiral3" })).classes).toBe(3);
  });

  it("the reader's own points replace the data set, over their own extent, with their classes", () => {
    const x = [0.5, 1, -1.5, 0.25, 1.8, -0.2, -0.4, -1];
    const labels = [0, 1, 2, 1];
    const split = splitOf(spec({ custom: { x, labels, classes: 3 }, train: 50, dataset: "xor", noise: 40 }));
    expect(split.classes).toBe(3);
    expect(split.extent).toBe(2); // 1.8 × 1.1, to two digits
    expect(split.train.labels.length).toBe(2);
    expect([...asSet(split.train.x, split.train.labels), ...asSet(split.test.x, split.test.labels)].sort()).toEqual(asSet(x, labels));
  });

  it("the plot draws the split's training points as dots and its test points as rings", () => {
    const split = splitOf(spec({ train: 30 }));
    const points = pointsOf(split);
    expect(points.trainX).toBe(split.train.x);
    expect(points.trainY).toBe(split.train.labels);
    expect(points.testX).toBe(split.test.x);
    expect(points.testY).toBe(split.test.labels);
    const groups = dotGroups(points, true, 2, split.extent, 2 * split.extent);
    const count = (kind: string): number => groups.filter((g) => g.kind === kind).reduce((a, g) => a + g.xy.length / 2, 0);
    expect(count("train")).toBe(split.train.labels.length);
    expect(count("test")).toBe(split.test.labels.length);
    expect(count("train")).toBeLessThan(count("test"));
  });
});

describe("a model file carries its epoch out of the page and back in", () => {
  // Built inside each test (Stryker credits no kill to code run while the file is collected).
  const setup = () => ({ split: splitOf(spec()), config: configOf(defaultNetwork()) });

  it("a run that started from epoch 7 and trained 5 more exports epoch 12; imported, the next run counts on from 12", () => {
    const { split, config } = setup();
    const run = createNetworkRun(split, config);
    for (let i = 0; i < 5; i++) run.step();
    const file = exportAt(run, split.classes, 7);
    expect(file.epoch).toBe(12);
    expect(file.classes).toBe(2);
    expect(modelFileName(file.epoch)).toBe("actlab-network-epoch12.json");
    const back = parseModel(JSON.stringify(file, null, 1));
    expect(startEpoch(back)).toBe(12);
    expect(back.weights).toEqual(modelWeights(run.model));
    // The worker's next run starts from the file's weights and shows epochs from 12 on.
    const next = createNetworkRun(split, back.config, back.weights);
    expect(modelWeights(next.model)).toEqual(back.weights);
    next.step();
    next.step();
    const { rows, grads } = rowsSince(next.history, 0, startEpoch(back));
    expect(rows.map((r) => r[0])).toEqual([13, 14]);
    expect(rows[1]).toEqual([14, next.history[1].trainLoss, next.history[1].testLoss]);
    expect(grads).toEqual(next.history.map((h) => h.gradNorm));
    // Exporting again keeps counting.
    expect(exportAt(next, split.classes, startEpoch(back)).epoch).toBe(14);
  });

  it("a fresh run starts at epoch 0 and exports its own epoch", () => {
    const { split, config } = setup();
    expect(startEpoch(undefined)).toBe(0);
    const run = createNetworkRun(split, config);
    run.step();
    expect(exportAt(run, split.classes, 0).epoch).toBe(1);
  });

  it("the history CSV counts epochs from the model's start", () => {
    const { split, config } = setup();
    const run = createNetworkRun(split, config);
    for (let i = 0; i < 3; i++) run.step();
    const lines = historyAt(run.history, 20).trim().split("\n");
    expect(lines[0].startsWith("epoch,train_loss,test_loss")).toBe(true);
    expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual([21, 22, 23]);
    expect(Number(lines[3].split(",")[1])).toBe(run.history[2].trainLoss);
    // The run's own history is left as it was.
    expect(run.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
  });

  it("each snapshot carries only the rows since the last one", () => {
    const { split, config } = setup();
    const run = createNetworkRun(split, config);
    for (let i = 0; i < 4; i++) run.step();
    expect(rowsSince(run.history, 3, 0).rows.map((r) => r[0])).toEqual([4]);
    expect(rowsSince(run.history, 4, 0)).toEqual({ rows: [], grads: [] });
    expect(rowsSince(run.history, 1, 10).rows.map((r) => r[0])).toEqual([12, 13, 14]);
  });

  it("a model goes only onto data with as many classes", () => {
    const { split, config } = setup();
    const run = createNetworkRun(split, config);
    const file = exportAt(run, 2, 0);
    expect(() => checkClasses(file, 2)).not.toThrow();
    expect(() => checkClasses(undefined, 3)).not.toThrow();
    expect(() => checkClasses(file, 3)).toThrow(new RangeError("the model predicts 2 classes but the data has 3: pick a data set with 2 classes first"));
  });

  it("importing a model sets the network's settings and keeps the page's data settings", () => {
    const { split } = setup();
    const mine: NetworkState = { ...defaultNetwork(), dataset: "xor", noise: 20, train: 70, dataSeed: 5 };
    const theirs: NetworkState = { ...defaultNetwork(), features: ["x1", "x2", "x1sq"], layers: [3, 5], activations: ["relu", "elu"], init: "he", optimizer: "adam", lr: 0.003, batch: 25, reg: "l2", regRate: 0.01, seed: 42 };
    const file = exportAt(createNetworkRun(split, configOf(theirs)), 2, 0);
    const after = { ...mine, ...modelSettings(file) };
    expect(after).toEqual({ ...theirs, dataset: "xor", noise: 20, train: 70, dataSeed: 5 });
    expect(configOf(after)).toEqual(file.config);
  });

  it("the view's settings make a valid configuration without its data settings", () => {
    const c = configOf({ ...defaultNetwork(), seed: 9, lr: 0.1 });
    expect(() => checkNetworkConfig(c)).not.toThrow();
    expect(Object.keys(c).sort()).toEqual(["activations", "batch", "features", "init", "layers", "lr", "optimizer", "reg", "regRate", "seed"]);
    expect([c.seed, c.lr]).toEqual([9, 0.1]);
  });
});

describe("epochs per second", () => {
  it("is measured over the last second of samples", () => {
    const rate: [number, number][] = [[0, 0], [500, 50], [1000, 100]];
    expect(epochRate(rate, 1000)).toBe(100);
    expect(rate).toHaveLength(3);
    expect(epochRate(rate, 1400)).toBe(100);
    expect(rate).toEqual([[500, 50], [1000, 100]]);
    // The sample exactly a second old still counts: (240 − 30) epochs in 1 s.
    expect(epochRate([[0, 0], [500, 30], [1000, 90], [1500, 240]], 1500)).toBe(210);
  });

  it("is 0 with fewer than two samples, and keeps the last one", () => {
    const rate: [number, number][] = [[0, 0], [100, 5]];
    expect(epochRate(rate, 5000)).toBe(0);
    expect(rate).toEqual([[100, 5]]);
    expect(epochRate([], 0)).toBe(0);
  });

  it("two samples at the same time do not divide by zero", () => {
    expect(epochRate([[5, 0], [5, 3]], 5)).toBe(3000);
  });
});
