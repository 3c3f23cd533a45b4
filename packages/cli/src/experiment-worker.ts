// The worker side of the seed pool (tinypool loads this file in each worker thread): import the
// experiments module once, run one seed, send progress through the task's port.
import type { MessagePort } from "node:worker_threads";
import type { Experiment, Progress } from "actlab/experiments";
import { nnFreshArena } from "actlab/nn";
import { errorText } from "./errors.js";

/** What a worker sends on the task's port: progress, then END when the seed is over, or EXIT when its thread exits mid-seed. */
export type SeedMessage = { readonly progress: Progress } | { readonly end: true } | { readonly exit: number; readonly error?: string };

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
  const post = (m: SeedMessage) => task.port?.postMessage(m);
  // process.exit inside runSeed ends this thread, not the process: tell the pool, which would
  // otherwise wait for the seed forever (tinypool settles a task only on a result or an error).
  // An uncaught exception also ends the thread (with code 1): the monitor sees it without changing that.
  let crash: string | undefined;
  const onCrash = (e: unknown) => (crash = errorText(e));
  const onExit = (code: number) => post(crash === undefined ? { exit: code } : { exit: code, error: crash });
  process.once("exit", onExit);
  process.once("uncaughtExceptionMonitor", onCrash);
  try {
    const value = await exp.runSeed(task.options, task.seed, { quick: task.quick, onProgress: (p: Progress) => post({ progress: p }) });
    const seconds = (performance.now() - t0) / 1000;
    // A result that cannot be cloned would fail inside tinypool and arrive as an empty object.
    try {
      structuredClone(value);
    } catch (e) {
      throw new Error(`its result cannot be passed from the worker thread (${errorText(e)}); runSeed must return plain data`);
    }
    return { value, seconds };
  } finally {
    process.removeListener("exit", onExit);
    process.removeListener("uncaughtExceptionMonitor", onCrash);
    post({ end: true });
    task.port?.close();
  }
}
