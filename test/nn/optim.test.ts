/** SGD and Adam step by step, worked out by hand, and the messages for bad settings. */
import { describe, expect, it } from "vitest";
import { Adam, SGD } from "../../packages/actlab/src/nn/optim.js";
import type { Param } from "../../packages/actlab/src/nn/layers.js";

function param(values: number[], grads: number[]): Param {
  return { name: "p", value: Float64Array.from(values), grad: Float64Array.from(grads) };
}

describe("SGD(params, { lr, momentum }).step()", () => {
  it("SGD with momentum 0.5: v ← 0.5v + g, θ ← θ − lr·v, for every parameter", () => {
    const a = param([1, 2], [0.5, -1]);
    const b = param([10], [4]);
    const opt = new SGD([a, b], { lr: 0.1, momentum: 0.5 });
    opt.step();
    // v = g: θ = (1 − 0.05, 2 + 0.1), 10 − 0.4
    expect(Array.from(a.value)).toEqual([1 - 0.1 * 0.5, 2 + 0.1 * 1]);
    expect(Array.from(b.value)).toEqual([10 - 0.1 * 4]);
    opt.step();
    // v = 0.5g + g = 1.5g
    expect(a.value[0]).toBeCloseTo(1 - 0.05 - 0.1 * 0.75, 15);
    expect(a.value[1]).toBeCloseTo(2 + 0.1 + 0.1 * 1.5, 15);
    expect(b.value[0]).toBeCloseTo(10 - 0.4 - 0.1 * 6, 15);
    expect(opt.lr).toBe(0.1);
    expect(opt.momentum).toBe(0.5);
  });

  it("SGD defaults: lr 0.01, no momentum", () => {
    const a = param([1], [2]);
    const opt = new SGD([a]);
    opt.step();
    opt.step();
    expect(a.value[0]).toBeCloseTo(1 - 0.04, 15);
    expect(opt.lr).toBe(0.01);
    expect(opt.momentum).toBe(0);
  });

  it.each([
    [{ lr: 0 }, "invalid learning rate: 0 (must be a finite number > 0)"],
    [{ lr: -1 }, "invalid learning rate: -1 (must be a finite number > 0)"],
    [{ lr: Infinity }, "invalid learning rate: Infinity (must be a finite number > 0)"],
    [{ lr: NaN }, "invalid learning rate: NaN (must be a finite number > 0)"],
    [{ momentum: -0.1 }, "invalid momentum: -0.1 (must be in [0, 1))"],
    [{ momentum: 1 }, "invalid momentum: 1 (must be in [0, 1))"],
  ])("new SGD(params, %j) throws a RangeError: %s", (opts, message) => {
    expect(() => new SGD([], opts)).toThrow(RangeError);
    expect(() => new SGD([], opts)).toThrow(message);
  });

  it("new SGD(params, { momentum: 0 }) and { lr: 1e-300 } are allowed", () => {
    expect(() => new SGD([], { momentum: 0, lr: 1e-300 })).not.toThrow();
  });
});

describe("Adam(params, opts)", () => {
  it("Adam steps every parameter of every array, with the defaults lr 0.001, β 0.9/0.999, ε 1e-8", () => {
    const a = param([1, -1], [2, -3]);
    const b = param([0], [0.5]);
    const opt = new Adam([a, b]);
    expect([opt.lr, opt.beta1, opt.beta2, opt.eps]).toEqual([0.001, 0.9, 0.999, 1e-8]);
    opt.step();
    expect(a.value[0]).toBeCloseTo(1 - (0.001 * 2) / (2 + 1e-8), 15);
    expect(a.value[1]).toBeCloseTo(-1 + (0.001 * 3) / (3 + 1e-8), 15);
    expect(b.value[0]).toBeCloseTo(-(0.001 * 0.5) / (0.5 + 1e-8), 15);
  });

  it.each([
    [{ lr: 0 }, "invalid learning rate: 0 (must be a finite number > 0)"],
    [{ lr: Infinity }, "invalid learning rate: Infinity (must be a finite number > 0)"],
    [{ beta1: -0.1 }, "invalid beta1: -0.1 (must be in [0, 1))"],
    [{ beta1: 1 }, "invalid beta1: 1 (must be in [0, 1))"],
    [{ beta2: -0.5 }, "invalid beta2: -0.5 (must be in [0, 1))"],
    [{ beta2: 1 }, "invalid beta2: 1 (must be in [0, 1))"],
    [{ eps: 0 }, "invalid eps: 0 (must be a finite number > 0)"],
    [{ eps: Infinity }, "invalid eps: Infinity (must be a finite number > 0)"],
  ])("new Adam(params, %j) throws a RangeError: %s", (opts, message) => {
    expect(() => new Adam([], opts)).toThrow(RangeError);
    expect(() => new Adam([], opts)).toThrow(message);
  });

  it("new Adam(params, { beta1: 0, beta2: 0 }) is allowed and then steps by lr·g/(|g| + ε)", () => {
    const a = param([0], [-2]);
    new Adam([a], { beta1: 0, beta2: 0, lr: 0.5 }).step();
    expect(a.value[0]).toBeCloseTo((0.5 * 2) / (2 + 1e-8), 15);
  });
});
