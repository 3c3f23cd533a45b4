/**
 * report.md and report.html block by block, as a reader meets them: report.md rendered by a
 * Markdown renderer (markdown-it, as GitHub-style viewers do) and report.html parsed into a
 * document (linkedom). Each test lists, in order, every heading, paragraph, list item, table row and
 * figure the reader sees, so a stray or missing blank line (which merges a paragraph into its
 * neighbour or breaks a table), a missing closing tag (which nests the rest of the page in a list),
 * or a word in the wrong place shows. Runs in process, so mutation testing sees report.ts.
 */
import { parseHTML } from "linkedom";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import type { Experiment, ExperimentResult } from "../../packages/actlab/src/experiments/types.js";
import { dataZh, REFERENCES, reportHtml, reportMarkdown, type Meta } from "../../packages/cli/src/report.js";

const META: Meta = { date: "2026-12-07 12:00 UTC", machine: "Test CPU, 2 cores", node: "20.1.0", quick: false, seconds: 12.34 };
const S = (median: number, lo: number, hi: number, n = 3, diverged = 0) => ({ median, ci: [lo, hi] as [number, number], min: lo, max: hi, n, diverged });

function exp(id: string): Experiment {
  return { id, title: { en: `Title of ${id}`, zh: `${id} 的标题` }, claim: { en: `claim of ${id}`, zh: `${id} 的论断`, article: `原文 ${id}`, functions: ["sigmoid", "relu"] } } as unknown as Experiment;
}

/**
 * alpha has everything: data, a table whose rows measure different quantities (Tanh only the
 * ratio; a row without a label), 12 of 20 seeds diverged in one cell, a figure, a sub-claim and
 * the comparison table's dead-share column (ReLU agrees with the article, ELU contradicts it).
 */
const alpha = {
  id: "alpha",
  config: { depth: 4 },
  seeds: [1, 2, 3],
  perSeed: [],
  summary: { "sigmoid.ratio": S(0.125, 0.1, 0.15), "sigmoid.norm": S(2.5, 2, 3), "relu.ratio": S(0.75, 0.7, 0.8, 8, 12), "relu.norm": S(40, 30, 50), "tanh.ratio": S(0.5, 0.4, 0.6), ratio: S(9, 8, 10) },
  quantities: { ratio: { label: { en: "ratio", zh: "比值" }, unit: { en: "×", zh: "倍" } }, norm: { label: { en: "norm", zh: "范数" } } },
  figures: [{ kind: "chart", id: "curve", title: { en: "A curve", zh: "曲线" } }],
  data: { source: "CSV file /tmp/x.csv", split: "seeded split (seed 12): 300 training, 100 test rows", scaling: "as written" },
  table: { relu: { deadShare: { ...S(0.5, 0.4, 0.6), verdict: "holds" } }, elu: { deadShare: { ...S(0.3, 0.2, 0.4), verdict: "does-not-hold" } }, sigmoid: { deadShare: S(0, 0, 0) } },
  verdict: { verdict: "mixed", rule: { en: "rule a", zh: "规则 a" }, because: { en: "because a", zh: "依据 a" }, parts: [{ id: "p1", claim: { en: "part one", zh: "部分一" }, verdict: "holds", because: { en: "x", zh: "甲" } }] },
  seconds: 1.5,
} as unknown as ExperimentResult;

/** beta has nothing but its verdict (and, when asked, an accuracy for Leaky ReLU, a quantity the article does not judge). */
const beta = (table?: object) =>
  ({ id: "beta", config: {}, seeds: [7], perSeed: [], summary: {}, figures: [], verdict: { verdict: "holds", rule: { en: "rule b", zh: "规则 b" }, because: { en: "because b", zh: "依据 b" } }, seconds: 0.5, ...(table ? { table } : {}) }) as unknown as ExperimentResult;

const flat = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

/** A list item's own text (without its nested lists). */
function ownText(li: Element): string {
  const copy = li.cloneNode(true) as Element;
  for (const l of Array.from(copy.querySelectorAll("ul, ol"))) l.remove();
  return flat(copy.textContent);
}

/**
 * The blocks under `root`, one line each, in order: `tag#id.class: text`; lists give a line per
 * item (nested ones indented), tables a line per row with the cells' tags, sections their blocks
 * indented, and any loose text between blocks a `text:` line.
 */
