/** The nn module's boundary: shapes, settings and call order, each rejected with the bad value named; losses by hand. */
import { describe, expect, it } from "vitest";
import { Activation, argmaxRows, createRng, Dense, mseLoss, PReLU, Sequential, softmaxCrossEntropy } from "../../packages/actlab/src/nn/index.js";

describe("layers reject bad shapes and calls", () => {
  it.each([
    [0, 2, "Dense: invalid inputs: 0 (must be an integer ≥ 1)"],
    [2.5, 2, "Dense: invalid inputs: 2.5 (must be an integer ≥ 1)"],
    [2, 0, "Dense: invalid outputs: 0 (must be an integer ≥ 1)"],
    [2, -1, "Dense: invalid outputs: -1 (must be an integer ≥ 1)"],
  ])("new Dense(%s, %s) throws: %s", (i, o, message) => {
    expect(() => new Dense(i, o)).toThrow(new RangeError(message));
  });

  it("new Dense(1, 1) is the smallest layer", () => {
    expect(new Dense(1, 1).weight.value.length).toBe(1);
  });

  it("new Dense(2, 2, { init: 'glorot' }) names the known initialisers", () => {
    expect(() => new Dense(2, 2, { init: "glorot" as "xavier" })).toThrow(new RangeError("Dense: unknown init: glorot (use xavier, he, lecun)"));
  });

  it("Dense.forward(x) with a length not a multiple of the inputs throws, naming both", () => {
    expect(() => new Dense(3, 1).forward(new Float64Array(4))).toThrow(new RangeError("Dense: input length 4 is not a multiple of its width 3"));
  });

  it("Dense.backward before forward throws; a dy of the wrong length names both lengths", () => {
    const d = new Dense(2, 3);
    expect(() => d.backward(new Float64Array(3))).toThrow("Dense: backward called before forward");
    d.forward(new Float64Array(4));
    expect(() => d.backward(new Float64Array(5))).toThrow(new RangeError("Dense: dy has length 5, expected 6"));
  });

  it("Activation and PReLU backward before forward, and with a dy of the wrong length", () => {
    const a = new Activation("tanh");
    expect(() => a.backward(new Float64Array(2))).toThrow("Activation(tanh): backward called before forward");
    a.forward(new Float64Array(3));
    expect(() => a.backward(new Float64Array(2))).toThrow(new RangeError("Activation(tanh): dy has length 2, expected 3"));
    const p = new PReLU(2);
    expect(() => p.backward(new Float64Array(2))).toThrow("PReLU: backward called before forward");
    expect(() => p.forward(new Float64Array(3))).toThrow(new RangeError("PReLU: input length 3 is not a multiple of its width 2"));
  });

  it("new Activation('elu', { alpha: -1 }) is rejected at once with the registry's message", () => {
    expect(() => new Activation("elu", { alpha: -1 })).toThrow(/invalid alpha for elu: -1/);
  });

  it.each([0, 1.5, -2])("new PReLU(%s) throws naming the units", (units) => {
    expect(() => new PReLU(units)).toThrow(new RangeError(`PReLU: invalid units: ${units} (must be an integer ≥ 1)`));
  });

  it("new PReLU(1) works; new PReLU(2, { init: NaN }) is rejected by the registry", () => {
    expect(new PReLU(1).alpha.value.length).toBe(1);
    expect(() => new PReLU(2, { init: NaN })).toThrow(/invalid alpha for prelu: NaN/);
  });
});

