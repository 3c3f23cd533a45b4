/**
 * actlab/data: data sets without downloads. The UCI 8×8 digits shipped with the package, and
 * readers for the files a user points at: IDX (MNIST, Fashion-MNIST, KMNIST …; gzipped or not)
 * and CSV (numeric features and a label column). Isomorphic: bytes or text in, arrays out; the
 * Node entry `actlab/node` reads them from a folder or a file.
 *
 * @example
 * import { parseLabelledCsv } from "actlab/data";
 * const d = parseLabelledCsv("a,b,y\n0,1,0\n1,0,1\n", { label: "y" });
 * [d.features, d.classes];   // [2, 2]
 * @module actlab/data
 */
export type { DataSplit, IdxArray, ImageSet, LabelledData } from "./idx.js";
export { DataError, gunzipIfNeeded, idxFileRole, imageSetOf, imagesToRows, isGzip, parseIdx, readIdxImages } from "./idx.js";
export type { LabelledCsv, LabelledCsvOptions } from "./csv.js";
export { parseLabelledCsv, splitRows } from "./csv.js";
export type { DigitsOptions, DigitsRaw, DigitsSplit, TabularDataset } from "./digits.js";
export { DIGITS_SOURCE, DIGITS_SPLIT_SEED, DIGITS_TEST_COUNT, digitsRaw, digitsSplit } from "./digits.js";
