/** writeFigures (packages/cli/src/figures-write.ts) in-process: the files on disk, the progress line on a terminal, the tables' text. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { activationIds as allIds, articleActivations } from "../../packages/actlab/src/activations/registry.js";
import { comparisonTable } from "../../packages/actlab/src/plot/index.js";
import { articleFigures, tableHtml, tableMarkdown, writeFigures } from "../../packages/cli/src/figures-write.js";

// A PNG that fails to rasterise, on demand (every other call goes to the real renderer).
const broken = vi.hoisted(() => ({ png: "" }));
vi.mock("../../packages/cli/src/render-node.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../packages/cli/src/render-node.js")>();
  return {
    ...real,
    svgToPngAsync: (svg: string, scale?: number) =>
      broken.png && svg.includes(broken.png) ? Promise.reject(new Error("resvg: out of memory")) : real.svgToPngAsync(svg, scale),
  };
});

// `actlab figures` writes the article's set by default (every function with --all).
const activationIds: string[] = articleActivations.map((a) => a.id);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Captures stderr, with isTTY set as given, while `run` runs. */
async function withStderr<T>(tty: boolean, run: () => Promise<T>): Promise<{ result: T; err: string }> {
  const was = process.stderr.isTTY;
  let err = "";
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  process.stderr.isTTY = tty;
  try {
    return { result: await run(), err };
  } finally {
    process.stderr.isTTY = was;
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
  broken.png = "";
});

describe("writeFigures(dir, lang, formats)", () => {
  it("writeFigures(dir, 'zh', ['svg']) writes each figure, the thumbnails and both tables, in the article's order, silently off a terminal", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "actlab-fw-")), "out");
    const before = performance.now();
    const { result: r, err } = await withStderr(false, () => writeFigures(dir, "zh", ["svg"]));
    const wall = (performance.now() - before) / 1000;
    expect(err).toBe("");
    expect(r.dir).toBe(dir);
    expect(r.seconds).toBeGreaterThan(0);
    expect(r.seconds).toBeLessThanOrEqual(wall);
    const names = [...activationIds, "softmax", "derivatives"];
    const thumbs = [...activationIds, "softmax"].map((id) => `thumbs/${id}.svg`);
    expect(r.files).toEqual([...names.map((n) => `${n}.svg`), ...thumbs, "table.md", "table.html"]);
    expect(readdirSync(dir).sort()).toEqual([...names.map((n) => `${n}.svg`), "table.html", "table.md", "thumbs"].sort());
    const relu = readFileSync(join(dir, "relu.svg"), "utf8");
    expect(relu).toMatch(/^<svg[^]*<\/svg>\n$/);
    expect(relu).toContain("线性整流函数"); // the title in Chinese
    expect(readFileSync(join(dir, "table.md"), "utf8")).toContain("](thumbs/relu.svg)");
  });

  it("on a terminal, with svg and png, counts every file on one self-rewriting stderr line and clears it at the end", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "actlab-fw-")), "out");
    const { result, err } = await withStderr(true, () => writeFigures(dir, "en", ["svg", "png"]));
    const { files } = result;
    // (7 functions + softmax + derivatives, 8 thumbnails) in two formats, 2 tables.
    const n = 2 * (activationIds.length + 2 + activationIds.length + 1) + 2;
    expect(files).toHaveLength(n);
    expect(files.slice(0, 4)).toEqual([`${activationIds[0]}.svg`, `${activationIds[0]}.png`, `${activationIds[1]}.svg`, `${activationIds[1]}.png`]);
    expect(files.slice(-2)).toEqual(["table.md", "table.html"]);
    // PNGs finish in any order: the counter runs 1…n, and every file is named once.
    expect(err.startsWith("\r\x1b[2K[ 1/36] ") && err.endsWith("\r\x1b[2K")).toBe(true);
    const steps = err.split("\r\x1b[2K").slice(1, -1);
    expect(steps.map((s) => s.slice(0, 8))).toEqual(files.map((_, i) => `[${String(i + 1).padStart(2)}/${n}] `));
    expect(steps.map((s) => s.slice(8)).sort()).toEqual([...files].sort());
    expect(readFileSync(join(dir, "relu.png")).subarray(0, 8)).toEqual(PNG);
    expect(readFileSync(join(dir, "thumbs", "relu.png")).subarray(0, 8)).toEqual(PNG);
    expect(readFileSync(join(dir, "relu.svg"), "utf8")).toMatch(/^<svg/);
    expect(readFileSync(join(dir, "table.md"), "utf8")).toContain("](thumbs/relu.png)");
  });

  it("writeFigures(dir) whose PNG fails rejects with that error and leaves no folder behind", async () => {
    const base = mkdtempSync(join(tmpdir(), "actlab-fw-"));
    broken.png = "Softmax";
    await expect(withStderr(false, () => writeFigures(join(base, "out"), "en", ["svg", "png"]))).rejects.toThrow("resvg: out of memory");
    expect(existsSync(join(base, "out"))).toBe(false);
    expect(readdirSync(base)).toEqual([]);
  });
});

