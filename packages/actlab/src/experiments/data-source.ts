import type { DataSplit } from "../data/idx.js";
import type { Bi } from "../plot/chart.js";

/** Reads the data an experiment's `data` option names (a path): the CLI sets one reading files (actlab/node's loadDataSplit). */
export type DataLoader = (spec: string) => Promise<DataSplit>;

let loader: DataLoader | undefined;
const cache = new Map<string, Promise<DataSplit>>();

/**
 * Sets how experiments read a `data` option other than "digits" (the library reads no files
 * itself: in Node, pass actlab/node's `loadDataSplit`; in a browser, a function over the files the
 * user picked). Each spec is read once per thread.
 *
 * @example
 * import { loadDataSplit } from "actlab/node";
 * setDataLoader((path) => loadDataSplit(path));
 * await getExperiment("digits").run({ data: "data/mnist" }, { quick: true });
 */
export function setDataLoader(f: DataLoader | undefined): void {
  loader = f;
  cache.clear();
}

/** The split data of `spec` through the loader (cached per spec). */
export function dataFor(spec: string): Promise<DataSplit> {
  if (!loader) return Promise.reject(new Error(`data '${spec}': no data loader is set (call setDataLoader, e.g. with actlab/node's loadDataSplit)`));
  let p = cache.get(spec);
  if (!p) cache.set(spec, (p = loader(spec)));
  return p;
}

/** What a seed records of the data it ran on (the result's `data` field, and the counts its texts state). */
export interface DataNote {
  readonly source: string;
  readonly split: string;
  readonly scaling: string;
  /** Rows (images) of the test split. */
  readonly test: number;
  /** Rows (images) of the training split. */
  readonly train?: number;
}

/** The note of a loaded split. */
export function dataNote(d: DataSplit): DataNote {
  return { source: d.source, split: d.split, scaling: d.scaling, test: d.test.labels.length, train: d.train.labels.length };
}

/** 60000 → "60,000" (the same in every locale). */
export const thousands = (v: number): string => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * How the experiments' titles and sentences name data read with `data`, in both languages: its
 * source (with the path), `held(n)` for n held-out rows (images of an IDX folder, rows of a CSV
 * file), `trainOf(n)` for n training rows, `oneTest` for one test row and `oneOf(n)` for one of n test rows.
 */
export function dataWords(note: Pick<DataNote, "source">): { name: Bi; held: (n: number) => Bi; trainOf: (n: number) => Bi; oneTest: Bi; oneOf: (n: number) => Bi } {
  const csv = /^CSV file /.test(note.source);
  const name = { en: note.source, zh: note.source.replace(/^IDX folder /, "IDX 文件夹 ").replace(/^CSV file /, "CSV 文件 ") };
  const n = thousands;
  return csv
    ? { name, held: (v) => ({ en: `${n(v)} held-out rows`, zh: `${n(v)} 行留出数据` }), trainOf: (v) => ({ en: `${n(v)} training rows`, zh: `${n(v)} 行训练数据` }), oneTest: { en: "one test row", zh: "一行测试数据" }, oneOf: (v) => ({ en: `one of the ${n(v)} test rows`, zh: `${n(v)} 行测试数据中的一行` }) }
    : { name, held: (v) => ({ en: `${n(v)} held-out images`, zh: `${n(v)} 张留出图像` }), trainOf: (v) => ({ en: `${n(v)} training images`, zh: `${n(v)} 张训练图像` }), oneTest: { en: "one test image", zh: "一张测试图像" }, oneOf: (v) => ({ en: `one of the ${n(v)} test images`, zh: `${n(v)} 张测试图像中的一张` }) };
}

/** The result's `data` of an experiment that trains on the training images of the shipped digits' fixed split 0 (`digitsSplit()`), measuring `what`. */
export function shippedDigitsTrain(what: string): { source: string; split: string; scaling: string } {
  return {
    source: "the UCI 8×8 digits shipped with actlab (1,797 images)",
    split: `the 1,347 training images of the fixed split 0 (${what})`,
    scaling: "each pixel standardised by the training split's mean and standard deviation",
  };
}
