import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { Floats } from "../../packages/actlab/src/activations/types.js";
import { setKernelBackend } from "../../packages/actlab/src/kernels/runtime.js";
import { arenaOf } from "../../packages/actlab/src/kernels/runtime.js";
import { Activation, Dense, Sequential, type Layer } from "../../packages/actlab/src/nn/layers.js";
import { softmaxCrossEntropy } from "../../packages/actlab/src/nn/loss.js";
import { Adam, SGD } from "../../packages/actlab/src/nn/optim.js";
import { nnArenaUsed } from "../../packages/actlab/src/nn/fast.js";
import { createRng } from "../../packages/actlab/src/train/rng.js";
import { makeDataset } from "../../packages/actlab/src/train/datasets.js";

/*
 * dtype "float32" is the fast path (wasm SIMD kernels, buffers in wasm memory); "float64" is the
 * exact scalar reference. The same network in both, from the same weights, must agree to float32
 * rounding, step by step and over a training run.
 */

afterEach(() => {
  setKernelBackend("wasm");
});

function uniform(n: number, lo: number, hi: number, seed: number): Float64Array {
  const r = createRng(seed);
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * r.random());
}

type Spec = { sizes: number[]; act: string };

function build(spec: Spec, dtype: "float32" | "float64", seed = 1): Sequential {
  const rng = createRng(seed);
  const layers: Layer[] = [];
  const { sizes, act } = spec;
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Dense(sizes[i], sizes[i + 1], { rng, dtype }));
    if (i + 2 < sizes.length) layers.push(new Activation(act));
  }
  return new Sequential(layers);
}

/** A float64 twin of a float32 network: the same (float32-rounded) weights, widened exactly. */
function twin(spec: Spec, net32: Sequential): Sequential {
  const net64 = build(spec, "float64");
  net64.params.forEach((p, i) => p.value.set(net32.params[i].value));
  return net64;
}

/** |a − b| ≤ rel·scale + abs for every entry. */
function within(a: Floats, b: Floats, rel: number, scale: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(worst).toBeLessThanOrEqual(rel * scale);
}

function maxAbs(a: Floats): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

describe("float32 fast path against the float64 reference", () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [1, 4096, 3],
    [5, 9, 13],
    [10, 33, 2],
  ];
  it.each(shapes)("Dense(%i, %i, { dtype: 'float32' }) on %i rows: forward, gW, gb and dx match float64", (m, k, rows) => {
    const d32 = new Dense(m, k, { rng: createRng(m + k), dtype: "float32" });
    d32.bias.value.set(uniform(k, -1, 1, 3));
    const d64 = new Dense(m, k);
    d64.weight.value.set(d32.weight.value);
    d64.bias.value.set(d32.bias.value);
    const x = uniform(rows * m, -1, 1, 4);
    const dy = uniform(rows * k, -1, 1, 5);
    const y32 = d32.forward(Float32Array.from(x));
    expect(arenaOf(y32 as Float32Array)).toBeDefined(); // the fast path ran
    const y64 = d64.forward(Float64Array.from(x, (v) => Math.fround(v)));
    // Each entry sums m products of magnitude ≤ |w| ≤ √(6/(m+k)), each rounded: (m + 2)·2⁻²⁴ relative to Σ|terms|.
    const tol = (m + 2) * 2 ** -24;
    within(y32, y64, tol, m * maxAbs(d64.weight.value) + 1);
    const dx32 = d32.backward(Float32Array.from(dy));
    const dx64 = d64.backward(Float64Array.from(dy, (v) => Math.fround(v)));
    within(dx32, dx64, (k + 2) * 2 ** -24, k * maxAbs(d64.weight.value));
    within(d32.weight.grad, d64.weight.grad, (rows + 2) * 2 ** -24, rows);
    within(d32.bias.grad, d64.bias.grad, (rows + 2) * 2 ** -24, rows);
  });

  it("Dense(3, 2, { dtype: 'float32' }).forward(x) reuses its output buffer per batch size", () => {
    const d = new Dense(3, 2, { dtype: "float32" });
    const a = d.forward(new Float32Array(12));
    expect(d.forward(new Float32Array(12))).toBe(a);
    expect(d.forward(new Float32Array(6))).not.toBe(a);
  });

  it("Sequential of float32 Dense and Activation: forward in place, backward, needDx = false", () => {
    const spec = { sizes: [7, 9, 5, 3], act: "tanh" };
    const net32 = build(spec, "float32");
    const net64 = twin(spec, net32);
    const x = uniform(6 * 7, -2, 2, 8);
    const y32 = net32.forward(Float32Array.from(x));
    const y64 = net64.forward(Float64Array.from(x, (v) => Math.fround(v)));
    within(y32, y64, 1e-5, maxAbs(y64) + 1);
    // The tanh runs over the first Dense's output buffer (one pass, in place): after the
    // network's forward, that buffer holds tanh of what the Dense alone wrote there.
    const h = (net32.layers[0] as Dense).forward(Float32Array.from(x));
    const pre = Float64Array.from(h);
    expect(net32.forward(Float32Array.from(x))).toBe(y32);
    for (let i = 0; i < h.length; i++) expect(Math.abs(h[i] - Math.tanh(pre[i]))).toBeLessThan(1e-6);
    const dy = uniform(y64.length, -1, 1, 9);
    net32.zeroGrad();
    net64.zeroGrad();
    net32.forward(Float32Array.from(x));
    const dx32 = net32.backward(Float32Array.from(dy));
    const dx64 = net64.backward(dy);
    within(dx32, dx64, 1e-5, maxAbs(dx64) + 1e-3);
    net32.params.forEach((p, i) => within(p.grad, net64.params[i].grad, 1e-5, maxAbs(net64.params[i].grad) + 1e-3));
    // needDx = false: the same parameter gradients, no dx.
    const g = net32.params.map((p) => Float64Array.from(p.grad));
    net32.zeroGrad();
    net32.forward(Float32Array.from(x));
    expect(net32.backward(Float32Array.from(dy), false).length).toBe(0);
    net32.params.forEach((p, i) => expect(Array.from(p.grad)).toEqual(Array.from(g[i])));
  });

  it("Dense(5, 3) (float64).backward(dy, false) accumulates the same gradients as backward(dy) and returns no dx", () => {
    const d = new Dense(5, 3, { rng: createRng(2) });
    const x = uniform(4 * 5, -1, 1, 6);
    const dy = uniform(4 * 3, -1, 1, 7);
    d.forward(x);
    expect(d.backward(dy).length).toBe(20);
    const g = [Float64Array.from(d.weight.grad), Float64Array.from(d.bias.grad)];
    d.weight.grad.fill(0);
    d.bias.grad.fill(0);
    expect(d.backward(dy, false).length).toBe(0);
    expect(Array.from(d.weight.grad)).toEqual(Array.from(g[0]));
    expect(Array.from(d.bias.grad)).toEqual(Array.from(g[1]));
  });

  it("Activation over a plain float32 input does not overwrite it", () => {
    const x = Float32Array.of(-1, 0.5, 2);
    const net = new Sequential([new Activation("relu"), new Dense(3, 1, { dtype: "float32" })]);
    net.forward(x);
    expect(Array.from(x)).toEqual([-1, 0.5, 2]);
  });
});

