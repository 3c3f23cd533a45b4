/**
 * Linear regression against the README and the article's own loop (written out here), the
 * stop rules followed epoch by epoch from that loop, and the edges of the CSV reader and of the
 * toy data sets.
 */
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../packages/actlab/src/train/csv.js";
import { makeDataset } from "../../packages/actlab/src/train/datasets.js";
import { articleData, createLinearRun, lossSurface, mse, trainLinear, type LinearData } from "../../packages/actlab/src/train/linear.js";

/** The article's loop: one update per point, in order, w += −2(h − y)x·lr, b += −2(h − y)·lr. */
function articleEpoch(d: LinearData, wb: { w: number; b: number }, lr: number): void {
  for (let i = 0; i < d.x.length; i++) {
    const h = wb.w * d.x[i] + wb.b;
    const dw = -2 * (h - d.y[i]) * d.x[i];
    const db = -2 * (h - d.y[i]);
    wb.w += dw * lr;
    wb.b += db * lr;
  }
}
function loss(d: LinearData, w: number, b: number): number {
  let s = 0;
  for (let i = 0; i < d.x.length; i++) s += (w * d.x[i] + b - d.y[i]) ** 2;
  return s / d.x.length;
}
/** The epoch at which "changed by less than tol (relative) for `patience` epochs in a row" first holds. */
function stopEpoch(d: LinearData, start: { w: number; b: number }, lr: number, tol: number, patience: number): number {
  const wb = { ...start };
  let last = loss(d, wb.w, wb.b);
  let calm = 0;
  for (let epoch = 1; epoch < 100_000; epoch++) {
    articleEpoch(d, wb, lr);
    const now = loss(d, wb.w, wb.b);
    calm = Math.abs((last - now) / last) < tol ? calm + 1 : 0;
    if (calm >= patience) return epoch;
    last = now;
  }
  return -1;
}

describe("linear regression: the README's run and the article's loop", () => {
  it("trainLinear(articleData()) converges at epoch 124 with w 2.932890, b 10.541960, loss 0.0798425, as the README prints", () => {
    const r = trainLinear(articleData());
    expect(r.stopReason).toBe("converged");
    expect(r.final.epoch).toBe(124);
    expect(r.final.w.toFixed(6)).toBe("2.932890");
    expect(r.final.b.toFixed(6)).toBe("10.541960");
    expect(r.final.loss.toPrecision(6)).toBe("0.0798425");
    expect(r.message).toBe("converged at epoch 124: the loss changed by less than 1e-9 (relative) for 5 epoch(s) in a row");
  });

  it("each SGD epoch is the article's loop, bit for bit, from the given start", () => {
    const d = articleData();
    const run = createLinearRun(d, { initW: 0.5, initB: 0.25 });
    const wb = { w: 0.5, b: 0.25 };
    for (let e = 1; e <= 20; e++) {
      articleEpoch(d, wb, 0.01);
      const rec = run.step();
      expect([rec.epoch, rec.w, rec.b]).toEqual([e, wb.w, wb.b]);
      expect(rec.loss).toBeCloseTo(loss(d, wb.w, wb.b), 14);
    }
  });

  it("the stop rule: |relative change| < tol for `patience` epochs in a row, epoch found by the loop above", () => {
    const d = articleData({ n: 30, seed: 4 });
    const start = { w: 0.5, b: 0.25 };
    for (const [tol, patience] of [[1e-9, 5], [1e-9, 1], [1e-9, 12], [1e-6, 3], [1e-4, 2]] as const) {
      const want = stopEpoch(d, start, 0.01, tol, patience);
      expect(want).toBeGreaterThan(patience);
      const r = trainLinear(d, { initW: start.w, initB: start.b, tol, patience });
      expect(r.stopReason, `tol ${tol}, patience ${patience}`).toBe("converged");
      expect(r.final.epoch, `tol ${tol}, patience ${patience}`).toBe(want);
      expect(r.message).toBe(`converged at epoch ${want}: the loss changed by less than ${tol} (relative) for ${patience} epoch(s) in a row`);
    }
  });

  it("onEpoch sees every epoch after the start exactly once, and the final record last", () => {
    const seen: number[] = [];
    const r = trainLinear(articleData(), { epochs: 7 }, (rec) => seen.push(rec.epoch));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.stopReason).toBe("epochs");
    expect(r.message).toMatch(/^stopped at the epoch limit \(7\) before converging; the loss last changed by /);
  });

  it("batch mode: each epoch is one gradient step on the mean loss over all points", () => {
    const d = { x: Float64Array.of(0, 1, 2), y: Float64Array.of(1, 3, 5) };
    const run = createLinearRun(d, { mode: "batch", lr: 0.1, initW: 0, initB: 0 });
    // ∂L/∂w = (2/3)·Σ(h − y)x = (2/3)(−3 − 10) = −26/3, ∂L/∂b = (2/3)(−9) = −6.
    const rec = run.step();
    expect(rec.w).toBeCloseTo(0.1 * (26 / 3), 14);
    expect(rec.b).toBeCloseTo(0.6, 14);
  });

  it("a learning rate just above the stable one diverges because the loss keeps growing, and says so", () => {
    const d = { x: Float64Array.of(0, 1, 2), y: Float64Array.of(1, 3, 5) };
    // Batch mode on this data: the loss's Hessian is (2/3)[[5, 3], [3, 3]], largest eigenvalue (2/3)(4 + √10);
    // any rate above 2 over it grows the error geometrically.
    const limit = 2 / ((2 / 3) * (4 + Math.sqrt(10)));
    const r = trainLinear(d, { mode: "batch", lr: limit * 1.2, initW: 0, initB: 0, epochs: 100_000 });
    expect(r.stopReason).toBe("diverged");
    expect(r.message).toMatch(/^diverged at epoch \d+: the loss grew for \d+ epochs in a row, to .* \(best .*\); learning rate .* is above the largest stable rate for this data in batch mode, 0\.419/);
    const m = /grew for (\d+) epochs in a row, to (\S+) \(best (\S+)\)/.exec(r.message)!;
    expect(Number(m[1])).toBeGreaterThanOrEqual(5);
    // Twice the best loss at the latest, as soon as it has grown for five epochs in a row.
    expect(Number(m[2])).toBeGreaterThan(2 * Number(m[3]));
    // Below the limit it does not diverge (the data lie on a line: the loss shrinks towards 0 until the epoch limit).
    expect(trainLinear(d, { mode: "batch", lr: limit * 0.9, initW: 0, initB: 0, epochs: 2000 }).stopReason).toBe("epochs");
  });
});

