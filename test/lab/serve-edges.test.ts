/** The lab server's containment check, seen by a client: a sibling folder whose name starts like the served one stays private. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without type declarations
import { serveDir } from "../../scripts/serve-lab.mjs";

let server: Server;
let url: string;

/** A GET with the path sent as written (fetch would resolve the dots before sending). */
function get(path: string): Promise<{ status: number; body: string }> {
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

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), "actlab-serve-edges-"));
  mkdirSync(join(base, "site"));
  mkdirSync(join(base, "site-secret"));
  writeFileSync(join(base, "site", "index.html"), "<!doctype html><title>lab</title>");
  writeFileSync(join(base, "site-secret", "key.txt"), "SECRET");
  writeFileSync(join(base, "site.txt"), "SECRET2");
  ({ server, url } = await serveDir(join(base, "site"), { port: 0 }));
});

afterAll(() => new Promise((ok) => server.close(ok)));

describe("serveDir(dir) keeps files outside dir private", () => {
  it.each(["/..%2fsite-secret%2fkey.txt", "/..%2fsite.txt", "/%2e%2e%2fsite-secret/key.txt"])("GET %s is refused", async (path) => {
    const r = await get(path);
    expect(r.status).toBe(403);
    expect(r.body).not.toContain("SECRET");
  });

  it("GET / still serves index.html", async () => {
    const r = await get("/");
    expect(r.status).toBe(200);
    expect(r.body).toContain("<title>lab</title>");
  });
});
