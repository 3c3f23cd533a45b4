/**
 * The training commands' terminal plumbing (packages/cli/src/train-term.ts), in process: option
 * values, library errors as usage errors, colour codes, clipping, the in-place redraw, the stop
 * signals (the first one is a flag, a second falls through to Node's default, which exits) and
 * the exit codes after the summary.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RunEnded, UsageError } from "../../packages/cli/src/errors.js";
import { ansi, asUsage, catchInterrupt, clip, endStatus, num, num0, Screen, sleep, visibleLength, yieldNow } from "../../packages/cli/src/train-term.js";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

describe("option values and library errors", () => {
  it("num0: absent is undefined, a number is parsed, anything else is a usage error naming the option", () => {
    expect(num0(undefined, "--lr")).toBeUndefined();
    expect(num0("0.25", "--lr")).toBe(0.25);
    expect(num0("-3e2", "--lr")).toBe(-300);
    expect(() => num0("abc", "--lr")).toThrow(UsageError);
    expect(() => num0("abc", "--lr")).toThrow(/--lr/);
  });

  it("asUsage: returns the value; RangeError, TypeError and 'unknown …' become usage errors with the same message; others pass unchanged", () => {
    expect(asUsage(() => 42)).toBe(42);
    for (const e of [new RangeError("invalid lr: 0"), new TypeError("not a function"), new Error("unknown activation 'x'")]) {
      let caught: unknown;
      try {
        asUsage(() => {
          throw e;
        });
      } catch (c) {
        caught = c;
      }
      expect(caught).toBeInstanceOf(UsageError);
      expect((caught as Error).message).toBe(e.message);
    }
    const other = new Error("disk on fire (unknown cause)");
    expect(() =>
      asUsage(() => {
        throw other;
      }),
    ).toThrow(other);
    let same: unknown;
    try {
      asUsage(() => {
        throw other;
      });
    } catch (c) {
      same = c;
    }
    expect(same).toBe(other);
    expect(same).not.toBeInstanceOf(UsageError);
  });
});

describe("colour, width and clipping", () => {
  it("ansi wraps text in the SGR codes of each colour and resets only what it set", () => {
    expect(ansi.dim("a")).toBe("\x1b[2ma\x1b[22m");
    expect(ansi.bold("a")).toBe("\x1b[1ma\x1b[22m");
    expect(ansi.cyan("a")).toBe("\x1b[36ma\x1b[39m");
    expect(ansi.yellow("a")).toBe("\x1b[33ma\x1b[39m");
    expect(ansi.magenta("a")).toBe("\x1b[35ma\x1b[39m");
    expect(ansi.green("a")).toBe("\x1b[32ma\x1b[39m");
  });

  it("visibleLength counts characters, not colour or cursor codes", () => {
    expect(visibleLength("abc")).toBe(3);
    expect(visibleLength(ansi.green("abc") + "\x1b[K" + "⣿⣿")).toBe(5);
    expect(visibleLength("\x1b[?25l\x1b[12;3Hx")).toBe(1);
    expect(visibleLength("")).toBe(0);
  });

  it("clip keeps lines that fit unchanged and cuts longer ones at the visible width, keeping codes and resetting at the end", () => {
    expect(clip("abcdef", 6)).toBe("abcdef");
    expect(clip("abcdef", 10)).toBe("abcdef");
    expect(clip("abcdef", 4)).toBe("abcd\x1b[0m");
    const coloured = `${ansi.green("abc")}def${ansi.cyan("gh")}`;
    expect(clip(coloured, 8)).toBe(coloured);
    expect(clip(coloured, 5)).toBe("\x1b[32mabc\x1b[39mde\x1b[36m\x1b[39m\x1b[0m");
    expect(clip(coloured, 3)).toBe("\x1b[32mabc\x1b[39m\x1b[36m\x1b[39m\x1b[0m");
    expect(clip(coloured, 2)).toBe("\x1b[32mab\x1b[39m\x1b[36m\x1b[39m\x1b[0m");
    expect(visibleLength(clip(coloured, 5))).toBe(5);
  });

  it("num: 0 as '0', fixed digits in range, exponent form for large and tiny values", () => {
    expect(num(0)).toBe("0");
    expect(num(1.5)).toBe("1.500000");
    expect(num(-2.25, 3)).toBe("-2.250");
    expect(num(999_999.5)).toBe("999999.500000");
    expect(num(1e6)).toBe("1.0000e+6");
    expect(num(-1e6)).toBe("-1.0000e+6");
    // digits 6: fixed down to 1e-4, exponent below.
    expect(num(1e-4)).toBe("0.000100");
    expect(num(9.99e-5)).toBe("9.9900e-5");
    expect(num(5e-3, 4)).toBe("5.00e-3");
    expect(num(0.05, 4)).toBe("0.0500");
    expect(num(0.01, 4)).toBe("0.0100");
    expect(num(5e-3, 2)).toBe("5.0e-3");
    expect(num(1e-9, 1)).toBe("1.0e-9");
    expect(num(123.456, 1)).toBe("123.5");
  });
});

class Sink {
  text = "";
  columns?: number;
  constructor(columns?: number) {
    this.columns = columns;
  }
  write(s: string) {
    this.text += s;
    return true;
  }
}

describe("Screen: redraw in place", () => {
  it("hides the cursor, draws, moves back over the last frame, clears what a shorter frame leaves, shows the cursor at the end", () => {
    const out = new Sink(40);
    const s = new Screen(out);
    expect(out.text).toBe("\x1b[?25l");
    out.text = "";
    s.draw(["a", "b", "c"]);
    expect(out.text).toBe("a\x1b[K\nb\x1b[K\nc\x1b[K\n");
    out.text = "";
    s.draw(["d", "e", "f"]);
    expect(out.text).toBe("\x1b[3Fd\x1b[K\ne\x1b[K\nf\x1b[K\n");
    out.text = "";
    s.draw(["g"]);
    expect(out.text).toBe("\x1b[3Fg\x1b[K\n\x1b[J");
    out.text = "";
    s.draw(["h", "i"]);
    expect(out.text).toBe("\x1b[1Fh\x1b[K\ni\x1b[K\n");
    out.text = "";
    s.close();
    expect(out.text).toBe("\x1b[?25h");
  });

  it("clips each line to one less than the terminal's width (80 when unknown, never below 10)", () => {
    const long = "x".repeat(200);
    const rows = (columns?: number) => {
      const out = new Sink(columns);
      new Screen(out).draw([long]);
      return visibleLength(out.text.replace("\x1b[?25l", "").split("\x1b[K")[0]);
    };
    expect(rows(40)).toBe(39);
    expect(rows(undefined)).toBe(79);
    expect(rows(5)).toBe(10);
    expect(rows(11)).toBe(10);
    expect(rows(12)).toBe(11);
  });
});

describe("catchInterrupt: the stop signals", () => {
  const before = () => SIGNALS.map((s) => process.listenerCount(s));
  let stop: ReturnType<typeof catchInterrupt> | undefined;
  afterEach(() => stop?.dispose());

  it("listens for SIGINT, SIGTERM and SIGHUP until dispose(), and stays unstopped without a signal", () => {
    const n = before();
    stop = catchInterrupt();
    expect(before()).toEqual(n.map((c) => c + 1));
    expect([stop.stopped, stop.signal, stop.how]).toEqual([false, undefined, ""]);
    stop.dispose();
    expect(before()).toEqual(n);
  });

  it.each([
    ["SIGINT", "Ctrl-C"],
    ["SIGTERM", "SIGTERM"],
    ["SIGHUP", "SIGHUP"],
  ] as const)("%s: the first one sets the flag and names itself (%s); then no listener is left, so a second one exits at once", (sig, how) => {
    const n = before();
    stop = catchInterrupt();
    process.emit(sig, sig);
    expect([stop.stopped, stop.signal, stop.how]).toEqual([true, sig, how]);
    // Node's default for a signal without listeners is to exit: the second signal force-quits.
    expect(before()).toEqual(n);
    // A later signal of another kind does not change what the first one was.
    expect(stop.signal).toBe(sig);
  });

  it("endStatus: after a signal, the shell's code for it; a diverged run exits 1; otherwise nothing", () => {
    const code = (sig: NodeJS.Signals | undefined, diverged: boolean) => {
      try {
        endStatus(sig, diverged);
      } catch (e) {
        expect(e).toBeInstanceOf(RunEnded);
        return (e as RunEnded).exitCode;
      }
      return undefined;
    };
    expect(code("SIGINT", false)).toBe(130);
    expect(code("SIGTERM", true)).toBe(143);
    expect(code("SIGHUP", false)).toBe(129);
    expect(code(undefined, true)).toBe(1);
    expect(code(undefined, false)).toBeUndefined();
  });

  it("sleep and yieldNow let timers and signal handlers run", async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await yieldNow();
    expect(ran).toBe(true);
    let t = false;
    setTimeout(() => (t = true), 1);
    await sleep(5);
    expect(t).toBe(true);
  });
});
