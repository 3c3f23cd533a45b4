import type { LinearData } from "actlab/nn";
import { Braille, scale } from "./train-canvas.js";
import { ansi, num } from "./train-term.js";

/** A scatter of points and a curve through them, with the y range printed at the left. */
export interface XYPanel {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** The model's prediction at x, drawn as a line over the points. */
  curve: (x: number) => number;
}

export interface Panel {
  label: string;
  lines: string[];
  /** Text under the plot: the x range. */
  axis: string;
}

const LABEL = 9;

function labelled(rows: string[], top: string, bottom: string): string[] {
  return rows.map((r, i) => `${(i === 0 ? top : i === rows.length - 1 ? bottom : "").padStart(LABEL - 1)} ${r}`);
}

function paint(color: boolean, colours: Record<number, (s: string) => string>) {
  return (layer: number, text: string) => (color && colours[layer] ? colours[layer](text) : text);
}

function axis(cols: number, lo: string, hi: string): string {
  return " ".repeat(LABEL) + lo + hi.padStart(Math.max(1, cols - lo.length));
}

/** Data points (dim) and the current curve (bright), y range from both so the curve is always on screen. */
export function fitPanel(p: XYPanel, cols: number, rows: number, color: boolean, label = "data and fit"): Panel {
  const c = new Braille(cols, rows);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < p.x.length; i++) {
    x0 = Math.min(x0, p.x[i]);
    x1 = Math.max(x1, p.x[i]);
    y0 = Math.min(y0, p.y[i]);
    y1 = Math.max(y1, p.y[i]);
  }
  const samples: number[] = [];
  for (let k = 0; k < c.width; k++) {
    const v = p.curve(x0 + ((x1 - x0) * k) / (c.width - 1));
    samples.push(v);
    if (Number.isFinite(v)) {
      y0 = Math.min(y0, v);
      y1 = Math.max(y1, v);
    }
  }
  const pad = (y1 - y0) * 0.04 || 1;
  y0 -= pad;
  y1 += pad;
  const sx = scale(x0, x1, c.width);
  const sy = scale(y0, y1, c.height, true);
  for (let i = 0; i < p.x.length; i++) c.set(sx(p.x[i]), sy(p.y[i]), 1);
  for (let k = 1; k < samples.length; k++) c.line(k - 1, sy(samples[k - 1]), k, sy(samples[k]), 2);
  const lines = labelled(c.lines(paint(color, { 1: ansi.dim, 2: ansi.yellow })), num(y1, 4), num(y0, 4));
  return { label, lines, axis: axis(cols, `x ${num(x0, 3)}`, num(x1, 3)) };
}

export interface SeriesOptions {
  label: string;
  /** Plot log10 of the values (for a loss). */
  log?: boolean;
  /** A value to mark with a horizontal line (the true α). */
  target?: number;
}

/** A value against the epoch (log scale for a loss); the x axis grows with the run. */
export function seriesPanel(epochs: readonly number[], values: readonly number[], cols: number, rows: number, color: boolean, o: SeriesOptions): Panel {
  const c = new Braille(cols, rows);
  const f = (v: number) => (o.log ? (v > 0 ? Math.log10(v) : -Infinity) : v);
  const ys = values.map(f);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of o.target === undefined ? ys : [...ys, f(o.target)]) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) {
    lo = -1;
    hi = 1;
  }
  const pad = hi - lo < 1e-9 ? 0.5 : o.log ? 0 : (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const first = epochs.length ? epochs[0] : 0;
  const last = epochs.length ? epochs[epochs.length - 1] : 1;
  const sx = scale(first, Math.max(last, first + 1), c.width);
  const sy = scale(lo, hi, c.height, true);
  if (o.target !== undefined) {
    const ty = sy(f(o.target));
    for (let x = 0; x < c.width; x += 3) c.set(x, ty, 2);
  }
  const at = (i: number) => sy(Number.isFinite(ys[i]) ? ys[i] : lo);
  for (let i = 0; i < ys.length; i++) {
    if (i === 0) c.set(sx(epochs[0]), at(0), 1);
    else c.line(sx(epochs[i - 1]), at(i - 1), sx(epochs[i]), at(i), 1);
  }
  const show = (v: number) => (o.log ? (10 ** v).toExponential(1) : num(v, 3));
  const lines = labelled(c.lines(paint(color, { 1: ansi.cyan, 2: ansi.magenta })), show(hi), show(lo));
  return { label: o.label, lines, axis: axis(cols, `epoch ${first}`, String(last)) };
}

/** Two panels side by side, each with a title above and its x range below. */
export function sideBySide(a: Panel, b: Panel, gap = 3): string[] {
  const width = (p: Panel) => Math.max(...p.lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, "").length));
  const wa = width(a);
  const padTo = (s: string, n: number) => s + " ".repeat(Math.max(0, n - s.replace(/\x1b\[[0-9;]*m/g, "").length));
  const title = (p: Panel) => " ".repeat(LABEL) + p.label;
  const rows = [padTo(title(a), wa + gap) + title(b)];
  for (let i = 0; i < Math.max(a.lines.length, b.lines.length); i++) rows.push(padTo(a.lines[i] ?? "", wa + gap) + (b.lines[i] ?? ""));
  rows.push(padTo(a.axis, wa + gap) + b.axis);
  return rows;
}

/** Panel sizes for a terminal: two panels side by side, at most 12 rows high. */
export function panelSize(columns: number | undefined, rows: number | undefined, extraLines: number): { cols: number; rows: number } {
  const w = columns && columns > 0 ? columns : 80;
  const h = rows && rows > 0 ? rows : 24;
  return {
    cols: Math.max(12, Math.floor((w - 2 * LABEL - 4) / 2)),
    rows: Math.max(4, Math.min(12, h - extraLines - 3)),
  };
}

export function linearCurve(w: number, b: number): (x: number) => number {
  return (x) => w * x + b;
}

export type { LinearData };
