import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { signalExitCode, STOP_SIGNALS, UsageError } from "./errors.js";

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such directory",
  ENOTDIR: "a parent is not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  EISDIR: "it is a directory",
  EEXIST: "a file is in the way",
  ENOSPC: "no space left on device",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
};

/** rm -rf that never throws (a path that is not there included): cleaning up after a failure must not hide the failure. */
function remove(path: string): void {
  try {
    rmSync(path, { recursive: true });
  } catch {}
}

const SIGNALS: NodeJS.Signals[] = STOP_SIGNALS.map(([s]) => s);

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
  if (path === "") throw new UsageError("cannot write '': the file name is empty");
  // A short temporary name: one built from the target's name would pass 255 bytes before it does.
  const tmp = join(dirname(path), `.actlab-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    remove(tmp);
    // Name the real problem with the user's path, not with the temporary one.
    let st;
    try {
      st = statSync(path);
    } catch {}
    throw writeError(path, st?.isDirectory() ? Object.assign(new Error(), { code: "EISDIR" }) : err);
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
  private readonly onSignal = (sig: NodeJS.Signals) => {
    this.abort();
    process.exit(signalExitCode(sig));
  };

  /**
   * `handleSignals: false` leaves Ctrl-C, SIGTERM and SIGHUP to the caller (which must call abort()):
   * the experiment commands stop their workers and say so before the folder goes.
   */
  constructor(
    readonly dir: string,
    opts: { handleSignals?: boolean } = {},
  ) {
    if (dir.trim() === "") throw new UsageError("invalid --out: the folder name is empty (name a folder, e.g. --out figures)");
    this.staging = join(dir, `.actlab-staging-${process.pid}`);
    try {
      const st = statSync(dir, { throwIfNoEntry: false });
      if (st && !st.isDirectory()) throw Object.assign(new Error(), { code: "EEXIST" });
      this.created = makeDirs(dir);
      mkdirSync(this.staging);
      // Ctrl-C, SIGTERM or SIGHUP mid-run: remove the staging folder (and what this run created), then exit.
      if (opts.handleSignals !== false) for (const sig of SIGNALS) process.on(sig, this.onSignal);
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
    // Check every destination before moving anything, so a blocked one leaves `dir` untouched.
    for (const rel of this.files) {
      const problem = this.blocked(rel);
      if (problem) {
        this.abort();
        throw new UsageError(`cannot write '${join(this.dir, rel)}': ${problem}; nothing was written`);
      }
    }
    try {
      for (const rel of this.files) {
        makeDirs(dirname(join(this.dir, rel)));
        renameSync(join(this.staging, rel), join(this.dir, rel));
      }
    } catch (err) {
      this.abort();
      throw writeError(this.dir, err);
    }
    this.release();
    remove(this.staging);
    return [...this.files];
  }

  /** Why `rel` cannot be moved into place (a folder where the file goes, a file where a folder goes), or undefined. */
  private blocked(rel: string): string | undefined {
    const parts = rel.split("/");
    let at = this.dir;
    for (let i = 0; i < parts.length; i++) {
      at = join(at, parts[i]);
      let st;
      try {
        st = statSync(at, { throwIfNoEntry: false });
      } catch (err) {
        return REASONS[(err as NodeJS.ErrnoException).code as string] ?? String(err);
      }
      if (!st) return undefined;
      const last = i === parts.length - 1;
      if (last && st.isDirectory()) return "a folder of that name is in the way";
      if (!last && !st.isDirectory()) return `'${at}' is a file, not a folder`;
    }
    return undefined;
  }

  private release(): void {
    for (const sig of SIGNALS) process.removeListener(sig, this.onSignal);
  }

  abort(): void {
    this.release();
    // The staging folder may not exist yet (the constructor failed before making it): remove ignores that.
    remove(this.staging);
    if (this.created) remove(this.created);
  }
}
