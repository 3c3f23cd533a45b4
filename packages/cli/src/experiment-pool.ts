import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import { Tinypool } from "tinypool";
import { fileURLToPath } from "node:url";
import { errorText } from "./errors.js";
import { resultProblem } from "./experiment-check.js";
import type { Experiment, ExperimentResult, Progress } from "actlab/experiments";
import type { SeedMessage, SeedTask } from "./experiment-worker.js";

export interface Job {
  readonly exp: Experiment;
  readonly options: Readonly<Record<string, unknown>>;
  readonly seeds: readonly number[];
}

export interface PoolProgress {
  /** Finished share of all seeds of all jobs, 0…1 (a running seed counts by its own progress). */
  readonly fraction: number;
  readonly seedsDone: number;
  readonly seedsTotal: number;
  /** Ids of the experiments with a seed running. */
  readonly running: readonly string[];
}

export interface PoolOptions {
  readonly moduleUrl: string;
  readonly quick: boolean;
  readonly signal: AbortSignal;
  readonly onProgress?: (p: PoolProgress) => void;
  /** Called with each job's result as soon as its last seed is in (jobs finish in any order). */
  readonly onResult?: (index: number, r: ExperimentResult) => void;
  /** Worker threads (default: one per core, no more than there are seeds). */
  readonly threads?: number;
  /**
   * The module each worker thread loads, exporting `runSeedTask` (default: the built
   * experiment-worker.js beside this file; the in-process tests, which run the TypeScript
   * sources, pass a loader for experiment-worker.ts).
   */
  readonly worker?: string;
}

/** A seed that threw in its worker: which one, and the worker's message. */
export class SeedError extends Error {
  override name = "SeedError";
}

/** The module as a user names it: its file, or the package specifier. */
function moduleName(url: string): string {
  return url.startsWith("file:") ? fileURLToPath(url) : url;
}

/** `summarise`, with a throw or a result the writers cannot show turned into a one-line SeedError. */
function summariseChecked(job: Job, perSeed: unknown[], seconds: number, moduleUrl: string): ExperimentResult {
  const where = `${job.exp.id} (in ${moduleName(moduleUrl)})`;
  let r: unknown;
  try {
    r = job.exp.summarise(job.options, job.seeds, perSeed, seconds);
  } catch (e) {
    throw new SeedError(`the summarise of ${where} threw: ${errorText(e)}`);
  }
  const problem = resultProblem(r);
  if (problem) throw new SeedError(`the summarise of ${where} returned ${problem}`);
  return r as ExperimentResult;
}

/**
 * Runs every seed of every job on a pool of worker threads (tinypool): `runSeed` in the
 * workers, `summarise` here, in job order. Seeds are independent and deterministic, so the
 * results equal each experiment's sequential `run`. Aborting the signal terminates the workers
 * at once; the promise then rejects with the signal's reason.
 */
export async function runJobs(jobs: readonly Job[], o: PoolOptions): Promise<ExperimentResult[]> {
  return runSeeds(jobs, o, (job, ji, r) => {
    const result = summariseChecked(job, r.values, r.span, o.moduleUrl);
    o.onResult?.(ji, result);
    return result;
  });
}

/** One job's seeds as they came back from the workers: values and seconds in seed order, and the job's span in seconds. */
export interface JobSeeds {
  readonly values: unknown[];
  readonly seconds: number[];
  readonly span: number;
}

/**
 * Runs every seed of every job on the pool (see `runJobs`) and hands each job's raw seed values to
 * `finish` as soon as its last seed is in (`runJobs` summarises there; a shard keeps them raw).
 */
