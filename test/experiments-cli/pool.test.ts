/**
 * The experiment pool and its worker, in process: real worker threads (tinypool) run the worker's
 * TypeScript source (fixtures/worker-from-source.mjs) on experiments whose seeds finish in an
 * order the test chooses through a counter shared by the threads (fixtures/pool-experiments.mjs),
 * so nothing here depends on the machine's speed. What a user sees: each seed counted once in the
 * progress whatever order the seeds end in, results in the order asked for, a failed seed named,
 * and a stop that ends the run without waiting for the seeds.
 */
import { getEventListeners } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import type { Experiment, ExperimentResult } from "../../packages/actlab/src/experiments/types.js";
import { runJobs, runSeeds, SeedError, type Job, type PoolProgress } from "../../packages/cli/src/experiment-pool.js";
import { runSeedTask, type SeedMessage } from "../../packages/cli/src/experiment-worker.js";
import { writeIdxFolder } from "../data/files.js";

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
    const ac = new AbortController();
    const t0 = performance.now();
    const [raw] = await runSeeds([{ exp: gatedA, options: g.options, seeds: [1, 2, 3] }], { moduleUrl, worker, quick: true, threads: 3, signal: ac.signal, onProgress: g.drive }, (job, i, r) => ({ id: job.exp.id, i, ...r }));
    const elapsed = (performance.now() - t0) / 1000;
    // The pool's listener on the caller's signal goes with the run.
    expect(getEventListeners(ac.signal, "abort")).toHaveLength(0);
    expect(raw!.id).toBe("gated-a");
    expect(raw!.i).toBe(0);
    expect(raw!.values).toEqual([{ seed: 1, value: 10 }, { seed: 2, value: 20 }, { seed: 3, value: 30 }]);
    expect(raw!.seconds).toHaveLength(3);
    for (const s of raw!.seconds) expect(s).toBeGreaterThanOrEqual(0);
    expect(raw!.span).toBeGreaterThanOrEqual(Math.max(...raw!.seconds));
    // The span is seconds of this run: no more than the call took.
    expect(raw!.span).toBeLessThanOrEqual(elapsed);
    for (const s of raw!.seconds) expect(s).toBeLessThanOrEqual(elapsed);
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

