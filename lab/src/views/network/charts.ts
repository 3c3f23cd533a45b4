// Line charts of the Network view on canvas (redrawn many times a second while training): the
// training and test loss, and the gradient norm of each layer on a log scale.
import { fmt, h } from "../../dom.js";
import { fitCanvas, type Palette } from "./heatmap.js";
import { chartRange, chartTicks, niceTicks, sampleIndices } from "./logic.js";

export interface Series {
  values: readonly number[];
  color: string;
  dash?: number[];
}

const PAD = { l: 46, r: 8, t: 8, b: 20 };

export class LineChart {
  readonly canvas: HTMLCanvasElement;
  private w = 300;
  private hgt = 140;

  constructor(
    id: string,
    label: string,
    private readonly log: boolean,
  ) {
    this.canvas = h("canvas", { id, role: "img", "aria-label": label });
  }

  resize(width: number): void {
    this.w = Math.max(220, Math.floor(width));
    this.hgt = Math.round(Math.min(170, Math.max(120, this.w * 0.42)));
    fitCanvas(this.canvas, this.w, this.hgt);
  }

  /** `epochs[i]` is the x of `values[i]` of every series. */
  draw(epochs: readonly number[], series: readonly Series[], p: Palette): void {
    const g = this.canvas.getContext("2d")!;
    const { w, hgt } = this;
    g.clearRect(0, 0, w, hgt);
    const n = epochs.length;
    const { lo, hi } = chartRange(series, this.log);
    const x0 = n > 0 ? epochs[0] : 0;
    const x1 = n > 1 ? epochs[n - 1] : x0 + 1;
    const X = (e: number): number => PAD.l + ((e - x0) / (x1 - x0 || 1)) * (w - PAD.l - PAD.r);
    const Y = (v: number): number => hgt - PAD.b - (((this.log ? Math.log10(v) : v) - lo) / (hi - lo)) * (hgt - PAD.t - PAD.b);
    g.font = "10px system-ui, sans-serif";
    g.strokeStyle = p.border;
    g.fillStyle = p.ink;
    g.lineWidth = 1;
    g.textAlign = "right";
    g.textBaseline = "middle";
    const yt = chartTicks(lo, hi, this.log);
    for (const t of yt) {
      const v = this.log ? 10 ** t : t;
      const y = Math.round(Y(v)) + 0.5;
      g.beginPath();
      g.moveTo(PAD.l, y);
      g.lineTo(w - PAD.r, y);
      g.stroke();
      g.fillText(this.log ? `1e${t}`.replace("-", "−") : fmt(v, 3), PAD.l - 4, y);
    }
    g.textAlign = "center";
    g.textBaseline = "top";
    for (const e of niceTicks(x0, x1, 4)) if (e >= x0 && Number.isInteger(e)) g.fillText(fmt(e, 6), X(e), hgt - PAD.b + 4);
    if (n === 0) return;
    // At most ~2 points per pixel column: long runs stay cheap to draw.
    const drawn = sampleIndices(n, w - PAD.l - PAD.r);
    for (const s of series) {
      g.strokeStyle = s.color;
      g.lineWidth = 1.6;
      g.setLineDash(s.dash ?? []);
      g.beginPath();
      let pen = false;
      for (const i of drawn) {
        const v = s.values[i];
        if (!Number.isFinite(v) || (this.log && v <= 0)) {
          pen = false;
          continue;
        }
        const x = X(epochs[i]);
        const y = Math.max(-1e4, Math.min(1e4, Y(v)));
        if (pen) g.lineTo(x, y);
        else g.moveTo(x, y);
        pen = true;
        if (n === 1) g.lineTo(x + 2, y);
      }
      g.stroke();
    }
    g.setLineDash([]);
  }
}
