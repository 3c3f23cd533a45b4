/** actlab/tfjs with a formula (issue 20): tfActivation(formula), the layer, save and load of the formula text. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { FormulaError, getActivation, parseActivation, unregisterActivation } from "../../packages/actlab/src/index.js";
import { worst } from "../kernels/ulp.js";
import { ActlabActivation, actlabActivation, registerActlabLayers, tfActivation } from "../../packages/actlab/src/tfjs/index.js";

const xs = [-6, -1.5, -0.5, 0, 0.5, 1.5, 6];

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

describe("actlab/tfjs with a formula", () => {
  it("tfActivation(formula) gives the formula's f forward and its f′ as the gradient", () => {
    const fn = tfActivation("x*sigmoid(beta*x); beta = 1.702");
    const a = parseActivation("x*sigmoid(beta*x); beta = 1.702");
    const x = tf.tensor1d(xs);
    expect(Array.from(fn(x).dataSync())).toEqual(xs.map((v) => Math.fround(a.f(v))));
    // The gradient is actlab's float32 f′ of the formula (registry calls inside it run on their
    // float32 kernels, as a registry function's own float32 path does), within 4 ulp of the exact f′.
    const grad = Array.from(tf.grad(fn)(x).dataSync());
    expect(grad).toEqual(Array.from(a.forwardWithDerivative(Float32Array.from(xs)).d));
    expect(worst(grad, (i) => a.df(xs[i])).ulps).toBeLessThanOrEqual(4);
    // A parameter given to tfActivation reaches the formula: with β = 1 it is SiLU (within the 4 ulp of a
    // float32 path), and exactly the formula's own float32 forward with that β.
    const beta1 = Array.from(tfActivation("x*sigmoid(beta*x); beta = 1.702", { beta: 1 })(x).dataSync());
    expect(beta1).toEqual(Array.from(a.forward(Float32Array.from(xs), { beta: 1 })));
    expect(worst(beta1, (i) => getActivation("silu").f(xs[i])).ulps).toBeLessThanOrEqual(4);
    expect(worst(beta1, (i) => a.f(xs[i])).ulps).toBeGreaterThan(4);
    expect(() => tfActivation("x*sigmoid(x")).toThrow(FormulaError);
  });

  it("the layer saves the formula text in its config and a fresh load parses it again", async () => {
    const layer = actlabActivation({ id: "quick-gelu", formula: "x*sigmoid(beta*x); beta = 1.702", params: { beta: 1.5 } });
    expect(layer.getConfig()).toMatchObject({ id: "quick-gelu", formula: "x*sigmoid(beta*x); beta = 1.702", params: { beta: 1.5 } });
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, kernelInitializer: "glorotUniform" }), layer, tf.layers.dense({ units: 1 })] });
    let saved: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    expect(JSON.stringify(saved!.modelTopology)).toContain('"formula":"x*sigmoid(beta*x); beta = 1.702"');
    // As in a fresh process: the id is not registered any more.
    unregisterActivation("quick-gelu");
    expect(() => getActivation("quick-gelu")).toThrow(/unknown activation/);
    registerActlabLayers();
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const l2 = loaded.layers.find((l) => l instanceof ActlabActivation) as ActlabActivation;
    expect(l2.activation).toBe("quick-gelu");
    expect(l2.formula).toBe("x*sigmoid(beta*x); beta = 1.702");
    expect(l2.params).toEqual({ beta: 1.5 });
    const probe = tf.tensor2d([-1, 0.5, 0.25, -0.75, 3, -3], [3, 2]);
    expect(Array.from((loaded.predict(probe) as tf.Tensor).dataSync())).toEqual(Array.from((m.predict(probe) as tf.Tensor).dataSync()));
  });

  it("a layer whose id is a formula saves it as its own formula", () => {
    const layer = new ActlabActivation({ id: "x*tanh(softplus(x))" });
    expect(layer.getConfig()).toMatchObject({ id: "x*tanh(softplus(x))", formula: "x*tanh(softplus(x))" });
    expect(new ActlabActivation({ id: "relu" }).getConfig()).not.toHaveProperty("formula");
    expect(() => new ActlabActivation({ id: "relu", formula: "x" })).toThrow(/built-in/);
  });
});
