/**
 * `actlab experiment` and `actlab report` as a user runs them: the built bin in a child process,
 * on two small fake experiments (test/experiments-cli/fixtures) loaded through ACTLAB_EXPERIMENTS.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import type { Experiment, ExperimentResult } from "../../packages/actlab/src/experiments/types.js";
// @ts-expect-error: a plain ES module without types (it is what the built CLI loads)
import { experiments as fakes } from "./fixtures/fake-experiments.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/fake-experiments.mjs", import.meta.url));
const env = { ...process.env, ACTLAB_EXPERIMENTS: fixture };
const tmp = mkdtempSync(join(tmpdir(), "actlab-exp-"));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file under `dir`, relative, sorted (hidden staging folders included). */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .map((d) => join(d.parentPath ?? (d as unknown as { path: string }).path, d.name).slice(dir.length + 1))
    .sort();
}

/** A result without its wall-clock time (the only field two equal runs may differ in). */
const timeless = (r: ExperimentResult) => JSON.parse(JSON.stringify({ ...r, seconds: 0 }));

beforeAll(() => {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("actlab experiment list", () => {
  it("actlab experiment list names each experiment with its claim, the article's words and its options", () => {
    const r = run("experiment", "list");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/fake-gradient\s+Fake gradient ratio/);
    expect(r.out).toContain("容易梯度消失");
    expect(r.out).toMatch(/--depth <n>\s+hidden layers \(integer 1…60; default 8\)/);
    expect(run("experiment", "list", "--lang", "zh").out).toContain("隐藏层数");
  });

  it("actlab experiment list --json gives id, title, claim and options of each", () => {
    const data = JSON.parse(run("experiment", "list", "--json").out);
    expect(data.map((d: { id: string }) => d.id)).toEqual(["fake-gradient", "fake-grid"]);
    expect(data[0].options.map((o: { name: string }) => o.name)).toEqual(["depth", "gain", "functions", "work", "fail"]);
    expect(data[0].claim.article).toBe("容易梯度消失");
  });
});

describe("actlab experiment run", () => {
  it("actlab experiment run --json prints one ExperimentResult, equal to the experiment's sequential run()", async () => {
    const r = run("experiment", "run", "fake-gradient", "--depth", "6", "--functions", "sigmoid,relu", "--seeds", "4", "--json");
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toHaveLength(1);
    const got = JSON.parse(r.out) as ExperimentResult;
    expect(Object.keys(got).sort()).toEqual(["config", "figures", "id", "perSeed", "seconds", "seeds", "summary", "table", "verdict"]);
    expect(got.seeds).toEqual([1, 2, 3, 4]);
    expect(got.config).toMatchObject({ depth: 6, functions: ["sigmoid", "relu"] });
    expect(got.verdict.verdict).toBe("holds");
    expect(r.err).toMatch(/total \d+\.\d\d s/);
    // The same seeds in turn, in this process: the worker pool must not change a number.
    const exp = (fakes as Experiment[])[0];
    const want = await exp.run(resolveOptions(exp, { depth: 6, functions: ["sigmoid", "relu"] }, false), { seeds: 4 });
    expect(timeless(got)).toEqual(timeless(want));
  });

  it("actlab experiment run prints the claim, the summaries, the verdict and the total time", () => {
    const r = run("experiment", "run", "fake-gradient", "--seeds", "2", "--lang", "zh");
    expect(r.code).toBe(0);
    expect(r.out).toContain("论断：sigmoid 的梯度随深度消失。");
    expect(r.out).toMatch(/sigmoid\.gradRatio\s+中位数/);
    expect(r.out).toMatch(/结论：成立/);
    expect(r.out).toMatch(/total \d+\.\d\d s \(2 seeds/);
    // Not a terminal: no progress bar.
    expect(r.err).toBe("");
  });

  it.skipIf(!existsSync("/usr/bin/script"))("actlab experiment run on a terminal shows a progress bar fed by the workers", () => {
    // script(1) gives the command a pseudo-terminal, as a user's shell would.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} experiment run fake-gradient --work 1200 --seeds 2`;
    const out = execFileSync("script", ["-qec", cmd, "/dev/null"], { cwd: root, env, encoding: "utf8" });
    // Progress inside a seed (25%, 50% …) comes through the task's message port, not just seed ends.
    expect(out).toMatch(/fake-gradient [█░]+ (25|37|50)% \| seeds 0\/2/);
    expect(out).toMatch(/100% \| seeds 2\/2/);
    expect(out).toContain("verdict: holds");
  });

  it("actlab experiment run --out writes each figure as SVG and PNG and result.json, nothing else", () => {
    const dir = join(tmp, "run-out");
    const r = run("experiment", "run", "fake-grid", "--seeds", "3", "--out", dir);
    expect(r.code).toBe(0);
    expect(tree(dir)).toEqual(["born-dead.png", "born-dead.svg", "centred.png", "centred.svg", "result.json"]);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    expect(result.seeds).toEqual([1, 2, 3]);
    // NaN survives as a string instead of JSON's silent null.
    expect(result.figures[0].heatmap.values[0][0]).toBe("NaN");
    const png = PNG.sync.read(readFileSync(join(dir, "born-dead.png")));
    expect([png.width, png.height]).toEqual([560, 420]);
    expect(readFileSync(join(dir, "born-dead.svg"), "utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it.each([
    [["experiment", "run", "nope"], /unknown experiment: nope \(known: fake-gradient, fake-grid/],
    [["experiment", "run", "fake-gradient", "--depth", "0"], /invalid --depth for fake-gradient: '0' \(must be ≥ 1\)/],
    [["experiment", "run", "fake-gradient", "--depth", "2.5"], /invalid --depth for fake-gradient: '2.5' \(expected an integer\)/],
    [["experiment", "run", "fake-gradient", "--gain", "abc"], /invalid --gain for fake-gradient: 'abc' \(expected a number\)/],
    [["experiment", "run", "fake-gradient", "--functions", "relu,gelu"], /invalid --functions for fake-gradient: 'gelu' \(use sigmoid, tanh, relu\)/],
    [["experiment", "run", "fake-gradient", "--width", "3"], /unknown option --width for experiment fake-gradient \(its options: --depth, --gain/],
    [["experiment", "run", "fake-gradient", "--depth"], /--depth needs a value/],
    [["experiment", "run", "fake-gradient", "--seeds", "0"], /invalid --seeds: '0'/],
    [["experiment", "run", "fake-gradient", "--lang", "fr"], /invalid language: 'fr'/],
    [["experiment", "run", "--depth", "3", "fake-gradient"], /give the experiment id first/],
  ])("actlab %j fails with one line, exit 2, no stack trace", (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("actlab experiment run with a failing seed exits 1 and writes nothing, not even the folder", () => {
    const dir = join(tmp, "fail-new", "deeper");
    const r = run("experiment", "run", "fake-gradient", "--fail", "2", "--seeds", "3", "--out", dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^actlab: fake-gradient failed on seed 2: fake failure on seed 2; nothing written\n$/);
    expect(existsSync(join(tmp, "fail-new"))).toBe(false);
  });

  it("actlab experiment run --out into a folder that holds files leaves them as they were on failure", () => {
    const dir = join(tmp, "fail-existing");
    mkdirSync(dir);
    writeFileSync(join(dir, "keep.txt"), "mine");
    const r = run("experiment", "run", "fake-gradient", "--fail", "1", "--out", dir);
    expect(r.code).toBe(1);
    expect(tree(dir)).toEqual(["keep.txt"]);
  });

  it("actlab experiment run --out onto a file fails at once with one line, before computing", () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "x");
    const t0 = performance.now();
    const r = run("experiment", "run", "fake-gradient", "--work", "20000", "--out", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write '.*a-file': a file is in the way/);
    expect(performance.now() - t0).toBeLessThan(15000);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("actlab experiment run stops on %s: workers terminated, exit %d, nothing written", async (signal, code) => {
    const dir = join(tmp, `interrupted-${signal}`);
    // Each seed takes 30 s of work: without a clean stop this test would time out.
    const child = spawn(process.execPath, [bin, "experiment", "run", "fake-gradient", "--work", "30000", "--seeds", "4", "--out", dir], { cwd: root, env });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    // Wait until the run is under way (its staging folder exists), then stop it.
    for (let i = 0; i < 200 && !tree(dir).some((f) => f.startsWith(".actlab-staging")); i++) await new Promise((r) => setTimeout(r, 50));
    expect(tree(dir).some((f) => f.startsWith(".actlab-staging"))).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    child.kill(signal);
    const exit = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(exit).toBe(code);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(err).toContain(`interrupted (${signal}): workers stopped, nothing written`);
    expect(existsSync(dir)).toBe(false);
  });
});

describe("actlab report", () => {
  it("actlab report writes report.md, a self-contained report.html, results.json and every figure", () => {
    const dir = join(tmp, "report");
    const r = run("report", "--out", dir, "--seeds", "3", "--lang", "zh");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/fake-gradient\s+成立/);
    expect(r.out).toMatch(/total \d+\.\d s/);
    expect(tree(dir)).toEqual([
      "figures",
      "figures/fake-gradient",
      "figures/fake-gradient/grad-norms.png",
      "figures/fake-gradient/grad-norms.svg",
      "figures/fake-grid",
      "figures/fake-grid/born-dead.png",
      "figures/fake-grid/born-dead.svg",
      "figures/fake-grid/centred.png",
      "figures/fake-grid/centred.svg",
      "report.html",
      "report.md",
      "results.json",
    ]);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toContain("> 原文 (sigmoid, relu)：容易梯度消失");
    expect(md).toContain("![各层梯度范数](figures/fake-gradient/grad-norms.png)");
    expect(md).toMatch(/\*\*结论：成立\*\*\n\n- 规则：sigmoid 的中位比值比 ReLU 小 100 倍以上即成立\n- 依据：sigmoid \S+，ReLU \S+\n/);
    // The comparison table: measured medians beside the article's marks.
    const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    const ratio = results.results[0].table.sigmoid.gradRatio;
    expect(md).toContain("## 总结对比（实测）");
    // Column labels from the module's TABLE_COLUMNS; the article's marks from its sentences.
    expect(md).toContain("| 函数 | 梯度比（假） | 初始即死（假） |");
    expect(md).toMatch(new RegExp(`\\| \\*\\*Sigmoid\\*\\* \\| ${ratio.toExponential(2).replace("e-", "e−").replace(/\./g, "\\.")} ✗ \\|`));
    expect(md).toMatch(/\| \*\*ReLU\*\* \| [\d.]+ ✓ \| [\d.]+ ✗ \|/);
    // Tanh's grid cell: the article is silent on born-dead nets and the fake measured only ReLU.
    expect(md).toMatch(/\| \*\*Tanh\*\* \| [\d.]+ ✗ \|  \|/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<(script|link|img)\b|src=|url\(http/);
    expect(results.results.map((x: ExperimentResult) => x.id)).toEqual(["fake-gradient", "fake-grid"]);
  });

  it("actlab report runs a timing experiment after the others, one seed at a time", () => {
    const dir = join(tmp, "report-timing");
    const mod = join(tmp, "timing.mjs");
    // Two experiments whose seeds record when they ran (wall-clock ms); "clock" measures time.
    writeFileSync(
      mod,
      `const make = (id, extra) => {
  const e = {
    id, title: { en: id, zh: id }, claim: { en: id, zh: id, article: "-", functions: [] }, options: [], ...extra,
    async runSeed() { const start = performance.timeOrigin + performance.now(); while (performance.timeOrigin + performance.now() - start < 150) {} return { start, end: performance.timeOrigin + performance.now() }; },
    summarise(o, seeds, perSeed, seconds) { return { id, config: {}, seeds, perSeed, summary: {}, figures: [], verdict: { verdict: "mixed", rule: { en: "-", zh: "-" }, because: { en: "-", zh: "-" } }, seconds }; },
  };
  return e;
};
export const experiments = [make("cost", {}), make("busy", {}), make("clock", { measuresTime: true })];
`,
    );
    const r = spawnSync(process.execPath, [bin, "report", "--out", dir, "--seeds", "3"], { cwd: root, encoding: "utf8", env: { ...env, ACTLAB_EXPERIMENTS: mod } });
    expect(r.status, r.stderr).toBe(0);
    const { results } = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as { results: Array<{ id: string; perSeed: Array<{ start: number; end: number }> }> };
    // Results keep the modules' order even though the timed ones ran last.
    expect(results.map((x) => x.id)).toEqual(["cost", "busy", "clock"]);
    const busyEnd = Math.max(...results[1].perSeed.map((p) => p.end));
    for (const timed of [results[0], results[2]]) {
      const spans = [...timed.perSeed].sort((a, b) => a.start - b.start);
      expect(spans[0].start).toBeGreaterThanOrEqual(busyEnd);
      for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
    }
  });

  it("actlab report with a failing experiment writes nothing", () => {
    const dir = join(tmp, "report-fail");
    const bad = join(tmp, "bad.mjs");
    writeFileSync(bad, `import { experiments as e } from ${JSON.stringify(fixture)};\nexport const experiments = [e[0], { ...e[1], runSeed: async () => { throw new Error("broken"); } }];\n`);
    const r = spawnSync(process.execPath, [bin, "report", "--out", dir], { cwd: root, encoding: "utf8", env: { ...env, ACTLAB_EXPERIMENTS: bad } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fake-grid failed on seed \d: broken; nothing written/);
    expect(existsSync(dir)).toBe(false);
  });
});
