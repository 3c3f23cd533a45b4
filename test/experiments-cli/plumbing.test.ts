/**
 * The CLI's experiment plumbing, in process (so mutation testing sees it): what an
 * ACTLAB_EXPERIMENTS module must hand over (experiment-check.ts), how it is loaded and found
 * (experiment-load.ts), and the experiment flags with their help (experiment-options.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Experiment, ExperimentOption } from "../../packages/actlab/src/experiments/types.js";
import { UsageError } from "../../packages/cli/src/errors.js";
import { checkExperiments, experimentProblem, resultProblem } from "../../packages/cli/src/experiment-check.js";
import { defaultSeedCount, findExperiment, loadExperiments, seedList } from "../../packages/cli/src/experiment-load.js";
import { optionsHelp, parseExperimentFlags, parseOptionValue } from "../../packages/cli/src/experiment-options.js";

const fixture = fileURLToPath(new URL("./fixtures/fake-experiments.mjs", import.meta.url));
const bi = (s: string) => ({ en: s, zh: s });

/** A well-formed experiment; `patch` spoils one field. */
function good(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "ok",
    title: bi("T"),
    claim: { ...bi("c"), article: "a", functions: ["relu"] },
    options: [{ name: "depth", type: "integer", default: 3, description: bi("d") }],
    runSeed: () => 1,
    summarise: () => ({}),
    ...patch,
  };
}

describe("experimentProblem: what is wrong with an entry, in words", () => {
  it.each([
    [null, "is null, not an experiment object"],
    [undefined, "is undefined, not an experiment object"],
    [3, "is 3, not an experiment object"],
    ["x", 'is "x", not an experiment object'],
    [[1], "is an array, not an experiment object"],
  ])("%j %s", (e, why) => expect(experimentProblem(e)).toBe(why));

  it.each([
    [{ id: undefined }, "has no id (a non-empty string; got undefined)"],
    [{ id: "  " }, 'has no id (a non-empty string; got "  ")'],
    [{ id: 7 }, "has no id (a non-empty string; got 7)"],
    [{ id: { a: 1 } }, "has no id (a non-empty string; got an object)"],
    [{ title: "T" }, "has no title { en, zh }"],
    [{ title: { en: "T" } }, "has no title { en, zh }"],
    [{ title: { zh: "T" } }, "has no title { en, zh }"],
    [{ claim: "c" }, "has no claim { en, zh, article, functions }"],
    [{ claim: { ...bi("c"), functions: [] } }, "has no claim { en, zh, article, functions }"],
    [{ claim: { ...bi("c"), article: "a" } }, "has no claim { en, zh, article, functions }"],
    [{ claim: { en: "c", article: "a", functions: [] } }, "has no claim { en, zh, article, functions }"],
    [{ options: undefined }, "has no options array (got undefined; use [] for none)"],
    [{ options: {} }, "has no options array (got an object; use [] for none)"],
    [{ options: [null] }, "options[0] has no name"],
    [{ options: [{ type: "integer" }] }, "options[0] has no name"],
    [{ options: [{ name: "" }] }, "options[0] has no name"],
    [{ options: [{ name: "a", type: "integer", default: 1, description: bi("d") }, { name: "b", type: "float" }] }, 'option b has type "float" (use number, integer, string or list)'],
    [{ options: [{ name: "b", type: "number", description: bi("d") }] }, "option b has no default"],
    [{ options: [{ name: "b", type: "list", default: [], description: "d" }] }, "option b has no description { en, zh }"],
    [{ runSeed: "f" }, "has no runSeed function"],
    [{ summarise: undefined }, "has no summarise function"],
  ])("%j: %s", (patch, why) => expect(experimentProblem(good(patch))).toBe(why));

  it("a good entry has no problem, with every option type and no options", () => {
    expect(experimentProblem(good())).toBeUndefined();
    expect(experimentProblem(good({ options: [] }))).toBeUndefined();
    for (const type of ["number", "integer", "string", "list"]) expect(experimentProblem(good({ options: [{ name: "x", type, default: 0, description: bi("d") }] }))).toBeUndefined();
  });
});

