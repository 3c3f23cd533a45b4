/**
 * Experiments modules of one's own (ACTLAB_EXPERIMENTS) that go wrong, as a user meets them: the
 * built bin in a child process. A worker that exits or crashes is a failed seed (exit 1, one line
 * naming it, never a hang); a malformed module is one line naming the module, the experiment and
 * what is wrong, never a stack trace, "[object Object]" or "undefined".
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/fake-experiments.mjs", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "actlab-mod-"));
let count = 0;

/** Writes a module built from the fixture's experiments (`e`) and runs the bin on it. */
function runWith(body: string, ...args: string[]) {
  const mod = join(tmp, `m${++count}.mjs`);
  writeFileSync(mod, `import { experiments as e } from ${JSON.stringify(fixture)};\n${body}\n`);
  // A hang fails here (the timeout), not by stalling the suite.
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ACTLAB_EXPERIMENTS: mod }, timeout: 40_000 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, mod };
}

/** One line on stderr, no stack frame, no "[object Object]" or "undefined" as a name. */
function oneLine(err: string): string {
  const lines = err.trim().split("\n");
  expect(lines, err).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at |\[object Object\]|experiment undefined|undefined failed/);
  return lines[0];
}

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a seed that ends its worker is a failed seed", () => {
  it("process.exit(7) inside runSeed: exit 1 naming the experiment, the seed and the exit code; nothing written", () => {
    const dir = join(tmp, "exited");
    const r = runWith("export const experiments = [{ ...e[0], runSeed: async (o, s, c) => { if (s === 2) process.exit(7); return e[0].runSeed(o, s, c); } }];", "experiment", "run", "fake-gradient", "--seeds", "3", "--out", dir);
    expect(r.signal).toBeNull();
    expect(r.code, r.err).toBe(1);
    expect(oneLine(r.err)).toBe("actlab: fake-gradient failed on seed 2: its worker thread exited with code 7 before the seed finished (process.exit in runSeed?); nothing written");
    expect(existsSync(dir)).toBe(false);
  });

  it("process.exit(0) inside runSeed of a report: exit 1, not a report with a seed missing", () => {
    const dir = join(tmp, "exited-report");
    const r = runWith("export const experiments = [e[0], { ...e[1], runSeed: async (o, s, c) => { if (s === 1) process.exit(0); return e[1].runSeed(o, s, c); } }];", "report", "--out", dir, "--seeds", "2");
    expect(r.code, r.err).toBe(1);
    expect(oneLine(r.err)).toMatch(/^actlab: fake-grid failed on seed 1: its worker thread exited with code 0 before the seed finished/);
    expect(existsSync(dir)).toBe(false);
  });

  it("an exception thrown later, outside runSeed's promise, crashes the worker: a failed seed with that exception's message", () => {
    const r = runWith('export const experiments = [{ ...e[0], runSeed: async (o, s, c) => { if (s === 3) { setTimeout(() => { throw new Error("late crash"); }, 5); await new Promise((res) => setTimeout(res, 20000)); } return e[0].runSeed(o, s, c); } }];', "experiment", "run", "fake-gradient", "--seeds", "3");
    expect(r.code, r.err).toBe(1);
    expect(oneLine(r.err)).toBe("actlab: fake-gradient failed on seed 3: late crash; nothing written");
  });

  it.each([
    ["a function", "return { f: () => 1 };", /its result cannot be passed from the worker thread \(.*could not be cloned\.?\); runSeed must return plain data/],
    ["a symbol", 'return Symbol("s");', /its result cannot be passed from the worker thread/],
  ])("a result holding %s, which cannot cross a thread, is named as such", (_what, ret, message) => {
    const r = runWith(`export const experiments = [{ ...e[0], runSeed: async (o, s, c) => { if (s === 2) { ${ret} } return e[0].runSeed(o, s, c); } }];`, "experiment", "run", "fake-gradient", "--seeds", "2");
    expect(r.code, r.err).toBe(1);
    expect(oneLine(r.err)).toMatch(message);
  });

  it.each([
    ["an object", "throw { code: 3 };", 'a value that is not an Error was thrown: {"code":3}'],
    ["undefined", "throw undefined;", "undefined was thrown"],
    ["an empty string", 'throw "";', "an empty string was thrown"],
    ["a string", 'throw "out of cheese";', "out of cheese"],
  ])("runSeed throwing %s: its seed fails with words, never [object Object]", (_what, stmt, words) => {
    const r = runWith(`export const experiments = [{ ...e[0], runSeed: async (o, s, c) => { if (s === 1) { ${stmt} } return e[0].runSeed(o, s, c); } }];`, "experiment", "run", "fake-gradient", "--seeds", "2");
    expect(r.code, r.err).toBe(1);
    expect(oneLine(r.err)).toBe(`actlab: fake-gradient failed on seed 1: ${words}; nothing written`);
  });
});

