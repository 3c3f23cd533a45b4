/**
 * report.md, report.html and results.json read as a user reads them, in process (so mutation
 * testing sees packages/cli/src/report.ts and experiment-write.ts): the column under a heading
 * holds that quantity's median and interval, every row its own function's numbers, text from a
 * module is escaped in the HTML, ±Infinity and NaN survive a round trip through results.json, and
 * `report --from` rewrites the same numbers byte for byte.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Experiment, ExperimentResult } from "../../packages/actlab/src/experiments/types.js";
import { UsageError } from "../../packages/cli/src/errors.js";
import { dataZh, experimentsName, libraryVersion, parseResultsJson, readResultsFile, REFERENCES, reportHtml, reportMarkdown, runReport, type Meta } from "../../packages/cli/src/report.js";
import { resultJson } from "../../packages/cli/src/experiment-write.js";
import { shippedDigitsTrain } from "../../packages/actlab/src/experiments/data-source.js";
import { loadDataSplit } from "../../packages/actlab/src/node/index.js";
import { toyCsv, writeIdxFolder } from "../data/files.js";

const fixture = fileURLToPath(new URL("./fixtures/fake-experiments.mjs", import.meta.url));
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "actlab-report-files-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const META: Meta = { date: "2026-12-07 12:00 UTC", machine: "Test CPU, 2 cores", node: "20.1.0", quick: false, seconds: 12.34 };

/** An experiment as the writers need it (they read id, title and claim only). */
function exp(id: string, title = `Title of ${id}`): Experiment {
  return { id, title: { en: title, zh: `${title}（中）` }, claim: { en: `claim of ${id}`, zh: `${id} 的论断`, article: `原文 ${id}`, functions: ["sigmoid", "relu"] } } as unknown as Experiment;
}

const S = (median: number, lo: number, hi: number, n = 3, diverged = 0) => ({ median, ci: [lo, hi] as [number, number], min: lo, max: hi, n, diverged });

/** Two quantities for two functions, every number different, so a swapped column or row shows. */
function result(id: string, extra: Partial<ExperimentResult> = {}): ExperimentResult {
  return {
    id,
    config: { depth: 4, functions: ["sigmoid", "relu"] },
    seeds: [1, 2, 3],
    perSeed: [],
    summary: { "sigmoid.ratio": S(0.125, 0.1, 0.15), "sigmoid.norm": S(2.5, 2, 3), "relu.ratio": S(0.75, 0.7, 0.8), "relu.norm": S(40, 30, 50, 2, 1) },
    quantities: { ratio: { label: { en: "ratio", zh: "比值" }, unit: { en: "×", zh: "倍" } }, norm: { label: { en: "norm", zh: "范数" } } },
    figures: [],
    verdict: { verdict: "holds", rule: { en: `rule of ${id}`, zh: `${id} 的规则` }, because: { en: `because of ${id}`, zh: `${id} 的依据` } },
    seconds: 1.5,
    ...extra,
  } as ExperimentResult;
}

/** The markdown table whose header row contains `heading`: header cells and body rows, cells trimmed. */
function mdTable(md: string, heading: string): { head: string[]; rows: string[][] } {
  const lines = md.split("\n");
  const at = lines.findIndex((l) => l.startsWith("|") && l.split("|").some((c) => c.trim() === heading));
  expect(at, `a table with a column '${heading}'`).toBeGreaterThanOrEqual(0);
  const cells = (l: string) => l.slice(1, -1).split("|").map((c) => c.trim());
  const rows: string[][] = [];
  for (let i = at + 2; i < lines.length && lines[i].startsWith("|"); i++) rows.push(cells(lines[i]));
  return { head: cells(lines[at]), rows };
}

/** The HTML table (by a header cell's text): header texts and body rows of cell texts, tags removed. */
function htmlTable(html: string, heading: string): { head: string[]; rows: string[][] } {
  const tables = html.match(/<table[^>]*>[\s\S]*?<\/table>/g) ?? [];
  const text = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").trim();
  for (const t of tables) {
    const head = [...t.matchAll(/<thead>[\s\S]*?<\/thead>/g)].flatMap((m) => [...m[0].matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((c) => text(c[1])));
    if (!head.includes(heading)) continue;
    const body = t.slice(t.indexOf("<tbody>"));
    const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1])));
    return { head, rows };
  }
  throw new Error(`no table with a column '${heading}'`);
}

