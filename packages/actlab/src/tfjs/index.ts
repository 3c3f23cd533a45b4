/**
 * actlab/tfjs: actlab's activations inside TensorFlow.js models, with actlab's exact forward
 * values and derivatives (its kink and tail conventions included).
 *
 * TF.js is an optional peer dependency (`@tensorflow/tfjs` 4.x); nothing here is loaded unless
 * this subpath is imported. Each call reads the input tensor's data into JS (`dataSync`), runs
 * actlab's fused `forwardWithDerivative` on it (WebAssembly SIMD for float32), and uploads f(x)
 * and f′(x) as two new tensors (float32); the gradient is then `dy · f′(x)`, a TF.js float32 multiply
 * (so it can differ by one rounding from `backward`, which multiplies in float64). So the cost
 * is a data round trip per call: negligible on the cpu and wasm backends (the data already lives
 * in JS or wasm memory), a GPU download and upload on WebGL/WebGPU (it works there, but stalls
 * the pipeline; prefer the cpu or wasm backend with it).
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { actlabActivation, tfActivation } from "actlab/tfjs";
 * const gelu = tfActivation("gelu");
 * gelu(tf.tensor([-1, 0, 1])).print();           // [-0.1586553, 0, 0.8413447]
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [2], units: 8 }),
 *   actlabActivation({ id: "elu", params: { alpha: 0.5 } }),
 *   tf.layers.dense({ units: 2, activation: "softmax" }),
 * ] });
 *
 * @module actlab/tfjs
 */
import * as tf from "@tensorflow/tfjs";
import { validateParams } from "../activations/params.js";
import { registerActivation } from "../activations/registry.js";
import type { Activation, Params } from "../activations/types.js";
import { type FormulaActivation, parseActivation, resolveActivation } from "../formula/index.js";

/** A TF.js function of one tensor: f(x) forward, dy · f′(x) backward. */
export type TfActivationFn = (x: tf.Tensor) => tf.Tensor;

/** The serialisable configuration of an {@link ActlabActivation} layer. */
export interface ActlabActivationArgs {
  /**
   * A registry id of an elementwise function ("relu", "gelu", "elu"), a registered id, or a
   * formula in x ("x*sigmoid(1.702*x)"); with `formula`, the id to register that formula under.
   */
  id: string;
  /** A formula in x, saved in the config so a loaded model parses it again (default: none, or `id` when `id` is a formula). */
  formula?: string;
  /**
   * Parameters (e.g. `{ alpha: 0.5 }`); defaults come from the registry. PReLU's α stays fixed
   * here, one value or one per channel of the last axis (`{ alpha: [0.1, 0.2] }`).
   */
  params?: Record<string, number | number[]>;
  /** Layer name, as for any tf.layers layer. */
  name?: string;
}

/**
 * TF.js function with actlab's exact forward and gradient for a registry function, built with
 * `tf.customGrad`. Parameters are validated once, here (a RangeError names the bad one).
 *
 * @example
 * const silu = tfActivation("silu");
 * tf.grad(silu)(tf.tensor([-2, 0, 3])).print();   // [-0.0907843, 0.5, 1.0881041]: silu′ at −2, 0, 3
 * const quickGelu = tfActivation("x*sigmoid(1.702*x)");   // a formula works too (parsed, never run as code)
 */
export function tfActivation(id: string, params?: Params): TfActivationFn {
  // Unknown ids and softmax (a row function: use tf.softmax) throw the registry's message; any
  // other text is read as a formula (a FormulaError shows the column of a mistake).
  return tfActivationOf(resolveActivation(id), params);
}

function tfActivationOf(a: Activation, params?: Params): TfActivationFn {
  const id = a.id;
  // Validate now rather than on the first batch; an array is one α per channel (PReLU).
  const channels = params ? Object.values(params).find((v): v is ArrayLike<number> => typeof v === "object" && v !== null && v.length !== 1) : undefined;
  if (channels) validateParams(a, params);
  else a.f(0, params);
  const fn = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const data = x.dataSync();
    const input = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    const { y, d } = a.forwardWithDerivative(input, params);
    const deriv = tf.tensor(d, x.shape, "float32");
    save([deriv]);
    return {
      value: tf.tensor(y, x.shape, "float32"),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),
    };
  });
  return (x: tf.Tensor) => {
    // checked before any tensor is made, so a refused input leaks nothing
    if (x.dtype === "string" || x.dtype === "complex64") {
      throw new TypeError(`${id}: expects a float32, int32 or bool tensor, got a ${x.dtype} tensor (convert strings to numbers first)`);
    }
    const last = x.shape[x.shape.length - 1];
    if (channels && last !== channels.length) {
      throw new RangeError(`${id}: alpha has ${channels.length} channels but the tensor's last axis has ${last ?? "no"} entries (shape [${x.shape.join(", ")}])`);
    }
    return fn(x) as tf.Tensor;
  };
}

const CLASS_NAME = "ActlabActivation";

/**
 * A `tf.layers` layer applying an actlab activation elementwise. Registered for serialisation
 * under the class name "ActlabActivation", so `model.save()` and `tf.loadLayersModel()`
 * round-trip a model that uses it (call {@link registerActlabLayers} before loading in a
 * process that has not created one yet).
 *
 * @example
 * const layer = new ActlabActivation({ id: "tanh" });   // or actlabActivation({ id: "tanh" }), which also registers the class
 * layer.getConfig();   // { name: "actlab_activation_ActlabActivation1", trainable: true, id: "tanh", params: {} }
 */
export class ActlabActivation extends tf.layers.Layer {
  static className = CLASS_NAME;
  /** The registry id (the layer's own numeric `id` stays TF.js's). */
  readonly activation: string;
  readonly params: Record<string, number | number[]>;
  /** The formula text when the activation is a formula (saved in the config), else undefined. */
  readonly formula: string | undefined;
  private readonly fn: TfActivationFn;

  constructor(args: ActlabActivationArgs) {
    super({ name: args.name });
    let a: Activation;
    if (args.formula !== undefined) {
      a = parseActivation(args.formula, { id: args.id });
      registerActivation(a);
    } else a = resolveActivation(args.id);
    this.activation = a.id;
    this.formula = (a as Partial<FormulaActivation>).formula;
    this.params = Object.fromEntries(Object.entries(args.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
    this.fn = tfActivationOf(a, this.params);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return this.fn(x);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), id: this.activation, params: this.params, ...(this.formula !== undefined ? { formula: this.formula } : {}) };
  }
}

let registered = false;

/**
 * Registers {@link ActlabActivation} with TF.js's serialisation (idempotent).
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { registerActlabLayers } from "actlab/tfjs";
 * registerActlabLayers();   // then, in a fresh process:
 * // const model = await tf.loadLayersModel("file://model/model.json");
 */
export function registerActlabLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(ActlabActivation);
  registered = true;
}

/**
 * A new {@link ActlabActivation} layer (and the class registered for loading models).
 *
 * @example
 * tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 16 }), actlabActivation({ id: "mish" })] });
 * // a model whose output has shape [null, 16]: Mish on each of the 16 units
 */
export function actlabActivation(args: ActlabActivationArgs): ActlabActivation {
  registerActlabLayers();
  return new ActlabActivation(args);
}
