import { describe, expect, it } from "vitest";
import { activationIds } from "../../packages/actlab/src/activations/registry.js";
import { experiments, getExperiment, resolveOptions, type Progress } from "../../packages/actlab/src/experiments/index.js";

const IDS = ["gradient-flow", "self-normalisation", "saturation", "zero-centred", "dead-units", "born-dead", "init-depth", "mean-activation", "convergence", "cost", "digits"];

describe("experiments", () => {
  it("has the 11 ids of issue 11, each with a title, the claim in both languages and the article's sentence", () => {
    expect(experiments.map((e) => e.id)).toEqual(IDS);
    for (const e of experiments) {
      expect(e.title.en.length).toBeGreaterThan(5);
      expect(e.title.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.claim.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.claim.article).toMatch(/[\u4e00-\u9fff]/);
      expect(e.claim.en.length).toBeGreaterThan(30);
      for (const f of e.claim.functions) expect(activationIds).toContain(f);
      for (const o of e.options) {
        expect(o.description.zh).toMatch(/[\u4e00-\u9fff]/);
        // Every default is valid for its own option.
        expect(() => resolveOptions(e, { [o.name]: o.default })).not.toThrow();
      }
    }
  });

  it("uses the defaults the issue states", () => {
    expect(resolveOptions(getExperiment("gradient-flow"))).toMatchObject({ depth: 20, width: 64, batch: 256, init: "recommended", gain: 1, "sigmoid-gain": 4, "train-steps": 100, lr: 1e-3 });
    expect(resolveOptions(getExperiment("self-normalisation"))).toMatchObject({ depth: 100, width: 128, batch: 256 });
    expect(resolveOptions(getExperiment("self-normalisation")).functions).toEqual(["selu", "relu", "elu", "tanh", "sigmoid"]);
    expect(resolveOptions(getExperiment("saturation"))).toMatchObject({ depth: 4, width: 100, lrs: [0.1, 0.3, 1, 3], epochs: 100, batch: 10 });
  });

  it("compares every elementwise function of the registry by default where the issue says so", () => {
    for (const id of ["gradient-flow", "convergence", "digits", "cost"]) {
      expect(resolveOptions(getExperiment(id)).functions).toEqual([...activationIds]);
    }
  });
});

describe("getExperiment(id)", () => {
  it("returns the experiment, or an Error listing every id", () => {
    expect(getExperiment("born-dead").id).toBe("born-dead");
    expect(() => getExperiment("nope")).toThrow(/unknown experiment: nope \(known: gradient-flow, .*digits\)/);
  });
});

