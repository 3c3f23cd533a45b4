import { getActivation } from "../activations/registry.js";
import { Activation, Dense, PReLU, Sequential, type Init, type Layer } from "../nn/layers.js";
import { argmaxRows, softmaxCrossEntropy } from "../nn/loss.js";
import { Adam } from "../nn/optim.js";
import { checkCount } from "./data.js";
import type { Dataset } from "./datasets.js";
import { createRng, DEFAULT_SEED } from "./rng.js";

/**
 * What an omitted option of `MlpOptions` means: two hidden layers of 16, 200 epochs, Adam at 0.01, batches of 32.
 *
 * @example
 * MLP_DEFAULTS.hidden;   // [16, 16]
 */
export const MLP_DEFAULTS = { hidden: [16, 16], epochs: 200, lr: 0.01, batch: 32 } as const;

/**
 * Options of an MLP classifier run (`createMlpRun`, `trainMlp`); only the activation is required.
 */
export interface MlpOptions {
  /** Registry id of the hidden activation; a learnable one (prelu) gets its own α per unit. */
  activation: string;
  /** Widths of the hidden layers (default [16, 16]). */
  hidden?: readonly number[];
  epochs?: number;
  /** Adam's learning rate (default 0.01). */
  lr?: number;
  /** Points per update (default 32). */
  batch?: number;
  seed?: number;
  /** Weight initialiser (default: chosen for the activation, see `initFor`). */
  init?: Init;
}

/**
 * The state after one epoch of an MLP run: training loss and accuracy.
 */
export interface MlpEpoch {
  epoch: number;
  /** Mean cross-entropy over the whole training set after the epoch. */
  loss: number;
  /** Fraction of training points classified correctly. */
  accuracy: number;
}

/**
 * An MLP classifier being trained, one epoch per `step()` (for live views: the lab and the CLI).
 */
export interface MlpRun {
  readonly model: Sequential;
  readonly history: MlpEpoch[];
  readonly epochs: number;
  readonly done: boolean;
  /** Why the run stopped early when the loss or a weight stopped being finite (else null). */
  readonly diverged: string | null;
  /**
   * Trains one epoch (a pass over shuffled minibatches) and returns its record.
   */
  step(): MlpEpoch;
  /** Predicted class of each point of `x` (rows of 2). */
  predict(x: Float64Array): Int32Array;
}

/**
 * The initialiser that keeps signal variance steady for this activation: LeCun for SELU (its
 * self-normalising fixed point assumes it), Xavier for functions that saturate on both sides
 * (sigmoid, tanh), He for the rectifier family.
 *
 * @example
 * initFor("selu");    // "lecun"
 * initFor("tanh");    // "xavier"
 * initFor("relu");    // "he"
 */
export function initFor(id: string): Init {
  const a = getActivation(id);
  if (a.id === "selu") return "lecun";
  return a.properties.saturating === "both" ? "xavier" : "he";
}

/**
 * The network `createMlpRun` trains: for each hidden width a `Dense` (initialised by `initFor` or
 * `opts.init`) and the activation (a per-unit `PReLU` for prelu), then a Dense to `classes` logits.
 *
 * @example
 * const model = buildMlp(2, 3, { activation: "tanh", hidden: [8] });
 * model.layers.length;                        // 3: Dense(2→8), tanh, Dense(8→3)
 * model.forward(new Float64Array([0.5, -1])).length;   // 3 logits
 */
export function buildMlp(inputs: number, classes: number, opts: MlpOptions): Sequential {
  const { hidden = MLP_DEFAULTS.hidden, seed = DEFAULT_SEED } = opts;
  const act = getActivation(opts.activation);
  const init = opts.init ?? initFor(act.id);
  const rng = createRng(seed, 0);
  const layers: Layer[] = [];
  let width = inputs;
  for (const h of hidden) {
    checkCount("hidden width", h, 1, 4096);
    layers.push(new Dense(width, h, { init, rng }));
    layers.push(act.params.some((s) => s.learnable) ? new PReLU(h, { perUnit: true }) : new Activation(act.id));
    width = h;
  }
  // The output layer feeds softmax, not the activation: Xavier keeps its logits small at the start.
  layers.push(new Dense(width, classes, { init: "xavier", rng }));
  return new Sequential(layers);
}

