// Labelled points in the square [−6, 6]² for the lab's Network view (TensorFlow Playground's
// data sets plus moons and a three-armed spiral), the input features computed from them, and
// a reader for people's own CSV files of x₁,x₂,label.
import { CsvError } from "./csv.js";
import { checkCount } from "./data.js";
import { createRng, type Rng } from "./rng.js";
import { featureIds, planeDatasets, regressionDatasets, type FeatureId, type PlaneDataset, type RegressionDataset } from "./plane-names.js";

export { featureIds, planeDatasets, regressionDatasets, type FeatureId, type PlaneDataset, type RegressionDataset };

/**
 * Points drawn per data set when `n` is not given.
 *
 * @example
 * makePlaneData("moons").labels.length === PLANE_POINTS;   // true (500)
 */
export const PLANE_POINTS = 500;
/**
 * Half-width of the square [−6, 6]² the data sets are drawn in and the heat maps cover.
 *
 * @example
 * splitPlane(makePlaneData("xor"), 80).extent;   // 6, PLANE_EXTENT
 */
export const PLANE_EXTENT = 6;

/** Labelled points of the plane: coordinates interleaved as x₁, x₂ pairs, one class label (0 … classes−1) each. */
export interface PlanePoints {
  /** Point r is (x[2r], x[2r+1]). */
  x: Float64Array;
  /** Class of point r, from 0 to `classes` − 1 (0 for every point of a regression set). */
  labels: Int32Array;
  /** Number of classes; 1 for a regression set, whose values are `targets`. */
  classes: number;
  /** The value to predict at point r, in [−1, 1] (regression sets only). */
  targets?: Float64Array;
}


const BUMPS: readonly [number, number, number][] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * The value a regression set gives a point (before noise moves the point).
 *
 * @example
 * regressionTarget("reg-plane", 6, 6);   // 1
 * regressionTarget("reg-gauss", 0, 2.5) < -0.9;   // true: the centre of a negative bump
 */
export function regressionTarget(name: RegressionDataset, a: number, b: number): number {
  if (name === "reg-plane") return (a + b) / 12;
  let v = 0;
  for (const [cx, cy, sign] of BUMPS) v += sign * Math.exp(-((a - cx) ** 2 + (b - cy) ** 2) / (2 * 1.2 ** 2));
  return Math.max(-1, Math.min(1, v));
}

/**
 * A regression data set: points uniform in the square, each with its value in `targets`; noise
 * moves the points (the value stays that of the point before), as Playground does.
 *
 * @example
 * const pts = makeRegressionData("reg-plane", { seed: 2 });
 * pts.classes;          // 1
 * pts.targets!.length;  // 500
 */
export function makeRegressionData(name: RegressionDataset, opts: PlaneDataOptions = {}): PlanePoints {
  if (!regressionDatasets.includes(name)) throw new RangeError(`unknown dataset: ${String(name)} (use ${regressionDatasets.join(", ")})`);
  const { noise = 0, n = PLANE_POINTS, seed = 1 } = opts;
  checkCount("number of points", n, 2, 1_000_000);
  if (!(noise >= 0 && noise <= 100)) throw new RangeError(`invalid noise: ${String(noise)} (must be a percentage in [0, 100])`);
  const rng = createRng(seed, PLANE_STREAM.data);
  const s = noise / 50;
  const x = new Float64Array(2 * n);
  const targets = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = -5 + 10 * rng.random();
    const b = -5 + 10 * rng.random();
    targets[k] = regressionTarget(name, a, b);
    x[2 * k] = a + s * rng.normal();
    x[2 * k + 1] = b + s * rng.normal();
  }
  return { x, labels: new Int32Array(n), classes: 1, targets };
}

/** Points split into training and test points (`splitPlane`), with the square they are shown in. */
export interface PlaneSplit {
  /** Points the network is trained on. */
  train: PlanePoints;
  /** Held-out points, only measured. */
  test: PlanePoints;
  /** Number of classes of both. */
  classes: number;
  /** Half-width of the square the heat maps cover. */
  extent: number;
}

