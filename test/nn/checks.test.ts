/**
 * Issue 24, items 7 and 11: what actlab/nn refuses, and how its messages quote what was given.
 * A Param whose grad is shorter than its value, losses over zero rows, argmaxRows with 0 classes
 * or a ragged length, per-channel α in an Activation layer, and options given as strings.
 */
import { describe, expect, it } from "vitest";
import { getKernelBackend, prelu, setKernelBackend } from "../../packages/actlab/src/index.js";
import { Activation, Adam, argmaxRows, Dense, mseLoss, PReLU, type Param, SGD, softmaxCrossEntropy } from "../../packages/actlab/src/nn/index.js";

const f64 = (n: number) => new Float64Array(n);

describe("optimisers refuse a Param whose grad and value differ in length", () => {
  const cases = [
    { name: "float64", param: (): Param => ({ name: "w", value: f64(4), grad: f64(2) }) },
    // float32 Dense parameters live in a wasm arena: a short grad there is what the kernels overran
    { name: "float32 in the arena", param: (): Param => ({ name: "w", value: new Dense(2, 2, { dtype: "float32" }).weight.value, grad: new Dense(1, 2, { dtype: "float32" }).weight.grad as Float32Array }) },
  ];
  for (const { name, param } of cases) {
    for (const [opt, make] of [
      ["SGD", (ps: Param[]) => new SGD(ps, { lr: 0.1 })],
      ["Adam", (ps: Param[]) => new Adam(ps)],
    ] as const) {
      it(`${opt} on a ${name} Param: a RangeError naming the Param and both lengths`, () => {
        expect(() => make([param()])).toThrow(new RangeError(`${opt}: params[0] (w) has a grad of length 2 for a value of length 4 (they must match)`));
      });
    }
  }

  it("a grad swapped for a shorter one after the optimiser was made is refused at step, before anything moves", () => {
    for (const backend of ["wasm", "js"] as const) {
      const start = getKernelBackend();
      setKernelBackend(backend);
      try {
        const layer = new Dense(3, 2, { dtype: "float32" });
        const other = new Dense(3, 2, { dtype: "float32" });
        const w = layer.weight.value.slice();
        const neighbour = other.weight.value.slice();
        const p = { name: "weight", value: layer.weight.value, grad: layer.weight.grad };
        const opt = new Adam([p], { lr: 0.1 });
        (p as { grad: unknown }).grad = layer.weight.grad.subarray(0, 3);
        expect(() => opt.step()).toThrow(new RangeError("Adam: params[0] (weight) has a grad of length 3 for a value of length 6 (they must match)"));
        expect(Array.from(layer.weight.value)).toEqual(Array.from(w));
        expect(Array.from(other.weight.value)).toEqual(Array.from(neighbour));
        expect(Array.from(layer.weight.value).some(Number.isNaN)).toBe(false);
      } finally {
        setKernelBackend(start);
      }
    }
  });

  it("params that are not an array of { value, grad } are a TypeError", () => {
    expect(() => new SGD({} as never)).toThrow(new TypeError("SGD: params must be an array of { value, grad } (e.g. model.params), got Object (an object)"));
    expect(() => new Adam([{ name: "w", value: [1, 2], grad: [0, 0] } as never])).toThrow(
      new TypeError("Adam: params[0] (w) must have a value and a grad that are Float64Arrays or Float32Arrays"),
    );
  });

  it("a model's own params still train (the check refuses nothing well formed)", () => {
    const layer = new Dense(2, 1);
    const opt = new SGD(layer.params, { lr: 0.1 });
    layer.weight.grad.fill(1);
    const before = layer.weight.value.slice();
    opt.step();
    expect(Array.from(layer.weight.value)).toEqual(Array.from(before, (v) => v - 0.1));
  });
});

describe("losses over zero rows are a clear error (PyTorch's mean gives NaN)", () => {
  it("mseLoss of empty arrays", () => {
    expect(() => mseLoss(f64(0), [])).toThrow(new RangeError("mseLoss: empty prediction (no entries to average)"));
    expect(() => mseLoss(new Float32Array(0), new Float32Array(0))).toThrow(RangeError);
  });
  it("softmaxCrossEntropy with no labels", () => {
    expect(() => softmaxCrossEntropy(f64(0), [], 3)).toThrow(new RangeError("softmaxCrossEntropy: no rows (labels is empty, so there is no mean to take)"));
  });
  it("one row still works", () => {
    expect(mseLoss(Float64Array.of(3), [1]).loss).toBe(4);
    expect(softmaxCrossEntropy(Float64Array.of(0, 0), [1], 2).loss).toBe(Math.LN2);
  });
});

