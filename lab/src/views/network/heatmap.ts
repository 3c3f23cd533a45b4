// Heat maps of the Network view: the output over the plane with the points on top (the big
// plot), and the small per-unit maps. Colours come from the theme's CSS variables.
import { cssVar, h } from "../../dom.js";

type RGB = [number, number, number];

function parseColor(v: string): RGB {
  const t = v.trim();
  if (t.startsWith("#")) {
    const n = parseInt(t.length === 4 ? t.slice(1).replace(/./g, (c) => c + c) : t.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const parts = t.replace(/^rgba?\(|\)$/g, "").split(",").map(Number);
  return parts.length >= 3 && parts.every(Number.isFinite) ? [parts[0], parts[1], parts[2]] : [128, 128, 128];
}

/** The theme's colours for heat maps, read once per draw pass (cheap: a handful of lookups). */
export interface Palette {
  bg: RGB;
  neg: RGB;
  pos: RGB;
  classes: RGB[];
  ink: string;
  border: string;
}

/**
 * A data point's marker: each class its own shape as well as its colour (circle, square,
 * triangle, diamond, then again), so classes stay apart for readers who do not see the colours.
 */
export function marker(g: Pick<CanvasPath, "moveTo" | "lineTo" | "arc" | "closePath">, c: number, x: number, y: number, r: number): void {
  const k = c % 4;
  if (k === 0) {
    g.moveTo(x + r, y);
    g.arc(x, y, r, 0, 2 * Math.PI);
    return;
  }
  const corners: [number, number][] = k === 1 ? [[-0.9, -0.9], [0.9, -0.9], [0.9, 0.9], [-0.9, 0.9]] : k === 2 ? [[0, -1.2], [1.1, 0.8], [-1.1, 0.8]] : [[0, -1.25], [1.25, 0], [0, 1.25], [-1.25, 0]];
  g.moveTo(x + r * corners[0][0], y + r * corners[0][1]);
  for (const [dx, dy] of corners.slice(1)) g.lineTo(x + r * dx, y + r * dy);
  g.closePath();
}

export function palette(): Palette {
  const neg = parseColor(cssVar("--heat-neg"));
  const pos = parseColor(cssVar("--heat-pos"));
  const third = parseColor(cssVar("--c-closed"));
  return {
    bg: parseColor(cssVar("--bg")),
    neg,
    pos,
    classes: [neg, pos, third, [204, 121, 167], [240, 228, 66], [86, 86, 86], [160, 100, 40], [120, 60, 200]],
    ink: cssVar("--fg"),
    border: cssVar("--border"),
  };
}

export const rgb = (c: RGB, a = 1): string => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${a})`;

function blend(px: Uint8ClampedArray, i: number, bg: RGB, c: RGB, t: number): void {
  px[i] = bg[0] + (c[0] - bg[0]) * t;
  px[i + 1] = bg[1] + (c[1] - bg[1]) * t;
  px[i + 2] = bg[2] + (c[2] - bg[2]) * t;
  px[i + 3] = 255;
}

/** An n×n image of class probabilities: each class's colour, stronger where the network is sure. */
export function probsImage(probs: Float32Array, n: number, classes: number, p: Palette): ImageData {
  const img = new ImageData(n, n);
  const mix: RGB = [0, 0, 0];
  for (let r = 0; r < n * n; r++) {
    let best = 0;
    mix[0] = mix[1] = mix[2] = 0;
    for (let c = 0; c < classes; c++) {
      const q = probs[r * classes + c];
      best = Math.max(best, q);
      const col = p.classes[c % p.classes.length];
      mix[0] += q * col[0];
      mix[1] += q * col[1];
      mix[2] += q * col[2];
    }
    const sure = (best - 1 / classes) / (1 - 1 / classes);
    blend(img.data, 4 * r, p.bg, mix, 0.15 + 0.6 * sure);
  }
  return img;
}

/**
 * An n×n image of one unit's output (unit `u` of `units` interleaved). A bounded function is
 * coloured around the middle of its range (sigmoid: 0.5 is white) on its full range; an
 * unbounded one around 0, scaled by the unit's largest |value|.
 */
export function unitImage(values: Float32Array, n: number, units: number, u: number, p: Palette, range?: { min: number; max: number }): ImageData {
  const img = new ImageData(n, n);
  const bounded = range !== undefined && Number.isFinite(range.min) && Number.isFinite(range.max) && range.max > range.min;
  const mid = bounded ? (range.min + range.max) / 2 : 0;
  let m = bounded ? (range.max - range.min) / 2 : 1e-6;
  if (!bounded) for (let r = 0; r < n * n; r++) m = Math.max(m, Math.abs(values[r * units + u]));
  for (let r = 0; r < n * n; r++) {
    const v = Math.max(-1, Math.min(1, (values[r * units + u] - mid) / m));
    blend(img.data, 4 * r, p.bg, v >= 0 ? p.pos : p.neg, 0.9 * Math.abs(v));
  }
  return img;
}

// One scratch canvas per image size: resizing a canvas clears and reallocates it.
const scratches = new Map<number, HTMLCanvasElement>();

/** Draws an ImageData scaled (smoothly) into a w×h box of `g` at (x, y). */
export function drawImage(g: CanvasRenderingContext2D, img: ImageData, x: number, y: number, w: number, hgt: number): void {
  let scratch = scratches.get(img.width * 100000 + img.height);
  if (!scratch) {
    scratch = Object.assign(document.createElement("canvas"), { width: img.width, height: img.height });
    scratches.set(img.width * 100000 + img.height, scratch);
  }
  scratch.getContext("2d")!.putImageData(img, 0, 0);
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = "low"; // bilinear: "high" resamples far slower in software
  g.drawImage(scratch, x, y, w, hgt);
}

/** Sizes a canvas's backing store to its CSS box at device resolution; returns the CSS size. */
export function fitCanvas(c: HTMLCanvasElement, cssW: number, cssH: number): void {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  // Writing the same style again would still invalidate layout: skip it.
  if (c.style.width !== `${cssW}px`) c.style.width = `${cssW}px`;
  if (c.style.height !== `${cssH}px`) c.style.height = `${cssH}px`;
  if (c.width !== Math.round(cssW * dpr) || c.height !== Math.round(cssH * dpr)) {
    c.width = Math.round(cssW * dpr);
    c.height = Math.round(cssH * dpr);
  }
  c.getContext("2d")!.setTransform(dpr, 0, 0, dpr, 0, 0);
}

export interface Points {
  trainX: Float64Array;
  trainY: Int32Array;
  testX: Float64Array;
  testY: Int32Array;
}

/** The big plot: the output (or a hovered unit) over the plane, axes ticks, and the points. */
export class OutputPlot {
  readonly canvas: HTMLCanvasElement;
  readonly caption = h("p", { class: "small muted net-plot-caption", "aria-live": "polite" });
  showTest = true;
  private size = 300;

  constructor(label: string) {
    this.canvas = h("canvas", { id: "net-output", role: "img", "aria-label": label });
  }

  resize(width: number): void {
    this.size = Math.max(220, Math.min(420, Math.floor(width)));
    fitCanvas(this.canvas, this.size, this.size);
  }

  draw(img: ImageData, extent: number, points: Points | null, p: Palette): void {
    const g = this.canvas.getContext("2d")!;
    const s = this.size;
    g.clearRect(0, 0, s, s);
    drawImage(g, img, 0, 0, s, s);
    const px = (v: number): number => ((v + extent) / (2 * extent)) * s;
    const py = (v: number): number => s - ((v + extent) / (2 * extent)) * s;
    // Axis ticks at the integers that are round for this extent.
    g.fillStyle = p.ink;
    g.globalAlpha = 0.7;
    g.font = "10px system-ui, sans-serif";
    const step = extent > 8 ? Math.pow(10, Math.floor(Math.log10(extent))) : extent > 3 ? 2 : 1;
    for (let v = -Math.floor(extent / step) * step; v <= extent; v += step) {
      if (v === 0 || Math.abs(v) > extent - step / 2) continue;
      g.textAlign = "center";
      g.fillText(String(v), px(v), s - 3);
      g.textAlign = "left";
      g.fillText(String(v), 3, py(v) + 3);
    }
    g.globalAlpha = 1;
    if (!points) return;
    // One path per class and kind: 500 separate arcs cost the page several milliseconds a frame.
    const dots = (xs: Float64Array, ys: Int32Array, ring: boolean): void => {
      const r = ring ? 3.2 : 2.8;
      for (let c = 0; c < p.classes.length; c++) {
        g.beginPath();
        let any = false;
        for (let i = 0; i < ys.length; i++) {
          if (ys[i] !== c) continue;
          const x = px(xs[2 * i]);
          const y = py(xs[2 * i + 1]);
          marker(g, c, x, y, r);
          any = true;
        }
        if (!any) continue;
        const col = rgb(p.classes[c]);
        if (ring) {
          g.strokeStyle = col;
          g.lineWidth = 1.6;
          g.stroke();
        } else {
          g.fillStyle = col;
          g.fill();
          g.strokeStyle = p.ink;
          g.lineWidth = 0.6;
          g.stroke();
        }
      }
    };
    dots(points.trainX, points.trainY, false);
    if (this.showTest) dots(points.testX, points.testY, true);
  }
}
