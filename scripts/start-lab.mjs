#!/usr/bin/env node
// `npm start`: checks the port, builds the lab (unless lab-dist/ was built from exactly the
// current sources, see lab-stamp.mjs), then serves lab-dist/ from this
// same process — so killing `npm start` (or this pid) stops the server, and a busy port is
// reported at once instead of after the build.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { listenError, parsePort, serveDir } from "./lab-server.mjs";
import { labStamp, STAMP_FILE, upToDate } from "./lab-stamp.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
// `--out DIR` builds the lab into DIR instead of lab-dist/ (the tests use it beside their own build).
const outAt = process.argv.indexOf("--out");
const root = outAt > 0 && process.argv[outAt + 1] ? resolve(process.argv[outAt + 1]) + sep : fileURLToPath(new URL("../lab-dist/", import.meta.url));
const HOST = "127.0.0.1";

function fail(message) {
  process.stderr.write(`actlab lab: ${message}\n`);
  process.exit(2);
}

/** Binds the port for a moment: a busy or forbidden port is an error before any build work. */
function checkPort(port) {
  return new Promise((ok, reject) => {
    const probe = createServer();
    probe.once("error", (err) => reject(listenError(err, port, HOST)));
    probe.listen(port, HOST, () => {
      const got = probe.address().port;
      probe.close(() => ok(got));
    });
  });
}

let child;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    child?.kill(signal);
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

function run(args) {
  return new Promise((ok, reject) => {
    child = spawn(process.execPath, args, { cwd: repo, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      child = undefined;
      if (code === 0) ok();
      else reject(new Error(`build step failed: node ${args.join(" ")} (${signal ?? `exit ${code}`})`));
    });
  });
}

try {
  let port = parsePort(process.env.PORT);
  port = await checkPort(port); // PORT=0: keep the free port the probe was given
  const bin = (pkg, file) => fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url));
  // The lab imports the library from src/, so it needs the wasm module (rewritten only when it
  // changed), not the dist/ build.
  // Built from exactly these sources before (the stamp matches): serve at once. `--rebuild` forces a build.
  if (!process.argv.includes("--rebuild") && upToDate(repo, root)) {
    process.stdout.write(`actlab lab: ${root} is up to date with the sources; serving it without a build (npm start -- --rebuild forces one)\n`);
  } else {
    await run(["packages/actlab/scripts/build-wasm.mjs"]);
    // The stamp of the sources as the build read them (taken after the wasm step, which may rewrite its module).
    const stamp = labStamp(repo);
    await run([bin("vite", "bin/vite.js"), "build", "--config", "lab/vite.config.ts", "--outDir", root, "--emptyOutDir"]);
    writeFileSync(join(root, STAMP_FILE), `${stamp}\n`);
  }
  const { url } = await serveDir(root, { port });
  // npm runs this script through `exec`, so npm's pid is our parent: when it is killed (even
  // with SIGKILL, which npm cannot forward) we are re-parented, and stop serving.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 500).unref();
  process.stdout.write(`actlab lab: serving ${root} at ${url}  (Ctrl+C to stop)\n`);
} catch (err) {
  fail(err.message);
}
