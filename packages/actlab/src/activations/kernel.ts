import { fastBackward, fastForward, fastForwardWithDerivative } from "../kernels/elementwise.js";
import type { Activation, ActivationInfo, Floats, Params } from "./types.js";

/** A scalar function of x and one (already validated) parameter value. */
export type Raw = (x: number, a: number) => number;

function isFloats(v: unknown): v is Floats {
  return v instanceof Float64Array || v instanceof Float32Array;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an Array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "an object";
  return typeof v;
}

/**
 * Boundary checks for the array kernels: types and lengths, with the bad value in the message.
 * One rule everywhere: only Float32Array and Float64Array, never plain arrays (a silent copy
 * would hide a float64 → float32 choice and turn strings into NaN).
 */
export function checkInput(id: string, x: unknown, role = "x"): asserts x is Floats {
  if (!isFloats(x)) {
    const fix = Array.isArray(x) ? "; convert with Float64Array.from(array)" : "";
    throw new TypeError(`${id}: ${role} must be a Float32Array or Float64Array, got ${describe(x)}${fix}`);
  }
}

/** Arguments that may not be left out (an output may: it is then allocated). */
const REQUIRED = new Set(["dy"]);

/**
 * A partner array of x (dy, out, y, d): same type and length. Exactly the same memory as x is
 * allowed (in place); a partial overlap would make the result depend on the backend's order.
 */
export function checkPartner(id: string, role: string, x: Floats, v: unknown): void {
  if (v === undefined) {
    if (REQUIRED.has(role)) throw new TypeError(`${id}: ${role} is missing (expected a ${x.constructor.name} of length ${x.length}, like x)`);
    return;
  }
  checkInput(id, v, role);
  if (v.constructor !== x.constructor) {
    throw new TypeError(`${id}: ${role} must be a ${x.constructor.name} like x, got ${v.constructor.name}`);
  }
  if (v.length !== x.length) {
    throw new RangeError(`${id}: ${role} has length ${v.length} but x has length ${x.length}`);
  }
  checkOverlap(id, role, x, v);
}

/**
 * Rejects two views of one buffer whose byte ranges intersect without being the same range
 * (and the same range too when `sameOk` is false: two outputs cannot share memory).
 */
export function checkOverlap(id: string, role: string, a: Floats, b: Floats, other = "x", sameOk = true): void {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return;
  if (a.byteOffset === b.byteOffset && a.byteLength === b.byteLength) {
    if (sameOk) return;
    throw new RangeError(`${id}: ${role} and ${other} are the same memory (give two separate arrays)`);
  }
  if (a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength) {
    throw new RangeError(`${id}: ${role} partly overlaps ${other} (use the same array for in place, or separate memory)`);
  }
}

/** The options object of a row function: undefined or an object. */
export function checkOptions(id: string, opts: unknown): void {
  if (opts !== undefined && (opts === null || typeof opts !== "object")) {
    throw new TypeError(`${id}: options must be an object such as { size, out } or left out, got ${describe(opts)}`);
  }
}

export function alloc<T extends Floats>(x: T): T {
  return new (x.constructor as new (n: number) => T)(x.length);
}

/**
 * The array kernels of an elementwise function from its exact scalar pieces. Each value is
 * computed in float64 and rounded once when stored, so a Float32Array result is the
 * correctly rounded float32 of a float64 value that is itself within 2 ulp. Float32Arrays go
 * through the WebAssembly SIMD kernels instead when that backend is on (src/kernels, within
 * 4 float32 ulp); Float64Arrays always take this exact path.
 */
export function elementwise<Id extends string>(
  info: ActivationInfo & { id: Id },
  f: Raw,
  df: Raw,
  resolve: (p: Params | undefined) => number,
): Activation<Id> {
  const id = info.id;
  return {
    ...info,
    kind: "elementwise",
    f: (x, p) => f(x, resolve(p)),
    df: (x, p) => df(x, resolve(p)),
    forward(x, p, out) {
      checkInput(id, x);
      checkPartner(id, "out", x, out);
      const a = resolve(p);
      const y = out ?? alloc(x);
      if (x instanceof Float32Array && fastForward(id, x, y as Float32Array, a)) return y;
      for (let i = 0; i < x.length; i++) y[i] = f(x[i], a);
      return y;
    },
    backward(x, dy, p, out) {
      checkInput(id, x);
      checkPartner(id, "dy", x, dy);
      checkPartner(id, "out", x, out);
      if (out) checkOverlap(id, "out", dy, out, "dy");
      const a = resolve(p);
      const dx = out ?? alloc(x);
      if (x instanceof Float32Array && fastBackward(id, x, dy as Float32Array, dx as Float32Array, a)) return dx;
      for (let i = 0; i < x.length; i++) dx[i] = dy[i] * df(x[i], a);
      return dx;
    },
    forwardWithDerivative(x, p, y, d) {
      checkInput(id, x);
      checkPartner(id, "y", x, y);
      checkPartner(id, "d", x, d);
      if (y && d) checkOverlap(id, "d", y, d, "y", false);
      const a = resolve(p);
      const yy = y ?? alloc(x);
      const dd = d ?? alloc(x);
      if (x instanceof Float32Array && fastForwardWithDerivative(id, x, yy as Float32Array, dd as Float32Array, a)) return { y: yy, d: dd };
      // Read x[i] once, before writing: y or d may be x itself (in place).
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        yy[i] = f(v, a);
        dd[i] = df(v, a);
      }
      return { y: yy, d: dd };
    },
  };
}
