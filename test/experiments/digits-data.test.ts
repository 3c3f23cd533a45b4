import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DIGITS_TEST_COUNT, digitsRaw, digitsSplit } from "../../packages/actlab/src/experiments/index.js";

// Debian's python3-sklearn ships the csv; .ci/run installs it.
const CSV = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

describe("digitsRaw()", () => {
  it("holds the 1,797 UCI digits with scikit-learn's class counts", () => {
    const d = digitsRaw();
    expect(d.count).toBe(1797);
    expect(d.pixels).toHaveLength(1797 * 64);
    const counts = new Array(10).fill(0);
    for (const l of d.labels) counts[l]++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(Math.max(...d.pixels)).toBe(16);
    // The first image of the csv (a 0) and the last label (an 8).
    expect(Array.from(d.pixels.subarray(0, 16))).toEqual([0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]);
    expect(d.labels[1796]).toBe(8);
  });

  it("is the csv of Debian's python3-sklearn, value for value", () => {
    const rows = gunzipSync(readFileSync(CSV)).toString("utf8").trim().split("\n").map((l) => l.split(",").map(Number));
    const d = digitsRaw();
    rows.forEach((row, r) => {
      expect(Array.from(d.pixels.subarray(r * 64, r * 64 + 64))).toEqual(row.slice(0, 64));
      expect(d.labels[r]).toBe(row[64]);
    });
  });

  it("scripts/make-digits.mjs recreates the committed module byte for byte", () => {
    const before = readFileSync("packages/actlab/src/data/digits-data.ts", "utf8");
    execFileSync(process.execPath, ["packages/actlab/scripts/make-digits.mjs", CSV]);
    expect(readFileSync("packages/actlab/src/data/digits-data.ts", "utf8")).toBe(before);
  });
});

describe("digitsSplit()", () => {
  it("is a fixed split of 1,347 training and 450 test images, disjoint and covering every row", () => {
    const s = digitsSplit();
    expect(s.train.labels).toHaveLength(1347);
    expect(s.test.labels).toHaveLength(DIGITS_TEST_COUNT);
    const all = new Set([...s.trainRows, ...s.testRows]);
    expect(all.size).toBe(1797);
    expect(Array.from(digitsSplit().testRows)).toEqual(Array.from(s.testRows));
    // Every class is in the test split (a seeded shuffle, not the csv's order).
    expect(new Set(s.test.labels).size).toBe(10);
  });

  it("standardises by the training split: mean 0, std 1 per non-constant pixel; unit scale is pixels / 16", () => {
    const s = digitsSplit();
    const n = s.train.labels.length;
    for (const j of [10, 20, 36]) {
      let m = 0;
      let v = 0;
      for (let r = 0; r < n; r++) m += s.train.x[r * 64 + j] / n;
      for (let r = 0; r < n; r++) v += (s.train.x[r * 64 + j] - m) ** 2 / n;
      expect(m).toBeCloseTo(0, 10);
      expect(v).toBeCloseTo(1, 10);
    }
    const u = digitsSplit({ scale: "unit" });
    const raw = digitsRaw();
    const r0 = u.trainRows[0];
    expect(u.train.x[5]).toBe(raw.pixels[r0 * 64 + 5] / 16);
    expect(() => digitsSplit({ scale: "minmax" as "unit" })).toThrow(/unknown scale: minmax/);
  });
});
