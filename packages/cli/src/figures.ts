import { join } from "node:path";
import type { Command } from "commander";
import type { Lang } from "actlab";
import { UsageError } from "./errors.js";
import { parseLang } from "./list.js";
import { IMAGE_FORMATS, registerPlot, type ImageFormat } from "./plot.js";

/** "svg,png" → the formats, in the order given, without repeats. */
export function parseFormats(text: string): ImageFormat[] {
  const out: ImageFormat[] = [];
  for (const part of text.split(",").map((s) => s.trim().toLowerCase())) {
    if (!(IMAGE_FORMATS as readonly string[]).includes(part)) {
      throw new UsageError(`unknown format: '${part || text}' (use svg, png or svg,png)`);
    }
    if (!out.includes(part as ImageFormat)) out.push(part as ImageFormat);
  }
  return out;
}

interface FiguresOptions {
  out: string;
  lang: Lang;
  format: ImageFormat[];
}

export function registerFigures(program: Command): void {
  program
    .command("figures")
    .description("write every figure of the article and the comparison table (SVG/PNG, table.md, table.html)")
    .option("--out <dir>", "output folder (created if missing)", "figures")
    .option("--lang <lang>", "language of titles, legends and the table: en or zh", parseLang, "en")
    .option("--format <list>", "image formats: svg, png or svg,png", parseFormats, ["svg", "png"] as ImageFormat[])
    .addHelpText("after", "\nExamples:\n  actlab figures --out figures\n  actlab figures --lang zh --out figures-zh --format png")
    .action(async (opts: FiguresOptions) => {
      // Plot, resvg and KaTeX load only when figures are drawn, so `actlab list` stays fast.
      const { writeFigures } = await import("./figures-write.js");
      if (opts.lang === "zh" && opts.format.includes("png")) {
        const { hasCjkFont, CJK_FONT_WARNING } = await import("./render-node.js");
        if (!hasCjkFont()) process.stderr.write(CJK_FONT_WARNING + "\n");
      }
      const r = await writeFigures(opts.out, opts.lang, opts.format);
      const figs = r.files.filter((f) => !f.startsWith("thumbs/") && !f.startsWith("table."));
      const thumbCount = r.files.filter((f) => f.startsWith("thumbs/")).length;
      const names = [...new Set(figs.map((f) => f.replace(/\.[^.]+$/, "")))];
      process.stdout.write(
        `wrote ${r.files.length} files to ${join(r.dir, "/")} in ${r.seconds.toFixed(2)} s (${opts.lang}, ${opts.format.join("+")})\n` +
          `  figures:    ${names.join(", ")}\n` +
          `  thumbnails: ${thumbCount} in thumbs/\n` +
          `  table:      table.md, table.html\n`,
      );
    });
}

/** `actlab plot` and `actlab figures` (one entry point, so main.ts needs one line for both). */
export function registerPlotCommands(program: Command): void {
  registerPlot(program);
  registerFigures(program);
}
