import { join } from "node:path";
import type { Lang } from "actlab";
import type { Experiment, ExperimentResult } from "actlab/experiments";
import { UsageError } from "./errors.js";
import { defaultSeedCount, findExperiment, loadExperiments, seedList, type ExperimentModule } from "./experiment-load.js";
import { optionsHelp, parseExperimentFlags } from "./experiment-options.js";
import { measuresTime, openSession } from "./experiment-session.js";
import { parseSeeds, type RunCliOptions } from "./experiment.js";
import { resultJson, stageFigures } from "./experiment-write.js";
import { StagedDir } from "./files.js";
import { VERDICT_WORDS, verdictWords } from "./render/report-table.js";
import { QUANTITY_NOTE, quantityTables, quantityTableText } from "./render/result-tables.js";

export { VERDICT_WORDS };

const WORDS = {
  claim: { en: "claim", zh: "论断" },
  article: { en: "article", zh: "原文" },
  config: { en: "config", zh: "配置" },
  seeds: { en: "seeds", zh: "种子" },
  verdict: { en: "verdict", zh: "结论" },
  rule: { en: "rule", zh: "判定规则" },
  because: { en: "because", zh: "依据" },
  parts: { en: "sub-claims", zh: "子论断" },
  options: { en: "options", zh: "选项" },
  data: { en: "data", zh: "数据" },
} as const;

/** The options resolved for a run, with the library's RangeErrors turned into usage errors. */
export function resolveFor(m: ExperimentModule, exp: Experiment, partial: Readonly<Record<string, unknown>>, quick: boolean): Record<string, unknown> {
  try {
    return m.resolveOptions(exp, partial, quick);
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(e.message);
    throw e;
  }
}

export async function listExperiments(lang: Lang, json: boolean): Promise<void> {
  const m = await loadExperiments();
  if (json) {
    const data = m.experiments.map((e) => ({ id: e.id, title: e.title, claim: e.claim, options: e.options }));
    process.stdout.write(JSON.stringify(data, null, 2) + "\n");
    return;
  }
  if (m.experiments.length === 0) {
    process.stdout.write(lang === "zh" ? "（还没有实验）\n" : "(no experiments yet)\n");
    return;
  }
  for (const e of m.experiments) {
    process.stdout.write(`${e.id}  ${e.title[lang]}\n  ${e.claim[lang]}\n  ${WORDS.article[lang]}${lang === "zh" ? "：" : ": "}${e.claim.article} (${e.claim.functions.join(", ")})\n`);
    for (const line of optionsHelp(e, lang)) process.stdout.write(`  ${line}\n`);
    process.stdout.write("\n");
  }
}

function configText(config: Readonly<Record<string, unknown>>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
    .join(" ");
}

/** A result as text for the terminal: the claim, the config and seeds, the numbers as tables, the verdict and its parts. */
export function resultText(exp: Experiment, r: ExperimentResult, lang: Lang): string {
  const w = (k: keyof typeof WORDS) => WORDS[k][lang];
  const c = lang === "zh" ? "：" : ": ";
  const lines = [
    `${exp.id} · ${exp.title[lang]}`,
    `${w("claim")}${c}${exp.claim[lang]}`,
    `${w("article")}${c}${exp.claim.article}${lang === "zh" ? `（${exp.claim.functions.join(", ")}）` : ` (${exp.claim.functions.join(", ")})`}`,
    `${w("config")}${c}${configText(r.config)}`,
    `${w("seeds")}${c}${r.seeds.join(", ")}`,
    ...(r.data ? [`${w("data")}${c}${[r.data.source, r.data.split, r.data.scaling].join(lang === "zh" ? "；" : "; ")}`] : []),
    "",
  ];
  const tables = quantityTables(r, lang);
  for (const t of tables) lines.push(...quantityTableText(t).map((l) => `  ${l}`), "");
  if (tables.length) lines.push(QUANTITY_NOTE[lang], "");
  lines.push(`${w("verdict")}${c}${verdictWords(r.verdict.verdict, lang)}`, `  ${w("rule")}${c}${r.verdict.rule[lang]}`, `  ${w("because")}${c}${r.verdict.because[lang]}`);
  const parts = r.verdict.parts ?? [];
  if (parts.length) {
    lines.push(`  ${w("parts")}${c}`);
    for (const p of parts) lines.push(`  - ${p.claim[lang]} — ${verdictWords(p.verdict, lang)}`, `      ${p.because[lang]}`);
  }
  return lines.join("\n") + "\n";
}

