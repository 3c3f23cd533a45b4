// The lab's stand-in for the library's two kernel modules (lab/vite.config.ts points the imports
// of packages/actlab/src/kernels/runtime.ts here). Their base64 strings start empty, so the first
// view ships no WebAssembly; runtime.ts reads these live bindings again until they hold bytes,
// and float32 work takes the exact JS path until then. The article's kernels (wasm-module) are
// fetched when the browser is idle after the first view; the others (wasm-more: the functions
// beyond the article and the nn kernels) when a view that uses them opens, or when idle after that.
export let KERNELS_WASM_BASE64 = "";
export let KERNELS_MORE_BASE64 = "";

let article: Promise<void> | undefined;
let all: Promise<void> | undefined;

/** Loads the kernels of the article's functions ("article") or every kernel ("all"); once each. */
export function loadKernels(part: "article" | "all"): Promise<void> {
  article ??= import("../../packages/actlab/src/kernels/wasm-module.js").then((m) => {
    KERNELS_WASM_BASE64 = m.KERNELS_WASM_BASE64;
  });
  if (part === "article") return article;
  all ??= Promise.all([article, import("../../packages/actlab/src/kernels/wasm-more.js")]).then(([, m]) => {
    KERNELS_MORE_BASE64 = m.KERNELS_MORE_BASE64;
  });
  return all;
}

/**
 * Fetches the article's kernels, then the others, when the browser has nothing else to do;
 * `also` (the formula parser) is fetched at the same idle moment.
 */
export function prefetchKernels(also?: () => void): void {
  const idle = (f: () => void) => ("requestIdleCallback" in globalThis ? requestIdleCallback(() => f(), { timeout: 5000 }) : setTimeout(f, 200));
  idle(() => {
    // scripts/lab-budget.mjs counts what was requested before this mark as the first view.
    if (performance.getEntriesByName("actlab-prefetch").length === 0) performance.mark("actlab-prefetch");
    also?.();
    void loadKernels("article").then(() => idle(() => void loadKernels("all")));
  });
}
