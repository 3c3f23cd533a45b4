/**
 * The training library's boundaries and shapes, fast enough for mutation runs: data sets by
 * their geometry, the PReLU fit and the MLP run step by step, every bad setting named.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { articleData, ARTICLE, checkCount, STREAM } from "../../packages/actlab/src/train/data.js";
import { DATASET_POINTS, datasetNames, makeDataset, type DatasetName } from "../../packages/actlab/src/train/datasets.js";
import { buildMlp, createMlpRun, finiteParams, MLP_DEFAULTS, trainMlp } from "../../packages/actlab/src/train/mlp.js";
import { createPreluFit, PRELU_FIT_DEFAULTS, preluData } from "../../packages/actlab/src/train/prelu-fit.js";
import { createRng } from "../../packages/actlab/src/train/rng.js";
import { CsvError, parseCsv } from "../../packages/actlab/src/train/csv.js";
import { closedForm, createLinearRun, LINEAR_DEFAULTS, lossSurface, mse, trainLinear, type LinearData, type LinearOptions, type Mode } from "../../packages/actlab/src/train/linear.js";
import { Dense, PReLU } from "../../packages/actlab/src/nn/layers.js";

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
  // Made inside each test, not while vitest collects them: a mutant that breaks makeDataset must
  // fail a test (Stryker counts tests), not the file's collection.
  let data: ReturnType<typeof makeDataset>;
  beforeEach(() => {
    data = makeDataset("xor", { n: 40 });
  });

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

describe("parseCsv messages, in full", () => {
  it("parseCsv names each problem with its line and field", () => {
    const err = (t: string) => {
      try {
        parseCsv(t);
      } catch (e) {
        expect(e).toBeInstanceOf(CsvError);
        return { message: (e as Error).message, line: (e as CsvError).line, name: (e as Error).name };
      }
      return null;
    };
    expect(err("x,y\n1\n")).toEqual({ message: "line 2: expected 2 columns x,y, got 1 ('1'; the separator is a comma)", line: 2, name: "CsvError" });
    expect(err("x,y\n1;2\n")).toEqual({ message: "line 2: fields are separated by ';', expected a comma (x,y): '1;2'", line: 2, name: "CsvError" });
    expect(err("a,b,c\n1,2\n")?.message).toBe("line 1: header has 3 column(s), expected 2 (x,y)");
    expect(err("x,y\n1,2\n,3\n")?.message).toBe("line 3: column x is empty");
    expect(err("x,y\n1,2,3\n")?.message).toBe("line 2: expected 2 columns x,y, got 3");
    expect(err(`1,${"9".repeat(50)}z\n`)?.message).toBe(`line 1: column y is not a number: '${"9".repeat(37)}…'`);
    expect(err(`1,${"9".repeat(39)}z\n`)?.message).toBe(`line 1: column y is not a number: '${"9".repeat(39)}z'`);
    expect(err("x,y\n\n\n")?.message).toBe("line 2: no data rows after the header (expected rows x,y)");
    expect(err("")?.message).toBe("line 1: empty file (expected rows x,y, with an optional header)");
    expect(err("1e999,1\n")?.message).toBe("line 1: column x is out of range: '1e999'");
  });

  it("parseCsv reads a BOM, old Mac line ends, spaces around fields, +signs and exponents", () => {
    const d = parseCsv("\uFEFFx,y\r1 , +2\r\r-.5,3E2\n");
    expect(Array.from(d.x)).toEqual([1, -0.5]);
    expect(Array.from(d.y)).toEqual([2, 300]);
    // A first line with a number in it is data, not a header.
    expect(() => parseCsv("x,1\n2,3\n")).toThrow("line 1: column x is not a number: 'x'");
    expect(() => parseCsv("1,y\n2,3\n")).toThrow("line 1: column y is not a number: 'y'");
  });
});

describe("linear regression options and messages", () => {
  let data: LinearData;
  beforeEach(() => {
    data = articleData({ n: 20 });
  });

  it("createLinearRun names each bad option with the rule", () => {
    const bad: [LinearOptions, string][] = [
      [{ lr: 0 }, "invalid learning rate: 0 (must be a finite number > 0)"],
      [{ lr: Infinity }, "invalid learning rate: Infinity (must be a finite number > 0)"],
      [{ lr: NaN }, "invalid learning rate: NaN (must be a finite number > 0)"],
      [{ mode: "adam" as Mode }, "invalid mode: adam (use sgd, minibatch, batch)"],
      [{ mode: "minibatch", batch: 0 }, "invalid batch size: 0 (must be an integer in [1, 20])"],
      [{ mode: "minibatch", batch: 21 }, "invalid batch size: 21 (must be an integer in [1, 20])"],
      [{ epochs: 0 }, "invalid epochs: 0 (must be an integer ≥ 1, or Infinity)"],
      [{ epochs: 2.5 }, "invalid epochs: 2.5 (must be an integer ≥ 1, or Infinity)"],
      [{ epochs: -Infinity }, "invalid epochs: -Infinity (must be an integer ≥ 1, or Infinity)"],
      [{ tol: -1 }, "invalid tolerance: -1 (must be a finite number ≥ 0)"],
      [{ tol: Infinity }, "invalid tolerance: Infinity (must be a finite number ≥ 0)"],
      [{ patience: 0 }, "invalid patience: 0 (must be an integer in [1, 9007199254740991])"],
      [{ seed: 1.5 }, "invalid seed: 1.5 (must be an integer)"],
      [{ initW: Infinity }, "invalid initial w: Infinity (must be a finite number)"],
      [{ initB: NaN }, "invalid initial b: NaN (must be a finite number)"],
      [{ initW: 1e200, initB: 0 }, "invalid start: w = 1e+200, b = 0 give a loss that overflows (start nearer the data)"],
    ];
    for (const [o, message] of bad) expect(() => createLinearRun(data, o), JSON.stringify(o)).toThrow(new RangeError(message));
    // At the edges: allowed.
    expect(() => createLinearRun(data, { mode: "minibatch", batch: 20, epochs: 1, tol: 0, patience: 1, initW: -5, initB: 5 })).not.toThrow();
    expect(() => createLinearRun(data, { mode: "minibatch", batch: 1, epochs: Infinity })).not.toThrow();
    expect(LINEAR_DEFAULTS).toEqual({ lr: 0.01, mode: "sgd", batch: 10, epochs: 10_000, tol: 1e-9, patience: 5 });
  });

  it("createLinearRun rejects data that is not two equal, finite Float64Arrays of at least 2 points", () => {
    expect(() => createLinearRun({ x: [1, 2], y: [1, 2] } as unknown as LinearData)).toThrow(new TypeError("linear data: expected { x: Float64Array, y: Float64Array }"));
    expect(() => createLinearRun(null as unknown as LinearData)).toThrow(TypeError);
    expect(() => createLinearRun({ x: Float64Array.of(1, 2), y: Float64Array.of(1) })).toThrow(new RangeError("linear data: x has 2 points but y has 1"));
    expect(() => createLinearRun({ x: Float64Array.of(1), y: Float64Array.of(1) })).toThrow(new RangeError("linear data: need at least 2 points, got 1"));
    expect(() => createLinearRun({ x: Float64Array.of(1, NaN), y: Float64Array.of(1, 2) })).toThrow(new RangeError("linear data: point 1 is not finite (x = NaN, y = 2)"));
    expect(() => createLinearRun({ x: Float64Array.of(1, 2), y: Float64Array.of(Infinity, 2) })).toThrow("point 0 is not finite");
    expect(() => closedForm({ x: Float64Array.of(2, 2), y: Float64Array.of(1, 3) })).toThrow(new RangeError("linear data: all x are equal (2), so the slope is not determined"));
  });

  it("a run's options, epoch and state as it steps; after the end, step() returns the last record", () => {
    const run = createLinearRun(data, { epochs: 2, initW: 0.5, initB: 1, mode: "batch", lr: 0.1 });
    expect(run.options).toEqual({ lr: 0.1, mode: "batch", batch: 10, epochs: 2, tol: 1e-9, patience: 5, seed: 1 });
    expect([run.w, run.b, run.epoch, run.done, run.stopReason, run.message]).toEqual([0.5, 1, 0, false, null, null]);
    const r1 = run.step();
    expect(r1.epoch).toBe(1);
    expect([run.w, run.b]).toEqual([r1.w, r1.b]);
    // Batch mode by hand: w −= lr·2·mean(r·x), b −= lr·2·mean(r), r = w·x + b − y.
    let gw = 0;
    let gb = 0;
    for (let i = 0; i < 20; i++) {
      const r = 0.5 * data.x[i] + 1 - data.y[i];
      gw += r * data.x[i];
      gb += r;
    }
    expect(r1.w).toBeCloseTo(0.5 - (0.1 * 2 * gw) / 20, 14);
    expect(r1.b).toBeCloseTo(1 - (0.1 * 2 * gb) / 20, 14);
    const r2 = run.step();
    expect(run.done).toBe(true);
    expect(run.stopReason).toBe("epochs");
    expect(run.message).toMatch(/^stopped at the epoch limit \(2\) before converging; the loss last changed by -?\d[\d.e+-]* \(relative\)$/);
    expect(run.step()).toBe(r2);
    expect(run.history).toHaveLength(3);
  });

  it("minibatch mode with batch = n is the batch mode's step on a shuffled order (same sums)", () => {
    const a = createLinearRun(data, { mode: "minibatch", batch: 20, initW: 0, initB: 0, lr: 0.1 });
    const b = createLinearRun(data, { mode: "batch", initW: 0, initB: 0, lr: 0.1 });
    const ra = a.step();
    const rb = b.step();
    expect(ra.w).toBeCloseTo(rb.w, 12);
    expect(ra.b).toBeCloseTo(rb.b, 12);
  });

  it("data on an exact line converges with loss 0 and says so", () => {
    const exact = { x: Float64Array.of(0, 1, 2, 3), y: Float64Array.of(1, 3, 5, 7) };
    const r = trainLinear(exact, { mode: "batch", lr: 0.05, initW: 2, initB: 1 });
    expect(r.stopReason).toBe("converged");
    expect(r.final.loss).toBe(0);
    expect(r.message).toBe("converged at epoch 1: the loss changed by less than 1e-9 (relative) for 1 epoch(s) in a row");
  });

  it("trainLinear's onEpoch sees every epoch after the start", () => {
    const seen: number[] = [];
    const r = trainLinear(data, { epochs: 4 }, (e) => seen.push(e.epoch));
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(r.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3, 4]);
  });

  it("mse and lossSurface by hand; the grid's ends are the given ranges", () => {
    const d = { x: Float64Array.of(0, 1), y: Float64Array.of(1, 3) };
    expect(mse(d, 0, 0)).toBe((1 + 9) / 2);
    const s = lossSurface(d, { w: [0, 2], b: [0, 1], nw: 3, nb: 2 });
    expect(Array.from(s.ws)).toEqual([0, 1, 2]);
    expect(Array.from(s.bs)).toEqual([0, 1]);
    expect([s.nw, s.nb]).toEqual([3, 2]);
    const want: number[] = [];
    for (const b of [0, 1]) for (const w of [0, 1, 2]) want.push(mse(d, w, b));
    Array.from(s.values).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    expect(lossSurface(d, { w: [0, 1], b: [0, 1] }).values.length).toBe(3600);
    expect(() => lossSurface(d, { w: [0, 1], b: [0, 1], nw: 1 })).toThrow("invalid nw: 1 (must be an integer in [2, 4096])");
    expect(() => lossSurface(d, { w: [0, 1], b: [0, 1], nb: 4097 })).toThrow("invalid nb: 4097");
  });
});

describe("createRng", () => {
  it("int(lo, hi) covers both ends; normal() gives pairs; shuffle keeps the elements", () => {
    const r = createRng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(r.int(2, 4));
    expect([...seen].sort()).toEqual([2, 3, 4]);
    const a = Uint32Array.from({ length: 50 }, (_, i) => i);
    const s = Array.from(createRng(3).shuffle(a));
    expect(s).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...s].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(createRng(3).shuffle(Uint32Array.of(9)))).toEqual([9]);
    expect(() => createRng(2 ** 53)).toThrow("invalid seed: 9007199254740992 (must be an integer)");
    // Seeds above 2³² are mixed in too.
    expect(createRng(2 ** 32 + 1).random()).not.toBe(createRng(1).random());
    expect(createRng().random()).toBe(createRng(1).random());
    expect(createRng(1, 2).random()).not.toBe(createRng(1, 1).random());
  });
});
