// The article's section 3, animated. Plot re-rendered every frame cannot keep 60 fps, so the
// three panels are plain canvases redrawn from the run's state on each animation frame.
import { articleData, createLinearRun, lossSurface, type LinearData, type LinearRun } from "../../../packages/actlab/src/train/linear.js";
import { cssVar, fmt, h } from "../dom.js";
import { dataDisclosure } from "../figures.js";
import type { Key } from "../i18n.js";
import { limits, modes, type Mode, type RegressionState } from "../state.js";
import type { Mount } from "../view.js";
import { lineText, regressionTables, regressionText } from "./regression-text.js";

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** A canvas that keeps its backing store at device resolution and maps data boxes to pixels. */
class Panel {
  readonly canvas: HTMLCanvasElement;
  readonly g: CanvasRenderingContext2D;
  w = 0;
  h = 0;
  readonly pad = { l: 44, r: 10, t: 10, b: 24 };
  constructor(id: string, label: string, private readonly aspect: number) {
    this.canvas = h("canvas", { id, role: "img", "aria-label": label });
    this.g = this.canvas.getContext("2d")!;
  }
  fit(): boolean {
    const cssW = Math.max(200, Math.round(this.canvas.clientWidth || 400));
    const cssH = Math.round(cssW * this.aspect);
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    if (cssW === this.w && cssH === this.h && this.canvas.width === Math.round(cssW * dpr)) return false;
    this.w = cssW;
    this.h = cssH;
    this.canvas.style.height = `${cssH}px`;
    this.canvas.width = Math.round(cssW * dpr);
    this.canvas.height = Math.round(cssH * dpr);
    this.g.setTransform(dpr, 0, 0, dpr, 0, 0);
    return true;
  }
  // Pixel positions are clamped far outside the canvas: a diverging run reaches 1e300, and
  // canvases draw nonsense (filled wedges) from coordinates that large.
  px(b: Box, x: number): number {
    return clamp(this.pad.l + ((x - b.x0) / (b.x1 - b.x0)) * (this.w - this.pad.l - this.pad.r));
  }
  py(b: Box, y: number): number {
    return clamp(this.h - this.pad.b - ((y - b.y0) / (b.y1 - b.y0)) * (this.h - this.pad.t - this.pad.b));
  }
  clear(): void {
    this.g.clearRect(0, 0, this.w, this.h);
  }
  /** Saves the context and clips drawing to the plot area (the caller restores). */
  clipToPlot(): void {
    this.g.save();
    this.g.beginPath();
    this.g.rect(this.pad.l, this.pad.t, this.w - this.pad.l - this.pad.r, this.h - this.pad.t - this.pad.b);
    this.g.clip();
  }

  axes(b: Box, xTicks: number[], yTicks: number[], yText: (v: number) => string = (v) => fmt(v, 3), xText: (v: number) => string = (v) => fmt(v, 3)): void {
    const g = this.g;
    g.strokeStyle = color("--border");
    g.fillStyle = color("--muted");
    g.lineWidth = 1;
    g.font = "11px system-ui, sans-serif";
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (const v of yTicks) {
      const y = Math.round(this.py(b, v)) + 0.5;
      g.beginPath();
      g.moveTo(this.pad.l, y);
      g.lineTo(this.w - this.pad.r, y);
      g.stroke();
      g.fillText(yText(v), this.pad.l - 4, y);
    }
    g.textAlign = "center";
    g.textBaseline = "top";
    for (const v of xTicks) g.fillText(xText(v), this.px(b, v), this.h - this.pad.b + 5);
  }
}

// Theme colours, read from CSS once per theme rather than on every frame.
const colors = new Map<string, string>();
function color(name: string): string {
  let c = colors.get(name);
  if (c === undefined) {
    c = cssVar(name);
    colors.set(name, c);
  }
  return c;
}

function clamp(v: number): number {
  return v < -1e5 ? -1e5 : v > 1e5 ? 1e5 : v;
}


