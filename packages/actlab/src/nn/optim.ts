import type { Floats } from "../activations/types.js";
import type { Param } from "./layers.js";
import { fastInstance, nnBlock } from "./fast.js";

/**
 * Optimiser state shaped like each parameter: float32 beside it in wasm memory when the
 * parameter lives there (the SIMD step kernels then update all of them in place), else float64.
 */
function stateFor(params: readonly Param[], count: number): Floats[][] {
  return params.map((p) => {
    const n = p.value.length;
    if (fastInstance(p.value)) return nnBlock(new Array<number>(count).fill(n), p.value as Float32Array);
    return Array.from({ length: count }, () => new Float64Array(n));
  });
}

/**
 * Something that updates a list of `Param`s from their accumulated gradients (`SGD`, `Adam`).
 */
export interface Optimizer {
  /** Updates every parameter from its accumulated gradient (the caller zeroes the gradients). */
  step(): void;
}

function check(name: string, v: number, ok: boolean, allowed: string): void {
  if (!ok) throw new RangeError(`invalid ${name}: ${String(v)} (${allowed})`);
}

/**
 * Options of `SGD`: learning rate (default 0.01, > 0) and momentum (default 0, in [0, 1)).
 */
export interface SGDOptions {
  lr?: number;
  /** Fraction of the previous update kept (0 = plain gradient descent). */
  momentum?: number;
}

/**
 * Gradient descent with (heavy-ball) momentum: v ← μv + g, θ ← θ − lr·v.
 *
 * @example
 * const layer = new Dense(1, 1, { rng: createRng(3) });
 * const opt = new SGD(layer.params, { lr: 0.1, momentum: 0.5 });
 * const x = new Float64Array([0, 1, 2]), t = [1, 3, 5];          // y = 2x + 1
 * for (let i = 0; i < 300; i++) {
 *   layer.weight.grad.fill(0); layer.bias.grad.fill(0);
 *   layer.backward(mseLoss(layer.forward(x), t).grad);
 *   opt.step();
 * }
 * [layer.weight.value[0], layer.bias.value[0]];   // ≈ [2, 1]
 */
export class SGD implements Optimizer {
  /** Learning rate. */
  readonly lr: number;
  /** Fraction μ of the previous update kept. */
  readonly momentum: number;
  private readonly velocity: Floats[];

  /** An optimiser for `params`; a RangeError names a learning rate or momentum out of range. */
  constructor(
    /** The parameters it updates (e.g. a model's `params`). */
    readonly params: readonly Param[],
    opts: SGDOptions = {},
  ) {
    const { lr = 0.01, momentum = 0 } = opts;
    check("learning rate", lr, lr > 0 && Number.isFinite(lr), "must be a finite number > 0");
    check("momentum", momentum, momentum >= 0 && momentum < 1, "must be in [0, 1)");
    this.lr = lr;
    this.momentum = momentum;
    this.velocity = stateFor(params, 1).map((s) => s[0]);
  }

  step(): void {
    this.params.forEach((p, k) => {
      const v = this.velocity[k];
      const inst = fastInstance(p.value, p.grad, v);
      if (inst) {
        inst.k.sgd_step(p.value.byteOffset, p.grad.byteOffset, v.byteOffset, v.length, this.lr, this.momentum);
        return;
      }
      for (let i = 0; i < v.length; i++) {
        v[i] = this.momentum * v[i] + p.grad[i];
        p.value[i] -= this.lr * v[i];
      }
    });
  }
}

/**
 * Options of `Adam`: learning rate (default 0.001), β₁ (0.9), β₂ (0.999) and ε (1e-8).
 */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/**
 * Adam (Kingma & Ba 2015): steps scaled by running estimates of the gradient's mean and square, bias-corrected.
 *
 * @example
 * const layer = new Dense(1, 1, { rng: createRng(3) });
 * const opt = new Adam(layer.params, { lr: 0.05 });
 * const x = new Float64Array([0, 1, 2]), t = [1, 3, 5];          // y = 2x + 1
 * for (let i = 0; i < 1000; i++) {
 *   layer.weight.grad.fill(0); layer.bias.grad.fill(0);
 *   layer.backward(mseLoss(layer.forward(x), t).grad);
 *   opt.step();
 * }
 * [layer.weight.value[0], layer.bias.value[0]];   // ≈ [2, 1]
 */
export class Adam implements Optimizer {
  /** Learning rate (the largest step per parameter, roughly). */
  readonly lr: number;
  /** Decay β₁ of the running mean of the gradient. */
  readonly beta1: number;
  /** Decay β₂ of the running mean of the squared gradient. */
  readonly beta2: number;
  /** ε added to the root of the second moment, so that a zero gradient takes no step. */
  readonly eps: number;
  private t = 0;
  private readonly m: Floats[];
  private readonly v: Floats[];

  /** An optimiser for `params`; a RangeError names any option out of range. */
  constructor(
    /** The parameters it updates (e.g. a model's `params`). */
    readonly params: readonly Param[],
    opts: AdamOptions = {},
  ) {
    const { lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = opts;
    check("learning rate", lr, lr > 0 && Number.isFinite(lr), "must be a finite number > 0");
    check("beta1", beta1, beta1 >= 0 && beta1 < 1, "must be in [0, 1)");
    check("beta2", beta2, beta2 >= 0 && beta2 < 1, "must be in [0, 1)");
    check("eps", eps, eps > 0 && Number.isFinite(eps), "must be a finite number > 0");
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    const state = stateFor(params, 2);
    this.m = state.map((s) => s[0]);
    this.v = state.map((s) => s[1]);
  }

  step(): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, k) => {
      const m = this.m[k];
      const v = this.v[k];
      const g: Floats = p.grad;
      const inst = fastInstance(p.value, g, m, v);
      if (inst) {
        inst.k.adam_step(p.value.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, m.length, this.beta1, this.beta2, this.lr / c1, 1 / c2, this.eps);
        return;
      }
      for (let i = 0; i < m.length; i++) {
        m[i] = this.beta1 * m[i] + (1 - this.beta1) * g[i];
        v[i] = this.beta2 * v[i] + (1 - this.beta2) * g[i] * g[i];
        p.value[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
      }
    });
  }
}
