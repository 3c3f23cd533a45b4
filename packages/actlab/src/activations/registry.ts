import { celu } from "./celu.js";
import { elu } from "./elu.js";
import { gelu } from "./gelu.js";
import { geluTanh } from "./gelu-tanh.js";
import { hardshrink } from "./hardshrink.js";
import { hardsigmoid } from "./hardsigmoid.js";
import { hardswish } from "./hardswish.js";
import { hardtanh } from "./hardtanh.js";
import { leakyRelu } from "./leaky-relu.js";
import { logSigmoid } from "./log-sigmoid.js";
import { mish } from "./mish.js";
import { prelu } from "./prelu.js";
import { relu } from "./relu.js";
import { relu6 } from "./relu6.js";
import { rrelu } from "./rrelu.js";
import { selu } from "./selu.js";
import { sigmoid } from "./sigmoid.js";
import { silu } from "./silu.js";
import { softmaxInfo } from "./softmax.js";
import { softplus } from "./softplus.js";
import { softshrink } from "./softshrink.js";
import { softsign } from "./softsign.js";
import { tanh } from "./tanh.js";
import { tanhshrink } from "./tanhshrink.js";
import { threshold } from "./threshold.js";
import type { Activation, ActivationInfo, Bilingual } from "./types.js";

/**
 * The article's seven elementwise functions, in its order.
 *
 * @example
 * articleActivations.map((a) => a.id);   // ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"]
 */
export const articleActivations = [sigmoid, tanh, relu, leakyRelu, elu, prelu, selu] as const;

/**
 * The activations in use beyond the article: PyTorch's elementwise set (issue 10).
 *
 * @example
 * moreActivations[0].id;                 // "gelu"
 * moreActivations.length;                // 17
 */
export const moreActivations = [
  gelu,
  geluTanh,
  silu,
  mish,
  softplus,
  softsign,
  hardtanh,
  relu6,
  hardsigmoid,
  hardswish,
  celu,
  logSigmoid,
  tanhshrink,
  softshrink,
  hardshrink,
  threshold,
  rrelu,
] as const;

/**
 * The elementwise activations, the article's first. Adding one here adds it everywhere.
 *
 * @example
 * activations.slice(0, 3).map((a) => a.id);   // ["sigmoid", "tanh", "relu"]
 * activations.length;                         // 24
 * activations[0].f(0);                        // 0.5
 */
export const activations = [...articleActivations, ...moreActivations] as const;

/**
 * The id of an elementwise activation of the registry, kebab-case (`"leaky-relu"`).
 */
export type ActivationId = (typeof activations)[number]["id"];
/**
 * Any elementwise activation of the registry (the union of their exact types).
 */
export type AnyActivation = (typeof activations)[number];

/**
 * Every function, elementwise and vector: the article's eight (softmax last, as in the article),
 * then the others.
 *
 * @example
 * catalog.length;                              // 25
 * catalog[7].id;                               // "softmax"
 * catalog.slice(0, 8).map((a) => a.names.zh).join(" ");   // the article's Chinese names, in its order
 */
export const catalog: readonly ActivationInfo[] = [...articleActivations, softmaxInfo, ...moreActivations];

/**
 * The ids of `activations`, in the same order (what the CLI and the lab offer to choose from).
 *
 * @example
 * activationIds.includes("elu");   // true
 * activationIds.length;            // 7
 */
export const activationIds: readonly ActivationId[] = activations.map((a) => a.id);

/** How the faces group the functions: the article's eight (softmax included) first, then the others. */
export type GroupId = "article" | "more";
/** One group of functions, with its title in both languages. */
export interface Group {
  readonly id: GroupId;
  readonly title: Bilingual;
  /** Every function of the group, elementwise and vector, in display order. */
  readonly ids: readonly string[];
}
/**
 * The groups in display order: the article's eight, then the others.
 *
 * @example
 * groups.map((g) => g.id);      // ["article", "more"]
 * groups[0].ids.at(-1);         // "softmax"
 */
export const groups: readonly Group[] = [
  {
    id: "article",
    title: { en: "The article's eight", zh: "原文的八个函数" },
    ids: [...articleActivations.map((a) => a.id), softmaxInfo.id],
  },
  {
    id: "more",
    title: { en: "More in use today (PyTorch's elementwise set)", zh: "更多常用函数（PyTorch 的逐元素激活）" },
    ids: moreActivations.map((a) => a.id),
  },
];

/**
 * The group a function belongs to ("article" or "more").
 *
 * @example
 * groupOf("elu");    // "article"
 * groupOf("gelu");   // "more"
 */
export function groupOf(id: string): GroupId {
  return groups.find((g) => g.ids.includes(id))?.id ?? "more";
}

