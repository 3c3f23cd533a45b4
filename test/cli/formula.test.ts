/** Formulas wherever the CLI takes a function id (issue 20), run as a user would: built, in a child process. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { toyCsv } from "../data/files.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
});

describe("actlab with a formula in place of an id", () => {
  it("eval takes a formula and gives f and f′", () => {
    const r = run("eval", "x*sigmoid(1.702*x)", "0", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { id: string; points: { x: number; f: number; df: number }[] };
    expect(j.id).toBe("x*sigmoid(1.702*x)");
    expect(j.points[0]).toEqual({ x: 0, f: 0, df: 0.5 });
    const p = JSON.parse(run("eval", "x*sigmoid(beta*x); beta = 1", "--param", "beta=2", "1", "--json").out) as { points: { f: number }[] };
    expect(p.points[0].f).toBe(1 / (1 + Math.exp(-2)));
  });

  it("a bad formula exits 2 with the caret message; an unknown word lists the ids", () => {
    const r = run("eval", "x*sigmoid(x", "1");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe('actlab: expected "," or ")" to close sigmoid( at column 10 but found the end of the formula at column 12\n  x*sigmoid(x\n             ^\n');
    const u = run("eval", "swish", "1");
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/^actlab: unknown activation: swish \(known: sigmoid, tanh,/);
    const w = run("plot", "x*foo(x)");
    expect(w.code).toBe(2);
    expect(w.err).toContain("unknown function foo (known: exp,");
  });

  it("a formula whose values are not finite on [−10, 10] runs with a warning naming the point", () => {
    const r = run("eval", "log(x)", "1");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: log\(x\): f is not finite at x = -9\.9\d* \(NaN\)\n$/);
  });

  it("plot draws a formula with its derivative", () => {
    const dir = mkdtempSync(join(tmpdir(), "actlab-formula-"));
    const out = join(dir, "mish.svg");
    const r = run("plot", "x*tanh(softplus(x))", "--out", out);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("x*tanh(softplus(x))");
  });

  it("train mlp --activation takes a formula", () => {
    const r = run("train", "mlp", "--activation", "x*sigmoid(x)", "--epochs", "2", "--no-live", "--json");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const bad = run("train", "mlp", "--activation", "x*(sigmoid(x)", "--epochs", "2", "--no-live");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("^");
  });

  it("train mlp --data takes a formula too", () => {
    const file = join(mkdtempSync(join(tmpdir(), "actlab-formula-data-")), "toy.csv");
    writeFileSync(file, toyCsv(60));
    const r = run("train", "mlp", "--activation", "x*tanh(softplus(x))", "--data", file, "--label", "kind", "--epochs", "2", "--json");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toContain('"activation":"x*tanh(softplus(x))"');
    const bad = run("train", "mlp", "--activation", "x*tanh(softplus(x)", "--data", file, "--epochs", "2");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("^");
  });

  it("experiment run takes formulas among the functions, commas inside parentheses kept, seeds on worker threads", () => {
    const dir = mkdtempSync(join(tmpdir(), "actlab-formula-exp-"));
    const r = run("experiment", "run", "gradient-flow", "--quick", "--seeds", "2", "--functions", 'relu,"max(x, 0.1*x)"', "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { config: { functions: string[] }; perSeed: unknown[] };
    expect(j.config.functions).toEqual(["relu", "max(x, 0.1*x)"]);
    expect(j.perSeed).toHaveLength(2);
    expect(JSON.stringify(j.perSeed)).toContain("max(x, 0.1*x)");
    const bad = run("experiment", "run", "gradient-flow", "--quick", "--functions", "relu,x*sigmoid(x", "--out", dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("x*sigmoid(x\n");
    expect(readdirSync(dir)).toEqual([]);
  });
});
