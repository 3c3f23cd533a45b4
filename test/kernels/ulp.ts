/** Helpers for float32 accuracy checks: distances in units in the last place. */

const u32 = new Uint32Array(1);
const f32 = new Float32Array(u32.buffer);

/** Position of a float32 on the number line of float32 values (−0 and +0 both 0). */
function ordinal(v: number): number {
  f32[0] = v;
  const b = u32[0];
  return b & 0x80000000 ? -(b & 0x7fffffff) : b;
}

/** Float32 ulps between two float32 values; 0 for two NaNs, Infinity for one NaN. */
export function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ordinal(a) - ordinal(b));
}

/**
 * The dense sweep: ±2^k·(1 + j/64) for every float32 exponent (subnormals included) and
 * j = 0…63, plus zeros, infinities, NaN and the tails the issue names.
 */
export function sweep(): Float32Array {
  const xs: number[] = [];
  for (let e = -149; e <= 127; e++) {
    for (let j = 0; j < 64; j++) {
      const v = Math.fround(2 ** e * (1 + j / 64));
      if (Number.isFinite(v)) xs.push(v, -v);
    }
  }
  xs.push(0, -0, Infinity, -Infinity, NaN, -100, 30, 12, -12, -1e-20, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45);
  return Float32Array.from(xs);
}

/** The worst ulp distance between `got` and `want(i)` rounded to float32, and where it happened. */
export function worst(got: ArrayLike<number>, want: (i: number) => number): { ulps: number; at: number } {
  let w = 0;
  let at = -1;
  for (let i = 0; i < got.length; i++) {
    const e = ulps(got[i], Math.fround(want(i)));
    if (e > w) {
      w = e;
      at = i;
    }
  }
  return { ulps: w, at };
}

/** Deterministic pseudo-random float32 values in [lo, hi) (a small LCG: tests need no library for this). */
export function randomFloats(n: number, lo: number, hi: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}
