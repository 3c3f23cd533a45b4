/**
 * `--data <IDX folder | CSV>` of the experiments that train on a data set (digits, convergence's
 * digits task, mean-activation) and of `actlab report`: they train on the given data, state its
 * source, split and scaling in the result and the report, and their titles give the data's own
 * counts; the other experiments refuse --data in one line naming those that take it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { getExperiment, setDataLoader } from "../../packages/actlab/src/experiments/index.js";
import { loadDataSplit } from "../../packages/actlab/src/node/index.js";
import { toyCsv, writeIdxFolder } from "../data/files.js";
import { actlab } from "./shard-support.js";

const tmp = mkdtempSync(join(tmpdir(), "actlab-data-option-"));
afterAll(() => {
  setDataLoader(undefined);
  rmSync(tmp, { recursive: true, force: true });
});
const env = { ...process.env };
delete env.ACTLAB_EXPERIMENTS;

describe("digits --data", () => {
  it("the CLI runs digits on an IDX folder, the result names the data, its split and scaling", () => {
    const dir = writeIdxFolder(join(tmp, "idx"), { train: 120, test: 30 });
    const r = actlab(["experiment", "run", "digits", "--quick", "--seeds", "2", "--functions", "relu,sigmoid", "--data", dir, "--json"], { env });
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.config.data).toBe(dir);
    expect(res.data).toEqual({ source: `IDX folder ${dir}`, split: "the files' own split: 120 training, 30 test images", scaling: "pixels / 255" });
    expect(res.perSeed[0].runs.relu.test).toHaveLength(4);
    // The titles, labels and rule give the data's own held-out count and name it, in both languages.
    expect(res.figures[0].title.en).toMatch(new RegExp(`^Test accuracy on the 30 held-out images of IDX folder ${dir} \\(`));
    expect(res.figures[0].title.zh).toMatch(new RegExp(`^IDX 文件夹 ${dir} 的 30 张留出图像上的测试准确率（`));
    expect(res.figures[1].title.en).toContain(`on the 30 held-out images of IDX folder ${dir}`);
    expect(res.figures[1].title.zh).toContain(`在 IDX 文件夹 ${dir} 的 30 张留出图像上的测试准确率`);
    expect(res.quantities.testAccuracy.label).toEqual({ en: "test accuracy (30 held-out images)", zh: "测试准确率（30 张留出图像）" });
    expect(res.verdict.rule.en).toContain("One of the 30 test images is 3.33 points.");
    expect(res.verdict.rule.zh).toContain("30 张测试图像中的一张为 3.33 个百分点。");
    expect(JSON.stringify([res.figures.map((f: { title: unknown }) => f.title), res.quantities, res.verdict])).not.toMatch(/450|1,347/);
    const bad = actlab(["experiment", "run", "digits", "--quick", "--data", join(tmp, "none")], { env });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^actlab: .*none: no such file or folder/);
  }, 300_000);

  it("in the library: a CSV through setDataLoader; the default states the shipped digits' split", async () => {
    const file = join(tmp, "toy.csv");
    writeFileSync(file, toyCsv(60));
    setDataLoader((p) => loadDataSplit(p, { label: "kind" }));
    const r = await getExperiment("digits").run({ data: file, functions: ["relu"], epochs: 1, hidden: [8] }, { seeds: 1 });
    expect(r.data?.split).toBe("seeded split (seed 1): 45 training, 15 test rows");
    expect(r.data?.scaling).toMatch(/^standardised/);
    setDataLoader(undefined);
    await expect(getExperiment("digits").run({ data: file, functions: ["relu"], epochs: 1 }, { seeds: 1 })).rejects.toThrow(/no data loader is set/);
  }, 120_000);

  it("in the library: convergence's digits task and mean-activation on a CSV; the default digits run states the shipped data", async () => {
    const file = join(tmp, "toy2.csv");
    writeFileSync(file, toyCsv(60));
    setDataLoader((p) => loadDataSplit(p, { label: "kind" }));
    const c = await getExperiment("convergence").run({ data: file, tasks: ["digits"], functions: ["relu", "sigmoid"], digitsLrs: [0.3], widen: 0, digitsUpdates: 20 }, { seeds: 1 });
    expect(c.data).toEqual({ source: `CSV file ${file}`, split: "seeded split (seed 1): 45 training, 15 test rows (the task trains on, and measures the training error of, the training rows)", scaling: "standardised by the training split's mean and standard deviation" });
    expect(c.figures[0].title.en).toMatch(new RegExp(`^CSV file ${file} \\(45 training rows\\): updates to 1% training error`));
    expect(c.figures[0].title.zh).toMatch(new RegExp(`^CSV 文件 ${file}（45 行训练数据）：训练误差降到 1%`));
    expect(c.verdict.rule.en).toMatch(new RegExp(`^The digits task trained on CSV file ${file} \\(45 training rows\\)\\. `));
    const m = await getExperiment("mean-activation").run({ data: file, functions: ["relu", "elu"], layers: 2, width: 8, epochs: 1 }, { seeds: 1 });
    expect(m.data?.split).toBe("seeded split (seed 1): 45 training, 15 test rows (trains on, and measures over, the training rows)");
    expect(m.figures[0].title.en).toContain(`(CSV file ${file}, 45 training rows, 2×8;`);
    setDataLoader(undefined);
    const plain = await getExperiment("convergence").run({ tasks: ["digits"], functions: ["relu"], digitsLrs: [0.3], widen: 0, digitsUpdates: 10 }, { seeds: 1 });
    expect(plain.data?.source).toBe("the UCI 8×8 digits shipped with actlab (1,797 images)");
    expect(plain.figures[0].title.en).toMatch(/^digits: updates to 1% training error/);
  }, 120_000);

  it("the CLI runs convergence's digits task on an IDX folder; --quick without the digits task and experiments without data refuse --data in one line", () => {
    const dir = writeIdxFolder(join(tmp, "idx-conv"), { train: 90, test: 30 });
    const r = actlab(["experiment", "run", "convergence", "--quick", "--seeds", "2", "--tasks", "digits", "--functions", "relu,sigmoid", "--data", dir, "--json"], { env });
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.config.data).toBe(dir);
    expect(res.data).toEqual({ source: `IDX folder ${dir}`, split: "the files' own split: 90 training, 30 test images (the task trains on, and measures the training error of, the training rows)", scaling: "pixels / 255" });
    expect(res.perSeed[0].data).toMatchObject({ train: 90, test: 30 });
    expect(res.figures[0].title.zh).toMatch(new RegExp(`^IDX 文件夹 ${dir}（90 张训练图像）：`));
    const quick = actlab(["experiment", "run", "convergence", "--quick", "--data", dir], { env });
    expect(quick.code).toBe(2);
    expect(quick.err).toBe("actlab: --data is the data of convergence's digits task, which this run leaves out (tasks: spiral; --quick runs spiral only): add --tasks digits\n");
    const other = actlab(["experiment", "run", "gradient-flow", "--quick", "--data", dir], { env });
    expect(other.code).toBe(2);
    expect(other.err).toBe("actlab: experiment gradient-flow does not take --data (it runs on its own fixed or synthetic inputs): --data is taken by mean-activation, convergence, digits\n");
  }, 300_000);

  it("actlab report --data: report.md and report.html (en, zh) state the data, its split and scaling for the experiments run on it", () => {
    const dir = writeIdxFolder(join(tmp, "idx-report"), { train: 120, test: 30 });
    // Two of the library's experiments (a module as ACTLAB_EXPERIMENTS), so the report stays small.
    const lib = pathToFileURL(join(process.cwd(), "packages/actlab/dist/experiments/index.js")).href;
    const mod = join(tmp, "two.mjs");
    writeFileSync(mod, `import { experiments as all } from ${JSON.stringify(lib)};\nexport { setDataLoader, resolveOptions } from ${JSON.stringify(lib)};\nexport const experiments = all.filter((e) => e.id === "digits" || e.id === "gradient-flow");\n`);
    const out = join(tmp, "report");
    const r = actlab(["report", "--quick", "--seeds", "2", "--data", dir, "--out", out, "--lang", "en,zh"], { env: { ...env, ACTLAB_EXPERIMENTS: mod } });
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(join(out, "en", "report.md"), "utf8");
    expect(md).toContain(`**Data**: source: IDX folder ${dir}; split: the files' own split: 120 training, 30 test images; scaling: pixels / 255.`);
    expect(md.match(/\*\*Data\*\*/g)).toHaveLength(1); // gradient-flow trains on no data set
    const zh = readFileSync(join(out, "zh", "report.md"), "utf8");
    expect(zh).toContain(`**数据**：来源：IDX 文件夹 ${dir}；划分：文件自带的划分：120 张训练图像，30 张测试图像；缩放：像素值 / 255。`);
    const html = readFileSync(join(out, "en", "report.html"), "utf8");
    expect(html).toContain(`<p class="data"><strong>Data</strong>: source: IDX folder ${dir}; split: the files' own split: 120 training, 30 test images; scaling: pixels / 255.</p>`);
    expect(readFileSync(join(out, "zh", "report.html"), "utf8")).toContain(`<p class="data"><strong>数据</strong>：来源：IDX 文件夹 ${dir}；`);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(results.results.find((x: { id: string }) => x.id === "digits").config.data).toBe(dir);
    expect(results.results.find((x: { id: string }) => x.id === "gradient-flow").config.data).toBeUndefined();
  }, 300_000);
});
