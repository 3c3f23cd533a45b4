/** renderChart: charts of the experiments drawn to PNG, checked by their pixels. */
import * as Plot from "@observablehq/plot";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { nodeDocument, svgToPng } from "../../packages/cli/src/render-node.js";
import type { ChartSpec } from "../../packages/actlab/src/plot/chart.js";
import { logTickText, renderChart } from "../../packages/cli/src/render/render-chart.js";

function pixels(spec: ChartSpec, lang: "en" | "zh" = "en") {
  const svg = renderChart(spec, nodeDocument(), { lang }).outerHTML;
  const png = PNG.sync.read(svgToPng(svg));
  const at = (x: number, y: number) => {
    const i = 4 * (y * png.width + x);
    return [png.data[i], png.data[i + 1], png.data[i + 2]];
  };
  return { svg, png, at };
}

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const rgb = (c: string) => (c.startsWith("#") ? hex(c) : (/rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(c) ?? []).slice(1).map(Number));
const near = (a: number[], b: number[], tol = 6) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

/** The pixels of one colour: how many, and their centroid. */
function find(p: ReturnType<typeof pixels>, color: number[], tol = 6) {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < p.png.height; y++) {
    for (let x = 0; x < p.png.width; x++) {
      if (near(p.at(x, y), color, tol)) (n++, (sx += x), (sy += y));
    }
  }
  return { n, x: sx / n, y: sy / n };
}

