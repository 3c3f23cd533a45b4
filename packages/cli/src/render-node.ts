import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Resvg, renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";
// linkedom's single-file build: same API, loads in about half the time of its module tree.
import { parseHTML } from "linkedom/worker";
import { hasCjk, type FigureSpec } from "actlab/plot";
import { renderFigure } from "./render/index.js";

let doc: Document | undefined;

/** One linkedom document for every figure of a run (creating it costs more than a render). */
export function nodeDocument(): Document {
  doc ??= parseHTML("<!doctype html><html><head></head><body></body></html>").document as unknown as Document;
  return doc;
}

/** The figure as standalone SVG text (with the XML declaration-free root resvg and browsers accept). */
export function figureSvg(spec: FigureSpec): string {
  const svg = renderFigure(spec, nodeDocument());
  return svg.outerHTML;
}

// Debian's fonts (fonts-dejavu-core, fonts-noto-cjk). Handing resvg these files instead of
// letting it scan every system font makes each PNG several times cheaper; the CJK
// collection is added only for figures with CJK text. Files, not fontBuffers: resvg maps
// files lazily, while buffers are copied and parsed in full on every render.
const LATIN_FILES = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"];
// ACTLAB_CJK_FONTS (files separated by ':') points at CJK fonts kept elsewhere.
const CJK_FILES = process.env.ACTLAB_CJK_FONTS?.split(":").filter(Boolean) ?? ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"];

/**
 * Whether Chinese text can be drawn: the CJK font files above, or (without ACTLAB_CJK_FONTS)
 * any font fontconfig lists for Chinese. Without one, Han characters come out as empty boxes.
 */
export function hasCjkFont(): boolean {
  if (CJK_FILES.some((f) => existsSync(f))) return true;
  if (process.env.ACTLAB_CJK_FONTS) return false;
  const r = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8", timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() !== "";
}

/** The one-line warning for `--lang zh` when no CJK font is installed. */
export const CJK_FONT_WARNING =
  "actlab: warning: no Chinese (CJK) font found, so Chinese text in PNGs will be empty boxes; install one, e.g. the Debian package fonts-noto-cjk (sudo apt install fonts-noto-cjk)";

let known: { latin: boolean; cjk: boolean } | undefined;

function fontOptions(svg: string): ResvgRenderOptions["font"] {
  known ??= { latin: LATIN_FILES.every((f) => existsSync(f)), cjk: CJK_FILES.every((f) => existsSync(f)) };
  const cjk = hasCjk(svg);
  if (!known.latin || (cjk && !known.cjk)) {
    // Elsewhere (another distribution, macOS): let resvg find whatever the system has.
    return { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" };
  }
  return { loadSystemFonts: false, fontFiles: cjk ? [...LATIN_FILES, ...CJK_FILES] : LATIN_FILES, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" };
}

function resvgOptions(svg: string, scale: number): ResvgRenderOptions {
  return { font: fontOptions(svg), fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale }, background: "white" };
}

/** Rasterises SVG text with resvg at the SVG's own size (or `scale` times it). */
export function svgToPng(svg: string, scale = 1): Buffer {
  return new Resvg(svg, resvgOptions(svg, scale)).render().asPng();
}

/** The same on libuv's thread pool, so several PNGs rasterise at once. */
export async function svgToPngAsync(svg: string, scale = 1): Promise<Buffer> {
  return (await renderAsync(svg, resvgOptions(svg, scale))).asPng();
}

export function figurePng(spec: FigureSpec, scale = 1): Buffer {
  return svgToPng(figureSvg(spec), scale);
}
