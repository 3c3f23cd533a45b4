// The Network view's trainer: runs epochs as fast as it can while playing, and posts the
// state the page draws at most ~15 times a second, so the page keeps its frame rate.
import { createNetworkRun, type NetworkRun } from "../../../../packages/actlab/src/train/network.js";
import type { PlaneSplit } from "../../../../packages/actlab/src/train/plane-data.js";
import { checkClasses, epochRate, exportAt, historyAt, pointsOf, rowsSince, splitOf, startEpoch } from "./model-file.js";
import type { FromWorker, Snapshot, ToWorker } from "./protocol.js";
import { loadKernels } from "../../kernels.js";
import { setCustom, useFormula } from "../../custom.js";
import { parseActivation } from "../../../../packages/actlab/src/formula/index.js";

// The output at 80×80 (Playground: 100×100), each unit at 24×24 (Playground: 10×10).
const GRID = 80;
const UNIT_GRID = 24;
const POST_MS = 80;
const SLICE_MS = 12;

const scope = self as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
let run: NetworkRun | null = null;
let split: PlaneSplit | null = null;
let generation = 0;
let playing = false;
let sent = 0;
let fresh = true;
let lastPost = 0;
let offset = 0;
const rate: [number, number][] = [];
// A MessageChannel schedules the next slice without setTimeout's 4 ms clamp, and lets the
// page's messages (pause, step) in between slices.
const tick = new MessageChannel();
tick.port1.onmessage = () => slice();

function post(): void {
  if (!run || !split) return;
  const last = run.history[run.history.length - 1];
  const now = performance.now();
  const eps = epochRate(rate, now);
  const { rows, grads } = rowsSince(run.history, sent, offset);
  const health = run.health();
  const { probs } = run.grid(GRID, split.extent, false);
  const { units } = run.grid(UNIT_GRID, split.extent);
  const evalNow = last ?? run.evaluate();
  const snap: Snapshot = {
    type: "snapshot",
    generation,
    playing,
    epoch: offset + run.epoch,
    trainLoss: evalNow.trainLoss,
    testLoss: evalNow.testLoss,
    testAccuracy: evalNow.testAccuracy,
    rows,
    grads,
    fresh,
    dead: health.map((h) => h.dead),
    saturated: health.map((h) => h.saturated),
    alpha: health.map((h) => h.alpha),
    weights: run.dense.map((d) => ({ w: Float32Array.from(d.weight.value), b: Float32Array.from(d.bias.value), inputs: d.inputs, outputs: d.outputs })),
    grid: GRID,
    unitGrid: UNIT_GRID,
    extent: split.extent,
    classes: split.classes,
    probs,
    units,
    points: fresh ? pointsOf(split) : undefined,
    epochsPerSecond: playing ? eps : 0,
    diverged: run.divergedAt === null ? null : offset + run.divergedAt,
  };
  sent = run.history.length;
  fresh = false;
  lastPost = now;
  scope.postMessage(snap, [probs.buffer, ...units.map((u) => u.buffer)]);
}

function slice(): void {
  if (!playing || !run) return;
  const t0 = performance.now();
  do {
    if (run.step() === null) {
      playing = false;
      break;
    }
  } while (performance.now() - t0 < SLICE_MS);
  const now = performance.now();
  rate.push([now, run.epoch]);
  if (!playing || now - lastPost >= POST_MS) post();
  if (playing) tick.port2.postMessage(0);
}

// The float32 training runs on every kernel: messages wait until they have loaded (once per
// worker, usually already fetched by the page when idle); a failed load leaves the exact JS path.
const kernels = loadKernels("all").catch(() => undefined);
scope.onmessage = (e) => void kernels.then(() => handle(e.data));

function handle(m: ToWorker): void {
  try {
    if (m.type === "setup") {
      // The reader's formula as the id "custom": parsed here again from its text (never run as code).
      if (m.expr !== undefined) {
        useFormula({ parseActivation }); // (the worker's own module graph: the parser is static here)
        setCustom(m.expr);
      }
      generation++;
      playing = false;
      split = splitOf(m.data);
      checkClasses(m.model, split.classes);
      run = createNetworkRun(split, m.config, m.model?.weights);
      offset = startEpoch(m.model);
      sent = 0;
      fresh = true;
      rate.length = 0;
      post();
    } else if (m.type === "play") {
      if (!run || run.diverged) return;
      playing = true;
      rate.length = 0;
      rate.push([performance.now(), run.epoch]);
      slice();
    } else if (m.type === "pause") {
      playing = false;
      post();
    } else if (m.type === "step") {
      playing = false;
      run?.step();
      post();
    } else if (m.type === "weight") {
      const d = run?.dense[m.layer];
      if (m.generation !== generation || !d || m.from >= d.inputs || m.to >= d.outputs) return;
      d.weight.value[m.from * d.outputs + m.to] = m.value;
      post();
    } else if (m.type === "export") {
      if (!run || !split) return;
      scope.postMessage({ type: "export", model: exportAt(run, split.classes, offset), csv: historyAt(run.history, offset) });
    }
  } catch (err) {
    playing = false;
    scope.postMessage({ type: "error", message: (err as Error).message, generation });
  }
}
