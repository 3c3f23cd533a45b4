import { elu } from "./elu.js";
import { leakyRelu } from "./leaky-relu.js";
import { prelu } from "./prelu.js";
import { relu } from "./relu.js";
import { selu } from "./selu.js";
import { sigmoid } from "./sigmoid.js";
import { softmaxInfo } from "./softmax.js";
import { tanh } from "./tanh.js";
import type { ActivationInfo } from "./types.js";

/**
 * The elementwise activations, in the article's order. Adding one here adds it everywhere.
 *
 * @example
 * activations.map((a) => a.id);   // ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "prelu", "selu"]
 * activations[0].f(0);            // 0.5
 */
export const activations = [sigmoid, tanh, relu, leakyRelu, elu, prelu, selu] as const;

/**
 * The id of an elementwise activation of the registry, kebab-case (`"leaky-relu"`).
 */
export type ActivationId = (typeof activations)[number]["id"];
/**
 * Any elementwise activation of the registry (the union of their exact types).
 */
export type AnyActivation = (typeof activations)[number];

/**
 * Every function of the article, elementwise and vector (softmax last, as in the article).
 *
 * @example
 * catalog.length;                              // 8
 * catalog.at(-1)?.id;                          // "softmax"
 * catalog.map((a) => a.names.zh).join(" ");    // the Chinese names, in the article's order
 */
export const catalog: readonly ActivationInfo[] = [...activations, softmaxInfo];

/**
 * The ids of `activations`, in the same order (what the CLI and the lab offer to choose from).
 *
 * @example
 * activationIds.includes("elu");   // true
 * activationIds.length;            // 7
 */
export const activationIds: readonly ActivationId[] = activations.map((a) => a.id);

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
  const found = activations.find((a) => a.id === id);
  if (found) return found;
  if (id === softmaxInfo.id) {
    throw new Error(`softmax is a vector function, not an elementwise activation: use softmax(x, { size }) (elementwise ids: ${activationIds.join(", ")})`);
  }
  throw new Error(`unknown activation: ${String(id)} (known: ${activationIds.join(", ")})`);
}

/**
 * Metadata of any function of the article by id, softmax included.
 *
 * @example
 * getInfo("softmax").names.en;    // "Normalised exponential"
 * getInfo("selu").constants[0].text;   // "1.6732632423543772848170429916717" (α)
 */
export function getInfo(id: string): ActivationInfo {
  const found = catalog.find((a) => a.id === id);
  if (!found) throw new Error(`unknown activation: ${String(id)} (known: ${catalog.map((a) => a.id).join(", ")})`);
  return found;
}
