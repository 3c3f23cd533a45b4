/**
 * The Network view's data: the shapes of the built-in data sets as their comments describe them
 * (checked point by point without noise), the noise scale (50 % = a standard deviation of 1),
 * the split, the features and the CSV reader's messages.
 */
import { describe, expect, it } from "vitest";
import { CsvError } from "../../packages/actlab/src/train/csv.js";
import {
  extentOf,
  featurize,
  makePlaneData,
  MAX_CSV_CLASSES,
  parsePlaneCsv,
  PLANE_EXTENT,
  PLANE_POINTS,
  planeClasses,
  splitPlane,
  type PlanePoints,
} from "../../packages/actlab/src/train/plane-data.js";

const count = (labels: Int32Array, c: number) => labels.filter((l) => l === c).length;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => {
  const m = mean(v);
  return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
};
/** Coordinate `j` (0: x₁, 1: x₂) of the points of class c. */
const coords = (d: PlanePoints, c: number, j: number) => Array.from(d.labels).flatMap((l, i) => (l === c ? [d.x[2 * i + j]] : []));

describe("makePlaneData", () => {
  it("draws 500 points by default, the classes in turn (equal counts)", () => {
    const d = makePlaneData("circle");
    expect(PLANE_POINTS).toBe(500);
    expect(d.labels).toHaveLength(500);
    expect(d.x).toHaveLength(1000);
    expect([count(d.labels, 0), count(d.labels, 1)]).toEqual([250, 250]);
    const s3 = makePlaneData("spiral3", { n: 9 });
    expect(Array.from(s3.labels)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(planeClasses("spiral3")).toBe(3);
    expect(planeClasses("moons")).toBe(2);
  });

  it("xor without noise: |x₁|, |x₂| in [0.3, 5], class 1 exactly where x₁·x₂ < 0, all four quadrants", () => {
    const d = makePlaneData("xor", { n: 400, seed: 2 });
    const quadrants = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const [a, b] = [d.x[2 * i], d.x[2 * i + 1]];
      for (const v of [a, b]) expect(Math.abs(v) >= 0.3 && Math.abs(v) <= 5).toBe(true);
      expect(d.labels[i]).toBe(a * b < 0 ? 1 : 0);
      quadrants.add(`${Math.sign(a)},${Math.sign(b)}`);
    }
    expect(quadrants.size).toBe(4);
  });

  it("gauss: clouds at (2, 2) and (−2, −2) with standard deviation 0.7, widened to 2 at noise 50 %", () => {
    const quiet = makePlaneData("gauss", { n: 20_000, seed: 5 });
    expect(mean(coords(quiet, 0, 0))).toBeCloseTo(2, 1);
    expect(mean(coords(quiet, 0, 1))).toBeCloseTo(2, 1);
    expect(mean(coords(quiet, 1, 0))).toBeCloseTo(-2, 1);
    expect(mean(coords(quiet, 1, 1))).toBeCloseTo(-2, 1);
    expect(Math.abs(sd(coords(quiet, 0, 0)) - 0.7)).toBeLessThan(0.03);
    const noisy = makePlaneData("gauss", { n: 20_000, seed: 5, noise: 50 });
    expect(Math.abs(sd(coords(noisy, 1, 1)) - 2)).toBeLessThan(0.06);
  });

  it("moons without noise lie on their half circles of radius 2.5; noise 25 % spreads the circle's inner disc by 0.5", () => {
    // Without noise every moon point is on its circle of radius 2.5; the jitter's spread is then 1 per coordinate.
    const quiet = makePlaneData("moons", { n: 400, seed: 3 });
    for (let i = 0; i < 400; i++) {
      const [a, b] = [quiet.x[2 * i], quiet.x[2 * i + 1]];
      if (quiet.labels[i] === 0) {
        expect(Math.hypot(a + 1.25, b + 0.6)).toBeCloseTo(2.5, 9);
        expect(b + 0.6).toBeGreaterThanOrEqual(-1e-12);
      } else {
        expect(Math.hypot(a - 1.25, b - 0.6)).toBeCloseTo(2.5, 9);
        expect(b - 0.6).toBeLessThanOrEqual(1e-12);
      }
    }
    const circle = makePlaneData("circle", { n: 20_000, seed: 3, noise: 25 });
    // Noise 25 %: inner-disc points spread past radius 2.5 (jitter 0.5), but rarely past 2.5 + 4·0.5·√2.
    const ys = coords(circle, 0, 1);
    const r0 = coords(circle, 0, 0).map((x, i) => Math.hypot(x, ys[i]));
    expect(r0.some((r) => r > 2.6)).toBe(true);
    expect(Math.max(...r0)).toBeLessThan(2.5 + 4 * 0.5 * Math.SQRT2);
  });

  it("spiral and spiral3 without noise: point k is on arm k mod arms at angle 2πc/arms + 3.5π·r, r = |p|/5", () => {
    for (const [name, arms] of [["spiral", 2], ["spiral3", 3]] as const) {
      const d = makePlaneData(name, { n: 300, seed: 4 });
      for (let k = 0; k < 300; k++) {
        const [a, b] = [d.x[2 * k], d.x[2 * k + 1]];
        const r = Math.hypot(a, b) / 5;
        expect(r).toBeLessThanOrEqual(1);
        expect(d.labels[k]).toBe(k % arms);
        const t = (2 * Math.PI * (k % arms)) / arms + 3.5 * Math.PI * r;
        expect(a).toBeCloseTo(5 * r * Math.cos(t), 9);
        expect(b).toBeCloseTo(5 * r * Math.sin(t), 9);
      }
    }
  });

  it("rejects an unknown data set, a bad count and noise outside [0, 100] with one-line RangeErrors", () => {
    expect(() => makePlaneData("ring" as never)).toThrow(new RangeError("unknown dataset: ring (use circle, xor, gauss, spiral, spiral3, moons)"));
    expect(() => makePlaneData("circle", { n: 1 })).toThrow("invalid number of points: 1 (must be an integer in [2, 1000000])");
    expect(() => makePlaneData("spiral3", { n: 2 })).toThrow("invalid number of points: 2 (must be an integer in [3, 1000000])");
    expect(() => makePlaneData("circle", { n: 1_000_001 })).toThrow("invalid number of points");
    expect(makePlaneData("circle", { n: 2 }).labels).toHaveLength(2);
    for (const noise of [-1, 100.5, NaN]) expect(() => makePlaneData("xor", { noise })).toThrow(`invalid noise: ${noise} (must be a percentage in [0, 100])`);
    expect(makePlaneData("xor", { noise: 100, n: 4 }).labels).toHaveLength(4);
    expect(makePlaneData("xor", { noise: 0, n: 4 }).labels).toHaveLength(4);
  });
});