describe("a malformed experiments module is one line naming the module, the experiment and what is wrong", () => {
  it.each([
    ["a null entry", "export const experiments = [e[0], null];", "experiments[1] is null, not an experiment object"],
    ["a number entry", "export const experiments = [3];", "experiments[0] is 3, not an experiment object"],
    ["no id", "export const experiments = [{ ...e[0], id: undefined }];", "experiments[0] has no id (a non-empty string; got undefined)"],
    ["a numeric id", "export const experiments = [{ ...e[0], id: 5 }];", "experiments[0] has no id (a non-empty string; got 5)"],
    ["no options", "export const experiments = [{ ...e[0], options: undefined }];", "experiment fake-gradient (experiments[0]) has no options array (got undefined; use [] for none)"],
    ["options as an object", "export const experiments = [e[0], { ...e[1], options: {} }];", "experiment fake-grid (experiments[1]) has no options array (got an object; use [] for none)"],
    ["a nameless option", "export const experiments = [{ ...e[0], options: [{ type: 'number', default: 1 }] }];", "experiment fake-gradient (experiments[0]) options[0] has no name"],
    ["an option of no known type", "export const experiments = [{ ...e[0], options: [{ name: 'x', type: 'float', default: 1, description: { en: 'x', zh: 'x' } }] }];", 'experiment fake-gradient (experiments[0]) option x has type "float" (use number, integer, string or list)'],
    ["an option without default", "export const experiments = [{ ...e[0], options: [{ name: 'x', type: 'number', description: { en: 'x', zh: 'x' } }] }];", "experiment fake-gradient (experiments[0]) option x has no default"],
    ["an option without description", "export const experiments = [{ ...e[0], options: [{ name: 'x', type: 'number', default: 1 }] }];", "experiment fake-gradient (experiments[0]) option x has no description { en, zh }"],
    ["no title", "export const experiments = [{ ...e[0], title: 'x' }];", "experiment fake-gradient (experiments[0]) has no title { en, zh }"],
    ["no claim", "export const experiments = [{ ...e[0], claim: { en: 'x', zh: 'x' } }];", "experiment fake-gradient (experiments[0]) has no claim { en, zh, article, functions }"],
    ["no runSeed", "export const experiments = [{ ...e[0], runSeed: undefined }];", "experiment fake-gradient (experiments[0]) has no runSeed function"],
    ["no summarise", "export const experiments = [{ ...e[0], summarise: 1 }];", "experiment fake-gradient (experiments[0]) has no summarise function"],
    ["a repeated id", "export const experiments = [e[0], e[1], e[0]];", "experiment fake-gradient (experiments[2]) repeats the id fake-gradient"],
  ])("%s: exit 2", (_what, body, words) => {
    // Every command checks the module: the first case on each, the others on one (a spawn costs seconds).
    const commands = [["experiment", "list"], ["experiment", "run", "fake-gradient"], ["report", "--out", join(tmp, "never")]];
    for (const args of words.startsWith("experiments[1] is null") ? commands : [commands[count % 3]]) {
      const r = runWith(body, ...args);
      expect(r.code, r.err).toBe(2);
      expect(oneLine(r.err)).toBe(`actlab: ACTLAB_EXPERIMENTS=${r.mod}: ${words}`);
    }
    expect(existsSync(join(tmp, "never"))).toBe(false);
  });

  it.each([
    ["throwing", 'summarise: () => { throw new Error("no numbers\\nsecond line"); }', "threw: no numbers"],
    ["throwing a non-Error", "summarise: () => { throw { reason: 1 }; }", 'threw: a value that is not an Error was thrown: {"reason":1}'],
    ["returning {}", "summarise: () => ({})", "returned a result without id, config, seeds, perSeed, summary, figures, verdict"],
    ["returning undefined", "summarise: () => undefined", "returned undefined, not a result object"],
    ["returning a verdict of no known kind", 'summarise: (...a) => ({ ...e[1].summarise(...a), verdict: { verdict: "maybe", rule: { en: "", zh: "" }, because: { en: "", zh: "" } } })', 'returned a result whose verdict is "maybe" (use holds, does-not-hold, inconclusive or mixed)'],
    ["returning a verdict without its rule", 'summarise: (...a) => ({ ...e[1].summarise(...a), verdict: { verdict: "holds" } })', "returned a result whose verdict lacks rule { en, zh } or because { en, zh }"],
    ["returning parts without claims", 'summarise: (...a) => ({ ...e[1].summarise(...a), verdict: { verdict: "mixed", rule: { en: "", zh: "" }, because: { en: "", zh: "" }, parts: [{ verdict: "holds" }] } })', "returned a result whose verdict.parts[0] lacks claim, verdict or because"],
    ["returning seeds that are no array", "summarise: (...a) => ({ ...e[1].summarise(...a), seeds: 3 })", "returned a result whose seeds, perSeed or figures is not an array"],
    ["returning a numeric id", "summarise: (...a) => ({ ...e[1].summarise(...a), id: 7 })", "returned a result whose id is 7"],
  ])("summarise %s: exit 1 with one line naming the module and the experiment; nothing written", (_what, prop, words) => {
    const commands = [
      ["experiment", "run", "fake-grid", "--seeds", "2", "--out", join(tmp, "never")],
      ["report", "--seeds", "2", "--out", join(tmp, "never")],
    ];
    for (const args of words.startsWith("threw: no numbers") ? commands : [commands[count % 2]]) {
      const r = runWith(`export const experiments = [e[0], { ...e[1], ${prop} }];`, ...args);
      expect(r.code, r.err).toBe(1);
      expect(oneLine(r.err)).toBe(`actlab: the summarise of fake-grid (in ${r.mod}) ${words}; nothing written`);
      expect(existsSync(join(tmp, "never"))).toBe(false);
    }
  });
});
