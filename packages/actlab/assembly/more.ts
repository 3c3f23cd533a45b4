// The second kernel module: the functions beyond the article (extra.ts) and the matrix and
// optimiser kernels of actlab/nn (gemm.ts). It shares the memory of a kernels.ts instance, so
// scripts/build-wasm.mjs places its static data at MORE_BASE, after that module's static data and
// its softmax blocks (src/kernels/runtime.ts checks that the two never overlap).
export * from "./extra";
export * from "./gemm";

/** Where this module's static data ends. */
export function more_heap_base(): usize {
  return __heap_base;
}
