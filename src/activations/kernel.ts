import { fastBackward, fastForward, fastForwardWithDerivative } from "../kernels/elementwise.js";
import type { Activation, ActivationInfo, Floats, Params } from "./types.js";

/** A scalar function of x and up to two (already validated) parameter values, in the order of the `params` metadata. */
export type Raw = (x: number, a: number, b: number) => number;

/** What `resolve` gives: the one parameter value, or two (hardtanh's min and max, rrelu's lower and upper). */
export type Resolved = number | readonly [number, number];

function isFloats(v: unknown): v is Floats {
  return v instanceof Float64Array || v instanceof Float32Array;
}

/** Boundary checks for the array kernels: types and lengths, with the bad value in the message. */
export function checkInput(id: string, x: unknown): asserts x is Floats {
  if (!isFloats(x)) {
    const got = x === null ? "null" : Array.isArray(x) ? "Array" : typeof x === "object" ? (x as object).constructor?.name : typeof x;
    throw new TypeError(`${id}: expected a Float32Array or Float64Array, got ${got}`);
  }
}

export function checkPartner(id: string, role: string, x: Floats, v: unknown): void {
  if (v === undefined) return;
  checkInput(`${id} ${role}`, v);
  if (v.constructor !== x.constructor) {
    throw new TypeError(`${id}: ${role} must be a ${x.constructor.name} like x, got ${(v as Floats).constructor.name}`);
  }
  if (v.length !== x.length) {
    throw new RangeError(`${id}: ${role} has length ${v.length} but x has length ${x.length}`);
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
  resolve: (p: Params | undefined) => Resolved,
): Activation<Id> {
  const id = info.id;
  const args = (p: Params | undefined): readonly [number, number] => {
    const r = resolve(p);
    return typeof r === "number" ? [r, 0] : r;
  };
  return {
    ...info,
    kind: "elementwise",
    f: (x, p) => {
      const [a, b] = args(p);
      return f(x, a, b);
    },
    df: (x, p) => {
      const [a, b] = args(p);
      return df(x, a, b);
    },
    forward(x, p, out) {
      checkInput(id, x);
      checkPartner(id, "out", x, out);
      const [a, b] = args(p);
      const y = out ?? alloc(x);
      if (x instanceof Float32Array && fastForward(id, x, y as Float32Array, a, b)) return y;
      for (let i = 0; i < x.length; i++) y[i] = f(x[i], a, b);
      return y;
    },
    backward(x, dy, p, out) {
      checkInput(id, x);
      checkPartner(id, "dy", x, dy);
      checkPartner(id, "out", x, out);
      const [a, b] = args(p);
      const dx = out ?? alloc(x);
      if (x instanceof Float32Array && fastBackward(id, x, dy as Float32Array, dx as Float32Array, a, b)) return dx;
      for (let i = 0; i < x.length; i++) dx[i] = dy[i] * df(x[i], a, b);
      return dx;
    },
    forwardWithDerivative(x, p, y, d) {
      checkInput(id, x);
      checkPartner(id, "y", x, y);
      checkPartner(id, "d", x, d);
      const [a, b] = args(p);
      const yy = y ?? alloc(x);
      const dd = d ?? alloc(x);
      if (x instanceof Float32Array && fastForwardWithDerivative(id, x, yy as Float32Array, dd as Float32Array, a, b)) return { y: yy, d: dd };
      for (let i = 0; i < x.length; i++) {
        yy[i] = f(x[i], a, b);
        dd[i] = df(x[i], a, b);
      }
      return { y: yy, d: dd };
    },
  };
}
