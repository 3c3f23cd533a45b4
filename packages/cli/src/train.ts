import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { CsvError, parseCsv, type LinearData } from "actlab/nn";
import { ARTICLE, articleData } from "actlab/nn";
import { DEFAULT_SEED } from "actlab/nn";
import { createLinearRun, LINEAR_DEFAULTS as D, modes, type EpochRecord, type LinearRun, type Mode } from "actlab/nn";
import { registerMlp } from "./train-mlp.js";
import { registerPrelu } from "./train-prelu.js";
import { UsageError } from "./errors.js";
import { ansi, asUsage, catchInterrupt, endStatus, num, num0, Screen, sleep, yieldNow, type Out } from "./train-term.js";
import { fitPanel, linearCurve, panelSize, seriesPanel, sideBySide } from "./train-view.js";

export interface LinearCliOptions {
  lr?: string;
  mode?: string;
  batch?: string;
  epochs?: string;
  tol?: string;
  patience?: string;
  seed?: string;
  points?: string;
  slope?: string;
  intercept?: string;
  noise?: string;
  data?: string;
  initW?: string;
  initB?: string;
  live: boolean;
  json?: boolean;
}

function loadData(o: LinearCliOptions): { data: LinearData; about: string } {
  if (o.data !== undefined) {
    const clash = (["points", "slope", "intercept", "noise"] as const).filter((k) => o[k] !== undefined);
    if (clash.length) throw new UsageError(`--data cannot be combined with ${clash.map((k) => `--${k}`).join(", ")} (those make the article's data)`);
    let text: string;
    try {
      text = readFileSync(o.data, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read data file ${o.data}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      const data = parseCsv(text);
      return { data, about: `${data.x.length} points from ${o.data}` };
    } catch (e) {
      if (e instanceof CsvError) throw new UsageError(`${o.data}: ${e.message}`);
      throw e;
    }
  }
  const n = num0(o.points, "number of points");
  const slope = num0(o.slope, "slope") ?? ARTICLE.slope;
  const intercept = num0(o.intercept, "intercept") ?? ARTICLE.intercept;
  const noise = num0(o.noise, "noise") ?? ARTICLE.noise;
  const seed = num0(o.seed, "seed");
  const data = asUsage(() => articleData({ n, slope, intercept, noise, seed }));
  return { data, about: `${data.x.length} points of y = ${slope}x + ${intercept} + ${noise}·u, u uniform in [0, 1)` };
}

function row(r: EpochRecord): string {
  return `epoch ${r.epoch}  w ${num(r.w)}  b ${num(r.b)}  loss ${num(r.loss, 7)}`;
}

function json(r: EpochRecord): string {
  return JSON.stringify({ epoch: r.epoch, w: r.w, b: r.b, loss: r.loss });
}

function summary(run: LinearRun, interrupted: string | undefined, color: boolean): string {
  const f = run.history[run.history.length - 1];
  const c = run.closed;
  const why = interrupted !== undefined ? `interrupted at epoch ${f.epoch} (${interrupted}); the result so far:` : (run.message as string);
  const head = ["", "w", "b", "loss"];
  const rows = [
    ["learned", num(f.w), num(f.b), num(f.loss, 7)],
    ["closed form", num(c.w), num(c.b), num(c.loss, 7)],
    ["gap", signed(f.w - c.w), signed(f.b - c.b), signed(f.loss - c.loss, 7)],
  ];
  const widths = head.map((_, j) => Math.max(head[j].length, ...rows.map((r) => r[j].length)));
  const fmt = (r: string[]) => r.map((s, j) => (j === 0 ? s.padEnd(widths[j]) : s.padStart(widths[j]))).join("   ");
  const tone = run.stopReason === "diverged" ? ansi.magenta : ansi.green;
  return [color ? tone(why) : why, "", fmt(head), ...rows.map(fmt)].join("\n") + "\n";
}

function signed(v: number, digits = 6): string {
  return (v >= 0 ? "+" : "") + num(v, digits);
}

/** Epochs to run before the next frame: one at a time at first, then faster, so long runs end in seconds. */
export function epochsPerFrame(epoch: number): number {
  return Math.max(1, Math.floor(epoch / 30));
}

function linearFrame(run: LinearRun, data: LinearData, title: string, out: Out, color: boolean): string[] {
  const size = panelSize(out.columns, out.rows, 7);
  const f = run.history[run.history.length - 1];
  const fit = fitPanel({ x: data.x, y: data.y, curve: linearCurve(f.w, f.b) }, size.cols, size.rows, color);
  const loss = seriesPanel(
    run.history.map((r) => r.epoch),
    // The excess over the least-squares minimum, not the loss itself: after the first epochs
    // the loss sits near the noise floor and its last approach would be a flat line.
    run.history.map((r) => r.loss - run.closed.loss),
    size.cols,
    size.rows,
    color,
    { label: "loss − least-squares loss (log scale)", log: true },
  );
  const c = run.closed;
  const status = `epoch ${f.epoch}   w ${num(f.w)}   b ${num(f.b)}   loss ${num(f.loss, 7)}`;
  return [
    color ? ansi.bold(title) : title,
    ...sideBySide(fit, loss),
    color ? ansi.yellow(status) : status,
    `closed form   w ${num(c.w)}   b ${num(c.b)}   loss ${num(c.loss, 7)}   ${color ? ansi.dim("Ctrl-C stops") : "Ctrl-C stops"}`,
  ];
}

export async function runLinear(o: LinearCliOptions, out: Out = process.stdout): Promise<void> {
  const { data, about } = loadData(o);
  const mode = o.mode ?? D.mode;
  if (!modes.includes(mode as Mode)) throw new UsageError(`invalid mode: '${mode}' (use ${modes.join(", ")})`);
  if (o.batch !== undefined && mode !== "minibatch") {
    throw new UsageError(`--batch ${o.batch} applies only to --mode minibatch (this run is ${mode}: ${mode === "sgd" ? "one point per update" : "all points per update"}); add --mode minibatch or leave --batch out`);
  }
  const opts = {
    lr: num0(o.lr, "learning rate"),
    mode: mode as Mode,
    batch: num0(o.batch, "batch size"),
    epochs: num0(o.epochs, "epochs"),
    tol: num0(o.tol, "tolerance"),
    patience: num0(o.patience, "patience"),
    seed: num0(o.seed, "seed"),
    initW: num0(o.initW, "initial w"),
    initB: num0(o.initB, "initial b"),
  };
  const run = asUsage(() => createLinearRun(data, opts));
  const s = run.options;
  const settings = `${s.mode}${s.mode === "minibatch" ? ` (batch ${s.batch})` : ""}, lr ${s.lr}, seed ${s.seed}`;
  const live = !o.json && o.live && out.isTTY === true;
  const stop = catchInterrupt();
  try {
    if (live) {
      const screen = new Screen(out);
      const title = `actlab train linear · ${settings} · ${about}`;
      try {
        screen.draw(linearFrame(run, data, title, out, true));
        while (!run.done && !stop.stopped) {
          for (let k = epochsPerFrame(run.epoch); k > 0 && !run.done; k--) run.step();
          screen.draw(linearFrame(run, data, title, out, true));
          await sleep(30);
        }
      } finally {
        screen.close();
      }
      out.write("\n" + summary(run, stop.stopped ? stop.how : undefined, true));
      return endStatus(stop.signal, run.stopReason === "diverged");
    }
    if (!o.json) out.write(`# ${about}; ${settings}\n${row(run.history[0])}\n`);
    else out.write(json(run.history[0]) + "\n");
    let last = performance.now();
    let buf = "";
    while (!run.done && !stop.stopped) {
      const before = run.epoch;
      const r = run.step();
      if (run.epoch > before) buf += (o.json ? json(r) : row(r)) + "\n";
      if (buf.length > 1 << 16 || performance.now() - last > 50) {
        out.write(buf);
        buf = "";
        await yieldNow();
        last = performance.now();
      }
    }
    out.write(buf);
    if (o.json) {
      const f = run.history[run.history.length - 1];
      const c = run.closed;
      out.write(
        JSON.stringify({
          stopReason: stop.stopped ? "interrupted" : run.stopReason,
          message: stop.stopped ? `interrupted at epoch ${f.epoch}` : run.message,
          final: { epoch: f.epoch, w: f.w, b: f.b, loss: f.loss },
          closed: c,
          gap: { w: f.w - c.w, b: f.b - c.b, loss: f.loss - c.loss },
        }) + "\n",
      );
    } else out.write("\n" + summary(run, stop.stopped ? stop.how : undefined, false));
    endStatus(stop.signal, run.stopReason === "diverged");
  } finally {
    stop.dispose();
  }
}


function registerLinear(train: Command): void {
  // Made with train.command() so that it inherits main's exitOverride and error output.
  train
    .command("linear")
    .description("fit y = w·x + b by gradient descent, as the article's section 3 does, and compare with the exact least-squares line")
    .option("--lr <rate>", `learning rate (default ${D.lr}, the article's)`)
    .addOption(new Option("--mode <mode>", "sgd: one update per point in order (the article's loop); minibatch: shuffled batches; batch: full gradient").choices([...modes]))
    .option("--batch <n>", `points per update in minibatch mode (default ${D.batch})`)
    .option("--epochs <n>", `stop after this many passes over the data (default ${D.epochs}; inf: until converged)`)
    .option("--tol <t>", `converged when the loss changes by less than this fraction… (default ${D.tol})`)
    .option("--patience <n>", `…for this many epochs in a row (default ${D.patience})`)
    .option("--seed <n>", `seed of the data, the start and the shuffles (default ${DEFAULT_SEED})`)
    .option("--points <n>", `number of points of the article's data (default ${ARTICLE.n})`)
    .option("--slope <w>", `slope of the article's data (default ${ARTICLE.slope})`)
    .option("--intercept <b>", `intercept of the article's data (default ${ARTICLE.intercept})`)
    .option("--noise <a>", `y gets noise·u, u uniform in [0, 1) (default ${ARTICLE.noise})`)
    .option("--data <file.csv>", "read x,y from a CSV file instead (header optional)")
    .option("--init-w <w>", "start from this w instead of a random one in [0, 1)")
    .option("--init-b <b>", "start from this b instead of a random one in [0, 1)")
    .option("--no-live", "plain lines even in a terminal")
    .option("--json", "one JSON object per epoch, then one with the closed-form answer")
    .addHelpText("after", "\nExamples:\n  actlab train linear\n  actlab train linear --mode minibatch --batch 20 --lr 0.05\n  actlab train linear --data points.csv --json")
    .action(async (o: LinearCliOptions) => runLinear(o));
}

export function registerTrain(program: Command): void {
  const train = program
    .command("train")
    .description("train models with the activations: the article's linear regression, PReLU learning α, an MLP classifier");
  registerLinear(train);
  registerPrelu(train);
  registerMlp(train);
}