/** Stages an experiment's figures (SVG, PNG) and result.json into `out` (what --out writes). */
export async function writeExperimentOut(out: StagedDir, exp: Experiment, result: ExperimentResult, lang: Lang): Promise<void> {
  await stageFigures(out, "", result, lang);
  out.write("result.json", resultJson(result, 2));
}

export async function runExperiment(id: string, rest: readonly string[], o: RunCliOptions): Promise<void> {
  const t0 = performance.now();
  const quick = o.quick === true;
  const count = parseSeeds(o.seeds);
  const m = await loadExperiments();
  const exp = findExperiment(m, id);
  const options = resolveFor(m, exp, parseExperimentFlags(exp, rest, m.experiments), quick);
  const seeds = seedList(count ?? defaultSeedCount(exp, quick));
  // --data other than the shipped digits: read it once here, so that a mistake is one line before any worker starts.
  if (typeof options.data === "string" && options.data !== "digits") {
    // convergence: --data is the data of its digits task, which --quick (or --tasks spiral) leaves out.
    if (Array.isArray(options.tasks) && !options.tasks.includes("digits")) {
      throw new UsageError(`--data is the data of ${exp.id}'s digits task, which this run leaves out (tasks: ${options.tasks.join(", ")}${quick ? "; --quick runs spiral only" : ""}): add --tasks digits`);
    }
    const { loadForCli } = await import("./train-data.js");
    await loadForCli(options.data, undefined, 1);
  }
  if (o.shard !== undefined) {
    if (o.out === undefined || o.json) throw new UsageError("--shard writes shard-i-of-n.json into the folder of --out (and prints no result): give --out <dir>, without --json");
    const { parseShard, runShard } = await import("./shard.js");
    const { experimentsName, libraryVersion } = await import("./report.js");
    const shard = parseShard(o.shard);
    const session = openSession(undefined);
    try {
      const r = await runShard({ command: "experiment", jobs: [{ exp, options, seeds }], shard, session, moduleUrl: m.url, experiments: experimentsName(), version: libraryVersion(), quick, outDir: o.out, t0 });
      const share = r.total === seeds.length ? `${r.units} of ${seeds.length} seeds` : `${r.units} of ${r.total} units (${seeds.length} seeds × ${r.total / seeds.length} units)`;
      process.stdout.write(`shard ${shard.index} of ${shard.count} (${shard.from}): ${share} of ${exp.id}; wrote ${r.path}\nmerge the shards with: actlab report --merge ${o.out} --out <dir>\n`);
    } finally {
      session.dispose();
    }
    return;
  }
  // The output folder is checked (and staged) before minutes of computing, not after.
  const out = o.out !== undefined ? new StagedDir(o.out, { handleSignals: false }) : undefined;
  const session = openSession(out);
  try {
    const [result] = await session.run([{ exp, options, seeds }], m.url, quick, measuresTime(exp) ? 1 : undefined);
    let files: string[] = [];
    if (out) {
      await writeExperimentOut(out, exp, result, o.lang);
      session.check();
      files = out.commit();
    }
    const seconds = (performance.now() - t0) / 1000;
    if (o.json) process.stdout.write(resultJson(result));
    else process.stdout.write(resultText(exp, result, o.lang));
    const where = out ? `; wrote ${files.length} files to ${join(out.dir, "/")}` : "";
    // With --json, stdout holds the one JSON object and nothing else.
    (o.json ? process.stderr : process.stdout).write(`${o.json ? "" : "\n"}total ${seconds.toFixed(2)} s (${seeds.length} seeds on ${measuresTime(exp) ? "one worker thread, in turn" : "worker threads"}${where})\n`);
  } catch (e) {
    out?.abort();
    throw e;
  } finally {
    session.dispose();
  }
}
