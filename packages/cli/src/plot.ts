import type { Command } from "commander";
import { catalog, type Lang, type Params } from "actlab";
import { functionFigure, sampleCurve, type FigureSpec } from "actlab/plot";
import { collectParam, knownId, paramsFromOptions } from "./params-option.js";
import { UsageError } from "./errors.js";
import { writeFileAtomic } from "./files.js";
import { parseLang } from "./list.js";
import { parseDomain, parseNumber } from "./parse.js";

export type ImageFormat = "svg" | "png";
export const IMAGE_FORMATS: readonly ImageFormat[] = ["svg", "png"];

/** The image format of an output file name, from its extension. */
export function formatOfPath(path: string): ImageFormat {
  const m = /\.([^./\\]+)$/.exec(path);
  const ext = m?.[1].toLowerCase();
  if (ext === "svg" || ext === "png") return ext;
  throw new UsageError(`unknown format for --out: '${path}' (use a file name ending in .svg or .png)`);
}

/** A pixel size as typed: a whole number from 32 to 8192. */
export function parseSize(text: string, what: string): number {
  const v = parseNumber(text, what);
  if (!Number.isInteger(v) || v < 32 || v > 8192) throw new UsageError(`invalid ${what}: '${text}' (must be a whole number of pixels from 32 to 8192)`);
  return v;
}

/**
 * A curve with a NaN or infinite point would be drawn with a silent gap (or not at all):
 * refuse it, naming the point, instead.
 */
export function checkDrawable(spec: FigureSpec): void {
  for (const c of spec.curves) {
    const { x, y } = sampleCurve(spec, c);
    const i = y.findIndex((v) => !Number.isFinite(v));
    if (i < 0) continue;
    const at = `${c.which === "f" ? "f" : "f′"}(${x[i]}) = ${y[i]}`;
    throw new UsageError(`cannot draw ${c.id} with ${JSON.stringify(c.params)}: ${at} (choose parameters whose values are finite on the domain)`);
  }
}

/** Renders a spec in the requested format. */
export async function encodeFigure(spec: FigureSpec, format: ImageFormat): Promise<string | Buffer> {
  // Plot, linkedom and resvg load only when a figure is drawn, so other commands start fast.
  const { figureSvg, svgToPng, hasCjkFont, CJK_FONT_WARNING } = await import("./render-node.js");
  const svg = figureSvg(spec);
  if (format === "png" && spec.lang === "zh" && !hasCjkFont()) process.stderr.write(CJK_FONT_WARNING + "\n");
  return format === "svg" ? svg + "\n" : svgToPng(svg);
}

interface PlotOptions {
  alpha?: string;
  param?: string[];
  domain?: string;
  derivative?: boolean;
  lang: Lang;
  out?: string;
  width?: string;
  height?: string;
}

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("draw one function (with its derivative) as SVG or PNG")
    .argument("<id>", `function id (${catalog.map((a) => a.id).join(", ")}) or a formula in x, e.g. "x*sigmoid(1.702*x)"`)
    .option("--alpha <a>", "the parameter alpha (leaky-relu, elu, prelu, celu); default: the figure's value")
    .option("--param <name=value>", "any parameter by name, repeatable, e.g. --param min=-2 --param max=2", collectParam)
    .option("--domain <lo,hi>", "x range, e.g. -5,5 (default: the function's figure domain, -10,10)")
    .option("--derivative", "draw f′ too (the default)")
    .option("--no-derivative", "draw f only")
    .option("--lang <lang>", "language of title and legend: en or zh", parseLang, "en")
    .option("--out <file>", "write to a .svg or .png file instead of printing SVG")
    .option("--width <px>", "width in pixels (default 640)")
    .option("--height <px>", "height in pixels (default 400)")
    .addHelpText("after", "\nExamples:\n  actlab plot sigmoid > sigmoid.svg\n  actlab plot leaky-relu --alpha 0.2 --domain -3,3 --out leaky.png\n  actlab plot softmax --lang zh --out softmax.png\n  actlab plot hardtanh --param min=-2 --param max=0.5 --out hardtanh.svg\n  actlab plot \"x*tanh(softplus(x))\" --out mish.svg")
    .action(async (idArg: string, opts: PlotOptions) => {
      const id = knownId(idArg);
      const format = opts.out === undefined ? "svg" : formatOfPath(opts.out);
      const spec = functionFigure(id, {
        params: paramsFromOptions(id, opts.alpha, opts.param),
        domain: opts.domain === undefined ? undefined : parseDomain(opts.domain),
        derivative: opts.derivative ?? true,
        lang: opts.lang,
        width: opts.width === undefined ? undefined : parseSize(opts.width, "width"),
        height: opts.height === undefined ? undefined : parseSize(opts.height, "height"),
      });
      checkDrawable(spec);
      const data = await encodeFigure(spec, format);
      if (opts.out === undefined) process.stdout.write(data);
      else writeFileAtomic(opts.out, data);
    });
}
