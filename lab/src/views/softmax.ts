import { logSoftmax, softmax, softmaxBackward, softmaxInfo } from "../../../packages/actlab/src/activations/softmax.js";
import { softmaxFigure } from "../../../packages/actlab/src/plot/index.js";
import { cssVar, fmt, h, inkOn, parseRgb } from "../dom.js";
import { figureData } from "../../../packages/cli/src/render/index.js";
import { dataDisclosure, renderSpec } from "../figures.js";
import { boxValue, limits } from "../state.js";
import { tex } from "../tex.js";
import type { Mount } from "../view.js";
import { figureSize, observeWidth } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 480;
const H = 230;
const PAD = { top: 14, bottom: 26, left: 8, right: 8 };

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** p = softmax(x / T) and its Jacobian ∂p/∂x, each row from the library's vector-Jacobian product. */
export function softmaxWithJacobian(logits: readonly number[], temperature: number): { p: Float64Array; jac: Float64Array[] } {
  const z = Float64Array.from(logits, (v) => v / temperature);
  const p = softmax(z);
  const jac = logits.map((_, i) => {
    const e = new Float64Array(p.length);
    e[i] = 1;
    const row = softmaxBackward(p, e);
    for (let j = 0; j < row.length; j++) row[j] /= temperature;
    return row;
  });
  return { p, jac };
}

