// Accessibility of the lab (issue 26): axe-core finds no violation of WCAG 2.0/2.1 A and AA on
// any view, in both languages and both themes, before and after a run. axe-core comes from
// node_modules and is injected into the page as a script.
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { functionFigure, thumbnailFigure } from "../../packages/actlab/src/plot/index.js";
import { figureText } from "../../packages/cli/src/render/index.js";
import { t } from "../../lab/src/i18n.js";
import { openPage, ready, useLab } from "./harness.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const lab = useLab("a11y");

/** axe's violations on the page as one line each: rule, element, what is wrong. */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(" ")}: ${(n.failureSummary ?? "").split("\n").slice(1).join(" ").trim()}`));
  }, TAGS);
  return found.map((line) => `${where}: ${line}`);
}

type Step = { view: string; hash: string; run?: (page: Page) => Promise<void> };

const epochAtLeast = (page: Page, n: number): Promise<unknown> => page.waitForFunction((e) => Number(document.querySelector("#net-epoch")?.textContent) >= e, n);

// Each view, and how to put it into its "after a run" state (training, a run, a readout moved).
const steps: Step[] = [
  {
    view: "explore",
    hash: "#/explore",
    run: async (page) => {
      await page.focus("#explore-figure");
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction(() => /f′\(x\) =/.test(document.querySelector(".readout")?.textContent ?? ""));
    },
  },
  {
    // The reader's own formula (issue 20): the field shown, then a mistake reported under it.
    view: "explore",
    hash: "#/explore?fn=custom",
    run: async (page) => {
      await page.focus("#expr");
      await page.keyboard.press("End");
      await page.keyboard.type(" +");
      await page.waitForFunction(() => (document.querySelector("#expr-error")?.textContent ?? "") !== "");
    },
  },
  { view: "compare", hash: "#/compare" },
  { view: "compare", hash: "#/compare?fns=relu,custom" },
  { view: "table", hash: "#/table" },
  { view: "softmax", hash: "#/softmax" },
  {
    view: "regression",
    hash: "#/regression",
    run: async (page) => {
      await page.click("#reg-play");
      await page.waitForFunction(() => ["converged", "epochs", "diverged"].includes(document.querySelector<HTMLElement>("#reg-status")?.dataset.status ?? ""), null, { timeout: 60_000 });
    },
  },
  {
    view: "network",
    hash: "#/network",
    run: async (page) => {
      await page.click("#net-step");
      await epochAtLeast(page, 1);
      await page.click("#net-step");
      await epochAtLeast(page, 2);
    },
  },
  { view: "experiments", hash: "#/experiments" },
  {
    view: "experiments",
    hash: "#/experiments/born-dead",
    run: async (page) => {
      await page.click("#exp-run");
      await page.waitForFunction(() => document.querySelector<HTMLElement>("#exp-status")?.dataset.state === "done", null, { timeout: 60_000 });
    },
  },
];

describe("axe-core finds no WCAG 2.1 A/AA violation", () => {
  for (const s of steps) {
    for (const lang of ["en", "zh"] as const) {
      for (const theme of ["light", "dark"] as const) {
        it(`${s.hash} (${lang}, ${theme})${s.run ? ", before and after a run" : ""}`, { timeout: 180_000 }, async () => {
          const { page, errors } = await openPage(lab.browser, { dark: theme === "dark" });
          await page.goto(`${lab.base}${s.hash}${s.hash.includes("?") ? "&" : "?"}lang=${lang}&theme=${theme}`);
          await ready(page, s.view);
          const found = await axeViolations(page, `${s.hash} ${lang} ${theme}`);
          if (s.run) {
            await s.run(page);
            found.push(...(await axeViolations(page, `${s.hash} ${lang} ${theme} after a run`)));
          }
          await page.close();
          expect(found).toEqual([]);
          expect(errors).toEqual([]);
        });
      }
    }
  }
});

type AXNode = { role?: { value?: string }; name?: { value?: string }; description?: { value?: string }; ignored?: boolean };

/** The browser's own accessibility tree (what a screen reader gets), through the DevTools protocol. */
async function axTree(page: Page): Promise<AXNode[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Accessibility.enable");
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AXNode[] };
  await cdp.detach();
  return nodes.filter((n) => !n.ignored);
}

describe("a screen reader's view of the figures", () => {
  it("Explore's figure is an image named by its title, described by its key numbers, with its data on demand (en, zh)", { timeout: 120_000 }, async () => {
    for (const [lang, desc, summary] of [
      ["en", "peaks at 0.25 at x = 0", "Data table"],
      ["zh", "在 x = 0 处达到最大值 0.25", "数据表"],
    ] as const) {
      const text = figureText(functionFigure("sigmoid", { lang }));
      const name = `${text.title}${lang === "zh" ? "。" : ". "}${t(lang, "explore.figureLabel")}`;
      const { page, errors } = await openPage(lab.browser);
      await page.goto(`${lab.base}#/explore?lang=${lang}`);
      await ready(page, "explore");
      const images = (await axTree(page)).filter((n) => n.role?.value === "image");
      const fig = images.find((n) => n.name?.value === name);
      expect(fig?.name?.value).toBe(name);
      expect(fig?.description?.value).toContain(desc);
      // The data table opens with the keyboard and holds the curve's values.
      await page.focus("#explore-data summary");
      await page.keyboard.press("Enter");
      expect(await page.getAttribute("#explore-data", "open")).toBe("");
      expect((await page.textContent("#explore-data summary"))?.trim()).toBe(summary);
      const row0 = await page.$$eval("#explore-data tbody tr", (trs) => Array.from(trs).find((tr) => tr.querySelector("th")?.textContent === "0")?.textContent);
      expect(row0).toBe("00.50.25");
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("the Network view's charts and output plot are images described by their key numbers, with their data by keyboard", { timeout: 180_000 }, async () => {
    const { page, errors } = await openPage(lab.browser);
    await page.goto(`${lab.base}#/network`);
    await ready(page, "network");
    await page.focus("#net-step");
    for (let e = 1; e <= 3; e++) {
      await page.keyboard.press("Enter");
      await epochAtLeast(page, e);
    }
    await page.waitForFunction(() => /epochs 1 to 3/.test(document.querySelector("#net-loss-desc")?.textContent ?? ""));
    const images = (await axTree(page)).filter((n) => n.role?.value === "image");
    const loss = images.find((n) => n.name?.value === "Loss (softmax cross-entropy) per epoch: training solid, test dashed");
    const m = /epochs 1 to 3: now ([\d.e−-]+) and ([\d.e−-]+); the lowest test loss ([\d.e−-]+) at epoch (\d)\.$/.exec(loss?.description?.value ?? "");
    expect(m, loss?.description?.value).not.toBeNull();
    // The loss table opens by keyboard: one row per epoch, agreeing with the description.
    await page.focus("#net-loss-data summary");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelectorAll("#net-loss-data tbody tr").length > 0);
    const rows = await page.$$eval("#net-loss-data tbody tr", (trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? "")));
    expect(rows.map((r) => r[0])).toEqual(["1", "2", "3"]);
    const best = rows.reduce((a, r) => (Number(r[2]) < Number(a[2]) ? r : a));
    expect(Number(m![4])).toBe(Number(best[0]));
    expect(Number(m![3])).toBeCloseTo(Number(best[2]), 3);
    expect(Number(m![1])).toBeCloseTo(Number(rows[2][1]), 3);
    expect(Number(m![2])).toBeCloseTo(Number(rows[2][2]), 3);
    // The output plot: the share of the plane per class (adding up to 100 %) and the test accuracy shown in the bar.
    const out = images.find((n) => n.name?.value?.startsWith("The network's prediction over the plane"));
    const acc = (await page.textContent("#net-test-acc")) ?? "";
    expect(out?.description?.value).toContain(`test accuracy ${acc}.`);
    const shares = Array.from((out?.description?.value ?? "").matchAll(/class (\d) \((circle|square)\) on ([\d.]+) %/g), (x) => Number(x[3]));
    expect(shares.length).toBe(2);
    expect(shares[0] + shares[1]).toBeCloseTo(100, 1);
    await page.focus("#net-output-data summary");
    await page.keyboard.press("Enter");
    // the table is filled on the details' toggle event, which fires after the key press returns
    await page.waitForFunction(() => document.querySelectorAll("#net-output-data tbody tr").length > 0);
    expect(await page.locator("#net-output-data tbody tr").count()).toBe(13);
    expect(await page.locator("#net-output-data thead th").count()).toBe(14);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the regression view's panels are images described by their key numbers, with their data by keyboard", { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(lab.browser);
    await page.goto(`${lab.base}#/regression`);
    await ready(page, "regression");
    await page.focus("#reg-step");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#reg-wb")?.dataset.epoch === "2");
    const images = (await axTree(page)).filter((n) => n.role?.value === "image");
    const loss = images.find((n) => n.name?.value === t("en", "reg.loss"));
    expect(loss?.description?.value).toMatch(/^Mean squared error by epoch on a log scale, epochs 0 to 2: from [\d.]+ to [\d.]+; the closed form's loss [\d.]+ \(dashed line\)\.$/);
    const contour = images.find((n) => n.name?.value === t("en", "reg.contour"));
    expect(contour?.description?.value).toContain(`by epoch 2; the minimum`);
    await page.focus("#reg-contour-table summary");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelectorAll("#reg-contour-table tbody th").length > 0);
    const epochs = await page.$$eval("#reg-contour-table tbody th", (ths) => ths.map((th) => th.textContent));
    expect(epochs).toEqual(["0", "1", "2"]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the Softmax view's probability bars are an image described by every probability and the largest", { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(lab.browser);
    await page.goto(`${lab.base}#/softmax`);
    await ready(page, "softmax");
    const ps = await page.$$eval("#prob-bars rect.bar-prob", (rs) => rs.map((r) => Number(r.getAttribute("data-p"))));
    expect(ps.length).toBeGreaterThan(1);
    const sub = (i: number): string => String(i + 1).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
    const top = ps.indexOf(Math.max(...ps));
    const images = (await axTree(page)).filter((n) => n.role?.value === "image");
    const bars = images.find((n) => n.name?.value === t("en", "softmax.probabilities"));
    expect(bars?.description?.value).toBe(
      `The probabilities of ${ps.length} classes (they add up to 1): ${ps.map((v, i) => `p${sub(i)} = ${v.toFixed(3)}`).join(", ")}; the largest is p${sub(top)}.`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the Table view's thumbnails are images named after their function", { timeout: 120_000 }, async () => {
    const { page } = await openPage(lab.browser);
    await page.goto(`${lab.base}#/table`);
    await ready(page, "table");
    const images = (await axTree(page)).filter((n) => n.role?.value === "image");
    const tanh = images.find((n) => n.name?.value === "Tanh");
    expect(tanh?.description?.value).toBe(figureText(thumbnailFigure("tanh")).desc);
    expect(tanh?.description?.value).toMatch(/^Tanh, on x ∈ \[−\d+, \d+\]\. f\(x\): rises from −1 to 1; f′\(x\): .*peaks at 1 at x = 0\.$/);
    await page.close();
  });
});

