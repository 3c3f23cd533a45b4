// The built lab's stamp: a hash of every source the lab build reads (the lab, the library and
// the CLI's renderer it imports, the WebAssembly sources, the lock file). `npm start` serves
// lab-dist/ at once when its stamp matches, and rebuilds when it does not.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the lab build depends on, relative to the repository. */
export const LAB_SOURCES = ["lab/src", "lab/index.html", "lab/vite.config.ts", "lab/package.json", "packages/actlab/src", "packages/actlab/assembly", "packages/actlab/scripts", "packages/actlab/package.json", "packages/cli/src", "packages/cli/package.json", "package-lock.json"];

/** The name of the stamp file inside the build folder. */
export const STAMP_FILE = ".actlab-build-stamp";

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name === "dist") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** sha256 over the paths and contents of every file of `sources` under `repo` (missing ones count as missing). */
export function labStamp(repo, sources = LAB_SOURCES) {
  const hash = createHash("sha256");
  for (const rel of sources) {
    const p = join(repo, rel);
    if (!existsSync(p)) {
      hash.update(`missing ${rel}\0`);
      continue;
    }
    const files = [];
    if (statSync(p).isDirectory()) walk(p, files);
    else files.push(p);
    for (const f of files) {
      hash.update(`${f.slice(repo.length)}\0`);
      hash.update(readFileSync(f));
      hash.update("\0");
    }
  }
  return hash.digest("hex");
}

/** Whether the build in `out` was made from exactly these sources (its stamp matches and index.html is there). */
export function upToDate(repo, out, sources = LAB_SOURCES) {
  const file = join(out, STAMP_FILE);
  if (!existsSync(file) || !existsSync(join(out, "index.html"))) return false;
  return readFileSync(file, "utf8").trim() === labStamp(repo, sources);
}
