import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { serveDir } from "../../scripts/serve-lab.mjs";

// Issue 14: the lab's server under hostile requests, on 127.0.0.1 only.
let server: Server;
let url: string;
let port: number;
let dir: string;
let outside: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "actlab-serve-h-"));
  outside = mkdtempSync(join(tmpdir(), "actlab-outside-"));
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(dir, "big.bin"), Buffer.alloc(4 << 20, 7)); // larger than the socket buffers
  writeFileSync(join(outside, "secret.txt"), "secret outside the lab");
  symlinkSync(join(outside, "secret.txt"), join(dir, "leak.txt"));
  symlinkSync(outside, join(dir, "leakdir"));
  symlinkSync(join(dir, "index.html"), join(dir, "sub", "home.html"));
  ({ server, url } = await serveDir(dir, { port: 0 }));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise((ok) => server.close(ok)));

/** A raw request: the status line and headers, without fetch normalising the path or method. */
function raw(method: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, method, path }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

/** Starts downloading big.bin, reads the first chunk, then drops the connection. */
function aborted(): Promise<void> {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, path: "/big.bin" }, (res) => {
      res.once("data", () => {
        req.destroy();
        ok();
      });
    });
    req.on("error", (err) => ((err as NodeJS.ErrnoException).code === "ECONNRESET" ? ok() : fail(err)));
    req.end();
  });
}

const openFds = () => readdirSync("/proc/self/fd").length;

describe("serveDir under hostile requests", () => {
  it("serveDir keeps a flat descriptor count over 1,000 aborted downloads", async () => {
    await aborted(); // warm up (lazy realpath of the root, sockets)
    await new Promise((r) => setTimeout(r, 100));
    const before = openFds();
    for (let i = 0; i < 1000; i += 25) await Promise.all(Array.from({ length: 25 }, aborted));
    // Give the server a moment to see the last resets.
    let after = openFds();
    for (let t = 0; t < 40 && after > before + 5; t++) {
      await new Promise((r) => setTimeout(r, 50));
      after = openFds();
    }
    expect(after - before, `descriptors before ${before}, after 1,000 aborted requests ${after}`).toBeLessThanOrEqual(5);
    expect((await fetch(url)).status).toBe(200);
  }, 60_000);

  it("serveDir answers 400 to malformed percent-encoding", async () => {
    for (const path of ["/%", "/%zz", "/%E0%A4%A", "/a%"]) {
      const r = await raw("GET", path);
      expect(r.status, path).toBe(400);
      expect(r.body).toMatch(/malformed percent-encoding/);
    }
  });

  it("serveDir answers 405 with Allow: GET, HEAD to other methods", async () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
      const r = await raw(method, "/index.html");
      expect(r.status, method).toBe(405);
      expect(r.headers.allow, method).toBe("GET, HEAD");
      expect(r.body).not.toContain("<title>");
    }
    const head = await raw("HEAD", "/index.html");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("serveDir refuses a symlink that resolves outside the folder and serves one that stays inside", async () => {
    for (const path of ["/leak.txt", "/leakdir/secret.txt"]) {
      const r = await raw("GET", path);
      expect(r.status, path).toBe(403);
      expect(r.body).not.toContain("secret");
    }
    const inside = await raw("GET", "/sub/home.html");
    expect(inside.status).toBe(200);
    expect(inside.body).toContain("<title>t</title>");
  });

  it("serveDir does not treat a sibling folder sharing the root's name prefix as inside", async () => {
    // dir = /tmp/actlab-serve-h-XXXX; a link to /tmp/actlab-serve-h-XXXXevil/… must not pass a
    // containment check done without the separator.
    const evil = `${dir}evil`;
    mkdirSync(evil);
    writeFileSync(join(evil, "x.txt"), "evil sibling");
    symlinkSync(join(evil, "x.txt"), join(dir, "sib.txt"));
    const r = await raw("GET", "/sib.txt");
    expect(r.status).toBe(403);
  });
});