describe("resolveOptions(exp, partial, quick)", () => {
  const gf = getExperiment("gradient-flow");
  it("fills defaults, or the quick values with quick: true", () => {
    expect(resolveOptions(gf, {}, true)).toMatchObject({ depth: 20, width: 32, batch: 64, "train-steps": 5 });
    expect(resolveOptions(gf, { depth: 7 }, true)).toMatchObject({ depth: 7, width: 32 });
  });
  it("accepts numbers as text and lists as comma-separated text, and is idempotent", () => {
    const o = resolveOptions(gf, { depth: "12", functions: "relu, tanh" });
    expect(o).toMatchObject({ depth: 12, functions: ["relu", "tanh"] });
    expect(resolveOptions(gf, o)).toEqual(o);
    expect(resolveOptions(getExperiment("saturation"), { lrs: 3 }).lrs).toEqual([3]);
  });
  it("throws a RangeError naming the option for bad values", () => {
    expect(() => resolveOptions(gf, { depth: 1 })).toThrow(/gradient-flow: invalid --depth: 1 \(must be ≥ 2\)/);
    expect(() => resolveOptions(gf, { depth: 2.5 })).toThrow(/--depth: 2.5 \(must be an integer\)/);
    expect(() => resolveOptions(gf, { width: "wide" })).toThrow(/--width: wide \(must be a number\)/);
    expect(() => resolveOptions(gf, { functions: "relu,softmax" })).toThrow(/--functions: relu,softmax \(each item must be one of sigmoid, tanh/);
    expect(() => resolveOptions(gf, { functions: [] })).toThrow(/--functions.*non-empty list/);
    expect(() => resolveOptions(gf, { functions: "relu,relu" })).toThrow(/must not repeat/);
    expect(() => resolveOptions(gf, { dpeth: 3 })).toThrow(/unknown option --dpeth \(options: --depth, --width, --batch, --functions, --init, --gain, --sigmoid-gain, --train-steps, --lr\)/);
    expect(() => resolveOptions(getExperiment("born-dead"), { bias: "uniform" })).toThrow(/--bias: uniform \(use one of zero, normal\)/);
    expect(() => resolveOptions(getExperiment("born-dead"), { widths: "2,2.5" })).toThrow(/--widths: 2,2.5 \(must be an integer\)/);
    for (const e of experiments) expect(() => resolveOptions(e, { nonsense: 1 })).toThrow(RangeError);
  });
  it("is what run() applies: a bad option rejects before any work", async () => {
    await expect(gf.run({ depth: 0 })).rejects.toThrow(/invalid --depth/);
    await expect(gf.run({}, { seeds: 0 })).rejects.toThrow(/invalid seeds: 0/);
  });
});

describe("determinism", () => {
  const small = { "gradient-flow": { depth: 6, width: 16, batch: 16, functions: "sigmoid,relu,prelu" }, "dead-units": { lrs: "0.5", variants: "relu,prelu", biases: "0", epochs: 3 }, digits: { functions: "elu,relu", epochs: 1 } };
  for (const [id, opts] of Object.entries(small)) {
    it(`${id}: the same seed gives the same numbers; another seed different ones`, async () => {
      const e = getExperiment(id);
      const a = await e.runSeed(opts, 4);
      const b = await e.runSeed(opts, 4);
      const c = await e.runSeed(opts, 5);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    });
  }
  it("a function's numbers do not depend on which other functions run beside it", async () => {
    const e = getExperiment("gradient-flow");
    const both = (await e.runSeed({ depth: 5, width: 8, batch: 8, functions: "tanh,relu" }, 2)) as Record<string, unknown>;
    const one = (await e.runSeed({ depth: 5, width: 8, batch: 8, functions: "relu" }, 2)) as Record<string, unknown>;
    expect(one.relu).toEqual(both.relu);
  });
  it("run() uses seeds 1…n and summarises in that order", async () => {
    const e = getExperiment("born-dead");
    const opts = { widths: "2", depths: "3", nets: 50 };
    const r = await e.run(opts, { seeds: 3 });
    expect(r.seeds).toEqual([1, 2, 3]);
    expect(r.perSeed[1]).toEqual(await e.runSeed(opts, 2));
    expect(e.summarise(opts, r.seeds, r.perSeed, 0).summary).toEqual(r.summary);
  });
});

describe("divergence", () => {
  it("a run whose learnt PReLU α stops being finite is recorded as diverged (null), not thrown", async () => {
    const r = (await getExperiment("dead-units").runSeed({ variants: "prelu", lrs: "2", biases: "0", epochs: 20 }, 1)) as {
      lr: Record<string, { dead: number | null; neverPositive: number | null; accuracy: number | null; diverged: boolean }[]>;
    };
    expect(r.lr.prelu[0]).toMatchObject({ dead: null, neverPositive: null, accuracy: null, diverged: true });
  });
});

describe("progress and abort", () => {
  it("reports progress up to its total", async () => {
    const seen: Progress[] = [];
    await getExperiment("born-dead").run({ widths: "2,3", depths: "2,4", nets: 20 }, { seeds: 2, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBe(8);
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.every((p) => p.total === 8)).toBe(true);
  });

  it("rejects with an AbortError when the signal is already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(getExperiment("digits").run({}, { signal: ac.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("stops a long run soon after the signal fires", async () => {
    const ac = new AbortController();
    let last = 0;
    let total = 0;
    let atAbort = -1;
    // The signal fires at the first progress report, whenever that comes: a count, not a time, so
    // neither a slow machine (no report yet at a fixed moment) nor a fast one changes the test.
    const p = getExperiment("convergence").run(
      {},
      {
        signal: ac.signal,
        onProgress: (q) => {
          last = q.done;
          total = q.total;
          if (atAbort < 0) {
            atAbort = q.done;
            ac.abort();
          }
        },
      },
    );
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    // Not finished, and at most the unit under way when the signal fired is reported after it.
    expect(atAbort).toBeGreaterThanOrEqual(0);
    expect(last).toBeLessThan(total);
    expect(last - atAbort).toBeLessThanOrEqual(1);
  });
});
