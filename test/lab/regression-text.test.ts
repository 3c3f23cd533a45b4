// The Linear regression view's figures in words (issue 26): descriptions and data tables built
// from a real run, in both languages.
import { describe, expect, it } from "vitest";
import { articleData, createLinearRun } from "../../packages/actlab/src/train/linear.js";
import { fmt } from "../../lab/src/dom.js";
import { t, type Key } from "../../lab/src/i18n.js";
import { lineText, regressionTables, regressionText } from "../../lab/src/views/regression-text.js";

const en = (k: Key, v?: Record<string, string>): string => t("en", k, v);
const zh = (k: Key, v?: Record<string, string>): string => t("zh", k, v);

function trained(epochs: number) {
  const data = articleData({ noise: 1, seed: 3 });
  const run = createLinearRun(data, { lr: 0.01, mode: "batch", batch: 10, seed: 3, epochs: 1000 });
  for (let k = 0; k < epochs; k++) run.step();
  return { data, run };
}

describe("the regression view's descriptions", () => {
  it("names a line by slope and intercept, the intercept's sign spelled out", () => {
    expect(lineText(2.5, 1)).toBe("y = 2.5x + 1");
    expect(lineText(-2, -0.5)).toBe(`y = ${fmt(-2, 4)}x − 0.5`);
    expect(lineText(0, 0)).toBe("y = 0x + 0");
  });

  it("states the data's ranges and both lines, the loss from start to now, and the path to the minimum", () => {
    const { data, run } = trained(5);
    const d = regressionText(en, data, run);
    const xs = Array.from(data.x);
    const ys = Array.from(data.y);
    expect(d.data).toBe(
      `${xs.length} points, x from ${fmt(Math.min(...xs), 4)} to ${fmt(Math.max(...xs), 4)}, y from ${fmt(Math.min(...ys), 4)} to ${fmt(Math.max(...ys), 4)}; ` +
        `the current line ${lineText(run.w, run.b)} (solid), the closed-form line ${lineText(run.closed.w, run.closed.b)} (dashed).`,
    );
    const h0 = run.history[0];
    expect(d.loss).toBe(`Mean squared error by epoch on a log scale, epochs 0 to 5: from ${fmt(h0.loss, 4)} to ${fmt(run.history[5].loss, 4)}; the closed form's loss ${fmt(run.closed.loss, 4)} (dashed line).`);
    expect(d.contour).toBe(
      `Loss contours over w and b; gradient descent went from (w, b) = (${fmt(h0.w, 4)}, ${fmt(h0.b, 4)}) to (${fmt(run.w, 4)}, ${fmt(run.b, 4)}) by epoch 5; ` +
        `the minimum, the closed form, at (${fmt(run.closed.w, 4)}, ${fmt(run.closed.b, 4)}) with loss ${fmt(run.closed.loss, 4)}.`,
    );
  });

  it("reads in Chinese with full-width punctuation", () => {
    const { data, run } = trained(2);
    const d = regressionText(zh, data, run);
    expect(d.data).toMatch(/^\d+ 个数据点，x 从 .* 到 .*；当前直线 y = .*（实线），解析解直线 y = .*（虚线）。$/);
    expect(d.loss).toContain("第 0 至 2 轮");
    expect(d.contour).toContain("第 2 轮");
  });
});

describe("the regression view's data tables", () => {
  it("the points with both lines' predictions, one row per point", () => {
    const { data, run } = trained(3);
    const tb = regressionTables(en, data, run).data;
    expect(tb.columns).toEqual(["x", "y", "current ŷ", "closed form ŷ"]);
    expect(tb.rows.length).toBe(data.x.length);
    const x = data.x[4];
    expect(tb.rows[4]).toEqual([fmt(x, 4), fmt(data.y[4], 4), fmt(run.w * x + run.b, 4), fmt(run.closed.w * x + run.closed.b, 4)]);
  });

  it("the loss and the path by epoch, at most about max rows with the first and the last epoch", () => {
    const { data, run } = trained(30);
    const all = regressionTables(en, data, run);
    expect(all.loss.columns).toEqual(["Epoch", "Loss"]);
    expect(all.loss.rows.map((r) => r[0])).toEqual(Array.from({ length: 31 }, (_, i) => String(i)));
    expect(all.contour.columns).toEqual(["Epoch", "w", "b", "Loss"]);
    const h7 = run.history[7];
    expect(all.contour.rows[7]).toEqual(["7", fmt(h7.w, 5), fmt(h7.b, 5), fmt(h7.loss, 5)]);
    const few = regressionTables(zh, data, run, 10);
    expect(few.loss.columns).toEqual(["轮数", "损失"]);
    expect(few.loss.rows.map((r) => r[0])).toEqual(["0", "4", "8", "12", "16", "20", "24", "28", "30"]);
  });
});
