/**
 * The CLI on the real experiments library (src/experiments): `actlab report --quick` writes a
 * section and figures for every experiment, and the worker pool gives the library's own run().
 * Skipped while the library exports no experiments.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experiments, resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import type { ExperimentResult } from "../../packages/actlab/src/experiments/types.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "actlab-report-"));
const env = { ...process.env };
delete env.ACTLAB_EXPERIMENTS;

const timeless = (r: ExperimentResult) => JSON.parse(JSON.stringify({ ...r, seconds: 0 }));

describe.skipIf(experiments.length === 0)("actlab report on the experiments library", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("actlab report --quick writes a section, a verdict and the figures of every experiment", () => {
    const dir = join(tmp, "quick");
    const r = spawnSync(process.execPath, [bin, "report", "--quick", "--out", dir], { cwd: root, encoding: "utf8", env });
    expect(r.status, r.stderr).toBe(0);
    const { results } = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as { results: ExperimentResult[] };
    expect(results.map((x) => x.id)).toEqual(experiments.map((e) => e.id));
    const md = readFileSync(join(dir, "report.md"), "utf8");
    for (const res of results) {
      expect(md).toContain(`(\`${res.id}\`)`);
      expect(["holds", "does-not-hold", "inconclusive", "mixed"]).toContain(res.verdict.verdict);
      for (const f of res.figures) for (const ext of ["svg", "png"]) expect(existsSync(join(dir, "figures", res.id, `${f.id}.${ext}`))).toBe(true);
    }
  });

  it("actlab experiment run <first id> --json equals the library's sequential run() for the same seeds", async () => {
    const exp = experiments[0];
    const r = spawnSync(process.execPath, [bin, "experiment", "run", exp.id, "--quick", "--seeds", "2", "--json"], { cwd: root, encoding: "utf8", env });
    expect(r.status, r.stderr).toBe(0);
    const want = await exp.run(resolveOptions(exp, {}, true), { seeds: 2, quick: true });
    expect(timeless(JSON.parse(r.stdout))).toEqual(timeless(JSON.parse(JSON.stringify(want, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)))));
  });
});