function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export const mount: Mount = (host, ctx) => {
  colors.clear(); // the theme may have changed while another view was shown
  const r = (): RegressionState => ctx.state.regression;
  let data: LinearData;
  let run: LinearRun;
  let playing = false;
  let frame = 0;
  let contour: { img: HTMLCanvasElement; box: Box } | null = null;
  let lossBox: Box | null = null;
  const log: string[] = [];

  const dataPanel = new Panel("reg-data", ctx.t("reg.data"), 0.62);
  const lossPanel = new Panel("reg-loss", ctx.t("reg.loss"), 0.62);
  const contourPanel = new Panel("reg-contour", ctx.t("reg.contour"), 0.62);
  // Each panel's text alternative (a hidden description with its key numbers) and its data on demand.
  const describedBy = (p: Panel): HTMLElement => {
    const el = h("p", { id: `${p.canvas.id}-desc`, hidden: true });
    p.canvas.setAttribute("aria-describedby", el.id);
    return el;
  };
  const descs = { data: describedBy(dataPanel), loss: describedBy(lossPanel), contour: describedBy(contourPanel) };
  const tables = { data: dataDisclosure(ctx, "reg-data-table"), loss: dataDisclosure(ctx, "reg-loss-table"), contour: dataDisclosure(ctx, "reg-contour-table") };
  for (const d of Object.values(tables)) d.el.addEventListener("toggle", () => describe(true));

  const status = h("p", { class: "status", id: "reg-status", role: "status" }, ctx.t("reg.status.ready"));
  const wb = h("p", { class: "wb", id: "reg-wb" });
  const closedText = h("p", { class: "muted", id: "reg-closed" });
  const legendCurrent = h("span", {});
  const legendClosed = h("span", {});
  const dataLegend = h(
    "div",
    { class: "reg-legend small" },
    h("span", { class: "item" }, h("span", { class: "swatch", style: "color: var(--c-df)" }), " ", legendCurrent),
    h("span", { class: "item" }, h("span", { class: "swatch dashed", style: "color: var(--c-closed)" }), " ", legendClosed),
  );
  const logPre = h("pre", { class: "log", id: "reg-log", tabindex: 0, role: "region", "aria-label": ctx.t("reg.log") });

  // --- controls -----------------------------------------------------------------------------
  type NumKey = "lr" | "batch" | "noise" | "seed" | "speed" | "epochs";
  const numberField = (key: NumKey, label: Key, step: string, range?: { min: number; max: number; step: number; log?: boolean }): HTMLElement => {
    const lim = limits[key];
    const box = h("input", { type: "number", id: `reg-${key}`, min: lim.min, max: lim.max, step, value: r()[key] });
    const err = h("span", { class: "field-error", role: "alert" });
    let slider: HTMLInputElement | null = null;
    const toSlider = (v: number): number => (range?.log ? Math.log10(v) : v);
    const set = (v: number, from: HTMLInputElement): void => {
      const integer = key !== "lr" && key !== "noise";
      if (!Number.isFinite(v) || v < lim.min || v > lim.max || (integer && !Number.isInteger(v))) {
        err.textContent = `invalid ${key}: ${from.value} (must be ${integer ? "an integer" : "a number"} in [${lim.min}, ${lim.max}])`;
        return;
      }
      err.textContent = "";
      if (from !== box) box.value = String(v);
      if (slider && from !== slider) slider.value = String(toSlider(v));
      ctx.update((s) => void (s.regression[key] = v));
      if (key === "speed") return;
      reset(key === "noise" || key === "seed");
    };
    box.addEventListener("change", () => set(Number(box.value), box));
    if (range) {
      slider = h("input", { type: "range", min: range.min, max: range.max, step: range.step, value: toSlider(r()[key]), "aria-label": ctx.t(label) });
      const s = slider;
      s.addEventListener("input", () => {
        const raw = range.log ? 10 ** Number(s.value) : Number(s.value);
        const integer = key !== "lr" && key !== "noise";
        set(integer ? Math.round(raw) : Number(raw.toPrecision(range.log ? 2 : 6)), s);
      });
    }
    return h("div", { class: "field" }, h("label", { for: box.id }, ctx.t(label)), h("div", { class: "row" }, slider, box), err);
  };

  const modeSelect = h(
    "select",
    {
      id: "reg-mode",
      onchange: () => {
        ctx.update((s) => void (s.regression.mode = modeSelect.value as Mode));
        batchField.hidden = modeSelect.value !== "minibatch";
        reset(false);
      },
    },
    ...modes.map((m) => h("option", { value: m, selected: m === r().mode }, ctx.t(`reg.mode.${m}` as Key))),
  );
  const batchField = numberField("batch", "reg.batch", "1", { min: 1, max: 100, step: 1 });
  batchField.hidden = r().mode !== "minibatch";

  const playBtn = h("button", { type: "button", id: "reg-play", class: "primary", onclick: () => setPlaying(!playing) }, ctx.t("reg.play"));
  const stepBtn = h("button", {
    type: "button",
    id: "reg-step",
    onclick: () => {
      setPlaying(false);
      advance(1);
      draw();
    },
  }, ctx.t("reg.step"));
  const resetBtn = h("button", { type: "button", id: "reg-reset", onclick: () => reset(false) }, ctx.t("reg.reset"));

  host.append(
    h("h2", {}, ctx.t("reg.title")),
    h(
      "div",
      { class: "reg-grid" },
      h(
        "form",
        { class: "controls", onsubmit: (e: Event) => e.preventDefault() },
        h("div", { class: "buttons" }, playBtn, stepBtn, resetBtn),
        numberField("lr", "reg.lr", "any", { min: -4, max: 0.5, step: 0.05, log: true }),
        h("div", { class: "field" }, h("label", { for: "reg-mode" }, ctx.t("reg.mode")), modeSelect),
        batchField,
        numberField("noise", "reg.noise", "any", { min: 0, max: 5, step: 0.1 }),
        numberField("seed", "reg.seed", "1"),
        numberField("speed", "reg.speed", "1", { min: 0, max: Math.log10(limits.speed.max), step: 0.01, log: true }),
        numberField("epochs", "reg.epochs", "1"),
      ),
      h(
        "div",
        { class: "figure-col" },
        status,
        wb,
        closedText,
        h(
          "div",
          { class: "panels" },
          h("div", { class: "panel wide" }, h("h3", {}, ctx.t("reg.data")), dataLegend, dataPanel.canvas, descs.data, tables.data.el),
          h("div", { class: "panel" }, h("h3", {}, ctx.t("reg.loss")), lossPanel.canvas, descs.loss, tables.loss.el),
          h("div", { class: "panel" }, h("h3", {}, ctx.t("reg.contour")), contourPanel.canvas, descs.contour, tables.contour.el),
        ),
        h("h3", {}, ctx.t("reg.log")),
        logPre,
      ),
    ),
  );

  // --- the run ------------------------------------------------------------------------------
  function setPlaying(on: boolean): void {
    playing = on && !run.done;
    playBtn.textContent = ctx.t(playing ? "reg.pause" : "reg.play");
    playBtn.setAttribute("aria-pressed", String(playing));
    if (!run.done) setStatus(playing ? "running" : run.epoch === 0 ? "ready" : "paused");
    clearTimeout(stepTimer);
    if (playing && frame === 0) frame = requestAnimationFrame(tick);
  }

  function setStatus(kind: "ready" | "running" | "paused" | "converged" | "stalled" | "epochs" | "diverged"): void {
    status.className = `status ${kind}`;
    status.dataset.status = kind;
    // The library explains a stop in English; the lab says the same in the reader's language
    // and keeps the library's sentence as the tooltip.
    const last = run.history[run.history.length - 1];
    const at = /at epoch (\d+)/.exec(run.message ?? "");
    const vars = { epoch: at ? at[1] : String(run.epoch), loss: fmt(last.loss, 4), lr: String(r().lr), smaller: /(?:try|e\.g\.) ([\d.e-]+)$/.exec(run.message ?? "")?.[1] ?? String(r().lr / 10), max: String(r().epochs) };
    status.textContent = ctx.t(`reg.status.${kind}` as Key, vars);
    if (run.message) status.title = run.message;
    else status.removeAttribute("title");
  }

  function reset(newData: boolean): void {
    const s = r();
    if (newData || !data) data = articleData({ noise: s.noise, seed: s.seed });
    try {
      run = createLinearRun(data, { lr: s.lr, mode: s.mode, batch: s.batch, seed: s.seed, epochs: s.epochs });
    } catch (e) {
      status.className = "status diverged";
      status.textContent = (e as Error).message;
      return;
    }
    log.length = 0;
    contour = null;
    lossBox = null;
    const c = run.closed;
    closedText.textContent = `${ctx.t("reg.closed")}: w = ${fmt(c.w, 6)}, b = ${fmt(c.b, 6)}, loss = ${fmt(c.loss, 4)}`;
    const wasPlaying = playing;
    setStatus("ready");
    setPlaying(wasPlaying);
    draw();
  }

  function advance(epochs: number): void {
    for (let k = 0; k < epochs && !run.done; k++) {
      const before = run.epoch;
      const rec = run.step();
      if (run.epoch > before) log.push(`w: ${rec.w} \tb: ${rec.b}`);
    }
    if (log.length > 400) log.splice(0, log.length - 200);
    if (run.done) {
      setPlaying(false);
      setStatus(run.stopReason!);
    }
  }

  // Speed is in epochs per second, so the animation looks the same at any frame rate; the
  // fraction left over carries to the next frame.
  let owed = 0;
  let lastTime: number | null = null;
  // With prefers-reduced-motion the line does not glide: a second's worth of epochs at a time,
  // drawn once a second.
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  let stepTimer: ReturnType<typeof setTimeout> | undefined;
  function tick(now: number): void {
    frame = 0;
    if (!playing) {
      lastTime = null;
      return;
    }
    if (reducedMotion.matches) {
      advance(Math.max(1, Math.round(r().speed)));
      draw();
      if (playing) stepTimer = setTimeout(() => playing && frame === 0 && tick(performance.now()), 1000);
      return;
    }
    const dt = lastTime === null ? 1 / 60 : Math.min(0.1, (now - lastTime) / 1000);
    lastTime = now;
    owed += r().speed * dt;
    const n = Math.floor(owed);
    owed -= n;
    if (n > 0) advance(n);
    draw();
    if (playing) frame = requestAnimationFrame(tick);
    else lastTime = null;
  }

  // --- drawing ------------------------------------------------------------------------------
  function drawData(): void {
    const p = dataPanel;
    p.fit();
    p.clear();
    const xs = data.x;
    const ys = data.y;
    let ymin = Infinity;
    let ymax = -Infinity;
    for (let i = 0; i < ys.length; i++) {
      ymin = Math.min(ymin, ys[i]);
      ymax = Math.max(ymax, ys[i]);
    }
    ymin = Math.min(ymin, 0);
    ymax = ymax + (ymax - ymin) * 0.08;
    const b: Box = { x0: 0, x1: 1, y0: ymin, y1: ymax };
    p.axes(b, ticks(0, 1), ticks(ymin, ymax));
    const g = p.g;
    p.clipToPlot();
    g.fillStyle = color("--c-point");
    for (let i = 0; i < xs.length; i++) {
      g.beginPath();
      g.arc(p.px(b, xs[i]), p.py(b, ys[i]), 2.5, 0, 2 * Math.PI);
      g.fill();
    }
    const line = (w: number, bb: number, color: string, dash: number[], width: number): void => {
      g.strokeStyle = color;
      g.lineWidth = width;
      g.setLineDash(dash);
      g.beginPath();
      g.moveTo(p.px(b, 0), p.py(b, bb));
      g.lineTo(p.px(b, 1), p.py(b, w + bb));
      g.stroke();
      g.setLineDash([]);
    };
    line(run.closed.w, run.closed.b, color("--c-closed"), [6, 4], 2);
    line(run.w, run.b, run.stopReason === "diverged" ? color("--error") : color("--c-df"), [], 2.5);
    g.restore();
    legendCurrent.textContent = `${ctx.t("reg.current")}: ${lineText(run.w, run.b)}`;
    legendClosed.textContent = `${ctx.t("reg.closed")}: ${lineText(run.closed.w, run.closed.b)}`;
    const yl = p.py(b, run.b);
    const yr = p.py(b, run.w + run.b);
    const gone = Math.max(yl, yr) < p.pad.t || Math.min(yl, yr) > p.h - p.pad.b;
    if (gone) offChart(p, ctx.t("reg.offChart"));
  }

  function offChart(p: Panel, text: string): void {
    const g = p.g;
    g.fillStyle = color("--error");
    g.font = "600 13px system-ui, sans-serif";
    g.textAlign = "center";
    g.textBaseline = "middle";
    g.fillText(text, (p.pad.l + p.w - p.pad.r) / 2, (p.pad.t + p.h - p.pad.b) / 2);
  }

  function drawLoss(): void {
    const p = lossPanel;
    p.fit();
    p.clear();
    const hist = run.history;
    let lo = Math.log10(Math.max(run.closed.loss, 1e-300));
    let hi = -Infinity;
    for (const e of hist) hi = Math.max(hi, Math.log10(e.loss));
    lo = Math.min(lo, ...hist.slice(-1).map((e) => Math.log10(e.loss)));
    // The box only grows while a run goes on, so the curve does not jump about.
    const x1 = Math.max(10, run.epoch);
    const want: Box = { x0: 0, x1, y0: Math.floor(lo * 2) / 2, y1: Math.max(Math.ceil(hi * 2) / 2, Math.floor(lo * 2) / 2 + 1) };
    if (!lossBox) lossBox = want;
    else {
      // Doubling the epoch axis when the run outgrows it keeps the curve still between jumps.
      const x1 = want.x1 > lossBox.x1 ? Math.max(want.x1, lossBox.x1 * 2) : lossBox.x1;
      lossBox = { x0: 0, x1, y0: Math.min(want.y0, lossBox.y0), y1: Math.max(want.y1, lossBox.y1) };
    }
    const b = lossBox;
    p.axes(b, ticks(0, b.x1, 4), ticks(b.y0, b.y1, 4).filter((v) => Number.isInteger(v * 2)), (v) => `1e${v}`);
    const g = p.g;
    p.clipToPlot();
    g.strokeStyle = color("--c-closed");
    g.setLineDash([6, 4]);
    g.lineWidth = 1.5;
    const yc = p.py(b, Math.log10(Math.max(run.closed.loss, 1e-300)));
    g.beginPath();
    g.moveTo(p.pad.l, yc);
    g.lineTo(p.w - p.pad.r, yc);
    g.stroke();
    g.setLineDash([]);
    g.strokeStyle = run.stopReason === "diverged" ? color("--error") : color("--c-f");
    g.lineWidth = 2;
    g.beginPath();
    // At most about two points per pixel column, however long the run.
    const stride = Math.max(1, Math.floor(hist.length / (p.w * 2)));
    for (let i = 0; i < hist.length; i += stride) {
      const x = p.px(b, hist[i].epoch);
      const y = p.py(b, Math.log10(Math.max(hist[i].loss, 1e-300)));
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    const last = hist[hist.length - 1];
    g.lineTo(p.px(b, last.epoch), p.py(b, Math.log10(Math.max(last.loss, 1e-300))));
    g.stroke();
    g.restore();
  }

  function buildContour(): void {
    const h0 = run.history[0];
    const c = run.closed;
    const wLo = Math.min(h0.w, c.w) - 2.5;
    const wHi = Math.max(h0.w, c.w) + 2.5;
    const bLo = Math.min(h0.b, c.b) - 2;
    const bHi = Math.max(h0.b, c.b) + 2;
    const p = contourPanel;
    const box: Box = { x0: wLo, x1: wHi, y0: bLo, y1: bHi };
    const nw = 121;
    const nb = 91;
    const s = lossSurface(data, { w: [wLo, wHi], b: [bLo, bHi], nw, nb });
    const v = Float64Array.from(s.values, (x) => Math.log10(Math.max(x, 1e-12)));
    let vmin = Infinity;
    let vmax = -Infinity;
    for (const x of v) {
      vmin = Math.min(vmin, x);
      vmax = Math.max(vmax, x);
    }
    const dpr = p.canvas.width / p.w;
    const img = document.createElement("canvas");
    img.width = p.canvas.width;
    img.height = p.canvas.height;
    const g = img.getContext("2d")!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Filled by a tiny image, one pixel per grid point, stretched with smoothing: light where
    // the loss is small, the colour of f deepening as it grows.
    const cells = document.createElement("canvas");
    cells.width = nw;
    cells.height = nb;
    const cg = cells.getContext("2d")!;
    const pix = cg.createImageData(nw, nb);
    const rgb = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color("--c-f"))?.slice(1).map((x) => parseInt(x, 16)) ?? [0, 114, 178];
    for (let j = 0; j < nb; j++) {
      for (let i = 0; i < nw; i++) {
        const t = (v[j * nw + i] - vmin) / (vmax - vmin);
        const k = ((nb - 1 - j) * nw + i) * 4; // image rows run from the largest b down
        pix.data[k] = rgb[0];
        pix.data[k + 1] = rgb[1];
        pix.data[k + 2] = rgb[2];
        pix.data[k + 3] = Math.round(255 * (0.04 + 0.42 * t));
      }
    }
    cg.putImageData(pix, 0, 0);
    g.imageSmoothingEnabled = true;
    g.drawImage(cells, p.px(box, wLo), p.py(box, bHi), p.px(box, wHi) - p.px(box, wLo), p.py(box, bLo) - p.py(box, bHi));
    // Iso-lines of log10(loss) every half decade, by marching squares on the grid.
    g.strokeStyle = color("--muted");
    g.lineWidth = 1;
    g.beginPath();
    const X = (i: number): number => p.px(box, s.ws[0] + (s.ws[1] - s.ws[0]) * i);
    const Y = (j: number): number => p.py(box, s.bs[0] + (s.bs[1] - s.bs[0]) * j);
    for (let level = Math.ceil(vmin * 2) / 2; level < vmax; level += 0.5) {
      for (let j = 0; j < nb - 1; j++) {
        for (let i = 0; i < nw - 1; i++) {
          const a = v[j * nw + i] - level;
          const b = v[j * nw + i + 1] - level;
          const cc = v[(j + 1) * nw + i + 1] - level;
          const d = v[(j + 1) * nw + i] - level;
          const pts: [number, number][] = [];
          if (a < 0 !== b < 0) pts.push([X(i + a / (a - b)), Y(j)]);
          if (b < 0 !== cc < 0) pts.push([X(i + 1), Y(j + b / (b - cc))]);
          if (cc < 0 !== d < 0) pts.push([X(i + 1 - cc / (cc - d)), Y(j + 1)]);
          if (d < 0 !== a < 0) pts.push([X(i), Y(j + 1 - d / (d - a))]);
          for (let k = 0; k + 1 < pts.length; k += 2) {
            g.moveTo(pts[k][0], pts[k][1]);
            g.lineTo(pts[k + 1][0], pts[k + 1][1]);
          }
        }
      }
    }
    g.stroke();
    contour = { img, box };
  }

  function drawContour(): void {
    const p = contourPanel;
    if (p.fit() || !contour) buildContour();
    p.clear();
    const { img, box: b } = contour!;
    const g = p.g;
    g.drawImage(img, 0, 0, p.w, p.h);
    p.axes(b, ticks(b.x0, b.x1, 4), ticks(b.y0, b.y1, 4));
    p.clipToPlot();
    const hist = run.history;
    g.strokeStyle = run.stopReason === "diverged" ? color("--error") : color("--c-df");
    g.lineWidth = 2;
    g.beginPath();
    const stride = Math.max(1, Math.floor(hist.length / 2000));
    for (let i = 0; i < hist.length; i += stride) {
      const x = p.px(b, hist[i].w);
      const y = p.py(b, hist[i].b);
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    g.lineTo(p.px(b, run.w), p.py(b, run.b));
    g.stroke();
    g.fillStyle = color("--c-closed");
    g.beginPath();
    g.arc(p.px(b, run.closed.w), p.py(b, run.closed.b), 5, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = run.stopReason === "diverged" ? color("--error") : color("--c-df");
    g.beginPath();
    g.arc(p.px(b, run.w), p.py(b, run.b), 4.5, 0, 2 * Math.PI);
    g.fill();
    g.restore();
    if (run.w < b.x0 || run.w > b.x1 || run.b < b.y0 || run.b > b.y1) offChart(p, ctx.t("reg.offChart"));
    g.fillStyle = color("--muted");
    g.font = "11px system-ui, sans-serif";
    g.textAlign = "right";
    g.fillText("w →", p.w - p.pad.r - 2, p.h - p.pad.b - 8);
    g.textAlign = "left";
    g.fillText("b ↑", p.pad.l + 4, p.pad.t + 8);
  }

  // The descriptions and open tables follow the run at most once a second while it plays.
  let describedAt = -Infinity;
  function describe(now: boolean): void {
    if (!run) return;
    const at = performance.now();
    if (!now && playing && at - describedAt < 1000) return;
    describedAt = at;
    const text = regressionText(ctx.t, data, run);
    for (const k of ["data", "loss", "contour"] as const) descs[k].textContent = text[k];
    if (!Object.values(tables).some((d) => d.el.open)) return;
    const rows = regressionTables(ctx.t, data, run);
    for (const k of ["data", "loss", "contour"] as const) if (tables[k].el.open) tables[k].set(rows[k], ctx.t(`reg.${k}`));
  }

  function draw(): void {
    if (!run) return;
    wb.textContent = `${ctx.t("reg.epoch")} ${run.epoch}   w: ${fmt(run.w, 6)}   b: ${fmt(run.b, 6)}`;
    wb.dataset.w = String(run.w);
    wb.dataset.b = String(run.b);
    wb.dataset.epoch = String(run.epoch);
    wb.dataset.closedW = String(run.closed.w);
    wb.dataset.closedB = String(run.closed.b);
    drawData();
    drawLoss();
    drawContour();
    describe(false);
    const tail = log.slice(-60).join("\n");
    if (logPre.textContent !== tail) {
      logPre.textContent = tail;
      logPre.scrollTop = logPre.scrollHeight;
    }
  }

  const onResize = (): void => {
    colors.clear();
    contour = null;
    draw();
  };
  const ro = new ResizeObserver(() => requestAnimationFrame(onResize));
  ro.observe(dataPanel.canvas);
  window.addEventListener("actlab-theme", onResize);
  reset(true);
  return () => {
    playing = false;
    cancelAnimationFrame(frame);
    clearTimeout(stepTimer);
    ro.disconnect();
    window.removeEventListener("actlab-theme", onResize);
  };
};

