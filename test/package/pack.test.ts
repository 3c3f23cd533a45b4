/**
 * The packages as a user installs them: `npm pack` both workspaces, install the tarballs into an
 * empty project, then use them from ESM, from strict TypeScript (nodenext) and in a Vite browser
 * build. Needs the npm registry for the few runtime dependencies (pure-rand, the CLI's packages).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const libPkg = JSON.parse(readFileSync(join(root, "packages/actlab/package.json"), "utf8"));
const cliPkg = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8"));
/** Every subpath the library exports (package.json excluded), as a user would import it. */
const subpaths = Object.keys(libPkg.exports)
  .filter((k) => k !== "./package.json")
  .map((k) => (k === "." ? "actlab" : `actlab/${k.slice(2)}`));
/** Subpaths that need an optional peer dependency the light install does not have. */
const PEERS: Record<string, string> = { "actlab/tfjs": "@tensorflow/tfjs-core" };
const light = subpaths.filter((s) => !(s in PEERS));
/** Node-only entries (files on disk): every other subpath is isomorphic and goes into the browser bundle. */
const NODE_ONLY = new Set(["actlab/node"]);
const browser = light.filter((s) => !NODE_ONLY.has(s));

let dir = "";
let tarballs: { lib: string; cli: string };

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=warn"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function listFiles(tgz: string): string[] {
  return execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).trim().split("\n");
}

function duBytes(p: string): number {
  let total = 0;
  for (const name of readdirSync(p)) {
    const q = join(p, name);
    const s = statSync(q);
    total += s.isDirectory() ? duBytes(q) : s.size;
  }
  return total;
}

/** Installed packages, scoped ones counted one by one (the top-level folders of node_modules). */
function countPackages(nm: string): number {
  let n = 0;
  for (const name of readdirSync(nm)) {
    if (name.startsWith(".")) continue;
    n += name.startsWith("@") ? readdirSync(join(nm, name)).length : 1;
  }
  return n;
}

function emptyProject(name: string): string {
  const p = join(dir, name);
  execFileSync("mkdir", ["-p", p]);
  writeFileSync(join(p, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, type: "module" }));
  return p;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "actlab-pack-"));
  // prepack builds each package, as `npm pack` in a fresh clone would.
  // (the build's own lines come first on stdout; the JSON report is the array at the end)
  const packed = (ws: string) => {
    const out = npm(["pack", "--json", "--pack-destination", dir], join(root, ws));
    return JSON.parse(out.slice(out.search(/^\[/m)))[0].filename as string;
  };
  tarballs = { lib: join(dir, packed("packages/actlab")), cli: join(dir, packed("packages/cli")) };
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("npm pack packages/actlab ships dist with types for every subpath, the LICENSE, and no source maps", () => {
    const files = listFiles(tarballs.lib);
    expect(files).toContain("package/LICENSE");
    expect(files).toContain("package/README.md");
    for (const [key, entry] of Object.entries(libPkg.exports as Record<string, { types?: string; default?: string } | string>)) {
      if (typeof entry === "string") continue;
      expect(files, `types of ${key}`).toContain(`package/${entry.types!.slice(2)}`);
      expect(files, `code of ${key}`).toContain(`package/${entry.default!.slice(2)}`);
    }
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".tsbuildinfo"))).toEqual([]);
    expect(files.filter((f) => /\/cli\/|render/.test(f))).toEqual([]);
  });

  it("npm pack packages/cli ships the bin, dist and the LICENSE, and depends on the same actlab version", () => {
    const files = listFiles(tarballs.cli);
    expect(files).toEqual(expect.arrayContaining(["package/bin/actlab.js", "package/dist/main.js", "package/dist/render/index.d.ts", "package/LICENSE"]));
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(cliPkg.dependencies.actlab).toBe(libPkg.version);
  });
});