describe("report.md: the numbers under their headings", () => {
  const md = reportMarkdown([exp("alpha"), exp("beta")], [result("alpha"), result("beta", { verdict: { verdict: "does-not-hold", rule: { en: "r2", zh: "规则2" }, because: { en: "b2", zh: "依据2" } } })], "en", META);

  it("each column holds its quantity's median [interval], each row its function's", () => {
    const t = mdTable(md, "ratio (×)");
    expect(t.head).toEqual(["function", "ratio (×)", "norm"]);
    expect(t.rows).toEqual([
      ["Sigmoid", "0.125 [0.1, 0.15]", "2.5 [2, 3]"],
      ["ReLU", "0.75 [0.7, 0.8]", "40 [30, 50] ✕1/3"],
    ]);
  });

  it("says what ran, when, and the method, the summary list with verdicts, each claim and the references", () => {
    expect(md.startsWith("# The article's claims, measured\n")).toBe(true);
    expect(md).toContain("\nRun: 2026-12-07 12:00 UTC · Test CPU, 2 cores · Node 20.1.0 · default settings · 12.3 s\n");
    expect(md).toContain("\n## Method\n");
    expect(md).toContain("\n1. [Title of alpha](#alpha): **holds**\n2. [Title of beta](#beta): **does not hold at this scale**\n");
    expect(md).toContain('\n<a id="alpha"></a>\n## 1. Title of alpha (`alpha`)\n\n> The article says (sigmoid, relu): 原文 alpha\n\n**Claim tested**: claim of alpha\n');
    expect(md).toContain("\n**What was measured**: depth=4, functions=sigmoid,relu; 3 seeds (1–3); 1.50 s.\n");
    expect(md).toContain("\n**Verdict: holds**\n\n- rule: rule of alpha\n- because: because of alpha\n");
    expect(md).toContain("\n## 2. Title of beta (`beta`)\n");
    expect(md).toContain("\n**Verdict: does not hold at this scale**\n\n- rule: r2\n- because: b2\n");
    expect(md.indexOf("## 1. Title of alpha")).toBeLessThan(md.indexOf("## 2. Title of beta"));
    expect(md).toContain("\n## References\n");
    REFERENCES.forEach((r, i) => expect(md).toContain(`\n${i + 1}. ${r.text} <${r.url}>`));
    expect(md).not.toMatch(/undefined|NaN|\[object/);
  });

  it("quick runs, long runs, seeds that are not a range, sub-claims and figures", () => {
    const r = result("alpha", {
      seeds: [2, 5],
      seconds: 12.345,
      figures: [{ kind: "chart", id: "curve", title: { en: "A | curve", zh: "曲线" } } as never],
      verdict: {
        verdict: "mixed",
        rule: { en: "r", zh: "r" },
        because: { en: "b", zh: "b" },
        parts: [
          { id: "p1", claim: { en: "part one", zh: "一" }, verdict: "holds", because: { en: "x", zh: "x" } },
          { id: "p2", claim: { en: "part two", zh: "二" }, verdict: "inconclusive", because: { en: "y", zh: "y" } },
        ],
      },
    });
    const q = reportMarkdown([exp("alpha")], [r], "en", { ...META, quick: true, seconds: 3.06 });
    expect(q).toContain("· quick settings (--quick) · 3.1 s\n");
    expect(q).toContain("; 2 seeds (2, 5); 12.3 s.\n");
    expect(q).toContain("\n![A \\| curve](figures/alpha/curve.png)\n");
    expect(q).toContain("\n**Verdict: mixed**\n\n- rule: r\n- because: b\n- Sub-claims: \n  - part one — **holds**: x\n  - part two — **inconclusive at this scale**: y\n");
    const one = reportMarkdown([exp("alpha")], [result("alpha", { seeds: [4] })], "en", META);
    expect(one).toContain("; 1 seeds (4); ");
  });

  it("a table of rows without labels has no first column", () => {
    const r = result("alpha", { summary: { ratio: S(0.5, 0.25, 1), norm: S(7, 6, 8) } });
    const t = mdTable(reportMarkdown([exp("alpha")], [r], "en", META), "ratio (×)");
    expect(t.head).toEqual(["ratio (×)", "norm"]);
    expect(t.rows).toEqual([["0.5 [0.25, 1]", "7 [6, 8]"]]);
  });

  it("in Chinese: full-width punctuation, the same numbers in the same columns", () => {
    const zh = reportMarkdown([exp("alpha")], [result("alpha")], "zh", META);
    expect(zh).toContain("\n运行信息：2026-12-07 12:00 UTC · Test CPU, 2 cores · Node 20.1.0 · 默认设置 · 12.3 秒\n");
    expect(zh).toContain("\n1. [Title of alpha（中）](#alpha)：**成立**\n");
    expect(zh).toContain("\n## 1. Title of alpha（中）（`alpha`）\n\n> 原文（sigmoid, relu）：原文 alpha\n\n**检验的论断**：alpha 的论断\n");
    expect(zh).toContain("\n**实测内容**：depth=4, functions=sigmoid,relu；3 个种子（1–3）；1.50 秒。\n");
    expect(zh).toContain("\n**结论：成立**\n\n- 规则：alpha 的规则\n- 依据：alpha 的依据\n");
    const t = mdTable(zh, "比值（倍）");
    expect(t.head).toEqual(["函数", "比值（倍）", "范数"]);
    expect(t.rows[1]).toEqual(["ReLU", "0.75 [0.7, 0.8]", "40 [30, 50] ✕1/3"]);
  });
});

describe("report.md and report.html: the page's own words in the reader's language", () => {
  /** The first paragraph after a heading line. */
  const after = (md: string, heading: string) => {
    const lines = md.split("\n");
    const at = lines.indexOf(heading);
    expect(at, heading).toBeGreaterThanOrEqual(0);
    return lines.slice(at + 1).find((l) => l.trim() !== "") ?? "";
  };
  const cjk = /[\u4e00-\u9fff]/;

  it("the introduction, the method and the references note: a paragraph each, in English or in Chinese", () => {
    const en = reportMarkdown([exp("alpha")], [result("alpha")], "en", META);
    const zh = reportMarkdown([exp("alpha")], [result("alpha")], "zh", META);
    for (const [md, title, method, refs] of [
      [en, "# The article's claims, measured", "## Method", "## References"],
      [zh, "# 原文论断的实测", "## 方法", "## 参考文献"],
    ] as const) {
      for (const h of [title, method, refs]) {
        const p = after(md, h);
        expect(p.length, h).toBeGreaterThan(40);
        expect(cjk.test(p.replace("优点/缺点", "")), h).toBe(md === zh);
      }
    }
    // The method states the seeds, the interval and the four verdicts.
    expect(after(en, "## Method")).toMatch(/at least 10 seeds.*95 % percentile bootstrap interval.*holds.*does not hold at this scale.*inconclusive at this scale.*mixed/);
    expect(after(zh, "## 方法")).toMatch(/至少运行 10 个随机种子.*95 % 百分位自助法区间.*成立.*在此规模下不成立.*在此规模下无法判定.*部分成立/);
    expect(zh).toContain("\n## 概览\n");
    const html = reportHtml([exp("alpha")], [result("alpha")], [new Map()], "zh", META);
    expect(html).toContain(`<h2 id="method">方法</h2>\n<p>${after(zh, "## 方法")}</p>`);
    expect(html).toContain(`<h2 id="references">参考文献</h2>\n<p>${after(zh, "## 参考文献")}</p>`);
    expect(html).toContain("<title>原文论断的实测</title>");
  });

  it("every reference names its source (the papers: authors, year, title) and links to its https address", () => {
    expect(REFERENCES.length).toBeGreaterThanOrEqual(10);
    expect(REFERENCES.filter((r) => /^[A-Z].*\((19|20)\d\d\)\. \S.{20,}/.test(r.text)).length).toBe(REFERENCES.length - 1);
    for (const r of REFERENCES) {
      expect(r.text).toMatch(/^[A-Z]\S*.{40,}\.$/);
      expect(r.url).toMatch(/^https:\/\/\S+$/);
    }
    expect(new Set(REFERENCES.map((r) => r.url)).size).toBe(REFERENCES.length);
  });

  it("report.html styles every class it uses (verdicts, marks, agreement, diverged seeds)", () => {
    const known = [{ key: "gradRatio", experiment: "alpha", label: { en: "grad ratio", zh: "梯度比" } }];
    const r = result("alpha", { table: { sigmoid: { gradRatio: { ...S(1e-4, 5e-5, 2e-4), verdict: "holds" } }, relu: { gradRatio: { ...S(0.9, 0.8, 1.1), verdict: "does-not-hold" } } } } as never);
    const html = reportHtml([exp("alpha")], [r], [new Map()], "en", META, known);
    const css = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] ?? "";
    const used = new Set([...html.matchAll(/class="([^"]+)"/g)].flatMap((m) => m[1].split(" ")));
    for (const c of ["verdict", "holds", "mark-bad", "agrees", "diverged", "note", "meta", "num"]) expect(used).toContain(c);
    for (const c of used) if (!["numbers", "legend", "references", "parts", "data"].includes(c)) expect(css, c).toMatch(new RegExp(`\\.${c}\\b[^{]*\\{[^}]+\\}`));
    for (const v of ["does-not-hold", "mixed", "inconclusive", "mark-ok", "contradicts", "agree-inconclusive"]) expect(css, v).toMatch(new RegExp(`\\.${v} \\{ color: #[0-9a-f]{3,6};`));
  });

  it("times: under 10 s with two decimals, from 10 s with one; the run's own time with one", () => {
    const md = (seconds: number) => reportMarkdown([exp("alpha")], [result("alpha", { seconds })], "en", { ...META, seconds: 0.04 });
    expect(md(9.994)).toContain("; 3 seeds (1–3); 9.99 s.\n");
    expect(md(10)).toContain("; 3 seeds (1–3); 10.0 s.\n");
    expect(md(10)).toContain(" · default settings · 0.0 s\n");
  });
});

describe("report.md and report.html: the comparison table", () => {
  // The fixture's table: fake-gradient's gradRatio per function and fake-grid's bornDead for ReLU.
  const known = [
    { key: "gradRatio", experiment: "fake-gradient", label: { en: "grad ratio (fake)", zh: "梯度比（假）" } },
    { key: "bornDead", experiment: "fake-grid", label: { en: "born dead (fake)", zh: "初始即死（假）" } },
  ];
  const rGrad = result("fake-gradient", {
    table: { sigmoid: { gradRatio: { ...S(1e-4, 5e-5, 2e-4), verdict: "holds" } }, relu: { gradRatio: { ...S(0.9, 0.8, 1.1), verdict: "does-not-hold" } } },
  } as never);
  const rGrid = result("fake-grid", { table: { relu: { bornDead: { ...S(0.25, 0.2, 0.3), verdict: "inconclusive" } } } } as never);
  const exps = [exp("fake-gradient"), exp("fake-grid")];

  it("report.md: a column per measured quantity, the medians under their labels, the article's quotes listed", () => {
    const md = reportMarkdown(exps, [rGrad, rGrid], "en", META, known);
    expect(md).toContain("\n## Comparison table, measured (总结对比)\n");
    const t = mdTable(md, "grad ratio (fake)");
    expect(t.head).toEqual(["function", "grad ratio (fake)", "born dead (fake)"]);
    const row = (name: string) => t.rows.find((r) => r[0] === `**${name}**`);
    expect(row("Sigmoid")?.[1]).toMatch(/^1\.00e−4 \[5\.00e−5, 2\.00e−4\]/);
    expect(row("Sigmoid")?.[2]).toBe("");
    expect(row("ReLU")?.[1]).toMatch(/^0\.9 \[0\.8, 1\.1\]/);
    expect(row("ReLU")?.[2]).toMatch(/^0\.25 \[0\.2, 0\.3\]/);
    expect(md).toContain("\nThe article's words behind the marks:\n");
    expect(md).toMatch(/\n- ReLU · born dead \(fake\): ✗ “[^”]+” \(\? the measurement [^)]+\)\n/);
  });

  it("report.html: the same cells under the same headings, marks with their classes, quotes as titles", () => {
    const html = reportHtml(exps, [rGrad, rGrid], [new Map(), new Map()], "en", META, known);
    const t = htmlTable(html, "grad ratio (fake)");
    expect(t.head).toEqual(["function", "grad ratio (fake)", "born dead (fake)"]);
    const relu = t.rows.find((r) => r[0] === "ReLU");
    expect(relu?.[1]).toMatch(/^0\.9 \[0\.8, 1\.1\]/);
    expect(relu?.[2]).toMatch(/^0\.25 \[0\.2, 0\.3\]/);
    expect(html).toMatch(/<span class="mark-bad">✗<\/span> <span class="agree-inconclusive" title="[^"]+">\?<\/span><\/td><\/tr>/);
    expect(html).toMatch(/<td class="num" title="[^"]+">1\.00e−4 \[5\.00e−5, 2\.00e−4\] <span class="mark-bad">✗<\/span> <span class="agrees" title="[^"]+">=<\/span><\/td>/);
    expect(html).toContain('<h2 id="table">Comparison table, measured (总结对比)</h2>');
    expect(html).toMatch(/<ul class="legend"><li>✓ — [^<]+<\/li>/);
    expect(html).toMatch(/<p>The article's words behind the marks:<\/p><ul><li>/);
  });

  it("without known columns or table entries there is no comparison table", () => {
    const md = reportMarkdown([exp("alpha")], [result("alpha")], "en", META);
    expect(md).not.toContain("Comparison table");
    const html = reportHtml([exp("alpha")], [result("alpha")], [new Map()], "en", META);
    expect(html).not.toContain("Comparison table");
  });
});

describe("report.html", () => {
  const nasty = exp("alpha", `<script>alert("x")</script> & 'co'`);
  const r = result("alpha", {
    figures: [{ kind: "chart", id: "curve", title: { en: "t", zh: "t" } } as never],
    verdict: {
      verdict: "mixed",
      rule: { en: "a < b", zh: "a < b" },
      because: { en: "x & y", zh: "x & y" },
      parts: [{ id: "p", claim: { en: "<i>part</i>", zh: "部分" }, verdict: "does-not-hold", because: { en: "z > 1", zh: "z > 1" } }],
    },
  });
  const html = reportHtml([nasty], [r], [new Map([["curve", '<svg id="the-figure"></svg>']])], "en", META);

  it("escapes every text a module gives (title, claim, rule, because, sub-claims): no tag of theirs reaches the page", () => {
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<i>part</i>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'co'");
    expect(html).toContain("<li>rule: a &lt; b</li><li>because: x &amp; y</li>");
    expect(html).toContain('<ul class="parts"><li>&lt;i&gt;part&lt;/i&gt; — <span class="verdict does-not-hold">does not hold at this scale</span>: z &gt; 1</li></ul>');
  });

  it("is one page: the figures inline, the verdicts with their classes, the numbers table, the run line, the references linked", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain("<title>The article's claims, measured</title>");
    expect(html).toContain('<figure><svg id="the-figure"></svg></figure>');
    expect(html).toContain('<p class="meta">Run: 2026-12-07 12:00 UTC · Test CPU, 2 cores · Node 20.1.0 · default settings · 12.3 s</p>');
    expect(html).toContain('<li><a href="#alpha">');
    expect(html).toContain(': <span class="verdict mixed">mixed</span></li>');
    expect(html).toContain('<p>Verdict: <span class="verdict mixed">mixed</span></p>');
    expect(html).toContain('<section id="alpha">');
    expect(html).toContain("<h2>1. &lt;script&gt;");
    expect(html).toContain("<code>alpha</code></h2>");
    expect(html).toContain("<blockquote>The article says (sigmoid, relu): 原文 alpha</blockquote>");
    expect(html).toContain("<p><strong>What was measured</strong>: depth=4, functions=sigmoid,relu; 3 seeds (1–3); 1.50 s.</p>");
    const t = htmlTable(html, "ratio (×)");
    expect(t.head).toEqual(["function", "ratio (×)", "norm"]);
    expect(t.rows).toEqual([
      ["Sigmoid", "0.125 [0.1, 0.15]", "2.5 [2, 3]"],
      ["ReLU", "0.75 [0.7, 0.8]", "40 [30, 50] ✕1/3"],
    ]);
    expect(html).toContain('<td class="num">40 [30, 50]<span class="diverged"> ✕1/3</span></td>');
    expect(html).toContain('<p class="note">');
    REFERENCES.forEach((ref) => expect(html).toContain(`<a href="${ref.url.replace(/&/g, "&amp;")}">`));
    expect(html).toContain('<h2 id="references">References</h2>');
  });

  it("a figure without its SVG leaves an empty figure; a table without row labels has no row headings; Chinese is zh-CN", () => {
    const plain = result("alpha", { summary: { ratio: S(0.5, 0.25, 1) }, figures: [{ kind: "chart", id: "gone", title: { en: "t", zh: "t" } } as never] });
    const h = reportHtml([exp("alpha")], [plain], [new Map()], "zh", META);
    expect(h).toContain('<html lang="zh-CN">');
    expect(h).toContain("<figure></figure>");
    expect(h).toContain('<table class="numbers"><thead><tr><th>比值（倍）</th></tr></thead><tbody>');
    expect(h).toContain('<tr><td class="num">0.5 [0.25, 1]</td></tr>');
    expect(h).toContain("<p><strong>检验的论断</strong>：alpha 的论断</p>");
  });
});

