/**
 * The code examples of the README and of the guide's library, nn and CLI pages (English and Chinese) run as the
 * pages show them, against the built packages (`npm test` builds first): a page cannot drift
 * from the code. In a TypeScript block, `expr; // → value` states what the line gives and
 * `stmt; // throws message` the error it throws; a CLI block's `$ npx actlab …` lines are run and
 * their output compared with the lines printed below them (`# exit code N`: the exit code).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cliSessions, codeBlocks, instrument } from "./markdown.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

async function runModule(module: string): Promise<[number, string][]> {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", module], { cwd: root, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

const LIB_PAGES = ["README.md", "docs/guide/library.md", "docs/zh/guide/library.md", "docs/guide/nn.md", "docs/zh/guide/nn.md"];

describe("the library pages' examples", () => {
  for (const page of LIB_PAGES) {
    it(`${page}: every ts block runs against the built package and gives the values the page shows`, async () => {
      const blocks = codeBlocks(readFileSync(join(root, page), "utf8")).filter((b) => b.lang === "ts");
      expect(blocks.length, "code blocks on the page").toBeGreaterThan(0);
      for (const block of blocks) {
        const { module, expected } = instrument(block.code);
        const got = new Map(await runModule(module));
        for (const e of expected) {
          const text = got.get(e.line);
          if (e.kind === "value") expect(text, `${page}:${block.line + e.line}`).toBe(e.text);
          else expect(text, `${page}:${block.line + e.line}`).toBe(e.text);
        }
      }
    }, 120_000);
  }

  it("the instrumenting is not vacuous: a wrong value on a page is reported", async () => {
    const { module, expected } = instrument(`import { getActivation } from "actlab";\ngetActivation("relu").f(2);   // → 3\n`);
    const got = new Map(await runModule(module));
    expect(expected).toEqual([{ line: 2, kind: "value", text: "3" }]);
    expect(got.get(2)).toBe("2");
  });
});

describe("the CLI pages' examples", () => {
  for (const page of ["README.md", "docs/guide/cli.md", "docs/zh/guide/cli.md"]) {
    it(`${page}: every $ npx actlab line runs, with the output and exit code the page shows`, async () => {
      const sessions = codeBlocks(readFileSync(join(root, page), "utf8")).flatMap((b) => cliSessions(b.code));
      expect(sessions.length).toBeGreaterThanOrEqual(2);
      for (const s of sessions) {
        const res = await run(process.execPath, [join(root, "packages/cli/bin/actlab.js"), ...s.args], { cwd: root, maxBuffer: 1 << 24 }).then(
          (r) => ({ code: 0, out: r.stdout + r.stderr }),
          (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
        );
        const label = `actlab ${s.args.join(" ")}`;
        expect(res.code, label).toBe(s.exit);
        if (s.output.length > 0) expect(res.out.trimEnd().split("\n").map((l) => l.trimEnd()), label).toEqual(s.output);
        else expect(res.out.length, label).toBeGreaterThan(0);
      }
    }, 120_000);
  }
});
