import { describe, expect, it } from "vitest";
import { articleData, createLinearRun } from "../../packages/actlab/src/train/linear.js";
import { HISTORY_CAP, ThinnedHistory } from "../../packages/actlab/src/train/history.js";
import { createPreluFit, preluData } from "../../packages/actlab/src/train/prelu-fit.js";

describe("ThinnedHistory", () => {
  it("new ThinnedHistory(cap).push keeps at most 2·cap + 1 records, the first and the newest, evenly spaced", () => {
    const h = new ThinnedHistory<number>(8);
    for (let i = 0; i <= 1000; i++) {
      h.push(i);
      expect(h.list.length).toBeLessThanOrEqual(17);
      expect(h.list[0]).toBe(0);
      expect(h.list[h.list.length - 1]).toBe(i);
    }
    const body = h.list.slice(0, -1);
    const gaps = new Set(body.slice(1).map((v, j) => v - body[j]));
    expect(gaps.size).toBe(1); // one stride between all kept records
    expect(h.list.length).toBeGreaterThanOrEqual(8);
  });
});

describe("long runs keep a bounded history", () => {
  it("createLinearRun(data, { epochs: Infinity, tol: 0 }) holds at most 2·HISTORY_CAP + 1 records after 20,000 epochs", () => {
    // Batch steps at lr 1e-6 still move w and b every epoch after 20,000 (sgd at 0.01 reaches a
    // bit-identical fixed point near epoch 257 and stops there).
    const run = createLinearRun(articleData(), { mode: "batch", lr: 1e-6, epochs: Infinity, tol: 0 });
    for (let i = 0; i < 20_000; i++) run.step();
    expect(run.done).toBe(false);
    expect(run.epoch).toBe(20_000);
    expect(run.history.length).toBeLessThanOrEqual(2 * HISTORY_CAP + 1);
    expect(run.history[0].epoch).toBe(0);
    expect(run.history[run.history.length - 1].epoch).toBe(20_000);
  });

  it("createPreluFit(data, { epochs: 1e8 }) holds at most 2·HISTORY_CAP + 1 records after 10,000 epochs", () => {
    const fit = createPreluFit(preluData({ n: 50 }), { epochs: 1e8 });
    for (let i = 0; i < 10_000; i++) fit.step();
    expect(fit.done).toBe(false);
    expect(fit.history.length).toBeLessThanOrEqual(2 * HISTORY_CAP + 1);
    expect(fit.history[fit.history.length - 1].epoch).toBe(10_000);
  });

  it("createPreluFit refuses data whose loss overflows and does not blame the learning rate", () => {
    expect(() => createPreluFit(preluData({ alpha: 1e300 }))).toThrow(/too large to fit.*smaller alpha/);
  });
});
