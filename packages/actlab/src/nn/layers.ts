import { getActivation } from "../activations/registry.js";
import { shown, validateParams } from "../activations/params.js";
import { prelu } from "../activations/prelu.js";
import type { Activation as Kernel, Floats, Params } from "../activations/types.js";
import { createRng, type Rng } from "../train/rng.js";
import { arenaOf, type KernelInstance } from "../kernels/runtime.js";
import { BatchBuffers, fastInstance, nnBlock, overlaps } from "./fast.js";
import { evaluateModel, fitModel, predictModel, type EpochLogs, type FitOptions, type History, type LossId, type Rows } from "./fit.js";

/*
 * A batch is a row-major matrix stored flat: `rows` examples of `width` features, so feature j
 * of example r sits at [r·width + j]. Every layer keeps what its backward needs from the last
 * forward, accumulates parameter gradients (call zeroGrad between steps) and returns dx.
 */

/**
 * The element type of a layer's parameters and outputs: "float64" (the exact reference path, a new
 * array per call) or "float32" (the fast path on the WebAssembly SIMD kernels, with reused buffers).
 */
export type DType = "float64" | "float32";

/** A trainable array and the gradient accumulated for it. */
export interface Param {
  readonly name: string;
  readonly value: Floats;
  readonly grad: Floats;
}

/**
 * What every layer of `actlab/nn` does. A batch is a flat row-major matrix: example r, feature j
 * at [r·width + j]. `forward` keeps what `backward` needs; `backward` adds to the gradients of
 * `params` (zero them between steps) and returns dx.
 */
export interface Layer {
  readonly params: readonly Param[];
  /**
   * The layer's output for batch x (rows of the layer's input width).
   */
  forward(x: Floats): Floats;
  /**
   * Accumulates the parameter gradients and returns dx. With needDx = false (the first layer of
   * a network, whose input is data) a layer may skip dx and return an empty array.
   */
  backward(dy: Floats, needDx?: boolean): Floats;
}

function make(dtype: DType | undefined, n: number): Floats {
  return dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
}

