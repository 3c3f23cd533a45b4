// The lab's whole state lives in the URL hash (#/view?key=value&…), so any view can be shared
// as a link. Parsing never throws: a bad value falls back to its default and leaves a notice.
import { activationIds, articleActivations, getActivation, unknownActivationMessage, type ActivationId } from "../../packages/actlab/src/activations/registry.js";
import type { Lang } from "../../packages/actlab/src/activations/types.js";
import { defaultNetwork, networkKeys, networkQuery, parseNetwork, type NetworkState } from "./views/network/state.js";
import { CUSTOM, DEFAULT_EXPR, customActivation, formulaReady, setCustom } from "./custom.js";

export const views = ["explore", "compare", "table", "softmax", "regression", "network", "experiments"] as const;
export type ViewId = (typeof views)[number];
export type Theme = "auto" | "light" | "dark";
export type Which = "f" | "df";
export type Mode = "sgd" | "minibatch" | "batch";
export type Domain = readonly [number, number];

export interface ExploreState {
  fn: ActivationId;
  /** Only the parameters that differ from the figure defaults of `fn`. */
  params: Record<string, number>;
  domain: Domain;
  derivative: boolean;
}

export interface CompareState {
  ids: ActivationId[];
  which: Which;
  domain: Domain;
}

export interface SoftmaxState {
  logits: number[];
  temperature: number;
}

export interface RegressionState {
  lr: number;
  mode: Mode;
  batch: number;
  noise: number;
  seed: number;
  /** Epochs per second of animation. */
  speed: number;
  epochs: number;
}

export interface ExperimentsState {
  /** The open experiment (#/experiments/<id>), null for the list; the view checks it (it loads the experiments). */
  id: string | null;
  /** Option values as the URL has them; the view validates them against the experiment's options. */
  options: Record<string, string>;
  /** Seeds per run; 0: the experiment's own number. */
  seeds: number;
  /** The experiments' smaller settings (the lab's default: a full run takes minutes). */
  quick: boolean;
}

export interface LabState {
  view: ViewId;
  lang: Lang;
  theme: Theme;
  explore: ExploreState;
  compare: CompareState;
  softmax: SoftmaxState;
  regression: RegressionState;
  network: NetworkState;
  experiments: ExperimentsState;
  /** The reader's own formula (URL `expr`), which the id `custom` stands for in every view. */
  expr: string;
}

