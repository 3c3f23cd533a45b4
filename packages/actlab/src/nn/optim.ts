import type { Floats } from "../activations/types.js";
import type { Param } from "./layers.js";

export interface Optimizer {
  /** Updates every parameter from its accumulated gradient (the caller zeroes the gradients). */
  step(): void;
}

function check(name: string, v: number, ok: boolean, allowed: string): void {
  if (!ok) throw new RangeError(`invalid ${name}: ${String(v)} (${allowed})`);
}

export interface SGDOptions {
  lr?: number;
  /** Fraction of the previous update kept (0 = plain gradient descent). */
  momentum?: number;
}

/** Gradient descent with (heavy-ball) momentum: v ← μv + g, θ ← θ − lr·v. */
export class SGD implements Optimizer {
  readonly lr: number;
  readonly momentum: number;
  private readonly velocity: Float64Array[];

  constructor(
    readonly params: readonly Param[],
    opts: SGDOptions = {},
  ) {
    const { lr = 0.01, momentum = 0 } = opts;
    check("learning rate", lr, lr > 0 && Number.isFinite(lr), "must be a finite number > 0");
    check("momentum", momentum, momentum >= 0 && momentum < 1, "must be in [0, 1)");
    this.lr = lr;
    this.momentum = momentum;
    this.velocity = params.map((p) => new Float64Array(p.value.length));
  }

  step(): void {
    this.params.forEach((p, k) => {
      const v = this.velocity[k];
      for (let i = 0; i < v.length; i++) {
        v[i] = this.momentum * v[i] + p.grad[i];
        p.value[i] -= this.lr * v[i];
      }
    });
  }
}

export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/** Adam (Kingma & Ba 2015): steps scaled by running estimates of the gradient's mean and square, bias-corrected. */
export class Adam implements Optimizer {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  private t = 0;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];

  constructor(
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
    this.m = params.map((p) => new Float64Array(p.value.length));
    this.v = params.map((p) => new Float64Array(p.value.length));
  }

  step(): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, k) => {
      const m = this.m[k];
      const v = this.v[k];
      const g: Floats = p.grad;
      for (let i = 0; i < m.length; i++) {
        m[i] = this.beta1 * m[i] + (1 - this.beta1) * g[i];
        v[i] = this.beta2 * v[i] + (1 - this.beta2) * g[i] * g[i];
        p.value[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
      }
    });
  }
}
