/**
 * actlab-cli/render: draws actlab's figure specs (plain data from `actlab/plot`) as SVG with
 * Observable Plot, in Node (with linkedom) or in the browser, and builds the tables of the
 * experiments' results that the report and the lab show alike. It lives with the CLI, not in the
 * library, so that `npm install actlab` stays free of Plot and d3.
 *
 * @module actlab-cli/render
 */
export type { RenderOptions } from "./render.js";
export { DEFAULT_CJK_FONT_FAMILY, DEFAULT_FONT_FAMILY, renderFigure } from "./render.js";
export type { ChartRenderOptions } from "./render-chart.js";
export { DIVERGED_LEGEND, renderChart } from "./render-chart.js";
export type { Agreement, Mark, MeasuredCell, MeasuredColumn, MeasuredTable, TableColumn } from "./report-table.js";
export { AGREEMENT, agreementOf, measuredTable, TABLE_LEGEND, VERDICT_WORDS, verdictWords } from "./report-table.js";
export type { QuantityCell, QuantityColumn, QuantityRow, QuantityTable } from "./result-tables.js";
export { divergedMark, num, QUANTITY_NOTE, quantityTables, quantityTableText, rowLabel, statCell, statNumber } from "./result-tables.js";
export { shortNumber } from "./render-chart.js";
export type { DataTable, FigureText } from "./describe.js";
export { chartData, chartText, figureData, figureText, labelSvg, spoken } from "./describe.js";
