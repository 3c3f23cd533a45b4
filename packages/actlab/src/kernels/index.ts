export { getKernelBackend, setKernelBackend, wasmKernelSupport, type KernelBackend } from "./runtime.js";
export { WasmArena, allocFloat32 } from "./arena.js";
export { fastForward, fastBackward, fastForwardWithDerivative, fastPreluChannels } from "./elementwise.js";
export { fastSoftmax, fastSoftmaxBackward } from "./softmax.js";
