import { describe, expect, it } from "vitest";
import {
  addRows,
  axisTicks,
  chartRange,
  chartTicks,
  classShares,
  confidence,
  deadCount,
  dotGroups,
  healthRows,
  linkDash,
  linkPath,
  lossKey,
  marker,
  markerShape,
  markerSymbol,
  maxAbsWeight,
  niceTicks,
  parseColor,
  planeGrid,
  planeTable,
  plotX,
  plotY,
  probsPixels,
  runStatus,
  sampleIndices,
  tableIndices,
  topClass,
  unitPixels,
  unitScale,
  type History,
  type RGB,
} from "../../lab/src/views/network/logic.js";

// The Network view's drawing decisions, read as a user sees them: the colour of a pixel, where a
// point lands and whether it is a filled training dot or a test ring, the ticks and scales of the
// charts, and the numbers the bar and the health table show.

const pixel = (px: Uint8ClampedArray, r: number): number[] => Array.from(px.slice(4 * r, 4 * r + 4));
const BG: RGB = [200, 200, 200];
const BLUE: RGB = [0, 100, 200];
const RED: RGB = [200, 20, 0];

describe("theme colours", () => {
  it("reads #rgb, #rrggbb, rgb() and rgba(), with spaces around; grey when unreadable", () => {
    expect(parseColor("#0072b2")).toEqual([0, 114, 178]);
    expect(parseColor(" #fff ")).toEqual([255, 255, 255]);
    expect(parseColor("#a1c")).toEqual([170, 17, 204]);
    expect(parseColor("#0072b2cc")).toEqual([0, 114, 178]);
    expect(parseColor("rgb(1, 2, 3)")).toEqual([1, 2, 3]);
    expect(parseColor("rgba(4,5,6,0.5)")).toEqual([4, 5, 6]);
    expect(parseColor("rgb(1, 2)")).toEqual([128, 128, 128]);
    expect(parseColor("rgb(1, x, 3)")).toEqual([128, 128, 128]);
    expect(parseColor("")).toEqual([128, 128, 128]);
  });
});

describe("the confidence colour scale of the output map", () => {
  it("is 0 at chance and 1 when sure, for any number of classes", () => {
    expect(confidence(0.5, 2)).toBe(0);
    expect(confidence(1, 2)).toBe(1);
    expect(confidence(0.75, 2)).toBe(0.5);
    expect(confidence(1 / 3, 3)).toBeCloseTo(0, 15);
    expect(confidence(1, 3)).toBeCloseTo(1, 15);
    expect(confidence(2 / 3, 3)).toBeCloseTo(0.5, 15);
  });

  it("a sure pixel is its class's colour at 75 %, a pixel at chance the mixed colour at 15 %, every pixel opaque", () => {
    // Four pixels (2×2): sure of class 0, sure of class 1, at chance, and sure of class 1 again.
    const probs = [1, 0, 0, 1, 0.5, 0.5, 0, 1];
    const px = probsPixels(probs, 2, 2, BG, [BLUE, RED]);
    expect(px.length).toBe(16);
    // bg + (c − bg)·0.75
    expect(pixel(px, 0)).toEqual([50, 125, 200, 255]);
    expect(pixel(px, 1)).toEqual([200, 65, 50, 255]);
    // mix (100, 60, 100): bg + (mix − bg)·0.15
    expect(pixel(px, 2)).toEqual([185, 179, 185, 255]);
    expect(pixel(px, 3)).toEqual([200, 65, 50, 255]);
  });

  it("grows towards the class's colour as the network gets surer", () => {
    const dist = (p: number[], c: RGB): number => Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]);
    const px = probsPixels([0.5, 0.5, 0.7, 0.3, 0.9, 0.1, 1, 0], 2, 2, BG, [BLUE, RED]);
    const d = [0, 1, 2, 3].map((r) => dist(pixel(px, r), BLUE));
    expect(d[1]).toBeLessThan(d[0]);
    expect(d[2]).toBeLessThan(d[1]);
    expect(d[3]).toBeLessThan(d[2]);
  });

  it("three classes: chance is 1/3 each; the colours repeat past the palette's end", () => {
    const third = 1 / 3;
    const px = probsPixels([third, third, third, 0, 0, 1], 1, 3, BG, [BLUE, RED, [0, 0, 0]]);
    // mix (200/3·…): at chance strength 0.15
    const mix = [(0 + 200 + 0) / 3, (100 + 20 + 0) / 3, (200 + 0 + 0) / 3];
    expect(pixel(px, 0)).toEqual([...mix.map((m) => Math.round(200 + (m - 200) * 0.15)), 255]);
    // Only two colours for three classes: class 2 is drawn in class 0's colour.
    const wrap = probsPixels([0, 0, 1], 1, 3, BG, [BLUE, RED]);
    expect(pixel(wrap, 0)).toEqual([50, 125, 200, 255]);
  });

  it("writes into the buffer it is given (the page's ImageData)", () => {
    const out = new Uint8ClampedArray(4);
    expect(probsPixels([1, 0], 1, 2, BG, [BLUE, RED], out)).toBe(out);
    expect(Array.from(out)).toEqual([50, 125, 200, 255]);
  });
});

