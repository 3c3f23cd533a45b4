/** `actlab experiment run digits --data <IDX folder | CSV>`: trains on the given data and states its split and scaling in the result. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getExperiment, setDataLoader } from "../../packages/actlab/src/experiments/index.js";
import { loadDataSplit } from "../../packages/actlab/src/node/index.js";
import { toyCsv, writeIdxFolder } from "../data/files.js";
import { actlab } from "./shard-support.js";

const tmp = mkdtempSync(join(tmpdir(), "actlab-data-option-"));
afterAll(() => {
  setDataLoader(undefined);
  rmSync(tmp, { recursive: true, force: true });
});
const env = { ...process.env };
delete env.ACTLAB_EXPERIMENTS;

describe("digits --data", () => {
  it("the CLI runs digits on an IDX folder, the result names the data, its split and scaling", () => {
    const dir = writeIdxFolder(join(tmp, "idx"), { train: 120, test: 30 });
    const r = actlab(["experiment", "run", "digits", "--quick", "--seeds", "2", "--functions", "relu,sigmoid", "--data", dir, "--json"], { env });
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.config.data).toBe(dir);
    expect(res.data).toEqual({ source: `IDX folder ${dir}`, split: "the files' own split: 120 training, 30 test images", scaling: "pixels / 255" });
    expect(res.perSeed[0].runs.relu.test).toHaveLength(4);
    const bad = actlab(["experiment", "run", "digits", "--quick", "--data", join(tmp, "none")], { env });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^actlab: .*none: no such file or folder/);
  }, 300_000);

  it("in the library: a CSV through setDataLoader; the default states the shipped digits' split", async () => {
    const file = join(tmp, "toy.csv");
    writeFileSync(file, toyCsv(60));
    setDataLoader((p) => loadDataSplit(p, { label: "kind" }));
    const r = await getExperiment("digits").run({ data: file, functions: ["relu"], epochs: 1, hidden: [8] }, { seeds: 1 });
    expect(r.data?.split).toBe("seeded split (seed 1): 45 training, 15 test rows");
    expect(r.data?.scaling).toMatch(/^standardised/);
    setDataLoader(undefined);
    await expect(getExperiment("digits").run({ data: file, functions: ["relu"], epochs: 1 }, { seeds: 1 })).rejects.toThrow(/no data loader is set/);
  }, 120_000);
});
