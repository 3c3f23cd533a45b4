// The trainer behind the lab's Network view: a classifier on points of the plane with any
// registry activation per hidden layer, softmax cross-entropy, SGD / momentum / Adam, L1 or L2,
// on the float32 path of actlab/nn. Besides the losses it measures what Playground cannot show:
// each layer's gradient norm, dead units and the share of saturated units.
import { activations, getActivation } from "../activations/registry.js";
import type { Floats } from "../activations/types.js";
import { Activation, Dense, inits, PReLU, Sequential, type Init, type Layer } from "../nn/layers.js";
import { argmaxRows, mseLoss, softmaxCrossEntropy } from "../nn/loss.js";
import { Adam, SGD, type Optimizer } from "../nn/optim.js";
import { checkCount } from "./data.js";
import { initFor } from "./mlp.js";
import { featureIds, featurize, PLANE_STREAM, planeDatasets, regressionDatasets, type FeatureId, type PlaneDataset, type PlaneSplit, type RegressionDataset } from "./plane-data.js";
import { createRng, type Rng } from "./rng.js";

/**
 * Optimisers of the Network view: plain SGD, SGD with heavy-ball momentum 0.9, and Adam.
 *
 * @example
 * optimizers;   // ["sgd", "momentum", "adam"]
 */
export const optimizers = ["sgd", "momentum", "adam"] as const;
/** One of {@link optimizers}. */
export type OptimizerId = (typeof optimizers)[number];
/**
 * Weight penalties of the Network view: none, L1 (rate·sign(w) added to the gradient, a weight
 * that crosses zero stops there) and L2 (rate·w added to the gradient). Biases are not penalised.
 *
 * @example
 * regularizers;   // ["none", "l1", "l2"]
 */
export const regularizers = ["none", "l1", "l2"] as const;
/** One of {@link regularizers}. */
export type Regularizer = (typeof regularizers)[number];
/** "auto" picks per layer the initialiser recommended for its activation (`initFor`). */
export type InitChoice = "auto" | Init;
/**
 * The weight initialisers a network may use: "auto" and every initialiser of actlab/nn.
 *
 * @example
 * initChoices;   // ["auto", "xavier", "he", "lecun"]
 */
export const initChoices: readonly InitChoice[] = ["auto", ...inits];

/** Everything that defines a Network-view run; `checkNetworkConfig` gives the valid ranges. */
export interface NetworkConfig {
  /** Input features computed from each point (at least one). */
  features: FeatureId[];
  /** Units of each hidden layer (0–6 layers). */
  layers: number[];
  /** Registry id of each hidden layer's activation (same length as `layers`). */
  activations: string[];
  /** Initialiser of the hidden layers' weights; the output layer always uses Xavier. */
  init: InitChoice;
  /** Optimiser of every weight and bias. */
  optimizer: OptimizerId;
  /** Learning rate, in [1e-6, 10]. */
  lr: number;
  /** Points per minibatch, 1–500 (capped at the number of training points). */
  batch: number;
  /** Weight penalty of the dense layers' weights. */
  reg: Regularizer;
  /** Its rate, in [0, 10]. */
  regRate: number;
  /** Seed of the initial weights and of the batch order (an integer). */
  seed: number;
}

/**
 * Bounds of a network configuration: at most 6 hidden layers of at most 8 units, batches of at
 * most 500 points, learning rate and regularisation rate ranges [min, max].
 *
 * @example
 * NETWORK_LIMITS.units;   // 8
 * NETWORK_LIMITS.lr;      // [1e-6, 10]
 */
export const NETWORK_LIMITS = { layers: 6, units: 8, batch: 500, lr: [1e-6, 10], regRate: [0, 10] } as const;
/** Heavy-ball momentum of the "momentum" optimiser. */
export const MOMENTUM = 0.9;

/**
 * Checks a configuration and throws a RangeError saying in one line what is out of range.
 *
 * @example
 * const config: NetworkConfig = { features: ["x1sq", "x2sq"], layers: [4], activations: ["tanh"], init: "auto",
 *   optimizer: "adam", lr: 0.03, batch: 10, reg: "none", regRate: 0, seed: 1 };
 * checkNetworkConfig(config);   // passes
 * checkNetworkConfig({ ...config, layers: [4, 2] });   // throws RangeError "1 activations for 2 hidden layers"
 */
