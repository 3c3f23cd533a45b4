import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// One TypeDoc run (typedoc.json, as `npm run docs` uses it) writes both the Markdown reference and
// its JSON model into a temporary folder; the three checks below read them.
const root = fileURLToPath(new URL("../../", import.meta.url));
const committed = join(root, "docs/api");
const FIX = "run `npm run docs` and commit docs/api";

// TypeDoc's ReflectionKind values (typedoc/models/kind.ts).
const KIND = { Variable: 32, Function: 64, Class: 128 } as const;
const NEEDS_EXAMPLE = new Map<number, string>([
  [KIND.Variable, "constant"],
  [KIND.Function, "function"],
  [KIND.Class, "class"],
]);

interface Comment {
  summary?: { text: string }[];
  blockTags?: { tag: string }[];
}
interface Reflection {
  name: string;
  kind: number;
  comment?: Comment;
  signatures?: { comment?: Comment }[];
  children?: Reflection[];
}

let dir = "";
let log = "";
let model: Reflection;

async function files(base: string, at = base): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(at, { withFileTypes: true })) {
    const path = join(at, entry.name);
    if (entry.isDirectory()) out.push(...(await files(base, path)));
    else out.push(relative(base, path).split("\\").join("/"));
  }
  return out.sort();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "actlab-api-"));
  const run = await promisify(execFile)(
    process.execPath,
    [
      join(root, "node_modules/typedoc/bin/typedoc"),
      "--out", join(dir, "md"),
      "--json", join(dir, "api.json"),
      // Collect every warning instead of stopping at the first: the test names them all.
      "--treatValidationWarningsAsErrors", "false",
      "--logLevel", "Warn",
    ],
    { cwd: root, maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
  );
  log = run.stdout + run.stderr;
  model = JSON.parse(await readFile(join(dir, "api.json"), "utf8")) as Reflection;
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("API reference (typedoc.json)", () => {
  it("typedoc reports no export without a doc comment", () => {
    const missing = log
      .split("\n")
      .filter((line) => line.includes("does not have any documentation"))
      .map((line) => line.replace(/^.*?\[warning\]\S*\s*/, "").trim());
    expect(missing, `exports without a doc comment (write one, then ${FIX}):\n${missing.join("\n")}`).toEqual([]);
    expect(log).not.toMatch(/\[error\]/);
  });

  it("every exported function, class and constant has an @example", () => {
    const modules = model.children ?? [];
    expect(modules.map((m) => m.name).sort()).toEqual([
      "actlab",
      "actlab-cli/render",
      "actlab/data",
      "actlab/experiments",
      "actlab/nn",
      "actlab/node",
      "actlab/plot",
      "actlab/tfjs",
    ]);
    const hasExample = (c?: Comment) => (c?.blockTags ?? []).some((t) => t.tag === "@example");
    const missing: string[] = [];
    let checked = 0;
    for (const mod of modules) {
      for (const r of mod.children ?? []) {
        const what = NEEDS_EXAMPLE.get(r.kind);
        if (!what) continue;
        checked++;
        if (!hasExample(r.comment) && !(r.signatures ?? []).some((s) => hasExample(s.comment))) {
          missing.push(`${mod.name}: ${what} ${r.name}`);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(90); // the walk found the exports (100 when written)
    expect(missing, `exports without an @example (add one, then ${FIX}):\n${missing.join("\n")}`).toEqual([]);
  });

  it("docs/api is the Markdown a fresh `npm run docs` generates", async () => {
    const fresh = await files(join(dir, "md"));
    const have = await files(committed).catch(() => [] as string[]);
    expect(have, `docs/api lists other files than a fresh generation: ${FIX}`).toEqual(fresh);
    const stale: string[] = [];
    for (const file of fresh) {
      const [a, b] = await Promise.all([readFile(join(dir, "md", file), "utf8"), readFile(join(committed, file), "utf8")]);
      if (a !== b) stale.push(file);
    }
    expect(stale, `docs/api is stale in these files: ${FIX}`).toEqual([]);
  });
});
