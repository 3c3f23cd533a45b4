import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import type { Lang } from "actlab";
import type { Experiment, ExperimentResult } from "actlab/experiments";
import { shortNumber } from "./render/render-chart.js";
import { RunEnded } from "./errors.js";
import { escapeHtml, markdownCell } from "./escape.js";
import { defaultSeedCount, loadExperiments, seedList, type TableColumn } from "./experiment-load.js";
import { resolveFor, VERDICT_WORDS } from "./experiment-run.js";
import { measuresTime, openSession } from "./experiment-session.js";
import { parseSeeds } from "./experiment.js";
import { resultJson, stageFigures } from "./experiment-write.js";
import { StagedDir } from "./files.js";
import { measuredTable, type MeasuredTable } from "./render/report-table.js";

const W = {
  title: { en: "The article's claims, measured", zh: "原文论断的实测" },
  intro: {
    en: "Each claim of the article's 优点/缺点 was run by actlab over several seeds; the verdict follows from the numbers by the stated rule. Figures show the median over seeds, bands the range.",
    zh: "原文“优点/缺点”中的每条论断都由 actlab 用多个随机种子实测；结论按所述规则由数据得出。图中曲线为各种子的中位数，色带为范围。",
  },
  article: { en: "The article says", zh: "原文" },
  claim: { en: "Claim tested", zh: "检验的论断" },
  measured: { en: "What was measured", zh: "实测内容" },
  verdict: { en: "Verdict", zh: "结论" },
  rule: { en: "rule", zh: "规则" },
  because: { en: "because", zh: "依据" },
  seeds: { en: "seeds", zh: "种子" },
  seconds: { en: "s", zh: "秒" },
  quantity: { en: "quantity", zh: "量" },
  median: { en: "median", zh: "中位数" },
  range: { en: "range", zh: "范围" },
  table: { en: "Comparison table, measured (总结对比)", zh: "总结对比（实测）" },
  tableNote: {
    en: "Measured medians beside the article's stance: ✓ the article names it a strength of the function, ✗ a weakness (its words below); an empty mark: the article says nothing.",
    zh: "实测中位数与原文的判断并列：✓ 原文列为该函数的优点，✗ 列为缺点（原文语句见下）；无标记：原文未提及。",
  },
  fn: { en: "function", zh: "函数" },
  quotes: { en: "The article's words behind the marks", zh: "标记所依据的原文" },
  summary: { en: "Summary", zh: "概览" },
  run: { en: "Run", zh: "运行信息" },
  quick: { en: "quick settings (--quick)", zh: "快速设置（--quick）" },
  full: { en: "default settings", zh: "默认设置" },
} as const;

interface Meta {
  date: string;
  machine: string;
  node: string;
  quick: boolean;
  seconds: number;
}

const w = (k: keyof typeof W, lang: Lang) => W[k][lang];
/** A label's colon: full-width in Chinese. */
const sep = (lang: Lang) => (lang === "zh" ? "：" : ": ");
const lbl = (k: keyof typeof W, lang: Lang) => w(k, lang) + sep(lang);

function configText(config: Readonly<Record<string, unknown>>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
    .join(", ");
}

const secs = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));

function runLine(meta: Meta, lang: Lang): string {
  return `${meta.date} · ${meta.machine} · Node ${meta.node} · ${meta.quick ? w("quick", lang) : w("full", lang)} · ${meta.seconds.toFixed(1)} ${w("seconds", lang)}`;
}

function tableMarkdown(t: MeasuredTable, lang: Lang): string[] {
  if (!t.columns.length) return [];
  const lines = [`## ${w("table", lang)}`, "", w("tableNote", lang), "", `| ${[w("fn", lang), ...t.columns.map((c) => markdownCell(c.label))].join(" | ")} |`, `|---|${t.columns.map(() => "---:").join("|")}|`];
  for (const r of t.rows) lines.push(`| ${[`**${r.name}**`, ...r.cells.map((c) => [c.text, c.mark ?? ""].filter(Boolean).join(" "))].join(" | ")} |`);
  const quotes = quoteList(t, lang);
  if (quotes.length) lines.push("", lbl("quotes", lang).trimEnd(), "", ...quotes.map((q) => `- ${q}`));
  return [...lines, ""];
}

function quoteList(t: MeasuredTable, lang: Lang): string[] {
  const out: string[] = [];
  for (const r of t.rows) {
    t.columns.forEach((c, j) => {
      const cell = r.cells[j];
      if (cell.mark && cell.quote) out.push(`${r.name} · ${c.label}${sep(lang)}${cell.mark} “${cell.quote}”`);
    });
  }
  return out;
}

function summaryRows(r: ExperimentResult): Array<[string, string, string]> {
  return Object.entries(r.summary).map(([k, s]) => [k, shortNumber(s.median), `${shortNumber(s.min)} … ${shortNumber(s.max)}`]);
}

