import { describe, expect, it } from "vitest";
import { articleData, closedForm, stableLearningRate, createLinearRun, lossSurface, mse, trainLinear } from "../../packages/actlab/src/train/linear.js";

/** The article's loop, written out again over plain arrays, as its Python reads. */
function articleLoop(xs: number[], ys: number[], w: number, b: number, epochs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let e = 0; e < epochs; e++) {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const y = ys[i];
      const h = w * x + b;
      const dw = -2 * (h - y) * x;
      const db = -2 * (h - y) * 1;
      const lr = 0.01;
      w += dw * lr;
      b += db * lr;
    }
    out.push([w, b]);
  }
  return out;
}

describe("articleData()", () => {
  it("articleData() puts x on the grid 0, 0.01, …, 0.99 and y − 3x − 10 in [0, 1)", () => {
    const d = articleData();
    expect(d.x.length).toBe(100);
    for (let i = 0; i < 100; i++) {
      expect(d.x[i]).toBe(i / 100);
      const u = d.y[i] - 3 * d.x[i] - 10;
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it("articleData({ seed }) is reproducible and differs between seeds", () => {
    expect(articleData({ seed: 7 }).y).toEqual(articleData({ seed: 7 }).y);
    expect(articleData({ seed: 7 }).y).not.toEqual(articleData({ seed: 8 }).y);
  });

  it("articleData({ noise: 0 }) lies exactly on the line", () => {
    const d = articleData({ n: 50, slope: -2, intercept: 4, noise: 0 });
    const c = closedForm(d);
    expect(c.w).toBeCloseTo(-2, 12);
    expect(c.b).toBeCloseTo(4, 12);
  });

  it("articleData({ n: 1 }) is rejected with the bad value", () => {
    expect(() => articleData({ n: 1 })).toThrow(/number of points: 1/);
  });
});

describe("createLinearRun(data, { mode: 'sgd' })", () => {
  it("sgd mode matches an independent loop of the article's update to 1e-12 over 500 epochs", () => {
    const d = articleData({ seed: 3 });
    const run = createLinearRun(d, { initW: 0.37, initB: 0.81, epochs: 500, tol: 0, patience: 1000 });
    const ref = articleLoop([...d.x], [...d.y], 0.37, 0.81, 500);
    while (!run.done) run.step();
    expect(run.stopReason).toBe("epochs");
    expect(run.history.length).toBe(501);
    for (let e = 1; e <= 500; e++) {
      expect(Math.abs(run.history[e].w - ref[e - 1][0])).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(run.history[e].b - ref[e - 1][1])).toBeLessThanOrEqual(1e-12);
    }
  });

  it("the random start draws w and b from [0, 1) and depends on the seed", () => {
    const d = articleData();
    const a = createLinearRun(d, { seed: 11 });
    const b = createLinearRun(d, { seed: 11 });
    const c = createLinearRun(d, { seed: 12 });
    for (const v of [a.w, a.b]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
    expect([a.w, a.b]).toEqual([b.w, b.b]);
    expect([a.w, a.b]).not.toEqual([c.w, c.b]);
  });

  it("history[0] is the start and each record's loss is the MSE at its (w, b)", () => {
    const d = articleData();
    const run = createLinearRun(d, { initW: 0.5, initB: 0.25 });
    for (let i = 0; i < 5; i++) run.step();
    expect(run.history[0]).toEqual({ epoch: 0, w: 0.5, b: 0.25, loss: mse(d, 0.5, 0.25) });
    for (const r of run.history) expect(r.loss).toBe(mse(d, r.w, r.b));
    expect(run.epoch).toBe(5);
  });
});

describe("trainLinear()", () => {
  it("trainLinear(articleData()) with the article's settings ends within 0.05 of the closed form", () => {
    const d = articleData();
    const r = trainLinear(d);
    expect(r.stopReason).toBe("converged");
    expect(Math.abs(r.final.w - r.closed.w)).toBeLessThan(0.05);
    expect(Math.abs(r.final.b - r.closed.b)).toBeLessThan(0.05);
  });

  it("closedForm(articleData()) is within 0.1 of w = 3, b = 10.5", () => {
    const c = closedForm(articleData());
    expect(Math.abs(c.w - 3)).toBeLessThan(0.1);
    expect(Math.abs(c.b - 10.5)).toBeLessThan(0.1);
  });

  it.each(["minibatch", "batch"] as const)("trainLinear(data, { mode: '%s' }) converges near the closed form", (mode) => {
    const d = articleData();
    const r = trainLinear(d, { mode });
    expect(r.stopReason).toBe("converged");
    expect(Math.abs(r.final.w - r.closed.w)).toBeLessThan(0.02);
    expect(Math.abs(r.final.b - r.closed.b)).toBeLessThan(0.02);
  });

  it("trainLinear(data, { lr: 10 }) stops as diverged, suggests a smaller lr and never records NaN", () => {
    const seen: number[] = [];
    const r = trainLinear(articleData(), { lr: 10 }, (e) => seen.push(e.loss, e.w, e.b));
    expect(r.stopReason).toBe("diverged");
    expect(r.message).toMatch(/largest stable rate/);
    for (const e of r.history) for (const v of [e.w, e.b, e.loss]) expect(Number.isFinite(v)).toBe(true);
    for (const v of seen) expect(Number.isFinite(v)).toBe(true);
  });

  it("trainLinear(data, { lr: 1 }) is caught as diverged while the numbers are still finite", () => {
    const r = trainLinear(articleData(), { lr: 1, mode: "batch" });
    expect(r.stopReason).toBe("diverged");
    expect(r.message).toMatch(/grew for 5 epochs in a row/);
    expect(r.final.epoch).toBeLessThan(20);
  });

  it("trainLinear(data, { epochs: 3 }) says it stopped at the epoch limit", () => {
    const r = trainLinear(articleData(), { epochs: 3 });
    expect(r.stopReason).toBe("epochs");
    expect(r.final.epoch).toBe(3);
    expect(r.message).toMatch(/epoch limit \(3\)/);
  });

  it("trainLinear() rejects bad options naming the value", () => {
    const d = articleData();
    expect(() => trainLinear(d, { lr: -1 })).toThrow(/learning rate: -1/);
    expect(() => trainLinear(d, { mode: "adam" as never })).toThrow(/mode: adam/);
    expect(() => trainLinear(d, { mode: "minibatch", batch: 0 })).toThrow(/batch size: 0/);
    expect(() => trainLinear(d, { epochs: 2.5 })).toThrow(/epochs: 2.5/);
    expect(() => trainLinear(d, { initW: NaN })).toThrow(/initial w: NaN/);
  });
});

describe("closedForm() and lossSurface()", () => {
  it("closedForm(d) has zero gradient of the MSE at its answer", () => {
    const d = articleData({ seed: 5 });
    const c = closedForm(d);
    const h = 1e-5;
    expect((mse(d, c.w + h, c.b) - mse(d, c.w - h, c.b)) / (2 * h)).toBeCloseTo(0, 7);
    expect((mse(d, c.w, c.b + h) - mse(d, c.w, c.b - h)) / (2 * h)).toBeCloseTo(0, 7);
  });

  it("closedForm(d) rejects data whose x are all equal", () => {
    expect(() => closedForm({ x: Float64Array.of(1, 1), y: Float64Array.of(0, 2) })).toThrow(/all x are equal/);
  });

  it("lossSurface(d, …) agrees with mse(d, w, b) at every grid point", () => {
    const d = articleData();
    const s = lossSurface(d, { w: [0, 6], b: [8, 12], nw: 7, nb: 5 });
    for (let j = 0; j < s.nb; j++) {
      for (let i = 0; i < s.nw; i++) {
        const m = mse(d, s.ws[i], s.bs[j]);
        expect(Math.abs(s.values[j * s.nw + i] - m)).toBeLessThan(1e-9 * Math.max(1, m));
      }
    }
  });
});

describe("the divergence hint", () => {
  const data = articleData();
  const spread = articleData({ n: 200 });
  for (let i = 0; i < spread.x.length; i++) spread.x[i] = spread.x[i] * 20 - 5; // x in [−5, 15)
  it.each([
    ["sgd", 10],
    ["batch", 10],
    ["minibatch", 10],
    ["sgd", 0.6],
    ["batch", 3],
  ] as const)("trainLinear(data, { mode: '%s', lr: %d }) diverges and suggests a rate that converges", (mode, lr) => {
    for (const d of [data, spread]) {
      const r = trainLinear(d, { mode, lr, epochs: 100_000 });
      expect(r.stopReason).toBe("diverged");
      const m = /try ([\d.e-]+)$/.exec(r.message);
      expect(m, r.message).not.toBeNull();
      const suggested = Number(m![1]);
      expect(suggested).toBeLessThan(stableLearningRate(d, mode));
      // Not a blind tenth of the old rate: the suggestion is within 10× of the limit and works.
      expect(suggested).toBeGreaterThan(stableLearningRate(d, mode) / 10);
      const again = trainLinear(d, { mode, lr: suggested, epochs: 100_000 });
      expect(again.stopReason, `${mode} at lr ${suggested}: ${again.message}`).not.toBe("diverged");
    }
  });

  it("stableLearningRate(data, 'batch') is 2 / the largest Hessian eigenvalue: just above it diverges, just below converges", () => {
    const limit = stableLearningRate(data, "batch");
    expect(trainLinear(data, { mode: "batch", lr: limit * 1.05, epochs: 20_000 }).stopReason).toBe("diverged");
    expect(trainLinear(data, { mode: "batch", lr: limit * 0.95, epochs: 200_000, tol: 1e-12 }).stopReason).not.toBe("diverged");
  });
});
