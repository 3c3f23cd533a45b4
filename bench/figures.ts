// npm run bench:figures [-- --reps 5] [--lang en|zh]
//
// Wall time of `actlab figures` (every figure of the article in SVG and PNG, plus the
// thumbnails and both tables) against the article's own matplotlib code writing PNGs of
// the same nine figures (bench/figures.py, Debian's python3-matplotlib, Agg backend).
// Both run as fresh processes, alternating, so start-up is counted for both and machine
// load hits both alike. Prints both medians and the ratio; needs `npm run build` first.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs, positiveInt } from "./args.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
// The CLI package, built by `npm run build`.
const cli = join(root, "packages", "cli");
const args = benchArgs("bench:figures", { reps: { type: "string", hint: "n" }, lang: { type: "string", hint: "en|zh" } });
const reps = positiveInt("bench:figures", "reps", args.reps, 5);
const lang = typeof args.lang === "string" ? args.lang : "en";
if (lang !== "en" && lang !== "zh") {
  console.error(`bench:figures: invalid --lang ${lang} (en or zh)`);
  process.exit(2);
}

// Debian's interpreter, not whatever `python3` a version manager puts first on PATH.
const python = ["/usr/bin/python3", "python3"].find((p) => p === "python3" || existsSync(p))!;
const check = spawnSync(python, ["-c", "import matplotlib, numpy; print(matplotlib.__version__)"], { encoding: "utf8" });
if (check.status !== 0) {
  console.error(`bench:figures: ${python} cannot import matplotlib (apt-get install python3-matplotlib)`);
  process.exit(1);
}
if (!existsSync(join(cli, "dist", "main.js"))) {
  console.error("bench:figures: dist/ is missing (run npm run build first)");
  process.exit(1);
}

interface Timing {
  wall: number;
  /** Time spent drawing and writing, as the program reports it (no start-up, no imports). */
  work: number;
}

function timed(cmd: string, args: string[], outDir: string, workOf: (stdout: string) => number): Timing {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, MPLBACKEND: "Agg" } });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    console.error(`bench:figures: ${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
    process.exit(1);
  }
  const pngs = readdirSync(outDir).filter((f) => f.endsWith(".png"));
  if (pngs.length < 9) {
    console.error(`bench:figures: ${cmd} wrote only ${pngs.length} PNGs`);
    process.exit(1);
  }
  return { wall: ms, work: workOf(r.stdout) };
}

function actlabWork(stdout: string): number {
  const m = / in ([\d.]+) s /.exec(stdout);
  if (!m) throw new Error(`bench:figures: no time in actlab's summary: ${stdout}`);
  return Number(m[1]) * 1000;
}

function pythonWork(stdout: string): number {
  const m = /work ([\d.]+)/.exec(stdout);
  if (!m) throw new Error(`bench:figures: no time in figures.py's output: ${stdout}`);
  return Number(m[1]) * 1000;
}

// The article's tanh figure, drawn repeatedly into memory after three warm-up rounds.
const WARM_PY = `
import io, time, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt, numpy as np
x = np.arange(-10, 10, 0.01)
def one():
    plt.figure(figsize=(6.4, 4.0)); t = np.tanh(x); plt.plot(x, t); plt.plot(x, 1 - t ** 2)
    plt.axhline(0, color="black"); plt.title("tanh"); b = io.BytesIO(); plt.savefig(b, format="png", dpi=100); plt.close()
for _ in range(3): one()
ts = []
for _ in range(7):
    a = time.perf_counter(); one(); ts.append((time.perf_counter() - a) * 1000)
ts.sort(); print("median", ts[3])
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const work = mkdtempSync(join(tmpdir(), "actlab-bench-figures-"));
const ours: Timing[] = [];
const theirs: Timing[] = [];
try {
  for (let i = 0; i < reps; i++) {
    const a = join(work, `actlab-${i}`);
    const b = join(work, `matplotlib-${i}`);
    ours.push(timed(process.execPath, [join(cli, "bin", "actlab.js"), "figures", "--out", a, "--lang", lang, "--format", "svg,png"], a, actlabWork));
    theirs.push(timed(python, [join(here, "figures.py"), b], b, pythonWork));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const report = (name: string, xs: Timing[]) => {
  const wall = median(xs.map((t) => t.wall));
  const work = median(xs.map((t) => t.work));
  console.log(`${name}\n  wall (process start to exit): median ${fmt(wall)} [${xs.map((t) => fmt(t.wall)).join(", ")}]\n  drawing and writing only:     median ${fmt(work)} [${xs.map((t) => fmt(t.work)).join(", ")}]`);
  return { wall, work };
};
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, matplotlib ${check.stdout.trim()}, ${reps} alternating runs each`);
const o = report(`actlab figures --lang ${lang} --format svg,png (9 figures + 8 thumbnails in SVG and PNG, table.md, table.html):`, ours);
const t = report("article's matplotlib code, Agg (9 figures in PNG):", theirs);
console.log(`ratio (matplotlib / actlab): wall ${(t.wall / o.wall).toFixed(1)}×, drawing and writing ${(t.work / o.work).toFixed(1)}× (target ≥ 5×)`);

// Steady state, in one process each after warm-up: one figure (actlab: SVG and PNG;
// matplotlib: PNG) of the same kind, so start-up and imports are out of the picture.
const { articleFigures } = await import(join(cli, "dist", "figures-write.js"));
const { figureSvg, svgToPng } = await import(join(cli, "dist", "render-node.js"));
const figs = articleFigures(lang) as Array<{ spec: Parameters<typeof figureSvg>[0] }>;
for (let r = 0; r < 3; r++) for (const f of figs) svgToPng(figureSvg(f.spec));
const warm: number[] = [];
for (let r = 0; r < 7; r++) {
  const t0 = performance.now();
  for (const f of figs) svgToPng(figureSvg(f.spec));
  warm.push((performance.now() - t0) / figs.length);
}
const py = spawnSync(python, ["-c", WARM_PY], { encoding: "utf8", env: { ...process.env, MPLBACKEND: "Agg" } });
const pyWarm = Number(/median ([\d.]+)/.exec(py.stdout)?.[1]);
const wo = median(warm);
console.log(`warm, per figure in one process: actlab ${wo.toFixed(1)} ms (SVG + PNG), matplotlib ${pyWarm.toFixed(1)} ms (PNG): ${(pyWarm / wo).toFixed(1)}×`);
