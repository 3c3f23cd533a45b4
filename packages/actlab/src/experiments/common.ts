import { activations, getActivation } from "../activations/registry.js";
import { FormulaError, resolveActivation, splitFunctionList } from "../formula/index.js";
import { sigmoid } from "../activations/sigmoid.js";
import type { Floats, Params } from "../activations/types.js";
import { Activation, Dense, PReLU, Sequential, type DType, type Layer, type Param } from "../nn/layers.js";
import { argmaxRows, softmaxCrossEntropy } from "../nn/loss.js";
import type { Optimizer } from "../nn/optim.js";
import type { Bi, ChartAxis, ChartPoint, ChartSeries, ChartSpec, Heatmap } from "../plot/chart.js";
import { nnFreshArena } from "../nn/fast.js";
import { initFor } from "../train/mlp.js";
import type { Rng } from "../train/rng.js";
import { createRng } from "../train/rng.js";
import type { Experiment, ExperimentOption, ExperimentResult, ExperimentUnit, Progress, RunContext, Summary, Verdict, VerdictPart } from "./types.js";

/* ───────────── numbers over seeds ───────────── */

/**
 * Median of the finite values (NaN when there are none).
 *
 * @example
 * median([3, 1, 2]);          // 2
 * median([1, 2, NaN, 4]);     // 2: NaN is left out, the median of [1, 2, 4]
 * median([]);                 // NaN
 */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * The p-quantile of sorted values, interpolated linearly between order statistics (numpy's
 * default, "type 7"): quantile(v, 0) is the least, quantile(v, 1) the greatest.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.5);    // 2.5
 * quantile([0, 10], 0.25);        // 2.5
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Resamples of every bootstrap interval.
 *
 * @example
 * BOOTSTRAP_RESAMPLES;   // 2000
 */
export const BOOTSTRAP_RESAMPLES = 2000;

/** FNV-1a over the text's UTF-16 units: a 32-bit seed for the bootstrap stream of one quantity. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The 95 % percentile-bootstrap interval of the median of the finite values: `resamples` samples
 * of the same size drawn with replacement from a stream seeded by `key` (the same values and key
 * give the same interval), the median of each, and their 2.5 % and 97.5 % quantiles. One value
 * gives [v, v]; none gives [NaN, NaN].
 *
 * @example
 * bootstrapCI([4, 4, 4]);      // [4, 4]
 * bootstrapCI([0, 1]);         // [0, 1]: a resample's median is 0, ½ or 1 with chances ¼, ½, ¼
 */
export function bootstrapCI(values: readonly number[], key = "", resamples = BOOTSTRAP_RESAMPLES, level = 0.95): [number, number] {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return [NaN, NaN];
  if (n === 1) return [v[0], v[0]];
  const rng = createRng(hashSeed(key));
  const stats = new Float64Array(resamples);
  const sample = new Float64Array(n);
  const m = n >> 1;
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = v[rng.int(0, n - 1)];
    sample.sort();
    stats[b] = n % 2 ? sample[m] : (sample[m - 1] + sample[m]) / 2;
  }
  stats.sort();
  const tail = (1 - level) / 2;
  return [quantile(stats, tail), quantile(stats, 1 - tail)];
}

/**
 * A quantity over seeds: median, 95 % bootstrap interval (seeded by `key`), range, the count of
 * seeds that finished and of those that did not. A seed counts as not finished when its value is
 * not finite or its `diverged` flag is set. With no finished seed the numbers are NaN.
 *
 * @example
 * summary([0.9, 0.7, 0.8]);                 // { median: 0.8, ci: [0.7, 0.9], min: 0.7, max: 0.9, n: 3, diverged: 0 }
 * summary([1, NaN, 3]).diverged;            // 1
 * summary([1, 2], "k", [false, true]).n;    // 1: the second seed diverged
 */
export function summary(values: readonly number[], key = "", diverged?: readonly boolean[]): Summary {
  const kept = values.filter((v, i) => Number.isFinite(v) && !diverged?.[i]);
  const n = kept.length;
  if (n === 0) return { median: NaN, ci: [NaN, NaN], min: NaN, max: NaN, n: 0, diverged: values.length };
  let min = Infinity;
  let max = -Infinity;
  for (const v of kept) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { median: median(kept), ci: bootstrapCI(kept, key), min, max, n, diverged: values.length - n };
}

/** Adds summary(values) under `key` (the key also seeds its bootstrap) and returns it. */
export function put(out: Record<string, Summary>, key: string, values: readonly number[], diverged?: readonly boolean[]): Summary {
  const s = summary(values, key, diverged);
  out[key] = s;
  return s;
}