export function checkNetworkConfig(c: NetworkConfig): void {
  if (c.features.length === 0) throw new RangeError("no input features: pick at least one");
  for (const f of c.features) if (!featureIds.includes(f)) throw new RangeError(`unknown feature: ${String(f)} (use ${featureIds.join(", ")})`);
  if (c.layers.length > NETWORK_LIMITS.layers) throw new RangeError(`too many hidden layers: ${c.layers.length} (at most ${NETWORK_LIMITS.layers})`);
  for (const u of c.layers) checkCount("units in a layer", u, 1, NETWORK_LIMITS.units);
  if (c.activations.length !== c.layers.length) throw new RangeError(`${c.activations.length} activations for ${c.layers.length} hidden layers`);
  for (const a of c.activations) getActivation(a);
  if (!initChoices.includes(c.init)) throw new RangeError(`unknown init: ${String(c.init)} (use ${initChoices.join(", ")})`);
  if (!optimizers.includes(c.optimizer)) throw new RangeError(`unknown optimizer: ${String(c.optimizer)} (use ${optimizers.join(", ")})`);
  if (!(c.lr >= NETWORK_LIMITS.lr[0] && c.lr <= NETWORK_LIMITS.lr[1])) throw new RangeError(`invalid learning rate: ${String(c.lr)} (must be in [${NETWORK_LIMITS.lr.join(", ")}])`);
  checkCount("batch size", c.batch, 1, NETWORK_LIMITS.batch);
  if (!regularizers.includes(c.reg)) throw new RangeError(`unknown regularization: ${String(c.reg)} (use ${regularizers.join(", ")})`);
  if (!(c.regRate >= 0 && c.regRate <= NETWORK_LIMITS.regRate[1])) throw new RangeError(`invalid regularization rate: ${String(c.regRate)} (must be in [0, 10])`);
  if (!Number.isSafeInteger(c.seed)) throw new RangeError(`invalid seed: ${String(c.seed)} (must be an integer)`);
}

/** The measurements after one epoch (or of the current weights, `evaluate`). */
export interface NetworkEpoch {
  /** Epochs trained so far (1 after the first `step`). */
  epoch: number;
  /** Mean softmax cross-entropy (nats) over the training points. */
  trainLoss: number;
  /** The same over the test points (NaN if there are none). */
  testLoss: number;
  /** Share (0–1) of training points whose most probable class is their label. */
  trainAccuracy: number;
  /** The same over the test points. */
  testAccuracy: number;
  /** Root mean square over the epoch's batches of ‖∂L/∂W‖₂ of each weight layer, input side first (the output layer last). */
  gradNorm: number[];
}

/** The state of one hidden layer's units on the training points (`NetworkRun.health`). */
export interface LayerHealth {
  /** Per unit: never positive and no gradient (f′ = 0) on any training point. */
  dead: boolean[];
  /** Per unit: mean |f′(z)| over the training points is below 5 % of the function's peak |f′|. */
  saturated: boolean[];
  /** PReLU's learned α per unit, else null. */
  alpha: number[] | null;
}

/** A network being trained step by step on a split of plane points (`createNetworkRun`). */
export interface NetworkRun {
  /** The configuration it was made with. */
  readonly config: NetworkConfig;
  /** The model: Dense and activation layers alternating, then the output Dense layer. */
  readonly model: Sequential;
  /** The model's Dense layers, input side first, the output layer last. */
  readonly dense: readonly Dense[];
  /** One record per epoch trained. */
  readonly history: NetworkEpoch[];
  /** Why training stopped (a loss or weight stopped being finite), else null. */
  readonly diverged: string | null;
  /** The epoch at which it diverged (0: the starting weights already give no finite loss), else null. */
  readonly divergedAt: number | null;
  /** Epochs trained so far. */
  readonly epoch: number;
  /** One pass over the training points in shuffled minibatches. */
  step(): NetworkEpoch | null;
  /** Losses and accuracies of the current weights (no training; gradNorm is empty). */
  evaluate(): NetworkEpoch;
  /** Dead and saturated units (and PReLU slopes) of each hidden layer, input side first. */
  health(): LayerHealth[];
  /**
   * The network on an n×n grid over [−extent, extent]², row 0 at the top (x₂ = extent): class
   * probabilities (n·n·classes; for a regression set the predicted value, n·n) and every hidden unit's output (one n·n array per layer, units interleaved).
   */
  grid(n: number, extent: number, withUnits?: boolean): { probs: Float32Array; units: Float32Array[] };
}

