/**
 * The experiment pool and its worker, in process: real worker threads (tinypool) run the worker's
 * TypeScript source (fixtures/worker-from-source.mjs) on experiments whose seeds finish in an
 * order the test chooses through a counter shared by the threads (fixtures/pool-experiments.mjs),
 * so nothing here depends on the machine's speed. What a user sees: each seed counted once in the
 * progress whatever order the seeds end in, results in the order asked for, a failed seed named,
 * and a stop that ends the run without waiting for the seeds.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import type { Experiment, ExperimentResult } from "../../packages/actlab/src/experiments/types.js";
import { runJobs, runSeeds, SeedError, type Job, type PoolProgress } from "../../packages/cli/src/experiment-pool.js";
import { runSeedTask, type SeedMessage } from "../../packages/cli/src/experiment-worker.js";

const moduleUrl = new URL("./fixtures/pool-experiments.mjs", import.meta.url).href;
const worker = new URL("./fixtures/worker-from-source.mjs", import.meta.url).href;
const { experiments } = (await import(moduleUrl)) as { experiments: Experiment[] };
const [gatedA, gatedB] = experiments as [Experiment, Experiment];

/**
 * Options of the gated experiments (the shared counters and the order in which seeds may finish),
 * and `drive`, an onProgress that grants the next seed its turn once the pool has counted the
 * previous one done: the seeds end in `order`, and the pool sees them end in that order.
 */
function gate(order: number[], extra: { fail?: number[]; exit?: number[] } = {}) {
  const turn = new SharedArrayBuffer(8);
  const counters = new Int32Array(turn);
  let granted = 0;
  const grant = () => {
    Atomics.store(counters, 0, ++granted);
    Atomics.notify(counters, 0);
  };
  if (order.length) grant();
  const events: PoolProgress[] = [];
  const drive = (p: PoolProgress) => {
    events.push(p);
    if (p.seedsDone >= granted && granted < order.length) grant();
  };
  return { options: { turn, order, ...extra }, drive, events, finished: () => Atomics.load(counters, 1) };
}

/** Progress events: never above the whole, never back, each seed counted once, and the end is the whole. */
function expectCountedOnce(events: PoolProgress[], total: number) {
  expect(events.length).toBeGreaterThan(0);
  let prev = { fraction: 0, seedsDone: 0 };
  let steps = 0;
  for (const e of events) {
    expect(e.seedsTotal).toBe(total);
    expect(e.fraction).toBeGreaterThanOrEqual(prev.fraction);
    expect(e.fraction).toBeLessThanOrEqual(1);
    expect(e.fraction).toBeGreaterThanOrEqual(e.seedsDone / total);
    expect(e.seedsDone - prev.seedsDone).toBeGreaterThanOrEqual(0);
    expect(e.seedsDone - prev.seedsDone).toBeLessThanOrEqual(1);
    if (e.seedsDone > prev.seedsDone) steps++;
    prev = e;
  }
  expect(steps).toBe(total);
  expect(prev).toMatchObject({ fraction: 1, seedsDone: total, running: [] });
}

