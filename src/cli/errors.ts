/** A mistake in what the user typed or supplied: printed as one line, exit code 2, no stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
