import { getActivation } from "../activations/registry.js";
import { prelu } from "../activations/prelu.js";
import type { Floats } from "../activations/types.js";
import { Activation, Dense, PReLU, type Sequential } from "../nn/layers.js";
import { softmaxCrossEntropy } from "../nn/loss.js";

/** A unit is saturated when f′ is below this share of the function's largest slope… */
export const SATURATED_SLOPE = 0.05;
/** …on at least this share of the examples. */
export const SATURATED_SHARE = 0.9;
/** The warning's threshold: layer 1's weight gradient this many times smaller than the output layer's. */
export const VANISHING_RATIO = 1000;

/**
 * What `diagnoseMlp` found for one dense layer.
 */
export interface LayerDiagnostics {
  /** 1-based index among the dense layers; the last one is the output layer. */
  readonly layer: number;
  readonly inputs: number;
  readonly units: number;
  /** ‖∂L/∂W‖_F of the mean loss over the examples given. */
  readonly gradNorm: number;
  /** Hidden units whose activation has slope 0 on every example: no gradient reaches their weights. */
  readonly dead: number;
  /** Hidden units (not dead) whose slope is below 5% of the function's largest on ≥ 90% of the examples. */
  readonly saturated: number;
  /** False for the output layer (it feeds softmax; dead/saturated do not apply). */
  readonly hidden: boolean;
}

/**
 * The result of `diagnoseMlp`: one entry per dense layer, input side first, and the warnings.
 */
export interface Diagnostics {
  readonly layers: readonly LayerDiagnostics[];
  /** One-line warnings: "vanishing gradient: …", "dead units: …". */
  readonly warnings: readonly string[];
}

const maxSlope = new Map<string, number>();

/** The largest |f′| of a registry function, from a fine grid (sigmoid 0.25, tanh 1, ReLU 1, SELU λ…). */
function largestSlope(id: string): number {
  let m = maxSlope.get(id);
  if (m === undefined) {
    const a = getActivation(id);
    m = 0;
    for (let i = -4000; i <= 4000; i++) m = Math.max(m, Math.abs(a.df(i / 200)));
    maxSlope.set(id, m);
  }
  return m;
}

function frobenius(g: Floats): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return Math.sqrt(s);
}

/** Dead and saturated units of a layer from the slopes d (rows × units, row-major). */
function unitCounts(d: Floats, units: number, largest: number): { dead: number; saturated: number } {
  const rows = d.length / units;
  let dead = 0;
  let saturated = 0;
  for (let j = 0; j < units; j++) {
    let zero = 0;
    let flat = 0;
    for (let r = 0; r < rows; r++) {
      const v = Math.abs(d[r * units + j]);
      if (v === 0) zero++;
      if (v < SATURATED_SLOPE * largest) flat++;
    }
    if (zero === rows) dead++;
    else if (flat >= SATURATED_SHARE * rows) saturated++;
  }
  return { dead, saturated };
}

const sci = (v: number) => v.toExponential(1);
const times = (v: number) => (v < 1e6 ? String(Number(v.toPrecision(2))) : sci(v));

/**
 * Per dense layer: the weight gradient's norm on these examples, and for hidden layers how many
 * units are dead or saturated; with a warning when the gradient vanishes towards the input
 * (layer 1's ≥ 1000× smaller than the output layer's) or most units of a layer are dead.
 * Leaves the model's gradients zeroed (call it between training steps).
 *
 * @example
 * const data = makeDataset("spiral");
 * const model = buildMlp(2, data.classes, { activation: "sigmoid", hidden: [16, 16, 16, 16, 16] });
 * const d = diagnoseMlp(model, data.x, data.labels, data.classes);
 * d.layers.length;   // 6: five hidden Dense layers and the output layer
 * d.warnings;        // e.g. ["vanishing gradient: …"] for a deep sigmoid network
 */
export function diagnoseMlp(model: Sequential, x: Floats, labels: ArrayLike<number>, classes: number): Diagnostics {
  const dense: Dense[] = [];
  const counts: Array<{ dead: number; saturated: number } | undefined> = [];
  let h = x;
  for (const layer of model.layers) {
    const z = h;
    h = layer.forward(h);
    if (layer instanceof Dense) {
      dense.push(layer);
      counts.push(undefined);
    } else if (layer instanceof Activation || layer instanceof PReLU) {
      const units = dense[dense.length - 1]?.outputs ?? 1;
      const d =
        layer instanceof Activation
          ? layer.kernel.forwardWithDerivative(z, layer.p).d
          : prelu.forwardWithDerivative(z, { alpha: layer.alpha.value }).d;
      const largest = layer instanceof Activation ? largestSlope(layer.id) : 1;
      counts[counts.length - 1] = unitCounts(d, units, largest);
    }
  }
  const { grad } = softmaxCrossEntropy(h, labels, classes);
  model.zeroGrad();
  model.backward(grad);
  const layers = dense.map((l, i) => ({
    layer: i + 1,
    inputs: l.inputs,
    units: l.outputs,
    gradNorm: frobenius(l.weight.grad),
    dead: counts[i]?.dead ?? 0,
    saturated: counts[i]?.saturated ?? 0,
    hidden: counts[i] !== undefined,
  }));
  model.zeroGrad();
  const warnings: string[] = [];
  const first = layers[0];
  const last = layers[layers.length - 1];
  // Nothing is "smaller" when the output layer gets no gradient either (0 ≤ 0).
  if (layers.length > 1 && last.gradNorm > 0 && first.gradNorm * VANISHING_RATIO <= last.gradNorm) {
    const size =
      first.gradNorm === 0
        ? `layer 1's weight gradient is 0, while the output layer's is ${sci(last.gradNorm)}`
        : `layer 1's weight gradient (${sci(first.gradNorm)}) is ${times(last.gradNorm / first.gradNorm)}× smaller than the output layer's (${sci(last.gradNorm)})`;
    // Dead units pass no gradient at all: the cure is not the one for saturation, and the
    // advice never names the activation the network already uses.
    const dead = layers.find((l) => l.hidden && l.dead > l.units / 2);
    const used = new Set(model.layers.flatMap((l) => (l instanceof Activation ? [l.id] : [])));
    const others = (ids: string[]) => ids.filter((id) => !used.has(id)).slice(0, 2).join(" or ");
    const why = dead
      ? `the dead units of layer ${dead.layer} pass no gradient back: try ${others(["leaky-relu", "elu", "gelu"])}, or a smaller learning rate`
      : `saturating units pass little gradient back: try ${others(["relu", "elu", "leaky-relu"])}, or fewer layers`;
    warnings.push(`vanishing gradient: ${size}; ${why}`);
  }
  for (const l of layers) {
    if (l.hidden && l.dead > l.units / 2) {
      warnings.push(`dead units: ${l.dead} of ${l.units} units of layer ${l.layer} have slope 0 on every input and stop learning; try leaky-relu or elu, or a smaller learning rate`);
    }
  }
  return { layers, warnings };
}
