/**
 * Exponential pieces shared by the exact scalar functions.
 */

const TWO_M64 = 2 ** -64;
// ln 2 split as in fdlibm: LN2_HI has 32 significant bits, so 64·LN2_HI is exact and so is
// x + 64·LN2_HI for x in [−746, −708] (both lie in the binade [512, 1024)).
const SHIFT_HI = 64 * 6.93147180369123816490e-1;
// e^(64·LN2_LO) − 1, the part of the shift the exact addition leaves out.
const SHIFT_LO = Math.expm1(64 * 1.90821492927058770002e-10);

/**
 * c·e^x for x ≤ 0. Below x ≈ −708 e^x is subnormal and has lost bits before the product
 * could restore them (ELU′ with α = 2.5 at −709.8 came out 2 ulp off), so compute
 * e^x = e^(x + 64 ln 2)·2⁻⁶⁴ with a normal intermediate and round once at the end.
 */
export function scaledExp(c: number, x: number): number {
  if (x >= -708) return c * Math.exp(x);
  const e = c * Math.exp(x + SHIFT_HI);
  return (e + e * SHIFT_LO) * TWO_M64;
}

/**
 * e / (1 + e)² for 0 ≤ e ≤ 1: the logistic density in terms of e = e^(−|x|). The rounding
 * error of 1 + e is recovered exactly (Fast2Sum) and folded back in, so the result carries
 * only the errors of exp, one product and one division.
 */
export function logisticDensityOf(e: number): number {
  const d = 1 + e;
  const dl = e - (d - 1);
  const r = e / (d * d);
  return r - 2 * r * (dl / d);
}
