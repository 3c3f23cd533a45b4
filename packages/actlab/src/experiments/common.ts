import { activations, getActivation } from "../activations/registry.js";
import { sigmoid } from "../activations/sigmoid.js";
import type { Floats, Params } from "../activations/types.js";
import { Activation, Dense, PReLU, Sequential, type DType, type Layer, type Param } from "../nn/layers.js";
import { argmaxRows, softmaxCrossEntropy } from "../nn/loss.js";
import type { Optimizer } from "../nn/optim.js";
import type { Bi, ChartAxis, ChartPoint, ChartSeries, ChartSpec, Heatmap } from "../plot/chart.js";
import { initFor } from "../train/mlp.js";
import type { Rng } from "../train/rng.js";
import type { Experiment, ExperimentOption, ExperimentResult, Progress, RunContext, Summary, Verdict } from "./types.js";

/* ───────────── numbers over seeds ───────────── */

/**
 * Median of the finite values (NaN when there are none).
 *
 * @example
 * median([3, 1, 2]);          // 2
 * median([1, 2, NaN, 4]);     // 2: NaN is left out, the median of [1, 2, 4]
 * median([]);                 // NaN
 */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * Median, min and max of the finite values; undefined when no value is finite.
 *
 * @example
 * summary([0.9, 0.7, 0.8]);   // { median: 0.8, min: 0.7, max: 0.9 }
 * summary([NaN]);             // undefined
 */
export function summary(values: readonly number[]): Summary | undefined {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return undefined;
  return { median: median(v), min: Math.min(...v), max: Math.max(...v) };
}

/** Adds summary(values) under `key` when it exists (so the result stays plain JSON, no NaN). */
export function put(out: Record<string, Summary>, key: string, values: readonly number[]): Summary | undefined {
  const s = summary(values);
  if (s) out[key] = s;
  return s;
}

/** A number for a sentence: 3 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return x === undefined || Number.isNaN(x) ? "n/a" : x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) return x.toExponential(2).replace("e+", "e");
  return String(Number(x.toPrecision(3)));
}

/** A share as a percentage for a sentence. */
export function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "n/a" : `${Number((100 * x).toPrecision(3))}%`;
}

/* ───────────── abort and progress ───────────── */

/**
 * Thrown when the run's AbortSignal fires (name "AbortError", as fetch throws).
 *
 * @example
 * const ctrl = new AbortController();
 * const run = getExperiment("born-dead").run({}, { quick: true, signal: ctrl.signal });
 * ctrl.abort();
 * const error = await run.catch((e: unknown) => e);
 * error instanceof AbortError;   // true
 */
export class AbortError extends Error {
  constructor(message = "the experiment was aborted") {
    super(message);
    this.name = "AbortError";
  }
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * Counts a seed's units of work, reports progress and, every ~30 ms, gives the event loop a
 * turn so that an abort (a message to a worker, Ctrl-C) is seen promptly.
 */
export class Ticker {
  private done = 0;
  private last = now();

  constructor(
    readonly total: number,
    private readonly ctx: RunContext = {},
  ) {}

  /** Yields when due and throws AbortError when aborted; call it inside long loops. */
  async poll(): Promise<void> {
    checkAbort(this.ctx.signal);
    if (now() - this.last < 30) return;
    await new Promise<void>((r) => setTimeout(r, 0));
    this.last = now();
    checkAbort(this.ctx.signal);
  }

  /** One more unit done. */
  async advance(label?: string): Promise<void> {
    this.done = Math.min(this.total, this.done + 1);
    this.ctx.onProgress?.({ done: this.done, total: this.total, label });
    await this.poll();
  }
}

/* ───────────── options ───────────── */

/** An option with the value `quick: true` uses (extension of the contract: optional field). */
export interface OptionDef extends ExperimentOption {
  readonly quick?: number | string | readonly (number | string)[];
  /** For a "list" of numbers: the items must be integers. */
  readonly integer?: boolean;
}

function bad(expId: string, o: ExperimentOption, v: unknown, why: string): RangeError {
  const shown = Array.isArray(v) ? v.join(",") : String(v);
  return new RangeError(`experiment ${expId}: invalid --${o.name}: ${shown} (${why})`);
}

function checkNumber(expId: string, o: ExperimentOption, v: unknown, integer: boolean, whole: unknown = v): number {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) throw bad(expId, o, whole, "must be a number");
  if (integer && !Number.isInteger(n)) throw bad(expId, o, whole, "must be an integer");
  if (o.min !== undefined && n < o.min) throw bad(expId, o, whole, `must be ≥ ${o.min}`);
  if (o.max !== undefined && n > o.max) throw bad(expId, o, whole, `must be ≤ ${o.max}`);
  return n;
}

