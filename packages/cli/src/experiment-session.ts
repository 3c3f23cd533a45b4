import { availableParallelism } from "node:os";
import { SingleBar } from "cli-progress";
import type { Experiment, ExperimentResult } from "actlab/experiments";
import { RunEnded, STOP_SIGNALS } from "./errors.js";
import { runJobs, runSeeds, SeedError, type Job, type JobSeeds, type PoolOptions } from "./experiment-pool.js";
import type { StagedDir } from "./files.js";

/** Why a run was stopped from outside: the signal's name and the exit code shells report for it. */
class Interrupted extends Error {
  override name = "Interrupted";
  constructor(
    readonly signal: NodeJS.Signals,
    readonly exitCode: number,
  ) {
    super(signal);
  }
}

/**
 * Experiments that measure time (`cost`, or any that sets `measuresTime`) run their seeds one at
 * a time and after the others, so no other worker competes with the clock.
 */
export function measuresTime(exp: Experiment): boolean {
  return exp.id === "cost" || (exp as Experiment & { measuresTime?: boolean }).measuresTime === true;
}

export interface Session {
  readonly signal: AbortSignal;
  /** Runs the jobs on worker threads with a progress bar on a terminal (none when stderr is not one). */
  run(jobs: readonly Job[], moduleUrl: string, quick: boolean, threads?: number): Promise<ExperimentResult[]>;
  /** The same, but each job's seed values come back raw, not summarised (for a shard). */
  runRaw(jobs: readonly Job[], moduleUrl: string, quick: boolean, threads?: number): Promise<JobSeeds[]>;
  /** Throws RunEnded (after removing `out`'s staged files) when Ctrl-C, SIGTERM or SIGHUP arrived. */
  check(): void;
  dispose(): void;
}

/**
 * Ctrl-C, SIGTERM and SIGHUP (the terminal closed) abort the session's signal: the pool terminates
 * its workers, the staged output folder is removed, a line says so, and the command exits 130
 * (SIGINT), 143 (SIGTERM) or 129 (SIGHUP).
 * A failing seed ends the run the same way, with exit 1.
 */
export function openSession(out: StagedDir | undefined): Session {
  const ac = new AbortController();
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const [sig, code] of STOP_SIGNALS) {
    const h = () => ac.abort(new Interrupted(sig, code));
    handlers.set(sig, h);
    process.on(sig, h);
  }
  const fail = (e: unknown): never => {
    out?.abort();
    if (e instanceof Interrupted) {
      process.stderr.write(`\nactlab: interrupted (${e.signal}): workers stopped, nothing written\n`);
      throw new RunEnded(e.exitCode);
    }
    if (e instanceof SeedError) {
      process.stderr.write(`actlab: ${e.message}; nothing written\n`);
      throw new RunEnded(1);
    }
    throw e;
  };
  const session: Session = {
    signal: ac.signal,
    run(jobs, moduleUrl, quick, threads) {
      return withBar(jobs, threads, (o) => runJobs(jobs, { ...o, moduleUrl, quick }));
    },
    runRaw(jobs, moduleUrl, quick, threads) {
      return withBar(jobs, threads, (o) => runSeeds(jobs, { ...o, moduleUrl, quick }, (_job, _i, r) => r));
    },
    check() {
      if (ac.signal.aborted) fail(ac.signal.reason);
    },
    dispose() {
      for (const [sig, h] of handlers) process.removeListener(sig, h);
    },
  };
  return session;

  async function withBar<T>(jobs: readonly Job[], threads: number | undefined, go: (o: Omit<PoolOptions, "moduleUrl" | "quick">) => Promise<T>): Promise<T> {
      const seeds = jobs.reduce((s, j) => s + j.seeds.length, 0);
      const tty = process.stderr.isTTY === true;
      const bar = tty
        ? new SingleBar({
            stream: process.stderr,
            format: "{label} {bar} {percentage}% | seeds {done}/{all} | {duration_formatted} | Ctrl-C stops",
            barsize: 28,
            barCompleteChar: "\u2588",
            barIncompleteChar: "\u2591",
            hideCursor: true,
            gracefulExit: false,
            clearOnComplete: true,
            fps: 10,
          })
        : undefined;
      bar?.start(1000, 0, { label: jobs[0]?.exp.id ?? "", done: 0, all: seeds });
      try {
        return await go({
          signal: ac.signal,
          threads: Math.min(threads ?? availableParallelism(), seeds),
          onProgress: (p) => bar?.update(Math.round(p.fraction * 1000), { label: p.running.join(", ") || "…", done: p.seedsDone, all: p.seedsTotal }),
        });
      } catch (e) {
        bar?.stop();
        return fail(e);
      } finally {
        bar?.stop();
      }
  }
}
