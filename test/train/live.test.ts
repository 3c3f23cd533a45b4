import { describe, expect, it } from "vitest";
import { Braille } from "../../packages/cli/src/train-canvas.js";
import { clip, visibleLength } from "../../packages/cli/src/train-term.js";
import { runLinear } from "../../packages/cli/src/train.js";

describe("Braille canvas", () => {
  it("Braille.set(x, y) lights the right dot of the right cell", () => {
    const c = new Braille(2, 1);
    c.set(0, 0);
    c.set(3, 3);
    // Dot 1 is bit 0x01; the bottom-right dot (dot 8) is bit 0x80.
    expect(c.lines()).toEqual([String.fromCharCode(0x2801) + String.fromCharCode(0x2880)]);
  });

  it("Braille.line(…) joins its ends with no gap and ignores dots off the canvas", () => {
    const c = new Braille(4, 1);
    c.line(0, 0, 7, 3);
    c.set(-1, 0);
    c.set(8, 0);
    const dots = c.lines()[0].split("").reduce((n, ch) => n + (ch.charCodeAt(0) - 0x2800).toString(2).replace(/0/g, "").length, 0);
    expect(dots).toBeGreaterThanOrEqual(8);
  });
});

describe("clip(line, width)", () => {
  it("clip(line, width) keeps colour codes and cuts the visible text", () => {
    const s = "\x1b[33mabcdef\x1b[39mghij";
    const c = clip(s, 8);
    expect(visibleLength(c)).toBe(8);
    expect(c.startsWith("\x1b[33mabcdef\x1b[39mgh")).toBe(true);
  });
});

describe("runLinear(options, terminal)", () => {
  it("runLinear on a terminal redraws one frame in place per step and ends with the summary", async () => {
    let text = "";
    const tty = { isTTY: true, columns: 100, rows: 30, write: (s: string) => (text += s) };
    await runLinear({ live: true, epochs: "12" }, tty);
    const frames = text.split(/\x1b\[\d+F/);
    expect(frames.length).toBeGreaterThan(12);
    expect(text).toMatch(/[\u2801-\u28ff]/);
    expect(text).toMatch(/epoch 12 {3}w /);
    expect(text).toMatch(/stopped at the epoch limit \(12\)/);
    expect(text).toMatch(/closed form/);
    // The cursor is hidden while drawing and shown again at the end.
    expect(text.indexOf("\x1b[?25l")).toBeLessThan(text.lastIndexOf("\x1b[?25h"));
    for (const line of text.split("\n")) expect(visibleLength(line.replace(/\x1b\[\d+F/g, ""))).toBeLessThan(100);
  });
});
