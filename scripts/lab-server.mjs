// A tiny static server for the built lab (lab-dist/), bound to 127.0.0.1 only. Content types are
// explicit: without them Chromium treats index.html as a download and module scripts fail.
// The command is scripts/serve-lab.mjs (`npm start` runs start-lab.mjs, which builds first).
import { existsSync } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pipeline } from "node:stream";
import { fileURLToPath } from "node:url";

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

export const DEFAULT_PORT = 5173;

/** Parses PORT from the environment: an integer 0–65535 (0 = any free port), else a one-line error. */
export function parsePort(raw) {
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n > 65535) {
    throw new Error(`invalid PORT: ${raw} (must be an integer from 0 to 65535; 0 picks a free port)`);
  }
  return n;
}

/** An error from listening on `port`, as one line that says what to do (start-lab.mjs uses it too). */
export function listenError(err, port, host) {
  if (err.code === "EADDRINUSE") return new Error(`port ${port} on ${host} is busy (another server is using it); set PORT to a free port, e.g. PORT=${port + 1} npm start`);
  if (err.code === "EACCES") return new Error(`port ${port} on ${host} is not allowed for this user; set PORT to a number above 1023`);
  return err;
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };

function inside(base, file) {
  return file === base || file.startsWith(base.endsWith(sep) ? base : base + sep);
}

/**
 * Serves `root` on 127.0.0.1:`port`. Resolves with { server, url } once listening; rejects with a
 * readable message when the port is taken. GET and HEAD only; a path is served only when its real
 * path (symlinks resolved) lies inside the real root; every stream and file error ends the
 * response and releases the file, so aborted downloads cannot leak descriptors.
 */
export function serveDir(root, { port = DEFAULT_PORT, host = "127.0.0.1" } = {}) {
  const base = resolve(root);
  let realBase;
  const server = createServer(async (req, res) => {
    const fail = (status, text, headers = {}) => res.writeHead(status, { ...TEXT, ...headers }).end(text);
    // The open file, closed on the way out unless a stream took it over.
    let handle;
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        fail(405, `method not allowed: ${req.method} (this server only reads files)\n`, { allow: "GET, HEAD" });
        return;
      }
      let url;
      try {
        // An absolute-form target with a broken host (GET http://[ HTTP/1.1) is the client's mistake.
        url = new URL(req.url, "http://localhost");
      } catch {
        fail(400, "bad request: the request target is not a valid URL\n");
        return;
      }
      let path;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        fail(400, "bad request: malformed percent-encoding in the path\n");
        return;
      }
      if (path.includes("\0")) {
        fail(400, "bad request: NUL in the path\n");
        return;
      }
      if (path.endsWith("/")) path += "index.html";
      const file = normalize(join(base, path));
      // Checked before touching the disk: a path out of the folder is refused whether or not it exists.
      if (!inside(base, file)) {
        fail(403, "forbidden\n");
        return;
      }
      realBase ??= await realpath(base);
      // A symlink inside the folder may point anywhere: serve only what really lies inside.
      const real = await realpath(file).catch((err) => (err.code === "ENOENT" || err.code === "ENOTDIR" || err.code === "ELOOP" ? null : Promise.reject(err)));
      if (real === null) {
        fail(404, `not found: ${path}\n`);
        return;
      }
      if (!inside(realBase, real)) {
        fail(403, "forbidden\n");
        return;
      }
      // Open, then stat the open file: a file deleted in between is a 404, not a crash.
      handle = await open(real, "r").catch((err) => (err.code === "ENOENT" || err.code === "ENOTDIR" || err.code === "EISDIR" ? null : Promise.reject(err)));
      const info = handle && (await handle.stat());
      if (!handle || !info.isFile()) {
        fail(404, `not found: ${path}\n`);
        return;
      }
      const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      // Hashed assets never change; the page itself must always be fresh after a rebuild.
      const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
      res.writeHead(200, { "content-type": type, "content-length": info.size, "cache-control": cache, "x-content-type-options": "nosniff" });
      // Nothing below throws: the headers are sent, so an error could no longer become a status.
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      // pipeline destroys the file stream (and closes the descriptor) when the client goes away.
      pipeline(handle.createReadStream(), res, () => {});
      handle = undefined; // the stream owns it now
    } catch (err) {
      // Every error here comes from Node's file system calls. Their messages name paths of this
      // machine, so an answer names the error's code only.
      const code = typeof err?.code === "string" ? err.code : "";
      if (code === "ENAMETOOLONG") fail(414, "URI too long: a name in the path is longer than the file system allows\n");
      else if (code === "EMFILE" || code === "ENFILE") fail(503, "busy: too many open files, try again\n");
      else if (code === "EACCES" || code === "EPERM") fail(403, "forbidden\n");
      else fail(500, `error: the file could not be read${/^E[A-Z]+$/.test(code) ? ` (${code})` : ""}\n`);
    } finally {
      await handle?.close().catch(() => {});
    }
  });
  // A request Node cannot parse gets Node's own answer (400, 431 or 408, then the connection closes).
  return new Promise((ok, fail) => {
    server.on("error", (err) => {
      // Once listening, an error (EMFILE when accepting under a low `ulimit -n`) is reported, not fatal.
      if (server.listening) process.stderr.write(`actlab lab: ${err.code ?? ""} ${err.message}\n`);
      else fail(listenError(err, port, host));
    });
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

/**
 * `node scripts/serve-lab.mjs [dir]`: serves `dir` (default lab-dist/) on PORT (default 5173).
 * Resolves with the listening server, or with null after one line on stderr (the exit code is then 2).
 */
export async function main(args, env) {
  const root = args[0] ? resolve(args[0]) + sep : fileURLToPath(new URL("../lab-dist/", import.meta.url));
  try {
    const port = parsePort(env.PORT);
    if (!existsSync(join(root, "index.html"))) throw new Error(`${root}index.html is missing; build the lab first (npm start builds it)`);
    const { server, url } = await serveDir(root, { port });
    process.stdout.write(`actlab lab: serving ${root} at ${url}  (Ctrl+C to stop)\n`);
    return server;
  } catch (err) {
    process.stderr.write(`actlab lab: ${err.message}\n`);
    return null;
  }
}

