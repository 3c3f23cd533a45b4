// The Network view's pure logic, kept apart from the DOM so the unit tests (and mutation testing,
// which cannot reach code run in a browser) see it: colours of the heat maps, which points are
// drawn where and how, chart scales, link widths, and what the page makes of a snapshot.
import type { Snapshot } from "./protocol.js";

export type RGB = [number, number, number];

/** A CSS colour ("#rgb", "#rrggbb", "rgb(…)", "rgba(…)") as RGB; grey when it cannot be read. */
export function parseColor(v: string): RGB {
  const t = v.trim();
  if (t.startsWith("#")) {
    const n = parseInt(t.length === 4 ? t.slice(1).replace(/./g, (c) => c + c) : t.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const parts = t.replace(/^rgba?\(|\)$/g, "").split(",").map(Number);
  return parts.length >= 3 && parts.every(Number.isFinite) ? [parts[0], parts[1], parts[2]] : [128, 128, 128];
}

/** Pixel `i` (byte offset) of `px` set to `c` over the background at strength t ∈ [0, 1], opaque. */
function blend(px: Uint8ClampedArray, i: number, bg: RGB, c: RGB, t: number): void {
  px[i] = bg[0] + (c[0] - bg[0]) * t;
  px[i + 1] = bg[1] + (c[1] - bg[1]) * t;
  px[i + 2] = bg[2] + (c[2] - bg[2]) * t;
  px[i + 3] = 255;
}

/** How sure a prediction is from its top probability: 0 at chance (1/classes), 1 at certainty. */
export function confidence(best: number, classes: number): number {
  return (best - 1 / classes) / (1 - 1 / classes);
}

/**
 * The RGBA pixels of an n×n map of class probabilities (`classes` interleaved per pixel): each
 * class's colour mixed by its probability, from 15 % strength at chance to 75 % when sure.
 */
export function probsPixels(probs: ArrayLike<number>, n: number, classes: number, bg: RGB, colors: readonly RGB[], out = new Uint8ClampedArray(4 * n * n)): Uint8ClampedArray {
  const mix: RGB = [0, 0, 0];
  for (let r = 0; r < n * n; r++) {
    let best = 0;
    mix[0] = mix[1] = mix[2] = 0;
    for (let c = 0; c < classes; c++) {
      const q = probs[r * classes + c];
      best = Math.max(best, q);
      const col = colors[c % colors.length];
      mix[0] += q * col[0];
      mix[1] += q * col[1];
      mix[2] += q * col[2];
    }
    blend(out, 4 * r, bg, mix, 0.15 + 0.6 * confidence(best, classes));
  }
  return out;
}

/**
 * The scale of a unit's map: a bounded function is centred on the middle of its range with its
 * half-width; an unbounded one on 0, scaled by the unit's largest |value|.
 */
export function unitScale(values: ArrayLike<number>, cells: number, units: number, u: number, range?: { min: number; max: number }): { mid: number; half: number } {
  if (range !== undefined && Number.isFinite(range.min) && Number.isFinite(range.max) && range.max > range.min) {
    return { mid: (range.min + range.max) / 2, half: (range.max - range.min) / 2 };
  }
  let half = 1e-6;
  for (let r = 0; r < cells; r++) half = Math.max(half, Math.abs(values[r * units + u]));
  return { mid: 0, half };
}

/** The RGBA pixels of an n×n map of unit `u` of `units` interleaved: above the middle `pos`, below `neg`, up to 90 %. */
export function unitPixels(values: ArrayLike<number>, n: number, units: number, u: number, bg: RGB, pos: RGB, neg: RGB, range?: { min: number; max: number }, out = new Uint8ClampedArray(4 * n * n)): Uint8ClampedArray {
  const { mid, half } = unitScale(values, n * n, units, u, range);
  for (let r = 0; r < n * n; r++) {
    const v = Math.max(-1, Math.min(1, (values[r * units + u] - mid) / half));
    blend(out, 4 * r, bg, v >= 0 ? pos : neg, 0.9 * Math.abs(v));
  }
  return out;
}

/** The points the worker sends with the first snapshot of a setup: (x₁, x₂) pairs and labels. */
export interface Points {
  trainX: Float64Array;
  trainY: Int32Array;
  testX: Float64Array;
  testY: Int32Array;
}

/** A plane coordinate in [−extent, extent] as a canvas position in a size×size box (y grows downwards). */
export const plotX = (v: number, extent: number, size: number): number => ((v + extent) / (2 * extent)) * size;
export const plotY = (v: number, extent: number, size: number): number => size - plotX(v, extent, size);

/** The tick values of the big plot's axes: round numbers inside the extent, 0 and the edges left out. */
export function axisTicks(extent: number): number[] {
  const step = extent > 8 ? Math.pow(10, Math.floor(Math.log10(extent))) : extent > 3 ? 2 : 1;
  const out: number[] = [];
  for (let v = -Math.floor(extent / step) * step; v <= extent; v += step) {
    if (v === 0 || Math.abs(v) > extent - step / 2) continue;
    out.push(v);
  }
  return out;
}

/** One class's points of one kind, as canvas positions: training points are filled dots, test points rings. */
export interface DotGroup {
  kind: "train" | "test";
  cls: number;
  /** Canvas positions, (x, y) pairs. */
  xy: number[];
}

/**
 * What the big plot draws of the points: per class (of `colors` classes), first the training
 * points, then (when shown) the test points; classes without points give no group.
 */
export function dotGroups(points: Points, showTest: boolean, colors: number, extent: number, size: number): DotGroup[] {
  const out: DotGroup[] = [];
  const add = (kind: DotGroup["kind"], xs: Float64Array, ys: Int32Array): void => {
    for (let c = 0; c < colors; c++) {
      const xy: number[] = [];
      for (let i = 0; i < ys.length; i++) if (ys[i] === c) xy.push(plotX(xs[2 * i], extent, size), plotY(xs[2 * i + 1], extent, size));
      if (xy.length) out.push({ kind, cls: c, xy });
    }
  };
  add("train", points.trainX, points.trainY);
  if (showTest) add("test", points.testX, points.testY);
  return out;
}

export type MarkerShape = "circle" | "square" | "triangle" | "diamond";

/** The shape of class `c`'s markers on the big plot (the legend names it; `marker` draws it). */
export const markerShape = (c: number): MarkerShape => (["circle", "square", "triangle", "diamond"] as const)[c % 4];

/** The character that shows class `c`'s marker in the legend under the big plot. */
export const markerSymbol = (c: number): string => ({ circle: "●", square: "■", triangle: "▲", diamond: "◆" })[markerShape(c)];

/**
 * A data point's marker: each class its own shape as well as its colour (circle, square,
 * triangle, diamond, then again), so classes stay apart for readers who do not see the colours.
 */
export function marker(g: Pick<CanvasPath, "moveTo" | "lineTo" | "arc" | "closePath">, c: number, x: number, y: number, r: number): void {
  const k = c % 4;
  if (markerShape(c) === "circle") {
    g.moveTo(x + r, y);
    g.arc(x, y, r, 0, 2 * Math.PI);
    return;
  }
  // Corners on a circle of 1.05 r: with round joins a shape covers about what the circle does.
  const corners: [number, number][] = k === 1 ? [[-0.74, -0.74], [0.74, -0.74], [0.74, 0.74], [-0.74, 0.74]] : k === 2 ? [[0, -1.05], [0.91, 0.525], [-0.91, 0.525]] : [[0, -1.05], [1.05, 0], [0, 1.05], [-1.05, 0]];
  g.moveTo(x + r * corners[0][0], y + r * corners[0][1]);
  for (const [dx, dy] of corners.slice(1)) g.lineTo(x + r * dx, y + r * dy);
  g.closePath();
}

/** Round tick values covering [lo, hi], about n of them (1, 2 or 5 × a power of ten apart). */
export function niceTicks(lo: number, hi: number, n = 4): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * The y range of a line chart over all series: finite values only (and positive ones on a log
 * scale, in decades); a linear scale includes 0; a flat or empty chart gets a range around it.
 */
export function chartRange(series: readonly { values: readonly number[] }[], log: boolean): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const v of s.values) {
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      const t = log ? Math.log10(v) : v;
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
  }
  if (!log) lo = Math.min(0, lo);
  if (!(hi > lo)) {
    hi = (Number.isFinite(hi) ? hi : 1) + (log ? 1 : 0.5);
    lo = Number.isFinite(lo) ? lo - (log ? 1 : 0) : 0;
  }
  if (log) {
    lo = Math.floor(lo);
    hi = Math.ceil(hi);
  }
  return { lo, hi };
}