function like(x: Floats, n: number): Floats {
  return x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/** A parameter of n zeros: float32 when asked, else float64 (the default). */
function param(name: string, dtype: DType | undefined, n: number): Param {
  return { name, value: make(dtype, n), grad: make(dtype, n) };
}

function rowsOf(what: string, x: Floats, width: number): number {
  if (x.length % width !== 0) throw new RangeError(`${what}: input length ${x.length} is not a multiple of its width ${width}`);
  return x.length / width;
}

function needForward(what: string, v: unknown): void {
  if (v === undefined) throw new Error(`${what}: backward called before forward`);
}

/**
 * How to draw the first weights: Xavier/Glorot uniform keeps the variance of activations and
 * gradients equal for tanh and sigmoid; He normal (variance 2/in) does that for ReLU, whose
 * output has half the variance; LeCun normal (variance 1/in) is what SELU's fixed point assumes.
 */
export type Init = "xavier" | "he" | "lecun";
/**
 * The weight initialisers `Dense` accepts (see `Init`), for menus and validation.
 *
 * @example
 * inits;   // ["xavier", "he", "lecun"]
 */
export const inits: readonly Init[] = ["xavier", "he", "lecun"];

/**
 * Options of `Dense`: the initialiser (default "xavier"), the random source and the dtype (default "float64").
 */
export interface DenseOptions {
  init?: Init;
  /** Random source for the weights (default: a fresh one with the default seed). */
  rng?: Rng;
  dtype?: DType;
}

/**
 * y = x·W + b, with W stored in-by-out (W[i·out + j] joins input i to output j).
 *
 * dtype "float32" is the fast path: W, b and their gradients live in WebAssembly memory and the
 * three products run on the SIMD matrix kernels; the output, dx and any copy of a plain input are
 * buffers of the layer, overwritten by the next call (of any batch size; they grow only for a
 * batch larger than any before). dtype "float64" is the exact scalar reference path (a new array per call).
 *
 * @example
 * const layer = new Dense(2, 3, { init: "he", rng: createRng(1) });
 * const y = layer.forward(new Float64Array([1, 2, 3, 4]));   // a batch of 2 rows of 2
 * y.length;                                                   // 6: 2 rows of 3
 * layer.backward(new Float64Array(6).fill(1)).length;         // 4: dx, same shape as x
 * layer.bias.grad;                                            // Float64Array [2, 2, 2]: Σ dy over the rows
 * // float32: the output is the layer's own buffer, overwritten by the next forward
 * const fast = new Dense(2, 1, { dtype: "float32" });
 * const a = fast.forward(new Float32Array([1, 2]));
 * a === fast.forward(new Float32Array([3, 4]));               // true: copy with a.slice() to keep a result
 */
export class Dense implements Layer {
  /** The weights W, `inputs × outputs` values, row i holding the weights from input i. */
  readonly weight: Param;
  /** The bias b, one value per output. */
  readonly bias: Param;
  /** The trainable arrays of the layer: `[weight, bias]`. */
  readonly params: readonly Param[];
  private x?: Floats;
  // Per-batch float32 buffers: the output, a copy of an input the kernels cannot reach, dy's copy, dx.
  readonly #y = new BatchBuffers();
  readonly #xCopy = new BatchBuffers();
  readonly #dyCopy = new BatchBuffers();
  readonly #dx = new BatchBuffers();
  #wt?: Float32Array;

  /**
   * A dense layer from `inputs` to `outputs` values per row, its weights drawn by `opts.init`
   * (a RangeError names a bad width or initialiser).
   */
  constructor(
    /** Width of the input rows. */
    readonly inputs: number,
    /** Width of the output rows. */
    readonly outputs: number,
    opts: DenseOptions = {},
  ) {
    for (const [k, v] of [["inputs", inputs], ["outputs", outputs]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`Dense: invalid ${k}: ${shown(v)} (must be an integer ≥ 1)`);
    }
    const { init = "xavier", dtype } = opts;
    if (!inits.includes(init)) throw new RangeError(`Dense: unknown init: ${String(init)} (use ${inits.join(", ")})`);
    const rng = opts.rng ?? createRng();
    if (dtype === "float32") {
      const [w, gw, b, gb] = nnBlock([inputs * outputs, inputs * outputs, outputs, outputs]);
      this.weight = { name: "weight", value: w, grad: gw };
      this.bias = { name: "bias", value: b, grad: gb };
    } else {
      this.weight = param("weight", dtype, inputs * outputs);
      this.bias = param("bias", dtype, outputs);
    }
    this.params = [this.weight, this.bias];
    const w = this.weight.value;
    if (init === "xavier") {
      const a = Math.sqrt(6 / (inputs + outputs));
      for (let i = 0; i < w.length; i++) w[i] = a * (2 * rng.random() - 1);
    } else {
      const sd = Math.sqrt((init === "he" ? 2 : 1) / inputs);
      for (let i = 0; i < w.length; i++) w[i] = sd * rng.normal();
    }
  }

  /** The wasm instance of this layer's parameters when the fast path can take x. */
  #fast(x: Floats): KernelInstance | undefined {
    const { value: w, grad: gw } = this.weight;
    return x instanceof Float32Array ? fastInstance(w, gw, this.bias.value, this.bias.grad) : undefined;
  }

  /**
   * y = x·W + b for a batch x of rows of `inputs` values; rows of `outputs` values out. With
   * dtype "float32" the result is a buffer of the layer, reused by the next call.
   */
  forward(x: Floats): Floats {
    const rows = rowsOf("Dense", x, this.inputs);
    const { inputs: m, outputs: k } = this;
    const inst = this.#fast(x);
    if (inst) {
      const w = this.weight.value as Float32Array;
      // Buffers go beside W, but a full arena puts them in another one: the kernels then cannot
      // reach them (byte offsets are per memory), and the exact loops below answer instead.
      const y = this.#y.get(rows * k, w);
      let xin = x as Float32Array;
      if (arenaOf(xin) !== inst || overlaps(xin, y)) {
        xin = this.#xCopy.get(rows * m, w);
        xin.set(x);
      }
      if (arenaOf(y) === inst && arenaOf(xin) === inst) {
        inst.k.gemm(xin.byteOffset, m * 4, 4, w.byteOffset, k * 4, y.byteOffset, k * 4, rows, k, m, this.bias.value.byteOffset, 0);
        this.x = xin;
        return y;
      }
    }
    const w = this.weight.value;
    const b = this.bias.value;
    const y = like(x, rows * k);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < k; j++) {
        let s = b[j];
        for (let i = 0; i < m; i++) s += x[r * m + i] * w[i * k + j];
        y[r * k + j] = s;
      }
    }
    this.x = x;
    return y;
  }

  backward(dy: Floats, needDx = true): Floats {
    needForward("Dense", this.x);
    const x = this.x as Floats;
    const { inputs: m, outputs: k } = this;
    const rows = x.length / m;
    if (dy.length !== rows * k) throw new RangeError(`Dense: dy has length ${dy.length}, expected ${rows * k}`);
    const inst = this.#fast(x);
    if (inst && arenaOf(x as Float32Array) === inst && dy instanceof Float32Array) {
      const dx = this.#backwardFast(inst, x as Float32Array, dy, needDx);
      if (dx) return dx;
    }
    const w = this.weight.value;
    const gw = this.weight.grad;
    const gb = this.bias.grad;
    const dx = like(x, needDx ? x.length : 0);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < k; j++) {
        const g = dy[r * k + j];
        gb[j] += g;
        for (let i = 0; i < m; i++) gw[i * k + j] += x[r * m + i] * g;
        // Stryker disable next-line ConditionalExpression: dx is empty without needDx, so the loop would only write nowhere; the guard saves that work
        if (needDx) {
          for (let i = 0; i < m; i++) dx[r * m + i] += w[i * k + j] * g;
        }
      }
    }
    return dx;
  }

  #backwardFast(inst: KernelInstance, x: Float32Array, dy: Float32Array, needDx: boolean): Float32Array | undefined {
    const { inputs: m, outputs: k } = this;
    const rows = x.length / m;
    const w = this.weight.value as Float32Array;
    let d = dy;
    if (arenaOf(d) !== inst) {
      d = this.#dyCopy.get(rows * k, w);
      d.set(dy);
    }
    const wt = needDx ? (this.#wt ??= nnBlock([m * k], w)[0]) : undefined;
    const dx = needDx ? this.#dx.get(rows * m, w) : undefined;
    // Every buffer must share the kernel's memory (see forward); otherwise the exact loops answer.
    if (arenaOf(d) !== inst || (wt && arenaOf(wt) !== inst) || (dx && arenaOf(dx) !== inst)) return undefined;
    inst.k.col_sum_acc(d.byteOffset, this.bias.grad.byteOffset, rows, k);
    // gW (m×k) += xᵀ·dy: A = xᵀ, whose entry (i, r) is x[r·m + i].
    inst.k.gemm(x.byteOffset, 4, m * 4, d.byteOffset, k * 4, this.weight.grad.byteOffset, k * 4, m, k, rows, 0, 1);
    if (!needDx) return new Float32Array(0);
    // dx = dy·Wᵀ, on a transposed copy of W so that the kernel reads unit-stride rows.
    const t = wt as Float32Array;
    const out = dx as Float32Array;
    inst.k.transpose(w.byteOffset, t.byteOffset, m, k);
    inst.k.gemm(d.byteOffset, k * 4, 4, t.byteOffset, m * 4, out.byteOffset, m * 4, rows, m, k, 0, 0);
    return out;
  }
}

