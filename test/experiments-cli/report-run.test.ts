/**
 * `actlab report` when it runs the experiments (not --from), in process so mutation testing sees
 * report.ts: the real pool on worker threads (the worker's source, through
 * fixtures/worker-from-source.mjs) runs a module in which one experiment measures time. What a
 * user reads: results.json with the results in the module's order (the timed one ran last, alone)
 * and named under `timed`, the report's summary in that order, one verdict line per experiment,
 * and a report from two shards, merged, with the same numbers as one machine's.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../packages/cli/src/errors.js";
import { runExperiment } from "../../packages/cli/src/experiment-run.js";
import { runReport } from "../../packages/cli/src/report.js";
import { writeIdxFolder } from "../data/files.js";

vi.mock("../../packages/cli/src/experiment-pool.js", async (importOriginal) => {
  const pool = await importOriginal<typeof import("../../packages/cli/src/experiment-pool.js")>();
  const worker = new URL("./fixtures/worker-from-source.mjs", import.meta.url).href;
  return {
    ...pool,
    runJobs: (jobs: never, o: object) => pool.runJobs(jobs, { ...o, worker } as never),
    runSeeds: (jobs: never, o: object, f: never) => pool.runSeeds(jobs, { ...o, worker } as never, f),
  };
});

const fixture = fileURLToPath(new URL("./fixtures/fake-experiments.mjs", import.meta.url));
const saved = process.env.ACTLAB_EXPERIMENTS;
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "actlab-report-run-"));
  // The grid measures time (it runs after the others, alone) and comes first in the module.
  const module = join(tmp, "timed-first.mjs");
  writeFileSync(module, `import { fakeGradient, fakeGrid, TABLE_COLUMNS } from ${JSON.stringify(pathToFileURL(fixture).href)};\nexport { TABLE_COLUMNS };\nexport const experiments = [{ ...fakeGrid, measuresTime: true }, fakeGradient];\n`);
  process.env.ACTLAB_EXPERIMENTS = module;
});
afterAll(() => {
  if (saved === undefined) delete process.env.ACTLAB_EXPERIMENTS;
  else process.env.ACTLAB_EXPERIMENTS = saved;
  rmSync(tmp, { recursive: true, force: true });
});

let out = "";
let err = "";
async function quiet<T>(f: () => Promise<T>): Promise<T> {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    return await f();
  } finally {
    vi.restoreAllMocks();
  }
}
afterEach(() => vi.restoreAllMocks());

type Results = { generated: { quick: boolean; node: string; seconds: number; date: string }; timed: string[]; results: Array<{ id: string; seeds: number[]; perSeed: unknown[]; summary: object; config: Record<string, unknown> }> };
const readResults = (dir: string) => JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as Results;

describe("report that runs the experiments", () => {
  let whole: Results;

  it("results.json in the module's order with the timed experiment named; report and verdict lines in that order", async () => {
    const dir = join(tmp, "whole");
    await quiet(() => runReport({ out: dir, lang: ["en"], seeds: "2" }));
    whole = readResults(dir);
    expect(whole.results.map((r) => r.id)).toEqual(["fake-grid", "fake-gradient"]);
    expect(whole.timed).toEqual(["fake-grid"]);
    expect(whole.results.map((r) => r.seeds)).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(whole.generated.quick).toBe(false);
    expect(whole.generated.node).toBe(process.versions.node);
    expect(whole.generated.date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(whole.generated.seconds).toBeGreaterThan(0);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("\n1. [Fake born-dead grid](#fake-grid): **");
    expect(md).toContain("\n2. [Fake gradient ratio](#fake-gradient): **mixed**");
    expect(readdirSync(dir).sort()).toEqual(["figures", "report.html", "report.md", "results.json"]);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^fake-grid {6}\S/);
    expect(lines[1]).toBe("fake-gradient  mixed");
    expect(out).toMatch(new RegExp(`\\nwrote \\d+ files to ${join(dir, "/").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(report\\.md, report\\.html, results\\.json, figures/\\)\\ntotal \\d+\\.\\d s\\n$`));
    expect(err).toBe("");
  });

  it("--quick: 3 seeds each, marked quick; two languages: results.json once, a folder per language", async () => {
    const dir = join(tmp, "quick");
    await quiet(() => runReport({ out: dir, lang: ["zh", "en"], quick: true }));
    const r = readResults(dir);
    expect(r.generated.quick).toBe(true);
    expect(r.results.map((x) => x.seeds)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(readdirSync(dir).sort()).toEqual(["en", "results.json", "zh"]);
    expect(readFileSync(join(dir, "zh", "report.md"), "utf8")).toContain("快速设置（--quick）");
    expect(out.split("\n")[1]).toBe("fake-gradient  部分成立");
    expect(out).toContain("(results.json, zh/, en/ each with report.md, report.html, figures/)");
  });

  it("two shards, merged: the same seeds' numbers as one machine's run", async () => {
    const shards = join(tmp, "shards");
    await quiet(() => runReport({ out: shards, lang: ["en"], seeds: "2", shard: "1/2" }));
    expect(out).toMatch(/^shard 1 of 2 \(.+\): \d+ units; wrote .*shard-1-of-2\.json\nmerge the shards with: actlab report --merge /);
    await quiet(() => runReport({ out: shards, lang: ["en"], seeds: "2", shard: "2/2" }));
    expect(readdirSync(shards).sort()).toEqual(["shard-1-of-2.json", "shard-2-of-2.json"]);
    const merged = join(tmp, "merged");
    await quiet(() => runReport({ out: merged, lang: ["en"], merge: [shards] }));
    expect(out).toMatch(/^merged 2 shards \(/);
    const m = readResults(merged);
    expect(m.timed).toEqual(["fake-grid"]);
    expect(m.results.map((r) => r.id)).toEqual(whole.results.map((r) => r.id));
    expect(m.results.map((r) => r.perSeed)).toEqual(whole.results.map((r) => r.perSeed));
    expect(m.results.map((r) => r.summary)).toEqual(whole.results.map((r) => r.summary));
  });
});

describe("report --data, and merges of other shards", () => {
  const module = () => process.env.ACTLAB_EXPERIMENTS as string;
  const dataFixture = fileURLToPath(new URL("./fixtures/data-experiments.mjs", import.meta.url));

  it("--data goes to the experiments that take it (the one like convergence only when its digits task runs); the others keep theirs", async () => {
    const both = join(tmp, "with-data.mjs");
    writeFileSync(both, `import { fakeGradient } from ${JSON.stringify(pathToFileURL(fixture).href)};\nimport { fakeData } from ${JSON.stringify(pathToFileURL(dataFixture).href)};\nexport const experiments = [fakeGradient, fakeData];\n`);
    const idx = writeIdxFolder(join(tmp, "idx"), { train: 12, test: 6 });
    const saved = module();
    process.env.ACTLAB_EXPERIMENTS = both;
    try {
      const dir = join(tmp, "data-full");
      await quiet(() => runReport({ out: dir, lang: ["en"], seeds: "1", data: idx }));
      const r = readResults(dir).results;
      expect(r.map((x) => [x.id, x.config.data])).toEqual([
        ["fake-gradient", undefined],
        ["fake-data", idx],
      ]);
      expect(readFileSync(join(dir, "report.md"), "utf8")).toContain(`\n**Data**: source: IDX folder ${idx}; `);
      // --quick leaves the digits task out: the data would not be used, so the experiment keeps its own.
      const quick = join(tmp, "data-quick");
      await quiet(() => runReport({ out: quick, lang: ["en"], seeds: "1", quick: true, data: idx }));
      const q = readResults(quick).results;
      expect(q[1]!.config).toMatchObject({ data: "digits", tasks: ["spiral"] });
    } finally {
      process.env.ACTLAB_EXPERIMENTS = saved;
    }
  });

  it("shards of `experiment run`, merged: result.json and the figures, the verdict said; shards of another module or version are refused in one line", async () => {
    const shards = join(tmp, "exp-shards");
    const run = (shard: string) => quiet(() => runExperiment("fake-gradient", ["--depth", "2"], { lang: "en", seeds: "2", shard, out: shards }));
    await run("1/2");
    await run("2/2");
    const merged = join(tmp, "exp-merged");
    await quiet(() => runReport({ out: merged, lang: ["en"], merge: [shards] }));
    expect(readdirSync(merged).sort()).toEqual(["grad-norms.png", "grad-norms.svg", "result.json"]);
    expect(JSON.parse(readFileSync(join(merged, "result.json"), "utf8")).seeds).toEqual([1, 2]);
    expect(out).toBe(`merged 2 shards: fake-gradient  mixed\nwrote 3 files to ${join(merged, "/")}\n`);
    // The same shards summarised by another module's experiments, or by another version: refused.
    const saved = module();
    process.env.ACTLAB_EXPERIMENTS = fixture;
    try {
      const e = await quiet(() => runReport({ out: join(tmp, "never"), lang: ["en"], merge: [shards] }).then(() => undefined, (x: unknown) => x));
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).toBe("--merge: the shards ran ACTLAB_EXPERIMENTS=timed-first.mjs, this run would summarise them with ACTLAB_EXPERIMENTS=fake-experiments.mjs");
    } finally {
      process.env.ACTLAB_EXPERIMENTS = saved;
    }
    for (const f of readdirSync(shards)) {
      const p = join(shards, f);
      writeFileSync(p, readFileSync(p, "utf8").replace(/"version": "[^"]+"/, '"version": "0.0.1-old"'));
    }
    const old = await quiet(() => runReport({ out: join(tmp, "never"), lang: ["en"], merge: [shards] }).then(() => undefined, (x: unknown) => x));
    expect(old).toBeInstanceOf(UsageError);
    expect((old as Error).message).toMatch(/^--merge: the shards were computed by actlab 0\.0\.1-old, this is actlab \d+\.\d+\.\d+\S*: merge them with the version that made them$/);
    expect(readdirSync(tmp)).not.toContain("never");
  });
});

describe("report: the timed experiment, the run's own time, and a run that fails after the seeds", () => {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const listeners = () => signals.map((s) => process.listenerCount(s));
  /** Runs `f` with ACTLAB_EXPERIMENTS set to a module of `body` (importing the fixture's experiments). */
  async function withModule<T>(name: string, body: string, f: () => Promise<T>): Promise<T> {
    const file = join(tmp, name);
    writeFileSync(file, `import { threadId } from "node:worker_threads";\nimport { fakeGradient, fakeGrid } from ${JSON.stringify(pathToFileURL(fixture).href)};\n${body}\n`);
    const saved = process.env.ACTLAB_EXPERIMENTS;
    process.env.ACTLAB_EXPERIMENTS = file;
    try {
      return await f();
    } finally {
      process.env.ACTLAB_EXPERIMENTS = saved;
    }
  }

  it("a timed experiment second in the module: its seeds run after the others, on one thread; results stay in the module's order; the times are the run's own", async () => {
    const dir = join(tmp, "timed-second");
    const before = listeners();
    const t0 = performance.now();
    await withModule(
      "timed-second.mjs",
      `const tag = (e) => ({ ...e, runSeed: async (o, seed, ctx) => ({ ...(await e.runSeed(o, seed, ctx)), thread: threadId }) });\nexport const experiments = [tag(fakeGrid), { ...tag(fakeGradient), measuresTime: true }];`,
      () => quiet(() => runReport({ out: dir, lang: ["en"], seeds: "4" })),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const r = readResults(dir);
    expect(r.results.map((x) => x.id)).toEqual(["fake-grid", "fake-gradient"]);
    expect(r.timed).toEqual(["fake-gradient"]);
    const threads = (i: number) => new Set((r.results[i].perSeed as Array<{ thread: number }>).map((p) => p.thread));
    expect(threads(1).size).toBe(1);
    expect([...threads(1)][0]).toBeGreaterThan(0);
    // It ran in a pool of its own, started after the others' pool: its thread is newer than theirs.
    expect(Math.min(...threads(1))).toBeGreaterThan(Math.max(...threads(0)));
    // The run's time: more than nothing, no more than the test measured around it.
    expect(r.generated.seconds).toBeGreaterThan(0);
    expect(r.generated.seconds).toBeLessThanOrEqual(elapsed);
    const total = Number(/\ntotal (\d+\.\d) s\n$/.exec(out)?.[1]);
    expect(total).toBeLessThanOrEqual(elapsed + 0.05);
    expect(total).toBeGreaterThanOrEqual(r.generated.seconds - 0.05);
    expect(listeners()).toEqual(before);
  });

  it("a figure that cannot be drawn: the error reaches the caller, and nothing is left (no folder, no staging), no signal handler either", async () => {
    const dir = join(tmp, "broken-figure");
    const before = listeners();
    const e = await withModule(
      "broken-figure.mjs",
      `export const experiments = [{ ...fakeGradient, summarise: (...a) => ({ ...fakeGradient.summarise(...a), figures: [{ kind: "chart", id: "broken", title: { en: "b", zh: "b" }, series: "not a list" }] }) }];`,
      () => quiet(() => runReport({ out: dir, lang: ["en"], seeds: "2" }).then(() => undefined, (x: unknown) => x)),
    );
    expect(e).toBeInstanceOf(Error);
    expect(readdirSync(tmp)).not.toContain("broken-figure");
    expect(listeners()).toEqual(before);
  });
});