/** report.md: per claim the article's sentence, what was measured, the figures, the verdict; then the table. */
export function reportMarkdown(exps: readonly Experiment[], results: readonly ExperimentResult[], lang: Lang, meta: Meta, known: readonly TableColumn[] = []): string {
  const lines = [`# ${w("title", lang)}`, "", w("intro", lang), "", `${lbl("run", lang)}${runLine(meta, lang)}`, "", `## ${w("summary", lang)}`, ""];
  results.forEach((r, i) => lines.push(`${i + 1}. [${exps[i].title[lang]}](#${exps[i].id})${sep(lang)}**${VERDICT_WORDS[r.verdict.verdict]?.[lang] ?? r.verdict.verdict}**`));
  lines.push("");
  results.forEach((r, i) => {
    const e = exps[i];
    lines.push(
      `<a id="${e.id}"></a>`,
      `## ${i + 1}. ${e.title[lang]} (\`${e.id}\`)`,
      "",
      `> ${w("article", lang)} (${e.claim.functions.join(", ")})${sep(lang)}${e.claim.article}`,
      "",
      `**${w("claim", lang)}**${sep(lang)}${e.claim[lang]}`,
      "",
      `**${w("measured", lang)}**${sep(lang)}${configText(r.config)}; ${w("seeds", lang)} ${r.seeds.join(", ")}; ${secs(r.seconds)} ${w("seconds", lang)}.`,
      "",
    );
    const rows = summaryRows(r);
    if (rows.length) {
      lines.push(`| ${w("quantity", lang)} | ${w("median", lang)} | ${w("range", lang)} |`, "|---|---:|---:|");
      for (const [k, m, rg] of rows) lines.push(`| ${markdownCell(k)} | ${m} | ${rg} |`);
      lines.push("");
    }
    for (const f of r.figures) lines.push(`![${markdownCell(f.title[lang])}](figures/${e.id}/${f.id}.png)`, "");
    lines.push(`**${lbl("verdict", lang)}${VERDICT_WORDS[r.verdict.verdict]?.[lang] ?? r.verdict.verdict}**`, "", `- ${lbl("rule", lang)}${r.verdict.rule[lang]}`, `- ${lbl("because", lang)}${r.verdict.because[lang]}`, "");
  });
  lines.push(...tableMarkdown(measuredTable(results, lang, known), lang));
  return lines.join("\n");
}

const PAGE_CSS = `
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 980px; padding: 0 1rem; color: #222; background: #fff; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-top: 1px solid #ddd; padding-top: 1rem; }
blockquote { margin: 0.6rem 0; padding: 0.3rem 0.9rem; border-left: 4px solid #bbb; background: #f7f7f7; }
table { border-collapse: collapse; margin: 0.6rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th { background: #f3f3f3; }
figure { margin: 0.8rem 0; } figure svg { max-width: 100%; height: auto; }
.verdict { font-weight: bold; } .holds { color: #006b3c; } .does-not-hold { color: #b00020; } .mixed { color: #8a5a00; }
.mark-ok { color: #006b3c; } .mark-bad { color: #b00020; }
.meta { color: #555; font-size: 0.9rem; }
`;

