/**
 * The job files of examples/ run here as far as this machine allows: the shard commands each one
 * contains, executed as separate processes with the variables its job runner would set, then its
 * merge command; the merged results.json equals one run of the same report (measured times
 * masked). The experiments are the small fixtures (ACTLAB_EXPERIMENTS), so that the test is quick:
 * the commands and the sharding are the files' own.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { actlab, bin, fixture, maskTimes, root } from "./shard-support.js";

const tmp = mkdtempSync(join(tmpdir(), "actlab-examples-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { ...process.env, ACTLAB_EXPERIMENTS: fixture };
const example = (f: string) => readFileSync(join(root, "examples", f), "utf8");

/** Runs an `actlab …` command line (plain words, as the job files write them) in `cwd` with extra variables. */
function sh(command: string, cwd: string, vars: Record<string, string> = {}): Promise<{ code: number | null; err: string }> {
  const words = command.trim().split(/\s+/);
  expect(words[0]).toBe("actlab");
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...words.slice(1)], { cwd, env: { ...env, ...vars } });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => resolve({ code, err }));
  });
}

/** results.json of one plain run of the report the examples shard (`actlab report --lang en,zh`). */
let reference: string | undefined;
function oneRun(): string {
  if (!reference) {
    const dir = join(tmp, "one");
    const r = actlab(["report", "--lang", "en,zh", "--out", dir], { env });
    expect(r.code, r.err).toBe(0);
    reference = maskTimes(readFileSync(join(dir, "results.json"), "utf8"));
  }
  return reference;
}

async function runAll(shards: { command: string; cwd: string; vars: Record<string, string> }[]): Promise<void> {
  const runs = await Promise.all(shards.map((s) => sh(s.command, s.cwd, s.vars)));
  for (const r of runs) expect(r.code, r.err).toBe(0);
}

describe("examples/ job files, run locally", () => {
  it("kubernetes-indexed-job.yaml: JOB_COMPLETION_INDEX 0…completions−1 with JOB_COMPLETIONS, then the merge", async () => {
    const y = example("kubernetes-indexed-job.yaml");
    const n = Number(/^\s*completions: (\d+)$/m.exec(y)?.[1]);
    expect(Number(/name: JOB_COMPLETIONS\s+value: "(\d+)"/.exec(y)?.[1])).toBe(n);
    // Paths under /results are the shared volume: here a folder of the test.
    const vol = (c: string) => c.replaceAll("/results", join(tmp, "k8s"));
    const shard = vol(/&& (actlab report .*--shard auto.*)$/m.exec(y)?.[1] ?? "");
    const merge = vol(/^#\s+(actlab report --merge .*)$/m.exec(y)?.[1] ?? "");
    await runAll(Array.from({ length: n }, (_, i) => ({ command: shard, cwd: tmp, vars: { JOB_COMPLETION_INDEX: String(i), JOB_COMPLETIONS: y.match(/value: "(\d+)"/)?.[1] ?? "" } })));
    expect((await sh(merge, tmp)).code).toBe(0);
    expect(maskTimes(readFileSync(join(tmp, "k8s/report/results.json"), "utf8"))).toBe(oneRun());
  }, 600_000);

  it("slurm-array.sh: SLURM_ARRAY_TASK_ID over --array with _MIN and _COUNT, then the dependent merge", async () => {
    const s = example("slurm-array.sh");
    const [, lo, hi] = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(s) ?? [];
    const shard = /^(actlab report .*--shard auto.*)$/m.exec(s)?.[1] ?? "";
    const merge = /--wrap "(actlab report --merge [^"]+)"/.exec(s)?.[1] ?? "";
    const cwd = join(tmp, "slurm");
    mkdirSync(cwd);
    const count = Number(hi) - Number(lo) + 1;
    await runAll(Array.from({ length: count }, (_, k) => ({ command: shard, cwd, vars: { SLURM_ARRAY_TASK_ID: String(Number(lo) + k), SLURM_ARRAY_TASK_MIN: lo, SLURM_ARRAY_TASK_COUNT: String(count) } })));
    expect((await sh(merge, cwd)).code).toBe(0);
    expect(maskTimes(readFileSync(join(cwd, "results/report/results.json"), "utf8"))).toBe(oneRun());
  }, 600_000);

  it("github/actlab-report-shards.yml: one job per matrix entry, artifacts downloaded per shard, then the merge job", async () => {
    const g = example("github/actlab-report-shards.yml");
    const matrix = (/shard: \[([\d, ]+)\]/.exec(g)?.[1] ?? "").split(",").map((v) => v.trim());
    const shard = /run: (actlab report .*--shard \$\{\{ matrix\.shard \}\}.*)$/m.exec(g)?.[1] ?? "";
    const merge = /run: (actlab report --merge .*)$/m.exec(g)?.[1] ?? "";
    const base = join(tmp, "gh");
    // Each matrix job on its own runner (folder); upload-artifact of shards/ as shard-<k>, download-artifact into downloaded/shard-<k>.
    await runAll(matrix.map((k) => {
      const cwd = join(base, `runner-${k}`);
      mkdirSync(cwd, { recursive: true });
      return { command: shard.replace("${{ matrix.shard }}", k), cwd, vars: {} };
    }));
    const mergeRunner = join(base, "merge");
    for (const k of matrix) cpSync(join(base, `runner-${k}`, "shards"), join(mergeRunner, "downloaded", `shard-${k}`), { recursive: true });
    expect((await sh(merge, mergeRunner)).code).toBe(0);
    expect(maskTimes(readFileSync(join(mergeRunner, "report/results.json"), "utf8"))).toBe(oneRun());
  }, 600_000);
});
