/**
 * One command, the same numbers: `actlab report` run twice on the real experiments library, with
 * the worker pool on (seeds spread over every core, in whatever order the threads take them),
 * writes the same results.json byte for byte once the measured times are masked. The masked
 * fields are exactly those results.json documents as measured times: generated.date,
 * generated.seconds, each result's seconds, and the results of the experiments listed in `timed`
 * (the cost experiment: its numbers are times).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { experiments } from "../../packages/actlab/src/experiments/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "actlab-determinism-"));
const env = { ...process.env };
delete env.ACTLAB_EXPERIMENTS;

interface File {
  generated: { date: string; seconds: number; machine: string; node: string; quick: boolean };
  timed: string[];
  results: Array<{ id: string; seconds: number; config: unknown; seeds: number[] } & Record<string, unknown>>;
}

/** results.json with the measured times blanked; everything else as it was. */
function maskTimes(text: string): string {
  const f = JSON.parse(text) as File;
  // The file is written as JSON.stringify(…, null, 2): masking and writing back changes nothing else.
  expect(JSON.stringify(f, null, 2) + "\n").toBe(text);
  const masked: File = {
    ...f,
    generated: { ...f.generated, date: "<date>", seconds: 0 },
    results: f.results.map((r) => (f.timed.includes(r.id) ? { id: r.id, config: r.config, seeds: r.seeds, seconds: 0 } : { ...r, seconds: 0 })),
  };
  return JSON.stringify(masked, null, 2) + "\n";
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(experiments.length === 0)("actlab report is deterministic", () => {
  it("the same command twice, with the worker pool on, gives the same results.json apart from measured times", () => {
    expect(availableParallelism()).toBeGreaterThan(1);
    const texts = ["a", "b"].map((name) => {
      const dir = join(tmp, name);
      const r = spawnSync(process.execPath, [bin, "report", "--quick", "--seeds", "2", "--lang", "en,zh", "--out", dir], { cwd: root, encoding: "utf8", env });
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(dir, "results.json"), "utf8");
    });
    const [a, b] = texts.map(maskTimes);
    const first = JSON.parse(texts[0]) as File;
    expect(first.results.map((r) => r.id)).toEqual(experiments.map((e) => e.id));
    expect(first.timed).toEqual(["cost"]);
    // Byte for byte; on a failure, the first differing line says where.
    if (a !== b) {
      const al = a.split("\n");
      const bl = b.split("\n");
      const i = al.findIndex((line, k) => line !== bl[k]);
      expect(`${i}: ${bl[i]}`).toBe(`${i}: ${al[i]}`);
    }
    expect(a).toBe(b);
    // The two languages come from that one run: the same numbers in both pages.
    const cells = (lang: string) =>
      readFileSync(join(tmp, "a", lang, "report.md"), "utf8")
        .split("\n")
        .filter((line) => line.startsWith("|"))
        .join("\n")
        .match(/\d[\d.e−]* \[[^\]|]+, [^\]|]+\]/g);
    expect(cells("en")?.length).toBeGreaterThan(20);
    expect(cells("zh")).toEqual(cells("en"));
  }, 400_000);
});