describe("the data an experiment trained on, in both languages", () => {
  /** What the library writes as a result's data: its loaders' words, and the experiments' additions to them. */
  async function libraryData() {
    const own = await loadDataSplit(writeIdxFolder(join(tmp, "idx-own"), { train: 12, test: 6 }));
    const seeded = await loadDataSplit(writeIdxFolder(join(tmp, "idx-seeded"), { train: 20 }), { seed: 4 });
    const csvFile = join(tmp, "toy.csv");
    writeFileSync(csvFile, toyCsv(40));
    const csv = await loadDataSplit(csvFile, { label: "kind", seed: 3 });
    const d = (x: { source: string; split: string; scaling: string }) => ({ source: x.source, split: x.split, scaling: x.scaling });
    return [
      d(own),
      d(seeded),
      d(csv),
      // convergence's digits task and mean-activation on a file, then on the shipped digits.
      { ...d(csv), split: `${csv.split} (the task trains on, and measures the training error of, the training rows)` },
      { ...d(own), split: `${own.split} (trains on, and measures over, the training rows)` },
      shippedDigitsTrain("the task trains on, and measures the training error of, these"),
      shippedDigitsTrain("trains on, and measures over, these"),
      // digits on the shipped data (digits.ts), and a CSV's own scaling.
      { source: "the UCI 8×8 digits shipped with actlab (1,797 images)", split: "seeded splits of 1,347 training and 450 test images: seed s uses split (s − 1) mod 5", scaling: "as written" },
    ];
  }
  const numbers = (t: string) => (t.match(/\d[\d,]*/g) ?? []).sort();

  it("dataZh: each phrase the library writes comes out in Chinese with the same numbers (names and paths kept)", async () => {
    const all = await libraryData();
    for (const data of all) {
      for (const phrase of [data.source, data.split, data.scaling]) {
        const zh = dataZh(phrase);
        expect(zh, phrase).not.toBe(phrase);
        expect(numbers(zh), phrase).toEqual(numbers(phrase));
        // Apart from the path, only names stay in Latin letters.
        const words = zh.split(/\s+/).filter((w) => !w.startsWith(tmp)).join(" ").match(/[A-Za-z]{2,}/g) ?? [];
        for (const word of words) expect(["IDX", "CSV", "UCI", "actlab", "mod"], `${word} in ${zh}`).toContain(word);
      }
    }
    expect(dataZh(`IDX folder ${tmp}/a b`)).toBe(`IDX 文件夹 ${tmp}/a b`);
    expect(dataZh("CSV file /data/x\ny.csv")).toBe("CSV 文件 /data/x\ny.csv");
    // A phrase it does not know stays as written.
    expect(dataZh("a loader's own words (12 rows)")).toBe("a loader's own words (12 rows)");
  });

  it("report.md and report.html: a Data line with source, split and scaling; none for a result that states no data", async () => {
    const [own, , csv] = await libraryData();
    const exps = [exp("alpha"), exp("beta"), exp("gamma")];
    const results = [result("alpha", { data: own }), result("beta"), result("gamma", { data: { ...csv, source: "CSV file a|b.csv" } })];
    const md = reportMarkdown(exps, results, "en", META);
    expect(md).toContain(`\n**Data**: source: IDX folder ${own.source.slice("IDX folder ".length)}; split: the files' own split: 12 training, 6 test images; scaling: pixels / 255.\n\n`);
    // A | in the data's words cannot break the markdown.
    expect(md).toContain("\n**Data**: source: CSV file a\\|b.csv; split: seeded split (seed 3): ");
    expect(md.match(/\*\*Data\*\*/g)).toHaveLength(2);
    const zh = reportMarkdown(exps, results, "zh", META);
    expect(zh).toContain(`\n**数据**：来源：IDX 文件夹 ${own.source.slice("IDX folder ".length)}；划分：文件自带的划分：12 张训练图像，6 张测试图像；缩放：像素值 / 255。\n\n`);
    expect(zh).toContain("；缩放：按训练部分的均值与标准差标准化。\n");
    const html = reportHtml(exps, results, [new Map(), new Map(), new Map()], "zh", META);
    expect(html).toContain(`<p class="data"><strong>数据</strong>：来源：IDX 文件夹 ${own.source.slice("IDX folder ".length)}；划分：文件自带的划分：12 张训练图像，6 张测试图像；缩放：像素值 / 255。</p>`);
    expect(html.match(/<p class="data">/g)).toHaveLength(2);
    const en = reportHtml(exps, results, [new Map(), new Map(), new Map()], "en", META);
    expect(en).toContain("<p class=\"data\"><strong>Data</strong>: source: CSV file a|b.csv; split: seeded split (seed 3): ");
  });
});

