import { WasmArena } from "../src/index.js";
import { arenaOf } from "../src/kernels/runtime.js";
const N = 1e6;
const ar = new WasmArena(2 * N + 8); const ax = ar.alloc(N), ay = ar.alloc(N);
for (let i = 0; i < N; i++) ax[i] = Math.random() * 20 - 10;
const k = arenaOf(ax)!.k;
const C = 32768;
const fns: [string, () => void][] = [
  ["row_max", () => { for (let i = 0; i < N; i += C) k.row_max(ax.byteOffset + 4 * i, Math.min(C, N - i)); }],
  ["exp_store", () => { for (let i = 0; i < N; i += C) k.exp_store(ax.byteOffset + 4 * i, ay.byteOffset + 4 * i, Math.min(C, N - i), 10); }],
  ["exp_rest", () => { for (let i = 0; i < N; i += C) k.exp_rest(ax.byteOffset + 4 * i, Math.min(C, N - i), 10); }],
  ["scale_f64", () => { for (let i = 0; i < N; i += C) k.scale_f64(ay.byteOffset + 4 * i, ay.byteOffset + 4 * i, Math.min(C, N - i), 0.5); }],
  ["sigmoid_f", () => { k.sigmoid_f(ax.byteOffset, ay.byteOffset, N); }],
  ["copy", () => { ay.set(ax); }],
];
const t = (f: () => void) => { const t0 = performance.now(); let n = 0; while (performance.now() - t0 < 100) { f(); n++; } return (performance.now() - t0) / n; };
const s: number[][] = fns.map(() => []);
for (const [, f] of fns) t(f);
for (let r = 0; r < 9; r++) fns.forEach(([, f], j) => s[j].push(t(f)));
fns.forEach(([n], j) => console.log(n, s[j].sort((a, b) => a - b)[4].toFixed(3), "ms"));
