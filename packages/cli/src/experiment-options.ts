import { activations, splitFunctionList, type Lang } from "actlab";
import { formulaId } from "./params-option.js";
import type { Experiment, ExperimentOption } from "actlab/experiments";
import { UsageError } from "./errors.js";
import { parseNumber } from "./parse.js";

function describe(o: ExperimentOption): string {
  const range = o.choices ? o.choices.join("|") : o.min !== undefined || o.max !== undefined ? `${o.min ?? "−∞"}…${o.max ?? "∞"}` : "";
  const kind = o.type === "list" ? `list${range ? ` of ${range}` : ""}` : o.type === "string" ? range || "text" : `${o.type}${range ? ` ${range}` : ""}`;
  return kind;
}

function defaultText(o: ExperimentOption): string {
  return Array.isArray(o.default) ? o.default.join(",") : String(o.default);
}

/** One flag's text as the option's type: a number, an integer, a choice, or a comma-separated list. */
export function parseOptionValue(exp: Experiment, o: ExperimentOption, text: string): unknown {
  const bad = (why: string, value = text) => new UsageError(`invalid --${o.name} for ${exp.id}: '${value}' (${why})`);
  const range = (v: number) => {
    if (o.min !== undefined && v < o.min) throw bad(`must be ≥ ${o.min}`, String(v));
    if (o.max !== undefined && v > o.max) throw bad(`must be ≤ ${o.max}`, String(v));
    return v;
  };
  const numberOf = (t: string, integer: boolean) => {
    let v: number;
    try {
      v = parseNumber(t, o.name);
    } catch {
      throw bad(integer ? "expected an integer" : "expected a number", t);
    }
    if (!Number.isFinite(v)) throw bad("must be finite", t);
    if (integer && !Number.isInteger(v)) throw bad("expected an integer", t);
    return range(v);
  };
  const choice = (t: string) => {
    if (o.choices && !o.choices.includes(t)) throw bad(`use ${o.choices.join(", ")}`, t);
    return t;
  };
  switch (o.type) {
    case "number":
      return numberOf(text, false);
    case "integer":
      return numberOf(text, true);
    case "string":
      return choice(text.trim());
    case "list": {
      // Formulas among the functions keep their commas: relu,"max(x, 0.1*x)".
      const parts = o.name === "functions" ? splitFunctionList(text) : text.split(",").map((s) => s.trim());
      if (parts.length === 0) throw bad("expected values separated by commas, e.g. " + defaultText(o));
      if (parts.some((p) => p === "")) throw bad("expected values separated by commas, e.g. " + defaultText(o));
      const numeric = Array.isArray(o.default) && o.default.length > 0 && o.default.every((d) => typeof d === "number");
      const integer = numeric && (o.default as readonly number[]).every((d) => Number.isInteger(d));
      const values: Array<string | number> = numeric
        ? parts.map((p) => numberOf(p, integer))
        : parts.map((t) => (o.name === "functions" && opensToAnyFunction(o) && !o.choices?.includes(t) ? formulaId(t) : choice(t)));
      // A value twice would be run twice and counted twice in the medians (2 and 2.0 are one number).
      const twice = values.find((v, i) => values.indexOf(v) !== i);
      if (twice !== undefined) throw bad(`${twice} is named twice; give each value once`);
      return values;
    }
  }
}

/**
 * Whether an experiment's "functions" option takes any function (its choices hold every built-in
 * elementwise id, as `functionsOption` declares them) — then a formula is welcome too. An
 * experiment that names a few functions it can run keeps them as its only choices.
 */
function opensToAnyFunction(o: ExperimentOption): boolean {
  return !o.choices || activations.every((a) => o.choices!.includes(a.id));
}

/** The one line for --data given to an experiment that trains on no data set, naming those that take it. */
export function dataRefusal(exp: Experiment, all: readonly Experiment[]): string {
  const takers = all.filter((e) => e.options.some((o) => o.name === "data")).map((e) => e.id);
  const them = takers.length ? `--data is taken by ${takers.join(", ")}` : "no experiment takes --data";
  return `experiment ${exp.id} does not take --data (it runs on its own fixed or synthetic inputs): ${them}`;
}

/** `--depth 10 --functions relu,tanh` (or `--depth=10`) → { depth: 10, functions: ["relu", "tanh"] }. */
export function parseExperimentFlags(exp: Experiment, args: readonly string[], all: readonly Experiment[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = exp.options.map((o) => `--${o.name}`).join(", ") || "none";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (!m) throw new UsageError(`unexpected argument for ${exp.id}: '${a}' (its options: ${names})`);
    const o = exp.options.find((x) => x.name === m[1]);
    if (!o && m[1] === "data") throw new UsageError(dataRefusal(exp, all));
    if (!o) throw new UsageError(`unknown option --${m[1]} for experiment ${exp.id} (its options: ${names})`);
    let text = m[2];
    if (text === undefined) {
      if (i + 1 >= args.length || /^--/.test(args[i + 1])) throw new UsageError(`--${o.name} needs a value (${describe(o)}, default ${defaultText(o)})`);
      text = args[++i];
    }
    if (o.name in out) throw new UsageError(`--${o.name} given twice`);
    out[o.name] = parseOptionValue(exp, o, text);
  }
  return out;
}

/** The options of an experiment as help lines: flag, type and range, default, description. */
export function optionsHelp(exp: Experiment, lang: Lang = "en"): string[] {
  const rows = exp.options.map((o) => [`--${o.name} <${o.type === "list" ? "a,b,…" : o.type === "string" ? "value" : "n"}>`, `${o.description[lang]} (${describe(o)}; default ${defaultText(o)})`]);
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`);
}
