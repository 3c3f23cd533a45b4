import { describe, expect, it } from "vitest";
import { Activation, Adam, argmaxRows, createRng, Dense, SGD, Sequential, softmaxCrossEntropy, type DType } from "../../packages/actlab/src/nn/index.js";

const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [0, 1, 1, 0];

function net(dtype: DType = "float64", seed = 1, width = 8): Sequential {
  return new Sequential([new Dense(2, width, { rng: createRng(seed), dtype }), new Activation("tanh"), new Dense(width, 2, { rng: createRng(seed + 1), dtype })]);
}

/** Two noisy classes in the plane, 60 rows. */
function blobs(): { x: Float64Array; y: number[] } {
  const rng = createRng(9);
  const x = new Float64Array(120);
  const y: number[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 2;
    x[2 * i] = (c ? 1 : -1) + 0.7 * rng.normal();
    x[2 * i + 1] = (c ? -1 : 1) + 0.7 * rng.normal();
    y.push(c);
  }
  return { x, y };
}

describe("Sequential.fit", () => {
  it.each(["float64", "float32"] as const)("trains XOR from the short example (%s)", async (dtype) => {
    const model = net(dtype);
    const h = await model.fit(XOR_X, XOR_Y, { epochs: 200, batchSize: 4, learningRate: 0.05 });
    expect(h.epoch).toHaveLength(200);
    expect(h.history.accuracy?.at(-1)).toBe(1);
    expect(h.history.loss.at(-1)).toBeLessThan(h.history.loss[0] / 10);
    expect(Array.from(argmaxRows(model.predict(XOR_X), 2))).toEqual(XOR_Y);
    expect(model.evaluate(XOR_X, XOR_Y).accuracy).toBe(1);
    expect(model.predict(XOR_X)).toBeInstanceOf(dtype === "float32" ? Float32Array : Float64Array);
  });

  it.each(["float64", "float32"] as const)("is deterministic for a seed: the same history number for number; another seed shuffles otherwise (%s)", async (dtype) => {
    const { x, y } = blobs();
    const run = (seed: number) => net(dtype).fit(x, y, { epochs: 5, batchSize: 8, seed, validation: 0.25 });
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(b).toEqual(a);
    expect(c.history.loss).not.toEqual(a.history.loss);
    expect(a.history.valLoss).toHaveLength(5);
    expect(a.history.valAccuracy).toHaveLength(5);
  });

  it("equals the hand-written loop: full batches, no shuffle, plain SGD", async () => {
    const { x, y } = blobs();
    const a = net("float64", 5);
    const b = net("float64", 5);
    const h = await a.fit(x, y, { epochs: 4, batchSize: 60, shuffle: false, optimizer: "sgd", learningRate: 0.1 });
    const opt = new SGD(b.params, { lr: 0.1 });
    const losses: number[] = [];
    for (let e = 0; e < 4; e++) {
      const r = softmaxCrossEntropy(b.forward(x), y, 2);
      losses.push(r.loss);
      b.zeroGrad();
      b.backward(r.grad, false);
      opt.step();
    }
    expect(h.history.loss).toEqual(losses);
    expect(Array.from(a.params[0].value)).toEqual(Array.from(b.params[0].value));
  });

  it("holds out the last rows for validation (before shuffling), as Keras's validationSplit", async () => {
    const { x, y } = blobs();
    const split = await net().fit(x, y, { epochs: 2, batchSize: 8, validation: 0.25 });
    const given = await net().fit(x.subarray(0, 90), y.slice(0, 45), { epochs: 2, batchSize: 8, validation: { x: x.subarray(90), y: y.slice(45) } });
    expect(given).toEqual(split);
  });

  it("takes an Optimizer instance, calls onEpochEnd with 0-based epochs, and trains mse regression", async () => {
    const model = new Sequential([new Dense(1, 1, { rng: createRng(3) })]);
    const seen: number[] = [];
    const h = await model.fit([[0], [1], [2]], [[1], [3], [5]], { loss: "mse", epochs: 600, batchSize: 3, optimizer: new Adam(model.params, { lr: 0.05 }), onEpochEnd: (e) => void seen.push(e) });
    expect(seen).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(h.history.accuracy).toBeUndefined();
    expect(h.history.loss.at(-1)).toBeLessThan(1e-4);
    expect(model.evaluate([[3]], [[7]], { loss: "mse" }).loss).toBeLessThan(1e-3);
  });

  it("stops when the signal aborts, with the signal's reason", async () => {
    const ac = new AbortController();
    const p = net().fit(XOR_X, XOR_Y, { epochs: 1000, batchSize: 1, signal: ac.signal, onEpochEnd: (e) => (e === 2 ? ac.abort(new Error("enough")) : undefined) });
    await expect(p).rejects.toThrow("enough");
  });

  it("names the mistake: label out of range, counts, widths, options", async () => {
    await expect(net().fit(XOR_X, [0, 1, 2, 0])).rejects.toThrow("fit: label 2 of row 2 is not a class of the model's 2 outputs");
    await expect(net().fit(XOR_X, [0, 1])).rejects.toThrow("fit: 2 labels for 4 rows of x");
    await expect(net().fit([[1, 2, 3]], [0])).rejects.toThrow("fit: rows of 3 values, but the model takes 2");
    await expect(net().fit(new Float64Array(5), [0])).rejects.toThrow("fit: x has 5 values, not a whole number of rows of 2");
    await expect(net().fit(XOR_X, XOR_Y, { epochs: 0 })).rejects.toThrow("fit: invalid epochs: 0");
    await expect(net().fit(XOR_X, XOR_Y, { validation: 1.5 })).rejects.toThrow(/invalid validation share: 1\.5/);
    await expect(net().fit(XOR_X, XOR_Y, { loss: "hinge" as never })).rejects.toThrow(/unknown loss: hinge/);
  });
});
