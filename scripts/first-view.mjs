// What the lab's first view loads, gzip-compressed as a server would send it: shared by
// scripts/lab-budget.mjs (the report) and test/lab/lazy-kernels.test.ts (the 220 KB budget).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The budget of the first view's JavaScript, gzip (issue 25). */
export const FIRST_VIEW_JS_KB = 220;

/**
 * Starts listing the same-origin responses of `page`; call the returned function once the view is
 * ready (formulas typeset). Files requested from the lab's "actlab-prefetch" mark on (the idle
 * prefetch, lab/src/kernels.ts) are listed apart as `prefetched`, not counted.
 * @returns {() => Promise<{ rows: Row[], prefetched: Row[], js: number, css: number, fonts: number }>}
 * with `Row = { path, type, raw, gz }` (bytes).
 */
export function watchFirstView(page, origin, dist) {
  const loaded = new Map();
  page.on("response", (r) => {
    const u = new URL(r.url());
    if (u.origin === origin) loaded.set(u.pathname, r.headers()["content-type"] ?? "");
  });
  return async () => {
    const late = new Set(
      await page.evaluate(() => {
        const mark = performance.getEntriesByName("actlab-prefetch")[0]?.startTime;
        if (mark === undefined) return [];
        return performance.getEntriesByType("resource").filter((e) => e.startTime >= mark).map((e) => new URL(e.name).pathname);
      }),
    );
    const rows = [];
    const prefetched = [];
    for (const [path, type] of loaded) {
      const bytes = readFileSync(join(dist, path === "/" ? "index.html" : path));
      (late.has(path) ? prefetched : rows).push({ path, type: type.split(";")[0], raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length });
    }
    const sum = (pred) => rows.filter(pred).reduce((s, r) => s + r.gz, 0);
    return { rows, prefetched, js: sum((r) => r.type.includes("javascript")), css: sum((r) => r.type.includes("css")), fonts: sum((r) => r.type.startsWith("font/")) };
  };
}