describe("argmaxRows checks its class count", () => {
  it("0 classes is a RangeError, not 'Invalid typed array length: Infinity'", () => {
    expect(() => argmaxRows(f64(4), 0)).toThrow(new RangeError("argmaxRows: invalid classes: 0 (must be an integer ≥ 1)"));
    for (const bad of [-1, 1.5, NaN, Infinity]) expect(() => argmaxRows(f64(4), bad)).toThrow(/argmaxRows: invalid classes/);
  });
  it("a length that is not a multiple of the classes is refused, not truncated", () => {
    expect(() => argmaxRows(Float64Array.of(0, 1, 2, 5, 4), 2)).toThrow(new RangeError("argmaxRows: x has length 5, not a multiple of 2 classes"));
  });
  it("one class gives 0 for every row; no rows gives an empty answer", () => {
    expect(Array.from(argmaxRows(Float64Array.of(3, -1, 2), 1))).toEqual([0, 0, 0]);
    expect(argmaxRows(f64(0), 4)).toHaveLength(0);
  });
});

describe("Activation('prelu') takes one α per channel, as the registry does", () => {
  for (const Type of [Float64Array, Float32Array]) {
    it(`on ${Type.name}: forward and backward equal prelu's per-channel kernels`, () => {
      const alpha = [0.1, 0.2];
      const layer = new Activation("prelu", { alpha });
      const x = Type.from([-1, -1, 2, -3, -0.5, 4]);
      const y = layer.forward(x);
      expect(Array.from(y)).toEqual(Array.from(prelu.forward(Type.from(x), { alpha })));
      const dx = layer.backward(new Type(6).fill(1));
      expect(Array.from(dx)).toEqual(Array.from(prelu.backward(Type.from(x), new Type(6).fill(1), { alpha })));
      expect(Array.from(y).slice(0, 4)).toEqual(Type === Float64Array ? [-0.1, -0.2, 2, -0.6000000000000001] : Array.from(Float32Array.of(-0.1, -0.2, 2, -0.6)));
    });
  }
  it("a bad channel value or a scalar function given an array is refused when the layer is made", () => {
    expect(() => new Activation("prelu", { alpha: [0.1, NaN] })).toThrow(new RangeError("invalid alpha[1] for prelu: NaN (must be a finite number in (−∞, ∞))"));
    expect(() => new Activation("prelu", { alpha: [] })).toThrow(/empty array/);
    expect(() => new Activation("elu", { alpha: [0.1, 0.2] })).toThrow(new RangeError("invalid alpha for elu: [0.1, 0.2] (an array) (must be a number)"));
  });
  it("a batch whose length is not a multiple of the channels is refused", () => {
    expect(() => new Activation("prelu", { alpha: [0.1, 0.2] }).forward(f64(3))).toThrow(/not a multiple of the 2 channels/);
  });
});

describe("messages quote a string as a string (item 11)", () => {
  it.each([
    [() => new SGD([], { lr: "0.1" as never }), 'invalid learning rate: "0.1" (a string) (must be a finite number > 0)'],
    [() => new SGD([], { momentum: "0.5" as never }), 'invalid momentum: "0.5" (a string) (must be in [0, 1))'],
    [() => new Adam([], { lr: "0.001" as never }), 'invalid learning rate: "0.001" (a string) (must be a finite number > 0)'],
    [() => new Adam([], { beta1: "0.9" as never }), 'invalid beta1: "0.9" (a string) (must be in [0, 1))'],
    [() => new Adam([], { beta2: true as never }), "invalid beta2: true (a boolean) (must be in [0, 1))"],
    [() => new Adam([], { eps: null as never }), "invalid eps: null (must be a finite number > 0)"],
    [() => new Dense("3" as never, 2), 'Dense: invalid inputs: "3" (a string) (must be an integer ≥ 1)'],
    [() => new PReLU("2" as never), 'PReLU: invalid units: "2" (a string) (must be an integer ≥ 1)'],
    [() => new PReLU(2, { init: "0.25" as never }), 'invalid alpha for prelu: "0.25" (a string) (must be a number or an array of numbers)'],
    [() => new Activation("elu", { alpha: "1" as never }), 'invalid alpha for elu: "1" (a string) (must be a number)'],
    [() => softmaxCrossEntropy(f64(4), [0, "1" as never], 2), 'softmaxCrossEntropy: label "1" (a string) of row 1 is not in [0, 1]'],
    [() => softmaxCrossEntropy(f64(4), [0, 1], "2" as never), 'softmaxCrossEntropy: invalid classes: "2" (a string) (must be an integer ≥ 2)'],
    [() => argmaxRows(f64(4), "2" as never), 'argmaxRows: invalid classes: "2" (a string) (must be an integer ≥ 1)'],
  ])("%#: %s", (make, message) => {
    expect(make).toThrow(message);
    expect(make).toThrow(RangeError);
  });

  it("numbers keep their plain form (0.1 and '0.1' no longer print alike)", () => {
    expect(() => new SGD([], { lr: -0.1 })).toThrow("invalid learning rate: -0.1 (must be a finite number > 0)");
  });
});
