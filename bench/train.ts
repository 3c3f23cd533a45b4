// npm run bench:train [-- --rounds 7] [--only 0,2] [--no-torch]
//
// Training speed of actlab/nn (dtype "float32": the wasm SIMD kernels) against TF.js 4 (wasm and
// cpu backends) in this process, and PyTorch on one thread and with its default threads (two
// child processes) when a Python with torch is found ($PYTHON, python3, /usr/bin/python3): the issue's four networks, Adam,
// softmax cross-entropy, float32, random data, milliseconds per training step. Also softmax over one row of 10⁶ float32
// from a JS array to a JS array. Writes bench/results/train-<time>.json.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { setKernelBackend, softmax, WasmArena } from "../packages/actlab/src/index.js";
import { Activation, Adam, createRng, Dense, type Layer, Sequential, softmaxCrossEntropy } from "../packages/actlab/src/nn/index.js";
import { randomFloats, worst } from "../test/kernels/ulp.js";
import { benchArgs, positiveInt, positiveNumber } from "./args.js";
import { epochBench, epochLine } from "./epoch.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor2D = import("@tensorflow/tfjs").Tensor2D;
type Variable = import("@tensorflow/tfjs").Variable;

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ---- command line ----
const argv = process.argv.slice(2);
const args = benchArgs("bench:train", {
  rounds: { type: "string", hint: "n" },
  only: { type: "string", hint: "i,j" },
  budget: { type: "string", hint: "seconds" },
  "no-torch": { type: "boolean" },
});
const rounds = positiveInt("bench:train", "rounds", args.rounds, 7);
/** Seconds each competitor trains per round. */
const budget = positiveNumber("bench:train", "budget", args.budget, 0.25);

interface Net {
  readonly name: string;
  readonly sizes: readonly number[];
  readonly act: "relu" | "tanh";
  readonly batch: number;
}
const NETS: readonly Net[] = [
  { name: "784-128-10 relu", sizes: [784, 128, 10], act: "relu", batch: 64 },
  { name: "64-64-64-10 relu", sizes: [64, 64, 64, 10], act: "relu", batch: 32 },
  { name: "2-8-8-2 tanh", sizes: [2, 8, 8, 2], act: "tanh", batch: 10 },
  { name: "10-(32×10)-2 tanh", sizes: [10, ...new Array<number>(10).fill(32), 2], act: "tanh", batch: 32 },
];
const only = typeof args.only === "string" ? args.only.split(",").map(Number) : NETS.map((_, i) => i);
for (const i of only) {
  if (!NETS[i]) {
    console.error(`bench:train: invalid --only ${String(args.only)} (network numbers 0–${NETS.length - 1}: ${NETS.map((n, j) => `${j} ${n.name}`).join(", ")})`);
    process.exit(2);
  }
}
const LR = 1e-3;

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The batch every competitor trains on: x uniform in [−1, 1), labels uniform over the classes. */
function data(net: Net): { x: Float32Array; labels: Int32Array } {
  const rng = createRng(7);
  const x = Float32Array.from({ length: net.batch * net.sizes[0] }, () => 2 * rng.random() - 1);
  const k = net.sizes[net.sizes.length - 1];
  const labels = Int32Array.from({ length: net.batch }, () => Math.floor(rng.random() * k));
  return { x, labels };
}

// ---- competitors: each gives a function that runs one training step ----
type Step = () => void;

function actlabStep(net: Net): Step {
  const rng = createRng(1);
  const layers: Layer[] = [];
  const { sizes } = net;
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Dense(sizes[i], sizes[i + 1], { rng, dtype: "float32", init: net.act === "relu" ? "he" : "xavier" }));
    if (i + 2 < sizes.length) layers.push(new Activation(net.act));
  }
  const model = new Sequential(layers);
  const opt = new Adam(model.params, { lr: LR });
  const { x, labels } = data(net);
  const classes = sizes[sizes.length - 1];
  return () => {
    const { grad } = softmaxCrossEntropy(model.forward(x), labels, classes);
    model.zeroGrad();
    model.backward(grad, false); // like TF.js's minimize and PyTorch: no gradient for the data
    opt.step();
  };
}

