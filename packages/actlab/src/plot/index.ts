/**
 * actlab/plot: figure specs as plain data (the curves, domain, labels and size of a figure; no DOM,
 * no functions), the comparison table's rows, and chart specs for experiment results. Draw them
 * with `actlab-cli/render` (Observable Plot) or a renderer of your own.
 *
 * @example
 * import { functionFigure } from "actlab/plot";
 * const spec = functionFigure("elu", { lang: "zh" });   // spec.curves: f and f′ of ELU
 * @module actlab/plot
 */
export type { CurveSpec, CurveWhich, FigureKind, FigureSpec, SizeOptions } from "./spec.js";
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
export { comparisonTable, propertyPhrases } from "./table.js";
export { hasCjk, numberText } from "./text.js";
export type { Bi, ChartAxis, ChartPoint, ChartSeries, ChartSpec, Heatmap } from "./chart.js";
