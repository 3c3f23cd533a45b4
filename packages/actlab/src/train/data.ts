import type { LinearData } from "./csv.js";
import { createRng, DEFAULT_SEED } from "./rng.js";

/**
 * The article's data: 100 points of y = 3x + 10 + u.
 *
 * @example
 * ARTICLE.slope;   // 3
 */
export const ARTICLE = { n: 100, slope: 3, intercept: 10, noise: 1 } as const;

/** Random streams of one seed, so that data and weights of the same run never share draws. */
export const STREAM = { init: 0, data: 1 } as const;

export interface ArticleDataOptions {
  /** Number of points (default 100, the article's). */
  n?: number;
  slope?: number;
  intercept?: number;
  /** Width of the uniform noise added to each y (the article: 1, i.e. u in [0, 1)). */
  noise?: number;
  seed?: number;
}

function checkFinite(name: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`invalid ${name}: ${String(v)} (must be a finite number)`);
}

export function checkCount(name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`invalid ${name}: ${String(v)} (must be an integer in [${min}, ${max}])`);
  }
}

/**
 * The article's data set: x = i/n for i = 0 … n − 1 (with n = 100: 0, 0.01, …, 0.99) and
 * y = slope·x + intercept + noise·u with u uniform in [0, 1) — by default y = 3x + 10 + u,
 * whose least-squares line is near w = 3, b = 10.5 (the noise has mean 1/2).
 *
 * @example
 * const d = articleData();
 * d.x.length;       // 100
 * d.x[1];           // 0.01
 * closedForm(d);    // { w: 2.9628…, b: 10.5297…, loss: 0.0797… } (seed 1)
 */
export function articleData(opts: ArticleDataOptions = {}): LinearData {
  const { n = ARTICLE.n, slope = ARTICLE.slope, intercept = ARTICLE.intercept, noise = ARTICLE.noise, seed = DEFAULT_SEED } = opts;
  checkCount("number of points", n, 2, 10_000_000);
  checkFinite("slope", slope);
  checkFinite("intercept", intercept);
  checkFinite("noise", noise);
  const rng = createRng(seed, STREAM.data);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i / n;
    y[i] = slope * x[i] + intercept + noise * rng.random();
  }
  return { x, y };
}