function tfStep(tf: Tf, net: Net): Step {
  const { sizes } = net;
  const vars: Variable[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const sd = Math.sqrt((net.act === "relu" ? 2 : 1) / sizes[i]);
    vars.push(tf.variable(tf.randomNormal([sizes[i], sizes[i + 1]], 0, sd, "float32", 1 + i)), tf.variable(tf.zeros([sizes[i + 1]])));
  }
  const { x, labels } = data(net);
  const xs = tf.tensor2d(x, [net.batch, sizes[0]]);
  const ys = tf.oneHot(tf.tensor1d(labels, "int32"), sizes[sizes.length - 1]).toFloat();
  const opt = tf.train.adam(LR);
  const act = net.act === "relu" ? tf.relu : tf.tanh;
  const loss = () => {
    let h: Tensor2D = xs;
    for (let i = 0; i < vars.length; i += 2) {
      h = tf.add(tf.matMul(h, vars[i] as Tensor2D), vars[i + 1]);
      if (i + 2 < vars.length) h = act(h);
    }
    return tf.losses.softmaxCrossEntropy(ys, h) as import("@tensorflow/tfjs").Scalar;
  };
  // tidy returns nothing; minimize keeps no cost tensor.
  return () => tf.tidy(() => void opt.minimize(loss, false, vars));
}

/**
 * PyTorch in a child process, asked round by round, or null when torch is missing: on one thread,
 * or with the threads it picks by default (as a user who sets nothing gets it).
 */
async function torchClient(nets: readonly Net[], threads: "1" | "default"): Promise<{ run(i: number): Promise<number>; versions(): Promise<Record<string, unknown>>; close(): void } | null> {
  if (args["no-torch"] === true) return null;
  // The first Python that imports torch: $PYTHON, python3 on the PATH, or the system's (Debian's
  // python3-torch installs into /usr/bin/python3, which a pyenv python3 on the PATH does not see).
  const python = [process.env.PYTHON, "python3", "/usr/bin/python3"].find((p) => p && spawnSync(p, ["-c", "import torch"], { stdio: "ignore" }).status === 0);
  if (!python) return null;
  // One thread everywhere: torch.set_num_threads does not reach a BLAS's own pool (Debian's torch
  // uses the generic BLAS), whose second thread spinning on a loaded machine made steps 10× slower.
  const one = { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const env = threads === "1" ? { ...process.env, ...one } : process.env;
  const child = spawn(python, [join(here, "train_torch.py"), JSON.stringify(nets), threads], { stdio: ["pipe", "pipe", "inherit"], env });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((s: string) => void)[] = [];
  lines.on("line", (l) => waiting.shift()?.(l));
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      waiting.push(resolve);
      child.stdin.write(q + "\n");
    });
  return {
    run: async (i) => Number(await ask(`${i} ${budget}`)),
    versions: async () => JSON.parse(await ask("versions")) as Record<string, unknown>,
    close: () => child.stdin.end(),
  };
}

/** Milliseconds per step: repeat for about `budget` seconds (at least 2 steps). */
function timeSteps(step: Step): number {
  let n = 0;
  const t0 = performance.now();
  let el = 0;
  do {
    step();
    n++;
    el = performance.now() - t0;
  } while (el < budget * 1000 || n < 2);
  return el / n;
}

async function loadTf(): Promise<Tf> {
  // TF.js greets Node users with an advert for tfjs-node (which must not be installed here).
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    const tf = await import("@tensorflow/tfjs");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/");
    await tf.setBackend("wasm");
    await tf.setBackend("cpu");
    return tf;
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

type Competitor = "actlab" | "tfjs wasm" | "tfjs cpu" | "pytorch 1 thread" | "pytorch default threads";
interface Row {
  net: string;
  batch: number;
  competitor: Competitor;
  ms: number;
  samples: number[];
}

type Torch = Awaited<ReturnType<typeof torchClient>>;
async function benchNets(tf: Tf, torch: Torch, torchDefault: Torch): Promise<Row[]> {
  const rows: Row[] = [];
  for (const i of only) {
    const net = NETS[i];
    const a = actlabStep(net);
    await tf.setBackend("wasm");
    const tw = tfStep(tf, net);
    await tf.setBackend("cpu");
    const tc = tfStep(tf, net);
    const entries: { name: Competitor; run: () => Promise<number> }[] = [
      { name: "actlab", run: async () => timeSteps(a) },
      {
        name: "tfjs wasm",
        run: async () => {
          await tf.setBackend("wasm");
          return timeSteps(tw);
        },
      },
      {
        name: "tfjs cpu",
        run: async () => {
          await tf.setBackend("cpu");
          return timeSteps(tc);
        },
      },
    ];
    if (torch) entries.push({ name: "pytorch 1 thread", run: () => torch.run(i) });
    if (torchDefault) entries.push({ name: "pytorch default threads", run: () => torchDefault.run(i) });
    // Warm-up, two untimed rounds: TF.js and V8 keep tiering up for about a second.
    for (let r = 0; r < 2; r++) for (const e of entries) await e.run();
    const samples = entries.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) {
      for (let j = 0; j < entries.length; j++) samples[j].push(await entries[j].run());
    }
    entries.forEach((e, j) => {
      const ms = median(samples[j]);
      rows.push({ net: net.name, batch: net.batch, competitor: e.name, ms, samples: samples[j] });
      process.stderr.write(`  ${net.name}, batch ${net.batch}, ${e.name}: ${ms.toPrecision(3)} ms/step\n`);
    });
  }
  return rows;
}

