/**
 * Issue 23, item 4: a seed splits into units (function × setting) that shards deal out. For every
 * experiment with units, runSeed of each unit, joined, is runSeed of the whole options: equal as
 * values and as JSON text (key order included, which results.json shows), on the quick settings.
 */
import { describe, expect, it } from "vitest";
import { experiments, getExperiment, joinParts, resolveOptions } from "../../packages/actlab/src/experiments/index.js";

const split = experiments.filter((e) => e.units);
// The quick settings, with a second learning rate where quick has one (saturation: one unit otherwise).
const given: Record<string, Record<string, unknown>> = { saturation: { lrs: [1, 3] } };

describe("units of a seed", () => {
  it("every experiment but the timed one (cost) splits into more than one unit", () => {
    expect(experiments.filter((e) => !e.units).map((e) => e.id)).toEqual(["cost"]);
    for (const e of split) expect((e.units?.(resolveOptions(e, given[e.id], true)) ?? []).length, e.id).toBeGreaterThan(1);
  });

  for (const exp of split) {
    it(`${exp.id}: joining runSeed of each unit gives runSeed of the whole options`, async () => {
      const o = resolveOptions(exp, given[exp.id], true);
      const units = exp.units?.(o) ?? [];
      const names = units.map((u) => u.name);
      expect(new Set(names).size).toBe(names.length);
      const whole = await exp.runSeed(o, 2, { quick: true });
      const parts: unknown[] = [];
      for (const u of units) parts.push(await exp.runSeed(u.options, 2, { quick: true }));
      // A unit computes its share only: no unit alone is the whole seed.
      for (const p of parts) expect(JSON.stringify(p)).not.toBe(JSON.stringify(whole));
      const joined = exp.join?.(o, parts);
      expect(joined).toEqual(whole);
      expect(JSON.stringify(joined)).toBe(JSON.stringify(whole));
      // As a shard hands them over: through JSON (an empty place of an array comes back as null).
      const viaJson = parts.map((p) => JSON.parse(JSON.stringify(p)) as unknown);
      expect(JSON.stringify(exp.join?.(o, viaJson))).toBe(JSON.stringify(whole));
    }, 600_000);
  }

  // Beyond the quick settings: rows only some option sets have, and two tasks with a data note.
  const more: [string, Record<string, unknown>][] = [
    ["gradient-flow", { init: "standard", functions: ["sigmoid", "relu", "tanh"], depth: 4, width: 16, batch: 64, "train-steps": 3 }],
    ["convergence", { tasks: ["spiral", "digits"], functions: ["relu", "tanh"], spiralLrs: [0.1], digitsLrs: [0.3], widen: 0, spiralUpdates: 40, digitsUpdates: 20 }],
    ["dead-units", { lrs: [0.1, 0.1, 1], biases: [0, -1], epochs: 2 }],
  ];
  for (const [id, given] of more) {
    it(`${id}, ${JSON.stringify(given)}: joined units = the whole seed`, async () => {
      const exp = getExperiment(id);
      const o = resolveOptions(exp, given, true);
      const units = exp.units?.(o) ?? [];
      const parts: unknown[] = [];
      for (const u of units) parts.push(await exp.runSeed(u.options, 1, { quick: true }));
      expect(JSON.stringify(exp.join?.(o, parts))).toBe(JSON.stringify(await exp.runSeed(o, 1, { quick: true })));
    }, 300_000);
  }
  it("gradient-flow names its rows as units (the reference row with --init standard), a repeated rate is one unit", () => {
    const gf = getExperiment("gradient-flow");
    expect(gf.units?.(resolveOptions(gf, more[0][1])).map((u) => u.name)).toEqual(["sigmoid", "relu", "tanh", "sigmoid@gain4", "relu@he"]);
    const du = getExperiment("dead-units");
    expect(du.units?.(resolveOptions(du, { ...more[2][1], variants: ["relu"] })).map((u) => u.name)).toEqual(["relu@lr0.1", "relu@lr1", "bias0", "bias-1"]);
  });

  it("a unit the options do not have, and join with a unit missing, are RangeErrors naming them", async () => {
    const exp = getExperiment("self-normalisation");
    const o = resolveOptions(exp, { functions: ["relu", "selu"], depth: 3, width: 8, batch: 16 });
    await expect(exp.runSeed({ ...o, "@unit": "tanh" }, 1)).rejects.toThrow('experiment self-normalisation: unknown unit "tanh" (units: relu, selu)');
    expect(() => exp.join?.(o, [{}])).toThrow("join needs one value per unit (got 1 for 2 units)");
    await expect(getExperiment("cost").runSeed({ "@unit": "relu" }, 1)).rejects.toThrow(/its seeds do not split into units/);
  });

  it("joinParts merges records key by key and arrays place by place, and names a disagreement", () => {
    expect(JSON.stringify(joinParts([{ a: 1, r: { x: [1] } }, { a: 1, r: { y: [2] } }]))).toBe('{"a":1,"r":{"x":[1],"y":[2]}}');
    expect(joinParts([[[0.5, ,]], [[null, 0.25]]])).toEqual([[0.5, 0.25]]);
    expect(joinParts([{ v: NaN }, { v: NaN }])).toEqual({ v: NaN });
    expect(() => joinParts([{ r: { s: 1 } }, { r: { s: 2 } }])).toThrow("joinParts: the units disagree at .r.s: 1 and 2");
    expect(() => joinParts([])).toThrow(/no units/);
  });
});
