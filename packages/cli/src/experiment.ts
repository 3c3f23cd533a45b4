import { Option, type Command } from "commander";
import type { Lang } from "actlab";
import { UsageError } from "./errors.js";
import { parseLang } from "./list.js";

export interface RunCliOptions {
  seeds?: string;
  quick?: boolean;
  json?: boolean;
  out?: string;
  lang: Lang;
  shard?: string;
}

/** --seeds as a count of seeds, 1…100. */
export function parseSeeds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > 100) throw new UsageError(`invalid --seeds: '${text}' (expected a whole number of seeds from 1 to 100)`);
  return Number(text);
}

export function registerExperiment(program: Command): void {
  const experiment = program.command("experiment").description("measure the article's claims: list the experiments, run one");
  experiment
    .command("list")
    .description("list the experiments with the claim each one tests and its options")
    .option("--lang <lang>", "language: en or zh", parseLang, "en")
    .option("--json", "print the experiments (id, title, claim, options) as JSON")
    .action(async (o: { lang: Lang; json?: boolean }) => {
      const { listExperiments } = await import("./experiment-run.js");
      await listExperiments(o.lang, o.json === true);
    });
  experiment
    .command("run")
    .description("run one experiment over several seeds on worker threads and print (or write) its result")
    .argument("<id>", "experiment id (see actlab experiment list)")
    .argument("[options...]", "the experiment's own options, e.g. --depth 10")
    .option("--seeds <n>", "number of seeds (default: the experiment's own, 10 for every built-in one; 3 with --quick)")
    .option("--quick", "smaller settings, for a first look and for tests")
    .option("--json", "print the result as one JSON object")
    .option("--out <dir>", "write the figures (SVG and PNG) and result.json into this folder")
    .option("--lang <lang>", "language of the text and the figures: en or zh", parseLang, "en")
    .option("--shard <i/n|auto>", "run shard i of n of the units (function × seed × setting) and write shard-i-of-n.json into --out (auto: from JOB_COMPLETION_INDEX and JOB_COMPLETIONS, or SLURM_ARRAY_TASK_ID/_MIN/_COUNT); merge with actlab report --merge")
    .allowUnknownOption()
    .addHelpText(
      "after",
      "\nEach experiment has its own options (such as --depth 10 or --functions relu,tanh): `actlab experiment list` shows them.\n\nExamples:\n  actlab experiment run gradient-flow --depth 10 --seeds 3\n  actlab experiment run dead-units --quick --out runs/dead --lang zh\n  actlab experiment run born-dead --json > born-dead.json\n  actlab experiment run gradient-flow --functions relu,\"x*sigmoid(x)\"",
    )
    .action(async (id: string, rest: string[], o: RunCliOptions) => {
      if (id.startsWith("-")) throw new UsageError(`give the experiment id first: actlab experiment run <id> [options] (got '${id}')`);
      const { runExperiment } = await import("./experiment-run.js");
      await runExperiment(id, rest, o);
    });

  program
    .command("report")
    .description("run every experiment once and write report.md, a self-contained report.html, results.json and the figures, in one or both languages")
    .option("--out <dir>", "output folder (created if missing)", "report")
    .addOption(new Option("--lang <langs>", "language(s) of the report: en, zh, or en,zh for both from the same run").argParser(parseLangs).default(["en"], "en"))
    .option("--quick", "smaller settings (well under a minute), for a first look and for tests")
    .option("--seeds <n>", "number of seeds of every experiment (default: each experiment's own, at least 10)")
    .option("--from <file>", "render the report from a results.json written before, without running anything")
    .option("--shard <i/n|auto>", "run shard i of n of the units (experiment × function × seed × setting) and write shard-i-of-n.json into --out; auto reads JOB_COMPLETION_INDEX and JOB_COMPLETIONS (Kubernetes) or SLURM_ARRAY_TASK_ID, _MIN and _COUNT (Slurm)")
    .option("--merge <dirs...>", "merge the shard files in these folders (or files) into the results.json and report one machine would write")
    .option("--data <path>", "an IDX folder or a CSV file: the data of the experiments that train on a data set (digits, mean-activation, and convergence's digits task), instead of the shipped 8×8 digits; the report states source, split and scaling")
    .addHelpText(
      "after",
      [
        "",
        "Layout of --out:",
        "  one language:   results.json, report.md, report.html, figures/<experiment>/<figure>.svg|png",
        "  several (en,zh): results.json, and en/ and zh/ each with report.md, report.html, figures/",
        "results.json holds every seed's numbers; two runs of the same command give the same file",
        "apart from the measured times (generated.date, generated.seconds, each result's seconds,",
        "and the results of the experiments listed in `timed`, which measure time).",
        "",
        "Examples:",
        "  actlab report --out report",
        "  actlab report --lang en,zh --out docs/report",
        "  actlab report --quick --lang zh --out report-zh",
        "  actlab report --from docs/report/results.json --lang zh --out report-zh",
        "  actlab report --quick --shard 2/3 --out shards      (one of three machines; see examples/)",
        "  actlab report --merge shards --out report",
      ].join("\n"),
    )
    .action(async (o: { out: string; lang: Lang[]; quick?: boolean; seeds?: string; from?: string; shard?: string; merge?: string[] }) => {
      const { runReport } = await import("./report.js");
      await runReport(o);
    });
}

/** --lang of the report: "en", "zh" or a comma-separated list of them ("en,zh"), without repeats. */
export function parseLangs(v: string): Lang[] {
  const items = v.split(",").map((s) => s.trim());
  const langs = items.map((s) => {
    if (s !== "en" && s !== "zh") throw new UsageError(`invalid language: '${s}' (use en, zh or en,zh)`);
    return s as Lang;
  });
  if (new Set(langs).size !== langs.length) throw new UsageError(`invalid --lang: '${v}' (a language is named twice)`);
  return langs;
}