// ---- softmax over one long row ----
const ROW = 1e6;
type SoftmaxCompetitor = "actlab arrays" | "actlab arena" | "tfjs wasm arrays" | "tfjs wasm tensors";

async function benchSoftmax(tf: Tf): Promise<{ ms: Record<SoftmaxCompetitor, number>; maxUlps: number }> {
  const x = randomFloats(ROW, -10, 10, 1);
  const y = new Float32Array(ROW);
  const arena = new WasmArena(2 * ROW + 8);
  const ax = arena.alloc(ROW);
  const ay = arena.alloc(ROW);
  ax.set(x);
  await tf.setBackend("wasm");
  const xt = tf.tensor2d(x, [1, ROW]);
  setKernelBackend("wasm");
  const entries: { name: SoftmaxCompetitor; fn: () => void }[] = [
    { name: "actlab arrays", fn: () => softmax(x, { size: ROW, out: y }) },
    { name: "actlab arena", fn: () => softmax(ax, { size: ROW, out: ay }) },
    { name: "tfjs wasm arrays", fn: () => tf.tidy(() => void tf.softmax(tf.tensor2d(x, [1, ROW])).dataSync()) },
    { name: "tfjs wasm tensors", fn: () => tf.tidy(() => void tf.softmax(xt)) },
  ];
  const samples = entries.map(() => [] as number[]);
  for (let r = 0; r < 2; r++) for (const e of entries) timeSteps(e.fn);
  for (let r = 0; r < Math.max(rounds, 9); r++) entries.forEach((e, j) => samples[j].push(timeSteps(e.fn)));
  const ms = Object.fromEntries(entries.map((e, j) => [e.name, median(samples[j])])) as Record<SoftmaxCompetitor, number>;
  for (const e of entries) process.stderr.write(`  softmax 1 row of 10⁶, ${e.name}: ${ms[e.name].toPrecision(3)} ms\n`);
  xt.dispose();
  softmax(x, { size: ROW, out: y });
  const want = softmax(Float64Array.from(x), { size: ROW });
  return { ms, maxUlps: worst(y, (i) => want[i]).ulps };
}

// ---- report ----
function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

function fmt(v: number | undefined): string {
  if (v === undefined) return "—";
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toPrecision(2);
}