describe("checkExperiments: the first wrong entry, named by id when it has one, and repeated ids", () => {
  it("names the module, the entry and the problem", () => {
    expect(() => checkExperiments([good(), null], "M")).toThrow("M: experiments[1] is null, not an experiment object");
    expect(() => checkExperiments([good({ id: "two", runSeed: 1 })], "M")).toThrow("M: experiment two (experiments[0]) has no runSeed function");
    expect(() => checkExperiments([good({ id: " " })], "M")).toThrow('M: experiments[0] has no id (a non-empty string; got " ")');
    expect(() => checkExperiments([good(), good({ title: bi("U") })], "M")).toThrow("M: experiment ok (experiments[1]) repeats the id ok");
  });

  it("returns the list itself when every entry is good", () => {
    const list = [good(), good({ id: "b" })];
    expect(checkExperiments(list, "M")).toBe(list);
    expect(checkExperiments([], "M")).toEqual([]);
  });
});

describe("resultProblem: what a summarise returned that the writers cannot show", () => {
  const ok = () => ({ id: "r", config: {}, seeds: [1], perSeed: [1], summary: {}, figures: [], verdict: { verdict: "holds", rule: bi("r"), because: bi("b") } });
  it("a good result, with or without quantities and parts", () => {
    expect(resultProblem(ok())).toBeUndefined();
    expect(resultProblem({ ...ok(), quantities: {} })).toBeUndefined();
    for (const v of ["holds", "does-not-hold", "inconclusive", "mixed"]) {
      expect(resultProblem({ ...ok(), verdict: { ...ok().verdict, verdict: v, parts: [{ verdict: v, claim: bi("c"), because: bi("b") }] } })).toBeUndefined();
    }
  });
  it.each([
    [null, "null, not a result object"],
    [[], "an array, not a result object"],
    [{}, "a result without id, config, seeds, perSeed, summary, figures, verdict"],
  ])("%j → %s", (r, why) => expect(resultProblem(r)).toBe(why));
  it("each field", () => {
    const r = ok();
    const { summary: _s, figures: _f, ...lacking } = r;
    expect(resultProblem(lacking)).toBe("a result without summary, figures");
    expect(resultProblem({ ...r, id: 5 })).toBe("a result whose id is 5");
    expect(resultProblem({ ...r, config: [] })).toBe("a result whose config or summary is not an object");
    expect(resultProblem({ ...r, summary: 1 })).toBe("a result whose config or summary is not an object");
    expect(resultProblem({ ...r, seeds: {} })).toBe("a result whose seeds, perSeed or figures is not an array");
    expect(resultProblem({ ...r, perSeed: "x" })).toBe("a result whose seeds, perSeed or figures is not an array");
    expect(resultProblem({ ...r, figures: {} })).toBe("a result whose seeds, perSeed or figures is not an array");
    expect(resultProblem({ ...r, quantities: [] })).toBe("a result whose quantities is not an object");
    expect(resultProblem({ ...r, verdict: "holds" })).toBe('a result whose verdict is "holds" (use holds, does-not-hold, inconclusive or mixed)');
    expect(resultProblem({ ...r, verdict: { ...r.verdict, verdict: "yes" } })).toBe('a result whose verdict is "yes" (use holds, does-not-hold, inconclusive or mixed)');
    expect(resultProblem({ ...r, verdict: { ...r.verdict, rule: "r" } })).toBe("a result whose verdict lacks rule { en, zh } or because { en, zh }");
    expect(resultProblem({ ...r, verdict: { ...r.verdict, because: { en: "b" } } })).toBe("a result whose verdict lacks rule { en, zh } or because { en, zh }");
    expect(resultProblem({ ...r, verdict: { ...r.verdict, parts: {} } })).toBe("a result whose verdict.parts is not an array");
    const part = { verdict: "holds", claim: bi("c"), because: bi("b") };
    expect(resultProblem({ ...r, verdict: { ...r.verdict, parts: [part, null] } })).toBe("a result whose verdict.parts[1] lacks claim, verdict or because");
    expect(resultProblem({ ...r, verdict: { ...r.verdict, parts: [{ ...part, verdict: "maybe" }] } })).toBe("a result whose verdict.parts[0] lacks claim, verdict or because");
    expect(resultProblem({ ...r, verdict: { ...r.verdict, parts: [{ ...part, claim: "c" }] } })).toBe("a result whose verdict.parts[0] lacks claim, verdict or because");
    expect(resultProblem({ ...r, verdict: { ...r.verdict, parts: [{ ...part, because: null }] } })).toBe("a result whose verdict.parts[0] lacks claim, verdict or because");
  });
});

