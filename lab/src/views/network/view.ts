// The Network view (#/network): TensorFlow Playground's trainer with any registry activation per
// layer, and the gradient flow, dead and saturated units it does not show. Training runs in a
// worker (worker.ts); this file wires the panels (one file each) to it and to the URL state.
import "./network.css";
import { activations } from "../../../../packages/actlab/src/activations/registry.js";
import type { NetworkModelFile } from "../../../../packages/actlab/src/train/network.js";
import type { PlanePoints } from "../../../../packages/actlab/src/train/plane-data.js";
import { fmt, h } from "../../dom.js";
import { dataDisclosure } from "../../figures.js";
import { liveRegion } from "../../live.js";
import { observeWidth } from "../common.js";
import type { Mount } from "../../view.js";
import { LineChart } from "./charts.js";
import { dataControls, trainingControls } from "./controls.js";
import { Diagram } from "./diagram.js";
import { download, filePanel } from "./files.js";
import { OutputPlot, palette, probsImage, unitImage, type Points } from "./heatmap.js";
import { addRows, classShares, deadCount, healthRows, lossKey, markerShape, planeTable, runStatus, tableIndices, type History } from "./logic.js";
import { configOf, dataOf, importPlan, modelFileName } from "./model-file.js";
import type { FromWorker, Snapshot, ToWorker } from "./protocol.js";
import type { NetworkState } from "./state.js";
import { nt, type NetKey } from "./strings.js";

// Okabe–Ito colours: distinguishable in both themes and for colour-blind readers.
const LAYER_COLORS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999"];