/** report.html: the same content as one page with the figures inline (SVG), nothing fetched. */
export function reportHtml(exps: readonly Experiment[], results: readonly ExperimentResult[], svgs: ReadonlyArray<ReadonlyMap<string, string>>, lang: Lang, meta: Meta, known: readonly TableColumn[] = []): string {
  const h = escapeHtml;
  const verdict = (r: ExperimentResult) => `<span class="verdict ${h(r.verdict.verdict)}">${h(VERDICT_WORDS[r.verdict.verdict]?.[lang] ?? r.verdict.verdict)}</span>`;
  const parts: string[] = [`<h1>${h(w("title", lang))}</h1>`, `<p>${h(w("intro", lang))}</p>`, `<p class="meta">${h(lbl("run", lang))}${h(runLine(meta, lang))}</p>`, `<h2>${h(w("summary", lang))}</h2>`, "<ol>"];
  results.forEach((r, i) => parts.push(`<li><a href="#${h(exps[i].id)}">${h(exps[i].title[lang])}</a>${sep(lang)}${verdict(r)}</li>`));
  parts.push("</ol>");
  results.forEach((r, i) => {
    const e = exps[i];
    parts.push(
      `<section id="${h(e.id)}">`,
      `<h2>${i + 1}. ${h(e.title[lang])} <code>${h(e.id)}</code></h2>`,
      `<blockquote>${h(w("article", lang))} (${h(e.claim.functions.join(", "))})${sep(lang)}${h(e.claim.article)}</blockquote>`,
      `<p><strong>${h(w("claim", lang))}</strong>${sep(lang)}${h(e.claim[lang])}</p>`,
      `<p><strong>${h(w("measured", lang))}</strong>${sep(lang)}${h(configText(r.config))}; ${h(w("seeds", lang))} ${h(r.seeds.join(", "))}; ${secs(r.seconds)} ${h(w("seconds", lang))}.</p>`,
    );
    const rows = summaryRows(r);
    if (rows.length) {
      parts.push(`<table><thead><tr><th>${h(w("quantity", lang))}</th><th>${h(w("median", lang))}</th><th>${h(w("range", lang))}</th></tr></thead><tbody>`);
      for (const [k, m, rg] of rows) parts.push(`<tr><td>${h(k)}</td><td class="num">${h(m)}</td><td class="num">${h(rg)}</td></tr>`);
      parts.push("</tbody></table>");
    }
    for (const f of r.figures) parts.push(`<figure>${svgs[i].get(f.id) ?? ""}</figure>`);
    parts.push(`<p>${h(lbl("verdict", lang))}${verdict(r)}</p>`, `<ul><li>${h(lbl("rule", lang))}${h(r.verdict.rule[lang])}</li><li>${h(lbl("because", lang))}${h(r.verdict.because[lang])}</li></ul>`, "</section>");
  });
  const t = measuredTable(results, lang, known);
  if (t.columns.length) {
    parts.push(`<h2 id="table">${h(w("table", lang))}</h2>`, `<p>${h(w("tableNote", lang))}</p>`, "<table><thead><tr>", `<th>${h(w("fn", lang))}</th>`);
    for (const c of t.columns) parts.push(`<th>${h(c.label)}</th>`);
    parts.push("</tr></thead><tbody>");
    for (const r of t.rows) {
      const cells = r.cells.map((c) => `<td class="num"${c.quote ? ` title="${h(c.quote)}"` : ""}>${h(c.text)}${c.mark ? ` <span class="${c.mark === "✓" ? "mark-ok" : "mark-bad"}">${c.mark}</span>` : ""}</td>`);
      parts.push(`<tr><th scope="row">${h(r.name)}</th>${cells.join("")}</tr>`);
    }
    parts.push("</tbody></table>");
    const quotes = quoteList(t, lang);
    if (quotes.length) parts.push(`<p>${h(lbl("quotes", lang).trimEnd())}</p><ul>${quotes.map((q) => `<li>${h(q)}</li>`).join("")}</ul>`);
  }
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

export async function runReport(o: { out: string; lang: Lang; quick?: boolean; seeds?: string }): Promise<void> {
  const t0 = performance.now();
  const quick = o.quick === true;
  const count = parseSeeds(o.seeds);
  const m = await loadExperiments();
  if (!m.experiments.length) {
    process.stderr.write("actlab: no experiments to report (this build has none)\n");
    throw new RunEnded(1);
  }
  const exps = m.experiments;
  const jobs = exps.map((exp) => ({ exp, options: resolveFor(m, exp, {}, quick), seeds: seedList(count ?? defaultSeedCount(exp, quick)) }));
  const out = new StagedDir(o.out, { handleSignals: false });
  const session = openSession(out);
  try {
    // Everything else shares the cores first; then the timing experiments run alone.
    const timed = jobs.map((j) => measuresTime(j.exp));
    const first = await session.run(jobs.filter((_, i) => !timed[i]), m.url, quick);
    const second = timed.some(Boolean) ? await session.run(jobs.filter((_, i) => timed[i]), m.url, quick, 1) : [];
    const results = timed.map((t) => (t ? second.shift() : first.shift()) as ExperimentResult);
    const svgs: Array<Map<string, string>> = [];
    for (const [i, r] of results.entries()) svgs.push(await stageFigures(out, `figures/${exps[i].id}/`, r, o.lang));
    session.check();
    const cpu = cpus()[0]?.model?.trim() || "unknown CPU";
    const meta: Meta = { date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", machine: `${cpu}, ${availableParallelism()} cores`, node: process.versions.node, quick, seconds: (performance.now() - t0) / 1000 };
    out.write("results.json", resultJson({ generated: meta, lang: o.lang, results }, 2));
    out.write("report.md", reportMarkdown(exps, results, o.lang, meta, m.tableColumns));
    out.write("report.html", reportHtml(exps, results, svgs, o.lang, meta, m.tableColumns));
    session.check();
    const files = out.commit();
    const seconds = (performance.now() - t0) / 1000;
    const wid = Math.max(...exps.map((e) => e.id.length));
    for (const [i, r] of results.entries()) process.stdout.write(`${exps[i].id.padEnd(wid)}  ${VERDICT_WORDS[r.verdict.verdict]?.[o.lang] ?? r.verdict.verdict}\n`);
    process.stdout.write(`\nwrote ${files.length} files to ${join(out.dir, "/")} (report.md, report.html, results.json, figures/)\ntotal ${seconds.toFixed(1)} s\n`);
  } catch (e) {
    out.abort();
    throw e;
  } finally {
    session.dispose();
  }
}
