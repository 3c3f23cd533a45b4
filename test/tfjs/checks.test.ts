/**
 * Issue 24, item 7 on the TF.js side: per-channel α (along the last axis, as the library's
 * prelu), and string tensors refused with a clear error instead of giving NaN.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { prelu } from "../../packages/actlab/src/index.js";
import { actlabActivation, tfActivation } from "../../packages/actlab/src/tfjs/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

const X = Float32Array.from([-1, -1, 2, -3, -0.5, 4]);

describe("tfActivation('prelu') with one α per channel", () => {
  it("values and gradient equal actlab's per-channel prelu on a [3, 2] tensor", () => {
    const alpha = [0.1, 0.2];
    const f = tfActivation("prelu", { alpha });
    const y = tf.tidy(() => f(tf.tensor2d(X, [3, 2])).dataSync() as Float32Array);
    expect(Array.from(y)).toEqual(Array.from(prelu.forward(X, { alpha })));
    const g = tf.tidy(() => tf.grad(f)(tf.tensor2d(X, [3, 2])).dataSync() as Float32Array);
    expect(Array.from(g)).toEqual(Array.from(prelu.backward(X, new Float32Array(6).fill(1), { alpha })));
  });

  it("a last axis that is not the channel count is refused, naming both", () => {
    const f = tfActivation("prelu", { alpha: [0.1, 0.2] });
    const x = tf.tensor2d(X, [2, 3]);
    expect(() => f(x)).toThrow(new RangeError("prelu: alpha has 2 channels but the tensor's last axis has 3 entries (shape [2, 3])"));
    x.dispose();
  });

  it("a bad channel value is refused when the function is made", () => {
    expect(() => tfActivation("prelu", { alpha: [0.1, Infinity] })).toThrow(/invalid alpha\[1\] for prelu: Infinity/);
  });

  it("an ActlabActivation layer keeps per-channel α in its config and applies it", () => {
    const layer = actlabActivation({ id: "prelu", params: { alpha: [0.1, 0.2] } });
    expect(layer.getConfig().params as unknown).toEqual({ alpha: [0.1, 0.2] });
    const y = tf.tidy(() => (layer.apply(tf.tensor2d(X, [3, 2])) as tf.Tensor).dataSync() as Float32Array);
    expect(Array.from(y)).toEqual(Array.from(prelu.forward(X, { alpha: [0.1, 0.2] })));
  });
});

describe("a string tensor is an error, not NaN", () => {
  it("tfActivation(id)(string tensor) throws a TypeError and leaks no tensor", () => {
    const x = tf.tensor(["1", "2"]);
    const before = tf.memory().numTensors;
    expect(() => tfActivation("relu")(x)).toThrow(new TypeError("relu: expects a float32, int32 or bool tensor, got a string tensor (convert strings to numbers first)"));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it("int32 and bool tensors still work (as numbers)", () => {
    const y = tf.tidy(() => tfActivation("relu")(tf.tensor([-2, 3], undefined, "int32")).dataSync());
    expect(Array.from(y)).toEqual([0, 3]);
    const b = tf.tidy(() => tfActivation("relu")(tf.tensor([true, false], undefined, "bool")).dataSync());
    expect(Array.from(b)).toEqual([1, 0]);
  });
});
