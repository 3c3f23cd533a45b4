// A placeholder until the experiments library lands (issue 11): the same exports, no experiments.
import type { Experiment } from "./types.js";

export type * from "./types.js";

export const experiments: readonly Experiment[] = [];

/** The experiment with this id; an unknown id is an Error listing the known ones. */
export function getExperiment(id: string): Experiment {
  const e = experiments.find((x) => x.id === id);
  if (!e) throw new Error(`unknown experiment: ${id} (known: ${experiments.map((x) => x.id).join(", ") || "none"})`);
  return e;
}

/** The options of a run: defaults filled in, each given value checked against its declaration. */
export function resolveOptions(exp: Experiment, partial: Readonly<Record<string, unknown>> = {}, quick = false): Record<string, unknown> {
  void quick;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(partial)) {
    if (!exp.options.some((o) => o.name === k)) throw new RangeError(`unknown option for ${exp.id}: ${k} (known: ${exp.options.map((o) => o.name).join(", ")})`);
  }
  for (const o of exp.options) {
    const v = partial[o.name] ?? o.default;
    const items = o.type === "list" ? (Array.isArray(v) ? v : [v]) : [v];
    for (const it of items) {
      const numeric = o.type === "number" || o.type === "integer" || (o.type === "list" && typeof it === "number");
      const bad =
        (numeric && (typeof it !== "number" || !Number.isFinite(it) || (o.type === "integer" && !Number.isInteger(it)) || (o.min !== undefined && it < o.min) || (o.max !== undefined && it > o.max))) ||
        (!numeric && (typeof it !== "string" || (o.choices !== undefined && !o.choices.includes(it))));
      if (bad) throw new RangeError(`invalid ${o.name} for ${exp.id}: ${String(it)}`);
    }
    out[o.name] = v;
  }
  return out;
}
