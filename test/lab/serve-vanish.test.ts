import { mkdtempSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, vi } from "vitest";

// A file deleted after the server found it and before it opened it: the lookups (stat and
// realpath) succeed, then the file is gone. The answer must be a 404, and the server must live.
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const vanish = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const r = await fn(...a);
      const p = String(a[0]);
      if (p.endsWith("vanish.txt")) await fs.unlink(p).catch(() => {});
      return r;
    };
  return { ...fs, stat: vanish(fs.stat), realpath: vanish(fs.realpath) };
});

// The helper imports the server after the mock above is in place (vitest hoists vi.mock).
const { serveForTest } = await import("./serve-helpers.js");

it("serveDir answers 404 (and keeps serving) when a file vanishes between lookup and open", async () => {
  const dir = mkdtempSync(join(tmpdir(), "actlab-vanish-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  const { url } = await serveForTest(dir);
  for (let i = 0; i < 3; i++) {
    writeFileSync(join(dir, "vanish.txt"), "here for a moment");
    const r = await fetch(`${url}vanish.txt`, { signal: AbortSignal.timeout(5000) });
    expect(r.status).toBe(404);
    await r.text();
  }
  expect((await fetch(url, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
  try {
    unlinkSync(join(dir, "vanish.txt"));
  } catch {}
});
