// The Linear regression view's figures in words (issue 26): each panel's short description with
// its key numbers, and its data as a table, for readers who do not see the canvases.
import type { LinearData, LinearRun } from "../../../packages/actlab/src/train/linear.js";
import type { DataTable } from "../../../packages/cli/src/render/index.js";
import { fmt } from "../dom.js";
import type { Key } from "../i18n.js";
import { tableIndices } from "./network/logic.js";

type T = (key: Key, vars?: Record<string, string>) => string;
type Run = Pick<LinearRun, "w" | "b" | "epoch" | "history" | "closed">;

/** "y = 2.93x + 10.5", "y = −1.2e+30x − 3e+29". */
export function lineText(w: number, b: number): string {
  return `y = ${fmt(w, 4)}x ${b < 0 ? "−" : "+"} ${fmt(Math.abs(b), 4)}`;
}

const range = (v: ArrayLike<number>): [number, number] => {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) (lo = Math.min(lo, v[i])), (hi = Math.max(hi, v[i]));
  return [lo, hi];
};

/** The three panels' descriptions: the data with both lines, the loss by epoch, the path over (w, b). */
export function regressionText(t: T, data: LinearData, run: Run): { data: string; loss: string; contour: string } {
  const [x0, x1] = range(data.x);
  const [y0, y1] = range(data.y);
  const first = run.history[0];
  const last = run.history[run.history.length - 1];
  return {
    data: t("reg.dataDesc", { n: String(data.x.length), x0: fmt(x0, 4), x1: fmt(x1, 4), y0: fmt(y0, 4), y1: fmt(y1, 4), current: lineText(run.w, run.b), closed: lineText(run.closed.w, run.closed.b) }),
    loss: t("reg.lossDesc", { from: String(first.epoch), to: String(last.epoch), first: fmt(first.loss, 4), last: fmt(last.loss, 4), closed: fmt(run.closed.loss, 4) }),
    contour: t("reg.contourDesc", { w0: fmt(first.w, 4), b0: fmt(first.b, 4), w: fmt(last.w, 4), b: fmt(last.b, 4), epoch: String(last.epoch), cw: fmt(run.closed.w, 4), cb: fmt(run.closed.b, 4), closed: fmt(run.closed.loss, 4) }),
  };
}

/** The panels' data: the points with both lines' predictions; the loss and the (w, b) path by epoch (at most about `max` rows). */
export function regressionTables(t: T, data: LinearData, run: Run, max = 200): { data: DataTable; loss: DataTable; contour: DataTable } {
  const h = run.history;
  const rows = tableIndices(h.length, max);
  return {
    data: {
      columns: ["x", "y", `${t("reg.current")} ŷ`, `${t("reg.closed")} ŷ`],
      rows: Array.from(data.x, (x, i) => [fmt(x, 4), fmt(data.y[i], 4), fmt(run.w * x + run.b, 4), fmt(run.closed.w * x + run.closed.b, 4)]),
    },
    loss: { columns: [t("reg.epochCol"), t("reg.lossCol")], rows: rows.map((i) => [String(h[i].epoch), fmt(h[i].loss, 5)]) },
    contour: { columns: [t("reg.epochCol"), "w", "b", t("reg.lossCol")], rows: rows.map((i) => [String(h[i].epoch), fmt(h[i].w, 5), fmt(h[i].b, 5), fmt(h[i].loss, 5)]) },
  };
}
