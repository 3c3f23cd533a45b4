// Issue 21 items 8 and 9 in chromium, the parts layout-issue21.test.ts leaves out: no large empty
// area in the Network and Explore views at 1280×800, the Compare list's labels all starting at one
// x, and the Experiments view's gradient-flow figures (whole-number layer ticks, every ticked
// function in the legends). English and Chinese; the phone where the layout changes.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, ready, shot, useLab } from "./harness.js";

const lab = useLab("space");

async function open(hash: string, view: string, width = 1280, height = 800): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(lab.browser, { width, height });
  await page.goto(`${lab.base}${hash}`);
  await ready(page, view);
  if (view === "network") await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent !== "–");
  return { page, errors };
}

/**
 * The largest empty band, in px, in a grid: above each box of `boxes` (at its horizontal centre),
 * the distance down from the lowest bottom of the boxes above it at that x, and under the last one,
 * the distance to the grid's bottom. A column that ends far above its neighbours, or a row that
 * waits for the long column beside it, shows up as a large band.
 */
function largestGap(page: Page, grid: string, boxes: string): Promise<{ gap: number; where: string }> {
  return page.evaluate(
    ([gridSel, boxSel]) => {
      const g = document.querySelector(gridSel)!.getBoundingClientRect();
      const all = Array.from(document.querySelectorAll(boxSel))
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.height > 0 && r.width > 0);
      const name = (e: Element) => `${e.tagName.toLowerCase()}.${e.className || e.id} "${(e.textContent ?? "").trim().slice(0, 30)}"`;
      let worst = { gap: 0, where: "" };
      for (const { r: probe } of all) {
        const x = (probe.left + probe.right) / 2;
        const column = all.filter(({ r }) => r.left <= x && x <= r.right).sort((a, b) => a.r.top - b.r.top);
        let bottom = column[0].r.bottom;
        for (const { e, r } of column.slice(1)) {
          if (r.top - bottom > worst.gap) worst = { gap: r.top - bottom, where: `above ${name(e)} at x = ${Math.round(x)}` };
          bottom = Math.max(bottom, r.bottom);
        }
        if (g.bottom - bottom > worst.gap) worst = { gap: g.bottom - bottom, where: `at the bottom, x = ${Math.round(x)}` };
      }
      return { gap: Math.round(worst.gap), where: worst.where };
    },
    [grid, boxes] as const,
  );
}

// A band taller than this is a "large empty area" (the old layouts left 200–800 px).
const LARGE = 150;

