/**
 * diagnoseMlp on networks small enough to work out by hand: the gradient norms of a 1→2→2 ReLU net,
 * the dead and saturated counts at their thresholds (slope 0 everywhere; below 5 % of the largest
 * slope on ≥ 90 % of the rows) and when each warning appears.
 */
import { describe, expect, it } from "vitest";
import { Activation, Dense, PReLU, Sequential, type Layer } from "../../packages/actlab/src/nn/layers.js";
import { diagnoseMlp } from "../../packages/actlab/src/train/diagnostics.js";

function dense(inputs: number, outputs: number, w: number[], b: number[] = new Array(outputs).fill(0)): Dense {
  const d = new Dense(inputs, outputs);
  d.weight.value.set(w);
  d.bias.value.set(b);
  return d;
}

/**
 * x = rows [1], [2]; W1 = [1, −1] (unit 2 sees −x: ReLU kills it); W2 = [[c, 0], [0, 1]]; labels 0, 1.
 * Logits: row 1 [c, 0], row 2 [2c, 0]; p₁ = softmax(c, 0)₁ = a, p₂ = softmax(2c, 0)₁ = b; the mean
 * loss gives g = (p − onehot)/2: row 1 [(a−1)/2, (1−a)/2], row 2 [b/2, −b/2].
 * ∂L/∂W2 = hᵀg has one non-zero row, [s, −s] with s = (a−1)/2 + b: ‖∂L/∂W2‖ = √2·|s|.
 * ∂L/∂W1 = xᵀ(g·W2ᵀ ⊙ relu′) = [c·s, 0]: ‖∂L/∂W1‖ = c·|s|. The ratio is √2/c whatever a and b are.
 */
function reluNet(c: number) {
  const model = new Sequential([dense(1, 2, [1, -1]), new Activation("relu"), dense(2, 2, [c, 0, 0, 1])]);
  const a = Math.exp(c) / (Math.exp(c) + 1);
  const b = Math.exp(2 * c) / (Math.exp(2 * c) + 1);
  const s = (a - 1) / 2 + b;
  return { model, x: new Float64Array([1, 2]), labels: [0, 1], s };
}

