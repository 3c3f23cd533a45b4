import { checkCount } from "./data.js";
import { createRng, DEFAULT_SEED, type Rng } from "./rng.js";

/** Labelled points in the plane: point r is (x[2r], x[2r+1]) with class labels[r]. */
export interface Dataset {
  name: DatasetName;
  x: Float64Array;
  labels: Int32Array;
  classes: number;
}

/**
 * How many points `makeDataset` draws when `n` is not given.
 *
 * @example
 * makeDataset("moons").labels.length === DATASET_POINTS;   // true (200)
 */
export const DATASET_POINTS = 200;

/**
 * The toy classification sets: a 3-arm spiral, two interleaved moons, two concentric circles, XOR quadrants.
 */
export type DatasetName = "spiral" | "moons" | "circles" | "xor";

/**
 * Options of `makeDataset`: number of points, jitter and seed.
 */
export interface DatasetOptions {
  /** Total number of points (default 200; spiral splits it over its 3 arms). */
  n?: number;
  /** Standard deviation of the Gaussian jitter (default per data set). */
  noise?: number;
  seed?: number;
}

type Maker = (rng: Rng, n: number, noise: number, put: (k: number, a: number, b: number, label: number) => void) => void;

interface Spec {
  classes: number;
  noise: number;
  make: Maker;
}

const specs: Record<DatasetName, Spec> = {
  // Two interleaved half circles, the second shifted right and down so neither is linearly separable.
  moons: {
    classes: 2,
    noise: 0.1,
    make(rng, n, noise, put) {
      for (let k = 0; k < n; k++) {
        const t = Math.PI * rng.random();
        const c = k % 2;
        const a = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
        const b = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
        put(k, a + noise * rng.normal(), b + noise * rng.normal(), c);
      }
    },
  },
  // A ring of radius 1 around a ring of radius 0.5.
  circles: {
    classes: 2,
    noise: 0.05,
    make(rng, n, noise, put) {
      for (let k = 0; k < n; k++) {
        const t = 2 * Math.PI * rng.random();
        const c = k % 2;
        const r = c === 0 ? 1 : 0.5;
        put(k, r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal(), c);
      }
    },
  },
  // The four quadrants of [−1, 1]², opposite ones sharing a class (class 0: same signs).
  xor: {
    classes: 2,
    noise: 0.05,
    make(rng, n, noise, put) {
      for (let k = 0; k < n; k++) {
        const c = k % 2;
        const sa = rng.random() < 0.5 ? -1 : 1;
        const sb = c === 0 ? sa : -sa;
        put(k, sa * rng.random() + noise * rng.normal(), sb * rng.random() + noise * rng.normal(), c);
      }
    },
  },
  // Three arms winding out from the centre, one per class.
  spiral: {
    classes: 3,
    noise: 0.05,
    make(rng, n, noise, put) {
      for (let k = 0; k < n; k++) {
        const c = k % 3;
        const r = rng.random();
        const t = (2 * Math.PI * c) / 3 + 1.75 * Math.PI * r;
        put(k, r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal(), c);
      }
    },
  },
};

/**
 * Every `DatasetName`, for menus and validation.
 *
 * @example
 * datasetNames;   // ["moons", "circles", "xor", "spiral"]
 */
export const datasetNames = Object.keys(specs) as DatasetName[];

/**
 * A toy classification set, the same for the same seed; classes are balanced (k mod classes).
 *
 * @example
 * const d = makeDataset("xor", { n: 100, seed: 3 });
 * d.x.length;       // 200: point r is (x[2r], x[2r + 1])
 * d.classes;        // 2
 * d.labels[0];      // 0 (labels alternate: point k has class k mod classes)
 */
export function makeDataset(name: DatasetName, opts: DatasetOptions = {}): Dataset {
  const spec = specs[name];
  if (!spec) throw new RangeError(`unknown dataset: ${String(name)} (use ${datasetNames.join(", ")})`);
  const { n = DATASET_POINTS, noise = spec.noise, seed = DEFAULT_SEED } = opts;
  checkCount("number of points", n, spec.classes, 1_000_000);
  if (!(noise >= 0 && Number.isFinite(noise))) throw new RangeError(`invalid noise: ${String(noise)} (must be a finite number ≥ 0)`);
  const rng = createRng(seed, 1);
  const x = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  spec.make(rng, n, noise, (k, a, b, label) => {
    x[2 * k] = a;
    x[2 * k + 1] = b;
    labels[k] = label;
  });
  return { name, x, labels, classes: spec.classes };
}
