// "Your own…": the formula of the URL's `expr`, registered under the id `custom`, so every view
// (and the workers, which register it again from the text) takes it like a registry function.
// The text is only parsed (actlab's formula grammar), never run as code.
import { getActivation, registerActivation } from "../../packages/actlab/src/activations/registry.js";
import { type FormulaActivation, parseActivation } from "../../packages/actlab/src/formula/index.js";

/** The id that stands for the formula in the URL and in the views. */
export const CUSTOM = "custom";

/** The formula offered before the reader types one (Swish with its β as a slider). */
export const DEFAULT_EXPR = "x*sigmoid(beta*x); beta = 1";

const NAMES = { en: "Your own", zh: "自定义" };

let current: FormulaActivation | null = null;

/** Parses `text` and registers it as `custom`; throws the parser's FormulaError (with column) and registers nothing. */
export function setCustom(text: string): FormulaActivation {
  if (current && current.formula === text.trim()) return current;
  const a = parseActivation(text, { id: CUSTOM, names: NAMES });
  registerActivation(a);
  current = a;
  return a;
}

/** The registered `custom` formula (the default one until the reader types another). */
export function customActivation(): FormulaActivation {
  return current ?? setCustom(DEFAULT_EXPR);
}

/** True when `id` is the custom formula. */
export const isCustom = (id: string): boolean => id === CUSTOM;

/** The registry entry of any id the lab offers, `custom` included (registering the default formula if need be). */
export function activationOf(id: string): ReturnType<typeof getActivation> {
  if (isCustom(id)) customActivation();
  return getActivation(id);
}
