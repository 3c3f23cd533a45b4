// Which experiment measures which of a function's strengths and weaknesses (the registry's
// lists, by position). Plain ids, so the Explore view can link to an experiment without loading
// the experiments; test/lab/experiments-claims.test.ts checks every id against the library.

export interface ClaimLinks {
  readonly strengths: readonly (string | null)[];
  readonly weaknesses: readonly (string | null)[];
}

export const claimExperiments: Readonly<Record<string, ClaimLinks>> = {
  // vanishing gradient: flat tails (saturation), the derivative ≤ 1/4 through depth, all-positive outputs
  sigmoid: { strengths: [null, null, null], weaknesses: ["saturation", "gradient-flow", "zero-centred"] },
  // zero-centred output, the larger derivative at 0; still vanishing at both ends; an exponential
  tanh: { strengths: ["zero-centred", "gradient-flow", null], weaknesses: ["gradient-flow", "cost"] },
  // deep nets trainable, fast convergence; not zero-centred, dying units, gradient set by the weights
  relu: { strengths: ["gradient-flow", "convergence", null], weaknesses: ["mean-activation", "dead-units", "init-depth"] },
  "leaky-relu": { strengths: ["dead-units", null], weaknesses: [null, null] },
  // no dead units, mean towards 0, one-sided saturation speeds up learning; slower than ReLU
  elu: { strengths: ["dead-units", "mean-activation", "mean-activation"], weaknesses: ["cost", null] },
  prelu: { strengths: [null, null], weaknesses: [null, null] },
  // self-normalising, hence no exploding or vanishing gradients; an exponential
  selu: { strengths: ["self-normalisation", "self-normalisation"], weaknesses: [null, "cost"] },
};

/** The experiment that measures item `i` of `fn`'s strengths or weaknesses, if there is one. */
export function experimentFor(fn: string, kind: "strengths" | "weaknesses", i: number): string | null {
  return claimExperiments[fn]?.[kind][i] ?? null;
}
