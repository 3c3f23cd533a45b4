import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Lang } from "actlab";
import type { Experiment, ExperimentResult, VerdictPart } from "actlab/experiments";
import { RunEnded, UsageError } from "./errors.js";
import { escapeHtml, markdownCell } from "./escape.js";
import { defaultSeedCount, loadExperiments, seedList, type TableColumn } from "./experiment-load.js";
import { resolveFor } from "./experiment-run.js";
import { measuresTime, openSession, type Session } from "./experiment-session.js";
import { findShardFiles, machineName, mergeShards, parseShard, runShard, summariseMerged } from "./shard.js";
import { parseSeeds } from "./experiment.js";
import { resultJson, stageFigures } from "./experiment-write.js";
import { StagedDir } from "./files.js";
import { AGREEMENT, measuredTable, TABLE_LEGEND, verdictWords, type MeasuredTable } from "./render/report-table.js";
import { QUANTITY_NOTE, quantityTables, type QuantityTable } from "./render/result-tables.js";

const W = {
  title: { en: "The article's claims, measured", zh: "原文论断的实测" },
  intro: {
    en: "Each claim of the article's 优点/缺点 was run by actlab over several seeds; the verdict follows from the numbers by the stated rule. Figures show the median over seeds with its 95 % interval (error bars) or the range over seeds (bands).",
    zh: "原文“优点/缺点”中的每条论断都由 actlab 用多个随机种子实测；结论按所述规则由数据得出。图中的点或曲线为各种子的中位数，误差线为 95 % 区间，色带为各种子的范围。",
  },
  method: { en: "Method", zh: "方法" },
  methodText: {
    en: "Every experiment runs at least 10 seeds by default (3 with --quick). A seed fixes the data and each function's initial weights, so comparisons between functions are paired by seed. Every quantity is reported as the median over the seeds that finished, with a 95 % percentile bootstrap interval (2,000 resamples drawn from a seeded stream, so the same numbers always give the same interval). A comparison is decided on the interval of the paired difference or ratio against the threshold its rule states. The four verdicts: holds — the whole interval lies on the claim's side of the threshold; does not hold at this scale — it lies wholly on the other side; inconclusive at this scale — it straddles the threshold (more seeds or a larger scale would decide), or fewer than 80 % of the seeds finished; mixed — only for a claim made of sub-claims whose verdicts differ, each listed with its own. A seed that diverged is counted and shown (✕k/n in the tables, a red ring in the figures), never dropped silently.",
    zh: "每个实验默认至少运行 10 个随机种子（--quick 时为 3 个）。一个种子确定数据和每个函数的初始权重，因此函数之间的比较按种子配对。每个量都给出完成训练的种子的中位数，以及 95 % 百分位自助法区间（从固定种子的随机流中重抽样 2000 次，相同的数据总是给出相同的区间）。比较的判定依据是配对差或配对比的区间与规则中写明的阈值。四种结论：成立——整个区间都在论断一侧；在此规模下不成立——整个区间都在另一侧；在此规模下无法判定——区间跨过阈值（需要更多种子或更大的规模才能判定），或完成的种子不足 80 %；部分成立——只用于由几条子论断组成、结论各不相同的论断，每条子论断都单独列出结论。发散的种子都会计数并显示（表中为 ✕k/n，图中为红圈），不会被悄悄丢弃。",
  },
  article: { en: "The article says", zh: "原文" },
  claim: { en: "Claim tested", zh: "检验的论断" },
  measured: { en: "What was measured", zh: "实测内容" },
  data: { en: "Data", zh: "数据" },
  dataSource: { en: "source", zh: "来源" },
  dataSplit: { en: "split", zh: "划分" },
  dataScaling: { en: "scaling", zh: "缩放" },
  numbers: { en: "Numbers", zh: "数值" },
  verdict: { en: "Verdict", zh: "结论" },
  rule: { en: "rule", zh: "规则" },
  because: { en: "because", zh: "依据" },
  parts: { en: "Sub-claims", zh: "子论断" },
  seeds: { en: "seeds", zh: "种子" },
  seconds: { en: "s", zh: "秒" },
  table: { en: "Comparison table, measured (总结对比)", zh: "总结对比（实测）" },
  tableNote: {
    en: "Each cell: the measured median with its 95 % interval, then the article's stance (✓ or ✗) and whether the measurement agrees with it (=, ≠ or ?). Every symbol:",
    zh: "每格先给出实测中位数及其 95 % 区间，然后是原文的判断（✓ 或 ✗）以及实测是否与之一致（=、≠ 或 ?）。各符号的含义：",
  },
  fn: { en: "function", zh: "函数" },
  quotes: { en: "The article's words behind the marks", zh: "标记所依据的原文" },
  summary: { en: "Summary", zh: "概览" },
  run: { en: "Run", zh: "运行信息" },
  quick: { en: "quick settings (--quick)", zh: "快速设置（--quick）" },
  full: { en: "default settings", zh: "默认设置" },
  references: { en: "References", zh: "参考文献" },
  referencesNote: {
    en: "The papers behind the claims and the settings (notes in the project's research/experiments.md).",
    zh: "论断与实验设置所依据的文献（详见项目的 research/experiments.md）。",
  },
} as const;

