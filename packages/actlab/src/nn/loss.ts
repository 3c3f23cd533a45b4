import { logSoftmax, logSoftmaxBackward } from "../activations/softmax.js";
import { shown } from "../activations/params.js";
import type { Floats } from "../activations/types.js";

/** A loss value and its gradient with respect to the prediction (same shape as the prediction). */
export interface LossResult {
  loss: number;
  grad: Floats;
}

function like(x: Floats, n: number): Floats {
  return x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Mean squared error over all entries: mean((p − t)²), gradient 2(p − t)/N.
 *
 * @example
 * const { loss, grad } = mseLoss(new Float64Array([1, 2]), [0, 4]);
 * loss;   // 2.5: ((1 − 0)² + (2 − 4)²)/2
 * grad;   // Float64Array [1, -2]: 2(p − t)/N
 */
export function mseLoss(pred: Floats, target: ArrayLike<number>): LossResult {
  if (pred.length !== target.length) throw new RangeError(`mseLoss: prediction has length ${pred.length} but target has ${target.length}`);
  // the mean of nothing is 0/0: PyTorch answers NaN, here it is a mistake said so
  if (pred.length === 0) throw new RangeError("mseLoss: empty prediction (no entries to average)");
  const n = pred.length;
  const grad = like(pred, n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = pred[i] - target[i];
    s += r * r;
    grad[i] = (2 * r) / n;
  }
  return { loss: s / n, grad };
}

/**
 * Softmax then cross-entropy, fused: the loss is −mean log softmax(z)[label], taken from the
 * registry's logSoftmax so it stays finite for any finite logits, and the gradient is the
 * vector-Jacobian product of logSoftmax, which works out to (softmax(z) − onehot)/N.
 *
 * @example
 * const { loss, grad } = softmaxCrossEntropy(new Float64Array([0, 0, 1000, 0]), [0, 1], 2);
 * loss;   // 500.3465735902799: the mean of ln 2 and 1000, finite although softmax underflows
 * grad;   // Float64Array [-0.25, 0.25, 0.5, -0.5]: (softmax − onehot)/N
 */
export function softmaxCrossEntropy(logits: Floats, labels: ArrayLike<number>, classes: number): LossResult {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`softmaxCrossEntropy: invalid classes: ${shown(classes)} (must be an integer ≥ 2)`);
  const rows = labels.length;
  if (rows === 0) throw new RangeError("softmaxCrossEntropy: no rows (labels is empty, so there is no mean to take)");
  if (logits.length !== rows * classes) {
    throw new RangeError(`softmaxCrossEntropy: logits have length ${logits.length}, expected ${rows} rows × ${classes} classes`);
  }
  const logp = logSoftmax(logits, { size: classes });
  const dlogp = like(logits, logits.length);
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const c = labels[r];
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new RangeError(`softmaxCrossEntropy: label ${shown(c)} of row ${r} is not in [0, ${classes - 1}]`);
    s -= logp[r * classes + c];
    dlogp[r * classes + c] = -1 / rows;
  }
  return { loss: s / rows, grad: logSoftmaxBackward(logp, dlogp, { size: classes }) };
}

/**
 * Index of the largest logit of each row (ties: the first).
 *
 * @example
 * argmaxRows(new Float64Array([0.1, 0.9, 3, 3]), 2);   // Int32Array [1, 0]: a tie takes the first
 */
export function argmaxRows(x: Floats, classes: number): Int32Array {
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`argmaxRows: invalid classes: ${shown(classes)} (must be an integer ≥ 1)`);
  if (x.length % classes !== 0) throw new RangeError(`argmaxRows: x has length ${x.length}, not a multiple of ${classes} classes`);
  const rows = x.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (x[r * classes + c] > x[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}
