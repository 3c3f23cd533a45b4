import type { Lang } from "actlab";
import type { ExperimentResult } from "actlab/experiments";
import type { ChartSpec } from "actlab/plot";
import { renderChart } from "./render/render-chart.js";
import type { StagedDir } from "./files.js";
import { nodeDocument, svgToPngAsync } from "./render-node.js";

/** A chart as standalone SVG text. */
export function chartSvg(spec: ChartSpec, lang: Lang): string {
  return renderChart(spec, nodeDocument(), { lang }).outerHTML;
}

/** JSON with non-finite numbers spelled as strings ("NaN", "Infinity"), which plain JSON would turn into null. */
export function resultJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), indent) + "\n";
}

/**
 * Stages each figure of a result as `<dir>/<figure id>.svg` and `.png` (PNGs rasterised on
 * libuv's pool, several at once); returns the SVG texts by figure id for pages that inline them.
 */
export async function stageFigures(out: StagedDir, dir: string, r: ExperimentResult, lang: Lang): Promise<Map<string, string>> {
  const svgs = new Map<string, string>();
  const pending: Promise<void>[] = [];
  for (const f of r.figures) {
    const svg = chartSvg(f, lang);
    svgs.set(f.id, svg);
    out.write(`${dir}${f.id}.svg`, svg + "\n");
    pending.push(svgToPngAsync(svg).then((png) => out.write(`${dir}${f.id}.png`, png)));
  }
  // allSettled first: a failed PNG must not let the caller abort while others still write.
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return svgs;
}
