// The network as Playground draws it: input features, hidden layers of units (each a small heat
// map of its output), the output units, and links coloured by sign and as thick as the weight.
// Each layer has its own +/− and activation; dead units are hatched, saturated ones outlined.
import { activations } from "../../../../packages/actlab/src/activations/registry.js";
import type { Lang } from "../../../../packages/actlab/src/activations/types.js";
import { featureIds, featureLabels, featurize, type FeatureId } from "../../../../packages/actlab/src/train/plane-data.js";
import { fmt, h } from "../../dom.js";
import { drawImage, fitCanvas, rgb, unitImage, type Palette } from "./heatmap.js";
import { linkDash, linkEndName, linkPath, markerShape, markerSymbol, maxAbsWeight, nearestLink, parseWeight, planeGrid, weightName, weightTargets, type LinkCurve } from "./logic.js";
import type { Snapshot } from "./protocol.js";
import type { NetworkState } from "./state.js";
import { nt } from "./strings.js";

const UNIT = 34;

/** Activation <option>s grouped as the registry's `group` field says (when it has one). */
export function activationOptions(selected: string, lang: Lang): HTMLElement[] {
  const groups = new Map<string, HTMLElement[]>();
  for (const a of activations) {
    const raw = (a as { group?: unknown }).group;
    const name = typeof raw === "string" ? raw : raw && typeof raw === "object" && lang in raw ? String((raw as Record<string, unknown>)[lang]) : "";
    const opt = h("option", { value: a.id, selected: a.id === selected }, a.name);
    groups.set(name, [...(groups.get(name) ?? []), opt]);
  }
  // The reader's formula (Explore's "Your own…", URL expr) under the id "custom".
  const own = h("option", { value: "custom", selected: selected === "custom" }, lang === "zh" ? "自定义公式" : "Your own formula");
  if (groups.size === 1) return [...[...groups.values()][0], own];
  return [...[...groups].map(([name, opts]) => (name ? h("optgroup", { label: name }, ...opts) : h("optgroup", { label: "—" }, ...opts))), own];
}

export interface DiagramEvents {
  change(mut: (s: NetworkState) => void): void;
  hover(layer: number | null, unit: number): void;
  /** A weight typed in: weight layer k, from input i to output j. */
  weight(k: number, i: number, j: number, value: number): void;
}

export class Diagram {
  readonly el: HTMLElement;
  /** The key to the classes' colours and marker shapes, shown under the big plot. */
  readonly classKey: HTMLElement;
  private readonly links: HTMLCanvasElement;
  private readonly cols: HTMLElement;
  private units: HTMLElement[][] = [];
  private outUnits: HTMLElement[] = [];
  private featureBoxes: HTMLElement[] = [];
  private acts: string[] = [];
  private readonly tip: HTMLElement;
  private readonly editor: HTMLElement;
  /** A line about the last typed weight: set, or why not. */
  private readonly msg: HTMLElement;
  /** The unit whose incoming weights the editor shows: [weight layer, unit]. */
  private target: [number, number] = [0, 0];
  private shape = { features: [] as string[], layers: [] as number[], classes: 2 };
  private weights: Snapshot["weights"] = [];
  /** The links as last drawn, and which weight each is: [k, i, j]. */
  private curves: LinkCurve[] = [];
  private curveIds: [number, number, number][] = [];

  constructor(
    private readonly lang: Lang,
    private readonly ev: DiagramEvents,
  ) {
    this.links = h("canvas", { class: "net-links", "aria-hidden": "true" });
    this.cols = h("div", { class: "net-cols" });
    this.el = h("div", { class: "net-diagram", id: "net-diagram" });
    this.classKey = h("ul", { class: "net-legend small", id: "net-class-key", "aria-label": nt(lang, "classKey") });
    this.tip = h("div", { class: "net-link-tip small mono", id: "net-link-tip", role: "tooltip", hidden: true });
    this.editor = h("div", { class: "net-weights", id: "net-weights" });
    this.msg = h("p", { class: "small net-weight-msg", id: "net-weight-msg", role: "status" });
    this.cols.addEventListener("mousemove", (e) => this.hoverLink(e));
    this.cols.addEventListener("mouseleave", () => ((this.tip.hidden = true), this.cols.classList.remove("on-link")));
    this.cols.addEventListener("click", (e) => {
      const n = this.linkAt(e);
      if (n < 0) return;
      const [k, i, j] = this.curveIds[n];
      this.pick(k, j);
      (this.editor.querySelector(`[data-from="${i}"]`) as HTMLInputElement | null)?.focus();
    });
  }

