import { leakyReluValue } from "../activations/leaky-relu.js";
import { rrelu } from "../activations/rrelu.js";
import type { Floats } from "../activations/types.js";
import { createRng, type Rng } from "../train/rng.js";
import type { Layer, Param } from "./layers.js";

/** Options of the {@link RReLU} layer: the slope range and where its random slopes come from. */
export interface RReLUOptions {
  /** Lower end of the slope distribution (default: the registry's, 1/8). */
  lower?: number;
  /** Upper end (default 1/3). */
  upper?: number;
  /** Random source for the slopes; default a fresh one from `seed`. */
  rng?: Rng;
  /** Seed of that fresh source (default 1), so a run is reproducible. */
  seed?: number;
}

/**
 * Randomised leaky ReLU (Xu et al. 2015, PyTorch's nn.RReLU). While training, each element
 * gets its own slope a ~ U(lower, upper) for a negative input, drawn from a seeded generator;
 * in evaluation mode (`train(false)`) it is the registry's rrelu, slope (lower + upper)/2.
 * Backward multiplies by the slope the forward pass used.
 *
 * @example
 * const layer = new RReLU({ seed: 1 });
 * layer.forward(new Float64Array([-2, 3]));   // [-0.268…, 3]: a random slope in [1/8, 1/3] for −2
 * layer.train(false).forward(new Float64Array([-2, 3]));   // [-0.4583…, 3]: the mean slope 11/48
 */
export class RReLU implements Layer {
  readonly params: readonly Param[] = [];
  readonly lower: number;
  readonly upper: number;
  training = true;
  private readonly rng: Rng;
  private d?: Floats;

  constructor(opts: RReLUOptions = {}) {
    const spec = (name: string) => rrelu.params.find((s) => s.name === name)?.default as number;
    this.lower = opts.lower ?? spec("lower");
    this.upper = opts.upper ?? spec("upper");
    rrelu.f(0, { lower: this.lower, upper: this.upper }); // the registry's checks and messages
    this.rng = opts.rng ?? createRng(opts.seed);
  }

  /** Training mode (random slopes) or, with `false`, evaluation mode (the mean slope). */
  train(on = true): this {
    this.training = on;
    return this;
  }

  forward(x: Floats): Floats {
    if (!this.training) {
      const { y, d } = rrelu.forwardWithDerivative(x, { lower: this.lower, upper: this.upper });
      this.d = d;
      return y;
    }
    const n = x.length;
    const y = x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
    const d = x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
    const width = this.upper - this.lower;
    for (let i = 0; i < n; i++) {
      // one draw per element whatever its sign, so the slopes of a batch depend only on the seed
      const a = this.lower + width * this.rng.random();
      const v = x[i];
      if (v < 0) {
        y[i] = leakyReluValue(v, a); // a zero slope at −∞ gives 0, not 0·(−∞)
        d[i] = a;
      } else {
        // NOTE: slope 1 at 0, the registry's right-hand rule; NaN stays NaN in both
        y[i] = v;
        d[i] = v >= 0 ? 1 : NaN;
      }
    }
    this.d = d;
    return y;
  }

  backward(dy: Floats): Floats {
    const d = this.d;
    if (d === undefined) throw new Error("RReLU: backward called before forward");
    if (dy.length !== d.length) throw new RangeError(`RReLU: dy has length ${dy.length}, expected ${d.length}`);
    const dx = d instanceof Float32Array ? new Float32Array(d.length) : new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) dx[i] = dy[i] * d[i];
    return dx;
  }
}
