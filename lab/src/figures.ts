// The lab draws figures with the same specs and the same renderer as the CLI (src/plot). This
// module adapts the rendered SVG to the page (theme colours, transparent background) and tells
// the views how page pixels map to x and y.
import type { FigureSpec } from "../../packages/actlab/src/plot/index.js";
import { renderFigure, type DataTable, type FigureText } from "../../packages/cli/src/render/index.js";
import { h } from "./dom.js";
import type { Ctx } from "./view.js";

export interface Scales {
  /** x value under a horizontal offset (px from the left edge of the svg, in svg units). */
  invertX(px: number): number;
  x(v: number): number;
  y(v: number): number;
}

export interface Rendered {
  el: SVGSVGElement;
  scales: Scales;
}

interface PlotScale {
  apply(v: number): number;
  invert?(v: number): number;
}

// Text and axes follow the page's theme through the renderer's `ink` option; a curve drawn in
// the palette's black must follow it too, or it vanishes on the dark theme.
const INK = new Set(["#000", "#000000", "black"]);

/** The colour a curve of a spec is drawn with on the page (legends use it too). */
export function pageColor(color: string): string {
  return INK.has(color.toLowerCase()) ? "currentColor" : color;
}

export function renderSpec(spec: FigureSpec): Rendered {
  const el = renderFigure(spec, document, { background: "none", ink: "currentColor", fontFamily: "system-ui, sans-serif", cjkFontFamily: "'Noto Sans CJK SC'" }) as SVGSVGElement & {
    scale?(name: string): PlotScale | undefined;
  };
  for (const node of Array.from(el.querySelectorAll<SVGElement>("[fill], [stroke]"))) {
    for (const attr of ["fill", "stroke"]) {
      const v = node.getAttribute(attr);
      if (v && INK.has(v.toLowerCase())) node.setAttribute(attr, "currentColor");
    }
  }
  el.style.color = "";
  const sx = el.scale?.("x");
  const sy = el.scale?.("y");
  const [d0, d1] = spec.domain;
  // Fallback when the element carries no scales: a linear map over the svg width.
  const w = spec.width;
  return {
    el,
    scales: {
      invertX: (px) => (sx?.invert ? sx.invert(px) : d0 + (px / w) * (d1 - d0)),
      x: (v) => (sx ? sx.apply(v) : ((v - d0) / (d1 - d0)) * w),
      y: (v) => (sy ? sy.apply(v) : NaN),
    },
  };
}

/** A disclosure "Data table" under a figure; `set` puts a figure's data in it (it stays open or closed). */
export function dataDisclosure(ctx: Pick<Ctx, "t">, id: string): { el: HTMLDetailsElement; set(table: DataTable, title: string): void } {
  const body = h("div", {});
  const el = h("details", { class: "data-table", id }, h("summary", {}, ctx.t("figure.data")), body);
  return {
    el,
    set(table, title) {
      body.replaceChildren(
        h(
          "table",
          {},
          h("caption", {}, ctx.t("figure.dataCaption", { title })),
          h("thead", {}, h("tr", {}, ...table.columns.map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, ...table.rows.map((r) => h("tr", {}, ...r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c)))))),
        ),
      );
    },
  };
}

/**
 * A focusable figure container with role="img" reads its own name, not the svg's <title> inside:
 * it gets the figure's title (and `hint`, e.g. which keys move the readout) as its name and the
 * figure's description through aria-describedby (a hidden paragraph after it).
 */
export function nameHost(host: HTMLElement, text: FigureText, lang: "en" | "zh", hint?: string): void {
  host.setAttribute("aria-label", hint ? `${text.title}${lang === "zh" ? "。" : ". "}${hint}` : text.title);
  const id = `${host.id}-desc`;
  let p = document.getElementById(id);
  if (!p) {
    p = h("p", { id, hidden: true });
    host.after(p);
  }
  p.textContent = text.desc;
  host.setAttribute("aria-describedby", id);
}
