import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Experiment } from "actlab/experiments";
import { UsageError } from "./errors.js";
import { checkExperiments } from "./experiment-check.js";
import type { TableColumn } from "./render/report-table.js";

/** The experiments a run sees, and the module a worker imports to see the same ones. */
export interface ExperimentModule {
  readonly experiments: readonly Experiment[];
  /** URL of the module that exports `experiments` (workers import it by this URL). */
  readonly url: string;
  resolveOptions(exp: Experiment, partial: Readonly<Record<string, unknown>>, quick: boolean): Readonly<Record<string, unknown>>;
  /** The comparison table's columns with their labels, when the module names them (TABLE_COLUMNS). */
  readonly tableColumns?: readonly TableColumn[];
}

export type { TableColumn };

/**
 * The library's experiments, or those of the module named by ACTLAB_EXPERIMENTS (a file that
 * exports `experiments` following src/experiments/types.ts: your own, or the test fixtures).
 * Options are resolved by that module's `resolveOptions` when it has one, else the library's.
 */
export async function loadExperiments(): Promise<ExperimentModule> {
  // The same specifier twice: workers import the module by the URL it resolves to.
  const lib = await import("actlab/experiments");
  const columns = (m: object) => (m as { TABLE_COLUMNS?: readonly TableColumn[] }).TABLE_COLUMNS;
  const custom = process.env.ACTLAB_EXPERIMENTS;
  if (!custom) return { experiments: lib.experiments, url: import.meta.resolve("actlab/experiments"), resolveOptions: lib.resolveOptions, tableColumns: columns(lib) };
  const url = pathToFileURL(resolve(custom)).href;
  let mod: { experiments?: unknown; resolveOptions?: ExperimentModule["resolveOptions"]; TABLE_COLUMNS?: readonly TableColumn[] };
  try {
    mod = await import(url);
  } catch (e) {
    throw new UsageError(`cannot load ACTLAB_EXPERIMENTS=${custom}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!Array.isArray(mod.experiments)) throw new UsageError(`ACTLAB_EXPERIMENTS=${custom} does not export an array named experiments`);
  let experiments: Experiment[];
  try {
    experiments = checkExperiments(mod.experiments, `ACTLAB_EXPERIMENTS=${custom}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { experiments, url, resolveOptions: mod.resolveOptions ?? lib.resolveOptions, tableColumns: mod.TABLE_COLUMNS };
}

/** The experiment with this id, or a one-line usage error listing the ids. */
export function findExperiment(m: ExperimentModule, id: string): Experiment {
  const e = m.experiments.find((x) => x.id === id);
  if (!e) throw new UsageError(`unknown experiment: ${id} (known: ${m.experiments.map((x) => x.id).join(", ") || "none"}; see actlab experiment list)`);
  return e;
}

/** Seeds 1…n (the convention of every experiment's own `run`). */
export function seedList(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** How many seeds when --seeds is not given: the experiment's own `seeds` (an optional field), else 5 (quick: 3). */
export function defaultSeedCount(exp: Experiment, quick: boolean): number {
  const own = (exp as Experiment & { seeds?: { default?: number; quick?: number } }).seeds;
  return (quick ? own?.quick : own?.default) ?? (quick ? 3 : 5);
}
