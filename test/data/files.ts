// Small IDX and CSV files for the tests: written here, never downloaded.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The bytes of an IDX file of unsigned bytes with these dimensions. */
export function idxBytes(dims: readonly number[], values: ArrayLike<number>): Uint8Array {
  const head = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(head.buffer);
  head.set([0, 0, 0x08, dims.length]);
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  const out = new Uint8Array(head.length + values.length);
  out.set(head);
  out.set(Uint8Array.from(values), head.length);
  return out;
}

/**
 * Images a classifier can learn: image i of class i mod classes has a bright band in row band
 * (class k lights rows k·rows/classes …), with a little seeded noise elsewhere.
 */
export function toyImages(count: number, rows: number, cols: number, classes: number, salt = 0): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * rows * cols);
  const labels = new Uint8Array(count);
  let s = 12345 + salt;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % 64;
  for (let i = 0; i < count; i++) {
    const c = (i * 7 + salt) % classes;
    labels[i] = c;
    const band = Math.floor((c * rows) / classes);
    for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) pixels[(i * rows + r) * cols + q] = r === band ? 200 + (rand() % 56) : rand();
  }
  return { pixels, labels };
}

/** An MNIST-style folder: train (and test) images and labels, gzipped or not. */
export function writeIdxFolder(dir: string, o: { train: number; test?: number; rows?: number; cols?: number; classes?: number; gzip?: boolean }): string {
  const { rows = 6, cols = 6, classes = 3, gzip = false } = o;
  mkdirSync(dir, { recursive: true });
  const put = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  const parts: [string, number, number][] = [["train", o.train, 0]];
  if (o.test) parts.push(["t10k", o.test, 1]);
  for (const [split, n, salt] of parts) {
    const d = toyImages(n, rows, cols, classes, salt);
    put(`${split}-images-idx3-ubyte`, idxBytes([n, rows, cols], d.pixels));
    put(`${split}-labels-idx1-ubyte`, idxBytes([n], d.labels));
  }
  return dir;
}

/** A CSV of two noisy blobs per class in 3 features, with a header and a text label column in the middle. */
export function toyCsv(rows: number): string {
  const lines = ["f1,f2,kind,f3"];
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    const j = ((i * 37) % 11) / 11 - 0.5;
    lines.push(`${(c * 2 + j).toFixed(3)},${(1 - c + j / 2).toFixed(3)},${["cat", "dog", "emu"][c]},${(j * 3).toFixed(3)}`);
  }
  return lines.join("\n") + "\n";
}