  private t(k: Parameters<typeof nt>[1], v?: Record<string, string | number>): string {
    return nt(this.lang, k, v);
  }

  private say(text: string): void {
    this.msg.textContent = text;
  }

  private name(k: number, i: number, j: number): string {
    const { features, layers, classes } = this.shape;
    return weightName(k, i, j, features, layers.length, classes, (key, v) => this.t(key, v));
  }

  private linkAt(e: MouseEvent): number {
    const r = this.cols.getBoundingClientRect();
    return nearestLink(this.curves, e.clientX - r.left, e.clientY - r.top, 4);
  }

  /** Shows the weight of the link under the pointer beside it. */
  private hoverLink(e: MouseEvent): void {
    const n = this.linkAt(e);
    this.cols.classList.toggle("on-link", n >= 0);
    if (n < 0) {
      this.tip.hidden = true;
      return;
    }
    const [k, i, j] = this.curveIds[n];
    const d = this.weights[k];
    const { features, layers, classes } = this.shape;
    const say = (key: "unitOf" | "outputN" | "theOutput" | "weightFrom", v?: Record<string, string | number>): string => this.t(key, v);
    this.tip.textContent = `${linkEndName(k, i, true, features, layers.length, classes, say)} → ${linkEndName(k, j, false, features, layers.length, classes, say)}: ${d ? fmt(d.w[i * d.outputs + j], 4) : "–"}`;
    // Above the pointer and inside the columns' box (the scroller would clip it below).
    const r = this.cols.getBoundingClientRect();
    this.tip.hidden = false;
    this.tip.style.left = `${Math.max(0, Math.min(e.clientX - r.left + 10, r.width - this.tip.offsetWidth))}px`;
    this.tip.style.top = `${Math.max(0, e.clientY - r.top - this.tip.offsetHeight - 8)}px`;
  }

  /** Makes unit j of weight layer k the editor's and redraws the editor. */
  private pick(k: number, j: number): void {
    this.target = [k, j];
    this.renderEditor();
  }

  /** The editor: which unit, and one field per weight into it, named "Weight from … to …". */
  private renderEditor(): void {
    const { features, layers, classes } = this.shape;
    const targets = weightTargets(layers, classes);
    if (!targets.some(([k, j]) => k === this.target[0] && j === this.target[1])) this.target = targets[0];
    const [k, j] = this.target;
    const say = (key: "unitOf" | "outputN" | "theOutput" | "weightFrom", v?: Record<string, string | number>): string => this.t(key, v);
    const select = h(
      "select",
      {
        id: "net-weight-target",
        onchange: (e: Event) => {
          const [a, b] = (e.target as HTMLSelectElement).value.split(":").map(Number);
          this.pick(a, b);
          (document.getElementById("net-weight-target") as HTMLSelectElement | null)?.focus();
        },
      },
      ...targets.map(([a, b]) => h("option", { value: `${a}:${b}`, selected: a === k && b === j }, linkEndName(a, b, false, features, layers.length, classes, say))),
    );
    const inputs = k === 0 ? features.length : layers[k - 1];
    const rows = Array.from({ length: inputs }, (_, i) => {
      const name = this.name(k, i, j);
      const d = this.weights[k];
      const inp = h("input", {
        type: "text",
        inputmode: "decimal",
        class: "mono",
        id: `net-w-${k}-${i}-${j}`,
        "data-from": i,
        "aria-label": name,
        title: name,
        spellcheck: false,
        autocomplete: "off",
        value: d && d.inputs === inputs ? fmt(d.w[i * d.outputs + j], 4) : "",
        onchange: (e: Event) => {
          const el = e.target as HTMLInputElement;
          const v = parseWeight(el.value);
          if (v === null) {
            const raw = Array.from(el.value);
            this.say(this.t("weightBad", { name, value: `“${raw.length > 40 ? `${raw.slice(0, 37).join("")}…` : el.value}”` }));
            el.setAttribute("aria-invalid", "true");
            return;
          }
          el.removeAttribute("aria-invalid");
          this.ev.weight(k, i, j, v);
          this.say(this.t("weightSet", { name, value: String(v) }));
        },
      });
      return h("label", { class: "net-weight" }, h("span", {}, linkEndName(k, i, true, features, layers.length, classes, say)), inp);
    });
    this.editor.replaceChildren(
      h("div", { class: "net-weights-head" }, h("label", { for: "net-weight-target", class: "small" }, this.t("weightsInto")), select),
      h("div", { class: "net-weight-list" }, ...rows),
      this.msg,
      h("p", { class: "small muted" }, this.t("weightHint")),
    );
  }