describe("issue 21, item 8: no large empty areas", () => {
  for (const lang of ["en", "zh"] as const) {
    for (const query of ["", "&dataset=reg-gauss", "&layers=8,8,8&activation=relu"]) {
      it(`Network view at 1280×800 (${lang}${query})`, async () => {
        const { page, errors } = await open(`#/network?lang=${lang}${query}`, "network");
        const boxes = ".net-side > .panel, .net-middle > *, .net-grid > .panel, .net-right > .panel";
        const { gap, where } = await largestGap(page, ".net-grid", boxes);
        expect(gap, `a ${gap} px empty band ${where}`).toBeLessThan(LARGE);
        // No panel is stretched past its content either (the files panel was, by ~70 px of empty lines).
        const slack = await page.$$eval(".net-grid .panel", (ps) =>
          ps.map((p) => {
            const kids = Array.from(p.querySelectorAll("*")).filter((k) => (k.textContent ?? "").trim() !== "" || k.matches("canvas, input, select, button, svg"));
            const last = Math.max(...kids.map((k) => k.getBoundingClientRect().bottom));
            return Math.round(p.getBoundingClientRect().bottom - last);
          }),
        );
        for (const s of slack) expect(s, `empty space at the foot of a panel: ${slack.join(", ")}`).toBeLessThan(40);
        if (!query) {
          await shot(page, `layout-space-network-1280-${lang}`);
          // Every data set's name shows whole in the select (the regression ones were cut: "six Gaussia").
          const values = await page.$$eval("#net-dataset option", (os) => os.map((o) => (o as HTMLOptionElement).value));
          expect(values).toContain("reg-gauss");
          for (const v of values) {
            await page.selectOption("#net-dataset", v);
            await page.waitForFunction((val) => (document.querySelector("#net-dataset") as HTMLSelectElement).value === val, v);
            const fit = await page.$eval("#net-dataset", (s) => {
              const sel = s as HTMLSelectElement;
              const cs = getComputedStyle(sel);
              const g = document.createElement("canvas").getContext("2d")!;
              g.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
              const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
              return { text: sel.selectedOptions[0].text, width: g.measureText(sel.selectedOptions[0].text).width, room };
            });
            expect(fit.width, `"${fit.text}" is ${fit.width.toFixed(0)} px in ${fit.room.toFixed(0)} px`).toBeLessThanOrEqual(fit.room);
          }
        }
        expect(errors).toEqual([]);
        await page.close();
      });
    }

    for (const fn of ["sigmoid", "prelu", "gelu"]) {
      it(`Explore view at 1280×800: the notes under the controls and the figure, in columns (${lang}, ${fn})`, async () => {
        const { page, errors } = await open(`#/explore?fn=${fn}&lang=${lang}`, "explore");
        const { gap, where } = await largestGap(page, ".explore-grid", ".explore-grid > .controls, .figure-col > *, .info-part");
        expect(gap, `a ${gap} px empty band ${where}`).toBeLessThan(LARGE);
        // The notes start under the figure and use the page's width (more than one column).
        const info = await page.evaluate(() => {
          const lefts = new Set(Array.from(document.querySelectorAll(".info-part")).map((p) => Math.round(p.getBoundingClientRect().left)));
          return { columns: lefts.size, top: document.querySelector(".info")!.getBoundingClientRect().top, figure: document.querySelector("#explore-figure")!.getBoundingClientRect().bottom };
        });
        expect(info.columns).toBeGreaterThan(1);
        expect(info.top).toBeGreaterThan(info.figure);
        if (fn === "sigmoid") await shot(page, `layout-space-explore-1280-${lang}`);
        expect(errors).toEqual([]);
        await page.close();
      });
    }

    it(`Explore on a 390×844 phone: one column, nothing wider than the phone (${lang})`, async () => {
      const { page, errors } = await open(`#/explore?lang=${lang}`, "explore", 390, 844);
      const lefts = await page.$$eval(".info-part", (ps) => new Set(ps.map((p) => Math.round(p.getBoundingClientRect().left))).size);
      expect(lefts).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe("issue 21, item 8: the Compare list", () => {
  for (const lang of ["en", "zh"] as const) {
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      it(`every function's label starts at the same x, ticked or not (${lang}, ${width} px)`, async () => {
        const { page, errors } = await open(`#/compare?lang=${lang}`, "compare", width, height);
        const rows = await page.$$eval("#legend label.check", (ls) =>
          ls.map((l) => {
            const box = l.querySelector("input")!;
            const text = l.querySelector(".swatch")!.nextElementSibling!;
            return { ticked: box.checked, box: Math.round(box.getBoundingClientRect().left), text: Math.round(text.getBoundingClientRect().left) };
          }),
        );
        expect(rows.length).toBeGreaterThan(20);
        expect(rows.some((r) => r.ticked) && rows.some((r) => !r.ticked)).toBe(true);
        expect(new Set(rows.map((r) => r.text)), JSON.stringify(rows)).toHaveProperty("size", 1);
        expect(new Set(rows.map((r) => r.box)), JSON.stringify(rows)).toHaveProperty("size", 1);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }
});

describe("issue 21, item 9: the gradient-flow figures in the Experiments view", () => {
  for (const lang of ["en", "zh"] as const) {
    it(`whole-number ticks on the hidden-layer axis and every ticked function in the first two legends (${lang})`, async () => {
      // The full set (not quick): every function ticked; a small network so the run is short.
      const { page, errors } = await open(`#/experiments/gradient-flow?quick=0&depth=3&width=4&batch=8&train-steps=0&seeds=1&lang=${lang}`, "experiments");
      const ticked = await page.$$eval('input[type=checkbox][id^="opt-functions-"]:checked', (bs) => bs.map((b) => (b as HTMLInputElement).value).filter((v) => v !== "custom"));
      expect(ticked.length).toBeGreaterThanOrEqual(24);
      await page.click("#exp-run");
      await page.waitForFunction(() => ["done", "error", "cancelled"].includes(document.querySelector<HTMLElement>("#exp-status")?.dataset.state ?? ""), null, { timeout: 300_000 });
      expect(await page.getAttribute("#exp-status", "data-state")).toBe("done");
      const figures = await page.$$eval("#exp-figures svg", (svgs) =>
        svgs.map((s) => ({
          ticks: Array.from(s.querySelectorAll('[data-mark="x-axis tick label"] text')).map((t) => t.textContent ?? ""),
          // Legend entries are the SVG's texts (not its <desc>) naming a function: "relu (he)".
          legend: Array.from(s.querySelectorAll("text")).map((t) => t.textContent ?? ""),
        })),
      );
      expect(figures.length).toBeGreaterThanOrEqual(3);
      for (const f of figures.slice(0, 3)) expect(f.ticks).toEqual(["1", "2", "3"]);
      for (const f of figures.slice(0, 2)) {
        const named = ticked.filter((id) => f.legend.some((t) => t.startsWith(`${id} (`)));
        expect(named).toEqual(ticked);
      }
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
