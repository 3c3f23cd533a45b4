import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { parsePort, serveDir } from "../../scripts/serve-lab.mjs";

const script = fileURLToPath(new URL("../../scripts/serve-lab.mjs", import.meta.url));
let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "actlab-serve-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(dir, "assets", "a.js"), "export const a = 1;");
  writeFileSync(join(dir, "assets", "a.css"), "body{}");
  writeFileSync(join(dir, "assets", "f.woff2"), "wOF2");
  ({ server, url } = await serveDir(dir, { port: 0 }));
});

afterAll(() => new Promise((ok) => server.close(ok)));

describe("serveDir (scripts/serve-lab.mjs)", () => {
  it("serveDir(dir) listens on 127.0.0.1 only", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((server.address() as { address: string }).address).toBe("127.0.0.1");
  });

  it("serveDir(dir) sends explicit content types (Chromium downloads a page without one)", async () => {
    const cases: [string, string][] = [
      ["", "text/html; charset=utf-8"],
      ["assets/a.js", "text/javascript; charset=utf-8"],
      ["assets/a.css", "text/css; charset=utf-8"],
      ["assets/f.woff2", "font/woff2"],
    ];
    for (const [path, type] of cases) {
      const res = await fetch(url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(type);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(await (await fetch(`${url}assets/a.js`)).text()).toBe("export const a = 1;");
  });

  it("serveDir(dir) answers 404 for missing files and never serves outside the directory", async () => {
    expect((await fetch(`${url}nope.js`)).status).toBe(404);
    const escaped = await fetch(`${url}..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(escaped.status);
    expect(await escaped.text()).not.toContain("root:");
  });

  it("serveDir on a busy port rejects with a message that names the port and PORT", async () => {
    const port = (server.address() as { port: number }).port;
    await expect(serveDir(dir, { port })).rejects.toThrow(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is busy.*PORT=`));
  });

  it("parsePort(raw) takes 0–65535 and names a bad value", () => {
    expect(parsePort(undefined)).toBe(5173);
    expect(parsePort("8080")).toBe(8080);
    expect(parsePort("0")).toBe(0);
    for (const bad of ["abc", "-1", "65536", "80.5", "1e3"]) expect(() => parsePort(bad)).toThrow(`invalid PORT: ${bad}`);
  });

  it("node scripts/serve-lab.mjs with a busy PORT exits 2 with one line and no stack trace", () => {
    const port = (server.address() as { port: number }).port;
    const r = spawnSync(process.execPath, [script, dir], { env: { ...process.env, PORT: String(port) }, encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([`actlab lab: port ${port} on 127.0.0.1 is busy (another server is using it); set PORT to a free port, e.g. PORT=${port + 1} npm start`]);
  });

  it("node scripts/serve-lab.mjs with PORT=abc exits 2 naming the value", () => {
    const r = spawnSync(process.execPath, [script, dir], { env: { ...process.env, PORT: "abc" }, encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual(["actlab lab: invalid PORT: abc (must be an integer from 0 to 65535; 0 picks a free port)"]);
  });

  it("node scripts/serve-lab.mjs on a directory without index.html exits 2 and says to build", () => {
    const empty = mkdtempSync(join(tmpdir(), "actlab-empty-"));
    const r = spawnSync(process.execPath, [script, empty], { env: { ...process.env, PORT: "0" }, encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^actlab lab: .*index\.html is missing; build the lab first \(npm start builds it\)$/);
  });
});
