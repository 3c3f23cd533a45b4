import type { LinearData } from "./csv.js";
import { checkCount, STREAM } from "./data.js";
import { ThinnedHistory } from "./history.js";
import { createRng, DEFAULT_SEED } from "./rng.js";

export type { LinearData } from "./csv.js";
export { parseCsv, CsvError } from "./csv.js";
export { articleData } from "./data.js";
export type { ArticleDataOptions } from "./data.js";
export { ARTICLE } from "./data.js";

/**
 * `sgd`: one update per point, in order (the article's loop); `minibatch`: one update per
 * batch of `batch` points, reshuffled every epoch; `batch`: one update per epoch from the
 * gradient over all points.
 */
export type Mode = "sgd" | "minibatch" | "batch";
/**
 * Every `Mode`, for menus and validation.
 *
 * @example
 * modes;   // ["sgd", "minibatch", "batch"]
 */
export const modes: readonly Mode[] = ["sgd", "minibatch", "batch"];

/**
 * What an omitted option means (lr 0.01 is the article's).
 *
 * @example
 * LINEAR_DEFAULTS.lr;   // 0.01
 */
export const LINEAR_DEFAULTS = { lr: 0.01, mode: "sgd", batch: 10, epochs: 10_000, tol: 1e-9, patience: 5 } as const;

/**
 * Options of a linear-regression run (`createLinearRun`, `trainLinear`); all optional.
 */
export interface LinearOptions {
  /** Learning rate (default 0.01, the article's). */
  lr?: number;
  mode?: Mode;
  /** Points per update in `minibatch` mode (default 10). */
  batch?: number;
  /** Seeds the random start and the minibatch shuffles. */
  seed?: number;
  /** Start here instead of at random in [0, 1) (the article's start). */
  initW?: number;
  initB?: number;
  /** Upper limit on the epochs (default 10000; Infinity runs until converged or diverged). */
  epochs?: number;
  /** Converged when the loss changes by less than this fraction … (default 1e-9) */
  tol?: number;
  /** … for this many epochs in a row (default 5). */
  patience?: number;
}

/** The state after an epoch; epoch 0 is the start. */
export interface EpochRecord {
  epoch: number;
  w: number;
  b: number;
  /** Mean squared error over all points. */
  loss: number;
}

/**
 * Why a linear run stopped: the loss stopped changing near the least-squares loss (`converged`),
 * it stopped changing far above it because the steps are too small to get there (`stalled`),
 * the epoch limit, or the loss blew up.
 */
export type StopReason = "converged" | "stalled" | "epochs" | "diverged";

/**
 * The least-squares line y = w·x + b and its mean squared error.
 */
export interface ClosedForm {
  w: number;
  b: number;
  loss: number;
}

/**
 * A linear-regression run in progress, one epoch per `step()`, with its state and history.
 */
export interface LinearRun {
  readonly w: number;
  readonly b: number;
  /** Epochs completed. */
  readonly epoch: number;
  /**
   * The epochs so far, starting with epoch 0 (the start) and ending with the latest; never holds
   * a non-finite value. Bounded: past 4,096 records it is thinned to evenly spaced epochs.
   */
  readonly history: EpochRecord[];
  /** The exact least-squares answer for the same data. */
  readonly closed: ClosedForm;
  readonly options: Readonly<Required<Omit<LinearOptions, "initW" | "initB">>>;
  /** Runs one epoch and returns its record; once done, returns the last record unchanged. */
  step(): EpochRecord;
  readonly done: boolean;
  readonly stopReason: null | StopReason;
  /** Why the run stopped, in a sentence (null while running). */
  readonly message: string | null;
}

/**
 * The outcome of `trainLinear`: the last epoch, why it stopped (also as a sentence), the
 * least-squares answer for comparison, and the (thinned) history.
 */
export interface LinearResult {
  final: EpochRecord;
  stopReason: StopReason;
  message: string;
  closed: ClosedForm;
  history: EpochRecord[];
}

/** Loss growing this many epochs in a row (and well above its best) counts as divergence. */
const GROWTH_EPOCHS = 5;
const GROWTH_FACTOR = 2;

