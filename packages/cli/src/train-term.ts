/** Terminal plumbing for the training commands: in-place redraw, colour, Ctrl-C, option values. */
import { RunEnded, signalExitCode, STOP_SIGNALS, UsageError } from "./errors.js";
import { parseNumber } from "./parse.js";

/** An optional numeric option: undefined when absent, a one-line usage error when not a number. */
export function num0(text: string | undefined, what: string): number | undefined {
  return text === undefined ? undefined : parseNumber(text, what);
}

/** Library validation errors are the user's mistakes here: report them as usage errors. */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError || (e instanceof Error && /^unknown /.test(e.message))) throw new UsageError(e.message);
    throw e;
  }
}

export interface Out {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export const ansi = {
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  magenta: (s: string) => `\x1b[35m${s}\x1b[39m`,
  green: (s: string) => `\x1b[32m${s}\x1b[39m`,
};

/** Visible width of a line, ignoring colour codes (braille and box characters are one column). */
export function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").length;
}

/** The first `width` visible characters of `s`, keeping its colour codes (and resetting them). */
export function clip(s: string, width: number): string {
  if (visibleLength(s) <= width) return s;
  let out = "";
  let seen = 0;
  for (const part of s.split(/(\x1b\[[0-9;?]*[A-Za-z])/)) {
    if (part.startsWith("\x1b[")) out += part;
    else {
      const room = width - seen;
      if (room <= 0) continue;
      out += part.slice(0, room);
      seen += Math.min(room, part.length);
    }
  }
  return out + "\x1b[0m";
}

/**
 * Redraws a block of lines in place: each frame moves the cursor back to the first line of
 * the previous frame and overwrites it, so scrollback keeps one copy, not one per epoch.
 */
export class Screen {
  private drawn = 0;

  constructor(private readonly out: Out) {
    out.write("\x1b[?25l");
  }

  draw(lines: readonly string[]): void {
    let s = this.drawn > 0 ? `\x1b[${this.drawn}F` : "";
    // A line that wraps would take two rows and throw the next redraw off by one: clip it.
    const width = Math.max(10, (this.out.columns ?? 80) - 1);
    for (const l of lines) s += `${clip(l, width)}\x1b[K\n`;
    // A shorter frame than the last one leaves old lines below: clear them.
    if (lines.length < this.drawn) s += "\x1b[J";
    this.out.write(s);
    this.drawn = lines.length;
  }

  /** Leaves the last frame on screen and gives the cursor back. */
  close(): void {
    this.out.write("\x1b[?25h");
  }
}

/**
 * Turns the first Ctrl-C, SIGTERM or SIGHUP into a flag the training loop polls, so it can stop
 * between epochs and print what it has (the same summary or JSON object for each); a second
 * signal falls through to the default (exit at once). `how` names the first one for the summary.
 */
export function catchInterrupt(): { readonly stopped: boolean; readonly signal: NodeJS.Signals | undefined; readonly how: string; dispose(): void } {
  let signal: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    signal = sig;
    dispose();
  };
  const dispose = () => {
    for (const [sig] of STOP_SIGNALS) process.removeListener(sig, onSignal);
  };
  for (const [sig] of STOP_SIGNALS) process.on(sig, onSignal);
  return {
    get stopped() {
      return signal !== undefined;
    },
    get signal() {
      return signal;
    },
    get how() {
      return signal === "SIGINT" ? "Ctrl-C" : (signal ?? "");
    },
    dispose,
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Lets signal handlers run during a long synchronous loop. */
export const yieldNow = () => new Promise<void>((r) => setImmediate(r));

/** A number in a fixed width, exponent form when fixed would hide it. */
export function num(v: number, digits = 6): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e6 || a < 10 ** -(digits - 2) ? v.toExponential(Math.max(1, digits - 2)) : v.toFixed(digits);
}

/** A stop signal exits as shells report it (Ctrl-C 130, SIGTERM 143, SIGHUP 129), a diverged run with 1, after the summary. */
export function endStatus(signal: NodeJS.Signals | undefined, diverged: boolean): void {
  if (signal !== undefined) throw new RunEnded(signalExitCode(signal));
  if (diverged) throw new RunEnded(1);
}