describe("the unit maps: sign and scale", () => {
  const POS: RGB = [0, 100, 200];
  const NEG: RGB = [200, 0, 0];

  it("an unbounded unit: positive in the positive colour, negative in the negative one, 0 the background, by its largest |value|", () => {
    // Two units interleaved; unit 1 (the second) is drawn, unit 0's large values must not matter.
    const values = [100, 2, -100, -1, 50, 0, 7, -2];
    expect(unitScale(values, 4, 2, 1)).toEqual({ mid: 0, half: 2 });
    const px = unitPixels(values, 2, 2, 1, BG, POS, NEG);
    expect(pixel(px, 0)).toEqual([20, 110, 200, 255]); // +2: positive at 90 %
    expect(pixel(px, 1)).toEqual([200, 110, 110, 255]); // −1: negative at 45 %
    expect(pixel(px, 2)).toEqual([200, 200, 200, 255]); // 0: background
    expect(pixel(px, 3)).toEqual([200, 20, 20, 255]); // −2: negative at 90 %
  });

  it("a bounded unit (sigmoid's (0, 1)): the middle of its range is the background, its ends full strength, beyond clamped", () => {
    const range = { min: 0, max: 1 };
    expect(unitScale([0.6], 1, 1, 0, range)).toEqual({ mid: 0.5, half: 0.5 });
    const px = unitPixels([0.5, 1, 0, 1.5], 2, 1, 0, BG, POS, NEG, range);
    expect(pixel(px, 0)).toEqual([200, 200, 200, 255]);
    expect(pixel(px, 1)).toEqual([20, 110, 200, 255]);
    expect(pixel(px, 2)).toEqual([200, 20, 20, 255]);
    expect(pixel(px, 3)).toEqual([20, 110, 200, 255]);
    // tanh's (−1, 1): 0 is the middle.
    expect(unitScale([0.1], 1, 1, 0, { min: -1, max: 1 })).toEqual({ mid: 0, half: 1 });
  });

  it("a half-open or empty range counts as unbounded; an all-zero unit is all background", () => {
    expect(unitScale([0, 3, -4], 3, 1, 0, { min: 0, max: Infinity })).toEqual({ mid: 0, half: 4 });
    expect(unitScale([0, 3, -4], 3, 1, 0, { min: -Infinity, max: 0 })).toEqual({ mid: 0, half: 4 });
    expect(unitScale([0, 3, -4], 3, 1, 0, { min: 1, max: 1 })).toEqual({ mid: 0, half: 4 });
    expect(unitScale([0, 0, 0, 0], 4, 1, 0)).toEqual({ mid: 0, half: 1e-6 });
    expect(Array.from(unitPixels([0, 0, 0, 0], 2, 1, 0, BG, POS, NEG))).toEqual(Array.from({ length: 4 }, () => [200, 200, 200, 255]).flat());
  });
});

