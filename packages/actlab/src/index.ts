/**
 * The activation functions of the article and their array kernels: the registry (exact float64
 * `f` and `f′`, metadata in English and Chinese), softmax and log-softmax, parameter validation,
 * and the choice of float32 kernels (WebAssembly SIMD or exact JS).
 *
 * @example
 * import { getActivation, softmax } from "actlab";
 * getActivation("elu").f(-1);                 // -0.6321205588285577
 * softmax(new Float64Array([1, 2, 3]));       // Float64Array [0.0900…, 0.2447…, 0.6652…]
 * @module actlab
 */
export type {
  Activation,
  ActivationInfo,
  Bilingual,
  ConstantSpec,
  Floats,
  Lang,
  LearnableActivation,
  ParamSpec,
  Params,
  ParamValue,
  Properties,
  Reference,
} from "./activations/types.js";
export type { ActivationId, AnyActivation, Group, GroupId } from "./activations/registry.js";
export type { RowOptions } from "./activations/softmax.js";

export {
  activations,
  activationIds,
  articleActivations,
  moreActivations,
  catalog,
  getActivation,
  getInfo,
  groups,
  groupOf,
  unknownActivationMessage,
  registerActivation,
  unregisterActivation,
  registeredActivations,
  isBuiltinActivation,
  streamOf,
} from "./activations/registry.js";
export { parseActivation, resolveActivation, splitFunctionList, FormulaError } from "./formula/index.js";
export type { FormulaActivation, FormulaCheck, FormulaOptions, CheckPoint } from "./formula/index.js";
export { sigmoid } from "./activations/sigmoid.js";
export { tanh } from "./activations/tanh.js";
export { relu } from "./activations/relu.js";
export { leakyRelu } from "./activations/leaky-relu.js";
export { elu } from "./activations/elu.js";
export { prelu } from "./activations/prelu.js";
export { selu, SELU_ALPHA, SELU_LAMBDA } from "./activations/selu.js";
export { gelu } from "./activations/gelu.js";
export { geluTanh } from "./activations/gelu-tanh.js";
export { silu } from "./activations/silu.js";
export { mish } from "./activations/mish.js";
export { softplus } from "./activations/softplus.js";
export { softsign } from "./activations/softsign.js";
export { hardtanh } from "./activations/hardtanh.js";
export { relu6 } from "./activations/relu6.js";
export { hardsigmoid } from "./activations/hardsigmoid.js";
export { hardswish } from "./activations/hardswish.js";
export { celu } from "./activations/celu.js";
export { logSigmoid } from "./activations/log-sigmoid.js";
export { tanhshrink } from "./activations/tanhshrink.js";
export { softshrink } from "./activations/softshrink.js";
export { hardshrink } from "./activations/hardshrink.js";
export { threshold } from "./activations/threshold.js";
export { rrelu } from "./activations/rrelu.js";
export { softmax, logSoftmax, softmaxBackward, logSoftmaxBackward, softmaxInfo } from "./activations/softmax.js";
export { validateParams, describeRange } from "./activations/params.js";
export { setKernelBackend, getKernelBackend, wasmKernelSupport, WasmArena, allocFloat32 } from "./kernels/index.js";
export type { KernelBackend } from "./kernels/index.js";
