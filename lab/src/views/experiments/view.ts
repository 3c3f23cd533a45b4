// The Experiments view: the article's claims as experiments of actlab/experiments, each run in
// a Web Worker (the same library code as `actlab experiment`), with progress, cancel, figures,
// numbers and the verdict; "Run all (quick)" fills the measured comparison table.
import "./experiments.css";
import { experiments, resolveOptions, TABLE_COLUMNS, type Experiment, type ExperimentOption, type ExperimentResult } from "actlab/experiments";
import { AGREEMENT, chartData, measuredTable, QUANTITY_NOTE, quantityTables, renderChart, TABLE_LEGEND, verdictWords } from "actlab-cli/render";
import type { ChartSpec } from "actlab/experiments";
import { h } from "../../dom.js";
import { dataDisclosure } from "../../figures.js";
import { limits, toHash, type LabState } from "../../state.js";
import type { Ctx, Mount } from "../../view.js";
import { observeWidth } from "../common.js";
import { chartSize, currentRun, optionValue, overallProgress, runKey, seedsOf, seedsValue, settlement, splitDiverged, urlOptionProblems, valueText } from "./logic.js";
import type { FromWorker, ToWorker } from "./worker.js";

/** The last result of each experiment in this page session (the table is built from these). */
const latest = new Map<string, ExperimentResult>();
/** Results by (id, settings): reopening an experiment with the same settings shows its run. */
const byRun = new Map<string, ExperimentResult>();

/** ": " in English, "：" in Chinese. */
const colon = (ctx: Ctx): string => (ctx.lang === "zh" ? "：" : ": ");

const INK = new Set(["#000", "#000000", "black"]);

/** A chart spec drawn for the page: its width, the page's language, ink and background. */
function chart(spec: ChartSpec, width: number, ctx: Ctx): SVGSVGElement {
  const el = renderChart({ ...spec, ...chartSize(spec, width) }, document, { lang: ctx.lang, ink: "currentColor", background: "none", fontFamily: "system-ui, sans-serif", cjkFontFamily: "'Noto Sans CJK SC'" });
  // The palette's black follows the theme, or it would vanish on the dark page.
  for (const node of Array.from(el.querySelectorAll<SVGElement>("[fill], [stroke]"))) {
    for (const attr of ["fill", "stroke"]) {
      const v = node.getAttribute(attr);
      if (v && INK.has(v.toLowerCase())) node.setAttribute(attr, "currentColor");
    }
  }
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", spec.title[ctx.lang]);
  return el;
}

/** The chart's data under it, on demand. */
function figureTable(spec: ChartSpec, ctx: Ctx): HTMLDetailsElement {
  const d = dataDisclosure(ctx, `exp-data-${spec.id}`);
  d.set(chartData(spec, ctx.lang), spec.title[ctx.lang]);
  return d.el;
}

/**
 * One run at a time in a worker. `cancel` aborts the run's AbortSignal in the worker and settles
 * the run at once; the worker is ended when it confirms (or after 1 s if it does not).
 */
class Runner {
  private worker: Worker | null = null;
  private settle: ((r: ExperimentResult | Error | null) => void) | null = null;
  /** How the last cancelled run stopped: "aborted" (the worker's signal) or "terminated". */
  onStopped: (how: "aborted" | "terminated", ms: number) => void = () => {};

