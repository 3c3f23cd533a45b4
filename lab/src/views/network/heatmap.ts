// Heat maps of the Network view: the output over the plane with the points on top (the big
// plot), and the small per-unit maps. Colours come from the theme's CSS variables.
import { cssVar, h } from "../../dom.js";
import { axisTicks, dotGroups, marker, parseColor, plotX, plotY, probsPixels, unitPixels, type Points, type RGB } from "./logic.js";

export type { Points } from "./logic.js";

/** The theme's colours for heat maps, read once per draw pass (cheap: a handful of lookups). */
export interface Palette {
  bg: RGB;
  neg: RGB;
  pos: RGB;
  classes: RGB[];
  ink: string;
  border: string;
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

/** An n×n image of class probabilities: each class's colour, stronger where the network is sure. */
export function probsImage(probs: Float32Array, n: number, classes: number, p: Palette): ImageData {
  const img = new ImageData(n, n);
  probsPixels(probs, n, classes, p.bg, p.classes, img.data);
  return img;
}

/**
 * An n×n image of one unit's output (unit `u` of `units` interleaved). A bounded function is
 * coloured around the middle of its range (sigmoid: 0.5 is white) on its full range; an
 * unbounded one around 0, scaled by the unit's largest |value|.
 */
export function unitImage(values: Float32Array, n: number, units: number, u: number, p: Palette, range?: { min: number; max: number }): ImageData {
  const img = new ImageData(n, n);
  unitPixels(values, n, units, u, p.bg, p.pos, p.neg, range, img.data);
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
    const px = (v: number): number => plotX(v, extent, s);
    const py = (v: number): number => plotY(v, extent, s);
    // Axis ticks at the integers that are round for this extent.
    g.fillStyle = p.ink;
    g.globalAlpha = 0.7;
    g.font = "10px system-ui, sans-serif";
    for (const v of axisTicks(extent)) {
      g.textAlign = "center";
      g.fillText(String(v), px(v), s - 3);
      g.textAlign = "left";
      g.fillText(String(v), 3, py(v) + 3);
    }
    g.globalAlpha = 1;
    if (!points) return;
    // One path per class and kind: 500 separate arcs cost the page several milliseconds a frame.
    g.lineJoin = "round";
    for (const grp of dotGroups(points, this.showTest, p.classes.length, extent, s)) {
      const ring = grp.kind === "test";
      const r = ring ? 3.2 : 2.8;
      g.beginPath();
      for (let i = 0; i < grp.xy.length; i += 2) {
        marker(g, grp.cls, grp.xy[i], grp.xy[i + 1], r);
      }
      const col = rgb(p.classes[grp.cls]);
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
  }
}
