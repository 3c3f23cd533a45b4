import { createRng } from "../train/rng.js";
import { DataError, type LabelledData } from "./idx.js";

/**
 * Options of `parseLabelledCsv`: which column is the label, and the file's name for messages.
 */
export interface LabelledCsvOptions {
  /**
   * The label column: its name in the header, or its number counted from 1 (negative counts from
   * the end: -1 is the last column, the default).
   */
  label?: string | number;
  /** The file's name, which starts every error message (default "csv"). */
  file?: string;
}

/** A CSV data set: the rows as `LabelledData` plus the names of the feature columns and of the classes. */
export interface LabelledCsv extends LabelledData {
  readonly featureNames: readonly string[];
  /** Class k's value as written in the label column (e.g. "setosa", or "3"). */
  readonly classNames: readonly string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function show(t: string): string {
  return t.length > 30 ? `'${t.slice(0, 27)}…'` : `'${t}'`;
}

/**
 * Numeric features and a label column from CSV text (comma-separated, no quoting). The first
 * non-blank line is a header when any of its feature fields is not a number. The label may be
 * any text: its distinct values become classes 0, 1, … — in numeric order when every label is a
 * whole number ≥ 0 (label k is class k then), else in sorted text order. Features are kept as
 * written (float32), not scaled. Every problem is a DataError naming the file and the line.
 *
 * @example
 * const d = parseLabelledCsv("x1,x2,kind\n0,1,a\n1,0,b\n1,1,a\n", { label: "kind", file: "toy.csv" });
 * [d.features, d.classes, d.labels];    // [2, 2, Int32Array [0, 1, 0]]
 * d.classNames;                          // ["a", "b"]
 * parseLabelledCsv("a,b\n1,2\n3\n", { file: "bad.csv" });   // throws DataError: bad.csv: line 3: 1 field, expected 2 …
 */
export function parseLabelledCsv(text: string, opts: LabelledCsvOptions = {}): LabelledCsv {
  const file = opts.file ?? "csv";
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const rows: { no: number; fields: string[] }[] = [];
  lines.forEach((l, i) => {
    if (l.trim() !== "") rows.push({ no: i + 1, fields: l.split(",").map((f) => f.trim()) });
  });
  if (rows.length === 0) throw new DataError(file, "is empty: expected a header line (optional) and rows of numbers with a label column");
  const width = rows[0].fields.length;
  if (width < 2) throw new DataError(file, `line ${rows[0].no}: 1 column: expected at least one feature and a label, separated by commas`);
  const label = opts.label ?? -1;
  const firstIsHeader = (k: number) => rows[0].fields.some((f, j) => j !== k && !NUMBER.test(f));
  let col: number;
  let header: string[] | undefined;
  if (typeof label === "number") {
    if (!Number.isInteger(label) || label === 0 || Math.abs(label) > width) throw new DataError(file, `no column ${label}: the file has ${width} columns (number them 1…${width}, or -1 for the last)`);
    col = label > 0 ? label - 1 : width + label;
    if (firstIsHeader(col)) header = rows[0].fields;
  } else {
    header = rows[0].fields;
    col = header.indexOf(label);
    if (col < 0) throw new DataError(file, `no column named ${show(label)} (its columns: ${header.join(", ")})`);
  }
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) throw new DataError(file, "has a header but no rows");
  const features = width - 1;
  const x = new Float32Array(body.length * features);
  const raw: string[] = [];
  body.forEach(({ no, fields }, r) => {
    if (fields.length !== width) throw new DataError(file, `line ${no}: ${fields.length} field${fields.length === 1 ? "" : "s"}, expected ${width} like line ${rows[0].no}`);
    let j = 0;
    fields.forEach((f, k) => {
      if (k === col) {
        if (f === "") throw new DataError(file, `line ${no}: the label (column ${k + 1}) is empty`);
        raw.push(f);
        return;
      }
      const v = NUMBER.test(f) ? Number(f) : NaN;
      if (!Number.isFinite(v)) throw new DataError(file, `line ${no}, column ${header ? show(header[k]) : k + 1}: ${show(f)} is not a number`);
      x[r * features + j++] = v;
    });
  });
  const distinct = [...new Set(raw)];
  if (distinct.length < 2) throw new DataError(file, `the label column holds one class only (${show(raw[0])}): a classifier needs at least two`);
  const whole = distinct.every((v) => /^\d+$/.test(v));
  let labels: Int32Array;
  let classNames: string[];
  if (whole) {
    labels = Int32Array.from(raw, Number);
    const top = Math.max(1, ...labels);
    classNames = Array.from({ length: top + 1 }, (_, k) => String(k));
  } else {
    classNames = distinct.sort();
    const index = new Map(classNames.map((c, k) => [c, k]));
    labels = Int32Array.from(raw, (v) => index.get(v) as number);
  }
  const featureNames = header ? header.filter((_, k) => k !== col) : Array.from({ length: features }, (_, k) => `x${k + 1}`);
  return { name: file, x, labels, features, classes: classNames.length, scaling: "as written", featureNames, classNames };
}

/**
 * A seeded split of rows into a training and a test part (`testShare` of the rows, at least one
 * each), the test rows drawn with `rng`-free Fisher–Yates from `seed`; `standardise` centres and
 * scales each feature by the training part's mean and standard deviation (constant features stay 0).
 *
 * @example
 * const { train, test } = splitRows(d, { testShare: 0.25, seed: 1, standardise: true });
 * train.labels.length + test.labels.length === d.labels.length;   // true
 * train.scaling;   // "standardised by the training split's mean and standard deviation"
 */
export function splitRows(d: LabelledData, opts: { testShare?: number; seed?: number; standardise?: boolean } = {}): { train: LabelledData; test: LabelledData } {
  const n = d.labels.length;
  const share = opts.testShare ?? 0.25;
  if (!(share > 0 && share < 1)) throw new RangeError(`invalid test share: ${String(share)} (must be between 0 and 1)`);
  if (n < 2) throw new DataError(d.name, `${n} row: too few to split into training and test rows`);
  const order = createRng(opts.seed ?? 1).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const nt = Math.min(n - 1, Math.max(1, Math.round(n * share)));
  const testRows = order.slice(0, nt).sort();
  const trainRows = order.slice(nt).sort();
  const f = d.features;
  const mean = new Float64Array(f);
  const sd = new Float64Array(f).fill(1);
  if (opts.standardise) {
    for (const r of trainRows) for (let j = 0; j < f; j++) mean[j] += d.x[r * f + j] / trainRows.length;
    for (let j = 0; j < f; j++) {
      let s = 0;
      for (const r of trainRows) s += (d.x[r * f + j] - mean[j]) ** 2;
      const v = Math.sqrt(s / trainRows.length);
      sd[j] = v > 0 ? v : 1;
    }
  }
  const scaling = opts.standardise ? "standardised by the training split's mean and standard deviation" : d.scaling;
  const take = (rows: Int32Array, part: string): LabelledData => {
    const x = new Float32Array(rows.length * f);
    rows.forEach((r, k) => {
      for (let j = 0; j < f; j++) x[k * f + j] = (d.x[r * f + j] - mean[j]) / sd[j];
    });
    return { name: `${d.name} (${part})`, x, labels: Int32Array.from(rows, (r) => d.labels[r]), features: f, classes: d.classes, scaling };
  };
  return { train: take(trainRows, "train"), test: take(testRows, "test") };
}