function checkData(d: LinearData): void {
  if (!d || !(d.x instanceof Float64Array) || !(d.y instanceof Float64Array)) {
    throw new TypeError("linear data: expected { x: Float64Array, y: Float64Array }");
  }
  if (d.x.length !== d.y.length) throw new RangeError(`linear data: x has ${d.x.length} points but y has ${d.y.length}`);
  if (d.x.length < 2) throw new RangeError(`linear data: need at least 2 points, got ${d.x.length}`);
  for (let i = 0; i < d.x.length; i++) {
    if (!Number.isFinite(d.x[i]) || !Number.isFinite(d.y[i])) {
      throw new RangeError(`linear data: point ${i} is not finite (x = ${d.x[i]}, y = ${d.y[i]})`);
    }
  }
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

/**
 * Mean squared error of the line y = w·x + b over the data.
 *
 * @example
 * mse({ x: new Float64Array([0, 1]), y: new Float64Array([1, 3]) }, 2, 1);   // 0: the line passes through both points
 * mse({ x: new Float64Array([0, 1]), y: new Float64Array([1, 3]) }, 0, 0);   // 5
 */
export function mse(d: LinearData, w: number, b: number): number {
  let s = 0;
  for (let i = 0; i < d.x.length; i++) {
    const r = w * d.x[i] + b - d.y[i];
    s += r * r;
  }
  return s / d.x.length;
}

/**
 * The least-squares line, from centred sums (no cancellation when x or y sit far from 0):
 * w = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², b = ȳ − w·x̄.
 *
 * @example
 * closedForm({ x: new Float64Array([0, 1, 2]), y: new Float64Array([1, 3, 5]) });   // { w: 2, b: 1, loss: 0 }
 */
export function closedForm(d: LinearData): ClosedForm {
  checkData(d);
  const mx = mean(d.x);
  const my = mean(d.y);
  // Deviations divided by the largest one: x of 1e-300 and 2e-300 differ, though their squared
  // deviations (1e-601) underflow to 0. Only deviations that are all exactly 0 mean equal x.
  let scale = 0;
  for (let i = 0; i < d.x.length; i++) scale = Math.max(scale, Math.abs(d.x[i] - mx));
  if (scale === 0) throw new RangeError(`linear data: all x are equal (${mx}), so the slope is not determined`);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < d.x.length; i++) {
    const dx = (d.x[i] - mx) / scale;
    sxx += dx * dx;
    sxy += dx * (d.y[i] - my);
  }
  const w = sxy / sxx / scale;
  const b = my - w * mx;
  return { w, b, loss: mse(d, w, b) };
}

/**
 * Options of `lossSurface`: the (w, b) rectangle and the grid size.
 */
export interface SurfaceOptions {
  /** Ranges of w and b to cover. */
  w: readonly [number, number];
  b: readonly [number, number];
  /** Grid points along w and along b (default 60 each). */
  nw?: number;
  nb?: number;
}

/**
 * Mean squared error sampled on a grid of (w, b); `ws` and `bs` are the grid's coordinates.
 */
export interface Surface {
  nw: number;
  nb: number;
  ws: Float64Array;
  bs: Float64Array;
  /** MSE at (ws[i], bs[j]) stored at values[j·nw + i] (rows of constant b). */
  values: Float64Array;
}

/**
 * The loss over a grid of (w, b), for contour plots. MSE is a quadratic in (w, b), so after
 * one pass over the data each grid point costs O(1): with r = y − w·x − b,
 * MSE = Var(r) + mean(r)², Var(r) = Var(y) − 2w·Cov(x, y) + w²·Var(x).
 *
 * @example
 * const s = lossSurface(articleData(), { w: [0, 6], b: [8, 12], nw: 31, nb: 21 });
 * s.values.length;   // 651 = 31 × 21
 * s.ws[15];          // 3
 */
