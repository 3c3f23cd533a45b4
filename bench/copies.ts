// npx tsx bench/copies.ts [--pollute]
//
// Where the extra time of a plain Float32Array goes, against an arena array, at n = 10⁶ (sigmoid):
// the library call on both, and the chunked copies of the plain path alone. With --pollute, 128 MB
// of other memory traffic runs before every batch, as the other competitors of a bench round do.
import { getActivation, WasmArena } from "../packages/actlab/src/index.js";
import { CHUNK, scratch } from "../packages/actlab/src/kernels/runtime.js";
import { benchArgs } from "./args.js";

const pollute = benchArgs("copies", { pollute: { type: "boolean" } }).pollute === true;
const n = 1e6;
const rounds = 21;
const batch = 8;

function random(len: number, seed: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

const x = random(n, 1, -10, 10);
const dy = random(n, 2, -1, 1);
const y = new Float32Array(n);
const dx = new Float32Array(n);
const arena = new WasmArena(4 * n);
const ax = arena.alloc(n);
const ady = arena.alloc(n);
const ay = arena.alloc(n);
const adx = arena.alloc(n);
ax.set(x);
ady.set(dy);
const sigmoid = getActivation("sigmoid");
const s = scratch();
const slot = new Float32Array(s.memory.buffer, s.start, CHUNK);
const big = new Float32Array(16e6);
const big2 = new Float32Array(16e6);

const entries: Record<string, () => void> = {
  "forward, plain arrays": () => sigmoid.forward(x, undefined, y),
  "forward, arena arrays": () => sigmoid.forward(ax, undefined, ay),
  "gradient, plain arrays": () => sigmoid.backward(x, dy, undefined, dx),
  "gradient, arena arrays": () => sigmoid.backward(ax, ady, undefined, adx),
  "copy x into the scratch, chunk by chunk": () => {
    for (let i = 0; i < n; i += CHUNK) slot.set(x.subarray(i, Math.min(n, i + CHUNK)));
  },
  "copy the scratch out into y, chunk by chunk": () => {
    for (let i = 0; i < n; i += CHUNK) y.set(i + CHUNK <= n ? slot : slot.subarray(0, n - i), i);
  },
  "copy y.set(x)": () => y.set(x),
};

// Interleaved rounds, so that load from outside falls on every entry alike; medians.
const names = Object.keys(entries);
const samples = new Map(names.map((k) => [k, [] as number[]]));
for (const k of names) for (let i = 0; i < batch; i++) entries[k]();
for (let r = 0; r < rounds; r++) {
  for (const k of names) {
    if (pollute) big2.set(big);
    const t = performance.now();
    for (let i = 0; i < batch; i++) entries[k]();
    samples.get(k)?.push(((performance.now() - t) / batch / n) * 1e6);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log(`ns per element, n = ${n}, median of ${rounds} rounds${pollute ? ", 128 MB of other traffic before each batch" : ""}`);
for (const k of names) console.log(`${median(samples.get(k) ?? []).toFixed(3).padStart(7)}  ${k}`);
