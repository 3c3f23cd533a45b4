import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { activationIds } from "actlab";
import { formulaId } from "./params-option.js";
import { DATASET_POINTS, datasetNames, makeDataset, type Dataset, type DatasetName } from "actlab/nn";
import { createMlpRun, initFor, MLP_DEFAULTS as D, type MlpEpoch, type MlpRun } from "actlab/nn";
import { DEFAULT_SEED } from "actlab/nn";
import { diagnoseMlp } from "actlab/nn";
import { UsageError } from "./errors.js";
import { diagnosticsLines, warnOnce } from "./train-diagnostics.js";
import { ansi, asUsage, catchInterrupt, endStatus, num0, sleep, yieldNow, type Out } from "./train-term.js";

interface MlpCliOptions {
  activation: string;
  dataset: string;
  hidden: string;
  epochs?: string;
  lr?: string;
  batch?: string;
  points?: string;
  seed?: string;
  live: boolean;
  json?: boolean;
  diagnostics?: boolean;
  data?: string;
  label?: string;
}

function parseHidden(text: string): number[] {
  const parts = text.split(",").map((t) => t.trim());
  if (parts.some((t) => !/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 4096)) {
    throw new UsageError(`invalid --hidden: '${text}' (expected widths 1…4096 separated by commas, e.g. 16,16)`);
  }
  return parts.map(Number);
}

function row(r: MlpEpoch, epochs: number): string {
  return `epoch ${r.epoch}/${epochs}  loss ${r.loss.toFixed(6)}  accuracy ${r.accuracy.toFixed(4)}`;
}

// Background colours of the class regions and the marks of the points of each class.
const REGION = ["\x1b[44m", "\x1b[43m", "\x1b[45m"];
const MARK = ["o", "x", "+"];

function spanRatio(data: Dataset): number {
  const xs = data.x.filter((_, i) => i % 2 === 0);
  const ys = data.x.filter((_, i) => i % 2 === 1);
  const w = Math.max(...xs) - Math.min(...xs);
  const h = Math.max(...ys) - Math.min(...ys);
  return w > 0 ? h / w : 1;
}

/** The plane coloured by the predicted class, with the training points marked on top. */
export function decisionMap(run: MlpRun, data: Dataset, cols: number, rows: number): string[] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < data.labels.length; i++) {
    x0 = Math.min(x0, data.x[2 * i]);
    x1 = Math.max(x1, data.x[2 * i]);
    y0 = Math.min(y0, data.x[2 * i + 1]);
    y1 = Math.max(y1, data.x[2 * i + 1]);
  }
  const px = (x1 - x0) * 0.05;
  const py = (y1 - y0) * 0.05;
  [x0, x1, y0, y1] = [x0 - px, x1 + px, y0 - py, y1 + py];
  const centres = new Float64Array(cols * rows * 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      centres[2 * (r * cols + c)] = x0 + ((c + 0.5) / cols) * (x1 - x0);
      centres[2 * (r * cols + c) + 1] = y1 - ((r + 0.5) / rows) * (y1 - y0);
    }
  }
  const pred = run.predict(centres);
  const marks: string[] = new Array(cols * rows).fill(" ");
  for (let i = 0; i < data.labels.length; i++) {
    const c = Math.min(cols - 1, Math.floor(((data.x[2 * i] - x0) / (x1 - x0)) * cols));
    const r = Math.min(rows - 1, Math.floor(((y1 - data.x[2 * i + 1]) / (y1 - y0)) * rows));
    marks[r * cols + c] = MARK[data.labels[i]] ?? "*";
  }
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    let s = "";
    for (let c = 0; c < cols; c++) s += `${REGION[pred[r * cols + c]] ?? ""}\x1b[30m${marks[r * cols + c]}`;
    out.push(s + "\x1b[0m");
  }
  return out;
}

