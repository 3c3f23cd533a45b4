import type { Floats } from "../activations/types.js";
import { createRng, DEFAULT_SEED } from "../train/rng.js";
import type { Layer, Param } from "./layers.js";
import { argmaxRows, mseLoss, softmaxCrossEntropy } from "./loss.js";
import { BatchBuffers, nnArenaUsed } from "./fast.js";
import { Adam, SGD, type Optimizer } from "./optim.js";

/*
 * fit / evaluate / predict of Sequential, after Keras and TF.js (model.fit(x, y, {epochs,
 * batchSize, shuffle, validationSplit/validationData, callbacks})), on actlab's flat row-major
 * batches. Differences, on purpose:
 * - there is no compile(): the loss and the optimiser are options of fit (defaults: softmax cross-
 *   entropy on integer labels, i.e. Keras's sparse_categorical_crossentropy with from_logits, and
 *   Adam at 0.001). A named optimiser ("adam", "sgd") is made afresh by each fit call; pass an
 *   Optimizer instance to carry its state across calls, as a compiled Keras model does.
 * - `validation` is either a share of the rows (Keras's validationSplit: the LAST rows, taken before
 *   shuffling) or `{ x, y }` (validationData).
 * - the history's keys are camelCase: loss, accuracy, valLoss, valAccuracy (Keras: loss, acc/accuracy,
 *   val_loss, val_accuracy); `loss` and `accuracy` are the running means over the epoch's batches,
 *   as Keras reports them; the validation numbers are measured after the epoch.
 * - `seed` fixes the shuffles (the weights are drawn when the layers are made): the same model,
 *   data and options give the same history, number for number.
 * - training stops after an epoch whose loss is not finite (Keras's TerminateOnNaN callback).
 * - `signal` aborts between batches (fit rejects with the signal's reason); fit yields to the event
 *   loop every 50 ms or so, which lets a page repaint and an abort arrive, and changes no number.
 */

/** The losses fit and evaluate know: softmax cross-entropy on integer labels (the default), or mean squared error on target rows. */
export type LossId = "softmax-cross-entropy" | "mse";

/** Rows as one flat row-major array, or as an array of rows. */
export type Rows = Floats | readonly (readonly number[])[];