describe("runJobs / runSeeds on worker threads", () => {
  it("seeds that end out of order: each counted once, values in seed order, results in job order, onResult as each job ends", async () => {
    // Job a's seeds 1, 2, 3 and job b's seeds 4, 5 share one turn counter: b ends first.
    const g = gate([5, 3, 4, 1, 2]);
    const jobs: Job[] = [
      { exp: gatedA, options: g.options, seeds: [1, 2, 3] },
      { exp: gatedB, options: g.options, seeds: [4, 5] },
    ];
    const events = g.events;
    const ended: [number, string][] = [];
    const results = await runJobs(jobs, {
      moduleUrl,
      worker,
      quick: true,
      threads: 5,
      signal: new AbortController().signal,
      onProgress: g.drive,
      onResult: (i, r) => ended.push([i, r.id]),
    });
    expect(g.finished()).toBe(5);
    expect(ended).toEqual([
      [1, "gated-b"],
      [0, "gated-a"],
    ]);
    expect(results.map((r: ExperimentResult) => r.id)).toEqual(["gated-a", "gated-b"]);
    expect(results[0]!.perSeed).toEqual([1, 2, 3].map((seed) => ({ seed, value: seed * 10 })));
    expect(results[1]!.perSeed).toEqual([4, 5].map((seed) => ({ seed, value: seed * 10 })));
    expect(results[0]!.seeds).toEqual([1, 2, 3]);
    expectCountedOnce(events, 5);
    // While seeds wait, the bar names the experiments that have one running, each once.
    const names = new Set(events.flatMap((e) => e.running));
    expect([...names].sort()).toEqual(["gated-a", "gated-b"]);
    for (const e of events) expect(new Set(e.running).size).toBe(e.running.length);
  });

  it("runSeeds hands each job's raw values and seconds in seed order, whatever order the seeds ended in", async () => {
    const g = gate([3, 1, 2]);
    const events = g.events;
    const [raw] = await runSeeds([{ exp: gatedA, options: g.options, seeds: [1, 2, 3] }], { moduleUrl, worker, quick: true, threads: 3, signal: new AbortController().signal, onProgress: g.drive }, (job, i, r) => ({ id: job.exp.id, i, ...r }));
    expect(raw!.id).toBe("gated-a");
    expect(raw!.i).toBe(0);
    expect(raw!.values).toEqual([{ seed: 1, value: 10 }, { seed: 2, value: 20 }, { seed: 3, value: 30 }]);
    expect(raw!.seconds).toHaveLength(3);
    for (const s of raw!.seconds) expect(s).toBeGreaterThanOrEqual(0);
    expect(raw!.span).toBeGreaterThanOrEqual(Math.max(...raw!.seconds));
    expectCountedOnce(events, 3);
  });

  it("a seed that throws ends the run with a message naming the experiment and the seed; it is never counted done", async () => {
    // Seed 1 ends, seed 2 throws, seed 3 never gets a turn: the run must not wait for it.
    const g = gate([1, 2], { fail: [2] });
    const events = g.events;
    const run = runJobs([{ exp: gatedA, options: g.options, seeds: [1, 2, 3] }], { moduleUrl, worker, quick: true, threads: 3, signal: new AbortController().signal, onProgress: g.drive });
    await expect(run).rejects.toThrow(SeedError);
    await expect(run).rejects.toThrow(/^gated-a failed on seed 2: seed 2 refused to run$/);
    expect(Math.max(...events.map((e) => e.seedsDone))).toBe(1);
    expect(events.at(-1)!.fraction).toBeLessThan(1);
  });

  it("a seed whose worker thread exits (process.exit in runSeed) is a failed seed, named, not a hang", async () => {
    const g = gate([1, 2], { exit: [2] });
    const run = runJobs([{ exp: gatedA, options: g.options, seeds: [1, 2, 3] }], { moduleUrl, worker, quick: true, threads: 3, signal: new AbortController().signal, onProgress: g.drive });
    await expect(run).rejects.toThrow(SeedError);
    await expect(run).rejects.toThrow("gated-a failed on seed 2: its worker thread exited with code 7 before the seed finished (process.exit in runSeed?)");
  });

  it("a stop signal ends the run with its reason while seeds are still running (the workers are terminated, not awaited)", async () => {
    // No seed ever gets a turn: only terminating the threads ends them.
    const g = gate([]);
    const ac = new AbortController();
    const reason = new Error("stopped by the test");
    const events: PoolProgress[] = [];
    const run = runJobs([{ exp: gatedA, options: g.options, seeds: [1, 2] }], {
      moduleUrl,
      worker,
      quick: true,
      threads: 2,
      signal: ac.signal,
      onProgress: (p) => {
        events.push(p);
        // Both seeds have started: stop.
        if (p.running.length === 1 && events.filter((e) => e.fraction > 0).length === 2) ac.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(g.finished()).toBe(0);
    expect(Math.max(...events.map((e) => e.seedsDone))).toBe(0);
  });

  it("a signal already aborted runs no seed", async () => {
    const g = gate([1]);
    const ac = new AbortController();
    const reason = new Error("stopped before the start");
    ac.abort(reason);
    await expect(runJobs([{ exp: gatedA, options: g.options, seeds: [1] }], { moduleUrl, worker, quick: true, threads: 1, signal: ac.signal })).rejects.toBe(reason);
    expect(g.finished()).toBe(0);
  });
});

describe("runSeedTask (the worker side), in process", () => {
  const dir = mkdtempSync(join(tmpdir(), "actlab-worker-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs one task with a port and collects what the worker posted on it. */
  async function task(module: string, id: string, options: Record<string, unknown>, seed = 1) {
    const { port1, port2 } = new MessageChannel();
    const got: SeedMessage[] = [];
    port1.on("message", (m: SeedMessage) => got.push(m));
    const closed = new Promise<void>((res) => port1.once("close", () => res()));
    try {
      const r = await runSeedTask({ moduleUrl: module, id, options, seed, quick: true, port: port2 });
      return { r, got, closed };
    } catch (e) {
      return { e, got, closed };
    }
  }

  it("posts the seed's progress, then the end, closes the port and returns the value with its seconds", async () => {
    const g = gate([1]);
    const { r, got, closed } = await task(moduleUrl, "gated-b", g.options);
    await closed;
    expect(r!.value).toEqual({ seed: 1, value: 10 });
    expect(r!.seconds).toBeGreaterThanOrEqual(0);
    expect(got).toEqual([{ progress: { done: 1, total: 4, label: "waiting" } }, { progress: { done: 2, total: 4, label: "working" } }, { progress: { done: 4, total: 4, label: "done" } }, { end: true }]);
  });

  it("a seed that throws: its message, and the end still posted", async () => {
    const g = gate([1], { fail: [1] });
    const { e, got, closed } = await task(moduleUrl, "gated-a", g.options);
    await closed;
    expect((e as Error).message).toBe("seed 1 refused to run");
    expect(got.at(-1)).toEqual({ end: true });
  });

  it("an unknown id and a result that cannot leave the thread are one-line errors", async () => {
    const file = join(dir, "odd.mjs");
    writeFileSync(
      file,
      `export const experiments = [{ id: "fn", runSeed: async () => ({ f: () => 1 }) }];
       export let loader; export function setDataLoader(f) { loader = f; }`,
    );
    const url = pathToFileURL(file).href;
    const unknown = await task(url, "nope", {});
    expect((unknown.e as Error).message).toBe("unknown experiment: nope");
    const fn = await task(url, "fn", {});
    await fn.closed;
    expect((fn.e as Error).message).toMatch(/^its result cannot be passed from the worker thread \(.+\); runSeed must return plain data$/);
    expect(fn.got).toEqual([{ end: true }]);
    // A module that reads data files is given the loader of actlab/node, once.
    const mod = (await import(url)) as { loader?: unknown };
    expect(typeof mod.loader).toBe("function");
  });
});
