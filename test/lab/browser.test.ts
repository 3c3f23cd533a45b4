// The lab in a real browser: Debian's chromium driven by playwright-core, against the lab built into
// a folder of this file's own (network.test.ts builds lab-dist/ at the same time: a shared folder was
// emptied under the pages, 404s) served from 127.0.0.1. Screenshots land in test-artifacts/lab/.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { catalog, getActivation, groups } from "../../packages/actlab/src/activations/registry.js";
import { logSoftmax, softmax } from "../../packages/actlab/src/activations/softmax.js";
import { articleData, createLinearRun } from "../../packages/actlab/src/train/linear.js";
import { defaultState } from "../../lab/src/state.js";
import { openPage, ready, shot, useLab } from "./harness.js";

const lab = useLab("browser");

async function open(hash: string, opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(lab.browser, opts);
  await page.goto(`${lab.base}${hash}`);
  const view = /^#\/(\w+)/.exec(hash)?.[1] ?? "explore";
  await ready(page, ["explore", "compare", "table", "softmax", "regression"].includes(view) ? view : "explore");
  return { page, errors };
}

const curveOf = (page: Page, sel: string): Promise<string[]> =>
  page.$$eval(`${sel} svg g[data-mark="line"] path`, (ps) => ps.map((p) => p.getAttribute("d") ?? ""));

const finished = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => ["converged", "epochs", "diverged"].includes(document.querySelector<HTMLElement>("#reg-status")?.dataset.status ?? ""), null, { timeout: 60_000 });

