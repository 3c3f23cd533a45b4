import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Issue 14: `npm start` checks the port before building, and is one process with the server.
const repo = fileURLToPath(new URL("../../", import.meta.url));

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
    await new Promise<void>((ok, fail) => {
      const timer = setInterval(() => {
        if (text.includes("serving")) {
          clearInterval(timer);
          ok();
        }
      }, 100);
      npm.on("exit", (code) => fail(new Error(`npm start exited ${code}: ${text}`)));
    });
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
  }, 240_000);
});
