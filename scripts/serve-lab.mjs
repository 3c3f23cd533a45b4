#!/usr/bin/env node
// A tiny static server for the built lab (lab-dist/), bound to 127.0.0.1 only. Content types are
// explicit: without them Chromium treats index.html as a download and module scripts fail.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
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

/**
 * Serves `root` on 127.0.0.1:`port`. Resolves with { server, url } once listening; rejects with a
 * readable message when the port is taken.
 */
export function serveDir(root, { port = DEFAULT_PORT, host = "127.0.0.1" } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith("/")) path += "index.html";
      const file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403, { "content-type": "text/plain; charset=utf-8" }).end("forbidden\n");
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`not found: ${path}\n`);
        return;
      }
      const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      // Hashed assets never change; the page itself must always be fresh after a rebuild.
      const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
      res.writeHead(200, { "content-type": type, "content-length": info.size, "cache-control": cache, "x-content-type-options": "nosniff" });
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`error: ${err.message}\n`);
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", (err) => {
      if (err.code === "EADDRINUSE") fail(new Error(`port ${port} on ${host} is busy (another server is using it); set PORT to a free port, e.g. PORT=${port + 1} npm start`));
      else if (err.code === "EACCES") fail(new Error(`port ${port} on ${host} is not allowed for this user; set PORT to a number above 1023`));
      else fail(err);
    });
    server.listen(port, host, () => {
      const addr = server.address();
      ok({ server, url: `http://${host}:${addr.port}/` });
    });
  });
}

/** `node scripts/serve-lab.mjs [dir]`: serves `dir` (default lab-dist/) on PORT (default 5173). */
async function cli() {
  const root = process.argv[2] ? resolve(process.argv[2]) + sep : fileURLToPath(new URL("../lab-dist/", import.meta.url));
  try {
    const port = parsePort(process.env.PORT);
    const index = await stat(join(root, "index.html")).catch(() => null);
    if (!index) throw new Error(`${root}index.html is missing; build the lab first (npm start builds it)`);
    const { url } = await serveDir(root, { port });
    process.stdout.write(`actlab lab: serving ${root} at ${url}  (Ctrl+C to stop)\n`);
  } catch (err) {
    process.stderr.write(`actlab lab: ${err.message}\n`);
    process.exit(2);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli();