/**
 * A fixed elementwise activation from the registry. Forward keeps f′(x) from the kernel's
 * one-pass forwardWithDerivative, so backward is the kernel's multiply dy·f′(x).
 *
 * @example
 * const act = new Activation("elu", { alpha: 0.5 });
 * act.forward(new Float64Array([-1, 2]));    // Float64Array [-0.31606027941427883, 2]
 * act.backward(new Float64Array([1, 1]));    // Float64Array [0.18393972058572117, 1]: dy·f′(x)
 * new Activation("elu", { alpha: -1 });      // throws RangeError: invalid alpha for elu: -1 (…)
 */
export class Activation implements Layer {
  /** None: a fixed activation has no trainable arrays. */
  readonly params: readonly Param[] = [];
  /** The registry's activation that computes f and f′. */
  readonly kernel: Kernel;
  private d?: Floats;
  // Per-batch float32 buffers: f′(x), the output (unless in place) and dx.
  readonly #d = new BatchBuffers();
  readonly #y = new BatchBuffers();
  readonly #dx = new BatchBuffers();

  /**
   * The activation `id` of the registry with parameters `p`; an unknown id or a bad parameter throws
   * the registry's error here, not at the first batch.
   */
  constructor(
    /** The registry id of the activation. */
    readonly id: string,
    /** Its parameters (e.g. `{ alpha: 0.5 }`), validated when the layer is made. */
    readonly p?: Params,
  ) {
    this.kernel = getActivation(id);
    // validates the parameters now, with the registry's message; an array (PReLU's α per
    // channel, element i using α[i mod C] as everywhere in the library) is checked as such
    if (p && Object.values(p).some((v) => typeof v === "object" && v !== null)) validateParams(this.kernel, p);
    else this.kernel.f(0, p);
  }