describe("results.json: numbers that JSON cannot spell survive", () => {
  it("resultJson spells ±Infinity and NaN as strings and parseResultsJson turns them back; finite numbers and nesting unchanged", () => {
    const value = { a: Infinity, b: -Infinity, c: NaN, d: [1.5, Infinity], e: { f: -0.25, g: "Infinity text" } };
    const text = resultJson(value, 2);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual({ a: "Infinity", b: "-Infinity", c: "NaN", d: [1.5, "Infinity"], e: { f: -0.25, g: "Infinity text" } });
    const back = parseResultsJson(text) as typeof value;
    expect(back.a).toBe(Infinity);
    expect(back.b).toBe(-Infinity);
    expect(back.c).toBeNaN();
    expect(back.d).toEqual([1.5, Infinity]);
    expect(back.e).toEqual({ f: -0.25, g: "Infinity text" });
    expect(resultJson([1])).toBe("[1]\n");
  });
});

describe("readResultsFile (report --from): one line for each way a file can be wrong", () => {
  const write = (name: string, text: string) => {
    const p = join(tmp, name);
    writeFileSync(p, text);
    return p;
  };
  const err = (path: string) => {
    try {
      readResultsFile(path);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };

  it("missing file, a folder, not JSON, not an object, no results", () => {
    expect(err(join(tmp, "nope.json"))).toBe(`cannot read --from ${join(tmp, "nope.json")}: no such file`);
    expect(err(tmp)).toBe(`cannot read --from ${tmp}: it is a folder (give the results.json inside it)`);
    const bad = write("bad.json", "{ nope");
    // The parser's own words (its first line), so the user sees where the file goes wrong.
    const reason = (() => {
      try {
        JSON.parse("{ nope");
      } catch (e) {
        return (e as Error).message.split("\n")[0];
      }
      return "";
    })();
    expect(reason.length).toBeGreaterThan(10);
    expect(err(bad)).toBe(`--from ${bad} is not valid JSON (${reason})`);
    const arr = write("arr.json", "[1]");
    expect(err(arr)).toBe(`--from ${arr} is not the results.json of actlab report (expected an object)`);
    expect(err(write("none.json", "{}"))).toMatch(/\(no results array\)$/);
    expect(err(write("empty.json", '{"results": []}'))).toMatch(/\(no results array\)$/);
  });

  it("a result without id, verdict, or summary/figures/seeds/config is named by its index and id", () => {
    const r = JSON.parse(resultJson(result("alpha")));
    const file = (results: unknown[]) => write("r.json", JSON.stringify({ results }));
    expect(err(file([r, { ...r, id: 7 }]))).toMatch(/\(results\[1\] has no id\)$/);
    expect(err(file(["x"]))).toMatch(/\(results\[0\] has no id\)$/);
    expect(err(file([{ ...r, verdict: { ...r.verdict, verdict: 3 } }]))).toMatch(/\(results\[0\] \(alpha\) has no verdict\)$/);
    expect(err(file([{ ...r, verdict: "holds" }]))).toMatch(/\(results\[0\] \(alpha\) has no verdict\)$/);
    expect(err(file([{ ...r, verdict: { ...r.verdict, rule: "r" } }]))).toMatch(/has no verdict\)$/);
    expect(err(file([{ ...r, verdict: { ...r.verdict, because: null } }]))).toMatch(/has no verdict\)$/);
    for (const k of ["summary", "figures", "seeds", "config"]) {
      expect(err(file([{ ...r, [k]: k === "summary" || k === "config" ? [] : {} }]))).toMatch(/\(results\[0\] \(alpha\) lacks summary, figures, seeds or config\)$/);
    }
  });

  it("a good file: its text as read, the results, what it says of its run (or '?' and NaN when it says nothing), the timed ids", () => {
    const text = resultJson({ generated: { ...META, quick: true }, timed: ["alpha", 3], results: [result("alpha", { summary: { "relu.x": S(Infinity, -Infinity, Infinity) } })] }, 2);
    const p = write("good.json", text);
    const { file, text: read } = readResultsFile(p);
    expect(read).toBe(text);
    expect(file.generated).toEqual({ ...META, quick: true });
    expect(file.timed).toEqual(["alpha"]);
    expect(file.results[0].summary["relu.x"].median).toBe(Infinity);
    expect(file.results[0].summary["relu.x"].ci).toEqual([-Infinity, Infinity]);
    const bare = readResultsFile(write("bare.json", JSON.stringify({ generated: { quick: "yes", seconds: "3" }, results: [JSON.parse(resultJson(result("alpha")))] }))).file;
    expect(bare.generated.date).toBe("?");
    expect(bare.generated.machine).toBe("?");
    expect(bare.generated.node).toBe("?");
    expect(bare.generated.quick).toBe(false);
    expect(bare.generated.seconds).toBeNaN();
    expect(bare.timed).toEqual([]);
    const none = readResultsFile(write("none2.json", JSON.stringify({ results: [JSON.parse(resultJson(result("alpha")))] }))).file;
    expect(none.generated.date).toBe("?");
  });
});

