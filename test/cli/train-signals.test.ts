/**
 * `actlab train` stopped by SIGTERM (kill) or SIGHUP (the terminal closed) ends as Ctrl-C does:
 * the final summary (or the final JSON object with --json) is printed, then the exit code shells
 * report for the signal. The built bin, in child processes.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeIdxFolder } from "../data/files.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));

// A small MNIST-style folder the test writes, for `train mlp --data`.
const tmp = mkdtempSync(join(tmpdir(), "actlab-train-signals-"));
const idx = writeIdxFolder(join(tmp, "idx"), { train: 300, test: 60 });

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the bin until stdout shows `ready`, sends `signal`, and returns the exit code and all output. */
function stopWhen(args: string[], ready: RegExp, signal: NodeJS.Signals): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => (err += s));
  return new Promise((resolve) => {
    let sent = false;
    child.stdout.on("data", (s: string) => {
      out += s;
      if (!sent && ready.test(out)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe.each([
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const)("%s during actlab train", (signal, code) => {
  it(`train linear: the summary, then exit ${code}`, async () => {
    const r = await stopWhen(["train", "linear", "--epochs", "1e9", "--tol", "0", "--mode", "batch", "--lr", "1e-6", "--no-live"], /^epoch 200 /m, signal);
    expect(r.code, r.err).toBe(code);
    expect(r.out).toMatch(new RegExp(`^interrupted at epoch \\d+ \\(${signal}\\); the result so far:$`, "m"));
    expect(r.out).toMatch(/^learned\s+[\d.]+\s+[\d.]+/m);
    expect(r.out).toMatch(/^closed form\s+2\.962806\s+10\.529753/m);
  });

  it(`train linear --json: the final JSON object, then exit ${code}`, async () => {
    const r = await stopWhen(["train", "linear", "--epochs", "1e9", "--tol", "0", "--mode", "batch", "--lr", "1e-6", "--json"], /"epoch":200,/, signal);
    expect(r.code, r.err).toBe(code);
    const last = JSON.parse(r.out.trimEnd().split("\n").at(-1) as string);
    expect(last.stopReason).toBe("interrupted");
    expect(last.message).toMatch(/^interrupted at epoch \d+$/);
    expect(last.closed.w).toBeCloseTo(2.962806, 6);
  });

  it(`train prelu and train mlp: the summary, then exit ${code}`, async () => {
    const p = await stopWhen(["train", "prelu", "--epochs", "1e8", "--no-live"], /^epoch 200 /m, signal);
    expect(p.code, p.err).toBe(code);
    expect(p.out).toMatch(new RegExp(`interrupted at epoch \\d+ \\(${signal}\\)`));
    const m = await stopWhen(["train", "mlp", "--activation", "relu", "--epochs", "100000", "--json"], /"epoch":3,"/, signal);
    expect(m.code, m.err).toBe(code);
    expect(JSON.parse(m.out.trimEnd().split("\n").at(-1) as string).stopReason).toBe("interrupted");
  });

  it(`train mlp --data: the summary, then exit ${code}`, async () => {
    const r = await stopWhen(["train", "mlp", "--activation", "relu", "--data", idx, "--hidden", "8", "--epochs", "1000000", "--batch", "4"], /^epoch 3\/1000000 /m, signal);
    expect(r.code, r.err).toBe(code);
    expect(r.out).toMatch(new RegExp(`^interrupted \\(${signal}\\) after \\d+ epochs, test accuracy \\d+\\.\\d\\d%$`, "m"));
  });

  it(`train mlp --data --json: the final JSON object, then exit ${code}`, async () => {
    const r = await stopWhen(["train", "mlp", "--activation", "relu", "--data", idx, "--hidden", "8", "--epochs", "1000000", "--batch", "4", "--json"], /"epoch":3,"/, signal);
    expect(r.code, r.err).toBe(code);
    const last = JSON.parse(r.out.trimEnd().split("\n").at(-1) as string);
    expect(last.stopReason).toBe("interrupted");
    expect(last.epochs).toBeGreaterThanOrEqual(3);
  });
});
