/**
 * The CLI's file writing (src/cli/files.ts) seen on disk: a staged folder that is abandoned
 * leaves nothing behind, a committed one appears whole, an atomic write replaces a file at once.
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeDirs, StagedDir, writeError, writeFileAtomic } from "../../packages/cli/src/files.js";
import { UsageError } from "../../packages/cli/src/errors.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "actlab-files-"));

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
    expect(writeError("/p", { code: "EWHATEVER" }).message).toBe("cannot write '/p': EWHATEVER");
    expect(writeError("/p", "boom").message).toBe("cannot write '/p': boom");
    expect(writeError("/p", undefined).message).toBe("cannot write '/p': undefined");
    expect(writeError("/p", { code: "ENOENT" })).toBeInstanceOf(UsageError);
  });
});