  run(msg: Extract<ToWorker, { type: "run" }>, onProgress: (done: number, total: number, label?: string) => void): Promise<ExperimentResult | null> {
    this.dispose();
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: `actlab-experiment-${msg.id}` });
    this.worker = worker;
    return new Promise<ExperimentResult | null>((ok, fail) => {
      this.settle = (r) => {
        this.settle = null;
        this.worker = null;
        if (r instanceof Error) fail(r);
        else ok(r);
      };
      const mine = (): boolean => this.worker === worker;
      worker.addEventListener("message", (ev: MessageEvent<FromWorker>) => {
        const m = ev.data;
        if (!mine()) return;
        if (m.type === "progress") onProgress(m.done, m.total, m.label);
        else {
          worker.terminate();
          this.settle?.(settlement(m));
        }
      });
      worker.addEventListener("error", (ev) => {
        ev.preventDefault();
        worker.terminate();
        if (mine()) this.settle?.(new Error(ev.message || "the worker failed to start"));
      });
      worker.postMessage(msg satisfies ToWorker);
    });
  }

  cancel(): void {
    const worker = this.worker;
    if (!worker) return;
    const t0 = performance.now();
    let stopped = false;
    const timer = window.setTimeout(() => {
      if (stopped) return;
      stopped = true;
      worker.terminate();
      this.onStopped("terminated", performance.now() - t0);
    }, 1000);
    worker.addEventListener("message", (ev: MessageEvent<FromWorker>) => {
      if (stopped || ev.data.type === "progress") return;
      stopped = true;
      window.clearTimeout(timer);
      worker.terminate();
      this.onStopped("aborted", performance.now() - t0);
    });
    worker.postMessage({ type: "abort" } satisfies ToWorker);
    this.settle?.(null);
  }

  dispose(): void {
    this.worker?.terminate();
    this.settle?.(null);
  }
}

/** Progress bar, status line and the Run/Cancel pair shared by both screens. */
function runControls(ctx: Ctx, runLabel: string, runId: string) {
  const run = h("button", { type: "button", class: "primary", id: runId }, runLabel);
  const cancel = h("button", { type: "button", id: "exp-cancel", disabled: true }, ctx.t("exp.cancel"));
  const bar = h("progress", { id: "exp-progress", max: 1, value: 0, "aria-label": ctx.t("exp.progress") });
  const status = h("output", { class: "status", id: "exp-status", "aria-live": "polite", "data-state": "ready" }, ctx.t("exp.status.ready"));
  // Tests (and the curious) can read how a cancelled worker stopped and how fast.
  const stopped = (how: string, ms: number): void => {
    status.dataset.stopped = how;
    status.dataset.stopMs = String(Math.round(ms));
  };
  const setBusy = (busy: boolean): void => {
    run.disabled = busy;
    cancel.disabled = !busy;
    bar.classList.toggle("busy", busy);
  };
  const say = (text: string, state: string): void => {
    status.textContent = text;
    status.dataset.state = state;
  };
  return { run, cancel, bar, status, setBusy, say, stopped, box: h("div", { class: "exp-run" }, h("div", { class: "buttons" }, run, cancel), bar, status) };
}

function verdictBlock(r: ExperimentResult, ctx: Ctx): HTMLElement {
  const L = ctx.lang;
  const v = r.verdict;
  const parts = v.parts ?? [];
  return h(
    "section",
    { class: "exp-verdict", id: "exp-verdict", "data-verdict": v.verdict, "aria-labelledby": "exp-verdict-h" },
    h("h3", { id: "exp-verdict-h" }, ctx.t("exp.verdict"), colon(ctx), h("span", { class: `verdict ${v.verdict}` }, verdictWords(v.verdict, L))),
    h("p", {}, h("strong", {}, ctx.t("exp.rule")), colon(ctx), v.rule[L]),
    h("p", {}, h("strong", {}, ctx.t("exp.because")), colon(ctx), v.because[L]),
    parts.length
      ? h(
          "div",
          { class: "exp-parts" },
          h("p", {}, h("strong", {}, ctx.t("exp.parts")), colon(ctx)),
          h(
            "ul",
            { id: "exp-parts" },
            ...parts.map((p) => h("li", { "data-id": p.id, "data-verdict": p.verdict }, p.claim[L], " — ", h("span", { class: `verdict ${p.verdict}` }, verdictWords(p.verdict, L)), colon(ctx), p.because[L])),
          ),
        )
      : null,
  );
}

/** A cell's text with its ✕k/n set apart (red), as in the report. */
function cellNodes(text: string): (string | HTMLElement)[] {
  const m = splitDiverged(text);
  return m.diverged !== null ? [m.text, " ", h("span", { class: "diverged" }, m.diverged)] : [text];
}