/** What `fit` and `evaluate` report per epoch: loss, and accuracy for a classification loss. */
export interface EpochLogs {
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

/**
 * Options of `Sequential.fit`, named after Keras/TF.js where they mean the same thing.
 */
export interface FitOptions {
  /** Passes over the training rows (default 1, as Keras). */
  epochs?: number;
  /** Rows per update (default 32, as Keras); the last batch of an epoch may be smaller. */
  batchSize?: number;
  /** "adam" (default), "sgd", or an Optimizer made on the model's params. */
  optimizer?: "adam" | "sgd" | Optimizer;
  /** Learning rate of a named optimiser (default: Adam 0.001, SGD 0.01). */
  learningRate?: number;
  /** Default "softmax-cross-entropy" (y: one integer label per row); "mse" takes target rows. */
  loss?: LossId;
  /** A share in (0, 1) of the rows held out (the last ones, before shuffling), or validation rows `{ x, y }`. */
  validation?: number | { x: Rows; y: Rows | ArrayLike<number> };
  /** Reshuffle the training rows every epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffles (default 1). */
  seed?: number;
  /**
   * Stops between batches: an AbortSignal (typed by the part of it fit uses, so the library's types
   * need neither the DOM's nor Node's lib).
   */
  signal?: {
    /** Whether the run was asked to stop. */
    readonly aborted: boolean;
    /** Throws the signal's reason when it was aborted. */
    throwIfAborted(): void;
  };
  /** Called after each epoch (0-based, as Keras) with its logs; awaited when it returns a promise. */
  onEpochEnd?: (epoch: number, logs: EpochLogs) => void | Promise<void>;
}

/** What fit returns, shaped like a Keras/TF.js History: the epochs run and one array per quantity. */
export interface History {
  readonly epoch: number[];
  readonly history: { loss: number[]; accuracy?: number[]; valLoss?: number[]; valAccuracy?: number[] };
}

/** The parts of Sequential that fit needs (kept structural, so that this file imports no layer class). */
export interface Fittable extends Layer {
  readonly layers: readonly Layer[];
  zeroGrad(): void;
}

interface Table {
  x: Floats;
  rows: number;
  width: number;
}

function isFloats(a: unknown): a is Floats {
  return a instanceof Float32Array || a instanceof Float64Array;
}

/** The first and last widths of a model, from its first and last layers that have them (Dense). */
function widths(model: Fittable): { inputs?: number; outputs?: number } {
  const w = (l: Layer) => l as Layer & { inputs?: number; outputs?: number };
  const first = model.layers.find((l) => typeof w(l).inputs === "number");
  const last = [...model.layers].reverse().find((l) => typeof w(l).outputs === "number");
  return { inputs: first && w(first).inputs, outputs: last && w(last).outputs };
}

function float32(model: Fittable): boolean {
  return model.params.length > 0 && model.params[0].value instanceof Float32Array;
}

function table(what: string, x: Rows, width: number | undefined, f32: boolean): Table {
  if (isFloats(x)) {
    if (width === undefined) throw new RangeError(`${what}: the model has no Dense layer to tell the row width: pass x as an array of rows`);
    if (x.length % width !== 0) throw new RangeError(`${what}: x has ${x.length} values, not a whole number of rows of ${width}`);
    return { x: f32 && !(x instanceof Float32Array) ? Float32Array.from(x) : x, rows: x.length / width, width };
  }
  if (!Array.isArray(x)) throw new TypeError(`${what}: x must be a Float32Array, a Float64Array or an array of rows`);
  const rows = x as readonly (readonly number[])[];
  const w = rows.length ? rows[0].length : (width ?? 0);
  if (width !== undefined && w !== width) throw new RangeError(`${what}: rows of ${w} values, but the model takes ${width}`);
  const out = f32 ? new Float32Array(rows.length * w) : new Float64Array(rows.length * w);
  rows.forEach((r, i) => {
    if (r.length !== w) throw new RangeError(`${what}: row ${i} has ${r.length} values, expected ${w}`);
    out.set(r, i * w);
  });
  return { x: out, rows: rows.length, width: w };
}

/** Targets: one integer label per row (cross-entropy) or rows of `outputs` values (mse). */
function targets(what: string, loss: LossId, y: Rows | ArrayLike<number>, rows: number, outputs: number | undefined): { labels?: Int32Array; t?: Float64Array; width: number } {
  if (loss === "softmax-cross-entropy") {
    if (Array.isArray(y) && Array.isArray(y[0])) throw new TypeError(`${what}: y must be one integer label per row for softmax-cross-entropy (one-hot rows are not taken; use loss "mse" for target rows)`);
    const labels = Int32Array.from(y as ArrayLike<number>);
    if (labels.length !== rows) throw new RangeError(`${what}: ${labels.length} labels for ${rows} rows of x`);
    const classes = outputs ?? 0;
    for (let i = 0; i < labels.length; i++) {
      const c = (y as ArrayLike<number>)[i];
      if (!Number.isInteger(c) || c < 0 || c >= classes) throw new RangeError(`${what}: label ${String(c)} of row ${i} is not a class of the model's ${classes} outputs`);
    }
    return { labels, width: classes };
  }
  const tb = table(what, y as Rows, isFloats(y) ? (y.length / Math.max(1, rows)) : undefined, false);
  if (tb.rows !== rows) throw new RangeError(`${what}: ${tb.rows} target rows for ${rows} rows of x`);
  if (outputs !== undefined && tb.width !== outputs) throw new RangeError(`${what}: target rows of ${tb.width} values, but the model gives ${outputs}`);
  return { t: Float64Array.from(tb.x), width: tb.width };
}

function checkInt(what: string, name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${what}: invalid ${name}: ${String(v)} (must be an integer ≥ ${min})`);
}

const now = () => globalThis.performance?.now() ?? Date.now();
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** Per model, fit's float32 batch of rows: one block reused by every fit call. */
const batchRows = new WeakMap<object, BatchBuffers>();

/**
 * fit's batch of n values. A float32 model gets it in the wasm arena of its first parameters, so
 * that a first Dense layer multiplies the gathered rows where they lie instead of copying them
 * into its memory first (one copy of every batch less per step); the numbers are the same.
 */
function batchBuffer(model: Fittable, f32: boolean, n: number): Floats {
  const near = model.params[0]?.value;
  if (f32 && near instanceof Float32Array && nnArenaUsed(near) !== undefined) {
    let b = batchRows.get(model);
    if (!b) batchRows.set(model, (b = new BatchBuffers()));
    return b.get(n, near);
  }
  return f32 ? new Float32Array(n) : new Float64Array(n);
}

/** Copies rows `order[from…from+m)` of a table (and their targets) into batch buffers. */
function gather(src: Table, order: Uint32Array, from: number, m: number, xb: Floats, tg: { labels?: Int32Array; t?: Float64Array; width: number }, yb: Int32Array, tb: Float64Array): void {
  const w = src.width;
  for (let k = 0; k < m; k++) {
    const i = order[from + k];
    xb.set(src.x.subarray(i * w, (i + 1) * w), k * w);
    if (tg.labels) yb[k] = tg.labels[i];
    else tb.set((tg.t as Float64Array).subarray(i * tg.width, (i + 1) * tg.width), k * tg.width);
  }
}

function lossOf(loss: LossId, out: Floats, yb: Int32Array, tb: Float64Array, m: number, width: number) {
  return loss === "softmax-cross-entropy" ? softmaxCrossEntropy(out, yb.subarray(0, m), width) : mseLoss(out, tb.subarray(0, m * width));
}

function correct(out: Floats, yb: Int32Array, m: number, classes: number): number {
  const p = argmaxRows(out, classes);
  let c = 0;
  for (let k = 0; k < m; k++) if (p[k] === yb[k]) c++;
  return c;
}

/** Loss (and accuracy) over a table in batches, without training. */
function measure(model: Fittable, src: Table, tg: ReturnType<typeof targets>, loss: LossId, batchSize: number): EpochLogs {
  const order = Uint32Array.from({ length: src.rows }, (_, i) => i);
  const xb = src.x instanceof Float32Array ? new Float32Array(batchSize * src.width) : new Float64Array(batchSize * src.width);
  const yb = new Int32Array(batchSize);
  const tb = new Float64Array(tg.labels ? 0 : batchSize * tg.width);
  let sum = 0;
  let hits = 0;
  for (let at = 0; at < src.rows; at += batchSize) {
    const m = Math.min(batchSize, src.rows - at);
    gather(src, order, at, m, xb, tg, yb, tb);
    const out = model.forward(m === batchSize ? xb : xb.subarray(0, m * src.width));
    // mseLoss averages over every value: weigh each batch by its number of values, as the rows do for cross-entropy.
    sum += lossOf(loss, out, yb, tb, m, tg.width).loss * m;
    if (tg.labels) hits += correct(out, yb, m, tg.width);
  }
  const n = Math.max(1, src.rows);
  return tg.labels ? { loss: sum / n, accuracy: hits / n } : { loss: sum / n };
}

/**
 * Trains `model` on rows x with targets y (see `FitOptions`), returning the history.
 *
 * @example
 * // XOR with 8 hidden units
 * const rng = createRng(1);
 * const model = new Sequential([new Dense(2, 8, { rng }), new Activation("tanh"), new Dense(8, 2, { rng })]);
 * const h = await fitModel(model, [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 200, batchSize: 4, learningRate: 0.05 });
 * h.history.accuracy?.at(-1);   // 1
 */
export async function fitModel(model: Fittable, x: Rows, y: Rows | ArrayLike<number>, opts: FitOptions = {}): Promise<History> {
  const what = "fit";
  const { epochs = 1, batchSize = 32, loss = "softmax-cross-entropy", shuffle = true, seed = DEFAULT_SEED, signal } = opts;
  checkInt(what, "epochs", epochs, 1);
  checkInt(what, "batchSize", batchSize, 1);
  if (loss !== "softmax-cross-entropy" && loss !== "mse") throw new RangeError(`${what}: unknown loss: ${String(loss)} (use softmax-cross-entropy or mse)`);
  const f32 = float32(model);
  const { inputs, outputs } = widths(model);
  let train = table(what, x, inputs, f32);
  let tg = targets(what, loss, y, train.rows, outputs);
  let val: { src: Table; tg: ReturnType<typeof targets> } | undefined;
  const v = opts.validation;
  if (typeof v === "number") {
    if (!(v > 0 && v < 1)) throw new RangeError(`${what}: invalid validation share: ${v} (must be between 0 and 1, or give { x, y })`);
    const nv = Math.floor(train.rows * v);
    const nt = train.rows - nv;
    if (nv < 1 || nt < 1) throw new RangeError(`${what}: validation share ${v} of ${train.rows} rows leaves ${nv} validation and ${nt} training rows (need ≥ 1 of each)`);
    const w = train.width;
    const split = (t: ReturnType<typeof targets>, from: number, to: number) =>
      t.labels ? { labels: t.labels.slice(from, to), width: t.width } : { t: (t.t as Float64Array).slice(from * t.width, to * t.width), width: t.width };
    val = { src: { x: train.x.slice(nt * w), rows: nv, width: w }, tg: split(tg, nt, train.rows) };
    tg = split(tg, 0, nt);
    train = { x: train.x.subarray(0, nt * w), rows: nt, width: w };
  } else if (v !== undefined) {
    const src = table(`${what} (validation)`, v.x, train.width, f32);
    val = { src, tg: targets(`${what} (validation)`, loss, v.y, src.rows, tg.width) };
  }
  let opt: Optimizer;
  if (opts.optimizer === undefined || opts.optimizer === "adam") opt = new Adam(model.params as Param[], opts.learningRate === undefined ? {} : { lr: opts.learningRate });
  else if (opts.optimizer === "sgd") opt = new SGD(model.params as Param[], opts.learningRate === undefined ? {} : { lr: opts.learningRate });
  else if (typeof (opts.optimizer as Optimizer).step === "function") opt = opts.optimizer as Optimizer;
  else throw new RangeError(`${what}: unknown optimizer: ${String(opts.optimizer)} (use "adam", "sgd" or an Optimizer)`);

  const rng = createRng(seed);
  const n = train.rows;
  const bs = Math.min(batchSize, n);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const xb = batchBuffer(model, f32, bs * train.width);
  const yb = new Int32Array(bs);
  const tb = new Float64Array(tg.labels ? 0 : bs * tg.width);
  const history: History = { epoch: [], history: { loss: [], ...(tg.labels ? { accuracy: [] } : {}), ...(val ? { valLoss: [], ...(tg.labels ? { valAccuracy: [] } : {}) } : {}) } };
  let last = now();
  signal?.throwIfAborted();
  for (let e = 0; e < epochs; e++) {
    if (shuffle) rng.shuffle(order);
    let sum = 0;
    let hits = 0;
    for (let at = 0; at < n; at += bs) {
      const m = Math.min(bs, n - at);
      gather(train, order, at, m, xb, tg, yb, tb);
      const out = model.forward(m === bs ? xb : xb.subarray(0, m * train.width));
      const r = lossOf(loss, out, yb, tb, m, tg.width);
      sum += r.loss * m;
      if (tg.labels) hits += correct(out, yb, m, tg.width);
      model.zeroGrad();
      model.backward(r.grad, false);
      opt.step();
      if (now() - last > 50) {
        await tick();
        last = now();
      }
      signal?.throwIfAborted();
    }
    const logs: EpochLogs = { loss: sum / n };
    if (tg.labels) logs.accuracy = hits / n;
    if (val) {
      const m = measure(model, val.src, val.tg, loss, Math.max(bs, 256));
      logs.valLoss = m.loss;
      if (m.accuracy !== undefined) logs.valAccuracy = m.accuracy;
    }
    history.epoch.push(e);
    history.history.loss.push(logs.loss);
    if (logs.accuracy !== undefined) history.history.accuracy?.push(logs.accuracy);
    if (logs.valLoss !== undefined) history.history.valLoss?.push(logs.valLoss);
    if (logs.valAccuracy !== undefined) history.history.valAccuracy?.push(logs.valAccuracy);
    await opts.onEpochEnd?.(e, logs);
    signal?.throwIfAborted();
    if (!Number.isFinite(logs.loss)) break;
  }
  return history;
}

/**
 * Loss (and accuracy, for softmax-cross-entropy) of `model` on rows x with targets y, in batches.
 *
 * @example
 * evaluateModel(model, [[0, 0], [1, 1]], [0, 0]);   // { loss: 0.01…, accuracy: 1 }
 */
export function evaluateModel(model: Fittable, x: Rows, y: Rows | ArrayLike<number>, opts: { batchSize?: number; loss?: LossId } = {}): EpochLogs {
  const { batchSize = 256, loss = "softmax-cross-entropy" } = opts;
  checkInt("evaluate", "batchSize", batchSize, 1);
  if (loss !== "softmax-cross-entropy" && loss !== "mse") throw new RangeError(`evaluate: unknown loss: ${String(loss)} (use softmax-cross-entropy or mse)`);
  const { inputs, outputs } = widths(model);
  const src = table("evaluate", x, inputs, float32(model));
  return measure(model, src, targets("evaluate", loss, y, src.rows, outputs), loss, Math.min(batchSize, Math.max(1, src.rows)));
}

/**
 * The model's outputs for rows x (logits for a classifier: `argmaxRows` gives the classes), computed
 * in batches into one new array (float32 for a float32 model).
 *
 * @example
 * argmaxRows(predictModel(model, [[0, 1], [1, 1]]), 2);   // Int32Array [1, 0]
 */
export function predictModel(model: Fittable, x: Rows, opts: { batchSize?: number } = {}): Floats {
  const { batchSize = 256 } = opts;
  checkInt("predict", "batchSize", batchSize, 1);
  const f32 = float32(model);
  const src = table("predict", x, widths(model).inputs, f32);
  let out: Floats | undefined;
  let width = 0;
  for (let at = 0; at < src.rows; at += batchSize) {
    const m = Math.min(batchSize, src.rows - at);
    const y = model.forward(src.x.subarray(at * src.width, (at + m) * src.width));
    if (!out) {
      width = y.length / m;
      out = f32 ? new Float32Array(src.rows * width) : new Float64Array(src.rows * width);
    }
    out.set(y, at * width);
  }
  return out ?? (f32 ? new Float32Array(0) : new Float64Array(0));
}