/**
 * Paired by seed: op(a[i], b[i]) for every seed where both are finite (and neither flagged
 * diverged), summarised with its interval. Seeds where either is missing count as diverged.
 *
 * @example
 * paired([2, 4, 6], [1, 2, 3], "ratio").median;   // 2
 * paired([2, 4, 6], [1, 2, 3], "diff").ci;        // [1, 3]
 */
export function paired(a: readonly number[], b: readonly number[], op: "diff" | "ratio", key = "", diverged?: readonly boolean[]): Summary {
  if (a.length !== b.length) throw new RangeError(`paired: ${a.length} values against ${b.length} (one per seed each)`);
  const d = a.map((x, i) => (op === "diff" ? x - b[i] : x / b[i]));
  return summary(d, `${key}:${op}`, diverged);
}

/**
 * True when at least 80 % of the seeds finished: the least a verdict may rest on.
 *
 * @example
 * enoughSeeds(summary([1, 2, 3, 4, NaN]));      // true: 4 of 5 finished
 * enoughSeeds(summary([1, 2, 3, NaN, NaN]));    // false: 3 of 5
 */
export function enoughSeeds(s: Summary | undefined): boolean {
  return s !== undefined && s.n > 0 && s.n >= 0.8 * (s.n + s.diverged);
}

/**
 * The verdict of "the quantity is ≥ (or ≤) threshold" from its interval: holds when the whole
 * interval is on the claim's side, does-not-hold when the whole interval is on the other side,
 * inconclusive when it straddles the threshold or fewer than 80 % of the seeds finished.
 *
 * @example
 * decide(summary([3, 4, 5]), "≥", 2);     // "holds"
 * decide(summary([3, 4, 5]), "≤", 2);     // "does-not-hold"
 * decide(summary([1, 2, 3]), "≥", 2);     // "inconclusive"
 */
export function decide(s: Summary | undefined, side: "≥" | "≤", threshold: number): Verdict {
  if (!s || !enoughSeeds(s)) return "inconclusive";
  const [lo, hi] = s.ci;
  if (side === "≥") return lo >= threshold ? "holds" : hi < threshold ? "does-not-hold" : "inconclusive";
  return hi <= threshold ? "holds" : lo > threshold ? "does-not-hold" : "inconclusive";
}

/**
 * One verdict from sub-claims: their common verdict when they agree, mixed when they do not,
 * inconclusive when there is none.
 *
 * @example
 * combineVerdicts(["holds", "holds"]);           // "holds"
 * combineVerdicts(["holds", "inconclusive"]);    // "mixed"
 */
export function combineVerdicts(parts: readonly Verdict[]): Verdict {
  if (parts.length === 0) return "inconclusive";
  return parts.every((p) => p === parts[0]) ? parts[0] : "mixed";
}

/** The verdict's words, for sentences inside an experiment's "because". */
export const VERDICT_TEXT: Readonly<Record<Verdict, Bi>> = {
  holds: { en: "holds", zh: "成立" },
  "does-not-hold": { en: "does not hold", zh: "不成立" },
  inconclusive: { en: "inconclusive", zh: "无法判定" },
  mixed: { en: "mixed", zh: "部分成立" },
};

/**
 * A summary for a sentence: "0.8 [0.7, 0.9]", with "(2 of 10 diverged)" when seeds did not finish.
 *
 * @example
 * statText(summary([0.9, 0.7, 0.8]), "en");      // "0.8 [0.7, 0.9]"
 * statText(summary([1, NaN, 3]), "zh");          // "2 [1, 3]（3 个种子中 1 个发散）"
 */
export function statText(s: Summary | undefined, lang: "en" | "zh", f: (x: number) => string = fmt): string {
  const none = lang === "zh" ? "无数据" : "n/a";
  if (!s) return none;
  const total = s.n + s.diverged;
  const body = s.n === 0 ? none : `${f(s.median)} [${f(s.ci[0])}, ${f(s.ci[1])}]`;
  if (s.diverged === 0) return body;
  return lang === "zh" ? `${body}（${total} 个种子中 ${s.diverged} 个发散）` : `${body} (${s.diverged} of ${total} diverged)`;
}

/** statText in both languages. */
export function statBi(s: Summary | undefined, f: (x: number) => string = fmt): Bi {
  return { en: statText(s, "en", f), zh: statText(s, "zh", f) };
}