describe("loadExperiments and findExperiment", () => {
  const saved = process.env.ACTLAB_EXPERIMENTS;
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "actlab-plumbing-"));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ACTLAB_EXPERIMENTS;
    else process.env.ACTLAB_EXPERIMENTS = saved;
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const mod = (name: string, text: string) => {
    const p = join(tmp, name);
    writeFileSync(p, text);
    process.env.ACTLAB_EXPERIMENTS = p;
    return p;
  };
  const fails = async () => {
    try {
      await loadExperiments();
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error("loaded");
  };

  it("without ACTLAB_EXPERIMENTS: the library's experiments, its resolveOptions and table columns", async () => {
    delete process.env.ACTLAB_EXPERIMENTS;
    const lib = await import("../../packages/actlab/src/experiments/index.js");
    const m = await loadExperiments();
    expect(m.experiments.map((e) => e.id)).toEqual(lib.experiments.map((e) => e.id));
    expect(m.resolveOptions).toBe(lib.resolveOptions);
    expect(m.tableColumns).toEqual((lib as { TABLE_COLUMNS?: unknown }).TABLE_COLUMNS);
    expect(m.url).toMatch(/experiments/);
  });

  it("a module of one's own: its experiments, its URL, its table columns; the library's resolveOptions when it has none", async () => {
    process.env.ACTLAB_EXPERIMENTS = fixture;
    const fx = await import(fixture);
    const m = await loadExperiments();
    expect(m.experiments.map((e) => e.id)).toEqual(["fake-gradient", "fake-grid"]);
    expect(m.url).toBe(pathToFileURL(fixture).href);
    expect(m.tableColumns).toEqual(fx.TABLE_COLUMNS);
    const lib = await import("../../packages/actlab/src/experiments/index.js");
    expect(m.resolveOptions).toBe(lib.resolveOptions);
    const own = mod("own.mjs", `import { experiments as e } from ${JSON.stringify(pathToFileURL(fixture).href)};\nexport const experiments = e;\nexport function resolveOptions() { return { mine: true }; }\n`);
    const m2 = await loadExperiments();
    expect(m2.resolveOptions({} as Experiment, {}, false)).toEqual({ mine: true });
    expect(own).toBeTruthy();
  });

  it("a module that cannot load, exports no array, or has a bad entry: one line naming it", async () => {
    const missing = join(tmp, "missing.mjs");
    process.env.ACTLAB_EXPERIMENTS = missing;
    expect(await fails()).toMatch(new RegExp(`^cannot load ACTLAB_EXPERIMENTS=${missing.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: [^\\n]+$`));
    const p1 = mod("noarray.mjs", "export const experiments = {};\n");
    expect(await fails()).toBe(`ACTLAB_EXPERIMENTS=${p1} does not export an array named experiments`);
    const p2 = mod("nullentry.mjs", "export const experiments = [null];\n");
    expect(await fails()).toBe(`ACTLAB_EXPERIMENTS=${p2}: experiments[0] is null, not an experiment object`);
  });

  it("findExperiment: by id, or a usage error listing the known ids (or none)", async () => {
    process.env.ACTLAB_EXPERIMENTS = fixture;
    const m = await loadExperiments();
    expect(findExperiment(m, "fake-grid").id).toBe("fake-grid");
    expect(() => findExperiment(m, "nope")).toThrow(new UsageError("unknown experiment: nope (known: fake-gradient, fake-grid; see actlab experiment list)"));
    expect(() => findExperiment({ ...m, experiments: [] }, "nope")).toThrow("unknown experiment: nope (known: none; see actlab experiment list)");
  });

  it("seedList and defaultSeedCount: seeds 1…n; an experiment's own counts, else 5 (quick 3)", () => {
    expect(seedList(3)).toEqual([1, 2, 3]);
    expect(seedList(0)).toEqual([]);
    const plain = {} as Experiment;
    expect(defaultSeedCount(plain, false)).toBe(5);
    expect(defaultSeedCount(plain, true)).toBe(3);
    const own = { seeds: { default: 12, quick: 4 } } as unknown as Experiment;
    expect(defaultSeedCount(own, false)).toBe(12);
    expect(defaultSeedCount(own, true)).toBe(4);
    expect(defaultSeedCount({ seeds: { default: 12 } } as unknown as Experiment, true)).toBe(3);
    expect(defaultSeedCount({ seeds: { quick: 4 } } as unknown as Experiment, false)).toBe(5);
  });
});

