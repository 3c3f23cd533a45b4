/**
 * Issue 24, item 4 at the CLI: `eval` and `plot` never print NaN for a number that is not NaN,
 * and never draw a curve with silent gaps. Run as a user would: the built bin in a child process.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "packages/cli/bin/actlab.js");

function actlab(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("actlab eval with the parameters that used to give NaN", () => {
  it.each([
    ["softplus", "--param", "beta=1e-302", "--", "-1", "0", "1", "1e295"],
    ["celu", "--alpha", "1e301", "--", "-1", "-1e300"],
    ["leaky-relu", "--alpha", "0", "--", "-inf", "-1e308"],
    ["prelu", "--alpha", "0", "--", "-inf"],
    ["rrelu", "--param", "lower=0", "--param", "upper=0", "--", "-inf"],
  ])("actlab eval %s … prints numbers, no NaN", (id, ...args) => {
    const r = actlab("eval", id, "--json", ...args);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const points = (JSON.parse(r.out) as { points: { x: unknown; f: unknown; df: unknown }[] }).points;
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) {
      expect(typeof p.f === "number" || p.f === "Infinity" || p.f === "-Infinity", JSON.stringify(p)).toBe(true);
      expect(typeof p.df, JSON.stringify(p)).toBe("number");
    }
  });

  it("the zero slope at −∞ prints 0 in the table", () => {
    const r = actlab("eval", "leaky-relu", "--alpha", "0", "--", "-inf");
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")[1].trim().split(/\s+/)).toEqual(["-Infinity", "0", "0"]);
  });

  it("NaN in still gives NaN out (that is not a bug)", () => {
    const r = actlab("eval", "relu", "nan", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).points[0]).toEqual({ x: "NaN", f: "NaN", df: "NaN" });
  });
});

describe("actlab plot refuses a curve it cannot draw instead of leaving it out", () => {
  it("softplus with β = 5e−324 (values beyond the largest double) is one line naming the point, exit 2", () => {
    const r = actlab("plot", "softplus", "--param", "beta=5e-324");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe('actlab: cannot draw softplus with {"beta":5e-324}: f(-6) = Infinity (choose parameters whose values are finite on the domain)\n');
  });

  it("the parameters that used to give NaN now draw both curves", () => {
    for (const args of [
      ["softplus", "--param", "beta=1e-302"],
      ["celu", "--alpha", "1e301", "--domain=-1e302,1"],
      ["leaky-relu", "--alpha", "0", "--domain=-1e307,1e307"],
    ]) {
      const r = actlab("plot", ...args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.out).toMatch(/^<svg/);
      expect(r.out).not.toMatch(/NaN/);
    }
  });
});