describe("the points on the big plot", () => {
  // Training: (0, 0) class 0, (6, 6) class 1, (−6, −6) class 0. Test: (3, −3) and (−3, 3), class 1.
  const points = {
    trainX: Float64Array.from([0, 0, 6, 6, -6, -6]),
    trainY: Int32Array.from([0, 1, 0]),
    testX: Float64Array.from([3, -3, -3, 3]),
    testY: Int32Array.from([1, 1]),
  };

  it("maps the plane [−extent, extent]² onto the canvas, y upwards", () => {
    expect(plotX(-6, 6, 120)).toBe(0);
    expect(plotX(0, 6, 120)).toBe(60);
    expect(plotX(6, 6, 120)).toBe(120);
    expect(plotY(6, 6, 120)).toBe(0);
    expect(plotY(-6, 6, 120)).toBe(120);
    expect(plotY(3, 6, 120)).toBe(30);
    expect(plotX(1, 2, 100)).toBe(75);
  });

  it("training points are the filled dots of their class, test points the rings, drawn after them", () => {
    expect(dotGroups(points, true, 2, 6, 120)).toEqual([
      { kind: "train", cls: 0, xy: [60, 60, 0, 120] },
      { kind: "train", cls: 1, xy: [120, 0] },
      { kind: "test", cls: 1, xy: [90, 90, 30, 30] },
    ]);
  });

  it("with 'show test data' off only the training points are drawn", () => {
    expect(dotGroups(points, false, 2, 6, 120)).toEqual([
      { kind: "train", cls: 0, xy: [60, 60, 0, 120] },
      { kind: "train", cls: 1, xy: [120, 0] },
    ]);
  });

  it("every class up to the palette's size gets its group", () => {
    const three = { trainX: Float64Array.from([0, 0, 1, 1]), trainY: Int32Array.from([2, 0]), testX: new Float64Array(0), testY: new Int32Array(0) };
    expect(dotGroups(three, true, 3, 2, 100).map((g) => [g.kind, g.cls, g.xy])).toEqual([
      ["train", 0, [75, 25]],
      ["train", 2, [50, 50]],
    ]);
    expect(dotGroups(three, true, 2, 2, 100).map((g) => g.cls)).toEqual([0]);
  });

  it("axis ticks: round values inside the extent, without 0 and the edges", () => {
    expect(axisTicks(6)).toEqual([-4, -2, 2, 4]);
    expect(axisTicks(4)).toEqual([-2, 2]);
    expect(axisTicks(8)).toEqual([-6, -4, -2, 2, 4, 6]);
    expect(axisTicks(3)).toEqual([-2, -1, 1, 2]);
    expect(axisTicks(2.5)).toEqual([-2, -1, 1, 2]);
    expect(axisTicks(9)).toEqual([-8, -7, -6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(axisTicks(20)).toEqual([-10, 10]);
    expect(axisTicks(250)).toEqual([-200, -100, 100, 200]);
  });
});

describe("classes by shape as well as colour", () => {
  /** The path commands `marker` makes for class `c` at (10, 20), radius 2. */
  function drawn(c: number): string[] {
    const calls: string[] = [];
    const rec = {
      moveTo: (x: number, y: number) => calls.push(`M ${x.toFixed(2)} ${y.toFixed(2)}`),
      lineTo: (x: number, y: number) => calls.push(`L ${x.toFixed(2)} ${y.toFixed(2)}`),
      arc: (x: number, y: number, r: number, a0: number, a1: number) => calls.push(`A ${x} ${y} ${r} ${a0} ${a1.toFixed(4)}`),
      closePath: () => calls.push("Z"),
    };
    marker(rec, c, 10, 20, 2);
    return calls;
  }

  it("the first class is a circle, the second a square, the third a triangle, the fourth a diamond, around the point", () => {
    expect(drawn(0)).toEqual(["M 12.00 20.00", "A 10 20 2 0 6.2832"]);
    expect(drawn(1)).toEqual(["M 8.52 18.52", "L 11.48 18.52", "L 11.48 21.48", "L 8.52 21.48", "Z"]);
    expect(drawn(2)).toEqual(["M 10.00 17.90", "L 11.82 21.05", "L 8.18 21.05", "Z"]);
    expect(drawn(3)).toEqual(["M 10.00 17.90", "L 12.10 20.00", "L 10.00 22.10", "L 7.90 20.00", "Z"]);
  });

  it("the shapes come round again from the fifth class on", () => {
    expect(drawn(4)).toEqual(drawn(0));
    expect(drawn(5)).toEqual(drawn(1));
    expect(drawn(7)).toEqual(drawn(3));
  });

  it("the legend names and shows each class's shape", () => {
    expect([0, 1, 2, 3, 4].map(markerShape)).toEqual(["circle", "square", "triangle", "diamond", "circle"]);
    expect([0, 1, 2, 3, 5].map(markerSymbol)).toEqual(["●", "■", "▲", "◆", "■"]);
  });

  it("links of negative weight are dashed, positive ones solid", () => {
    expect(linkDash(true)).toEqual([]);
    expect(linkDash(false)).toEqual([5, 3]);
  });
});

describe("the loss and gradient charts", () => {
  it("nice ticks are 1, 2 or 5 × a power of ten apart and cover the range", () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0, 10)).toEqual([0, 5, 10]);
    expect(niceTicks(-1, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0.13, 0.87)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(1, 2, 10)).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2]);
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(0, 28)).toEqual([0, 10, 20]);
    expect(niceTicks(0, 2.8)).toEqual([0, 1, 2]);
    expect(niceTicks(0, 4)).toEqual([0, 1, 2, 3, 4]);
    // 0.1 + 0.1 + 0.1 is a hair above 0.3: the last tick is still drawn.
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(0, Infinity)).toEqual([0]);
    expect(niceTicks(NaN, 1)).toEqual([NaN]);
  });

  it("a loss chart's range starts at 0, covers every finite value and gets room when flat or empty", () => {
    expect(chartRange([{ values: [1, 3] }, { values: [2, NaN, Infinity] }], false)).toEqual({ lo: 0, hi: 3 });
    expect(chartRange([{ values: [-2, 1] }], false)).toEqual({ lo: -2, hi: 1 });
    expect(chartRange([{ values: [0, 0] }], false)).toEqual({ lo: 0, hi: 0.5 });
    expect(chartRange([{ values: [-1, -1] }], false)).toEqual({ lo: -1, hi: -0.5 });
    expect(chartRange([], false)).toEqual({ lo: 0, hi: 1.5 });
  });

  it("a gradient chart is in whole decades of its positive values", () => {
    expect(chartRange([{ values: [0.01, 10] }], true)).toEqual({ lo: -2, hi: 1 });
    const r = chartRange([{ values: [0.05] }, { values: [0.5] }], true);
    expect([r.lo, r.hi + 0]).toEqual([-2, 0]);
    expect(chartRange([{ values: [0, -1, 100, NaN] }], true)).toEqual({ lo: 1, hi: 3 });
    expect(chartRange([{ values: [10, 10] }], true)).toEqual({ lo: 0, hi: 2 });
    expect(chartRange([], true)).toEqual({ lo: 0, hi: 2 });
  });

  it("decade ticks: every decade up to six, else every k-th from the lowest", () => {
    expect(chartTicks(-2, 1, true)).toEqual([-2, -1, 0, 1]);
    expect(chartTicks(-5, 0, true)).toEqual([-5, -4, -3, -2, -1, 0]);
    expect(chartTicks(-6, 0, true)).toEqual([-6, -4, -2, 0]);
    expect(chartTicks(-10, 2, true)).toEqual([-10, -7, -4, -1, 2]);
    expect(chartTicks(0, 10, false)).toEqual([0, 5, 10]);
  });

  it("long histories are thinned to about two points per pixel, the last point always drawn", () => {
    expect(sampleIndices(0, 100)).toEqual([]);
    expect(sampleIndices(1, 100)).toEqual([0]);
    expect(sampleIndices(5, 100)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleIndices(200, 100)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(sampleIndices(10, 2)).toEqual([0, 2, 4, 6, 8, 9]);
    const long = sampleIndices(1000, 100);
    expect(long.length).toBe(201);
    expect(long.slice(0, 3)).toEqual([0, 5, 10]);
    expect(long.slice(-2)).toEqual([995, 999]);
    expect(sampleIndices(12, 2).slice(-2)).toEqual([9, 11]);
  });

  it("the history grows by each snapshot's rows, a fresh setup starts it again", () => {
    const hist: History = { epochs: [], train: [], test: [], grads: [] };
    addRows(hist, { fresh: true, rows: [[0, 1, 2], [1, 0.5, 0.7]], grads: [[1, 2], [3, 4]] });
    expect(hist).toEqual({ epochs: [0, 1], train: [1, 0.5], test: [2, 0.7], grads: [[1, 3], [2, 4]] });
    addRows(hist, { fresh: false, rows: [[2, 0.4, 0.6]], grads: [[5, 6]] });
    expect(hist).toEqual({ epochs: [0, 1, 2], train: [1, 0.5, 0.4], test: [2, 0.7, 0.6], grads: [[1, 3, 5], [2, 4, 6]] });
    addRows(hist, { fresh: true, rows: [[7, 0.3, 0.2]], grads: [[8, 9]] });
    expect(hist).toEqual({ epochs: [7], train: [0.3], test: [0.2], grads: [[8], [9]] });
    addRows(hist, { fresh: true, rows: [], grads: [] });
    expect(hist).toEqual({ epochs: [], train: [], test: [], grads: [] });
  });
});

