import type { Bi, ChartSpec } from "../plot/chart.js";

/**
 * The outcome of an experiment's stated rule: the article's claim holds, does not hold, or holds
 * only for some of the settings tested.
 */
export type Verdict = "holds" | "does-not-hold" | "mixed";

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
  /** How many seeds (default: the experiment's own default, usually 5). */
  readonly seeds?: number;
  /** Smaller settings for tests and the report's --quick (each experiment says what shrinks). */
  readonly quick?: boolean;
  /**
   * Called as units of work finish (at most every few tens of milliseconds).
   */
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

/** A number summarised over seeds. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** What a run returns: plain JSON, nothing else. */
export interface ExperimentResult {
  readonly id: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly seeds: readonly number[];
  /** Raw numbers, one entry per seed, in `seeds` order. */
  readonly perSeed: readonly unknown[];
  /** Named summaries, e.g. "relu.gradRatio". */
  readonly summary: Readonly<Record<string, Summary>>;
  readonly figures: readonly ChartSpec[];
  readonly verdict: {
    readonly verdict: Verdict;
    /** The stated rule, e.g. "holds when the median ratio for sigmoid is ≥ 100× below ReLU's". */
    readonly rule: Bi;
    /** The numbers that decided it, in words. */
    readonly because: Bi;
  };
  /** Measured columns for the comparison table, by function id (see issue 11 for the columns). */
  readonly table?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly seconds: number;
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
}
// src/experiments/index.ts exports: experiments (readonly Experiment[]), getExperiment(id) (unknown
// id → Error listing the ids), resolveOptions(exp, partial, quick) (validates, fills defaults,
// RangeError naming the option), and the types above. Package subpath: actlab/experiments.
