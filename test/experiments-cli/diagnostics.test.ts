/** diagnoseMlp and `actlab train mlp --diagnostics`: gradient norms, dead and saturated units, warnings. */
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Dense } from "../../packages/actlab/src/nn/layers.js";
import { softmaxCrossEntropy } from "../../packages/actlab/src/nn/loss.js";
import { makeDataset } from "../../packages/actlab/src/train/datasets.js";
import { diagnoseMlp } from "../../packages/actlab/src/train/diagnostics.js";
import { buildMlp } from "../../packages/actlab/src/train/mlp.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("diagnoseMlp", () => {
  const data = makeDataset("moons", { n: 120, seed: 3 });

  it("diagnoseMlp(model) gives each dense layer's ‖∂L/∂W‖_F, equal to finite differences of the loss", () => {
    const model = buildMlp(2, data.classes, { activation: "tanh", hidden: [8, 8], seed: 5 });
    const d = diagnoseMlp(model, data.x, data.labels, data.classes);
    expect(d.layers.map((l) => [l.inputs, l.units, l.hidden])).toEqual([[2, 8, true], [8, 8, true], [8, 2, false]]);
    const loss = () => softmaxCrossEntropy(model.forward(data.x), data.labels, data.classes).loss;
    const dense = model.layers.filter((l): l is Dense => l instanceof Dense);
    dense.forEach((layer, k) => {
      const w = layer.weight.value;
      let s = 0;
      for (let i = 0; i < w.length; i++) {
        const keep = w[i];
        const h = 1e-6;
        w[i] = keep + h;
        const up = loss();
        w[i] = keep - h;
        const down = loss();
        w[i] = keep;
        s += ((up - down) / (2 * h)) ** 2;
      }
      expect(d.layers[k].gradNorm).toBeCloseTo(Math.sqrt(s), 7);
    });
    // It leaves no gradient behind for the next training step.
    for (const p of model.params) expect(p.grad.every((g) => g === 0)).toBe(true);
  });

  it("diagnoseMlp counts a ReLU layer pushed below zero as dead and warns", () => {
    const model = buildMlp(2, data.classes, { activation: "relu", hidden: [16, 16], seed: 1 });
    const first = model.layers[0] as Dense;
    first.bias.value.fill(-1000);
    const d = diagnoseMlp(model, data.x, data.labels, data.classes);
    expect(d.layers[0].dead).toBe(16);
    expect(d.layers[0].gradNorm).toBe(0);
    expect(d.warnings).toContain("dead units: 16 of 16 units of layer 1 have slope 0 on every input and stop learning; try leaky-relu or elu, or a smaller learning rate");
  });

  it("diagnoseMlp counts sigmoid units driven far from 0 as saturated, not dead", () => {
    const model = buildMlp(2, data.classes, { activation: "sigmoid", hidden: [8], seed: 1 });
    const first = model.layers[0] as Dense;
    first.bias.value.fill(12);
    const d = diagnoseMlp(model, data.x, data.labels, data.classes);
    expect(d.layers[0]).toMatchObject({ dead: 0, saturated: 8 });
    first.bias.value.fill(0);
    expect(diagnoseMlp(model, data.x, data.labels, data.classes).layers[0].saturated).toBe(0);
  });
});

describe("actlab train mlp --diagnostics", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  });

  it("actlab train mlp --diagnostics warns of a vanishing gradient in a deep sigmoid net", () => {
    const r = run("train", "mlp", "--activation", "sigmoid", "--hidden", "16,16,16,16,16,16", "--epochs", "3", "--diagnostics");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/epoch 1\/3 .*\n  layer 1 2→16 +‖∂L\/∂W‖ \d\.\d\de-\d+  dead 0\/16  saturated \d+\/16\n/);
    expect(r.out).toMatch(/  layer 7 16→2 +‖∂L\/∂W‖ .*\(output\)/);
    const warnings = r.err.trim().split("\n");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^actlab: warning: vanishing gradient: layer 1's weight gradient \(.*\) is .*× smaller than the output layer's/);
  });

  it("actlab train mlp --diagnostics stays quiet for a shallow ReLU net, and --json carries the numbers", () => {
    const r = run("train", "mlp", "--activation", "relu", "--epochs", "3", "--diagnostics", "--json");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const epochs = r.out.trim().split("\n").map((l) => JSON.parse(l)).filter((o) => "epoch" in o);
    expect(epochs).toHaveLength(3);
    for (const e of epochs) {
      expect(e.diagnostics.layers).toHaveLength(3);
      expect(e.diagnostics.warnings).toEqual([]);
      const [first, , last] = e.diagnostics.layers;
      expect(first.gradNorm * 1000).toBeGreaterThan(last.gradNorm);
    }
  });
});