describe("prefers-reduced-motion", () => {
  it("the regression's Play updates in whole steps of a second's epochs, not frame by frame", { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(lab.browser);
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.goto(`${lab.base}#/regression?speed=20&epochs=100`);
    await ready(page, "regression");
    // Every epoch the page shows, in order.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      const wb = document.querySelector<HTMLElement>("#reg-wb")!;
      new MutationObserver(() => {
        const e = Number(wb.dataset.epoch);
        if (seen[seen.length - 1] !== e) seen.push(e);
      }).observe(wb, { attributes: true, attributeFilter: ["data-epoch"] });
    });
    await page.focus("#reg-play");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => ["converged", "epochs", "diverged"].includes(document.querySelector<HTMLElement>("#reg-status")?.dataset.status ?? ""), null, { timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    const last = Number(await page.getAttribute("#reg-wb", "data-epoch"));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(last);
    // Each update moves 20 epochs (the speed per second), the last one possibly fewer.
    seen.slice(0, -1).forEach((e, i) => expect(e).toBe(20 * (i + 1)));
    expect(last - (seen[seen.length - 2] ?? 0)).toBeLessThanOrEqual(20);
    expect(await page.evaluate(() => getComputedStyle(document.body).transitionDuration)).toBe("1e-05s");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("colour is not the only cue", () => {
  it("the Network view dashes the links of negative weight, draws positive ones solid, and keys the classes by shape", { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(lab.browser);
    // Record every stroke on the links canvas with its colour and dash pattern (set up before the page's scripts).
    await page.addInitScript(() => {
      const strokes: { style: string; dash: number[] }[] = [];
      (window as unknown as { strokes: typeof strokes }).strokes = strokes;
      const orig = CanvasRenderingContext2D.prototype.stroke;
      CanvasRenderingContext2D.prototype.stroke = function (this: CanvasRenderingContext2D, ...args: [Path2D?]) {
        if (this.canvas.classList.contains("net-links")) strokes.push({ style: String(this.strokeStyle), dash: this.getLineDash() });
        return orig.apply(this, args as [Path2D]);
      } as typeof orig;
    });
    await page.goto(`${lab.base}#/network`);
    await ready(page, "network");
    await page.waitForFunction(() => (window as unknown as { strokes: unknown[] }).strokes.length >= 16);
    const { strokes, pos, neg } = await page.evaluate(() => ({
      strokes: (window as unknown as { strokes: { style: string; dash: number[] }[] }).strokes,
      pos: getComputedStyle(document.documentElement).getPropertyValue("--heat-pos").trim(),
      neg: getComputedStyle(document.documentElement).getPropertyValue("--heat-neg").trim(),
    }));
    const rgbOf = (s: string): string => s.replace(/\s/g, "");
    const isNeg = (s: string): boolean => rgbOf(s).startsWith(`rgba(${rgbOf(neg)},`);
    const isPos = (s: string): boolean => rgbOf(s).startsWith(`rgba(${rgbOf(pos)},`);
    const negs = strokes.filter((s) => isNeg(s.style));
    const poss = strokes.filter((s) => isPos(s.style));
    expect(negs.length).toBeGreaterThan(0);
    expect(poss.length).toBeGreaterThan(0);
    for (const s of negs) expect(s.dash).toEqual([5, 3]);
    for (const s of poss) expect(s.dash).toEqual([]);
    // The classes' key under the big plot names each class's marker shape, not only its colour.
    expect(await page.locator("#net-class-key li").allTextContents()).toEqual(["● class 1 (circle)", "■ class 2 (square)"]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
