import { describe, expect, it } from "vitest";
import { getExperiment, resolveOptions, type Experiment, type ExperimentResult } from "../../packages/actlab/src/experiments/index.js";
import {
  chartSize,
  currentRun,
  optionValue,
  overallProgress,
  postProgress,
  runKey,
  runMessage,
  seedsOf,
  seedsValue,
  settlement,
  splitDiverged,
  urlOptionProblems,
  valueText,
} from "../../lab/src/views/experiments/logic.js";
import type { FromWorker } from "../../lab/src/views/experiments/worker.js";

// The Experiments view's logic as a reader meets it: which cached run is shown for the settings
// on screen, what the form makes of typed options and seeds, what the URL's options are refused
// for, how the worker's messages end a run, and the progress shown meanwhile.

const gf = getExperiment("gradient-flow");
const screen = (over: Partial<{ options: Record<string, string>; seeds: number; quick: boolean }> = {}) => ({ options: {}, seeds: 0, quick: true, ...over });

describe("what a cached run is found under", () => {
  it("the key differs when the experiment, any option, the seeds or quick differ", () => {
    const o = { depth: 3, functions: ["relu", "tanh"] };
    const k = runKey("gradient-flow", o, 3, true);
    expect(runKey("gradient-flow", { depth: 3, functions: ["relu", "tanh"] }, 3, true)).toBe(k);
    for (const other of [
      runKey("saturation", o, 3, true),
      runKey("gradient-flow", { ...o, depth: 4 }, 3, true),
      runKey("gradient-flow", { ...o, functions: ["relu"] }, 3, true),
      runKey("gradient-flow", { ...o, functions: ["tanh", "relu"] }, 3, true),
      runKey("gradient-flow", { ...o, extra: 1 }, 3, true),
      runKey("gradient-flow", o, 4, true),
      runKey("gradient-flow", o, 3, false),
    ]) {
      expect(other).not.toBe(k);
    }
  });

  it("the screen's run: options resolved (defaults filled in), seeds the experiment's own unless set", () => {
    const r = currentRun(gf, screen());
    expect(r.options).toEqual(resolveOptions(gf, {}, true));
    expect(r.seeds).toBe(3);
    expect(r.quick).toBe(true);
    expect(r.key).toBe(runKey("gradient-flow", resolveOptions(gf, {}, true), 3, true));
    // gradient-flow's own: 3 quick, 10 full.
    expect(currentRun(gf, screen({ quick: false })).seeds).toBe(10);
    expect(currentRun(gf, screen({ quick: false })).options).toEqual(resolveOptions(gf, {}, false));
    expect(currentRun(gf, screen({ seeds: 7 })).seeds).toBe(7);
  });

  it("a run is found again with the same settings, whether typed as the default or left out, and not with any other", () => {
    const base = currentRun(gf, screen()).key;
    expect(currentRun(gf, screen({ options: { depth: "20" } })).key).toBe(base);
    expect(currentRun(gf, screen({ seeds: 3 })).key).toBe(base);
    const others = [
      screen({ options: { depth: "21" } }),
      screen({ options: { width: "8" } }),
      screen({ options: { functions: "relu" } }),
      screen({ options: { init: "he" } }),
      screen({ options: { lr: "0.01" } }),
      screen({ seeds: 4 }),
      screen({ quick: false }),
    ].map((s) => currentRun(gf, s).key);
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    expect(currentRun(getExperiment("saturation"), screen()).key).not.toBe(base);
  });

  it("an experiment's own seeds are used, quick or full; else 3 quick and 5 full", () => {
    const own = { ...gf, seeds: { quick: 2, default: 9 } } as Experiment;
    expect(seedsOf(own, true)).toBe(2);
    expect(seedsOf(own, false)).toBe(9);
    const half = { ...gf, seeds: { default: 8 } } as Experiment;
    expect(seedsOf(half, true)).toBe(3);
    expect(seedsOf(half, false)).toBe(8);
    const none = { ...gf, seeds: undefined } as unknown as Experiment;
    expect(seedsOf(none, true)).toBe(3);
    expect(seedsOf(none, false)).toBe(5);
    expect(seedsOf(gf, false)).toBe(10);
  });
});