/** Options of {@link makePlaneData}; every one has a default. */
export interface PlaneDataOptions {
  /** Noise in percent, 0–50 (Playground's scale): jitter and overlap grow with it. */
  noise?: number;
  /** Number of points (default {@link PLANE_POINTS}), shared out evenly among the classes. */
  n?: number;
  /** Seed of the random draws (default 1). */
  seed?: number;
}

type Put = (a: number, b: number, label: number) => void;

/** Random streams of the Network view: data, weights, batch order never share draws. */
export const PLANE_STREAM = { init: 0, data: 1, order: 2, split: 3 } as const;

function spiral(arms: number) {
  return (rng: Rng, n: number, s: number, put: Put): void => {
    for (let k = 0; k < n; k++) {
      const c = k % arms;
      const r = Math.sqrt(rng.random()); // more points outside, where the arms are longer
      const t = (2 * Math.PI * c) / arms + 1.75 * 2 * Math.PI * r;
      put(5 * r * Math.cos(t) + s * rng.normal(), 5 * r * Math.sin(t) + s * rng.normal(), c);
    }
  };
}

const makers: Record<PlaneDataset, { classes: number; make: (rng: Rng, n: number, s: number, put: Put) => void }> = {
  // A disc of radius 2.5 inside a ring from 3.5 to 5.
  circle: {
    classes: 2,
    make(rng, n, s, put) {
      for (let k = 0; k < n; k++) {
        const c = k % 2;
        const r = c === 0 ? 2.5 * Math.sqrt(rng.random()) : 3.5 + 1.5 * rng.random();
        const t = 2 * Math.PI * rng.random();
        put(r * Math.cos(t) + s * rng.normal(), r * Math.sin(t) + s * rng.normal(), c);
      }
    },
  },
  // Uniform in ±5 away from the axes; class 1 where x₁·x₂ < 0.
  xor: {
    classes: 2,
    make(rng, n, s, put) {
      for (let k = 0; k < n; k++) {
        const a = (rng.random() < 0.5 ? -1 : 1) * (0.3 + 4.7 * rng.random());
        const b = (rng.random() < 0.5 ? -1 : 1) * (0.3 + 4.7 * rng.random());
        put(a + s * rng.normal(), b + s * rng.normal(), a * b < 0 ? 1 : 0);
      }
    },
  },
  // Two round clouds at (2, 2) and (−2, −2); noise widens them until they overlap.
  gauss: {
    classes: 2,
    make(rng, n, s, put) {
      const sd = 0.7 + 1.3 * s;
      for (let k = 0; k < n; k++) {
        const c = k % 2;
        const m = c === 0 ? 2 : -2;
        put(m + sd * rng.normal(), m + sd * rng.normal(), c);
      }
    },
  },
  spiral: { classes: 2, make: spiral(2) },
  spiral3: { classes: 3, make: spiral(3) },
  // Two interleaved half circles of radius 2.5, centred on the origin together.
  moons: {
    classes: 2,
    make(rng, n, s, put) {
      for (let k = 0; k < n; k++) {
        const c = k % 2;
        const t = Math.PI * rng.random();
        const a = c === 0 ? 2.5 * Math.cos(t) - 1.25 : 1.25 - 2.5 * Math.cos(t);
        const b = c === 0 ? 2.5 * Math.sin(t) - 0.6 : 0.6 - 2.5 * Math.sin(t);
        put(a + s * rng.normal(), b + s * rng.normal(), c);
      }
    },
  },
};

export function planeClasses(name: PlaneDataset | RegressionDataset): number {
  return (regressionDatasets as readonly string[]).includes(name) ? 1 : makers[name as PlaneDataset].classes;
}