  /**
   * f(x) elementwise (any shape), keeping f′(x) for `backward`; float32 outputs are reused buffers
   * of the layer, as in `Dense`.
   */
  forward(x: Floats): Floats {
    return this.#forward(x, false);
  }

  /**
   * forward writing y over x, for a Sequential whose previous layer (a float32 Dense) owns x and
   * never reads it again: Dense and activation then cost one pass over the output.
   */
  forwardInPlace(x: Floats): Floats {
    return this.#forward(x, true);
  }

  #forward(x: Floats, inPlace: boolean): Floats {
    if (fastInstance(x)) {
      // Float32 in wasm memory: y and f′ in buffers beside x (or y over x), reused by every call.
      const xf = x as Float32Array;
      const n = x.length;
      const d = this.#d.get(n, xf);
      const y = inPlace ? xf : this.#y.get(n, xf);
      this.kernel.forwardWithDerivative(xf, this.p, y, d);
      this.d = d;
      return y;
    }
    const { y, d } = this.kernel.forwardWithDerivative(x, this.p);
    this.d = d;
    return y;
  }

  backward(dy: Floats): Floats {
    needForward(`Activation(${this.id})`, this.d);
    const d = this.d as Floats;
    if (dy.length !== d.length) throw new RangeError(`Activation(${this.id}): dy has length ${dy.length}, expected ${d.length}`);
    if (fastInstance(d)) {
      // f′ in wasm memory: dx in a buffer beside it, on the kernel when dy lies there too.
      const df = d as Float32Array;
      const dx = this.#dx.get(d.length, df);
      const inst = fastInstance(df, dy, dx);
      if (inst) inst.k.mul_into(dy.byteOffset, df.byteOffset, dx.byteOffset, d.length);
      else for (let i = 0; i < d.length; i++) dx[i] = dy[i] * df[i];
      return dx;
    }
    const dx = like(d, d.length);
    for (let i = 0; i < d.length; i++) dx[i] = dy[i] * d[i];
    return dx;
  }
}

/**
 * Options of the `PReLU` layer: α per unit or shared, its initial value and the dtype.
 */
export interface PReLUOptions {
  /** One α per unit (true) or one shared by all (false, the default). */
  perUnit?: boolean;
  /** Initial α (default: the registry's default for prelu). */
  init?: number;
  dtype?: DType;
}

/**
 * PReLU whose α is a parameter: one shared value, or one per unit (column).
 *
 * @example
 * const layer = new PReLU(2, { perUnit: true });                  // α = 0.25 for each of 2 units
 * layer.forward(new Float64Array([-1, 1, -2, 2]));                 // Float64Array [-0.25, 1, -0.5, 2]
 * layer.backward(new Float64Array([1, 1, 1, 1]));                  // Float64Array [0.25, 1, 0.25, 1]
 * layer.alpha.grad;                                                // Float64Array [-3, 0]: Σ dy·x over x < 0, per unit
 */
export class PReLU implements Layer {
  /** α: one value shared by all units, or one per unit (`perUnit`). */
  readonly alpha: Param;
  /** The trainable arrays of the layer: `[alpha]`. */
  readonly params: readonly Param[];
  private x?: Floats;
  private d?: Floats;

  /** A PReLU layer over rows of `units` values (α initialised to `opts.init`, by default 0.25). */
  constructor(
    /** Width of the rows (unit j is column j). */
    readonly units: number,
    opts: PReLUOptions = {},
  ) {
    if (!Number.isInteger(units) || units < 1) throw new RangeError(`PReLU: invalid units: ${shown(units)} (must be an integer ≥ 1)`);
    const init = opts.init ?? (prelu.params.find((s) => s.name === "alpha")?.default as number);
    prelu.f(0, { alpha: init });
    this.alpha = param("alpha", opts.dtype, opts.perUnit ? units : 1);
    this.alpha.value.fill(init);
    this.params = [this.alpha];
  }

  /**
   * prelu(x; α) for a batch of rows of `units` values; with one α per unit, column j uses α[j].
   */
  forward(x: Floats): Floats {
    rowsOf("PReLU", x, this.units);
    // Element i of a row-major batch is unit i mod units, the registry's channel rule.
    const { y, d } = prelu.forwardWithDerivative(x, { alpha: this.alpha.value });
    this.x = x;
    this.d = d;
    return y;
  }

