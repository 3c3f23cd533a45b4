import { describe, expect, it } from "vitest";
import { getExperiment, resolveOptions, type ExperimentResult } from "../../packages/actlab/src/experiments/index.js";
import { expectPlainResult } from "./shape.js";

// Glorot and Bengio (2010), Section 4.2, and issue 19 item 2: ∂L/∂W_l = h_{l−1}ᵀ δ_l, so a forward
// signal that shrinks towards the top and a backward signal that shrinks towards the bottom cancel
// in ‖∂L/∂W₁‖/‖∂L/∂W_top‖. With the standard init U[±1/√n], tanh at depth 20 has a weight ratio
// near 1 while its backpropagated signal ‖∂L/∂z₁‖/‖∂L/∂z₂₀‖ vanishes; Xavier ignores σ′(0) = ¼, so
// a gain of 4 on sigmoid's weights lifts its ratios by orders of magnitude.

const e = getExperiment("gradient-flow");
type Pass = { std: number[]; grad: number[]; delta: number[]; ratio: number; deltaRatio: number; loss: number };
type Row = Pass & { fn: string; init: string; gain: number; trained: Pass | null; diverged: boolean };

describe("gradient-flow on quick settings (depth 20)", () => {
  it("quick keeps depth 20", () => {
    expect(resolveOptions(e, {}, true)).toMatchObject({ depth: 20, "train-steps": 5, init: "recommended", gain: 1, "sigmoid-gain": 4 });
    expect(resolveOptions(e)).toMatchObject({ depth: 20, width: 64, "train-steps": 100, lr: 1e-3 });
  });

  it("--init standard: tanh's backpropagated signal vanishes (deltaRatio < 10⁻³) while its weight ratio stays within 0.3–3", async () => {
    const r = await e.run({ init: "standard", functions: "tanh,relu", "train-steps": 0 }, { quick: true });
    expectPlainResult(r);
    expect(r.config.depth).toBe(20);
    for (const s of r.perSeed as Record<string, Row>[]) {
      expect(s.tanh.init).toBe("standard");
      expect(s.tanh.deltaRatio).toBeLessThan(1e-3);
      expect(s.tanh.ratio).toBeGreaterThan(0.3);
      expect(s.tanh.ratio).toBeLessThan(3);
      // The cancellation: the forward signal has shrunk by as much at the top as δ at the bottom.
      expect(s.tanh.std[19] / s.tanh.std[0]).toBeLessThan(1e-2);
      // With standard init ReLU's own signal vanishes too, so the reference is ReLU with He init.
      expect(s["relu@he"].init).toBe("he");
      expect(s["relu@he"].deltaRatio).toBeGreaterThan(0.1);
    }
    const parts = Object.fromEntries((r.verdict.parts ?? []).map((p) => [p.id, p.verdict]));
    expect(parts).toEqual({ "tanh-weights": "does-not-hold", "tanh-delta": "holds" });
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.verdict.rule.en).toContain("A weight ratio near 1 can hide a vanishing backpropagated signal");
    expect(r.verdict.rule.en).toContain("standard init U[−1/√n_in, 1/√n_in]");
    expect(r.rows?.["relu@he"].en).toContain("He init");
    // The article's ✗ for tanh (gradients vanish) agrees on δ and not on W.
    expect(r.table?.tanh.deltaRatio.verdict).toBe("holds");
    expect(r.table?.tanh.gradientRatio.verdict).toBe("does-not-hold");
  });

  it("sigmoid: a gain of 4 lifts the ratios by orders of magnitude, and the signal still vanishes", async () => {
    const r = await e.run({ functions: "sigmoid,relu", "train-steps": 0 }, { quick: true });
    expectPlainResult(r);
    for (const s of r.perSeed as Record<string, Row>[]) {
      expect(s["sigmoid@gain4"].gain).toBe(4);
      expect(s["sigmoid@gain4"].deltaRatio / s.sigmoid.deltaRatio).toBeGreaterThan(1e4);
      expect(s["sigmoid@gain4"].ratio / s.sigmoid.ratio).toBeGreaterThan(1e4);
      expect(s["sigmoid@gain4"].deltaRatio).toBeLessThan(1e-2);
    }
    expect(r.summary["sigmoid.deltaRatio"].median).toBeLessThan(1e-9);
    expect(r.summary["sigmoid@gain4.deltaRatio"].median).toBeGreaterThan(1e-7);
    expect(r.rows?.["sigmoid@gain4"].zh).toContain("×4");
    // Recommended inits: ReLU (He) is the reference itself, no extra row.
    expect(r.summary["relu@he.deltaRatio"]).toBeUndefined();
    expect(r.table?.relu.deltaRatio.verdict).toBe("holds");
  });
});

describe("gradient-flow: one seed's numbers", () => {
  it("per layer: std, ‖∂L/∂W_l‖, ‖∂L/∂z_l‖; ratios are layer 1 over the top; training moves the loss down", async () => {
    const s = (await e.runSeed({ depth: 3, width: 6, batch: 16, functions: "tanh,relu", "sigmoid-gain": 0, "train-steps": 30, lr: 0.01 }, 1)) as Record<string, Row>;
    expect(Object.keys(s)).toEqual(["tanh", "relu"]);
    for (const f of Object.values(s)) {
      for (const a of [f.std, f.grad, f.delta]) expect(a).toHaveLength(3);
      expect(f.ratio).toBe(f.grad[0] / f.grad[2]);
      expect(f.deltaRatio).toBe(f.delta[0] / f.delta[2]);
      expect(f.trained).not.toBeNull();
      expect(f.trained?.loss).toBeLessThan(f.loss);
      expect(f.diverged).toBe(false);
    }
    // A different seed, different numbers; the same seed, the same numbers.
    const again = await e.runSeed({ depth: 3, width: 6, batch: 16, functions: "tanh,relu", "sigmoid-gain": 0, "train-steps": 30, lr: 0.01 }, 1);
    expect(JSON.stringify(again)).toBe(JSON.stringify(s));
  });
});

