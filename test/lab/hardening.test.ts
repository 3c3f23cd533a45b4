// Issue 14: the lab's pages under malformed links and hostile input, in a real Chromium. Built
// into its own folder (not lab-dist/), so it can run beside the other browser tests.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { serveDir } from "../../scripts/lab-server.mjs";
import { activationIds } from "../../packages/actlab/src/activations/registry.js";
import { views } from "../../lab/src/state.js";
import { tableHtml } from "../../packages/cli/src/figures-write.js";
import { figureSvg } from "../../packages/cli/src/render-node.js";
import { thumbnailFigure } from "../../packages/actlab/src/plot/index.js";
import { openPage, ready, useLab } from "./harness.js";

const lab = useLab("h");

async function open(hash: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(lab.browser, { width });
  await page.goto(`${lab.base}${hash}`);
  const view = /^#\/(\w+)/.exec(hash)?.[1] ?? "explore";
  await ready(page, ["explore", "compare", "table", "softmax", "regression"].includes(view) ? view : "explore");
  return { page, errors };
}

const hashOf = (page: Page): Promise<string> => page.evaluate(() => location.hash);
const noticeText = async (page: Page): Promise<string> => ((await page.isVisible("#notice")) ? ((await page.textContent("#notice")) ?? "") : "");

