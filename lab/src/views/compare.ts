import { activations, getActivation, groups, type ActivationId } from "../../../packages/actlab/src/activations/registry.js";
import { CUSTOM, activationOf } from "../custom.js";
import { compareFigure, derivativesFigure, type FigureSpec } from "../../../packages/actlab/src/plot/index.js";
import { figureData, figureText } from "../../../packages/cli/src/render/index.js";
import { fmt, h } from "../dom.js";
import { dataDisclosure, nameHost, pageColor, renderSpec, type Rendered } from "../figures.js";
import { boxValue, limits, normaliseDomain, type Domain, type Which } from "../state.js";
import type { Mount } from "../view.js";
import { figureSize, observeWidth } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";

export const mount: Mount = (host, ctx) => {
  const L = ctx.lang;
  let width = 640;
  let rendered: Rendered | null = null;
  let spec: FigureSpec | null = null;
  let readoutX: number | null = null;

  const boxes = new Map<ActivationId, HTMLInputElement>();
  const legend = h("ul", { class: "legend", id: "legend" });
  const data = dataDisclosure(ctx, "compare-data");
  const figure = h("div", { class: "figure", id: "compare-figure", tabindex: 0, role: "img", "aria-label": ctx.t("explore.figureLabel") });
  const values = h("table", { class: "values", id: "compare-values", "aria-live": "polite" });
  const radios = (["f", "df"] as const).map((w) =>
    h("input", {
      type: "radio",
      name: "which",
      value: w,
      id: `which-${w}`,
      checked: ctx.state.compare.which === w,
      onchange: () => {
        ctx.update((st) => void (st.compare.which = w as Which));
        draw();
      },
    }),
  );
  const lo = h("input", { type: "number", id: "domain-lo", step: "any", "aria-label": `${ctx.t("explore.domain")} min`, onchange: () => setDomain([boxValue(lo), boxValue(hi)]) });
  const hi = h("input", { type: "number", id: "domain-hi", step: "any", "aria-label": `${ctx.t("explore.domain")} max`, onchange: () => setDomain([boxValue(lo), boxValue(hi)]) });

  const domainErr = h("p", { class: "field-error", id: "domain-error", role: "alert" });
  function setDomain(d: Domain): void {
    // Clamped and rounded first, then checked: the stored domain is always one the URL reloads.
    const next = normaliseDomain(d);
    domainErr.textContent = next ? "" : ctx.t("domain.invalid", { lo: lo.value || "?", hi: hi.value || "?", min: String(limits.domain.min), max: String(limits.domain.max), width: String(limits.domain.minWidth) });
    if (next) ctx.update((st) => void (st.compare.domain = next));
    draw();
  }

  function selected(): ActivationId[] {
    return [...activations.map((a) => a.id), CUSTOM as ActivationId].filter((id) => boxes.get(id)?.checked);
  }

  function onPick(): void {
    const ids = selected();
    ctx.update((st) => void (st.compare.ids = ids));
    draw();
  }

  for (const a of activations) {
    const box = h("input", { type: "checkbox", id: `pick-${a.id}`, value: a.id, checked: ctx.state.compare.ids.includes(a.id), onchange: onPick });
    boxes.set(a.id, box);
  }
  // The reader's own formula (Explore's "Your own…", URL expr) beside the built-in functions.
  boxes.set(CUSTOM as ActivationId, h("input", { type: "checkbox", id: `pick-${CUSTOM}`, value: CUSTOM, checked: (ctx.state.compare.ids as string[]).includes(CUSTOM), onchange: onPick }));
  const setAll = (on: boolean): void => {
    for (const b of boxes.values()) b.checked = on;
    onPick();
  };

  host.append(
    h(
      "div",
      { class: "compare-grid" },
      h(
        "form",
        { class: "controls", onsubmit: (e: Event) => e.preventDefault() },
        h(
          "fieldset",
          {},
          h("legend", {}, ctx.t("compare.which")),
          ...radios.map((r) => h("label", { class: "check" }, r, h("span", {}, ctx.t(r.value === "f" ? "compare.f" : "compare.df")))),
        ),
        h(
          "fieldset",
          {},
          h("legend", {}, ctx.t("compare.functions")),
          legend,
          h("div", { class: "row" }, h("button", { type: "button", onclick: () => setAll(true) }, ctx.t("compare.all")), h("button", { type: "button", onclick: () => setAll(false) }, ctx.t("compare.none"))),
        ),
        h(
          "fieldset",
          {},
          h("legend", {}, ctx.t("explore.domain")),
          h("div", { class: "row" }, lo, h("span", {}, "…"), hi),
          domainErr,
          h("div", { class: "row" }, h("button", { type: "button", onclick: () => setDomain([-10, 10]) }, ctx.t("explore.reset"))),
        ),
      ),
      h("div", { class: "figure-col" }, figure, h("p", { class: "muted small" }, ctx.t("explore.readout")), values, data.el),
    ),
  );

  function buildLegend(): void {
    // Colours and dashes come from the figure spec, so the legend always matches the lines.
    const styleOf = new Map(spec?.curves.map((c) => [c.id, c]) ?? []);
    const item = (a: Pick<(typeof activations)[number], "id" | "name" | "names">) => {
      const c = styleOf.get(a.id);
      return h(
        "li",
        {},
        h("label", { class: "check" }, boxes.get(a.id)!, h("span", { class: `swatch${c?.dash ? " dashed" : ""}`, style: c ? `color:${pageColor(c.color)}` : "visibility:hidden" }), h("span", {}, `${a.name} — ${a.names[L]}`)),
      );
    };
    // headed sections, the article's functions first
    legend.replaceChildren(
      ...groups.flatMap((g) => [
        h("li", { class: "group-heading" }, h("strong", {}, g.title[L])),
        ...activations.filter((a) => g.ids.includes(a.id)).map(item),
      ]),
      h("li", { class: "group-heading" }, h("strong", {}, ctx.t("explore.custom"))),
      item(activationOf(CUSTOM)),
    );
  }

  function draw(): void {
    const st = ctx.state.compare;
    lo.value = String(st.domain[0]);
    hi.value = String(st.domain[1]);
    if (st.ids.length === 0) {
      spec = null;
      rendered = null;
      figure.replaceChildren(h("p", { class: "muted" }, ctx.t("compare.empty")));
      values.replaceChildren();
      buildLegend();
      return;
    }
    const opts = { ids: [...st.ids], domain: [st.domain[0], st.domain[1]] as [number, number], lang: L, ...figureSize(width, 340) };
    // The legend of up to seven curves takes rows of its own, hence the taller minimum.
    // Derivatives are the article's 导数图, with its title; functions are a plain comparison.
    spec = st.which === "df" ? derivativesFigure(opts) : compareFigure({ ...opts, which: "f" });
    rendered = renderSpec(spec);
    const g = document.createElementNS(SVG, "g");
    g.setAttribute("class", "crosshair");
    rendered.el.append(g);
    figure.replaceChildren(rendered.el);
    nameHost(figure, figureText(spec), ctx.lang, ctx.t("explore.figureLabel"));
    data.set(figureData(spec), spec.title);
    buildLegend();
    showValues(readoutX ?? 1);
  }

  function showValues(x: number): void {
    if (!spec || !rendered) return;
    readoutX = x;
    const which = ctx.state.compare.which;
    const rows = spec.curves.map((c) => {
      const a = getActivation(c.id);
      const v = which === "f" ? a.f(x, c.params) : a.df(x, c.params);
      return { c, v };
    });
    values.replaceChildren(
      h("caption", { class: "muted" }, `${ctx.t("compare.readout")} = ${fmt(x)}`),
      ...rows.map(({ c, v }) => h("tr", {}, h("th", {}, h("span", { class: `swatch${c.dash ? " dashed" : ""}`, style: `color:${pageColor(c.color)}` }), " ", c.label), h("td", {}, fmt(v)))),
    );
    const g = rendered.el.querySelector("g.crosshair");
    if (!g) return;
    const px = rendered.scales.x(x);
    const dots = rows
      .map(({ c, v }) => ({ c, py: rendered!.scales.y(v) }))
      .filter(({ py }) => Number.isFinite(py))
      .map(({ c, py }) => `<circle cx="${px}" cy="${py}" r="3.5" fill="${pageColor(c.color)}" />`);
    g.innerHTML = `<line x1="${px}" x2="${px}" y1="0" y2="${rendered.el.getAttribute("height")}" />${dots.join("")}`;
  }

  figure.addEventListener("pointermove", (ev) => {
    if (!rendered) return;
    const rect = rendered.el.getBoundingClientRect();
    const x = rendered.scales.invertX((ev.clientX - rect.left) * (Number(rendered.el.getAttribute("width")) / rect.width));
    const [d0, d1] = ctx.state.compare.domain;
    if (x >= d0 && x <= d1) showValues(x);
  });
  figure.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
    const [d0, d1] = ctx.state.compare.domain;
    const step = (d1 - d0) / 100;
    showValues(Math.min(d1, Math.max(d0, (readoutX ?? 0) + (ev.key === "ArrowLeft" ? -step : step))));
    ev.preventDefault();
  });

  const stop = observeWidth(figure, (w) => {
    if (Math.abs(w - width) < 8 && rendered) return;
    width = w;
    draw();
  });
  width = Math.max(280, Math.round(figure.clientWidth) || 640);
  draw();
  const onTheme = (): void => draw();
  window.addEventListener("actlab-theme", onTheme);
  return () => {
    stop();
    window.removeEventListener("actlab-theme", onTheme);
  };
};