describe("actlab report --from, in process", () => {
  const saved = process.env.ACTLAB_EXPERIMENTS;
  let printed = "";
  beforeAll(() => {
    process.env.ACTLAB_EXPERIMENTS = fixture;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ACTLAB_EXPERIMENTS;
    else process.env.ACTLAB_EXPERIMENTS = saved;
  });
  afterEach(() => vi.restoreAllMocks());
  const capture = () => {
    printed = "";
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
      printed += String(s);
      return true;
    });
  };

  /** A results.json from the fixture's own experiments, run here on 3 seeds, with an infinite number in it. */
  async function fixtureResults(): Promise<string> {
    const { experiments } = (await import(fixture)) as { experiments: Experiment[] };
    const results: ExperimentResult[] = [];
    for (const e of experiments) {
      const o = Object.fromEntries(e.options.map((x) => [x.name, x.default])) as never;
      const per = [];
      for (const s of [1, 2, 3]) per.push(await e.runSeed(o, s, {}));
      results.push(e.summarise(o, [1, 2, 3], per, 0.5));
    }
    (results[0].summary as Record<string, unknown>)["relu.extra"] = S(Infinity, 1, Infinity);
    return resultJson({ generated: META, timed: [], results }, 2);
  }

  it("writes report.md, report.html, the figures and results.json byte for byte; prints each verdict and what it wrote", async () => {
    const from = join(tmp, "from.json");
    writeFileSync(from, await fixtureResults());
    const out = join(tmp, "one");
    capture();
    await runReport({ out, lang: ["en"], from });
    vi.restoreAllMocks();
    expect(readFileSync(join(out, "results.json"), "utf8")).toBe(readFileSync(from, "utf8"));
    expect(readdirSync(out).sort()).toEqual(["figures", "report.html", "report.md", "results.json"]);
    expect(readdirSync(join(out, "figures")).sort()).toEqual(["fake-gradient", "fake-grid"]);
    expect(readdirSync(join(out, "figures", "fake-grid")).sort()).toEqual(["born-dead.png", "born-dead.svg", "centred.png", "centred.svg"]);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toContain("\nRun: 2026-12-07 12:00 UTC · Test CPU, 2 cores · Node 20.1.0 · default settings · 12.3 s\n");
    const t = mdTable(md, "top-layer gradient norm");
    expect(t.rows.find((r) => r[0] === "ReLU")).toBeDefined();
    // ∞ survived into the written results.json (plain JSON would have made it null).
    const written = parseResultsJson(readFileSync(join(out, "results.json"), "utf8")) as { results: ExperimentResult[] };
    expect(written.results[0].summary["relu.extra"].median).toBe(Infinity);
    expect(written.results[0].summary["relu.extra"].ci).toEqual([1, Infinity]);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain('<figure><svg');
    expect(printed).toMatch(/^fake-gradient {2}mixed\nfake-grid {6}holds\n\nwrote 9 files to .+ \(report\.md, report\.html, results\.json, figures\/\)\ntotal \d+\.\d s\n$/);
  });

  it("several languages: results.json at the top, a folder per language with its own report and figures", async () => {
    const from = join(tmp, "from2.json");
    writeFileSync(from, await fixtureResults());
    const out = join(tmp, "two");
    capture();
    await runReport({ out, lang: ["en", "zh"], from });
    vi.restoreAllMocks();
    expect(readdirSync(out).sort()).toEqual(["en", "results.json", "zh"]);
    expect(readFileSync(join(out, "zh", "report.md"), "utf8")).toContain("# 原文论断的实测\n");
    expect(readFileSync(join(out, "en", "report.md"), "utf8")).toContain("# The article's claims, measured\n");
    expect(existsSync(join(out, "zh", "figures", "fake-grid", "centred.png"))).toBe(true);
    expect(printed).toMatch(/\(results\.json, en\/, zh\/ each with report\.md, report\.html, figures\/\)/);
    expect(printed).toMatch(/^fake-gradient {2}mixed\n/);
  });

  it("no language given is English; --from with --quick or --seeds is a usage error; an id this build does not know is named; nothing is written", async () => {
    const from = join(tmp, "from3.json");
    writeFileSync(from, await fixtureResults());
    const out = join(tmp, "three");
    capture();
    await runReport({ out, lang: [], from });
    vi.restoreAllMocks();
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("# The article's claims, measured\n");
    await expect(runReport({ out: join(tmp, "q"), lang: ["en"], from, quick: true })).rejects.toThrow("--from renders the results it reads without running: --quick and --seeds do not apply");
    await expect(runReport({ out: join(tmp, "q"), lang: ["en"], from, seeds: "3" })).rejects.toThrow(UsageError);
    const data = JSON.parse(readFileSync(from, "utf8"));
    data.results[1].id = "mystery";
    const odd = join(tmp, "odd.json");
    writeFileSync(odd, JSON.stringify(data));
    await expect(runReport({ out: join(tmp, "q"), lang: ["en"], from: odd })).rejects.toThrow(`--from ${odd}: experiment 'mystery' is not one this build knows (known: fake-gradient, fake-grid)`);
    expect(existsSync(join(tmp, "q"))).toBe(false);
  });

  it("flags that do not go together, and --data that is not there: one line each, before anything runs or is written", async () => {
    const from = join(tmp, "from3.json");
    const out = join(tmp, "never");
    const merge = "--merge renders the shards it reads: --from, --shard, --quick, --seeds and --data do not apply (the shards carry their settings)";
    for (const extra of [{ from }, { shard: "1/2" }, { quick: true }, { seeds: "3" }, { data: tmp }]) {
      await expect(runReport({ out, lang: ["en"], merge: [tmp], ...extra }), JSON.stringify(extra)).rejects.toThrow(new UsageError(merge));
    }
    await expect(runReport({ out, lang: ["en"], from, shard: "1/2" })).rejects.toThrow(new UsageError("--shard runs a share of the experiments: it cannot render --from a results.json"));
    await expect(runReport({ out, lang: ["en"], from, data: tmp })).rejects.toThrow(new UsageError("--from renders the results it reads without running: --data does not apply"));
    const missing = join(tmp, "no-such-data");
    await expect(runReport({ out, lang: ["en"], data: missing })).rejects.toThrow(`${missing}: no such file or folder`);
    await expect(runReport({ out, lang: ["en"], data: missing })).rejects.toBeInstanceOf(UsageError);
    expect(existsSync(out)).toBe(false);
  });

  it("--from a path through a file: the system's reason, on one line", async () => {
    const file = join(tmp, "plain.txt");
    writeFileSync(file, "x");
    expect(() => readResultsFile(join(file, "results.json"))).toThrow(new UsageError(`cannot read --from ${join(file, "results.json")}: ENOTDIR: not a directory, open '${join(file, "results.json")}'`));
  });

  it("what a shard records: the library's version and the experiments module by its base name", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../packages/actlab/package.json", import.meta.url), "utf8")) as { version: string };
    expect(libraryVersion()).toBe(pkg.version);
    expect(experimentsName()).toBe("ACTLAB_EXPERIMENTS=fake-experiments.mjs");
    delete process.env.ACTLAB_EXPERIMENTS;
    try {
      expect(experimentsName()).toBe("actlab/experiments");
    } finally {
      process.env.ACTLAB_EXPERIMENTS = fixture;
    }
  });

  it("a module without experiments: one line on stderr, exit 1", async () => {
    const empty = join(tmp, "empty.mjs");
    writeFileSync(empty, "export const experiments = [];\n");
    process.env.ACTLAB_EXPERIMENTS = empty;
    let err = "";
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
      err += String(s);
      return true;
    });
    const from = join(tmp, "from3.json");
    const p = runReport({ out: join(tmp, "e"), lang: ["en"], from });
    await expect(p).rejects.toMatchObject({ name: "RunEnded", exitCode: 1 });
    vi.restoreAllMocks();
    process.env.ACTLAB_EXPERIMENTS = fixture;
    expect(err).toBe("actlab: no experiments to report (this build has none)\n");
    mkdirSync(join(tmp, "unused"), { recursive: true });
  });
});
