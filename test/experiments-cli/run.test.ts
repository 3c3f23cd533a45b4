/**
 * `actlab experiment run` in process (so mutation testing sees experiment-run.ts and
 * experiment-session.ts): the real pool on worker threads (the worker's TypeScript source, through
 * fixtures/worker-from-source.mjs, is the only thing changed) runs the fixture experiments; the
 * test reads what a user reads: the text, the one JSON object of --json, the files of --out, the
 * progress bar on a terminal, one line for a failed seed or a stop, and nothing written then.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RunEnded, UsageError } from "../../packages/cli/src/errors.js";
import { runExperiment } from "../../packages/cli/src/experiment-run.js";
import { writeIdxFolder } from "../data/files.js";

// The pool as the CLI has it, with the worker threads loading the worker's source.
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
  process.env.ACTLAB_EXPERIMENTS = fixture;
  tmp = mkdtempSync(join(tmpdir(), "actlab-run-"));
});
afterAll(() => {
  if (saved === undefined) delete process.env.ACTLAB_EXPERIMENTS;
  else process.env.ACTLAB_EXPERIMENTS = saved;
  rmSync(tmp, { recursive: true, force: true });
});

let out = "";
let err = "";
function capture() {
  out = "";
  err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
}
afterEach(() => vi.restoreAllMocks());

/** Runs the command as `actlab experiment run <id> <rest…>` would, capturing stdout and stderr; returns what it threw. */
async function run(id: string, rest: string[], o: { seeds?: string; json?: boolean; out?: string; quick?: boolean; shard?: string; lang?: "en" | "zh" } = {}) {
  capture();
  try {
    await runExperiment(id, rest, { lang: "en", ...o });
    return undefined;
  } catch (e) {
    return e;
  } finally {
    vi.restoreAllMocks();
  }
}