/**
 * Every trainable array of the model, in `model.params` order, as plain numbers.
 *
 * @example
 * const { model } = buildNetwork(config, 2);   // config as in checkNetworkConfig's example
 * modelWeights(model).map((w) => w.length);   // [8, 4, 8, 2]: weight and bias of the 2→4 and 4→2 layers
 */
export function modelWeights(model: Sequential): number[][] {
  return model.params.map((p) => Array.from(p.value));
}

const peakSlope = new Map<string, number>();
/** The largest |f′| of an activation on [−10, 10] (its "not flat" reference). */
function peakOf(id: string): number {
  let p = peakSlope.get(id);
  if (p === undefined) {
    const a = getActivation(id);
    p = 0;
    for (let i = 0; i <= 2000; i++) p = Math.max(p, Math.abs(a.df(-10 + i / 100)));
    peakSlope.set(id, p);
  }
  return p;
}

function isLearnable(id: string): boolean {
  return getActivation(id).params.some((s) => s.learnable);
}

/**
 * The model for a configuration; the same config (seed included) always gives the same weights.
 * `classes` is the number of output units.
 *
 * @example
 * const { model, dense } = buildNetwork(config, 2);   // config as in checkNetworkConfig's example
 * model.layers.length;   // 3: Dense(2→4), tanh, Dense(4→2)
 * dense.length;          // 2
 */
export function buildNetwork(config: NetworkConfig, classes: number): { model: Sequential; dense: Dense[] } {
  const rng = createRng(config.seed, PLANE_STREAM.init);
  const layers: Layer[] = [];
  const dense: Dense[] = [];
  let width = config.features.length;
  config.layers.forEach((units, l) => {
    const id = config.activations[l];
    const d = new Dense(width, units, { init: config.init === "auto" ? initFor(id) : config.init, rng, dtype: "float32" });
    dense.push(d);
    layers.push(d, isLearnable(id) ? new PReLU(units, { perUnit: true, dtype: "float32" }) : new Activation(id));
    width = units;
  });
  // The output layer feeds softmax: Xavier keeps the first logits small.
  const out = new Dense(width, classes, { init: "xavier", rng, dtype: "float32" });
  dense.push(out);
  layers.push(out);
  return { model: new Sequential(layers), dense };
}

/**
 * Copies saved weights (`modelWeights` order) into a model, checking every length first.
 *
 * @example
 * const a = buildNetwork(config, 2).model;   // config as in checkNetworkConfig's example
 * const b = buildNetwork({ ...config, seed: 2 }, 2).model;
 * loadWeights(b, modelWeights(a));   // b now computes what a computes
 * loadWeights(b, []);   // throws RangeError "the model has 4 weight arrays, the file 0"
 */
export function loadWeights(model: Sequential, weights: readonly (readonly number[])[]): void {
  if (!Array.isArray(weights) || weights.length !== model.params.length) {
    throw new RangeError(`the model has ${model.params.length} weight arrays, the file ${Array.isArray(weights) ? weights.length : "none"}`);
  }
  model.params.forEach((p, k) => {
    const w = weights[k];
    if (!Array.isArray(w) || w.length !== p.value.length) throw new RangeError(`weight array ${k} (${p.name}) must hold ${p.value.length} numbers, the file has ${Array.isArray(w) ? w.length : "none"}`);
    for (const v of w) if (!Number.isFinite(v)) throw new RangeError(`weight array ${k} (${p.name}) holds a value that is not a finite number: ${String(v)}`);
  });
  model.params.forEach((p, k) => p.value.set(weights[k]));
}