/**
 * A data set of the Network view; the same name, noise, size and seed give the same points.
 *
 * @example
 * const pts = makePlaneData("xor", { noise: 10, seed: 3 });
 * pts.labels.length;   // 500 points
 * pts.x.length;        // 1000 coordinates, x₁ and x₂ of each
 * pts.classes;         // 2
 */
export function makePlaneData(name: PlaneDataset, opts: PlaneDataOptions = {}): PlanePoints {
  const spec = makers[name];
  if (!spec) throw new RangeError(`unknown dataset: ${String(name)} (use ${planeDatasets.join(", ")})`);
  const { noise = 0, n = PLANE_POINTS, seed = 1 } = opts;
  checkCount("number of points", n, spec.classes, 1_000_000);
  if (!(noise >= 0 && noise <= 100)) throw new RangeError(`invalid noise: ${String(noise)} (must be a percentage in [0, 100])`);
  const rng = createRng(seed, PLANE_STREAM.data);
  const x = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  let k = 0;
  // Noise 50 % jitters each coordinate with a standard deviation of 1 (a sixth of the square's half-width).
  spec.make(rng, n, noise / 50, (a, b, c) => {
    x[2 * k] = a;
    x[2 * k + 1] = b;
    labels[k++] = c;
  });
  return { x, labels, classes: spec.classes };
}

/**
 * Splits points at random into a training share (percent) and the test rest, both non-empty.
 *
 * @example
 * const split = splitPlane(makePlaneData("xor"), 80);
 * split.train.labels.length;   // 400
 * split.test.labels.length;    // 100
 */
export function splitPlane(points: PlanePoints, trainPercent: number, seed = 1, extent = PLANE_EXTENT): PlaneSplit {
  const n = points.labels.length;
  if (!(trainPercent > 0 && trainPercent < 100)) throw new RangeError(`invalid train share: ${String(trainPercent)} (must be a percentage in (0, 100))`);
  if (n < 2) throw new RangeError(`too few points to split: ${n} (need at least 2)`);
  const order = createRng(seed, PLANE_STREAM.split).shuffle(Uint32Array.from({ length: n }, (_, i) => i));
  const nTrain = Math.min(n - 1, Math.max(1, Math.round((n * trainPercent) / 100)));
  const take = (idx: Uint32Array): PlanePoints => {
    const x = new Float64Array(2 * idx.length);
    const labels = new Int32Array(idx.length);
    const src = points.targets;
    const targets = src ? new Float64Array(idx.length) : undefined;
    idx.forEach((i, k) => {
      x[2 * k] = points.x[2 * i];
      x[2 * k + 1] = points.x[2 * i + 1];
      labels[k] = points.labels[i];
      if (targets && src) targets[k] = src[i];
    });
    return targets ? { x, labels, classes: points.classes, targets } : { x, labels, classes: points.classes };
  };
  return { train: take(order.subarray(0, nTrain)), test: take(order.subarray(nTrain)), classes: points.classes, extent };
}


const featureFns: Record<FeatureId, (a: number, b: number) => number> = {
  x1: (a) => a,
  x2: (_, b) => b,
  x1sq: (a) => a * a,
  x2sq: (_, b) => b * b,
  x1x2: (a, b) => a * b,
  sinx1: (a) => Math.sin(a),
  sinx2: (_, b) => Math.sin(b),
};

/**
 * Display labels of the features (Unicode, the same in both languages).
 *
 * @example
 * featureLabels.x1x2;   // "x₁x₂"
 */
export const featureLabels: Record<FeatureId, string> = { x1: "x₁", x2: "x₂", x1sq: "x₁²", x2sq: "x₂²", x1x2: "x₁x₂", sinx1: "sin x₁", sinx2: "sin x₂" };

/**
 * The feature matrix (rows of `features.length`) of points given as (x₁, x₂) pairs.
 *
 * @example
 * featurize([1, 2, -3, 0.5], ["x1x2", "x2sq"]);   // Float32Array [2, 4, -1.5, 0.25]: rows (x₁x₂, x₂²)
 */