async function runMlp(o: MlpCliOptions, out: Out = process.stdout): Promise<void> {
  if (o.data !== undefined) {
    const clash = (["points", "diagnostics"] as const).filter((k) => o[k] !== undefined);
    if (clash.length) throw new UsageError(`--data cannot be combined with ${clash.map((k) => `--${k}`).join(", ")}`);
    const { runMlpOnData } = await import("./train-data.js");
    return runMlpOnData({ ...o, data: o.data, hidden: parseHidden(o.hidden) }, out as NodeJS.WritableStream);
  }
  if (o.label !== undefined) throw new UsageError("--label needs --data <file.csv>");
  // A registry id, or a formula (parsed, checked and registered under its text).
  const id = formulaId(o.activation);
  if (!datasetNames.includes(o.dataset as DatasetName)) throw new UsageError(`invalid dataset: '${o.dataset}' (use ${datasetNames.join(", ")})`);
  const hidden = parseHidden(o.hidden);
  const seed = num0(o.seed, "seed") ?? DEFAULT_SEED;
  const data = asUsage(() => makeDataset(o.dataset as DatasetName, { n: num0(o.points, "number of points"), seed }));
  const epochs = num0(o.epochs, "epochs") ?? D.epochs;
  const run = asUsage(() => createMlpRun(data, { activation: id, hidden, epochs, lr: num0(o.lr, "learning rate"), batch: num0(o.batch, "batch size"), seed }));
  const about = `${o.dataset} (${data.labels.length} points, ${data.classes} classes) · 2-${hidden.join("-")}-${data.classes} ${id} MLP, ${initFor(id)} init, Adam`;
  // Diagnostics are lines per epoch, so they use the plain view.
  const live = !o.json && !o.diagnostics && o.live && out.isTTY === true;
  const warn = warnOnce();
  const stop = catchInterrupt();
  try {
    if (live) {
      out.write(ansi.bold(`actlab train mlp · ${about}`) + "\n");
      const bar = new SingleBar({
        stream: out as NodeJS.WritableStream,
        format: `epoch {value}/{total} {bar} loss {loss}  accuracy {acc}  ${ansi.dim("Ctrl-C stops")}`,
        barsize: 30,
        barCompleteChar: "\u2588",
        barIncompleteChar: "\u2591",
        hideCursor: true,
        gracefulExit: false,
        fps: 20,
      });
      bar.start(epochs, 0, { loss: "-", acc: "-" });
      try {
        while (!run.done && !stop.stopped) {
          const r = run.step();
          if (run.diverged) break;
          bar.update(r.epoch, { loss: r.loss.toFixed(4), acc: r.accuracy.toFixed(3) });
          // A short pause now and then lets the bar repaint and Ctrl-C arrive.
          if (r.epoch % 5 === 0) await sleep(1);
        }
      } finally {
        bar.stop();
      }
      const cols = Math.min(64, Math.max(20, (out.columns ?? 80) - 2));
      // A character is about twice as tall as it is wide: keep the plane's proportions.
      const rows = Math.min(24, Math.max(8, (out.rows ?? 24) - 6), Math.round((cols * spanRatio(data)) / 2.1));
      out.write(decisionMap(run, data, cols, Math.max(8, rows)).join("\n") + "\n");
    } else {
      if (!o.json) out.write(`# ${about}\n`);
      while (!run.done && !stop.stopped) {
        const r = run.step();
        if (run.diverged) break;
        const diag = o.diagnostics ? diagnoseMlp(run.model, data.x, data.labels, data.classes) : undefined;
        out.write((o.json ? JSON.stringify(diag ? { ...r, diagnostics: diag } : r) : [row(r, epochs), ...(diag ? diagnosticsLines(diag) : [])].join("\n")) + "\n");
        if (diag) warn(diag);
        await yieldNow();
      }
    }
    const last = run.history[run.history.length - 1];
    if (o.json) {
      const stopReason = stop.stopped ? "interrupted" : run.diverged ? "diverged" : "epochs";
      out.write(JSON.stringify({ stopReason, message: run.diverged, activation: id, dataset: o.dataset, hidden, final: last ?? null }) + "\n");
    } else if (run.diverged) {
      out.write(`\n${run.diverged}\n`);
    } else if (last) {
      const head = stop.stopped ? `interrupted at epoch ${last.epoch} (${stop.how})` : `done: ${last.epoch} epochs`;
      out.write(`\n${head}: training loss ${last.loss.toFixed(6)}, training accuracy ${(100 * last.accuracy).toFixed(1)}%\n`);
    }
    endStatus(stop.signal, run.diverged !== null);
  } finally {
    stop.dispose();
  }
}

export function registerMlp(train: Command): void {
  train
    .command("mlp")
    .description("train a small MLP classifier on a 2-D toy data set with any elementwise activation of the registry")
    .requiredOption("--activation <id>", `hidden activation: ${activationIds.join(", ")}, or a formula in x such as "x*sigmoid(x)"`)
    .option("--dataset <name>", `data set: ${datasetNames.join(", ")}`, "moons")
    .option("--data <path>", "train on your data instead: a CSV file (numeric features and a label column) or a folder of MNIST-format IDX files; defaults become 5 epochs, Adam 0.001, batch 64")
    .option("--label <column>", "with a CSV --data: the label column, by name or number from 1 (default: the last)")
    .option("--hidden <widths>", "hidden layer widths, comma-separated", D.hidden.join(","))
    .option("--epochs <n>", `passes over the data (default ${D.epochs})`)
    .option("--lr <rate>", `Adam's learning rate (default ${D.lr})`)
    .option("--batch <n>", `points per update (default ${D.batch})`)
    .option("--points <n>", `size of the data set (default ${DATASET_POINTS})`)
    .option("--seed <n>", `seed of the data, the weights and the shuffles (default ${DEFAULT_SEED})`)
    .option("--no-live", "plain lines even in a terminal")
    .option("--json", "one JSON object per epoch, then a final one")
    .option("--diagnostics", "per epoch and layer: gradient norm, dead and saturated units; warns of vanishing gradients and dead layers")
    .addHelpText("after", "\nExamples:\n  actlab train mlp --activation relu --dataset moons\n  actlab train mlp --activation selu --dataset spiral --hidden 32,32 --epochs 300\n  actlab train mlp --activation sigmoid --hidden 16,16,16,16,16,16 --epochs 20 --diagnostics\n  actlab train mlp --activation relu --data data/mnist --hidden 128 --epochs 3\n  actlab train mlp --activation tanh --data iris.csv --label species --epochs 50")
    .action(async (o: MlpCliOptions) => runMlp(o));
}