describe("linear regression options and views", () => {
  it("minibatch: one gradient step per batch (two identical points in batches of one are two steps)", () => {
    const d = { x: Float64Array.of(1, 1, 2), y: Float64Array.of(3, 3, 5) };
    // Batches of 3 are the whole data: one step, ∂L/∂w = (2/3)Σ(h − y)x = (2/3)(−3 −3 −10), ∂L/∂b = (2/3)(−11).
    const whole = createLinearRun(d, { mode: "minibatch", batch: 3, lr: 0.1, initW: 0, initB: 0 }).step();
    expect(whole.w).toBeCloseTo(0.1 * (2 / 3) * 16, 14);
    expect(whole.b).toBeCloseTo(0.1 * (2 / 3) * 11, 14);
    // Batches of 1: three updates in a shuffled order; the third point's update alone is not what batch mode does.
    const ones = createLinearRun(d, { mode: "minibatch", batch: 1, lr: 0.1, initW: 0, initB: 0 }).step();
    const batch = createLinearRun(d, { mode: "batch", lr: 0.1, initW: 0, initB: 0 }).step();
    expect(ones.w).not.toBeCloseTo(batch.w, 6);
    expect(batch.w).toBeCloseTo(whole.w, 14);
  });

  it("minibatch runs stop early: no new best loss by more than tol for `patience` epochs", () => {
    const r = trainLinear(articleData(), { mode: "minibatch", batch: 10, lr: 0.05 });
    expect(r.stopReason).toBe("converged");
    expect(r.message).toMatch(/^converged at epoch \d+: the loss has not improved on its best by more than 1e-9 \(relative\) for 5 epoch\(s\) in a row$/);
  });

  it("onEpoch is not called again for the step that found a divergence", () => {
    const seen: number[] = [];
    const r = trainLinear(articleData(), { lr: 10 }, (rec) => seen.push(rec.epoch));
    expect(r.stopReason).toBe("diverged");
    expect(seen).toEqual(Array.from({ length: r.final.epoch }, (_, i) => i + 1));
  });

  it("rejects data that are not two Float64Arrays, and a seed that is not an integer", () => {
    const x = Float64Array.of(0, 1);
    expect(() => createLinearRun({ x, y: [1, 2] as never })).toThrow(new TypeError("linear data: expected { x: Float64Array, y: Float64Array }"));
    expect(() => createLinearRun({ x: [0, 1] as never, y: x })).toThrow(TypeError);
    expect(() => createLinearRun(null as never)).toThrow(TypeError);
    expect(() => createLinearRun({ x, y: x }, { seed: 1.5 })).toThrow("invalid seed: 1.5 (must be an integer)");
    expect(() => createLinearRun({ x, y: x }, { lr: "0.1" as never })).toThrow("invalid learning rate: 0.1 (must be a finite number > 0)");
    expect(() => createLinearRun({ x, y: x }, { epochs: NaN })).toThrow("invalid epochs: NaN (must be an integer ≥ 1, or Infinity)");
  });

  it("lossSurface: the grid runs from each range's start to its end, the values are the MSE there", () => {
    const d = { x: Float64Array.of(0, 1, 2), y: Float64Array.of(1, 4, 5) };
    const s = lossSurface(d, { w: [1, 3], b: [10, 12], nw: 3, nb: 3 });
    expect(Array.from(s.ws)).toEqual([1, 2, 3]);
    expect(Array.from(s.bs)).toEqual([10, 11, 12]);
    s.bs.forEach((b, j) => s.ws.forEach((w, i) => expect(s.values[j * 3 + i]).toBeCloseTo(mse(d, w, b), 10)));
    // By hand at (w, b) = (1, 10): residuals 9, 7, 7: (81 + 49 + 49)/3.
    expect(s.values[0]).toBeCloseTo(179 / 3, 10);
  });
});

