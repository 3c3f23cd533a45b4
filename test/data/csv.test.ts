import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError, parseLabelledCsv, splitRows } from "../../packages/actlab/src/data/index.js";
import { loadDataSplit } from "../../packages/actlab/src/node/index.js";
import { toyCsv } from "./files.js";

const tmp = mkdtempSync(join(tmpdir(), "actlab-csv-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const msg = (text: string, o: Parameters<typeof parseLabelledCsv>[1]) => {
  try {
    parseLabelledCsv(text, o);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error("did not throw");
};

describe("parseLabelledCsv", () => {
  it("takes the label column by name, anywhere, and text labels become sorted classes", () => {
    const d = parseLabelledCsv("a,kind,b\n1,dog,2\n3,cat,4\n5,dog,6\n", { label: "kind", file: "t.csv" });
    expect(d.featureNames).toEqual(["a", "b"]);
    expect(Array.from(d.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.classNames).toEqual(["cat", "dog"]);
    expect(Array.from(d.labels)).toEqual([1, 0, 1]);
  });
  it("takes it by number (from 1, negative from the end) with or without a header; whole-number labels keep their value", () => {
    const d = parseLabelledCsv("2,0.5,1\n0,1.5,2\n", { label: 1 });
    expect(Array.from(d.labels)).toEqual([2, 0]);
    expect(d.classes).toBe(3);
    expect(d.featureNames).toEqual(["x1", "x2"]);
    const last = parseLabelledCsv("p,q,y\n0.1,2,0\n-1e-3,4,1\n");
    expect(Array.from(last.x)).toEqual([Math.fround(0.1), 2, Math.fround(-1e-3), 4]);
    expect(last.featureNames).toEqual(["p", "q"]);
  });
  it("names the file, the line and the field of each mistake", () => {
    expect(msg("", { file: "e.csv" })).toMatch(/^e\.csv: is empty/);
    expect(msg("a,b,y\n1,2,0\n3,4\n", { file: "f.csv" })).toBe("f.csv: line 3: 2 fields, expected 3 like line 1");
    expect(msg("a,b,y\n1,2,0\n3,x,1\n", { file: "f.csv" })).toBe("f.csv: line 3, column 'b': 'x' is not a number");
    expect(msg("1,2,0\n3,,1\n", { file: "f.csv" })).toBe("f.csv: line 2, column 2: '' is not a number");
    expect(msg("a,b,y\n1,2,0\n", { label: "z", file: "f.csv" })).toBe("f.csv: no column named 'z' (its columns: a, b, y)");
    expect(msg("1,2,0\n", { label: 4, file: "f.csv" })).toMatch(/^f\.csv: no column 4: the file has 3 columns/);
    expect(msg("a,b,y\n1,2,0\n3,4,0\n", { file: "f.csv" })).toMatch(/^f\.csv: the label column holds one class only \('0'\)/);
    expect(msg("a,b,y\n", { file: "f.csv" })).toBe("f.csv: has a header but no rows");
    expect(msg("a,b,y\n1,2,\n", { file: "f.csv" })).toBe("f.csv: line 2: the label (column 3) is empty");
  });
});

describe("splitRows and loadDataSplit on a CSV file", () => {
  it("splits by seed, standardises by the training rows, and says so", async () => {
    const path = join(tmp, "toy.csv");
    writeFileSync(path, toyCsv(40));
    const s = await loadDataSplit(path, { label: "kind" });
    expect(s.split).toBe("seeded split (seed 1): 30 training, 10 test rows");
    expect(s.scaling).toBe("standardised by the training split's mean and standard deviation");
    expect(s.train.features).toBe(3);
    expect(s.train.classes).toBe(3);
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (let r = 0; r < 30; r++) m += s.train.x[r * 3 + j] / 30;
      expect(Math.abs(m)).toBeLessThan(1e-6);
    }
    const other = splitRows(parseLabelledCsv(toyCsv(40), { label: "kind" }), { seed: 2 });
    expect(Array.from(other.test.labels)).not.toEqual(Array.from(s.test.labels));
    await expect(loadDataSplit(path, { label: "nope" })).rejects.toThrow(`${path}: no column named 'nope'`);
  });
});