describe("the form", () => {
  it("writes lists with commas and everything else as text", () => {
    expect(valueText(["relu", "tanh"])).toBe("relu,tanh");
    expect(valueText(3)).toBe("3");
    expect(valueText("he")).toBe("he");
  });

  it("an option typed as its default leaves the URL; another value is written canonically", () => {
    expect(optionValue(gf, "depth", " 20 ", true)).toEqual({ ok: true, value: null });
    expect(optionValue(gf, "depth", "12", true)).toEqual({ ok: true, value: "12" });
    expect(optionValue(gf, "functions", "relu, tanh", true)).toEqual({ ok: true, value: "relu,tanh" });
    // The default depends on quick: width 32 is quick's default, not the full run's.
    expect(optionValue(gf, "width", "32", true)).toEqual({ ok: true, value: null });
    expect(optionValue(gf, "width", "32", false)).toEqual({ ok: true, value: "32" });
  });

  it("a refused value says why, without the experiment's prefix", () => {
    expect(optionValue(gf, "depth", "abc", true)).toEqual({ ok: false, message: "invalid --depth: abc (must be a number)" });
    const v = optionValue(gf, "depth", "1", true);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.message.startsWith("invalid --depth: 1")).toBe(true);
  });

  it("seeds: empty is the experiment's own (0), else an integer within the limits", () => {
    const lim = { min: 1, max: 20 };
    expect(seedsValue("", lim)).toBe(0);
    expect(seedsValue("  ", lim)).toBe(0);
    expect(seedsValue("0", lim)).toBe(0);
    expect(seedsValue(" 3 ", lim)).toBe(3);
    expect(seedsValue("1", lim)).toBe(1);
    expect(seedsValue("20", lim)).toBe(20);
    expect(seedsValue("21", lim)).toBeNull();
    expect(seedsValue("-1", lim)).toBeNull();
    expect(seedsValue("2.5", lim)).toBeNull();
    expect(seedsValue("abc", lim)).toBeNull();
    expect(seedsValue("2", { min: 3, max: 20 })).toBeNull();
  });
});

describe("options from the URL", () => {
  it("names an option the experiment does not have and a value it refuses, each checked alone", () => {
    expect(urlOptionProblems(gf, { depth: "12", nope: "1", width: "x", init: "he" }, true)).toEqual([
      { name: "nope", unknown: true },
      { name: "width", value: "x", why: "must be a number" },
    ]);
    expect(urlOptionProblems(gf, { depth: "12" }, true)).toEqual([]);
    expect(urlOptionProblems(gf, {}, true)).toEqual([]);
  });
});

describe("the tables and charts", () => {
  it("a cell's ✕k/n (diverged seeds) is set apart from its number", () => {
    expect(splitDiverged("0.52 [0.4, 0.6] ✕1/3")).toEqual({ text: "0.52 [0.4, 0.6]", diverged: "✕1/3" });
    expect(splitDiverged("12 ✕10/10")).toEqual({ text: "12", diverged: "✕10/10" });
    expect(splitDiverged("0.52 [0.4, 0.6]")).toEqual({ text: "0.52 [0.4, 0.6]", diverged: null });
    expect(splitDiverged("✕1/3")).toEqual({ text: "✕1/3", diverged: null });
    expect(splitDiverged("0.5 ✕1/3 more")).toEqual({ text: "0.5 ✕1/3 more", diverged: null });
  });

  it("a chart fits the page: 300 to 860 px wide, its height scaled with it, at least 280 and at most the spec's", () => {
    const spec = { width: 600, height: 400 };
    expect(chartSize(spec, 640)).toEqual({ width: 640, height: 400 });
    expect(chartSize(spec, 640.4)).toEqual({ width: 640, height: 400 });
    expect(chartSize(spec, 450)).toEqual({ width: 450, height: 360 });
    expect(chartSize(spec, 100)).toEqual({ width: 300, height: 280 });
    expect(chartSize(spec, 2000)).toEqual({ width: 860, height: 400 });
    expect(chartSize({ width: 600, height: 1000 }, 400)).toEqual({ width: 400, height: 727 });
  });
});

