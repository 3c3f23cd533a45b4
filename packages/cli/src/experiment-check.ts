// Checks of what an experiments module (ACTLAB_EXPERIMENTS) hands the CLI: its experiments and
// the results their `summarise` returns. A module of one's own is user input: what is wrong is
// said in one line naming the module, the experiment and the field, never with a stack trace.
import type { Experiment } from "actlab/experiments";

const VERDICTS = new Set(["holds", "does-not-hold", "inconclusive", "mixed"]);
const OPTION_TYPES = new Set(["number", "integer", "string", "list"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isBi = (v: unknown): boolean => isObject(v) && typeof v.en === "string" && typeof v.zh === "string";

/** A value named in a message: strings quoted, so `"1"` and `1` can be told apart. */
function shown(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || v === undefined || typeof v !== "object") return String(v);
  return Array.isArray(v) ? "an array" : "an object";
}

/** Why this entry of `experiments` is not an experiment the CLI can run, or undefined. */
export function experimentProblem(e: unknown): string | undefined {
  if (!isObject(e)) return `is ${shown(e)}, not an experiment object`;
  if (typeof e.id !== "string" || e.id.trim() === "") return `has no id (a non-empty string; got ${shown(e.id)})`;
  if (!isBi(e.title)) return "has no title { en, zh }";
  if (!isObject(e.claim) || !isBi(e.claim) || typeof e.claim.article !== "string" || !Array.isArray(e.claim.functions)) return "has no claim { en, zh, article, functions }";
  if (!Array.isArray(e.options)) return `has no options array (got ${shown(e.options)}; use [] for none)`;
  for (const [i, o] of e.options.entries()) {
    if (!isObject(o) || typeof o.name !== "string" || o.name === "") return `options[${i}] has no name`;
    if (!OPTION_TYPES.has(o.type as string)) return `option ${o.name} has type ${shown(o.type)} (use number, integer, string or list)`;
    if (o.default === undefined) return `option ${o.name} has no default`;
    if (!isBi(o.description)) return `option ${o.name} has no description { en, zh }`;
  }
  if (typeof e.runSeed !== "function") return "has no runSeed function";
  if (typeof e.summarise !== "function") return "has no summarise function";
  return undefined;
}

/** The module's experiments, checked; throws a one-line message naming the first entry that is wrong (and repeated ids). */
export function checkExperiments(list: readonly unknown[], module: string): Experiment[] {
  const seen = new Set<string>();
  list.forEach((e, i) => {
    const problem = experimentProblem(e);
    const name = isObject(e) && typeof e.id === "string" && e.id.trim() !== "" ? `experiment ${e.id} (experiments[${i}])` : `experiments[${i}]`;
    if (problem) throw new Error(`${module}: ${name} ${problem}`);
    const id = (e as { id: string }).id;
    if (seen.has(id)) throw new Error(`${module}: ${name} repeats the id ${id}`);
    seen.add(id);
  });
  return list as Experiment[];
}

/** Why a value is not an ExperimentResult the writers can show, or undefined. */
export function resultProblem(r: unknown): string | undefined {
  if (!isObject(r)) return `${shown(r)}, not a result object`;
  const lacks = ["id", "config", "seeds", "perSeed", "summary", "figures", "verdict"].filter((k) => r[k] === undefined);
  if (lacks.length) return `a result without ${lacks.join(", ")}`;
  if (typeof r.id !== "string") return `a result whose id is ${shown(r.id)}`;
  if (!isObject(r.config) || !isObject(r.summary)) return "a result whose config or summary is not an object";
  if (!Array.isArray(r.seeds) || !Array.isArray(r.perSeed) || !Array.isArray(r.figures)) return "a result whose seeds, perSeed or figures is not an array";
  if (r.quantities !== undefined && !isObject(r.quantities)) return "a result whose quantities is not an object";
  const v = r.verdict;
  if (!isObject(v) || !VERDICTS.has(v.verdict as string)) return `a result whose verdict is ${isObject(v) ? shown(v.verdict) : shown(v)} (use holds, does-not-hold, inconclusive or mixed)`;
  if (!isBi(v.rule) || !isBi(v.because)) return "a result whose verdict lacks rule { en, zh } or because { en, zh }";
  if (v.parts !== undefined) {
    if (!Array.isArray(v.parts)) return "a result whose verdict.parts is not an array";
    for (const [i, p] of v.parts.entries()) if (!isObject(p) || !VERDICTS.has(p.verdict as string) || !isBi(p.claim) || !isBi(p.because)) return `a result whose verdict.parts[${i}] lacks claim, verdict or because`;
  }
  return undefined;
}
