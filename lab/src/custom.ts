// "Your own…": the formula of the URL's `expr`, registered under the id `custom`, so every view
// (and the workers, which register it again from the text) takes it like a registry function.
// The text is only parsed (actlab's formula grammar), never run as code.
//
// The parser is not part of the first view (issue 25: ≤ 220 KB of JavaScript): it loads with
// loadFormula() — before the first parse of a location that names the formula (main.ts asks
// needsFormula), with the views that offer it (Compare, Network, Experiments), or when the
// browser is idle after the first view. The workers and Node install it statically (useFormula).
import { getActivation, registerActivation } from "../../packages/actlab/src/activations/registry.js";
import type { FormulaActivation } from "../../packages/actlab/src/formula/index.js";

type Formula = Pick<typeof import("../../packages/actlab/src/formula/index.js"), "parseActivation">;

/** The id that stands for the formula in the URL and in the views. */
export const CUSTOM = "custom";

/** The formula offered before the reader types one (Swish with its β as a slider). */
export const DEFAULT_EXPR = "x*sigmoid(beta*x); beta = 1";

const NAMES = { en: "Your own", zh: "自定义" };

let current: FormulaActivation | null = null;
let formula: Formula | null = null;
let loading: Promise<void> | null = null;

/** Installs the formula parser (a worker or a test that imported it statically). */
export function useFormula(f: Formula): void {
  formula = f;
}

/** Loads the formula parser (its own chunk in the lab); resolves at once when it is there. */
export function loadFormula(): Promise<void> {
  if (formula) return Promise.resolve();
  loading ??= import("../../packages/actlab/src/formula/index.js").then((m) => useFormula(m));
  return loading;
}

/** True when the parser has loaded, so setCustom and customActivation can run. */
export const formulaReady = (): boolean => formula !== null;

/**
 * True when a location hash needs the parser to be read: it carries `expr` or names the id
 * `custom` in any value (over-inclusive is harmless: it only loads the parser earlier).
 */
export function needsFormula(hash: string): boolean {
  const qAt = hash.indexOf("?");
  if (qAt < 0) return false;
  const q = new URLSearchParams(hash.slice(qAt + 1));
  if (q.has("expr")) return true;
  for (const v of q.values()) if (v.includes(CUSTOM)) return true;
  return false;
}

/** Parses `text` and registers it as `custom`; throws the parser's FormulaError (with column) and registers nothing. */
export function setCustom(text: string): FormulaActivation {
  if (current && current.formula === text.trim()) return current;
  if (!formula) throw new Error("the formula parser has not loaded yet (await loadFormula() first)");
  const a = formula.parseActivation(text, { id: CUSTOM, names: NAMES });
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
