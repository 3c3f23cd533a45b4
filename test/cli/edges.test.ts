/**
 * Edges of the CLI the other tests pass over, run as a user would: the built bin in a child
 * process (npm test builds dist first), real files, a pseudo-terminal where one is promised.
 * Expected values come from outside the implementation: computed by hand here, the article's
 * own loop, or figures printed in the README.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "packages/cli/bin/actlab.js");

function actlab(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", timeout: 120_000, maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function jsonLines(out: string): Record<string, unknown>[] {
  return out.trim().split("\n").map((l) => JSON.parse(l));
}

const tmp = (): string => mkdtempSync(join(tmpdir(), "actlab-edges-"));

describe("numbers the user types", () => {
  it.each(["1x", "1abc", "0x10", "1,5", "2e", "--1"])("actlab eval relu %s is a usage error, not a number", (text) => {
    const r = actlab("eval", "relu", "--", text);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^actlab: invalid x: '/);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("actlab train linear --data f.csv rejects a cell '1abc' naming its line", () => {
    const dir = tmp();
    const f = join(dir, "d.csv");
    writeFileSync(f, "x,y\n0,1\n1abc,3\n2,5\n");
    const r = actlab("train", "linear", "--data", f);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`actlab: ${f}: line 3: column x is not a number: '1abc'\n`);
  });

  it("actlab eval softmax 1 2 3 prints e^xᵢ / Σ e^xⱼ and its log, computed here by hand", () => {
    const data = JSON.parse(actlab("eval", "softmax", "1", "2", "3", "--json").out);
    const e = [Math.E, Math.E ** 2, Math.E ** 3];
    const s = e[0] + e[1] + e[2];
    e.forEach((v, i) => {
      expect(data.softmax[i]).toBeCloseTo(v / s, 14);
      expect(data.logSoftmax[i]).toBeCloseTo(i + 1 - Math.log(s), 14);
    });
    // 0.0900, 0.2447, 0.6652: the familiar values, not 1/3 each.
    expect(data.softmax[2]).toBeCloseTo(0.665240955774822, 14);
    const table = actlab("eval", "softmax", "0", "0").out;
    expect(table).toMatch(/0\s+0\.5\s+-0\.69314718055994\d*/);
  });
});

