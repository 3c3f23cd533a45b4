/**
 * The install route the README and the site give until the packages are published: in a clone,
 * `npm pack` both workspaces next to it, then install both tarballs into a project beside the
 * clone. The block is taken from the pages (the English and Chinese guide and the README must
 * show the same commands) and run as a shell script, exactly as written, in a fresh clone of this
 * repository; the clone's `npm ci` is replaced by a link to this checkout's node_modules (same
 * lockfile). Needs the npm registry for the packages' dependencies.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { codeBlocks } from "./markdown.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const version = JSON.parse(readFileSync(join(root, "packages/actlab/package.json"), "utf8")).version as string;

/** The shell block of a page that packs the workspaces. */
export function installBlock(markdown: string): string {
  const blocks = codeBlocks(markdown).filter((b) => b.lang === "sh" && b.code.includes("npm pack -w"));
  expect(blocks).toHaveLength(1);
  return blocks[0].code;
}

let dir = "";
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("installing from a clone", () => {
  const pages = ["docs/guide/getting-started.md", "docs/zh/guide/getting-started.md", "README.md"].filter((p) => readFileSync(join(root, p), "utf8").includes("npm pack -w"));

  it("the guide (English and Chinese) and the README show the same commands, naming this version's tarballs", () => {
    expect(pages).toContain("docs/guide/getting-started.md");
    expect(pages).toContain("docs/zh/guide/getting-started.md");
    const blocks = pages.map((p) => installBlock(readFileSync(join(root, p), "utf8")));
    for (const b of blocks) expect(b).toBe(blocks[0]);
    expect(blocks[0]).toContain(`actlab-${version}.tgz`);
    expect(blocks[0]).toContain(`actlab-cli-${version}.tgz`);
  });

  it("those commands, run in a fresh clone, install both packages into a project beside it, and its actlab command works", () => {
    const block = installBlock(readFileSync(join(root, "docs/guide/getting-started.md"), "utf8"));
    dir = mkdtempSync(join(tmpdir(), "actlab-install-"));
    const clone = join(dir, "actlab");
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);
    // Instead of `npm ci` in the clone: this checkout's node_modules, installed from the same lockfile.
    symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");
    for (const ws of ["packages/cli", "lab"]) {
      if (existsSync(join(root, ws, "node_modules"))) symlinkSync(join(root, ws, "node_modules"), join(clone, ws, "node_modules"), "dir");
    }
    // "your project": an empty one, beside the clone.
    mkdirSync(join(dir, "my-project"));
    writeFileSync(join(dir, "my-project/package.json"), JSON.stringify({ name: "my-project", version: "1.0.0", private: true, type: "module" }));
    const out = execFileSync("bash", ["-euo", "pipefail", "-c", block], { cwd: clone, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });
    const nm = join(dir, "my-project/node_modules");
    expect(JSON.parse(readFileSync(join(nm, "actlab/package.json"), "utf8")).version).toBe(version);
    expect(JSON.parse(readFileSync(join(nm, "actlab-cli/package.json"), "utf8")).version).toBe(version);
    // The last command, `npx actlab eval relu -1 2`: relu and its derivative at −1 and 2 (by hand: 0, 0 and 2, 1).
    const rows = out.trim().split("\n").slice(-2).map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows).toEqual([
      [-1, 0, 0],
      [2, 2, 1],
    ]);
  }, 600_000);
});