/**
 * Validates `partial` against the experiment's options and fills in the defaults (the quick
 * values when `quick`). Unknown names and bad values throw a RangeError naming the option.
 * A list may be given as an array or as comma-separated text; resolving twice changes nothing.
 *
 * @example
 * const exp = getExperiment("born-dead");
 * Object.keys(resolveOptions(exp));             // every option of the experiment, with its default
 * resolveOptions(exp, { nonsense: 1 });         // throws RangeError naming the unknown option
 */
export function resolveOptions(exp: Experiment, partial: Readonly<Record<string, unknown>> = {}, quick = false): Readonly<Record<string, unknown>> {
  const names = exp.options.map((o) => o.name);
  for (const k of Object.keys(partial)) {
    if (!names.includes(k)) throw new RangeError(`experiment ${exp.id}: unknown option --${k} (options: ${names.map((n) => `--${n}`).join(", ") || "none"})`);
  }
  const out: Record<string, unknown> = {};
  for (const o of exp.options as readonly OptionDef[]) {
    const given = partial[o.name];
    const v = given ?? (quick && o.quick !== undefined ? o.quick : o.default);
    if (o.type === "number" || o.type === "integer") out[o.name] = checkNumber(exp.id, o, v, o.type === "integer");
    else if (o.type === "string") {
      if (typeof v !== "string") throw bad(exp.id, o, v, "must be text");
      if (o.choices && !o.choices.includes(v)) throw bad(exp.id, o, v, `use one of ${o.choices.join(", ")}`);
      out[o.name] = v;
    } else {
      const items = typeof v === "string" ? v.split(",").map((s) => s.trim()).filter((s) => s !== "") : typeof v === "number" ? [v] : v;
      if (!Array.isArray(items) || items.length === 0) throw bad(exp.id, o, v, "must be a non-empty list");
      const numeric = Array.isArray(o.default) && typeof o.default[0] === "number";
      out[o.name] = items.map((it) => {
        if (numeric) return checkNumber(exp.id, o, it, o.integer === true, v);
        const s = String(it);
        if (o.choices && !o.choices.includes(s)) throw bad(exp.id, o, v, `each item must be one of ${o.choices.join(", ")}`);
        return s;
      });
      if (!numeric && new Set(out[o.name] as unknown[]).size !== items.length) throw bad(exp.id, o, v, "items must not repeat");
    }
  }
  return Object.freeze(out);
}

/* ───────────── defining an experiment ───────────── */

export interface ExperimentDef<O, S> {
  readonly id: string;
  readonly title: Bi;
  readonly claim: Experiment["claim"];
  readonly options: readonly OptionDef[];
  /** Seeds a run uses when the caller does not say (default and with quick: true). */
  readonly seeds: { readonly default: number; readonly quick: number };
  /** Units of work of one seed (for progress). */
  units(o: O): number;
  seed(o: O, seed: number, t: Ticker): Promise<S>;
  result(o: O, seeds: readonly number[], perSeed: readonly S[]): Pick<ExperimentResult, "summary" | "figures" | "verdict" | "table">;
}

/** An experiment with seeds (an optional field the contract allows): how many seeds it runs by default. */
export interface SeededExperiment extends Experiment {
  readonly seeds: { readonly default: number; readonly quick: number };
}

