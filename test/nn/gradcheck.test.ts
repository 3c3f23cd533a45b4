import { describe, expect, it } from "vitest";
import { activationIds } from "../../packages/actlab/src/activations/registry.js";
import type { Floats } from "../../packages/actlab/src/activations/types.js";
import { Activation, Dense, PReLU, Sequential, type Layer } from "../../packages/actlab/src/nn/layers.js";
import { mseLoss, softmaxCrossEntropy } from "../../packages/actlab/src/nn/loss.js";
import { createRng } from "../../packages/actlab/src/train/rng.js";

const H = 1e-6;

/** |a − b| ≤ tol·max(1, |a|, |b|): central differences in float64 are good to ~1e-9 here. */
function close(a: number, b: number, tol = 1e-6): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

function uniform(n: number, lo: number, hi: number, seed: number, avoidZero = false): Float64Array {
  const r = createRng(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = lo + (hi - lo) * r.random();
    // Keep finite differences off the kinks at 0 (relu, leaky, prelu, elu's second derivative).
    if (avoidZero && Math.abs(v) < 0.05) v += v < 0 ? -0.1 : 0.1;
    a[i] = v;
  }
  return a;
}

/**
 * Checks a layer's backward against central differences of L = Σ c·forward(x), for the
 * input and for every parameter, returning the worst mismatch description (or null).
 */
function gradcheck(layer: Layer, x: Float64Array): string | null {
  const out = layer.forward(x);
  const c = uniform(out.length, -1, 1, 99);
  const objective = (): number => {
    const y = layer.forward(x);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += c[i] * y[i];
    return s;
  };
  for (const p of layer.params) p.grad.fill(0);
  layer.forward(x);
  const dx = layer.backward(c);
  const numeric = (arr: Floats, i: number): number => {
    const keep = arr[i];
    arr[i] = keep + H;
    const up = objective();
    arr[i] = keep - H;
    const down = objective();
    arr[i] = keep;
    return (up - down) / (2 * H);
  };
  for (let i = 0; i < x.length; i++) {
    const n = numeric(x, i);
    if (!close(dx[i], n)) return `dx[${i}] = ${dx[i]}, finite difference ${n}`;
  }
  for (const p of layer.params) {
    for (let i = 0; i < p.value.length; i++) {
      const n = numeric(p.value, i);
      if (!close(p.grad[i], n)) return `${p.name}.grad[${i}] = ${p.grad[i]}, finite difference ${n}`;
    }
  }
  return null;
}

describe("backward of every layer matches finite differences (float64)", () => {
  it.each(["xavier", "he", "lecun"] as const)("Dense(3, 4, { init: '%s' }).backward(dy)", (init) => {
    const layer = new Dense(3, 4, { init, rng: createRng(1) });
    layer.bias.value.set([0.1, -0.2, 0.3, 0.05]);
    expect(gradcheck(layer, uniform(5 * 3, -2, 2, 2))).toBeNull();
  });

  it.each(activationIds)("Activation('%s').backward(dy)", (id) => {
    expect(gradcheck(new Activation(id), uniform(24, -4, 4, 3, true))).toBeNull();
  });

  it("Activation('elu', { alpha: 0.5 }).backward(dy) uses the given parameter", () => {
    expect(gradcheck(new Activation("elu", { alpha: 0.5 }), uniform(12, -3, 3, 4, true))).toBeNull();
  });

  it("PReLU(4) with one shared α: backward(dy) gives dx and dα", () => {
    const layer = new PReLU(4, { init: 0.2 });
    expect(layer.alpha.value.length).toBe(1);
    expect(gradcheck(layer, uniform(6 * 4, -3, 3, 5, true))).toBeNull();
  });

  it("PReLU(4, { perUnit: true }): backward(dy) gives one dα per unit", () => {
    const layer = new PReLU(4, { perUnit: true });
    layer.alpha.value.set([0.1, -0.3, 0.25, 0.9]);
    expect(gradcheck(layer, uniform(6 * 4, -3, 3, 6, true))).toBeNull();
  });

  it("Sequential([Dense, Activation, Dense, PReLU]).backward(dy)", () => {
    const rng = createRng(7);
    const net = new Sequential([new Dense(2, 5, { rng }), new Activation("tanh"), new Dense(5, 3, { rng }), new PReLU(3, { perUnit: true })]);
    expect(gradcheck(net, uniform(4 * 2, -1, 1, 8))).toBeNull();
  });
});

