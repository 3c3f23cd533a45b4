// The Network view's part of the URL: every setting and the seeds, so a link reproduces a run
// step for step. Kept out of the view's chunk (the shell parses it) and free of heavy imports.
import { activations } from "../../../../packages/actlab/src/activations/registry.js";
import { featureIds, planeDatasets, regressionDatasets, type FeatureId, type PlaneDataset, type RegressionDataset } from "../../../../packages/actlab/src/train/plane-names.js";

export const netOptimizers = ["sgd", "momentum", "adam"] as const;
export const netRegs = ["none", "l1", "l2"] as const;
export const netInits = ["auto", "xavier", "he", "lecun"] as const;

export interface NetworkState {
  /** A classification set, or one of the regression sets (`reg-plane`, `reg-gauss`). */
  dataset: PlaneDataset | RegressionDataset;
  /** Percent, 0–50. */
  noise: number;
  /** Share of the points used for training, percent. */
  train: number;
  /** Seed of the data ("Regenerate" changes it). */
  dataSeed: number;
  features: FeatureId[];
  layers: number[];
  /** One activation id per hidden layer. */
  activations: string[];
  init: (typeof netInits)[number];
  optimizer: (typeof netOptimizers)[number];
  lr: number;
  batch: number;
  reg: (typeof netRegs)[number];
  regRate: number;
  /** Seed of the initial weights and the batch order ("New seed" changes it). */
  seed: number;
}

export const netLimits = {
  noise: { min: 0, max: 50 },
  train: { min: 10, max: 90 },
  lr: { min: 1e-6, max: 10 },
  batch: { min: 1, max: 500 },
  regRate: { min: 0, max: 10 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  dataSeed: { min: 0, max: 2 ** 31 - 1 },
  maxLayers: 6,
  maxUnits: 8,
} as const;

export function defaultNetwork(): NetworkState {
  return {
    dataset: "circle",
    noise: 0,
    train: 50,
    dataSeed: 1,
    features: ["x1", "x2"],
    layers: [4, 2],
    activations: ["tanh", "tanh"],
    init: "auto",
    optimizer: "sgd",
    lr: 0.03,
    batch: 10,
    reg: "none",
    regRate: 0,
    seed: 1,
  };
}

export const networkKeys = ["dataset", "noise", "train", "dataSeed", "features", "layers", "activation", "init", "optimizer", "lr", "batch", "reg", "regRate", "seed"] as const;

// Plain decimal numbers only: Number() would also take "0x8", " 8" and "1_0"-free oddities.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const num = (s: string): number => (DECIMAL.test(s) ? Number(s) : NaN);

/** A value from the URL as a notice quotes it: at most 40 characters (as Explore's notices do). */
export function quote(raw: string): string {
  const chars = Array.from(raw);
  return `"${chars.length > 40 ? `${chars.slice(0, 37).join("")}…" (${chars.length} characters)` : `${raw}"`}`;
}

function pick<T extends string>(q: URLSearchParams, key: string, allowed: readonly T[], fallback: T, notices: string[]): T {
  const raw = q.get(key);
  if (raw === null) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  notices.push(`invalid ${key}: ${quote(raw)} (must be ${allowed.join(", ")})`);
  return fallback;
}

function number(q: URLSearchParams, key: keyof typeof netLimits & keyof NetworkState, fallback: number, notices: string[], integer = false): number {
  const raw = q.get(key);
  if (raw === null) return fallback;
  const lim = netLimits[key] as { min: number; max: number };
  const v = num(raw);
  if (Number.isFinite(v) && v >= lim.min && v <= lim.max && (!integer || Number.isInteger(v))) return v;
  notices.push(`invalid ${key}: ${quote(raw)} (must be ${integer ? "an integer" : "a number"} in [${lim.min}, ${lim.max}])`);
  return fallback;
}

export function parseNetwork(q: URLSearchParams, base: NetworkState, notices: string[]): NetworkState {
  const s = structuredClone(base);
  s.dataset = pick(q, "dataset", [...planeDatasets, ...regressionDatasets], base.dataset, notices);
  s.noise = number(q, "noise", base.noise, notices);
  s.train = number(q, "train", base.train, notices, true);
  s.dataSeed = number(q, "dataSeed", base.dataSeed, notices, true);
  s.lr = number(q, "lr", base.lr, notices);
  s.batch = number(q, "batch", base.batch, notices, true);
  s.regRate = number(q, "regRate", base.regRate, notices);
  s.seed = number(q, "seed", base.seed, notices, true);
  s.init = pick(q, "init", netInits, base.init, notices);
  s.optimizer = pick(q, "optimizer", netOptimizers, base.optimizer, notices);
  s.reg = pick(q, "reg", netRegs, base.reg, notices);
  const rawF = q.get("features");
  if (rawF !== null) {
    const list = rawF.split(",").filter((f) => f !== "");
    if (list.length > 0 && list.every((f) => (featureIds as readonly string[]).includes(f))) s.features = featureIds.filter((f) => list.includes(f));
    else notices.push(`invalid features: ${quote(rawF)} (must be a comma list of at least one of ${featureIds.join(", ")})`);
  }
  const rawL = q.get("layers");
  if (rawL !== null) {
    const list = rawL === "" ? [] : rawL.split(",").map(num);
    if (list.length <= netLimits.maxLayers && list.every((u) => Number.isInteger(u) && u >= 1 && u <= netLimits.maxUnits)) {
      s.layers = list;
      s.activations = list.map((_, l) => base.activations[Math.min(l, base.activations.length - 1)] ?? "tanh");
    } else notices.push(`invalid layers: ${quote(rawL)} (must be up to ${netLimits.maxLayers} unit counts from 1 to ${netLimits.maxUnits}, e.g. 8,8; empty for none)`);
  }
  const rawA = q.get("activation");
  // "custom": the reader's formula (URL expr), registered by the lab before this runs.
  const ids = [...activations.map((a) => a.id as string), "custom"];
  if (rawA !== null) {
    const list = rawA.split(",");
    if (!list.every((a) => ids.includes(a))) notices.push(`invalid activation: ${quote(rawA)} (known: ${ids.join(", ")})`);
    else if (list.length === 1) s.activations = s.layers.map(() => list[0]);
    else if (list.length === s.layers.length) s.activations = list;
    else notices.push(`invalid activation: ${quote(rawA)} (give one id for every layer or one per layer: ${s.layers.length} for layers ${s.layers.join(",")})`);
  }
  if (s.activations.length !== s.layers.length) s.activations = s.layers.map((_, l) => s.activations[l] ?? s.activations[s.activations.length - 1] ?? "tanh");
  return s;
}

const fmt = (v: number): string => String(Number(v.toPrecision(6)));

export function networkQuery(s: NetworkState, q: URLSearchParams): void {
  const d = defaultNetwork();
  if (s.dataset !== d.dataset) q.set("dataset", s.dataset);
  for (const k of ["noise", "train", "dataSeed", "lr", "batch", "regRate", "seed"] as const) if (s[k] !== d[k]) q.set(k, fmt(s[k]));
  if (s.features.join() !== d.features.join()) q.set("features", s.features.join(","));
  if (s.layers.join() !== d.layers.join()) q.set("layers", s.layers.join(","));
  const same = s.activations.every((a) => a === s.activations[0]);
  const act = s.activations.length === 0 ? "" : same ? s.activations[0] : s.activations.join(",");
  if (act !== "" && act !== "tanh") q.set("activation", act);
  for (const k of ["init", "optimizer", "reg"] as const) if (s[k] !== d[k]) q.set(k, s[k]);
}