describe("actlab train linear options", () => {
  it("actlab train linear matches the README: converged at epoch 124 with w 2.932890, b 10.541960", () => {
    const lines = jsonLines(actlab("train", "linear", "--json").out);
    const last = lines[lines.length - 1] as { stopReason: string; message: string; final: Record<string, number>; closed: Record<string, number> };
    expect(last.stopReason).toBe("converged");
    expect(last.message).toMatch(/^converged at epoch 124: .* for 5 epoch\(s\) in a row$/);
    expect(last.final.epoch).toBe(124);
    expect(last.final.w.toFixed(6)).toBe("2.932890");
    expect(last.final.b.toFixed(6)).toBe("10.541960");
    expect(last.final.loss.toFixed(7)).toBe("0.0798425");
    expect(last.closed.w.toFixed(6)).toBe("2.962806");
    expect(last.closed.b.toFixed(6)).toBe("10.529753");
  });

  /** The first epoch at which |Δloss / loss| < tol has held for `patience` epochs in a row, from the printed losses. */
  function stopEpoch(rows: { epoch: number; loss: number }[], tol: number, patience: number): number {
    let calm = 0;
    for (let i = 1; i < rows.length; i++) {
      const rel = Math.abs((rows[i - 1].loss - rows[i].loss) / rows[i - 1].loss);
      calm = rel < tol ? calm + 1 : 0;
      if (calm >= patience) return rows[i].epoch;
    }
    return -1;
  }

  it.each([
    ["--tol", "1e-4", 1e-4, 5],
    ["--patience", "1", 1e-9, 1],
    ["--patience", "12", 1e-9, 12],
  ] as const)("actlab train linear %s %s stops where the printed losses say the rule holds", (flag, value, tol, patience) => {
    // Batch mode: the loss falls smoothly, so tol and patience each move the stopping epoch.
    const lines = jsonLines(actlab("train", "linear", "--mode", "batch", "--lr", "0.5", flag, value, "--json").out);
    const rows = lines.slice(0, -1) as { epoch: number; loss: number }[];
    const last = lines[lines.length - 1] as { stopReason: string; message: string; final: { epoch: number } };
    expect(last.stopReason).toBe("converged");
    expect(last.final.epoch).toBe(rows[rows.length - 1].epoch);
    expect(last.final.epoch).toBe(stopEpoch(rows, tol, patience));
    expect(last.message).toContain(`less than ${tol} (relative) for ${patience} epoch(s) in a row`);
  });

  it("actlab train linear --tol and --patience change where the run stops", () => {
    const stop = (...a: string[]) => (jsonLines(actlab("train", "linear", "--mode", "batch", "--lr", "0.5", "--json", ...a).out).pop() as { final: { epoch: number } }).final.epoch;
    const base = stop();
    expect(stop("--tol", "1e-4")).toBeLessThan(base);
    expect(stop("--patience", "1")).toBeLessThan(base);
    expect(stop("--patience", "12")).toBeGreaterThan(base);
  });

  it("actlab train linear --init-w 0 --init-b 0 starts there and takes the article's steps, point by point", () => {
    const dir = tmp();
    const f = join(dir, "pts.csv");
    const xs = [0, 0.25, 0.5, 0.75, 1];
    const ys = [10.2, 11.1, 11.9, 12.8, 13.4];
    writeFileSync(f, "x,y\n" + xs.map((x, i) => `${x},${ys[i]}`).join("\n") + "\n");
    const rows = jsonLines(actlab("train", "linear", "--data", f, "--init-w", "0", "--init-b", "0", "--epochs", "3", "--json").out).slice(0, -1);
    expect(rows[0]).toMatchObject({ epoch: 0, w: 0, b: 0 });
    // The article's loop (section 3), written out again: h = w·x + b, dw = −2(h − y)x, db = −2(h − y), w += dw·lr.
    let w = 0;
    let b = 0;
    const lr = 0.01;
    for (let epoch = 1; epoch <= 3; epoch++) {
      for (let i = 0; i < xs.length; i++) {
        const h = w * xs[i] + b;
        const dw = -2 * (h - ys[i]) * xs[i];
        const db = -2 * (h - ys[i]);
        w = w + dw * lr;
        b = b + db * lr;
      }
      expect(rows[epoch]).toMatchObject({ epoch, w, b });
    }
    const started = jsonLines(actlab("train", "linear", "--init-w", "-2.5", "--init-b", "7", "--epochs", "1", "--json").out);
    expect(started[0]).toMatchObject({ epoch: 0, w: -2.5, b: 7 });
  });

  it("actlab train linear --mode minibatch --batch 20 says so, stops by early stopping and lands near the least-squares line", () => {
    const r = actlab("train", "linear", "--mode", "minibatch", "--batch", "20", "--lr", "0.05", "--no-live");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# 100 points .*; minibatch \(batch 20\), lr 0\.05, seed 1$/m);
    expect(r.out).toMatch(/converged at epoch \d+: the loss has not improved on its best by more than 1e-9 \(relative\) for 5 epoch\(s\) in a row/);
    const gap = /^gap\s+(\S+)\s+(\S+)/m.exec(r.out);
    expect(gap).not.toBeNull();
    expect(Math.abs(Number(gap?.[1]))).toBeLessThan(0.03);
    // The README's closed form for this data: w 2.962806, b 10.529753.
    expect(r.out).toMatch(/^closed form\s+2\.962806\s+10\.529753/m);
    const j = jsonLines(actlab("train", "linear", "--mode", "minibatch", "--batch", "20", "--lr", "0.05", "--json").out);
    // One record per epoch, not per batch of 20.
    expect(j.slice(0, -1).map((o) => o.epoch)).toEqual(j.slice(0, -1).map((_, i) => i));
  });

  it("actlab train linear --epochs inf --tol 0 runs past the default 10000 epochs; Ctrl-C prints the summary and exits 130", async () => {
    const child = spawn(process.execPath, [bin, "train", "linear", "--epochs", "inf", "--tol", "0", "--mode", "batch", "--lr", "1e-6", "--no-live"], { cwd: root });
    let out = "";
    child.stdout.setEncoding("utf8");
    const code = await new Promise<number | null>((resolve) => {
      let sent = false;
      child.stdout.on("data", (s: string) => {
        out += s;
        if (!sent && /^epoch 10050 /m.test(out)) {
          sent = true;
          child.kill("SIGINT");
        }
      });
      child.on("close", (c) => resolve(c));
    });
    expect(code).toBe(130);
    const m = /^interrupted at epoch (\d+) \(Ctrl-C\); the result so far:$/m.exec(out);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(10_000);
    expect(out).toMatch(/^learned\s+[\d.]+\s+[\d.]+/m);
    expect(out).toMatch(/^closed form\s+2\.962806\s+10\.529753/m);
  });
});

