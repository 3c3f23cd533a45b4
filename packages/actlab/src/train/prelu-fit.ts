import { prelu } from "../activations/prelu.js";
import { Dense, PReLU, Sequential } from "../nn/layers.js";
import { mseLoss } from "../nn/loss.js";
import { Adam } from "../nn/optim.js";
import type { LinearData } from "./csv.js";
import { checkCount, STREAM } from "./data.js";
import { ThinnedHistory } from "./history.js";
import { createRng, DEFAULT_SEED } from "./rng.js";

/**
 * What omitted options of `preluData` and `createPreluFit` mean: 200 points made with α = 0.3 and
 * noise 0.05, fitted for 300 epochs at learning rate 0.02.
 *
 * @example
 * PRELU_FIT_DEFAULTS.alpha;   // 0.3
 */
export const PRELU_FIT_DEFAULTS = { n: 200, alpha: 0.3, noise: 0.05, epochs: 300, lr: 0.02 } as const;

/**
 * Options of `preluData`: number of points, the true α, the noise and the seed.
 */
export interface PreluDataOptions {
  n?: number;
  /** The α that made the data (default 0.3). */
  alpha?: number;
  /** Standard deviation of the Gaussian noise on y (default 0.05). */
  noise?: number;
  seed?: number;
}

/**
 * y = prelu(x; α) + noise·N(0, 1) with x uniform in [−2, 2): data whose α is known.
 *
 * @example
 * const { x, y } = preluData({ n: 5, alpha: 0.3, noise: 0, seed: 1 });
 * x.length;                               // 5
 * y[0] === (x[0] < 0 ? 0.3 * x[0] : x[0]);   // true: no noise
 */
export function preluData(opts: PreluDataOptions = {}): LinearData {
  const { n = PRELU_FIT_DEFAULTS.n, alpha = PRELU_FIT_DEFAULTS.alpha, noise = PRELU_FIT_DEFAULTS.noise, seed = DEFAULT_SEED } = opts;
  checkCount("number of points", n, 2, 10_000_000);
  prelu.f(0, { alpha });
  if (!(noise >= 0 && Number.isFinite(noise))) throw new RangeError(`invalid noise: ${String(noise)} (must be a finite number ≥ 0)`);
  const rng = createRng(seed, STREAM.data);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 4 * rng.random() - 2;
    y[i] = prelu.f(x[i], { alpha }) + noise * rng.normal();
  }
  // Name the parameter that makes the data too large to fit (their squares overflow the loss).
  if (!Number.isFinite(sumSquares(y))) {
    const culprit = !Number.isFinite((2 * alpha) ** 2) ? `alpha ${alpha}` : `noise ${noise}`;
    throw new RangeError(`invalid ${culprit}: the data it makes are too large to fit (their squares overflow); use a smaller ${culprit.split(" ")[0]}`);
  }
  return { x, y };
}

function sumSquares(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

/**
 * Options of `createPreluFit`: epochs, learning rate, seed and starting α.
 */
export interface PreluFitOptions {
  epochs?: number;
  /** Adam's learning rate (default 0.02). */
  lr?: number;
  seed?: number;
  /** Starting α (default: the registry's initial value for prelu). */
  initAlpha?: number;
}

/**
 * The fit after an epoch: the learnt α, the line's w and b, and the mean squared error.
 */
export interface PreluEpoch {
  epoch: number;
  alpha: number;
  w: number;
  b: number;
  loss: number;
}

/**
 * A PReLU fit in progress, one full-batch Adam epoch per `step()`.
 */
export interface PreluFit {
  readonly model: Sequential;
  /** Epoch 0 to the latest; bounded (thinned to evenly spaced epochs past 4,096 records). */
  readonly history: PreluEpoch[];
  readonly done: boolean;
  /** Why the fit stopped early when the loss or a parameter stopped being finite (else null). */
  readonly diverged: string | null;
  /**
   * Runs one epoch and returns its record.
   */
  step(): PreluEpoch;
}

/**
 * Fits y ≈ prelu(w·x + b; α), learning w, b and α together by full-batch Adam. The only
 * minimum of the noise-free problem with w > 0 is w = 1, b = 0 and α = the true α, so α
 * must find its way there alongside the weights. w starts in [0.5, 1.5): with w < 0 the
 * two halves of the line swap sides and the fit has to cross w = 0 first.
 *
 * @example
 * const fit = createPreluFit(preluData({ alpha: 0.3 }));
 * while (!fit.done) fit.step();
 * fit.history.at(-1)!.alpha;   // ≈ 0.3: α learnt from the data
 */
export function createPreluFit(data: LinearData, opts: PreluFitOptions = {}): PreluFit {
  const { epochs = PRELU_FIT_DEFAULTS.epochs, lr = PRELU_FIT_DEFAULTS.lr, seed = DEFAULT_SEED } = opts;
  checkCount("epochs", epochs, 1);
  if (!(lr > 0 && Number.isFinite(lr))) throw new RangeError(`invalid learning rate: ${String(lr)} (must be a finite number > 0)`);
  const rng = createRng(seed, STREAM.init);
  const dense = new Dense(1, 1, { rng });
  dense.weight.value[0] = 0.5 + rng.random();
  dense.bias.value[0] = 0;
  const act = new PReLU(1, { init: opts.initAlpha }); // init undefined: PReLU's default α
  const model = new Sequential([dense, act]);
  const opt = new Adam(model.params, { lr });
  const kept = new ThinnedHistory<PreluEpoch>();
  const history = kept.list;
  let epoch = 0;
  const record = (epoch: number, loss: number): PreluEpoch => ({
    epoch,
    alpha: act.alpha.value[0],
    w: dense.weight.value[0],
    b: dense.bias.value[0],
    loss,
  });
  const start = record(0, mseLoss(model.forward(data.x), data.y).loss);
  if (!Number.isFinite(start.loss)) {
    let top = 0;
    for (const v of data.y) top = Math.max(top, Math.abs(v));
    // Data whose own squares are finite are not to blame: the starting α is.
    if (Number.isFinite(sumSquares(data.y)) && opts.initAlpha !== undefined) {
      throw new RangeError(`invalid initial α: ${opts.initAlpha} makes the starting loss overflow (the data reach |y| = ${top.toPrecision(3)}); start α nearer the data`);
    }
    throw new RangeError(`the data are too large to fit: the starting loss overflows (largest |y| is ${top.toPrecision(3)}); make the data smaller`);
  }
  kept.push(start);
  let diverged: string | null = null;
  return {
    model,
    history,
    get done() {
      return epoch >= epochs || diverged !== null;
    },
    get diverged() {
      return diverged;
    },
    step() {
      if (epoch >= epochs || diverged !== null) return history[history.length - 1];
      const { grad } = mseLoss(model.forward(data.x), data.y);
      model.zeroGrad();
      model.backward(grad);
      opt.step();
      const rec = record(epoch + 1, mseLoss(model.forward(data.x), data.y).loss);
      if (![rec.loss, rec.alpha, rec.w, rec.b].every(Number.isFinite)) {
        diverged = `diverged at epoch ${rec.epoch}: the loss or a parameter is no longer finite; try a smaller learning rate than ${lr}`;
        return history[history.length - 1];
      }
      epoch++;
      kept.push(rec);
      return rec;
    },
  };
}