describe("runJobs / runSeeds: summaries, threads, odd progress, a vanished thread", () => {
  const signal = () => new AbortController().signal;

  it("a summarise that throws, or returns what is not a result, ends the run in one line naming the experiment and its module's file", async () => {
    const path = fileURLToPath(moduleUrl);
    const thrown = runJobs([{ exp: gatedA, options: { ...gate([1]).options, summarise: "throw" }, seeds: [1] }], { moduleUrl, worker, quick: true, threads: 1, signal: signal() });
    await expect(thrown).rejects.toThrow(SeedError);
    await expect(thrown).rejects.toThrow(`the summarise of gated-a (in ${path}) threw: cannot summarise 1 seeds`);
    const bad = runJobs([{ exp: gatedB, options: { ...gate([1]).options, summarise: "bad" }, seeds: [1] }], { moduleUrl, worker, quick: true, threads: 1, signal: signal() });
    await expect(bad).rejects.toMatchObject({ name: "SeedError" });
    await expect(bad).rejects.toThrow(new RegExp(`^the summarise of gated-b \\(in ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\) returned a result without config, `));
  });

  it("a module named otherwise than by a file is named as given", async () => {
    const dataUrl = `data:text/javascript,${encodeURIComponent(`export * from ${JSON.stringify(moduleUrl)};`)}`;
    const run = runJobs([{ exp: gatedA, options: { ...gate([1]).options, summarise: "throw" }, seeds: [1] }], { moduleUrl: dataUrl, worker, quick: true, threads: 1, signal: signal() });
    await expect(run).rejects.toThrow(`the summarise of gated-a (in ${dataUrl}) threw: cannot summarise 1 seeds`);
  });

  it("without onProgress and onResult the results come back all the same", async () => {
    const results = await runJobs([{ exp: gatedA, options: gate([1]).options, seeds: [1] }], { moduleUrl, worker, quick: true, signal: signal() });
    expect(results.map((r) => r.perSeed)).toEqual([[{ seed: 1, value: 10 }]]);
  });

  it("threads: 1 runs every seed on one worker thread, in turn; more threads share them out", async () => {
    const one = gate([1, 2, 3]);
    const [r1] = await runSeeds([{ exp: gatedA, options: { ...one.options, threads: true }, seeds: [1, 2, 3] }], { moduleUrl, worker, quick: true, threads: 1, signal: signal(), onProgress: one.drive }, (_j, _i, r) => r.values as { thread: number }[]);
    expect(new Set(r1!.map((v) => v.thread)).size).toBe(1);
    expect(Math.max(...one.events.map((e) => e.running.length))).toBeLessThanOrEqual(1);
    // Seed 2 ends first, so seed 1 must be on a thread of its own meanwhile.
    const two = gate([2, 1]);
    const [r2] = await runSeeds([{ exp: gatedA, options: { ...two.options, threads: true }, seeds: [1, 2] }], { moduleUrl, worker, quick: true, threads: 2, signal: signal(), onProgress: two.drive }, (_j, _i, r) => r.values as { thread: number }[]);
    expect(new Set(r2!.map((v) => v.thread)).size).toBe(2);
  });

  it("a seed that reports 0 units of 0 counts as not started: the fraction stays a number from 0 to 1", async () => {
    const g = gate([1, 2], {});
    await runJobs([{ exp: gatedA, options: { ...g.options, zeroTotal: true }, seeds: [1, 2] }], { moduleUrl, worker, quick: true, threads: 2, signal: signal(), onProgress: g.drive });
    for (const e of g.events) expect(Number.isNaN(e.fraction)).toBe(false);
    expectCountedOnce(g.events, 2);
  });

  it("a worker thread that goes away mid-seed (its port closes, no answer comes) is a failed seed, named, not a hang", async () => {
    const vanishing = new URL("./fixtures/worker-vanish.mjs", import.meta.url).href;
    const g = gate([1]);
    const run = runJobs([{ exp: gatedA, options: { ...g.options, vanish: [2] }, seeds: [1, 2] }], { moduleUrl, worker: vanishing, quick: true, threads: 2, signal: signal(), onProgress: g.drive });
    await expect(run).rejects.toMatchObject({ name: "SeedError", message: "gated-a failed on seed 2: its worker thread stopped before the seed finished" });
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
    const t0 = performance.now();
    const { r, got, closed } = await task(moduleUrl, "gated-b", g.options);
    const elapsed = (performance.now() - t0) / 1000;
    await closed;
    expect(r!.value).toEqual({ seed: 1, value: 10 });
    expect(r!.seconds).toBeGreaterThanOrEqual(0);
    expect(r!.seconds).toBeLessThanOrEqual(elapsed);
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
       export let loader; export let given = 0; export function setDataLoader(f) { loader = f; given++; }`,
    );
    const url = pathToFileURL(file).href;
    const unknown = await task(url, "nope", {});
    expect((unknown.e as Error).message).toBe("unknown experiment: nope");
    const fn = await task(url, "fn", {});
    await fn.closed;
    expect((fn.e as Error).message).toMatch(/^its result cannot be passed from the worker thread \(.+\); runSeed must return plain data$/);
    expect(fn.got).toEqual([{ end: true }]);
    // A module that reads data files is given the loader of actlab/node, once.
    const mod = (await import(url)) as { loader?: (spec: string) => Promise<{ source: string; split: string }>; given: number };
    expect(mod.given).toBe(1);
    const idx = writeIdxFolder(join(dir, "idx"), { train: 6, test: 3 });
    const split = await mod.loader!(idx);
    expect(split.source).toBe(`IDX folder ${idx}`);
    expect(split.split).toBe("the files' own split: 6 training, 3 test images");
  });

  it("a task without a port runs all the same", async () => {
    const r = await runSeedTask({ moduleUrl, id: "gated-a", options: gate([1]).options, seed: 1, quick: true });
    expect(r.value).toEqual({ seed: 1, value: 10 });
  });

  it("while a seed runs, a thread exit is told on the port with its code (and the uncaught error that caused it); the listeners go with the seed", async () => {
    const file = join(dir, "waiting.mjs");
    writeFileSync(
      file,
      `let open; let gate;
       export function arm() { gate = new Promise((r) => (open = r)); }
       export function release() { open(); }
       arm();
       export const experiments = [{ id: "wait", runSeed: async () => { await gate; return 5; } }];`,
    );
    const url = pathToFileURL(file).href;
    const mod = (await import(url)) as { arm: () => void; release: () => void };
    const kinds = ["exit", "uncaughtExceptionMonitor"];
    const listeners = (k: string) => process.listeners(k as "exit");
    const before = kinds.map(listeners);
    const { port1, port2 } = new MessageChannel();
    const got: SeedMessage[] = [];
    port1.on("message", (m: SeedMessage) => got.push(m));
    const closed = new Promise((r) => port1.once("close", r));
    const running = runSeedTask({ moduleUrl: url, id: "wait", options: {}, seed: 1, quick: true, port: port2 });
    while (process.listenerCount("exit") === before[0]!.length) await new Promise((r) => setImmediate(r));
    const added = kinds.map((k, i) => listeners(k).filter((f) => !before[i]!.includes(f)));
    expect(added.map((a) => a.length)).toEqual([1, 1]);
    const [onExit, onCrash] = added.map((a) => a[0] as (...args: unknown[]) => void);
    // The thread exits after an uncaught exception, then once more (a plain process.exit).
    onCrash!(new Error("boom\nat somewhere"), "uncaughtException");
    onExit!(1);
    mod.release();
    expect(await running).toMatchObject({ value: 5 });
    await closed;
    expect(got).toEqual([{ exit: 1, error: "boom" }, { end: true }]);
    expect(kinds.map(listeners)).toEqual(before);
    // Without an uncaught exception, the code alone.
    const plain = new MessageChannel();
    const seen: SeedMessage[] = [];
    plain.port1.on("message", (m: SeedMessage) => seen.push(m));
    const closedAgain = new Promise((r) => plain.port1.once("close", r));
    mod.arm();
    const again = runSeedTask({ moduleUrl: url, id: "wait", options: {}, seed: 2, quick: true, port: plain.port2 });
    while (process.listenerCount("exit") === before[0]!.length) await new Promise((r) => setImmediate(r));
    const exit2 = process.listeners("exit").find((f) => !before[0]!.includes(f)) as (code: number) => void;
    exit2(7);
    mod.release();
    await again;
    await closedAgain;
    expect(seen).toEqual([{ exit: 7 }, { end: true }]);
  });
});
