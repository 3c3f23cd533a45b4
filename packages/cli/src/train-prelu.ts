import type { Command } from "commander";
import { prelu } from "actlab";
import { createPreluFit, preluData, PRELU_FIT_DEFAULTS as D, type PreluEpoch, type PreluFit } from "actlab/nn";
import { DEFAULT_SEED } from "actlab/nn";
import { ansi, asUsage, catchInterrupt, endStatus, num, num0, Screen, sleep, yieldNow, type Out } from "./train-term.js";
import { fitPanel, panelSize, seriesPanel, sideBySide } from "./train-view.js";

interface PreluCliOptions {
  alpha?: string;
  initAlpha?: string;
  noise?: string;
  points?: string;
  epochs?: string;
  lr?: string;
  seed?: string;
  live: boolean;
  json?: boolean;
}

function row(r: PreluEpoch): string {
  return `epoch ${r.epoch}  alpha ${num(r.alpha)}  w ${num(r.w)}  b ${num(r.b)}  loss ${num(r.loss, 7)}`;
}

function frame(fit: PreluFit, x: Float64Array, y: Float64Array, target: number, epochs: number, title: string, out: Out): string[] {
  const size = panelSize(out.columns, out.rows, 6);
  const r = fit.history[fit.history.length - 1];
  const curve = (v: number) => prelu.f(r.w * v + r.b, { alpha: r.alpha });
  const left = fitPanel({ x, y, curve }, size.cols, size.rows, true, "data and prelu(w·x + b; α)");
  const right = seriesPanel(
    fit.history.map((h) => h.epoch),
    fit.history.map((h) => h.alpha),
    size.cols,
    size.rows,
    true,
    { label: `α (dotted: the true α = ${target})`, target },
  );
  return [
    ansi.bold(title),
    ...sideBySide(left, right),
    ansi.yellow(`epoch ${r.epoch}/${epochs}   α ${num(r.alpha)}   w ${num(r.w)}   b ${num(r.b)}   loss ${num(r.loss, 7)}`),
    ansi.dim("Ctrl-C stops"),
  ];
}

async function runPrelu(o: PreluCliOptions, out: Out = process.stdout): Promise<void> {
  const alpha = num0(o.alpha, "alpha") ?? D.alpha;
  const seed = num0(o.seed, "seed") ?? DEFAULT_SEED;
  const data = asUsage(() => preluData({ n: num0(o.points, "number of points"), alpha, noise: num0(o.noise, "noise"), seed }));
  const epochs = num0(o.epochs, "epochs") ?? D.epochs;
  const fit = asUsage(() => createPreluFit(data, { epochs, lr: num0(o.lr, "learning rate"), seed, initAlpha: num0(o.initAlpha, "initial alpha") }));
  const about = `${data.x.length} points of prelu(x; α = ${alpha}) + noise, x in [−2, 2); learning w, b and α by Adam`;
  const live = !o.json && o.live && out.isTTY === true;
  const stop = catchInterrupt();
  try {
    if (live) {
      const screen = new Screen(out);
      try {
        const title = `actlab train prelu · ${about}`;
        screen.draw(frame(fit, data.x, data.y, alpha, epochs, title, out));
        while (!fit.done && !stop.stopped) {
          for (let k = Math.max(1, Math.floor(fit.history[fit.history.length - 1].epoch / 40)); k > 0 && !fit.done; k--) fit.step();
          screen.draw(frame(fit, data.x, data.y, alpha, epochs, title, out));
          await sleep(30);
        }
      } finally {
        screen.close();
      }
    } else {
      const show = (r: PreluEpoch) => (o.json ? JSON.stringify(r) : row(r)) + "\n";
      if (!o.json) out.write(`# ${about}\n`);
      out.write(show(fit.history[0]));
      while (!fit.done && !stop.stopped) {
        const r = fit.step();
        if (fit.diverged) break;
        out.write(show(r));
        if (r.epoch % 100 === 0) await yieldNow();
      }
    }
    const last = fit.history[fit.history.length - 1];
    const err = last.alpha - alpha;
    if (o.json) {
      const stopReason = stop.stopped ? "interrupted" : fit.diverged ? "diverged" : "epochs";
      out.write(JSON.stringify({ stopReason, message: fit.diverged, final: last, trueAlpha: alpha, alphaError: err }) + "\n");
    } else if (fit.diverged) {
      out.write(`\n${fit.diverged}\n`);
    } else {
      const head = stop.stopped ? `interrupted at epoch ${last.epoch} (${stop.how})` : `done: ${last.epoch} epochs`;
      out.write(`\n${head}\nlearned α ${num(last.alpha)}   true α ${alpha}   error ${(err >= 0 ? "+" : "") + num(err)}   (started at ${num(fit.history[0].alpha)})\n`);
    }
    endStatus(stop.signal, fit.diverged !== null);
  } finally {
    stop.dispose();
  }
}

export function registerPrelu(train: Command): void {
  train
    .command("prelu")
    .description("fit prelu(w·x + b; α) to data made with a known α and watch α move to it (PReLU learns its slope, the article's §1.6)")
    .option("--alpha <a>", `the true α that makes the data (default ${D.alpha})`)
    .option("--init-alpha <a>", "where α starts (default: prelu's initial value in the registry)")
    .option("--noise <s>", `standard deviation of the Gaussian noise on y (default ${D.noise})`)
    .option("--points <n>", `number of points (default ${D.n})`)
    .option("--epochs <n>", `full-batch Adam steps (default ${D.epochs})`)
    .option("--lr <rate>", `Adam's learning rate (default ${D.lr})`)
    .option("--seed <n>", `seed of the data and the start (default ${DEFAULT_SEED})`)
    .option("--no-live", "plain lines even in a terminal")
    .option("--json", "one JSON object per epoch, then a final one")
    .addHelpText("after", "\nExamples:\n  actlab train prelu\n  actlab train prelu --alpha -0.2 --noise 0.1 --no-live")
    .action(async (o: PreluCliOptions) => runPrelu(o));
}