function lossAndAccuracy(logits: Floats, labels: Int32Array, classes: number): { loss: number; accuracy: number } {
  if (labels.length === 0) return { loss: NaN, accuracy: NaN };
  const { loss } = softmaxCrossEntropy(logits, labels, classes);
  const pred = argmaxRows(logits, classes);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) right++;
  return { loss, accuracy: right / labels.length };
}

function norm(a: Floats): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/**
 * A network for `config` on the split `data`, ready to train one epoch per `step()`; with
 * `weights` (`modelWeights` order, e.g. from an exported model) it starts from those.
 *
 * @example
 * const config: NetworkConfig = { features: ["x1sq", "x2sq"], layers: [4], activations: ["tanh"], init: "auto",
 *   optimizer: "adam", lr: 0.03, batch: 10, reg: "none", regRate: 0, seed: 1 };
 * const run = createNetworkRun(splitPlane(makePlaneData("circle"), 50), config);
 * for (let i = 0; i < 20; i++) run.step();
 * run.history.at(-1)!.testAccuracy;   // 1: x₁² and x₂² make the circle separable
 * run.grid(10, PLANE_EXTENT).probs.length;   // 200: two class probabilities per cell
 */
export function createNetworkRun(data: PlaneSplit, config: NetworkConfig, weights?: readonly (readonly number[])[]): NetworkRun {
  checkNetworkConfig(config);
  const { classes } = data;
  // One class means a regression set: one output unit, squared error against `targets`.
  const regression = classes === 1;
  const tTrain = data.train.targets ?? new Float64Array(data.train.labels.length);
  const tTest = data.test.targets ?? new Float64Array(data.test.labels.length);
  const { model, dense } = buildNetwork(config, classes);
  if (weights) loadWeights(model, weights);
  // Training and test points in one matrix, so each epoch's evaluation is one forward pass.
  const xAll = featurize(Float64Array.from([...data.train.x, ...data.test.x]), config.features);
  const xTrain = xAll.subarray(0, data.train.labels.length * config.features.length);
  const yTrain = data.train.labels;
  const n = yTrain.length;
  const dim = config.features.length;
  const batch = Math.min(config.batch, n);
  const opt: Optimizer =
    config.optimizer === "adam" ? new Adam(model.params, { lr: config.lr }) : new SGD(model.params, { lr: config.lr, momentum: config.optimizer === "momentum" ? MOMENTUM : 0 });
  const order: Rng = createRng(config.seed, PLANE_STREAM.order);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  const xb = new Float32Array(batch * dim);
  const yb = new Int32Array(batch);
  const tb = new Float64Array(batch);
  const history: NetworkEpoch[] = [];
  const sumSq = new Float64Array(dense.length);
  let diverged: string | null = null;
  let divergedAt: number | null = null;

  /** The loss or a weight (as float32, the dtype trained in) is no longer finite. */
  function broken(loss: number): boolean {
    return !Number.isFinite(loss) || model.params.some((p) => !Number.isFinite(norm(p.value)));
  }

  function regularize(): void {
    if (config.reg === "none" || config.regRate === 0) return;
    for (const d of dense) {
      const w = d.weight.value;
      const g = d.weight.grad;
      for (let i = 0; i < w.length; i++) g[i] += config.regRate * (config.reg === "l2" ? w[i] : Math.sign(w[i]));
    }
  }

  function evaluate(epoch: number, gradNorm: number[]): NetworkEpoch {
    const logits = model.forward(xAll);
    const cut = yTrain.length * classes;
    if (regression) {
      const tr = yTrain.length > 0 ? mseLoss(logits.subarray(0, cut), tTrain).loss : NaN;
      const te = tTest.length > 0 ? mseLoss(logits.subarray(cut), tTest).loss : NaN;
      return { epoch, trainLoss: tr, testLoss: te, trainAccuracy: NaN, testAccuracy: NaN, gradNorm };
    }
    const tr = lossAndAccuracy(logits.subarray(0, cut), yTrain, classes);
    const te = lossAndAccuracy(logits.subarray(cut), data.test.labels, classes);
    return { epoch, trainLoss: tr.loss, testLoss: te.loss, trainAccuracy: tr.accuracy, testAccuracy: te.accuracy, gradNorm };
  }

  function step(): NetworkEpoch | null {
    if (diverged !== null) return null;
    order.shuffle(idx);
    sumSq.fill(0);
    let batches = 0;
    const signs = config.reg === "l1" ? dense.map((d) => Float32Array.from(d.weight.value, Math.sign)) : null;
    for (let s = 0; s < n; s += batch) {
      const m = Math.min(batch, n - s);
      for (let k = 0; k < m; k++) {
        const i = idx[s + k];
        for (let j = 0; j < dim; j++) xb[k * dim + j] = xTrain[i * dim + j];
        yb[k] = yTrain[i];
        tb[k] = tTrain[i];
      }
      const xs = m === batch ? xb : xb.subarray(0, m * dim);
      const out = model.forward(xs);
      const { grad } = regression ? mseLoss(out, m === batch ? tb : tb.subarray(0, m)) : softmaxCrossEntropy(out, m === batch ? yb : yb.subarray(0, m), classes);
      model.zeroGrad();
      model.backward(grad);
      dense.forEach((d, l) => (sumSq[l] += norm(d.weight.grad) ** 2));
      batches++;
      regularize();
      opt.step();
      if (signs) {
        // L1 as Playground does it: a weight that crosses zero stops there.
        dense.forEach((d, l) => {
          const w = d.weight.value;
          const before = signs[l];
          for (let i = 0; i < w.length; i++) {
            if (before[i] !== 0 && Math.sign(w[i]) === -before[i]) w[i] = 0;
            before[i] = Math.sign(w[i]);
          }
        });
      }
    }
    const rec = evaluate(history.length + 1, Array.from(sumSq, (v) => Math.sqrt(v / batches)));
    if (broken(rec.trainLoss)) {
      diverged = `diverged at epoch ${rec.epoch}: the loss or a weight is no longer finite; try a smaller learning rate than ${config.lr}`;
      divergedAt = rec.epoch;
      return null;
    }
    history.push(rec);
    return rec;
  }

  /** Runs the hidden layers on x and calls `visit` with each layer's pre-activation z and output y. */
  function hidden(x: Float32Array, visit: (l: number, z: Floats, y: Floats) => void): Floats {
    let h: Floats = x;
    const layers = model.layers;
    for (let k = 0; k < layers.length; k++) {
      const z = layers[k].forward(h);
      if (k + 1 < layers.length) {
        const y = layers[k + 1].forward(z);
        visit(k >> 1, z, y);
        h = y;
        k++;
      } else h = z;
    }
    return h;
  }

  // Weights beyond float32's range (an imported 1e39) or points that overflow it (a CSV of
  // ±1e308) give no finite loss before the first step: such a run starts as diverged.
  if (broken(evaluate(0, []).trainLoss)) {
    diverged = "diverged at epoch 0: the starting weights or points give no finite loss; try smaller weights or coordinates";
    divergedAt = 0;
  }

  return {
    config,
    model,
    dense,
    history,
    get diverged() {
      return diverged;
    },
    get divergedAt() {
      return divergedAt;
    },
    get epoch() {
      return history.length;
    },
    step,
    evaluate: () => evaluate(history.length, []),
    health() {
      const out: LayerHealth[] = [];
      hidden(xTrain, (l, z, y) => {
        const units = config.layers[l];
        const id = config.activations[l];
        const layer = model.layers[2 * l + 1];
        const alpha = layer instanceof PReLU ? Array.from(layer.alpha.value) : null;
        const a = getActivation(id);
        const d = alpha ? a.forwardWithDerivative(z as Float32Array, { alpha: Float32Array.from(alpha) }).d : a.forwardWithDerivative(z as Float32Array).d;
        const peak = peakOf(id);
        const positive = new Array<boolean>(units).fill(false);
        const flowing = new Array<boolean>(units).fill(false);
        const slope = new Float64Array(units);
        for (let i = 0; i < y.length; i++) {
          const u = i % units;
          if (y[i] > 0) positive[u] = true;
          if (d[i] !== 0) flowing[u] = true;
          slope[u] += Math.abs(d[i]);
        }
        const rows = y.length / units;
        out.push({
          dead: positive.map((p, u) => !p && !flowing[u]),
          saturated: Array.from(slope, (s) => s / rows < 0.05 * peak),
          alpha,
        });
      });
      return out;
    },
    grid(gn, extent, withUnits = true) {
      const xy = new Float64Array(2 * gn * gn);
      for (let r = 0; r < gn; r++) {
        for (let c = 0; c < gn; c++) {
          xy[2 * (r * gn + c)] = -extent + ((c + 0.5) * 2 * extent) / gn;
          xy[2 * (r * gn + c) + 1] = extent - ((r + 0.5) * 2 * extent) / gn;
        }
      }
      const units: Float32Array[] = [];
      const logits = hidden(featurize(xy, config.features), (_, __, y) => void (withUnits && units.push(Float32Array.from(y))));
      const probs = new Float32Array(logits.length);
      if (regression) {
        probs.set(logits);
        return { probs, units };
      }
      for (let r = 0; r < gn * gn; r++) {
        let mx = -Infinity;
        for (let c = 0; c < classes; c++) mx = Math.max(mx, logits[r * classes + c]);
        let s = 0;
        for (let c = 0; c < classes; c++) s += probs[r * classes + c] = Math.exp(logits[r * classes + c] - mx);
        for (let c = 0; c < classes; c++) probs[r * classes + c] /= s;
      }
      return { probs, units };
    },
  };
}

