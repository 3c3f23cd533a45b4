// The lab by keyboard alone (issue 26): every control of the Network view is reached with Tab, in
// the same order backwards with Shift-Tab, each with a visible focus ring; and the view is set up,
// trained, inspected, a weight edited and exported with page.keyboard only (no clicks).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, ready, useLab } from "./harness.js";

const lab = useLab("kb");

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** A name for the focused element (its id, or its tag and place), and whether a focus ring shows. */
const focusInfo = (page: Page): Promise<{ key: string; ring: boolean } | null> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const key = el.dataset.kb ?? el.id ?? el.tagName;
    // The ring: an outline or a box shadow on the element, on something inside it, or on the label around it.
    const shows = (e: Element): boolean => {
      const cs = getComputedStyle(e);
      return (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== "none";
    };
    const ring = el.matches(":focus-visible") && (shows(el) || Array.from(el.querySelectorAll("*")).some(shows) || (el.parentElement?.matches(":focus-within") === true && shows(el.parentElement)));
    return { key, ring };
  });

async function tabTo(page: Page, selector: string, max = 250): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) === true, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

const epoch = async (page: Page): Promise<number> => Number(await page.textContent("#net-epoch"));

describe("network view by keyboard alone", () => {
  it("Tab reaches every control once, Shift-Tab walks the same order back, each with a focus ring", { timeout: 180_000 }, async () => {
    const { page, errors } = await openPage(lab.browser);
    await page.goto(`${lab.base}#/network`);
    await ready(page, "network");
    await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "0");
    // Number the controls (a setup step, no interaction) so the walk can be compared with them.
    const all = await page.evaluate((sel) => {
      const els = Array.from(document.querySelectorAll<HTMLElement>(sel)).filter((e) => e.getClientRects().length > 0 && !e.closest("[hidden], [inert]"));
      els.forEach((e, i) => (e.dataset.kb = e.id || `${e.tagName.toLowerCase()}#${i}`));
      return els.map((e) => e.dataset.kb!);
    }, FOCUSABLE);
    const forward: string[] = [];
    const noRing: string[] = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press("Tab");
      const f = await focusInfo(page);
      if (!f) continue;
      if (forward.length > 0 && f.key === forward[0]) break;
      forward.push(f.key);
      if (!f.ring) noRing.push(f.key);
    }
    expect(new Set(forward).size).toBe(forward.length);
    expect([...forward].sort()).toEqual([...all].sort());
    expect(noRing).toEqual([]);
    // The bar's buttons come in reading order, before the panels.
    const at = (id: string): number => forward.indexOf(id);
    expect(at("lang")).toBeLessThan(at("net-play"));
    expect(at("net-play")).toBeLessThan(at("net-step"));
    expect(at("net-step")).toBeLessThan(at("net-reset"));
    // From the first control, Shift-Tab goes to the last one and back up to the first.
    const back: string[] = [];
    for (let i = 0; i < 2 * forward.length + 10 && back.length < forward.length; i++) {
      await page.keyboard.press("Shift+Tab");
      const f = await focusInfo(page);
      if (f) back.push(f.key);
    }
    expect(back.reverse()).toEqual(forward);
    console.log(`keyboard walk: ${forward.length} controls`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sets up, trains (Play, Pause, Step, Reset), shows a unit's picture, edits a weight and exports the model without a pointer", { timeout: 180_000 }, async () => {
    const { page, errors } = await openPage(lab.browser);
    await page.goto(`${lab.base}#/network`);
    await ready(page, "network");
    await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "0");
    // Set up: another data set and another activation, with the arrow keys on the selects.
    await tabTo(page, "#net-dataset");
    const ds = await page.inputValue("#net-dataset");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((v) => document.querySelector<HTMLSelectElement>("#net-dataset")?.value !== v, ds);
    expect(page.url()).toContain(`dataset=${await page.inputValue("#net-dataset")}`);
    await tabTo(page, "#net-act-1");
    const act = await page.inputValue("#net-act-1");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((v) => document.querySelector<HTMLSelectElement>("#net-act-1")?.value !== v, act);
    // Train: Play with Enter, Pause with Enter again, Step with Space, Reset with Enter.
    await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "0");
    await tabTo(page, "#net-play");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => Number(document.querySelector("#net-epoch")?.textContent) >= 3);
    expect(await page.getAttribute("#net-status", "data-status")).toBe("running");
    await tabTo(page, "#net-play");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#net-status")?.getAttribute("data-status") === "paused");
    const paused = await epoch(page);
    await tabTo(page, "#net-step");
    await page.keyboard.press("Space");
    await page.waitForFunction((e) => Number(document.querySelector("#net-epoch")?.textContent) === e + 1, paused);
    await tabTo(page, "#net-reset");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "0");
    // The live region says the values (politely).
    await page.waitForFunction(() => (document.querySelector("#net-live")?.textContent ?? "").startsWith("Epoch 0"));
    expect(await page.getAttribute("#net-live", "aria-live")).toBe("polite");
    // Inspect: a unit's picture in the output plot when the unit has the focus.
    const before = await page.$eval("#net-output", (c) => (c as HTMLCanvasElement).toDataURL());
    await tabTo(page, '.net-unit[data-layer="1"][data-unit="2"]');
    await page.waitForFunction(() => document.querySelector(".net-plot-caption")?.textContent === "Layer 1, unit 2");
    await page.waitForFunction((b) => (document.querySelector("#net-output") as HTMLCanvasElement).toDataURL() !== b, before);
    // Edit a weight: the unit chooser with an arrow key, Tab into its first field, type, Enter.
    await tabTo(page, "#net-weight-target");
    const target = await page.inputValue("#net-weight-target");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((v) => document.querySelector<HTMLSelectElement>("#net-weight-target")?.value !== v, target);
    expect(await page.inputValue("#net-weight-target")).toBe("0:1");
    await page.waitForFunction(() => document.activeElement?.id === "net-weight-target");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Weight from x1 to unit 2 of layer 1");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("0.5");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (document.querySelector("#net-weight-msg")?.textContent ?? "").includes("is now 0.5"));
    // Export: the model file, by Enter on its button; it holds the typed weight.
    await tabTo(page, "#net-export-model");
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(download.suggestedFilename()).toBe("actlab-network-epoch0.json");
    const model = JSON.parse(await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString("utf8")));
    expect(model.epoch).toBe(0);
    expect(model.weights[0][1]).toBe(0.5);
    expect(errors).toEqual([]);
    await page.close();
  });
});