/** A verdict part (see VerdictPart). */
export function part(id: string, claim: Bi, verdict: Verdict, because: Bi): VerdictPart {
  return { id, claim, verdict, because };
}

/** A number for a sentence: 3 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return x === undefined || Number.isNaN(x) ? "n/a" : x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) return x.toExponential(2).replace("e+", "e");
  return String(Number(x.toPrecision(3)));
}

/** A share as a percentage for a sentence. */
export function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "n/a" : `${Number((100 * x).toPrecision(3))}%`;
}

/* ───────────── abort and progress ───────────── */

/**
 * Thrown when the run's AbortSignal fires (name "AbortError", as fetch throws).
 *
 * @example
 * const ctrl = new AbortController();
 * const run = getExperiment("born-dead").run({}, { quick: true, signal: ctrl.signal });
 * ctrl.abort();
 * const error = await run.catch((e: unknown) => e);
 * error instanceof AbortError;   // true
 */
export class AbortError extends Error {
  constructor(message = "the experiment was aborted") {
    super(message);
    this.name = "AbortError";
  }
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Counts a seed's units of work, reports progress and, every ~30 ms, gives the event loop a
 * turn so that an abort (a message to a worker, Ctrl-C) is seen promptly.
 */
export class Ticker {
  private done = 0;
  private last = now();

  constructor(
    readonly total: number,
    private readonly ctx: RunContext = {},
    /** The one unit this run computes (see ExperimentDef.parts); undefined: all of them. */
    readonly unit?: string,
  ) {}

  /** Whether this run computes the unit `name` (always, in a run of the whole seed). */
  wants(name: string): boolean {
    return this.unit === undefined || this.unit === name;
  }

  /** Yields when due and throws AbortError when aborted; call it inside long loops. */
  async poll(): Promise<void> {
    checkAbort(this.ctx.signal);
    if (now() - this.last < 30) return;
    await new Promise<void>((r) => setTimeout(r, 0));
    this.last = now();
    checkAbort(this.ctx.signal);
  }

  /** One more unit done. */
  async advance(label?: string): Promise<void> {
    this.done = Math.min(this.total, this.done + 1);
    this.ctx.onProgress?.({ done: this.done, total: this.total, label });
    await this.poll();
  }
}

/* ───────────── options ───────────── */

/** An option with the value `quick: true` uses (extension of the contract: optional field). */
export interface OptionDef extends ExperimentOption {
  readonly quick?: number | string | readonly (number | string)[];
  /** For a "list" of numbers: the items must be integers. */
  readonly integer?: boolean;
}

function bad(expId: string, o: ExperimentOption, v: unknown, why: string): RangeError {
  const shown = Array.isArray(v) ? v.join(",") : String(v);
  return new RangeError(`experiment ${expId}: invalid --${o.name}: ${shown} (${why})`);
}

function checkNumber(expId: string, o: ExperimentOption, v: unknown, integer: boolean, whole: unknown = v): number {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) throw bad(expId, o, whole, "must be a number");
  if (integer && !Number.isInteger(n)) throw bad(expId, o, whole, "must be an integer");
  if (o.min !== undefined && n < o.min) throw bad(expId, o, whole, `must be ≥ ${o.min}`);
  if (o.max !== undefined && n > o.max) throw bad(expId, o, whole, `must be ≤ ${o.max}`);
  return n;
}

/**
 * Validates `partial` against the experiment's options and fills in the defaults (the quick
 * values when `quick`). Unknown names and bad values throw a RangeError naming the option.
 * A list may be given as an array or as comma-separated text; resolving twice changes nothing.
 *
 * @example
 * const exp = getExperiment("born-dead");
 * Object.keys(resolveOptions(exp));             // every option of the experiment, with its default
 * resolveOptions(exp, { nonsense: 1 });         // throws RangeError naming the unknown option
 */
