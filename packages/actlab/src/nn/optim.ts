import type { Floats } from "../activations/types.js";
import type { Param } from "./layers.js";
import { shown } from "../activations/params.js";
import { fastInstance, nnBlock } from "./fast.js";

/**
 * Optimiser state shaped like each parameter: float32 beside it in wasm memory when the
 * parameter lives there (the SIMD step kernels then update all of them in place), else float64.
 */
function stateFor(who: string, params: readonly Param[], count: number): Floats[][] {
  return checkParams(who, params).map((p) => {
    const n = p.value.length;
    if (fastInstance(p.value)) return nnBlock(new Array<number>(count).fill(n), p.value as Float32Array);
    return Array.from({ length: count }, () => new Float64Array(n));
  });
}

/** Before a step changes anything: every Param still well formed and as long as its state. */
function checkState(who: string, params: readonly Param[], state: readonly Floats[]): void {
  if (params.length !== state.length) throw new RangeError(`${who}: ${params.length} params now, not the ${state.length} it was made with`);
  params.forEach((p, k) => {
    checkParam(who, p, k);
    if (p.value.length !== state[k].length) {
      throw new RangeError(`${who}: params[${k}] now has length ${p.value.length}, not the ${state[k].length} it had when the optimiser was made`);
    }
  });
}

/**
 * Something that updates a list of `Param`s from their accumulated gradients (`SGD`, `Adam`).
 */
export interface Optimizer {
  /** Updates every parameter from its accumulated gradient (the caller zeroes the gradients). */
  step(): void;
}

/** A number option: its value must be a number (a string "0.1" is refused, quoted as a string) for which `ok` holds. */
function check(name: string, v: unknown, ok: (v: number) => boolean, allowed: string): void {
  if (typeof v !== "number" || !ok(v)) throw new RangeError(`invalid ${name}: ${shown(v)} (${allowed})`);
}

function isFloats(v: unknown): v is Floats {
  return v instanceof Float64Array || v instanceof Float32Array;
}

/**
 * What an optimiser updates: an array of Params, each a value and a gradient of one length. A
 * shorter grad would be read past its end (NaN in float64, the neighbouring arena memory in the
 * float32 kernels), so it is refused here, and again at every step in case a Param was swapped.
 */
function checkParams(who: string, params: unknown): readonly Param[] {
  if (!Array.isArray(params)) throw new TypeError(`${who}: params must be an array of { value, grad } (e.g. model.params), got ${shown(params)}`);
  params.forEach((p: unknown, k) => checkParam(who, p, k));
  return params as readonly Param[];
}

function checkParam(who: string, p: unknown, k: number): void {
  const q = p as Partial<Param> | null;
  const name = typeof q?.name === "string" ? ` (${q.name})` : "";
  if (q === null || typeof q !== "object" || !isFloats(q.value) || !isFloats(q.grad)) {
    throw new TypeError(`${who}: params[${k}]${name} must have a value and a grad that are Float64Arrays or Float32Arrays`);
  }
  if (q.grad.length !== q.value.length) {
    throw new RangeError(`${who}: params[${k}]${name} has a grad of length ${q.grad.length} for a value of length ${q.value.length} (they must match)`);
  }
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
    check("learning rate", lr, (v) => v > 0 && Number.isFinite(v), "must be a finite number > 0");
    check("momentum", momentum, (v) => v >= 0 && v < 1, "must be in [0, 1)");
    this.lr = lr;
    this.momentum = momentum;
    this.velocity = stateFor("SGD", params, 1).map((s) => s[0]);
  }

  step(): void {
    checkState("SGD", this.params, this.velocity);
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
    check("learning rate", lr, (v) => v > 0 && Number.isFinite(v), "must be a finite number > 0");
    check("beta1", beta1, (v) => v >= 0 && v < 1, "must be in [0, 1)");
    check("beta2", beta2, (v) => v >= 0 && v < 1, "must be in [0, 1)");
    check("eps", eps, (v) => v > 0 && Number.isFinite(v), "must be a finite number > 0");
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    const state = stateFor("Adam", params, 2);
    this.m = state.map((s) => s[0]);
    this.v = state.map((s) => s[1]);
  }

  step(): void {
    checkState("Adam", this.params, this.m);
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, k) => {
      const m = this.m[k];
      const v = this.v[k];
      const g: Floats = p.grad;
      const inst = fastInstance(p.value, g, m, v);
      if (inst) {
        // 1 − β is passed too, worked out in float64: the kernel cannot get it from β rounded to float32
        inst.k.adam_step(p.value.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, m.length, this.beta1, 1 - this.beta1, this.beta2, 1 - this.beta2, this.lr / c1, 1 / c2, this.eps);
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