/** Limits of the lab's own controls (the function parameters come from the registry). */
export const limits = {
  domain: { min: -1000, max: 1000, minWidth: 0.01 },
  logits: { min: -20, max: 20, minCount: 2, maxCount: 12 },
  temperature: { min: 0.05, max: 20 },
  lr: { min: 1e-5, max: 10 },
  batch: { min: 1, max: 100 },
  noise: { min: 0, max: 10 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  speed: { min: 1, max: 5000 },
  epochs: { min: 1, max: 100000 },
  seeds: { min: 1, max: 20 },
} as const;

export const modes: readonly Mode[] = ["sgd", "minibatch", "batch"];

/** The parameters a figure of `fn` starts from: the article's choice, else the registry default. */
export function figureParams(fn: ActivationId): Record<string, number> {
  if ((fn as string) === CUSTOM) customActivation();
  const a = getActivation(fn);
  const fig = a.figure as { params?: Readonly<Record<string, number>> };
  const out: Record<string, number> = {};
  for (const p of a.params) out[p.name] = fig.params?.[p.name] ?? p.default;
  return out;
}

export function defaultState(): LabState {
  const fn: ActivationId = "sigmoid";
  return {
    view: "explore",
    lang: "en",
    theme: "auto",
    explore: { fn, params: {}, domain: domainOf(fn), derivative: true },
    compare: { ids: articleActivations.map((a) => a.id), which: "df", domain: [-10, 10] },
    softmax: { logits: [2, 1, 0.1, -1], temperature: 1 },
    regression: { lr: 0.01, mode: "sgd", batch: 10, noise: 1, seed: 1, speed: 30, epochs: 2000 },
    network: defaultNetwork(),
    experiments: { id: null, options: {}, seeds: 0, quick: true },
    expr: DEFAULT_EXPR,
  };
}

export function domainOf(fn: ActivationId): Domain {
  if ((fn as string) === CUSTOM) customActivation();
  const d = getActivation(fn).figure.domain;
  return [d[0], d[1]];
}

/** The full parameter set of the Explore view: figure defaults overridden by the state. */
export function exploreParams(s: ExploreState): Record<string, number> {
  return { ...figureParams(s.fn), ...s.params };
}

export interface Parsed {
  state: LabState;
  /** One line per rejected piece of the URL, naming the bad value and what is allowed. */
  notices: string[];
}

const num = (s: string): number => (s.trim() === "" ? NaN : Number(s));

/** The number in an input box; NaN when it is empty (Number("") would be 0). */
export function boxValue(box: { value: string }): number {
  return box.value.trim() === "" ? NaN : Number(box.value);
}

/** A value from the URL as a notice quotes it: at most 40 characters, so a huge value cannot widen the page. */
export function quote(raw: string): string {
  const chars = Array.from(raw);
  return `"${chars.length > 40 ? `${chars.slice(0, 37).join("")}…" (${chars.length} characters)` : `${raw}"`}`;
}

/**
 * A domain typed into the lab's boxes, made valid or refused: clamped to the limits first, then
 * rounded as the URL writes it, and only then checked — so what is stored always reads back.
 * Returns null when no valid domain is left (say 2000 … 3000, all beyond the limit).
 */
export function normaliseDomain(d: readonly number[]): Domain | null {
  const { min, max, minWidth } = limits.domain;
  if (d.length !== 2 || !d.every(Number.isFinite)) return null;
  const p = Math.max(min, d[0]);
  const q = Math.min(max, d[1]);
  if (!(q - p >= minWidth)) return null;
  // Both ends on one grid a ten-thousandth of the width: short URLs, and panning or zooming
  // keeps the width exact instead of drifting by rounding.
  const digits = Math.max(0, 4 - Math.floor(Math.log10(q - p)));
  const round = (v: number): number => Number(v.toFixed(Math.min(12, digits)));
  const out: Domain = [round(p), round(q)];
  const back = out.map((v) => Number(fmt(v)));
  return back[0] >= min && back[1] <= max && back[1] - back[0] >= minWidth ? out : null;
}

function parseDomain(raw: string, notices: string[], fallback: Domain): Domain {
  const parts = raw.split(",").map(num);
  const { min, max, minWidth } = limits.domain;
  if (parts.length === 2 && parts.every(Number.isFinite) && parts[0] >= min && parts[1] <= max && parts[1] - parts[0] >= minWidth) {
    return [parts[0], parts[1]];
  }
  notices.push(`invalid domain: ${quote(raw)} (must be lo,hi with ${min} ≤ lo < hi ≤ ${max}, hi − lo ≥ ${minWidth})`);
  return fallback;
}

function parseNumber(key: string, raw: string, lo: number, hi: number, fallback: number, notices: string[], integer = false): number {
  const v = num(raw);
  if (Number.isFinite(v) && v >= lo && v <= hi && (!integer || Number.isInteger(v))) return v;
  notices.push(`invalid ${key}: ${quote(raw)} (must be ${integer ? "an integer" : "a number"} in [${lo}, ${hi}])`);
  return fallback;
}

function parseExplore(q: URLSearchParams, base: ExploreState, notices: string[]): ExploreState {
  let fn = base.fn;
  const rawFn = q.get("fn");
  if (rawFn !== null) {
    if ((activationIds as readonly string[]).includes(rawFn) || rawFn === CUSTOM) fn = rawFn as ActivationId;
    // the registry's own message, the same the CLI prints (it lists every id); a very long value is cut short
    else notices.push(unknownActivationMessage(Array.from(rawFn).length > 40 ? quote(rawFn) : rawFn));
  }
  const a = getActivation(fn);
  const params: Record<string, number> = {};
  for (const spec of a.params) {
    const raw = q.get(spec.name);
    if (raw === null) continue;
    const v = num(raw);
    // Each value is checked below together with the others (hardtanh min=2 is valid with max=3),
    // with the registry's message; for a one-parameter function that is the check of the value alone.
    if (Number.isFinite(v)) params[spec.name] = v;
    else notices.push(`invalid ${spec.name} for ${fn}: ${quote(raw)} (must be a finite number)`);
  }
  if (Object.keys(params).length > 0) {
    try {
      a.f(0, { ...figureParams(fn), ...params }); // two parameters that constrain each other (min < max)
    } catch (e) {
      notices.push((e as Error).message);
      for (const k of Object.keys(params)) delete params[k];
    }
  }
  const rawDomain = q.get("domain");
  const domain = rawDomain === null ? domainOf(fn) : parseDomain(rawDomain, notices, domainOf(fn));
  const rawD = q.get("df");
  let derivative = base.derivative;
  if (rawD !== null) {
    if (rawD === "0" || rawD === "1") derivative = rawD === "1";
    else notices.push(`invalid df: ${quote(rawD)} (must be 0 or 1)`);
  }
  return { fn, params, domain, derivative };
}

function parseCompare(q: URLSearchParams, base: CompareState, notices: string[]): CompareState {
  let ids = base.ids;
  const raw = q.get("fns");
  if (raw !== null) {
    const list = raw.split(",").filter((s) => s !== "");
    const bad = list.filter((s) => !(activationIds as readonly string[]).includes(s) && s !== CUSTOM);
    // An empty list is a valid (if blank) choice: the reader unticked every function.
    if (bad.length > 0) {
      notices.push(`invalid fns: ${quote(raw)} (must be a comma-separated list of ${activationIds.join(", ")})`);
    } else ids = [...activationIds.filter((id) => list.includes(id)), ...(list.includes(CUSTOM) ? [CUSTOM as ActivationId] : [])];
  }
  let which = base.which;
  const w = q.get("which");
  if (w !== null) {
    if (w === "f" || w === "df") which = w;
    else notices.push(`invalid which: ${quote(w)} (must be f or df)`);
  }
  const rawDomain = q.get("domain");
  const domain = rawDomain === null ? base.domain : parseDomain(rawDomain, notices, base.domain);
  return { ids, which, domain };
}

function parseSoftmax(q: URLSearchParams, base: SoftmaxState, notices: string[]): SoftmaxState {
  let logits = base.logits;
  const raw = q.get("logits");
  const L = limits.logits;
  if (raw !== null) {
    const list = raw.split(",").map(num);
    if (list.length >= L.minCount && list.length <= L.maxCount && list.every((v) => Number.isFinite(v) && v >= L.min && v <= L.max)) {
      logits = list;
    } else {
      notices.push(`invalid logits: ${quote(raw)} (must be ${L.minCount} to ${L.maxCount} numbers in [${L.min}, ${L.max}], comma-separated)`);
    }
  }
  const t = q.get("t");
  const T = limits.temperature;
  const temperature = t === null ? base.temperature : parseNumber("t (temperature)", t, T.min, T.max, base.temperature, notices);
  return { logits, temperature };
}

function parseRegression(q: URLSearchParams, base: RegressionState, notices: string[]): RegressionState {
  const r = { ...base };
  const get = (key: keyof typeof limits & keyof RegressionState, integer = false): void => {
    const raw = q.get(key);
    if (raw === null) return;
    const lim = limits[key];
    (r[key] as number) = parseNumber(key, raw, lim.min, lim.max, base[key] as number, notices, integer);
  };
  get("lr");
  get("batch", true);
  get("noise");
  get("seed", true);
  get("speed", true);
  get("epochs", true);
  const m = q.get("mode");
  if (m !== null) {
    if ((modes as readonly string[]).includes(m)) r.mode = m as Mode;
    else notices.push(`invalid mode: ${quote(m)} (must be ${modes.join(", ")})`);
  }
  return r;
}

function parseExperiments(q: URLSearchParams, id: string | null, base: ExperimentsState, notices: string[]): ExperimentsState {
  const e: ExperimentsState = { ...base, id, options: {} };
  const seeds = q.get("seeds");
  if (seeds !== null) e.seeds = parseNumber("seeds", seeds, limits.seeds.min, limits.seeds.max, base.seeds, notices, true);
  const quick = q.get("quick");
  if (quick !== null) {
    if (quick === "0" || quick === "1") e.quick = quick === "1";
    else notices.push(`invalid quick: "${quick}" (must be 0 or 1)`);
  }
  // Everything else of an open experiment is one of its options (checked by the view).
  if (id !== null) for (const [k, v] of q) if (!["lang", "theme", "seeds", "quick"].includes(k)) e.options[k] = v;
  return e;
}

const viewKeys: Record<ViewId, readonly string[]> = {
  explore: ["fn", "domain", "df"],
  compare: ["fns", "which", "domain"],
  table: [],
  softmax: ["logits", "t"],
  regression: ["lr", "mode", "batch", "noise", "seed", "speed", "epochs"],
  network: networkKeys,
  experiments: ["seeds", "quick"],
};

/** Reads a location hash such as "#/explore?fn=elu&alpha=0.5&lang=zh". */
export function parseHash(hash: string, base: LabState = defaultState()): Parsed {
  const notices: string[] = [];
  const body = hash.replace(/^#\/?/, "");
  const qAt = body.indexOf("?");
  const rawPath = qAt < 0 ? body : body.slice(0, qAt);
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    notices.push(`malformed view name: ${quote(rawPath)} (bad percent-encoding; known views: ${views.join(", ")})`);
    path = "";
  }
  const q = new URLSearchParams(qAt < 0 ? "" : body.slice(qAt + 1));
  const state: LabState = structuredClone(base);
  // The reader's formula first: the views below may name it as `custom`. Only parsed, never run.
  const expr = q.get("expr");
  if (expr !== null) {
    try {
      setCustom(expr);
      state.expr = expr;
    } catch (e) {
      notices.push(`invalid expr: ${quote(expr)} (${(e as Error).message.split("\n")[0]})`);
    }
  }
  // (Without the parser nothing names the formula: main.ts loads it first for a location that
  // does, and customActivation() registers the default formula when a view first needs it.)
  if (formulaReady()) {
    try {
      setCustom(state.expr);
    } catch {
      state.expr = DEFAULT_EXPR;
      setCustom(DEFAULT_EXPR);
    }
  }
  // #/experiments/<id> opens one experiment.
  const expId = /^experiments\/(.+)$/.exec(path)?.[1] ?? null;
  if (expId !== null) state.view = "experiments";
  else if (path !== "") {
    if ((views as readonly string[]).includes(path)) state.view = path as ViewId;
    else notices.push(`unknown view: ${quote(path)} (known: ${views.join(", ")})`);
  }
  const lang = q.get("lang");
  if (lang !== null) {
    if (lang === "en" || lang === "zh") state.lang = lang;
    else notices.push(`invalid lang: ${quote(lang)} (must be en or zh)`);
  }
  const theme = q.get("theme");
  if (theme !== null) {
    if (theme === "auto" || theme === "light" || theme === "dark") state.theme = theme;
    else notices.push(`invalid theme: ${quote(theme)} (must be auto, light or dark)`);
  }
  switch (state.view) {
    case "explore":
      state.explore = parseExplore(q, base.explore, notices);
      break;
    case "compare":
      state.compare = parseCompare(q, base.compare, notices);
      break;
    case "softmax":
      state.softmax = parseSoftmax(q, base.softmax, notices);
      break;
    case "regression":
      state.regression = parseRegression(q, base.regression, notices);
      break;
    case "network":
      state.network = parseNetwork(q, base.network, notices);
      break;
    case "experiments":
      state.experiments = parseExperiments(q, expId, base.experiments, notices);
      break;
    case "table":
      break;
  }
  // `expr` belongs to the views that can show the reader's formula (as the id `custom`).
  const known = new Set(["lang", "theme", ...viewKeys[state.view], ...(formulaViews.includes(state.view) ? ["expr"] : [])]);
  if (state.view === "explore") for (const p of getActivation(state.explore.fn).params) known.add(p.name);
  if (state.view === "experiments") for (const k of Object.keys(state.experiments.options)) known.add(k);
  for (const key of new Set(q.keys())) {
    if (!known.has(key)) notices.push(`unknown URL parameter for ${state.view}: ${quote(key)} (known: ${[...known].join(", ")})`);
  }
  return { state, notices };
}

const fmt = (v: number): string => String(Number(v.toPrecision(6)));

/** The views where the id `custom` (the URL's `expr`) can appear. */
export const formulaViews: readonly ViewId[] = ["explore", "compare", "network", "experiments"];

/** True when the current view shows the reader's formula (so the link must carry `expr`). */
export function usesCustom(s: LabState): boolean {
  const has = (list: readonly string[]) => list.includes(CUSTOM);
  switch (s.view) {
    case "explore":
      return (s.explore.fn as string) === CUSTOM;
    case "compare":
      return has(s.compare.ids);
    case "network":
      return has(s.network.activations as readonly string[]);
    case "experiments":
      return (s.experiments.options.functions ?? "").split(",").includes(CUSTOM);
    default:
      return false;
  }
}

/** The hash for `s`: the current view and only the values that differ from the defaults. */
export function toHash(s: LabState): string {
  const d = defaultState();
  const q = new URLSearchParams();
  if (s.view === "explore") {
    const e = s.explore;
    q.set("fn", e.fn);
    const fig = figureParams(e.fn);
    for (const [k, v] of Object.entries(e.params)) if (v !== fig[k]) q.set(k, fmt(v));
    const dd = domainOf(e.fn);
    if (e.domain[0] !== dd[0] || e.domain[1] !== dd[1]) q.set("domain", e.domain.map(fmt).join(","));
    // The default shows f′: only "off" is written.
    if (!e.derivative) q.set("df", "0");
  } else if (s.view === "compare") {
    const c = s.compare;
    if (c.ids.join() !== d.compare.ids.join()) q.set("fns", c.ids.join(","));
    if (c.which !== d.compare.which) q.set("which", c.which);
    if (c.domain[0] !== d.compare.domain[0] || c.domain[1] !== d.compare.domain[1]) q.set("domain", c.domain.map(fmt).join(","));
  } else if (s.view === "softmax") {
    const m = s.softmax;
    if (m.logits.join() !== d.softmax.logits.join()) q.set("logits", m.logits.map(fmt).join(","));
    if (m.temperature !== d.softmax.temperature) q.set("t", fmt(m.temperature));
  } else if (s.view === "regression") {
    const r = s.regression;
    for (const k of ["lr", "mode", "batch", "noise", "seed", "speed", "epochs"] as const) {
      if (r[k] !== d.regression[k]) q.set(k, typeof r[k] === "number" ? fmt(r[k]) : r[k]);
    }
  } else if (s.view === "network") networkQuery(s.network, q);
  else if (s.view === "experiments") {
    const x = s.experiments;
    if (x.id !== null) for (const [k, v] of Object.entries(x.options)) q.set(k, v);
    if (x.seeds !== d.experiments.seeds) q.set("seeds", String(x.seeds));
    // The default is the quick settings: only "off" is written.
    if (!x.quick) q.set("quick", "0");
  }
  if (usesCustom(s) && s.expr !== DEFAULT_EXPR) q.set("expr", s.expr);
  if (s.lang !== d.lang) q.set("lang", s.lang);
  if (s.theme !== d.theme) q.set("theme", s.theme);
  const qs = q.toString().replace(/%2C/g, ",");
  const path = s.view === "experiments" && s.experiments.id !== null ? `experiments/${encodeURIComponent(s.experiments.id)}` : s.view;
  return `#/${path}${qs ? `?${qs}` : ""}`;
}
