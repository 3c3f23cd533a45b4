import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Experiment } from "../experiments/types.js";
import { UsageError } from "./errors.js";

/** The experiments a run sees, and the module a worker imports to see the same ones. */
export interface ExperimentModule {
  readonly experiments: readonly Experiment[];
  /** URL of the module that exports `experiments` (workers import it by this URL). */
  readonly url: string;
  resolveOptions(exp: Experiment, partial: Readonly<Record<string, unknown>>, quick: boolean): Record<string, unknown>;
}

/**
 * The library's experiments, or those of the module named by ACTLAB_EXPERIMENTS (a file that
 * exports `experiments` following src/experiments/types.ts: your own, or the test fixtures).
 * Options are resolved by that module's `resolveOptions` when it has one, else the library's.
 */
export async function loadExperiments(): Promise<ExperimentModule> {
  // The same specifier twice: workers import the module by the URL it resolves to.
  const lib = await import("../experiments/index.js");
  const custom = process.env.ACTLAB_EXPERIMENTS;
  if (!custom) return { experiments: lib.experiments, url: import.meta.resolve("../experiments/index.js"), resolveOptions: lib.resolveOptions };
  const url = pathToFileURL(resolve(custom)).href;
  let mod: { experiments?: unknown; resolveOptions?: ExperimentModule["resolveOptions"] };
  try {
    mod = await import(url);
  } catch (e) {
    throw new UsageError(`cannot load ACTLAB_EXPERIMENTS=${custom}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!Array.isArray(mod.experiments)) throw new UsageError(`ACTLAB_EXPERIMENTS=${custom} does not export an array named experiments`);
  return { experiments: mod.experiments as Experiment[], url, resolveOptions: mod.resolveOptions ?? lib.resolveOptions };
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

/** How many seeds when --seeds is not given: the experiment's own default when it declares one. */
export function defaultSeedCount(exp: Experiment, quick: boolean): number {
  const own = exp as Experiment & { defaultSeeds?: number; quickSeeds?: number };
  return (quick ? own.quickSeeds : own.defaultSeeds) ?? (quick ? 3 : 5);
}
