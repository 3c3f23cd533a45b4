// The worker side of the seed pool (tinypool loads this file in each worker thread): import the
// experiments module once, run one seed, send progress through the task's port.
import type { MessagePort } from "node:worker_threads";
import type { Experiment, Progress } from "actlab/experiments";
import { nnFreshArena } from "actlab/nn";

export interface SeedTask {
  readonly moduleUrl: string;
  readonly id: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly quick: boolean;
  readonly port?: MessagePort;
}

const modules = new Map<string, Promise<{ experiments: readonly Experiment[] }>>();

export async function runSeedTask(task: SeedTask): Promise<{ value: unknown; seconds: number }> {
  let mod = modules.get(task.moduleUrl);
  if (!mod) {
    modules.set(task.moduleUrl, (mod = import(task.moduleUrl)));
    // Experiments read a `data` option other than "digits" from files, through actlab/node.
    const m = (await mod) as { setDataLoader?: (f: (spec: string) => Promise<unknown>) => void };
    if (typeof m.setDataLoader === "function") {
      const { loadDataSplit } = await import("actlab/node");
      m.setDataLoader((spec) => loadDataSplit(spec));
    }
  }
  const exp = (await mod).experiments.find((e) => e.id === task.id);
  if (!exp) throw new Error(`unknown experiment: ${task.id}`);
  const t0 = performance.now();
  // A seed must not depend on what this thread ran before: layers whose buffers no longer fit
  // beside their weights in a half-full arena take the exact loops instead of the wasm kernels,
  // which round differently (this made a digits seed diverge in one run of the report only).
  nnFreshArena();
  try {
    const value = await exp.runSeed(task.options, task.seed, { quick: task.quick, onProgress: (p: Progress) => task.port?.postMessage(p) });
    return { value, seconds: (performance.now() - t0) / 1000 };
  } finally {
    task.port?.close();
  }
}
