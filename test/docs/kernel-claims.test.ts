/**
 * Issue 24, item 12: what the documentation says about the float32 kernels is true. The README
 * (or the guide page it moves to) says every elementwise function has a SIMD kernel and names the
 * functions whose two backends agree bit for bit; this checks both over the test sweep.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { activations, getKernelBackend, setKernelBackend } from "../../packages/actlab/src/index.js";
import { sweep, ulps } from "../kernels/ulp.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const CLAIM = "Every function of this table has a WebAssembly SIMD kernel";

function markdown(dir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdown(p));
    else if (name.endsWith(".md")) out.push(p);
  }
  return out;
}

/** The paragraph making the claim, with line breaks folded, wherever the docs keep it. */
function claim(): string {
  for (const file of [join(root, "README.md"), ...markdown(join(root, "docs/guide"))]) {
    const text = readFileSync(file, "utf8").replace(/\s*\n\s*/g, " ");
    const at = text.indexOf(CLAIM);
    if (at >= 0) return text.slice(at, text.indexOf(")", text.indexOf("exact path", at)));
  }
  return "";
}

const start = getKernelBackend();
afterEach(() => {
  setKernelBackend(start);
});

describe("the documentation's sentence on the float32 kernels", () => {
  const text = claim();

  it("is there, and no page still says the functions beyond the article have no SIMD kernels", () => {
    expect(text).not.toBe("");
    for (const file of [join(root, "README.md"), ...markdown(join(root, "docs/guide"))]) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/no SIMD kernels/);
    }
  });

  it("names exactly the functions whose wasm and JS float32 results agree bit for bit, and the others differ by at most 3 ulp", () => {
    const listed = /bit for bit for (.*?), and differ by at most (\d) ulp/.exec(text);
    expect(listed, text).not.toBeNull();
    const same = new Set((listed?.[1] ?? "").split(/,\s*|\s+and\s+/).map((s) => s.trim()));
    const most = Number(listed?.[2]);
    const xs = sweep();
    for (const a of activations) {
      setKernelBackend("wasm");
      const w = a.forwardWithDerivative(xs);
      setKernelBackend("js");
      const j = a.forwardWithDerivative(xs);
      let worst = 0;
      for (let i = 0; i < xs.length; i++) worst = Math.max(worst, ulps(w.y[i], j.y[i]), ulps(w.d[i], j.d[i]));
      if (same.has(a.id)) expect(worst, `${a.id} is said to agree bit for bit`).toBe(0);
      else {
        expect(worst, `${a.id} is said to differ (it has a kernel of its own)`).toBeGreaterThan(0);
        expect(worst, a.id).toBeLessThanOrEqual(most);
      }
    }
  });
});