function table(rows: readonly Row[], torch: boolean): string {
  const get = (net: string, c: Competitor) => rows.find((r) => r.net === net && r.competitor === c)?.ms;
  const head = `| network, batch | actlab (float32) | TF.js wasm | TF.js cpu |${torch ? " PyTorch 1 thread | PyTorch default threads |" : ""} TF.js wasm ÷ actlab | TF.js cpu ÷ actlab |${torch ? " PyTorch 1 thread ÷ actlab | PyTorch default ÷ actlab |" : ""}`;
  const lines = [head, `|---|${"---:|".repeat(torch ? 9 : 5)}`];
  for (const i of only) {
    const n = NETS[i];
    const a = get(n.name, "actlab") as number;
    const tw = get(n.name, "tfjs wasm") as number;
    const tc = get(n.name, "tfjs cpu") as number;
    const pt = get(n.name, "pytorch 1 thread");
    const pd = get(n.name, "pytorch default threads");
    const r = (v: number | undefined) => (v === undefined ? " — |" : ` ${(v / a).toFixed(2)}× |`);
    lines.push(
      `| ${n.name}, ${n.batch} | ${fmt(a)} | ${fmt(tw)} | ${fmt(tc)} |${torch ? ` ${pt === undefined ? "—" : fmt(pt)} | ${pd === undefined ? "—" : fmt(pd)} |` : ""} ${(tw / a).toFixed(1)}× | ${(tc / a).toFixed(1)}× |${torch ? r(pt) + r(pd) : ""}`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const started = new Date();
  // The machine's load average at the start and the end (1, 5, 15 minutes): the figures are wall
  // clock, so a shared machine's load is part of every one of them.
  const load0 = loadavg();
  const tf = await loadTf();
  const torch = await torchClient(NETS, "1");
  const torchDefault = torch ? await torchClient(NETS, "default") : null;
  process.stderr.write(`bench:train: ${rounds} interleaved rounds of ~${budget} s per competitor${torch ? ", PyTorch on (1 thread and default threads)" : ", no PyTorch"}\n`);
  const rows = await benchNets(tf, torch, torchDefault);
  const sm = await benchSoftmax(tf);
  // Issue 23's target: one epoch of fit over 60,000 MNIST-sized rows (synthetic data, see bench/epoch.ts).
  const epoch = await epochBench(3);
  process.stderr.write(`  fit epoch, 784-128-10, batch 64, Adam, float32, 60000 synthetic rows: ${epoch.median.toFixed(2)} s (target ≤ ${epoch.target} s)\n`);
  const torchVersions: Record<string, unknown> | undefined = torch
    ? { ...(await torch.versions()), defaultThreads: torchDefault ? (await torchDefault.versions()).threads : undefined }
    : undefined;
  torch?.close();
  torchDefault?.close();
  const machine = {
    cpu: cpus()[0]?.model ?? "?",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const versions = {
    actlab: (JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")) as { version: string }).version,
    "@tensorflow/tfjs": version("@tensorflow/tfjs"),
    "@tensorflow/tfjs-backend-wasm": version("@tensorflow/tfjs-backend-wasm"),
    assemblyscript: version("assemblyscript"),
    ...(torchVersions ? { pytorch: torchVersions } : {}),
  };
  const tfWasmThreads = (await import("@tensorflow/tfjs-backend-wasm")).getThreadsCount();
  const out = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    command: `npm run bench:train${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
    machine,
    load: { start: load0, end: loadavg() },
    versions,
    settings: {
      rounds,
      secondsPerCompetitorPerRound: budget,
      optimizer: `Adam lr ${LR}`,
      loss: "softmax cross-entropy",
      data: "x uniform [-1, 1), labels uniform, one fixed batch",
      actlab: "dtype float32, wasm backend, backward(grad, false)",
      tfWasmThreads,
      unit: "ms per training step, median of interleaved rounds",
    },
    results: rows,
    fitEpoch: epoch,
    softmaxRow: { n: ROW, input: "uniform [-10, 10)", unit: "ms per call, median of interleaved rounds", ms: sm.ms, actlabMaxUlps: sm.maxUlps },
  };
  const dir = join(here, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `train-${started.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  console.log(`actlab bench:train — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; load average ${out.load.start.map((v) => v.toFixed(1)).join(", ")} → ${out.load.end.map((v) => v.toFixed(1)).join(", ")}; TF.js ${versions["@tensorflow/tfjs"]} (wasm: ${tfWasmThreads} thread)${torchVersions ? `; PyTorch ${String(torchVersions.torch)}` : ""}`);
  console.log(`ms per training step (Adam, softmax cross-entropy, float32), median of ${rounds} interleaved rounds\n`);
  console.log(table(rows, Boolean(torch)) + "\n");
  console.log(`${epochLine(epoch)}\n`);
  const s = sm.ms;
  console.log(`softmax, one row of 10⁶ float32 (ms): actlab arrays ${fmt(s["actlab arrays"])}, arena ${fmt(s["actlab arena"])}; TF.js wasm arrays ${fmt(s["tfjs wasm arrays"])}, tensors ${fmt(s["tfjs wasm tensors"])}; ` +
    `arrays ratio ${(s["tfjs wasm arrays"] / s["actlab arrays"]).toFixed(2)}×, actlab max error ${sm.maxUlps} ulp\n`);
  console.log(`wrote ${file}`);
}

await main();