export async function runSeeds<T>(jobs: readonly Job[], o: PoolOptions, finish: (job: Job, index: number, r: JobSeeds) => T): Promise<T[]> {
  const total = jobs.reduce((s, j) => s + j.seeds.length, 0);
  const threads = Math.max(1, Math.min(o.threads ?? availableParallelism(), total));
  const pool = new Tinypool({ filename: o.worker ?? new URL("./experiment-worker.js", import.meta.url).href, name: "runSeedTask", minThreads: 0, maxThreads: threads, idleTimeout: 1000 });
  const inner = new AbortController();
  // tinypool listens on the signal once per task: a report queues dozens.
  setMaxListeners(0, inner.signal);
  const stop = () => inner.abort(o.signal.reason);
  if (o.signal.aborted) stop();
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent (a signal fires "abort" once; finally removes the listener)
  o.signal.addEventListener("abort", stop, { once: true });
  const share = new Map<string, number>();
  const running = new Map<string, string>();
  let done = 0;
  const report = () => {
    let partial = 0;
    for (const v of share.values()) partial += v;
    o.onProgress?.({ fraction: total ? (done + partial) / total : 1, seedsDone: done, seedsTotal: total, running: [...new Set(running.values())] });
  };
  try {
    const results = await Promise.all(
      jobs.map(async (job, ji) => {
        let first = Infinity;
        let last = 0;
        // Stryker disable next-line ArrayDeclaration: equivalent (every index is written when all seeds end; a failed seed ends the run)
        const seconds: number[] = [];
        const perSeed = await Promise.all(
          job.seeds.map(async (seed) => {
            const key = `${ji}:${seed}`;
            const { port1, port2 } = new MessageChannel();
            // A worker that exits or dies mid-seed never answers tinypool: its port tells instead.
            let ended = false;
            const died = new Promise<never>((_, reject) => {
              port1.on("message", (m: SeedMessage) => {
                if ("progress" in m) {
                  const p = m.progress;
                  // Stryker disable next-line ConditionalExpression: equivalent (setting a key to the id it holds keeps its place)
                  if (!running.has(key)) running.set(key, job.exp.id);
                  share.set(key, p.total > 0 ? Math.min(1, p.done / p.total) : 0);
                  report();
                } else if ("end" in m) ended = true;
                else reject(new Error(m.error !== undefined ? m.error : `its worker thread exited with code ${m.exit} before the seed finished (process.exit in runSeed?)`));
              });
              port1.on("close", () => {
                if (!ended) reject(new Error("its worker thread stopped before the seed finished"));
              });
            });
            died.catch(() => {});
            const task: SeedTask = { moduleUrl: o.moduleUrl, id: job.exp.id, options: job.options, seed, quick: o.quick, port: port2 };
            try {
              const r = (await Promise.race([pool.run(task, { transferList: [port2], signal: inner.signal }), died])) as { value: unknown; seconds: number };
              // The job's time: from the start of its first seed to the end of its last, queueing left out.
              const end = performance.now();
              first = Math.min(first, end - r.seconds * 1000);
              last = Math.max(last, end);
              seconds[job.seeds.indexOf(seed)] = r.seconds;
              done++;
              return r.value;
            } catch (e) {
              // Stryker disable next-line ConditionalExpression: equivalent (the run's catch throws the reason whenever the signal is aborted)
              if (inner.signal.aborted) throw inner.signal.reason;
              // One failed seed ends the run: stop the others rather than wait for them.
              const err = new SeedError(`${job.exp.id} failed on seed ${seed}: ${errorText(e)}`);
              inner.abort(err);
              throw err;
            } finally {
              port1.close();
              share.delete(key);
              running.delete(key);
              report();
            }
          }),
        );
        // A summarise that throws or returns what the writers cannot show ends the run like a failed seed.
        try {
          return finish(job, ji, { values: perSeed, seconds, span: Number.isFinite(first) ? (last - first) / 1000 : 0 });
          // Stryker disable next-line BlockStatement: equivalent (Promise.all rejects with the same error at once and finally destroys the pool)
        } catch (e) {
          inner.abort(e);
          throw e;
        }
      }),
    );
    return results;
  } catch (e) {
    throw inner.signal.aborted ? inner.signal.reason : e;
  } finally {
    o.signal.removeEventListener("abort", stop);
    await pool.destroy();
  }
}