describe("the library installed alone", () => {
  let proj = "";
  let installLog = "";
  beforeAll(() => {
    proj = emptyProject("light");
    installLog = npm(["install", tarballs.lib], proj);
  }, 240_000);

  it("npm install actlab brings at most 5 packages and 3 MB, with no engine warning on this Node", () => {
    const nm = join(proj, "node_modules");
    expect(countPackages(nm)).toBeLessThanOrEqual(5);
    expect(duBytes(nm)).toBeLessThanOrEqual(3 * 1024 * 1024);
    expect(installLog).not.toMatch(/EBADENGINE/);
    for (const heavy of ["katex", "@resvg", "linkedom", "@observablehq", "commander"]) expect(existsSync(join(nm, heavy)), heavy).toBe(false);
  });

  it("import() of every subpath works from plain ESM in Node, with named exports only", () => {
    const code = `const out = {};
for (const s of ${JSON.stringify(light)}) { const m = await import(s); out[s] = { n: Object.keys(m).length, def: "default" in m }; }
const { softmax, getActivation } = await import("actlab");
out.y = Array.from(softmax(Float64Array.of(0, Math.log(3)))); out.relu = getActivation("relu").df(0);
console.log(JSON.stringify(out));`;
    const data = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: proj, encoding: "utf8" }));
    for (const s of light) {
      expect(data[s].n, s).toBeGreaterThan(0);
      expect(data[s].def, s).toBe(false);
    }
    expect(data.y[0]).toBeCloseTo(0.25, 15);
    expect(data.y[1]).toBeCloseTo(0.75, 15);
    expect(data.relu).toBe(1);
  });

  it("a strict TypeScript project (module and moduleResolution nodenext) type-checks against the installed types", () => {
    writeFileSync(
      join(proj, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true, types: [], lib: ["es2022"] }, files: ["use.ts"] }),
    );
    writeFileSync(
      join(proj, "use.ts"),
      `import { getActivation, softmax, type Activation } from "actlab";
import { Dense, Sequential, Adam } from "actlab/nn";
import { functionFigure } from "actlab/plot";
const a: Activation<string> = getActivation("elu");
const y: Float32Array = a.forward(new Float32Array([1, -1]));
const p: Float64Array = softmax(new Float64Array([1, 2]));
const net = new Sequential([new Dense(2, 3, { dtype: "float32" })]);
const opt = new Adam(net.params, { lr: 0.01 });
const fig = functionFigure("relu");
export const out = [y, p, opt, fig.kind] as const;
`,
    );
    const tsc = (config: string) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", config], { cwd: proj, encoding: "utf8" }) };
      } catch (e) {
        return { code: 1, out: String((e as { stdout?: string }).stdout) };
      }
    };
    expect(tsc("tsconfig.json")).toEqual({ code: 0, out: "" });
    // And a mistake is caught, so the check above is not vacuous.
    writeFileSync(join(proj, "bad.ts"), `import { softmax } from "actlab";\nexport const z: string = softmax(new Float64Array([1]));\n`);
    writeFileSync(join(proj, "tsconfig.bad.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["bad.ts"] }));
    const bad = tsc("tsconfig.bad.json");
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/bad\.ts.*TS2322/);
  });

  it("a Vite browser build bundles every subpath, and the bundle runs", async () => {
    writeFileSync(
      join(proj, "entry.js"),
      `${browser.map((s, i) => `import * as m${i} from "${s}";`).join("\n")}
export const names = [${browser.map((_, i) => `Object.keys(m${i}).length`).join(", ")}];
export const value = m0.getActivation("sigmoid").f(0);
`,
    );
    const outDir = join(proj, "bundle");
    await build({
      root: proj,
      logLevel: "silent",
      configFile: false,
      build: { outDir, lib: { entry: join(proj, "entry.js"), formats: ["es"], fileName: "bundle" }, minify: false, emptyOutDir: true },
    });
    const bundle = readdirSync(outDir).find((f) => f.endsWith(".js"))!;
    expect(readFileSync(join(outDir, bundle), "utf8")).not.toMatch(/from\s+["']node:/);
    const m = await import(join(outDir, bundle));
    expect(m.value).toBe(0.5);
    expect(m.names.every((n: number) => n > 0)).toBe(true);
  }, 120_000);
});

describe("the CLI installed with the library", () => {
  it("npm install actlab actlab-cli gives a working actlab command", () => {
    const proj = emptyProject("cli");
    const log = npm(["install", tarballs.lib, tarballs.cli], proj);
    expect(log).not.toMatch(/EBADENGINE/);
    const out = execFileSync(join(proj, "node_modules/.bin/actlab"), ["eval", "relu", "-1", "2", "--json"], { cwd: proj, encoding: "utf8" });
    const r = JSON.parse(out);
    // relu at −1 and 2, by hand: values 0 and 2, derivatives 0 and 1.
    expect(r.points).toEqual([{ x: -1, f: 0, df: 0 }, { x: 2, f: 2, df: 1 }]);
    const help = execFileSync(join(proj, "node_modules/.bin/actlab"), ["--help"], { cwd: proj, encoding: "utf8" });
    expect(help).toMatch(/Usage: actlab/);
  }, 240_000);
});
