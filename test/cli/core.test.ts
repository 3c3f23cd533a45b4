/** The core CLI commands (`list`, `eval`) and the package entry, run as a user would: built, in a child process. */
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { activations, catalog, getActivation, groups } from "../../packages/actlab/src/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  // `npm test` builds first; build here too so the file also runs alone.
  execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
});

describe("actlab --version", () => {
  it("prints the version of the CLI's package.json, not a number written into the code", async () => {
    const { readFileSync } = await import("node:fs");
    const pkg = JSON.parse(readFileSync(new URL("../../packages/cli/package.json", import.meta.url), "utf8")) as { version: string };
    for (const flag of ["-V", "--version"]) {
      const r = run(flag);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(pkg.version);
    }
  });
});

describe("actlab list", () => {
  it("actlab list names every function of the article with its formula", () => {
    const r = run("list");
    expect(r.code).toBe(0);
    for (const a of catalog) {
      expect(r.out).toContain(a.id);
      expect(r.out).toContain(a.latex.f);
    }
  });

  it("actlab list groups the functions under headings, the article's eight first", () => {
    const out = run("list").out;
    const heads = groups.map((g) => out.indexOf(`# ${g.title.en}`));
    expect(heads[0]).toBe(0);
    expect(heads[1]).toBeGreaterThan(out.indexOf("softmax"));
    expect(out.indexOf("gelu ")).toBeGreaterThan(heads[1]);
    expect(out).toContain("lower=0.125 [0, 1]; upper=0.333333333333 [0, 1]");
  });

  it("actlab list --lang zh shows the Chinese names", () => {
    const r = run("list", "--lang", "zh");
    expect(r.out).toContain("S型生长曲线");
    expect(r.out).toContain("归一化指数函数");
  });

  it("actlab list --json is the registry metadata", () => {
    const data = JSON.parse(run("list", "--json").out);
    expect(data.map((d: { id: string }) => d.id)).toEqual(catalog.map((a) => a.id));
    expect(data.map((d: { group: string }) => d.group)).toEqual(catalog.map((a) => (groups[0].ids.includes(a.id) ? "article" : "more")));
  });
});

describe("actlab eval", () => {
  it("actlab eval <id> <x...> --json gives f and f′ equal to the library's", () => {
    const r = run("eval", "elu", "--alpha", "0.5", "--json", "--", "-1", "0", "2.5", "-1e-20");
    expect(r.code).toBe(0);
    const data = JSON.parse(r.out);
    const elu = getActivation("elu");
    for (const pt of data.points) {
      expect(pt.f).toBe(elu.f(pt.x, { alpha: 0.5 }));
      expect(pt.df).toBe(elu.df(pt.x, { alpha: 0.5 }));
    }
    expect(data.points[3].f).toBe(-5e-21);
  });

  it("actlab eval takes every new id and any parameter by --param (gelu's tail, hardtanh's bounds)", () => {
    const g = JSON.parse(run("eval", "gelu", "--json", "--", "-37", "1").out);
    expect(g.points[0].f).toBe(getActivation("gelu").f(-37));
    expect(g.points[0].f).toBeLessThan(0);
    const h = JSON.parse(run("eval", "hardtanh", "--param", "min=-2", "--param", "max=0.5", "--json", "--", "-3", "1", "-2").out);
    expect(h.params).toEqual({ min: -2, max: 0.5 });
    expect(h.points.map((p: { f: number }) => p.f)).toEqual([-2, 0.5, -2]);
    expect(h.points[2].df).toBe(1);
  });

  it("actlab eval prints a table with NaN and infinities spelled out", () => {
    const r = run("eval", "sigmoid", "nan", "inf", "--", "-inf");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[1]).toMatch(/NaN\s+NaN\s+NaN/);
    expect(r.out).toMatch(/Infinity\s+1\s+0/);
  });

  it("actlab eval softmax gives probabilities that sum to 1", () => {
    const data = JSON.parse(run("eval", "softmax", "1", "2", "3", "--json").out);
    expect(data.softmax.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 15);
  });

  it.each([
    [["eval", "swish", "1"], /^actlab: unknown activation: swish \(known: sigmoid, tanh, relu, leaky-relu, elu, prelu, selu, softmax, gelu, .*, rrelu, linear\)\n$/],
    [["eval", "rrelu", "--param", "lower=0.5", "--param", "upper=0.1", "--", "-1"], /invalid lower for rrelu: 0.5 \(must be at most upper = 0.1\)/],
    [["eval", "softmax", "--param", "beta=1", "1"], /softmax has no parameters \(got --param\)/],
    [["eval", "relu", "abc"], /invalid x: 'abc'/],
    [["eval", "elu", "--alpha", "-1", "1"], /invalid alpha for elu: -1 \(must be a finite number in \(0, ∞\)\)/],
    [["eval", "relu", "--alpha", "0.1", "1"], /relu has no parameter alpha/],
    [["list", "--lang", "fr"], /invalid language: 'fr'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("actlab %j fails with one line, exit 2, no stack trace", (args, message) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("actlab --help and actlab eval --help describe the commands", () => {
    const top = run("--help");
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/list/);
    expect(top.out).toMatch(/eval/);
    const ev = run("eval", "--help");
    expect(ev.out).toMatch(/--alpha/);
    expect(ev.out).toMatch(/Examples/);
  });
});

describe("the actlab package", () => {
  it("import('actlab') resolves to the built entry with named exports only", () => {
    const code = `import("actlab").then((m) => console.log(JSON.stringify({ keys: Object.keys(m), hasDefault: "default" in m, ids: m.activations.map((a) => a.id), y: m.getActivation("relu").f(-1) })))`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
    const data = JSON.parse(out);
    expect(data.hasDefault).toBe(false);
    expect(data.ids).toEqual(activations.map((a) => a.id));
    expect(data.keys).toEqual(expect.arrayContaining(["getActivation", "softmax", "logSoftmax", "softmaxBackward", "activations"]));
    expect(data.y).toBe(0);
  });
});
