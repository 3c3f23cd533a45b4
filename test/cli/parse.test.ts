/** parseNumber and parseDomain (src/cli/parse.ts): what the CLI accepts as a number, and the one-line error otherwise. */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../packages/cli/src/errors.js";
import { parseDomain, parseNumber } from "../../packages/cli/src/parse.js";

describe("parseNumber(text)", () => {
  it.each([
    ["0.5", 0.5],
    ["12.75", 12.75],
    ["-250", -250],
    ["6.02e23", 6.02e23],
    ["-3", -3],
    ["+2", 2],
    ["1e-20", 1e-20],
    ["1E3", 1000],
    ["2.", 2],
    [".25", 0.25],
    ["-.5e+2", -50],
    [" 7 ", 7],
    ["inf", Infinity],
    ["+inf", Infinity],
    ["Infinity", Infinity],
    ["+infinity", Infinity],
    ["-inf", -Infinity],
    ["-Infinity", -Infinity],
  ])("parseNumber('%s') is %s", (text, want) => {
    expect(parseNumber(text)).toBe(want);
  });

  it("parseNumber('nan') and 'NaN' are NaN", () => {
    expect(parseNumber("nan")).toBeNaN();
    expect(parseNumber("NaN")).toBeNaN();
  });

  it.each(["", " ", "1x", "1abc", "0x10", "1,5", "2e", "e5", ".", "--1", "+-1", "1e5.5", "infinit", "- 1", "1 2", "Inf1"])(
    "parseNumber('%s') is a usage error quoting the text",
    (text) => {
      expect(() => parseNumber(text, "x")).toThrow(UsageError);
      expect(() => parseNumber(text, "x")).toThrow(`invalid x: '${text}' (expected a number such as 0.5, -3, 1e-20, inf or nan)`);
    },
  );

  it("parseNumber(text) without a name calls it a number", () => {
    expect(() => parseNumber("z")).toThrow("invalid number: 'z'");
  });
});

describe("parseDomain(text)", () => {
  it("parseDomain('-5,5') is [-5, 5]", () => {
    expect(parseDomain("-5,5")).toEqual([-5, 5]);
    expect(parseDomain(" -1e-3 , 2.5 ")).toEqual([-1e-3, 2.5]);
  });

  it.each(["5", "1,2,3", ""])("parseDomain('%s') needs two numbers", (text) => {
    expect(() => parseDomain(text)).toThrow(new UsageError(`invalid domain: '${text}' (expected two numbers such as -5,5)`));
  });

  it.each(["5,1", "1,1", "-inf,1", "0,inf", "nan,1", "0,nan"])("parseDomain('%s') needs finite lo < hi", (text) => {
    expect(() => parseDomain(text)).toThrow(new UsageError(`invalid domain: '${text}' (need finite lo,hi with lo < hi)`));
  });

  it("parseDomain(text) needs a width hi − lo of at least 1e-9 of |lo| and |hi|, and finite", () => {
    const narrow = (text: string) =>
      new UsageError(`invalid domain: '${text}' (the width hi − lo must be a finite number, at least 1e-9 of |lo| and |hi|; e.g. -1e307,1e307)`);
    // 1 is exactly 1e-9 of 1e9: allowed; 1 is less than 1e-9 of 1000000001: refused.
    expect(parseDomain("999999999,1000000000")).toEqual([999999999, 1e9]);
    expect(() => parseDomain("1000000000,1000000001")).toThrow(narrow("1000000000,1000000001"));
    expect(() => parseDomain("-1000000001,-1000000000")).toThrow(narrow("-1000000001,-1000000000"));
    expect(() => parseDomain("1e10,10000000001")).toThrow(narrow("1e10,10000000001"));
    expect(() => parseDomain("1,1.0000000000000002")).toThrow(narrow("1,1.0000000000000002"));
    // Both bounds finite, but hi − lo overflows to infinity.
    expect(() => parseDomain("-1e308,1e308")).toThrow(narrow("-1e308,1e308"));
    expect(parseDomain("-1e307,1e307")).toEqual([-1e307, 1e307]);
  });

  it("parseDomain('a,1') names the bad bound", () => {
    expect(() => parseDomain("a,1")).toThrow("invalid domain bound: 'a'");
  });
});