describe("experiment run", () => {
  it("prints the result as text, then the seeds it ran on worker threads and the time", async () => {
    const e = await run("fake-gradient", ["--depth", "3", "--functions", "sigmoid,relu"], { seeds: "3" });
    expect(e).toBeUndefined();
    expect(out.startsWith("fake-gradient · Fake gradient ratio\nclaim: Sigmoid's gradient vanishes with depth.\n")).toBe(true);
    expect(out).toContain("\nconfig: depth=3 gain=1 functions=sigmoid,relu work=0 fail=0 diverge=0\nseeds: 1, 2, 3\n");
    expect(out).toMatch(/\n\ntotal \d+\.\d\d s \(3 seeds on worker threads\)\n$/);
    expect(err).toBe("");
  });

  it("--json: stdout is one JSON object (the result, seeds in order), the time goes to stderr", async () => {
    const e = await run("fake-gradient", ["--depth", "2", "--functions", "relu"], { seeds: "2", json: true });
    expect(e).toBeUndefined();
    const r = JSON.parse(out);
    expect(r.id).toBe("fake-gradient");
    expect(r.seeds).toEqual([1, 2]);
    expect(r.config).toMatchObject({ depth: 2, functions: ["relu"] });
    expect(r.perSeed).toHaveLength(2);
    expect(err).toMatch(/^total \d+\.\d\d s \(2 seeds on worker threads\)\n$/);
  });

  it("--out: result.json and each figure as SVG and PNG, the count said; --quick runs 3 seeds by default", async () => {
    const dir = join(tmp, "out");
    const e = await run("fake-gradient", ["--depth", "2"], { out: dir, quick: true, lang: "zh" });
    expect(e).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(["grad-norms.png", "grad-norms.svg", "result.json"]);
    const r = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    expect(r.seeds).toEqual([1, 2, 3]);
    expect(readFileSync(join(dir, "grad-norms.svg"), "utf8")).toContain("各层梯度范数");
    expect(out).toContain("论断：sigmoid 的梯度随深度消失。");
    expect(out).toContain(`(3 seeds on worker threads; wrote 3 files to ${join(dir, "/")})\n`);
  });

  it("a seed that throws: one line naming the experiment and the seed, exit 1, no --out folder left", async () => {
    const dir = join(tmp, "failed");
    const e = await run("fake-gradient", ["--fail", "2", "--depth", "2"], { seeds: "3", out: dir });
    expect(e).toBeInstanceOf(RunEnded);
    expect((e as RunEnded).exitCode).toBe(1);
    expect(err).toBe("actlab: fake-gradient failed on seed 2: fake failure on seed 2; nothing written\n");
    expect(out).toBe("");
    expect(existsSync(dir)).toBe(false);
  });

  it("Ctrl-C while seeds run: the workers stop, one line, exit 130, no --out folder left", async () => {
    const dir = join(tmp, "stopped");
    const before = process.listenerCount("SIGINT");
    // Each seed would spin for a minute: only stopping its worker ends the run in time.
    const pending = run("fake-gradient", ["--work", "60000", "--depth", "2"], { seeds: "2", out: dir });
    while (process.listenerCount("SIGINT") === before) await new Promise((r) => setImmediate(r));
    process.emit("SIGINT", "SIGINT");
    const e = await pending;
    expect(e).toBeInstanceOf(RunEnded);
    expect((e as RunEnded).exitCode).toBe(130);
    expect(err).toBe("\nactlab: interrupted (SIGINT): workers stopped, nothing written\n");
    expect(existsSync(dir)).toBe(false);
    expect(process.listenerCount("SIGINT")).toBe(before);
  });

  it("on a terminal: a progress bar naming the experiment and counting every seed once (3/3 at the end)", async () => {
    const desc = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    try {
      const e = await run("fake-gradient", ["--depth", "2"], { seeds: "3" });
      expect(e).toBeUndefined();
    } finally {
      if (desc) Object.defineProperty(process.stderr, "isTTY", desc);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
    expect(err).toContain("fake-gradient ");
    expect(err).toContain("0% | seeds 0/3 |");
    expect(err).toContain("100% | seeds 3/3 |");
    expect(err).toContain("| Ctrl-C stops");
    expect(err).not.toMatch(/seeds [4-9]\/3/);
    expect(out).toMatch(/total \d+\.\d\d s \(3 seeds on worker threads\)\n$/);
    // Its looks: 28 cells, empty ░ at the start under the experiment's id, full █ at the end, when
    // no seed runs any more ("…"); the cursor hidden while it shows, and the line erased at the end.
    const empty = "\u2591".repeat(28);
    const full = "\u2588".repeat(28);
    expect(err).toContain(`fake-gradient ${empty} 0% | seeds 0/3 | `);
    expect(err).toContain(`\u2026 ${full} 100% | seeds 3/3 | `);
    expect(err.indexOf("\u001b[?25l")).toBeGreaterThanOrEqual(0);
    expect(err.lastIndexOf("\u001b[?25h")).toBeGreaterThan(err.lastIndexOf(full));
    expect(err.endsWith("\u001b[2K")).toBe(true);
  });

  it("--shard 1/2 --out: a share of the seeds, raw, in shard-1-of-2.json, and how to merge; no result printed", async () => {
    const dir = join(tmp, "shards");
    const e = await run("fake-gradient", ["--depth", "2"], { seeds: "4", shard: "1/2", out: dir });
    expect(e).toBeUndefined();
    expect(readdirSync(dir)).toEqual(["shard-1-of-2.json"]);
    expect(out).toMatch(/^shard 1 of 2 \(.+\): [1-3] of 4 seeds of fake-gradient; wrote .*shard-1-of-2\.json\nmerge the shards with: actlab report --merge /);
    expect(out).toContain(`--merge ${dir} --out <dir>\n`);
    const shard = JSON.parse(readFileSync(join(dir, "shard-1-of-2.json"), "utf8"));
    expect(JSON.stringify(shard)).toContain('"fake-gradient"');
  });

  it("usage mistakes are one line before any seed runs: an unknown id, --shard without --out", async () => {
    const unknown = await run("nope", []);
    expect(unknown).toBeInstanceOf(UsageError);
    expect((unknown as Error).message).toBe("unknown experiment: nope (known: fake-gradient, fake-grid; see actlab experiment list)");
    const shard = await run("fake-gradient", [], { shard: "1/2" });
    expect(shard).toBeInstanceOf(UsageError);
    expect((shard as Error).message).toMatch(/^--shard writes shard-i-of-n\.json into the folder of --out/);
    const json = await run("fake-gradient", [], { shard: "1/2", out: tmp, json: true });
    expect(json).toBeInstanceOf(UsageError);
  });
});

describe("experiment run --data (an experiment whose digits task takes it, like convergence)", () => {
  const dataFixture = fileURLToPath(new URL("./fixtures/data-experiments.mjs", import.meta.url));
  beforeAll(() => {
    process.env.ACTLAB_EXPERIMENTS = dataFixture;
  });
  afterAll(() => {
    process.env.ACTLAB_EXPERIMENTS = fixture;
  });

  it("an IDX folder: read before the seeds, named in the config and on the result's data line (en and zh)", async () => {
    const idx = writeIdxFolder(join(tmp, "idx"), { train: 12, test: 6 });
    const e = await run("fake-data", ["--depth", "2", "--functions", "relu", "--data", idx], { seeds: "2" });
    expect(e).toBeUndefined();
    expect(out).toContain(`\nconfig: depth=2 gain=1 functions=relu work=0 fail=0 diverge=0 data=${idx} tasks=spiral,digits\nseeds: 1, 2\ndata: IDX folder ${idx}; the files' own split; pixels / 255\n\n`);
    const zh = await run("fake-data", ["--depth", "2", "--functions", "relu", "--data", idx], { seeds: "1", lang: "zh" });
    expect(zh).toBeUndefined();
    expect(out).toContain(`\n种子：1\n数据：IDX folder ${idx}；the files' own split；pixels / 255\n\n`);
  });

  it("--data digits is the shipped data: no file is read", async () => {
    const e = await run("fake-data", ["--depth", "2", "--functions", "relu", "--data", "digits"], { seeds: "1" });
    expect(e).toBeUndefined();
    expect(out).toContain("\ndata: the UCI 8×8 digits shipped with actlab (1,797 images); the 1,347 training images of the fixed split 0; pixels / 255\n");
  });

  it("a path that is not there: one line naming it before any seed runs, no --out folder", async () => {
    const dir = join(tmp, "data-missing");
    const missing = join(tmp, "no-such-data");
    const e = await run("fake-data", ["--depth", "2", "--data", missing], { seeds: "1", out: dir });
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toContain(`${missing}: no such file or folder`);
    expect(out).toBe("");
    expect(err).toBe("");
    expect(existsSync(dir)).toBe(false);
  });

  it("--data with a run that leaves the digits task out (--tasks spiral, or --quick): one line saying to add --tasks digits", async () => {
    const idx = writeIdxFolder(join(tmp, "idx-tasks"), { train: 12, test: 6 });
    const spiral = await run("fake-data", ["--data", idx, "--tasks", "spiral"], { seeds: "1" });
    expect(spiral).toBeInstanceOf(UsageError);
    expect((spiral as Error).message).toBe("--data is the data of fake-data's digits task, which this run leaves out (tasks: spiral): add --tasks digits");
    const quick = await run("fake-data", ["--data", idx], { quick: true });
    expect(quick).toBeInstanceOf(UsageError);
    expect((quick as Error).message).toBe("--data is the data of fake-data's digits task, which this run leaves out (tasks: spiral; --quick runs spiral only): add --tasks digits");
    // With the digits task asked for, --quick takes the data.
    const both = await run("fake-data", ["--depth", "2", "--functions", "relu", "--data", idx, "--tasks", "spiral,digits"], { quick: true, seeds: "1" });
    expect(both).toBeUndefined();
    expect(out).toContain(`\ndata: IDX folder ${idx}; `);
    expect(out).toMatch(/total \d+\.\d\d s \(1 seeds on worker threads\)\n$/);
  });
});