describe("lab in chromium", () => {
  const views = ["explore", "compare", "table", "softmax", "regression"] as const;
  for (const lang of ["en", "zh"] as const) {
    for (const theme of ["light", "dark"] as const) {
      it(`every view loads without console errors (${lang}, ${theme})`, { timeout: 300_000 }, async () => {
        for (const view of views) {
          const { page, errors } = await open(`#/${view}?lang=${lang}&theme=${theme}`);
          expect(await page.getAttribute("html", "data-theme")).toBe(theme);
          expect(await page.getAttribute("html", "lang")).toBe(lang === "zh" ? "zh-CN" : "en");
          expect(await page.locator(`#tabs a[data-view=${view}]`).getAttribute("aria-current")).toBe("page");
          expect(await page.locator("main section.view").count()).toBe(1);
          await shot(page, `${view}-${lang}-${theme}`);
          expect(errors).toEqual([]);
          await page.close();
        }
      });
    }
  }

  it("explore: choosing another function changes the curve and the formula", async () => {
    const { page, errors } = await open("#/explore");
    const before = await curveOf(page, "#explore-figure");
    const formulaBefore = await page.getAttribute("#formula-f .tex", "data-latex");
    expect(formulaBefore).toBe(getActivation("sigmoid").latex.f);
    await page.selectOption("#fn", "tanh");
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#explore-figure")?.dataset.fn === "tanh");
    await page.waitForSelector("#formula-f .tex.tex-ready");
    const after = await curveOf(page, "#explore-figure");
    expect(after.length).toBe(before.length);
    expect(after[0]).not.toBe(before[0]);
    expect(await page.getAttribute("#formula-f .tex", "data-latex")).toBe(getActivation("tanh").latex.f);
    expect(await page.textContent("#formula-f annotation")).toBe(getActivation("tanh").latex.f);
    expect(page.url()).toContain("fn=tanh");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("explore: moving the α slider with the keyboard changes the curve and the URL", async () => {
    const { page, errors } = await open("#/explore?fn=elu");
    const before = await curveOf(page, "#explore-figure");
    const start = Number(await page.inputValue("#param-alpha"));
    await page.focus("#param-alpha");
    for (let i = 0; i < 20; i++) await page.keyboard.press("ArrowRight");
    const now = Number(await page.inputValue("#param-alpha"));
    expect(now).toBeGreaterThan(start);
    expect(Number(await page.inputValue("#param-alpha-value"))).toBe(now);
    const after = await curveOf(page, "#explore-figure");
    expect(after[0]).not.toBe(before[0]);
    expect(new URL(page.url()).hash).toContain(`alpha=${now}`);
    await shot(page, "explore-slider");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("explore: the readout shows x, f(x) and f′(x) from the registry", async () => {
    const { page, errors } = await open("#/explore?fn=sigmoid");
    await page.focus("#explore-figure");
    await page.keyboard.press("ArrowRight");
    const text = (await page.textContent("#readout")) ?? "";
    const m = /x = ([^\s]+)\s+f\(x\) = ([^\s]+)\s+f′\(x\) = ([^\s]+)/.exec(text);
    expect(m).not.toBeNull();
    const x = Number(m![1].replace("−", "-"));
    expect(x).toBeCloseTo(0.2, 12);
    const s = getActivation("sigmoid");
    expect(Number(m![2])).toBeCloseTo(s.f(x), 4);
    expect(Number(m![3])).toBeCloseTo(s.df(x), 4);
    expect(await page.locator("#explore-figure g.crosshair circle").count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("explore: zoom halves the x range and dragging pans it", async () => {
    const { page, errors } = await open("#/explore?fn=relu");
    await page.click("#zoom-in");
    expect([await page.inputValue("#domain-lo"), await page.inputValue("#domain-hi")]).toEqual(["-5", "5"]);
    expect(page.url()).toContain("domain=-5,5");
    const svg = (await page.locator("#explore-figure svg").boundingBox())!;
    const y = svg.y + svg.height / 2;
    await page.mouse.move(svg.x + svg.width * 0.6, y);
    await page.mouse.down();
    await page.mouse.move(svg.x + svg.width * 0.4, y, { steps: 4 });
    await page.mouse.up();
    const lo = Number(await page.inputValue("#domain-lo"));
    const hi = Number(await page.inputValue("#domain-hi"));
    expect(lo).toBeGreaterThan(-5);
    expect(hi - lo).toBeCloseTo(10, 6);
    await page.focus("#explore-figure");
    await page.keyboard.press("-");
    expect(Number(await page.inputValue("#domain-hi")) - Number(await page.inputValue("#domain-lo"))).toBeCloseTo(20, 6);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the theme button cycles auto, light, dark and every view redraws without errors", async () => {
    const { page, errors } = await open("#/regression");
    await page.click("#theme");
    expect(await page.getAttribute("html", "data-theme")).toBe("light");
    await page.click("#theme");
    expect(await page.getAttribute("html", "data-theme")).toBe("dark");
    expect(page.url()).toContain("theme=dark");
    await page.click("#reg-step");
    await page.click("#tabs a[data-view=explore]");
    await ready(page, "explore");
    expect(await page.getAttribute("html", "data-theme")).toBe("dark");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the language switch changes the names", async () => {
    const relu = getActivation("relu");
    const { page, errors } = await open("#/explore?fn=relu");
    expect(await page.textContent("#fn-name")).toContain(relu.names.en);
    expect(await page.textContent("#tabs a[data-view=compare]")).toBe("Compare");
    await page.click("#lang");
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN" && document.body.dataset.ready === "explore");
    await page.waitForSelector("#fn-name");
    expect(await page.textContent("#fn-name")).toContain(relu.names.zh);
    expect(await page.textContent("#tabs a[data-view=compare]")).toBe("对比");
    expect(await page.textContent("#fn option[value=relu]")).toContain(relu.names.zh);
    expect(page.url()).toContain("lang=zh");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a URL with state reproduces the view it was copied from", async () => {
    // Set a state by hand, take the URL, open it in a fresh page: same controls, same curve.
    const a = await open("#/explore");
    await a.page.selectOption("#fn", "leaky-relu");
    await a.page.fill("#param-alpha-value", "0.3");
    await a.page.press("#param-alpha-value", "Enter");
    await a.page.fill("#domain-lo", "-5");
    await a.page.press("#domain-lo", "Enter");
    await a.page.fill("#domain-hi", "3");
    await a.page.press("#domain-hi", "Enter");
    await a.page.click("#lang");
    await a.page.waitForFunction(() => document.body.dataset.ready === "explore" && document.documentElement.lang === "zh-CN");
    await a.page.click("#theme");
    await a.page.waitForSelector("#explore-figure svg");
    const url = a.page.url();
    expect(url).toMatch(/fn=leaky-relu/);
    expect(url).toMatch(/alpha=0\.3/);
    expect(url).toMatch(/domain=-5,3/);
    const curveA = await curveOf(a.page, "#explore-figure");
    const b = await open(new URL(url).hash);
    expect(await b.page.inputValue("#fn")).toBe("leaky-relu");
    expect(Number(await b.page.inputValue("#param-alpha"))).toBe(0.3);
    expect(await b.page.inputValue("#domain-lo")).toBe("-5");
    expect(await b.page.inputValue("#domain-hi")).toBe("3");
    expect(await b.page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await curveOf(b.page, "#explore-figure")).toEqual(curveA);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it("an invalid URL state falls back to defaults with a visible notice", async () => {
    const { page, errors } = await open("#/explore?fn=swish&alpha=abc&domain=9,1");
    const notice = page.locator("#notice");
    expect(await notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? "";
    expect(text).toContain("unknown activation: swish (known: sigmoid,"); // the CLI's message
    expect(text).toContain('"9,1"');
    expect(await page.inputValue("#fn")).toBe(defaultState().explore.fn);
    expect((await curveOf(page, "#explore-figure")).length).toBe(2);
    await shot(page, "notice-invalid-url");
    await page.click("#notice button");
    expect(await notice.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("compare: the chosen functions are the lines, and f/df switches the set", async () => {
    const { page, errors } = await open("#/compare?fns=sigmoid,tanh,relu&which=f");
    expect((await curveOf(page, "#compare-figure")).length).toBe(3);
    await page.uncheck("#pick-tanh");
    expect((await curveOf(page, "#compare-figure")).length).toBe(2);
    expect(page.url()).toContain("fns=sigmoid,relu");
    const fCurves = await curveOf(page, "#compare-figure");
    await page.check("#which-df");
    const dfCurves = await curveOf(page, "#compare-figure");
    expect(dfCurves[0]).not.toBe(fCurves[0]);
    expect(await page.locator("#compare-values tr").count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("table: one row per function under its group's heading, and a click opens the function in Explore", async () => {
    const { page, errors } = await open("#/table");
    expect(await page.locator("#summary tbody tr[data-id]").count()).toBe(catalog.length);
    expect(await page.locator("#summary tbody tr .thumb svg").count()).toBe(catalog.length);
    expect(await page.locator("#summary tbody tr.group th").allTextContents()).toEqual(groups.map((g) => g.title.en));
    expect(await page.locator('#summary tbody[data-group="article"] tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")))).toEqual(groups[0].ids);
    await shot(page, "table-grouped");
    await page.click('#summary tbody tr[data-id="gelu"] td:nth-child(2)');
    await page.waitForFunction(() => document.body.dataset.ready === "explore");
    expect(await page.inputValue("#fn")).toBe("gelu");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("explore and compare list every function in groups, the article's first; an unknown id gives the registry's notice", async () => {
    const { page, errors } = await open("#/explore?fn=hardtanh&min=-2&max=0.5");
    // the registry's groups, then "Your own…" (issue 20) with its one entry, the formula
    expect(await page.locator("#fn optgroup").evaluateAll((gs) => gs.map((g) => g.getAttribute("label")))).toEqual([...groups.map((g) => g.title.en), "Your own…"]);
    expect(await page.locator("#fn optgroup").first().locator("option").count()).toBe(7);
    expect(await page.locator("#fn optgroup").last().locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(["custom"]);
    expect(await page.locator("#fn option").count()).toBe(catalog.length - 1 + 1);
    expect(await page.inputValue("#param-min-value")).toBe("-2");
    expect((await curveOf(page, "#explore-figure")).length).toBe(2);
    await page.fill("#param-min-value", "1");
    await page.dispatchEvent("#param-min-value", "change");
    expect(await page.textContent(".param .field-error")).toContain("invalid min for hardtanh: 1 (must be less than max = 0.5)");
    await shot(page, "explore-hardtanh");
    expect(errors).toEqual([]);
    await page.close();

    // (curves that coincide somewhere, such as relu and gelu for x > 8.3, get extra band lines)
    const c = await open("#/compare?fns=sigmoid,gelu,softsign&which=f");
    expect((await curveOf(c.page, "#compare-figure")).length).toBe(3);
    expect(await c.page.locator("#legend li.group-heading").allTextContents()).toEqual([...groups.map((g) => g.title.en), "Your own…"]);
    expect(await c.page.locator("#legend input[type=checkbox]").count()).toBe(catalog.length - 1 + 1);
    expect(await c.page.locator("#legend input[type=checkbox]").last().getAttribute("value")).toBe("custom");
    await shot(c.page, "compare-grouped");
    expect(c.errors).toEqual([]);
    await c.page.close();

    const u = await open("#/explore?fn=swish");
    expect(await u.page.textContent("#notice")).toContain("unknown activation: swish (known: sigmoid, tanh");
    await u.page.close();
  });

  it("softmax: typed logits and temperature give the library's probabilities", async () => {
    const { page, errors } = await open("#/softmax?logits=1,2,3&t=2");
    const shown = await page.$$eval("#prob-bars rect.bar-prob", (rs) => rs.map((r) => Number(r.getAttribute("data-p"))));
    expect(shown).toEqual(Array.from(softmax(Float64Array.of(0.5, 1, 1.5))));
    await page.fill("#logit-0", "4");
    await page.press("#logit-0", "Enter");
    const after = await page.$$eval("#prob-bars rect.bar-prob", (rs) => rs.map((r) => Number(r.getAttribute("data-p"))));
    expect(after).toEqual(Array.from(softmax(Float64Array.of(2, 1, 1.5))));
    const logs = (await page.textContent("#log-probs")) ?? "";
    const shownLogs = logs.split(":")[1].split(",").map((v) => Number(v.trim().replace("−", "-")));
    Array.from(logSoftmax(Float64Array.of(2, 1, 1.5))).forEach((v, i) => expect(shownLogs[i]).toBeCloseTo(v, 3));
    // Each Jacobian row sums to 0 (the probabilities always sum to 1).
    const rows = await page.$$eval("#jacobian tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => Number(td.getAttribute("title")))));
    for (const row of rows) expect(Math.abs(row.reduce((s, v) => s + v, 0))).toBeLessThan(1e-15);
    // And each entry is ∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ)/T, worked out here from z = x/T = (2, 1, 1.5).
    const e = [Math.exp(2), Math.exp(1), Math.exp(1.5)];
    const p = e.map((v) => v / (e[0] + e[1] + e[2]));
    expect(rows.length).toBe(3);
    rows.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo((p[i] * ((i === j ? 1 : 0) - p[j])) / 2, 12)));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("softmax: dragging a bar and the arrow keys change a logit", async () => {
    const { page, errors } = await open("#/softmax");
    const bar = page.locator('#logit-bars g[data-index="3"] rect.bar-logit');
    const box = (await page.locator("#logit-bars").boundingBox())!;
    const b = (await bar.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, box.y + box.height * 0.15, { steps: 5 });
    await page.mouse.up();
    const dragged = Number(await page.inputValue("#logit-3"));
    expect(dragged).toBeGreaterThan(2);
    await page.focus('#logit-bars g[data-index="0"]');
    await page.keyboard.press("ArrowDown");
    expect(Number(await page.inputValue("#logit-0"))).toBeCloseTo(defaultState().softmax.logits[0] - 0.1, 10);
    expect(page.url()).toContain("logits=");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("regression: the animation reaches w ≈ 3, b ≈ 10.5, exactly as the library's run does", async () => {
    const { page, errors } = await open("#/regression?speed=600");
    await page.click("#reg-play");
    await finished(page);
    const d = await page.$eval("#reg-wb", (e) => ({ ...(e as HTMLElement).dataset }));
    expect(await page.getAttribute("#reg-status", "data-status")).toBe("converged");
    const w = Number(d.w);
    const b = Number(d.b);
    expect(Math.abs(w - 3)).toBeLessThan(0.1);
    expect(Math.abs(b - 10.5)).toBeLessThan(0.1);
    // Same data, same options, same code: the page's numbers are the library's, bit for bit.
    const s = defaultState().regression;
    const run = createLinearRun(articleData({ noise: s.noise, seed: s.seed }), { lr: s.lr, mode: s.mode, batch: s.batch, seed: s.seed, epochs: s.epochs });
    while (!run.done) run.step();
    expect(w).toBe(run.w);
    expect(b).toBe(run.b);
    expect(Number(d.epoch)).toBe(run.epoch);
    expect(Number(d.closedW)).toBe(run.closed.w);
    const log = (await page.textContent("#reg-log")) ?? "";
    expect(log.trim().split("\n").at(-1)).toBe(`w: ${run.w} \tb: ${run.b}`);
    await shot(page, "regression-converged");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("regression: a learning rate that is too large is shown as divergence and the run stops", async () => {
    const { page, errors } = await open("#/regression?lr=1.2&speed=30");
    await page.click("#reg-play");
    await finished(page);
    expect(await page.getAttribute("#reg-status", "data-status")).toBe("diverged");
    expect(await page.getAttribute("#reg-status", "class")).toContain("diverged");
    expect(await page.textContent("#reg-status")).toContain("Diverged");
    const epoch = await page.getAttribute("#reg-wb", "data-epoch");
    await page.waitForTimeout(400);
    expect(await page.getAttribute("#reg-wb", "data-epoch")).toBe(epoch);
    expect(await page.textContent("#reg-play")).toBe("Play");
    await shot(page, "regression-diverged");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("regression: step advances one epoch and reset returns to epoch 0", async () => {
    const { page, errors } = await open("#/regression?mode=minibatch&batch=5");
    await page.click("#reg-step");
    await page.click("#reg-step");
    expect(await page.getAttribute("#reg-wb", "data-epoch")).toBe("2");
    await page.click("#reg-reset");
    expect(await page.getAttribute("#reg-wb", "data-epoch")).toBe("0");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the keyboard alone reaches a view, a table row and the function it opens", async () => {
    const { page, errors } = await open("#/explore");
    const tabTo = async (match: () => boolean, limit = 40): Promise<void> => {
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(match)) return;
      }
      throw new Error("not reached by Tab");
    };
    await tabTo(() => (document.activeElement as HTMLElement | null)?.dataset?.view === "table");
    await page.keyboard.press("Enter");
    await ready(page, "table");
    await tabTo(() => document.activeElement?.closest("tr")?.getAttribute("data-id") === "selu");
    await page.keyboard.press("Enter");
    await ready(page, "explore");
    expect(await page.inputValue("#fn")).toBe("selu");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("every view fits a narrow screen without sideways scrolling", async () => {
    for (const view of views) {
      const { page, errors } = await open(`#/${view}`, { width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, view).toBeLessThanOrEqual(0);
      await shot(page, `${view}-narrow`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