describe("dtype and parameters of the layers", () => {
  it("Dense(…, { dtype: 'float32' }) keeps float32 weights and gives float32 outputs for float32 input", () => {
    const d = new Dense(2, 2, { dtype: "float32", rng: createRng(1) });
    expect(d.weight.value).toBeInstanceOf(Float32Array);
    expect(d.bias.grad).toBeInstanceOf(Float32Array);
    expect(d.forward(new Float32Array(2))).toBeInstanceOf(Float32Array);
    expect(new Dense(2, 2).weight.value).toBeInstanceOf(Float64Array);
    expect(d.params.map((p) => p.name)).toEqual(["weight", "bias"]);
  });

  it("PReLU params: one α named alpha, float32 when asked, starting at the registry's 0.25 or the given init", () => {
    const p = new PReLU(3, { perUnit: true, dtype: "float32", init: 0.1 });
    expect(p.params).toEqual([p.alpha]);
    expect(p.alpha.name).toBe("alpha");
    expect(p.alpha.value).toBeInstanceOf(Float32Array);
    expect(Array.from(p.alpha.value)).toEqual([0.1, 0.1, 0.1].map(Math.fround));
    const q = new PReLU(3);
    expect(q.alpha.value).toBeInstanceOf(Float64Array);
    expect(Array.from(q.alpha.value)).toEqual([0.25]);
  });

  it("Dense without an rng draws from the default seed: two layers are the same", () => {
    expect(Array.from(new Dense(3, 2).weight.value)).toEqual(Array.from(new Dense(3, 2).weight.value));
    expect(Array.from(new Dense(3, 2, { init: "he" }).weight.value)).toEqual(Array.from(new Dense(3, 2, { init: "he", rng: createRng() }).weight.value));
  });

  it("Dense.forward computes x·W + b, worked out by hand", () => {
    const d = new Dense(2, 2);
    d.weight.value.set([1, 2, 3, 4]); // W[i·2 + j]: in 0 → out (1, 2), in 1 → out (3, 4)
    d.bias.value.set([0.5, -1]);
    expect(Array.from(d.forward(Float64Array.of(1, 1, 2, -1)))).toEqual([4.5, 5, -0.5, -1]);
    const seq = new Sequential([d, new Activation("relu")]);
    expect(Array.from(seq.forward(Float64Array.of(2, -1)))).toEqual([0, 0]);
    expect(Array.from(seq.backward(Float64Array.of(1, 1)))).toEqual([0, 0]);
  });
});

describe("losses", () => {
  it("mseLoss(pred, target): mean of squares and gradient 2(p − t)/N, by hand", () => {
    const r = mseLoss(Float64Array.of(1, 2, 4), [0, 2, 1]);
    expect(r.loss).toBeCloseTo((1 + 0 + 9) / 3, 15);
    expect(Array.from(r.grad)).toEqual([2 / 3, 0, 2]);
    expect(mseLoss(Float32Array.of(1), [0]).grad).toBeInstanceOf(Float32Array);
    expect(() => mseLoss(Float64Array.of(1, 2), [1])).toThrow(new RangeError("mseLoss: prediction has length 2 but target has 1"));
  });

  it("softmaxCrossEntropy rejects classes < 2, a wrong logits length and labels outside the classes", () => {
    expect(() => softmaxCrossEntropy(new Float64Array(2), [0, 0], 1)).toThrow(new RangeError("softmaxCrossEntropy: invalid classes: 1 (must be an integer ≥ 2)"));
    expect(() => softmaxCrossEntropy(new Float64Array(5), [0, 0], 2.5)).toThrow("invalid classes: 2.5");
    expect(() => softmaxCrossEntropy(new Float64Array(5), [0, 0], 2)).toThrow(new RangeError("softmaxCrossEntropy: logits have length 5, expected 2 rows × 2 classes"));
    for (const bad of [2, -1, 0.5]) {
      expect(() => softmaxCrossEntropy(new Float64Array(4), [0, bad], 2)).toThrow(new RangeError(`softmaxCrossEntropy: label ${bad} of row 1 is not in [0, 1]`));
    }
    expect(softmaxCrossEntropy(new Float64Array(4), [0, 1], 2).loss).toBeCloseTo(Math.log(2), 15);
  });

  it("argmaxRows(x, classes) picks the largest of each row, the first on ties", () => {
    expect(Array.from(argmaxRows(Float64Array.of(1, 3, 2, 5, 5, 0, -1, -2, -0.5), 3))).toEqual([1, 0, 2]);
    expect(Array.from(argmaxRows(Float64Array.of(0, 0, 1, 0), 2))).toEqual([0, 0]);
    expect(Array.from(argmaxRows(Float64Array.of(9, 9, 9, 0, 1, 2), 3))).toEqual([0, 2]);
  });
});