export function lossSurface(d: LinearData, opts: SurfaceOptions): Surface {
  checkData(d);
  const { nw = 60, nb = 60 } = opts;
  checkCount("nw", nw, 2, 4096);
  checkCount("nb", nb, 2, 4096);
  const n = d.x.length;
  const mx = mean(d.x);
  const my = mean(d.y);
  let vxx = 0;
  let vxy = 0;
  let vyy = 0;
  for (let i = 0; i < n; i++) {
    const dx = d.x[i] - mx;
    const dy = d.y[i] - my;
    vxx += dx * dx;
    vxy += dx * dy;
    vyy += dy * dy;
  }
  vxx /= n;
  vxy /= n;
  vyy /= n;
  const ws = new Float64Array(nw);
  const bs = new Float64Array(nb);
  for (let i = 0; i < nw; i++) ws[i] = opts.w[0] + ((opts.w[1] - opts.w[0]) * i) / (nw - 1);
  for (let j = 0; j < nb; j++) bs[j] = opts.b[0] + ((opts.b[1] - opts.b[0]) * j) / (nb - 1);
  const values = new Float64Array(nw * nb);
  for (let j = 0; j < nb; j++) {
    for (let i = 0; i < nw; i++) {
      const w = ws[i];
      const m = my - w * mx - bs[j];
      values[j * nw + i] = Math.max(0, vyy - 2 * w * vxy + w * w * vxx) + m * m;
    }
  }
  return { nw, nb, ws, bs, values };
}

/**
 * The largest learning rate at which gradient descent on this data cannot diverge: 2 over the
 * largest curvature (Hessian eigenvalue) of the loss being stepped on. `batch` steps on the mean
 * squared error, whose Hessian is (2/n)·[[Σx², Σx], [Σx, n]]. `sgd` steps on one point's (h − y)²
 * at a time, Hessian 2·[[x², x], [x, 1]] with eigenvalue 2(1 + x²); a minibatch's Hessian is the
 * mean of its points', so the same per-point bound 1/(1 + max x²) keeps every batch stable.
 */
export function stableLearningRate(d: LinearData, mode: Mode): number {
  checkData(d);
  if (mode === "batch") {
    const n = d.x.length;
    let sxx = 0;
    let sx = 0;
    for (let i = 0; i < n; i++) {
      sxx += d.x[i] * d.x[i];
      sx += d.x[i];
    }
    // The larger eigenvalue of [[a, c], [c, e]] = (2/n)·[[Σx², Σx], [Σx, n]].
    const a = (2 * sxx) / n;
    const c = (2 * sx) / n;
    const e = 2;
    const top = (a + e) / 2 + Math.hypot((a - e) / 2, c);
    return 2 / top;
  }
  let m = 0;
  for (let i = 0; i < d.x.length; i++) m = Math.max(m, d.x[i] * d.x[i]);
  return 1 / (1 + m);
}

/** A rate safely below the limit: half of it, rounded down to one significant digit. */
function suggestRate(limit: number): number {
  const half = limit / 2;
  const p = 10 ** Math.floor(Math.log10(half));
  return Math.floor(half / p) * p;
}

function checkNumber(name: string, v: number, ok: (v: number) => boolean, allowed: string): void {
  // Every ok() below refuses NaN and anything that is not a number.
  if (!ok(v)) throw new RangeError(`invalid ${name}: ${String(v)} (${allowed})`);
}

