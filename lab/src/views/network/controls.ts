// The Network view's settings: the data (set, noise, training share, batch, regenerate) and the
// training (learning rate, optimizer, initialisation, regularisation). Every change goes through
// `change`, which writes the URL and restarts the run.
import { activations } from "../../../../packages/actlab/src/activations/registry.js";
import type { Lang } from "../../../../packages/actlab/src/activations/types.js";
import { initFor } from "../../../../packages/actlab/src/train/mlp.js";
import { planeDatasets, regressionDatasets } from "../../../../packages/actlab/src/train/plane-data.js";
import { h } from "../../dom.js";
import { netInits, netLimits, netOptimizers, netRegs, type NetworkState } from "./state.js";
import { nt, type NetKey } from "./strings.js";

// Playground's choices, so its settings can be reproduced here.
const LRS = [1e-5, 1e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

type Change = (mut: (s: NetworkState) => void, opts?: { keepData?: boolean }) => void;

function numberSelect(id: string, label: string, values: number[], current: number, set: (v: number) => void): HTMLElement {
  const list = values.includes(current) ? values : [...values, current].sort((a, b) => a - b);
  const sel = h("select", { id, onchange: () => set(Number(sel.value)) }, ...list.map((v) => h("option", { value: String(v), selected: v === current }, String(v))));
  return h("div", { class: "field" }, h("label", { for: id }, label), sel);
}

function slider(id: string, label: string, lim: { min: number; max: number }, step: number, current: number, set: (v: number) => void): HTMLElement {
  const out = h("output", { for: id, class: "mono" }, String(current));
  const input = h("input", { type: "range", id, min: lim.min, max: lim.max, step, value: current });
  input.addEventListener("input", () => (out.textContent = input.value));
  input.addEventListener("change", () => set(Number(input.value)));
  return h("div", { class: "field" }, h("label", { for: id }, label, " ", out), input);
}

/** The select's name of a data set: its short one under the group heading, where it has one. */
function optionKey(d: (typeof planeDatasets)[number] | (typeof regressionDatasets)[number]): NetKey {
  return d === "spiral3" || d === "reg-plane" || d === "reg-gauss" ? `dsOpt.${d}` : `ds.${d}`;
}

export function dataControls(s: NetworkState, lang: Lang, change: Change, custom: string | null, onDrop: () => void): HTMLElement {
  const t = (k: NetKey): string => nt(lang, k);
  const ds = h(
    "select",
    {
      id: "net-dataset",
      onchange: () => {
        if (ds.value === "custom") return;
        onDrop();
        change((st) => void (st.dataset = ds.value as NetworkState["dataset"]));
      },
    },
    ...([
      ["dsGroup.class", planeDatasets],
      ["dsGroup.reg", regressionDatasets],
    ] as const).map(([group, ids]) =>
      h("optgroup", { label: t(group) }, ...ids.map((d) => h("option", { value: d, selected: custom === null && d === s.dataset }, t(optionKey(d))))),
    ),
    custom !== null ? h("option", { value: "custom", selected: true }, `${t("ds.custom")}: ${custom}`) : null,
  );
  return h(
    "div",
    { class: "net-controls" },
    h("div", { class: "field" }, h("label", { for: "net-dataset" }, t("dataset")), ds),
    slider("net-noise", t("noise"), netLimits.noise, 5, s.noise, (v) => change((st) => void (st.noise = v))),
    slider("net-train", t("train"), netLimits.train, 10, s.train, (v) => change((st) => void (st.train = v))),
    slider("net-batch", t("batch"), { min: 1, max: 30 }, 1, s.batch, (v) => change((st) => void (st.batch = v))),
    h("button", { type: "button", id: "net-regenerate", disabled: custom !== null, onclick: () => change((st) => void (st.dataSeed = (st.dataSeed % netLimits.dataSeed.max) + 1)) }, t("regenerate")),
  );
}

export function trainingControls(s: NetworkState, lang: Lang, change: Change): HTMLElement {
  const t = (k: NetKey, v?: Record<string, string>): string => nt(lang, k, v);
  const select = <T extends string>(id: string, label: string, values: readonly T[], current: T, text: (v: T) => string, set: (v: T) => void): HTMLElement => {
    const sel = h("select", { id, onchange: () => set(sel.value as T) }, ...values.map((v) => h("option", { value: v, selected: v === current }, text(v))));
    return h("div", { class: "field" }, h("label", { for: id }, label), sel);
  };
  const [colon, comma] = lang === "zh" ? ["：", "，"] : [": ", ", "];
  const recommended = [...new Set(s.activations.map((a) => `${activations.find((x) => x.id === a)?.name ?? a}${colon}${initFor(a)}`))].join(comma) || "—";
  return h(
    "div",
    { class: "net-controls" },
    numberSelect("net-lr", t("lr"), LRS, s.lr, (v) => change((st) => void (st.lr = v), { keepData: true })),
    select("net-optimizer", t("optimizer"), netOptimizers, s.optimizer, (v) => t(`opt.${v}`), (v) => change((st) => void (st.optimizer = v), { keepData: true })),
    // The recommended initialisations are listed under the select: in it they were cut off at 1280 px.
    select("net-init", t("init"), netInits, s.init, (v) => t(`init.${v}`), (v) => change((st) => void (st.init = v), { keepData: true })),
    s.init === "auto" ? h("p", { class: "small muted net-init-list", id: "net-init-list" }, t("initList", { list: recommended })) : null,
    select("net-reg", t("reg"), netRegs, s.reg, (v) => t(`reg.${v}`), (v) => change((st) => void (st.reg = v), { keepData: true })),
    numberSelect("net-regRate", t("regRate"), RATES, s.regRate, (v) => change((st) => void (st.regRate = v), { keepData: true })),
  );
}
