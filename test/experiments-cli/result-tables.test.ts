/**
 * The tables of the report and the lab (actlab-cli/render): quantities as functions × labelled
 * columns with median [interval] and ✕k/n, the comparison table with the article's ✓/✗ and
 * whether the measurement agrees, every symbol explained; the diverged marker in figures.
 */
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { TABLE_COLUMNS } from "../../packages/actlab/src/experiments/index.js";
import type { ExperimentResult, Summary, TableCell, Verdict } from "../../packages/actlab/src/experiments/types.js";
import type { ChartSpec } from "../../packages/actlab/src/plot/chart.js";
import { nodeDocument, svgToPng } from "../../packages/cli/src/render-node.js";
import { DIVERGED_LEGEND, renderChart } from "../../packages/cli/src/render/render-chart.js";
import { agreementOf, measuredTable, TABLE_LEGEND, VERDICT_WORDS } from "../../packages/cli/src/render/report-table.js";
import { quantityTables, statCell, statNumber } from "../../packages/cli/src/render/result-tables.js";

const s = (median: number, lo: number, hi: number, n = 10, diverged = 0): Summary => ({ median, ci: [lo, hi], min: lo, max: hi, n, diverged });
const cell = (median: number, verdict?: Verdict): TableCell => ({ ...s(median, median * 0.9, median * 1.1), ...(verdict ? { verdict } : {}) });

/** A hand-made result in the new contract: per-function and per-(function, lr) rows. */
const deadUnits = {
  id: "dead-units",
  summary: {
    "relu@lr1.deadShare": s(0.31, 0.22, 0.4, 8, 2),
    "relu@lr1.accuracy": s(0.84, 0.8, 0.9, 8, 2),
    "leaky-relu@lr1.deadShare": s(0, 0, 0),
    "leaky-relu@lr1.accuracy": s(0.9, 0.88, 0.92),
    "elu@lr1.deadShare": s(NaN, NaN, NaN, 0, 10),
    "elu@lr1.accuracy": s(NaN, NaN, NaN, 0, 10),
    "relu.layer1.revived": s(0.05, 0.01, 0.09),
  },
  quantities: {
    deadShare: { label: { en: "dead share (f′ = 0 on every input)", zh: "死单元比例（所有输入上 f′ = 0）" }, unit: { en: "%", zh: "%" } },
    accuracy: { label: { en: "test accuracy", zh: "测试准确率" } },
    revived: { label: { en: "revived units", zh: "复活的单元" } },
  },
  rows: { "relu@lr1": { en: "ReLU, lr 1", zh: "ReLU，学习率 1" }, "leaky-relu@lr1": { en: "leaky ReLU, lr 1", zh: "Leaky ReLU，学习率 1" }, "elu@lr1": { en: "ELU, lr 1", zh: "ELU，学习率 1" } },
} as unknown as ExperimentResult;