/** The result's numbers as tables: functions by quantities (labels and units), median [95 % interval], ✕k/n diverged. */
function numbersTable(r: ExperimentResult, ctx: Ctx): HTMLElement | null {
  const L = ctx.lang;
  const tables = quantityTables(r, L);
  if (!tables.length) return null;
  return h(
    "div",
    { class: "exp-numbers-box", id: "exp-numbers" },
    h("h3", {}, ctx.t("exp.numbers")),
    ...tables.map((t) => {
      const named = !t.rows.every((row) => row.label === "");
      return h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "exp-numbers" },
          h("thead", {}, h("tr", {}, named ? h("th", { scope: "col" }, t.rowHeading) : null, ...t.columns.map((c) => h("th", { scope: "col", "data-quantity": c.key }, c.heading)))),
          h(
            "tbody",
            {},
            ...t.rows.map((row) =>
              h(
                "tr",
                { "data-row": row.key },
                named ? h("th", { scope: "row" }, row.label) : null,
                ...row.cells.map((c, j) => h("td", { class: "num", "data-label": t.columns[j].heading, "data-diverged": c && c.diverged > 0 ? String(c.diverged) : null }, ...cellNodes(c?.text ?? ""))),
              ),
            ),
          ),
        ),
      );
    }),
    h("p", { class: "small muted" }, QUANTITY_NOTE[L]),
  );
}

/** The measured comparison table from the results so far (empty cells where nothing ran yet). */
function comparison(ctx: Ctx): HTMLElement {
  const t = measuredTable([...latest.values()], ctx.lang, TABLE_COLUMNS);
  const body = t.columns.length
    ? h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "exp-table", id: "exp-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ctx.t("exp.function")), ...t.columns.map((c) => h("th", { scope: "col", "data-experiment": c.experiment }, c.label)))),
          h(
            "tbody",
            {},
            ...t.rows.map((r) =>
              h(
                "tr",
                { "data-id": r.id },
                h("th", { scope: "row" }, r.name),
                ...r.cells.map((c, j) =>
                  h(
                    "td",
                    { class: "num", "data-label": t.columns[j].label, "data-agreement": c.agreement ?? null, title: c.quote ? `${c.mark} “${c.quote}”` : null },
                    ...cellNodes(c.text),
                    c.mark ? h("span", { class: c.mark === "✓" ? "mark-ok" : "mark-bad", "aria-label": c.quote ? `${c.mark} ${c.quote}` : c.mark }, ` ${c.mark}`) : null,
                    c.agreement ? h("span", { class: `agree ${c.agreement}`, title: AGREEMENT[c.agreement][ctx.lang], "aria-label": AGREEMENT[c.agreement][ctx.lang] }, ` ${AGREEMENT[c.agreement].mark}`) : null,
                  ),
                ),
              ),
            ),
          ),
        ),
      )
    : null;
  const legend = h("ul", { class: "exp-legend small", id: "exp-legend" }, ...TABLE_LEGEND.map((l) => h("li", {}, l.symbol ? h("code", {}, l.symbol) : null, l.symbol ? ` — ${l[ctx.lang]}` : l[ctx.lang])));
  return h("section", { class: "exp-table-box", "aria-labelledby": "exp-table-h" }, h("h2", { id: "exp-table-h" }, ctx.t("exp.table")), h("p", { class: "muted" }, ctx.t("exp.tableNote")), legend, body);
}

function hashFor(ctx: Ctx, id: string | null): string {
  const st: LabState = structuredClone(ctx.state);
  st.view = "experiments";
  st.experiments = { ...st.experiments, id, options: {} };
  return toHash(st);
}

function claimBlock(e: Experiment, ctx: Ctx): HTMLElement[] {
  const L = ctx.lang;
  const other = L === "en" ? "zh" : "en";
  return [
    h("p", { class: "exp-claim" }, h("strong", {}, ctx.t("exp.claim")), colon(ctx), e.claim[L]),
    h("p", { class: "exp-claim-other muted", lang: other === "zh" ? "zh-CN" : "en" }, e.claim[other]),
    h("blockquote", { class: "exp-article", lang: "zh-CN" }, h("span", { class: "muted", lang: L === "zh" ? "zh-CN" : "en" }, `${ctx.t("exp.article")}${colon(ctx)}`), e.claim.article),
    h("p", { class: "small muted" }, `${ctx.t("exp.functions")}${colon(ctx)}`, e.claim.functions.join(", ")),
  ];
}