/**
 * A classifier trained by Adam on minibatches with softmax cross-entropy, one epoch per `step()`.
 *
 * @example
 * const run = createMlpRun(makeDataset("moons"), { activation: "relu", epochs: 50 });
 * while (!run.done) run.step();
 * run.history.at(-1)!.accuracy > 0.8;   // true
 * run.predict(new Float64Array([0, 0.5, 2, -0.5]));   // Int32Array [1, 1]: the class of each of the 2 points
 */
export function createMlpRun(data: Dataset, opts: MlpOptions): MlpRun {
  const { epochs = MLP_DEFAULTS.epochs, lr = MLP_DEFAULTS.lr, batch = MLP_DEFAULTS.batch, seed = DEFAULT_SEED } = opts;
  checkCount("epochs", epochs, 1);
  checkCount("batch size", batch, 1);
  if (!(lr > 0 && Number.isFinite(lr))) throw new RangeError(`invalid learning rate: ${String(lr)} (must be a finite number > 0)`);
  const n = data.labels.length;
  const dim = data.x.length / n;
  const model = buildMlp(dim, data.classes, opts);
  const opt = new Adam(model.params, { lr });
  const rng = createRng(seed, 2);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const history: MlpEpoch[] = [];
  let diverged: string | null = null;
  const xb = new Float64Array(Math.min(batch, n) * dim);
  const yb = new Int32Array(Math.min(batch, n));

  function evaluate(epoch: number): MlpEpoch {
    const logits = model.forward(data.x);
    const { loss } = softmaxCrossEntropy(logits, data.labels, data.classes);
    const pred = argmaxRows(logits, data.classes);
    let right = 0;
    for (let i = 0; i < n; i++) if (pred[i] === data.labels[i]) right++;
    return { epoch, loss, accuracy: right / n };
  }

  return {
    model,
    history,
    epochs,
    get done() {
      return history.length >= epochs || diverged !== null;
    },
    get diverged() {
      return diverged;
    },
    step() {
      if (history.length >= epochs || diverged !== null) return history[history.length - 1];
      rng.shuffle(order);
      for (let s = 0; s < n; s += batch) {
        const m = Math.min(batch, n - s);
        for (let k = 0; k < m; k++) {
          const i = order[s + k];
          for (let j = 0; j < dim; j++) xb[k * dim + j] = data.x[i * dim + j];
          yb[k] = data.labels[i];
        }
        const xs = m === xb.length / dim ? xb : xb.subarray(0, m * dim);
        const { grad } = softmaxCrossEntropy(model.forward(xs), yb.subarray(0, m), data.classes);
        model.zeroGrad();
        model.backward(grad);
        opt.step();
      }
      const rec = evaluate(history.length + 1);
      if (!Number.isFinite(rec.loss) || !finiteParams(model)) {
        diverged = `diverged at epoch ${rec.epoch}: the loss or a weight is no longer finite; try a smaller learning rate than ${lr}`;
        return history[history.length - 1] ?? rec;
      }
      history.push(rec);
      return rec;
    },
    predict(x) {
      return argmaxRows(model.forward(x), data.classes);
    },
  };
}

/**
 * Trains an MLP classifier to the end (see `createMlpRun`) and returns every epoch's record;
 * `onEpoch` sees each one as it happens.
 *
 * @example
 * const history = trainMlp(makeDataset("circles"), { activation: "elu", epochs: 30 });
 * history.length;                     // 30
 * history[29].loss < history[0].loss;   // true
 */
export function trainMlp(data: Dataset, opts: MlpOptions, onEpoch?: (r: MlpEpoch) => void): MlpEpoch[] {
  const run = createMlpRun(data, opts);
  while (!run.done) {
    const r = run.step();
    onEpoch?.(r);
  }
  return run.history;
}

/** True while every parameter of the model is a finite number. */
export function finiteParams(model: Sequential): boolean {
  for (const p of model.params) for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i])) return false;
  return true;
}
