/** A mistake in what the user typed or supplied: printed as one line, exit code 2, no stack. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * A run that ended without success after reporting why (a diverged training run, Ctrl-C):
 * main prints nothing more and exits with `exitCode`.
 */
export class RunEnded extends Error {
  override name = "RunEnded";
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
