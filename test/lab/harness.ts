// Shared by the browser tests: build the lab once, serve it on 127.0.0.1, drive Debian's chromium.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { serveDir } from "../../scripts/lab-server.mjs";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const artifacts = fileURLToPath(new URL("../../test-artifacts/lab/", import.meta.url));

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Builds the lab into lab-dist/, or into `outDir` (test files that run in parallel each use their own). */
export async function buildLab(outDir?: string): Promise<void> {
  await build({ configFile: `${root}lab/vite.config.ts`, logLevel: "error", ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}) });
}

export async function startServer(dir = `${root}lab-dist`): Promise<{ server: Server; url: string }> {
  return serveDir(dir, { port: 0 }) as Promise<{ server: Server; url: string }>;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
}

/** What useLab gives a test file: its Chromium, the lab's address and the folder it was built into. */
export interface Lab {
  readonly browser: Browser;
  readonly base: string;
  readonly dist: string;
}

/**
 * The lab of one test file: built into a temporary folder of its own (test files run in parallel,
 * and a shared folder was once emptied under another file's pages), served on 127.0.0.1, with a
 * Chromium; all three are set up before the file's tests and removed after them.
 */
export function useLab(name: string): Lab {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let base = "";
  let dist = "";
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), `actlab-lab-${name}-`));
    await buildLab(dist);
    ({ server, url: base } = await startServer(dist));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(null)));
    if (dist) rmSync(dist, { recursive: true, force: true });
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error("useLab: the browser starts in beforeAll; use it inside a test or hook");
      return browser;
    },
    get base(): string {
      return base;
    },
    get dist(): string {
      return dist;
    },
  };
}

/** A page that records console errors and uncaught exceptions into `errors`. */
export async function openPage(browser: Browser, opts: { width?: number; height?: number; dark?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 }, colorScheme: opts.dark ? "dark" : "light" });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  return { page, errors };
}

/**
 * Waits until the view has mounted and every formula on it has been typeset. The wait is long (a
 * Chromium's first Chinese page took over 30 s to mount while the whole suite ran on two cores):
 * readiness is what is tested here, not speed.
 */
export async function ready(page: Page, view: string): Promise<void> {
  await page.waitForFunction((v) => document.body.dataset.ready === v && !document.querySelector("main[aria-busy]"), view, { timeout: 120_000 });
  await page.waitForFunction(() => Array.from(document.querySelectorAll(".tex")).every((e) => e.classList.contains("tex-ready")), undefined, { timeout: 120_000 });
  await page.evaluate(() => document.fonts.ready);
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}
