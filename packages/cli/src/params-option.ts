/**
 * `--param name=value` (repeatable) and `--alpha a`: the parameters of any registry function as
 * typed on the command line, checked against its metadata with the registry's own messages.
 */
import { FormulaError, getActivation, getInfo, isBuiltinActivation, resolveActivation, unknownActivationMessage, type FormulaActivation } from "actlab";
import { validateParams } from "actlab";
import type { Params } from "actlab";
import { UsageError } from "./errors.js";
import { parseNumber } from "./parse.js";

/** commander's collector for a repeatable option. */
export function collectParam(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The registry's lookup of any id (softmax included); any other text is read as a formula
 * (parsed, registered under its text, its check problems printed as warnings). Mistakes become
 * usage errors: an unknown bare word lists the ids, a bad formula shows its column and caret.
 */
export function knownId(id: string): string {
  try {
    return getInfo(id).id;
  } catch {
    return formulaId(id);
  }
}

/** A formula (or a registered id) as an id, or a usage error with the registry's or the parser's message. */
export function formulaId(text: string): string {
  try {
    const a = resolveActivation(text) as Partial<FormulaActivation>;
    for (const p of a.check?.problems ?? []) process.stderr.write(`warning: ${text}: ${p}\n`);
    return a.id as string;
  } catch (e) {
    if (e instanceof FormulaError) throw new UsageError(e.message);
    throw new UsageError(isBuiltinActivation(text) ? (e as Error).message : unknownActivationMessage(text));
  }
}

/** The parameters given by --alpha and --param name=value for function `id`, validated; undefined when none. */
export function paramsFromOptions(id: string, alpha: string | undefined, list: readonly string[] = []): Params | undefined {
  if (alpha === undefined && list.length === 0) return undefined;
  const info = getInfo(id);
  const out: Record<string, number> = {};
  if (alpha !== undefined) {
    if (!info.params.some((s) => s.name === "alpha")) throw new UsageError(`${id} has no parameter alpha (got --alpha ${alpha})`);
    out.alpha = parseNumber(alpha, "alpha");
  }
  for (const item of list) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(item.trim());
    if (!m) throw new UsageError(`invalid --param: '${item}' (expected name=value, e.g. --param beta=2)`);
    out[m[1]] = parseNumber(m[2], m[1]);
  }
  try {
    validateParams(info, out);
    // functions with two related parameters (hardtanh's min < max) check them together when called
    if (info.kind === "elementwise") getActivation(id).f(0, out);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return out;
}

