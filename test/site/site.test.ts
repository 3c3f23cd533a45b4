/**
 * `npm run site`: one static folder with the docs (English and Chinese, search, API reference,
 * function pages with live figures) and the lab under lab/. The test builds it into a folder that
 * the project's server (scripts/lab-server.mjs) serves under a sub-path, /docs/actlab/, loads a page
 * of each kind in Chromium (no failed request, no console error, nothing fetched outside the
 * sub-path), and checks every internal link and anchor of every page of the folder.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launch, openPage, root } from "../lab/harness.js";
// @ts-expect-error: plain ESM script without type declarations
import { serveDir } from "../../scripts/lab-server.mjs";

const BASE = "/docs/actlab/";
let dir = "";
let site = "";
let server: Server;
let origin = "";
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "actlab-site-"));
  site = join(dir, ...BASE.split("/").filter(Boolean));
  await promisify(execFile)(process.execPath, [join(root, "scripts/build-site.mjs"), "--out", site], { cwd: root, maxBuffer: 1 << 26 });
  const served = (await serveDir(dir, { port: 0 })) as { server: Server; url: string };
  server = served.server;
  origin = served.url.replace(/\/$/, "");
  browser = await launch();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens a page of the site and records every request, failure and console error on the way. */
async function visit(path: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const { page, errors } = await openPage(browser);
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.goto(origin + BASE + path, { waitUntil: "networkidle" });
  return { page, errors, requests };
}

function outsideBase(requests: string[]): string[] {
  return requests.filter((u) => u.startsWith(origin) && !u.startsWith(origin + BASE));
}

