// The Network view in chromium: controls by their accessible names, the worker's results in the
// page, the URL, files in and out. Screenshots land in test-artifacts/lab/.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fmt } from "../../lab/src/dom.js";
import { createNetworkRun } from "../../packages/actlab/src/train/network.js";
import { makePlaneData, splitPlane } from "../../packages/actlab/src/train/plane-data.js";
import { artifacts, buildLab, launch, openPage, ready, shot, startServer } from "./harness.js";

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  await buildLab();
  ({ server, url: base } = await startServer());
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(null)));
});

async function open(hash: string, opts: { width?: number; dark?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(browser, opts);
  await page.goto(`${base}${hash}`);
  await ready(page, "network");
  await epochIs(page, 0);
  return { page, errors };
}

const epochIs = (page: Page, n: number): Promise<unknown> => page.waitForFunction((e) => document.querySelector("#net-epoch")?.textContent === String(e), n);
const text = async (page: Page, label: string): Promise<string> => (await page.getByLabel(label, { exact: true }).textContent()) ?? "";

async function step(page: Page, times: number, name = "Step"): Promise<void> {
  const before = Number(await page.textContent("#net-epoch"));
  for (let i = 0; i < times; i++) {
    await page.getByRole("button", { name, exact: true }).click();
    await epochIs(page, before + i + 1);
  }
}

describe("network view in chromium", () => {
  it("Play, Pause, Step and Reset drive the worker; Reset returns to the same initial weights", async () => {
    const { page, errors } = await open("#/network");
    expect(await text(page, "Epoch")).toBe("0");
    const initial = await text(page, "Training loss");
    expect(Number(initial)).toBeGreaterThan(0.3);
    await step(page, 2);
    const after2 = await text(page, "Training loss");
    expect(after2).not.toBe(initial);
    await page.getByRole("button", { name: "Reset", exact: true }).click();
    await epochIs(page, 0);
    expect(await text(page, "Training loss")).toBe(initial);
    await step(page, 2);
    expect(await text(page, "Training loss")).toBe(after2);
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector("#net-epoch")?.textContent) > 30);
    expect(await page.getAttribute("#net-status", "data-status")).toBe("running");
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await page.waitForFunction(() => document.querySelector("#net-status")?.getAttribute("data-status") === "paused");
    const paused = await text(page, "Epoch");
    await page.waitForTimeout(300);
    expect(await text(page, "Epoch")).toBe(paused);
    expect(Number(await text(page, "Test accuracy").then((s) => s.replace(" %", "")))).toBeGreaterThan(80);
    // Pointing at a unit shows its output in the big plot; leaving it shows the network's output again.
    const big = async () => page.$eval("#net-output", (c) => (c as HTMLCanvasElement).toDataURL());
    const output = await big();
    await page.hover('.net-unit[data-layer="1"][data-unit="2"]');
    await page.waitForFunction(() => document.querySelector(".net-plot-caption")?.textContent === "Layer 1, unit 2");
    expect(await big()).not.toBe(output);
    await page.mouse.move(0, 0);
    await page.waitForFunction(() => document.querySelector(".net-plot-caption")?.textContent === "");
    expect(await big()).toBe(output);
    // "New seed" is a separate button: other initial weights, written to the URL.
    await page.getByRole("button", { name: "New seed", exact: true }).click();
    await epochIs(page, 0);
    expect(await text(page, "Training loss")).not.toBe(initial);
    expect(page.url()).toContain("seed=2");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the URL round trip: a link sets every control, and changing controls writes the URL", async () => {
    const hash = "#/network?dataset=spiral3&noise=10&train=70&features=x1,x2,sinx1&layers=5,3&activation=relu,prelu&init=lecun&optimizer=adam&lr=0.01&batch=20&reg=l2&regRate=0.001&seed=7";
    const { page, errors } = await open(hash);
    expect(await page.inputValue("#net-dataset")).toBe("spiral3");
    expect(await page.inputValue("#net-noise")).toBe("10");
    expect(await page.inputValue("#net-train")).toBe("70");
    expect(await page.inputValue("#net-batch")).toBe("20");
    expect(await page.isChecked("#net-f-sinx1")).toBe(true);
    expect(await page.isChecked("#net-f-x1sq")).toBe(false);
    expect(await page.locator('.net-unit[data-layer="1"]').count()).toBe(5);
    expect(await page.locator('.net-unit[data-layer="2"]').count()).toBe(3);
    expect(await page.inputValue("#net-act-1")).toBe("relu");
    expect(await page.inputValue("#net-act-2")).toBe("prelu");
    expect(await page.inputValue("#net-init")).toBe("lecun");
    expect(await page.inputValue("#net-optimizer")).toBe("adam");
    expect(await page.inputValue("#net-lr")).toBe("0.01");
    expect(await page.inputValue("#net-reg")).toBe("l2");
    expect(await page.inputValue("#net-regRate")).toBe("0.001");
    const params = (u: string) => [...new URLSearchParams(u.split("?")[1]).entries()].sort();
    expect(params(page.url())).toEqual(params(hash));
    // Three output units for three classes; PReLU units show their α.
    expect(await page.locator(".net-out-unit").count()).toBe(3);
    expect(await page.locator('.net-unit[data-layer="2"] .net-alpha').first().textContent()).toBe("α=0.25");
    await page.selectOption("#net-act-1", "elu");
    await page.getByRole("button", { name: "Add a unit to layer 2" }).click();
    await page.getByRole("button", { name: "Add a layer" }).click();
    await page.uncheck("#net-f-sinx1");
    await page.waitForFunction(() => location.hash.includes("layers=5,4,4"));
    expect(page.url()).toContain("activation=elu,prelu,prelu");
    expect(page.url()).not.toContain("features="); // back to the default x1,x2
    // Reloading the written URL gives the same controls.
    await page.reload();
    await ready(page, "network");
    expect(await page.locator('.net-unit[data-layer="3"]').count()).toBe(4);
    expect(await page.inputValue("#net-act-3")).toBe("prelu");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("invalid URL values get the lab's notice and their defaults", async () => {
    const { page, errors } = await open("#/network?layers=9,x&lr=abc&dataset=ring&activation=swish");
    const notice = page.locator("#notice");
    await expect(notice.isVisible()).resolves.toBe(true);
    expect(await notice.locator("li").count()).toBe(4);
    expect(await notice.textContent()).toContain('invalid layers: "9,x"');
    expect(await page.locator('.net-unit[data-layer="1"]').count()).toBe(4);
    expect(await page.locator('.net-unit[data-layer="2"]').count()).toBe(2);
    expect(await page.inputValue("#net-dataset")).toBe("circle");
    expect(await page.inputValue("#net-lr")).toBe("0.03");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a shared link gives the same losses step for step, in two pages and in Node", async () => {
    const hash = "#/network?dataset=moons&noise=20&layers=6,4&activation=tanh,relu&optimizer=momentum&lr=0.01&batch=7&seed=42&dataSeed=5";
    const read = async (): Promise<string[]> => {
      const { page, errors } = await open(hash);
      const out: string[] = [];
      for (let i = 0; i < 5; i++) {
        await step(page, 1);
        out.push(`${await text(page, "Training loss")} ${await text(page, "Test loss")}`);
      }
      expect(errors).toEqual([]);
      await page.close();
      return out;
    };
    const a = await read();
    const b = await read();
    expect(b).toEqual(a);
    const split = splitPlane(makePlaneData("moons", { noise: 20, seed: 5 }), 50, 5);
    const run = createNetworkRun(split, { features: ["x1", "x2"], layers: [6, 4], activations: ["tanh", "relu"], init: "auto", optimizer: "momentum", lr: 0.01, batch: 7, reg: "none", regRate: 0, seed: 42 });
    const node = Array.from({ length: 5 }, () => {
      const r = run.step()!;
      return `${fmt(r.trainLoss, 5)} ${fmt(r.testLoss, 5)}`;
    });
    expect(a).toEqual(node);
  });

  it("own data: a bad CSV names its line, a good one replaces the data set", async () => {
    const { page, errors } = await open("#/network");
    await page.setInputFiles("#net-csv", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("x1,x2,label\n1,2,0\n3,abc,1\n") });
    await page.waitForFunction(() => (document.querySelector("#net-file-error")?.textContent ?? "") !== "");
    expect(await page.textContent("#net-file-error")).toBe("bad.csv: line 3: column x2 is not a finite number: 'abc'");
    await page.setInputFiles("#net-csv", { name: "one-class.csv", mimeType: "text/csv", buffer: Buffer.from("1,2,0\n3,4,0\n5,6,0\n1,1,0\n") });
    await page.waitForFunction(() => document.querySelector("#net-file-error")?.textContent?.startsWith("one-class.csv"));
    expect(await page.textContent("#net-file-error")).toContain("at least two classes");
    const rows = ["x1,x2,label", ...Array.from({ length: 40 }, (_, i) => `${(i % 10) - 5},${Math.floor(i / 10) - 2},${i % 10 < 5 ? 0 : 1}`)].join("\n");
    await page.setInputFiles("#net-csv", { name: "mine.csv", mimeType: "text/csv", buffer: Buffer.from(rows) });
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>("#net-dataset")?.value === "custom");
    expect(await page.textContent("#net-file-error")).toBe("");
    expect(await page.textContent("#net-file-note")).toContain("40 points in 2 classes from mine.csv");
    await epochIs(page, 0);
    await step(page, 30);
    expect(Number((await text(page, "Test accuracy")).replace(" %", ""))).toBeGreaterThan(75);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("export and import: the model JSON and the loss history CSV, and a new page continues from the file", async () => {
    const { page, errors } = await open("#/network?layers=3,3&activation=prelu,elu&seed=3");
    await step(page, 3);
    const loss = await text(page, "Training loss");
    const [model] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export model (JSON)" }).click()]);
    expect(model.suggestedFilename()).toBe("actlab-network-epoch3.json");
    const modelPath = `${artifacts}network-model.json`;
    await model.saveAs(modelPath);
    const json = JSON.parse(readFileSync(modelPath, "utf8"));
    expect(json.format).toBe("actlab-network");
    expect(json.epoch).toBe(3);
    expect(json.config.activations).toEqual(["prelu", "elu"]);
    expect(json.weights.map((w: number[]) => w.length)).toEqual([6, 3, 3, 9, 3, 6, 2]);
    const [hist] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export loss history (CSV)" }).click()]);
    const csv = readFileSync(await hist.path(), "utf8").trim().split("\n");
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^epoch,train_loss,test_loss,/);
    expect(fmt(Number(csv[3].split(",")[1]), 5)).toBe(loss);
    await page.close();

    const other = await open("#/network");
    await other.page.setInputFiles("#net-import", modelPath);
    await epochIs(other.page, 3);
    expect(await text(other.page, "Training loss")).toBe(loss);
    expect(other.page.url()).toContain("activation=prelu,elu");
    expect(other.page.url()).toContain("seed=3");
    await other.page.setInputFiles("#net-import", { name: "x.json", mimeType: "application/json", buffer: Buffer.from('{"format":"other"}') });
    await other.page.waitForFunction(() => (document.querySelector("#net-file-error")?.textContent ?? "") !== "");
    expect(await other.page.textContent("#net-file-error")).toBe('x.json: not an actlab network model (expected "format": "actlab-network")');
    expect([...errors, ...other.errors]).toEqual([]);
    await other.page.close();
  });

  it("the test points are the rings: hiding them changes the plot only around the test points of the split", async () => {
    const { page, errors } = await open("#/network?train=30");
    // The plot's pixels before, kept in the page; after unticking, the pixels that changed.
    const shown = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>("#net-output")!;
      (window as unknown as { before: Uint8ClampedArray }).before = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      return { w: c.width, css: c.getBoundingClientRect().width };
    });
    await page.getByLabel("Show test points").uncheck();
    const diff = await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>("#net-output")!;
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      const before = (window as unknown as { before: Uint8ClampedArray }).before;
      const out: [number, number][] = [];
      for (let k = 0; k < d.length; k += 4) {
        if (d[k] !== before[k] || d[k + 1] !== before[k + 1] || d[k + 2] !== before[k + 2]) out.push([((k / 4) % c.width) + 0.5, Math.floor(k / 4 / c.width) + 0.5]);
      }
      return out.length > 0 ? out : null;
    });
    const changed = (await diff.jsonValue()) as [number, number][];
    // The points the worker trains and tests on, as Node splits them (30 % training).
    const split = splitPlane(makePlaneData("circle", { noise: 0, seed: 1 }), 30, 1);
    const scale = shown.w / 12; // canvas pixels per unit of the plane [−6, 6]
    const at = (x: Float64Array, i: number): [number, number] => [(x[2 * i] + 6) * scale, shown.w - (x[2 * i + 1] + 6) * scale];
    const tests = Array.from({ length: split.test.labels.length }, (_, i) => at(split.test.x, i));
    const near = (p: [number, number], px: number, py: number): boolean => Math.hypot(p[0] - px, p[1] - py) <= 5 * (shown.w / shown.css);
    // Every changed pixel lies on a test point's ring, and every test point's ring went away.
    expect(changed.filter(([px, py]) => !tests.some((p) => near(p, px, py)))).toEqual([]);
    expect(tests.filter((p) => !changed.some(([px, py]) => near(p, px, py)))).toEqual([]);
    // This test's own repeated getImageData makes Chromium suggest willReadFrequently.
    expect(errors.filter((e) => !e.includes("willReadFrequently"))).toEqual([]);
    await page.close();
  });

  it("dead units: a ReLU network with learning rate 3 loses its second layer, hatched and counted", async () => {
    const { page, errors } = await open("#/network?layers=8,8&activation=relu&lr=3");
    expect(await page.getAttribute("#net-dead", "data-dead")).toBe("0");
    await step(page, 5);
    expect(Number(await page.getAttribute("#net-dead", "data-dead"))).toBeGreaterThanOrEqual(8);
    expect(await page.getAttribute('#net-health tr[data-layer="2"]', "data-dead")).toBe("8");
    expect(await page.locator('.net-unit.dead[data-layer="2"]').count()).toBe(8);
    expect(await text(page, "Dead units")).toMatch(/^\d+ \/ 16$/);
    await shot(page, "network-dead");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("vanishing gradients: six sigmoid layers, the first layer's gradient norm is 1000× below the output's", async () => {
    const { page, errors } = await open("#/network?layers=8,8,8,8,8,8&activation=sigmoid&init=xavier");
    await step(page, 2);
    const norm = async (layer: string) => Number(await page.getAttribute(`#net-grad-legend li[data-layer="${layer}"]`, "data-norm"));
    expect(await page.locator("#net-grad-legend li").count()).toBe(7);
    expect(await norm("1")).toBeLessThan((await norm("output")) / 1000);
    expect(await norm("1")).toBeLessThan(await norm("6"));
    await shot(page, "network-vanishing");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lang=zh labels the buttons and outputs in Chinese", async () => {
    const { page, errors } = await open("#/network?lang=zh");
    for (const name of ["播放", "单步", "重置"]) expect(await page.getByRole("button", { name, exact: true }).count()).toBe(1);
    for (const label of ["轮数", "训练损失", "测试损失", "测试准确率", "死亡单元"]) expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
    await page.getByRole("button", { name: "播放", exact: true }).click();
    await page.getByRole("button", { name: "暂停", exact: true }).click();
    expect(await page.locator("#tabs a[data-view=network]").textContent()).toBe("网络");
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const lang of ["en", "zh"] as const) {
    for (const dark of [false, true]) {
      for (const width of [1280, 390]) {
        it(`renders without errors (${lang}, ${dark ? "dark" : "light"}, ${width} px)`, async () => {
          const { page, errors } = await open(`#/network?lang=${lang}&theme=${dark ? "dark" : "light"}&dataset=spiral&features=x1,x2,sinx1,sinx2&layers=8,6&activation=tanh,prelu&optimizer=adam&lr=0.01`, { width, dark });
          await step(page, 20, lang === "en" ? "Step" : "单步");
          // Nothing but the diagram's own scroller may be wider than the phone.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          await shot(page, `network-${lang}-${dark ? "dark" : "light"}-${width}`);
          expect(errors).toEqual([]);
          await page.close();
        });
      }
    }
  }
});
