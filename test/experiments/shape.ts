import { expect } from "vitest";
import type { ExperimentResult } from "../../packages/actlab/src/experiments/index.js";
import { median } from "../../packages/actlab/src/experiments/index.js";

const CJK = /[\u4e00-\u9fff]/;

/**
 * An ExperimentResult is plain JSON: config, one entry per seed, finite summaries, chart specs
 * whose words are given in both languages, a verdict with its rule.
 */
export function expectPlainResult(r: ExperimentResult): void {
  expect(JSON.parse(JSON.stringify(r))).toEqual(r); // no NaN, Infinity, typed arrays or functions
  expect(r.perSeed).toHaveLength(r.seeds.length);
  for (const s of Object.values(r.summary)) {
    expect(Number.isFinite(s.median) && s.min <= s.median && s.median <= s.max).toBe(true);
  }
  expect(["holds", "does-not-hold", "mixed"]).toContain(r.verdict.verdict);
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
