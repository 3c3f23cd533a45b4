/**
 * actlab/tfjs in a real browser (Debian's Chromium): a Vite build of test/tfjs/page runs the
 * adapter on TF.js's cpu, wasm and WebGL backends and the test compares with the library.
 */
import { copyFileSync, readdirSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, root } from "../lab/harness.js";
// @ts-expect-error: plain ESM script without type declarations
import { serveDir } from "../../scripts/lab-server.mjs";

type Row = { y: number[]; dx: number[]; yRef: number[]; dxRef: number[] };
type Result = { backend: string; available: boolean; error?: string; rows?: Record<string, Row> };

const out = join(root, "test-artifacts/tfjs-page");
let server: Server;
let browser: Browser;
let results: Result[] = [];

beforeAll(async () => {
  await build({ root: join(root, "test/tfjs/page"), base: "./", logLevel: "error", build: { outDir: out, emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 5000 } });
  const wasmDir = join(dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith(".wasm"))) copyFileSync(join(wasmDir, f), join(out, f));
  const s = (await serveDir(out, { port: 0 })) as { server: Server; url: string };
  server = s.server;
  // Software WebGL (SwiftShader) instead of --disable-gpu, so the WebGL backend can be tried.
  const args = CHROMIUM_ARGS.filter((a) => a !== "--disable-gpu").concat(["--use-angle=swiftshader", "--enable-unsafe-swiftshader"]);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args, headless: true });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${s.url}index.html`);
  await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined || document.title === "error", undefined, { timeout: 120_000 });
  expect(errors).toEqual([]);
  results = await page.evaluate(() => (window as unknown as { __result: Result[] }).__result);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe("actlab/tfjs in Chromium", () => {
  for (const backend of ["cpu", "wasm"]) {
    it(`on the ${backend} backend, values and gradients equal the library's bit for bit`, () => {
      const r = results.find((x) => x.backend === backend)!;
      expect(r.available, r.error).toBe(true);
      for (const [id, row] of Object.entries(r.rows!)) {
        expect(row.y, id).toEqual(row.yRef);
        expect(row.dx, id).toEqual(row.dxRef);
      }
    });
  }

  it("on WebGL (SwiftShader here) the values round-trip exactly and gradients agree to float32 rounding", () => {
    const r = results.find((x) => x.backend === "webgl")!;
    expect(r.available, r.error).toBe(true);
    for (const [id, row] of Object.entries(r.rows!)) {
      // f(x) is computed by actlab in JS and uploaded: it comes back unchanged.
      expect(row.y, id).toEqual(row.yRef);
      // dy·f′(x) is a WebGL multiply: allow its float32 rounding (one ulp relative).
      row.dx.forEach((v, i) => expect(Math.abs(v - row.dxRef[i]), `${id}[${i}]`).toBeLessThanOrEqual(Math.abs(row.dxRef[i]) * 2 ** -22));
    }
  });
});
