import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { main, parsePort, serveDir } from "../../scripts/lab-server.mjs";
import { serveForTest } from "./serve-helpers.js";

const script = fileURLToPath(new URL("../../scripts/serve-lab.mjs", import.meta.url));

/** A small built lab: an index page and three hashed assets. */
function site(): string {
  const dir = mkdtempSync(join(tmpdir(), "actlab-serve-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(dir, "assets", "a.js"), "export const a = 1;");
  writeFileSync(join(dir, "assets", "a.css"), "body{}");
  writeFileSync(join(dir, "assets", "f.woff2"), "wOF2");
  return dir;
}

/** Closes a server main() started, with its keep-alive connections. */
function close(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
}

/** Runs main(args, env) in this process with stdout and stderr captured; closes a server it starts. */
async function runMain(args: string[], env: Record<string, string | undefined>): Promise<{ server: Server | null; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  let server: Server | null;
  try {
    server = await main(args, env);
  } finally {
    vi.restoreAllMocks();
  }
  if (server) await close(server);
  return { server, out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("serveDir (scripts/lab-server.mjs)", () => {
  it("serveDir(dir) listens on 127.0.0.1 only", async () => {
    const { server, url } = await serveForTest(site());
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((server.address() as { address: string }).address).toBe("127.0.0.1");
  });

  it("serveDir(dir) sends explicit content types (Chromium downloads a page without one)", async () => {
    const { url } = await serveForTest(site());
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
    const { url } = await serveForTest(site());
    expect((await fetch(`${url}nope.js`)).status).toBe(404);
    const escaped = await fetch(`${url}..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(escaped.status);
    expect(await escaped.text()).not.toContain("root:");
  });

  it("serveDir on a busy port rejects with a message that names the port and PORT", async () => {
    const dir = site();
    const { port } = await serveForTest(dir);
    await expect(serveDir(dir, { port })).rejects.toThrow(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is busy.*PORT=`));
  });

  it("parsePort(raw) takes 0–65535 and names a bad value", () => {
    expect(parsePort(undefined)).toBe(5173);
    expect(parsePort("8080")).toBe(8080);
    expect(parsePort("0")).toBe(0);
    for (const bad of ["abc", "-1", "65536", "80.5", "1e3"]) expect(() => parsePort(bad)).toThrow(`invalid PORT: ${bad}`);
  });
});

describe("main(args, env): the command `node scripts/serve-lab.mjs [dir]`", () => {
  it("main([dir], {PORT: '0'}) serves dir and prints one line naming the folder and the address", async () => {
    const dir = site();
    const { server, out, err } = await runMain([dir], { PORT: "0" });
    expect(server).not.toBeNull();
    expect(err).toBe("");
    const m = /^actlab lab: serving (.*) at (http:\/\/127\.0\.0\.1:(\d+)\/) {2}\(Ctrl\+C to stop\)\n$/.exec(out);
    expect(m, out).not.toBeNull();
    expect(m![1]).toBe(`${dir}/`);
    expect(Number(m![3])).toBeGreaterThan(0);
  });

  it("main([dir]) answers requests for dir's files while it runs", async () => {
    const dir = site();
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const server = (await main([dir], { PORT: "0" })) as Server;
    vi.restoreAllMocks();
    try {
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/assets/a.js`);
      expect(await res.text()).toBe("export const a = 1;");
    } finally {
      await close(server);
    }
  });

  it("main([dir], {PORT: 'abc'}) resolves null after one line naming the value", async () => {
    const { server, out, err } = await runMain([site()], { PORT: "abc" });
    expect(server).toBeNull();
    expect(out).toBe("");
    expect(err).toBe("actlab lab: invalid PORT: abc (must be an integer from 0 to 65535; 0 picks a free port)\n");
  });

  it("main([dir]) on a busy port resolves null after one line naming the port and a free one to try", async () => {
    const dir = site();
    const { port } = await serveForTest(dir);
    const { server, err } = await runMain([dir], { PORT: String(port) });
    expect(server).toBeNull();
    expect(err).toBe(`actlab lab: port ${port} on 127.0.0.1 is busy (another server is using it); set PORT to a free port, e.g. PORT=${port + 1} npm start\n`);
  });

  it("main([dir]) on a folder without index.html resolves null and says to build", async () => {
    const empty = mkdtempSync(join(tmpdir(), "actlab-empty-"));
    const { server, out, err } = await runMain([empty], { PORT: "0" });
    expect(server).toBeNull();
    expect(out).toBe("");
    expect(err).toBe(`actlab lab: ${empty}/index.html is missing; build the lab first (npm start builds it)\n`);
  });

  it("main([], env) serves the built lab, lab-dist/ beside scripts/", async () => {
    const labDist = fileURLToPath(new URL("../../lab-dist/", import.meta.url));
    const { server, out, err } = await runMain([], { PORT: "0" });
    if (existsSync(join(labDist, "index.html"))) {
      expect(server).not.toBeNull();
      expect(out).toContain(`serving ${labDist} at `);
    } else {
      expect(server).toBeNull();
      expect(err).toBe(`actlab lab: ${labDist}index.html is missing; build the lab first (npm start builds it)\n`);
    }
  });

  it("node scripts/serve-lab.mjs with a busy PORT exits 2 with one line and no stack trace", async () => {
    const dir = site();
    const { port } = await serveForTest(dir);
    const r = spawnSync(process.execPath, [script, dir], { env: { ...process.env, PORT: String(port) }, encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([`actlab lab: port ${port} on 127.0.0.1 is busy (another server is using it); set PORT to a free port, e.g. PORT=${port + 1} npm start`]);
  });

  it("node scripts/serve-lab.mjs on a directory without index.html exits 2 and says to build", () => {
    const empty = mkdtempSync(join(tmpdir(), "actlab-empty-"));
    const r = spawnSync(process.execPath, [script, empty], { env: { ...process.env, PORT: "0" }, encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^actlab lab: .*index\.html is missing; build the lab first \(npm start builds it\)$/);
  });
});
