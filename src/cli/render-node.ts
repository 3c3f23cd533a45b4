import { Resvg } from "@resvg/resvg-js";
import { parseHTML } from "linkedom";
import { renderFigure, type FigureSpec } from "../plot/index.js";

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

/** Rasterises SVG text with resvg at the SVG's own size (or `scale` times it). */
export function svgToPng(svg: string, scale = 1): Buffer {
  const resvg = new Resvg(svg, {
    // System fonts by path, never fontBuffers: resvg then maps only the faces it uses.
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale },
    background: "white",
  });
  return resvg.render().asPng();
}

export function figurePng(spec: FigureSpec, scale = 1): Buffer {
  return svgToPng(figureSvg(spec), scale);
}