describe("splitPlane", () => {
  it("puts round(n·share) points in training (at least one each side), with the classes and extent", () => {
    const pts = makePlaneData("spiral3", { n: 30 });
    const s = splitPlane(pts, 40, 7, 9);
    expect([s.train.labels.length, s.test.labels.length]).toEqual([12, 18]);
    expect(s.classes).toBe(3);
    expect(s.train.classes).toBe(3);
    expect(s.test.classes).toBe(3);
    expect(s.extent).toBe(9);
    expect(splitPlane(pts, 40).extent).toBe(PLANE_EXTENT);
    // Each point keeps its label and both coordinates.
    const byX = new Map(Array.from(pts.labels, (l, i) => [`${pts.x[2 * i]},${pts.x[2 * i + 1]}`, l]));
    for (const part of [s.train, s.test]) {
      part.labels.forEach((l, i) => expect(byX.get(`${part.x[2 * i]},${part.x[2 * i + 1]}`)).toBe(l));
    }
    // Two points: 10 % and 90 % still leave one on each side.
    const two = makePlaneData("circle", { n: 2 });
    for (const share of [10, 90]) {
      const t = splitPlane(two, share);
      expect([t.train.labels.length, t.test.labels.length]).toEqual([1, 1]);
    }
    // The seed shuffles: another seed, another training set; the same seed, the same.
    const key = (p: PlanePoints) => Array.from(p.x).join();
    expect(key(splitPlane(pts, 50, 1).train)).toBe(key(splitPlane(pts, 50, 1).train));
    expect(key(splitPlane(pts, 50, 2).train)).not.toBe(key(splitPlane(pts, 50, 1).train));
  });

  it("rejects a share outside (0, 100) and fewer than two points", () => {
    const pts = makePlaneData("circle", { n: 10 });
    for (const share of [0, 100, -5, NaN]) expect(() => splitPlane(pts, share)).toThrow(`invalid train share: ${share} (must be a percentage in (0, 100))`);
    const one: PlanePoints = { x: Float64Array.of(1, 1), labels: Int32Array.of(0), classes: 2 };
    expect(() => splitPlane(one, 50)).toThrow("too few points to split: 1 (need at least 2)");
  });
});

describe("featurize and extentOf", () => {
  it("featurize: one row of the chosen features per point, in the order asked", () => {
    expect(Array.from(featurize([1, 2, -3, 0.5], ["x1x2", "x2sq"]))).toEqual([2, 4, -1.5, 0.25]);
    expect(Array.from(featurize([1, 2, -3, 0.5], ["x2", "x1sq", "x1"]))).toEqual([2, 1, 1, 0.5, 9, -3]);
    expect(featurize([], ["x1"])).toHaveLength(0);
  });

  it("extentOf: the largest |coordinate| plus 10 %, two significant digits; 1 when every point is the origin", () => {
    const pts = (x: number[]): PlanePoints => ({ x: Float64Array.from(x), labels: new Int32Array(x.length / 2), classes: 2 });
    expect(extentOf(pts([1, -5, 2, 3]))).toBe(5.5);
    expect(extentOf(pts([4.44, 0, 0, 1]))).toBe(4.9);
    expect(extentOf(pts([0, -7, 0, 0]))).toBe(7.7);
    expect(extentOf(pts([0, 0, 0, 0]))).toBe(1);
  });
});

