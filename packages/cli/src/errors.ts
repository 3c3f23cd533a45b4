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

/** What a thrown value says, on one line: an Error's message, a string as given, anything else described (never "[object Object]"). */
export function errorText(e: unknown): string {
  if (e instanceof Error || (typeof e === "object" && e !== null && typeof (e as Error).message === "string" && (e as Error).message !== "")) {
    const msg = (e as Error).message.split("\n")[0].trim();
    return msg || (e as Error).name || "an error without a message";
  }
  if (typeof e === "string") return e.trim() === "" ? "an empty string was thrown" : e.split("\n")[0];
  if (e === undefined || e === null) return `${String(e)} was thrown`;
  let text: string | undefined;
  try {
    text = JSON.stringify(e);
  } catch {}
  return `a value that is not an Error was thrown: ${text && text.length <= 80 ? text : typeof e}`;
}

/**
 * The signals that stop a command (Ctrl-C, `kill`, closing the terminal), each with the exit code
 * shells report for it (128 + its number). Every command that stages output or prints a final
 * summary handles all three alike.
 */
export const STOP_SIGNALS: ReadonlyArray<readonly [NodeJS.Signals, number]> = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
];

/** The exit code for a stop signal (128 + its number). */
export function signalExitCode(sig: NodeJS.Signals): number {
  return STOP_SIGNALS.find(([s]) => s === sig)?.[1] ?? 1;
}
