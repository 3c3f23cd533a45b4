import { describe, expect, it } from "vitest";
import { getActivation } from "../../packages/actlab/src/index.js";
import { createRng, Dense, RReLU, Sequential } from "../../packages/actlab/src/nn/index.js";

const xs = () => Float64Array.from({ length: 4000 }, (_, i) => (i % 2 === 0 ? -1 - (i % 7) : 0.5 + (i % 5)));

describe("RReLU", () => {
  it("new RReLU().forward(x) draws one slope per negative element from U(lower, upper) while training", () => {
    const x = xs();
    const y = new RReLU({ lower: 0.1, upper: 0.3, seed: 5 }).forward(x);
    const slopes: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (x[i] >= 0) expect(y[i]).toBe(x[i]);
      else slopes.push(y[i] / x[i]);
    }
    expect(Math.min(...slopes)).toBeGreaterThanOrEqual(0.1);
    expect(Math.max(...slopes)).toBeLessThanOrEqual(0.3);
    // 2000 draws of U(0.1, 0.3): mean 0.2 ± 0.0013 (one standard error), spread covers the interval
    const mean = slopes.reduce((s, v) => s + v, 0) / slopes.length;
    expect(Math.abs(mean - 0.2)).toBeLessThan(0.006);
    expect(new Set(slopes.map((s) => s.toFixed(6))).size).toBeGreaterThan(1900);
    expect(Math.max(...slopes) - Math.min(...slopes)).toBeGreaterThan(0.19);
  });

  it("new RReLU({ seed }) repeats its slopes for the same seed and changes them for another", () => {
    const x = xs();
    const a = new RReLU({ seed: 3 }).forward(x);
    const b = new RReLU({ seed: 3 }).forward(x);
    const c = new RReLU({ seed: 4 }).forward(x);
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it("RReLU.train(false) is the registry's rrelu with the mean slope (lower + upper)/2", () => {
    const x = xs();
    const layer = new RReLU({ lower: 0.25, upper: 0.75 }).train(false);
    const y = layer.forward(x);
    const ref = getActivation("rrelu");
    for (let i = 0; i < x.length; i += 7) expect(y[i]).toBe(ref.f(x[i], { lower: 0.25, upper: 0.75 }));
    expect(layer.forward(Float64Array.of(-2))[0]).toBe(-1);
  });

  it("RReLU.backward(dy) multiplies by the slope the forward pass drew", () => {
    const x = Float32Array.of(-2, -1, 0, 3, NaN);
    const layer = new RReLU({ seed: 9 });
    const y = layer.forward(x);
    const dx = layer.backward(Float32Array.of(1, 2, 3, 4, 5));
    expect(dx[0]).toBe(y[0] / -2);
    expect(dx[1]).toBe((y[1] / -1) * 2);
    expect([dx[2], dx[3]]).toEqual([3, 4]);
    expect(dx[4]).toBeNaN();
    expect(dx).toBeInstanceOf(Float32Array);
  });

  it("RReLU rejects crossed bounds with the registry's message, and backward before forward", () => {
    expect(() => new RReLU({ lower: 0.5, upper: 0.1 })).toThrow("invalid lower for rrelu: 0.5 (must be at most upper = 0.1)");
    expect(() => new RReLU().backward(new Float64Array(1))).toThrow(/before forward/);
  });

  it("RReLU.backward matches finite differences of Σ c·y when both evaluations draw the same slopes (same seed)", () => {
    const x = Float64Array.of(0.5, -1, 2, -0.3, 0.8, -1.5);
    const c = Float64Array.of(0.3, -1.2, 0.7, 2, -0.4, 1.1);
    const loss = (v: Float64Array) => Array.from(new RReLU({ seed: 11 }).forward(v)).reduce((s, y, i) => s + c[i] * y, 0);
    const layer = new RReLU({ seed: 11 });
    layer.forward(x);
    const g = layer.backward(c);
    const h = 1e-6;
    for (let i = 0; i < x.length; i++) {
      const up = Float64Array.from(x), dn = Float64Array.from(x);
      up[i] += h;
      dn[i] -= h;
      expect(g[i]).toBeCloseTo((loss(up) - loss(dn)) / (2 * h), 8);
    }
  });

  it("RReLU sits in a Sequential like any layer (no parameters of its own)", () => {
    const net = new Sequential([new Dense(3, 2), new RReLU({ seed: 1 })]);
    expect(net.params.map((p) => p.name)).toEqual(net.layers[0].params.map((p) => p.name));
    const y = net.forward(Float64Array.of(1, -2, 0.5, -1, 0.25, 3));
    expect(y.length).toBe(4);
  });

  it("RReLU draws exactly one slope per element, so a second batch continues the seeded stream", () => {
    // lower + (upper − lower)·u for the k-th draw u of createRng(seed), whatever the signs
    const layer = new RReLU({ lower: 0.1, upper: 0.3, seed: 21 });
    const r = createRng(21);
    const slope = () => 0.1 + 0.2 * r.random();
    const a = slope();
    slope(); // drawn for the positive 2, unused
    const c = slope();
    expect(Array.from(layer.forward(Float64Array.of(-1, 2, -1)))).toEqual([-a, 2, -c]);
    const second = layer.forward(Float64Array.of(-1, -1));
    expect(Array.from(second)).toEqual([-slope(), -slope()]);
  });

  it("RReLU.train() switches training back on; train(false) then train() draws random slopes again", () => {
    const layer = new RReLU({ lower: 0.1, upper: 0.3, seed: 2 });
    expect(layer.train(false).training).toBe(false);
    expect(layer.train().training).toBe(true);
    const y = layer.forward(Float64Array.of(-1, -1));
    expect(y[0]).not.toBe(y[1]);
  });

  it("RReLU.backward(dy) with a dy of the wrong length names both lengths", () => {
    const layer = new RReLU();
    layer.forward(new Float64Array(3));
    expect(() => layer.backward(new Float64Array(2))).toThrow(new RangeError("RReLU: dy has length 2, expected 3"));
  });
});
