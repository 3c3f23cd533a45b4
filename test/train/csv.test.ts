import { describe, expect, it } from "vitest";
import { parseCsv } from "../../packages/actlab/src/train/linear.js";

describe("parseCsv(text)", () => {
  it("parseCsv(text) reads x,y rows with or without a header", () => {
    const a = parseCsv("x,y\n0,1\n0.5, 2.5\n1e-1,-3\n");
    expect([...a.x]).toEqual([0, 0.5, 0.1]);
    expect([...a.y]).toEqual([1, 2.5, -3]);
    const b = parseCsv("0,1\r\n0.5,2.5\r\n\r\n1e-1,-3");
    expect(b).toEqual(a);
  });

  it("parseCsv(text) names the line of a row with a missing column", () => {
    expect(() => parseCsv("x,y\n1,2\n3\n")).toThrow(/^line 3: expected 2 columns/);
  });

  it("parseCsv(text) names the line and the field that is not a number", () => {
    expect(() => parseCsv("1,2\n2,abc\n")).toThrow(/^line 2: column y is not a number: 'abc'/);
    expect(() => parseCsv("x,y\n\n1,2\nfoo,3")).toThrow(/^line 4: column x is not a number: 'foo'/);
  });

  it("parseCsv('') reports an empty file at line 1", () => {
    expect(() => parseCsv("")).toThrow(/^line 1: empty file/);
    expect(() => parseCsv("\n  \n")).toThrow(/^line 1: empty file/);
  });

  it("parseCsv(text) rejects a header without rows, empty fields and non-finite numbers", () => {
    expect(() => parseCsv("x,y\n")).toThrow(/^line 2: no data rows/);
    expect(() => parseCsv("1,2\n3,\n")).toThrow(/^line 2: column y is empty/);
    expect(() => parseCsv("1,2\n3,1e999\n")).toThrow(/^line 2: column y is out of range/);
    expect(() => parseCsv("1,2,3\n")).toThrow(/^line 1: expected 2 columns x,y, got 3/);
  });
});

describe("parseCsv(text) with another separator", () => {
  it.each([
    ["1;2\n3;4\n", "';'"],
    ["1\t2\n3\t4\n", "tabs"],
    ["x;y\n1;2\n", "';'"],
    ["1 2\n3 4\n", "spaces"],
  ])("parseCsv(%j) names the separator instead of reading a one-column header", (text, name) => {
    expect(() => parseCsv(text)).toThrow(new RegExp(`^line 1: fields are separated by ${name}, expected a comma`));
  });
});
