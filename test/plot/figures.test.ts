import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { activationIds, catalog as everything, groups } from "../../packages/actlab/src/activations/registry.js";
import { main } from "../../packages/cli/src/main.js";

const root = mkdtempSync(join(tmpdir(), "actlab-figures-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the CLI in-process; returns the exit code and what it printed. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(["node", "actlab", ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

// By default the article's figures and table only; --all adds every other function.
const catalog = everything.filter((a) => groups[0].ids.includes(a.id));
const FIGURES = [...groups[0].ids, "derivatives"];

describe("actlab figures", () => {
  for (const lang of ["en", "zh"] as const) {
    it(`actlab figures --lang ${lang} writes every figure, thumbnail and the table`, async () => {
      const dir = join(root, lang);
      const r = await run("figures", "--out", dir, "--lang", lang, "--format", "svg,png");
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^wrote 36 files to /);
      const files = readdirSync(dir).sort();
      const want = [...FIGURES.flatMap((n) => [`${n}.png`, `${n}.svg`]), "table.html", "table.md", "thumbs"].sort();
      expect(files).toEqual(want);
      expect(readdirSync(join(dir, "thumbs"))).toHaveLength(catalog.length * 2);
      for (const n of FIGURES) {
        const png = PNG.sync.read(readFileSync(join(dir, `${n}.png`)));
        expect(png.width).toBe(640);
        const svg = readFileSync(join(dir, `${n}.svg`), "utf8");
        expect(svg.startsWith('<svg role="img" xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      }
      const md = readFileSync(join(dir, "table.md"), "utf8");
      const html = readFileSync(join(dir, "table.html"), "utf8");
      for (const a of catalog) {
        expect(md).toContain(`thumbs/${a.id}.png`);
        expect(md).toContain(a.names[lang]);
        expect(html).toContain(a.names[lang]);
        expect(html).toContain(a.strengths[lang][0].replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"));
      }
      // Self-contained: KaTeX markup and fonts inline, thumbnails inline, nothing fetched.
      expect(html).toContain('class="katex"');
      expect(html).toContain("data:font/woff2;base64,");
      expect(html.match(/<svg /g)?.length).toBe(catalog.length);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/url\((?!data:)/);
      expect(readdirSync(dir).some((f) => f.startsWith(".actlab-staging"))).toBe(false);
    });
  }

  it("actlab figures --all writes a figure and a thumbnail of every function and a grouped table", async () => {
    const dir = join(root, "all");
    const r = await run("figures", "--all", "--out", dir, "--format", "svg");
    expect(r.code).toBe(0);
    const want = [...FIGURES, ...activationIds.filter((id) => !FIGURES.includes(id))].map((n) => `${n}.svg`);
    expect(readdirSync(dir).filter((f) => f.endsWith(".svg")).sort()).toEqual(want.sort());
    expect(readdirSync(join(dir, "thumbs"))).toHaveLength(everything.length);
    const md = readFileSync(join(dir, "table.md"), "utf8");
    const html = readFileSync(join(dir, "table.html"), "utf8");
    expect(md.indexOf(`## ${groups[0].title.en}`)).toBeLessThan(md.indexOf(`## ${groups[1].title.en}`));
    expect(md.indexOf("thumbs/softmax.svg")).toBeLessThan(md.indexOf("thumbs/gelu.svg"));
    for (const a of everything) expect(md).toContain(`thumbs/${a.id}.svg`);
    expect(html.match(/<tr class="group">/g)).toHaveLength(2);
    expect(html.match(/<td class="picture"><svg /g)?.length).toBe(everything.length);
  });

  it("actlab figures --format svg writes no PNG and the table links SVG thumbnails", async () => {
    const dir = join(root, "svg-only");
    expect((await run("figures", "--out", dir, "--format", "svg")).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith(".png"))).toEqual([]);
    expect(readFileSync(join(dir, "table.md"), "utf8")).toContain("thumbs/sigmoid.svg");
  });

  it("actlab figures rejects an unknown format and an unwritable folder with exit 2 and no files", async () => {
    const dir = join(root, "bad-format");
    const r = await run("figures", "--out", dir, "--format", "svg,gif");
    expect(r.code).toBe(2);
    expect(r.err).toBe("actlab: unknown format: 'gif' (use svg, png or svg,png)\n");
    expect(existsSync(dir)).toBe(false);

    const file = join(root, "a-file");
    writeFileSync(file, "x");
    const r2 = await run("figures", "--out", join(file, "sub"));
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/^actlab: cannot write '.*a-file\/sub': .+\n$/);
    expect(r2.err.split("\n")).toHaveLength(2);

    const r3 = await run("figures", "--lang", "fr", "--out", join(root, "fr"));
    expect(r3.code).toBe(2);
    expect(existsSync(join(root, "fr"))).toBe(false);
  });
});

describe("actlab plot", () => {
  it("actlab plot <id> prints SVG to stdout", async () => {
    const r = await run("plot", "leaky-relu", "--alpha", "0.2", "--domain", "-3,3", "--width", "400", "--height", "300");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<svg role="img" xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* width="400"/);
    expect(r.out).toContain("Leaky ReLU, α = 0.2");
  });

  it("actlab plot <id> --param name=value sets any parameter, also two at once", async () => {
    const r = await run("plot", "hardtanh", "--param", "min=-2", "--param", "max=0.5");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Hardtanh, a = −2, b = 0.5");
    const g = await run("plot", "gelu", "--lang", "zh");
    expect(g.code).toBe(0);
    expect(g.out).toContain("GELU");
  });

  it("actlab plot <id> --no-derivative draws one curve", async () => {
    const r = await run("plot", "tanh", "--no-derivative");
    expect(r.out).toContain("f(x)");
    expect(r.out).not.toContain("f′(x)");
  });

  it("actlab plot <id> --out file.png writes a PNG of the requested size", async () => {
    const file = join(root, "elu.png");
    expect((await run("plot", "elu", "--lang", "zh", "--out", file, "--width", "300", "--height", "200")).code).toBe(0);
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([300, 200]);
  });

  const bad: Array<[string[], RegExp]> = [
    [["plot", "swish"], /^actlab: unknown activation: swish \(known: sigmoid, .*softmax, gelu, .*, rrelu, linear\)\n$/],
    [["plot", "hardtanh", "--param", "min=2"], /^actlab: invalid min for hardtanh: 2 \(must be less than max = 1\)\n$/],
    [["plot", "gelu", "--param", "beta=2"], /^actlab: gelu has no parameters \(got beta\)\n$/],
    [["plot", "softplus", "--param", "beta"], /^actlab: invalid --param: 'beta' \(expected name=value/],
    [["plot", "relu", "--domain", "5,-5"], /^actlab: invalid domain: '5,-5'/],
    [["plot", "relu", "--domain", "a,5"], /^actlab: invalid domain bound: 'a'/],
    [["plot", "relu", "--alpha", "0.1"], /^actlab: relu has no parameter alpha/],
    [["plot", "elu", "--alpha", "-1"], /^actlab: invalid alpha for elu: -1/],
    [["plot", "relu", "--out", join(root, "x.jpg")], /^actlab: unknown format for --out: '.*x.jpg'/],
    [["plot", "relu", "--out", join(root, "no-such-dir", "x.svg")], /^actlab: cannot write '.*x.svg': no such directory\n$/],
    [["plot", "relu", "--width", "12.5"], /^actlab: invalid width: '12.5'/],
  ];
  for (const [args, msg] of bad) {
    it(`actlab ${args.join(" ")} fails with exit 2 and one line`, async () => {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.out).toBe("");
    });
  }

  it("actlab plot leaves no file behind when it fails", async () => {
    const before = readdirSync(root).sort();
    await run("plot", "relu", "--domain", "1,1", "--out", join(root, "never.svg"));
    expect(readdirSync(root).sort()).toEqual(before);
  });
});
