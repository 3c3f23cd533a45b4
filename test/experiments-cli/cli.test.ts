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
  execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
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
    expect(data[0].options.map((o: { name: string }) => o.name)).toEqual(["depth", "gain", "functions", "work", "fail", "diverge"]);
    expect(data[0].claim.article).toBe("容易梯度消失");
  });
});

describe("actlab experiment run", () => {
  it("actlab experiment run --json prints one ExperimentResult, equal to the experiment's sequential run()", async () => {
    const r = run("experiment", "run", "fake-gradient", "--depth", "6", "--functions", "sigmoid,relu", "--seeds", "4", "--json");
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toHaveLength(1);
    const got = JSON.parse(r.out) as ExperimentResult;
    expect(Object.keys(got).sort()).toEqual(["config", "figures", "id", "perSeed", "quantities", "seconds", "seeds", "summary", "table", "verdict"]);
    // Each quantity: median, its interval, seeds finished and diverged.
    expect(Object.keys(got.summary["sigmoid.gradRatio"]).sort()).toEqual(["ci", "diverged", "max", "median", "min", "n"]);
    expect(got.seeds).toEqual([1, 2, 3, 4]);
    expect(got.config).toMatchObject({ depth: 6, functions: ["sigmoid", "relu"] });
    expect(got.verdict.verdict).toBe("holds");
    expect(got.verdict.parts).toBeUndefined();
    expect(r.err).toMatch(/total \d+\.\d\d s/);
    // The same seeds in turn, in this process: the worker pool must not change a number.
    const exp = (fakes as Experiment[])[0];
    const want = await exp.run(resolveOptions(exp, { depth: 6, functions: ["sigmoid", "relu"] }, false), { seeds: 4 });
    expect(timeless(got)).toEqual(timeless(want));
  });

  it("actlab experiment run prints the claim, the numbers as a labelled table, the verdict with its parts and the total time", () => {
    const r = run("experiment", "run", "fake-gradient", "--seeds", "4", "--diverge", "3", "--lang", "zh");
    expect(r.code).toBe(0);
    expect(r.out).toContain("论断：sigmoid 的梯度随深度消失。");
    // Functions by quantities, with labels and units; never the internal keys.
    expect(r.out).toMatch(/函数\s+梯度比（第 1 层\/顶层；×）\s+顶层梯度范数/);
    expect(r.out).toMatch(/Sigmoid\s+\S+ \[\S+, \S+\]\s+\S+ \[\S+, \S+\]\n/);
    // tanh's third seed diverged: counted in both of its cells.
    expect(r.out).toMatch(/Tanh\s+\S+ \[\S+, \S+\] ✕1\/4\s+\S+ \[\S+, \S+\] ✕1\/4\n/);
    expect(r.out).not.toContain("gradRatio");
    expect(r.out).toMatch(/结论：部分成立/);
    expect(r.out).toMatch(/子论断：\n  - sigmoid 的梯度消失 — 成立\n      比值 \S+\n  - tanh 的梯度消失 — 在此规模下无法判定\n      区间跨过阈值\n/);
    expect(r.out).toContain("原文：容易梯度消失（sigmoid, relu）");
    expect(r.out).toMatch(/total \d+\.\d\d s \(4 seeds/);
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
    expect(out).toContain("verdict: mixed");
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
    ["SIGHUP", 129],
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
    expect(r.out).toMatch(/fake-gradient\s+部分成立/);
    expect(r.out).toMatch(/total \d+\.\d s/);
    // One language: today's layout, everything in the folder itself.
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
    expect(md).toContain("> 原文（sigmoid, relu）：容易梯度消失");
    expect(md).toContain("## 1. 假的梯度比（`fake-gradient`）");
    expect(md).toContain("![各层梯度范数](figures/fake-gradient/grad-norms.png)");
    expect(md).toMatch(/\*\*结论：部分成立\*\*\n\n- 规则：sigmoid 的中位比值比 ReLU 小 100 倍以上即成立\n- 依据：sigmoid \S+，ReLU \S+\n- 子论断：\n  - sigmoid 的梯度消失 — \*\*成立\*\*：比值 \S+\n  - tanh 的梯度消失 — \*\*在此规模下无法判定\*\*：区间跨过阈值\n/);
    // The numbers: a table of functions by labelled quantities, never the internal keys.
    expect(md).toContain("| 函数 | 梯度比（第 1 层/顶层；×） | 顶层梯度范数 |");
    expect(md).not.toMatch(/sigmoid\.gradRatio|relu\.bornDead/);
    // The method: seeds, median, bootstrap interval, the 80 % rule, the four verdicts.
    expect(md).toContain("## 方法");
    for (const words of ["至少运行 10 个随机种子", "中位数", "95 % 百分位自助法区间", "2000 次", "按种子配对", "80 %", "成立——", "在此规模下不成立——", "在此规模下无法判定——", "部分成立——"]) expect(md).toContain(words);
    // The comparison table: medians with intervals, the article's marks, and whether they agree.
    const results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    const ratio = results.results[0].table.sigmoid.gradRatio;
    expect(md).toContain("## 总结对比（实测）");
    // Column labels from the module's TABLE_COLUMNS; the article's marks from its sentences.
    expect(md).toContain("| 函数 | 梯度比（假） | 初始即死（假） |");
    const exp3 = (v: number) => v.toExponential(2).replace("e-", "e−").replace(/\./g, "\\.");
    expect(md).toMatch(new RegExp(`\\| \\*\\*Sigmoid\\*\\* \\| ${exp3(ratio.median)} \\[${exp3(ratio.ci[0])}, ${exp3(ratio.ci[1])}\\] ✗ = \\|`));
    // ReLU: ✓ and the measurement agrees on gradients; ✗ and it contradicts on born-dead nets.
    expect(md).toMatch(/\| \*\*ReLU\*\* \| [\d.]+ \[[\d.]+, [\d.]+\] ✓ = \| [\d.]+ \[[\d.]+, [\d.]+\] ✗ ≠ \|/);
    // Tanh: undecided (?); its grid cell is empty: the article is silent on it and the fake measured only ReLU.
    expect(md).toMatch(/\| \*\*Tanh\*\* \| [\d.]+ \[[\d.]+, [\d.]+\] ✗ \? \|  \|/);
    // Every symbol of the table is explained.
    for (const sym of ["- ✓ — ", "- ✗ — ", "- = — ", "- ≠ — ", "- ? — ", "- ✕k/n — ", "- – ✓, – ✗ — "]) expect(md).toContain(sym);
    expect(md).toContain("## 参考文献");
    expect(md).toContain("Glorot and Y. Bengio (2010)");
    expect(md).toContain("arXiv:1706.02515");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<(script|link|img)\b|src=|url\(http/);
    expect(html).toContain('<span class="verdict inconclusive">在此规模下无法判定</span>');
    expect(html).toMatch(/<span class="contradicts" title="实测与原文相反">≠<\/span>/);
    expect(results.results.map((x: ExperimentResult) => x.id)).toEqual(["fake-gradient", "fake-grid"]);
  });

  it.each([
    ["SIGHUP", 129],
    ["SIGTERM", 143],
  ] as const)("actlab report --out stops on %s (the terminal closed): exit %d, no staging folder left, nothing written", async (signal, code) => {
    const dir = join(tmp, `report-${signal}`);
    const mod = join(tmp, `slow-${signal}.mjs`);
    // fake-gradient with 30 s of work per seed by default: without a clean stop this test would time out.
    writeFileSync(mod, `import { experiments as e } from ${JSON.stringify(fixture)};\nconst g = e[0];\nexport const experiments = [{ ...g, options: g.options.map((o) => (o.name === "work" ? { ...o, default: 30000 } : o)) }, e[1]];\n`);
    const child = spawn(process.execPath, [bin, "report", "--out", dir, "--seeds", "3"], { cwd: root, env: { ...env, ACTLAB_EXPERIMENTS: mod } });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    for (let i = 0; i < 400 && !tree(dir).some((f) => f.startsWith(".actlab-staging")); i++) await new Promise((r) => setTimeout(r, 50));
    expect(tree(dir).some((f) => f.startsWith(".actlab-staging"))).toBe(true);
    child.kill(signal);
    const exit = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(exit, err).toBe(code);
    expect(err).toContain(`interrupted (${signal}): workers stopped, nothing written`);
    expect(existsSync(dir)).toBe(false);
  });

  it("actlab report marks diverged seeds in the tables (✕k/n) and the figures (a red ring with a legend)", () => {
    const dir = join(tmp, "report-diverged");
    const mod = join(tmp, "diverging.mjs");
    // fake-gradient with tanh's seed 2 diverging (its --diverge option set to 2 by default).
    writeFileSync(mod, `import { experiments as e } from ${JSON.stringify(fixture)};\nconst g = e[0];\nexport const experiments = [{ ...g, options: g.options.map((o) => (o.name === "diverge" ? { ...o, default: 2 } : o)) }];\nexport { TABLE_COLUMNS } from ${JSON.stringify(fixture)};\n`);
    const r = spawnSync(process.execPath, [bin, "report", "--out", dir, "--seeds", "5"], { cwd: root, encoding: "utf8", env: { ...env, ACTLAB_EXPERIMENTS: mod } });
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(join(dir, "report.md"), "utf8");
    expect(md).toMatch(/\| Tanh \| \S+ \[\S+, \S+\] ✕1\/5 \| \S+ \[\S+, \S+\] ✕1\/5 \|/);
    expect(md).toMatch(/\| \*\*Tanh\*\* \| \S+ \[\S+, \S+\] ✕1\/5 ✗ \? \|/);
    const svg = readFileSync(join(dir, "figures", "fake-gradient", "grad-norms.svg"), "utf8");
    expect(svg).toContain("k seeds diverged here");
    // A ring (red) and "✕1" at each of tanh's 8 layers.
    expect(svg).toMatch(/stroke="#d00000"/);
    expect(svg.match(/>✕1</g)?.length).toBe(8);
  });

  it("actlab report --lang en,zh runs once and writes results.json with en/ and zh/; --from renders it again without running", () => {
    const dir = join(tmp, "report-both");
    const r = run("report", "--out", dir, "--seeds", "3", "--lang", "en,zh");
    expect(r.code, r.err).toBe(0);
    const files = tree(dir);
    expect(files.filter((f) => !f.includes("/") || f.split("/").length === 2).filter((f) => /\.(json|md|html)$/.test(f))).toEqual(["en/report.html", "en/report.md", "results.json", "zh/report.html", "zh/report.md"]);
    for (const lang of ["en", "zh"]) for (const f of ["grad-norms", "born-dead", "centred"]) expect(files.some((x) => x.startsWith(`${lang}/figures/`) && x.endsWith(`${f}.png`))).toBe(true);
    const en = readFileSync(join(dir, "en", "report.md"), "utf8");
    const zh = readFileSync(join(dir, "zh", "report.md"), "utf8");
    expect(en).toContain("## Method");
    expect(zh).toContain("## 方法");
    // One run: both languages show the very same numbers.
    const cells = (md: string) => md.match(/\d[\d.e−]* \[[^\]]+, [^\]]+\]/g);
    expect(cells(en)).toEqual(cells(zh));
    // --from: the same report without running (fast, byte-identical pages).
    const again = join(tmp, "report-from");
    const f = run("report", "--from", join(dir, "results.json"), "--lang", "zh", "--out", again);
    expect(f.code, f.err).toBe(0);
    expect(readFileSync(join(again, "report.md"), "utf8")).toBe(zh);
    expect(readFileSync(join(again, "results.json"), "utf8")).toBe(readFileSync(join(dir, "results.json"), "utf8"));
    expect(tree(again)).toContain("figures/fake-grid/centred.svg");
  });

  it.each([
    [["report", "--from", "/nonexistent/results.json", "--out", "x"], /cannot read --from \/nonexistent\/results\.json: no such file/],
    [["report", "--from", "package.json", "--out", "x"], /--from package\.json is not the results\.json of actlab report \(no results array\)/],
    [["report", "--from", "README.md", "--out", "x"], /--from README\.md is not valid JSON/],
    [["report", "--from", "package.json", "--quick", "--out", "x"], /--from renders the results it reads without running: --quick and --seeds do not apply/],
    [["report", "--lang", "en,fr"], /invalid language: 'fr' \(use en, zh or en,zh\)/],
    [["report", "--lang", "zh,zh"], /a language is named twice/],
  ])("actlab %j fails with one line, exit 2, nothing written", (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(root, "x"))).toBe(false);
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