describe("losses: gradients match finite differences (float64)", () => {
  function lossCheck(loss: (p: Float64Array) => { loss: number; grad: Floats }, p: Float64Array): string | null {
    const { grad } = loss(p);
    for (let i = 0; i < p.length; i++) {
      const keep = p[i];
      p[i] = keep + H;
      const up = loss(p).loss;
      p[i] = keep - H;
      const down = loss(p).loss;
      p[i] = keep;
      const n = (up - down) / (2 * H);
      if (!close(grad[i], n, 1e-7)) return `grad[${i}] = ${grad[i]}, finite difference ${n}`;
    }
    return null;
  }

  it("mseLoss(pred, target).grad", () => {
    const t = uniform(10, -1, 1, 10);
    expect(lossCheck((p) => mseLoss(p, t), uniform(10, -2, 2, 11))).toBeNull();
  });

  it("softmaxCrossEntropy(logits, labels, 3).grad", () => {
    const labels = Int32Array.of(0, 2, 1, 1, 0);
    expect(lossCheck((p) => softmaxCrossEntropy(p, labels, 3), uniform(15, -3, 3, 12))).toBeNull();
  });

  it("softmaxCrossEntropy(logits, labels, 2) equals −mean log softmax at the labels, even for huge logits", () => {
    const logits = Float64Array.of(1000, -1000, 0, 3);
    const { loss, grad } = softmaxCrossEntropy(logits, [1, 0], 2);
    // Row 1: log softmax at the label is −2000 exactly; row 2: −log(1 + e^3).
    expect(loss).toBeCloseTo((2000 + Math.log1p(Math.exp(3))) / 2, 9);
    for (const g of grad) expect(Number.isFinite(g)).toBe(true);
  });

  it("softmaxCrossEntropy(…) rejects a label outside the classes", () => {
    expect(() => softmaxCrossEntropy(Float64Array.of(0, 1), [2], 2)).toThrow(/label 2 of row 0/);
  });
});

describe("Dense on Float32Array", () => {
  it("Dense(2, 3, { dtype: 'float32' }).forward(x) returns float32 close to the float64 layer", () => {
    const a = new Dense(2, 3, { rng: createRng(4) });
    const b = new Dense(2, 3, { rng: createRng(4), dtype: "float32" });
    const x = uniform(8, -1, 1, 13);
    const y64 = a.forward(x);
    const y32 = b.forward(Float32Array.from(x));
    expect(y32).toBeInstanceOf(Float32Array);
    for (let i = 0; i < y64.length; i++) expect(Math.abs(y32[i] - y64[i])).toBeLessThan(1e-6);
  });
});

describe("initialisers", () => {
  it.each([
    ["xavier", 2 / (400 + 300)],
    ["he", 2 / 400],
    ["lecun", 1 / 400],
  ] as const)("Dense(400, 300, { init: '%s' }) has the variance of its rule", (init, variance) => {
    const w = new Dense(400, 300, { init, rng: createRng(5) }).weight.value;
    let s = 0;
    let s2 = 0;
    for (const v of w) {
      s += v;
      s2 += v * v;
    }
    const m = s / w.length;
    expect(Math.abs(m)).toBeLessThan(0.01 * Math.sqrt(variance) * 10);
    expect(Math.abs(s2 / w.length - variance) / variance).toBeLessThan(0.02);
  });
});