export function resolveOptions(exp: Experiment, partial: Readonly<Record<string, unknown>> = {}, quick = false): Readonly<Record<string, unknown>> {
  const names = exp.options.map((o) => o.name);
  for (const k of Object.keys(partial)) {
    if (!names.includes(k)) throw new RangeError(`experiment ${exp.id}: unknown option --${k} (options: ${names.map((n) => `--${n}`).join(", ") || "none"})`);
  }
  const out: Record<string, unknown> = {};
  for (const o of exp.options as readonly OptionDef[]) {
    const given = partial[o.name];
    const v = given ?? (quick && o.quick !== undefined ? o.quick : o.default);
    if (o.type === "number" || o.type === "integer") out[o.name] = checkNumber(exp.id, o, v, o.type === "integer");
    else if (o.type === "string") {
      if (typeof v !== "string") throw bad(exp.id, o, v, "must be text");
      if (o.choices && !o.choices.includes(v)) throw bad(exp.id, o, v, `use one of ${o.choices.join(", ")}`);
      out[o.name] = v;
    } else {
      const items = typeof v === "string" ? splitFunctionList(v) : typeof v === "number" ? [v] : v;
      if (!Array.isArray(items) || items.length === 0) throw bad(exp.id, o, v, "must be a non-empty list");
      const numeric = Array.isArray(o.default) && typeof o.default[0] === "number";
      out[o.name] = items.map((it) => {
        if (numeric) return checkNumber(exp.id, o, it, o.integer === true, v);
        const s = String(it);
        if (o.choices && !o.choices.includes(s) && !(o.name === "functions" && acceptsFormula(s))) throw bad(exp.id, o, v, `each item must be one of ${o.choices.join(", ")}`);
        return s;
      });
      if (!numeric && new Set(out[o.name] as unknown[]).size !== items.length) throw bad(exp.id, o, v, "items must not repeat");
    }
  }
  return Object.freeze(out);
}

/* ───────────── defining an experiment ───────────── */

export interface ExperimentDef<O, S> {
  readonly id: string;
  readonly title: Bi;
  readonly claim: Experiment["claim"];
  readonly options: readonly OptionDef[];
  /** Seeds a run uses when the caller does not say (default and with quick: true). */
  readonly seeds: { readonly default: number; readonly quick: number };
  /** Units of work of one seed (for progress). */
  units(o: O): number;
  /**
   * Optional: the names of one seed's units of work, in the order `seed` computes them (a
   * function, a setting, a cell of a grid). `seed` then skips what `t.wants(name)` refuses:
   * keys of records left out, items of arrays left empty (holes), while what every unit shares
   * (data drawn from the seed, a data note) is computed by each. Each unit's numbers must not
   * depend on the other units (one random stream per function or setting, a fresh arena per
   * net), so that `joinParts` of the units equals the whole seed.
   */
  parts?(o: O): string[];
  seed(o: O, seed: number, t: Ticker): Promise<S>;
  result(o: O, seeds: readonly number[], perSeed: readonly S[]): Pick<ExperimentResult, "summary" | "quantities" | "rows" | "figures" | "verdict" | "table">;
}

/** An experiment with seeds (an optional field the contract allows): how many seeds it runs by default. */
export interface SeededExperiment extends Experiment {
  readonly seeds: { readonly default: number; readonly quick: number };
}

/** Builds the contract's Experiment from one seed's computation and a summary of all seeds. */
export function defineExperiment<O, S>(def: ExperimentDef<O, S>): SeededExperiment {
  const exp: SeededExperiment = {
    id: def.id,
    title: def.title,
    claim: def.claim,
    options: def.options,
    seeds: def.seeds,
    async runSeed(options, seed, ctx = {}) {
      if (!Number.isSafeInteger(seed)) throw new RangeError(`experiment ${def.id}: invalid seed: ${String(seed)} (must be an integer)`);
      const { [UNIT]: unit, ...rest } = options;
      const o = resolveOptions(exp, rest, ctx.quick) as O;
      let total = def.units(o);
      if (unit !== undefined) {
        const names = def.parts?.(o) ?? [];
        // (checked against every name, repeated or not)
        if (typeof unit !== "string" || !names.includes(unit)) throw new RangeError(`experiment ${def.id}: unknown unit ${JSON.stringify(unit)} (${names.length ? `units: ${names.join(", ")}` : "its seeds do not split into units"})`);
        total = Math.max(1, Math.ceil(total / names.length));
      }
      checkAbort(ctx.signal);
      // No state carried between seeds: the seed's arrays start in a fresh arena (see nnFreshArena).
      nnFreshArena();
      return def.seed(o, seed, new Ticker(total, ctx, unit));
    },
    summarise(options, seeds, perSeed, seconds) {
      const o = resolveOptions(exp, options) as O;
      if (perSeed.length !== seeds.length || seeds.length === 0) throw new RangeError(`experiment ${def.id}: need one result per seed (got ${perSeed.length} for ${seeds.length} seeds)`);
      const r = def.result(o, seeds, perSeed as readonly S[]);
      return { id: def.id, config: o as Record<string, unknown>, seeds: [...seeds], perSeed: [...perSeed], ...r, seconds };
    },
    async run(options = {}, ctx = {}) {
      const t0 = now();
      const o = resolveOptions(exp, options, ctx.quick);
      const n = ctx.seeds ?? (ctx.quick ? def.seeds.quick : def.seeds.default);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError(`experiment ${def.id}: invalid seeds: ${String(n)} (must be an integer from 1 to 1000)`);
      const seeds = Array.from({ length: n }, (_, i) => i + 1);
      const per = def.units(o as O);
      const perSeed: unknown[] = [];
      for (const [k, seed] of seeds.entries()) {
        const onProgress = ctx.onProgress && ((p: Progress) => ctx.onProgress?.({ done: k * per + p.done, total: n * per, label: p.label }));
        perSeed.push(await exp.runSeed(o, seed, { ...ctx, onProgress }));
      }
      return exp.summarise(o, seeds, perSeed, (now() - t0) / 1000);
    },
  };
  const parts = def.parts;
  if (parts) {
    // A name given twice (a list option with a repeated item) is one unit that computes both places.
    const names = (options: Readonly<Record<string, unknown>>) => [...new Set(parts(resolveOptions(exp, options) as O))];
    Object.assign(exp, {
      units: (options: Readonly<Record<string, unknown>>): ExperimentUnit[] => {
        const o = resolveOptions(exp, options);
        return names(o).map((name) => ({ name, options: { ...o, [UNIT]: name } }));
      },
      join: (options: Readonly<Record<string, unknown>>, values: readonly unknown[]): unknown => {
        const n = names(options).length;
        if (values.length !== n) throw new RangeError(`experiment ${def.id}: join needs one value per unit (got ${values.length} for ${n} units)`);
        return joinParts(values);
      },
    });
  }
  return exp;
}