  /** The editor's fields follow the weights as they train (not the one being typed in). */
  private refreshEditor(): void {
    const [k, j] = this.target;
    const d = this.weights[k];
    if (!d) return;
    for (const inp of Array.from(this.editor.querySelectorAll<HTMLInputElement>("input[data-from]"))) {
      if (inp === document.activeElement || inp.getAttribute("aria-invalid") === "true") continue;
      const i = Number(inp.dataset.from);
      const v = fmt(d.w[i * d.outputs + j], 4);
      if (inp.value !== v) inp.value = v;
    }
  }

  /** Rebuilds the columns for the state's features and layers. */
  build(s: NetworkState, classes: number, p: Palette): void {
    const L = this.lang;
    const t = (k: Parameters<typeof nt>[1], v?: Record<string, string | number>): string => nt(L, k, v);
    const count = s.layers.length;
    this.acts = [...s.activations];
    // A regression set's points are coloured by value, from −1 to +1 through the background at 0.
    this.classKey.setAttribute("aria-label", t(classes === 1 ? "valueKey" : "classKey"));
    this.classKey.replaceChildren(
      ...(classes === 1
        ? ([[p.neg, "−1"], [p.pos, "+1"]] as const).map(([c, v]) => h("li", { "data-value": v }, h("span", { "aria-hidden": "true", style: `color: ${rgb(c)}` }, "●"), " ", t("valueItem", { v })))
        : Array.from({ length: classes }, (_, c) =>
            h("li", { "data-class": c }, h("span", { "aria-hidden": "true", style: `color: ${rgb(p.classes[c % p.classes.length])}` }, markerSymbol(c)), " ", t("classItem", { n: c + 1, shape: t(`shape.${markerShape(c)}`) })),
          )),
    );
    const layerBar = h(
      "div",
      { class: "net-layer-bar" },
      h("button", { type: "button", id: "net-layer-remove", "aria-label": t("removeLayer"), title: t("removeLayer"), disabled: count === 0, onclick: () => this.ev.change((st) => void (st.layers.pop(), st.activations.pop())) }, "−"),
      h("span", { id: "net-layer-count" }, `${t("hidden")}: ${count}`),
      h("button", {
        type: "button",
        id: "net-layer-add",
        "aria-label": t("addLayer"),
        title: t("addLayer"),
        disabled: count >= 6,
        onclick: () =>
          this.ev.change((st) => {
            st.layers.push(st.layers[st.layers.length - 1] ?? 4);
            st.activations.push(st.activations[st.activations.length - 1] ?? "tanh");
          }),
      }, "+"),
    );
    // Inputs: one box per feature, a check box to use it, with the feature's own heat map.
    const fcol = h("div", { class: "net-col net-inputs" }, h("div", { class: "net-col-head" }, h("strong", {}, t("features"))));
    this.featureBoxes = [];
    const G = 24;
    const xy = planeGrid(G, 6);
    for (const f of featureIds) {
      const on = s.features.includes(f);
      const cv = h("canvas", { class: "net-unit-canvas", "aria-hidden": "true" });
      fitCanvas(cv, UNIT, UNIT);
      drawImage(cv.getContext("2d")!, unitImage(featurize(xy, [f]), G, 1, 0, p), 0, 0, UNIT, UNIT);
      const box = h(
        "label",
        { class: `net-feature${on ? " on" : ""}`, "data-feature": f },
        h("input", {
          type: "checkbox",
          id: `net-f-${f}`,
          checked: on,
          onchange: (e: Event) =>
            this.ev.change((st) => {
              const want = (e.target as HTMLInputElement).checked;
              const next = featureIds.filter((g) => (g === f ? want : st.features.includes(g)));
              if (next.length > 0) st.features = next as FeatureId[];
              else (e.target as HTMLInputElement).checked = true;
            }),
        }),
        h("span", { class: "net-feature-name" }, featureLabels[f]),
        cv,
      );
      if (on) this.featureBoxes.push(cv);
      fcol.append(box);
    }
    const columns: HTMLElement[] = [fcol];
    this.units = s.layers.map((n, l) => {
      const sel = h("select", { id: `net-act-${l + 1}`, "aria-label": t("activation", { n: l + 1 }), onchange: (e: Event) => this.ev.change((st) => void (st.activations[l] = (e.target as HTMLSelectElement).value)) }, ...activationOptions(s.activations[l], L));
      const head = h(
        "div",
        { class: "net-col-head" },
        h(
          "div",
          { class: "net-unit-buttons" },
          h("button", { type: "button", class: "net-small", "aria-label": t("removeUnit", { n: l + 1 }), title: t("removeUnit", { n: l + 1 }), disabled: n <= 1, onclick: () => this.ev.change((st) => void st.layers[l]--) }, "−"),
          h("button", { type: "button", class: "net-small", "aria-label": t("addUnit", { n: l + 1 }), title: t("addUnit", { n: l + 1 }), disabled: n >= 8, onclick: () => this.ev.change((st) => void st.layers[l]++) }, "+"),
        ),
        h("span", { class: "small" }, t("units", { n })),
        sel,
      );
      const boxes = Array.from({ length: n }, (_, u) => {
        const label = t("unit", { l: l + 1, u: u + 1 });
        const box = h("div", { class: "net-unit", tabindex: 0, role: "img", "aria-label": label, title: label, "data-layer": l + 1, "data-unit": u + 1 }, h("div", { class: "net-face" }), h("span", { class: "net-alpha small" }));
        const on = (): void => this.ev.hover(l, u);
        const off = (): void => this.ev.hover(null, 0);
        box.addEventListener("mouseenter", on);
        box.addEventListener("focus", on);
        box.addEventListener("mouseleave", off);
        box.addEventListener("blur", off);
        box.addEventListener("click", () => this.pick(l, u));
        return box;
      });
      columns.push(h("div", { class: "net-col", "data-layer": l + 1 }, head, ...boxes));
      return boxes;
    });
    this.outUnits = Array.from({ length: classes }, (_, c) => {
      const box = h("div", { class: "net-unit net-out-unit" }, h("div", { class: "net-face", style: classes === 1 ? "" : `border-color: ${rgb(p.classes[c % p.classes.length])}` }));
      box.addEventListener("click", () => this.pick(s.layers.length, c));
      return box;
    });
    columns.push(h("div", { class: "net-col net-outputs" }, h("div", { class: "net-col-head" }, h("strong", {}, t("output"))), ...this.outUnits));
    this.cols.replaceChildren(this.links, ...columns);
    this.shape = { features: [...s.features], layers: [...s.layers], classes };
    this.weights = [];
    this.renderEditor();
    this.el.replaceChildren(layerBar, h("div", { class: "net-scroll" }, h("div", { class: "net-cols-wrap" }, this.cols, this.tip)), h("p", { class: "small muted" }, t("unitHint"), " ", t("linkHint")), h("section", { class: "net-weights-box", "aria-labelledby": "net-weights-title" }, h("h3", { id: "net-weights-title" }, t("weights")), this.editor));
  }