export const mount: Mount = (host, ctx) => {
  const st = (): typeof ctx.state.softmax => ctx.state.softmax;
  const L = limits.logits;
  const bars = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "bars", id: "logit-bars", role: "group", "aria-label": ctx.t("softmax.logits") });
  const probs = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, class: "bars", id: "prob-bars", role: "img", "aria-label": ctx.t("softmax.probabilities"), "aria-describedby": "prob-bars-desc" });
  // The bars' numbers are inside an image: a screen reader gets them from this description.
  const probsDesc = h("p", { id: "prob-bars-desc", hidden: true });
  const inputs = h("div", { class: "logit-inputs", id: "logit-inputs" });
  const sum = h("p", { class: "muted", id: "prob-sum" });
  const logs = h("p", { class: "muted small mono", id: "log-probs" });
  const heat = h("table", { class: "heat", id: "jacobian" });
  const tLog = (v: number): number => Math.log10(v);
  const tRange = h("input", { type: "range", id: "temperature", min: tLog(limits.temperature.min), max: tLog(limits.temperature.max), step: 0.01, value: tLog(st().temperature), "aria-label": ctx.t("softmax.temperature") });
  const tBox = h("input", { type: "number", id: "temperature-value", min: limits.temperature.min, max: limits.temperature.max, step: "any", value: st().temperature, "aria-label": ctx.t("softmax.temperature") });
  const articleFig = h("div", { class: "figure", id: "softmax-article" });
  const articleData = dataDisclosure(ctx, "softmax-data");

  // What a box refused or changed is said here; the boxes always show what is stored.
  const msg = h("p", { class: "field-error", id: "softmax-msg", role: "alert" });
  function setTemperature(v: number, from: HTMLInputElement): void {
    if (!Number.isFinite(v) || v < limits.temperature.min || v > limits.temperature.max) {
      if (from === tBox) {
        msg.textContent = ctx.t("softmax.badT", { value: tBox.value || "?", min: String(limits.temperature.min), max: String(limits.temperature.max), kept: String(st().temperature) });
        tBox.value = String(st().temperature);
      }
      return;
    }
    msg.textContent = "";
    const T = Number(v.toPrecision(3));
    if (from !== tRange) tRange.value = String(tLog(T));
    if (from !== tBox) tBox.value = String(T);
    ctx.update((s) => void (s.softmax.temperature = T));
    refresh(false);
  }
  tRange.addEventListener("input", () => setTemperature(10 ** Number(tRange.value), tRange));
  tBox.addEventListener("change", () => setTemperature(boxValue(tBox), tBox));

  function setLogit(i: number, v: number, rebuildInputs: boolean): void {
    const clamped = Math.min(L.max, Math.max(L.min, round(v)));
    ctx.update((s) => {
      const next = [...s.softmax.logits];
      next[i] = clamped;
      s.softmax.logits = next;
    });
    refresh(rebuildInputs);
  }

  function scaleMax(): number {
    return Math.max(5, ...st().logits.map((v) => Math.ceil(Math.abs(v))));
  }

  function drawBars(): void {
    const xs = st().logits;
    const n = xs.length;
    const M = scaleMax();
    const innerH = H - PAD.top - PAD.bottom;
    const y = (v: number): number => PAD.top + ((M - v) / (2 * M)) * innerH;
    const bw = (W - PAD.left - PAD.right) / n;
    bars.replaceChildren(svgEl("line", { class: "axis", x1: 0, x2: W, y1: y(0), y2: y(0) }));
    xs.forEach((v, i) => {
      const g = svgEl("g", { tabindex: 0, role: "slider", "aria-label": `x${i + 1}`, "aria-valuenow": v, "aria-valuemin": L.min, "aria-valuemax": L.max, "data-index": i });
      const x0 = PAD.left + i * bw + bw * 0.15;
      g.append(
        svgEl("rect", { class: "bar-logit", x: x0, width: bw * 0.7, y: Math.min(y(v), y(0)), height: Math.max(1, Math.abs(y(v) - y(0))) }),
        // A full-height transparent target, so small bars are still easy to grab.
        svgEl("rect", { x: x0, width: bw * 0.7, y: PAD.top, height: innerH, fill: "transparent", style: "cursor: ns-resize" }),
      );
      const label = svgEl("text", { x: x0 + bw * 0.35, y: v >= 0 ? y(v) - 4 : y(v) + 13 });
      label.textContent = fmt(v, 3);
      const name = svgEl("text", { x: x0 + bw * 0.35, y: H - 6 });
      name.textContent = `x${toSub(i + 1)}`;
      g.append(label, name);
      g.addEventListener("keydown", (ev) => {
        const step = ev.shiftKey ? 1 : 0.1;
        if (ev.key === "ArrowUp") setLogit(i, st().logits[i] + step, true);
        else if (ev.key === "ArrowDown") setLogit(i, st().logits[i] - step, true);
        else return;
        ev.preventDefault();
        (bars.querySelector(`g[data-index="${i}"]`) as SVGGElement | null)?.focus();
      });
      bars.append(g);
    });
  }

  // Dragging: the bar under the pointer at pointerdown follows the pointer's height.
  let dragging: number | null = null;
  const valueAt = (ev: PointerEvent): number => {
    const rect = bars.getBoundingClientRect();
    const py = ((ev.clientY - rect.top) / rect.height) * H;
    const M = scaleMax();
    const innerH = H - PAD.top - PAD.bottom;
    return M - ((py - PAD.top) / innerH) * 2 * M;
  };
  bars.addEventListener("pointerdown", (ev) => {
    const g = (ev.target as Element).closest("g[data-index]");
    if (!g) return;
    dragging = Number(g.getAttribute("data-index"));
    bars.setPointerCapture(ev.pointerId);
    setLogit(dragging, valueAt(ev), true);
  });
  bars.addEventListener("pointermove", (ev) => {
    if (dragging !== null) setLogit(dragging, valueAt(ev), true);
  });
  const stopDrag = (): void => {
    const i = dragging;
    dragging = null;
    if (i !== null) (bars.querySelector(`g[data-index="${i}"]`) as SVGGElement | null)?.focus();
  };
  bars.addEventListener("pointerup", stopDrag);
  bars.addEventListener("pointercancel", stopDrag);

  function buildInputs(): void {
    inputs.replaceChildren(
      ...st().logits.map((v, i) => {
        const box = h("input", { type: "number", step: 0.1, min: L.min, max: L.max, value: v, id: `logit-${i}`, "aria-label": `x${i + 1}` });
        box.addEventListener("change", () => {
          const typed = box.value;
          const x = boxValue(box);
          if (Number.isFinite(x)) setLogit(i, x, false);
          const stored = st().logits[i];
          box.value = String(stored);
          msg.textContent =
            !Number.isFinite(x) ? ctx.t("softmax.badLogit", { name: `x${i + 1}`, value: typed || "?", kept: String(stored) })
            : stored !== x ? ctx.t("softmax.clamped", { name: `x${i + 1}`, value: typed, min: String(L.min), max: String(L.max), kept: String(stored) })
            : "";
        });
        return box;
      }),
    );
  }

  function drawProbs(p: Float64Array): void {
    const n = p.length;
    const innerH = H - PAD.top - PAD.bottom;
    const bw = (W - PAD.left - PAD.right) / n;
    probs.replaceChildren(svgEl("line", { class: "axis", x1: 0, x2: W, y1: PAD.top + innerH, y2: PAD.top + innerH }));
    let top = 0;
    p.forEach((v, i) => void (v > p[top] && (top = i)));
    const name = (i: number): string => `p${toSub(i + 1)}`;
    probsDesc.textContent = ctx.t("softmax.probsDesc", { n: String(n), values: Array.from(p, (v, i) => `${name(i)} = ${v.toFixed(3)}`).join(ctx.lang === "zh" ? "，" : ", "), top: name(top) });
    p.forEach((v, i) => {
      const x0 = PAD.left + i * bw + bw * 0.15;
      const top = PAD.top + (1 - v) * innerH;
      const label = svgEl("text", { x: x0 + bw * 0.35, y: Math.max(PAD.top + 10, top - 4) });
      label.textContent = v.toFixed(3);
      const name = svgEl("text", { x: x0 + bw * 0.35, y: H - 6 });
      name.textContent = `p${toSub(i + 1)}`;
      probs.append(svgEl("rect", { class: "bar-prob", x: x0, width: bw * 0.7, y: top, height: Math.max(0.5, v * innerH), "data-p": v }), label, name);
    });
  }

  function drawHeat(jac: Float64Array[]): void {
    let max = 0;
    for (const row of jac) for (const v of row) max = Math.max(max, Math.abs(v));
    const n = jac.length;
    heat.replaceChildren(
      h("thead", {}, h("tr", {}, h("th", {}, ""), ...Array.from({ length: n }, (_, j) => h("th", { scope: "col" }, `x${toSub(j + 1)}`)))),
      h(
        "tbody",
        {},
        ...jac.map((row, i) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, `p${toSub(i + 1)}`),
            ...Array.from(row, (v) => {
              const a = max > 0 ? Math.abs(v) / max : 0;
              const heatVar = v >= 0 ? "--heat-pos" : "--heat-neg";
              const alpha = Number((0.08 + 0.8 * a).toFixed(3));
              // The number stays readable on strong cells (AA contrast in both themes).
              const ink = inkOn(parseRgb(cssVar("--bg")), parseRgb(cssVar(heatVar)), alpha, parseRgb(cssVar("--fg")));
              return h("td", { style: `background: rgba(var(${heatVar}), ${alpha}); color: ${ink}`, title: String(v) }, fmt(v, 3));
            }),
          ),
        ),
      ),
    );
  }

  function refresh(rebuildInputs: boolean): void {
    const { p, jac } = softmaxWithJacobian(st().logits, st().temperature);
    drawBars();
    if (rebuildInputs) buildInputs();
    drawProbs(p);
    let total = 0;
    for (const v of p) total += v;
    sum.textContent = `${ctx.t("softmax.sum")}: ${total.toFixed(12)}`;
    // log-softmax straight from the logits keeps tiny probabilities readable (log 1e-300 is fine).
    const lp = logSoftmax(Float64Array.from(st().logits, (v) => v / st().temperature));
    logs.textContent = `${ctx.t("softmax.log")}: ${Array.from(lp, (v) => fmt(v, 4)).join(", ")}`;
    drawHeat(jac);
  }

  const add = h("button", {
    type: "button",
    id: "logit-add",
    onclick: () => {
      if (st().logits.length >= L.maxCount) return;
      ctx.update((s) => void (s.softmax.logits = [...s.softmax.logits, 0]));
      refresh(true);
    },
  }, ctx.t("softmax.add"));
  const remove = h("button", {
    type: "button",
    id: "logit-remove",
    onclick: () => {
      if (st().logits.length <= L.minCount) return;
      ctx.update((s) => void (s.softmax.logits = s.softmax.logits.slice(0, -1)));
      refresh(true);
    },
  }, ctx.t("softmax.remove"));

  host.append(
    h(
      "div",
      { class: "softmax-grid" },
      h(
        "div",
        {},
        h("h2", {}, softmaxInfo.name, " ", h("span", { class: "names" }, softmaxInfo.names[ctx.lang])),
        h("div", { class: "formula" }, tex(softmaxInfo.latex.f, true)),
        h("h3", {}, ctx.t("softmax.logits")),
        h("p", { class: "muted small" }, ctx.t("softmax.hint")),
        bars,
        inputs,
        h("div", { class: "row" }, add, remove),
        h("h3", {}, h("label", { for: "temperature" }, ctx.t("softmax.temperature"))),
        h("div", { class: "row" }, tRange, tBox),
        msg,
      ),
      h(
        "div",
        {},
        h("h3", {}, ctx.t("softmax.probabilities")),
        probs,
        probsDesc,
        sum,
        logs,
        h("h3", {}, ctx.t("softmax.jacobian")),
        h("div", { class: "formula" }, tex(softmaxInfo.latex.df, true)),
        h("div", { class: "table-wrap" }, heat),
        h("p", { class: "muted small" }, ctx.t("softmax.jacobianHint")),
      ),
    ),
    h("h3", {}, ctx.t("softmax.article")),
    articleFig,
    articleData.el,
  );
  refresh(true);

  let width = 0;
  const drawArticle = (): void => {
    const spec = softmaxFigure({ lang: ctx.lang, ...figureSize(Math.min(width, 900)) });
    articleFig.replaceChildren(renderSpec(spec).el);
    articleData.set(figureData(spec), spec.title);
  };
  const stop = observeWidth(articleFig, (w) => {
    if (Math.abs(w - width) < 8) return;
    width = w;
    drawArticle();
  });
  width = articleFig.clientWidth || 640;
  drawArticle();
  const onTheme = (): void => {
    drawArticle();
    refresh(false);
  };
  window.addEventListener("actlab-theme", onTheme);
  return () => {
    stop();
    window.removeEventListener("actlab-theme", onTheme);
  };
};

function toSub(n: number): string {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}
