import { elu } from "./elu.js";
import { leakyRelu } from "./leaky-relu.js";
import { prelu } from "./prelu.js";
import { relu } from "./relu.js";
import { selu } from "./selu.js";
import { sigmoid } from "./sigmoid.js";
import { softmaxInfo } from "./softmax.js";
import { tanh } from "./tanh.js";
import type { ActivationInfo } from "./types.js";

/** The elementwise activations, in the article's order. Adding one here adds it everywhere. */
export const activations = [sigmoid, tanh, relu, leakyRelu, elu, prelu, selu] as const;

export type ActivationId = (typeof activations)[number]["id"];
export type AnyActivation = (typeof activations)[number];

/** Every function of the article, elementwise and vector (softmax last, as in the article). */
export const catalog: readonly ActivationInfo[] = [...activations, softmaxInfo];

export const activationIds: readonly ActivationId[] = activations.map((a) => a.id);

/** The elementwise activation with this id; an Error names the id and lists the known ones. */
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

/** Metadata of any function of the article by id, softmax included. */
export function getInfo(id: string): ActivationInfo {
  const found = catalog.find((a) => a.id === id);
  if (!found) throw new Error(`unknown activation: ${String(id)} (known: ${catalog.map((a) => a.id).join(", ")})`);
  return found;
}
