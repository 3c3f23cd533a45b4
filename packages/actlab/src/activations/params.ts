import type { ActivationInfo, ParamSpec, Params, ParamValue } from "./types.js";

/**
 * "[0, 1]", "(0, ∞)", "(−∞, ∞)": the interval a parameter must lie in.
 *
 * @example
 * describeRange(getInfo("elu").params[0]);          // "(0, ∞)"
 * describeRange(getInfo("leaky-relu").params[0]);   // "[0, 1]"
 */
export function describeRange(spec: ParamSpec): string {
  const lo = spec.min === -Infinity ? "(−∞" : `${spec.minExclusive ? "(" : "["}${spec.min}`;
  const hi = spec.max === Infinity ? "∞)" : `${spec.max}]`;
  return `${lo}, ${hi}`;
}

/**
 * A value as a message quotes it: numbers as they print, a string in quotes and named as one
 * (so "0.1" and 0.1 can be told apart), anything else with its type.
 */
export function shown(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return `${JSON.stringify(v)} (a string)`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `[${v.map((e) => (typeof e === "string" ? JSON.stringify(e) : String(e))).join(", ")}] (an array)`;
  if (typeof v === "object") return `${(v as object).constructor?.name ?? "an object"} (an object)`;
  return `${String(v)} (a ${typeof v})`;
}

function checkValue(info: ActivationInfo, spec: ParamSpec, v: number, where = ""): void {
  const ok =
    typeof v === "number" &&
    Number.isFinite(v) &&
    (spec.minExclusive ? v > spec.min : v >= spec.min) &&
    v <= spec.max;
  if (!ok) {
    throw new RangeError(
      `invalid ${spec.name}${where} for ${info.id}: ${shown(v)} (must be a finite number in ${describeRange(spec)})`,
    );
  }
}

function checkKeys(info: ActivationInfo, p: Params): void {
  for (const key of Object.keys(p)) {
    if (p[key] === undefined) continue;
    if (!info.params.some((s) => s.name === key)) {
      const known = info.params.map((s) => s.name);
      throw new RangeError(
        known.length === 0
          ? `${info.id} has no parameters (got ${key})`
          : `unknown parameter ${key} for ${info.id} (known: ${known.join(", ")})`,
      );
    }
  }
}

function specOf(info: ActivationInfo, name: string): ParamSpec {
  const spec = info.params.find((s) => s.name === name);
  if (!spec) throw new Error(`internal: ${info.id} declares no parameter ${name}`);
  return spec;
}

/**
 * Validates `p` against the metadata of `info` (unknown names, non-numbers, out of range).
 *
 * @example
 * validateParams(elu, { alpha: 0.5 });   // fine: returns undefined
 * validateParams(elu, { alpha: -1 });    // throws RangeError: invalid alpha for elu: -1 (must be a finite number in (0, ∞))
 * validateParams(elu, { beta: 1 });      // throws RangeError: unknown parameter beta for elu (…)
 */
export function validateParams(info: ActivationInfo, p: Params | undefined): void {
  if (p === undefined || p === null) return;
  if (typeof p !== "object") throw new RangeError(`params for ${info.id} must be an object, got ${String(p)}`);
  checkKeys(info, p);
  for (const spec of info.params) {
    const v = p[spec.name];
    if (v === undefined) continue;
    if (typeof v === "number") checkValue(info, spec, v);
    else if (spec.perChannel && isArrayLike(v)) {
      if (v.length === 0) throw new RangeError(`invalid ${spec.name} for ${info.id}: empty array (need one value or one per channel)`);
      for (let i = 0; i < v.length; i++) checkValue(info, spec, v[i], `[${i}]`);
    } else {
      throw new RangeError(`invalid ${spec.name} for ${info.id}: ${shown(v)} (must be a number${spec.perChannel ? " or an array of numbers" : ""})`);
    }
  }
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return typeof v === "object" && v !== null && typeof (v as ArrayLike<number>).length === "number";
}

/** The validated scalar value of parameter `name` (its default when omitted). */
export function scalarParam(info: ActivationInfo, p: Params | undefined, name: string): number {
  const spec = specOf(info, name);
  if (p === undefined || p === null) return spec.default;
  validateParams(info, p);
  const v: ParamValue | undefined = p[name];
  if (v === undefined) return spec.default;
  if (typeof v === "number") return v;
  if (v.length === 1) return v[0];
  throw new RangeError(`invalid ${name} for ${info.id}: a scalar function takes one ${name}, got ${v.length} values`);
}

/** The validated value of a per-channel parameter: a number or an array of channel values. */
export function channelParam(info: ActivationInfo, p: Params | undefined, name: string): number | ArrayLike<number> {
  const spec = specOf(info, name);
  if (p === undefined || p === null) return spec.default;
  validateParams(info, p);
  const v = p[name];
  return v === undefined ? spec.default : v;
}

/** Checks that no parameters were given to a function that has none. */
export function noParams(info: ActivationInfo, p: Params | undefined): void {
  if (p !== undefined && p !== null) validateParams(info, p);
}

/**
 * The validated values of two parameters that constrain each other (hardtanh's min < max,
 * rrelu's lower ≤ upper), in the order given. `strict` asks for first < second.
 */
export function scalarPair(info: ActivationInfo, p: Params | undefined, first: string, second: string, strict: boolean): readonly [number, number] {
  const a = scalarParam(info, p, first);
  const b = scalarParam(info, p, second);
  if (strict ? !(a < b) : !(a <= b)) {
    throw new RangeError(`invalid ${first} for ${info.id}: ${a} (must be ${strict ? "less than" : "at most"} ${second} = ${b})`);
  }
  return [a, b];
}