// 200 steps on the same batches from the same weights. Float32 rounds each product and sum
// (about 6e-8 relative); Adam divides by √v, which amplifies the rounding of tiny gradients, and
// the difference compounds through the steps. Measured here: at most 2.6e-5 relative with Adam,
// 2.4e-7 with SGD. The bound, 2e-4 relative at every step, leaves room for another engine's
// scheduling of the same float32 operations, and is still far below what a wrong gradient, bias
// correction or step does to the curve (percents within a few steps).
describe("a float32 run of 200 steps follows the float64 loss curve", () => {
  const cases: [string, Spec, number, "adam" | "sgd"][] = [
    ["moons 2-16-16-2 relu, Adam", { sizes: [2, 16, 16, 2], act: "relu" }, 32, "adam"],
    ["moons 2-8-8-2 tanh, Adam", { sizes: [2, 8, 8, 2], act: "tanh" }, 10, "adam"],
    ["moons 2-12-2 sigmoid, SGD momentum", { sizes: [2, 12, 2], act: "sigmoid" }, 20, "sgd"],
  ];
  it.each(cases)("%s", (_, spec, batch, kind) => {
    const data = makeDataset("moons", { n: 200, seed: 3 });
    const net32 = build(spec, "float32");
    const net64 = twin(spec, net32);
    const opt = (net: Sequential) => (kind === "adam" ? new Adam(net.params, { lr: 0.01 }) : new SGD(net.params, { lr: 0.1, momentum: 0.9 }));
    const o32 = opt(net32);
    const o64 = opt(net64);
    const n = data.labels.length;
    let worst = 0;
    const first: number[] = [];
    const last: number[] = [];
    for (let step = 0; step < 200; step++) {
      const s = (step * batch) % (n - batch);
      const xb = data.x.subarray(2 * s, 2 * (s + batch));
      const yb = data.labels.subarray(s, s + batch);
      const losses = ([[net32, o32, Float32Array.from(xb)], [net64, o64, Float64Array.from(xb, (v) => Math.fround(v))]] as const).map(([net, o, x]) => {
        const { loss, grad } = softmaxCrossEntropy(net.forward(x), yb, 2);
        net.zeroGrad();
        net.backward(grad, false);
        o.step();
        return loss;
      });
      worst = Math.max(worst, Math.abs(losses[0] - losses[1]) / losses[1]);
      if (step === 0) first.push(...losses);
      last.splice(0, 2, ...losses);
    }
    expect(worst).toBeLessThan(2e-4);
    expect(last[1]).toBeLessThan(0.8 * first[1]); // it did learn, so the curve is not flat
  });
});

