// Text alternatives of figures (issue 26): the SVGs the CLI writes carry a <title> and a <desc>
// that say what the figure shows, and the figure's data comes as a table.
import { describe, expect, it } from "vitest";
import type { ChartSpec } from "../../packages/actlab/src/plot/chart.js";
import { functionFigure, thumbnailFigure } from "../../packages/actlab/src/plot/index.js";
import { getActivation } from "../../packages/actlab/src/activations/registry.js";
import { chartData, chartText, figureData, figureText, renderChart, renderFigure, spoken } from "../../packages/cli/src/render/index.js";
import { figureSvg, nodeDocument } from "../../packages/cli/src/render-node.js";

const chart: ChartSpec = {
  kind: "chart",
  id: "loss",
  title: { en: "Training loss", zh: "训练损失" },
  x: { label: { en: "epoch", zh: "轮次" } },
  y: { label: { en: "loss", zh: "损失" }, log: true },
  series: [
    { name: "relu", points: [{ x: 0, y: 2 }, { x: 5, y: 0.8 }, { x: 10, y: 0.25 }] },
    { name: "tanh", label: { en: "tanh net", zh: "tanh 网络" }, points: [{ x: 0, y: 2 }, { x: 5, y: 3 }, { x: 10, y: 1 }] },
  ],
  rules: [{ y: 1, label: { en: "chance", zh: "随机水平" } }],
  width: 600,
  height: 400,
};

describe("figure text alternatives", () => {
  it("the sigmoid figure says where f′ peaks, in both languages", () => {
    const en = figureText(functionFigure("sigmoid"));
    expect(en.title).toBe("Sigmoid");
    expect(en.desc).toContain("x ∈ [−10, 10]");
    expect(en.desc).toContain("f′(x): from");
    expect(en.desc).toContain("peaks at 0.25 at x = 0");
    expect(en.desc).toContain(`f(x): rises from ${spoken(getActivation("sigmoid").f(-10, {}))} to 1`);
    const zh = figureText(functionFigure("sigmoid", { lang: "zh" }));
    expect(zh.desc).toContain("在 x = 0 处达到最大值 0.25");
    expect(zh.desc).toMatch(/。$/);
    expect(zh.desc).not.toMatch(/ [（，。；：]/);
  });

  it("the SVG the CLI writes has role=img, <title> and <desc> first, and no aria-label on plain groups", () => {
    const svg = figureSvg(functionFigure("relu"));
    const t = figureText(functionFigure("relu"));
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain(`<title>${t.title}</title><desc>${t.desc}</desc>`);
    expect(svg).not.toMatch(/<g [^>]*aria-label=/);
    expect(svg).toContain('data-mark="line"');
    const el = renderFigure(thumbnailFigure("tanh"), nodeDocument());
    expect(el.firstElementChild?.tagName.toLowerCase()).toBe("title");
    expect(el.querySelector("desc")?.textContent).toBe(figureText(thumbnailFigure("tanh")).desc);
  });

  it("the data table holds x = 0 and the values of each curve", () => {
    const t = figureData(functionFigure("relu"), 5);
    expect(t.columns).toEqual(["x", "f(x)", "f′(x)"]);
    expect(t.rows).toEqual([
      ["−10", "0", "0"],
      ["−5", "0", "0"],
      ["0", "0", "1"],
      ["5", "5", "1"],
      ["10", "10", "1"],
    ]);
  });

  it("a chart's text names axes, lines and rules; its data is one row per x", () => {
    const en = chartText(chart, "en");
    expect(en.desc).toBe("Training loss. x: epoch, from 0 to 10; y: loss (log scale). relu: falls from 2 to 0.25; tanh net: from 2 to 1, peaks at 3 at x = 5; reference line at y = 1 (chance).");
    const zh = chartText(chart, "zh");
    expect(zh.desc).toBe("训练损失。x：轮次，从 0 到 10；y：损失（对数刻度）。relu：从 2 降到 0.25；tanh 网络：从 2 到 1，在 x = 5 处达到最大值 3；参考线 y = 1（随机水平）。");
    expect(chartData(chart, "en")).toEqual({ columns: ["epoch", "relu", "tanh net"], rows: [["0", "2", "2"], ["5", "0.8", "3"], ["10", "0.25", "1"]] });
    const svg = renderChart(chart, nodeDocument(), { lang: "zh" });
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.querySelector("title")?.textContent).toBe("训练损失");
    expect(svg.querySelector("desc")?.textContent).toBe(zh.desc);
    expect(svg.querySelectorAll("g[aria-label]").length).toBe(0);
  });

  it("a heat map's text gives the range of its values", () => {
    const hm: ChartSpec = { ...chart, series: [], rules: [], heatmap: { xs: [1, 2], ys: [0.1, 0.2], values: [[0.5, NaN], [1.5, -0.25]], label: { en: "accuracy", zh: "准确率" }, scheme: "sequential" } };
    expect(chartText(hm, "en").desc).toContain("heat map of accuracy, values from −0.25 to 1.5");
    expect(chartData(hm, "en").rows).toEqual([["0.1", "0.5", "NaN"], ["0.2", "1.5", "−0.25"]]);
  });
});