describe("renderChart", () => {
  it("renderChart(spec with a log y axis) draws a power law as a straight line", () => {
    // y = 10^(−x): straight on a log axis, a hockey stick on a linear one.
    const points = Array.from({ length: 41 }, (_, i) => ({ x: i / 4, y: 10 ** -(i / 4) }));
    const spec: ChartSpec = {
      kind: "chart",
      id: "log",
      title: { en: "Power law", zh: "幂律" },
      x: { label: { en: "x", zh: "x" } },
      y: { label: { en: "y", zh: "y" }, log: true },
      series: [{ name: "sigmoid", id: "sigmoid", points }],
      width: 640,
      height: 400,
    };
    const p = pixels(spec);
    expect(p.svg).toContain(logTickText(1e-6));
    expect(logTickText(1e-6)).toBe("10⁻⁶");
    const blue = hex("#0072B2");
    // For each pixel column the mean row of the line's colour, left of the legend swatches' rows.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let x = 0; x < p.png.width; x++) {
      let n = 0;
      let s = 0;
      for (let y = 70; y < p.png.height; y++) if (near(p.at(x, y), blue, 30)) (n++, (s += y));
      if (n) xs.push(x), ys.push(s / n);
    }
    expect(xs.length).toBeGreaterThan(400);
    // Least squares: a straight line leaves residuals of a pixel or two.
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) (sxy += (xs[i] - mx) * (ys[i] - my)), (sxx += (xs[i] - mx) ** 2);
    const slope = sxy / sxx;
    const worst = Math.max(...xs.map((x, i) => Math.abs(ys[i] - (my + slope * (x - mx)))));
    expect(slope).toBeGreaterThan(0.4); // falls steadily across the plot (y grows downwards)
    expect(worst).toBeLessThan(3);
  });

  it("renderChart(spec with a band) shades the range around the median", () => {
    const points = Array.from({ length: 11 }, (_, i) => ({ x: i, y: 1, lo: 0.5, hi: 1.5 }));
    const spec: ChartSpec = { kind: "chart", id: "band", title: { en: "Band", zh: "带" }, x: { label: { en: "x", zh: "x" } }, y: { label: { en: "y", zh: "y" }, domain: [0, 2] }, series: [{ name: "relu", id: "relu", points }], width: 500, height: 360 };
    const p = pixels(spec);
    // The band is the series colour at low opacity over white: a pale green, above and below the line.
    const green = hex("#009E73");
    const pale = green.map((c) => Math.round(255 + 0.16 * (c - 255)));
    const band = find(p, pale, 4);
    const line = find(p, green, 10);
    expect(band.n).toBeGreaterThan(20000);
    expect(Math.abs(band.y - line.y)).toBeLessThan(15);
  });

  it("renderChart(spec with a sequential heat map) colours cells by value, rows going up with y, NaN grey", () => {
    const spec: ChartSpec = {
      kind: "chart",
      id: "heat",
      title: { en: "P(born dead)", zh: "初始即死的概率" },
      x: { label: { en: "width", zh: "宽度" } },
      y: { label: { en: "depth", zh: "深度" } },
      series: [],
      // values[row][col] at (xs[col], ys[row]): the 1 sits at width 5, depth 10 (bottom right).
      heatmap: { xs: [2, 5], ys: [10, 50], values: [[0, 1], [NaN, 0.5]], label: { en: "P", zh: "P" }, scheme: "sequential" },
      width: 520,
      height: 440,
    };
    const p = pixels(spec, "zh");
    const scale = Plot.scale({ color: { type: "linear", scheme: "YlGnBu", domain: [0, 1] } });
    const top = find(p, rgb(String(scale.apply(1))));
    const zero = find(p, rgb(String(scale.apply(0))), 3);
    const half = find(p, rgb(String(scale.apply(0.5))));
    const missing = find(p, [0xe6, 0xe6, 0xe6], 1);
    for (const c of [top, zero, half, missing]) expect(c.n).toBeGreaterThan(5000);
    // Bottom row: depth 10 (0 then 1); top row: depth 50 (missing then 0.5).
    expect(top.x).toBeGreaterThan(zero.x);
    expect(Math.abs(top.y - zero.y)).toBeLessThan(10);
    expect(missing.y).toBeLessThan(zero.y);
    expect(half.x).toBeGreaterThan(missing.x);
    expect(p.svg).toContain("初始即死的概率");
  });

  it("renderChart(spec with a diverging heat map) centres the colours on 0: red above, blue below", () => {
    const spec: ChartSpec = {
      kind: "chart",
      id: "div",
      title: { en: "Centred", zh: "居中" },
      x: { label: { en: "x", zh: "x" } },
      y: { label: { en: "y", zh: "y" } },
      series: [],
      heatmap: { xs: [1, 2, 3], ys: [1], values: [[-2, 0, 1]], label: { en: "v", zh: "v" }, scheme: "diverging" },
      width: 480,
      height: 300,
    };
    const p = pixels(spec);
    const cells = [0.2, 0.5, 0.8].map((f) => p.at(Math.round(64 + f * (480 - 64 - 24)), Math.round(p.png.height - 46 - 30)));
    const [neg, mid, pos] = cells;
    expect(neg[2]).toBeGreaterThan(neg[0] + 80); // strongly blue
    expect(Math.max(...mid) - Math.min(...mid)).toBeLessThan(20); // near white at 0
    expect(pos[0]).toBeGreaterThan(pos[2] + 30); // red, paler than the blue end (|1| < |−2|)
    const ink = (c: number[]) => c.reduce((s, v) => s + (255 - v), 0);
    expect(ink(pos)).toBeLessThan(ink(neg));
  });

  it("renderChart: series of one group share a colour; a bilingual label is the legend in each language", () => {
    const line = (y: number) => [0, 1, 2].map((x) => ({ x, y }));
    const spec: ChartSpec = {
      kind: "chart",
      id: "group",
      title: { en: "groups", zh: "分组" },
      x: { label: { en: "x", zh: "x" } },
      y: { label: { en: "y", zh: "y" } },
      series: [
        { name: "a", group: "g", points: line(1) },
        { name: "b", points: line(2) },
        { name: "a formula", label: { en: "a, formula", zh: "a，公式" }, group: "g", dash: "4 3", points: line(3) },
      ],
      width: 400,
      height: 300,
    };
    const svg = renderChart(spec, nodeDocument(), { lang: "zh" });
    const strokes = Array.from(svg.querySelectorAll("path[stroke], g[stroke]"))
      .map((e) => e.getAttribute("stroke"))
      .filter((c): c is string => !!c && c.startsWith("#") && c !== "#222");
    const palette = [...new Set(strokes)];
    // Two colours, not three: the formula line takes its group's colour.
    expect(palette.length).toBe(2);
    const texts = Array.from(svg.querySelectorAll("text")).map((t) => t.textContent);
    expect(texts).toContain("a，公式");
    expect(texts).not.toContain("a formula");
    const en = Array.from(renderChart(spec, nodeDocument(), { lang: "en" }).querySelectorAll("text")).map((t) => t.textContent);
    expect(en).toContain("a, formula");
  });

  it("renderChart(x axis with worded ticks) labels exactly those ticks, in the chart's language, and dots draw no line", () => {
    const spec: ChartSpec = {
      kind: "chart",
      id: "words",
      title: { en: "per function", zh: "每个函数" },
      x: { label: { en: "function", zh: "函数" }, ticks: ["relu", "sigmoid", "tanh"].map((id, k) => ({ value: k, label: { en: id, zh: `函数 ${id}` } })) },
      y: { label: { en: "y", zh: "y" } },
      series: [{ name: "v", dots: true, points: [0, 1, 2].map((x) => ({ x, y: x + 1, lo: x + 0.5, hi: x + 1.5 })) }],
      width: 400,
      height: 300,
    };
    const svg = renderChart(spec, nodeDocument(), { lang: "zh" });
    const texts = Array.from(svg.querySelectorAll("text")).map((t) => t.textContent);
    for (const id of ["relu", "sigmoid", "tanh"]) expect(texts).toContain(`函数 ${id}`);
    // No numeric x ticks such as 0.5 between the words.
    expect(texts).not.toContain("0.5");
    // Dots and error bars, but no line through the three values.
    expect(svg.querySelectorAll("circle").length).toBeGreaterThanOrEqual(3);
    expect(Array.from(svg.querySelectorAll("path")).some((p) => /^M[^M]*L[^M]*L/.test(p.getAttribute("d") ?? "") && p.getAttribute("fill") === "none" && p.getAttribute("stroke-width") === "2")).toBe(false);
  });
});