/**
 * The one message every face gives for an unknown id: it names the id and lists every known one.
 *
 * @example
 * unknownActivationMessage("swish");   // "unknown activation: swish (known: sigmoid, tanh, …)"
 */
export function unknownActivationMessage(id: string): string {
  return `unknown activation: ${String(id)} (known: ${[...catalog.map((a) => a.id), ...registered.keys()].join(", ")})`;
}

/** Activations added with registerActivation, by id. */
const registered = new Map<string, Activation>();

/**
 * True when `id` names one of actlab's own functions (softmax included), which no registered
 * activation may shadow.
 *
 * @example
 * isBuiltinActivation("relu");            // true
 * isBuiltinActivation("x*sigmoid(x)");    // false
 */
export function isBuiltinActivation(id: string): boolean {
  return catalog.some((a) => a.id === id);
}

/**
 * Makes an elementwise activation (a formula from `parseActivation`, or any object with the
 * registry's interface) usable by its id wherever an id is taken: `getActivation`, the nn
 * layers, training, experiments, figures and `actlab/tfjs`. Registering the same id again
 * replaces the earlier one; a built-in id cannot be taken (an Error says so).
 *
 * @example
 * registerActivation(parseActivation("x*sigmoid(1.702*x)", { id: "quick-gelu" }));
 * getActivation("quick-gelu").f(1);        // 0.8457…
 * new Activation("quick-gelu");            // an actlab/nn layer with it
 * registerActivation(parseActivation("x", { id: "relu" }));   // throws: relu is a built-in activation
 */
export function registerActivation(activation: Activation): void {
  const a = activation as Partial<Activation> | null;
  if (!a || typeof a !== "object") throw new TypeError(`registerActivation: expected an activation object, got ${String(activation)}`);
  if (typeof a.id !== "string" || a.id.trim() === "") throw new TypeError("registerActivation: the activation needs a non-empty string id");
  if (isBuiltinActivation(a.id)) throw new Error(`registerActivation: ${a.id} is a built-in activation and cannot be replaced; choose another id`);
  if (a.kind !== "elementwise") throw new TypeError(`registerActivation: ${a.id} must be elementwise (kind "elementwise")`);
  for (const m of ["f", "df", "forward", "backward", "forwardWithDerivative"] as const) {
    if (typeof a[m] !== "function") throw new TypeError(`registerActivation: ${a.id} has no ${m} function`);
  }
  registered.set(a.id, activation);
}

/**
 * Removes a registered activation; true when there was one. Built-ins cannot be removed.
 *
 * @example
 * unregisterActivation("quick-gelu");   // true, then getActivation("quick-gelu") throws
 */
export function unregisterActivation(id: string): boolean {
  return registered.delete(id);
}

/**
 * The activations registered so far, in the order they were added.
 *
 * @example
 * registeredActivations().map((a) => a.id);   // ["quick-gelu"]
 */
export function registeredActivations(): readonly Activation[] {
  return [...registered.values()];
}

/**
 * A number that tells the functions apart in seeded random streams: the registry position
 * (1-based) of a built-in; a stable hash of the id, above every built-in, for a registered one.
 *
 * @example
 * streamOf("sigmoid");   // 1
 */
export function streamOf(id: string): number {
  const i = activations.findIndex((a) => a.id === id);
  if (i >= 0) return i + 1;
  let h = 2166136261;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 16777619) >>> 0;
  return 1000 + (h % 1_000_000);
}

/**
 * The elementwise activation with this id; an Error names the id and lists the known ones.
 *
 * @example
 * getActivation("relu").df(0);   // 1 (the right-hand derivative at the kink)
 * getActivation("gelu-ish");     // throws Error: unknown activation: gelu-ish (known: …)
 */
export function getActivation<Id extends ActivationId>(id: Id): Extract<AnyActivation, { id: Id }>;
export function getActivation(id: string): AnyActivation;
export function getActivation(id: string): AnyActivation {
  const found = activations.find((a) => a.id === id) ?? (registered.get(id) as AnyActivation | undefined);
  if (found) return found;
  if (id === softmaxInfo.id) {
    throw new Error(`softmax is a vector function, not an elementwise activation: use softmax(x, { size }) (elementwise ids: ${activationIds.join(", ")})`);
  }
  throw new Error(unknownActivationMessage(id));
}

/**
 * Metadata of any function of the article by id, softmax included.
 *
 * @example
 * getInfo("softmax").names.en;    // "Normalised exponential"
 * getInfo("selu").constants[0].text;   // "1.6732632423543772848170429916717" (α)
 */
export function getInfo(id: string): ActivationInfo {
  const found = catalog.find((a) => a.id === id) ?? registered.get(id);
  if (!found) throw new Error(unknownActivationMessage(id));
  return found;
}
