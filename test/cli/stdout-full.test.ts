/**
 * Standard output on a full device (/dev/full: every write fails with ENOSPC), as a user meets it
 * with `actlab … > file` on a full disk: one line on stderr and exit 1, never a stack trace.
 * A closed pipe (`actlab list | head`) stays a quiet exit 0. The built bin, in child processes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stdoutFailed } from "../../packages/cli/src/main.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));
const fixture = fileURLToPath(new URL("../experiments-cli/fixtures/fake-experiments.mjs", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "actlab-full-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
});

describe.skipIf(!existsSync("/dev/full"))("every command with stdout on /dev/full", () => {
  it.each([
    [["--help"]],
    [["--version"]],
    [["list"]],
    [["list", "--json"]],
    [["eval", "relu", "1", "2"]],
    [["plot", "tanh"]],
    [["train", "linear", "--epochs", "20"]],
    [["train", "linear", "--epochs", "20", "--json"]],
    [["train", "prelu", "--epochs", "20"]],
    [["train", "mlp", "--activation", "relu", "--epochs", "2"]],
    [["figures", "--out", "FIGS"]],
    [["experiment", "list"]],
    [["experiment", "run", "fake-grid", "--seeds", "1"]],
    [["experiment", "run", "fake-grid", "--seeds", "1", "--json"]],
    [["report", "--seeds", "1", "--out", "REPORT"]],
  ])("actlab %j: one line on stderr, exit 1", (args) => {
    const full = openSync("/dev/full", "w");
    const argv = (args as string[]).map((a) => (a === "FIGS" || a === "REPORT" ? join(tmp, `${a}-${Math.random().toString(36).slice(2)}`) : a));
    try {
      const r = spawnSync(process.execPath, [bin, ...argv], { cwd: root, env: { ...process.env, ACTLAB_EXPERIMENTS: fixture }, stdio: ["ignore", full, "pipe"], encoding: "utf8", timeout: 120_000 });
      expect(r.status, r.stderr).toBe(1);
      // The failure is said once, as the last line (--json runs may have said their time on stderr before).
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines.at(-1)).toBe("actlab: cannot write to standard output: no space left on device (ENOSPC)");
      expect(lines.filter((l) => l.startsWith("actlab: "))).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
    } finally {
      closeSync(full);
    }
  });
});

describe("stdoutFailed", () => {
  const said = (err: Partial<NodeJS.ErrnoException>) => {
    let text = "";
    const code = stdoutFailed(Object.assign(new Error(err.message ?? ""), err), { write: (s: string) => (text += s) });
    return { code, text };
  };
  it("EPIPE: exit 0, nothing said", () => expect(said({ code: "EPIPE" })).toEqual({ code: 0, text: "" }));
  it("ENOSPC, EIO, EBADF and an unknown failure: exit 1 and one line", () => {
    expect(said({ code: "ENOSPC" })).toEqual({ code: 1, text: "actlab: cannot write to standard output: no space left on device (ENOSPC)\n" });
    expect(said({ code: "EIO" })).toEqual({ code: 1, text: "actlab: cannot write to standard output: input/output error (EIO)\n" });
    expect(said({ code: "EBADF" })).toEqual({ code: 1, text: "actlab: cannot write to standard output: it is closed\n" });
    expect(said({ code: "EDQUOT", message: "EDQUOT: quota exceeded, write\nmore" })).toEqual({ code: 1, text: "actlab: cannot write to standard output: EDQUOT: quota exceeded, write (EDQUOT)\n" });
    expect(said({ message: "broken" })).toEqual({ code: 1, text: "actlab: cannot write to standard output: broken\n" });
  });
});
