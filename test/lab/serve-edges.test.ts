/** The lab server's containment check, seen by a client: a sibling folder whose name starts like the served one stays private. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { DEFAULT_PORT, parsePort, serveDir } from "../../scripts/serve-lab.mjs";
import { serveForTest } from "./serve-helpers.js";

/** A GET with the path sent as written (fetch would resolve the dots before sending). */
function get(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(url + path.replace(/^\//, ""), { method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

/** Serves `site/` for one test; beside it lie `site-secret/key.txt` and `site.txt`, which must stay private. */
async function serveSite(): Promise<string> {
  const base = mkdtempSync(join(tmpdir(), "actlab-serve-edges-"));
  mkdirSync(join(base, "site"));
  mkdirSync(join(base, "site-secret"));
  writeFileSync(join(base, "site", "index.html"), "<!doctype html><title>lab</title>");
  writeFileSync(join(base, "site-secret", "key.txt"), "SECRET");
  writeFileSync(join(base, "site.txt"), "SECRET2");
  return (await serveForTest(join(base, "site"))).url;
}

describe("serveDir(dir) keeps files outside dir private", () => {
  it.each(["/..%2fsite-secret%2fkey.txt", "/..%2fsite.txt", "/%2e%2e%2fsite-secret/key.txt"])("GET %s is refused", async (path) => {
    const r = await get(await serveSite(), path);
    expect(r.status).toBe(403);
    expect(r.body).toBe("forbidden\n");
  });

  it("GET / still serves index.html", async () => {
    const r = await get(await serveSite(), "/");
    expect(r.status).toBe(200);
    expect(r.body).toContain("<title>lab</title>");
  });
});

describe("serveDir(dir): headers of every file type it knows", () => {
  const files: Record<string, string> = {
    "a.html": "text/html; charset=utf-8",
    "a.js": "text/javascript; charset=utf-8",
    "a.mjs": "text/javascript; charset=utf-8",
    "a.css": "text/css; charset=utf-8",
    "a.json": "application/json; charset=utf-8",
    "a.svg": "image/svg+xml",
    "a.png": "image/png",
    "a.ico": "image/x-icon",
    "a.woff2": "font/woff2",
    "a.woff": "font/woff",
    "a.ttf": "font/ttf",
    "a.wasm": "application/wasm",
    "a.map": "application/json; charset=utf-8",
    "a.txt": "text/plain; charset=utf-8",
    "A.PNG": "image/png",
    "a.bin": "application/octet-stream",
    "noext": "application/octet-stream",
  };

  /** Serves a folder with one asset of each type above, an index page and a sub/ folder, for one test. */
  async function serveTyped(): Promise<{ url: string; port: number }> {
    const dir = mkdtempSync(join(tmpdir(), "actlab-serve-types-"));
    mkdirSync(join(dir, "assets"));
    mkdirSync(join(dir, "sub"));
    for (const f of Object.keys(files)) writeFileSync(join(dir, "assets", f), `body of ${f}`);
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>i</title>");
    writeFileSync(join(dir, "sub", "index.html"), "sub index");
    return serveForTest(dir);
  }

  it.each(Object.entries(files))("GET /assets/%s is sent as %s, cached for a year, not sniffed", async (name, type) => {
    const typed = await serveTyped();
    const res = await fetch(`${typed.url}assets/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-length")).toBe(String(`body of ${name}`.length));
    expect(await res.text()).toBe(`body of ${name}`);
  });

  it("GET / and GET /sub/ serve index.html with no-cache", async () => {
    const typed = await serveTyped();
    for (const [path, body] of [["", "<!doctype html><title>i</title>"], ["sub/", "sub index"]]) {
      const res = await fetch(typed.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toBe(body);
    }
  });

  it("HEAD sends the headers and no body", async () => {
    const typed = await serveTyped();
    const res = await fetch(`${typed.url}assets/a.js`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String("body of a.js".length));
    expect(await res.text()).toBe("");
  });

  it("a folder without a trailing slash, and a missing file, are 404 naming the path", async () => {
    const typed = await serveTyped();
    const sub = await fetch(`${typed.url}sub`);
    expect(sub.status).toBe(404);
    expect(await sub.text()).toBe("not found: /sub\n");
    const missing = await fetch(`${typed.url}assets/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await missing.text()).toBe("not found: /assets/nope.js\n");
  });

  it("serveDir(dir) without a port listens on 5173 unless that is taken; the busy message names the port", async () => {
    const typed = await serveTyped();
    expect(DEFAULT_PORT).toBe(5173);
    const port = typed.port;
    await expect(serveDir(".", { port })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is busy (another server is using it); set PORT to a free port, e.g. PORT=${port + 1} npm start`,
    );
  });
});

describe("parsePort(raw)", () => {
  it("parsePort('') and parsePort(undefined) are the default 5173; spaces around a number are fine; 65535 is the last port", () => {
    expect(parsePort("")).toBe(5173);
    expect(parsePort(undefined)).toBe(DEFAULT_PORT);
    expect(parsePort(" 8080 ")).toBe(8080);
    expect(parsePort("65535")).toBe(65535);
    expect(() => parsePort("65536")).toThrow("invalid PORT: 65536 (must be an integer from 0 to 65535; 0 picks a free port)");
  });
});
