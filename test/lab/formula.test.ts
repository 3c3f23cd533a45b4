// Issue 20 in chromium: the reader's own formula in Explore (typed, checked, f′ as LaTeX, sliders),
// Compare, Network and Experiments, all from one shared link (`expr=`, the id `custom`); a formula
// from a URL is only parsed, never run (script and HTML payloads).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, ready, useLab } from "./harness.js";

const lab = useLab("formula");

/** A page at `hash`, its console errors in `errors` and any alert/confirm/prompt it opened in `dialogs`. */
async function open(hash: string, view: string): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const { page, errors } = await openPage(lab.browser);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${lab.base}${hash}`);
  await ready(page, view);
  return { page, errors, dialogs };
}

/** Elements a payload could have injected anywhere in the document (the lab itself has no inline script and no img). */
const injected = (page: Page): Promise<number> => page.evaluate(() => document.querySelectorAll("script:not([src]), img, iframe, [onerror], [onload]").length);

const PAYLOADS = [
  "<script>window.__pwned=1;alert(1)</script>",
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  "x*sigmoid(x)</option><script>window.__pwned=1;alert(1)</script>",
  "constructor.constructor('window.__pwned=1;alert(1)')()",
  "javascript:alert(1)",
];

const curves = (page: Page, sel: string): Promise<string[]> =>
  page.$$eval(`${sel} svg g[data-mark="line"] path`, (ps) => ps.map((p) => p.getAttribute("d") ?? ""));

describe("your own formula in the lab", () => {
  it("explore: a formula from the link plots with its derivative; typing updates f, f′ and its LaTeX; errors show at the column", async () => {
    const { page, errors } = await open(`#/explore?fn=custom&expr=${encodeURIComponent("x*sigmoid(x)")}`, "explore");
    expect(await page.getAttribute("#explore-figure", "data-fn")).toBe("custom");
    expect(await page.inputValue("#expr")).toBe("x*sigmoid(x)");
    expect(await page.getAttribute("#formula-df .tex", "data-latex")).toBe("f'(x) = \\sigma\\left(x\\right) + x\\,\\sigma'\\left(x\\right)");
    const before = await curves(page, "#explore-figure");
    expect(before.length).toBe(2);
    // the check after parsing: its worst point when all is well, the point of a problem otherwise
    expect(await page.textContent("#expr-check")).toMatch(/^f′ agrees with central differences at 400 points of \[−10, 10\]; largest relative gap [0-9.e−-]+, at x = −?[0-9.]+$/);

    await page.fill("#expr", "x*sigmoid(x");
    await page.waitForFunction(() => (document.querySelector("#expr-error")?.textContent ?? "") !== "");
    expect(await page.textContent("#expr-error")).toBe('expected "," or ")" to close sigmoid( at column 10 but found the end of the formula at column 12\n  x*sigmoid(x\n             ^');
    // never a blank figure: the last formula that parsed stays drawn
    expect(await curves(page, "#explore-figure")).toEqual(before);

    await page.fill("#expr", "log(x)");
    await page.waitForFunction(() => (document.querySelector("#expr-check")?.textContent ?? "").startsWith("f is not finite"));
    expect(await page.textContent("#expr-check")).toMatch(/^f is not finite at x = -9\.9\d* \(NaN\)/);
    await page.fill("#expr", "x*sigmoid(beta*x); beta = 2");
    await page.waitForSelector("#param-beta");
    await page.waitForFunction(() => (document.querySelector("#expr-error")?.textContent ?? "") === "");
    await page.waitForFunction(() => document.querySelector("#formula-df .tex")?.getAttribute("data-latex")?.includes("\\beta"));
    expect(await curves(page, "#explore-figure")).not.toEqual(before);
    expect(new URLSearchParams(new URL(page.url()).hash.split("?")[1]).get("expr")).toBe("x*sigmoid(beta*x); beta = 2");
    // the slider moves β
    const mid = await curves(page, "#explore-figure");
    await page.focus("#param-beta");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => location.hash.includes("beta="));
    expect(await curves(page, "#explore-figure")).not.toEqual(mid);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a formula from the URL is only parsed: script and HTML payloads run nothing and inject nothing", async () => {
    for (const payload of PAYLOADS) {
      const { page, dialogs } = await open(`#/explore?fn=custom&expr=${encodeURIComponent(payload)}`, "explore");
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(await injected(page)).toBe(0);
      const notice = (await page.textContent("#notice")) ?? "";
      expect(notice).toContain("invalid expr:");
      // the default formula is drawn instead
      expect(await page.inputValue("#expr")).toBe("x*sigmoid(beta*x); beta = 1");
      expect((await curves(page, "#explore-figure")).length).toBe(2);
      // typed into the field, the payload is an inline error at its column, nothing more
      await page.fill("#expr", payload);
      await page.waitForFunction(() => (document.querySelector("#expr-error")?.textContent ?? "").includes("^"));
      expect(await page.evaluate(() => document.querySelector("#expr-error")?.children.length)).toBe(0);
      expect(await injected(page)).toBe(0);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await page.close();
    }
    // the workers get the text too (network, experiments): still only parsed
    for (const hash of [`#/network?activation=relu,custom&expr=${encodeURIComponent(PAYLOADS[1])}`, `#/experiments/gradient-flow?functions=relu,custom&expr=${encodeURIComponent(PAYLOADS[0])}`]) {
      const view = hash.startsWith("#/network") ? "network" : "experiments";
      const { page, dialogs } = await open(hash, view);
      expect((await page.textContent("#notice")) ?? "").toContain("invalid expr:");
      expect(dialogs).toEqual([]);
      expect(await injected(page)).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await page.close();
    }
  }, 240_000);

  it("compare, network and experiments take the formula as `custom` from one link", async () => {
    const expr = encodeURIComponent("x*tanh(softplus(x))");
    const c = await open(`#/compare?fns=relu,custom&expr=${expr}`, "compare");
    expect(await c.page.isChecked("#pick-custom")).toBe(true);
    expect((await curves(c.page, "#compare-figure, .figure")).length).toBeGreaterThanOrEqual(2);
    expect(c.errors).toEqual([]);
    await c.page.close();

    const n = await open(`#/network?activation=relu,custom&expr=${expr}`, "network");
    expect(await n.page.inputValue("#net-act-2")).toBe("custom");
    for (let i = 1; i <= 3; i++) {
      await n.page.click("#net-step");
      await n.page.waitForFunction((k) => document.querySelector("#net-epoch")?.textContent === String(k), i);
    }
    expect(await n.page.getAttribute("#net-status", "data-status")).not.toBe("error");
    expect(Number.isFinite(Number(await n.page.textContent("#net-train-loss")))).toBe(true);
    // the view's own link still carries the formula, so it can be shared from there
    expect(new URLSearchParams(new URL(n.page.url()).hash.split("?")[1]).get("expr")).toBe("x*tanh(softplus(x))");
    expect(n.dialogs).toEqual([]);
    expect(n.errors).toEqual([]);
    await n.page.close();

    const { page, errors } = await open(`#/experiments/gradient-flow?functions=relu,custom&expr=${expr}&seeds=1`, "experiments");
    await page.click("#exp-run");
    await page.waitForFunction(() => ["done", "error"].includes(document.querySelector<HTMLElement>("#exp-status")?.dataset.state ?? ""), null, { timeout: 120_000 });
    expect(await page.getAttribute("#exp-status", "data-state")).toBe("done");
    expect(await page.textContent("#exp-results")).toContain("custom");
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