function resolveOptions(n: number, o: LinearOptions): Required<Omit<LinearOptions, "initW" | "initB">> {
  const r = { ...LINEAR_DEFAULTS, mode: LINEAR_DEFAULTS.mode as Mode, seed: DEFAULT_SEED, ...stripUndefined(o) };
  delete (r as LinearOptions).initW;
  delete (r as LinearOptions).initB;
  checkNumber("learning rate", r.lr, (v) => v > 0 && Number.isFinite(v), "must be a finite number > 0");
  if (!modes.includes(r.mode)) throw new RangeError(`invalid mode: ${String(r.mode)} (use ${modes.join(", ")})`);
  if (r.mode === "minibatch") checkCount("batch size", r.batch, 1, n);
  checkNumber("epochs", r.epochs, (v) => v === Infinity || (Number.isInteger(v) && v >= 1), "must be an integer ≥ 1, or Infinity");
  checkNumber("tolerance", r.tol, (v) => v >= 0 && Number.isFinite(v), "must be a finite number ≥ 0");
  checkCount("patience", r.patience, 1);
  if (!Number.isSafeInteger(r.seed)) throw new RangeError(`invalid seed: ${String(r.seed)} (must be an integer)`);
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A linear-regression run that advances one epoch per `step()`, for live views. The random
 * start draws w then b uniformly from [0, 1), as the article does.
 *
 * @example
 * const run = createLinearRun(articleData(), { mode: "batch", lr: 0.5 });
 * while (!run.done) run.step();
 * run.stopReason;          // "converged"
 * [run.w, run.closed.w];   // close to each other, both ≈ 3
 */
export function createLinearRun(data: LinearData, opts: LinearOptions = {}): LinearRun {
  checkData(data);
  const closed = closedForm(data);
  const my = mean(data.y);
  let vy = 0;
  for (let i = 0; i < data.y.length; i++) vy += (data.y[i] - my) ** 2;
  /** How much lower the least-squares line's loss is than that of the constant mean(y). */
  const explained = vy / data.y.length - closed.loss;
  const n = data.x.length;
  const o = resolveOptions(n, opts);
  const rng = createRng(o.seed, STREAM.init);
  let w = rng.random();
  let b = rng.random();
  if (opts.initW !== undefined) {
    checkNumber("initial w", opts.initW, Number.isFinite, "must be a finite number");
    w = opts.initW;
  }
  if (opts.initB !== undefined) {
    checkNumber("initial b", opts.initB, Number.isFinite, "must be a finite number");
    b = opts.initB;
  }
  const xs = data.x;
  const ys = data.y;
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const kept = new ThinnedHistory<EpochRecord>();
  const history = kept.list;
  let stopReason: StopReason | null = null;
  let message: string | null = null;
  let calm = 0;
  let same = 0;
  let growing = 0;
  let best = Infinity;

  const first = { epoch: 0, w, b, loss: mse(data, w, b) };
  if (!Number.isFinite(first.loss)) {
    throw new RangeError(`invalid start: w = ${w}, b = ${b} give a loss that overflows (start nearer the data)`);
  }
  kept.push(first);
  best = first.loss;

  function sgdEpoch(): void {
    // The article's arithmetic, operation for operation, so results match its loop bit for bit.
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const y = ys[i];
      const h = w * x + b;
      const dw = -2 * (h - y) * x;
      const db = -2 * (h - y) * 1;
      w += dw * o.lr;
      b += db * o.lr;
    }
  }

  function gradientStep(idx: ArrayLike<number>, start: number, end: number): void {
    let gw = 0;
    let gb = 0;
    for (let k = start; k < end; k++) {
      const i = idx[k];
      const r = w * xs[i] + b - ys[i];
      gw += r * xs[i];
      gb += r;
    }
    const m = end - start;
    w -= (o.lr * 2 * gw) / m;
    b -= (o.lr * 2 * gb) / m;
  }

  function divergenceHint(): string {
    const limit = stableLearningRate(data, o.mode);
    const safe = Number(suggestRate(limit).toPrecision(1));
    if (o.lr > limit) {
      return `learning rate ${o.lr} is above the largest stable rate for this data in ${o.mode} mode, ${limit.toPrecision(3)} (2 over the largest curvature of the loss); try ${safe}`;
    }
    return `try a smaller learning rate than ${o.lr}, e.g. ${Number(Math.min(o.lr / 2, safe).toPrecision(2))}`;
  }

  function stop(reason: StopReason, text: string): void {
    stopReason = reason;
    message = text;
  }

  const run: LinearRun = {
    get w() {
      return w;
    },
    get b() {
      return b;
    },
    get epoch() {
      return history[history.length - 1].epoch;
    },
    history,
    closed,
    options: o,
    get done() {
      return stopReason !== null;
    },
    get stopReason() {
      return stopReason;
    },
    get message() {
      return message;
    },
    step() {
      const last = history[history.length - 1];
      if (stopReason !== null) return last;
      if (o.mode === "sgd") sgdEpoch();
      else if (o.mode === "batch") gradientStep(order, 0, n);
      else {
        rng.shuffle(order);
        for (let s = 0; s < n; s += o.batch) gradientStep(order, s, Math.min(n, s + o.batch));
      }
      const loss = mse(data, w, b);
      const epoch = last.epoch + 1;
      const smaller = divergenceHint();
      if (!Number.isFinite(loss) || !Number.isFinite(w) || !Number.isFinite(b)) {
        // Keep the last finite state so that nothing downstream ever sees NaN.
        w = last.w;
        b = last.b;
        stop("diverged", `diverged at epoch ${epoch}: the loss overflowed (last finite loss ${last.loss.toPrecision(4)} at epoch ${last.epoch}); ${smaller}`);
        return last;
      }
      const rec = { epoch, w, b, loss };
      kept.push(rec);
      growing = loss > last.loss ? growing + 1 : 0;
      const bestBefore = best;
      best = Math.min(best, loss);
      if (growing >= GROWTH_EPOCHS && loss > GROWTH_FACTOR * best) {
        stop("diverged", `diverged at epoch ${epoch}: the loss grew for ${growing} epochs in a row, to ${loss.toPrecision(4)} (best ${best.toPrecision(4)}); ${smaller}`);
        return rec;
      }
      // |change|, not improvement: per-sample SGD passes the least loss on its way to its limit
      // cycle and then climbs back a little, and that climb is still movement, not convergence.
      const rel = last.loss > 0 ? (last.loss - loss) / last.loss : 0;
      // Shuffled minibatches never settle (the loss jitters at a fixed lr), so there the test
      // is early stopping: no new best loss, by more than tol, for `patience` epochs.
      const noisy = o.mode === "minibatch";
      const newBest = loss < bestBefore * (1 - o.tol);
      calm = (noisy ? !newBest : Math.abs(rel) < o.tol) ? calm + 1 : 0;
      // w, b and the loss bit for bit as an epoch ago: the run no longer moves at all (with
      // --tol 0 the test above never fires, and such a run would go on for ever).
      same = w === last.w && b === last.b && loss === last.loss ? same + 1 : 0;
      if (loss === 0 || calm >= o.patience || same >= o.patience) {
        const what =
          calm >= o.patience || loss === 0
            ? noisy
              ? `the loss has not improved on its best by more than ${o.tol} (relative) for ${Math.min(calm, o.patience)} epoch(s) in a row`
              : `the loss changed by less than ${o.tol} (relative) for ${Math.min(calm, o.patience)} epoch(s) in a row`
            : `w, b and the loss have not changed, bit for bit, for ${o.patience} epochs in a row`;
        // Far above the least-squares loss (by more than half of what the line explains beyond
        // the mean of y, and more than 1 % of it): the parameters stopped moving because the
        // steps are too small, not because they got there. SGD's limit cycle stays within 1 %.
        if (loss - closed.loss > Math.max(explained / 2, 0.01 * closed.loss)) {
          const safe = Number(suggestRate(stableLearningRate(data, o.mode)).toPrecision(1));
          const hint = safe > o.lr ? `try a larger learning rate, e.g. ${safe}` : "try a larger learning rate";
          stop(
            "stalled",
            `stalled at epoch ${epoch}: ${what}, but the loss ${loss.toPrecision(4)} is still far above the least-squares loss ${closed.loss.toPrecision(4)}: ` +
              `the steps at learning rate ${o.lr} are too small to get there; ${hint}`,
          );
        } else stop("converged", `converged at epoch ${epoch}: ${what}`);
      } else if (epoch >= o.epochs) {
        stop("epochs", `stopped at the epoch limit (${o.epochs}) before converging; the loss last changed by ${rel.toPrecision(3)} (relative)`);
      }
      return rec;
    },
  };
  return run;
}

/**
 * Runs to the end; `onEpoch` sees every epoch after the start, as it happens.
 *
 * @example
 * const r = trainLinear(articleData(), { epochs: 200 });   // the article's loop: lr 0.01, one update per point
 * r.stopReason;    // "converged": the loss changed by < 1e-9 (relative) for 5 epochs
 * r.final.w;       // 2.93…, near the least-squares r.closed.w = 2.96… (SGD's steps keep it from settling exactly)
 */
export function trainLinear(data: LinearData, opts: LinearOptions = {}, onEpoch?: (r: EpochRecord) => void): LinearResult {
  const run = createLinearRun(data, opts);
  while (!run.done) {
    const before = run.epoch;
    const rec = run.step();
    if (onEpoch && run.epoch > before) onEpoch(rec);
  }
  return {
    final: run.history[run.history.length - 1],
    stopReason: run.stopReason as StopReason,
    message: run.message as string,
    closed: run.closed,
    history: run.history,
  };
}
