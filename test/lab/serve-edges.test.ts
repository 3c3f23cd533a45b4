/** The lab server's containment check, seen by a client: a sibling folder whose name starts like the served one stays private. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { DEFAULT_PORT, listenError, parsePort, serveDir } from "../../scripts/lab-server.mjs";
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

  it("GET of a path out of the folder that does not exist is refused the same way (no probing of the disk outside)", async () => {
    const url = await serveSite();
    for (const path of ["/..%2fno-such-file.txt", "/..%2f..%2fno%2fsuch%2fdir%2f"]) expect(await get(url, path), path).toEqual({ status: 403, body: "forbidden\n" });
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

describe("serveDir(dir): paths that name no file", () => {
  /** A folder with index.html and a symbolic link that points at itself. */
  async function serveLoop(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "actlab-serve-paths-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>i</title>");
    symlinkSync(join(dir, "loop"), join(dir, "loop"));
    return (await serveForTest(dir)).url;
  }

  it("GET /%00 is 400: a NUL cannot be part of a file name", async () => {
    expect(await get(await serveLoop(), "/a%00.html")).toEqual({ status: 400, body: "bad request: NUL in the path\n" });
  });

  it("GET below a file (/index.html/x) and GET of the folder itself (/x%2f..) are 404", async () => {
    const url = await serveLoop();
    expect(await get(url, "/index.html/x")).toEqual({ status: 404, body: "not found: /index.html/x\n" });
    expect(await get(url, "/x%2f..")).toEqual({ status: 404, body: "not found: /x/..\n" });
  });

  it("GET of a symbolic link loop is a 404 that names no path of the machine, and the server keeps serving", async () => {
    const url = await serveLoop();
    const r = await get(url, "/loop");
    expect(r.status).toBe(404);
    expect(r.body).not.toMatch(/realpath|ELOOP|\/tmp|loop'/);
    expect((await get(url, "/")).status).toBe(200);
  });

  it("a request Node cannot parse gets 400 Bad Request and a closed connection; the server keeps serving", async () => {
    const url = await serveLoop();
    const answer = await new Promise<string>((ok, fail) => {
      const s = connect(Number(new URL(url).port), "127.0.0.1", () => s.write("NOT HTTP AT ALL\r\n\r\n"));
      let got = "";
      s.setEncoding("utf8");
      s.on("data", (c: string) => (got += c));
      s.on("close", () => ok(got));
      s.on("error", fail);
      s.setTimeout(3000, () => fail(new Error(`no answer and no close, got: ${JSON.stringify(got)}`)));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect((await get(url, "/")).status).toBe(200);
  });
});

describe("serveDir(dir, { host, port }): listening", () => {
  it("serveDir on an address this machine does not have rejects with Node's own error, not the busy message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "actlab-serve-host-"));
    await expect(serveDir(dir, { port: 0, host: "192.0.2.1" })).rejects.toMatchObject({ code: "EADDRNOTAVAIL" });
  });

  it("listenError(err, port, host) says what to do about a busy or a forbidden port, and passes any other error on", () => {
    expect(listenError({ code: "EADDRINUSE" }, 8080, "127.0.0.1").message).toBe(
      "port 8080 on 127.0.0.1 is busy (another server is using it); set PORT to a free port, e.g. PORT=8081 npm start",
    );
    expect(listenError({ code: "EACCES" }, 80, "127.0.0.1").message).toBe("port 80 on 127.0.0.1 is not allowed for this user; set PORT to a number above 1023");
    const other = Object.assign(new Error("listen EADDRNOTAVAIL"), { code: "EADDRNOTAVAIL" });
    expect(listenError(other, 80, "127.0.0.1")).toBe(other);
  });

  it("an error once listening (EMFILE on accept) is one line on stderr, and the server keeps serving", async () => {
    const dir = mkdtempSync(join(tmpdir(), "actlab-serve-err-"));
    writeFileSync(join(dir, "index.html"), "i");
    const { server, url } = await serveForTest(dir);
    let err = "";
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    try {
      server.emit("error", Object.assign(new Error("accept EMFILE"), { code: "EMFILE" }));
      server.emit("error", new Error("no code"));
    } finally {
      vi.restoreAllMocks();
    }
    expect(err).toBe("actlab lab: EMFILE accept EMFILE\nactlab lab:  no code\n");
    expect(server.listening).toBe(true);
    expect((await get(url, "/")).body).toBe("i");
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
