// The Experiments view in chromium: the list, one experiment run in a Web Worker (figures,
// numbers, verdict as the library computes them), cancel, the URL of its options, the notice
// for a bad value, Chinese labels, the link from Explore, and Run all filling the table.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { experiments, getExperiment, resolveOptions } from "../../packages/actlab/src/experiments/index.js";
import { quantityTables, TABLE_LEGEND, verdictWords } from "../../packages/cli/src/render/index.js";
import { openPage, ready, shot as fullShot, useLab } from "./harness.js";

const lab = useLab("exp");

async function open(hash: string, opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(lab.browser, opts);
  await page.goto(`${lab.base}${hash}`);
  await ready(page, /^#\/(\w+)/.exec(hash)?.[1] ?? "explore");
  return { page, errors };
}

/** A full-page screenshot from the top (the header is sticky: scrolled, it lands mid-page). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

const runDone = (page: Page, timeout = 60_000): Promise<unknown> =>
  page.waitForFunction(() => ["done", "error", "cancelled"].includes(document.querySelector<HTMLElement>("#exp-status")?.dataset.state ?? ""), null, { timeout });

describe("lab: experiments view", () => {
  it("lists every experiment with its claim and the article's sentence", async () => {
    const { page, errors } = await open("#/experiments");
    expect(await page.locator("#tabs a[data-view=experiments]").getAttribute("aria-current")).toBe("page");
    const ids = await page.$$eval("#exp-list .exp-card", (els) => els.map((e) => (e as HTMLElement).dataset.id));
    expect(ids).toEqual(experiments.map((e) => e.id));
    for (const e of experiments) {
      const text = (await page.locator(`.exp-card[data-id="${e.id}"]`).textContent()) ?? "";
      expect(text).toContain(e.title.en);
      expect(text).toContain(e.claim.en);
      expect(text).toContain(e.claim.zh);
      expect(text).toContain(e.claim.article);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens an experiment, runs it quick in a worker and shows its figures, numbers and verdict", async () => {
    const { page, errors } = await open("#/experiments");
    await page.click('.exp-card[data-id="saturation"] h2 a');
    await ready(page, "experiments");
    expect(new URL(page.url()).hash).toBe("#/experiments/saturation");
    expect(await page.getAttribute("#exp-title", "data-id")).toBe("saturation");
    expect(await page.isChecked("#exp-quick")).toBe(true);
    const exp = getExperiment("saturation");
    const options = resolveOptions(exp, {}, true);
    expect(await page.inputValue("#opt-width")).toBe(String(options.width));
    expect(await page.locator("#exp-verdict").count()).toBe(0);
    await page.click("#exp-run");
    await runDone(page);
    expect(await page.getAttribute("#exp-status", "data-state")).toBe("done");
    expect(page.workers().length).toBe(0);
    // The same library code in node gives the same verdict, figures and quantities.
    const r = await exp.run({}, { quick: true });
    expect(await page.getAttribute("#exp-verdict", "data-verdict")).toBe(r.verdict.verdict);
    expect(await page.textContent("#exp-verdict")).toContain(r.verdict.rule.en);
    const figs = await page.$$eval("#exp-figures figure", (els) => els.map((e) => ({ id: (e as HTMLElement).dataset.id, label: e.querySelector("svg")?.getAttribute("aria-label"), marks: e.querySelectorAll("svg path, svg rect, svg circle").length })));
    expect(figs.map((f) => f.id)).toEqual(r.figures.map((f) => f.id));
    expect(figs.map((f) => f.label)).toEqual(r.figures.map((f) => f.title.en));
    for (const f of figs) expect(f.marks).toBeGreaterThan(5);
    // The numbers: the shared table model (as in the report), functions by labelled quantities, no raw keys.
    const want = quantityTables(r, "en");
    const tables = await page.$$eval("#exp-numbers table", (ts) =>
      ts.map((t) => ({ heads: Array.from(t.querySelectorAll("thead th[data-quantity]")).map((th) => th.textContent), rows: Array.from(t.querySelectorAll("tbody tr")).map((tr) => Array.from(tr.querySelectorAll("th, td")).map((c) => c.textContent)) })),
    );
    expect(tables.map((t) => t.heads)).toEqual(want.map((t) => t.columns.map((c) => c.heading)));
    expect(tables.map((t) => t.rows)).toEqual(want.map((t) => t.rows.map((row) => [...(t.rows.every((x) => x.label === "") ? [] : [row.label]), ...row.cells.map((c) => c?.text ?? "")])));
    const numbers = (await page.textContent("#exp-numbers")) ?? "";
    for (const key of Object.keys(r.summary)) expect(numbers).not.toContain(key);
    expect(numbers).toMatch(/\d \[[^\]]+, [^\]]+\]/);
    // The verdict's parts, each with its own verdict words.
    const parts = await page.$$eval("#exp-parts li", (lis) => lis.map((li) => (li as HTMLElement).dataset.verdict));
    expect(parts).toEqual((r.verdict.parts ?? []).map((p) => p.verdict));
    expect(await page.textContent("#exp-verdict h3")).toContain(verdictWords(r.verdict.verdict, "en"));
    await shot(page, "experiments-run-en-light");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("cancel aborts the worker's run promptly through its AbortSignal", async () => {
    // Full settings: a run of many seconds, cancelled once it has started.
    const { page, errors } = await open("#/experiments/self-normalisation?quick=0&seeds=5");
    await page.click("#exp-run");
    await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>("#exp-progress")?.value) > 0, null, { timeout: 30_000 });
    expect(await page.isDisabled("#exp-run")).toBe(true);
    await page.click("#exp-cancel");
    expect(await page.getAttribute("#exp-status", "data-state")).toBe("cancelled");
    expect(await page.isDisabled("#exp-run")).toBe(false);
    expect(await page.isDisabled("#exp-cancel")).toBe(true);
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#exp-status")?.dataset.stopped !== undefined, null, { timeout: 5_000 });
    // The worker itself confirmed the abort (not the 1 s fallback that terminates it).
    expect(await page.getAttribute("#exp-status", "data-stopped")).toBe("aborted");
    expect(Number(await page.getAttribute("#exp-status", "data-stop-ms"))).toBeLessThan(1000);
    expect(await page.locator("#exp-verdict").count()).toBe(0);
    // The page drops the worker once it confirmed; Playwright hears of its end a moment later.
    await expect.poll(() => page.workers().length, { timeout: 5_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("options round-trip through the URL", async () => {
    const { page, errors } = await open("#/experiments/saturation?width=48&lrs=0.3,1");
    expect(await page.inputValue("#opt-width")).toBe("48");
    expect(await page.inputValue("#opt-lrs")).toBe("0.3,1");
    await page.fill("#opt-epochs", "7");
    await page.press("#opt-epochs", "Enter");
    await page.locator("#opt-epochs").blur();
    await page.waitForFunction(() => location.hash.includes("epochs=7"));
    await page.uncheck("#exp-quick");
    await page.waitForFunction(() => location.hash.includes("quick=0"));
    // Without quick, the options not set take their full defaults.
    const full = resolveOptions(getExperiment("saturation"), {}, false);
    expect(await page.inputValue("#opt-examples")).toBe(String(full.examples));
    const hash = new URL(page.url()).hash;
    expect(hash).toMatch(/^#\/experiments\/saturation\?/);
    const again = await open(hash);
    expect(await again.page.inputValue("#opt-width")).toBe("48");
    expect(await again.page.inputValue("#opt-lrs")).toBe("0.3,1");
    expect(await again.page.inputValue("#opt-epochs")).toBe("7");
    expect(await again.page.isChecked("#exp-quick")).toBe(false);
    expect(await again.page.isVisible("#notice")).toBe(false);
    // A bad value typed in the form is refused on the spot and leaves the URL alone.
    await again.page.fill("#opt-width", "-3");
    await again.page.locator("#opt-width").blur();
    expect(await again.page.textContent("#opt-width-error")).toContain("width");
    expect(new URL(again.page.url()).hash).toBe(hash);
    expect([...errors, ...again.errors]).toEqual([]);
    await page.close();
    await again.page.close();
  });

  it("an invalid option value in the URL gets the notice and its default", async () => {
    const { page, errors } = await open("#/experiments/saturation?width=abc&epochs=2&bogus=1");
    expect(await page.isVisible("#notice")).toBe(true);
    const notice = (await page.textContent("#notice")) ?? "";
    expect(notice).toContain('"abc"');
    expect(notice).toContain("width");
    expect(notice).toContain("bogus");
    const quick = resolveOptions(getExperiment("saturation"), {}, true);
    expect(await page.inputValue("#opt-width")).toBe(String(quick.width));
    expect(await page.inputValue("#opt-epochs")).toBe("2");
    const hash = new URL(page.url()).hash;
    expect(hash).toContain("epochs=2");
    expect(hash).not.toContain("width");
    expect(hash).not.toContain("bogus");
    const unknown = await open("#/experiments/no-such-thing");
    expect(await unknown.page.textContent("#notice")).toContain("no-such-thing");
    expect(await unknown.page.locator("#exp-list .exp-card").count()).toBe(experiments.length);
    expect([...errors, ...unknown.errors]).toEqual([]);
    await page.close();
    await unknown.page.close();
  });

  it("speaks Chinese with lang=zh", async () => {
    const { page, errors } = await open("#/experiments?lang=zh");
    expect(await page.textContent("#tabs a[data-view=experiments]")).toBe("实验");
    expect(await page.textContent("#exp-run-all")).toBe("全部运行（快速）");
    expect(await page.textContent(`.exp-card[data-id="gradient-flow"] h2`)).toBe(getExperiment("gradient-flow").title.zh);
    await page.click(`.exp-card[data-id="born-dead"] h2 a`);
    await ready(page, "experiments");
    expect(page.url()).toContain("lang=zh");
    expect(await page.textContent("#exp-run")).toBe("运行");
    expect(await page.textContent("#exp-cancel")).toBe("取消");
    await page.getByRole("button", { name: "运行" }).click();
    await runDone(page);
    expect(await page.textContent("#exp-verdict h3")).toMatch(/^结论：(成立|部分成立|在此规模下不成立|在此规模下无法判定)$/);
    const r = await getExperiment("born-dead").run({}, { quick: true });
    expect(await page.textContent("#exp-verdict")).toContain(r.verdict.because.zh);
    await shot(page, "experiments-run-zh-light");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Explore's strengths and weaknesses link to the experiment that measures them", async () => {
    const { page, errors } = await open("#/explore?fn=relu&lang=zh");
    const links = await page.$$eval(".info a.measured", (as) => as.map((a) => (a as HTMLElement).dataset.experiment));
    expect(links).toContain("dead-units");
    expect(links).toContain("gradient-flow");
    await page.click('.info ul.weaknesses a.measured[data-experiment="dead-units"]');
    await ready(page, "experiments");
    expect(await page.getAttribute("#exp-title", "data-id")).toBe("dead-units");
    expect(page.url()).toContain("lang=zh");
    expect(await page.textContent("#exp-title")).toBe(getExperiment("dead-units").title.zh);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Run all (quick) fills the measured comparison table beside the article's marks", async () => {
    const { page, errors } = await open("#/experiments");
    expect(await page.locator("#exp-table tbody td.num").evaluateAll((tds) => tds.filter((td) => /\d/.test(td.textContent ?? "")).length)).toBe(0);
    await page.click("#exp-run-all");
    await runDone(page, 240_000);
    expect(await page.getAttribute("#exp-status", "data-state")).toBe("done");
    const verdicts = await page.$$eval(".exp-card .exp-last", (ps) => ps.map((p) => (p as HTMLElement).dataset.verdict));
    expect(verdicts.every((v) => v === "holds" || v === "mixed" || v === "does-not-hold" || v === "inconclusive")).toBe(true);
    const relu = await page.$$eval('#exp-table tr[data-id="relu"] td', (tds) => tds.map((td) => td.textContent ?? ""));
    expect(relu.filter((t) => /\d/.test(t)).length).toBeGreaterThan(3);
    expect(relu.some((t) => t.includes("✓"))).toBe(true);
    expect(relu.some((t) => t.includes("✗"))).toBe(true);
    // Beside each of the article's marks on a measured cell: =, ≠ or ? (agrees, contradicts, inconclusive).
    const agreements = await page.$$eval("#exp-table td[data-agreement]", (tds) => tds.map((td) => [(td as HTMLElement).dataset.agreement, td.querySelector(".agree")?.textContent?.trim()]));
    expect(agreements.length).toBeGreaterThan(3);
    for (const [a, mark] of agreements) expect({ agrees: "=", contradicts: "≠", inconclusive: "?" }[a as string]).toBe(mark);
    // The same cells as the shared model (the report's table) computes from the same results.
    const marked = await page.$$eval("#exp-table tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).filter((td) => td.querySelector(".mark-ok, .mark-bad")).length));
    expect(marked.reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    // Every symbol is explained under the table.
    const legend = await page.$$eval("#exp-legend li", (lis) => lis.map((li) => li.textContent ?? ""));
    expect(legend).toHaveLength(TABLE_LEGEND.length);
    for (const sym of ["✓", "✗", "=", "≠", "?", "✕k/n"]) expect(legend.some((l) => l.startsWith(sym))).toBe(true);
    await shot(page, "experiments-table-en-light");
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it("looks right in both languages, both themes and on a phone", async () => {
    for (const lang of ["en", "zh"] as const) {
      for (const theme of ["light", "dark"] as const) {
        for (const width of [1280, 390]) {
          const { page, errors } = await open(`#/experiments/init-depth?lang=${lang}&theme=${theme}`, { width, height: 900 });
          await page.click("#exp-run");
          await runDone(page);
          // Nothing sticks out sideways on a phone.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
          await shot(page, `experiments-${lang}-${theme}-${width}`);
          expect(errors).toEqual([]);
          await page.close();
        }
      }
      const { page } = await open(`#/experiments?lang=${lang}`, { width: 390 });
      await shot(page, `experiments-list-${lang}-390`);
      await page.close();
    }
  }, 240_000);
});