function outline(root: Element, indent = ""): string[] {
  const out: string[] = [];
  for (const node of Array.from(root.childNodes)) {
    if (node.nodeType === 3) {
      if (flat(node.textContent)) out.push(`${indent}text: ${flat(node.textContent)}`);
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    const name = `${tag}${el.id ? `#${el.id}` : ""}${el.getAttribute("class") ? `.${el.getAttribute("class")}` : ""}`;
    if (tag === "section") out.push(`${indent}${name}`, ...outline(el, `${indent}  `));
    else if (tag === "ul" || tag === "ol") {
      out.push(`${indent}${name}`);
      for (const li of Array.from(el.children)) {
        out.push(`${indent}  - ${li.tagName.toLowerCase() === "li" ? ownText(li) : `<${li.tagName.toLowerCase()}> ${flat(li.textContent)}`}`);
        for (const sub of Array.from(li.children).filter((c) => ["ul", "ol"].includes(c.tagName.toLowerCase()))) out.push(...outline({ childNodes: [sub] } as unknown as Element, `${indent}    `));
      }
    } else if (tag === "table") {
      out.push(`${indent}${name}`);
      for (const tr of Array.from(el.querySelectorAll("tr"))) out.push(`${indent}  | ${Array.from(tr.children).map((c) => `${c.tagName.toLowerCase()} ${flat(c.textContent)}`.trim()).join(" | ")} |`);
    } else if (tag === "p" && el.querySelector("img")) {
      const img = el.querySelector("img") as Element;
      out.push(`${indent}p: img ${img.getAttribute("src")} "${img.getAttribute("alt")}"`);
    } else if (tag === "p" && !flat(el.textContent) && el.querySelector("a[id]")) out.push(`${indent}p: anchor ${el.querySelector("a[id]")?.getAttribute("id")}`);
    else if (tag === "figure") out.push(`${indent}figure: ${el.innerHTML}`);
    else out.push(`${indent}${name}: ${flat(el.textContent)}`);
  }
  return out;
}

const md = new MarkdownIt({ html: true });
/** report.md as a Markdown viewer shows it: the rendered document's body. */
function mdBody(text: string): Element {
  return parseHTML(`<!doctype html><html><body>${md.render(text)}</body></html>`).document.body as unknown as Element;
}
function htmlBody(text: string): Element {
  return parseHTML(text).document.body as unknown as Element;
}

/** beta's blocks after its heading (the article, the claim, what was measured, the verdict and its list), `pad` deeper inside an HTML section. */
const betaBody = (pad = "") =>
  ["blockquote: The article says (sigmoid, relu): 原文 beta", "p: Claim tested: claim of beta", "p: What was measured: ; 1 seeds (7); 0.50 s.", "p: Verdict: holds", "ul", "  - rule: rule b", "  - because: because b"].map((l) => `${pad}${l}`);
const starts = (s: string) => expect.stringMatching(new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
/** The comparison table's legend (English), the same items in report.md and report.html. */
const legend = [
  starts("  - ✓ — the article names this a strength"),
  starts("  - ✗ — the article names this a weakness"),
  "  - = — the measurement agrees with the article",
  "  - ≠ — the measurement contradicts the article",
  starts("  - ? — the measurement cannot decide"),
  starts("  - a [b, c] — median over seeds"),
  starts("  - ✕k/n — k of n seeds diverged"),
  starts("  - – ✓, – ✗ — the article judges this function here, but it was not measured"),
  "  - empty cell: not measured, and the article says nothing",
];
const refsMd = REFERENCES.map((r) => `  - ${r.text} ${r.url}`);

describe("report.md as a Markdown viewer shows it", () => {
  it("every block in order: title, run, method, summary, each claim with its data, tables, figure and verdict, the comparison table, the references", () => {
    const doc = mdBody(reportMarkdown([exp("alpha"), exp("beta")], [alpha, beta()], "en", META));
    expect(outline(doc)).toEqual([
      "h1: The article's claims, measured",
      starts("p: Each claim of the article's 优点/缺点 was run by actlab"),
      "p: Run: 2026-12-07 12:00 UTC · Test CPU, 2 cores · Node 20.1.0 · default settings · 12.3 s",
      "h2: Method",
      starts("p: Every experiment runs at least 10 seeds by default"),
      "h2: Summary",
      "ol",
      "  - Title of alpha: mixed",
      "  - Title of beta: holds",
      "p: anchor alpha",
      "h2: 1. Title of alpha (alpha)",
      "blockquote: The article says (sigmoid, relu): 原文 alpha",
      "p: Claim tested: claim of alpha",
      "p: What was measured: depth=4; 3 seeds (1–3); 1.50 s.",
      "p: Data: source: CSV file /tmp/x.csv; split: seeded split (seed 12): 300 training, 100 test rows; scaling: as written.",
      "table",
      "  | th | th ratio (×) | th norm |",
      "  | td Sigmoid | td 0.125 [0.1, 0.15] | td 2.5 [2, 3] |",
      "  | td ReLU | td 0.75 [0.7, 0.8] ✕12/20 | td 40 [30, 50] |",
      "  | td Tanh | td 0.5 [0.4, 0.6] | td |",
      "  | td | td 9 [8, 10] | td |",
      starts("p: Each cell: the median over the seeds that finished, [its 95 % bootstrap interval]; ✕k/n"),
      'p: img figures/alpha/curve.png "A curve"',
      "p: Verdict: mixed",
      "ul",
      "  - rule: rule a",
      "  - because: because a",
      "  - Sub-claims:",
      "    ul",
      "      - part one — holds: x",
      "p: anchor beta",
      "h2: 2. Title of beta (beta)",
      ...betaBody(),
      "h2: Comparison table, measured (总结对比)",
      starts("p: Each cell: the measured median with its 95 % interval, then the article's stance"),
      "ul",
      ...legend,
      "table",
      "  | th function | th dead share (f′ = 0), highest surviving lr |",
      "  | td Sigmoid | td 0 [0, 0] |",
      "  | td ReLU | td 0.5 [0.4, 0.6] ✗ = |",
      "  | td ELU | td 0.3 [0.2, 0.4] ✓ ≠ |",
      "p: The article's words behind the marks:",
      "ul",
      "  - ReLU · dead share (f′ = 0), highest surviving lr: ✗ “存在Dead Relu问题” (= the measurement agrees)",
      "  - ELU · dead share (f′ = 0), highest surviving lr: ✓ “避免“死神经元”” (≠ the measurement contradicts)",
      "h2: References",
      starts("p: The papers behind the claims and the settings"),
      "ol",
      ...refsMd,
    ]);
  });

  it("numbers are right-aligned, names left; the function names in the comparison table are bold", () => {
    const doc = mdBody(reportMarkdown([exp("alpha")], [alpha], "en", META));
    for (const table of Array.from(doc.querySelectorAll("table"))) {
      for (const tr of Array.from(table.querySelectorAll("tr"))) {
        const cells = Array.from(tr.children);
        expect(cells[0].getAttribute("style"), flat(tr.textContent)).toBeNull();
        for (const c of cells.slice(1)) expect(c.getAttribute("style"), flat(tr.textContent)).toBe("text-align:right");
      }
    }
    const names = Array.from(doc.querySelectorAll("table"))[1].querySelectorAll("tbody td:first-child strong");
    expect(Array.from(names).map((n) => n.textContent)).toEqual(["Sigmoid", "ReLU", "ELU"]);
  });

  it("a report without tables, data, figures, sub-claims or comparison: the verdict's list runs straight into the references", () => {
    const doc = mdBody(reportMarkdown([exp("beta")], [beta()], "en", META));
    const o = outline(doc);
    const at = o.indexOf("h2: 1. Title of beta (beta)");
    expect(o.slice(at)).toEqual([
      "h2: 1. Title of beta (beta)",
      ...betaBody(),
      "h2: References",
      starts("p: The papers behind the claims"),
      "ol",
      ...refsMd,
    ]);
  });

  it("a comparison table without the article's marks has no list of its words", () => {
    const doc = mdBody(reportMarkdown([exp("beta")], [beta({ "leaky-relu": { accuracy: S(0.9, 0.85, 0.95) } })], "en", META));
    const o = outline(doc);
    const at = o.indexOf("h2: Comparison table, measured (总结对比)");
    expect(at).toBeGreaterThan(0);
    expect(o.slice(o.indexOf("table", at))).toEqual(["table", "  | th function | th digits test accuracy |", "  | td Leaky ReLU | td 0.9 [0.85, 0.95] |", "h2: References", starts("p: The papers"), "ol", ...refsMd]);
  });

  it("in Chinese: the words behind the marks, measured or not, with full-width brackets", () => {
    const table = { "leaky-relu": { accuracy: S(0.9, 0.85, 0.95) } };
    for (const [lang, words] of [
      ["zh", ["ReLU · 死单元比例（f′ = 0，可存活的最高学习率）：✗ “存在Dead Relu问题”（= 实测一致）", "Leaky ReLU · 死单元比例（f′ = 0，可存活的最高学习率）：✓ “可以避免出现“死神经元””（未测量）", "ELU · 死单元比例（f′ = 0，可存活的最高学习率）：✓ “避免“死神经元””（≠ 实测相反）"]],
      ["en", ["ReLU · dead share (f′ = 0), highest surviving lr: ✗ “存在Dead Relu问题” (= the measurement agrees)", "Leaky ReLU · dead share (f′ = 0), highest surviving lr: ✓ “可以避免出现“死神经元”” (not measured)", "ELU · dead share (f′ = 0), highest surviving lr: ✓ “避免“死神经元”” (≠ the measurement contradicts)"]],
    ] as const) {
      const o = outline(mdBody(reportMarkdown([exp("alpha"), exp("beta")], [alpha, beta(table)], lang, META)));
      // The list right after the comparison table's last row.
      const at = o.findLastIndex((l) => l.startsWith("  | td "));
      expect(o[at + 1], lang).toBe(lang === "zh" ? "p: 标记所依据的原文：" : "p: The article's words behind the marks:");
      expect(o.slice(at + 2, at + 6), lang).toEqual(["ul", ...words.map((x) => `  - ${x}`)]);
      expect(o[at + 6], lang).toMatch(/^h2: /);
    }
  });
});

describe("report.html as a browser's parser builds it", () => {
  const svg = '<svg role="img"><title>A curve</title></svg>';
  it("every block in order; each claim is a section of the page, and nothing spills out of a list or a section", () => {
    const doc = htmlBody(reportHtml([exp("alpha"), exp("beta")], [alpha, beta()], [new Map([["curve", svg]]), new Map()], "en", META));
    expect(outline(doc)).toEqual([
      "h1: The article's claims, measured",
      starts("p: Each claim of the article's 优点/缺点 was run by actlab"),
      "p.meta: Run: 2026-12-07 12:00 UTC · Test CPU, 2 cores · Node 20.1.0 · default settings · 12.3 s",
      "h2#method: Method",
      starts("p: Every experiment runs at least 10 seeds by default"),
      "h2: Summary",
      "ol",
      "  - Title of alpha: mixed",
      "  - Title of beta: holds",
      "section#alpha",
      "  h2: 1. Title of alpha alpha",
      "  blockquote: The article says (sigmoid, relu): 原文 alpha",
      "  p: Claim tested: claim of alpha",
      "  p: What was measured: depth=4; 3 seeds (1–3); 1.50 s.",
      "  p.data: Data: source: CSV file /tmp/x.csv; split: seeded split (seed 12): 300 training, 100 test rows; scaling: as written.",
      "  table.numbers",
      "    | th | th ratio (×) | th norm |",
      "    | th Sigmoid | td 0.125 [0.1, 0.15] | td 2.5 [2, 3] |",
      "    | th ReLU | td 0.75 [0.7, 0.8] ✕12/20 | td 40 [30, 50] |",
      "    | th Tanh | td 0.5 [0.4, 0.6] | td |",
      "    | th | td 9 [8, 10] | td |",
      starts("  p.note: Each cell: the median over the seeds that finished"),
      `  figure: ${svg}`,
      "  p: Verdict: mixed",
      "  ul",
      "    - rule: rule a",
      "    - because: because a",
      "    - Sub-claims:",
      "      ul.parts",
      "        - part one — holds: x",
      "section#beta",
      "  h2: 2. Title of beta beta",
      ...betaBody("  "),
      "h2#table: Comparison table, measured (总结对比)",
      starts("p: Each cell: the measured median with its 95 % interval"),
      "ul.legend",
      ...legend,
      "table",
      "  | th function | th dead share (f′ = 0), highest surviving lr |",
      "  | th Sigmoid | td 0 [0, 0] |",
      "  | th ReLU | td 0.5 [0.4, 0.6] ✗ = |",
      "  | th ELU | td 0.3 [0.2, 0.4] ✓ ≠ |",
      "p: The article's words behind the marks:",
      "ul",
      "  - ReLU · dead share (f′ = 0), highest surviving lr: ✗ “存在Dead Relu问题” (= the measurement agrees)",
      "  - ELU · dead share (f′ = 0), highest surviving lr: ✓ “避免“死神经元”” (≠ the measurement contradicts)",
      "h2#references: References",
      starts("p: The papers behind the claims and the settings"),
      "ol.references",
      ...refsMd,
    ]);
  });

  it("the comparison table's marks: ✓ green and ✗ red, agreement with its class and meaning, the article's words on the cell; plain cells plain", () => {
    const doc = htmlBody(reportHtml([exp("alpha"), exp("beta")], [alpha, beta({ "leaky-relu": { accuracy: S(0.9, 0.85, 0.95) } })], [new Map(), new Map()], "en", META));
    const table = doc.querySelector("h2#table ~ table") as Element;
    const row = (name: string) => Array.from(table.querySelectorAll("tbody tr")).find((tr) => tr.querySelector("th")?.textContent === name) as Element;
    const cell = (name: string, j: number) => row(name).querySelectorAll("td")[j];
    const spans = (c: Element) => Array.from(c.querySelectorAll("span")).map((s) => `${s.getAttribute("class")}|${s.getAttribute("title") ?? ""}|${s.textContent}`);
    expect(spans(cell("ReLU", 0))).toEqual(["mark-bad||✗", "agrees|the measurement agrees with the article|="]);
    expect(cell("ReLU", 0).getAttribute("title")).toBe("存在Dead Relu问题");
    expect(spans(cell("ELU", 0))).toEqual(["mark-ok||✓", "contradicts|the measurement contradicts the article|≠"]);
    // Leaky ReLU was not measured for the dead share: the article's mark alone, beside a dash.
    expect(flat(cell("Leaky ReLU", 0).textContent)).toBe("– ✓");
    expect(spans(cell("Leaky ReLU", 0))).toEqual(["mark-ok||✓"]);
    // A number the article does not judge, and an empty cell: no marks, no title.
    for (const c of [cell("Sigmoid", 0), cell("Leaky ReLU", 1), cell("ReLU", 1)]) {
      expect(spans(c)).toEqual([]);
      expect(c.hasAttribute("title")).toBe(false);
      expect(c.getAttribute("class")).toBe("num");
    }
    expect(flat(cell("Leaky ReLU", 1).textContent)).toBe("0.9 [0.85, 0.95]");
    expect(cell("ReLU", 1).textContent).toBe("");
    // Every row: its heading, then one cell per column.
    for (const tr of Array.from(table.querySelectorAll("tr"))) expect(tr.children.length).toBe(3);
  });

  it("diverged seeds in red, however many; other cells have no red", () => {
    const doc = htmlBody(reportHtml([exp("alpha")], [alpha], [new Map()], "en", META));
    const red = Array.from(doc.querySelectorAll("table.numbers span.diverged")).map((s) => s.textContent);
    expect(red).toEqual([" ✕12/20"]);
    expect(doc.querySelector("table.numbers span.diverged")?.parentElement?.textContent).toBe("0.75 [0.7, 0.8] ✕12/20");
  });

  it("a report without tables, data, figures, sub-claims or comparison: the section ends with its verdict, the references follow", () => {
    const doc = htmlBody(reportHtml([exp("beta")], [beta()], [new Map()], "en", META));
    const o = outline(doc);
    expect(o.slice(o.indexOf("section#beta"))).toEqual([
      "section#beta",
      "  h2: 1. Title of beta beta",
      ...betaBody("  "),
      "h2#references: References",
      starts("p: The papers"),
      "ol.references",
      ...refsMd,
    ]);
  });

  it("a comparison table without the article's marks has no list of its words", () => {
    const doc = htmlBody(reportHtml([exp("beta")], [beta({ "leaky-relu": { accuracy: S(0.9, 0.85, 0.95) } })], [new Map()], "en", META));
    const o = outline(doc);
    expect(o.slice(o.indexOf("table"))).toEqual(["table", "  | th function | th digits test accuracy |", "  | th Leaky ReLU | td 0.9 [0.85, 0.95] |", "h2#references: References", starts("p: The papers"), "ol.references", ...refsMd]);
  });
});

describe("dataZh: the library's data phrases in Chinese, word for word", () => {
  it("each phrase, with numbers of several digits", () => {
    const cases: Array<[string, string]> = [
      ["IDX folder /data/mnist", "IDX 文件夹 /data/mnist"],
      ["CSV file /data/iris.csv", "CSV 文件 /data/iris.csv"],
      ["the UCI 8×8 digits shipped with actlab (1,797 images)", "actlab 随附的 UCI 8×8 手写数字（1,797 张图像）"],
      ["the files' own split: 60000 training, 10000 test images", "文件自带的划分：60000 张训练图像，10000 张测试图像"],
      ["seeded split (seed 12) of the training files: 48000 training, 12000 test images", "训练文件的带种子划分（种子 12）：48000 张训练图像，12000 张测试图像"],
      ["seeded split (seed 12): 120 training, 30 test rows", "带种子的划分（种子 12）：120 行训练数据，30 行测试数据"],
      ["the 1,347 training images of the fixed split 0", "固定划分 0 的 1,347 张训练图像"],
      ["seeded splits of 1,347 training and 450 test images: seed s uses split (s − 1) mod 12", "带种子的划分，1,347 张训练图像、450 张测试图像：种子 s 使用第 (s − 1) mod 12 个划分"],
      ["seeded split (seed 12): 120 training, 30 test rows (the task trains on, and measures the training error of, the training rows)", "带种子的划分（种子 12）：120 行训练数据，30 行测试数据（该任务在训练部分上训练并测量训练误差）"],
      ["the 1,347 training images of the fixed split 0 (trains on, and measures over, these)", "固定划分 0 的 1,347 张训练图像（在训练部分上训练和测量）"],
      ["pixels / 255", "像素值 / 255"],
      ["each pixel standardised by the training split's mean and standard deviation", "每个像素按训练部分的均值与标准差标准化"],
      ["standardised by the training split's mean and standard deviation", "按训练部分的均值与标准差标准化"],
      ["as written", "按文件原值"],
    ];
    for (const [en, zh] of cases) expect(dataZh(en), en).toBe(zh);
  });

  it("a path is the user's: the words in it stay as written", () => {
    expect(dataZh("IDX folder /home/me/CSV file 2")).toBe("IDX 文件夹 /home/me/CSV file 2");
    expect(dataZh("CSV file /data/IDX folder 3/x.csv")).toBe("CSV 文件 /data/IDX folder 3/x.csv");
  });

  it("a known phrase inside a longer one is not that phrase: the whole stays as written", () => {
    for (const known of [
      "the UCI 8×8 digits shipped with actlab (1,797 images)",
      "the files' own split: 60000 training, 10000 test images",
      "seeded split (seed 12) of the training files: 48000 training, 12000 test images",
      "seeded split (seed 12): 120 training, 30 test rows",
      "the 1,347 training images of the fixed split 0",
      "seeded splits of 1,347 training and 450 test images: seed s uses split (s − 1) mod 12",
      "pixels / 255",
      "each pixel standardised by the training split's mean and standard deviation",
      "standardised by the training split's mean and standard deviation",
      "as written",
    ]) {
      expect(dataZh(`copied from ${known}`)).toBe(`copied from ${known}`);
    }
    for (const known of ["the UCI 8×8 digits shipped with actlab (1,797 images)", "seeded splits of 1,347 training and 450 test images: seed s uses split (s − 1) mod 12", "pixels / 255", "each pixel standardised by the training split's mean and standard deviation", "standardised by the training split's mean and standard deviation", "as written"]) {
      expect(dataZh(`${known}, then clipped`)).toBe(`${known}, then clipped`);
    }
  });
});
