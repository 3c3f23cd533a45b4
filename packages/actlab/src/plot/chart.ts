import type { Lang } from "../activations/types.js";

/** Text in both languages; a renderer picks `lang`. */
export interface Bi {
  readonly en: string;
  readonly zh: string;
}

/** One point of a series; lo/hi draw a band (e.g. the range over seeds) around y. */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly lo?: number;
  readonly hi?: number;
  /** Seeds that had no value here (diverged): the renderers mark the point. */
  readonly diverged?: number;
}

/**
 * One line (or band) of a chart: its legend text and points.
 */
export interface ChartSeries {
  /** Legend text (function ids or names are the same in both languages). */
  readonly name: string;
  /** Legend text in both languages; when given, renderers show it instead of `name`. */
  readonly label?: Bi;
  /**
   * Series with the same group share one colour (the first one's), e.g. a measurement and the
   * formula it is checked against; give the others a `dash` so they stay apart.
   */
  readonly group?: string;
  /** A registry id when the series is one function (the renderer may colour by it). */
  readonly id?: string;
  readonly points: readonly ChartPoint[];
  readonly dash?: string;
  /** Dots with error bars for lo/hi and no line between them (for categories on x, see ChartAxis.ticks). */
  readonly dots?: boolean;
}

/**
 * An axis of a chart: its label in both languages, optionally logarithmic and with a fixed domain.
 */
export interface ChartAxis {
  readonly label: Bi;
  readonly log?: boolean;
  readonly domain?: readonly [number, number];
  /** Ticks with words instead of numbers (e.g. one per function at x = 0, 1, 2 …); only these are drawn. */
  readonly ticks?: readonly { readonly value: number; readonly label: Bi }[];
  /** A count (layers, epochs): ticks only at whole numbers. */
  readonly integer?: boolean;
}

/** A heat map: values[row][col] at (xs[col], ys[row]); NaN is drawn as missing. */
export interface Heatmap {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly values: readonly (readonly number[])[];
  readonly label: Bi;
  /** Colour scale: "sequential" (0 → max) or "diverging" (centred on 0). */
  readonly scheme: "sequential" | "diverging";
}

/** A chart of lines (with optional bands) or one heat map; pure data, JSON-safe. */
export interface ChartSpec {
  readonly kind: "chart";
  readonly id: string;
  readonly title: Bi;
  readonly x: ChartAxis;
  readonly y: ChartAxis;
  readonly series: readonly ChartSeries[];
  readonly heatmap?: Heatmap;
  /** Horizontal reference lines, e.g. y = 1 for "variance stays at 1". */
  readonly rules?: readonly { readonly y: number; readonly label?: Bi }[];
  readonly width: number;
  readonly height: number;
}

/**
 * The language a chart is drawn in ("en" or "zh").
 */
export type ChartLang = Lang;
