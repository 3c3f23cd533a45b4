import { createRng } from "../train/rng.js";
import { DIGITS_BASE64, DIGITS_COUNT } from "./digits-data.js";

/** Rows of numeric features with a class label each: row r is x[r·features … (r+1)·features). */
export interface TabularDataset {
  readonly name: string;
  readonly x: Float64Array;
  readonly labels: Int32Array;
  readonly features: number;
  readonly classes: number;
}

/** The 8×8 digits: pixel counts 0–16 as bytes (row-major, 64 per image) and the digit of each. */
export interface DigitsRaw {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/**
 * Where the digits come from and under which licence (also in src/data/README.md).
 *
 * @example
 * DIGITS_SOURCE.license;   // "CC BY 4.0"
 */
export const DIGITS_SOURCE = {
  title: 'UCI Machine Learning Repository: "Optical Recognition of Handwritten Digits" (test set of 1,797 images)',
  creators: "E. Alpaydin, C. Kaynak (1998)",
  url: "https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
  doi: "10.24432/C50P49",
  license: "CC BY 4.0",
  via: "Debian python3-sklearn, sklearn/datasets/data/digits.csv.gz",
} as const;

/**
 * Images in the test split of `digitsSplit` (a quarter, as scikit-learn's default split).
 *
 * @example
 * digitsSplit().test.labels.length === DIGITS_TEST_COUNT;   // true
 */
export const DIGITS_TEST_COUNT = 450;
/**
 * The seed of the fixed split; changing it would change every published digits number.
 *
 * @example
 * DIGITS_SPLIT_SEED;   // 20260101
 */
export const DIGITS_SPLIT_SEED = 20_260_101;

let raw: DigitsRaw | undefined;

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The 1,797 digits as stored (decoded once, on first use).
 *
 * @example
 * const d = digitsRaw();
 * d.count;            // 1797
 * d.pixels.length;    // 115008 = 1797 × 64
 * d.labels[0];        // 0: the digit the first image shows
 */
export function digitsRaw(): DigitsRaw {
  if (raw) return raw;
  const bytes = decodeBase64(DIGITS_BASE64);
  const n = DIGITS_COUNT;
  const pixelBytes = Math.ceil((n * 64 * 5) / 8);
  const pixels = new Uint8Array(n * 64);
  let bit = 0;
  for (let i = 0; i < pixels.length; i++) {
    let v = 0;
    for (let b = 0; b < 5; b++, bit++) v |= ((bytes[bit >> 3] >> (bit & 7)) & 1) << b;
    pixels[i] = v;
  }
  raw = { pixels, labels: bytes.slice(pixelBytes, pixelBytes + n), count: n };
  return raw;
}

/**
 * Options of `digitsSplit`: how pixels are scaled.
 */
export interface DigitsOptions {
  /**
   * "unit": pixels / 16 in [0, 1], positive like image pixels (Glorot and Bengio's setting);
   * "standard": each pixel centred and scaled by the training split's mean and standard
   * deviation (constant pixels stay 0). Default "standard".
   */
  scale?: "unit" | "standard";
  /**
   * Which seeded split: 0 (the default) is the fixed split every published number uses; k ≥ 1
   * shuffles with stream k of the same seed, another 1,347/450 split of the same images.
   */
  split?: number;
}

/**
 * The digits split into a training and a test set, with the row numbers of each.
 */
export interface DigitsSplit {
  readonly train: TabularDataset;
  readonly test: TabularDataset;
  /** Row numbers (0-based, in the csv's order) of the training and test images. */
  readonly trainRows: Int32Array;
  readonly testRows: Int32Array;
}

/**
 * The fixed train/test split of the digits: 1,347 training and 450 test images, shuffled once
 * with a seeded generator, so every run everywhere sees the same split.
 *
 * @example
 * const { train, test } = digitsSplit({ scale: "unit" });
 * [train.labels.length, test.labels.length];   // [1347, 450]
 * train.features;                               // 64
 * Math.max(...train.x);                         // 1: pixels / 16
 * digitsSplit({ split: 3 }).testRows[0];        // another seeded split of the same 1,797 images
 */
export function digitsSplit(opts: DigitsOptions = {}): DigitsSplit {
  const { scale = "standard", split = 0 } = opts;
  if (scale !== "unit" && scale !== "standard") throw new RangeError(`digits: unknown scale: ${String(scale)} (use unit or standard)`);
  if (!Number.isInteger(split) || split < 0 || split > 1_000_000) throw new RangeError(`digits: invalid split: ${String(split)} (must be an integer from 0 to 1000000)`);
  const d = digitsRaw();
  const order = createRng(DIGITS_SPLIT_SEED, split).shuffle(Int32Array.from({ length: d.count }, (_, i) => i));
  const testRows = order.slice(0, DIGITS_TEST_COUNT).sort();
  const trainRows = order.slice(DIGITS_TEST_COUNT).sort();
  const mean = new Float64Array(64);
  const sd = new Float64Array(64).fill(16);
  if (scale === "standard") {
    for (const r of trainRows) for (let j = 0; j < 64; j++) mean[j] += d.pixels[r * 64 + j] / trainRows.length;
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (const r of trainRows) s += (d.pixels[r * 64 + j] - mean[j]) ** 2;
      const v = Math.sqrt(s / trainRows.length);
      sd[j] = v > 0 ? v : 1;
    }
  }
  const take = (rows: Int32Array, name: string): TabularDataset => {
    const x = new Float64Array(rows.length * 64);
    const labels = new Int32Array(rows.length);
    rows.forEach((r, k) => {
      for (let j = 0; j < 64; j++) x[k * 64 + j] = (d.pixels[r * 64 + j] - mean[j]) / sd[j];
      labels[k] = d.labels[r];
    });
    return { name, x, labels, features: 64, classes: 10 };
  };
  return { train: take(trainRows, "digits-train"), test: take(testRows, "digits-test"), trainRows, testRows };
}
