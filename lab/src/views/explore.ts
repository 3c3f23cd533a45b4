import { getActivation, groups, type ActivationId } from "../../../packages/actlab/src/activations/registry.js";
import type { ActivationInfo, Lang, ParamSpec } from "../../../packages/actlab/src/activations/types.js";
import { functionFigure } from "../../../packages/actlab/src/plot/index.js";
import { symbolText } from "../../../packages/actlab/src/plot/text.js";
import { figureData, figureText } from "../../../packages/cli/src/render/index.js";
import { fmt, h } from "../dom.js";
import { dataDisclosure, nameHost, renderSpec, type Rendered } from "../figures.js";
import { boxValue, domainOf, exploreParams, figureParams, limits, normaliseDomain, type Domain } from "../state.js";
import { tex } from "../tex.js";
import { CUSTOM, activationOf, formulaReady, loadFormula, setCustom } from "../custom.js";
import type { FormulaCheck } from "../../../packages/actlab/src/formula/index.js";
import type { Mount } from "../view.js";
import { figureSize, infoPanel, observeWidth } from "./common.js";

const SVG = "http://www.w3.org/2000/svg";

function sliderStep(spec: ParamSpec): number {
  const [lo, hi] = spec.slider;
  return Number(((hi - lo) / 200).toPrecision(2));
}

