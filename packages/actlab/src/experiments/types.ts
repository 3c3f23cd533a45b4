import type { Bi, ChartSpec } from "../plot/chart.js";

/**
 * The outcome of an experiment's stated rule, decided on a 95 % interval over seeds:
 * - `holds`: the interval lies wholly on the claim's side of the threshold;
 * - `does-not-hold`: wholly on the other side;
 * - `inconclusive`: it straddles the threshold, or fewer than 80 % of the seeds finished (more
 *   seeds or a larger scale would decide);
 * - `mixed`: only as the combination of sub-claims (`verdict.parts`) whose verdicts differ.
 */
export type Verdict = "holds" | "does-not-hold" | "inconclusive" | "mixed";

/** One option of an experiment (CLI flag --<name>, lab control). */
export interface ExperimentOption {
  readonly name: string;
  readonly type: "number" | "integer" | "string" | "list";
  readonly default: number | string | readonly (number | string)[];
  readonly min?: number;
  readonly max?: number;
  /** Allowed values for "string" (and for the items of "list"). */
  readonly choices?: readonly string[];
  readonly description: Bi;
}

/**
 * Progress of a run: `done` of `total` units of work, with an optional label of the current one.
 */
export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly label?: string;
}

/**
 * How a run is done: how many seeds, quick settings or not, a progress callback and an AbortSignal
 * (an aborted run rejects with `AbortError`).
 */
export interface RunContext {
  /** How many seeds (default: the experiment's own default, at least 10; quick: 3). */
  readonly seeds?: number;
  /** Smaller settings for tests and the report's --quick (each experiment says what shrinks). */
  readonly quick?: boolean;
  /**
   * Called as units of work finish (at most every few tens of milliseconds).
   */
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

/**
 * A quantity over seeds: the median of the seeds that finished, its 95 % percentile-bootstrap
 * interval (2,000 resamples from a seeded stream, so the same numbers give the same interval),
 * the range, how many seeds finished (`n`) and how many did not (`diverged`). When no seed
 * finished, median, ci, min and max are NaN (null in JSON).
 */
export interface Summary {
  readonly median: number;
  readonly ci: readonly [number, number];
  readonly min: number;
  readonly max: number;
  /** Seeds that finished (a finite value). */
  readonly n: number;
  /** Seeds that did not (diverged, or gave no finite value). */
  readonly diverged: number;
}

/** A summary in the comparison table, with the verdict of the article's statement it measures for that function (holds: the measurement agrees). */
export interface TableCell extends Summary {
  readonly verdict?: Verdict;
}

/** How a quantity is shown: its label in both languages and, optionally, its unit ("%", "×", "epochs" …). */
export interface QuantityInfo {
  readonly label: Bi;
  readonly unit?: Bi;
}

/** One sub-claim of a verdict, with its own verdict and the numbers that decided it. */
export interface VerdictPart {
  readonly id: string;
  readonly claim: Bi;
  readonly verdict: Verdict;
  readonly because: Bi;
}

/** What a run returns: plain JSON, nothing else. */
export interface ExperimentResult {
  readonly id: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly seeds: readonly number[];
  /** Raw numbers, one entry per seed, in `seeds` order. */
  readonly perSeed: readonly unknown[];
  /**
   * Named summaries, keyed "row.quantity": the row is a function id (or a key of `rows`), the
   * quantity the part after the last "." (a key of `quantities`), e.g. "relu.gradRatio".
   */
  readonly summary: Readonly<Record<string, Summary>>;
  /** Labels and units of the quantities of `summary`, in both languages (tables never show raw keys). */
  readonly quantities: Readonly<Record<string, QuantityInfo>>;
  /** Labels of rows that are not plain function ids (e.g. "relu@lr1" → "ReLU, lr 1"). */
  readonly rows?: Readonly<Record<string, Bi>>;
  readonly figures: readonly ChartSpec[];
  readonly verdict: {
    readonly verdict: Verdict;
    /** The stated rule, e.g. "holds when the median ratio for sigmoid is ≥ 100× below ReLU's". */
    readonly rule: Bi;
    /** The numbers that decided it, in words (medians with their intervals, diverged seeds). */
    readonly because: Bi;
    /** The sub-claims when there are several, each with its own verdict. */
    readonly parts?: readonly VerdictPart[];
  };
  /** Measured columns for the comparison table, by function id (TABLE_COLUMNS names them). */
  readonly table?: Readonly<Record<string, Readonly<Record<string, TableCell>>>>;
  readonly seconds: number;
  /** The data an experiment trained on, its train/test split and its scaling, in words (experiments on data sets). */
  readonly data?: { readonly source: string; readonly split: string; readonly scaling: string };
}

/**
 * An experiment that measures one claim of the article: its options, one seed's computation,
 * and the summary over seeds (medians, ranges, figure specs, a verdict computed by a stated rule).
 * Results are plain JSON.
 */
export interface Experiment {
  readonly id: string;
  readonly title: Bi;
  /** The claim tested, with the article's sentence it checks (优点/缺点 of which function). */
  readonly claim: { readonly en: string; readonly zh: string; readonly article: string; readonly functions: readonly string[] };
  readonly options: readonly ExperimentOption[];
  /** One seed's raw numbers (JSON); deterministic for (options, seed) on a kernel backend. */
  runSeed(options: Readonly<Record<string, unknown>>, seed: number, ctx?: RunContext): Promise<unknown>;
  /** Medians, ranges, figures and the verdict from every seed's numbers. */
  summarise(options: Readonly<Record<string, unknown>>, seeds: readonly number[], perSeed: readonly unknown[], seconds: number): ExperimentResult;
  /** runSeed for each seed in turn, then summarise (the CLI runs seeds on worker threads instead). */
  run(options?: Readonly<Record<string, unknown>>, ctx?: RunContext): Promise<ExperimentResult>;
  /**
   * Optional: how one seed's work splits into units (one function, one setting …) for resolved
   * options, in order. `runSeed(unit.options, seed)` computes that unit's share of the seed, and
   * `join` puts the shares of every unit back together. Without it a seed is one unit (the
   * CLI's shards then deal whole seeds).
   */
  units?(options: Readonly<Record<string, unknown>>): readonly ExperimentUnit[];
  /**
   * With `units`: the raw value `runSeed(options, seed)` gives, from `runSeed(u.options, seed)` of
   * each unit u of `units(options)`, in that order (equal as JSON, key order included).
   */
  join?(options: Readonly<Record<string, unknown>>, parts: readonly unknown[]): unknown;
}

/** One unit of a seed's work: its name (e.g. "relu", "spiral:tanh", "N2@L10") and the options runSeed computes it from. */
export interface ExperimentUnit {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}
// src/experiments/index.ts exports: experiments (readonly Experiment[]), getExperiment(id) (unknown
// id → Error listing the ids), resolveOptions(exp, partial, quick) (validates, fills defaults,
// RangeError naming the option), and the types above. Package subpath: actlab/experiments.
