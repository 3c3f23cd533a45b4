/**
 * The CLI's file writing (src/cli/files.ts) seen on disk: a staged folder that is abandoned
 * leaves nothing behind, a committed one appears whole, an atomic write replaces a file at once.
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeDirs, StagedDir, writeError, writeFileAtomic } from "../../packages/cli/src/files.js";
import { UsageError } from "../../packages/cli/src/errors.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "actlab-files-"));
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("StagedDir", () => {
  it("new StagedDir(dir).abort() removes every folder the run created, dir included", () => {
    const base = tmp();
    const dir = join(base, "a", "b", "out");
    const s = new StagedDir(dir);
    s.write("one.svg", "<svg/>");
    s.write("thumbs/two.svg", "<svg/>");
    expect(existsSync(join(base, "a"))).toBe(true);
    s.abort();
    expect(readdirSync(base)).toEqual([]);
  });

  it("StagedDir(existing).abort() leaves the folder as it was", () => {
    const dir = tmp();
    writeFileSync(join(dir, "keep.txt"), "mine");
    const s = new StagedDir(dir);
    s.write("new.svg", "<svg/>");
    s.abort();
    expect(readdirSync(dir)).toEqual(["keep.txt"]);
    expect(readFileSync(join(dir, "keep.txt"), "utf8")).toBe("mine");
  });

  it("nothing shows in dir before commit(); commit() moves every file in and returns their names", () => {
    const dir = join(tmp(), "out");
    const s = new StagedDir(dir);
    s.write("one.svg", "1");
    s.write("thumbs/two.svg", "2");
    expect(readdirSync(dir).filter((f) => !f.startsWith(".actlab-staging-"))).toEqual([]);
    expect(s.commit()).toEqual(["one.svg", "thumbs/two.svg"]);
    expect(readdirSync(dir).sort()).toEqual(["one.svg", "thumbs"]);
    expect(readFileSync(join(dir, "thumbs", "two.svg"), "utf8")).toBe("2");
  });

  it("a write that fails removes the staged files and the folders it made, and names the file", () => {
    const base = tmp();
    const dir = join(base, "made", "out");
    const s = new StagedDir(dir);
    s.write("a.svg", "a");
    // A staged file in the way of a folder: writing below it must fail.
    expect(() => s.write("a.svg/b.svg", "b")).toThrow(new UsageError(`cannot write '${join(dir, "a.svg/b.svg")}': a parent is not a directory`));
    expect(readdirSync(base)).toEqual([]);
  });

  it("new StagedDir('') and new StagedDir('  ') are usage errors asking for a folder name", () => {
    for (const dir of ["", "  "]) expect(() => new StagedDir(dir)).toThrow(new UsageError("invalid --out: the folder name is empty (name a folder, e.g. --out figures)"));
  });

  it("commit() with a folder where a file goes writes nothing, removes its staging and says what is in the way", () => {
    const dir = tmp();
    mkdirSync(join(dir, "two.svg"));
    const s = new StagedDir(dir);
    s.write("one.svg", "1");
    s.write("two.svg", "2");
    expect(() => s.commit()).toThrow(new UsageError(`cannot write '${join(dir, "two.svg")}': a folder of that name is in the way; nothing was written`));
    expect(readdirSync(dir)).toEqual(["two.svg"]);
  });

  it("commit() with a file where a folder goes writes nothing and names the file", () => {
    const dir = tmp();
    writeFileSync(join(dir, "thumbs"), "mine");
    const s = new StagedDir(dir);
    s.write("one.svg", "1");
    s.write("thumbs/a/two.svg", "2");
    expect(() => s.commit()).toThrow(new UsageError(`cannot write '${join(dir, "thumbs/a/two.svg")}': '${join(dir, "thumbs")}' is a file, not a folder; nothing was written`));
    expect(readdirSync(dir)).toEqual(["thumbs"]);
    expect(readFileSync(join(dir, "thumbs"), "utf8")).toBe("mine");
  });

  it("commit() into folders that exist, or that it makes, moves the files below them", () => {
    const dir = tmp();
    mkdirSync(join(dir, "thumbs"));
    writeFileSync(join(dir, "thumbs", "old.svg"), "old");
    const s = new StagedDir(dir);
    s.write("thumbs/new.svg", "new");
    s.write("deep/er/x.svg", "x");
    expect(s.commit()).toEqual(["thumbs/new.svg", "deep/er/x.svg"]);
    expect(readdirSync(join(dir, "thumbs")).sort()).toEqual(["new.svg", "old.svg"]);
    expect(readFileSync(join(dir, "deep", "er", "x.svg"), "utf8")).toBe("x");
    expect(readdirSync(dir).sort()).toEqual(["deep", "thumbs"]);
  });

  it("commit() replaces files of the same name, in dir and below it", () => {
    const dir = tmp();
    mkdirSync(join(dir, "thumbs"));
    writeFileSync(join(dir, "one.svg"), "old 1");
    writeFileSync(join(dir, "thumbs", "two.svg"), "old 2");
    const s = new StagedDir(dir);
    s.write("one.svg", "new 1");
    s.write("thumbs/two.svg", "new 2");
    expect(s.commit()).toEqual(["one.svg", "thumbs/two.svg"]);
    expect(readFileSync(join(dir, "one.svg"), "utf8")).toBe("new 1");
    expect(readFileSync(join(dir, "thumbs", "two.svg"), "utf8")).toBe("new 2");
    expect(readdirSync(dir).sort()).toEqual(["one.svg", "thumbs"]);
  });

  it("commit() through a symbolic link loop writes nothing and says why in words", () => {
    const dir = tmp();
    symlinkSync(join(dir, "thumbs"), join(dir, "thumbs"));
    const s = new StagedDir(dir);
    s.write("thumbs/two.svg", "2");
    expect(() => s.commit()).toThrow(new UsageError(`cannot write '${join(dir, "thumbs/two.svg")}': too many symbolic links; nothing was written`));
    expect(readdirSync(dir)).toEqual(["thumbs"]);
  });

  it("new StagedDir(dir) listens for Ctrl-C, SIGTERM and SIGHUP until commit() or abort(); handleSignals: false leaves them alone", () => {
    const count = () => SIGNALS.map((sig) => process.listenerCount(sig));
    const before = count();
    const s = new StagedDir(join(tmp(), "out"));
    expect(count()).toEqual(before.map((n) => n + 1));
    s.commit();
    expect(count()).toEqual(before);
    const t = new StagedDir(join(tmp(), "out"));
    t.abort();
    expect(count()).toEqual(before);
    const quiet = new StagedDir(join(tmp(), "out"), { handleSignals: false });
    expect(count()).toEqual(before);
    quiet.abort();
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("%s mid-run removes the staging folder and the folders the run made, then exits %i", (sig, code) => {
    const base = tmp();
    const known = process.listeners(sig);
    const s = new StagedDir(join(base, "a", "out"));
    s.write("one.svg", "1");
    const handler = process.listeners(sig).find((l) => !known.includes(l))!;
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    (handler as (signal: string) => void)(sig);
    expect(exit).toHaveBeenCalledWith(code);
    expect(readdirSync(base)).toEqual([]);
    expect(SIGNALS.every((x) => !process.listeners(x).includes(handler))).toBe(true);
  });

  it("new StagedDir(path of a file) is a usage error and leaves the file alone", () => {
    const base = tmp();
    const f = join(base, "file");
    writeFileSync(f, "x");
    expect(() => new StagedDir(f)).toThrow(`cannot write '${f}': a file is in the way`);
    expect(readFileSync(f, "utf8")).toBe("x");
    expect(readdirSync(base)).toEqual(["file"]);
    expect(() => new StagedDir(join(f, "sub"))).toThrow(`cannot write '${join(f, "sub")}': a parent is not a directory`);
  });
});

describe("writeFileAtomic(path, data)", () => {
  it("replaces the file by a new one: the old file's other name keeps the old bytes", () => {
    const dir = tmp();
    const f = join(dir, "x.svg");
    writeFileSync(f, "old");
    linkSync(f, join(dir, "old.svg"));
    writeFileAtomic(f, "new");
    expect(readFileSync(f, "utf8")).toBe("new");
    expect(readFileSync(join(dir, "old.svg"), "utf8")).toBe("old");
    expect(readdirSync(dir).sort()).toEqual(["old.svg", "x.svg"]);
  });

  it("writeFileAtomic('') is a usage error: the file name is empty", () => {
    expect(() => writeFileAtomic("", "a")).toThrow(new UsageError("cannot write '': the file name is empty"));
  });

  it.runIf(process.platform === "linux")("writeFileAtomic('/proc/sys') says the path is a directory, not that its parent refuses files", () => {
    expect(() => writeFileAtomic("/proc/sys", "a")).toThrow(new UsageError("cannot write '/proc/sys': it is a directory"));
  });

  it("into a missing folder is a one-line usage error and leaves no temporary file", () => {
    const dir = tmp();
    expect(() => writeFileAtomic(join(dir, "no", "x.svg"), "a")).toThrow(new UsageError(`cannot write '${join(dir, "no", "x.svg")}': no such directory`));
    mkdirSync(join(dir, "d"));
    expect(() => writeFileAtomic(join(dir, "d"), "a")).toThrow(/^cannot write '.*': it is a directory$/);
    expect(readdirSync(dir)).toEqual(["d"]);
    expect(readdirSync(join(dir, "d"))).toEqual([]);
  });
});

describe("makeDirs and writeError", () => {
  it("makeDirs(a/b/c) returns the topmost folder it created, undefined when none", () => {
    const base = tmp();
    expect(makeDirs(join(base, "a", "b", "c"))).toBe(join(base, "a"));
    expect(existsSync(join(base, "a", "b", "c"))).toBe(true);
    expect(makeDirs(join(base, "a", "b"))).toBeUndefined();
  });

  it("writeError names the path and the reason in words, or the code when it has no words", () => {
    expect(writeError("/p", { code: "ENOSPC" }).message).toBe("cannot write '/p': no space left on device");
    expect(writeError("/p", { code: "EROFS" }).message).toBe("cannot write '/p': read-only file system");
    expect(writeError("/p", { code: "EACCES" }).message).toBe("cannot write '/p': permission denied");
    expect(writeError("/p", { code: "EPERM" }).message).toBe("cannot write '/p': permission denied");
    expect(writeError("/p", { code: "ENAMETOOLONG" }).message).toBe("cannot write '/p': the name is too long");
    expect(writeError("/p", { code: "ELOOP" }).message).toBe("cannot write '/p': too many symbolic links");
    expect(writeError("/p", { code: "EEXIST" }).message).toBe("cannot write '/p': a file is in the way");
    expect(writeError("/p", { code: "EWHATEVER" }).message).toBe("cannot write '/p': EWHATEVER");
    expect(writeError("/p", "boom").message).toBe("cannot write '/p': boom");
    expect(writeError("/p", undefined).message).toBe("cannot write '/p': undefined");
    expect(writeError("/p", { code: "ENOENT" })).toBeInstanceOf(UsageError);
  });
});