/** The papers the experiments follow (research/experiments.md), cited in both languages alike. */
export const REFERENCES: ReadonlyArray<{ readonly text: string; readonly url: string }> = [
  { text: "X. Glorot and Y. Bengio (2010). Understanding the difficulty of training deep feedforward neural networks. AISTATS, PMLR 9:249–256.", url: "https://proceedings.mlr.press/v9/glorot10a/glorot10a.pdf" },
  { text: "Y. LeCun, L. Bottou, G. B. Orr and K.-R. Müller (1998). Efficient BackProp. Neural Networks: Tricks of the Trade, §4.3–4.4.", url: "https://doi.org/10.1007/3-540-49430-8_2" },
  { text: "A. Krizhevsky, I. Sutskever and G. E. Hinton (2012). ImageNet Classification with Deep Convolutional Neural Networks. NeurIPS.", url: "https://proceedings.neurips.cc/paper/2012/file/c399862d3b9d6b76c8436e924a68c45b-Paper.pdf" },
  { text: "A. L. Maas, A. Y. Hannun and A. Y. Ng (2013). Rectifier Nonlinearities Improve Neural Network Acoustic Models. ICML Workshop on Deep Learning for Audio, Speech and Language Processing.", url: "https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf" },
  { text: "K. He, X. Zhang, S. Ren and J. Sun (2015). Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification. ICCV. arXiv:1502.01852.", url: "https://arxiv.org/abs/1502.01852" },
  { text: "D.-A. Clevert, T. Unterthiner and S. Hochreiter (2016). Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs). ICLR. arXiv:1511.07289.", url: "https://arxiv.org/abs/1511.07289" },
  { text: "G. Klambauer, T. Unterthiner, A. Mayr and S. Hochreiter (2017). Self-Normalizing Neural Networks. NeurIPS. arXiv:1706.02515.", url: "https://arxiv.org/abs/1706.02515" },
  { text: "L. Lu, Y. Shin, Y. Su and G. E. Karniadakis (2020). Dying ReLU and Initialization: Theory and Numerical Examples. Commun. Comput. Phys. 28(5):1671–1706. arXiv:1903.06733.", url: "https://arxiv.org/abs/1903.06733" },
  { text: "B. Rister and D. L. Rubin (2020). Probabilistic bounds on neuron death in deep rectifier networks. arXiv:2007.06192.", url: "https://arxiv.org/abs/2007.06192" },
  { text: "CS231n: Convolutional Neural Networks for Visual Recognition, course notes, “Neural Networks Part 1” (activation functions).", url: "https://cs231n.github.io/neural-networks-1/" },
];

/** When and where a report's numbers were computed (results.json's `generated`). */
export interface Meta {
  date: string;
  machine: string;
  node: string;
  quick: boolean;
  seconds: number;
}

/**
 * results.json of a report. The measured times sit where a comparison can mask them:
 * `generated.date` and `generated.seconds`, each result's `seconds`, and every result whose id is
 * in `timed` (experiments that measure time: their numbers are times).
 */
export interface ResultsFile {
  readonly generated: Meta;
  readonly timed: readonly string[];
  readonly results: readonly ExperimentResult[];
}

const w = (k: keyof typeof W, lang: Lang) => W[k][lang];
/** A label's colon: full-width in Chinese. */
const sep = (lang: Lang) => (lang === "zh" ? "：" : ": ");
const lbl = (k: keyof typeof W, lang: Lang) => w(k, lang) + sep(lang);
/** Brackets around an aside: full-width in Chinese. */
const paren = (text: string, lang: Lang) => (lang === "zh" ? `（${text}）` : ` (${text})`);

function configText(config: Readonly<Record<string, unknown>>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
    .join(", ");
}

const secs = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));

function runLine(meta: Meta, lang: Lang): string {
  return `${meta.date} · ${meta.machine} · Node ${meta.node} · ${meta.quick ? w("quick", lang) : w("full", lang)} · ${Number(meta.seconds).toFixed(1)} ${w("seconds", lang)}`;
}

