import type { Command } from "commander";
import { catalog, getActivation, logSoftmax, softmax, type Params } from "actlab";
import { RunEnded, UsageError } from "./errors.js";
import { parseNumber } from "./parse.js";
import { collectParam, knownId, paramsFromOptions } from "./params-option.js";

interface EvalOptions {
  alpha?: string;
  param?: string[];
  json?: boolean;
}

function fmt(v: number): string {
  return Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v);
}

function jsonNumber(v: number): number | string {
  return Number.isFinite(v) ? v : fmt(v);
}

function table(header: string[], rows: number[][]): string {
  const cells = [header, ...rows.map((r) => r.map(fmt))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  return cells.map((r) => r.map((c, j) => c.padStart(widths[j])).join("  ")).join("\n") + "\n";
}

/** "-inf" and "-infinity" after the id are values: commander would take them for options. */
const NEGATIVE_WORD = /^-(inf|infinity|nan)$/i;

export function registerEval(program: Command): void {
  const cmd = program.command("eval");
  const parse = cmd.parseOptions.bind(cmd);
  cmd.parseOptions = (args: string[]) => {
    const hidden = new Map<string, string>();
    const masked = args.map((a, i) => {
      if (!NEGATIVE_WORD.test(a) || args[i - 1] === "--alpha") return a;
      const key = `\u0000${i}`;
      hidden.set(key, a);
      return key;
    });
    const r = parse(masked);
    const back = (xs: string[]) => xs.map((x) => hidden.get(x) ?? x);
    return { operands: back(r.operands), unknown: back(r.unknown) };
  };
  cmd
    .description("evaluate f(x) and f'(x) exactly (float64) at the given points")
    .argument("<id>", `function id (${catalog.map((a) => a.id).join(", ")}) or a formula in x, e.g. "x*sigmoid(1.702*x)"`)
    .argument("<x...>", "points, e.g. -1 0 2.5 1e-20 inf -inf nan")
    .option("--alpha <a>", "the parameter alpha (leaky-relu, elu, prelu, celu)")
    .option("--param <name=value>", "any parameter by name, repeatable, e.g. --param beta=2", collectParam)
    .option("--json", "print JSON instead of a table")
    .addHelpText("after", "\nExamples:\n  actlab eval sigmoid 0 40 -800 -inf\n  actlab eval elu --alpha 0.5 -1 0 1\n  actlab eval softmax 1 2 3\n  actlab eval gelu -37 1\n  actlab eval hardtanh --param min=-2 --param max=2 -3 0 3\n  actlab eval \"x*sigmoid(beta*x); beta = 1.702\" -1 0 1")
    .action((id: string, xs: string[], opts: EvalOptions) => {
      knownId(id);
      const x = xs.map((t) => parseNumber(t, "x"));
      if (id === "softmax") {
        if (opts.alpha !== undefined || opts.param?.length) throw new UsageError(`softmax has no parameters (got ${opts.alpha !== undefined ? "--alpha" : "--param"})`);
        const p = softmax(Float64Array.from(x));
        const lp = logSoftmax(Float64Array.from(x));
        if (opts.json) {
          process.stdout.write(JSON.stringify({ id, x: x.map(jsonNumber), softmax: [...p].map(jsonNumber), logSoftmax: [...lp].map(jsonNumber) }) + "\n");
        } else {
          process.stdout.write(table(["x", "softmax(x)", "logSoftmax(x)"], x.map((v, i) => [v, p[i], lp[i]])));
        }
        return;
      }
      const a = getActivation(id);
      const params: Params = paramsFromOptions(id, opts.alpha, opts.param) ?? {};
      const rows = x.map((v) => [v, a.f(v, params), a.df(v, params)]);
      // NaN only for NaN in: any other NaN is a bug, said so, never printed as a result
      const bad = rows.find(([v, f, df]) => !Number.isNaN(v) && (Number.isNaN(f) || Number.isNaN(df)));
      if (bad) {
        process.stderr.write(`actlab: ${id} gave NaN at x = ${fmt(bad[0])} with ${JSON.stringify(params)}: a bug in actlab, please report it\n`);
        throw new RunEnded(1);
      }
      if (opts.json) {
        process.stdout.write(
          JSON.stringify({ id, params, points: rows.map(([v, f, df]) => ({ x: jsonNumber(v), f: jsonNumber(f), df: jsonNumber(df) })) }) + "\n",
        );
      } else {
        process.stdout.write(table(["x", "f(x)", "f'(x)"], rows));
      }
    });
}
