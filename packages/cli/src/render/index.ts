/**
 * actlab-cli/render: draws actlab's figure specs (plain data from `actlab/plot`) as SVG with
 * Observable Plot, in Node (with linkedom) or in the browser. It lives with the CLI, not in the
 * library, so that `npm install actlab` stays free of Plot and d3.
 *
 * @module actlab-cli/render
 */
export type { RenderOptions } from "./render.js";
export { DEFAULT_CJK_FONT_FAMILY, DEFAULT_FONT_FAMILY, renderFigure } from "./render.js";
export type { ChartRenderOptions } from "./render-chart.js";
export { renderChart } from "./render-chart.js";
export type { Mark, MeasuredCell, MeasuredColumn, MeasuredTable, TableColumn } from "./report-table.js";
export { measuredTable, VERDICT_WORDS } from "./report-table.js";
export { shortNumber } from "./render-chart.js";