function listScreen(host: HTMLElement, ctx: Ctx): () => void {
  const L = ctx.lang;
  const runner = new Runner();
  const rc = runControls(ctx, ctx.t("exp.runAll"), "exp-run-all");
  runner.onStopped = rc.stopped;
  const tableBox = h("div", {});
  const verdictOf = (id: string): HTMLElement => {
    const r = latest.get(id);
    return h("p", { class: "small exp-last", "data-verdict": r?.verdict.verdict ?? "" }, r ? [ctx.t("exp.lastVerdict"), h("span", { class: `verdict ${r.verdict.verdict}` }, verdictWords(r.verdict.verdict, L))] : null);
  };
  const cards = experiments.map((e) => {
    const last = verdictOf(e.id);
    const card = h("li", { class: "exp-card", "data-id": e.id }, h("h2", {}, h("a", { href: hashFor(ctx, e.id) }, e.title[L])), ...claimBlock(e, ctx), last);
    return { e, card, last };
  });
  const refresh = (): void => {
    tableBox.replaceChildren(comparison(ctx));
    for (const c of cards) c.last.replaceWith((c.last = verdictOf(c.e.id)));
  };
  let cancelled = false;
  rc.run.addEventListener("click", async () => {
    cancelled = false;
    rc.setBusy(true);
    const t0 = performance.now();
    const n = experiments.length;
    try {
      for (const [i, e] of experiments.entries()) {
        if (cancelled) break;
        rc.say(ctx.t("exp.status.allRunning", { i: String(i + 1), n: String(n), title: e.title[L] }), "running");
        const options = resolveOptions(e, {}, true);
        const seeds = seedsOf(e, true);
        const r = await runner.run({ type: "run", id: e.id, options: { ...options }, quick: true, seeds }, (done, total) => {
          rc.bar.value = overallProgress(i, n, done, total);
        });
        if (r === null) break;
        latest.set(e.id, r);
        byRun.set(runKey(e.id, options, seeds, true), r);
        rc.bar.value = (i + 1) / n;
        refresh();
      }
      if (cancelled) rc.say(ctx.t("exp.status.cancelled"), "cancelled");
      else rc.say(ctx.t("exp.status.allDone", { n: String(n), s: ((performance.now() - t0) / 1000).toFixed(1) }), "done");
    } catch (err) {
      rc.say(ctx.t("exp.status.error", { msg: (err as Error).message }), "error");
    }
    rc.setBusy(false);
  });
  rc.cancel.addEventListener("click", () => {
    cancelled = true;
    runner.cancel();
  });
  refresh();
  host.append(
    h("p", { class: "exp-intro" }, ctx.t("exp.intro")),
    h("div", { class: "exp-all" }, rc.box),
    h("ol", { class: "exp-list", id: "exp-list" }, ...cards.map((c) => c.card)),
    tableBox,
  );
  return () => {
    cancelled = true;
    runner.dispose();
  };
}

/** The option's form control, reading and writing its text. */
function optionControl(o: ExperimentOption, id: string): { el: HTMLElement; get(): string; set(text: string): void } {
  if (o.type === "string" && o.choices) {
    const sel = h("select", { id }, ...o.choices.map((c) => h("option", { value: c }, c)));
    return { el: sel, get: () => sel.value, set: (t) => void (sel.value = t) };
  }
  if (o.type === "list" && o.choices) {
    // The functions may include the reader's own formula ("custom", URL expr).
    const choices = o.name === "functions" ? [...o.choices, "custom"] : o.choices;
    const boxes = choices.map((c) => h("input", { type: "checkbox", value: c, id: `${id}-${c}` }));
    const group = h("div", { class: "exp-choices", id, role: "group" }, ...boxes.map((b) => h("label", { class: "check" }, b, h("span", {}, b.value))));
    return {
      el: group,
      get: () => boxes.filter((b) => b.checked).map((b) => b.value).join(","),
      set: (t) => {
        const on = t.split(",");
        for (const b of boxes) b.checked = on.includes(b.value);
      },
    };
  }
  if (o.type === "number" || o.type === "integer") {
    const inp = h("input", { type: "number", id, step: o.type === "integer" ? "1" : "any", min: o.min ?? null, max: o.max ?? null, inputmode: o.type === "integer" ? "numeric" : "decimal" });
    return { el: inp, get: () => inp.value, set: (t) => void (inp.value = t) };
  }
  const inp = h("input", { type: "text", id, spellcheck: false, autocomplete: "off" });
  return { el: inp, get: () => inp.value, set: (t) => void (inp.value = t) };
}

