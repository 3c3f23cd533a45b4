/**
 * A small braille canvas: each character cell holds 2×4 dots, so a 40×10 cell plot has
 * 80×40 pixels. Each dot belongs to a layer (1, 2, …); a cell is painted in the colour of
 * the highest layer among its dots, which is enough to tell the fitted line from the data.
 */

// Bit of the braille pattern for the dot at (column dx, row dy) of a cell (Unicode U+2800 block).
const BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

export class Braille {
  readonly width: number;
  readonly height: number;
  private readonly bits: Uint8Array;
  private readonly layer: Uint8Array;

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.width = cols * 2;
    this.height = rows * 4;
    this.bits = new Uint8Array(cols * rows);
    this.layer = new Uint8Array(cols * rows);
  }

  /** Sets the dot at pixel (x, y), y = 0 at the top; dots off the canvas are ignored. */
  set(x: number, y: number, layer = 1): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (!(px >= 0 && px < this.width && py >= 0 && py < this.height)) return;
    const cell = (py >> 2) * this.cols + (px >> 1);
    this.bits[cell] |= BITS[py & 3][px & 1];
    if (layer > this.layer[cell]) this.layer[cell] = layer;
  }

  /** A straight run of dots from (x0, y0) to (x1, y1), clipped to a sane length. */
  line(x0: number, y0: number, x1: number, y1: number, layer = 1): void {
    if (![x0, y0, x1, y1].every(Number.isFinite)) return;
    const steps = Math.min(4 * (this.width + this.height), Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= steps; i++) {
      const t = steps === 0 ? 0 : i / steps;
      this.set(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, layer);
    }
  }

  /** One string per row; `paint(layer, text)` may wrap runs of one layer in colour codes. */
  lines(paint: (layer: number, text: string) => string = (_l, t) => t): string[] {
    const out: string[] = [];
    for (let r = 0; r < this.rows; r++) {
      let s = "";
      let run = "";
      let runLayer = -1;
      for (let c = 0; c < this.cols; c++) {
        const i = r * this.cols + c;
        const l = this.bits[i] === 0 ? 0 : this.layer[i];
        if (l !== runLayer && run) {
          s += paint(runLayer, run);
          run = "";
        }
        runLayer = l;
        run += String.fromCharCode(0x2800 + this.bits[i]);
      }
      out.push(s + paint(runLayer, run));
    }
    return out;
  }
}

/** Maps [lo, hi] onto pixel positions [0, size − 1]; flips for y so larger values are higher. */
export function scale(lo: number, hi: number, size: number, flip = false): (v: number) => number {
  const span = hi > lo ? hi - lo : 1;
  return flip ? (v) => (size - 1) * (1 - (v - lo) / span) : (v) => ((size - 1) * (v - lo)) / span;
}