describe("no growth over 10,000 steps", () => {
  it("a float32 2-8-8-2 network keeps its arena use and wasm memory size over 10,000 Adam steps", () => {
    const spec = { sizes: [2, 8, 8, 2], act: "tanh" };
    const net = build(spec, "float32");
    const opt = new Adam(net.params, { lr: 0.01 });
    const data = makeDataset("moons", { n: 50, seed: 2 });
    const x = Float32Array.from(data.x.subarray(0, 20));
    const labels = data.labels.subarray(0, 10);
    const step = () => {
      const { grad } = softmaxCrossEntropy(net.forward(x), labels, 2);
      net.zeroGrad();
      net.backward(grad, false);
      opt.step();
    };
    step();
    const w = net.params[0].value as Float32Array;
    const used = nnArenaUsed(w);
    const bytes = w.buffer.byteLength;
    expect(used).toBeGreaterThan(0);
    for (let i = 0; i < 10_000; i++) step();
    expect(nnArenaUsed(w)).toBe(used);
    expect(w.buffer.byteLength).toBe(bytes);
    expect(w.buffer).toBe(net.params[3].value.buffer);
  });

  it("a float32 16-32-32-4 network: the JS heap after a full collection grows < 64 KiB over 10,000 steps after 5,000 of warm-up", () => {
    // In a child process with --expose-gc; leaking even one small object per step would add ≥ 160 KB.
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", "test/nn/heap-run.ts"], { encoding: "utf8" });
    const [a, b] = JSON.parse(out) as { heap: number; wasm: number }[];
    expect(b.heap - a.heap).toBeLessThan(64 * 1024);
    expect(b.wasm).toBe(a.wasm);
  });
});

describe("the float32 path with the js backend", () => {
  it("setKernelBackend('js'): the same network gives the same loss as on wasm, to float32 rounding", () => {
    const spec = { sizes: [4, 6, 3], act: "elu" };
    const x = Float32Array.from(uniform(5 * 4, -1, 1, 2));
    const labels = [0, 2, 1, 1, 0];
    const run = () => {
      const net = build(spec, "float32", 5);
      const opt = new Adam(net.params, { lr: 0.01 });
      let loss = 0;
      for (let i = 0; i < 20; i++) {
        const r = softmaxCrossEntropy(net.forward(x), labels, 3);
        loss = r.loss;
        net.zeroGrad();
        net.backward(r.grad);
        opt.step();
      }
      return loss;
    };
    const wasm = run();
    setKernelBackend("js");
    const js = run();
    expect(Math.abs(wasm - js) / js).toBeLessThan(1e-4);
  });
});

describe("float32 layers whose buffers land in a second arena", () => {
  it("Sequential.forward/backward give the same losses as when everything fits in one arena", async () => {
    const { nnAlloc } = await import("../../packages/actlab/src/nn/fast.js");
    const spec: Spec = { sizes: [8, 32, 32, 4], act: "elu" };
    const x = Float32Array.from(uniform(64 * 8, -2, 2, 5));
    const labels = Int32Array.from({ length: 64 }, (_, i) => i % 4);
    const curve = (net: Sequential): number[] => {
      const opt = new SGD(net.params, { lr: 0.1 });
      const out: number[] = [];
      for (let s = 0; s < 20; s++) {
        net.zeroGrad();
        const r = softmaxCrossEntropy(net.forward(x), labels, 4);
        net.backward(r.grad);
        opt.step();
        out.push(r.loss);
      }
      return out;
    };
    const alone = curve(build(spec, "float32", 3));
    // Fill the current nn arena until only a few floats are left: the next network's weights take
    // the rest or open a new arena, and its per-batch buffers land in another arena than its weights.
    for (const leave of [40, 300, 1200]) {
      const probe = nnAlloc(4);
      const free = (nnArenaUsed(probe) === undefined ? 0 : (1 << 22) - (nnArenaUsed(probe) as number)) - leave;
      if (free > 0) nnAlloc(free);
      const split = curve(build(spec, "float32", 3));
      // Same arithmetic up to float32 rounding (the exact loops stand in for some kernels).
      split.forEach((v, i) => expect(Math.abs(v - alone[i]), `leave ${leave}, step ${i}`).toBeLessThanOrEqual(1e-5 * alone[i]));
    }
  });
});
