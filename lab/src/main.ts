import "./style.css";
import { t, type Key } from "./i18n.js";
import { parseHash, toHash, views, type LabState, type Theme, type ViewId } from "./state.js";
import type { Ctx, Mount } from "./view.js";
import { loadKernels, prefetchKernels } from "./kernels.js";
import { formulaReady, loadFormula, needsFormula } from "./custom.js";

// Each view is its own chunk: the first screen loads only what it shows.
/** A view's module, once every kernel has loaded too (fetched beside it, so no later wait): the views that train on float32. */
const withKernels = <T>(view: Promise<T>): Promise<T> => Promise.all([view, loadKernels("all")]).then(([v]) => v);
/** A view's module, once the formula parser has loaded too: the views that list "Your own…" from the start. */
const withFormula = <T>(view: Promise<T>): Promise<T> => Promise.all([view, loadFormula()]).then(([v]) => v);
const loaders: Record<ViewId, () => Promise<{ mount: Mount }>> = {
  // (Explore, the first view, needs the parser only when the reader picks "Your own…": it waits then.)
  explore: () => import("./views/explore.js"),
  compare: () => withFormula(import("./views/compare.js")), // scalar f and f′ only: no kernels
  table: () => import("./views/table.js"),
  softmax: () => import("./views/softmax.js"),
  regression: () => import("./views/regression.js"),
  network: () => withFormula(withKernels(import("./views/network/view.js"))),
  experiments: () => withFormula(withKernels(import("./views/experiments/view.js"))),
};

const main = document.getElementById("main") as HTMLElement;
const tabs = document.getElementById("tabs") as HTMLElement;
const langBtn = document.getElementById("lang") as HTMLButtonElement;
const themeBtn = document.getElementById("theme") as HTMLButtonElement;
const notice = document.getElementById("notice") as HTMLElement;

let state: LabState;
let cleanup: (() => void) | null = null;
let mountSeq = 0;
const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

function applyTheme(): void {
  const dark = state.theme === "dark" || (state.theme === "auto" && darkQuery.matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

let noticeLines: string[] = [];

function showNotices(lines: string[]): void {
  noticeLines = lines;
  notice.replaceChildren();
  notice.hidden = lines.length === 0;
  if (lines.length === 0) return;
  const list = document.createElement("ul");
  for (const line of lines) {
    const li = document.createElement("li");
    li.textContent = line;
    list.append(li);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = t(state.lang, "notice.dismiss");
  close.addEventListener("click", () => showNotices([]));
  const title = document.createElement("strong");
  title.textContent = t(state.lang, "notice.title");
  notice.append(title, list, close);
}

function renderShell(): void {
  const L = state.lang;
  document.documentElement.lang = L === "zh" ? "zh-CN" : "en";
  document.title = t(L, "title");
  tabs.replaceChildren(
    ...views.map((v) => {
      const a = document.createElement("a");
      a.href = toHash({ ...state, view: v });
      a.textContent = t(L, `view.${v}` as Key);
      a.dataset.view = v;
      if (v === state.view) a.setAttribute("aria-current", "page");
      return a;
    }),
  );
  langBtn.textContent = t(L, "lang.switch");
  // The accessible name starts with the visible text (WCAG 2.5.3, label in name): "中文, Switch language to Chinese".
  langBtn.setAttribute("aria-label", `${t(L, "lang.switch")}${L === "zh" ? "，" : ", "}${t(L, "lang.label")}`);
  themeBtn.textContent = t(L, `theme.${state.theme}` as Key);
  const skip = document.querySelector(".skip");
  if (skip) skip.textContent = t(L, "skip");
  applyTheme();
}

/** Writes the state into the address bar without a history entry (slider drags would flood it). */
function writeUrl(): void {
  const hash = toHash(state);
  if (location.hash !== hash) history.replaceState(null, "", hash);
  // Tab links carry the global settings (language, theme) to the other views.
  for (const a of Array.from(tabs.querySelectorAll<HTMLAnchorElement>("a[data-view]"))) a.href = toHash({ ...state, view: a.dataset.view as ViewId });
}

async function mountView(): Promise<void> {
  const seq = ++mountSeq;
  cleanup?.();
  cleanup = null;
  main.setAttribute("aria-busy", "true");
  main.replaceChildren(Object.assign(document.createElement("p"), { className: "loading", textContent: t(state.lang, "loading") }));
  const { mount } = await loaders[state.view]();
  if (seq !== mountSeq) return;
  const host = document.createElement("section");
  host.className = `view view-${state.view}`;
  main.replaceChildren(host);
  const ctx: Ctx = {
    get state() {
      return state;
    },
    get lang() {
      return state.lang;
    },
    t: (key, vars) => t(state.lang, key, vars),
    update(change) {
      change(state);
      writeUrl();
    },
    go(hash) {
      location.hash = hash;
    },
    notice(lines) {
      if (seq === mountSeq && lines.length) showNotices([...noticeLines, ...lines]);
    },
  };
  cleanup = mount(host, ctx);
  main.removeAttribute("aria-busy");
  document.body.dataset.ready = state.view;
  // The budget script reads this: the first view is interactive from here on.
  if (performance.getEntriesByName("actlab-ready").length === 0) {
    performance.mark("actlab-ready");
    prefetchKernels(() => void loadFormula());
  }
}

function fromLocation(): void {
  // A location naming the reader's formula is read once the parser is there (its own chunk).
  if (!formulaReady() && needsFormula(location.hash)) {
    main.setAttribute("aria-busy", "true");
    void loadFormula().then(fromLocation);
    return;
  }
  const parsed = parseHash(location.hash);
  state = parsed.state;
  showNotices(parsed.notices);
  renderShell();
  writeUrl();
  void mountView();
}

langBtn.addEventListener("click", () => {
  state.lang = state.lang === "en" ? "zh" : "en";
  writeUrl();
  renderShell();
  void mountView();
});

themeBtn.addEventListener("click", () => {
  const order: Theme[] = ["auto", "light", "dark"];
  state.theme = order[(order.indexOf(state.theme) + 1) % order.length];
  writeUrl();
  renderShell();
  window.dispatchEvent(new Event("actlab-theme"));
});

darkQuery.addEventListener("change", () => {
  applyTheme();
  window.dispatchEvent(new Event("actlab-theme"));
});

// The skip link jumps to the content; it must not be read as a view name ("#main").
document.querySelector(".skip")?.addEventListener("click", (ev) => {
  ev.preventDefault();
  main.focus();
});

window.addEventListener("hashchange", () => {
  // A hash naming an element of the page (an in-page link) is not lab state: keep the view.
  const target = location.hash.length > 1 && !location.hash.startsWith("#/") ? document.getElementById(location.hash.slice(1)) : null;
  if (target) {
    writeUrl();
    target.focus();
    return;
  }
  const before = document.activeElement;
  fromLocation();
  // Moving to another view by a tab keeps keyboard users at the top of the new content.
  if (before instanceof HTMLAnchorElement && before.closest("#tabs")) main.focus({ preventScroll: true });
});

fromLocation();