/** Builds the contract's Experiment from one seed's computation and a summary of all seeds. */
export function defineExperiment<O, S>(def: ExperimentDef<O, S>): SeededExperiment {
  const exp: SeededExperiment = {
    id: def.id,
    title: def.title,
    claim: def.claim,
    options: def.options,
    seeds: def.seeds,
    async runSeed(options, seed, ctx = {}) {
      if (!Number.isSafeInteger(seed)) throw new RangeError(`experiment ${def.id}: invalid seed: ${String(seed)} (must be an integer)`);
      const o = resolveOptions(exp, options, ctx.quick) as O;
      checkAbort(ctx.signal);
      return def.seed(o, seed, new Ticker(def.units(o), ctx));
    },
    summarise(options, seeds, perSeed, seconds) {
      const o = resolveOptions(exp, options) as O;
      if (perSeed.length !== seeds.length || seeds.length === 0) throw new RangeError(`experiment ${def.id}: need one result per seed (got ${perSeed.length} for ${seeds.length} seeds)`);
      const r = def.result(o, seeds, perSeed as readonly S[]);
      return { id: def.id, config: o as Record<string, unknown>, seeds: [...seeds], perSeed: [...perSeed], ...r, seconds };
    },
    async run(options = {}, ctx = {}) {
      const t0 = now();
      const o = resolveOptions(exp, options, ctx.quick);
      const n = ctx.seeds ?? (ctx.quick ? def.seeds.quick : def.seeds.default);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError(`experiment ${def.id}: invalid seeds: ${String(n)} (must be an integer from 1 to 1000)`);
      const seeds = Array.from({ length: n }, (_, i) => i + 1);
      const per = def.units(o as O);
      const perSeed: unknown[] = [];
      for (const [k, seed] of seeds.entries()) {
        const onProgress = ctx.onProgress && ((p: Progress) => ctx.onProgress?.({ done: k * per + p.done, total: n * per, label: p.label }));
        perSeed.push(await exp.runSeed(o, seed, { ...ctx, onProgress }));
      }
      return exp.summarise(o, seeds, perSeed, (now() - t0) / 1000);
    },
  };
  return exp;
}

export function verdictOf(verdict: Verdict, rule: Bi, because: Bi): ExperimentResult["verdict"] {
  return { verdict, rule, because };
}

/** holds when every test passes, does-not-hold when none does, mixed otherwise. */
export function combine(passes: readonly boolean[]): Verdict {
  const n = passes.filter(Boolean).length;
  return n === passes.length ? "holds" : n === 0 ? "does-not-hold" : "mixed";
}

/* ───────────── the functions compared ───────────── */

/** Every elementwise function of the registry, in its order (new ones appear here by themselves). */
export function elementwiseIds(): string[] {
  return activations.map((a) => a.id);
}

/** The list option "functions" over the registry's elementwise functions. */
export function functionsOption(def: readonly string[] = elementwiseIds(), quick?: readonly string[]): OptionDef {
  return {
    name: "functions",
    type: "list",
    default: def,
    ...(quick ? { quick } : {}),
    choices: elementwiseIds(),
    description: { en: "registry ids of the functions compared", zh: "参与比较的函数（注册表中的 id）" },
  };
}

/* ───────────── networks ───────────── */

/** How first weights are drawn; "standard" is U[±1/√n], PyTorch's nn.Linear default and Glorot and Bengio's baseline. */
export type InitKind = "xavier" | "he" | "lecun" | "standard";

/** The init each function is normally paired with (LeCun for SELU, Xavier for two-sided saturation, He otherwise). */
export function recommendedInit(id: string): InitKind {
  return initFor(id);
}

/** A hidden activation: a registry id with parameters, or the centred sigmoid σ(x) − ½. */
export interface ActSpec {
  readonly id: string;
  readonly params?: Params;
  /** σ(x) − ½: sigmoid's slope without its offset (only with id "sigmoid"). */
  readonly centred?: boolean;
}

/** σ(x) − ½ as a layer: the same derivative as σ, outputs centred on 0. */
export class CentredSigmoid implements Layer {
  readonly params: readonly Param[] = [];
  private d?: Floats;

  forward(x: Floats): Floats {
    const { y, d } = sigmoid.forwardWithDerivative(x);
    for (let i = 0; i < y.length; i++) y[i] -= 0.5;
    this.d = d;
    return y;
  }

  backward(dy: Floats): Floats {
    const d = this.d as Floats;
    const dx = dy instanceof Float32Array ? new Float32Array(dy.length) : new Float64Array(dy.length);
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i] * d[i];
    return dx;
  }
}

export function activationLayer(act: ActSpec, units: number, dtype: DType): Layer {
  if (act.centred) return new CentredSigmoid();
  const a = getActivation(act.id);
  if (a.params.some((s) => s.learnable)) return new PReLU(units, { perUnit: true, dtype });
  return new Activation(a.id, act.params);
}

export interface NetOptions {
  readonly inputs: number;
  readonly hidden: readonly number[];
  /** Output units (a linear layer for softmax); 0 for none. */
  readonly outputs: number;
  readonly act: ActSpec;
  readonly init: InitKind;
  readonly rng: Rng;
  readonly dtype: DType;
  /** Initial bias of the hidden layers (default 0). */
  readonly bias?: number;
}