export const mount: Mount = (host, ctx) => {
  const L = ctx.lang;
  const s = ctx.state.explore;
  let a = activationOf(s.fn);
  let rendered: Rendered | null = null;
  let readoutX: number | null = null;
  let width = 640;

  const select = h(
    "select",
    {
      id: "fn",
      onchange: () => {
        const fn = select.value as ActivationId;
        const apply = (): void => {
          if (select.value !== fn) return; // (another choice meanwhile)
          ctx.update((st) => void (st.explore = { fn, params: {}, domain: domainOf(fn), derivative: st.explore.derivative }));
          rebuild();
        };
        // "Your own…" needs the formula parser, fetched when the browser was idle after the first
        // view: normally there already, else the figure follows as soon as it has arrived.
        if ((fn as string) === CUSTOM && !formulaReady()) void loadFormula().then(apply);
        else apply();
      },
    },
    // one <optgroup> per registry group, the article's functions first (softmax has its own view)
    ...groups.map((g) =>
      h(
        "optgroup",
        { label: g.title[L] },
        ...g.ids
          .filter((id) => id !== "softmax")
          .map((id) => getActivation(id))
          .map((f) => h("option", { value: f.id, selected: f.id === s.fn }, `${f.name} — ${f.names[L]}`)),
      ),
    ),
    h("optgroup", { label: ctx.t("explore.custom") }, h("option", { value: CUSTOM, selected: (s.fn as string) === CUSTOM }, ctx.t("explore.custom"))),
  );
  // The reader's formula: parsed as it is typed (never run as code); a mistake is shown at its
  // column under the field while the figure keeps the last formula that parsed.
  const exprBox = h("input", {
    type: "text",
    id: "expr",
    value: ctx.state.expr,
    spellcheck: false,
    autocomplete: "off",
    "aria-describedby": "expr-help expr-error",
    oninput: () => setExpr(exprBox.value),
  });
  // Focusable: a long formula's message scrolls sideways (its caret must stay under the column), and a scrolling region must be reachable by keyboard.
  const exprErr = h("pre", { class: "field-error formula-error", id: "expr-error", role: "alert", tabindex: 0 });
  const exprCheck = h("p", { class: "muted small", id: "expr-check" });
  const exprField = h(
    "div",
    { class: "field formula-field", id: "expr-field" },
    h("label", { for: "expr" }, ctx.t("explore.expr")),
    exprBox,
    exprErr,
    exprCheck,
    h("p", { class: "muted small", id: "expr-help" }, ctx.t("explore.exprHelp")),
  );

  function setExpr(text: string): void {
    let next;
    try {
      next = setCustom(text);
    } catch (e) {
      exprErr.textContent = (e as Error).message;
      return;
    }
    exprErr.textContent = "";
    const names = new Set(next.params.map((p) => p.name));
    ctx.update((st) => {
      st.expr = text;
      st.explore.params = Object.fromEntries(Object.entries(st.explore.params).filter(([k]) => names.has(k)));
    });
    rebuild();
  }
  const derivBox = h("input", {
    type: "checkbox",
    id: "show-df",
    checked: s.derivative,
    onchange: () => {
      ctx.update((st) => void (st.explore.derivative = derivBox.checked));
      draw();
    },
  });
  const paramsBox = h("div", { class: "params" });
  const lo = h("input", { type: "number", id: "domain-lo", step: "any", "aria-label": `${ctx.t("explore.domain")} min`, onchange: () => setDomain([boxValue(lo), boxValue(hi)]) });
  const hi = h("input", { type: "number", id: "domain-hi", step: "any", "aria-label": `${ctx.t("explore.domain")} max`, onchange: () => setDomain([boxValue(lo), boxValue(hi)]) });
  const domainErr = h("p", { class: "field-error", id: "domain-error", role: "alert" });
  const zoom = (k: number): void => {
    const [a0, b0] = ctx.state.explore.domain;
    const c = (a0 + b0) / 2;
    const half = ((b0 - a0) / 2) * k;
    setDomain([c - half, c + half]);
  };
  const figure = h("div", { class: "figure", id: "explore-figure", tabindex: 0, role: "img", "aria-label": ctx.t("explore.figureLabel") });
  const data = dataDisclosure(ctx, "explore-data");
  const readout = h("output", { class: "readout", id: "readout", "aria-live": "polite" }, ctx.t("explore.readout"));
  const info = h("div", { class: "info" });

  const controls = h(
    "form",
    { class: "controls", onsubmit: (e: Event) => e.preventDefault() },
    h("label", { class: "field" }, h("span", {}, ctx.t("explore.function")), select),
    exprField,
    h("label", { class: "check" }, derivBox, h("span", {}, ctx.t("explore.derivative"))),
    h("fieldset", {}, h("legend", {}, ctx.t("explore.params")), paramsBox),
    h(
      "fieldset",
      { class: "domain" },
      h("legend", {}, ctx.t("explore.domain")),
      h("div", { class: "row" }, lo, h("span", {}, "…"), hi),
      domainErr,
      h(
        "div",
        { class: "row" },
        h("button", { type: "button", id: "zoom-in", onclick: () => zoom(0.5) }, ctx.t("explore.zoomIn")),
        h("button", { type: "button", id: "zoom-out", onclick: () => zoom(2) }, ctx.t("explore.zoomOut")),
        h("button", { type: "button", id: "domain-reset", onclick: () => setDomain(domainOf(ctx.state.explore.fn)) }, ctx.t("explore.reset")),
      ),
    ),
  );
  host.append(h("div", { class: "explore-grid" }, controls, h("div", { class: "figure-col" }, figure, readout, data.el), info));

  function setDomain(d: Domain): void {
    // Clamped and rounded first, then checked: the stored domain is always one the URL reloads.
    const next = normaliseDomain(d);
    domainErr.textContent = next ? "" : ctx.t("domain.invalid", { lo: lo.value || "?", hi: hi.value || "?", min: String(limits.domain.min), max: String(limits.domain.max), width: String(limits.domain.minWidth) });
    if (!next) {
      lo.value = String(ctx.state.explore.domain[0]);
      hi.value = String(ctx.state.explore.domain[1]);
      return;
    }
    ctx.update((st) => void (st.explore.domain = next));
    draw();
  }

  function buildParams(): void {
    paramsBox.replaceChildren();
    if (a.params.length === 0) paramsBox.append(h("p", { class: "muted" }, ctx.t("explore.noParams")));
    const values = exploreParams(ctx.state.explore);
    for (const spec of a.params) {
      const [smin, smax] = spec.slider;
      const v = values[spec.name];
      // Screen readers get the symbol as text (α), not its LaTeX.
      const range = h("input", { type: "range", id: `param-${spec.name}`, min: smin, max: smax, step: sliderStep(spec), value: v, "aria-label": symbolText(spec.symbol) });
      const box = h("input", { type: "number", id: `param-${spec.name}-value`, step: "any", value: v, "aria-label": symbolText(spec.symbol) });
      const err = h("span", { class: "field-error", role: "alert" });
      const set = (raw: number, from: HTMLInputElement): void => {
        try {
          // the registry says whether the value is allowed, also against its partner (hardtanh's min < max)
          a.f(0, { ...exploreParams(ctx.state.explore), [spec.name]: raw });
        } catch (e) {
          err.textContent = (e as Error).message;
          return;
        }
        err.textContent = "";
        if (from !== range) range.value = String(raw);
        if (from !== box) box.value = String(raw);
        ctx.update((st) => {
          const fig = figureParams(st.explore.fn);
          const p = { ...st.explore.params, [spec.name]: raw };
          if (raw === fig[spec.name]) delete p[spec.name];
          st.explore.params = p;
        });
        draw();
      };
      range.addEventListener("input", () => set(Number(range.value), range));
      // An empty box is no value (Number("") would be 0, silently α = 0).
      box.addEventListener("change", () => {
        if (box.value.trim() === "") err.textContent = ctx.t("field.empty", { name: symbolText(spec.symbol), value: String(exploreParams(ctx.state.explore)[spec.name]) });
        else set(Number(box.value), box);
      });
      paramsBox.append(
        h(
          "div",
          { class: "param" },
          h("label", { for: range.id }, tex(spec.symbol), spec.learnable ? h("small", {}, ` (${ctx.t("explore.learnable")})`) : null),
          h("div", { class: "row" }, range, box),
          h("p", { class: "muted small" }, spec.description[L]),
          err,
        ),
      );
    }
  }

  function draw(): void {
    const st = ctx.state.explore;
    lo.value = String(st.domain[0]);
    hi.value = String(st.domain[1]);
    const size = figureSize(width);
    const spec = functionFigure(st.fn, { params: exploreParams(st), domain: [st.domain[0], st.domain[1]], derivative: st.derivative, lang: L, ...size });
    rendered = renderSpec(spec);
    const overlay = document.createElementNS(SVG, "g");
    overlay.setAttribute("class", "crosshair");
    overlay.setAttribute("pointer-events", "none");
    rendered.el.append(overlay);
    figure.replaceChildren(rendered.el);
    figure.dataset.fn = st.fn;
    nameHost(figure, figureText(spec), ctx.lang, ctx.t("explore.figureLabel"));
    data.set(figureData(spec), spec.title);
    if (readoutX !== null) showReadout(readoutX);
  }

  function showReadout(x: number): void {
    if (!rendered) return;
    const st = ctx.state.explore;
    readoutX = x;
    const p = exploreParams(st);
    const y = a.f(x, p);
    const dy = a.df(x, p);
    readout.textContent = `x = ${fmt(x)}   f(x) = ${fmt(y)}   f′(x) = ${fmt(dy)}`;
    const g = rendered.el.querySelector("g.crosshair");
    if (!g) return;
    const px = rendered.scales.x(x);
    const marks: string[] = [`<line x1="${px}" x2="${px}" y1="0" y2="${rendered.el.getAttribute("height")}" />`];
    const dot = (v: number, cls: string): void => {
      const py = rendered!.scales.y(v);
      if (Number.isFinite(py)) marks.push(`<circle class="${cls}" cx="${px}" cy="${py}" r="4" />`);
    };
    dot(y, "dot-f");
    if (st.derivative) dot(dy, "dot-df");
    g.innerHTML = marks.join("");
  }

  function xAt(ev: PointerEvent): number | null {
    if (!rendered) return null;
    const rect = rendered.el.getBoundingClientRect();
    const scale = Number(rendered.el.getAttribute("width")) / rect.width;
    const x = rendered.scales.invertX((ev.clientX - rect.left) * scale);
    const [d0, d1] = ctx.state.explore.domain;
    return x >= d0 && x <= d1 ? x : null;
  }

  // Dragging pans the x range (with the scale of the figure as it was when the drag began);
  // plain movement moves the readout.
  let drag: { px0: number; invert: (px: number) => number; domain: Domain } | null = null;
  const pxOf = (ev: PointerEvent): number => {
    const rect = rendered!.el.getBoundingClientRect();
    return (ev.clientX - rect.left) * (Number(rendered!.el.getAttribute("width")) / rect.width);
  };
  figure.addEventListener("pointerdown", (ev) => {
    if (!rendered || xAt(ev) === null) return;
    drag = { px0: pxOf(ev), invert: rendered.scales.invertX, domain: ctx.state.explore.domain };
    figure.setPointerCapture(ev.pointerId);
  });
  figure.addEventListener("pointermove", (ev) => {
    if (drag && rendered) {
      const dx = drag.invert(pxOf(ev)) - drag.invert(drag.px0);
      if (dx !== 0) setDomain([drag.domain[0] - dx, drag.domain[1] - dx]);
      return;
    }
    const x = xAt(ev);
    if (x !== null) showReadout(x);
  });
  const endDrag = (): void => void (drag = null);
  figure.addEventListener("pointerup", endDrag);
  figure.addEventListener("pointercancel", endDrag);
  figure.addEventListener("keydown", (ev) => {
    const [d0, d1] = ctx.state.explore.domain;
    const step = (d1 - d0) / 100;
    if (ev.key === "ArrowLeft" || ev.key === "ArrowRight") {
      const x0 = readoutX ?? (d0 + d1) / 2;
      const x = Math.min(d1, Math.max(d0, x0 + (ev.key === "ArrowLeft" ? -step : step)));
      showReadout(x);
    } else if (ev.key === "+" || ev.key === "=") zoom(0.5);
    else if (ev.key === "-") zoom(2);
    else return;
    ev.preventDefault();
  });

  function rebuild(): void {
    a = activationOf(ctx.state.explore.fn);
    const custom = (ctx.state.explore.fn as string) === CUSTOM;
    exprField.hidden = !custom;
    const check = custom ? (a as unknown as { check?: FormulaCheck }).check : undefined;
    // The check's problems, or its worst point when f′ agreed everywhere with the central differences.
    exprCheck.textContent = !check ? "" : check.problems.length > 0 ? check.problems.join(" ") : ctx.t("explore.checked").replace("{n}", String(check.points)).replace("{err}", fmt(check.worst.error, 2)).replace("{x}", fmt(check.worst.x, 4));
    readoutX = null;
    readout.textContent = ctx.t("explore.readout");
    buildParams();
    info.replaceChildren(...infoPanel(a as ActivationInfo, ctx, L as Lang));
    draw();
  }

  const stop = observeWidth(figure, (w) => {
    if (Math.abs(w - width) < 8 && rendered) return;
    width = w;
    draw();
  });
  width = Math.max(280, Math.round(figure.clientWidth) || 640);
  rebuild();
  const onTheme = (): void => draw();
  window.addEventListener("actlab-theme", onTheme);
  return () => {
    stop();
    window.removeEventListener("actlab-theme", onTheme);
  };
};