describe("the network diagram", () => {
  it("the thickest link stands for the largest |weight| of any layer", () => {
    expect(maxAbsWeight([{ w: [0.5, -2] }, { w: Float32Array.from([1]) }])).toBe(2);
    expect(maxAbsWeight([{ w: [3] }, { w: [-1, 0.5] }])).toBe(3);
    expect(maxAbsWeight([])).toBe(1e-6);
    expect(maxAbsWeight([{ w: [0, 0] }])).toBe(1e-6);
  });

  it("a link's colour follows its weight's sign and its width √(|w| / max)", () => {
    expect(linkPath(4, 4, 8)).toEqual({ positive: true, width: 7, index: 7 });
    expect(linkPath(-4, 4, 8)).toEqual({ positive: false, width: 7, index: 15 });
    expect(linkPath(1, 4, 8)).toEqual({ positive: true, width: 4, index: 4 });
    expect(linkPath(-1, 4, 8)).toEqual({ positive: false, width: 4, index: 12 });
    expect(linkPath(0, 4, 8)).toEqual({ positive: true, width: 0, index: 0 });
    expect(linkPath(-1e-9, 4, 8)).toEqual({ positive: false, width: 0, index: 8 });
    expect(linkPath(0.99, 4, 8).width).toBe(3);
  });

  it("the feature maps sample cell centres of the plane, top row first", () => {
    expect(Array.from(planeGrid(2, 6))).toEqual([-3, 3, 3, 3, -3, -3, 3, -3]);
    const g = planeGrid(24, 6);
    expect(g.length).toBe(2 * 24 * 24);
    expect([g[0], g[1]]).toEqual([-5.75, 5.75]);
    expect([g[g.length - 2], g[g.length - 1]]).toEqual([5.75, -5.75]);
  });
});

