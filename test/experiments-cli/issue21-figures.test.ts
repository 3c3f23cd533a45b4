/** Issue 21 item 9: the gradient-flow figures count layers in whole numbers and draw every function run. */
import { describe, expect, it } from "vitest";
import { getExperiment } from "../../packages/actlab/src/experiments/index.js";
import type { ChartSpec } from "../../packages/actlab/src/plot/chart.js";
import { nodeDocument } from "../../packages/cli/src/render-node.js";
import { integerTicks, renderChart } from "../../packages/cli/src/render/render-chart.js";

/** The texts of the x axis's ticks of a rendered chart (Plot's axis mark "x-axis tick label"). */
function xTickTexts(spec: ChartSpec): string[] {
  const svg = renderChart(spec, nodeDocument(), { lang: "en" });
  const axis = svg.querySelector('[data-mark="x-axis tick label"]');
  return Array.from(axis?.querySelectorAll("text") ?? []).map((t) => t.textContent ?? "");
}

describe("whole-number axes", () => {
  it("integerTicks: every integer when they fit, else multiples of 2, 5, 10, 20 …", () => {
    expect(integerTicks(1, 3, 6)).toEqual([1, 2, 3]);
    expect(integerTicks(1, 2, 3)).toEqual([1, 2]);
    expect(integerTicks(1, 20, 5)).toEqual([5, 10, 15, 20]);
    expect(integerTicks(1, 20, 10)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(integerTicks(1, 500, 6)).toEqual([100, 200, 300, 400, 500]);
    expect(integerTicks(0.5, 3.5, 9)).toEqual([1, 2, 3]);
    expect(integerTicks(3, 1, 9), "either order").toEqual([1, 2, 3]);
    expect(integerTicks(1.2, 1.8, 4), "no integer inside").toEqual([]);
    expect(integerTicks(NaN, 3, 4)).toEqual([]);
    expect(integerTicks(4, 4, 0)).toEqual([4]);
  });

  it("a chart of 2 or 3 hidden layers has ticks 1, 2(, 3), none between", () => {
    for (const depth of [2, 3]) {
      const layers = Array.from({ length: depth }, (_, i) => i + 1);
      const spec: ChartSpec = {
        kind: "chart",
        id: "t",
        title: { en: "t", zh: "t" },
        x: { label: { en: "hidden layer", zh: "隐藏层" }, integer: true },
        y: { label: { en: "y", zh: "y" }, log: true },
        series: [{ name: "relu", points: layers.map((x) => ({ x, y: 10 ** -x })) }],
        width: 640,
        height: 360,
      };
      expect(xTickTexts(spec)).toEqual(layers.map(String));
      const without = xTickTexts({ ...spec, x: { label: spec.x.label } });
      expect(without.some((t) => !/^\d+$/.test(t)), `Plot's own ticks, the fault this fixes: ${without.join(" ")}`).toBe(true);
    }
  });
});

describe("gradient-flow's figures", () => {
  it("the per-layer figures have one line (and legend entry) per function run, on a whole-number layer axis", async () => {
    const functions = ["relu", "gelu", "mish", "softsign", "tanh"];
    const r = await getExperiment("gradient-flow").run({ depth: 3, width: 4, batch: 8, functions: functions.join(","), "train-steps": 0, "sigmoid-gain": 0 }, { seeds: 1 });
    const perLayer = r.figures.filter((f) => f.kind === "chart" && f.id !== "gradient-flow-ratio") as ChartSpec[];
    expect(perLayer.map((f) => f.id)).toEqual(["gradient-flow-delta", "gradient-flow-grad", "gradient-flow-std"]);
    for (const f of perLayer) {
      expect(f.series.map((s) => s.id)).toEqual(functions);
      expect(f.x.integer).toBe(true);
      const svg = renderChart(f, nodeDocument(), { lang: "en" }).outerHTML;
      for (const id of functions) expect(svg).toContain(`>${id} (`);
      expect(xTickTexts(f)).toEqual(["1", "2", "3"]);
    }
  });
});
