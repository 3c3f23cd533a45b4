import type { DataSplit } from "../data/idx.js";

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
