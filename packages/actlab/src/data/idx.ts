/*
 * The IDX format of MNIST, Fashion-MNIST, KMNIST, EMNIST and their kin (http://yann.lecun.com/exdb/mnist/,
 * "FILE FORMATS FOR THE MNIST DATABASE"): a 4-byte magic number 0x00 0x00 <type> <dimensions>,
 * then one big-endian 32-bit size per dimension, then the values in row-major order (big-endian
 * when wider than a byte). Isomorphic: bytes in, arrays out; gzip is undone with the platform's
 * DecompressionStream (browsers, Node ≥ 18). The Node entry `actlab/node` reads a folder.
 */

/**
 * A data file that cannot be read as asked: the message starts with the file's name and says what is wrong.
 *
 * @example
 * try {
 *   parseIdx(new Uint8Array([1, 2, 3, 4]), "x.idx");
 * } catch (e) {
 *   if (e instanceof DataError) console.log(e.file, e.message);   // "x.idx" "x.idx: wrong magic number …"
 * }
 */
export class DataError extends Error {
  override name = "DataError";
  /** An error about `file`; the message is "<file>: <detail>". */
  constructor(
    /** The file (or name) the error is about. */
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** The element types of IDX by their type code. */
const TYPES: Readonly<Record<number, { name: string; bytes: number }>> = {
  0x08: { name: "unsigned byte", bytes: 1 },
  0x09: { name: "signed byte", bytes: 1 },
  0x0b: { name: "short", bytes: 2 },
  0x0c: { name: "int", bytes: 4 },
  0x0d: { name: "float", bytes: 4 },
  0x0e: { name: "double", bytes: 8 },
};

/** One IDX file read: its dimensions and its values (bytes as Uint8Array/Int8Array, wider types as numbers). */
export interface IdxArray {
  /** Sizes of the dimensions, the first counting the items (e.g. [60000, 28, 28]). */
  readonly dims: readonly number[];
  /** The type code of the values (0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double). */
  readonly type: number;
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Whether bytes start with the gzip signature 0x1f 0x8b.
 *
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 8, 0]));   // true
 * isGzip(new Uint8Array([0, 0, 8, 1]));         // false: an IDX header
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Undoes gzip when the bytes are gzipped (else returns them as they are), with the platform's
 * DecompressionStream; a damaged or cut gzip stream is a DataError naming `file`.
 *
 * @example
 * const raw = await gunzipIfNeeded(bytesOfTrainImagesGz, "train-images-idx3-ubyte.gz");
 * parseIdx(raw, "train-images-idx3-ubyte.gz").dims;   // [60000, 28, 28]
 */
export async function gunzipIfNeeded(bytes: Uint8Array, file = "data"): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataError(file, `damaged gzip data (${(e as Error).message}); download the file again`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Reads one IDX file (not gzipped: see `gunzipIfNeeded`). A short file, a wrong magic number, an
 * unknown type code, or a length that does not match the header is a DataError naming `file`.
 *
 * @example
 * // 2 images of 2×2 pixels
 * const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 64, 128, 255, 1, 2, 3, 4]);
 * const a = parseIdx(bytes, "tiny-images-idx3-ubyte");
 * a.dims;           // [2, 2, 2]
 * a.data[3];        // 255
 * parseIdx(bytes.subarray(0, 20), "cut");   // throws DataError: cut: truncated: …
 */
export function parseIdx(bytes: Uint8Array, file = "data"): IdxArray {
  if (bytes.length < 4) throw new DataError(file, `truncated: ${plural(bytes.length, "byte")}, but an IDX file starts with a 4-byte magic number`);
  const [z0, z1, type, ndim] = bytes;
  const magic = `0x${[z0, z1, type, ndim].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  if (isGzip(bytes)) throw new DataError(file, "is gzipped: undo it first (gunzipIfNeeded, or read it with actlab/node)");
  if (z0 !== 0 || z1 !== 0 || !TYPES[type] || ndim < 1) {
    throw new DataError(file, `wrong magic number ${magic}: not an IDX file (its first 4 bytes are 0x00 0x00, a type code 0x08–0x0E and the number of dimensions, e.g. 0x00000803 for images)`);
  }
  const head = 4 + 4 * ndim;
  if (bytes.length < head) throw new DataError(file, `truncated: ${plural(bytes.length, "byte")}, but its header of ${ndim} dimensions needs ${head}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let k = 0; k < ndim; k++) dims.push(view.getUint32(4 + 4 * k, false));
  const { bytes: width, name } = TYPES[type];
  const count = dims.reduce((a, b) => a * b, 1);
  const need = head + count * width;
  if (bytes.length < need) {
    throw new DataError(file, `truncated: the header says ${dims.join("×")} values of type ${name} (${need} bytes with the header), but the file has ${bytes.length}; download it again`);
  }
  if (bytes.length > need) throw new DataError(file, `${bytes.length - need} bytes more than its header (${dims.join("×")} values of type ${name}) says: not an IDX file, or a damaged one`);
  let data: IdxArray["data"];
  if (type === 0x08) data = bytes.slice(head, need);
  else if (type === 0x09) data = new Int8Array(bytes.slice(head, need).buffer);
  else {
    const Ctor = type === 0x0b ? Int16Array : type === 0x0c ? Int32Array : type === 0x0d ? Float32Array : Float64Array;
    const out = new Ctor(count);
    for (let i = 0; i < count; i++) {
      const at = head + i * width;
      out[i] = type === 0x0b ? view.getInt16(at, false) : type === 0x0c ? view.getInt32(at, false) : type === 0x0d ? view.getFloat32(at, false) : view.getFloat64(at, false);
    }
    data = out;
  }
  return { dims, type, data };
}

