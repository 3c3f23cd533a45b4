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
export type { ActivationId, AnyActivation } from "./activations/registry.js";
export type { RowOptions } from "./activations/softmax.js";

export { activations, activationIds, catalog, getActivation, getInfo } from "./activations/registry.js";
export { sigmoid } from "./activations/sigmoid.js";
export { tanh } from "./activations/tanh.js";
export { relu } from "./activations/relu.js";
export { leakyRelu } from "./activations/leaky-relu.js";
export { elu } from "./activations/elu.js";
export { prelu } from "./activations/prelu.js";
export { selu, SELU_ALPHA, SELU_LAMBDA } from "./activations/selu.js";
export { softmax, logSoftmax, softmaxBackward, logSoftmaxBackward, softmaxInfo } from "./activations/softmax.js";
export { validateParams, describeRange } from "./activations/params.js";
export { setKernelBackend, getKernelBackend, wasmKernelSupport, WasmArena, allocFloat32 } from "./kernels/index.js";
export type { KernelBackend } from "./kernels/index.js";