/** The option a unit's options name it by (see Experiment.units): not a flag, so no experiment option can take it. */
const UNIT = "@unit";

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function joinTwo(a: unknown, b: unknown, path: string): unknown {
  if (a === undefined || a === null) return b === undefined ? a : b;
  if (b === undefined || b === null) return a;
  if (Array.isArray(a) && Array.isArray(b)) return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => joinTwo(a[i], b[i], `${path}[${i}]`));
  if (plainObject(a) && plainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? joinTwo(out[k], v, `${path}.${k}`) : v;
    return out;
  }
  if (Object.is(a, b)) return a;
  throw new RangeError(`joinParts: the units disagree at ${path || "the top"}: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
}

/**
 * One seed's raw value from the values of its units (ExperimentDef.parts), in unit order: records
 * merged key by key (a key first seen in an earlier unit comes first), arrays item by item (a unit
 * leaves the items of the others empty: undefined, or null once written as JSON), and what several
 * units hold (data drawn from the seed alone) must be equal. A RangeError names the place where
 * two units disagree.
 *
 * @example
 * joinParts([{ split: 1, runs: { relu: [0.9] } }, { split: 1, runs: { tanh: [0.8] } }]);
 * // { split: 1, runs: { relu: [0.9], tanh: [0.8] } }
 * joinParts([[[0.5, null]], [[null, 0.25]]]);   // [[0.5, 0.25]]
 * joinParts([{ split: 1 }, { split: 2 }]);      // throws RangeError: the units disagree at .split: 1 and 2
 */
export function joinParts(values: readonly unknown[]): unknown {
  if (values.length === 0) throw new RangeError("joinParts: no units to join");
  return values.reduce((a, b) => joinTwo(a, b, ""));
}

export function verdictOf(verdict: Verdict, rule: Bi, because: Bi): ExperimentResult["verdict"] {
  return { verdict, rule, because };
}

/** holds when every test passes, does-not-hold when none does, mixed otherwise (for boolean tests; verdicts on intervals use decide and combineVerdicts). */
export function combine(passes: readonly boolean[]): Verdict {
  const n = passes.filter(Boolean).length;
  return n === passes.length ? "holds" : n === 0 ? "does-not-hold" : "mixed";
}

/* ───────────── the functions compared ───────────── */

/**
 * A functions item that is not a built-in id: a registered id, or a formula (parsed and
 * registered under its text, so a worker that receives the text resolves it the same way).
 * A formula with a mistake throws its FormulaError (column and caret); a bare unknown word is false.
 */
function acceptsFormula(s: string): boolean {
  try {
    resolveActivation(s);
    return true;
  } catch (e) {
    if (e instanceof FormulaError) throw e;
    return false;
  }
}

/** Every elementwise function of the registry, in its order (new ones appear here by themselves). */
export function elementwiseIds(): string[] {
  return activations.map((a) => a.id);
}

/** The list option "functions" over the registry's elementwise functions. */
export function functionsOption(def: readonly string[] = elementwiseIds(), quick?: readonly string[]): OptionDef {
  return {
    name: "functions",
    type: "list",
    default: def,
    ...(quick ? { quick } : {}),
    choices: elementwiseIds(),
    description: { en: "registry ids of the functions compared", zh: "参与比较的函数（注册表中的 id）" },
  };
}

/* ───────────── networks ───────────── */

/** How first weights are drawn; "standard" is U[±1/√n], PyTorch's nn.Linear default and Glorot and Bengio's baseline. */
export type InitKind = "xavier" | "he" | "lecun" | "standard";

/** The init each function is normally paired with (LeCun for SELU, Xavier for two-sided saturation, He otherwise). */
export function recommendedInit(id: string): InitKind {
  return initFor(id);
}

/** A hidden activation: a registry id with parameters, or the centred sigmoid σ(x) − ½. */
export interface ActSpec {
  readonly id: string;
  readonly params?: Params;
  /** σ(x) − ½: sigmoid's slope without its offset (only with id "sigmoid"). */
  readonly centred?: boolean;
}

/** σ(x) − ½ as a layer: the same derivative as σ, outputs centred on 0. */
export class CentredSigmoid implements Layer {
  readonly params: readonly Param[] = [];
  private d?: Floats;

  forward(x: Floats): Floats {
    const { y, d } = sigmoid.forwardWithDerivative(x);
    for (let i = 0; i < y.length; i++) y[i] -= 0.5;
    this.d = d;
    return y;
  }

  backward(dy: Floats): Floats {
    const d = this.d as Floats;
    const dx = dy instanceof Float32Array ? new Float32Array(dy.length) : new Float64Array(dy.length);
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i] * d[i];
    return dx;
  }
}

export function activationLayer(act: ActSpec, units: number, dtype: DType): Layer {
  if (act.centred) return new CentredSigmoid();
  const a = getActivation(act.id);
  if (a.params.some((s) => s.learnable)) return new PReLU(units, { perUnit: true, dtype });
  return new Activation(a.id, act.params);
}

export interface NetOptions {
  readonly inputs: number;
  readonly hidden: readonly number[];
  /** Output units (a linear layer for softmax); 0 for none. */
  readonly outputs: number;
  readonly act: ActSpec;
  readonly init: InitKind;
  readonly rng: Rng;
  readonly dtype: DType;
  /** Initial bias of the hidden layers (default 0). */
  readonly bias?: number;
}

export interface Net {
  readonly model: Sequential;
  /** The hidden Dense layers, in order (their outputs are the pre-activations). */
  readonly hidden: readonly Dense[];
}

/** Dense → activation per hidden layer, then a Xavier-initialised linear output layer. */
export function buildNet(o: NetOptions): Net {
  // Each float32 net in an arena of its own: its products then run on the same kernels whatever
  // ran before it (another seed, another function), so its numbers depend on its seed alone.
  if (o.dtype === "float32") nnFreshArena();
  const layers: Layer[] = [];
  const hidden: Dense[] = [];
  let width = o.inputs;
  for (const h of o.hidden) {
    const d = new Dense(width, h, { init: o.init === "standard" ? "xavier" : o.init, rng: o.rng, dtype: o.dtype });
    if (o.init === "standard") {
      const w = d.weight.value;
      const a = 1 / Math.sqrt(width);
      for (let i = 0; i < w.length; i++) w[i] = a * (2 * o.rng.random() - 1);
    }
    if (o.bias) d.bias.value.fill(o.bias);
    layers.push(d, activationLayer(o.act, h, o.dtype));
    hidden.push(d);
    width = h;
  }
  if (o.outputs > 0) layers.push(new Dense(width, o.outputs, { init: "xavier", rng: o.rng, dtype: o.dtype }));
  return { model: new Sequential(layers), hidden };
}

/** Runs the model and returns the output of every layer (index 2l: pre-activation of hidden layer l, 2l+1: its activation). */
export function forwardAll(model: Sequential, x: Floats): Floats[] {
  const outs: Floats[] = [];
  let h = x;
  for (const l of model.layers) {
    h = l.forward(h);
    outs.push(h);
  }
  return outs;
}

/** forwardAll, polling for an abort between layers (a deep, wide pass takes seconds). */
export async function forwardAllPolling(model: Sequential, x: Floats, t: Ticker): Promise<Floats[]> {
  const outs: Floats[] = [];
  let h = x;
  for (const l of model.layers) {
    h = l.forward(h);
    outs.push(h);
    await t.poll();
  }
  return outs;
}

/** model.backward(dy) layer by layer, polling for an abort in between. */
export async function backwardPolling(model: Sequential, dy: Floats, t: Ticker): Promise<void> {
  let g = dy;
  for (let i = model.layers.length - 1; i >= 0; i--) {
    g = model.layers[i].backward(g);
    await t.poll();
  }
}

export function finiteModel(model: Sequential): boolean {
  for (const p of model.params) for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i])) return false;
  return true;
}

/** Mean cross-entropy and accuracy of the model on (x, labels). */
export function evaluate(model: Sequential, x: Floats, labels: Int32Array, classes: number): { loss: number; accuracy: number } {
  const logits = model.forward(x);
  const { loss } = softmaxCrossEntropy(logits, labels, classes);
  const pred = argmaxRows(logits, classes);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) right++;
  return { loss, accuracy: right / labels.length };
}

/** Minibatch training on softmax cross-entropy, one epoch per call; a fresh shuffle each epoch. */
export class Trainer {
  private readonly order: Uint32Array;
  private readonly xb: Floats;
  private readonly yb: Int32Array;
  private readonly alphas: readonly Param[];
  /** Set when a learnt α stopped being finite: the model can no longer run, so the epoch stops there. */
  diverged = false;

  constructor(
    readonly model: Sequential,
    readonly opt: Optimizer,
    readonly x: Floats,
    readonly labels: Int32Array,
    readonly features: number,
    readonly classes: number,
    readonly batch: number,
    readonly rng: Rng,
  ) {
    const n = labels.length;
    this.order = Uint32Array.from({ length: n }, (_, i) => i);
    const b = Math.min(batch, n);
    this.xb = x instanceof Float32Array ? new Float32Array(b * features) : new Float64Array(b * features);
    this.yb = new Int32Array(b);
    this.alphas = model.params.filter((p) => p.name === "alpha");
  }

  /** One pass over the data. */
  epoch(): void {
    const n = this.labels.length;
    this.rng.shuffle(this.order);
    for (let s = 0; s < n && !this.diverged; s += this.batch) this.update(s);
  }

  /** One pass over the data, giving an abort a chance every 8 updates. */
  async epochPolling(t: Ticker): Promise<void> {
    const n = this.labels.length;
    this.rng.shuffle(this.order);
    for (let s = 0, k = 0; s < n && !this.diverged; s += this.batch, k++) {
      this.update(s);
      if (k % 8 === 7) await t.poll();
    }
  }

  private update(s: number): void {
    const { x, labels, features: f, model, opt } = this;
    const m = Math.min(this.batch, labels.length - s);
    for (let k = 0; k < m; k++) {
      const i = this.order[s + k];
      for (let j = 0; j < f; j++) this.xb[k * f + j] = x[i * f + j];
      this.yb[k] = labels[i];
    }
    const xs = m * f === this.xb.length ? this.xb : this.xb.subarray(0, m * f);
    const { grad } = softmaxCrossEntropy(model.forward(xs), this.yb.subarray(0, m), this.classes);
    model.zeroGrad();
    model.backward(grad);
    opt.step();
    // PReLU refuses a non-finite α on the next forward; a NaN weight just propagates, and the
    // callers see it with finiteModel.
    for (const a of this.alphas) for (let i = 0; i < a.value.length; i++) if (!Number.isFinite(a.value[i])) this.diverged = true;
  }
}

/* ───────────── charts ───────────── */

export const CHART_SIZE = { width: 640, height: 400 } as const;

/**
 * Median with the min–max band over seeds, at each x; values[seed][k] belongs to xs[k]. Non-finite
 * values are left out and counted: a point some seeds did not reach carries `diverged` (the
 * renderers mark it), an x no seed reached has no point.
 */
export function bandPoints(xs: readonly number[], values: readonly (readonly number[])[], positiveOnly = false): ChartPoint[] {
  const pts: ChartPoint[] = [];
  xs.forEach((x, k) => {
    const all = values.map((v) => v[k]);
    const col = all.filter((v) => Number.isFinite(v) && (!positiveOnly || v > 0));
    if (col.length === 0) return;
    const missing = all.filter((v) => !Number.isFinite(v)).length;
    const y = median(col);
    const band = values.length > 1 ? { lo: Math.min(...col), hi: Math.max(...col) } : {};
    pts.push({ x, y, ...band, ...(missing > 0 ? { diverged: missing } : {}) });
  });
  return pts;
}

export function chart(o: {
  id: string;
  title: Bi;
  x: ChartAxis;
  y: ChartAxis;
  series: readonly ChartSeries[];
  heatmap?: Heatmap;
  rules?: ChartSpec["rules"];
  width?: number;
  height?: number;
}): ChartSpec {
  return {
    kind: "chart",
    id: o.id,
    title: o.title,
    x: o.x,
    y: o.y,
    series: o.series,
    ...(o.heatmap ? { heatmap: o.heatmap } : {}),
    ...(o.rules ? { rules: o.rules } : {}),
    width: o.width ?? CHART_SIZE.width,
    height: o.height ?? CHART_SIZE.height,
  };
}

export const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => i + from);

/** The article's seven functions, in its order. */
export const ARTICLE_FUNCTIONS = ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"] as const;

/**
 * The article's functions among `ids`, for curves: twenty-odd lines cannot be told apart, so
 * line charts keep these (and the per-function charts and the table keep every function run).
 * All of `ids` when none of them is the article's.
 */
export function curveFunctions(ids: readonly string[]): string[] {
  const seven = ids.filter((id) => (ARTICLE_FUNCTIONS as readonly string[]).includes(id));
  return seven.length ? seven : [...ids];
}

/**
 * One column per function, labelled with its id on the x axis: a dot per series at its median
 * over seeds with the 95 % bootstrap interval as an error bar (series side by side within a
 * column). `values(series, id)` gives one number per seed (NaN for a seed that diverged): a
 * column with diverged seeds says how many under its label ("elu ✕2/10").
 */
export function functionChart(o: {
  id: string;
  title: Bi;
  y: ChartAxis;
  functions: readonly string[];
  series: readonly { name: string; label?: Bi; values: (id: string) => readonly number[] }[];
  rules?: ChartSpec["rules"];
  positiveOnly?: boolean;
}): ChartSpec {
  const n = o.series.length;
  const step = n > 1 ? Math.min(0.22, 0.7 / n) : 0;
  const lost = (id: string): string => {
    const worst = Math.max(0, ...o.series.map((s) => s.values(id).filter((v) => !Number.isFinite(v)).length));
    const total = Math.max(0, ...o.series.map((s) => s.values(id).length));
    return worst > 0 ? ` ✕${worst}/${total}` : "";
  };
  return chart({
    id: o.id,
    title: o.title,
    x: { label: { en: "function (✕k/n: k of n seeds diverged)", zh: "函数（✕k/n：n 个种子中 k 个发散）" }, ticks: o.functions.map((id, k) => ({ value: k, label: { en: id + lost(id), zh: id + lost(id) } })) },
    y: o.y,
    series: o.series.map((s, j) => ({
      name: s.name,
      ...(s.label ? { label: s.label } : {}),
      dots: true,
      points: o.functions.flatMap((id, k): ChartPoint[] => {
        const raw = s.values(id);
        const st = summary(raw.filter((v) => Number.isFinite(v) && (!o.positiveOnly || v > 0)), `${o.id}:${s.name}:${id}`);
        if (st.n === 0) return [];
        const lostHere = raw.filter((v) => !Number.isFinite(v)).length;
        const x = k + (j - (n - 1) / 2) * step;
        return [{ x, y: st.median, ...(st.n > 1 ? { lo: st.ci[0], hi: st.ci[1] } : {}), ...(lostHere > 0 ? { diverged: lostHere } : {}) }];
      }),
    })),
    ...(o.rules ? { rules: o.rules } : {}),
  });
}

/**
 * Like bandPoints, but the band is the 95 % bootstrap interval of the median (seeded by
 * `key` and x), not the min–max range: values[seed][k] belongs to xs[k]; non-finite values are
 * left out and counted on the point as `diverged`.
 *
 * @example
 * ciPoints([1], [[1], [2], [NaN]], "k");   // [{ x: 1, y: 1.5, lo: 1, hi: 2, diverged: 1 }]
 */
export function ciPoints(xs: readonly number[], values: readonly (readonly number[])[], key: string): ChartPoint[] {
  const pts: ChartPoint[] = [];
  xs.forEach((x, k) => {
    const all = values.map((v) => v[k]);
    const s = summary(all, `${key}@${x}`);
    if (s.n === 0) return;
    pts.push({ x, y: s.median, ...(s.n > 1 ? { lo: s.ci[0], hi: s.ci[1] } : {}), ...(s.diverged > 0 ? { diverged: s.diverged } : {}) });
  });
  return pts;
}