export interface Net {
  readonly model: Sequential;
  /** The hidden Dense layers, in order (their outputs are the pre-activations). */
  readonly hidden: readonly Dense[];
}

/** Dense → activation per hidden layer, then a Xavier-initialised linear output layer. */
export function buildNet(o: NetOptions): Net {
  const layers: Layer[] = [];
  const hidden: Dense[] = [];
  let width = o.inputs;
  for (const h of o.hidden) {
    const d = new Dense(width, h, { init: o.init === "standard" ? "xavier" : o.init, rng: o.rng, dtype: o.dtype });
    if (o.init === "standard") {
      const w = d.weight.value;
      const a = 1 / Math.sqrt(width);
      for (let i = 0; i < w.length; i++) w[i] = a * (2 * o.rng.random() - 1);
    }
    if (o.bias) d.bias.value.fill(o.bias);
    layers.push(d, activationLayer(o.act, h, o.dtype));
    hidden.push(d);
    width = h;
  }
  if (o.outputs > 0) layers.push(new Dense(width, o.outputs, { init: "xavier", rng: o.rng, dtype: o.dtype }));
  return { model: new Sequential(layers), hidden };
}

/** Runs the model and returns the output of every layer (index 2l: pre-activation of hidden layer l, 2l+1: its activation). */
export function forwardAll(model: Sequential, x: Floats): Floats[] {
  const outs: Floats[] = [];
  let h = x;
  for (const l of model.layers) {
    h = l.forward(h);
    outs.push(h);
  }
  return outs;
}

/** forwardAll, polling for an abort between layers (a deep, wide pass takes seconds). */
export async function forwardAllPolling(model: Sequential, x: Floats, t: Ticker): Promise<Floats[]> {
  const outs: Floats[] = [];
  let h = x;
  for (const l of model.layers) {
    h = l.forward(h);
    outs.push(h);
    await t.poll();
  }
  return outs;
}

/** model.backward(dy) layer by layer, polling for an abort in between. */
export async function backwardPolling(model: Sequential, dy: Floats, t: Ticker): Promise<void> {
  let g = dy;
  for (let i = model.layers.length - 1; i >= 0; i--) {
    g = model.layers[i].backward(g);
    await t.poll();
  }
}

export function finiteModel(model: Sequential): boolean {
  for (const p of model.params) for (let i = 0; i < p.value.length; i++) if (!Number.isFinite(p.value[i])) return false;
  return true;
}

/** Mean cross-entropy and accuracy of the model on (x, labels). */
export function evaluate(model: Sequential, x: Floats, labels: Int32Array, classes: number): { loss: number; accuracy: number } {
  const logits = model.forward(x);
  const { loss } = softmaxCrossEntropy(logits, labels, classes);
  const pred = argmaxRows(logits, classes);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) right++;
  return { loss, accuracy: right / labels.length };
}

/** Minibatch training on softmax cross-entropy, one epoch per call; a fresh shuffle each epoch. */
export class Trainer {
  private readonly order: Uint32Array;
  private readonly xb: Floats;
  private readonly yb: Int32Array;
  private readonly alphas: readonly Param[];
  /** Set when a learnt α stopped being finite: the model can no longer run, so the epoch stops there. */
  diverged = false;

  constructor(
    readonly model: Sequential,
    readonly opt: Optimizer,
    readonly x: Floats,
    readonly labels: Int32Array,
    readonly features: number,
    readonly classes: number,
    readonly batch: number,
    readonly rng: Rng,
  ) {
    const n = labels.length;
    this.order = Uint32Array.from({ length: n }, (_, i) => i);
    const b = Math.min(batch, n);
    this.xb = x instanceof Float32Array ? new Float32Array(b * features) : new Float64Array(b * features);
    this.yb = new Int32Array(b);
    this.alphas = model.params.filter((p) => p.name === "alpha");
  }

  /** One pass over the data. */
  epoch(): void {
    const n = this.labels.length;
    this.rng.shuffle(this.order);
    for (let s = 0; s < n && !this.diverged; s += this.batch) this.update(s);
  }