describe("gradient-flow verdict from made-up seeds", () => {
  const pass = (ratio: number, deltaRatio: number): Pass => ({ std: [1, 1, 1], grad: [ratio, 1, 1], delta: [deltaRatio, 1, 1], ratio, deltaRatio, loss: 2.3 });
  const row = (fn: string, init: string, ratio: number, deltaRatio: number, trained: Pass | null = pass(ratio, deltaRatio)): Row => ({ fn, init, gain: 1, ...pass(ratio, deltaRatio), trained, diverged: trained === null });
  const opts = { depth: 3, width: 4, batch: 4, functions: "sigmoid,tanh,relu", "sigmoid-gain": 0, "train-steps": 10 };
  const summarise = (perSeed: unknown[], o: Record<string, unknown> = opts): ExperimentResult => e.summarise(resolveOptions(e, o), perSeed.map((_, i) => i + 1), perSeed, 0);
  const seeds = (n: number, f: (k: number) => Record<string, Row>) => Array.from({ length: n }, (_, k) => f(k));

  it("holds when both ratios of sigmoid and tanh are ≤ 10⁻² of ReLU's on every seed; the table marks the article's ✗ as agreeing", () => {
    const r = summarise(seeds(10, (k) => ({ sigmoid: row("sigmoid", "xavier", 1e-12 * (1 + k / 10), 1e-12), tanh: row("tanh", "xavier", 1e-4, 1e-5 * (1 + k)), relu: row("relu", "he", 0.7 + k / 100, 0.8) })));
    expectPlainResult(r);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.parts?.map((p) => p.id)).toEqual(["sigmoid-weights", "sigmoid-delta", "sigmoid-delta-trained", "tanh-weights", "tanh-delta", "tanh-delta-trained"]);
    expect(r.table?.sigmoid.gradientRatio.verdict).toBe("holds");
    expect(r.table?.relu.gradientRatio.verdict).toBe("holds"); // ReLU ✓: does not vanish
    expect(r.table?.relu.deltaRatio.n).toBe(10);
  });

  it("a weight ratio near 1 with a vanishing signal is mixed, and says which measure vanished", () => {
    const r = summarise(seeds(10, (k) => ({ sigmoid: row("sigmoid", "standard", 1e-12, 1e-12), tanh: row("tanh", "standard", 0.9 + k / 100, 2e-5), relu: row("relu", "he", 0.7, 0.8) })));
    expect(r.verdict.verdict).toBe("mixed");
    const v = Object.fromEntries((r.verdict.parts ?? []).map((p) => [p.id, p.verdict]));
    expect(v["tanh-weights"]).toBe("does-not-hold");
    expect(v["tanh-delta"]).toBe("holds");
    expect(r.verdict.because.en).toContain("tanh 2.00e-5 [2.00e-5, 2.00e-5]");
    // the sentence names each measure in words, never by the part's id
    expect(r.verdict.because.en).toContain("tanh, backpropagated-signal ratio at init: tanh 2.00e-5");
    expect(r.verdict.because.zh).toContain("tanh 的初始化时的反传信号比：tanh 2.00e-5");
    expect(r.verdict.because.zh).not.toMatch(/tanh-delta|sigmoid-weights/);
  });

  it("straddling 10⁻² over seeds is inconclusive, and says more seeds would decide", () => {
    const r = summarise(seeds(10, (k) => ({ sigmoid: row("sigmoid", "xavier", 1e-12, 1e-12), tanh: row("tanh", "xavier", 0.001 * 3 ** (k - 3), 0.001 * 3 ** (k - 3)), relu: row("relu", "he", 1, 1) })));
    const tanh = r.verdict.parts?.find((p) => p.id === "tanh-delta");
    expect(tanh?.verdict).toBe("inconclusive");
    expect(tanh?.because.en).toContain("more seeds or a larger scale would decide");
    expect(tanh?.because.zh).toContain("更多种子或更大规模才能判定");
  });

  it("training that diverged on 3 of 10 seeds makes the after-training parts inconclusive and counts them", () => {
    const r = summarise(seeds(10, (k) => ({ sigmoid: row("sigmoid", "xavier", 1e-12, 1e-12, k < 3 ? null : pass(1e-12, 1e-12)), tanh: row("tanh", "xavier", 1e-4, 1e-5), relu: row("relu", "he", 1, 1) })));
    const p = r.verdict.parts?.find((x) => x.id === "sigmoid-delta-trained");
    expect(p?.verdict).toBe("inconclusive");
    expect(p?.because.en).toContain("3 of 10 diverged");
    expect(r.summary["sigmoid.deltaRatioTrained"]).toMatchObject({ n: 7, diverged: 3 });
    // At initialisation nothing diverged: those parts still decide.
    expect(r.verdict.parts?.find((x) => x.id === "sigmoid-delta")?.verdict).toBe("holds");
  });

  it("JSON's null for NaN is read as a missing value, not as 0", () => {
    const s = JSON.parse(JSON.stringify(seeds(10, () => ({ sigmoid: row("sigmoid", "xavier", 1e-12, 1e-12, null), tanh: row("tanh", "xavier", 1e-4, 1e-5), relu: row("relu", "he", 1, 1) }))));
    for (const x of s) x.sigmoid.trained = { std: [null, null, null], grad: [null, null, null], delta: [null, null, null], ratio: null, deltaRatio: null, loss: null };
    const r = summarise(s);
    expect(r.summary["sigmoid.deltaRatioTrained"].n).toBe(0);
  });
});
