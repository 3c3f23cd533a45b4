// Issue 21 in chromium: what the Network view gained beside TF Playground (regression, linear,
// weights, discretize) and the rough edges it lost (divergence, model import, large CSVs, URL
// notices, the loss chart's log scale, the phone layout).
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createNetworkRun, exportModel, type NetworkConfig } from "../../packages/actlab/src/train/network.js";
import { makePlaneData, splitPlane } from "../../packages/actlab/src/train/plane-data.js";
import { fmt } from "../../lab/src/dom.js";
import { configOf, splitOf } from "../../lab/src/views/network/model-file.js";
import { defaultNetwork, parseNetwork } from "../../lab/src/views/network/state.js";
import { openPage, ready, shot, useLab } from "./harness.js";

const lab = useLab("parity");

async function open(hash: string, opts: { width?: number; height?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(lab.browser, opts);
  await page.goto(`${lab.base}${hash}`);
  await ready(page, "network");
  await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent !== "–");
  return { page, errors };
}

const config = (): NetworkConfig => ({ features: ["x1", "x2"], layers: [4, 2], activations: ["tanh", "tanh"], init: "auto", optimizer: "sgd", lr: 0.03, batch: 10, reg: "none", regRate: 0, seed: 1 });
const status = (page: Page): Promise<string | null> => page.getAttribute("#net-status", "data-status");
const waitDiverged = (page: Page): Promise<unknown> => page.waitForFunction(() => document.querySelector("#net-status")?.getAttribute("data-status") === "diverged");

/** The big plot and the diagram's canvas can still be read (a crash in a draw leaves them stale but also logs a pageerror). */
async function drawable(page: Page): Promise<void> {
  for (const sel of ["#net-output", ".net-links", "#net-loss"]) expect(await page.$eval(sel, (c) => (c as HTMLCanvasElement).toDataURL().length)).toBeGreaterThan(100);
}