  /** One pass over the data, giving an abort a chance every 8 updates. */
  async epochPolling(t: Ticker): Promise<void> {
    const n = this.labels.length;
    this.rng.shuffle(this.order);
    for (let s = 0, k = 0; s < n && !this.diverged; s += this.batch, k++) {
      this.update(s);
      if (k % 8 === 7) await t.poll();
    }
  }

  private update(s: number): void {
    const { x, labels, features: f, model, opt } = this;
    const m = Math.min(this.batch, labels.length - s);
    for (let k = 0; k < m; k++) {
      const i = this.order[s + k];
      for (let j = 0; j < f; j++) this.xb[k * f + j] = x[i * f + j];
      this.yb[k] = labels[i];
    }
    const xs = m * f === this.xb.length ? this.xb : this.xb.subarray(0, m * f);
    const { grad } = softmaxCrossEntropy(model.forward(xs), this.yb.subarray(0, m), this.classes);
    model.zeroGrad();
    model.backward(grad);
    opt.step();
    // PReLU refuses a non-finite α on the next forward; a NaN weight just propagates, and the
    // callers see it with finiteModel.
    for (const a of this.alphas) for (let i = 0; i < a.value.length; i++) if (!Number.isFinite(a.value[i])) this.diverged = true;
  }
}

/* ───────────── charts ───────────── */

export const CHART_SIZE = { width: 640, height: 400 } as const;

/** Median with the min–max band over seeds, at each x; values[seed][k] belongs to xs[k]. Non-finite values are left out. */
export function bandPoints(xs: readonly number[], values: readonly (readonly number[])[], positiveOnly = false): ChartPoint[] {
  const pts: ChartPoint[] = [];
  xs.forEach((x, k) => {
    const col = values.map((v) => v[k]).filter((v) => Number.isFinite(v) && (!positiveOnly || v > 0));
    const s = summary(col);
    if (s) pts.push(values.length > 1 ? { x, y: s.median, lo: s.min, hi: s.max } : { x, y: s.median });
  });
  return pts;
}

export function chart(o: {
  id: string;
  title: Bi;
  x: ChartAxis;
  y: ChartAxis;
  series: readonly ChartSeries[];
  heatmap?: Heatmap;
  rules?: ChartSpec["rules"];
  width?: number;
  height?: number;
}): ChartSpec {
  return {
    kind: "chart",
    id: o.id,
    title: o.title,
    x: o.x,
    y: o.y,
    series: o.series,
    ...(o.heatmap ? { heatmap: o.heatmap } : {}),
    ...(o.rules ? { rules: o.rules } : {}),
    width: o.width ?? CHART_SIZE.width,
    height: o.height ?? CHART_SIZE.height,
  };
}

export const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => i + from);

/** The article's seven functions, in its order. */
export const ARTICLE_FUNCTIONS = ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"] as const;

/**
 * The article's functions among `ids`, for curves: twenty-odd lines cannot be told apart, so
 * line charts keep these (and the per-function charts and the table keep every function run).
 * All of `ids` when none of them is the article's.
 */
export function curveFunctions(ids: readonly string[]): string[] {
  const seven = ids.filter((id) => (ARTICLE_FUNCTIONS as readonly string[]).includes(id));
  return seven.length ? seven : [...ids];
}

/**
 * One column per function, labelled with its id on the x axis: a dot per series at its median
 * over seeds with the min–max range as an error bar (series side by side within a column).
 * `values(series, id)` gives one number per seed.
 */
export function functionChart(o: {
  id: string;
  title: Bi;
  y: ChartAxis;
  functions: readonly string[];
  series: readonly { name: string; label?: Bi; values: (id: string) => readonly number[] }[];
  rules?: ChartSpec["rules"];
  positiveOnly?: boolean;
}): ChartSpec {
  const n = o.series.length;
  const step = n > 1 ? Math.min(0.22, 0.7 / n) : 0;
  return chart({
    id: o.id,
    title: o.title,
    x: { label: { en: "function", zh: "函数" }, ticks: o.functions.map((id, k) => ({ value: k, label: { en: id, zh: id } })) },
    y: o.y,
    series: o.series.map((s, j) => ({
      name: s.name,
      ...(s.label ? { label: s.label } : {}),
      dots: true,
      points: o.functions.flatMap((id, k) => bandPoints([k + (j - (n - 1) / 2) * step], s.values(id).map((v) => [v]), o.positiveOnly)),
    })),
    ...(o.rules ? { rules: o.rules } : {}),
  });
}