  backward(dy: Floats): Floats {
    needForward("PReLU", this.x);
    const x = this.x as Floats;
    const d = this.d as Floats;
    const g = prelu.backwardAlpha(x, dy as typeof x, { alpha: this.alpha.value });
    for (let k = 0; k < g.length; k++) this.alpha.grad[k] += g[k];
    const dx = like(x, x.length);
    for (let i = 0; i < x.length; i++) dx[i] = dy[i] * d[i];
    return dx;
  }
}

/**
 * Layers applied in order; backward runs them in reverse.
 *
 * @example
 * const rng = createRng(7);
 * const model = new Sequential([new Dense(2, 8, { init: "he", rng }), new Activation("relu"), new Dense(8, 2, { rng })]);
 * const opt = new Adam(model.params, { lr: 0.05 });
 * const x = new Float64Array([0, 0, 1, 1]), labels = [0, 1];
 * for (let i = 0; i < 100; i++) {
 *   model.zeroGrad();
 *   const { grad } = softmaxCrossEntropy(model.forward(x), labels, 2);
 *   model.backward(grad, false);   // false: no dx needed for the data
 *   opt.step();
 * }
 * argmaxRows(model.forward(x), 2);   // Int32Array [0, 1]
 *
 * // The same with fit (Keras-style): XOR, 4 rows, labels 0/1
 * const xor = new Sequential([new Dense(2, 8, { rng: createRng(1) }), new Activation("tanh"), new Dense(8, 2, { rng: createRng(2) })]);
 * const history = await xor.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 200, batchSize: 4, learningRate: 0.05 });
 * history.history.accuracy?.at(-1);                      // 1
 * argmaxRows(xor.predict([[0, 1], [1, 1]]), 2);          // Int32Array [1, 0]
 * xor.evaluate([[1, 0]], [1]).accuracy;                  // 1
 */
export class Sequential implements Layer {
  /** The trainable arrays of every layer, in order (what an optimiser is given). */
  readonly params: readonly Param[];

  /** The layers to apply in order (`layers`, kept as given). */
  constructor(readonly layers: readonly Layer[]) {
    this.params = layers.flatMap((l) => l.params);
  }

  /**
   * Runs x through every layer in order. A float32 activation after a float32 Dense works in place
   * on the Dense's output buffer, so the result is a reused buffer (copy it to keep it).
   */
  forward(x: Floats): Floats {
    let h = x;
    this.layers.forEach((l, i) => {
      // A Dense's output is its own buffer (float32) or a new array, read by nothing after the next
      // layer; forwardInPlace writes over it only when it lies in wasm memory.
      h = l instanceof Activation && this.layers[i - 1] instanceof Dense ? l.forwardInPlace(h) : l.forward(h);
    });
    return h;
  }

  /** Backward through every layer; needDx = false lets the first layer skip dx (returned empty). */
  backward(dy: Floats, needDx = true): Floats {
    let g = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.layers[i].backward(g, i > 0 || needDx);
    return g;
  }

  /**
   * Sets the gradient of every parameter to zero; call it before each forward/backward pass.
   */
  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  /**
   * Trains the model on rows `x` (a flat row-major array, or an array of rows) with targets `y`
   * (one integer label per row for the default softmax cross-entropy; target rows for "mse") and
   * resolves to the history: loss and accuracy per epoch, and validation loss and accuracy when
   * `opts.validation` is given. After Keras/TF.js `model.fit`; the differences (no compile, the
   * camelCase history keys, `seed`, stop on a non-finite loss) are listed in `FitOptions`' file, nn/fit.ts.
   * Deterministic: the same model, data and options give the same history.
   */
  fit(x: Rows, y: Rows | ArrayLike<number>, opts?: FitOptions): Promise<History> {
    return fitModel(this, x, y, opts);
  }

  /** Loss (and accuracy, for softmax cross-entropy) on rows x with targets y, in batches; no training. */
  evaluate(x: Rows, y: Rows | ArrayLike<number>, opts?: { batchSize?: number; loss?: LossId }): EpochLogs {
    return evaluateModel(this, x, y, opts);
  }

  /** The outputs (logits for a classifier) for rows x, in batches, as one new array. */
  predict(x: Rows, opts?: { batchSize?: number }): Floats {
    return predictModel(this, x, opts);
  }
}