/** The y ticks of a chart: decades (at most about 6) on a log scale, round numbers otherwise. */
export function chartTicks(lo: number, hi: number, log: boolean): number[] {
  if (!log) return niceTicks(lo, hi);
  const every = Math.ceil((hi - lo + 1) / 6);
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k).filter((_, k) => k % every === 0);
}

/** The indices of n points a chart `pixels` wide draws: about 2 per pixel column, the last always. */
export function sampleIndices(n: number, pixels: number): number[] {
  const stride = Math.max(1, Math.floor(n / (2 * pixels)));
  const out: number[] = [];
  for (let i = 0; i < n; i += i + stride >= n && i !== n - 1 ? n - 1 - i : stride) out.push(i);
  return out;
}

/** The largest |weight| of all layers (at least 1e-6), which the thickest link stands for. */
export function maxAbsWeight(weights: readonly { w: ArrayLike<number> }[]): number {
  let max = 1e-6;
  for (const d of weights) for (let i = 0; i < d.w.length; i++) max = Math.max(max, Math.abs(d.w[i]));
  return max;
}

/** Dash pattern of a link: negative weights dashed, positive ones solid, so the sign is not told by colour alone. */
export const linkDash = (positive: boolean): number[] => (positive ? [] : [5, 3]);

/** Which of 2 × `widths` link paths a weight goes into: positive ones first, by √(|w|/max). */
export function linkPath(w: number, max: number, widths: number): { positive: boolean; width: number; index: number } {
  const width = Math.min(widths - 1, Math.floor(Math.sqrt(Math.abs(w) / max) * widths));
  const positive = w >= 0;
  return { positive, width, index: (positive ? 0 : widths) + width };
}