export function featurize(xy: ArrayLike<number>, features: readonly FeatureId[]): Float32Array {
  const n = xy.length / 2;
  const m = features.length;
  const fns = features.map((f) => featureFns[f]);
  const out = new Float32Array(n * m);
  for (let r = 0; r < n; r++) {
    const a = xy[2 * r];
    const b = xy[2 * r + 1];
    for (let j = 0; j < m; j++) out[r * m + j] = fns[j](a, b);
  }
  return out;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const MAX_CSV_CLASSES = 8;

/**
 * Points from CSV text with three columns x₁,x₂,label, label an integer class 0–7. An optional
 * header (a first line without numbers) and blank lines are skipped; anything else that is
 * wrong is a CsvError naming the line. Classes must run from 0 without gaps, at least two.
 *
 * @example
 * const pts = parsePlaneCsv("x1,x2,label\n0,0,0\n1,1,1\n-1,1,1\n2,-2,0\n");
 * pts.labels;    // Int32Array [0, 1, 1, 0]
 * pts.classes;   // 2
 */
export function parsePlaneCsv(text: string): PlanePoints {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const xs: number[] = [];
  const labels: number[] = [];
  let seen = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === "") continue;
    const no = i + 1;
    const fields = raw.split(",").map((f) => f.trim());
    if (!seen) {
      seen = true;
      if (fields.every((f) => !NUMBER.test(f))) {
        if (fields.length !== 3) throw new CsvError(no, `header has ${fields.length} column(s), expected 3 (x1,x2,label)`);
        continue;
      }
    }
    if (fields.length !== 3) throw new CsvError(no, `expected 3 columns x1,x2,label, got ${fields.length}${fields.length === 1 ? " (the separator is a comma)" : ""}`);
    const names = ["x1", "x2", "label"];
    const v = fields.map((f, j) => {
      if (f === "") throw new CsvError(no, `column ${names[j]} is empty`);
      if (!NUMBER.test(f) || !Number.isFinite(Number(f))) throw new CsvError(no, `column ${names[j]} is not a finite number: '${f.slice(0, 30)}'`);
      return Number(f);
    });
    if (!Number.isInteger(v[2]) || v[2] < 0 || v[2] >= MAX_CSV_CLASSES) throw new CsvError(no, `label must be an integer from 0 to ${MAX_CSV_CLASSES - 1}, got '${fields[2]}'`);
    xs.push(v[0], v[1]);
    labels.push(v[2]);
  }
  if (labels.length === 0) throw new CsvError(1, "no data rows (expected rows x1,x2,label, with an optional header)");
  // Counted in one pass: Math.max(...labels) overflows the call stack above ~10⁵ rows.
  const count = new Array<number>(MAX_CSV_CLASSES).fill(0);
  for (const l of labels) count[l]++;
  let classes = MAX_CSV_CLASSES;
  while (count[classes - 1] === 0) classes--;
  for (let c = 0; c < classes; c++) {
    if (count[c] === 0) throw new CsvError(1, `no point has label ${c}: labels must run 0, 1, … ${classes - 1} without gaps`);
  }
  if (classes < 2) throw new CsvError(1, "every point has label 0: a classifier needs at least two classes (0 and 1)");
  if (labels.length < 4) throw new CsvError(1, `only ${labels.length} rows: need at least 4 to split into training and test points`);
  return { x: Float64Array.from(xs), labels: Int32Array.from(labels), classes };
}

/** Half-width of a square around the origin that holds every point with a margin. */
export function extentOf(points: PlanePoints): number {
  let m = 0;
  for (const v of points.x) m = Math.max(m, Math.abs(v));
  // Capped so that it stays finite for coordinates near the largest double (±1e308).
  return m === 0 ? 1 : Math.min(Number.MAX_VALUE, Number((m * 1.1).toPrecision(2)));
}