describe("the bar and the health table", () => {
  it("counts dead units over all hidden layers", () => {
    expect(deadCount([[true, false, true], [false]])).toEqual({ dead: 2, total: 4 });
    expect(deadCount([])).toEqual({ dead: 0, total: 0 });
  });

  it("the status: diverged first, then running, paused after epoch 0, else ready", () => {
    expect(runStatus({ diverged: "loss is NaN", playing: true, epoch: 5 })).toBe("diverged");
    expect(runStatus({ diverged: null, playing: true, epoch: 0 })).toBe("running");
    expect(runStatus({ diverged: null, playing: false, epoch: 3 })).toBe("paused");
    expect(runStatus({ diverged: null, playing: false, epoch: 0 })).toBe("ready");
  });

  it("one row per hidden layer: dead and saturated units, saturated %, mean α", () => {
    const rows = healthRows({
      dead: [[true, false], [false, false, false, false]],
      saturated: [[false, false], [true, true, true, false]],
      alpha: [null, [0.1, 0.5, 0.2, 0.4]],
    });
    expect(rows[0]).toEqual({ layer: 1, dead: 1, units: 2, saturated: 0, saturatedPct: 0, alpha: null });
    expect(rows[1]).toMatchObject({ layer: 2, dead: 0, units: 4, saturated: 3, saturatedPct: 75 });
    expect(rows[1].alpha).toBeCloseTo(0.3, 15);
  });
});