describe("diagnoseMlp by hand", () => {
  it("gives each dense layer's ‖∂L/∂W‖_F and shape, one dead unit of two, and no warning", () => {
    const { model, x, labels, s } = reluNet(1);
    const d = diagnoseMlp(model, x, labels, 2);
    expect(d.layers).toHaveLength(2);
    expect(d.layers[0]).toMatchObject({ layer: 1, inputs: 1, units: 2, dead: 1, saturated: 0, hidden: true });
    expect(d.layers[1]).toMatchObject({ layer: 2, inputs: 2, units: 2, dead: 0, saturated: 0, hidden: false });
    expect(d.layers[0].gradNorm).toBeCloseTo(Math.abs(s), 12);
    expect(d.layers[1].gradNorm).toBeCloseTo(Math.SQRT2 * Math.abs(s), 12);
    // Half the units dead is not "most": no warning; the ratio √2 is far from 1000.
    expect(d.warnings).toEqual([]);
    // The gradients are zeroed again for the next training step.
    for (const p of model.params) expect(Array.from(p.grad)).toEqual(new Array(p.grad.length).fill(0));
  });

  it("warns of a vanishing gradient when layer 1's is ≥ 1000× smaller, with both norms and the ratio", () => {
    const { model, x, labels, s } = reluNet(1e-3);
    const d = diagnoseMlp(model, x, labels, 2);
    const first = 1e-3 * Math.abs(s);
    const last = Math.SQRT2 * Math.abs(s);
    expect(d.layers[0].gradNorm).toBeCloseTo(first, 15);
    expect(d.layers[1].gradNorm).toBeCloseTo(last, 12);
    // √2/1e-3 = 1414.2…, said with two significant digits.
    expect(d.warnings).toEqual([
      `vanishing gradient: layer 1's weight gradient (${first.toExponential(1)}) is 1400× smaller than the output layer's (${last.toExponential(1)}); ` +
        "saturating units pass little gradient back: try elu or leaky-relu, or fewer layers",
    ]);
    // A ratio of a million or more is written in scientific notation: √2/1e-7 = 1.4e+7.
    const far = reluNet(1e-7);
    expect(diagnoseMlp(far.model, far.x, far.labels, 2).warnings[0]).toMatch(/ is 1\.4e\+7× smaller /);
    // √2/2e-3 = 707: no warning.
    const near = reluNet(2e-3);
    expect(diagnoseMlp(near.model, near.x, near.labels, 2).warnings).toEqual([]);
  });

  it("a network without hidden layers never warns of a vanishing gradient, even with a zero gradient", () => {
    // x = 0: ∂L/∂W = xᵀg = 0 for the only (output) layer.
    const model = new Sequential([dense(1, 2, [1, -1])]);
    const d = diagnoseMlp(model, new Float64Array([0, 0]), [0, 1], 2);
    expect(d.layers).toEqual([{ layer: 1, inputs: 1, units: 2, gradNorm: 0, dead: 0, saturated: 0, hidden: false }]);
    expect(d.warnings).toEqual([]);
  });

  it("warns when more than half of a layer's units are dead, naming the layer", () => {
    // Units 2 and 3 of layer 2 see −h and −2h of a positive h: 2 of 3 dead; layer 1's one unit lives.
    const model = new Sequential([
      dense(1, 1, [1]),
      new Activation("relu"),
      dense(1, 3, [1, -1, -2]),
      new Activation("relu"),
      dense(3, 2, [1, 0, 0, 1, 1, 1]),
    ]);
    const d = diagnoseMlp(model, new Float64Array([1, 2, 3]), [0, 1, 1], 2);
    expect(d.layers.map((l) => [l.dead, l.saturated, l.hidden])).toEqual([[0, 0, true], [2, 0, true], [0, 0, false]]);
    expect(d.warnings).toEqual([
      "dead units: 2 of 3 units of layer 2 have slope 0 on every input and stop learning; try leaky-relu or elu, or a smaller learning rate",
    ]);
  });

  it("a unit with slope 0 on some rows only is neither dead nor (below 90 % of rows) saturated", () => {
    // Unit 1 sees x: rows −1, −2 flat, rows 1, 2 slope 1 (2 of 4 flat); unit 2 sees −x: the same.
    const model = new Sequential([dense(1, 2, [1, -1]), new Activation("relu"), dense(2, 2, [1, 0, 0, 1])]);
    const d = diagnoseMlp(model, new Float64Array([-1, -2, 1, 2]), [0, 0, 1, 1], 2);
    expect(d.layers[0]).toMatchObject({ dead: 0, saturated: 0 });
  });

  it("counts a sigmoid unit as saturated when σ′ < 5 % of ¼ on at least 90 % of the rows", () => {
    // σ′(10) = 4.5e-5 (flat), σ′(0) = ¼: 9 flat rows of 10 is saturated, 8 of 10 is not.
    const rows = (flat: number) => new Float64Array(10).map((_, i) => (i < flat ? 10 : 0));
    const net = () => new Sequential([dense(1, 1, [1]), new Activation("sigmoid"), dense(1, 2, [1, -1])]);
    const labels = new Array(10).fill(0);
    expect(diagnoseMlp(net(), rows(9), labels, 2).layers[0]).toMatchObject({ dead: 0, saturated: 1 });
    expect(diagnoseMlp(net(), rows(10), labels, 2).layers[0]).toMatchObject({ dead: 0, saturated: 1 });
    expect(diagnoseMlp(net(), rows(8), labels, 2).layers[0]).toMatchObject({ dead: 0, saturated: 0 });
    // tanh′(3) = 0.0099 < 5 % of 1 and tanh′(2) = 0.071 is not: the largest slope is the function's own.
    const tanhNet = () => new Sequential([dense(1, 1, [1]), new Activation("tanh"), dense(1, 2, [1, -1])]);
    expect(diagnoseMlp(tanhNet(), new Float64Array(10).fill(3), labels, 2).layers[0].saturated).toBe(1);
    expect(diagnoseMlp(tanhNet(), new Float64Array(10).fill(2), labels, 2).layers[0].saturated).toBe(0);
    // σ′(3.5) = 0.028: below 5 % of 1, not below 5 % of sigmoid's own largest slope ¼ (0.0125).
    const sigNet = () => new Sequential([dense(1, 1, [1]), new Activation("sigmoid"), dense(1, 2, [1, -1])]);
    expect(diagnoseMlp(sigNet(), new Float64Array(10).fill(3.5), labels, 2).layers[0].saturated).toBe(0);
  });

  it("a slope of exactly 5 % of the largest is not below it: leaky ReLU with α = 0.05 against α = 0.04", () => {
    const net = (alpha: number) => new Sequential([dense(1, 2, [1, 1]), new Activation("leaky-relu", { alpha }), dense(2, 2, [1, 0, 0, 1])]);
    const x = new Float64Array([-1, -2, -3]);
    expect(diagnoseMlp(net(0.05), x, [0, 1, 0], 2).layers[0]).toMatchObject({ dead: 0, saturated: 0 });
    expect(diagnoseMlp(net(0.04), x, [0, 1, 0], 2).layers[0]).toMatchObject({ dead: 0, saturated: 2 });
  });

  it("a PReLU layer's units use their own α: α = 0 on negative inputs is dead, α = 0.01 saturated, α = 0.25 neither", () => {
    const act = new PReLU(3, { perUnit: true });
    act.alpha.value.set([0, 0.01, 0.25]);
    const layers: Layer[] = [dense(1, 3, [1, 1, 1]), act, dense(3, 2, [1, 0, 0, 1, 1, 1])];
    const d = diagnoseMlp(new Sequential(layers), new Float64Array([-1, -2]), [0, 1], 2);
    expect(d.layers[0]).toMatchObject({ units: 3, dead: 1, saturated: 1, hidden: true });
    expect(d.warnings).toEqual([]);
  });
});