  /**
   * Redraws links and unit maps. They all go into the one canvas behind the unit boxes: updating
   * forty small canvases ten times a second costs the page far more than one larger one.
   */
  update(snap: Snapshot, p: Palette): void {
    this.units.forEach((boxes, l) => {
      boxes.forEach((box, u) => {
        const dead = snap.dead[l]?.[u] === true;
        const sat = snap.saturated[l]?.[u] === true;
        if (box.classList.contains("dead") !== dead) box.classList.toggle("dead", dead);
        if (box.classList.contains("saturated") !== sat) box.classList.toggle("saturated", sat);
        const a = snap.alpha[l];
        const text = a ? `α=${fmt(a[u], 2)}` : "";
        const span = box.lastElementChild as HTMLElement;
        if (span.textContent !== text) span.textContent = text;
      });
    });
    const had = this.weights.length > 0;
    this.weights = snap.weights;
    if (had) this.refreshEditor();
    else this.renderEditor();
    this.drawLinks(snap, p);
  }

  private drawLinks(snap: Snapshot, p: Palette): void {
    const W = this.cols.scrollWidth;
    const H = this.cols.scrollHeight;
    fitCanvas(this.links, W, H);
    const g = this.links.getContext("2d")!;
    g.clearRect(0, 0, W, H);
    // Every position is read before anything is drawn, so layout runs at most once.
    const origin = this.cols.getBoundingClientRect();
    const faces = this.units.map((b) => b.map((x) => x.firstElementChild as HTMLElement));
    const outFaces = this.outUnits.map((x) => x.firstElementChild as HTMLElement);
    const layers: HTMLElement[][] = [this.featureBoxes, ...faces, outFaces];
    const rects = layers.map((l) => l.map((el) => el.getBoundingClientRect()));
    const x = (r: DOMRect, right: boolean): number => (right ? r.right : r.left) - origin.left;
    const y = (r: DOMRect): number => r.top + r.height / 2 - origin.top;
    // A diverged run has weights that are ±Infinity or NaN: those links are skipped, the finite
    // ones keep their widths.
    const max = maxAbsWeight(snap.weights);
    // Links go into 2 signs × 8 widths paths, each stroked once: hundreds of separate strokes
    // cost the page more than everything else it draws.
    const WIDTHS = 8;
    const paths = Array.from({ length: 2 * WIDTHS }, () => new Path2D());
    this.curves = [];
    this.curveIds = [];
    snap.weights.forEach((d, k) => {
      const from = rects[k];
      const to = rects[k + 1];
      if (!from || !to || from.length !== d.inputs || to.length !== d.outputs) return;
      for (let i = 0; i < d.inputs; i++) {
        const x0 = x(from[i], true);
        const y0 = y(from[i]);
        for (let j = 0; j < d.outputs; j++) {
          const w = d.w[i * d.outputs + j];
          if (!Number.isFinite(w)) continue;
          const x1 = x(to[j], false);
          const y1 = y(to[j]);
          const path = paths[linkPath(w, max, WIDTHS).index];
          this.curves.push({ x0, y0, x1, y1 });
          this.curveIds.push([k, i, j]);
          path.moveTo(x0, y0);
          path.bezierCurveTo((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1, y1);
        }
      }
    });
    paths.forEach((path, k) => {
      g.strokeStyle = rgb(k < WIDTHS ? p.pos : p.neg, 0.85);
      g.lineWidth = 0.5 + (5 * ((k % WIDTHS) + 0.5)) / WIDTHS;
      // Negative weights are dashed too: the sign is not told by colour alone.
      g.setLineDash(linkDash(k < WIDTHS));
      g.stroke(path);
    });
    g.setLineDash([]);
    // The unit maps, inside their boxes' borders.
    const G = snap.unitGrid;
    const paint = (r: DOMRect, img: ImageData): void => drawImage(g, img, r.left - origin.left + 1, r.top - origin.top + 1, r.width - 2, r.height - 2);
    rects.slice(1, -1).forEach((boxes, l) => {
      const values = snap.units[l];
      if (!values || values.length !== G * G * boxes.length) return;
      const range = activations.find((a) => a.id === this.acts[l])?.range;
      boxes.forEach((r, u) => paint(r, unitImage(values, G, boxes.length, u, p, range)));
    });
    // A regression output is a value in about [−1, 1], class outputs are probabilities.
    const outRange = snap.classes === 1 ? { min: -1, max: 1 } : { min: 0, max: 1 };
    rects[rects.length - 1].forEach((r, c) => paint(r, unitImage(snap.probs, snap.grid, snap.classes, c, p, outRange)));
  }
}
