import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ESM script without a declaration file
import { LAB_SOURCES, labStamp, STAMP_FILE, upToDate } from "../../scripts/lab-stamp.mjs";

// Issue 14: `npm start` checks the port before building, and is one process with the server.
const repo = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Resolves once the started process says it is listening ("actlab lab: serving <dir> at http://…");
 * rejects when it exits first. The "up to date … serving it without a build" line comes before the
 * server listens, so it must not count.
 */
function serving(proc: ReturnType<typeof spawn>, text: () => string): Promise<void> {
  return new Promise<void>((ok, fail) => {
    const timer = setInterval(() => {
      if (/actlab lab: serving \S.* at http:\/\//.test(text())) {
        clearInterval(timer);
        ok();
      }
    }, 100);
    proc.on("exit", (code) => {
      clearInterval(timer);
      fail(new Error(`npm start exited ${code}: ${text()}`));
    });
  });
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((ok) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => ok({ server, port: (server.address() as { port: number }).port }));
  });
}

describe("npm start", () => {
  it("npm start on a busy port exits 2 with one line before building anything", async () => {
    const { server, port } = await listen();
    const t0 = Date.now();
    const r = spawnSync("npm", ["start", "--silent"], { cwd: repo, env: { ...process.env, PORT: String(port) }, encoding: "utf8", timeout: 60_000 });
    const took = Date.now() - t0;
    server.close();
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([`actlab lab: port ${port} on 127.0.0.1 is busy (another server is using it); set PORT to a free port, e.g. PORT=${port + 1} npm start`]);
    expect(r.stdout).not.toMatch(/build-wasm|vite|built in/);
    expect(took, "no build ran first").toBeLessThan(10_000);
  });

  it("killing npm start's pid stops the server", async () => {
    const { server, port } = await listen();
    await new Promise((ok) => server.close(ok));
    const out = mkdtempSync(join(tmpdir(), "actlab-start-"));
    const npm = spawn("npm", ["start", "--silent", "--", "--out", out], { cwd: repo, env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    npm.stdout.on("data", (c) => (text += c));
    npm.stderr.on("data", (c) => (text += c));
    await serving(npm, () => text);
    const url = `http://127.0.0.1:${port}/`;
    expect((await fetch(url)).status).toBe(200);
    const exited = new Promise((ok) => npm.on("exit", ok));
    process.kill(npm.pid as number, "SIGTERM");
    await exited;
    // The server lives in the process npm ran: once npm is gone, so is the listener.
    let alive = true;
    for (let t = 0; t < 50 && alive; t++) {
      await new Promise((r) => setTimeout(r, 100));
      alive = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
    }
    expect(alive, `still serving on ${url} after npm start was killed`).toBe(false);

    // Issue 21 item 12: a second start on the same, unchanged sources serves the build it finds.
    const again = spawn("npm", ["start", "--silent", "--", "--out", out], { cwd: repo, env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    let text2 = "";
    again.stdout.on("data", (c) => (text2 += c));
    again.stderr.on("data", (c) => (text2 += c));
    await serving(again, () => text2);
    expect(text2).toContain("is up to date with the sources; serving it without a build");
    expect(text2).not.toMatch(/build-wasm|kernels/);
    expect((await fetch(url)).status).toBe(200);
    const exited2 = new Promise((ok) => again.on("exit", ok));
    process.kill(again.pid as number, "SIGTERM");
    await exited2;
  }, 240_000);
});

describe("the lab build's stamp (issue 21 item 12)", () => {
  it("a build is up to date only while every source file is unchanged, and only with its index.html", () => {
    const fake = mkdtempSync(join(tmpdir(), "actlab-stamp-"));
    mkdirSync(join(fake, "src/deep"), { recursive: true });
    writeFileSync(join(fake, "src/a.ts"), "a");
    writeFileSync(join(fake, "src/deep/b.ts"), "b");
    writeFileSync(join(fake, "lock.json"), "{}");
    const sources = ["src", "lock.json", "absent"];
    const out = join(fake, "out");
    mkdirSync(out);
    expect(upToDate(fake, out, sources), "no stamp yet").toBe(false);
    writeFileSync(join(out, STAMP_FILE), `${labStamp(fake, sources)}\n`);
    expect(upToDate(fake, out, sources), "stamp but no index.html").toBe(false);
    writeFileSync(join(out, "index.html"), "<!doctype html>");
    expect(upToDate(fake, out, sources)).toBe(true);
    writeFileSync(join(fake, "src/deep/b.ts"), "b2");
    expect(upToDate(fake, out, sources), "a nested file changed").toBe(false);
    writeFileSync(join(fake, "src/deep/b.ts"), "b");
    expect(upToDate(fake, out, sources)).toBe(true);
    writeFileSync(join(fake, "src/c.ts"), "");
    expect(upToDate(fake, out, sources), "a file added").toBe(false);
    writeFileSync(join(out, STAMP_FILE), `${labStamp(fake, sources)}\n`);
    writeFileSync(join(fake, "absent"), "");
    expect(upToDate(fake, out, sources), "a missing source appeared").toBe(false);
  });

  it("every source the stamp covers exists (a moved folder would drop out of the stamp unnoticed)", () => {
    for (const rel of LAB_SOURCES as string[]) expect(existsSync(join(repo, rel)), rel).toBe(true);
    expect(LAB_SOURCES).toEqual(expect.arrayContaining(["lab/src", "packages/actlab/src", "packages/actlab/assembly", "packages/cli/src", "package-lock.json"]));
  });
});
