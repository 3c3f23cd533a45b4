import type { ActivationInfo, Lang, Properties } from "../../../packages/actlab/src/activations/types.js";
import { h } from "../dom.js";
import type { Key } from "../i18n.js";
import { toHash } from "../state.js";
import { tex } from "../tex.js";
import type { Ctx } from "../view.js";
import { experimentFor } from "./experiments/claims.js";

/** A figure as wide as its column, with a height that suits both phones and desktops. */
export function figureSize(width: number, minHeight = 260): { width: number; height: number } {
  const w = Math.max(280, Math.min(1200, Math.round(width)));
  return { width: w, height: Math.round(Math.max(minHeight, Math.min(460, w * 0.62))) };
}

/** Calls `cb` with the element's width whenever it changes (at most once per frame). */
export function observeWidth(el: HTMLElement, cb: (width: number) => void): () => void {
  let frame = 0;
  const ro = new ResizeObserver((entries) => {
    const w = entries[0]?.contentRect.width ?? 0;
    if (w <= 0) return;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => cb(w));
  });
  ro.observe(el);
  return () => {
    cancelAnimationFrame(frame);
    ro.disconnect();
  };
}

export function propertyRows(p: Properties, ctx: Ctx): [string, string][] {
  const yn = (v: boolean): string => ctx.t(v ? "yes" : "no");
  return [
    [ctx.t("prop.monotonic"), yn(p.monotonic)],
    [ctx.t("prop.bounded"), yn(p.bounded)],
    [ctx.t("prop.zeroCentred"), yn(p.zeroCentred)],
    [ctx.t("prop.smooth"), yn(p.smooth)],
    [ctx.t("prop.saturating"), ctx.t(`sat.${p.saturating}` as Key)],
  ];
}

/** Strengths or weaknesses, each linked to the experiment that measures it (when one does). */
function claimList(a: ActivationInfo, kind: "strengths" | "weaknesses", ctx: Ctx, L: Lang): HTMLElement {
  return h(
    "ul",
    { class: `claims ${kind}` },
    ...a[kind][L].map((s, i) => {
      const id = experimentFor(a.id, kind, i);
      if (id === null) return h("li", {}, s);
      const st = structuredClone(ctx.state);
      st.view = "experiments";
      st.experiments = { ...st.experiments, id, options: {} };
      return h("li", {}, s, " ", h("a", { class: "measured", href: toHash(st), "data-experiment": id, "aria-label": ctx.t("explore.measuredLabel", { id }) }, ctx.t("explore.measured", { id })));
    }),
  );
}

/** Everything the registry says about a function, in the reader's language. */
export function infoPanel(a: ActivationInfo, ctx: Ctx, L: Lang): Node[] {
  const other: Lang = L === "en" ? "zh" : "en";
  // Each heading kept with its text in one block: the panel is set in columns under the figure
  // (issue 21: beside it, it left large empty areas under the controls and the figure).
  const part = (...kids: Array<Node | null>) => h("div", { class: "info-part" }, ...kids);
  return [
    part(
      h("h2", { id: "fn-name" }, a.name, " ", h("span", { class: "names", lang: L === "zh" ? "zh-CN" : "en" }, a.names[L])),
      h("p", { class: "names-other muted", lang: other === "zh" ? "zh-CN" : "en" }, a.names[other]),
      h("p", { class: "summary" }, a.summary[L]),
    ),
    part(h("h3", {}, ctx.t("explore.formula")), h("div", { class: "formula", id: "formula-f" }, tex(a.latex.f, true))),
    part(h("h3", {}, ctx.t("explore.derivativeFormula")), h("div", { class: "formula", id: "formula-df" }, tex(a.latex.df, true))),
    a.constants.length
      ? part(h("h3", {}, ctx.t("explore.constants")), ...a.constants.map((c) => h("div", { class: "formula" }, tex(`${c.symbol} \\approx ${c.text}`, true))))
      : null,
    part(h("h3", {}, ctx.t("explore.range")), h("p", {}, tex(a.range.latex))),
    part(h("h3", {}, ctx.t("explore.properties")), h("dl", { class: "props" }, ...propertyRows(a.properties, ctx).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
    part(h("h3", {}, ctx.t("explore.strengths")), claimList(a, "strengths", ctx, L)),
    part(h("h3", {}, ctx.t("explore.weaknesses")), claimList(a, "weaknesses", ctx, L)),
    part(
      h("h3", {}, ctx.t("explore.elsewhere")),
      h(
        "dl",
        { class: "props" },
        h("dt", {}, "PyTorch"),
        h("dd", {}, h("code", {}, a.elsewhere.pytorch)),
        h("dt", {}, "TF.js"),
        h("dd", {}, h("code", {}, a.elsewhere.tfjs)),
      ),
      a.elsewhere.note ? h("p", { class: "muted small" }, a.elsewhere.note[L]) : null,
    ),
    part(h("h3", {}, ctx.t("explore.references")), h("ul", {}, ...a.references.map((r) => h("li", {}, h("a", { href: r.url, rel: "noopener", target: "_blank" }, r.title))))),
  ].filter((n): n is HTMLDivElement => n !== null);
}