describe("the worker's messages", () => {
  const result = { id: "x" } as unknown as ExperimentResult;

  it("end a run with its result, null when aborted, an Error with the worker's message", () => {
    expect(settlement({ type: "done", result })).toBe(result);
    expect(settlement({ type: "aborted" })).toBeNull();
    const e = settlement({ type: "error", message: "bad option" });
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toBe("bad option");
  });

  it("progress is posted at most every 60 ms, the final step always", () => {
    expect(postProgress(100, 50, 1, 10)).toBe(false);
    expect(postProgress(110, 50, 1, 10)).toBe(true);
    expect(postProgress(109, 50, 1, 10)).toBe(false);
    expect(postProgress(100, 50, 10, 10)).toBe(true);
    expect(postProgress(0, -Infinity, 1, 10)).toBe(true);
  });

  it("Run all's bar: the experiments done plus the share of the current one", () => {
    expect(overallProgress(1, 4, 5, 10)).toBe(0.375);
    expect(overallProgress(0, 4, 0, 0)).toBe(0);
    expect(overallProgress(3, 4, 10, 10)).toBe(1);
    expect(overallProgress(2, 4, 3, 0)).toBe(0.5);
  });

  const tiny = { depth: 3, width: 4, batch: 8, functions: "sigmoid,relu", "train-steps": 2 };

  it("a run posts its progress and then its result", async () => {
    const got: FromWorker[] = [];
    let t = 0;
    await runMessage({ type: "run", id: "gradient-flow", options: tiny, seeds: 2, quick: true }, new AbortController().signal, (m) => got.push(m), () => (t += 100));
    const last = got.pop()!;
    expect(last.type).toBe("done");
    expect(last.type === "done" && last.result.id).toBe("gradient-flow");
    expect(last.type === "done" && last.result.seeds).toEqual([1, 2]);
    expect(last.type === "done" && last.result.config).toMatchObject({ depth: 3, width: 4 });
    expect(got.length).toBeGreaterThan(1);
    expect(got.every((m) => m.type === "progress")).toBe(true);
    const p = got as Extract<FromWorker, { type: "progress" }>[];
    expect(p.at(-1)!.done).toBe(p.at(-1)!.total);
    expect(p.every((m, i) => i === 0 || m.done >= p[i - 1].done)).toBe(true);
  });

  it("with the clock standing still only the first and the final progress are posted", async () => {
    const got: FromWorker[] = [];
    await runMessage({ type: "run", id: "gradient-flow", options: tiny, seeds: 2, quick: true }, new AbortController().signal, (m) => got.push(m), () => 0);
    const p = got.filter((m): m is Extract<FromWorker, { type: "progress" }> => m.type === "progress");
    expect(p.length).toBe(2);
    expect(p[0].done).toBeLessThan(p[0].total);
    expect(p[1].done).toBe(p[1].total);
    expect(got.at(-1)!.type).toBe("done");
  });

  it("an aborted run ends with 'aborted' and no result", async () => {
    const got: FromWorker[] = [];
    const c = new AbortController();
    await runMessage({ type: "run", id: "gradient-flow", options: tiny, seeds: 2, quick: true }, c.signal, (m) => {
      got.push(m);
      c.abort();
    });
    expect(got.at(-1)).toEqual({ type: "aborted" });
    expect(got.some((m) => m.type === "done" || m.type === "error")).toBe(false);
    const pre = new AbortController();
    pre.abort();
    const got2: FromWorker[] = [];
    await runMessage({ type: "run", id: "gradient-flow", options: tiny, seeds: 2, quick: true }, pre.signal, (m) => got2.push(m));
    expect(got2.at(-1)).toEqual({ type: "aborted" });
    // Cancelled as the last step finished: the result is not shown.
    const late = new AbortController();
    const got3: FromWorker[] = [];
    await runMessage({ type: "run", id: "gradient-flow", options: tiny, seeds: 2, quick: true }, late.signal, (m) => {
      got3.push(m);
      if (m.type === "progress" && m.done === m.total) late.abort();
    });
    expect(got3.at(-1)).toEqual({ type: "aborted" });
    // Whatever else goes wrong after a cancel, the run counts as cancelled.
    const got4: FromWorker[] = [];
    await runMessage({ type: "run", id: "nope", options: {}, quick: true }, pre.signal, (m) => got4.push(m));
    expect(got4).toEqual([{ type: "aborted" }]);
  });

  it("a failing run ends with one error line", async () => {
    const got: FromWorker[] = [];
    await runMessage({ type: "run", id: "nope", options: {}, quick: true }, new AbortController().signal, (m) => got.push(m));
    expect(got).toHaveLength(1);
    expect(got[0].type).toBe("error");
    expect(got[0].type === "error" && got[0].message.startsWith("unknown experiment: nope (known: ")).toBe(true);
    const bad: FromWorker[] = [];
    await runMessage({ type: "run", id: "gradient-flow", options: { depth: "abc" }, quick: true }, new AbortController().signal, (m) => bad.push(m));
    expect(bad).toEqual([{ type: "error", message: "experiment gradient-flow: invalid --depth: abc (must be a number)" }]);
  });
});
