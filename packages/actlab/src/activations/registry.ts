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
import type { ActivationInfo, Bilingual } from "./types.js";

/** The article's seven elementwise functions, in its order. */
export const articleActivations = [sigmoid, tanh, relu, leakyRelu, elu, prelu, selu] as const;

/** The activations in use beyond the article: PyTorch's elementwise set (issue 10). */
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

/** The elementwise activations, the article's first. Adding one here adds it everywhere. */
export const activations = [...articleActivations, ...moreActivations] as const;

export type ActivationId = (typeof activations)[number]["id"];
export type AnyActivation = (typeof activations)[number];

/** Every function, elementwise and vector: the article's eight (softmax last, as in the article), then the others. */
export const catalog: readonly ActivationInfo[] = [...articleActivations, softmaxInfo, ...moreActivations];

export const activationIds: readonly ActivationId[] = activations.map((a) => a.id);

/** How the faces group the functions: the article's eight (softmax included) first, then the others. */
export type GroupId = "article" | "more";
export interface Group {
  readonly id: GroupId;
  readonly title: Bilingual;
  /** Every function of the group, elementwise and vector, in display order. */
  readonly ids: readonly string[];
}
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

/** The group a function belongs to ("article" or "more"). */
export function groupOf(id: string): GroupId {
  return groups.find((g) => g.ids.includes(id))?.id ?? "more";
}

/** The one message every face gives for an unknown id: it names the id and lists every known one. */
export function unknownActivationMessage(id: string): string {
  return `unknown activation: ${String(id)} (known: ${catalog.map((a) => a.id).join(", ")})`;
}

/** The elementwise activation with this id; an Error names the id and lists the known ones. */
export function getActivation<Id extends ActivationId>(id: Id): Extract<AnyActivation, { id: Id }>;
export function getActivation(id: string): AnyActivation;
export function getActivation(id: string): AnyActivation {
  const found = activations.find((a) => a.id === id);
  if (found) return found;
  if (id === softmaxInfo.id) {
    throw new Error(`softmax is a vector function, not an elementwise activation: use softmax(x, { size }) (elementwise ids: ${activationIds.join(", ")})`);
  }
  throw new Error(unknownActivationMessage(id));
}

/** Metadata of any function of the article by id, softmax included. */
export function getInfo(id: string): ActivationInfo {
  const found = catalog.find((a) => a.id === id);
  if (!found) throw new Error(unknownActivationMessage(id));
  return found;
}