describe("actlab train mlp", () => {
  it.each([
    ["tanh", "xavier"],
    ["sigmoid", "xavier"],
    ["relu", "he"],
    ["leaky-relu", "he"],
    ["elu", "he"],
    ["prelu", "he"],
    ["selu", "lecun"],
  ])("actlab train mlp --activation %s initialises with %s", (id, init) => {
    const r = actlab("train", "mlp", "--activation", id, "--epochs", "1", "--no-live");
    expect(r.code).toBe(0);
    expect(r.out).toContain(` ${id} MLP, ${init} init, Adam`);
  });

  it("actlab train mlp --activation prelu learns: the loss falls and the accuracy reaches 0.9 on moons", () => {
    const lines = jsonLines(actlab("train", "mlp", "--activation", "prelu", "--dataset", "moons", "--epochs", "40", "--json").out);
    const epochs = lines.slice(0, -1) as { epoch: number; loss: number; accuracy: number }[];
    expect(epochs).toHaveLength(40);
    expect(epochs[39].loss).toBeLessThan(epochs[0].loss / 2);
    expect(epochs[39].accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe("files the CLI writes", () => {
  it("actlab plot --out replaces a file whole: a reader of the old file still has the old bytes, no temp file remains", () => {
    const dir = tmp();
    const out = join(dir, "relu.svg");
    writeFileSync(out, "old picture\n");
    // A second name for the old file, as a program that has it open would hold it.
    linkSync(out, join(dir, "reader.svg"));
    const r = actlab("plot", "relu", "--out", out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^<svg/);
    expect(readFileSync(join(dir, "reader.svg"), "utf8")).toBe("old picture\n");
    expect(readdirSync(dir).sort()).toEqual(["reader.svg", "relu.svg"]);
  });

  it("actlab figures on a terminal shows a progress line on stderr that counts every file it writes", () => {
    const dir = join(tmp(), "figs");
    // script(1) gives the command a pseudo-terminal; -e passes its exit code on.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} figures --format svg --out ${JSON.stringify(dir)}`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(0);
    const steps = [...r.stdout.matchAll(/\r\x1b\[2K\[\s*(\d+)\/(\d+)\] (\S+)/g)];
    const total = Number(steps[0]?.[2]);
    expect(steps.map((s) => Number(s[1]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(steps[0][3]).toBe("sigmoid.svg");
    expect(steps[total - 1][3]).toBe("table.html");
    // Every file counted is on disk (thumbnails in thumbs/).
    const written = [...readdirSync(dir).filter((f) => f !== "thumbs"), ...readdirSync(join(dir, "thumbs")).map((f) => `thumbs/${f}`)];
    expect(written.sort()).toEqual(steps.map((s) => s[3]).sort());
    // The line is cleared at the end, and nothing of it goes to a pipe.
    expect(r.stdout).toMatch(/table\.html\r\x1b\[2K/);
    const piped = actlab("figures", "--format", "svg", "--out", join(tmp(), "figs"));
    expect(piped.code).toBe(0);
    expect(piped.err).not.toMatch(/\[\s*\d+\/\d+\]/);
    expect(existsSync(dir)).toBe(true);
  });
});