/** The (x₁, x₂) of the centres of a G×G grid over [−half, half]², row 0 at the top. */
export function planeGrid(G: number, half: number): Float64Array {
  const xy = new Float64Array(2 * G * G);
  for (let r = 0; r < G; r++) {
    for (let c = 0; c < G; c++) {
      xy[2 * (r * G + c)] = -half + ((c + 0.5) * 2 * half) / G;
      xy[2 * (r * G + c) + 1] = half - ((r + 0.5) * 2 * half) / G;
    }
  }
  return xy;
}

/** The loss and gradient history the charts draw, grown by each snapshot. */
export interface History {
  epochs: number[];
  train: number[];
  test: number[];
  /** Per weight layer, its gradient norm at each epoch. */
  grads: number[][];
}

/** Adds a snapshot's rows to the history; a fresh snapshot (a new setup) starts it again. */
export function addRows(hist: History, snap: Pick<Snapshot, "fresh" | "rows" | "grads">): void {
  if (snap.fresh) hist.epochs.length = hist.train.length = hist.test.length = hist.grads.length = 0;
  for (const [i, r] of snap.rows.entries()) {
    hist.epochs.push(r[0]);
    hist.train.push(r[1]);
    hist.test.push(r[2]);
    snap.grads[i].forEach((g, l) => (hist.grads[l] ??= []).push(g));
  }
}

