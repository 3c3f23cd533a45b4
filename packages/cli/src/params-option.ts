/**
 * `--param name=value` (repeatable) and `--alpha a`: the parameters of any registry function as
 * typed on the command line, checked against its metadata with the registry's own messages.
 */
import { getActivation, getInfo, unknownActivationMessage } from "actlab";
import { validateParams } from "actlab";
import type { Params } from "actlab";
import { UsageError } from "./errors.js";
import { parseNumber } from "./parse.js";

/** commander's collector for a repeatable option. */
export function collectParam(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The registry's lookup of any id (softmax included), its message turned into a usage error. */
export function knownId(id: string): string {
  try {
    return getInfo(id).id;
  } catch {
    throw new UsageError(unknownActivationMessage(id));
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

