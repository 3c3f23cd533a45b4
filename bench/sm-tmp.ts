import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { softmax, WasmArena } from "../src/index.js";
const require = createRequire(import.meta.url);
const warn = console.warn, log = console.log; console.warn = () => {}; console.log = () => {};
const tf = await import("@tensorflow/tfjs");
const wasm = await import("@tensorflow/tfjs-backend-wasm");
wasm.setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/");
await tf.setBackend("wasm");
console.warn = warn; console.log = log;
const N = 1e6;
const x = Float32Array.from({ length: N }, () => Math.random() * 20 - 10);
const y = new Float32Array(N);
const ar = new WasmArena(2 * N + 8); const ax = ar.alloc(N), ay = ar.alloc(N); ax.set(x);
const fns: [string, () => void][] = [
  ["actlab arrays", () => softmax(x, { size: N, out: y })],
  ["actlab arena", () => softmax(ax, { size: N, out: ay })],
  ["tf arrays", () => tf.tidy(() => void tf.softmax(tf.tensor2d(x, [1, N])).dataSync())],
];
const t = (f: () => void) => { const t0 = performance.now(); let n = 0; while (performance.now() - t0 < 150) { f(); n++; } return (performance.now() - t0) / n; };
const s: number[][] = fns.map(() => []);
for (const [, f] of fns) t(f);
for (let r = 0; r < 9; r++) fns.forEach(([, f], j) => s[j].push(t(f)));
fns.forEach(([n], j) => console.log(n, s[j].sort((a, b) => a - b)[4].toFixed(3), "ms"));