describe("parseCsv at its edges", () => {
  it("reads numbers as people write them and skips a byte-order mark", () => {
    const d = parseCsv("\uFEFF12.5,.25\n-3,+4e2\n");
    expect(Array.from(d.x)).toEqual([12.5, -3]);
    expect(Array.from(d.y)).toEqual([0.25, 400]);
    expect(() => parseCsv("1,2\nx1,2\n")).toThrow("line 2: column x is not a number: 'x1'");
    expect(() => parseCsv("1,2\n1,2x\n")).toThrow("line 2: column y is not a number: '2x'");
  });

  it("a later line without numbers is an error, not a second header", () => {
    expect(() => parseCsv("1,2\na,b\n")).toThrow("line 2: column x is not a number: 'a'");
    expect(() => parseCsv("x,y\n1,2\na,b\n")).toThrow("line 3: column x is not a number: 'a'");
  });

  it("names another separator: several spaces, three fields, padded numbers; a header with three names is a header", () => {
    expect(() => parseCsv("1   2\n3   4\n")).toThrow(/^line 1: fields are separated by spaces, expected a comma \(x,y\): '1   2'$/);
    expect(() => parseCsv("x   y\n1,2\n")).toThrow(/^line 1: fields are separated by spaces/);
    expect(() => parseCsv("1;2;3\n")).toThrow(/^line 1: fields are separated by ';'/);
    expect(() => parseCsv("1;x;y\n")).toThrow(/^line 1: fields are separated by ';'/);
    expect(() => parseCsv("1 ; 2 ; 3\n")).toThrow(/^line 1: fields are separated by ';'/);
    expect(() => parseCsv("1|2\n")).toThrow(/^line 1: fields are separated by '\|'/);
    expect(() => parseCsv("x;y;z\n1,2\n")).toThrow("line 1: header has 1 column(s), expected 2 (x,y)");
    expect(() => parseCsv("1,2\nfoo\n")).toThrow("line 2: expected 2 columns x,y, got 1 ('foo'; the separator is a comma)");
  });
});

describe("makeDataset's jitter", () => {
  it("points stay within six standard deviations of their clean shape", () => {
    for (const [name, noise] of [["circles", 0.05], ["xor", 0.05], ["spiral", 0.05], ["moons", 0.1]] as const) {
      const d = makeDataset(name, { n: 3000, seed: 9 });
      for (let k = 0; k < 3000; k++) {
        const [a, b] = [d.x[2 * k], d.x[2 * k + 1]];
        const c = d.labels[k];
        const reach = 6 * noise * Math.SQRT2;
        if (name === "circles") expect(Math.abs(Math.hypot(a, b) - (c === 0 ? 1 : 0.5))).toBeLessThan(reach);
        if (name === "xor") expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThan(1 + 6 * noise);
        if (name === "spiral") expect(Math.hypot(a, b)).toBeLessThan(1 + reach);
        if (name === "moons") {
          const [cx, cy] = c === 0 ? [0, 0] : [1, 0.5];
          expect(Math.abs(Math.hypot(a - cx, b - cy) - 1)).toBeLessThan(reach);
        }
      }
    }
  });

  it("circles go all the way round: each ring's points average to the centre", () => {
    const d = makeDataset("circles", { n: 20_000, noise: 0, seed: 2 });
    let [sa, sb] = [0, 0];
    for (let k = 0; k < 20_000; k++) {
      sa += d.x[2 * k];
      sb += d.x[2 * k + 1];
    }
    expect(Math.abs(sa / 20_000)).toBeLessThan(0.02);
    expect(Math.abs(sb / 20_000)).toBeLessThan(0.02);
  });
});
