// Run by float32.test.ts as `node --expose-gc --import tsx test/nn/heap-run.ts`: trains a float32
// network for 15,000 steps and prints the JS heap and wasm memory in use (after a full
// collection) after 5,000 steps of warm-up (the JIT tiers up) and 10,000 steps later, as JSON.
import { Activation, Adam, Dense, Sequential, softmaxCrossEntropy, createRng } from "../../packages/actlab/src/nn/index.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const rng = createRng(1);
const net = new Sequential([new Dense(16, 32, { rng, dtype: "float32" }), new Activation("relu"), new Dense(32, 32, { rng, dtype: "float32" }), new Activation("tanh"), new Dense(32, 4, { rng, dtype: "float32" })]);
const opt = new Adam(net.params, { lr: 0.001 });
const x = Float32Array.from({ length: 16 * 16 }, () => rng.random() - 0.5);
const labels = Int32Array.from({ length: 16 }, (_, i) => i % 4);
const mark = () => {
  gc();
  return { heap: process.memoryUsage().heapUsed, wasm: (net.params[0].value as Float32Array).buffer.byteLength };
};
const out: { heap: number; wasm: number }[] = [];
for (let step = 1; step <= 15_000; step++) {
  const { grad } = softmaxCrossEntropy(net.forward(x), labels, 4);
  net.zeroGrad();
  net.backward(grad, false);
  opt.step();
  if (step === 5000 || step === 15_000) out.push(mark());
}
console.log(JSON.stringify(out));
