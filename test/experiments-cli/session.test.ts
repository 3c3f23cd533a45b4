/**
 * The experiment commands' session and terminal text, in process (so mutation testing sees
 * experiment-session.ts and experiment-run.ts): each stop signal removes the staged output and
 * exits with the shell's code for it, the listeners go with dispose(), and
 * `experiment list` / a result's text say what the module gives, in both languages.
 */
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Experiment, ExperimentResult } from "../../packages/actlab/src/experiments/types.js";
import { RunEnded, UsageError } from "../../packages/cli/src/errors.js";
import { listExperiments, resolveFor, resultText } from "../../packages/cli/src/experiment-run.js";
import { measuresTime, openSession } from "../../packages/cli/src/experiment-session.js";
import type { ExperimentModule } from "../../packages/cli/src/experiment-load.js";
import type { StagedDir } from "../../packages/cli/src/files.js";
import { QUANTITY_NOTE } from "../../packages/cli/src/render/result-tables.js";

const fixture = fileURLToPath(new URL("./fixtures/fake-experiments.mjs", import.meta.url));
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

let err = "";
let out = "";
function capture() {
  err = "";
  out = "";
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
}
afterEach(() => vi.restoreAllMocks());

describe("openSession", () => {
  const counts = () => SIGNALS.map((s) => process.listenerCount(s));

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("%s: check() removes the staged folder, says so on one line and ends with exit %d", (sig, code) => {
    const before = counts();
    let aborted = 0;
    const staged = { abort: () => aborted++ } as unknown as StagedDir;
    const s = openSession(staged);
    expect(counts()).toEqual(before.map((n) => n + 1));
    expect(s.signal.aborted).toBe(false);
    s.check(); // nothing yet
    expect(aborted).toBe(0);
    process.emit(sig, sig);
    expect(s.signal.aborted).toBe(true);
    capture();
    let ended: unknown;
    try {
      s.check();
    } catch (e) {
      ended = e;
    }
    vi.restoreAllMocks();
    expect(ended).toBeInstanceOf(RunEnded);
    expect((ended as RunEnded).exitCode).toBe(code);
    expect(aborted).toBe(1);
    expect(err).toBe(`\nactlab: interrupted (${sig}): workers stopped, nothing written\n`);
    s.dispose();
    expect(counts()).toEqual(before);
  });

  it("without an output folder a signal still ends the run; run() of no jobs gives no results and draws no bar off a terminal", async () => {
    const s = openSession(undefined);
    try {
      capture();
      expect(await s.run([], "file:///nowhere.mjs", false)).toEqual([]);
      vi.restoreAllMocks();
      expect(err).toBe("");
      process.emit("SIGTERM", "SIGTERM");
      capture();
      expect(() => s.check()).toThrow(RunEnded);
    } finally {
      vi.restoreAllMocks();
      s.dispose();
    }
  });

  it("run() of no jobs on a terminal: an empty bar without a label, counting 0 of 0", async () => {
    const desc = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    const s = openSession(undefined);
    try {
      capture();
      expect(await s.run([], "file:///nowhere.mjs", false)).toEqual([]);
    } finally {
      vi.restoreAllMocks();
      s.dispose();
      if (desc) Object.defineProperty(process.stderr, "isTTY", desc);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
    expect(err).toContain(`\u001b[1G ${"\u2591".repeat(28)} 0% | seeds 0/0 | `);
  });

  it("measuresTime: cost, or an experiment that says so", () => {
    expect(measuresTime({ id: "cost" } as Experiment)).toBe(true);
    expect(measuresTime({ id: "other", measuresTime: true } as unknown as Experiment)).toBe(true);
    expect(measuresTime({ id: "other", measuresTime: "yes" } as unknown as Experiment)).toBe(false);
    expect(measuresTime({ id: "other" } as Experiment)).toBe(false);
  });
});

describe("resolveFor: the module's option checks as usage errors", () => {
  const m = (f: () => never) => ({ resolveOptions: f }) as unknown as ExperimentModule;
  it("RangeError and TypeError become usage errors with the same message; others pass unchanged; values pass through", () => {
    expect(() => resolveFor(m(() => { throw new RangeError("depth too big"); }), {} as Experiment, {}, false)).toThrow(new UsageError("depth too big"));
    expect(() => resolveFor(m(() => { throw new TypeError("not a list"); }), {} as Experiment, {}, false)).toThrow(UsageError);
    const other = new Error("other");
    expect(() => resolveFor(m(() => { throw other; }), {} as Experiment, {}, false)).toThrow(other);
    let seen: unknown[] = [];
    const ok = { resolveOptions: (...a: unknown[]) => ((seen = a), { depth: 3 }) } as unknown as ExperimentModule;
    expect(resolveFor(ok, { id: "e" } as Experiment, { depth: 3 }, true)).toEqual({ depth: 3 });
    expect(seen).toEqual([{ id: "e" }, { depth: 3 }, true]);
  });
});

describe("experiment list and a result's text", () => {
  const saved = process.env.ACTLAB_EXPERIMENTS;
  beforeAll(() => {
    process.env.ACTLAB_EXPERIMENTS = fixture;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ACTLAB_EXPERIMENTS;
    else process.env.ACTLAB_EXPERIMENTS = saved;
  });

  it("list: id and title, claim, the article's words with the functions, each option; --json the same as data", async () => {
    capture();
    await listExperiments("en", false);
    vi.restoreAllMocks();
    expect(out).toContain("fake-gradient  Fake gradient ratio\n  Sigmoid's gradient vanishes with depth.\n  article: 容易梯度消失 (sigmoid, relu)\n");
    expect(out).toMatch(/\n {4}--depth <n> +hidden layers \(integer 1…60; default 8\)\n/);
    expect(out).toContain("fake-grid  Fake born-dead grid\n");
    expect(out.endsWith("\n\n")).toBe(true);
    capture();
    await listExperiments("zh", false);
    vi.restoreAllMocks();
    expect(out).toContain("fake-gradient  假的梯度比\n  sigmoid 的梯度随深度消失。\n  原文：容易梯度消失 (sigmoid, relu)\n");
    capture();
    await listExperiments("en", true);
    vi.restoreAllMocks();
    const data = JSON.parse(out);
    expect(data.map((e: { id: string }) => e.id)).toEqual(["fake-gradient", "fake-grid"]);
    expect(Object.keys(data[0])).toEqual(["id", "title", "claim", "options"]);
    expect(out.endsWith("]\n")).toBe(true);
  });

  it("list of a module without experiments says so in each language", async () => {
    const { writeFileSync, mkdtempSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "actlab-session-"));
    const empty = join(dir, "empty.mjs");
    writeFileSync(empty, "export const experiments = [];\n");
    process.env.ACTLAB_EXPERIMENTS = empty;
    try {
      capture();
      await listExperiments("en", false);
      await listExperiments("zh", false);
      vi.restoreAllMocks();
      expect(out).toBe("(no experiments yet)\n（还没有实验）\n");
    } finally {
      process.env.ACTLAB_EXPERIMENTS = fixture;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("resultText: claim, article, config, seeds, the numbers under their headings, the verdict and its parts", async () => {
    const { experiments } = (await import(fixture)) as { experiments: Experiment[] };
    const e = experiments[0];
    const o = Object.fromEntries(e.options.map((x) => [x.name, x.default])) as never;
    const per = [];
    for (const s of [1, 2, 4]) per.push(await e.runSeed(o, s, {}));
    const r = e.summarise(o, [1, 2, 4], per, 0.5) as ExperimentResult;
    const text = resultText(e, r, "en");
    const lines = text.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "fake-gradient · Fake gradient ratio",
      "claim: Sigmoid's gradient vanishes with depth.",
      "article: 容易梯度消失 (sigmoid, relu)",
      "config: depth=8 gain=1 functions=sigmoid,tanh,relu work=0 fail=0 diverge=0",
      "seeds: 1, 2, 4",
      "",
    ]);
    const head = lines.find((l) => l.includes("top-layer gradient norm")) as string;
    const relu = lines.find((l) => l.trimStart().startsWith("ReLU")) as string;
    // The top norm's median sits under its heading.
    const col = head.indexOf("top-layer gradient norm");
    const median = r.summary["relu.topNorm"].median;
    expect(relu.slice(col).trimStart().startsWith(String(Number(median.toPrecision(3))))).toBe(true);
    expect(text).toContain("\nverdict: mixed\n  rule: holds when sigmoid's median ratio is ≥ 100× below ReLU's\n  because: sigmoid ");
    expect(text).toContain("\n  sub-claims: \n  - sigmoid's gradient vanishes — holds\n      ratio ");
    expect(text).toContain("\n  - tanh's gradient vanishes — inconclusive at this scale\n      the interval straddles the threshold\n");
    const zh = resultText(e, r, "zh");
    expect(zh).toContain("\n论断：sigmoid 的梯度随深度消失。\n原文：容易梯度消失（sigmoid, relu）\n配置：depth=8");
    expect(zh).toContain("\n结论：部分成立\n  判定规则：");
    // Under the numbers, after a blank line each, the note on what a cell holds.
    const note = lines.indexOf(QUANTITY_NOTE.en);
    expect(note).toBeGreaterThan(lines.indexOf(relu));
    expect(lines[note - 1]).toBe("");
    expect(lines[lines.indexOf(relu) + 1]).toBe("");
    expect(zh.split("\n")).toContain(QUANTITY_NOTE.zh);
    const bare = resultText(e, { ...r, summary: {}, verdict: { ...r.verdict, parts: undefined } }, "en");
    expect(bare).not.toContain("sub-claims");
    expect(bare).not.toContain("Each cell");
  });
});
