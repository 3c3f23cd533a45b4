/** Issue 14: what a probe of bad inputs broke in the CLI, run as a user would (built, in a child process). */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, env: opts.env ?? process.env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Exit 2, exactly one line on stderr matching `re`, no stack trace. */
function usage(r: { code: number | null; err: string }, re: RegExp): void {
  expect(r.code, r.err).toBe(2);
  const lines = r.err.trimEnd().split("\n");
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^actlab: /);
  expect(lines[0]).toMatch(re);
}

const tmp = () => mkdtempSync(join(tmpdir(), "actlab-h14-"));

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
});

describe("usage errors are one line, exit 2", () => {
  it.each([
    [["list", "--bogus"], /unknown option '--bogus'/],
    [["eval"], /missing required argument 'id'/],
    [["plot"], /missing required argument/],
    [["eval", "sigmoid", "1x"], /invalid x: '1x'/],
    [["eval", "sigmoid", "0x10"], /invalid x: '0x10'/],
    [["train", "linear", "--lr", "0.1x"], /invalid learning rate: '0.1x'/],
  ])("actlab %j", (args, re) => usage(run(args), re));
});

describe("actlab eval with negative values after the id", () => {
  it("actlab eval sigmoid inf -inf nan -1e3 evaluates every point", () => {
    const r = run(["eval", "sigmoid", "inf", "-inf", "nan", "-1e3", "--json"]);
    expect(r.code, r.err).toBe(0);
    const o = JSON.parse(r.out);
    expect(o.points.map((p: { x: unknown }) => p.x)).toEqual(["Infinity", "-Infinity", "NaN", -1000]);
    expect(o.points[1].f).toBe(0);
  });
  it("actlab eval elu --alpha 0.5 -inf -1 keeps --alpha an option", () => {
    const r = run(["eval", "elu", "--alpha", "0.5", "-inf", "-1", "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).points[0]).toEqual({ x: "-Infinity", f: -0.5, df: 0 });
  });
});

describe("actlab plot --out", () => {
  it("actlab plot sigmoid --out FILE/x.svg (FILE a regular file) is one line, exit 2", () => {
    const d = tmp();
    writeFileSync(join(d, "FILE"), "");
    usage(run(["plot", "sigmoid", "--out", "FILE/x.svg"], { cwd: d }), /cannot write 'FILE\/x.svg': a parent is not a directory/);
  });
  it("actlab plot sigmoid --out NAME with a 250-character name writes it; past 255 it is one line, exit 2", () => {
    const d = tmp();
    const ok = `${"a".repeat(246)}.svg`;
    expect(run(["plot", "sigmoid", "--out", ok], { cwd: d }).code).toBe(0);
    expect(readFileSync(join(d, ok), "utf8")).toMatch(/^<svg/);
    usage(run(["plot", "sigmoid", "--out", `${"b".repeat(256)}.svg`], { cwd: d }), /the name is too long/);
    expect(readdirSync(d)).toEqual([ok]);
  });
  it("actlab plot sigmoid --domain=-1e308,1e308 is refused (the chart would be empty)", () => {
    usage(run(["plot", "sigmoid", "--domain=-1e308,1e308"]), /invalid domain: '-1e308,1e308' \(the width hi − lo must be a finite number/);
    expect(run(["plot", "sigmoid", "--domain=-1e307,1e307"]).code).toBe(0);
  });
});

describe("actlab figures: no partial output", () => {
  it("actlab figures --out '' is refused and writes nothing", () => {
    const d = tmp();
    usage(run(["figures", "--out", "", "--format", "svg"], { cwd: d }), /invalid --out: the folder name is empty/);
    expect(readdirSync(d)).toEqual([]);
  });
  it("actlab figures --out d with d/tanh.svg a folder names it and leaves d/sigmoid.svg alone", () => {
    const d = tmp();
    mkdirSync(join(d, "out", "tanh.svg"), { recursive: true });
    writeFileSync(join(d, "out", "sigmoid.svg"), "mine");
    usage(run(["figures", "--out", "out", "--format", "svg"], { cwd: d }), /cannot write 'out\/tanh.svg': a folder of that name is in the way; nothing was written/);
    expect(readFileSync(join(d, "out", "sigmoid.svg"), "utf8")).toBe("mine");
    expect(readdirSync(join(d, "out")).sort()).toEqual(["sigmoid.svg", "tanh.svg"]);
  });
  it("actlab figures --out d with d/thumbs a file writes no figure", () => {
    const d = tmp();
    mkdirSync(join(d, "out"));
    writeFileSync(join(d, "out", "thumbs"), "");
    usage(run(["figures", "--out", "out", "--format", "svg"], { cwd: d }), /cannot write 'out\/thumbs\/sigmoid.svg': 'out\/thumbs' is a file, not a folder/);
    expect(readdirSync(join(d, "out"))).toEqual(["thumbs"]);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`actlab figures stopped by ${signal} removes its staging folder`, async () => {
      const d = tmp();
      const child = spawn(process.execPath, [bin, "figures", "--out", "out", "--format", "png,svg"], { cwd: d, stdio: "ignore" });
      const staging = join(d, "out", `.actlab-staging-${child.pid}`);
      // Wait until the run has staged at least one file, then interrupt it.
      for (let t = 0; t < 600 && !(existsSync(staging) && readdirSync(staging).length > 0); t++) await new Promise((r) => setTimeout(r, 25));
      expect(existsSync(staging), "the run never started staging").toBe(true);
      const code = await new Promise<number | null>((ok) => {
        child.on("exit", (c) => ok(c));
        child.kill(signal);
      });
      expect(code).toBe(signal === "SIGINT" ? 130 : 143);
      expect(existsSync(join(d, "out"))).toBe(false); // the run created out/, so it removes it
    }, 60_000);
  }
});

describe("actlab train", () => {
  it.each([["0"], ["1000000"]])("actlab train linear --batch %s in sgd mode is refused, not ignored", (n) => {
    usage(run(["train", "linear", "--batch", n]), new RegExp(`--batch ${n} applies only to --mode minibatch`));
  });
  it("actlab train prelu --alpha 1e300 is refused without blaming the learning rate", () => {
    const r = run(["train", "prelu", "--alpha", "1e300", "--json"]);
    usage(r, /too large to fit.*smaller alpha/);
    expect(r.err).not.toMatch(/learning rate/);
  });
  it.each([
    ["1;2\n3;4\n5;6\n", "';'"],
    ["1\t2\n3\t4\n5\t6\n", "tabs"],
  ])("actlab train linear --data with %j names the separator", (text, name) => {
    const d = tmp();
    writeFileSync(join(d, "p.csv"), text);
    usage(run(["train", "linear", "--data", "p.csv"], { cwd: d }), new RegExp(`p.csv: line 1: fields are separated by ${name}, expected a comma`));
  });
});

describe("--lang zh without a CJK font", () => {
  // ACTLAB_CJK_FONTS names font files that do not exist, and fc-list is off the PATH.
  const env = { ...process.env, ACTLAB_CJK_FONTS: "/nonexistent/NotoSansCJK.ttc", PATH: "/nonexistent" };
  it("actlab plot tanh --lang zh --out x.png warns once, naming fonts-noto-cjk, and still writes", () => {
    const d = tmp();
    const r = run(["plot", "tanh", "--lang", "zh", "--out", "x.png"], { cwd: d, env });
    expect(r.code).toBe(0);
    expect(r.err.trimEnd().split("\n")).toEqual([expect.stringMatching(/^actlab: warning: no Chinese \(CJK\) font found.*fonts-noto-cjk/)]);
    expect(existsSync(join(d, "x.png"))).toBe(true);
  });
  it("actlab plot tanh --lang zh --out x.png with the font installed prints nothing on stderr", () => {
    const d = tmp();
    const r = run(["plot", "tanh", "--lang", "zh", "--out", "x.png"], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.err, "is fonts-noto-cjk installed? (sudo apt install fonts-noto-cjk)").toBe("");
  });
});