/** "10 seeds (1–10)" / "10 个种子（1–10）". */
function seedsText(seeds: readonly number[], lang: Lang): string {
  const contiguous = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  const list = seeds.length > 1 && contiguous ? `${seeds[0]}–${seeds[seeds.length - 1]}` : seeds.join(", ");
  return lang === "zh" ? `${seeds.length} 个种子（${list}）` : `${seeds.length} seeds (${list})`;
}

function measuredLine(r: ExperimentResult, lang: Lang): string {
  return lang === "zh" ? `${configText(r.config)}；${seedsText(r.seeds, lang)}；${secs(r.seconds)} 秒。` : `${configText(r.config)}; ${seedsText(r.seeds, lang)}; ${secs(r.seconds)} s.`;
}

/**
 * The result's data words (written in English by the library and its loaders) in Chinese, phrase
 * by phrase; a phrase it does not know stays as written.
 */
export function dataZh(text: string): string {
  const rules: Array<[RegExp, string]> = [
    [/^IDX folder (.*)$/s, "IDX 文件夹 $1"],
    [/^CSV file (.*)$/s, "CSV 文件 $1"],
    [/^the UCI 8×8 digits shipped with actlab \(1,797 images\)$/, "actlab 随附的 UCI 8×8 手写数字（1,797 张图像）"],
    [/^the files' own split: (\d+) training, (\d+) test images/, "文件自带的划分：$1 张训练图像，$2 张测试图像"],
    [/^seeded split \(seed (\d+)\) of the training files: (\d+) training, (\d+) test images/, "训练文件的带种子划分（种子 $1）：$2 张训练图像，$3 张测试图像"],
    [/^seeded split \(seed (\d+)\): (\d+) training, (\d+) test rows/, "带种子的划分（种子 $1）：$2 行训练数据，$3 行测试数据"],
    [/^the 1,347 training images of the fixed split 0/, "固定划分 0 的 1,347 张训练图像"],
    [/^seeded splits of 1,347 training and 450 test images: seed s uses split \(s − 1\) mod (\d+)$/, "带种子的划分，1,347 张训练图像、450 张测试图像：种子 s 使用第 (s − 1) mod $1 个划分"],
    [/ \(the task trains on, and measures the training error of, (?:the training rows|these)\)$/, "（该任务在训练部分上训练并测量训练误差）"],
    [/ \(trains on, and measures over, (?:the training rows|these)\)$/, "（在训练部分上训练和测量）"],
    [/^pixels \/ 255$/, "像素值 / 255"],
    [/^each pixel standardised by the training split's mean and standard deviation$/, "每个像素按训练部分的均值与标准差标准化"],
    [/^standardised by the training split's mean and standard deviation$/, "按训练部分的均值与标准差标准化"],
    [/^as written$/, "按文件原值"],
  ];
  return rules.reduce((t, [re, zh]) => t.replace(re, zh), text);
}

/** The data an experiment trained on (its result's `data`): source, split and scaling, or nothing when it states none. */
function dataLine(r: ExperimentResult, lang: Lang): string | undefined {
  const d = r.data;
  if (!d) return undefined;
  const say = (t: string) => (lang === "zh" ? dataZh(t) : t);
  const items = [`${lbl("dataSource", lang)}${say(d.source)}`, `${lbl("dataSplit", lang)}${say(d.split)}`, `${lbl("dataScaling", lang)}${say(d.scaling)}`];
  return lang === "zh" ? `${items.join("；")}。` : `${items.join("; ")}.`;
}

function legendLines(lang: Lang): string[] {
  return TABLE_LEGEND.map((l) => (l.symbol ? `${l.symbol} — ${l[lang]}` : l[lang]));
}

function tableMarkdown(t: MeasuredTable, lang: Lang): string[] {
  if (!t.columns.length) return [];
  const lines = [`## ${w("table", lang)}`, "", w("tableNote", lang), "", ...legendLines(lang).map((l) => `- ${markdownCell(l)}`), ""];
  lines.push(`| ${[w("fn", lang), ...t.columns.map((c) => markdownCell(c.label))].join(" | ")} |`, `|---|${t.columns.map(() => "---:").join("|")}|`);
  for (const r of t.rows) lines.push(`| ${[`**${r.name}**`, ...r.cells.map((c) => markdownCell([c.text, c.markText ?? ""].filter(Boolean).join(" ")))].join(" | ")} |`);
  const quotes = quoteList(t, lang);
  if (quotes.length) lines.push("", lbl("quotes", lang).trimEnd(), "", ...quotes.map((q) => `- ${q}`));
  return [...lines, ""];
}

function quoteList(t: MeasuredTable, lang: Lang): string[] {
  const out: string[] = [];
  for (const r of t.rows) {
    t.columns.forEach((c, j) => {
      const cell = r.cells[j];
      if (!cell.mark || !cell.quote) return;
      const agree = cell.agreement ? paren(`${AGREEMENT[cell.agreement].mark} ${lang === "zh" ? "实测" : "the measurement "}${AGREEMENT[cell.agreement].short[lang]}`, lang) : paren(lang === "zh" ? "未测量" : "not measured", lang);
      out.push(`${r.name} · ${c.label}${sep(lang)}${cell.mark} “${cell.quote}”${agree}`);
    });
  }
  return out;
}

function quantityMarkdown(tables: readonly QuantityTable[], lang: Lang): string[] {
  const lines: string[] = [];
  for (const t of tables) {
    const first = t.rows.every((r) => r.label === "") ? [] : [t.rowHeading];
    lines.push(`| ${[...first, ...t.columns.map((c) => markdownCell(c.heading))].join(" | ")} |`, `|${[...first.map(() => "---"), ...t.columns.map(() => "---:")].join("|")}|`);
    for (const r of t.rows) lines.push(`| ${[...(first.length ? [markdownCell(r.label)] : []), ...r.cells.map((c) => markdownCell(c?.text ?? ""))].join(" | ")} |`);
    lines.push("");
  }
  if (tables.length) lines.push(`*${QUANTITY_NOTE[lang]}*`, "");
  return lines;
}

function partsMarkdown(parts: readonly VerdictPart[] | undefined, lang: Lang): string[] {
  if (!parts?.length) return [];
  return [`- ${lbl("parts", lang)}`, ...parts.map((p) => `  - ${p.claim[lang]} — **${verdictWords(p.verdict, lang)}**${sep(lang)}${p.because[lang]}`)];
}

function referencesMarkdown(lang: Lang): string[] {
  return [`## ${w("references", lang)}`, "", w("referencesNote", lang), "", ...REFERENCES.map((r, i) => `${i + 1}. ${r.text} <${r.url}>`), ""];
}

/** report.md: the method, per claim the article's sentence, what was measured, the numbers, the figures, the verdict; then the table and the references. */
export function reportMarkdown(exps: readonly Experiment[], results: readonly ExperimentResult[], lang: Lang, meta: Meta, known: readonly TableColumn[] = []): string {
  const lines = [`# ${w("title", lang)}`, "", w("intro", lang), "", `${lbl("run", lang)}${runLine(meta, lang)}`, "", `## ${w("method", lang)}`, "", w("methodText", lang), "", `## ${w("summary", lang)}`, ""];
  results.forEach((r, i) => lines.push(`${i + 1}. [${exps[i].title[lang]}](#${exps[i].id})${sep(lang)}**${verdictWords(r.verdict.verdict, lang)}**`));
  lines.push("");
  results.forEach((r, i) => {
    const e = exps[i];
    lines.push(
      `<a id="${e.id}"></a>`,
      `## ${i + 1}. ${e.title[lang]}${paren(`\`${e.id}\``, lang)}`,
      "",
      `> ${w("article", lang)}${paren(e.claim.functions.join(", "), lang)}${sep(lang)}${e.claim.article}`,
      "",
      `**${w("claim", lang)}**${sep(lang)}${e.claim[lang]}`,
      "",
      `**${w("measured", lang)}**${sep(lang)}${measuredLine(r, lang)}`,
      "",
      ...(dataLine(r, lang) ? [`**${w("data", lang)}**${sep(lang)}${markdownCell(dataLine(r, lang) as string)}`, ""] : []),
      ...quantityMarkdown(quantityTables(r, lang), lang),
    );
    for (const f of r.figures) lines.push(`![${markdownCell(f.title[lang])}](figures/${e.id}/${f.id}.png)`, "");
    lines.push(`**${lbl("verdict", lang)}${verdictWords(r.verdict.verdict, lang)}**`, "", `- ${lbl("rule", lang)}${r.verdict.rule[lang]}`, `- ${lbl("because", lang)}${r.verdict.because[lang]}`, ...partsMarkdown(r.verdict.parts, lang), "");
  });
  lines.push(...tableMarkdown(measuredTable(results, lang, known), lang));
  lines.push(...referencesMarkdown(lang));
  return lines.join("\n");
}

const PAGE_CSS = `
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 1040px; padding: 0 1rem; color: #222; background: #fff; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-top: 1px solid #ddd; padding-top: 1rem; }
blockquote { margin: 0.6rem 0; padding: 0.3rem 0.9rem; border-left: 4px solid #bbb; background: #f7f7f7; }
table { border-collapse: collapse; margin: 0.6rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th { background: #f3f3f3; }
figure { margin: 0.8rem 0; } figure svg { max-width: 100%; height: auto; }
.verdict { font-weight: bold; } .holds { color: #006b3c; } .does-not-hold { color: #b00020; } .mixed { color: #8a5a00; } .inconclusive { color: #555; font-style: italic; }
.mark-ok { color: #006b3c; } .mark-bad { color: #b00020; }
.agrees { color: #006b3c; font-weight: bold; } .contradicts { color: #b00020; font-weight: bold; } .agree-inconclusive { color: #666; font-weight: bold; }
.diverged { color: #d00000; }
.note, .meta { color: #555; font-size: 0.9rem; }
.parts li { margin: 0.2rem 0; }
`;

/** A cell's text with its ✕k/n in red. */
function cellHtml(text: string): string {
  const h = escapeHtml;
  const m = /^(.*?)( ✕\d+\/\d+)$/.exec(text);
  return m ? `${h(m[1])}<span class="diverged">${h(m[2])}</span>` : h(text);
}

function quantityHtml(tables: readonly QuantityTable[], lang: Lang): string[] {
  const h = escapeHtml;
  const out: string[] = [];
  for (const t of tables) {
    const first = !t.rows.every((r) => r.label === "");
    out.push(`<table class="numbers"><thead><tr>${first ? `<th>${h(t.rowHeading)}</th>` : ""}${t.columns.map((c) => `<th>${h(c.heading)}</th>`).join("")}</tr></thead><tbody>`);
    for (const r of t.rows) out.push(`<tr>${first ? `<th scope="row">${h(r.label)}</th>` : ""}${r.cells.map((c) => `<td class="num">${cellHtml(c?.text ?? "")}</td>`).join("")}</tr>`);
    out.push("</tbody></table>");
  }
  if (tables.length) out.push(`<p class="note">${h(QUANTITY_NOTE[lang])}</p>`);
  return out;
}

/** report.html: the same content as one page with the figures inline (SVG), nothing fetched. */
export function reportHtml(exps: readonly Experiment[], results: readonly ExperimentResult[], svgs: ReadonlyArray<ReadonlyMap<string, string>>, lang: Lang, meta: Meta, known: readonly TableColumn[] = []): string {
  const h = escapeHtml;
  const verdictSpan = (v: string) => `<span class="verdict ${h(v)}">${h(verdictWords(v, lang))}</span>`;
  const parts: string[] = [
    `<h1>${h(w("title", lang))}</h1>`,
    `<p>${h(w("intro", lang))}</p>`,
    `<p class="meta">${h(lbl("run", lang))}${h(runLine(meta, lang))}</p>`,
    `<h2 id="method">${h(w("method", lang))}</h2>`,
    `<p>${h(w("methodText", lang))}</p>`,
    `<h2>${h(w("summary", lang))}</h2>`,
    "<ol>",
  ];
  results.forEach((r, i) => parts.push(`<li><a href="#${h(exps[i].id)}">${h(exps[i].title[lang])}</a>${sep(lang)}${verdictSpan(r.verdict.verdict)}</li>`));
  parts.push("</ol>");
  results.forEach((r, i) => {
    const e = exps[i];
    parts.push(
      `<section id="${h(e.id)}">`,
      `<h2>${i + 1}. ${h(e.title[lang])} <code>${h(e.id)}</code></h2>`,
      `<blockquote>${h(w("article", lang))}${h(paren(e.claim.functions.join(", "), lang))}${sep(lang)}${h(e.claim.article)}</blockquote>`,
      `<p><strong>${h(w("claim", lang))}</strong>${sep(lang)}${h(e.claim[lang])}</p>`,
      `<p><strong>${h(w("measured", lang))}</strong>${sep(lang)}${h(measuredLine(r, lang))}</p>`,
      ...(dataLine(r, lang) ? [`<p class="data"><strong>${h(w("data", lang))}</strong>${sep(lang)}${h(dataLine(r, lang) as string)}</p>`] : []),
      ...quantityHtml(quantityTables(r, lang), lang),
    );
    for (const f of r.figures) parts.push(`<figure>${svgs[i].get(f.id) ?? ""}</figure>`);
    parts.push(`<p>${h(lbl("verdict", lang))}${verdictSpan(r.verdict.verdict)}</p>`, `<ul><li>${h(lbl("rule", lang))}${h(r.verdict.rule[lang])}</li><li>${h(lbl("because", lang))}${h(r.verdict.because[lang])}</li>`);
    const ps = r.verdict.parts ?? [];
    if (ps.length) parts.push(`<li>${h(lbl("parts", lang))}<ul class="parts">${ps.map((p) => `<li>${h(p.claim[lang])} — ${verdictSpan(p.verdict)}${sep(lang)}${h(p.because[lang])}</li>`).join("")}</ul></li>`);
    parts.push("</ul>", "</section>");
  });
  const t = measuredTable(results, lang, known);
  if (t.columns.length) {
    parts.push(`<h2 id="table">${h(w("table", lang))}</h2>`, `<p>${h(w("tableNote", lang))}</p>`, `<ul class="legend">${legendLines(lang).map((l) => `<li>${h(l)}</li>`).join("")}</ul>`, "<table><thead><tr>", `<th>${h(w("fn", lang))}</th>`);
    for (const c of t.columns) parts.push(`<th>${h(c.label)}</th>`);
    parts.push("</tr></thead><tbody>");
    for (const r of t.rows) {
      const cells = r.cells.map((c) => {
        const mark = c.mark ? ` <span class="${c.mark === "✓" ? "mark-ok" : "mark-bad"}">${c.mark}</span>` : "";
        const agree = c.agreement ? ` <span class="${c.agreement === "inconclusive" ? "agree-inconclusive" : c.agreement}" title="${h(AGREEMENT[c.agreement][lang])}">${h(AGREEMENT[c.agreement].mark)}</span>` : "";
        return `<td class="num"${c.quote ? ` title="${h(c.quote)}"` : ""}>${cellHtml(c.text)}${mark}${agree}</td>`;
      });
      parts.push(`<tr><th scope="row">${h(r.name)}</th>${cells.join("")}</tr>`);
    }
    parts.push("</tbody></table>");
    const quotes = quoteList(t, lang);
    if (quotes.length) parts.push(`<p>${h(lbl("quotes", lang).trimEnd())}</p><ul>${quotes.map((q) => `<li>${h(q)}</li>`).join("")}</ul>`);
  }
  parts.push(`<h2 id="references">${h(w("references", lang))}</h2>`, `<p>${h(w("referencesNote", lang))}</p>`, `<ol class="references">${REFERENCES.map((r) => `<li>${h(r.text)} <a href="${h(r.url)}">${h(r.url)}</a></li>`).join("")}</ol>`);
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(w("title", lang))}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${parts.join("\n")}
</body>
</html>
`;
}

/** JSON.parse that turns results.json's "NaN", "Infinity" and "-Infinity" back into numbers. */
export function parseResultsJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads and checks a report's results.json (for --from): one-line usage errors, never a stack. */
export function readResultsFile(path: string): { file: ResultsFile; text: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read --from ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder (give the results.json inside it)" : (e as Error).message.split("\n")[0]}`);
  }
  let data: unknown;
  try {
    data = parseResultsJson(text);
  } catch (e) {
    throw new UsageError(`--from ${path} is not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
  const bad = (why: string): never => {
    throw new UsageError(`--from ${path} is not the results.json of actlab report (${why})`);
  };
  if (!isObject(data)) return bad("expected an object");
  if (!Array.isArray(data.results) || data.results.length === 0) return bad("no results array");
  data.results.forEach((r: unknown, i: number) => {
    if (!isObject(r) || typeof r.id !== "string") return bad(`results[${i}] has no id`);
    if (!isObject(r.verdict) || typeof r.verdict.verdict !== "string" || !isObject(r.verdict.rule) || !isObject(r.verdict.because)) return bad(`results[${i}] (${r.id}) has no verdict`);
    if (!isObject(r.summary) || !Array.isArray(r.figures) || !Array.isArray(r.seeds) || !isObject(r.config)) return bad(`results[${i}] (${r.id}) lacks summary, figures, seeds or config`);
    return undefined;
  });
  const g = isObject(data.generated) ? data.generated : {};
  const generated: Meta = { date: String(g.date ?? "?"), machine: String(g.machine ?? "?"), node: String(g.node ?? "?"), quick: g.quick === true, seconds: typeof g.seconds === "number" ? g.seconds : NaN };
  const timed = Array.isArray(data.timed) ? data.timed.filter((x): x is string => typeof x === "string") : [];
  return { file: { generated, timed, results: data.results as ExperimentResult[] }, text };
}

export interface ReportCliOptions {
  out: string;
  lang: readonly Lang[];
  quick?: boolean;
  seeds?: string;
  from?: string;
  /** i/n or auto: run a share of the units and write shard-i-of-n.json into --out. */
  shard?: string;
  /** Folders (or files) of shards to merge into the report one machine would have written. */
  merge?: string[];
  /** An IDX folder or a CSV file: the data of every experiment that takes --data. */
  data?: string;
}

/**
 * A report job's options: the defaults, and with --data the data for each experiment that takes
 * it (convergence only when its digits task runs: --quick runs spiral alone).
 */
function jobOptions(m: Awaited<ReturnType<typeof loadExperiments>>, exp: Experiment, quick: boolean, data: string | undefined): Record<string, unknown> {
  const base = resolveFor(m, exp, {}, quick);
  if (data === undefined || !exp.options.some((x) => x.name === "data")) return base;
  if (Array.isArray(base.tasks) && !base.tasks.includes("digits")) return base;
  return resolveFor(m, exp, { data }, quick);
}

/**
 * `actlab report`: runs every experiment once (or reads --from results.json) and writes the
 * report in each language asked for. One language: results.json, report.md, report.html and
 * figures/ in the folder; several: results.json in the folder and report.md, report.html and
 * figures/ under <lang>/ for each.
 */
export async function runReport(o: ReportCliOptions): Promise<void> {
  const t0 = performance.now();
  const langs = o.lang.length ? o.lang : (["en"] as const);
  if (o.from !== undefined && (o.quick || o.seeds !== undefined)) throw new UsageError("--from renders the results it reads without running: --quick and --seeds do not apply");
  if (o.merge !== undefined) {
    if (o.from !== undefined || o.shard !== undefined || o.quick || o.seeds !== undefined || o.data !== undefined) throw new UsageError("--merge renders the shards it reads: --from, --shard, --quick, --seeds and --data do not apply (the shards carry their settings)");
    return mergeReport(o, langs, t0);
  }
  if (o.shard !== undefined && o.from !== undefined) throw new UsageError("--shard runs a share of the experiments: it cannot render --from a results.json");
  if (o.data !== undefined && o.from !== undefined) throw new UsageError("--from renders the results it reads without running: --data does not apply");
  if (o.data !== undefined) {
    // Read once here, so that a mistake is one line before any worker starts.
    const { loadForCli } = await import("./train-data.js");
    await loadForCli(o.data, undefined, 1);
  }
  const quick = o.quick === true;
  const count = parseSeeds(o.seeds);
  const from = o.from !== undefined ? readResultsFile(o.from) : undefined;
  const m = await loadExperiments();
  if (!m.experiments.length) {
    process.stderr.write("actlab: no experiments to report (this build has none)\n");
    throw new RunEnded(1);
  }
  let exps: Experiment[];
  if (from) {
    exps = from.file.results.map((r) => {
      const e = m.experiments.find((x) => x.id === r.id);
      if (!e) throw new UsageError(`--from ${o.from}: experiment '${r.id}' is not one this build knows (known: ${m.experiments.map((x) => x.id).join(", ")})`);
      return e;
    });
  } else exps = [...m.experiments];
  if (o.shard !== undefined) {
    const shard = parseShard(o.shard);
    const jobs = exps.map((exp) => ({ exp, options: jobOptions(m, exp, quick, o.data), seeds: seedList(count ?? defaultSeedCount(exp, quick)) }));
    const session = openSession(undefined);
    try {
      const r = await runShard({ command: "report", jobs, shard, session, moduleUrl: m.url, experiments: experimentsName(), version: libraryVersion(), quick, outDir: o.out, t0 });
      process.stdout.write(`shard ${shard.index} of ${shard.count} (${shard.from}): ${r.units} units; wrote ${r.path}\nmerge the shards with: actlab report --merge ${o.out}\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    } finally {
      session.dispose();
    }
    return;
  }
  const out = new StagedDir(o.out, { handleSignals: false });
  const session = openSession(out);
  try {
    let results: ExperimentResult[];
    let meta: Meta;
    if (from) {
      results = [...from.file.results];
      meta = from.file.generated;
      // The numbers travel with the report, byte for byte as read.
      out.write("results.json", from.text);
    } else {
      const jobs = exps.map((exp) => ({ exp, options: jobOptions(m, exp, quick, o.data), seeds: seedList(count ?? defaultSeedCount(exp, quick)) }));
      // Everything else shares the cores first; then the timing experiments run alone.
      const timed = jobs.map((j) => measuresTime(j.exp));
      const first = await session.run(jobs.filter((_, i) => !timed[i]), m.url, quick);
      const second = timed.some(Boolean) ? await session.run(jobs.filter((_, i) => timed[i]), m.url, quick, 1) : [];
      results = timed.map((t) => (t ? second.shift() : first.shift()) as ExperimentResult);
      meta = { date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", machine: machineName(), node: process.versions.node, quick, seconds: (performance.now() - t0) / 1000 };
      const file: ResultsFile = { generated: meta, timed: exps.filter(measuresTime).map((e) => e.id), results };
      out.write("results.json", resultJson(file, 2));
    }
    await writeReport(out, session, exps, results, langs, meta, m.tableColumns, t0);
  } catch (e) {
    out.abort();
    throw e;
  } finally {
    session.dispose();
  }
}

/** Stages the report in each language, commits the folder and prints the verdicts. */
async function writeReport(out: StagedDir, session: Session, exps: readonly Experiment[], results: readonly ExperimentResult[], langs: readonly Lang[], meta: Meta, known: readonly TableColumn[] | undefined, t0: number): Promise<void> {
  {
    for (const lang of langs) {
      const dir = langs.length > 1 ? `${lang}/` : "";
      const svgs: Array<Map<string, string>> = [];
      for (const [i, r] of results.entries()) svgs.push(await stageFigures(out, `${dir}figures/${exps[i].id}/`, r, lang));
      session.check();
      out.write(`${dir}report.md`, reportMarkdown(exps, results, lang, meta, known));
      out.write(`${dir}report.html`, reportHtml(exps, results, svgs, lang, meta, known));
    }
    session.check();
    const files = out.commit();
    const seconds = (performance.now() - t0) / 1000;
    const wid = Math.max(...exps.map((e) => e.id.length));
    for (const [i, r] of results.entries()) process.stdout.write(`${exps[i].id.padEnd(wid)}  ${verdictWords(r.verdict.verdict, langs[0])}\n`);
    const layout = langs.length > 1 ? `results.json, ${langs.map((l) => `${l}/`).join(", ")} each with report.md, report.html, figures/` : "report.md, report.html, results.json, figures/";
    process.stdout.write(`\nwrote ${files.length} files to ${join(out.dir, "/")} (${layout})\ntotal ${seconds.toFixed(1)} s\n`);
  }
}

/** The library's version (what a shard records, so that shards of different versions are not merged). */
export function libraryVersion(): string {
  return (JSON.parse(readFileSync(new URL(import.meta.resolve("actlab/package.json")), "utf8")) as { version: string }).version;
}

/** The experiments module a shard records: the library's, or the file ACTLAB_EXPERIMENTS names (by its base name). */
export function experimentsName(): string {
  const custom = process.env.ACTLAB_EXPERIMENTS;
  return custom ? `ACTLAB_EXPERIMENTS=${basename(custom)}` : "actlab/experiments";
}

/**
 * `actlab report --merge DIR…`: the shards' numbers summarised as one machine would have, written
 * as results.json and the report (for shards of `actlab experiment run`: result.json and figures).
 */
async function mergeReport(o: ReportCliOptions, langs: readonly Lang[], t0: number): Promise<void> {
  const merged = mergeShards(findShardFiles(o.merge ?? []));
  const m = await loadExperiments();
  if (merged.first.version !== libraryVersion()) throw new UsageError(`--merge: the shards were computed by actlab ${merged.first.version}, this is actlab ${libraryVersion()}: merge them with the version that made them`);
  if (merged.first.experiments !== experimentsName()) throw new UsageError(`--merge: the shards ran ${merged.first.experiments}, this run would summarise them with ${experimentsName()}`);
  const done = summariseMerged(merged, m.experiments);
  const out = new StagedDir(o.out, { handleSignals: false });
  const session = openSession(out);
  try {
    const exps = done.map((d) => d.exp);
    const results = done.map((d) => d.result);
    if (merged.first.command === "experiment") {
      const { writeExperimentOut } = await import("./experiment-run.js");
      await writeExperimentOut(out, exps[0], results[0], langs[0]);
      const files = out.commit();
      process.stdout.write(`merged ${merged.files.length} shards: ${exps[0].id}  ${verdictWords(results[0].verdict.verdict, langs[0])}\nwrote ${files.length} files to ${join(out.dir, "/")}\n`);
      return;
    }
    const meta: Meta = { date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", machine: merged.machines, node: merged.nodes, quick: merged.first.quick, seconds: merged.seconds };
    const file: ResultsFile = { generated: meta, timed: exps.filter(measuresTime).map((e) => e.id), results };
    out.write("results.json", resultJson(file, 2));
    process.stdout.write(`merged ${merged.files.length} shards (${merged.files.join(", ")})\n`);
    await writeReport(out, session, exps, results, langs, meta, m.tableColumns, t0);
  } catch (e) {
    out.abort();
    throw e;
  } finally {
    session.dispose();
  }
}