/** The ids a layer may use: every elementwise activation of the registry. */
export function networkActivationIds(): string[] {
  return activations.map((a) => a.id);
}

export const MODEL_FORMAT = "actlab-network";

/**
 * The data a model was trained on, as the lab's Network view writes it into an exported model:
 * a built-in data set with its noise, training share and seed, or the reader's own CSV file.
 */
export type NetworkModelData =
  | { dataset: PlaneDataset | RegressionDataset; noise: number; train: number; dataSeed: number }
  | { dataset: "custom"; file: string; train: number; dataSeed: number };

/** What "Export model" writes: enough to rebuild the network and continue from its weights. */
export interface NetworkModelFile {
  format: typeof MODEL_FORMAT;
  version: 1;
  config: NetworkConfig;
  classes: number;
  epoch: number;
  /** Shapes of `weights`, e.g. "layer 1 weight 2×8"; for people reading the file. */
  shapes: string[];
  weights: number[][];
  /** The data it was trained on (files exported before issue 21 have none). */
  data?: NetworkModelData;
}

const show = (v: unknown): string => {
  const t = typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : String(v);
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
};

/** Throws a RangeError naming the field when `ok` is false. */
function field(ok: boolean, name: string, v: unknown, want: string): void {
  if (!ok) throw new RangeError(`invalid ${name} in the model file: ${v === undefined ? "missing" : show(v)} (must be ${want})`);
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** The types of every field of a model file (the ranges are checkNetworkConfig's). */
function checkModelTypes(m: Record<string, unknown>): void {
  const c = m.config as Record<string, unknown>;
  field(isStrings(c.features), "config.features", c.features, "a list of feature ids");
  field(Array.isArray(c.layers) && c.layers.every(isInt), "config.layers", c.layers, "a list of whole unit counts");
  field(isStrings(c.activations), "config.activations", c.activations, "a list of activation ids");
  for (const k of ["init", "optimizer", "reg"] as const) field(typeof c[k] === "string", `config.${k}`, c[k], "a string");
  for (const k of ["lr", "regRate"] as const) field(isNum(c[k]), `config.${k}`, c[k], "a number");
  for (const k of ["batch", "seed"] as const) field(isInt(c[k]), `config.${k}`, c[k], "a whole number");
  field(isInt(m.classes) && (m.classes as number) >= 1 && (m.classes as number) <= 8, "classes", m.classes, "a whole number from 1 (regression) to 8");
  field(isInt(m.epoch) && (m.epoch as number) >= 0, "epoch", m.epoch, "a whole number ≥ 0");
  field(m.shapes === undefined || isStrings(m.shapes), "shapes", m.shapes, "a list of strings");
  field(Array.isArray(m.weights) && m.weights.every((w) => Array.isArray(w) && w.every(isNum)), "weights", m.weights, "a list of lists of finite numbers");
  if (m.data === undefined) return;
  const d = m.data as Record<string, unknown>;
  field(typeof d === "object" && d !== null && !Array.isArray(d), "data", d, "an object");
  const custom = d.dataset === "custom";
  field(custom || ([...planeDatasets, ...regressionDatasets] as readonly unknown[]).includes(d.dataset), "data.dataset", d.dataset, `one of ${[...planeDatasets, ...regressionDatasets].join(", ")}, custom`);
  if (custom) field(typeof d.file === "string", "data.file", d.file, "a file name");
  else field(isNum(d.noise) && (d.noise as number) >= 0 && (d.noise as number) <= 100, "data.noise", d.noise, "a percentage in [0, 100]");
  field(isNum(d.train) && (d.train as number) > 0 && (d.train as number) < 100, "data.train", d.train, "a percentage in (0, 100)");
  field(isInt(d.dataSeed) && (d.dataSeed as number) >= 0, "data.dataSeed", d.dataSeed, "a whole number ≥ 0");
}

/**
 * The model file of a run (its configuration, epoch and weights), as "Export model" saves it as JSON.
 *
 * @example
 * const file = exportModel(run, 2);   // run as in createNetworkRun's example
 * file.shapes;   // ["layer 1 weight 2×4 (row-major, input by unit)", "layer 1 bias 4", "output weight 4×2 (row-major, input by unit)", "output bias 2"]
 * file.epoch;    // 20
 */
export function exportModel(run: NetworkRun, classes: number): NetworkModelFile {
  const shapes: string[] = [];
  run.dense.forEach((d, l) => {
    const name = l === run.dense.length - 1 ? "output" : `layer ${l + 1}`;
    shapes.push(`${name} weight ${d.inputs}×${d.outputs} (row-major, input by unit)`, `${name} bias ${d.outputs}`);
    // (after the output layer there is no layer 2l + 1)
    if (run.model.layers[2 * l + 1] instanceof PReLU) shapes.push(`${name} prelu alpha ${d.outputs}`);
  });
  return { format: MODEL_FORMAT, version: 1, config: structuredClone(run.config), classes, epoch: run.epoch, shapes, weights: modelWeights(run.model) };
}

/**
 * Reads an exported model; a RangeError says in one line what is wrong with the file.
 *
 * @example
 * parseModel(JSON.stringify(exportModel(run, 2))).epoch;   // 20 (run as in createNetworkRun's example)
 * parseModel("{}");   // throws RangeError 'not an actlab network model (expected "format": "actlab-network")'
 */
export function parseModel(text: string): NetworkModelFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new RangeError("not a JSON file: export a model from the Network view and import that file");
  }
  const m = v as Partial<NetworkModelFile>;
  if (m === null || m.format !== MODEL_FORMAT) throw new RangeError(`not an actlab network model (expected "format": "${MODEL_FORMAT}")`);
  if (m.version !== 1) throw new RangeError(`unsupported model version: ${String(m.version)} (this lab reads version 1)`);
  if (typeof m.config !== "object" || m.config === null) throw new RangeError("the model file has no config");
  if (!Number.isInteger(m.classes) || (m.classes as number) < 1) throw new RangeError(`invalid classes in the model file: ${String(m.classes)}`);
  checkModelTypes(m as Record<string, unknown>);
  checkNetworkConfig(m.config);
  const { model } = buildNetwork(m.config, m.classes as number);
  loadWeights(model, m.weights as number[][]);
  return m as NetworkModelFile;
}

/**
 * The loss history as CSV, one row per epoch: losses, accuracies and the gradient norm of each
 * weight layer.
 *
 * @example
 * historyCsv(run.history).split("\n")[0];   // run as in createNetworkRun's example
 * // "epoch,train_loss,test_loss,train_accuracy,test_accuracy,grad_norm_layer1,grad_norm_output"
 */
export function historyCsv(history: readonly NetworkEpoch[]): string {
  const layers = history[0]?.gradNorm.length ?? 0;
  const head = ["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy", ...Array.from({ length: layers }, (_, l) => (l === layers - 1 ? "grad_norm_output" : `grad_norm_layer${l + 1}`))];
  return [head.join(","), ...history.map((h) => [h.epoch, h.trainLoss, h.testLoss, h.trainAccuracy, h.testAccuracy, ...h.gradNorm].join(","))].join("\n") + "\n";
}