describe("the figures and the comparison table's text", () => {
  it("articleFigures(lang) lists each function, then softmax, then the derivatives, in the article's order, drawn in that language", () => {
    expect(articleFigures("en").map((f) => f.name)).toEqual([...activationIds, "softmax", "derivatives"]);
    expect(articleFigures("zh").every((f) => f.spec.lang === "zh")).toBe(true);
    expect(articleFigures("en").every((f) => f.spec.lang === "en")).toBe(true);
    expect(articleFigures("zh")[0].spec.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it("articleFigures(lang, true) adds one figure for each registry function beyond the article, after the article's", () => {
    const figs = articleFigures("zh", true);
    expect(figs).toHaveLength(allIds.length + 2);
    expect(figs.slice(0, activationIds.length + 2).map((f) => f.name)).toEqual([...activationIds, "softmax", "derivatives"]);
    const more = figs.slice(activationIds.length + 2);
    expect(more.map((f) => f.name).sort()).toEqual(allIds.filter((id) => !activationIds.includes(id)).sort());
    for (const f of more) {
      expect(f.spec.kind).toBe("function");
      expect(f.spec.curves[0].id).toBe(f.name);
      expect(f.spec.lang).toBe("zh");
    }
  });

  it("tableMarkdown(lang, ext): a heading, the note, a header row, one row per function with its thumbnail link", () => {
    const text = tableMarkdown("en", "svg");
    expect(text.endsWith("|\n")).toBe(true);
    const md = text.split("\n");
    expect(md[0]).toBe("# Activation functions compared");
    expect(md[1]).toBe("");
    expect(md[2]).toMatch(/^Generated by actlab from its registry; each picture shows f \(solid\) and f′ \(dashed\)/);
    expect(md[3]).toBe("");
    const header = "| Function | Meaning | Picture | Formula | Properties | Strengths | Weaknesses |";
    expect(md[4]).toBe(header);
    expect(md[5]).toBe("|---|---|---|---|---|---|---|");
    expect(md.filter((l) => l === header)).toHaveLength(1);
    expect(md.some((l) => l.startsWith("## "))).toBe(false);
    const rows = md.filter((l) => l.startsWith("| **"));
    expect(rows).toHaveLength(activationIds.length + 1);
    expect(md.slice(6, 6 + rows.length)).toEqual(rows);
    expect(rows[0]).toMatch(/^\| \*\*Sigmoid\*\* \| .* \| !\[Sigmoid\]\(thumbs\/sigmoid\.svg\) \| \$`.*`\$ \| .*, .* \| • .*<br>• .* \| • .* \|$/);
    // A | inside a cell would split it: it is escaped, and kept.
    expect(rows[0]).toContain("for large \\|x\\| the curve is flat");
    const zh = tableMarkdown("zh", "png");
    expect(zh.split("\n")[0]).toBe("# 激活函数总结对比");
    expect(zh).toContain("](thumbs/sigmoid.png)");
    expect(zh).toMatch(/单调，/);
  });

  it("tableMarkdown(lang, ext, true): every function, the article's group and the others each under a heading with its own header row", () => {
    const md = tableMarkdown("en", "svg", true).split("\n");
    const header = "| Function | Meaning | Picture | Formula | Properties | Strengths | Weaknesses |";
    const at = (h: string) => md.indexOf(h);
    expect(at("## The article's eight")).toBeGreaterThan(3);
    expect(at("## More in use today (PyTorch's elementwise set)")).toBeGreaterThan(at("## The article's eight"));
    for (const h of ["## The article's eight", "## More in use today (PyTorch's elementwise set)"]) {
      expect(md.slice(at(h) - 1, at(h) + 4)).toEqual(["", h, "", header, "|---|---|---|---|---|---|---|"]);
    }
    expect(md.filter((l) => l === header)).toHaveLength(2);
    expect(md.filter((l) => l.startsWith("| **"))).toHaveLength(allIds.length + 1);
    expect(md.join("\n")).toContain("![Softsign](thumbs/softsign.svg)");
  });

  it("tableHtml(lang, thumbs): a page in the language, each thumbnail inline, text escaped", () => {
    const thumbs = new Map([["relu", "<svg id='t-relu'></svg>"]]);
    const html = tableHtml("zh", thumbs);
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain("<title>激活函数总结对比</title>");
    expect(html).toContain('<td class="picture"><svg id=\'t-relu\'></svg></td>');
    expect(html).toContain('<td class="picture"></td>');
    const en = tableHtml("en", new Map());
    expect(en).toContain('<html lang="en">');
    expect(en).toContain(
      '<thead><tr><th scope="col">Function</th><th scope="col">Meaning</th><th scope="col">Picture</th><th scope="col">Formula</th><th scope="col">Properties</th><th scope="col">Strengths</th><th scope="col">Weaknesses</th></tr></thead>',
    );
    expect(en).not.toMatch(/<li>[^<]*[<>][^<]*<\/li>/);
  });

  it("tableHtml(lang, thumbs): one row per function of the article, each list item by item, formulas as KaTeX HTML only", () => {
    const html = tableHtml("en", new Map());
    const body = html.slice(html.indexOf("<tbody>\n") + 8, html.indexOf("\n</tbody>")).split("\n");
    expect(body).toHaveLength(activationIds.length + 1);
    expect(body.every((l) => l.startsWith('<tr><th scope="row">') && l.endsWith("</td></tr>"))).toBe(true);
    expect(html).not.toContain('class="group"');
    const sigmoid = comparisonTable("en").rows[0];
    expect(body[0]).toContain(`<td class="strengths"><ul><li>${sigmoid.strengths[0]}</li><li>${sigmoid.strengths[1]}</li>`);
    expect(body[0]).toContain(`<td class="weaknesses"><ul><li>${sigmoid.weaknesses[0]}</li>`);
    expect(body[0]).toMatch(/<td class="formula"><span class="katex"><span class="katex-html"/);
    // MathML beside the HTML would be read twice and needs fonts of its own.
    expect(html).not.toContain("<math");
  });

  it("tableHtml(lang, thumbs, true): each group under a heading row spanning the table; fractions at full size", () => {
    const html = tableHtml("en", new Map(), true);
    const body = html.slice(html.indexOf("<tbody>\n") + 8, html.indexOf("\n</tbody>")).split("\n");
    const groups = body.filter((l) => l.startsWith('<tr class="group">'));
    expect(groups).toEqual([
      `<tr class="group"><th colspan="7" scope="rowgroup">The article's eight</th></tr>`,
      `<tr class="group"><th colspan="7" scope="rowgroup">More in use today (PyTorch's elementwise set)</th></tr>`,
    ]);
    expect(body[0]).toBe(groups[0]);
    expect(body[activationIds.length + 2]).toBe(groups[1]);
    expect(body.filter((l) => l.startsWith('<tr><th scope="row">'))).toHaveLength(allIds.length + 1);
    // \displaystyle: softsign's x over 1 + |x| in text size, not the script size of inline math.
    const softsign = body.find((l) => l.startsWith('<tr><th scope="row">Softsign</th>'))!;
    expect(softsign).toContain('class="mfrac"');
    expect(softsign).not.toContain("mtight");
  });

  it("tableHtml(lang, thumbs) renders offline: KaTeX's fonts inlined as woff2 data, the thumbnails sized by the page's style", () => {
    const html = tableHtml("en", new Map());
    const faces = html.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(faces.length).toBeGreaterThan(10);
    for (const f of faces) expect(f).toMatch(/src:url\(data:font\/woff2;base64,[A-Za-z0-9+/]+=*\) format\("woff2"\)[;}]/);
    expect(html).not.toContain("url(fonts/");
    expect(html).toMatch(/td\.picture svg \{[^}]*width: 160px/);
  });
});
