import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// An engine without WebAssembly SIMD: validate() refuses the module. The library is imported
// only after the stub, so its lazy compile sees the refusal.
describe("without WebAssembly SIMD", () => {
  let lib: typeof import("../../packages/actlab/src/index.js");
  let nn: typeof import("../../packages/actlab/src/nn/index.js");
  beforeAll(async () => {
    vi.spyOn(WebAssembly, "validate").mockReturnValue(false);
    lib = await import("../../packages/actlab/src/index.js");
    nn = await import("../../packages/actlab/src/nn/index.js");
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it("getKernelBackend() is 'js' and setKernelBackend('wasm') reports 'js'", () => {
    expect(lib.getKernelBackend()).toBe("js");
    expect(lib.setKernelBackend("wasm")).toBe("js");
    const support = lib.wasmKernelSupport();
    expect(support.available).toBe(false);
    expect(support.reason).toMatch(/SIMD/);
  });

  it("sigmoid.forward(Float32Array) still works and equals the exact path rounded once", () => {
    const x = Float32Array.of(-100, -1, 0, 2, 30, NaN);
    const y = lib.sigmoid.forward(x);
    for (let i = 0; i < x.length; i++) expect(y[i]).toBe(Math.fround(lib.sigmoid.f(x[i])));
  });

  it("new WasmArena(n) falls back to plain memory and its arrays work with every function", () => {
    const arena = new lib.WasmArena(64);
    const x = arena.alloc(8);
    x.set([-3, -1, -0.5, 0, 0.5, 1, 3, 9]);
    const y = arena.alloc(8);
    lib.elu.forward(x, undefined, y);
    for (let i = 0; i < 8; i++) expect(y[i]).toBe(Math.fround(lib.elu.f(x[i])));
    const s = lib.softmax(x, { size: 4 });
    expect(s[0] + s[1] + s[2] + s[3]).toBeCloseTo(1, 6);
  });

  it("a float32 Sequential trains on the exact path (Dense, Activation, Adam)", () => {
    const rng = nn.createRng(3);
    const net = new nn.Sequential([new nn.Dense(2, 6, { rng, dtype: "float32" }), new nn.Activation("tanh"), new nn.Dense(6, 2, { rng, dtype: "float32" })]);
    const opt = new nn.Adam(net.params, { lr: 0.05 });
    const x = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);
    const labels = [0, 1, 1, 0];
    const losses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const { loss, grad } = nn.softmaxCrossEntropy(net.forward(x), labels, 2);
      losses.push(loss);
      net.zeroGrad();
      net.backward(grad, false);
      opt.step();
    }
    expect(net.params[0].value).toBeInstanceOf(Float32Array);
    expect(losses[199]).toBeLessThan(0.2 * losses[0]);
  });
});
