import { expect } from "vitest";
import type { ExperimentResult, Summary } from "../../packages/actlab/src/experiments/index.js";
import { median } from "../../packages/actlab/src/experiments/index.js";

const CJK = /[\u4e00-\u9fff]/;

/**
 * An ExperimentResult is plain JSON: config, one entry per seed, finite summaries, chart specs
 * whose words are given in both languages, a verdict with its rule.
 */
export function expectPlainResult(r: ExperimentResult): void {
  // no Infinity, typed arrays or functions (a quantity no seed finished is NaN, null in JSON)
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "number") expect(Number.isFinite(v) || Number.isNaN(v), `${path} is ${v}`).toBe(true);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v !== null && typeof v === "object") {
      expect(Object.getPrototypeOf(v), `${path} is a plain object`).toBe(Object.prototype);
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    } else expect(["string", "boolean"].includes(typeof v) || v === null, `${path} is ${typeof v}`).toBe(true);
  };
  walk(r, r.id);
  expect(r.perSeed).toHaveLength(r.seeds.length);
  const checkSummary = (key: string, s: Summary) => {
    expect(s.n + s.diverged, key).toBeLessThanOrEqual(r.seeds.length * 50);
    expect(Number.isInteger(s.n) && Number.isInteger(s.diverged), key).toBe(true);
    expect(s.ci, key).toHaveLength(2);
    if (s.n > 0) {
      expect(s.min <= s.median && s.median <= s.max, key).toBe(true);
      expect(s.min <= s.ci[0] && s.ci[0] <= s.median && s.median <= s.ci[1] && s.ci[1] <= s.max, key).toBe(true);
    } else expect(s.median, key).toBeNaN();
  };
  for (const [key, s] of Object.entries(r.summary)) {
    checkSummary(key, s);
    // every quantity has a label in both languages: tables never show raw keys
    const q = key.slice(key.lastIndexOf(".") + 1);
    const info = r.quantities[q];
    expect(info, `quantity ${q} of ${r.id} has no label`).toBeDefined();
    expect(info.label.en.length, q).toBeGreaterThan(2);
    expect(info.label.zh, q).toMatch(CJK);
    const row = key.slice(0, key.lastIndexOf("."));
    if (row && r.rows?.[row]) expect(r.rows[row].zh.length, row).toBeGreaterThan(0);
  }
  for (const [fn, cells] of Object.entries(r.table ?? {})) for (const [col, cell] of Object.entries(cells)) checkSummary(`${fn}.${col}`, cell);
  expect(["holds", "does-not-hold", "inconclusive", "mixed"]).toContain(r.verdict.verdict);
  // mixed only as the combination of parts whose verdicts differ
  if (r.verdict.verdict === "mixed") expect(new Set((r.verdict.parts ?? []).map((p) => p.verdict)).size).toBeGreaterThan(1);
  for (const p of r.verdict.parts ?? []) {
    expect(["holds", "does-not-hold", "inconclusive"]).toContain(p.verdict);
    expect(p.claim.zh).toMatch(CJK);
    expect(p.because.zh).toMatch(CJK);
  }
  expect(r.verdict.rule.en.length).toBeGreaterThan(40);
  expect(r.verdict.rule.zh).toMatch(CJK);
  expect(r.verdict.because.en.length).toBeGreaterThan(10);
  expect(r.verdict.because.zh).toMatch(CJK);
  expect(r.figures.length).toBeGreaterThan(0);
  for (const f of r.figures) {
    expect(f.kind).toBe("chart");
    expect(f.id.startsWith(r.id.split("-")[0]), f.id).toBe(true);
    // The lab and the report draw a chart in either language: every word is there in both.
    expect(f.title.en.length, f.id).toBeGreaterThan(10);
    expect(f.title.en, f.id).not.toMatch(CJK);
    expect(f.title.zh, f.id).toMatch(CJK);
    for (const axis of [f.x, f.y]) {
      expect(axis.label.en.length, f.id).toBeGreaterThan(0);
      expect(axis.label.en, f.id).not.toMatch(CJK);
      expect(axis.label.zh, f.id).toMatch(CJK);
      for (const t of axis.ticks ?? []) expect(t.label.en.length * t.label.zh.length, f.id).toBeGreaterThan(0);
    }
    for (const rule of f.rules ?? []) {
      expect(Number.isFinite(rule.y)).toBe(true);
      if (rule.label) {
        expect(rule.label.en.length, f.id).toBeGreaterThan(0);
        expect(rule.label.zh, f.id).toMatch(CJK);
      }
    }
    if (f.heatmap) {
      expect(f.heatmap.values).toHaveLength(f.heatmap.ys.length);
      for (const row of f.heatmap.values) expect(row).toHaveLength(f.heatmap.xs.length);
      expect(f.heatmap.label.zh).toMatch(CJK);
    } else expect(f.series.length).toBeGreaterThan(0);
    for (const s of f.series) {
      expect(s.name.length, f.id).toBeGreaterThan(0);
      if (s.label) expect(s.label.en.length * s.label.zh.length, f.id).toBeGreaterThan(0);
      for (const p of s.points) {
        expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
        if (f.y.log) expect(p.y).toBeGreaterThan(0);
        if (f.x.log) expect(p.x).toBeGreaterThan(0);
        if (p.lo !== undefined) expect(p.lo <= p.y && p.y <= (p.hi as number)).toBe(true);
      }
    }
  }
}

/** The summary under `key` is the median, min and max over seeds of `values`. */
export function expectSummary(r: ExperimentResult, key: string, values: readonly number[]): void {
  const s = r.summary[key];
  expect(s, key).toBeDefined();
  expect(s.median, key).toBe(median(values));
  expect(s.min, key).toBe(Math.min(...values));
  expect(s.max, key).toBe(Math.max(...values));
}
