/**
 * Errors in units in the last place (ulp). The golden data holds each exact value to 25
 * significant digits; the error of a result is |got − exact| / ulp(exact), a real number
 * (so 0.5 means correctly rounded in the worst case, and ties cannot confuse the count).
 */
import { Decimal } from "decimal.js";

/** The exact value as an unevaluated sum hi + lo of two doubles. */
export interface Exact {
  hi: number;
  lo: number;
}

export function exact(text: string): Exact {
  const hi = Number(text);
  if (!Number.isFinite(hi)) return { hi, lo: 0 };
  const lo = Number(new Decimal(text).minus(new Decimal(hi === 0 ? "0" : hi.toPrecision(60))).toPrecision(20));
  return { hi, lo };
}

function binade(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/** The spacing of doubles (mantissa 52 bits) or floats (23 bits) around |v|. */
export function ulpOf(v: number, mantissaBits: 52 | 23): number {
  const minExp = mantissaBits === 52 ? -1074 : -149;
  const a = Math.abs(v);
  if (a === 0) return 2 ** minExp;
  return 2 ** Math.max(binade(a) - mantissaBits, minExp);
}

function error(got: number, want: Exact, bits: 52 | 23): number {
  if (Number.isNaN(want.hi)) return Number.isNaN(got) ? 0 : Infinity;
  if (Number.isNaN(got)) return Infinity;
  if (!Number.isFinite(want.hi) || !Number.isFinite(got)) return got === want.hi ? 0 : Infinity;
  // got − hi is exact when the two are within a factor of two (Sterbenz), which is the case that matters.
  const hi = bits === 23 ? Math.fround(want.hi) : want.hi;
  const lo = want.hi - hi + want.lo;
  return Math.abs(got - hi - lo) / ulpOf(hi, bits);
}

export const ulpError64 = (got: number, want: Exact): number => error(got, want, 52);
export const ulpError32 = (got: number, want: Exact): number => error(got, want, 23);
