/**
 * Shards: --shard i/n runs a fixed share of the units (experiment × function × seed × setting) and --merge puts them
 * together. Three shards of `actlab report --quick`, run as three processes on the real
 * experiments and merged, give the results.json of one run (measured times masked).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseShard, shareOf } from "../../packages/cli/src/shard.js";
import { actlab, bin, fixture, maskTimes, root } from "./shard-support.js";

const tmp = mkdtempSync(join(tmpdir(), "actlab-shard-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fake = { ...process.env, ACTLAB_EXPERIMENTS: fixture };
const real = { ...process.env };
delete real.ACTLAB_EXPERIMENTS;

describe("--shard i/n and auto", () => {
  it("parses i/n and the job runners' variables", () => {
    expect(parseShard("2/3")).toMatchObject({ index: 2, count: 3 });
    expect(parseShard("auto", { JOB_COMPLETION_INDEX: "0", JOB_COMPLETIONS: "4" })).toMatchObject({ index: 1, count: 4 });
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "7", SLURM_ARRAY_TASK_MIN: "5", SLURM_ARRAY_TASK_COUNT: "3" })).toMatchObject({ index: 3, count: 3 });
    expect(() => parseShard("0/3")).toThrow("invalid --shard: '0/3' (expected i/n with 1 ≤ i ≤ n, e.g. 2/3, or auto)");
    expect(() => parseShard("4/3")).toThrow(/invalid --shard/);
    expect(() => parseShard("auto", { JOB_COMPLETION_INDEX: "1" })).toThrow(/JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not: set JOB_COMPLETIONS to the Job's spec\.completions/);
    expect(() => parseShard("auto", { JOB_COMPLETION_INDEX: "4", JOB_COMPLETIONS: "4" })).toThrow(/JOB_COMPLETION_INDEX=4 but JOB_COMPLETIONS=4/);
    expect(() => parseShard("auto", {})).toThrow(/neither JOB_COMPLETION_INDEX .* nor SLURM_ARRAY_TASK_ID/);
  });
  it("deals the units round-robin in a fixed order: every unit in exactly one shard", () => {
    const jobs = [{ id: "a", seeds: [1, 2, 3] }, { id: "b", seeds: [1, 2] }, { id: "c", seeds: [1, 2, 3, 4] }];
    const shares = [1, 2, 3].map((index) => shareOf(jobs, { index, count: 3, from: "" }).map((u) => `${jobs[u.job].id}${u.seed}`));
    // Whole seeds a1 a2 a3 b1 b2 c1 c2 c3 c4 go to shards 1 2 3 1 2 3 1 2 3.
    expect(shares).toEqual([["a1", "b1", "c2"], ["a2", "b2", "c3"], ["a3", "c1", "c4"]]);
  });
  it("a seed of an experiment with units is dealt unit by unit: seed, then unit, in order", () => {
    const jobs = [{ id: "a", seeds: [1, 2], unitNames: ["relu", "tanh", "elu"] }, { id: "b", seeds: [1, 2] }];
    const shares = [1, 2, 3, 4].map((index) => shareOf(jobs, { index, count: 4, from: "" }).map((u) => `${jobs[u.job].id}${u.seed}${u.unit ? `:${u.unit}` : ""}`));
    // a1:relu a1:tanh a1:elu a2:relu a2:tanh a2:elu b1 b2 → shards 1 2 3 4 1 2 3 4: more shards than seeds, each with work.
    expect(shares).toEqual([["a1:relu", "a2:tanh"], ["a1:tanh", "a2:elu"], ["a1:elu", "b1"], ["a2:relu", "b2"]]);
  });
});

describe("--merge refuses what does not belong together", () => {
  it("names a missing shard, a different option, --quick on one side, and a shard count", () => {
    const dir = join(tmp, "mix");
    for (const i of [1, 2]) expect(actlab(["report", "--seeds", "4", "--shard", `${i}/3`, "--out", dir], { env: fake }).code).toBe(0);
    let r = actlab(["report", "--merge", dir, "--out", join(tmp, "m1")], { env: fake });
    expect(r.code).toBe(2);
    expect(r.err).toBe("actlab: --merge: missing shard 3 of 3 (shard-3-of-3.json); found 1, 2\n");
    const other = join(tmp, "other");
    expect(actlab(["report", "--seeds", "5", "--shard", "3/3", "--out", other], { env: fake }).code).toBe(0);
    r = actlab(["report", "--merge", dir, other, "--out", join(tmp, "m2")], { env: fake });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^actlab: --merge: .*other\/shard-3-of-3\.json does not belong with .*shard-1-of-3\.json: seeds of fake-gradient differ: 1,2,3,4 and 1,2,3,4,5\n$/);
    const quick = join(tmp, "quick");
    expect(actlab(["report", "--quick", "--seeds", "4", "--shard", "3/3", "--out", quick], { env: fake }).code).toBe(0);
    r = actlab(["report", "--merge", dir, quick, "--out", join(tmp, "m3")], { env: fake });
    expect(r.err).toMatch(/does not belong with .*: one was run with --quick, the other without/);
    // An option of an experiment: edit one shard's file as another command line would have made it.
    const edited = join(tmp, "edited");
    expect(actlab(["report", "--seeds", "4", "--shard", "3/3", "--out", edited], { env: fake }).code).toBe(0);
    const f = join(edited, "shard-3-of-3.json");
    const data = JSON.parse(readFileSync(f, "utf8"));
    const key = Object.keys(data.jobs[0].options)[0];
    data.jobs[0].options[key] = "changed";
    writeFileSync(f, JSON.stringify(data));
    r = actlab(["report", "--merge", dir, edited, "--out", join(tmp, "m4")], { env: fake });
    expect(r.err).toContain(`option ${key} of fake-gradient differs`);
    const four = join(tmp, "four");
    expect(actlab(["report", "--seeds", "4", "--shard", "3/4", "--out", four], { env: fake }).code).toBe(0);
    r = actlab(["report", "--merge", dir, four, "--out", join(tmp, "m5")], { env: fake });
    expect(r.err).toMatch(/they split the run into 3 and 4 shards/);
    expect(actlab(["report", "--merge", join(tmp, "nothing"), "--out", join(tmp, "m6")], { env: fake }).err).toMatch(/nothing: no such file or folder/);
  }, 600_000);

  it("experiment run --shard: shards of one experiment merge into its result.json", () => {
    const dir = join(tmp, "exp");
    for (const i of [1, 2]) expect(actlab(["experiment", "run", "fake-grid", "--seeds", "5", "--shard", `${i}/2`, "--out", dir], { env: fake }).code).toBe(0);
    const r = actlab(["report", "--merge", dir, "--out", join(tmp, "exp-merged")], { env: fake });
    expect(r.code, r.err).toBe(0);
    const one = actlab(["experiment", "run", "fake-grid", "--seeds", "5", "--json"], { env: fake });
    const a = JSON.parse(readFileSync(join(tmp, "exp-merged", "result.json"), "utf8"));
    const b = JSON.parse(one.out);
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 });
  }, 300_000);
});

describe("shards of finer units: experiment × function × seed × setting", () => {
  it("experiment run with 3 functions and 2 seeds in 6 shards: every shard has a unit, merged = one run", () => {
    const dir = join(tmp, "units");
    const args = ["experiment", "run", "self-normalisation", "--quick", "--functions", "relu,tanh,selu", "--seeds", "2"];
    for (let i = 1; i <= 6; i++) {
      const r = actlab([...args, "--shard", `${i}/6`, "--out", dir], { env: real });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(new RegExp(`^shard ${i} of 6 \\(--shard\\): 1 of 6 units \\(2 seeds × 3 units\\) of self-normalisation; wrote `));
      const f = JSON.parse(readFileSync(join(dir, `shard-${i}-of-6.json`), "utf8"));
      expect(f.units).toHaveLength(1);
      expect(f.units[0]).toMatchObject({ id: "self-normalisation", seed: i <= 3 ? 1 : 2, unit: ["relu", "tanh", "selu"][(i - 1) % 3] });
    }
    const m = actlab(["report", "--merge", dir, "--out", join(tmp, "units-merged")], { env: real });
    expect(m.code, m.err).toBe(0);
    expect(actlab([...args, "--out", join(tmp, "units-one")], { env: real }).code).toBe(0);
    const text = (d: string) => JSON.stringify({ ...JSON.parse(readFileSync(join(tmp, d, "result.json"), "utf8")), seconds: 0 });
    expect(text("units-merged")).toBe(text("units-one"));
    // A unit missing: its shard is named.
    rmSync(join(dir, "shard-5-of-6.json"));
    const r = actlab(["report", "--merge", dir, "--out", join(tmp, "units-m2")], { env: real });
    expect(r.code).toBe(2);
    expect(r.err).toBe("actlab: --merge: missing shard 5 of 6 (shard-5-of-6.json); found 1, 2, 3, 4, 6\n");
  }, 300_000);

  it("a shard of the older format (units of whole seeds) is refused, saying so", () => {
    const dir = join(tmp, "old");
    expect(actlab(["experiment", "run", "self-normalisation", "--quick", "--seeds", "1", "--shard", "1/1", "--out", dir], { env: real }).code).toBe(0);
    const f = join(dir, "shard-1-of-1.json");
    const data = JSON.parse(readFileSync(f, "utf8"));
    // As actlab-shard/1 wrote it: no unit names, one value per seed.
    writeFileSync(f, JSON.stringify({ ...data, format: "actlab-shard/1", jobs: data.jobs.map(({ unitNames: _, ...j }: Record<string, unknown>) => j), units: [] }));
    const r = actlab(["report", "--merge", dir, "--out", join(tmp, "old-merged")], { env: real });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^actlab: --merge: .*shard-1-of-1\.json is a shard of an older actlab \(format actlab-shard\/1: units of whole seeds, experiment × seed\); .*run every shard again with this actlab\n$/);
  });
});

function spawnActlab(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root, env: real });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => resolve({ code, err }));
  });
}

describe("three shards of actlab report --quick", () => {
  it("run as three processes and merged, give the results.json of one run", async () => {
    const shards = join(tmp, "real-shards");
    const runs = await Promise.all([1, 2, 3].map((i) => spawnActlab(["report", "--quick", "--shard", `${i}/3`, "--out", shards])));
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const merged = join(tmp, "real-merged");
    const m = actlab(["report", "--merge", shards, "--out", merged], { env: real });
    expect(m.code, m.err).toBe(0);
    const one = join(tmp, "real-one");
    expect(actlab(["report", "--quick", "--out", one], { env: real }).code).toBe(0);
    const a = maskTimes(readFileSync(join(one, "results.json"), "utf8"));
    const b = maskTimes(readFileSync(join(merged, "results.json"), "utf8"));
    if (a !== b) {
      const al = a.split("\n");
      const bl = b.split("\n");
      const i = al.findIndex((line, k) => line !== bl[k]);
      expect(`${i}: ${bl[i]}`).toBe(`${i}: ${al[i]}`);
    }
    expect(b).toBe(a);
    // The report's section of every experiment that does not measure time reads the same, apart from its seconds.
    const timed: string[] = JSON.parse(readFileSync(join(one, "results.json"), "utf8")).timed;
    const sections = (dir: string) =>
      readFileSync(join(dir, "report.md"), "utf8")
        .split(/(?=<a id=")|(?=^## (?!\d))/m)
        .filter((x) => x.startsWith("<a id=") && !timed.some((id) => x.startsWith(`<a id="${id}"`)))
        .map((x) => x.replace(/; [\d.]+ s\.$/m, ""));
    expect(sections(one).length).toBeGreaterThan(5);
    expect(sections(merged)).toEqual(sections(one));
  }, 900_000);
});
