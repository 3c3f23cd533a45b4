/**
 * The training library's boundaries and shapes, fast enough for mutation runs: data sets by
 * their geometry, the PReLU fit and the MLP run step by step, every bad setting named.
 */
import { describe, expect, it } from "vitest";
import { articleData, ARTICLE, checkCount, STREAM } from "../../src/train/data.js";
import { DATASET_POINTS, datasetNames, makeDataset, type DatasetName } from "../../src/train/datasets.js";
import { buildMlp, createMlpRun, finiteParams, MLP_DEFAULTS, trainMlp } from "../../src/train/mlp.js";
import { createPreluFit, PRELU_FIT_DEFAULTS, preluData } from "../../src/train/prelu-fit.js";
import { createRng } from "../../src/train/rng.js";
import { Dense, PReLU } from "../../src/nn/layers.js";

function points(name: DatasetName, opts = {}) {
  const d = makeDataset(name, opts);
  return Array.from(d.labels, (c, r) => ({ a: d.x[2 * r], b: d.x[2 * r + 1], c }));
}

describe("makeDataset(name) by geometry (noise 0)", () => {
  it("makeDataset('circles', { noise: 0 }): class 0 on the unit circle, class 1 on radius 0.5", () => {
    for (const p of points("circles", { noise: 0, n: 50 })) expect(Math.hypot(p.a, p.b)).toBeCloseTo(p.c === 0 ? 1 : 0.5, 12);
  });

  it("makeDataset('moons', { noise: 0 }): class 0 on the upper unit half circle, class 1 on the shifted lower one", () => {
    for (const p of points("moons", { noise: 0, n: 60 })) {
      if (p.c === 0) {
        expect(Math.hypot(p.a, p.b)).toBeCloseTo(1, 12);
        expect(p.b).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(p.a - 1, p.b - 0.5)).toBeCloseTo(1, 12);
        expect(p.b).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it("makeDataset('xor', { noise: 0 }): class 0 where a and b share a sign, inside [−1, 1]²", () => {
    const ps = points("xor", { noise: 0, n: 80 });
    for (const p of ps) {
      expect(Math.sign(p.a) === Math.sign(p.b)).toBe(p.c === 0);
      expect(Math.abs(p.a)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.b)).toBeLessThanOrEqual(1);
    }
    // All four quadrants are used.
    expect(new Set(ps.map((p) => `${Math.sign(p.a)}${Math.sign(p.b)}`)).size).toBe(4);
  });

  it("makeDataset('spiral', { noise: 0 }): three classes, radius r ≤ 1 at angle 2πc/3 + 1.75πr", () => {
    const ps = points("spiral", { noise: 0, n: 90 });
    expect(new Set(ps.map((p) => p.c))).toEqual(new Set([0, 1, 2]));
    for (const p of ps) {
      const r = Math.hypot(p.a, p.b);
      expect(r).toBeLessThan(1);
      const t = (2 * Math.PI * p.c) / 3 + 1.75 * Math.PI * r;
      expect(p.a).toBeCloseTo(r * Math.cos(t), 12);
      expect(p.b).toBeCloseTo(r * Math.sin(t), 12);
    }
  });

  it("makeDataset(name) has 200 points by default, labels k mod classes, and noise moves points off the clean shape", () => {
    expect(DATASET_POINTS).toBe(200);
    for (const name of datasetNames) {
      const d = makeDataset(name);
      expect(d.name).toBe(name);
      expect(d.labels.length).toBe(200);
      expect(Array.from(d.labels.slice(0, 6))).toEqual(d.classes === 3 ? [0, 1, 2, 0, 1, 2] : [0, 1, 0, 1, 0, 1]);
    }
    const off = points("circles", { n: 100 }).map((p) => Math.abs(Math.hypot(p.a, p.b) - (p.c === 0 ? 1 : 0.5)));
    expect(Math.max(...off)).toBeGreaterThan(0.05);
    expect(Math.max(...off)).toBeLessThan(0.5);
  });

  it("makeDataset rejects an unknown name, too few points and a bad noise, naming the value", () => {
    expect(() => makeDataset("swirl" as DatasetName)).toThrow(new RangeError("unknown dataset: swirl (use moons, circles, xor, spiral)"));
    expect(() => makeDataset("spiral", { n: 2 })).toThrow(new RangeError("invalid number of points: 2 (must be an integer in [3, 1000000])"));
    expect(makeDataset("spiral", { n: 3 }).labels.length).toBe(3);
    expect(() => makeDataset("moons", { n: 1_000_001 })).toThrow("invalid number of points: 1000001");
    for (const noise of [-0.1, Infinity, NaN]) {
      expect(() => makeDataset("moons", { noise })).toThrow(new RangeError(`invalid noise: ${noise} (must be a finite number ≥ 0)`));
    }
  });

  it("makeDataset(name, { seed }) differs between seeds", () => {
    expect(makeDataset("moons", { seed: 1 }).x).not.toEqual(makeDataset("moons", { seed: 2 }).x);
  });
});

describe("articleData and checkCount", () => {
  it("articleData names each bad setting", () => {
    expect(() => articleData({ slope: NaN })).toThrow(new RangeError("invalid slope: NaN (must be a finite number)"));
    expect(() => articleData({ intercept: Infinity })).toThrow(new RangeError("invalid intercept: Infinity (must be a finite number)"));
    expect(() => articleData({ noise: -Infinity })).toThrow(new RangeError("invalid noise: -Infinity (must be a finite number)"));
    expect(() => articleData({ n: 10_000_001 })).toThrow("invalid number of points: 10000001 (must be an integer in [2, 10000000])");
    expect(articleData({ n: 2 }).x.length).toBe(2);
    expect(ARTICLE).toEqual({ n: 100, slope: 3, intercept: 10, noise: 1 });
  });

  it("articleData({ slope, intercept, noise: 0 }) is the line itself; data and start use different streams", () => {
    const d = articleData({ n: 4, slope: -2, intercept: 5, noise: 0 });
    expect(Array.from(d.y)).toEqual([5, 4.5, 4, 3.5]);
    expect(STREAM.init).not.toBe(STREAM.data);
  });

  it("checkCount(name, v, min, max) takes integers in [min, max] only", () => {
    expect(() => checkCount("k", 3, 1, 3)).not.toThrow();
    expect(() => checkCount("k", 1, 1)).not.toThrow();
    expect(() => checkCount("k", 0, 1, 3)).toThrow(new RangeError("invalid k: 0 (must be an integer in [1, 3])"));
    expect(() => checkCount("k", 4, 1, 3)).toThrow("invalid k: 4");
    expect(() => checkCount("k", 1.5, 1, 3)).toThrow("invalid k: 1.5");
  });
});

describe("preluData and createPreluFit", () => {
  it("preluData({ noise: 0, alpha }) lies on prelu(x; α) with x in [−2, 2)", () => {
    const d = preluData({ noise: 0, alpha: -0.4, n: 50 });
    for (let i = 0; i < 50; i++) {
      expect(d.x[i]).toBeGreaterThanOrEqual(-2);
      expect(d.x[i]).toBeLessThan(2);
      expect(d.y[i]).toBe(d.x[i] >= 0 ? d.x[i] : -0.4 * d.x[i]);
    }
    expect(preluData().x.length).toBe(PRELU_FIT_DEFAULTS.n);
  });

  it("preluData and createPreluFit name bad settings", () => {
    expect(() => preluData({ noise: -1 })).toThrow(new RangeError("invalid noise: -1 (must be a finite number ≥ 0)"));
    expect(() => preluData({ noise: Infinity })).toThrow("invalid noise: Infinity");
    expect(() => preluData({ n: 1 })).toThrow("invalid number of points: 1");
    expect(() => preluData({ alpha: NaN })).toThrow(/invalid alpha for prelu/);
    const d = preluData({ n: 10 });
    expect(() => createPreluFit(d, { epochs: 0 })).toThrow("invalid epochs: 0");
    expect(() => createPreluFit(d, { lr: 0 })).toThrow(new RangeError("invalid learning rate: 0 (must be a finite number > 0)"));
    expect(() => createPreluFit(d, { lr: Infinity })).toThrow("invalid learning rate: Infinity");
  });

  it("createPreluFit(d, { epochs: 3, initAlpha }) records the start, three steps, then stays done", () => {
    const fit = createPreluFit(preluData({ n: 40 }), { epochs: 3, initAlpha: 0.6 });
    expect(fit.history).toHaveLength(1);
    const start = fit.history[0];
    expect(start.epoch).toBe(0);
    expect(start.alpha).toBe(0.6);
    expect(start.b).toBe(0);
    expect(start.w).toBeGreaterThanOrEqual(0.5);
    expect(start.w).toBeLessThan(1.5);
    expect(fit.done).toBe(false);
    const recs = [fit.step(), fit.step(), fit.step()];
    expect(recs.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(fit.done).toBe(true);
    expect(fit.diverged).toBeNull();
    expect(fit.step()).toBe(recs[2]);
    expect(fit.history).toHaveLength(4);
    // Adam's first step moves α by about lr (0.02) toward the data's α (0.3 < 0.6).
    expect(recs[0].alpha).toBeCloseTo(0.6 - 0.02, 3);
    expect(recs[2].loss).toBeLessThan(start.loss);
    const [dense, act] = fit.model.layers as [Dense, PReLU];
    expect(dense.weight.value[0]).toBe(recs[2].w);
    expect(act.alpha.value[0]).toBe(recs[2].alpha);
  });

  it("createPreluFit with an absurd lr stops as diverged and keeps the last finite record", () => {
    const fit = createPreluFit(preluData({ n: 40 }), { lr: 1e300, epochs: 5 });
    let guard = 0;
    while (!fit.done && guard++ < 10) fit.step();
    expect(fit.diverged).toMatch(/^diverged at epoch \d+: the loss or a parameter is no longer finite; try a smaller learning rate than 1e\+300$/);
    for (const r of fit.history) expect([r.loss, r.alpha, r.w, r.b].every(Number.isFinite)).toBe(true);
    const last = fit.history[fit.history.length - 1];
    expect(fit.step()).toBe(last);
  });
});

describe("createMlpRun", () => {
  const data = makeDataset("xor", { n: 40 });

  it("createMlpRun(data, { epochs: 2 }) runs two epochs, then stays done; predict gives a class per point", () => {
    const run = createMlpRun(data, { activation: "tanh", epochs: 2, hidden: [4] });
    expect(run.epochs).toBe(2);
    expect(run.done).toBe(false);
    const a = run.step();
    const b = run.step();
    expect([a.epoch, b.epoch]).toEqual([1, 2]);
    expect(run.done).toBe(true);
    expect(run.step()).toBe(b);
    expect(run.history).toEqual([a, b]);
    const p = run.predict(data.x);
    expect(p.length).toBe(40);
    let right = 0;
    for (let i = 0; i < 40; i++) right += p[i] === data.labels[i] ? 1 : 0;
    expect(b.accuracy).toBe(right / 40);
    expect(run.diverged).toBeNull();
    expect(finiteParams(run.model)).toBe(true);
  });

  it("createMlpRun uses the defaults: 200 epochs, hidden 16,16", () => {
    const run = createMlpRun(data, { activation: "relu" });
    expect(run.epochs).toBe(MLP_DEFAULTS.epochs);
    expect(MLP_DEFAULTS).toEqual({ hidden: [16, 16], epochs: 200, lr: 0.01, batch: 32 });
    expect((run.model.layers[0] as Dense).outputs).toBe(16);
    expect(run.model.layers).toHaveLength(5);
  });

  it("a batch larger than the data and a batch of 1 both train", () => {
    const big = trainMlp(data, { activation: "elu", epochs: 3, batch: 1000, hidden: [4] });
    const one = trainMlp(data, { activation: "elu", epochs: 1, batch: 1, hidden: [4] });
    expect(big).toHaveLength(3);
    expect(big[2].loss).toBeLessThan(big[0].loss);
    expect(one).toHaveLength(1);
  });

  it("createMlpRun names bad settings", () => {
    expect(() => createMlpRun(data, { activation: "relu", epochs: 0 })).toThrow("invalid epochs: 0");
    expect(() => createMlpRun(data, { activation: "relu", batch: 0 })).toThrow("invalid batch size: 0");
    expect(() => createMlpRun(data, { activation: "relu", lr: -1 })).toThrow(new RangeError("invalid learning rate: -1 (must be a finite number > 0)"));
    expect(() => createMlpRun(data, { activation: "relu", lr: Infinity })).toThrow("invalid learning rate: Infinity");
    expect(() => buildMlp(2, 2, { activation: "relu", hidden: [0] })).toThrow("invalid hidden width: 0");
    expect(() => buildMlp(2, 2, { activation: "relu", hidden: [4097] })).toThrow("invalid hidden width: 4097 (must be an integer in [1, 4096])");
  });

  it("an absurd lr stops as diverged with the lr in the message, and history keeps only finite epochs", () => {
    const run = createMlpRun(data, { activation: "relu", lr: 1e300, epochs: 5, hidden: [4] });
    let guard = 0;
    while (!run.done && guard++ < 10) run.step();
    expect(run.diverged).toMatch(/^diverged at epoch \d: the loss or a weight is no longer finite; try a smaller learning rate than 1e\+300$/);
    for (const r of run.history) expect(Number.isFinite(r.loss)).toBe(true);
    expect(run.history.length).toBeLessThan(5);
  });

  it("buildMlp with prelu puts a PReLU with one α per unit after each hidden layer, and Xavier on the output layer", () => {
    const net = buildMlp(2, 3, { activation: "prelu", hidden: [5, 7], seed: 3 });
    const [d1, p1, d2, p2, out] = net.layers;
    expect((p1 as PReLU).alpha.value.length).toBe(5);
    expect((p2 as PReLU).alpha.value.length).toBe(7);
    expect([(d1 as Dense).inputs, (d2 as Dense).inputs, (out as Dense).inputs, (out as Dense).outputs]).toEqual([2, 5, 7, 3]);
    // Xavier uniform: |w| ≤ √(6/(7 + 3)).
    for (const w of (out as Dense).weight.value) expect(Math.abs(w)).toBeLessThanOrEqual(Math.sqrt(6 / 10));
    expect(buildMlp(2, 3, { activation: "prelu", hidden: [5, 7], seed: 3 }).layers[0]).toEqual(d1);
    expect((buildMlp(2, 3, { activation: "prelu", hidden: [5, 7], seed: 4 }).layers[0] as Dense).weight.value).not.toEqual((d1 as Dense).weight.value);
  });

  it("finiteParams(model) is false once a weight is NaN or infinite", () => {
    const net = buildMlp(2, 2, { activation: "relu", hidden: [3] });
    expect(finiteParams(net)).toBe(true);
    (net.layers[2] as Dense).bias.value[1] = Infinity;
    expect(finiteParams(net)).toBe(false);
  });

  it("createRng streams: the MLP's weights do not depend on the data set", () => {
    expect(createRng(1, 0).random()).not.toBe(createRng(1, 1).random());
  });
});
