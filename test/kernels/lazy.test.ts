// The second kernel module (assembly/more.ts: the functions beyond the article and the nn kernels)
// may arrive after the first (the lab loads it when a view needs it). Until then those functions
// take the exact path; once it is there, instances made before it get its kernels too.
import { describe, expect, it, vi } from "vitest";

const bytes = vi.hoisted(() => ({ more: "" }));
vi.mock("../../packages/actlab/src/kernels/wasm-more.js", () => ({
  get KERNELS_MORE_BASE64() {
    return bytes.more;
  },
}));

const { getActivation, setKernelBackend, WasmArena } = await import("../../packages/actlab/src/index.js");
const { arenaOf, hasKernel, kernelOf } = await import("../../packages/actlab/src/kernels/runtime.js");
const { Dense } = await import("../../packages/actlab/src/nn/index.js");
const { worst } = await import("./ulp.js");

describe("kernels loaded in two parts", () => {
  it("without the second module the article's kernels run and the others take the exact path; loading it later reaches older arenas", async () => {
    const x = Float32Array.from({ length: 1001 }, (_, i) => (i - 500) / 37);
    expect(hasKernel("sigmoid_f")).toBe(true);
    expect(hasKernel("gelu_f")).toBe(false);
    expect(hasKernel("gemm")).toBe(false);
    const arena = new WasmArena(4096);
    const a = arena.alloc(x.length);
    a.set(x);
    const inst = arenaOf(a);
    expect(inst).toBeDefined();
    expect(kernelOf(inst!, "gelu_f")).toBeUndefined();

    const gelu = getActivation("gelu");
    setKernelBackend("js");
    const exact = gelu.forward(x);
    setKernelBackend("wasm");
    // The exact path answers, bit for bit.
    expect(Array.from(gelu.forward(a))).toEqual(Array.from(exact));
    // A float32 Dense layer works without the nn kernels (the plain float32 path).
    const d = new Dense(3, 2, { dtype: "float32" });
    const y0 = d.forward(Float32Array.of(1, 2, 3, 4, 5, 6));

    bytes.more = (await vi.importActual<{ KERNELS_MORE_BASE64: string }>("../../packages/actlab/src/kernels/wasm-more.js")).KERNELS_MORE_BASE64;
    expect(hasKernel("gelu_f")).toBe(true);
    expect(hasKernel("gemm")).toBe(true);
    // The arena made before the module loaded now has its kernels, over the same memory.
    expect(typeof kernelOf(inst!, "gelu_f")).toBe("function");
    const y = gelu.forward(a, undefined, arena.alloc(x.length));
    expect(worst(y, (i) => exact[i]).ulps).toBeLessThanOrEqual(4);
    const d2 = new Dense(3, 2, { dtype: "float32" });
    const y1 = d2.forward(Float32Array.of(1, 2, 3, 4, 5, 6));
    for (let i = 0; i < y0.length; i++) expect(Math.abs(y1[i] - y0[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(y0[i])));
  });
});