describe("experiment flags", () => {
  const opt = (o: Partial<ExperimentOption> & { name: string; type: ExperimentOption["type"] }): ExperimentOption => ({ default: 1, description: { en: `about ${o.name}`, zh: `关于 ${o.name}` }, ...o }) as ExperimentOption;
  const exp = {
    id: "fx",
    options: [
      opt({ name: "depth", type: "integer", default: 4, min: 1, max: 10 }),
      opt({ name: "gain", type: "number", default: 1.5, min: 0 }),
      opt({ name: "cap", type: "number", default: 2, max: 5 }),
      opt({ name: "free", type: "number", default: 0 }),
      opt({ name: "mode", type: "string", default: "a", choices: ["a", "b"] }),
      opt({ name: "label", type: "string", default: "x" }),
      opt({ name: "widths", type: "list", default: [2, 3], min: 1, max: 9 }),
      opt({ name: "rates", type: "list", default: [0.5, 1] }),
      opt({ name: "fns", type: "list", default: ["relu", "tanh"], choices: ["relu", "tanh", "elu"] }),
      opt({ name: "tags", type: "list", default: [] }),
    ],
  } as unknown as Experiment;
  const o = (name: string) => exp.options.find((x) => x.name === name) as ExperimentOption;
  const bad = (name: string, text: string) => {
    try {
      parseOptionValue(exp, o(name), text);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error("accepted");
  };

  it("numbers, integers, ranges", () => {
    expect(parseOptionValue(exp, o("depth"), "10")).toBe(10);
    expect(parseOptionValue(exp, o("depth"), "1")).toBe(1);
    expect(bad("depth", "0")).toBe("invalid --depth for fx: '0' (must be ≥ 1)");
    expect(bad("depth", "11")).toBe("invalid --depth for fx: '11' (must be ≤ 10)");
    expect(bad("depth", "2.5")).toBe("invalid --depth for fx: '2.5' (expected an integer)");
    expect(bad("depth", "x")).toBe("invalid --depth for fx: 'x' (expected an integer)");
    expect(bad("gain", "x")).toBe("invalid --gain for fx: 'x' (expected a number)");
    expect(bad("gain", "inf")).toBe("invalid --gain for fx: 'inf' (must be finite)");
    expect(bad("gain", "-1")).toBe("invalid --gain for fx: '-1' (must be ≥ 0)");
    expect(parseOptionValue(exp, o("gain"), "0")).toBe(0);
    expect(parseOptionValue(exp, o("gain"), "2.5")).toBe(2.5);
    expect(parseOptionValue(exp, o("cap"), "-100")).toBe(-100);
    expect(bad("cap", "6")).toBe("invalid --cap for fx: '6' (must be ≤ 5)");
    expect(parseOptionValue(exp, o("free"), "-1e9")).toBe(-1e9);
  });

  it("choices and text", () => {
    expect(parseOptionValue(exp, o("mode"), " b ")).toBe("b");
    expect(bad("mode", "c")).toBe("invalid --mode for fx: 'c' (use a, b)");
    expect(parseOptionValue(exp, o("label"), " any thing ")).toBe("any thing");
  });

  it("lists: numbers (integers when the default is), ids from the choices, empty parts refused, repeats refused", () => {
    expect(parseOptionValue(exp, o("widths"), "3, 2 ,9")).toEqual([3, 2, 9]);
    expect(bad("widths", "2.5")).toBe("invalid --widths for fx: '2.5' (expected an integer)");
    expect(bad("widths", "0,2")).toBe("invalid --widths for fx: '0' (must be ≥ 1)");
    expect(bad("widths", "2,,3")).toBe("invalid --widths for fx: '2,,3' (expected values separated by commas, e.g. 2,3)");
    expect(bad("widths", "2,")).toBe("invalid --widths for fx: '2,' (expected values separated by commas, e.g. 2,3)");
    expect(parseOptionValue(exp, o("rates"), "0.25,2")).toEqual([0.25, 2]);
    expect(parseOptionValue(exp, o("fns"), "elu,relu")).toEqual(["elu", "relu"]);
    expect(bad("fns", "relu,gelu")).toBe("invalid --fns for fx: 'gelu' (use relu, tanh, elu)");
    expect(bad("fns", "tanh,tanh")).toBe("invalid --fns for fx: 'tanh,tanh' (tanh is named twice; give each value once)");
    // An empty default: the values are text.
    expect(parseOptionValue(exp, o("tags"), "1,x")).toEqual(["1", "x"]);
  });

  it("parseExperimentFlags: --name value and --name=value; unknown, missing, repeated and stray arguments are usage errors listing the options", () => {
    expect(parseExperimentFlags(exp, ["--depth", "3", "--mode=b", "--fns=relu"])).toEqual({ depth: 3, mode: "b", fns: ["relu"] });
    expect(parseExperimentFlags(exp, [])).toEqual({});
    expect(parseExperimentFlags(exp, ["--label=--x"])).toEqual({ label: "--x" });
    const names = exp.options.map((x) => `--${x.name}`).join(", ");
    expect(() => parseExperimentFlags(exp, ["3"])).toThrow(`unexpected argument for fx: '3' (its options: ${names})`);
    expect(() => parseExperimentFlags(exp, ["--nope", "1"])).toThrow(`unknown option --nope for experiment fx (its options: ${names})`);
    expect(() => parseExperimentFlags({ ...exp, options: [] } as Experiment, ["--x"])).toThrow("unknown option --x for experiment fx (its options: none)");
    expect(() => parseExperimentFlags(exp, ["--depth"])).toThrow("--depth needs a value (integer 1…10, default 4)");
    expect(() => parseExperimentFlags(exp, ["--depth", "--gain", "1"])).toThrow("--depth needs a value (integer 1…10, default 4)");
    expect(() => parseExperimentFlags(exp, ["--depth", "2", "--depth=3"])).toThrow("--depth given twice");
  });

  it("optionsHelp: flag, type and range, default, description, aligned; in Chinese too", () => {
    expect(optionsHelp(exp)).toEqual([
      "  --depth <n>       about depth (integer 1…10; default 4)",
      "  --gain <n>        about gain (number 0…∞; default 1.5)",
      "  --cap <n>         about cap (number −∞…5; default 2)",
      "  --free <n>        about free (number; default 0)",
      "  --mode <value>    about mode (a|b; default a)",
      "  --label <value>   about label (text; default x)",
      "  --widths <a,b,…>  about widths (list of 1…9; default 2,3)",
      "  --rates <a,b,…>   about rates (list; default 0.5,1)",
      "  --fns <a,b,…>     about fns (list of relu|tanh|elu; default relu,tanh)",
      "  --tags <a,b,…>    about tags (list; default )",
    ]);
    expect(optionsHelp(exp, "zh")[0]).toBe("  --depth <n>       关于 depth (integer 1…10; default 4)");
    expect(optionsHelp({ ...exp, options: [] } as Experiment)).toEqual([]);
  });
});