describe("parsePlaneCsv", () => {
  const err = (text: string): { line: number; message: string } => {
    try {
      parsePlaneCsv(text);
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      return { line: (e as CsvError).line, message: (e as Error).message };
    }
    throw new Error("no error");
  };
  const rows = "0,0,0\n1,1,1\n-1,1,1\n2,-2,0\n";

  it("reads rows with or without a header, over any line ending, a byte-order mark and spaces", () => {
    const want = { x: [0, 0, 1, 1, -1, 1, 2, -2], labels: [0, 1, 1, 0] };
    const read = (text: string) => {
      const p = parsePlaneCsv(text);
      return { x: Array.from(p.x), labels: Array.from(p.labels), classes: p.classes };
    };
    for (const text of [rows, "x1,x2,label\n" + rows, "\uFEFFx1,x2,label\r\n" + rows.replaceAll("\n", "\r\n"), rows.replaceAll("\n", "\r"), " 0 , 0 , 0 \n\n1,1,1\n  \n-1,1,1\n2,-2,0"]) {
      expect(read(text)).toEqual({ ...want, classes: 2 });
    }
    // Numbers as people write them: +1, .5, 5., 1e1, -2.5E-1; a label written 1.0 is the integer 1.
    expect(read("+1,.5,0\n5.,1e1,1.0\n-2.5E-1,0,0\n3,3,1\n")).toEqual({ x: [1, 0.5, 5, 10, -0.25, 0, 3, 3], labels: [0, 1, 0, 1], classes: 2 });
    // Up to eight classes.
    const eight = Array.from({ length: MAX_CSV_CLASSES }, (_, c) => `${c},${c},${c}`).join("\n");
    expect(parsePlaneCsv(eight).classes).toBe(8);
  });

  it("names the line and the column of each mistake", () => {
    expect(err("a,b\n" + rows)).toEqual({ line: 1, message: "line 1: header has 2 column(s), expected 3 (x1,x2,label)" });
    expect(err("\n\nx,y,label\n1,2,zz\n")).toEqual({ line: 4, message: "line 4: column label is not a finite number: 'zz'" });
    expect(err(rows + "x1,x2,label\n").message).toBe("line 5: column x1 is not a finite number: 'x1'");
    expect(err(rows + "1;2;0\n").message).toBe("line 5: expected 3 columns x1,x2,label, got 1 (the separator is a comma)");
    expect(err(rows + "1,2,0,4\n").message).toBe("line 5: expected 3 columns x1,x2,label, got 4");
    expect(err(rows + "1,,0\n").message).toBe("line 5: column x2 is empty");
    expect(err(rows + ",1,0\n").message).toBe("line 5: column x1 is empty");
    for (const cell of ["Infinity", "1e999", "0x10", "1.2.3", "NaN", "1e", "--1"]) {
      expect(err(`${rows}${cell},0,0\n`).message).toBe(`line 5: column x1 is not a finite number: '${cell}'`);
    }
    expect(err(`${rows}${"9".repeat(40)}x,0,0\n`).message).toBe(`line 5: column x1 is not a finite number: '${"9".repeat(30)}'`);
    expect(err(rows + "1,1,8\n").message).toBe("line 5: label must be an integer from 0 to 7, got '8'");
    expect(err(rows + "1,1,-1\n").message).toBe("line 5: label must be an integer from 0 to 7, got '-1'");
    expect(err(rows + "1,1,0.5\n").message).toBe("line 5: label must be an integer from 0 to 7, got '0.5'");
  });

  it("checks the whole file: rows present, labels 0 … k without gaps, two classes, four rows", () => {
    expect(err("x1,x2,label\n\n")).toEqual({ line: 1, message: "line 1: no data rows (expected rows x1,x2,label, with an optional header)" });
    expect(err("")).toEqual({ line: 1, message: "line 1: no data rows (expected rows x1,x2,label, with an optional header)" });
    expect(err("0,0,1\n1,1,1\n2,2,1\n3,3,1\n").message).toBe("line 1: no point has label 0: labels must run 0, 1, … 1 without gaps");
    expect(err("0,0,0\n1,1,3\n2,2,1\n3,3,0\n").message).toBe("line 1: no point has label 2: labels must run 0, 1, … 3 without gaps");
    expect(err("0,0,0\n1,1,0\n2,2,0\n3,3,0\n").message).toBe("line 1: every point has label 0: a classifier needs at least two classes (0 and 1)");
    expect(err("0,0,0\n1,1,1\n2,2,1\n").message).toBe("line 1: only 3 rows: need at least 4 to split into training and test points");
    expect(parsePlaneCsv("0,0,0\n1,1,1\n2,2,1\n3,3,0\n").labels).toHaveLength(4);
  });
});
