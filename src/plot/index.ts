export type { CurveSpec, CurveWhich, FigureKind, FigureSpec, SizeOptions } from "./spec.js";
export type { RenderOptions } from "./render.js";
export type { ComparisonTable, TableRow } from "./table.js";

export {
  COLORS,
  DEFAULT_SIZE,
  THUMBNAIL_SIZE,
  compareFigure,
  derivativesFigure,
  functionFigure,
  gridOf,
  resolveParams,
  sampleCurve,
  softmaxFigure,
  softmaxInputs,
  thumbnailFigure,
} from "./spec.js";
export { DEFAULT_CJK_FONT_FAMILY, DEFAULT_FONT_FAMILY, renderFigure } from "./render.js";
export { comparisonTable, propertyPhrases } from "./table.js";
export { hasCjk } from "./text.js";
export type { Bi, ChartAxis, ChartPoint, ChartSeries, ChartSpec, Heatmap } from "./chart.js";
export type { ChartRenderOptions } from "./render-chart.js";
export { renderChart } from "./render-chart.js";