describe("lab pages (issue 14)", () => {
  it.each(["#/%", "#/%E0%A4%A", "#/explore%"])("the hash %s shows the Explore view and a notice, not a blank page", async (hash) => {
    const { page, errors } = await open(hash);
    expect(await page.locator("main section.view-explore").count()).toBe(1);
    expect(await noticeText(page)).toMatch(/malformed view name/);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const view of ["explore", "compare"] as const) {
    it(`${view}: domain boxes are checked after clamping and never write a domain the next load rejects`, async () => {
      const { page, errors } = await open(`#/${view}`);
      // hi = 3000 first (stored clamped as 1000), then lo = 2000: the issue's [2000, 1000].
      await page.fill("#domain-hi", "3000");
      await page.locator("#domain-hi").blur();
      const before = await hashOf(page);
      expect(before).toMatch(/domain=-10,1000/);
      await page.fill("#domain-lo", "2000");
      await page.locator("#domain-lo").blur();
      expect(await page.textContent("#domain-error")).toMatch(/not used/);
      expect(await hashOf(page)).toBe(before);
      expect(await page.inputValue("#domain-lo")).toBe("-10");
      for (const [lo, hi] of [["999.999", "5000"], ["-5000", "-999.9999"], ["0.001", "0.0149"]]) {
        await page.fill("#domain-lo", lo);
        await page.fill("#domain-hi", hi);
        await page.locator("#domain-hi").blur();
        // Whatever is stored now must load again without a notice.
        const again = await open(await hashOf(page));
        expect(await noticeText(again.page), `${lo} … ${hi} → ${await hashOf(page)}`).toBe("");
        expect(again.errors).toEqual([]);
        await again.page.close();
      }
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  for (const fn of ["prelu", "leaky-relu"]) {
    it(`explore: an empty α box for ${fn} is an error message, not α = 0`, async () => {
      const { page, errors } = await open(`#/explore?fn=${fn}&alpha=0.3`);
      const curve = await page.$$eval("#explore-figure svg path", (ps) => ps.map((p) => p.getAttribute("d")).join());
      await page.fill("#param-alpha-value", "");
      await page.locator("#param-alpha-value").blur();
      expect(await page.textContent(".param .field-error")).toMatch(/empty/);
      expect(await hashOf(page)).toMatch(/alpha=0\.3/);
      expect(await page.$$eval("#explore-figure svg path", (ps) => ps.map((p) => p.getAttribute("d")).join())).toBe(curve);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("softmax: the boxes show what is stored, and say what they changed or refused", async () => {
    const { page, errors } = await open("#/softmax");
    await page.fill("#logit-0", "1e308");
    await page.locator("#logit-0").blur();
    expect(await page.inputValue("#logit-0")).toBe("20");
    expect(await page.textContent("#softmax-msg")).toMatch(/x1 = 1e308 is outside -20 … 20; set to 20/);
    expect(await hashOf(page)).toMatch(/logits=20,/);
    await page.fill("#temperature-value", "0");
    await page.locator("#temperature-value").blur();
    expect(await page.inputValue("#temperature-value")).toBe("1");
    expect(await page.textContent("#softmax-msg")).toMatch(/T = 0 not used/);
    expect(await hashOf(page)).not.toMatch(/[?&]t=/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the skip link moves focus to the content and keeps the view and its state", async () => {
    const { page, errors } = await open("#/compare?which=f");
    await page.keyboard.press("Tab"); // the skip link is the first stop
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip");
    await page.keyboard.press("Enter");
    await page.waitForTimeout(200);
    expect(await hashOf(page)).toBe("#/compare?which=f");
    expect(await page.locator("main section.view-compare").count()).toBe(1);
    expect(await noticeText(page)).toBe("");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a 100,000-character URL value leaves the page as wide as the window", async () => {
    const { page, errors } = await open(`#/explore?fn=${"x".repeat(100_000)}`);
    expect(await noticeText(page)).toMatch(/unknown activation: "x{37}…" \(100000 characters\)/);
    const [scroll, inner, box] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth, document.getElementById("notice")!.getBoundingClientRect().width]);
    expect(scroll).toBeLessThanOrEqual(inner);
    expect(box).toBeLessThanOrEqual(inner);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(["en", "zh"])("at 390 px every tab is in sight (%s)", async (lang) => {
    const { page, errors } = await open(`#/explore?lang=${lang}`, 390);
    const boxes = await page.$$eval("#tabs a", (as) =>
      as.map((a) => {
        const r = a.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { text: a.textContent, left: r.left, right: r.right, seen: hit === a || a.contains(hit) };
      }),
    );
    expect(boxes).toHaveLength(views.length);
    for (const b of boxes) {
      expect(b.left, b.text ?? "").toBeGreaterThanOrEqual(0);
      expect(b.right, b.text ?? "").toBeLessThanOrEqual(390);
      expect(b.seen, b.text ?? "").toBe(true);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([390, 1280])("the Chinese Softmax figure title fits its figure at %i px", async (width) => {
    const { page, errors } = await open("#/softmax?lang=zh", width);
    const [title, svg] = await page.$eval("#softmax-article svg", (s) => {
      const texts = Array.from(s.querySelectorAll("text")).filter((t) => /Softmax/.test(t.textContent ?? ""));
      const r = texts[0].getBoundingClientRect();
      const b = s.getBoundingClientRect();
      return [{ left: r.left, right: r.right }, { left: b.left, right: b.right }];
    });
    expect(title.left).toBeGreaterThanOrEqual(svg.left);
    expect(title.right).toBeLessThanOrEqual(svg.right);
    expect(errors).toEqual([]);
    await page.close();
  });

  /** Column widths of the summary table, and the size of sigmoid's numerator over the formula's font size. */
  async function layout(page: Page, table: string, formula: string): Promise<{ cols: number[]; frac: number; widest: number }> {
    return page.evaluate(
      ([t, f]) => {
        const head = Array.from(document.querySelectorAll(`${t} thead th`)).map((th) => th.getBoundingClientRect().width);
        const cell = document.querySelector(`${t} tbody tr ${f}`) as HTMLElement;
        const num = Array.from(cell.querySelectorAll(".mfrac span")).find((x) => x.children.length === 0 && x.textContent === "1") as HTMLElement;
        const katex = cell.querySelector(".katex") as HTMLElement;
        const cells = Array.from(document.querySelectorAll(`${t} tbody tr ${f}`)) as HTMLElement[];
        const pad = (c: HTMLElement) => parseFloat(getComputedStyle(c).paddingLeft) + parseFloat(getComputedStyle(c).paddingRight);
        const widest = Math.max(...cells.map((c) => (c.querySelector(".katex") as HTMLElement).getBoundingClientRect().width + pad(c)));
        return { widest, cols: head, frac: parseFloat(getComputedStyle(num).fontSize) / parseFloat(getComputedStyle(katex).fontSize) };
      },
      [table, formula],
    );
  }

  function checkLayout(l: { cols: number[]; frac: number; widest: number }): void {
    const [, , , formula, , strengths, weaknesses] = l.cols;
    const about = `columns ${l.cols.map(Math.round).join(", ")}; widest formula ${Math.round(l.widest)}`;
    // The formula column holds its widest formula and no more (not "wide and mostly empty") …
    expect(formula, about).toBeLessThanOrEqual(l.widest + 4);
    // … and the prose columns are the widest of the table.
    for (const c of l.cols.slice(0, 5)) {
      expect(strengths, about).toBeGreaterThan(c);
      expect(weaknesses, about).toBeGreaterThan(c);
    }
    // Display style sets the numerator at the formula's size; inline style shrinks it to 70 %.
    expect(l.frac).toBeGreaterThan(0.95);
  }

  it.each(["en", "zh"] as const)("the Table view gives the prose columns the width and sets fractions readably (%s)", async (lang) => {
    const { page, errors } = await open(`#/table?lang=${lang}`);
    checkLayout(await layout(page, "table.summary", ".formula-cell"));
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(["en", "zh"] as const)("table.html gives the prose columns the width and sets fractions readably (%s)", async (lang) => {
    const file = join(mkdtempSync(join(tmpdir(), "actlab-tablehtml-")), "table.html");
    const thumbs = new Map([...activationIds, "softmax"].map((id) => [id, figureSvg(thumbnailFigure(id, { lang }))]));
    writeFileSync(file, tableHtml(lang, thumbs));
    const { page } = await openPage(lab.browser, { width: 1280 });
    await page.goto(`file://${file}`);
    checkLayout(await layout(page, "table", "td.formula"));
    await page.close();
  });
});
