// The network as Playground draws it: input features, hidden layers of units (each a small heat
// map of its output), the output units, and links coloured by sign and as thick as the weight.
// Each layer has its own +/− and activation; dead units are hatched, saturated ones outlined.
import { activations } from "../../../../packages/actlab/src/activations/registry.js";
import type { Lang } from "../../../../packages/actlab/src/activations/types.js";
import { featureIds, featureLabels, featurize, type FeatureId } from "../../../../packages/actlab/src/train/plane-data.js";
import { fmt, h } from "../../dom.js";
import { drawImage, fitCanvas, rgb, unitImage, type Palette } from "./heatmap.js";
import { linkDash, linkPath, markerShape, markerSymbol, maxAbsWeight, planeGrid } from "./logic.js";
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

  constructor(
    private readonly lang: Lang,
    private readonly ev: DiagramEvents,
  ) {
    this.links = h("canvas", { class: "net-links", "aria-hidden": "true" });
    this.cols = h("div", { class: "net-cols" });
    this.el = h("div", { class: "net-diagram", id: "net-diagram" });
    this.classKey = h("ul", { class: "net-legend small", id: "net-class-key", "aria-label": nt(lang, "classKey") });
  }

  /** Rebuilds the columns for the state's features and layers. */
  build(s: NetworkState, classes: number, p: Palette): void {
    const L = this.lang;
    const t = (k: Parameters<typeof nt>[1], v?: Record<string, string | number>): string => nt(L, k, v);
    const count = s.layers.length;
    this.acts = [...s.activations];
    this.classKey.replaceChildren(
      ...Array.from({ length: classes }, (_, c) =>
        h("li", { "data-class": c }, h("span", { "aria-hidden": "true", style: `color: ${rgb(p.classes[c % p.classes.length])}` }, markerSymbol(c)), " ", t("classItem", { n: c + 1, shape: t(`shape.${markerShape(c)}`) })),
      ),
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
        return box;
      });
      columns.push(h("div", { class: "net-col", "data-layer": l + 1 }, head, ...boxes));
      return boxes;
    });
    this.outUnits = Array.from({ length: classes }, (_, c) => {
      return h("div", { class: "net-unit net-out-unit" }, h("div", { class: "net-face", style: `border-color: ${rgb(p.classes[c % p.classes.length])}` }));
    });
    columns.push(h("div", { class: "net-col net-outputs" }, h("div", { class: "net-col-head" }, h("strong", {}, t("output"))), ...this.outUnits));
    this.cols.replaceChildren(this.links, ...columns);
    this.el.replaceChildren(layerBar, h("div", { class: "net-scroll" }, this.cols), h("p", { class: "small muted" }, t("unitHint"), " ", t("linkHint")));
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
    const max = maxAbsWeight(snap.weights);
    // Links go into 2 signs × 8 widths paths, each stroked once: hundreds of separate strokes
    // cost the page more than everything else it draws.
    const WIDTHS = 8;
    const paths = Array.from({ length: 2 * WIDTHS }, () => new Path2D());
    snap.weights.forEach((d, k) => {
      const from = rects[k];
      const to = rects[k + 1];
      if (!from || !to || from.length !== d.inputs || to.length !== d.outputs) return;
      for (let i = 0; i < d.inputs; i++) {
        const x0 = x(from[i], true);
        const y0 = y(from[i]);
        for (let j = 0; j < d.outputs; j++) {
          const w = d.w[i * d.outputs + j];
          const x1 = x(to[j], false);
          const y1 = y(to[j]);
          const path = paths[linkPath(w, max, WIDTHS).index];
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
    rects[rects.length - 1].forEach((r, c) => paint(r, unitImage(snap.probs, snap.grid, snap.classes, c, p, { min: 0, max: 1 })));
  }
}