export const mount: Mount = (host, ctx) => {
  const L = ctx.lang;
  const t = (k: NetKey, v?: Record<string, string | number>): string => nt(L, k, v);
  const s = (): NetworkState => ctx.state.network;
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  let generation = 0;
  let snap: Snapshot | null = null;
  let points: Points | null = null;
  let custom: { pts: PlanePoints; name: string } | null = null;
  let hover: [number, number] | null = null;
  let frame = 0;
  let exportKind: "model" | "history" | null = null;
  let classes = 2;
  const hist: History = { epochs: [], train: [], test: [], grads: [] };

  // --- the bar: buttons and outputs ------------------------------------------------------------
  const output = (id: string, key: NetKey): [HTMLElement, HTMLOutputElement] => {
    const o = h("output", { id, class: "mono" }, "–");
    return [h("div", { class: "net-out" }, h("label", { for: id }, t(key)), o), o];
  };
  const [epochBox, epochOut] = output("net-epoch", "epoch");
  const [trainBox, trainOut] = output("net-train-loss", "trainLoss");
  const [testBox, testOut] = output("net-test-loss", "testLoss");
  const [accBox, accOut] = output("net-test-acc", "testAccuracy");
  const [deadBox, deadOut] = output("net-dead", "deadUnits");
  const [speedBox, speedOut] = output("net-speed", "speed");
  const status = h("p", { class: "status", id: "net-status", role: "status", "data-status": "ready" }, t("status.ready"));
  const send = (m: ToWorker): void => worker.postMessage(m);
  const playBtn = h("button", { type: "button", id: "net-play", class: "primary", onclick: () => send({ type: snap?.playing ? "pause" : "play" }) }, t("play"));
  const stepBtn = h("button", { type: "button", id: "net-step", onclick: () => send({ type: "step" }) }, t("step"));
  const resetBtn = h("button", { type: "button", id: "net-reset", onclick: () => setup() }, t("reset"));
  const seedBtn = h("button", { type: "button", id: "net-new-seed", onclick: () => change((n) => void (n.seed = (n.seed % 2147483646) + 1)) }, t("newSeed"));
  // Screen readers hear the values politely, at most once a second while training.
  const live = liveRegion("net-live");
  const bar = h(
    "div",
    { class: "net-bar" },
    h("div", { class: "buttons" }, playBtn, stepBtn, resetBtn, seedBtn),
    h("div", { class: "net-outs" }, epochBox, trainBox, testBox, accBox, deadBox, speedBox),
    status,
    live.el,
  );

  // --- panels -----------------------------------------------------------------------------------
  const plot = new OutputPlot(t("outputLabel"));
  const lossChart = new LineChart("net-loss", t("loss"), false);
  const gradChart = new LineChart("net-grad", t("gradFlow"), true);
  const gradLegend = h("ul", { class: "net-legend small", id: "net-grad-legend" });
  // Each figure's text alternative (its key numbers, a hidden description) and its data on demand.
  const described = (canvas: HTMLElement): HTMLElement => {
    const p = h("p", { id: `${canvas.id}-desc`, hidden: true });
    canvas.setAttribute("aria-describedby", p.id);
    return p;
  };
  const outDesc = described(plot.canvas);
  const lossDesc = described(lossChart.canvas);
  const gradDesc = described(gradChart.canvas);
  const outData = dataDisclosure(ctx, "net-output-data");
  const lossData = dataDisclosure(ctx, "net-loss-data");
  const gradData = dataDisclosure(ctx, "net-grad-data");
  for (const d of [outData, lossData, gradData]) d.el.addEventListener("toggle", () => snap && describe(snap, true));
  const healthBody = h("tbody", {});
  const health = h(
    "table",
    { class: "values net-health", id: "net-health" },
    h("caption", {}, t("health")),
    h("thead", {}, h("tr", {}, ...(["health.layer", "health.act", "health.dead", "health.sat", "health.alpha"] as const).map((k) => h("th", { scope: "col" }, t(k))))),
    healthBody,
  );
  const diagram = new Diagram(L, {
    change: (m) => change(m),
    hover: (l, u) => ((hover = l === null ? null : [l, u]), schedule()),
    weight: (layer, from, to, value) => send({ type: "weight", generation, layer, from, to, value }),
  });
  const files = filePanel(L, {
    data(pts, name) {
      custom = { pts, name };
      renderControls();
      setup();
    },
    model(m) {
      // Everything is checked before anything changes: a refused file leaves the page as it was.
      const plan = importPlan(m, s(), custom && { name: custom.name, classes: custom.pts.classes }, classes, t);
      if (plan.dropCustom) custom = null;
      ctx.update((st) => Object.assign(st.network, plan.settings));
      renderControls();
      setup(m);
      return plan.note;
    },
    exportModel: () => ((exportKind = "model"), send({ type: "export" })),
    exportHistory: () => ((exportKind = "history"), send({ type: "export" })),
  });
  const showTest = h("input", { type: "checkbox", id: "net-show-test", checked: true, onchange: () => ((plot.showTest = showTest.checked), schedule()) });
  const discretize = h("input", { type: "checkbox", id: "net-discretize", onchange: () => schedule() });
  // Automatic (log once the losses span 100×) until the reader ticks or unticks it.
  const logScale = h("input", { type: "checkbox", id: "net-loss-log", onchange: () => ((lossChart.scale = logScale.checked ? "log" : "linear"), schedule()) });
  const lossTitle = h("h3", {}, t("loss"));
  const dataBox = h("div", {});
  const trainBoxes = h("div", {});
  const left = h(
    "div",
    { class: "net-side" },
    h("section", { class: "panel" }, h("h3", {}, t("data")), dataBox),
    h("section", { class: "panel" }, h("h3", {}, t("training")), trainBoxes),
  );
  // Under the settings the files, under the diagram the health table: one row of the grid below
  // both (issue 21: in two independent columns one of them ended far above the other, and a
  // large empty area was left under the shorter). On a phone the files come last.
  const healthPanel = h("section", { class: "panel net-health-panel" }, h("div", { class: "net-health-wrap" }, health), h("p", { class: "small muted" }, t("health.hint")));
  const filesPanel = h("section", { class: "panel net-files-panel" }, h("h3", {}, t("files")), files.el);
  const middle = h("div", { class: "net-middle" }, diagram.el);
  const right = h(
    "div",
    { class: "net-right" },
    h(
      "section",
      { class: "panel" },
      h("h3", {}, t("output")),
      plot.canvas,
      plot.caption,
      diagram.classKey,
      h("div", { class: "net-checks" }, h("label", { class: "check" }, showTest, " ", t("showTest")), h("label", { class: "check" }, discretize, " ", t("discretize"))),
      outDesc,
      outData.el,
    ),
    h("section", { class: "panel" }, lossTitle, lossChart.canvas, h("label", { class: "check" }, logScale, " ", t("logScale")), lossDesc, lossData.el),
    h("section", { class: "panel" }, h("h3", {}, t("gradFlow")), gradChart.canvas, gradLegend, gradDesc, gradData.el),
  );
  host.append(bar, h("p", { class: "small muted net-note" }, t("playground")), h("div", { class: "net-grid" }, left, middle, healthPanel, filesPanel, right));

  function renderControls(): void {
    const focused = document.activeElement?.id;
    dataBox.replaceChildren(dataControls(s(), L, change, custom?.name ?? null, () => (custom = null)));
    trainBoxes.replaceChildren(trainingControls(s(), L, change));
    diagram.build(s(), classes, palette());
    if (focused) document.getElementById(focused)?.focus();
  }

  function change(mut: (n: NetworkState) => void): void {
    ctx.update((st) => mut(st.network));
    renderControls();
    setup();
  }

  function setup(model?: NetworkModelFile): void {
    generation++;
    snap = null;
    const n = s();
    // Typed arrays are copied by structured clone (a million rows as plain arrays would be slow).
    const c = custom ? { x: custom.pts.x, labels: custom.pts.labels, classes: custom.pts.classes } : null;
    send({ type: "setup", data: { dataset: n.dataset, noise: n.noise, train: n.train, dataSeed: n.dataSeed, custom: c }, config: structuredClone(configOf(n)), model, expr: ctx.state.expr });
  }

  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === "error") {
      if (m.generation !== generation) return;
      status.textContent = m.message;
      status.dataset.status = "error";
      files.message.textContent = m.message;
      return;
    }
    if (m.type === "export") {
      if (exportKind === "model") download(modelFileName(m.model.epoch), JSON.stringify({ ...m.model, data: dataOf(s(), custom?.name ?? null) }, null, 1), "application/json");
      else if (exportKind === "history") download("actlab-network-history.csv", m.csv, "text/csv");
      exportKind = null;
      return;
    }
    if (m.generation !== generation) return;
    if (m.fresh && m.classes !== classes) {
      classes = m.classes;
      diagram.build(s(), classes, palette());
    }
    if (m.points) points = m.points;
    addRows(hist, m);
    snap = m;
    schedule();
  };
  worker.onerror = (e) => {
    status.textContent = e.message;
    status.dataset.status = "error";
  };

  function schedule(): void {
    if (frame === 0) frame = requestAnimationFrame(draw);
  }

  let drawMs = 0;
  let lastHealth = "";
  function draw(): void {
    frame = 0;
    const m = snap;
    if (!m) return;
    const t0 = performance.now();
    const p = palette();
    const hv = hover && m.units[hover[0]] ? hover : null;
    const img = hv ? unitImage(m.units[hv[0]], m.unitGrid, s().layers[hv[0]] ?? 1, hv[1], p, activations.find((a) => a.id === s().activations[hv[0]])?.range) : probsImage(m.probs, m.grid, m.classes, p, discretize.checked);
    plot.draw(img, m.extent, points, p);
    plot.caption.textContent = hv ? t("unit", { l: hv[0] + 1, u: hv[1] + 1 }) : "";
    diagram.update(m, p);
    lossChart.draw(hist.epochs, [
      { values: hist.train, color: p.ink },
      { values: hist.test, color: "#d55e00", dash: [5, 3] },
    ], p);
    if (logScale.checked !== lossChart.isLog) logScale.checked = lossChart.isLog;
    const lossText = m.classes === 1 ? t("lossMse") : t("loss");
    if (lossTitle.textContent !== lossText) {
      lossTitle.textContent = lossText;
      lossChart.canvas.setAttribute("aria-label", lossText);
    }
    gradChart.draw(hist.epochs, hist.grads.map((g, l) => ({ values: g, color: LAYER_COLORS[l % LAYER_COLORS.length] })), p);
    const last = hist.grads.map((g) => g[g.length - 1]);
    const name = (l: number): string => (l === last.length - 1 ? t("gradOutput") : t("gradLayer", { n: l + 1 }));
    if (gradLegend.children.length !== last.length) {
      gradLegend.replaceChildren(
        ...last.map((_, l) =>
          h("li", { "data-layer": l === last.length - 1 ? "output" : l + 1 }, h("span", { class: "swatch", style: `color: ${LAYER_COLORS[l % LAYER_COLORS.length]}` }), h("span", {})),
        ),
      );
    }
    last.forEach((v, l) => {
      const li = gradLegend.children[l] as HTMLElement;
      li.dataset.norm = String(v);
      (li.lastElementChild as HTMLElement).textContent = ` ${name(l)}: ${fmt(v, 3)}`;
    });
    epochOut.value = String(m.epoch);
    trainOut.value = fmt(m.trainLoss, 5);
    testOut.value = fmt(m.testLoss, 5);
    accOut.value = Number.isFinite(m.testAccuracy) ? `${fmt(100 * m.testAccuracy, 4)} %` : "–";
    const { dead, total } = deadCount(m.dead);
    deadOut.value = `${dead} / ${total}`;
    deadOut.dataset.dead = String(dead);
    speedOut.value = m.playing ? fmt(m.epochsPerSecond, 3) : "–";
    live.say([`${t("epoch")} ${epochOut.value}`, `${t("trainLoss")} ${trainOut.value}`, `${t("testLoss")} ${testOut.value}`, `${t("testAccuracy")} ${accOut.value}`, `${t("deadUnits")} ${deadOut.value}`].join(L === "zh" ? "，" : ", "));
    speedOut.dataset.eps = String(m.epochsPerSecond);
    describe(m);
    // Rebuilt only when something in it changed: a new table each snapshot means a page relayout.
    const healthKey = JSON.stringify([m.dead, m.saturated, m.alpha?.map((a) => a?.map((v) => fmt(v, 3))), s().activations]);
    if (healthKey !== lastHealth) lastHealth = healthKey;
    else return finish(m, t0);
    healthBody.replaceChildren(
      ...healthRows(m).map((row, l) =>
        h(
          "tr",
          { "data-layer": row.layer, "data-dead": row.dead, "data-saturated": row.saturated },
          h("th", { scope: "row" }, String(row.layer)),
          h("td", {}, s().activations[l] ?? ""),
          h("td", {}, `${row.dead} / ${row.units}`),
          h("td", {}, `${fmt(row.saturatedPct, 3)} %`),
          h("td", {}, row.alpha !== null ? fmt(row.alpha, 3) : "–"),
        ),
      ),
    );
    finish(m, t0);
  }

  // The figures' descriptions and open data tables follow the run at most once a second while it plays.
  let describedAt = -Infinity;
  function describe(m: Snapshot, now = false): void {
    const at = performance.now();
    if (!now && m.playing && at - describedAt < 1000) return;
    describedAt = at;
    const sep = L === "zh" ? "，" : ", ";
    const gradName = (l: number): string => (l === hist.grads.length - 1 ? t("gradOutput") : t("gradLayer", { n: l + 1 }));
    const k = lossKey(hist.epochs, hist.train, hist.test);
    lossDesc.textContent = k ? t("lossDesc", { from: k.first, to: k.last, train: fmt(k.train, 4), test: fmt(k.test, 4), best: fmt(k.best, 4), at: k.bestEpoch }) : t("chartEmpty");
    gradDesc.textContent = k ? t("gradDesc", { from: k.first, to: k.last, values: hist.grads.map((g, l) => `${gradName(l)} ${fmt(g[g.length - 1], 3)}`).join(sep) }) : t("chartEmpty");
    const shares = classShares(m.probs, m.grid, m.classes).map((v, c) => t("share", { cls: t("classItem", { n: c + 1, shape: t(`shape.${markerShape(c)}`) }), pct: fmt(100 * v, 3) }));
    outDesc.textContent = t("outputDesc", { e: fmt(m.extent, 3), shares: shares.join(sep), acc: accOut.value });
    const rows = tableIndices(hist.epochs.length, 200);
    if (lossData.el.open) lossData.set({ columns: [t("col.epoch"), t("trainLoss"), t("testLoss")], rows: rows.map((i) => [String(hist.epochs[i]), fmt(hist.train[i], 5), fmt(hist.test[i], 5)]) }, t("loss"));
    if (gradData.el.open) gradData.set({ columns: [t("col.epoch"), ...hist.grads.map((_, l) => gradName(l))], rows: rows.map((i) => [String(hist.epochs[i]), ...hist.grads.map((g) => fmt(g[i], 3))]) }, t("gradFlow"));
    if (outData.el.open) {
      const pt = planeTable(m.probs, m.grid, m.classes, m.extent, 13);
      outData.set({ columns: [t("col.plane"), ...pt.x1.map((v) => fmt(v, 3))], rows: pt.rows.map((r) => [fmt(r.x2, 3), ...r.cells.map((c) => t("cellClass", { n: c.cls + 1, p: fmt(c.p, 2) }))]) }, t("output"));
    }
  }

  function finish(m: Snapshot, t0: number): void {
    const play = m.playing ? t("pause") : t("play");
    if (playBtn.textContent !== play) playBtn.textContent = play;
    const st = runStatus(m);
    status.dataset.status = st;
    const msg = m.diverged !== null ? t("status.diverged", { n: m.diverged }) : t(`status.${st as "ready" | "running" | "paused"}`);
    if (status.textContent !== msg) status.textContent = msg;
    status.classList.toggle("diverged", st === "diverged");
    host.dataset.epoch = String(m.epoch);
    // The budget script reads how long a redraw takes (a running mean).
    drawMs = 0.9 * drawMs + 0.1 * (performance.now() - t0);
    host.dataset.drawMs = drawMs.toFixed(2);
  }

  const resize = (): void => {
    const w = right.clientWidth - 24;
    plot.resize(w);
    lossChart.resize(w);
    gradChart.resize(w);
    schedule();
  };
  const stopObserve = observeWidth(right, resize);
  const onTheme = (): void => {
    diagram.build(s(), classes, palette());
    schedule();
  };
  window.addEventListener("actlab-theme", onTheme);
  renderControls();
  resize();
  setup();

  return () => {
    cancelAnimationFrame(frame);
    live.stop();
    stopObserve();
    window.removeEventListener("actlab-theme", onTheme);
    worker.terminate();
  };
};