describe("the figures' text alternatives and data tables", () => {
  it("a data table keeps at most about max rows, evenly spaced, with the first and the last epoch", () => {
    expect(tableIndices(0, 200)).toEqual([]);
    expect(tableIndices(1, 200)).toEqual([0]);
    expect(tableIndices(5, 200)).toEqual([0, 1, 2, 3, 4]);
    expect(tableIndices(10, 5)).toEqual([0, 2, 4, 6, 8, 9]);
    expect(tableIndices(9, 3)).toEqual([0, 3, 6, 8]);
    expect(tableIndices(7, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("the loss chart's key numbers: the last losses and the lowest test loss with its epoch", () => {
    expect(lossKey([], [], [])).toBeNull();
    expect(lossKey([1, 2, 3, 4], [0.9, 0.5, 0.4, 0.3], [0.8, 0.45, 0.5, 0.6])).toEqual({ first: 1, last: 4, train: 0.3, test: 0.6, best: 0.45, bestEpoch: 2 });
    // A tie keeps the earlier epoch; the first epoch can be the best.
    expect(lossKey([5, 6, 7], [1, 1, 1], [0.2, 0.3, 0.2])).toMatchObject({ best: 0.2, bestEpoch: 5, first: 5, last: 7 });
  });

  // A 2×2 map of 3 classes, rows from the top: [class 2, class 0], [class 1, class 2].
  const probs = Float32Array.from([0.1, 0.2, 0.7, 0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.3, 0.3, 0.4]);

  it("the winning class of a cell and its probability", () => {
    expect(topClass(probs, 0, 3)).toEqual({ cls: 2, p: probs[2] });
    expect(topClass(probs, 1, 3)).toEqual({ cls: 0, p: probs[3] });
    expect(topClass(probs, 2, 3)).toEqual({ cls: 1, p: probs[7] });
    expect(topClass(Float32Array.from([0.5, 0.5]), 0, 2)).toEqual({ cls: 0, p: 0.5 });
  });

  it("the share of the plane each class wins", () => {
    expect(classShares(probs, 2, 3)).toEqual([0.25, 0.25, 0.5]);
    expect(classShares(Float32Array.from([0.9, 0.1]), 1, 2)).toEqual([1, 0]);
  });

  it("the prediction map as a table: cell centres on the plane, the top row first", () => {
    const pt = planeTable(probs, 2, 3, 6, 13);
    expect(pt.x1).toEqual([-3, 3]);
    expect(pt.rows.map((r) => r.x2)).toEqual([3, -3]);
    expect(pt.rows.map((r) => r.cells.map((c) => c.cls))).toEqual([[2, 0], [1, 2]]);
    // A 10×10 map read in 5×5 cells: cells 0, 2, 5, 7, 9 of each row and column, edge to edge.
    const big = new Float32Array(100).map((_, i) => i);
    const t5 = planeTable(big, 10, 1, 5, 5);
    expect(t5.x1).toEqual([-4.5, -2.5, 0.5, 2.5, 4.5]);
    expect(t5.rows.map((r) => r.x2)).toEqual([4.5, 2.5, -0.5, -2.5, -4.5]);
    expect(t5.rows[1].cells.map((c) => c.p)).toEqual([20, 22, 25, 27, 29]);
    expect(t5.rows[4].cells.map((c) => c.p)).toEqual([90, 92, 95, 97, 99]);
    // One cell asked for: the middle one.
    expect(planeTable(big, 10, 1, 5, 1)).toEqual({ x1: [0.5], rows: [{ x2: -0.5, cells: [{ cls: 0, p: 55 }] }] });
  });
});
