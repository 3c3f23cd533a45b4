import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** A seeded source of random numbers: the same seed and stream give the same sequence everywhere. */
export interface Rng {
  /** Uniform in [0, 1), 53 random bits (what Python's random.random() gives). */
  random(): number;
  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  /** Standard normal, by Box–Muller. */
  normal(): number;
  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<A extends { length: number; [i: number]: number }>(a: A): A;
}

/**
 * The seed used when none is given, so that every run is reproducible by default.
 *
 * @example
 * createRng().random() === createRng(DEFAULT_SEED).random();   // true
 */
export const DEFAULT_SEED = 1;

export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`invalid seed: ${String(seed)} (must be an integer)`);
}

/** A 32-bit integer hash (the finaliser of MurmurHash3): nearby inputs give unrelated outputs. */
function mix32(v: number): number {
  let h = v | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * A generator for `seed`. `stream` picks one of many non-overlapping sequences of the same
 * seed (xoroshiro128+ jumps 2⁶⁴ draws per stream), so the data and the initial weights of one
 * run do not reuse the same numbers.
 *
 * @example
 * const rng = createRng(42);
 * rng.random();                   // a number in [0, 1), the same on every run and platform
 * rng.normal();                   // a standard normal draw
 * rng.shuffle(new Float64Array([1, 2, 3, 4]));   // the same permutation for seed 42
 * createRng(42, 1).random() !== createRng(42).random();   // true: stream 1 is another sequence
 */
export function createRng(seed: number = DEFAULT_SEED, stream = 0): Rng {
  checkSeed(seed);
  // xoroshiro128plus takes a 32-bit seed and puts it in the state almost as is, so its first
  // outputs for seeds 1, 2, 3 … are close to each other: scramble the seed and warm up first.
  const g = xoroshiro128plus(mix32(seed ^ Math.floor(seed / 2 ** 32)));
  for (let i = 0; i < 16; i++) g.next();
  for (let i = 0; i < stream; i++) g.jump();
  let spare: number | null = null;
  return {
    random: () => uniformFloat64(g),
    int: (lo, hi) => uniformInt(g, lo, hi),
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // 1 − u lies in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - uniformFloat64(g)));
      const t = 2 * Math.PI * uniformFloat64(g);
      spare = r * Math.sin(t);
      return r * Math.cos(t);
    },
    shuffle(a) {
      for (let i = a.length - 1; i > 0; i--) {
        const j = uniformInt(g, 0, i);
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      return a;
    },
  };
}
