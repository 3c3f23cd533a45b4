import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import { Tinypool } from "tinypool";
import type { Experiment, ExperimentResult, Progress } from "actlab/experiments";
import type { SeedTask } from "./experiment-worker.js";

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
}

/** A seed that threw in its worker: which one, and the worker's message. */
export class SeedError extends Error {
  override name = "SeedError";
}

/**
 * Runs every seed of every job on a pool of worker threads (tinypool): `runSeed` in the
 * workers, `summarise` here, in job order. Seeds are independent and deterministic, so the
 * results equal each experiment's sequential `run`. Aborting the signal terminates the workers
 * at once; the promise then rejects with the signal's reason.
 */
export async function runJobs(jobs: readonly Job[], o: PoolOptions): Promise<ExperimentResult[]> {
  return runSeeds(jobs, o, (job, ji, r) => {
    const result = job.exp.summarise(job.options, job.seeds, r.values, r.span);
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
  const pool = new Tinypool({ filename: new URL("./experiment-worker.js", import.meta.url).href, name: "runSeedTask", minThreads: 0, maxThreads: threads, idleTimeout: 1000 });
  const inner = new AbortController();
  // tinypool listens on the signal once per task: a report queues dozens.
  setMaxListeners(0, inner.signal);
  const stop = () => inner.abort(o.signal.reason);
  if (o.signal.aborted) stop();
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
        const seconds: number[] = [];
        const perSeed = await Promise.all(
          job.seeds.map(async (seed) => {
            const key = `${ji}:${seed}`;
            const { port1, port2 } = new MessageChannel();
            port1.on("message", (p: Progress) => {
              if (!running.has(key)) running.set(key, job.exp.id);
              share.set(key, p.total > 0 ? Math.min(1, p.done / p.total) : 0);
              report();
            });
            const task: SeedTask = { moduleUrl: o.moduleUrl, id: job.exp.id, options: job.options, seed, quick: o.quick, port: port2 };
            try {
              const r = (await pool.run(task, { transferList: [port2], signal: inner.signal })) as { value: unknown; seconds: number };
              // The job's time: from the start of its first seed to the end of its last, queueing left out.
              const end = performance.now();
              first = Math.min(first, end - r.seconds * 1000);
              last = Math.max(last, end);
              seconds[job.seeds.indexOf(seed)] = r.seconds;
              done++;
              return r.value;
            } catch (e) {
              if (inner.signal.aborted) throw inner.signal.reason;
              // One failed seed ends the run: stop the others rather than wait for them.
              const err = new SeedError(`${job.exp.id} failed on seed ${seed}: ${(e as Error)?.message ?? String(e)}`);
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
        return finish(job, ji, { values: perSeed, seconds, span: Number.isFinite(first) ? (last - first) / 1000 : 0 });
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
