import { UsageError } from "./errors.js";

/** A number as the user typed it: decimal, exponent, "inf"/"-inf"/"Infinity", "nan". */
export function parseNumber(text: string, what = "number"): number {
  const t = text.trim().toLowerCase();
  if (t === "nan") return NaN;
  if (t === "inf" || t === "+inf" || t === "infinity" || t === "+infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) {
    throw new UsageError(`invalid ${what}: '${text}' (expected a number such as 0.5, -3, 1e-20, inf or nan)`);
  }
  return Number(t);
}

/** "a,b" → [a, b] with a < b, both finite. */
export function parseDomain(text: string): [number, number] {
  const parts = text.split(",");
  if (parts.length !== 2) throw new UsageError(`invalid domain: '${text}' (expected two numbers such as -5,5)`);
  const [a, b] = parts.map((p) => parseNumber(p, "domain bound"));
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    throw new UsageError(`invalid domain: '${text}' (need finite lo,hi with lo < hi)`);
  }
  // A width that overflows (or is lost to rounding) leaves the chart with no usable scale.
  if (!Number.isFinite(b - a) || (b - a) / Math.max(Math.abs(a), Math.abs(b)) < 1e-9) {
    throw new UsageError(`invalid domain: '${text}' (the width hi − lo must be a finite number, at least 1e-9 of |lo| and |hi|; e.g. -1e307,1e307)`);
  }
  return [a, b];
}
