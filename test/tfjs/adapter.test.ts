/**
 * actlab/tfjs as a TF.js user would use it: tensors in, tensors out, tf.grad, a small model
 * trained with model.fit, save and load, on TF.js's cpu and wasm backends in Node.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activations, getActivation } from "../../packages/actlab/src/index.js";
import { ActlabActivation, actlabActivation, registerActlabLayers, tfActivation } from "../../packages/actlab/src/tfjs/index.js";

const require = createRequire(import.meta.url);
setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/");

/** Points across the interesting ranges of every function, as float32. */
const xs = Float32Array.from([-40, -12, -6, -3, -1.5, -1, -0.5, -0.1, -1e-3, 0, 1e-3, 0.1, 0.5, 1, 1.5, 3, 6, 12, 40]);

const backends = ["cpu", "wasm"] as const;

afterAll(async () => {
  await tf.setBackend("cpu");
});

for (const backend of backends) {
  describe(`actlab/tfjs on the ${backend} backend`, () => {
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
    });

    it("tfActivation(id)(x) gives actlab's float32 values bit for bit, for every elementwise function", () => {
      for (const a of activations) {
        const got = tf.tidy(() => tfActivation(a.id)(tf.tensor1d(xs)).dataSync() as Float32Array);
        expect(Array.from(got), a.id).toEqual(Array.from(a.forward(xs)));
      }
    });

    it("tf.grad(tfActivation(id)) is dy·f′(x) (a float32 product) with actlab's derivative, kinks included (relu′(0) = 1)", () => {
      const dy = Float32Array.from(xs, (_, i) => 0.25 * (i + 1));
      for (const a of activations) {
        const got = tf.tidy(() => {
          const g = tf.grad((x: tf.Tensor) => tfActivation(a.id)(x));
          return g(tf.tensor1d(xs), tf.tensor1d(dy)).dataSync() as Float32Array;
        });
        // The adapter's gradient is TF.js's float32 product of dy and actlab's float32 f′(x).
        const d = a.forwardWithDerivative(xs).d;
        expect(Array.from(got), a.id).toEqual(Array.from(dy, (v, i) => Math.fround(v * d[i])));
      }
      // By hand: TF.js's own relu has gradient 0 at 0, actlab's right-hand rule gives 1.
      const at0 = tf.tidy(() => [tf.grad((x: tf.Tensor) => tfActivation("relu")(x))(tf.scalar(0)).dataSync()[0], tf.grad((x: tf.Tensor) => tf.relu(x))(tf.scalar(0)).dataSync()[0]]);
      expect(at0).toEqual([1, 0]);
    });

    it("linear (issue 21) is TF.js's own 'linear' activation: the same values and gradient", () => {
      const dy = Float32Array.from(xs, (_, i) => 0.5 * (i + 1));
      const ours = tf.tidy(() => Array.from(tfActivation("linear")(tf.tensor1d(xs)).dataSync()));
      const theirs = tf.tidy(() => Array.from((tf.layers.activation({ activation: "linear" }).apply(tf.tensor1d(xs)) as tf.Tensor).dataSync()));
      expect(ours).toEqual(theirs);
      const g = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tfActivation("linear")(x))(tf.tensor1d(xs), tf.tensor1d(dy)).dataSync()));
      expect(g).toEqual(Array.from(dy));
    });

    it("tfActivation passes parameters through and leaks no tensors", () => {
      const before = tf.memory().numTensors;
      const y = tf.tidy(() => Array.from(tfActivation("elu", { alpha: 2 })(tf.tensor1d([-1, 1])).dataSync()));
      expect(y[0]).toBeCloseTo(2 * Math.expm1(-1), 6);
      expect(y[1]).toBe(1);
      tf.tidy(() => {
        tf.grad((x: tf.Tensor) => tfActivation("tanh")(x))(tf.tensor1d([0.5]));
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

describe("actlab/tfjs errors", () => {
  it("tfActivation(unknown id) names the id and lists the known ones", () => {
    expect(() => tfActivation("swishy")).toThrow(/swishy.*relu/s);
  });
  it("tfActivation('softmax') says softmax is not elementwise", () => {
    expect(() => tfActivation("softmax")).toThrow(/softmax is a vector function, not an elementwise activation/);
  });
  it("tfActivation with a bad parameter throws the registry's RangeError at once", () => {
    expect(() => tfActivation("elu", { alpha: -1 })).toThrow(/invalid alpha for elu: -1/);
  });
});

/** A 2-16-3 classifier on fixed spiral-like data; the hidden activation is the only difference. */
function data() {
  const n = 96;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const r = (i + 1) / n;
    const t = c * 2.1 + r * 4;
    x[2 * i] = r * Math.cos(t);
    x[2 * i + 1] = r * Math.sin(t);
    y[3 * i + c] = 1;
  }
  return { x: tf.tensor2d(x, [n, 2]), y: tf.tensor2d(y, [n, 3]) };
}

function model(hidden: tf.layers.Layer | string, weights?: tf.Tensor[]): tf.Sequential {
  const m = tf.sequential();
  const native = typeof hidden === "string";
  m.add(tf.layers.dense({ inputShape: [2], units: 16, activation: native ? (hidden as "relu") : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  if (!native) m.add(hidden);
  m.add(tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }));
  if (weights) m.setWeights(weights);
  m.compile({ optimizer: tf.train.sgd(0.5), loss: "categoricalCrossentropy" });
  return m;
}

async function lossCurve(m: tf.Sequential, steps: number): Promise<number[]> {
  const { x, y } = data();
  const h = await m.fit(x, y, { epochs: steps, batchSize: 96, shuffle: false, verbose: 0 });
  x.dispose();
  y.dispose();
  return h.history.loss as number[];
}

describe("a model trained with TF.js's activation and with actlab's", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  // float32 training from identical weights: the two activations differ by at most a few float32
  // ulp per element (TF.js computes σ′ as y(1 − y), actlab stays within 4 ulp of the exact value),
  // and 50 full-batch SGD steps on this small, well-conditioned problem hardly amplify that: the
  // largest relative gap measured is 1.2e−7 (sigmoid), one float32 ulp of the loss; relu is
  // identical. 1e−6 (≈ 8 ulp) leaves room for another summation order and nothing more — a wrong
  // derivative moves the curve by > 1e−2 (the next test).
  const TOL = 1e-6;
  for (const [tfName, id] of [["relu", "relu"], ["sigmoid", "sigmoid"], ["tanh", "tanh"], ["elu", "elu"], ["selu", "selu"]] as const) {
    it(`50 steps with ${tfName}: the loss curves agree within ${TOL} relative`, async () => {
      const a = model(tfName);
      const b = model(actlabActivation({ id }), a.getWeights());
      const la = await lossCurve(a, 50);
      const lb = await lossCurve(b, 50);
      expect(la).toHaveLength(50);
      expect(la[49]).toBeLessThan(la[0]); // the model learns at all
      for (let i = 0; i < 50; i++) expect(Math.abs(la[i] - lb[i]) / la[i], `${id} step ${i}`).toBeLessThanOrEqual(TOL);
    }, 60_000);
  }

  it("the comparison detects a wrong derivative: tanh's forward with sigmoid's gradient diverges from TF.js", async () => {
    const wrong = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor;
      (args[1] as tf.GradSaveFunc)([x]);
      return { value: tf.tanh(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sigmoid(saved[0])) };
    });
    class Wrong extends tf.layers.Layer {
      static className = "WrongTanh";
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return wrong(Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
      }
    }
    const a = model("tanh");
    const b = model(new Wrong({}), a.getWeights());
    const la = await lossCurve(a, 50);
    const lb = await lossCurve(b, 50);
    expect(Math.max(...la.map((v, i) => Math.abs(v - lb[i]) / v))).toBeGreaterThan(1e-2);
  }, 60_000);
});

describe("models with the functions TF.js does not have", () => {
  for (const id of ["gelu", "silu", "mish"]) {
    it(`a 2-16-3 model with actlab's ${id} trains: 50 steps cut the loss by more than a third`, async () => {
      await tf.setBackend("cpu");
      const m = model(actlabActivation({ id }));
      const loss = await lossCurve(m, 50);
      expect(loss.every(Number.isFinite)).toBe(true);
      expect(loss[49]).toBeLessThan((2 / 3) * loss[0]);
    }, 60_000);
  }
});

describe("saving and loading a model with actlab layers", () => {
  it("model.save() and tf.loadLayersModel() keep the layer's id and parameters and the predictions bit for bit", async () => {
    await tf.setBackend("cpu");
    const m = model(actlabActivation({ id: "elu", params: { alpha: 0.5 }, name: "exact_elu" }));
    await lossCurve(m, 5);
    let saved: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }));
    expect(JSON.stringify(saved!.modelTopology)).toMatch(/"class_name":"ActlabActivation".*"id":"elu".*"alpha":0.5/s);
    registerActlabLayers();
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const layer = loaded.layers.find((l) => l instanceof ActlabActivation) as ActlabActivation;
    expect(layer.activation).toBe("elu");
    expect(layer.params).toEqual({ alpha: 0.5 });
    const probe = tf.tensor2d([-1, 0.5, 0.25, -0.75, 3, -3], [3, 2]);
    const p1 = (m.predict(probe) as tf.Tensor).dataSync();
    const p2 = (loaded.predict(probe) as tf.Tensor).dataSync();
    expect(Array.from(p2)).toEqual(Array.from(p1));
    // The loaded layer really is actlab's ELU with α = 0.5: compare with the library directly.
    const h = tf.tidy(() => (loaded.layers[0].apply(probe) as tf.Tensor).dataSync() as Float32Array);
    const act = tf.tidy(() => (layer.apply(tf.tensor2d(h, [3, 16])) as tf.Tensor).dataSync() as Float32Array);
    expect(Array.from(act)).toEqual(Array.from(getActivation("elu").forward(Float32Array.from(h), { alpha: 0.5 })));
  });
});
