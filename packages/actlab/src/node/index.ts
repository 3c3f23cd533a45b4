/**
 * actlab/node: the data readers of `actlab/data` on files, for Node only (node:fs, node:zlib).
 * Nothing is downloaded: point these at the files. MNIST's four files are published at
 * https://yann.lecun.com/exdb/mnist/ (mirrors: the `ossci-datasets` S3 bucket used by
 * torchvision), Fashion-MNIST's at https://github.com/zalandoresearch/fashion-mnist (MIT licence).
 *
 * @example
 * import { readIdxFolder, loadDataSplit } from "actlab/node";
 * const { train, test } = await readIdxFolder("data/mnist");   // train-images-idx3-ubyte.gz …
 * train.count;                                                  // 60000
 * const d = await loadDataSplit("data/iris.csv", { label: "species" });
 * d.split;                                                      // "seeded split (seed 1): 112 training, 38 test rows"
 * @module actlab/node
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseLabelledCsv, splitRows } from "../data/csv.js";
import { DataError, idxFileRole, imageSetOf, imagesToRows, isGzip, parseIdx, type DataSplit, type ImageSet, type IdxArray } from "../data/idx.js";

export type { DataSplit, ImageSet, LabelledData } from "../data/idx.js";
export { DataError } from "../data/idx.js";

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(path, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, expected a file" : `cannot read it (${code ?? (e as Error).message})`);
  }
}

/**
 * One IDX file from disk, gunzipped when it is gzipped (node:zlib); errors are DataErrors naming the file.
 *
 * @example
 * readIdxFile("data/mnist/t10k-labels-idx1-ubyte.gz").dims;   // [10000]
 */
export function readIdxFile(path: string): IdxArray {
  let bytes = readBytes(path);
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DataError(path, `damaged gzip data (${(e as Error).message}); download the file again`);
    }
  }
  return parseIdx(bytes, path);
}

/**
 * The IDX files of a folder as published for MNIST and its kin (see `idxFileRole` for the names):
 * the training images and labels (required) and the test ones (t10k-…, optional). A missing
 * folder, a folder without them, a file given twice (gzipped and not), or files that do not
 * belong together are DataErrors naming what is wrong.
 *
 * @example
 * const { train, test } = await readIdxFolder("data/fashion-mnist");
 * [train.count, test?.count];   // [60000, 10000]
 */
export async function readIdxFolder(dir: string): Promise<{ train: ImageSet; test?: ImageSet }> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new DataError(dir, "is a file, expected a folder of IDX files (or give a .csv file)");
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(dir, (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such folder" : `cannot read the folder (${(e as Error).message})`);
  }
  const found = new Map<string, string>();
  for (const n of names.sort()) {
    const role = idxFileRole(n);
    if (!role) continue;
    const key = `${role.split}-${role.kind}`;
    const had = found.get(key);
    if (had) throw new DataError(dir, `holds both ${had} and ${n}: keep one of them`);
    found.set(key, n);
  }
  const want = (split: string, kind: string) => found.get(`${split}-${kind}`);
  if (!want("train", "images") || !want("train", "labels")) {
    const missing = ["images", "labels"].filter((k) => !want("train", k)).map((k) => `train-${k}-idx${k === "images" ? 3 : 1}-ubyte[.gz]`);
    throw new DataError(dir, `no ${missing.join(" and no ")} in this folder (found: ${names.length ? names.slice(0, 8).join(", ") + (names.length > 8 ? ", …" : "") : "nothing"}); put MNIST-format files there, see actlab/node's docs for where they are published`);
  }
  const set = (split: "train" | "test"): ImageSet | undefined => {
    const im = want(split, "images");
    const lb = want(split, "labels");
    if (!im && !lb) return undefined;
    if (!im || !lb) throw new DataError(dir, `has ${im ?? lb} but not its ${im ? "labels" : "images"} file`);
    return imageSetOf(readIdxFile(join(dir, im)), join(dir, im), readIdxFile(join(dir, lb)), join(dir, lb), `${basename(dir)} ${split}`);
  };
  const train = set("train") as ImageSet;
  const test = set("test");
  if (test && (test.rows !== train.rows || test.cols !== train.cols)) {
    throw new DataError(join(dir, want("test", "images") as string), `images of ${test.rows}×${test.cols} pixels, but the training images are ${train.rows}×${train.cols}`);
  }
  return test ? { train, test } : { train };
}

/** Options of `loadDataSplit`. */
export interface LoadDataOptions {
  /** CSV only: the label column, by name or number from 1 (-1, the default, is the last). */
  label?: string | number;
  /** Share of the rows held out for testing when the data has no split of its own (default 0.25). */
  testShare?: number;
  /** Seed of that split (default 1). */
  seed?: number;
}

/**
 * Training and test rows from a path: a folder of IDX files (pixels / 255; the files' own
 * training/test split, or a seeded split when there are no t10k files) or a CSV file (a seeded
 * split, features standardised by the training split). The result says the split and the
 * scaling in words.
 *
 * @example
 * const d = await loadDataSplit("data/mnist");
 * [d.train.features, d.test.labels.length, d.scaling];   // [784, 10000, "pixels / 255"]
 */
export async function loadDataSplit(path: string, opts: LoadDataOptions = {}): Promise<DataSplit> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new DataError(path, "no such file or folder (give a folder of IDX files or a .csv file)");
  }
  const seed = opts.seed ?? 1;
  if (isDir) {
    const { train, test } = await readIdxFolder(path);
    const rows = imagesToRows(train);
    if (test) {
      return { train: rows, test: imagesToRows(test), source: `IDX folder ${path}`, split: `the files' own split: ${train.count} training, ${test.count} test images`, scaling: rows.scaling };
    }
    const s = splitRows(rows, { testShare: opts.testShare, seed });
    return { ...s, source: `IDX folder ${path}`, split: `seeded split (seed ${seed}) of the training files: ${s.train.labels.length} training, ${s.test.labels.length} test images`, scaling: rows.scaling };
  }
  const text = new TextDecoder().decode(readBytes(path));
  const d = parseLabelledCsv(text, { label: opts.label, file: path });
  const s = splitRows(d, { testShare: opts.testShare, seed, standardise: true });
  return { ...s, source: `CSV file ${path}`, split: `seeded split (seed ${seed}): ${s.train.labels.length} training, ${s.test.labels.length} test rows`, scaling: s.train.scaling };
}