/** Dead units over all hidden layers, and how many units there are. */
export function deadCount(dead: readonly (readonly boolean[])[]): { dead: number; total: number } {
  return { dead: dead.reduce((a, d) => a + d.filter(Boolean).length, 0), total: dead.reduce((a, d) => a + d.length, 0) };
}

/** The status of a run as the bar shows it. */
export function runStatus(m: Pick<Snapshot, "diverged" | "playing" | "epoch">): "diverged" | "running" | "paused" | "ready" {
  return m.diverged ? "diverged" : m.playing ? "running" : m.epoch > 0 ? "paused" : "ready";
}

/** One row of the health table: a hidden layer's dead and saturated units and mean α. */
export interface HealthRow {
  layer: number;
  dead: number;
  units: number;
  saturated: number;
  /** Saturated units in percent. */
  saturatedPct: number;
  /** The mean of the layer's learnt α, or null when its activation has none. */
  alpha: number | null;
}

export function healthRows(m: Pick<Snapshot, "dead" | "saturated" | "alpha">): HealthRow[] {
  return m.dead.map((d, l) => {
    const sat = m.saturated[l].filter(Boolean).length;
    const a = m.alpha[l];
    return { layer: l + 1, dead: d.filter(Boolean).length, units: d.length, saturated: sat, saturatedPct: (100 * sat) / d.length, alpha: a ? a.reduce((x, y) => x + y, 0) / a.length : null };
  });
}

/** The indices of the rows of a data table of `n` epochs: at most about `max`, evenly spaced, the first and the last always. */
export function tableIndices(n: number, max: number): number[] {
  const stride = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  if (n > 0 && out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/** The key numbers of the loss chart: the last epoch's losses and the lowest test loss with its epoch (null before any epoch). */
export function lossKey(epochs: readonly number[], train: readonly number[], test: readonly number[]): { first: number; last: number; train: number; test: number; best: number; bestEpoch: number } | null {
  const n = epochs.length;
  if (n === 0) return null;
  let b = 0;
  for (let i = 1; i < n; i++) if (test[i] < test[b]) b = i;
  return { first: epochs[0], last: epochs[n - 1], train: train[n - 1], test: test[n - 1], best: test[b], bestEpoch: epochs[b] };
}

/** The class with the top probability in cell `r` of a map of `classes` interleaved probabilities, and that probability. */
export function topClass(probs: ArrayLike<number>, r: number, classes: number): { cls: number; p: number } {
  let cls = 0;
  for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + cls]) cls = c;
  return { cls, p: probs[r * classes + cls] };
}

/** The share of an n×n map each class wins (its top probability), per class. */
export function classShares(probs: ArrayLike<number>, n: number, classes: number): number[] {
  const won = new Array<number>(classes).fill(0);
  for (let r = 0; r < n * n; r++) won[topClass(probs, r, classes).cls]++;
  return won.map((w) => w / (n * n));
}

/**
 * The prediction map as a table a screen reader can walk: `cells` × `cells` cells of the n×n map
 * spread evenly from edge to edge, each with its (x₁, x₂) on [−extent, extent]² and the winning class and probability;
 * rows from the top of the plot (largest x₂) down.
 */
export function planeTable(probs: ArrayLike<number>, n: number, classes: number, extent: number, cells: number): { x1: number[]; rows: { x2: number; cells: { cls: number; p: number }[] }[] } {
  const m = Math.min(cells, n);
  // From the first cell to the last, evenly: the table spans the whole plot.
  const picks = m < 2 ? [Math.floor(n / 2)] : Array.from({ length: m }, (_, k) => Math.round((k * (n - 1)) / (m - 1)));
  const at = (i: number): number => -extent + ((i + 0.5) * 2 * extent) / n;
  return {
    x1: picks.map(at),
    rows: picks.map((r) => ({ x2: -at(r), cells: picks.map((c) => topClass(probs, r * n + c, classes)) })),
  };
}
