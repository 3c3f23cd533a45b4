#!/usr/bin/env node
// `npm run site [-- --out DIR]`: one static folder (default site-dist/) holding the documentation
// (VitePress, docs/) and the lab under lab/. Every URL in it is relative, so the folder works
// under any path of any static file server: VitePress wants one absolute base, so the docs are
// built with a placeholder base that is then rewritten —
//   - in HTML, to the relative path from the page to the site's root ("./", "../", …), and each
//     page's first script works out the absolute base from its own address (window.__ACTLAB_BASE__);
//   - in JavaScript, to that runtime value (the router, the preload helper, the search index);
//   - in CSS, to the relative path from the stylesheet to the root.
// Any occurrence of the placeholder left in another form is an error, so a VitePress update that
// emits the base differently fails the build instead of producing a site that works only at "/".
import { spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const PLACEHOLDER = "/__actlab_base__/";
const RUNTIME = "window.__ACTLAB_BASE__";

/** The relative path from a file at `rel` (a path inside the site, "/"-separated) to the site's root. */
export function toRoot(rel) {
  const depth = rel.split("/").length - 1;
  return depth === 0 ? "./" : "../".repeat(depth);
}

/**
 * The script every page runs first: the absolute path of the site's root, from the page's address.
 * Once the page is parsed it also makes the page's relative links (and its icon) absolute: the
 * navigation bar and the sidebar stay in the page while the router moves to pages at other depths,
 * where a relative href would resolve somewhere else. Links to an anchor of the page stay as they are.
 */
export function baseScript(rel) {
  return (
    `<script>window.__ACTLAB_BASE__=new URL(${JSON.stringify(toRoot(rel))},location.href).pathname;` +
    `document.addEventListener("DOMContentLoaded",function(){document.querySelectorAll('a[href],link[rel~="icon"]').forEach(function(e){` +
    `var v=e.getAttribute("href");if(/^(?:[a-z][a-z0-9+.-]*:|\\/|#)/i.test(v))return;var u=new URL(v,location.href);e.setAttribute("href",u.pathname+u.search+u.hash)})})</script>`
  );
}

function fail(file, text, at) {
  throw new Error(`build-site: ${file}: the base placeholder in a form this script does not rewrite: …${text.slice(Math.max(0, at - 60), at + 60)}…`);
}

/**
 * One HTML page at `rel`. In inline scripts the placeholder sits inside a string literal quoted with
 * `"` (VitePress's JSON.parse("…") of the site data): it becomes `"+window.__ACTLAB_BASE__+"`.
 * Everywhere else (attributes) it becomes the relative path to the root.
 */
export function rewriteHtml(html, rel) {
  const prefix = toRoot(rel);
  let out = html.replace(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)/g, (whole, open, body, close) => {
    if (!body.includes(PLACEHOLDER)) return whole;
    let result = "";
    let last = 0;
    for (let at = body.indexOf(PLACEHOLDER); at >= 0; at = body.indexOf(PLACEHOLDER, at + 1)) {
      if (quoteAt(body, at) !== '"') fail(rel, body, at);
      result += body.slice(last, at) + `"+${RUNTIME}+"`;
      last = at + PLACEHOLDER.length;
    }
    return open + result + body.slice(last) + close;
  });
  out = out.replaceAll(PLACEHOLDER, prefix);
  if (!/<head[^>]*>/.test(out)) throw new Error(`build-site: ${rel}: no <head>`);
  return out.replace(/<head[^>]*>/, (h) => h + baseScript(rel));
}

/**
 * The quote character of the string literal that contains position `at` of a script, scanning
 * string literals from the start (enough for the small inline scripts VitePress writes; regular
 * expressions and comments in them hold no quotes).
 */
