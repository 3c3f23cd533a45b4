import { chmodSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serveForTest } from "./serve-helpers.js";

// Issue 14: the lab's server under hostile requests, on 127.0.0.1 only.

/**
 * A lab folder with a 4 MiB file, symlinks that leave it (to a file and to a folder) and one that
 * stays inside, served for one test.
 */
async function serveHostile(): Promise<{ url: string; port: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "actlab-serve-h-"));
  const outside = mkdtempSync(join(tmpdir(), "actlab-outside-"));
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(join(dir, "big.bin"), Buffer.alloc(4 << 20, 7)); // larger than the socket buffers
  writeFileSync(join(outside, "secret.txt"), "secret outside the lab");
  symlinkSync(join(outside, "secret.txt"), join(dir, "leak.txt"));
  symlinkSync(outside, join(dir, "leakdir"));
  symlinkSync(join(dir, "index.html"), join(dir, "sub", "home.html"));
  const { url, port } = await serveForTest(dir);
  return { url, port, dir };
}

/** A raw request: the status line and headers, without fetch normalising the path or method. */
function raw(port: number, method: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, method, path, agent: false }, (res) => {
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
function aborted(port: number): Promise<void> {
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
    const { url, port } = await serveHostile();
    await aborted(port); // warm up (lazy realpath of the root, sockets)
    await new Promise((r) => setTimeout(r, 100));
    const before = openFds();
    for (let i = 0; i < 1000; i += 25) await Promise.all(Array.from({ length: 25 }, () => aborted(port)));
    // Give the server a moment to see the last resets.
    let after = openFds();
    for (let t = 0; t < 40 && after > before + 5; t++) {
      await new Promise((r) => setTimeout(r, 50));
      after = openFds();
    }
    expect(after - before, `descriptors before ${before}, after 1,000 aborted requests ${after}`).toBeLessThanOrEqual(5);
    expect((await fetch(url)).status).toBe(200);
  }, 60_000);

  it("serveDir releases the file after a HEAD and after opening a folder named without its slash (200 of each)", async () => {
    const { port } = await serveHostile();
    await raw(port, "HEAD", "/index.html"); // warm up
    const before = openFds();
    for (let i = 0; i < 200; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => raw(port, j % 2 ? "HEAD" : "GET", j % 2 ? "/index.html" : "/sub")));
      expect(batch.map((r) => r.status)).toEqual(Array.from({ length: 20 }, (_, j) => (j % 2 ? 200 : 404)));
    }
    let after = openFds();
    for (let t = 0; t < 20 && after > before + 5; t++) {
      await new Promise((r) => setTimeout(r, 50));
      after = openFds();
    }
    expect(after - before, `descriptors before ${before}, after 200 requests ${after}`).toBeLessThanOrEqual(5);
  });

  it("serveDir answers 400 to malformed percent-encoding", async () => {
    const { port } = await serveHostile();
    for (const path of ["/%", "/%zz", "/%E0%A4%A", "/a%"]) {
      const r = await raw(port, "GET", path);
      expect(r.status, path).toBe(400);
      expect(r.body).toMatch(/malformed percent-encoding/);
    }
  });

  /** Every answer of these tests: no path of this machine in it (the lab's folder, the temp folder, the repository). */
  const machinePaths = (dir: string) => [dir, tmpdir(), fileURLToPath(new URL("../../", import.meta.url)), "/tmp/", "/work/", "/home/"];

  it("serveDir answers 414 to a name longer than the file system allows, naming no path of the machine", async () => {
    const { port, dir } = await serveHostile();
    for (const path of [`/${"a".repeat(300)}`, `/sub/${"b".repeat(300)}.html`, `/${"c".repeat(300)}/index.html`, `/${"d".repeat(256)}`]) {
      const r = await raw(port, "GET", path);
      expect(r.status, path.slice(0, 12)).toBe(414);
      expect(r.body).toBe("URI too long: a name in the path is longer than the file system allows\n");
      for (const p of machinePaths(dir)) expect(r.body).not.toContain(p);
    }
    // A name of 255 bytes is allowed: not there, so 404.
    expect((await raw(port, "GET", `/${"e".repeat(255)}`)).status).toBe(404);
  });

  it("serveDir answers 400 to a request target that is not a URL (GET http://[ HTTP/1.1)", async () => {
    const { port, dir } = await serveHostile();
    for (const target of ["http://[", "http://[::1", "http://a b/", "//[/x"]) {
      const reply = await new Promise<string>((ok, fail) => {
        const sock: Socket = connect(port, "127.0.0.1", () => sock.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        let text = "";
        sock.setEncoding("utf8");
        sock.on("data", (c) => (text += c));
        sock.on("end", () => ok(text));
        sock.on("error", fail);
      });
      expect(reply.split("\r\n")[0], target).toBe("HTTP/1.1 400 Bad Request");
      if (reply.includes("\r\n\r\n")) for (const p of machinePaths(dir)) expect(reply).not.toContain(p);
    }
  });

  it("serveDir answers a symlink loop with 404 and an unreadable file with 403, naming no path of the machine", async () => {
    const { port, dir } = await serveHostile();
    symlinkSync(join(dir, "loop-b"), join(dir, "loop-a"));
    symlinkSync(join(dir, "loop-a"), join(dir, "loop-b"));
    const loop = await raw(port, "GET", "/loop-a");
    expect(loop.status).toBe(404);
    expect(loop.body).toBe("not found: /loop-a\n");
    // root reads anything: the permission case needs an ordinary user.
    if (process.getuid?.() !== 0) {
      writeFileSync(join(dir, "locked.txt"), "x");
      chmodSync(join(dir, "locked.txt"), 0);
      const locked = await raw(port, "GET", "/locked.txt");
      expect(locked.status).toBe(403);
      expect(locked.body).toBe("forbidden\n");
    }
    for (const p of machinePaths(dir)) expect(loop.body).not.toContain(p);
  });

  it("serveDir answers 405 with Allow: GET, HEAD to other methods", async () => {
    const { port } = await serveHostile();
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
      const r = await raw(port, method, "/index.html");
      expect(r.status, method).toBe(405);
      expect(r.headers.allow, method).toBe("GET, HEAD");
      expect(r.body).toBe(`method not allowed: ${method} (this server only reads files)\n`);
    }
    const head = await raw(port, "HEAD", "/index.html");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("serveDir refuses a symlink that resolves outside the folder and serves one that stays inside", async () => {
    const { port } = await serveHostile();
    for (const path of ["/leak.txt", "/leakdir/secret.txt"]) {
      const r = await raw(port, "GET", path);
      expect(r.status, path).toBe(403);
      expect(r.body).toBe("forbidden\n");
    }
    const inside = await raw(port, "GET", "/sub/home.html");
    expect(inside.status).toBe(200);
    expect(inside.body).toContain("<title>t</title>");
  });

  it("serveDir does not treat a sibling folder sharing the root's name prefix as inside", async () => {
    const { port, dir } = await serveHostile();
    // dir = /tmp/actlab-serve-h-XXXX; a link to /tmp/actlab-serve-h-XXXXevil/… must not pass a
    // containment check done without the separator.
    const evil = `${dir}evil`;
    mkdirSync(evil);
    writeFileSync(join(evil, "x.txt"), "evil sibling");
    symlinkSync(join(evil, "x.txt"), join(dir, "sib.txt"));
    const r = await raw(port, "GET", "/sib.txt");
    expect(r.status).toBe(403);
  });

  it("node scripts/serve-lab.mjs under ulimit -n 40 survives running out of descriptors and serves again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "actlab-serve-h-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
    writeFileSync(join(dir, "big.bin"), Buffer.alloc(4 << 20, 7));
    const script = fileURLToPath(new URL("../../scripts/serve-lab.mjs", import.meta.url));
    const child = spawn("sh", ["-c", `ulimit -n 40 && exec "${process.execPath}" "${script}" "${dir}"`], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", () => {}); // EMFILE reports
    const at = await new Promise<string>((ok, fail) => {
      child.stdout.on("data", () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) ok(m[1]);
      });
      child.on("exit", (code) => fail(new Error(`server exited ${code}: ${out}`)));
    });
    const childPort = Number(new URL(at).port);
    // More idle connections than descriptors, and downloads dropped midway.
    const idle: Socket[] = [];
    for (let i = 0; i < 60; i++) {
      const s = connect(childPort, "127.0.0.1");
      s.on("error", () => {});
      idle.push(s);
    }
    await new Promise((r) => setTimeout(r, 300));
    const drop = () =>
      new Promise<void>((ok) => {
        const req = request({ host: "127.0.0.1", port: childPort, path: "/big.bin" }, (res) => {
          res.once("data", () => (req.destroy(), ok()));
          res.once("end", () => ok());
        });
        req.on("error", () => ok());
        req.setTimeout(2000, () => (req.destroy(), ok()));
        req.end();
      });
    for (const s of idle.splice(0, 30)) s.destroy();
    for (let i = 0; i < 200; i += 20) await Promise.all(Array.from({ length: 20 }, drop));
    for (const s of idle) s.destroy();
    await new Promise((r) => setTimeout(r, 500));
    let status = 0;
    for (let t = 0; t < 20 && status !== 200; t++) {
      status = await fetch(at, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(child.exitCode, "the server died").toBeNull();
    expect(status).toBe(200);
    child.kill("SIGTERM");
  }, 60_000);
});