/** Images with a label each, as stored: bytes 0–255, row-major, `rows × cols` per image. */
export interface ImageSet {
  readonly name: string;
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
}

/**
 * An image set from the bytes of an images file (3 dimensions, unsigned bytes) and a labels file
 * (1 dimension, unsigned bytes), each gzipped or not. A labels count that differs from the images
 * count, or a file of the wrong shape, is a DataError naming the file.
 *
 * @example
 * // in a browser, from two files the user picked
 * const [img, lab] = await Promise.all([imagesFile, labelsFile].map(async (f) => new Uint8Array(await f.arrayBuffer())));
 * const set = await readIdxImages({ bytes: img, file: imagesFile.name }, { bytes: lab, file: labelsFile.name });
 * [set.count, set.rows, set.cols];   // [60000, 28, 28] for MNIST's training files
 */
export async function readIdxImages(images: { bytes: Uint8Array; file: string }, labels: { bytes: Uint8Array; file: string }, name = images.file): Promise<ImageSet> {
  const img = parseIdx(await gunzipIfNeeded(images.bytes, images.file), images.file);
  const lab = parseIdx(await gunzipIfNeeded(labels.bytes, labels.file), labels.file);
  return imageSetOf(img, images.file, lab, labels.file, name);
}

/**
 * Pairs an images array and a labels array already read (see `parseIdx`), checking their shapes
 * and counts; a mismatch is a DataError naming the file at fault.
 *
 * @example
 * const set = imageSetOf(parseIdx(imageBytes, "imgs"), "imgs", parseIdx(labelBytes, "labs"), "labs", "mine");
 * set.count;   // the number of images, equal to the number of labels
 */
export function imageSetOf(img: IdxArray, imagesFile: string, lab: IdxArray, labelsFile: string, name: string): ImageSet {
  if (img.type !== 0x08 || img.dims.length !== 3) {
    throw new DataError(imagesFile, `expected images: 3 dimensions of unsigned bytes (count × rows × columns), got ${img.dims.length} dimension(s) (${img.dims.join("×")}) of type ${TYPES[img.type].name}`);
  }
  if (lab.type !== 0x08 || lab.dims.length !== 1) {
    throw new DataError(labelsFile, `expected labels: 1 dimension of unsigned bytes, got ${lab.dims.length} dimension(s) (${lab.dims.join("×")}) of type ${TYPES[lab.type].name}`);
  }
  const [count, rows, cols] = img.dims;
  if (lab.dims[0] !== count) throw new DataError(labelsFile, `holds ${plural(lab.dims[0], "label")} but ${imagesFile} holds ${plural(count, "image")}: the two files do not belong together`);
  if (count === 0) throw new DataError(imagesFile, "holds no images");
  return { name, pixels: img.data as Uint8Array, labels: lab.data as Uint8Array, count, rows, cols };
}

/**
 * Rows of float32 features with a class label each (row r is x[r·features … (r+1)·features)),
 * and how they were made (`scaling`, in words).
 */
export interface LabelledData {
  readonly name: string;
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly features: number;
  readonly classes: number;
  /** How the features were scaled, e.g. "pixels / 255". */
  readonly scaling: string;
}

/**
 * An image set as rows of features: pixels / 255 in [0, 1] (`classes`: the largest label + 1, at least 2).
 *
 * @example
 * const d = imagesToRows(set);
 * [d.features, d.classes, d.scaling];   // [784, 10, "pixels / 255"] for MNIST
 */
export function imagesToRows(set: ImageSet): LabelledData {
  const x = new Float32Array(set.pixels.length);
  for (let i = 0; i < x.length; i++) x[i] = set.pixels[i] / 255;
  let top = 1;
  for (const l of set.labels) top = Math.max(top, l);
  return { name: set.name, x, labels: Int32Array.from(set.labels), features: set.rows * set.cols, classes: top + 1, scaling: "pixels / 255" };
}

/**
 * The file names of an IDX data set folder as published for MNIST, Fashion-MNIST and KMNIST:
 * `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, each possibly ending in `.gz` (a dot instead of the dash before `idx`
 * is accepted too). Returns which split and which kind a name is, or undefined.
 *
 * @example
 * idxFileRole("t10k-labels-idx1-ubyte.gz");   // { split: "test", kind: "labels" }
 * idxFileRole("train-images.idx3-ubyte");     // { split: "train", kind: "images" }
 * idxFileRole("notes.txt");                    // undefined
 */
export function idxFileRole(name: string): { split: "train" | "test"; kind: "images" | "labels" } | undefined {
  const m = /^(train|t10k|test)-(images|labels)[.-]idx([13])-ubyte(\.gz)?$/i.exec(name);
  if (!m) return undefined;
  const kind = m[2].toLowerCase() as "images" | "labels";
  if ((kind === "images") !== (m[3] === "3")) return undefined;
  return { split: m[1].toLowerCase() === "train" ? "train" : "test", kind };
}

/**
 * A data set split into training and test rows, with the split and the scaling stated in words
 * (what experiments copy into their results).
 */
export interface DataSplit {
  readonly train: LabelledData;
  readonly test: LabelledData;
  /** Where the data came from, e.g. "IDX folder data/mnist". */
  readonly source: string;
  /** How the rows were split, e.g. "the files' own split: 60000 training, 10000 test images". */
  readonly split: string;
  /** How the features were scaled, e.g. "pixels / 255". */
  readonly scaling: string;
}
