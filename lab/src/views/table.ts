import { softmaxInfo } from "../../../packages/actlab/src/activations/softmax.js";
import { comparisonTable, thumbnailFigure } from "../../../packages/actlab/src/plot/index.js";
import { h } from "../dom.js";
import { renderSpec } from "../figures.js";
import { toHash } from "../state.js";
import { tex } from "../tex.js";
import type { Mount } from "../view.js";

// The article's 总结对比: the rows come from the same table data as the CLI's Markdown/HTML
// table; the lab adds live thumbnails, typeset formulas and a link into Explore.
export const mount: Mount = (host, ctx) => {
  const L = ctx.lang;
  const table = comparisonTable(L);
  // Column headings ride on each cell too: on a phone the rows become cards that label their parts.
  const col = (i: number): string => table.columns[i] ?? "";
  const linkFor = (id: string): string => {
    const st = structuredClone(ctx.state);
    if (id === softmaxInfo.id) st.view = "softmax";
    else {
      st.view = "explore";
      st.explore = { ...st.explore, fn: id as typeof st.explore.fn, params: {}, domain: [-10, 10] };
    }
    return toHash(st);
  };
  const rows = table.rows.map((row) => {
    const href = linkFor(row.id);
    const thumb = h("div", { class: "thumb" });
    thumb.append(renderSpec(thumbnailFigure(row.id, { lang: L })).el);
    return h(
      "tr",
      {
        "data-id": row.id,
        onclick: (e: Event) => {
          if (!(e.target as HTMLElement).closest("a")) ctx.go(href);
        },
      },
      h("th", { scope: "row", "data-label": col(0) }, h("a", { href, "aria-label": ctx.t("table.open", { name: row.name }) }, row.name)),
      h("td", { "data-label": col(1) }, row.meaning),
      h("td", { "data-label": col(2) }, thumb),
      h("td", { class: "formula-cell", "data-label": col(3) }, tex(row.latex)),
      h("td", { "data-label": col(4) }, h("div", {}, ctx.t("explore.range"), " ", tex(row.range)), h("ul", { class: "small" }, ...row.propertyText.map((s) => h("li", {}, s)))),
      h("td", { "data-label": col(5) }, h("ul", {}, ...row.strengths.map((s) => h("li", {}, s)))),
      h("td", { "data-label": col(6) }, h("ul", {}, ...row.weaknesses.map((s) => h("li", {}, s)))),
    );
  });
  host.append(
    h("p", { class: "muted" }, ctx.t("table.hint")),
    h(
      "div",
      { class: "table-wrap" },
      h("table", { class: "summary", id: "summary" }, h("thead", {}, h("tr", {}, ...table.columns.map((c) => h("th", { scope: "col" }, c)))), h("tbody", {}, ...rows)),
    ),
  );
  return () => {};
};
