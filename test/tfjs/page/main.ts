// Runs actlab/tfjs on each TF.js backend the browser offers and publishes what it found on
// window.__result for test/tfjs/browser.test.ts: forward values, gradients, and the same values
// from the library itself, so the test compares them.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { activations } from "../../../packages/actlab/src/index.js";
import { tfActivation } from "../../../packages/actlab/src/tfjs/index.js";

setWasmPaths(new URL("./", location.href).href);

const xs = Float32Array.from([-40, -6, -1, -0.1, 0, 0.1, 1, 6, 40]);
const dy = Float32Array.from(xs, (_, i) => 0.5 + i);

async function onBackend(name: string) {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    return { backend: name, available: false, error: String(e) };
  }
  if (!ok) return { backend: name, available: false, error: "setBackend returned false" };
  await tf.ready();
  const rows: Record<string, { y: number[]; dx: number[]; yRef: number[]; dxRef: number[] }> = {};
  for (const a of activations) {
    const f = tfActivation(a.id);
    const y = tf.tidy(() => Array.from(f(tf.tensor1d(xs)).dataSync()));
    const dx = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => f(x))(tf.tensor1d(xs), tf.tensor1d(dy)).dataSync()));
    rows[a.id] = { y, dx, yRef: Array.from(a.forward(xs)), dxRef: Array.from(a.backward(xs, dy)) };
  }
  return { backend: name, available: true, rows };
}

const result = [];
for (const name of ["cpu", "wasm", "webgl"]) result.push(await onBackend(name));
(window as unknown as { __result: unknown }).__result = result;
document.getElementById("out")!.textContent = JSON.stringify(result.map((r) => ({ backend: r.backend, available: r.available })));
