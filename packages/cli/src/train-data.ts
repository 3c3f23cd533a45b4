// `actlab train mlp --data <CSV file or IDX folder>`: an MLP classifier trained with
// Sequential.fit on the user's data (float32, Adam), the test rows measured after each epoch.
import { statSync } from "node:fs";
import { Activation, createRng, Dense, PReLU, Sequential, type Layer } from "actlab/nn";
import { initFor } from "actlab/nn";
import { DataError, loadDataSplit, type DataSplit } from "actlab/node";
import { RunEnded, signalExitCode, STOP_SIGNALS, UsageError } from "./errors.js";
import { parseNumber } from "./parse.js";
import { formulaId } from "./params-option.js";

export interface DataCliOptions {
  activation: string;
  data: string;
  label?: string;
  hidden: number[];
  epochs?: string;
  lr?: string;
  batch?: string;
  seed?: string;
  json?: boolean;
}

/** Defaults with --data (the toy data sets keep theirs): Keras's Adam rate, a few epochs, batches of 64. */
export const DATA_DEFAULTS = { epochs: 5, lr: 0.001, batch: 64 } as const;

function int(text: string | undefined, what: string, def: number, min: number): number {
  if (text === undefined) return def;
  const v = parseNumber(text, what);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`invalid ${what}: '${text}' (expected a whole number ≥ ${min})`);
  return v;
}

/** --label: a column number (1-based, negative from the end) or a name. */
export function parseLabel(text: string | undefined): string | number | undefined {
  if (text === undefined) return undefined;
  return /^-?\d+$/.test(text.trim()) ? Number(text) : text;
}

export async function loadForCli(path: string, label: string | undefined, seed: number): Promise<DataSplit> {
  let dir = false;
  try {
    dir = statSync(path).isDirectory();
  } catch {
    // loadDataSplit names the missing path.
  }
  if (dir && label !== undefined) throw new UsageError(`--label is for a CSV file: the IDX folder ${path} has its labels in its own files`);
  try {
    return await loadDataSplit(path, { label: parseLabel(label), seed });
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(e.message);
    throw e;
  }
}

export async function runMlpOnData(o: DataCliOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  // A registry id, or a formula (parsed, checked and registered under its text).
  const id = formulaId(o.activation);
  const seed = int(o.seed, "seed", 1, 0);
  const epochs = int(o.epochs, "epochs", DATA_DEFAULTS.epochs, 1);
  const batch = int(o.batch, "batch size", DATA_DEFAULTS.batch, 1);
  const lr = o.lr === undefined ? DATA_DEFAULTS.lr : parseNumber(o.lr, "learning rate");
  if (!(lr > 0 && Number.isFinite(lr))) throw new UsageError(`invalid learning rate: '${o.lr}' (expected a number > 0)`);
  const d = await loadForCli(o.data, o.label, seed);
  const { train, test } = d;
  const rng = createRng(seed);
  const sizes = [train.features, ...o.hidden, train.classes];
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Dense(sizes[i], sizes[i + 1], { init: initFor(id), rng, dtype: "float32" }));
    if (i + 2 < sizes.length) layers.push(id === "prelu" ? new PReLU(sizes[i + 1], { perUnit: true, dtype: "float32" }) : new Activation(id));
  }
  const model = new Sequential(layers);
  const about = `${d.source}: ${train.labels.length} training and ${test.labels.length} test rows of ${train.features} features, ${train.classes} classes; ${d.split}; scaling: ${d.scaling} · ${sizes.join("-")} ${id} MLP, ${initFor(id)} init, Adam lr ${lr}, batch ${batch}, float32`;
  if (o.json) out.write(JSON.stringify({ data: { source: d.source, split: d.split, scaling: d.scaling, train: train.labels.length, test: test.labels.length, features: train.features, classes: train.classes }, model: sizes, activation: id }) + "\n");
  else out.write(`# ${about}\n`);
  // Ctrl-C, SIGTERM (kill) and SIGHUP (the terminal closed) alike: fit stops between batches, the
  // summary or the final JSON object is printed, then the exit code shells report for the signal.
  const ac = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    stoppedBy ??= sig;
    ac.abort(new RunEnded(signalExitCode(sig)));
  };
  for (const [sig] of STOP_SIGNALS) process.once(sig, onSignal);
  const t0 = performance.now();
  let interrupted = false;
  // What the summary reports when a signal stops fit mid-epoch (fit then returns no history).
  let done = 0;
  let lastTest: number | undefined;
  try {
    const h = await model.fit(train.x, train.labels, {
      epochs,
      batchSize: batch,
      learningRate: lr,
      seed,
      validation: { x: test.x, y: test.labels },
      signal: ac.signal,
      onEpochEnd: (e, l) => {
        done = e + 1;
        lastTest = l.valAccuracy;
        const line = o.json
          ? JSON.stringify({ epoch: e + 1, loss: l.loss, accuracy: l.accuracy, testLoss: l.valLoss, testAccuracy: l.valAccuracy })
          : `epoch ${e + 1}/${epochs}  loss ${l.loss.toFixed(6)}  accuracy ${(l.accuracy ?? NaN).toFixed(4)}  test loss ${(l.valLoss ?? NaN).toFixed(6)}  test accuracy ${(l.valAccuracy ?? NaN).toFixed(4)}`;
        out.write(line + "\n");
      },
    }).catch((e: unknown) => {
      if (e instanceof RunEnded) {
        interrupted = true;
        return undefined;
      }
      throw e;
    });
    const seconds = (performance.now() - t0) / 1000;
    const acc = h?.history.valAccuracy?.at(-1) ?? lastTest;
    const diverged = h !== undefined && !Number.isFinite(h.history.loss.at(-1) as number);
    if (o.json) out.write(JSON.stringify({ stopReason: interrupted ? "interrupted" : diverged ? "diverged" : "epochs", epochs: h?.epoch.length ?? done, testAccuracy: acc ?? null, seconds }) + "\n");
    else if (interrupted) out.write(`\ninterrupted (${stoppedBy === "SIGINT" || stoppedBy === undefined ? "Ctrl-C" : stoppedBy}) after ${done} epochs, test accuracy ${acc === undefined ? "not measured yet" : `${(100 * acc).toFixed(2)}%`}\n`);
    else if (diverged) out.write(`\nthe loss stopped being finite at epoch ${h?.epoch.length}: try a smaller --lr\n`);
    else out.write(`\ndone: ${h?.epoch.length} epochs in ${seconds.toFixed(1)} s, test accuracy ${(100 * (acc ?? NaN)).toFixed(2)}%\n`);
    if (interrupted) throw new RunEnded(signalExitCode(stoppedBy ?? "SIGINT"));
    if (diverged) throw new RunEnded(1);
  } finally {
    for (const [sig] of STOP_SIGNALS) process.removeListener(sig, onSignal);
  }
}