describe("the static site under a sub-path", () => {
  it("the English home page loads with no error, asks for nothing outside /docs/actlab/, and its JavaScript is ≤ 150 KB gzip", async () => {
    const { page, errors, requests } = await visit("index.html");
    await page.waitForSelector(".VPHero");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await page.locator(".VPHero .name").innerText()).toContain("actlab");
    // Every script the page loaded, gzipped from the folder.
    const scripts = (await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name))).filter((u) => new URL(u).pathname.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const total = scripts.reduce((sum, u) => sum + gzipSync(readFileSync(fileFor(new URL(u).pathname.slice(BASE.length))!)).length, 0);
    expect(total, scripts.join("\n")).toBeLessThanOrEqual(150 * 1024);
    // Nothing of the live figures (Observable Plot, the library) on the first page.
    expect(scripts.filter((u) => /live-figure|LiveFigure/i.test(u))).toEqual([]);
    expect(outsideBase(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a guide page in Chinese loads, with the language switch and local search, and search finds a function", async () => {
    const { page, errors, requests } = await visit("zh/guide/getting-started.html");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    await expect(page.locator("h1").first().innerText()).resolves.toContain("快速上手");
    await page.locator(".VPNavBarSearch button").first().click();
    await page.locator("#localsearch-input").fill("softmaxBackward");
    await page.waitForSelector(".VPLocalSearchBox .result");
    const first = await page.locator(".VPLocalSearchBox .result").first().getAttribute("href");
    expect(first?.startsWith(BASE)).toBe(true);
    expect(outsideBase(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a function page draws its live figure with the lab's renderer, and a slider redraws it", async () => {
    const { page, errors, requests } = await visit("functions/elu.html");
    expect(await page.title()).toMatch(/^ELU \| actlab/);
    await page.waitForSelector('.live-figure[data-state="ready"] .figure svg', { timeout: 120_000 });
    const before = await page.locator(".live-figure .figure svg").innerHTML();
    expect(before).toContain("ELU, α = 1");
    const slider = page.locator('.live-figure input[type="range"]').first();
    await slider.fill("2");
    await page.waitForFunction((b) => document.querySelector(".live-figure .figure svg")?.innerHTML !== b, before);
    expect(await page.locator(".live-figure .figure svg").innerHTML()).toContain("α = 2");
    expect(outsideBase(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it("an API reference page loads, and a click on a sidebar link navigates inside the site", async () => {
    const { page, errors, requests } = await visit("api/actlab/functions/softmax.html");
    await expect(page.locator("h1").first().innerText()).resolves.toContain("softmax");
    await page.locator('.VPSidebar a[href$="guide/exactness.html"]').first().click();
    await page.waitForFunction(() => location.pathname.endsWith("/guide/exactness.html") && document.querySelector("h1")?.textContent?.includes("Exactness"));
    expect(page.url()).toBe(`${origin}${BASE}guide/exactness.html`);
    // The sidebar stayed in the page while the router moved up two folders: its links still lead to their pages.
    await page.locator('.VPSidebar a[href$="guide/speed.html"]').first().click();
    await page.waitForFunction(() => location.pathname.endsWith("/guide/speed.html") && document.querySelector("h1")?.textContent?.includes("Speed"));
    expect(page.url()).toBe(`${origin}${BASE}guide/speed.html`);
    await page.locator(".VPNavBarTitle a").first().click();
    await page.waitForSelector(".VPHero");
    expect(page.url()).toBe(`${origin}${BASE}`);
    expect(outsideBase(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the lab, under lab/, loads and renders its first view", async () => {
    const { page, errors, requests } = await visit("lab/index.html");
    await page.waitForFunction(() => Boolean(document.body.dataset.ready), undefined, { timeout: 120_000 });
    expect(await page.locator("svg").count()).toBeGreaterThan(0);
    expect(outsideBase(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

/** Every HTML file of the folder, as its path inside the site ("/"-separated). */
function htmlFiles(at: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(at)) {
    const p = join(at, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith(".html")) out.push(relative(site, p).split(sep).join("/"));
  }
  return out;
}

/** The file a URL path inside the site names (a folder means its index.html), or null. */
function fileFor(pathInSite: string): string | null {
  const p = join(site, ...decodeURIComponent(pathInSite).split("/").filter(Boolean));
  if (existsSync(p) && statSync(p).isFile()) return p;
  if (existsSync(join(p, "index.html"))) return join(p, "index.html");
  return null;
}

const ids = new Map<string, Set<string>>();
function idsOf(file: string): Set<string> {
  let set = ids.get(file);
  if (!set) {
    set = new Set([...readFileSync(file, "utf8").matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1])));
    ids.set(file, set);
  }
  return set;
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

describe("links", () => {
  it("every internal link, image, script and stylesheet of every page resolves to a file, and every #anchor to an id in it", () => {
    const pages = htmlFiles(site);
    expect(pages.length).toBeGreaterThan(300); // guide × 2 languages, function pages × 2, the API reference, the lab
    const broken: string[] = [];
    let checked = 0;
    for (const rel of pages) {
      const html = readFileSync(join(site, rel), "utf8");
      const here = new URL(rel, `http://site${BASE}`);
      for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const raw = decodeEntities(m[1]);
        if (/^(?:[a-z]+:|\/\/)/i.test(raw) || raw === "") continue; // external, mailto:, data:
        const url = new URL(raw, here);
        if (!url.pathname.startsWith(BASE)) {
          broken.push(`${rel}: ${raw} leaves the site's folder`);
          continue;
        }
        checked++;
        const file = fileFor(url.pathname.slice(BASE.length));
        if (!file) {
          broken.push(`${rel}: ${raw} (no file)`);
          continue;
        }
        // The lab's own routes live in the hash (#/explore…); every other fragment names an element.
        const hash = decodeURIComponent(url.hash.slice(1));
        if (hash && !hash.startsWith("/") && file.endsWith(".html") && !idsOf(file).has(hash)) broken.push(`${rel}: ${raw} (no id "${hash}")`);
      }
    }
    expect(checked).toBeGreaterThan(5000);
    expect(broken).toEqual([]);
  });

  it("the link checker sees a broken link and a broken anchor (it is not vacuous)", () => {
    // A page's own links, checked the same way, with one file name and one anchor changed.
    const rel = "guide/getting-started.html";
    const here = new URL(rel, `http://site${BASE}`);
    expect(fileFor(new URL("./library.html", here).pathname.slice(BASE.length))).not.toBeNull();
    expect(fileFor(new URL("./libary.html", here).pathname.slice(BASE.length))).toBeNull();
    const speed = fileFor(new URL("./speed.html", here).pathname.slice(BASE.length))!;
    expect(idsOf(speed).has("training-speed-actlab-nn")).toBe(true);
    expect(idsOf(speed).has("training-speed")).toBe(false);
  });
});