export function quoteAt(code, at) {
  let quote = null;
  for (let i = 0; i < at; i++) {
    const c = code[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
  }
  return quote;
}

/**
 * One JavaScript chunk. Two forms are known: a string literal that starts with the base (the base
 * alone: VitePress's import.meta.env.BASE_URL and Vite's preload helper; or an asset's URL, such as
 * an image of a page), which becomes the runtime value (plus the rest of the path),
 * and the local search index, a module `const t='{…json…}';export{t as default}` whose document ids
 * start with the base, which becomes a concatenation with the runtime value.
 */
export function rewriteJs(code, rel) {
  const search = /^const (\w+)=(['`])(.*)\2;export\{\1 as default\};?\s*$/s.exec(code);
  if (search) {
    const [, name, quote, body] = search;
    const runtime = quote === "`" ? `\${${RUNTIME}}` : `'+${RUNTIME}+'`;
    return `const ${name}=${quote}${body.replaceAll(PLACEHOLDER, runtime)}${quote};export{${name} as default};`;
  }
  let out = code.replace(/(["'`])\/__actlab_base__\/([^"'`\\$]*)\1/g, (_, q, rest) => (rest ? `(${RUNTIME}+${q}${rest}${q})` : `(${RUNTIME})`));
  const left = out.indexOf(PLACEHOLDER);
  if (left >= 0) fail(rel, out, left);
  return out;
}

/** One stylesheet at `rel`: url(/__actlab_base__/…) becomes a path relative to the stylesheet. */
export function rewriteCss(css, rel) {
  return css.replaceAll(PLACEHOLDER, toRoot(rel));
}

async function* walk(dir, base = dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, base);
    else yield { path, rel: relative(base, path).split(sep).join("/") };
  }
}

/** Rewrites every file of the built docs (not the lab, which Vite builds with a relative base). */
export async function rewriteSite(out) {
  let files = 0;
  for await (const { path, rel } of walk(out)) {
    if (rel.startsWith("lab/")) continue;
    const kind = rel.endsWith(".html") ? "html" : rel.endsWith(".js") ? "js" : rel.endsWith(".css") ? "css" : null;
    if (!kind) continue;
    const text = await readFile(path, "utf8");
    if (!text.includes(PLACEHOLDER)) continue;
    const next = kind === "html" ? rewriteHtml(text, rel) : kind === "js" ? rewriteJs(text, rel) : rewriteCss(text, rel);
    await writeFile(path, next);
    files++;
  }
  return files;
}

function run(args, cwd) {
  return new Promise((ok, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? ok() : reject(new Error(`build-site: node ${args.join(" ")} failed (${signal ?? `exit ${code}`})`))));
  });
}

export async function buildSite(out) {
  const repo = fileURLToPath(new URL("..", import.meta.url));
  const bin = (pkg, file) => join(repo, "node_modules", pkg, file);
  const labTmp = `${out.replace(/[\\/]+$/, "")}.lab-tmp`;
  await rm(labTmp, { recursive: true, force: true });
  // The lab imports the library's sources, which need the wasm module (rewritten only when it changed).
  await run([join(repo, "packages/actlab/scripts/build-wasm.mjs")], repo);
  // The docs and the lab build side by side; the lab goes into place when both are done.
  await Promise.all([
    run([bin("vitepress", "bin/vitepress.js"), "build", "docs", "--outDir", out], repo),
    run([bin("vite", "bin/vite.js"), "build", "--config", "lab/vite.config.ts", "--outDir", labTmp, "--emptyOutDir", "--logLevel", "warn"], repo),
  ]);
  await rewriteSite(out);
  await rm(join(out, "lab"), { recursive: true, force: true });
  await rename(labTmp, join(out, "lab"));
  // The experiments' full report (one self-contained page per language) and its data, linked from the guide.
  for (const lang of ["en", "zh"]) {
    await mkdir(join(out, "report", lang), { recursive: true });
    await cp(join(repo, "docs/report", lang, "report.html"), join(out, "report", lang, "report.html"));
  }
  await cp(join(repo, "docs/report/results.json"), join(out, "report/results.json"));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--out");
  const out = resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fileURLToPath(new URL("../site-dist", import.meta.url)));
  const started = Date.now();
  try {
    await buildSite(out);
    process.stdout.write(`actlab site: built ${out} (docs, and the lab in lab/) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
