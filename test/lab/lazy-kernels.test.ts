// The lab's kernels load lazily (lab/src/kernels.ts): the first view ships no WebAssembly and no
// formula parser and stays within its JavaScript budget (issue 25), the page fetches them when idle, the Network view's worker loads what it needs and computes on the
// wasm kernels step for step as the library does in Node, and Compare needs none.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { fmt } from "../../lab/src/dom.js";
import { createNetworkRun } from "../../packages/actlab/src/train/network.js";
import { makePlaneData, splitPlane } from "../../packages/actlab/src/train/plane-data.js";
import { openPage, ready, useLab } from "./harness.js";
// @ts-expect-error: plain ESM script without type declarations
import { FIRST_VIEW_JS_KB, watchFirstView } from "../../scripts/first-view.mjs";

const lab = useLab("lazy");

/** A page that lists every request it (and its workers) makes, by file name. */
async function open(hash: string, view: string): Promise<{ page: Page; errors: string[]; requested: string[] }> {
  const { page, errors } = await openPage(lab.browser);
  const requested: string[] = [];
  page.on("request", (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(`${lab.base}${hash}`);
  await ready(page, view);
  return { page, errors, requested };
}

const kernelChunk = (part: "module" | "more") => new RegExp(`/wasm-${part}-[^/]*\\.js$`);

describe("lab kernels loaded when needed", () => {
  it("the first view requests no kernels before the idle prefetch, which then fetches both modules", async () => {
    const { page, errors } = await open("#/explore", "explore");
    const before = (): Promise<string[]> =>
      page.evaluate(() => {
        const mark = performance.getEntriesByName("actlab-prefetch")[0]?.startTime ?? Infinity;
        return performance.getEntriesByType("resource").filter((e) => e.startTime < mark).map((e) => new URL(e.name).pathname);
      });
    await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => /\/wasm-more-[^/]*\.js$/.test(e.name)), null, { timeout: 60_000 });
    const first = await before();
    expect(first.some((p) => p.endsWith(".js"))).toBe(true);
    expect(first.filter((p) => kernelChunk("module").test(p) || kernelChunk("more").test(p))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it(`the first view's JavaScript is at most ${FIRST_VIEW_JS_KB} KB gzip (scripts/lab-budget.mjs's count), the formula parser not part of it`, async () => {
    const { page, errors } = await openPage(lab.browser);
    const firstView = watchFirstView(page, new URL(lab.base).origin, lab.dist);
    await page.goto(lab.base);
    await ready(page, "explore");
    const { rows, js } = (await firstView()) as { rows: { path: string }[]; js: number };
    expect(rows.some((r) => r.path.endsWith(".js"))).toBe(true);
    expect(rows.filter((r) => /\/formula-[^/]*\.js$/.test(r.path))).toEqual([]);
    expect(js).toBeLessThanOrEqual(FIRST_VIEW_JS_KB * 1024);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Explore's 'Your own…', picked in the list, draws the default formula (the parser loads when needed)", async () => {
    const { page, errors } = await open("#/explore?fn=relu", "explore");
    await page.selectOption("#fn", "custom");
    await page.waitForFunction(() => location.hash.includes("fn=custom") && document.querySelector("#formula-f .tex-ready") !== null, null, { timeout: 60_000 });
    expect(await page.inputValue("#expr")).toBe("x*sigmoid(beta*x); beta = 1");
    expect(await page.locator("#explore-figure svg").count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a link naming the formula opens with it (the parser loads before the link is read)", async () => {
    const { page, errors } = await open(`#/explore?fn=custom&expr=${encodeURIComponent("x*tanh(k*x); k = 2")}&k=3`, "explore");
    expect(await page.inputValue("#expr")).toBe("x*tanh(k*x); k = 2");
    expect(await page.inputValue("#param-k-value")).toBe("3");
    expect(await page.textContent("#notice")).toBe("");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the Network view's worker loads every kernel and trains step for step as the library does in Node", async () => {
    const hash = "#/network?dataset=moons&noise=20&layers=6,4&activation=gelu,relu&optimizer=adam&lr=0.01&batch=7&seed=42&dataSeed=5";
    const { page, errors, requested } = await open(hash, "network");
    const epochIs = (n: number): Promise<unknown> => page.waitForFunction((e) => document.querySelector("#net-epoch")?.textContent === String(e), n, { timeout: 60_000 });
    await epochIs(0);
    const losses: string[] = [];
    for (let i = 1; i <= 4; i++) {
      await page.getByRole("button", { name: "Step", exact: true }).click();
      await epochIs(i);
      losses.push(`${await page.getByLabel("Training loss", { exact: true }).textContent()} ${await page.getByLabel("Test loss", { exact: true }).textContent()}`);
    }
    // The worker fetched the second module itself (its own copy of lab/src/kernels.ts, its own
    // resource timeline): the page's fetch does not reach the worker's module graph.
    expect(requested.filter((p) => kernelChunk("more").test(p)).length).toBeGreaterThanOrEqual(1);
    const workers = page.workers();
    expect(workers.length).toBeGreaterThanOrEqual(1);
    const fetched = (await Promise.all(workers.map((w) => w.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname))))).flat();
    expect(fetched.filter((p) => kernelChunk("more").test(p))).toHaveLength(1);
    const split = splitPlane(makePlaneData("moons", { noise: 20, seed: 5 }), 50, 5);
    const run = createNetworkRun(split, { features: ["x1", "x2"], layers: [6, 4], activations: ["gelu", "relu"], init: "auto", optimizer: "adam", lr: 0.01, batch: 7, reg: "none", regRate: 0, seed: 42 });
    const node = Array.from({ length: 4 }, () => {
      const r = run.step()!;
      return `${fmt(r.trainLoss, 5)} ${fmt(r.testLoss, 5)}`;
    });
    expect(losses).toEqual(node);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Compare, opened first, draws functions beyond the article's (scalar f: it waits for no kernel)", async () => {
    const { page, errors } = await open("#/compare?fns=gelu,mish,relu&which=f", "compare");
    const curves = await page.$$eval(`#compare-figure svg g[data-mark="line"] path`, (ps) => ps.map((p) => p.getAttribute("d") ?? ""));
    // (one path per function, more where a line is cut)
    expect(curves.length).toBeGreaterThanOrEqual(3);
    for (const d of curves) expect(d).toMatch(/^M[-\d.]+,[-\d.]+L/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