function experimentScreen(host: HTMLElement, ctx: Ctx, e: Experiment): () => void {
  const L = ctx.lang;
  const runner = new Runner();
  const rc = runControls(ctx, ctx.t("exp.run"), "exp-run");
  runner.onStopped = rc.stopped;
  const st = () => ctx.state.experiments;

  // Options from the URL: each checked alone, so one bad value falls back to its default only.
  const notices: string[] = [];
  const names = e.options.map((o) => o.name);
  for (const p of urlOptionProblems(e, st().options, st().quick)) {
    notices.push("why" in p ? ctx.t("exp.badOption", { id: e.id, name: p.name, value: p.value, why: p.why }) : ctx.t("exp.unknownOption", { id: e.id, name: p.name, names: names.join(", ") }));
    ctx.update((s) => void delete s.experiments.options[p.name]);
  }
  if (notices.length) ctx.notice(notices);

  const controls = e.options.map((o) => {
    const c = optionControl(o, `opt-${o.name}`);
    const err = h("span", { class: "field-error", role: "alert", id: `opt-${o.name}-error` });
    const change = (): void => {
      const v = optionValue(e, o.name, c.get(), st().quick);
      if (!v.ok) {
        err.textContent = ctx.t("exp.invalid", { name: o.name, msg: v.message });
        c.el.setAttribute("aria-invalid", "true");
        return;
      }
      err.textContent = "";
      c.el.removeAttribute("aria-invalid");
      ctx.update((s) => {
        if (v.value === null) delete s.experiments.options[o.name];
        else s.experiments.options[o.name] = v.value;
      });
      showCached();
    };
    c.el.addEventListener("change", change);
    c.el.setAttribute("aria-describedby", `opt-${o.name}-desc opt-${o.name}-error`);
    const label = o.type === "list" && o.choices ? h("span", { class: "opt-name", id: `opt-${o.name}-label` }, o.name) : h("label", { for: `opt-${o.name}`, class: "opt-name" }, o.name);
    if (o.type === "list" && o.choices) c.el.setAttribute("aria-labelledby", `opt-${o.name}-label`);
    return { o, c, err, el: h("div", { class: "param" }, label, c.el, h("p", { class: "muted small", id: `opt-${o.name}-desc` }, o.description[L]), err) };
  });

  const seedsInput = h("input", { type: "number", id: "exp-seeds", min: limits.seeds.min, max: limits.seeds.max, step: 1, inputmode: "numeric" });
  const seedsErr = h("span", { class: "field-error", role: "alert" });
  const quickBox = h("input", { type: "checkbox", id: "exp-quick" });

  /** Fills the form from the state (the defaults depend on quick). */
  function fill(): void {
    const s = st();
    const resolved = resolveOptions(e, s.options, s.quick);
    for (const { o, c, err } of controls) {
      c.set(valueText(resolved[o.name]));
      err.textContent = "";
      c.el.removeAttribute("aria-invalid");
    }
    quickBox.checked = s.quick;
    seedsInput.value = s.seeds > 0 ? String(s.seeds) : "";
    seedsInput.placeholder = ctx.t("exp.seedsDefault", { n: String(seedsOf(e, s.quick)) });
  }

  seedsInput.addEventListener("change", () => {
    const v = seedsValue(seedsInput.value, limits.seeds);
    const { min, max } = limits.seeds;
    if (v === null) {
      seedsErr.textContent = ctx.t("exp.invalid", { name: ctx.t("exp.seeds"), msg: `${min}–${max}` });
      seedsInput.setAttribute("aria-invalid", "true");
      return;
    }
    seedsErr.textContent = "";
    seedsInput.removeAttribute("aria-invalid");
    ctx.update((s) => void (s.experiments.seeds = v));
    showCached();
  });
  quickBox.addEventListener("change", () => {
    ctx.update((s) => void (s.experiments.quick = quickBox.checked));
    fill();
    showCached();
  });
  const reset = h(
    "button",
    {
      type: "button",
      id: "exp-defaults",
      onclick: () => {
        ctx.update((s) => void (s.experiments = { ...s.experiments, options: {}, seeds: 0 }));
        fill();
        showCached();
      },
    },
    ctx.t("exp.reset"),
  );

  const results = h("div", { class: "exp-results", id: "exp-results", "aria-live": "off" });
  let shown: ExperimentResult | null = null;
  let width = 640;

  function drawResult(r: ExperimentResult | null): void {
    shown = r;
    if (!r) {
      results.replaceChildren();
      return;
    }
    const figs = h("div", { class: "exp-figures", id: "exp-figures" }, ...r.figures.map((f) => h("figure", { class: "exp-figure", "data-id": f.id }, chart(f, width, ctx), figureTable(f, ctx))));
    results.replaceChildren(
      verdictBlock(r, ctx),
      h("p", { class: "small muted exp-config" }, ctx.t("exp.config", { config: Object.entries(r.config).map(([k, v]) => `${k}=${valueText(v)}`).join(", "), seeds: r.seeds.join(", ") })),
      ...[numbersTable(r, ctx)].filter((n): n is HTMLElement => n !== null),
      h("h3", {}, ctx.t("exp.figures")),
      figs,
    );
  }

  const current = () => currentRun(e, st());
  function showCached(): void {
    const r = byRun.get(current().key) ?? null;
    if (r !== shown) drawResult(r);
  }

  rc.run.addEventListener("click", async () => {
    const cur = current();
    rc.setBusy(true);
    rc.bar.value = 0;
    rc.say(ctx.t("exp.status.running", { label: "" }), "running");
    try {
      const r = await runner.run({ type: "run", id: e.id, options: { ...cur.options }, seeds: cur.seeds, quick: cur.quick, expr: ctx.state.expr }, (done, total, label) => {
        rc.bar.value = total > 0 ? done / total : 0;
        rc.say(ctx.t("exp.status.running", { label: label ? ` ${label}` : ` ${done}/${total}` }), "running");
      });
      if (r === null) rc.say(ctx.t("exp.status.cancelled"), "cancelled");
      else {
        latest.set(e.id, r);
        byRun.set(cur.key, r);
        rc.bar.value = 1;
        rc.say(ctx.t("exp.status.done", { s: r.seconds.toFixed(1), n: String(r.seeds.length) }), "done");
        drawResult(r);
      }
    } catch (err) {
      rc.say(ctx.t("exp.status.error", { msg: (err as Error).message }), "error");
    }
    rc.setBusy(false);
  });
  rc.cancel.addEventListener("click", () => runner.cancel());

  const form = h(
    "form",
    { class: "controls", id: "exp-form", onsubmit: (ev: Event) => ev.preventDefault() },
    e.options.length ? h("fieldset", {}, h("legend", {}, ctx.t("exp.options")), ...controls.map((c) => c.el)) : null,
    h("label", { class: "field" }, h("span", {}, ctx.t("exp.seeds")), seedsInput, seedsErr),
    h("label", { class: "check" }, quickBox, h("span", {}, ctx.t("exp.quick"))),
    h("div", { class: "buttons" }, reset),
    rc.box,
  );
  host.append(
    h("p", {}, h("a", { href: hashFor(ctx, null), id: "exp-back" }, ctx.t("exp.back"))),
    h("h2", { id: "exp-title", "data-id": e.id }, e.title[L]),
    ...claimBlock(e, ctx),
    h("div", { class: "exp-grid" }, form, results),
  );
  fill();
  width = Math.max(300, results.clientWidth || 640);
  showCached();
  const stop = observeWidth(results, (w) => {
    if (Math.abs(w - width) < 16) return;
    width = w;
    if (shown) drawResult(shown);
  });
  return () => {
    stop();
    runner.dispose();
  };
}

export const mount: Mount = (host, ctx) => {
  const id = ctx.state.experiments.id;
  if (id === null) return listScreen(host, ctx);
  const e = experiments.find((x) => x.id === id);
  if (!e) {
    ctx.notice([ctx.t("exp.unknown", { id, ids: experiments.map((x) => x.id).join(", ") })]);
    ctx.update((s) => void (s.experiments = { ...s.experiments, id: null, options: {} }));
    return listScreen(host, ctx);
  }
  return experimentScreen(host, ctx, e);
};
