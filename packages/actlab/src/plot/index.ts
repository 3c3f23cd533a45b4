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
export { hasCjk } from "./text.js";
