import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { DataError, gunzipIfNeeded, idxFileRole, imagesToRows, parseIdx, readIdxImages } from "../../packages/actlab/src/data/index.js";
import { loadDataSplit, readIdxFile, readIdxFolder } from "../../packages/actlab/src/node/index.js";
import { idxBytes, toyImages, writeIdxFolder } from "./files.js";

const tmp = mkdtempSync(join(tmpdir(), "actlab-idx-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function err(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error("did not throw");
}

describe("parseIdx", () => {
  it("reads dimensions and unsigned bytes", () => {
    const a = parseIdx(idxBytes([2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]), "a");
    expect(a.dims).toEqual([2, 2, 3]);
    expect(a.type).toBe(8);
    expect(Array.from(a.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
  });
  it("reads big-endian wider types", () => {
    const b = new Uint8Array(8 + 2 * 4);
    const v = new DataView(b.buffer);
    b.set([0, 0, 0x0d, 1]);
    v.setUint32(4, 2);
    v.setFloat32(8, 1.5);
    v.setFloat32(12, -2.25);
    expect(Array.from(parseIdx(b, "f").data)).toEqual([1.5, -2.25]);
  });
  it("names the file and says what is wrong: short, magic, truncated, extra bytes, gzipped", () => {
    const good = idxBytes([3, 2, 2], new Array(12).fill(7));
    expect(err(() => parseIdx(good.subarray(0, 3), "imgs")).message).toMatch(/^imgs: truncated: 3 bytes/);
    expect(err(() => parseIdx(good.subarray(0, 10), "imgs")).message).toMatch(/^imgs: truncated: 10 bytes, but its header of 3 dimensions needs 16/);
    const cut = err(() => parseIdx(good.subarray(0, good.length - 1), "train-images-idx3-ubyte"));
    expect(cut.file).toBe("train-images-idx3-ubyte");
    expect(cut.message).toMatch(/truncated: the header says 3×2×2 values of type unsigned byte \(28 bytes with the header\), but the file has 27/);
    const wrong = Uint8Array.from(good);
    wrong[0] = 0x50;
    expect(err(() => parseIdx(wrong, "x.png")).message).toMatch(/^x\.png: wrong magic number 0x50000803: not an IDX file/);
    const badType = Uint8Array.from(good);
    badType[2] = 0x07;
    expect(err(() => parseIdx(badType, "t")).message).toMatch(/wrong magic number 0x00000703/);
    const extra = new Uint8Array(good.length + 2);
    extra.set(good);
    expect(err(() => parseIdx(extra, "e")).message).toMatch(/^e: 2 bytes more than its header/);
    expect(err(() => parseIdx(gzipSync(good), "g.gz")).message).toMatch(/^g\.gz: is gzipped/);
  });
});

describe("gunzip and image sets (isomorphic path)", () => {
  it("undoes gzip with DecompressionStream and pairs images with labels", async () => {
    const d = toyImages(5, 4, 3, 3);
    const set = await readIdxImages({ bytes: gzipSync(idxBytes([5, 4, 3], d.pixels)), file: "i.gz" }, { bytes: idxBytes([5], d.labels), file: "l" });
    expect([set.count, set.rows, set.cols]).toEqual([5, 4, 3]);
    expect(Array.from(set.pixels)).toEqual(Array.from(d.pixels));
    const rows = imagesToRows(set);
    expect(rows.features).toBe(12);
    expect(rows.classes).toBe(3);
    expect(rows.x[0]).toBeCloseTo(d.pixels[0] / 255, 7);
  });
  it("a damaged gzip stream is a DataError naming the file", async () => {
    const z = gzipSync(idxBytes([4], [1, 2, 3, 4]));
    await expect(gunzipIfNeeded(z.subarray(0, z.length - 6), "cut.gz")).rejects.toThrow(/^cut\.gz: damaged gzip data/);
  });
  it("mismatched counts and wrong shapes name the file", async () => {
    const d = toyImages(5, 2, 2, 2);
    const img = { bytes: idxBytes([5, 2, 2], d.pixels), file: "imgs" };
    await expect(readIdxImages(img, { bytes: idxBytes([4], d.labels.subarray(0, 4)), file: "labs" })).rejects.toThrow("labs: holds 4 labels but imgs holds 5 images: the two files do not belong together");
    await expect(readIdxImages(img, { bytes: idxBytes([5, 1], d.labels), file: "labs" })).rejects.toThrow(/^labs: expected labels: 1 dimension/);
    await expect(readIdxImages({ bytes: idxBytes([20], d.pixels), file: "flat" }, img)).rejects.toThrow(/^flat: expected images: 3 dimensions/);
  });
  it("knows the published file names", () => {
    expect(idxFileRole("train-images-idx3-ubyte")).toEqual({ split: "train", kind: "images" });
    expect(idxFileRole("t10k-labels.idx1-ubyte.gz")).toEqual({ split: "test", kind: "labels" });
    expect(idxFileRole("train-images-idx1-ubyte")).toBeUndefined();
    expect(idxFileRole("README")).toBeUndefined();
  });
});

describe("actlab/node: folders", () => {
  it("reads a gzipped folder with its own test split", async () => {
    const dir = writeIdxFolder(join(tmp, "gz"), { train: 30, test: 9, gzip: true });
    const { train, test } = await readIdxFolder(dir);
    expect(train.count).toBe(30);
    expect(test?.count).toBe(9);
    const s = await loadDataSplit(dir);
    expect(s.split).toBe("the files' own split: 30 training, 9 test images");
    expect(s.scaling).toBe("pixels / 255");
    expect(s.train.x.length).toBe(30 * 36);
  });
  it("splits a folder without test files by a seed, the same way every time", async () => {
    const dir = writeIdxFolder(join(tmp, "plain"), { train: 40 });
    const a = await loadDataSplit(dir, { seed: 3 });
    const b = await loadDataSplit(dir, { seed: 3 });
    expect(a.split).toBe("seeded split (seed 3) of the training files: 30 training, 10 test images");
    expect(Array.from(a.test.labels)).toEqual(Array.from(b.test.labels));
    expect(a.test.x).toEqual(b.test.x);
  });
  it("missing folder, missing files, a file twice, a lone half, a truncated file on disk", async () => {
    await expect(readIdxFolder(join(tmp, "nope"))).rejects.toThrow(/nope: no such folder/);
    const empty = join(tmp, "empty");
    writeIdxFolder(empty, { train: 3 });
    unlinkSync(join(empty, "train-labels-idx1-ubyte"));
    await expect(readIdxFolder(empty)).rejects.toThrow(/empty: no train-labels-idx1-ubyte\[\.gz\] in this folder \(found: train-images-idx3-ubyte\)/);
    const twice = writeIdxFolder(join(tmp, "twice"), { train: 3 });
    writeFileSync(join(twice, "train-labels-idx1-ubyte.gz"), gzipSync(idxBytes([3], [0, 1, 2])));
    await expect(readIdxFolder(twice)).rejects.toThrow(/holds both train-labels-idx1-ubyte and train-labels-idx1-ubyte\.gz/);
    const half = writeIdxFolder(join(tmp, "half"), { train: 3, test: 2 });
    unlinkSync(join(half, "t10k-images-idx3-ubyte"));
    await expect(readIdxFolder(half)).rejects.toThrow(/has t10k-labels-idx1-ubyte but not its images file/);
    const cut = writeIdxFolder(join(tmp, "cut"), { train: 3 });
    const p = join(cut, "train-images-idx3-ubyte");
    writeFileSync(p, idxBytes([3, 6, 6], new Array(100).fill(1)));
    expect(() => readIdxFile(p)).toThrow(`${p}: truncated: the header says 3×6×6`);
    await expect(loadDataSplit(join(tmp, "none.csv"))).rejects.toThrow(/none\.csv: no such file or folder/);
  });
});
