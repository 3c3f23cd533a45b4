import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./errors.js";

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such directory",
  ENOTDIR: "a parent is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  EISDIR: "it is a directory",
  EEXIST: "a file is in the way",
  ENOSPC: "no space left on device",
};

/** A file-system failure on a path the user named, as a one-line usage error. */
export function writeError(path: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException)?.code ?? "";
  return new UsageError(`cannot write '${path}': ${REASONS[code] ?? (code || String(err))}`);
}

/**
 * mkdir -p that returns the topmost folder it created. Node's own recursive mkdir spins
 * forever on some virtual file systems (mkdir -p /proc/x), so each level is made by hand.
 */
export function makeDirs(dir: string): string | undefined {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!statSync(d, { throwIfNoEntry: false })) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) mkdirSync(m);
  return missing[0];
}

/** Writes `data` to `path` through a temporary file beside it, so a failure never leaves half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw writeError(path, err);
  }
}

/**
 * A folder of output that appears all at once: files are written into a hidden staging
 * folder inside `dir` and moved into place by `commit()`; `abort()` removes everything
 * this run created, including `dir` itself when it did not exist before.
 */
export class StagedDir {
  readonly staging: string;
  private created: string | undefined;
  private readonly files: string[] = [];

  constructor(readonly dir: string) {
    try {
      const st = statSync(dir, { throwIfNoEntry: false });
      if (st && !st.isDirectory()) throw Object.assign(new Error("not a directory"), { code: "EEXIST" });
      if (!st) this.created = makeDirs(dir);
      this.staging = join(dir, `.actlab-staging-${process.pid}`);
      mkdirSync(this.staging);
    } catch (err) {
      this.abort();
      throw writeError(dir, err);
    }
  }

  write(rel: string, data: string | Uint8Array): void {
    const path = join(this.staging, rel);
    try {
      makeDirs(dirname(path));
      writeFileSync(path, data);
    } catch (err) {
      this.abort();
      throw writeError(join(this.dir, rel), err);
    }
    this.files.push(rel);
  }

  /** Moves every staged file into `dir`; returns their paths relative to `dir`. */
  commit(): string[] {
    try {
      for (const rel of this.files) {
        makeDirs(dirname(join(this.dir, rel)));
        renameSync(join(this.staging, rel), join(this.dir, rel));
      }
    } catch (err) {
      this.abort();
      throw writeError(this.dir, err);
    }
    rmSync(this.staging ?? "", { recursive: true, force: true });
    return [...this.files];
  }

  abort(): void {
    // `staging` is unset when the constructor failed before creating it.
    if (this.staging) rmSync(this.staging, { recursive: true, force: true });
    if (this.created) rmSync(this.created, { recursive: true, force: true });
  }
}