describe("issue 21, item 5: divergence", () => {
  const wild = "#/network?lr=10&optimizer=momentum&activation=elu&layers=8,8,8,8,8,8&batch=1&features=x1,x2,x1sq,x2sq,x1x2";
  for (const lang of ["en", "zh"] as const) {
    it(`Play on a diverging run stops it with a notice, no error, the picture drawable (${lang})`, async () => {
      const { page, errors } = await open(`${wild}&lang=${lang}`);
      await page.getByRole("button", { name: lang === "en" ? "Play" : "播放", exact: true }).click();
      await waitDiverged(page);
      const text = (await page.textContent("#net-status")) ?? "";
      if (lang === "en") expect(text).toMatch(/^Stopped: diverged at epoch 1 — try a smaller learning rate/);
      else expect(text).toMatch(/^已停止：在第 1 轮发散——请试试更小的学习率/);
      expect(await page.textContent("#net-play")).toBe(lang === "en" ? "Play" : "播放");
      // Play again does nothing: the run stays stopped.
      await page.click("#net-play");
      await page.waitForTimeout(200);
      expect(await status(page)).toBe("diverged");
      await drawable(page);
      await shot(page, `network-diverged-${lang}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("a CSV with ±1e308 coordinates is drawn, and Play stops it as diverged instead of crashing", async () => {
    const { page, errors } = await open("#/network");
    const rows = ["x1,x2,label", "1e308,1,0", "-1e308,2,1", "3,-1e308,0", "4,1e308,1", "0,0,0", "1,1,1"].join("\n");
    await page.setInputFiles("#net-csv", { name: "huge.csv", mimeType: "text/csv", buffer: Buffer.from(rows) });
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>("#net-dataset")?.value === "custom");
    await page.click("#net-play");
    await waitDiverged(page);
    expect(await page.textContent("#net-status")).toMatch(/diverged at epoch [01] — try a smaller learning rate/);
    await page.click("#net-step");
    await page.waitForTimeout(200);
    expect(await status(page)).toBe("diverged");
    await drawable(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a model with a weight of 1e39 (beyond float32) is stopped at its epoch with the notice", async () => {
    const { page, errors } = await open("#/network");
    const run = createNetworkRun(splitPlane(makePlaneData("circle"), 50), { ...config(), layers: [4, 2], activations: ["tanh", "tanh"] });
    for (let i = 0; i < 3; i++) run.step();
    const file = exportModel(run, 2);
    file.weights[0][0] = 1e39;
    await page.setInputFiles("#net-import", { name: "big.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
    await waitDiverged(page);
    expect(await page.textContent("#net-status")).toMatch(/diverged at epoch 3 — try a smaller learning rate/);
    expect(await page.textContent("#net-epoch")).toBe("3");
    await drawable(page);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("issue 21, item 6: model import", () => {
  async function exported(page: Page): Promise<Record<string, any>> {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#net-export-model")]);
    return JSON.parse(readFileSync((await dl.path())!, "utf8"));
  }

  for (const lang of ["en", "zh"] as const) {
    it(`a model from spiral, noise 10 restores that data on the default page (${lang})`, async () => {
      const a = await open(`#/network?dataset=spiral&noise=10&dataSeed=4&train=70&lang=${lang}`);
      await a.page.click("#net-step");
      await a.page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "1");
      await a.page.click("#net-step");
      await a.page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "2");
      const loss = await a.page.textContent("#net-train-loss");
      const model = await exported(a.page);
      expect(model.data).toEqual({ dataset: "spiral", noise: 10, train: 70, dataSeed: 4 });
      await a.page.close();
      const b = await open(`#/network?lang=${lang}`);
      await b.page.setInputFiles("#net-import", { name: "m.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(model)) });
      await b.page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "2");
      expect(await b.page.inputValue("#net-dataset")).toBe("spiral");
      expect(await b.page.inputValue("#net-noise")).toBe("10");
      expect(b.page.url()).toContain("dataset=spiral");
      expect(b.page.url()).toContain("noise=10");
      expect(b.page.url()).toContain("dataSeed=4");
      expect(await b.page.textContent("#net-train-loss")).toBe(loss);
      expect(await b.page.textContent("#net-file-note")).toContain(lang === "en" ? "The data it was trained on is restored: spiral, 2 arms, noise 10 %" : "已恢复它训练时的数据：螺旋（2 条臂），噪声 10%");
      expect([...a.errors, ...b.errors]).toEqual([]);
      await b.page.close();
    });
  }

  it("a bad field is named and the refused file leaves the page as it was (lr \"0.03\", epoch \"abc\", −5, missing)", async () => {
    const a = await open("#/network?layers=3&activation=relu");
    await a.page.click("#net-step");
    await a.page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "1");
    const model = await exported(a.page);
    await a.page.close();
    const { page, errors } = await open("#/network?seed=5");
    const url = page.url();
    const cases: [(m: Record<string, any>) => void, string][] = [
      [(m) => (m.config.lr = "0.03"), 'bad.json: invalid config.lr in the model file: "0.03" (must be a number)'],
      [(m) => (m.epoch = "abc"), 'bad.json: invalid epoch in the model file: "abc" (must be a whole number ≥ 0)'],
      [(m) => (m.epoch = -5), "bad.json: invalid epoch in the model file: -5 (must be a whole number ≥ 0)"],
      [(m) => delete m.epoch, "bad.json: invalid epoch in the model file: missing (must be a whole number ≥ 0)"],
      [(m) => (m.data.train = 95), 'bad.json: invalid data.train in the model file: "95" (must be an integer in [10, 90])'],
      [(m) => (m.data = { dataset: "custom", file: "pts.csv", train: 50, dataSeed: 1 }), "bad.json: the model was trained on your own data (pts.csv): load that CSV file first, then import the model"],
    ];
    for (const [patch, message] of cases) {
      const m = structuredClone(model);
      patch(m);
      await page.evaluate(() => (document.querySelector("#net-file-error")!.textContent = ""));
      await page.setInputFiles("#net-import", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(m)) });
      await page.waitForFunction(() => (document.querySelector("#net-file-error")?.textContent ?? "") !== "");
      expect(await page.textContent("#net-file-error")).toBe(message);
      expect(page.url()).toBe(url);
      expect(await page.locator('.net-unit[data-layer="1"]').count()).toBe(4);
    }
    // The page still works: Step, New seed, Reset.
    await page.click("#net-step");
    await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "1");
    await page.click("#net-new-seed");
    await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "0");
    await page.click("#net-reset");
    expect(await status(page)).toBe("ready");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("issue 21, item 10: the Experiments view's URL notices", () => {
  it("quote at most 40 characters of a 100 KB value or option name", async () => {
    const big = "7".repeat(100_000);
    const { page, errors } = await openPage(lab.browser);
    await page.goto(`${lab.base}#/experiments/saturation?width=${big}&${"z".repeat(5000)}=1`);
    await ready(page, "experiments");
    const notice = (await page.textContent("#notice")) ?? "";
    expect(notice).toContain(`${"7".repeat(37)}… (100000 characters)`);
    expect(notice).toContain(`${"z".repeat(37)}… (5000 characters)`);
    expect(notice.length).toBeLessThan(1000);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("issue 21, item 11: large CSVs", () => {
  // 10⁶ rows are read in Node (test/train/network-issue21.test.ts); here 2·10⁵, past the old
  // limit, since handing a file of tens of MB to the page takes long on a busy machine.
  it("a CSV of 2·10⁵ rows loads (it overflowed the call stack at ~1.3·10⁵)", async () => {
    const { page, errors } = await open("#/network");
    const rows: string[] = ["x1,x2,label"];
    for (let i = 0; i < 200_000; i++) rows.push(`${(i % 1000) / 100 - 5},${Math.floor(i / 1000) / 100 - 5},${(i % 1000) < 500 ? 0 : 1}`);
    await page.setInputFiles("#net-csv", { name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) }, { timeout: 120_000 });
    await page.waitForFunction(() => (document.querySelector("#net-file-note")?.textContent ?? "") !== "" || (document.querySelector("#net-file-error")?.textContent ?? "") !== "", null, { timeout: 120_000 });
    expect(await page.textContent("#net-file-error")).toBe("");
    expect(await page.textContent("#net-file-note")).toContain("Loaded 200000 points in 2 classes from big.csv");
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>("#net-dataset")?.value === "custom");
    await page.waitForFunction(() => document.querySelector("#net-train-loss")?.textContent !== "–", null, { timeout: 120_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});

describe("issue 21, items 1, 4, 7: regression, Discretize output, the loss chart's log scale", () => {
  for (const lang of ["en", "zh"] as const) {
    it(`dataset=reg-plane and reg-gauss train with squared error and keep their URL (${lang})`, async () => {
      for (const ds of ["reg-plane", "reg-gauss"]) {
        const hash = `#/network?dataset=${ds}&noise=5&activation=linear&lr=0.01&lang=${lang}`;
        const { page, errors } = await open(hash, { width: lang === "zh" ? 390 : 1280, height: 844 });
        expect(await page.inputValue("#net-dataset")).toBe(ds);
        expect(await page.locator(".net-out-unit").count()).toBe(1);
        expect(await page.textContent("#net-test-acc")).toBe("–");
        expect(await page.textContent(".net-right h3 + canvas#net-loss, .net-right section:nth-child(2) h3")).toBe(lang === "en" ? "Loss (mean squared error) per epoch: training solid, test dashed" : "每轮损失（均方误差）：实线为训练，虚线为测试");
        const before = Number(await page.textContent("#net-train-loss"));
        for (let i = 1; i <= 5; i++) {
          await page.click("#net-step");
          await page.waitForFunction((e) => document.querySelector("#net-epoch")?.textContent === String(e), i);
        }
        expect(Number(await page.textContent("#net-train-loss"))).toBeLessThan(before);
        // The page keeps every setting in its URL (lang=en, the default language, it leaves out).
        const params = (u: string) => [...new URLSearchParams(u.split("?")[1]).entries()].filter(([k, v]) => !(k === "lang" && v === "en")).sort();
        expect(params(page.url())).toEqual(params(hash));
        await shot(page, `network-${ds}-${lang}`);
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  }

  it("Discretize output draws hard regions (a different picture), unticked the soft one again", async () => {
    const { page, errors } = await open("#/network?features=x1sq,x2sq&optimizer=adam&lr=0.03");
    for (let i = 1; i <= 5; i++) {
      await page.click("#net-step");
      await page.waitForFunction((e) => document.querySelector("#net-epoch")?.textContent === String(e), i);
    }
    const big = () => page.$eval("#net-output", (c) => (c as HTMLCanvasElement).toDataURL());
    const soft = await big();
    await page.getByLabel("Discretize output").check();
    await page.waitForFunction((s) => (document.querySelector("#net-output") as HTMLCanvasElement).toDataURL() !== s, soft);
    await page.getByLabel("Discretize output").uncheck();
    await page.waitForFunction((s) => (document.querySelector("#net-output") as HTMLCanvasElement).toDataURL() === s, soft);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the loss chart switches to a log scale once the losses span 100×, and the toggle overrides it", async () => {
    const { page, errors } = await open("#/network?dataset=reg-plane&activation=linear&layers=2&optimizer=adam&lr=0.03");
    expect(await page.getAttribute("#net-loss", "data-scale")).toBe("linear");
    expect(await page.isChecked("#net-loss-log")).toBe(false);
    await page.click("#net-play");
    await page.waitForFunction(() => document.querySelector("#net-loss")?.getAttribute("data-scale") === "log", null, { timeout: 60_000 });
    await page.click("#net-play");
    expect(await page.isChecked("#net-loss-log")).toBe(true);
    await page.getByRole("checkbox", { name: "Log scale" }).uncheck();
    await page.waitForFunction(() => document.querySelector("#net-loss")?.getAttribute("data-scale") === "linear");
    await page.getByRole("checkbox", { name: "Log scale" }).check();
    await page.waitForFunction(() => document.querySelector("#net-loss")?.getAttribute("data-scale") === "log");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("issue 21, item 3: weights read on hover and typed in", () => {
  const names = {
    en: { w: "Weight from x1 to unit 1 of layer 1", set: "Weight from x1 to unit 1 of layer 1 is now 0.5; it applies from the next step.", bad: /^Weight from x1 to unit 1 of layer 1: “abc” is not a number/, into: "Weights into", unit2: "unit 2 of layer 1", w2: "Weight from x2 to unit 2 of layer 1" },
    zh: { w: "从 x1 到 第 1 层第 1 个单元 的权重", set: "从 x1 到 第 1 层第 1 个单元 的权重现为 0.5，从下一步起生效。", bad: /^从 x1 到 第 1 层第 1 个单元 的权重：“abc” 不是数字/, into: "输入权重所属单元", unit2: "第 1 层第 2 个单元", w2: "从 x2 到 第 1 层第 2 个单元 的权重" },
  };
  for (const lang of ["en", "zh"] as const) {
    it(`a typed weight is used by the next step and kept in the exported model; hover shows a link's weight (${lang})`, async () => {
      const q = "layers=3&seed=3&dataSeed=2";
      const { page, errors } = await open(`#/network?${q}&lang=${lang}`);
      const n = names[lang];
      const field = page.getByLabel(n.w, { exact: true });
      expect(await field.inputValue()).toMatch(/^[-−]?\d/);

      // Hover: the link under the pointer shows "from → to: weight", the weight the editor shows for it.
      const mid = await page.evaluate(() => {
        const a = document.querySelector("#net-f-x1")!.parentElement!.querySelector("canvas")!.getBoundingClientRect();
        const b = document.querySelector('.net-unit[data-layer="1"][data-unit="1"] .net-face')!.getBoundingClientRect();
        return { x: (a.right + b.left) / 2, y: (a.top + a.height / 2 + b.top + b.height / 2) / 2 };
      });
      await page.mouse.move(mid.x, mid.y);
      await page.waitForSelector("#net-link-tip:not([hidden])");
      const tip = (await page.textContent("#net-link-tip"))!;
      const [, from, to, value] = tip.match(/^(.+) → (.+): (\S+)$/)!;
      await page.selectOption("#net-weight-target", { label: to });
      const nameOf = lang === "en" ? `Weight from ${from} to ${to}` : `从 ${from} 到 ${to} 的权重`;
      expect(await page.getByLabel(nameOf, { exact: true }).inputValue()).toBe(value);
      // A click on the link opens its field.
      await page.mouse.click(mid.x, mid.y);
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(nameOf);

      // Keyboard: the unit chooser, then Tab into its weights; type a new value and press Enter.
      await page.focus("#net-weight-target");
      await page.selectOption("#net-weight-target", { label: lang === "en" ? "unit 1 of layer 1" : "第 1 层第 1 个单元" });
      await page.focus("#net-weight-target");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(n.w);
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type("abc");
      await page.keyboard.press("Enter");
      expect(await page.textContent("#net-weight-msg")).toMatch(n.bad);
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type("0.5");
      await page.keyboard.press("Enter");
      expect(await page.textContent("#net-weight-msg")).toBe(n.set);
      expect(await field.getAttribute("aria-invalid")).toBeNull();

      // Kept in the exported model (before any step), and the next step trains from it, as in Node.
      const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#net-export-model")]);
      const file = JSON.parse(readFileSync((await dl.path())!, "utf8"));
      expect(file.weights[0][0]).toBe(0.5);
      expect(file.epoch).toBe(0);
      await page.click("#net-step");
      await page.waitForFunction(() => document.querySelector("#net-epoch")?.textContent === "1");
      const state = parseNetwork(new URLSearchParams(q), defaultNetwork(), []);
      const node = (edit: boolean): string => {
        const run = createNetworkRun(splitOf({ dataset: state.dataset, noise: state.noise, train: state.train, dataSeed: state.dataSeed, custom: null }), configOf(state));
        if (edit) run.dense[0].weight.value[0] = 0.5;
        return fmt(run.step()!.trainLoss, 5);
      };
      expect(node(true)).not.toBe(node(false));
      expect(await page.textContent("#net-train-loss")).toBe(node(true));
      // Another unit's weights by keyboard: pick it and its fields follow.
      await page.selectOption("#net-weight-target", { label: n.unit2 });
      await expect(page.getByLabel(n.w2, { exact: true }).count()).resolves.toBe(1);
      await shot(page, `network-weights-${lang}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
