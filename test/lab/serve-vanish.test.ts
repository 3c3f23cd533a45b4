/**
 * File-system failures the lab server cannot be put through for real (a file deleted between two
 * calls, a permission error when the tests run as root, running out of descriptors): the server
 * answers each with a status and one line, and keeps serving.
 */
import { mkdtempSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const fsLog = vi.hoisted(() => ({ reads: [] as string[] }));

// `vanish.txt` is deleted right after its lookup; a file named after an error code (EACCES.txt,
// EMFILE.txt…) fails to open with that code, and `realpath-EACCES.txt` fails to resolve; every
// stream the server reads a file with is logged.
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const failure = (code: string, call: string, p: string) => Object.assign(new Error(`${code}: simulated failure, ${call} '${p}'`), { code });
  const vanish = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const p = String(a[0]);
      if (basename(p) === "realpath-EACCES.txt") throw failure("EACCES", "realpath", p);
      const r = await fn(...a);
      if (p.endsWith("vanish.txt")) await fs.unlink(p).catch(() => {});
      return r;
    };
  const open = async (...a: Parameters<typeof fs.open>) => {
    const p = String(a[0]);
    const code = /^(E[A-Z]+)\.txt$/.exec(basename(p))?.[1];
    if (code) throw failure(code, "open", p);
    const handle = await fs.open(...a);
    const stream = handle.createReadStream.bind(handle);
    handle.createReadStream = (...o: Parameters<typeof handle.createReadStream>) => (fsLog.reads.push(basename(p)), stream(...o));
    return handle;
  };
  return { ...fs, stat: vanish(fs.stat), realpath: vanish(fs.realpath), open };
});

// The helper imports the server after the mock above is in place (vitest hoists vi.mock).
const { serveForTest } = await import("./serve-helpers.js");

/** A folder with an index page and a file for each simulated failure, served for one test. */
async function serve(): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "actlab-vanish-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>t</title>");
  for (const f of ["EACCES", "EMFILE", "ENFILE", "ENOTDIR", "EISDIR", "ENOENT", "realpath-EACCES"]) writeFileSync(join(dir, `${f}.txt`), f);
  return { ...(await serveForTest(dir)), dir };
}

async function get(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  const r = await fetch(url, { signal: AbortSignal.timeout(5000), ...init });
  return { status: r.status, body: await r.text() };
}

describe("serveDir when the file system fails", () => {
  it("serveDir answers 404 (and keeps serving) when a file vanishes between lookup and open", async () => {
    const { url, dir } = await serve();
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(dir, "vanish.txt"), "here for a moment");
      expect(await get(`${url}vanish.txt`)).toEqual({ status: 404, body: "not found: /vanish.txt\n" });
    }
    expect((await get(url)).status).toBe(200);
    try {
      unlinkSync(join(dir, "vanish.txt"));
    } catch {}
  });

  it("serveDir answers 404 when the file turns out missing, not a directory or a folder as it is opened", async () => {
    const { url } = await serve();
    for (const code of ["ENOENT", "ENOTDIR", "EISDIR"]) expect(await get(`${url}${code}.txt`), code).toEqual({ status: 404, body: `not found: /${code}.txt\n` });
  });

  it("serveDir answers 503 'busy' when it runs out of descriptors, and serves again after", async () => {
    const { url } = await serve();
    for (const code of ["EMFILE", "ENFILE"]) expect(await get(`${url}${code}.txt`), code).toEqual({ status: 503, body: "busy: too many open files, try again\n" });
    expect(await get(url)).toEqual({ status: 200, body: "<!doctype html><title>t</title>" });
  });

  it("serveDir answers 403 to a refused open or realpath, naming no path of the machine", async () => {
    const { url } = await serve();
    expect(await get(`${url}EACCES.txt`)).toEqual({ status: 403, body: "forbidden\n" });
    expect(await get(`${url}realpath-EACCES.txt`)).toEqual({ status: 403, body: "forbidden\n" });
    expect((await get(url)).status).toBe(200);
  });

  it("serveDir reads the file for GET and not for HEAD", async () => {
    const { url } = await serve();
    fsLog.reads.length = 0;
    const head = await fetch(`${url}index.html`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("31");
    expect(fsLog.reads).toEqual([]);
    expect(await get(`${url}index.html`)).toEqual({ status: 200, body: "<!doctype html><title>t</title>" });
    expect(fsLog.reads).toEqual(["index.html"]);
  });
});