describe("quantity tables", () => {
  it("statNumber and statCell: three significant digits, the interval in brackets, ✕k/n for diverged seeds, — for none finished", () => {
    expect(statNumber(0.96123)).toBe("0.961");
    expect(statNumber(-2.5e-7)).toBe("−2.50e−7");
    expect(statCell(s(0.96, 0.81, 1.12))).toBe("0.96 [0.81, 1.12]");
    expect(statCell(s(0.31, 0.22, 0.4, 8, 2))).toBe("0.31 [0.22, 0.4] ✕2/10");
    expect(statCell(s(NaN, NaN, NaN, 0, 10))).toBe("— ✕10/10");
    // After plain JSON a NaN is null; in results.json it is "NaN": both are "—".
    expect(statCell(JSON.parse('{"median":null,"ci":[null,null],"n":0,"diverged":3}'))).toBe("— ✕3/3");
    expect(statCell({ median: "NaN", ci: ["NaN", "NaN"], n: 0, diverged: 3 } as unknown as Summary)).toBe("— ✕3/3");
    // An older result (a bare number, or a summary without an interval) still shows its median.
    expect(statCell(0.5)).toBe("0.5");
    expect(statCell({ median: 2, min: 1, max: 3 } as unknown as Summary)).toBe("2");
  });

  it("quantityTables: rows labelled by `rows` or the function's name, columns by label and unit, no internal key anywhere", () => {
    const [main, layers] = quantityTables(deadUnits, "en");
    expect(main.columns.map((c) => c.heading)).toEqual(["dead share (f′ = 0 on every input; %)", "test accuracy"]);
    expect(main.rows.map((r) => r.label)).toEqual(["ReLU, lr 1", "leaky ReLU, lr 1", "ELU, lr 1"]);
    // Rows that are not plain functions get no "function" heading.
    expect(main.rowHeading).toBe("");
    expect(main.rows.map((r) => r.cells.map((c) => c?.text))).toEqual([
      ["0.31 [0.22, 0.4] ✕2/10", "0.84 [0.8, 0.9] ✕2/10"],
      ["0 [0, 0]", "0.9 [0.88, 0.92]"],
      ["— ✕10/10", "— ✕10/10"],
    ]);
    expect(main.rows[0].cells[0]?.diverged).toBe(2);
    // "relu.layer1.revived": the quantity is after the last ".", the row is "relu.layer1" (a table of its own).
    expect(layers.columns.map((c) => c.heading)).toEqual(["revived units"]);
    expect(layers.rows.map((r) => r.key)).toEqual(["relu.layer1"]);
    const zh = quantityTables(deadUnits, "zh");
    expect(zh[0].columns[0].heading).toBe("死单元比例（所有输入上 f′ = 0；%）");
    expect(zh[0].rows[0].label).toBe("ReLU，学习率 1");
    const all = JSON.stringify([quantityTables(deadUnits, "en"), zh].map((ts) => ts.map((t) => [t.columns.map((c) => c.heading), t.rows.map((r) => r.label)])));
    expect(all).not.toMatch(/deadShare|"accuracy"|relu@lr1|revived"/);
  });

  it("a row that measures only some of a table's quantities joins that table, its other cells empty", () => {
    const cell = { median: 1, ci: [1, 1], min: 1, max: 1, n: 3, diverged: 0 };
    const r = {
      summary: { "sigmoid.ratio": cell, "sigmoid.vsRelu": cell, "relu.ratio": cell, "tanh.ratio": cell, "tanh.vsRelu": cell, "relu.layer1.revived": cell },
      quantities: { ratio: { label: { en: "ratio", zh: "比值" } }, vsRelu: { label: { en: "÷ ReLU (paired)", zh: "÷ ReLU（配对）" }, unit: { en: "×", zh: "倍" } }, revived: { label: { en: "revived", zh: "复活" } } },
    } as unknown as Parameters<typeof quantityTables>[0];
    const [main, other] = quantityTables(r, "en");
    expect(main.rows.map((x) => x.key)).toEqual(["sigmoid", "relu", "tanh"]);
    expect(main.rows[1].cells.map((c) => c?.text)).toEqual(["1 [1, 1]", undefined]);
    expect(main.columns.map((c) => c.heading)).toEqual(["ratio", "÷ ReLU (paired; ×)"]);
    expect(quantityTables(r, "zh")[0].columns[1].heading).toBe("÷ ReLU（配对；倍）");
    expect(other.rows.map((x) => x.key)).toEqual(["relu.layer1"]);
  });

  it("quantityTables: a function id row takes the function's name; a quantity without a label falls back to its key", () => {
    const r = { summary: { "sigmoid.gradRatio": s(1e-5, 5e-6, 2e-5), "selu.mystery": s(1, 1, 1) }, quantities: { gradRatio: { label: { en: "gradient ratio", zh: "梯度比" }, unit: { en: "×", zh: "×" } } } } as unknown as ExperimentResult;
    const ts = quantityTables(r, "en");
    expect(ts[0].rows[0].label).toBe("Sigmoid");
    expect(ts[0].rowHeading).toBe("function");
    expect(quantityTables(r, "zh")[0].rowHeading).toBe("函数");
    expect(ts[0].columns[0].heading).toBe("gradient ratio (×)");
    expect(ts[1].columns[0].heading).toBe("mystery");
  });
});

describe("the comparison table", () => {
  it("VERDICT_WORDS has the four verdicts in both languages", () => {
    expect(VERDICT_WORDS.inconclusive).toEqual({ en: "inconclusive at this scale", zh: "在此规模下无法判定" });
    expect(Object.keys(VERDICT_WORDS).sort()).toEqual(["does-not-hold", "holds", "inconclusive", "mixed"]);
  });

  it("agreementOf: holds agrees, does-not-hold contradicts, anything else is inconclusive", () => {
    expect(agreementOf("holds")).toBe("agrees");
    expect(agreementOf("does-not-hold")).toBe("contradicts");
    expect(agreementOf("inconclusive")).toBe("inconclusive");
    expect(agreementOf("mixed")).toBe("inconclusive");
    expect(agreementOf(undefined)).toBe("inconclusive");
  });

  it("every TABLE_COLUMNS key lands in the column that carries the article's statements about it", () => {
    const results = [...new Set(TABLE_COLUMNS.map((c) => c.experiment))].map((id) => ({
      id,
      table: { sigmoid: Object.fromEntries(TABLE_COLUMNS.filter((c) => c.experiment === id).map((c) => [c.key, cell(1, "holds")])), relu: Object.fromEntries(TABLE_COLUMNS.filter((c) => c.experiment === id).map((c) => [c.key, cell(1, "does-not-hold")])) },
    })) as unknown as ExperimentResult[];
    const t = measuredTable(results, "en", TABLE_COLUMNS);
    expect(t.columns.map((c) => c.key)).toEqual(TABLE_COLUMNS.map((c) => c.key));
    const relu = t.rows.find((r) => r.id === "relu");
    const quote = (key: string) => relu?.cells[t.columns.findIndex((c) => c.key === key)].quote;
    // Both gradient ratios judge the article's vanishing-gradient statement.
    expect(quote("gradientRatio")).toBe("解决了梯度消失问题");
    expect(quote("deltaRatio")).toBe("解决了梯度消失问题");
    expect(quote("deadShare")).toBe("存在Dead Relu问题");
    expect(quote("updatesVsRelu")).toBe("收敛速度快");
    expect(quote("meanActivation")).toBe("Relu函数的输出也不是以0为均值的函数");
    expect(quote("costKernelVsRelu")).toBe("计算速度非常快");
    const sigmoid = t.rows.find((r) => r.id === "sigmoid");
    expect(sigmoid?.cells[t.columns.findIndex((c) => c.key === "deltaRatio")].quote).toBe("容易梯度消失");
    expect(t.columns.find((c) => c.key === "deadShare")?.label).toBe("dead share (f′ = 0), highest surviving lr");
  });

  it("cells show the median with its interval, the article's mark and =, ≠ or ? beside it; – ✓ where nothing was measured", () => {
    const results = [
      { id: "gradient-flow", table: { sigmoid: { deltaRatio: cell(2e-5, "holds") }, tanh: { deltaRatio: cell(0.5, "does-not-hold") }, relu: { deltaRatio: { ...s(0.9, 0.5, 1.3, 6, 4), verdict: "inconclusive" } } } },
      { id: "dead-units", table: { elu: { deadShare: cell(0, "holds") } } },
    ] as unknown as ExperimentResult[];
    const t = measuredTable(results, "en", TABLE_COLUMNS);
    const at = (fn: string, key: string) => t.rows.find((r) => r.id === fn)?.cells[t.columns.findIndex((c) => c.key === key)];
    expect(at("sigmoid", "deltaRatio")).toMatchObject({ text: "2.00e−5 [1.80e−5, 2.20e−5]", mark: "✗", agreement: "agrees", markText: "✗ =" });
    expect(at("tanh", "deltaRatio")).toMatchObject({ mark: "✗", agreement: "contradicts", markText: "✗ ≠" });
    expect(at("relu", "deltaRatio")).toMatchObject({ text: "0.9 [0.5, 1.3] ✕4/10", mark: "✓", agreement: "inconclusive", markText: "✓ ?" });
    // ReLU has a statement on dead units but was not measured there: "–" beside the mark, no agreement.
    expect(at("relu", "deadShare")).toMatchObject({ text: "–", mark: "✗", markText: "✗" });
    expect(at("relu", "deadShare")?.agreement).toBeUndefined();
    // A function the article says nothing about in that column: the number alone.
    expect(at("elu", "deltaRatio")).toEqual({ text: "" });
  });

  it("the legend explains every symbol a cell can carry, in both languages", () => {
    for (const sym of ["✓", "✗", "=", "≠", "?", "✕k/n", "– ✓, – ✗"]) expect(TABLE_LEGEND.map((l) => l.symbol)).toContain(sym);
    for (const l of TABLE_LEGEND) {
      expect(l.en.length).toBeGreaterThan(10);
      expect(l.zh).toMatch(/[\u4e00-\u9fff]/);
      // Chinese for Chinese readers: full-width brackets, no English words.
      expect(l.zh).not.toMatch(/[()]|[A-Za-z]{3,}/);
    }
  });
});

describe("diverged seeds in figures", () => {
  const spec = (diverged: number | undefined): ChartSpec => ({
    kind: "chart",
    id: "d",
    title: { en: "t", zh: "t" },
    x: { label: { en: "x", zh: "x" } },
    y: { label: { en: "y", zh: "y" } },
    series: [{ name: "elu", id: "elu", points: [0, 1, 2, 3].map((x) => ({ x, y: x, ...(x === 2 && diverged ? { diverged } : {}) })) }],
    width: 400,
    height: 300,
  });

  it("a point whose seeds diverged gets a red ring with its count, and the legend says what the ring means", () => {
    for (const lang of ["en", "zh"] as const) {
      const svg = renderChart(spec(3), nodeDocument(), { lang }).outerHTML;
      expect(svg).toContain(DIVERGED_LEGEND[lang]);
      expect(svg).toContain(">✕3<");
    }
    const plain = renderChart(spec(undefined), nodeDocument(), { lang: "en" }).outerHTML;
    expect(plain).not.toContain("diverged");
    expect(plain).not.toContain("#d00000");
    // The ring is drawn: red pixels only when a point diverged.
    const red = (svg: string) => {
      const png = PNG.sync.read(svgToPng(svg));
      let n = 0;
      for (let i = 0; i < png.data.length; i += 4) if (png.data[i] > 180 && png.data[i + 1] < 60 && png.data[i + 2] < 60) n++;
      return n;
    };
    expect(red(renderChart(spec(3), nodeDocument(), { lang: "en" }).outerHTML)).toBeGreaterThan(60);
    expect(red(plain)).toBe(0);
  });
});
