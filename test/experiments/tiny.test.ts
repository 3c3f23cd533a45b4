import { describe, expect, it } from "vitest";
import { bornDeadAtOneInput, experiments, getExperiment, median, resolveOptions, seluJacobian, seluMap } from "../../packages/actlab/src/experiments/index.js";
import { expectPlainResult, expectSummary } from "./shape.js";

// Each experiment on tiny settings and two seeds (a fraction of a second each, unlike quick.test.ts):
// the raw numbers per seed keep their stated meaning and shape, and each summary is the median and
// range over seeds of the quantity it names.

const run = async (id: string, options: Record<string, unknown>) => {
  const seen: { done: number; total: number }[] = [];
  const r = await getExperiment(id).run(options, { seeds: 2, onProgress: (p) => seen.push(p) });
  // Progress counts every unit of work of both seeds and ends at its total.
  expect(seen.length).toBeGreaterThan(1);
  expect(seen.at(-1)?.done).toBe(seen.at(-1)?.total);
  expect(seen.every((p) => p.total === seen[0].total && p.done >= 1)).toBe(true);
  expect(r.id).toBe(id);
  expect(r.seeds).toEqual([1, 2]);
  expectPlainResult(r);
  return r;
};

describe("experiments on tiny settings", () => {
  it("gradient-flow: per function, the std, ‖∂L/∂W‖ and ‖∂L/∂z‖ of each layer at init and after training, and their first/top ratios", async () => {
    const r = await run("gradient-flow", { depth: 3, width: 4, batch: 8, functions: "sigmoid,relu", "train-steps": 2 });
    type P = { std: number[]; grad: number[]; delta: number[]; ratio: number; deltaRatio: number; loss: number };
    type F = P & { fn: string; init: string; gain: number; trained: P | null; diverged: boolean };
    const per = r.perSeed as Record<string, F>[];
    for (const s of per) {
      expect(Object.keys(s)).toEqual(["sigmoid", "relu", "sigmoid@gain4"]);
      expect(s.sigmoid.init).toBe("xavier");
      expect(s.relu.init).toBe("he");
      expect(s["sigmoid@gain4"]).toMatchObject({ fn: "sigmoid", init: "xavier", gain: 4 });
      for (const f of Object.values(s)) {
        for (const a of [f.std, f.grad, f.delta, f.trained?.delta ?? []]) expect(a).toHaveLength(3);
        expect(f.ratio).toBe(f.grad[0] / f.grad[2]);
        expect(f.deltaRatio).toBe(f.delta[0] / f.delta[2]);
        for (const v of [...f.std, ...f.grad, ...f.delta]) expect(v).toBeGreaterThan(0);
      }
      // Sigmoid's outputs lie in (0, 1): their std is below ½.
      for (const v of s.sigmoid.std) expect(v).toBeLessThan(0.5);
    }
    for (const id of ["sigmoid", "relu", "sigmoid@gain4"]) {
      expectSummary(r, `${id}.gradRatio`, per.map((s) => s[id].ratio));
      expectSummary(r, `${id}.deltaRatio`, per.map((s) => s[id].deltaRatio));
      expectSummary(r, `${id}.stdAtDepth`, per.map((s) => s[id].std[2]));
      expectSummary(r, `${id}.deltaRatioTrained`, per.map((s) => s[id].trained?.deltaRatio ?? NaN));
    }
    for (const id of ["sigmoid", "relu"]) {
      expect(r.table?.[id].gradientRatio).toMatchObject({ median: r.summary[`${id}.gradRatio`].median, n: 2, diverged: 0 });
      expect(r.table?.[id].deltaRatio.median).toBe(r.summary[`${id}.deltaRatio`].median);
      expect(r.table?.[id].signalStd.median).toBe(r.summary[`${id}.stdAtDepth`].median);
    }
    expect(r.table?.["sigmoid@gain4"]).toBeUndefined();
    expect(r.figures.map((f) => f.id)).toEqual(["gradient-flow-delta", "gradient-flow-grad", "gradient-flow-std", "gradient-flow-delta-trained", "gradient-flow-ratio"]);
    const [delta, grad] = r.figures;
    expect(grad.series.map((s) => s.name)).toEqual(["sigmoid (xavier)", "relu (he)", "sigmoid@gain4 (xavier ×4)"]);
    expect(delta.series[1].points.map((p) => p.y)).toEqual([0, 1, 2].map((l) => median(per.map((s) => s.relu.delta[l]))));
    expect(grad.y.log && delta.y.log).toBe(true);
    expect(grad.title.en).toContain("depth 3, width 4");
    expect(r.figures[4].title.en).toContain("Layer 1 ÷ layer 3");
    expect(r.figures[4].x.ticks?.map((t) => t.label.en)).toEqual(["sigmoid", "relu", "sigmoid@gain4"]);
  });

  it("self-normalisation: per function, the mean and variance of each layer's activations", async () => {
    const r = await run("self-normalisation", { depth: 3, width: 8, batch: 16, functions: "selu,sigmoid" });
    type F = { init: string; mean: number[]; variance: number[] };
    const per = r.perSeed as Record<string, F>[];
    for (const s of per) {
      expect(s.selu.init).toBe("lecun");
      for (const f of Object.values(s)) {
        expect(f.mean).toHaveLength(3);
        expect(f.variance).toHaveLength(3);
        for (const v of f.variance) expect(v).toBeGreaterThan(0);
      }
      // Sigmoid's outputs lie in (0, 1): mean in (0, 1), variance below ¼.
      for (const m of s.sigmoid.mean) expect(m > 0 && m < 1).toBe(true);
      for (const v of s.sigmoid.variance) expect(v).toBeLessThan(0.25);
    }
    for (const id of ["selu", "sigmoid"]) {
      expectSummary(r, `${id}.varianceAtDepth`, per.map((s) => s[id].variance[2]));
      expectSummary(r, `${id}.meanAtDepth`, per.map((s) => s[id].mean[2]));
      expectSummary(r, `${id}.maxAbsMean`, per.map((s) => Math.max(...s[id].mean.map(Math.abs))));
      expectSummary(r, `${id}.varianceMin`, per.map((s) => Math.min(...s[id].variance)));
      expectSummary(r, `${id}.varianceMax`, per.map((s) => Math.max(...s[id].variance)));
      expect(r.table?.[id].varianceAtDepth.median).toBe(r.summary[`${id}.varianceAtDepth`].median);
    }
    // The article's statement is about SELU only: the other cells carry no verdict.
    expect(r.table?.sigmoid.varianceAtDepth.verdict).toBeUndefined();
    expect(r.table?.selu.varianceAtDepth.verdict).toBeDefined();
    const { J, norm } = seluJacobian();
    expect(r.summary["map.J21"]).toMatchObject({ median: J[1][0], min: J[1][0], max: J[1][0] });
    expect(r.summary["map.norm"].median).toBe(norm);
    expect(r.rows?.map.en).toContain("map");
    expect(r.verdict.parts?.map((p) => p.id)).toEqual(["jacobian", "variance", "mean"]);
    expect(r.figures.map((f) => f.id)).toEqual(["self-normalisation-variance", "self-normalisation-mean", "self-normalisation-map"]);
    // The map figure iterates ν → ν̃ twelve times from ν₀ = 0.1, 0.3, 2, 5 and 10.
    const map = r.figures[2];
    expect(map.series.map((s) => s.name)).toEqual(["ν₀ = 0.1", "ν₀ = 0.3", "ν₀ = 2", "ν₀ = 5", "ν₀ = 10"]);
    expect(map.series[3].points).toHaveLength(13);
    expect(map.series[3].points[0]).toEqual({ x: 0, y: 5 });
    expect(map.series[3].points[1]).toEqual({ x: 1, y: seluMap(0, 5)[1] });
    expect(map.series[3].points[2]).toEqual({ x: 2, y: seluMap(...seluMap(0, 5))[1] });
    for (const s of map.series) expect(Math.abs(s.points[12].y - 1)).toBeLessThan(Math.abs(s.points[0].y - 1)); // towards the fixed point
    expect(r.figures[0].series.map((s) => s.name)).toEqual(["selu (lecun)", "sigmoid (xavier)"]);
    expect(r.figures[1].series[1].points.map((p) => p.y)).toEqual([0, 1, 2].map((l) => median(per.map((s) => s.sigmoid.mean[l]))));
  });

  it("saturation: per rate, each layer's mean and 2nd/98th percentile and the training error, at init and after each epoch", async () => {
    const r = await run("saturation", { depth: 2, width: 8, lrs: "0.5,2", epochs: 2, examples: 300 });
    type L = { mean: number[]; p2: number[]; p98: number[] };
    type D = { lr: number; stats: L[]; error: number[]; entry: number | null; escape: number | null; diverged: boolean };
    const per = r.perSeed as D[][];
    for (const s of per) {
      expect(s.map((d) => d.lr)).toEqual([0.5, 2]);
      for (const d of s) {
        expect(d.stats).toHaveLength(3);
        expect(d.error).toHaveLength(3);
        expect(d.diverged).toBe(false);
        for (const st of d.stats) {
          for (const a of [st.mean, st.p2, st.p98]) expect(a).toHaveLength(2);
          for (let l = 0; l < 2; l++) {
            expect(st.p2[l] > 0 && st.p98[l] < 1).toBe(true); // sigmoid outputs
            expect(st.p2[l]).toBeLessThanOrEqual(st.p98[l]);
          }
        }
        for (const e of d.error) expect(e >= 0 && e <= 1).toBe(true);
        if (d.escape !== null) expect(d.entry !== null && d.escape > d.entry).toBe(true);
      }
    }
    const runs = per.map((s) => s[1]);
    expectSummary(r, "sigmoid@lr2.topMeanInit", runs.map((d) => d.stats[0].mean[1]));
    expectSummary(r, "sigmoid@lr2.topMeanEarlyMin", runs.map((d) => Math.min(d.stats[1].mean[1], d.stats[2].mean[1])));
    expectSummary(r, "sigmoid@lr2.topMeanFinal", runs.map((d) => d.stats[2].mean[1]));
    expectSummary(r, "sigmoid@lr2.errorFinal", runs.map((d) => d.error[2]));
    // Both rates start from the same weights.
    for (const s of per) expect(s[0].stats[0]).toEqual(s[1].stats[0]);
    expect(r.figures.map((f) => f.id)).toEqual(["saturation-layers-lr0.5", "saturation-layers-lr2", "saturation-error"]);
    const layers = r.figures[1];
    expect(layers.series.map((s) => [s.name, s.dash])).toEqual([["layer 1", "4 3"], ["layer 2", undefined]]);
    expect(layers.series[1].points.map((p) => p.y)).toEqual([0, 1, 2].map((e) => median(runs.map((d) => d.stats[e].mean[1]))));
    expect(layers.series[1].points[0].hi).toBe(median(runs.map((d) => d.stats[0].p98[1])));
    expect(r.figures[2].rules).toEqual([{ y: 0.9, label: { en: "chance", zh: "随机猜测" } }]);
  });

  it("zero-centred: the share of single-signed gradient rows and the epochs to the target per learning rate", async () => {
    const r = await run("zero-centred", { lrs: "0.3,1", maxEpochs: 3, points: 40, target: 0.5 });
    type V = { sameSign: number; epochs: (number | null)[]; diverged: boolean[] };
    const per = r.perSeed as Record<string, V>[];
    for (const s of per) {
      expect(Object.keys(s)).toEqual(["sigmoid", "sigmoid-centred", "tanh"]);
      // σ's outputs are all positive: every row of layer 2's per-sample gradient has one sign.
      expect(s.sigmoid.sameSign).toBe(1);
      for (const v of Object.values(s)) {
        expect(v.sameSign >= 0 && v.sameSign <= 1).toBe(true);
        expect(v.epochs).toHaveLength(2);
        expect(v.diverged).toEqual([false, false]);
        for (const e of v.epochs) expect(e === null || (Number.isInteger(e) && e >= 1 && e <= 3)).toBe(true);
      }
      expect(s["sigmoid-centred"].sameSign).toBeLessThan(0.5);
    }
    const censored = (e: number | null) => e ?? 4;
    for (const key of ["sigmoid", "sigmoid-centred", "tanh"]) {
      expectSummary(r, `${key}.sameSign`, per.map((s) => s[key].sameSign));
      expectSummary(r, `${key}@0.3.epochs`, per.map((s) => censored(s[key].epochs[0])));
      expectSummary(r, `${key}@1.epochs`, per.map((s) => censored(s[key].epochs[1])));
      expectSummary(r, `${key}@1.reached`, per.map((s) => (s[key].epochs[1] === null ? 0 : 1)));
    }
    const fig = r.figures[0];
    expect(fig.id).toBe("zero-centred-epochs");
    expect(fig.series.map((s) => [s.name, s.id, s.dash])).toEqual([["σ", "sigmoid", undefined], ["σ − ½", undefined, "6 3"], ["tanh", "tanh", undefined]]);
    expect(fig.series[2].points.map((p) => p.x)).toEqual([0.3, 1]);
    expect(fig.rules?.[0].y).toBe(4);
    expect(fig.title.en).toContain("Epochs to 50% training error");
    expect(r.quantities.sameSign.label.en).toContain("by construction");
  });

  it("dead-units: dead and never-positive shares at init and at the end, per learning rate and bias", async () => {
    const r = await run("dead-units", { lrs: "0.01,1", variants: "relu,leaky-0.2", biases: "0,-1", epochs: 2, width: 4, layers: 2 });
    type Rec = { deadInit: number; dead: number | null; neverPositiveInit: number; neverPositive: number | null; accuracy: number | null; diverged: boolean; everDead: number[]; revived: number[] };
    const per = r.perSeed as { lr: Record<string, Rec[]>; bias: Rec[] }[];
    for (const s of per) {
      expect(Object.keys(s.lr)).toEqual(["relu", "leaky-0.2"]);
      expect(s.bias).toHaveLength(2);
      for (const rec of [...s.lr.relu, ...s.lr["leaky-0.2"], ...s.bias]) {
        // 2 layers of 4 units: shares are eighths.
        for (const v of [rec.deadInit, rec.neverPositiveInit, rec.dead ?? 0, rec.neverPositive ?? 0]) expect(Number.isInteger(v * 8)).toBe(true);
        expect(rec.diverged).toBe(rec.dead === null);
        expect(rec.accuracy === null || (rec.accuracy >= 0 && rec.accuracy <= 1)).toBe(true);
        expect(rec.everDead).toHaveLength(2);
        for (const [l, n] of rec.everDead.entries()) expect(rec.revived[l]).toBeLessThanOrEqual(n);
      }
      // Leaky ReLU's slope α = 0.2 is never 0: no unit is dead, whatever the sign of z.
      for (const rec of s.lr["leaky-0.2"]) {
        expect(rec.deadInit).toBe(0);
        if (!rec.diverged) expect(rec.dead).toBe(0);
      }
      // For ReLU a unit is dead exactly when it is never positive (relu′(0) = 1 aside).
      for (const rec of s.lr.relu) expect(rec.deadInit).toBe(rec.neverPositiveInit);
      expect(s.bias[1].deadInit).toBeGreaterThanOrEqual(s.bias[0].deadInit);
    }
    for (const key of ["relu", "leaky-0.2"]) {
      expectSummary(r, `${key}@init.deadShareInit`, per.map((s) => s.lr[key][0].deadInit));
      for (const [k, lr] of [0.01, 1].entries()) {
        const dead = per.map((s) => s.lr[key][k].dead ?? NaN);
        if (dead.every(Number.isFinite)) expectSummary(r, `${key}@${lr}.deadShare`, dead);
        const diverged = per.filter((s) => s.lr[key][k].diverged).length;
        expect(r.summary[`${key}@${lr}.diverged`]).toMatchObject({ median: diverged, n: 2 });
        expect(r.summary[`${key}@${lr}.deadShare`].diverged).toBe(diverged);
      }
    }
    expectSummary(r, "relu@bias-1.deadShareInit", per.map((s) => s.bias[1].deadInit));
    const ever1 = per.map((s) => s.lr.relu.reduce((m, rec) => m + rec.everDead[0], 0));
    const rev2 = per.map((s) => s.lr.relu.reduce((m, rec) => m + rec.revived[1], 0));
    expectSummary(r, "relu@layer1.everDead", ever1);
    expectSummary(r, "relu@layer2.revived", rev2);
    // The table reads the highest rate; leaky 0.2 fills no row of the table.
    expect(Object.keys(r.table ?? {})).toEqual(["relu"]);
    expect(r.table?.relu.deadShare.median).toBe(r.summary["relu@1.deadShare"].median);
    expect(r.figures.map((f) => f.id)).toEqual(["dead-units-lr", "dead-units-never-positive", "dead-units-bias", "dead-units-revival"]);
    expect(r.figures[0].series.map((s) => [s.name, s.id, s.group, s.dash])).toEqual([["ReLU", "relu", undefined, undefined], ["leaky ReLU α 0.2", undefined, "leaky-relu", "6 3"]]);
    expect(r.figures[3].x.ticks?.map((t) => t.label.zh)).toEqual(["第 1 层", "第 2 层"]);
    expect(r.figures[3].series[0].points[0].y).toBe(median(ever1));
  });

  it("born-dead: the share of dead nets per width and depth, beside the one-input upper bound", async () => {
    const r = await run("born-dead", { widths: "1,8", depths: "1,6", nets: 40 });
    const per = r.perSeed as number[][][];
    for (const s of per) {
      expect(s).toHaveLength(2);
      for (const row of s) {
        expect(row).toHaveLength(2);
        for (const v of row) expect(Number.isInteger(v * 40)).toBe(true);
      }
      // One unit per layer, six layers: dead unless the unit is positive somewhere in every layer;
      // eight units and one layer: almost never dead.
      expect(s[0][1]).toBeGreaterThan(s[1][0]);
    }
    expectSummary(r, "N1@L6.pBornDead", per.map((s) => s[0][1]));
    expectSummary(r, "N8@L1.pBornDead", per.map((s) => s[1][0]));
    expect(r.summary["N8@L6.upperBound"]).toMatchObject({ median: 1 - (1 - 2 ** -8) ** 6, ci: [1 - (1 - 2 ** -8) ** 6, 1 - (1 - 2 ** -8) ** 6] });
    expect(bornDeadAtOneInput(1, 10)).toBe(0.9990234375);
    const [depth, heat] = r.figures;
    expect(depth.id).toBe("born-dead-depth");
    expect(depth.series.map((s) => [s.name, s.group, s.dash])).toEqual([
      ["N = 1", "N1", undefined],
      ["N = 1, upper bound (one input)", "N1", "4 3"],
      ["N = 8", "N8", undefined],
      ["N = 8, upper bound (one input)", "N8", "4 3"],
    ]);
    expect(depth.series[1].points).toEqual([{ x: 1, y: 0.5 }, { x: 6, y: 1 - 0.5 ** 6 }]);
    const s = r.summary["N1@L6.pBornDead"];
    expect(depth.series[0].points[1]).toEqual({ x: 6, y: s.median, lo: s.ci[0], hi: s.ci[1] });
    expect(heat.id).toBe("born-dead-heatmap");
    expect(heat.heatmap).toMatchObject({ xs: [1, 6], ys: [1, 8], scheme: "sequential" });
    expect(heat.heatmap?.values[1][0]).toBe(median(per.map((s) => s[1][0])));
  });

  it("init-depth: the loss curve of each optimiser, init and depth, starting at init", async () => {
    const r = await run("init-depth", { depths: "2,3", width: 4, epochs: 2, points: 30 });
    const per = r.perSeed as Record<string, Record<string, number[][]>>[];
    for (const s of per) {
      expect(Object.keys(s)).toEqual(["sgd", "adam"]);
      for (const byInit of Object.values(s)) {
        expect(Object.keys(byInit)).toEqual(["he", "lecun"]);
        for (const curves of Object.values(byInit)) {
          expect(curves).toHaveLength(2);
          for (const c of curves) {
            expect(c).toHaveLength(3);
            for (const v of c) expect(v).toBeGreaterThan(0);
          }
        }
      }
      // the same weights at init for both optimisers: only the update rule differs
      expect(s.sgd.he[1][0]).toBe(s.adam.he[1][0]);
    }
    for (const opt of ["sgd", "adam"]) {
      for (const init of ["he", "lecun"]) {
        expectSummary(r, `${opt}.${init}.depth3.finalLoss`, per.map((s) => s[opt][init][1][2]));
        expectSummary(r, `${opt}.${init}.depth2.lowestLoss`, per.map((s) => Math.min(...s[opt][init][0])));
      }
    }
    expect(r.figures.map((f) => f.id)).toEqual(["init-depth-sgd-2", "init-depth-sgd-3", "init-depth-adam-2", "init-depth-adam-3"]);
    const f = r.figures[1];
    expect(f.series.map((s) => [s.name, s.dash])).toEqual([["He (2/n)", undefined], ["1/n", "6 3"]]);
    expect(f.series[0].points.map((p) => p.y)).toEqual([0, 1, 2].map((e) => median(per.map((s) => s.sgd.he[1][e]))));
    expect(f.rules?.[0].y).toBe(Math.log(3));
    expect(f.title.en).toBe("Training loss of a 3-layer ReLU net, SGD with momentum (spiral, width 4; median and range over 2 seeds)");
    expect(r.verdict.rule.en).toContain("At the greatest depth (3), over 2 epochs");
    expect(r.verdict.parts?.map((p) => p.id)).toEqual(["sgd", "adam"]);
  });

  it("mean-activation: the median unit mean and the loss per epoch, with the centring control beside ReLU", async () => {
    const r = await run("mean-activation", { functions: "relu,tanh", layers: 2, width: 4, epochs: 1 });
    type F = { unitMean: number[]; loss: number[] };
    const per = r.perSeed as Record<string, F>[];
    for (const s of per) {
      expect(Object.keys(s)).toEqual(["relu", "tanh", "relu-centred"]);
      for (const f of Object.values(s)) {
        expect(f.unitMean).toHaveLength(2);
        expect(f.loss).toHaveLength(2);
        for (const l of f.loss) expect(l).toBeGreaterThan(0);
      }
      // ReLU's outputs are never negative, nor is the mean of a unit.
      for (const m of s.relu.unitMean) expect(m).toBeGreaterThanOrEqual(0);
      // The control starts from ReLU's weights, each unit moved to mean 0: the same loss only by chance, the mean 0.
      expect(Math.abs(s["relu-centred"].unitMean[0])).toBeLessThan(1e-5);
    }
    for (const id of ["relu", "tanh", "relu-centred"]) {
      expectSummary(r, `${id}.unitMean`, per.map((s) => s[id].unitMean[1]));
      expectSummary(r, `${id}.unitMeanInit`, per.map((s) => s[id].unitMean[0]));
      expectSummary(r, `${id}.lossEpoch1`, per.map((s) => s[id].loss[1]));
      expectSummary(r, `${id}.lossFinal`, per.map((s) => s[id].loss[1]));
    }
    for (const id of ["relu", "tanh"]) expect(r.table?.[id].meanActivation).toMatchObject({ median: r.summary[`${id}.unitMean`].median });
    expect(r.figures.map((f) => f.id)).toEqual(["mean-activation-units", "mean-activation-loss"]);
    expect(r.figures[0].series.map((s) => s.name)).toEqual(["relu", "tanh", "ReLU − mean at init"]);
    expect(r.figures[0].series[1].points.map((p) => p.y)).toEqual([0, 1].map((e) => median(per.map((s) => s.tanh.unitMean[e]))));
    expect(r.figures[0].title.en).toContain("(digits, 2×4;");
    // ELU is not run: only the control's part.
    expect(r.verdict.parts?.map((p) => p.id)).toEqual(["centring-alone-faster"]);
    expect(r.verdict.because.en).toContain(`tanh ${r.summary["tanh.unitMean"].median.toPrecision(3).replace(/\.?0+$/, "")}`);
  });

  it("convergence: updates to the target per task, function and learning rate tried", async () => {
    const r = await run("convergence", { functions: "tanh,relu", tasks: "spiral", spiralLrs: "0.3,1", widen: 0, spiralUpdates: 20, spiralEvery: 10 });
    type T = { lr: number; updates: number | null; diverged: boolean };
    const per = r.perSeed as Record<string, Record<string, T[]>>[];
    for (const s of per) {
      expect(Object.keys(s)).toEqual(["spiral"]);
      for (const id of ["tanh", "relu"]) {
        // widen 0: the starting grid only
        expect(s.spiral[id].map((t) => t.lr)).toEqual([0.3, 1]);
        for (const t of s.spiral[id]) expect(t.updates === null || t.updates === 10 || t.updates === 20).toBe(true);
      }
    }
    const updates = (id: string, k: number) => per.map((s) => s.spiral[id][k].updates ?? NaN);
    const reached = (v: number[]) => v.filter(Number.isFinite);
    const u = updates("relu", 0);
    if (reached(u).length) expectSummary(r, "spiral.relu.lr0.3.updates", reached(u));
    expect(r.summary["spiral.relu.lr0.3.updates"].n + r.summary["spiral.relu.lr0.3.updates"].diverged).toBe(2);
    expect(r.rows?.["spiral.tanh.lr1"]).toEqual({ en: "tanh on spiral, lr 1", zh: "tanh（spiral，学习率 1）" });
    expect(r.figures.map((f) => f.id)).toEqual(["convergence-spiral", "convergence-best"]);
    expect(r.figures[0].rules?.[0].y).toBe(20);
    expect(r.figures[0].title.en).toContain("spiral: updates to 5% training error against the learning rate");
    expect(Object.keys(r.table ?? {})).toEqual(["tanh", "relu"]);
  });


  it("cost: kernel nanoseconds per element and step microseconds, per function and round", async () => {
    const r = await run("cost", { functions: "relu,sigmoid", lengths: "16,64", repeats: 2, steps: 1, widths: "2,3" });
    type S = { backend: string; order: string[]; kernelNs: Record<string, number[]>; stepUs: Record<string, number[]> };
    const per = r.perSeed as S[];
    for (const s of per) {
      expect(["wasm", "js"]).toContain(s.backend);
      for (const id of ["relu", "sigmoid"]) {
        expect(s.kernelNs[id]).toHaveLength(2);
        expect(s.stepUs[id]).toHaveLength(2);
        for (const v of [...s.kernelNs[id], ...s.stepUs[id]]) expect(v).toBeGreaterThanOrEqual(0);
      }
    }
    expectSummary(r, "sigmoid.kernelNs64", per.map((s) => s.kernelNs.sigmoid[1]));
    expectSummary(r, "relu.stepUs2", per.map((s) => s.stepUs.relu[0]));
    expect(r.figures.map((f) => f.id)).toEqual(["cost-kernel", "cost-step"]);
    expect(r.figures[0].series.map((s) => s.name)).toEqual(["16 elements", "64 elements"]);
    expect(r.figures[1].series.map((s) => s.label?.zh)).toEqual(["宽度 2", "宽度 3"]);
    expect(r.verdict.because.en).toContain("sigmoid ÷ ReLU per element (64 elements)");
    // Without ReLU there is nothing to divide by: one chart of nanoseconds per element.
    const alone = await run("cost", { functions: "sigmoid", lengths: "16,64", repeats: 1, steps: 1, widths: "2" });
    expect(alone.figures.map((f) => f.id)).toEqual(["cost-kernel"]);
    expect(alone.figures[0].series.map((s) => s.name)).toEqual(["sigmoid"]);
    expect(alone.figures[0].series[0].points.map((p) => p.x)).toEqual([16, 64]);
    expect(alone.table).toEqual({});
    expect(alone.verdict.verdict).toBe("inconclusive");
  });


  it("digits: test accuracy after each epoch and training accuracy at the end, per seed and split", async () => {
    const r = await run("digits", { functions: "relu,sigmoid", hidden: "8", epochs: 2 });
    type F = { test: number[]; train: number };
    const per = r.perSeed as { split: number; runs: Record<string, F> }[];
    expect(per.map((s) => s.split)).toEqual([0, 1]);
    for (const s of per) {
      for (const f of Object.values(s.runs)) {
        expect(f.test).toHaveLength(3);
        // 450 test images: accuracies are whole counts of them.
        for (const a of f.test) expect(Math.abs(a * 450 - Math.round(a * 450))).toBeLessThan(1e-9);
        expect(f.train > 0 && f.train <= 1).toBe(true);
      }
      expect(s.runs.relu.test[2]).toBeGreaterThan(0.5); // two epochs of a small ReLU net learn the digits
    }
    for (const id of ["relu", "sigmoid"]) {
      expectSummary(r, `${id}.testAccuracy`, per.map((s) => s.runs[id].test[2]));
      expectSummary(r, `${id}.trainAccuracy`, per.map((s) => s.runs[id].train));
      expect(r.table?.[id]).toEqual({ digitsAccuracy: r.summary[`${id}.testAccuracy`] });
    }
    expectSummary(r, "relu.gapPoints", per.map((s) => 100 * s.runs.relu.test[2] - 100 * s.runs.sigmoid.test[2]));
    expect(r.figures.map((f) => f.id)).toEqual(["digits-accuracy", "digits-final"]);
    expect(r.figures[0].title.en).toBe("Test accuracy on the 450 held-out digits (hidden 8, momentum SGD lr 0.03; median and range over 2 seeds)");
    expect(r.figures[0].series[0].points.map((p) => p.y)).toEqual([0, 1, 2].map((e) => median(per.map((s) => s.runs.relu.test[e]))));
    expect(r.figures[1].title.en).toContain("after 2 epochs");
  });


  it("every experiment's quick settings (`actlab report --quick`) are valid options, and quick runs use fewer seeds", () => {
    for (const e of experiments) {
      // Each experiment names the functions whose claim it checks.
      expect(e.claim.functions.length, e.id).toBeGreaterThan(0);
      // `actlab experiment list` and the lab describe each option in either language.
      for (const o of e.options) {
        expect(o.description.en.length, `${e.id} --${o.name}`).toBeGreaterThan(3);
        expect(o.description.en, `${e.id} --${o.name}`).not.toMatch(/[\u4e00-\u9fff]/);
      }
      // A number option resolves to a number, a list option to a list (of numbers when its default is).
      const defaults = resolveOptions(e);
      for (const o of e.options) {
        const v = defaults[o.name];
        if (typeof o.default === "number") expect(typeof v, `${e.id} --${o.name}`).toBe("number");
        else if (Array.isArray(o.default)) expect(Array.isArray(v) && typeof (v as unknown[])[0] === typeof o.default[0], `${e.id} --${o.name}`).toBe(true);
        else expect(typeof v, `${e.id} --${o.name}`).toBe("string");
      }
      const quick = resolveOptions(e, {}, true);
      expect(Object.keys(quick)).toEqual(e.options.map((o) => o.name));
      const seeds = (e as unknown as { seeds: { default: number; quick: number } }).seeds;
      expect(seeds.quick).toBeLessThanOrEqual(seeds.default);
    }
    expect(resolveOptions(getExperiment("dead-units"), {}, true)).toMatchObject({ variants: ["relu", "leaky-0.01"], lrs: [0.01, 1] });
    expect(resolveOptions(getExperiment("convergence"), {}, true)).toMatchObject({ functions: ["sigmoid", "tanh", "relu"], tasks: ["spiral"] });
  });
});
