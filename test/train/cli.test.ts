import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prelu } from "../../packages/actlab/src/activations/prelu.js";
import { articleData, closedForm, trainLinear } from "../../packages/actlab/src/train/linear.js";

// Runs the built CLI (npm test builds dist first) with stdout a pipe, i.e. not a terminal.
function actlab(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ["packages/cli/bin/actlab.js", ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("actlab train linear", () => {
  it("actlab train linear --json prints one object per epoch and a final one with the closed form", () => {
    const r = actlab("train", "linear", "--json");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
    const rows = lines.slice(0, -1);
    const last = lines[lines.length - 1];
    rows.forEach((o, i) => {
      expect(Object.keys(o)).toEqual(["epoch", "w", "b", "loss"]);
      expect(o.epoch).toBe(i);
    });
    // Same defaults as the library: the CLI adds nothing to the arithmetic.
    const lib = trainLinear(articleData());
    expect(rows[rows.length - 1]).toEqual(lib.final);
    expect(rows.length).toBe(lib.history.length);
    expect(last.stopReason).toBe("converged");
    expect(last.closed).toEqual(closedForm(articleData()));
    expect(last.gap.w).toBe(lib.final.w - lib.closed.w);
  });

  it("actlab train linear --no-live prints plain epoch lines and the summary with the closed form", () => {
    const r = actlab("train", "linear", "--no-live", "--epochs", "40");
    expect(r.code).toBe(0);
    const epochLines = r.out.split("\n").filter((l) => l.startsWith("epoch "));
    expect(epochLines.length).toBe(41);
    expect(epochLines[40]).toMatch(/^epoch 40 {2}w [-\d.]+ {2}b [-\d.]+ {2}loss [\d.e+-]+$/);
    expect(r.out).toMatch(/stopped at the epoch limit \(40\)/);
    expect(r.out).toMatch(/^closed form\s+[\d.]+\s+[\d.]+\s+[\d.]+$/m);
    expect(r.out).toMatch(/^gap\s/m);
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it("actlab train linear with stdout not a terminal writes plain lines even without --no-live", () => {
    const r = actlab("train", "linear", "--epochs", "3");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/\x1b\[/);
    expect(r.out.split("\n").filter((l) => l.startsWith("epoch ")).length).toBe(4);
  });

  it("actlab train linear --lr 10 --json reports divergence and prints no NaN", () => {
    const r = actlab("train", "linear", "--lr", "10", "--json");
    expect(r.code).toBe(1); // a failed run, reported, not a usage error
    expect(r.out).not.toMatch(/NaN|null|Infinity/);
    const last = JSON.parse(r.out.trim().split("\n").pop() as string);
    expect(last.stopReason).toBe("diverged");
    expect(last.message).toMatch(/above the largest stable rate for this data in sgd mode, 0\.50\d .*; try 0\.2$/);
  });

  it("actlab train mlp and prelu with an absurd lr stop as diverged, exit 1, and print no NaN", () => {
    const mlp = actlab("train", "mlp", "--activation", "relu", "--dataset", "moons", "--lr", "1e300", "--epochs", "3", "--no-live");
    expect(mlp.code).toBe(1);
    expect(mlp.out).toMatch(/diverged at epoch 1: .*smaller learning rate/);
    expect(mlp.out).not.toMatch(/NaN/);
    const fit = actlab("train", "prelu", "--lr", "1e300", "--epochs", "3", "--json");
    expect(fit.code).toBe(1);
    expect(fit.out).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(fit.out.trim().split("\n").pop() as string).stopReason).toBe("diverged");
  });

  it("actlab train linear --data file.csv fits the file and names the bad line of a malformed one", () => {
    const dir = mkdtempSync(join(tmpdir(), "actlab-train-"));
    const good = join(dir, "good.csv");
    writeFileSync(good, "x,y\n0,1\n1,3\n2,5\n3,7\n");
    const r = actlab("train", "linear", "--data", good, "--mode", "batch", "--lr", "0.05", "--json");
    expect(r.code).toBe(0);
    const last = JSON.parse(r.out.trim().split("\n").pop() as string);
    expect(last.closed.w).toBeCloseTo(2, 12);
    expect(last.closed.b).toBeCloseTo(1, 12);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "x,y\n0,1\n0.5,oops\n");
    const e = actlab("train", "linear", "--data", bad);
    expect(e.code).toBe(2);
    expect(e.err).toBe(`actlab: ${bad}: line 3: column y is not a number: 'oops'\n`);
  });

  it.each([
    [["--mode", "newton"], /argument 'newton' is invalid/],
    [["--lr", "fast"], /invalid learning rate: 'fast'/],
    [["--lr", "-1"], /invalid learning rate: -1/],
    [["--points", "1"], /invalid number of points: 1/],
    [["--data", "x.csv", "--points", "5"], /--data cannot be combined with --points/],
  ])("actlab train linear %j is a usage error (exit 2, one line)", (args, message) => {
    const r = actlab("train", "linear", ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe("actlab train prelu and mlp", () => {
  it("actlab train prelu --json shows α moving from its start toward the true α", () => {
    const r = actlab("train", "prelu", "--json", "--alpha", "0.6");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
    const last = lines[lines.length - 1];
    expect(lines[0].alpha).toBe(prelu.params.find((s) => s.name === "alpha")?.default);
    expect(Math.abs(last.final.alpha - 0.6)).toBeLessThan(0.02);
    expect(last.trueAlpha).toBe(0.6);
  });

  it("actlab train mlp --json reports loss and accuracy for every epoch", () => {
    const r = actlab("train", "mlp", "--activation", "elu", "--dataset", "xor", "--epochs", "5", "--json");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.length).toBe(6);
    lines.slice(0, 5).forEach((o, i) => {
      expect(o.epoch).toBe(i + 1);
      expect(o.accuracy).toBeGreaterThanOrEqual(0);
      expect(o.accuracy).toBeLessThanOrEqual(1);
      expect(o.loss).toBeGreaterThan(0);
    });
  });

  it("actlab train mlp --activation nope is a usage error listing the ids", () => {
    const r = actlab("train", "mlp", "--activation", "nope");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown activation: nope \(known: sigmoid, tanh/);
  });
});
