// Issue 21 item 8 in chromium: the Network view's layout at 1280 px and on a 390×844 phone, in both
// languages, and the spacing of the Experiments list's measured table.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, ready, shot, useLab } from "./harness.js";

const lab = useLab("layout");

async function open(hash: string, width: number, height: number, view = "network"): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(lab.browser, { width, height });
  await page.goto(`${lab.base}${hash}`);
  await ready(page, view);
  if (view === "network") await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent !== "–");
  return { page, errors };
}

const top = (page: Page, sel: string): Promise<number> => page.$eval(sel, (e) => e.getBoundingClientRect().top + window.scrollY);

describe("issue 21, item 8: layout", () => {
  for (const lang of ["en", "zh"] as const) {
    it(`1280 px: the Initialisation select shows its whole choice, the recommended ones listed under it, no large empty area under the diagram (${lang})`, async () => {
      const { page, errors } = await open(`#/network?activation=tanh,relu&layers=4,4&lang=${lang}`, 1280, 800);
      for (const id of ["#net-init", "#net-optimizer", "#net-reg", "#net-dataset"]) {
        // The selected option's text in the select's own font, against the room inside it (the arrow takes about 20 px).
        const fit = await page.$eval(id, (s) => {
          const sel = s as HTMLSelectElement;
          const cs = getComputedStyle(sel);
          const g = document.createElement("canvas").getContext("2d")!;
          g.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
          return { text: sel.selectedOptions[0].text, width: g.measureText(sel.selectedOptions[0].text).width, room };
        });
        expect(fit.width, `${id}: "${fit.text}" is ${fit.width.toFixed(0)} px in ${fit.room.toFixed(0)} px`).toBeLessThanOrEqual(fit.room);
      }
      expect(await page.textContent("#net-init-list")).toBe(lang === "en" ? "Recommended per layer: Tanh: xavier, ReLU: he" : "各层：Tanh：xavier，ReLU：he");
      // The middle column (diagram, weights, then the health table in the grid's row below) is at
      // least about as tall as the right one's charts.
      const cols = await page.evaluate(() => {
        const b = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
        return { middle: b(".net-health-panel").bottom, right: b(".net-right").bottom, grid: b(".net-grid").height };
      });
      expect(cols.right - cols.middle, `empty area under the diagram: ${JSON.stringify(cols)}`).toBeLessThan(0.25 * cols.grid);
      await shot(page, `layout-network-1280-${lang}`);
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`390×844 phone: the data and training settings come before the network and the charts (${lang})`, async () => {
      const { page, errors } = await open(`#/network?lang=${lang}`, 390, 844);
      const plot = await top(page, "#net-output");
      const diagram = await top(page, "#net-diagram");
      for (const id of ["#net-dataset", "#net-noise", "#net-lr", "#net-init"]) {
        const y = await top(page, id);
        expect(y, id).toBeLessThan(diagram);
        expect(y, id).toBeLessThan(plot);
      }
      expect(await top(page, "#net-dataset")).toBeLessThan(844 + 400);
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, `layout-network-phone-${lang}`);
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`the Experiments list: the measured table's heading keeps clear of the last card (${lang})`, async () => {
      const { page, errors } = await open(`#/experiments?lang=${lang}`, 1280, 800, "experiments");
      const gap = await page.evaluate(() => {
        const cards = Array.from(document.querySelectorAll(".exp-card"));
        const last = cards[cards.length - 1].getBoundingClientRect();
        return document.querySelector("#exp-table-h")!.getBoundingClientRect().top - last.bottom;
      });
      expect(gap).toBeGreaterThanOrEqual(16);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
