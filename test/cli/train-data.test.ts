/** `actlab train mlp --data`: a CSV file and an IDX folder train from the CLI, mistakes are one line and exit 2. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { toyCsv, writeIdxFolder } from "../data/files.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "actlab-train-data-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("actlab train mlp --data", () => {
  it("trains on a gzipped IDX folder, states the split and scaling, and learns", () => {
    const dir = writeIdxFolder(join(tmp, "idx"), { train: 240, test: 60, gzip: true });
    const r = run("train", "mlp", "--activation", "relu", "--data", dir, "--hidden", "16", "--epochs", "15", "--lr", "0.01", "--batch", "16", "--json");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0].data).toMatchObject({ split: "the files' own split: 240 training, 60 test images", scaling: "pixels / 255", features: 36, classes: 3 });
    expect(lines[0].model).toEqual([36, 16, 3]);
    expect(lines).toHaveLength(17);
    const last = lines[16];
    expect(last.stopReason).toBe("epochs");
    expect(last.testAccuracy).toBeGreaterThan(0.9);
    // Deterministic: the same command prints the same epochs.
    const again = run("train", "mlp", "--activation", "relu", "--data", dir, "--hidden", "16", "--epochs", "15", "--lr", "0.01", "--batch", "16", "--json");
    expect(again.out.split("\n").slice(0, 16)).toEqual(r.out.split("\n").slice(0, 16));
  });

  it("trains on a CSV file with a named label column", () => {
    const file = join(tmp, "toy.csv");
    writeFileSync(file, toyCsv(120));
    const r = run("train", "mlp", "--activation", "tanh", "--data", file, "--label", "kind", "--epochs", "30", "--lr", "0.01", "--batch", "8");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# CSV file .*toy\.csv: 90 training and 30 test rows of 3 features, 3 classes; seeded split \(seed 1\): 90 training, 30 test rows; scaling: standardised/);
    expect(r.out).toMatch(/epoch 30\/30 {2}loss/);
    const acc = Number(/test accuracy ([\d.]+)%/.exec(r.out)?.[1]);
    expect(acc).toBeGreaterThan(90);
  });

  it("one line and exit 2 for each mistake, naming the file", () => {
    const file = join(tmp, "bad.csv");
    writeFileSync(file, "a,b,y\n1,2,0\n3,oops,1\n");
    const cases: [string[], RegExp][] = [
      [["--data", file], /^actlab: .*bad\.csv: line 3, column 'b': 'oops' is not a number\n$/],
      [["--data", join(tmp, "missing")], /^actlab: .*missing: no such file or folder/],
      [["--data", tmp], /^actlab: .*: no train-images-idx3-ubyte\[\.gz\] and no train-labels-idx1-ubyte\[\.gz\] in this folder/],
      [["--data", join(tmp, "idx"), "--label", "2"], /^actlab: --label is for a CSV file/],
      [["--label", "y"], /^actlab: --label needs --data/],
      [["--data", file, "--points", "10"], /^actlab: --data cannot be combined with --points/],
    ];
    writeIdxFolder(join(tmp, "idx"), { train: 10 });
    for (const [args, msg] of cases) {
      const r = run("train", "mlp", "--activation", "relu", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.split("\n").filter(Boolean)).toHaveLength(1);
    }
  });
});
