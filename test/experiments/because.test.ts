import { describe, expect, it } from "vitest";
import { getExperiment, resolveOptions, TABLE_COLUMNS } from "../../packages/actlab/src/experiments/index.js";

// summarise() on made-up per-seed numbers: the verdict's stated rule names the thresholds of the
// experiments' README table and the settings run, and the "because" sentence reports the numbers
// that decided it (3 significant digits, percentages for shares), in English and in Chinese.

const summarise = (id: string, options: Record<string, unknown>, perSeed: unknown[]) => {
  const e = getExperiment(id);
  return e.summarise(resolveOptions(e, options), perSeed.map((_, i) => i + 1), perSeed, 0);
};

describe("gradient-flow: rule and numbers", () => {
  const pass = (ratio: number, deltaRatio: number) => ({ std: [1, 1, 1, 1], grad: [ratio, 1, 1, 1], delta: [deltaRatio, 1, 1, 1], ratio, deltaRatio, loss: 2.3 });
  const run = (ratios: Record<string, [number, number]>) =>
    Object.fromEntries(Object.entries(ratios).map(([id, [r, d]]) => [id, { fn: id.split("@")[0], init: "he", gain: 1, ...pass(r, d), trained: pass(r, d), diverged: false }]));

  it("states the depth, the init, the 10⁻² threshold on the paired interval and the cancellation in ∂L/∂W = hᵀδ; quotes medians with intervals", () => {
    const r = summarise("gradient-flow", { depth: 4, width: 4, batch: 4, functions: "sigmoid,tanh,relu", "sigmoid-gain": 0, "train-steps": 0 }, [
      run({ sigmoid: [1e-5, 1e-6], tanh: [0.9, 1e-5], relu: [0.5, 0.5] }),
      run({ sigmoid: [2e-5, 2e-6], tanh: [1.1, 2e-5], relu: [0.6, 0.6] }),
    ]);
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.verdict.rule.en).toContain("Depth 4, width 4, each function's recommended init");
    expect(r.verdict.rule.en).toContain("≤ 10⁻² of ReLU's (He init, gain 1) on the same seed, decided on the 95 % bootstrap interval");
    expect(r.verdict.rule.en).toContain("∂L/∂W_l = h_{l−1}ᵀ δ_l");
    expect(r.verdict.rule.zh).toContain("权重梯度比接近 1 可能掩盖反传信号的消失");
    const tanhW = r.verdict.parts?.find((p) => p.id === "tanh-weights");
    expect(tanhW?.verdict).toBe("does-not-hold");
    expect(tanhW?.because.en).toBe("tanh 1 [0.9, 1.1], ReLU (He) 0.55 [0.5, 0.6]; tanh ÷ ReLU per seed 1.82 [1.8, 1.83]: does not hold.");
    expect(tanhW?.because.zh).toBe("tanh 1 [0.9, 1.1]，ReLU（He）0.55 [0.5, 0.6]；逐种子 tanh ÷ ReLU 为 1.82 [1.8, 1.83]：不成立。");
    expect(r.verdict.parts?.find((p) => p.id === "tanh-delta")?.verdict).toBe("holds");
  });

  it("without sigmoid and tanh there is nothing to judge: inconclusive, and it says so", () => {
    const neither = summarise("gradient-flow", { depth: 4, width: 4, batch: 4, functions: "relu", "train-steps": 0 }, [run({ relu: [0.5, 0.5] })]);
    expect(neither.verdict.verdict).toBe("inconclusive");
    expect(neither.verdict.because.en).toBe("no sigmoid or tanh run.");
    expect(neither.verdict.because.zh).toContain("未运行 sigmoid 或 tanh");
    expect(neither.figures.at(-1)?.x.ticks?.map((t) => t.label.en)).toEqual(["relu"]);
  });
});

describe("self-normalisation: rule and numbers", () => {
  const selu = (k: number) => ({ selu: { init: "lecun", mean: [0.02, -0.05 - k / 1000, 0.01], variance: [1, 0.9 + k / 100, 1.1 + k / 100] } });
  it("states the bands, the depth and the interval rule, and reports ‖J‖ and SELU's variance and |mean| with intervals", () => {
    const r = summarise("self-normalisation", { depth: 3, width: 4, batch: 4, functions: "selu" }, Array.from({ length: 10 }, (_, k) => selu(k)));
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.rule.en).toContain("spectral norm < 1");
    expect(r.verdict.rule.en).toContain("Through all 3 layers");
    expect(r.verdict.rule.en).toContain("95 % bootstrap interval over seeds of its smallest variance is wholly ≥ 0.8");
    expect(r.verdict.rule.zh).toContain("全部 3 层");
    const [j, v, m] = r.verdict.parts ?? [];
    expect(j.because.en).toMatch(/^‖J\(0, 1\)‖₂ = 0\.788 \(J = \[\[[-\d.e]+, 0\.0888\], \[[-\d.e]+, 0\.783\]\]\), computed by quadrature/);
    expect(v.because.en).toMatch(/^smallest variance over the layers 0\.9\d* \[0\.9\d*, 0\.9\d*\] \(≥ 0\.8: holds\), largest 1\.1\d* \[/);
    expect(m.because.zh).toMatch(/^各层 \|均值\| 的最大值 0\.05\d* \[/);
    expect(r.table?.selu.varianceAtDepth.verdict).toBe("holds");
  });

  it("a band crossed on the whole interval does not hold; a band straddled is inconclusive", () => {
    const parts = (variance: (k: number) => number[], mean: (k: number) => number[] = () => [0, 0]) =>
      Object.fromEntries((summarise("self-normalisation", { depth: 2, width: 4, batch: 4, functions: "selu" }, Array.from({ length: 10 }, (_, k) => ({ selu: { init: "lecun", mean: mean(k), variance: variance(k) } }))).verdict.parts ?? []).map((p) => [p.id, p.verdict]));
    expect(parts(() => [0.8, 1.25], () => [0.1, -0.1])).toEqual({ jacobian: "holds", variance: "holds", mean: "holds" });
    expect(parts(() => [0.79, 1]).variance).toBe("does-not-hold");
    expect(parts(() => [1, 1.26]).variance).toBe("does-not-hold");
    expect(parts((k) => [0.75 + k / 100, 1]).variance).toBe("inconclusive");
    expect(parts(() => [1, 1], () => [0, -0.11]).mean).toBe("does-not-hold");
  });

  it("without SELU the SELU parts are inconclusive and say why", () => {
    const r = summarise("self-normalisation", { depth: 2, width: 4, batch: 4, functions: "tanh" }, [{ tanh: { init: "xavier", mean: [0, 0], variance: [0.5, 0.3] } }]);
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.verdict.because.en).toContain("n/a (SELU was not run).");
  });
});

describe("saturation: rule and numbers", () => {
  const stats = (top: number) => ({ mean: [0.5, top], p2: [0.4, top / 2], p98: [0.6, Math.min(1, top * 2)] });
  const rate = (lr: number, top: number[], error: number[], entry: number | null, escape: number | null) => ({ lr, stats: top.map(stats), error, entry, escape, diverged: false });
  const tops = [0.5, 0.02, 0.01, 0.01, 0.01, 0.01, 0.3];

  it("names the thresholds, the early window and the chance rule; counts the seeds that never escaped apart from the diverged", () => {
    const perSeed = Array.from({ length: 10 }, (_, k) => [rate(1, tops, [0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.1], 1, k < 7 ? 6 : null)]);
    const r = summarise("saturation", { depth: 2, lrs: "1", epochs: 6 }, perSeed);
    expect(r.verdict.rule.en).toContain("falls below 0.05");
    expect(r.verdict.rule.en).toContain("back above 0.1");
    expect(r.verdict.rule.en).toContain("is inconclusive, never holds");
    expect(r.verdict.rule.zh).toContain("绝不判为成立");
    expect(r.summary["sigmoid@lr1.escapeEpoch"]).toMatchObject({ median: 6, n: 7, diverged: 0 });
    expect(r.summary["sigmoid@lr1.neverEscaped"]).toMatchObject({ n: 10, diverged: 0 });
    const slow = r.verdict.parts?.find((p) => p.id === "recovers-slowly@lr1");
    expect(slow?.because.en).toContain("escaped in 7 of 10 seeds, never escaped within 6 epochs in 3, never saturated in 0");
    expect(slow?.because.zh).toContain("10 个种子中 7 个脱离饱和，3 个在 6 轮内始终未脱离");
    expect(r.rows?.["sigmoid@lr1"]).toEqual({ en: "sigmoid, lr 1", zh: "sigmoid，学习率 1" });
  });

  it("a rate at which the net stayed at chance is inconclusive even though its top layer saturated", () => {
    const perSeed = Array.from({ length: 10 }, () => [rate(1, tops, [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], 1, null)]);
    const r = summarise("saturation", { depth: 2, lrs: "1", epochs: 6 }, perSeed);
    expect(r.verdict.verdict).toBe("inconclusive");
    expect(r.verdict.parts?.[0].because.en).toContain("the net did not clearly train at this rate");
  });
});

describe("zero-centred: rule and numbers", () => {
  const run = (same: [number, number, number], epochs: [(number | null)[], (number | null)[], (number | null)[]], diverged?: [boolean[], boolean[], boolean[]]) => ({
    sigmoid: { sameSign: same[0], epochs: epochs[0], diverged: diverged?.[0] ?? epochs[0].map(() => false) },
    "sigmoid-centred": { sameSign: same[1], epochs: epochs[1], diverged: diverged?.[1] ?? epochs[1].map(() => false) },
    tanh: { sameSign: same[2], epochs: epochs[2], diverged: diverged?.[2] ?? epochs[2].map(() => false) },
  });
  const noSpeedUp = (r: { verdict: { because: { zh: string }; parts?: readonly { because: { zh: string } }[] } }) => {
    for (const t of [r.verdict.because.zh, ...(r.verdict.parts ?? []).map((p) => p.because.zh)]) expect(t).not.toMatch(/加速|减少 ≥/);
  };

  it("decides centring alone and σ against tanh on paired ratios of epochs at each one's best rate, in words that fit any ratio", () => {
    const per = [
      [90, 45, 15],
      [100, 50, 20],
      [80, 40, 16],
    ].map(([a, b, c]) => run([1, 0.02, 0.01], [[a, null], [b + 10, b], [null, c]]));
    const r = summarise("zero-centred", { lrs: "0.1,1", maxEpochs: 100 }, per);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.summary["sigmoid/sigmoid-centred.epochsRatio"]).toMatchObject({ median: 2, ci: [2, 2] });
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["centring-alone", "holds"],
      ["sigmoid-slower-than-tanh", "holds"],
    ]);
    expect(r.verdict.rule.en).toContain("(a) σ / (σ − ½) ≥ 1.5");
    expect(r.verdict.rule.en).toContain("single-signed by construction");
    expect(r.verdict.rule.zh).toContain("按构造必然同号");
    expect(r.verdict.parts?.[0].because.en).toBe("median epochs to the target: σ 90 [80, 100] (lr 0.1), σ − ½ 45 [40, 50] (lr 1); σ needs 2 [2, 2] times the epochs of σ − ½.");
    expect(r.verdict.parts?.[0].because.zh).toBe("达到目标的轮数中位数：σ 90 [80, 100]（学习率 0.1），σ − ½ 45 [40, 50]（学习率 1）；σ 所需轮数为 σ − ½ 的 2 [2, 2] 倍。");
    expect(r.verdict.because.en).toContain("single-signed gradient rows (by construction for σ): σ 100%");
    noSpeedUp(r);
  });

  it("a ratio below 1 is a slowdown: does not hold, and never called a speed-up", () => {
    const r = summarise("zero-centred", { lrs: "0.1", maxEpochs: 100 }, [30, 32, 34].map((a) => run([1, 0, 0], [[a], [2 * a], [a]])));
    expect(r.verdict.parts?.[0].verdict).toBe("does-not-hold");
    expect(r.verdict.parts?.[0].because.zh).toContain("σ 所需轮数为 σ − ½ 的 0.5 [0.5, 0.5] 倍");
    noSpeedUp(r);
  });

  it("the single-sign share is shown, not judged: it does not change the verdict", () => {
    const v = (same: [number, number, number]) => summarise("zero-centred", { lrs: "0.1", maxEpochs: 100 }, [1, 2, 3].map(() => run(same, [[90], [50], [20]]))).verdict.verdict;
    expect(v([1, 0, 0])).toBe("holds");
    expect(v([0.5, 0.5, 0.5])).toBe("holds");
  });

  it("a seed where neither reached the target gives no ratio, a diverged run is counted, not censored; the chart draws not reached at limit + 1", () => {
    const r = summarise("zero-centred", { lrs: "0.1", maxEpochs: 100 }, [
      run([1, 0, 0], [[null], [null], [20]]),
      run([1, 0, 0], [[null], [50], [20]]),
      run([1, 0, 0], [[null], [70], [null]], [[false], [false], [true]]),
    ]);
    expect(r.summary["sigmoid/sigmoid-centred.epochsRatio"]).toMatchObject({ n: 2, diverged: 1 });
    expect(r.verdict.parts?.[0].verdict).toBe("inconclusive"); // 2 of 3 seeds < 80 %
    expect(r.verdict.parts?.[0].because.en).toContain("(1 of 3 seeds: neither reached the target, no ratio)");
    expect(r.verdict.parts?.[0].because.en).toContain("more seeds or a larger scale would decide");
    expect(r.summary["tanh@0.1.epochs"]).toMatchObject({ median: 20, n: 2, diverged: 1 });
    // tanh finished on 2 of 3 seeds at its only rate: no best rate, so that part is inconclusive too.
    expect(r.verdict.parts?.[1].verdict).toBe("inconclusive");
    expect(r.figures[0].series[0].points).toEqual([{ x: 0.1, y: 101, lo: 101, hi: 101 }]);
    expect(r.figures[0].rules).toEqual([{ y: 101, label: { en: "not reached", zh: "未达到" } }]);
  });
});

describe("dead-units: rule and numbers", () => {
  const rec = (dead: number | null, everDead = [0, 0], revived = [0, 0]) => ({
    deadInit: 0.1,
    dead,
    neverPositiveInit: 0.1,
    neverPositive: dead === null ? null : dead + 0.1,
    accuracy: dead === null ? null : 0.9,
    diverged: dead === null,
    everDead,
    revived,
  });

  it("states the definition and thresholds, and reports every part with its interval and the diverged seeds", () => {
    const seed = (relu: [number, number], elu: (number | null)[]) => ({ lr: { relu: relu.map((d) => rec(d, [2, 1], [0, 1])), elu: elu.map((d) => rec(d)) }, bias: [rec(0.1)] });
    const r = summarise("dead-units", { lrs: "0.01,1", variants: "relu,elu", biases: "0", layers: 2, width: 2 }, [seed([0.05, 0.4], [0, null]), seed([0.05, 0.5], [0, 0]), seed([0.1, 0.6], [0, 0]), seed([0.05, 0.45], [0, 0]), seed([0.05, 0.5], [0, 0])]);
    expect(r.verdict.rule.en).toContain("A unit is dead when f′(z) = 0 at every training input");
    expect(r.verdict.rule.en).toContain("is ≥ 1%");
    expect(r.verdict.rule.zh).toContain("所有训练输入上 f′(z) = 0");
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["relu-grows", "holds"],
      ["elu-none", "holds"],
    ]);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.parts?.[0].because.en).toMatch(/^ReLU dead share: 5% \[5%, .*\] at lr 0\.01, 50% \[.*\] at lr 1 \(the highest rate it survives\); paired difference 45% \[/);
    // ELU at lr 1: 4 of 5 finished (80 %): it survives, and the diverged seed is named.
    expect(r.verdict.parts?.[1].because.en).toBe("ELU dead share: lr 0.01: 0% [0%, 0%]; lr 1: 0% [0%, 0%] (1 of 5 diverged).");
    expect(r.verdict.parts?.[1].because.zh).toBe("ELU 死单元比例：学习率 0.01：0% [0%, 0%]；学习率 1：0% [0%, 0%]（5 个种子中 1 个发散）。");
    expect(r.verdict.because.en).toContain("Seeds diverged: ELU at lr 1: 1 of 5.");
    expect(r.verdict.because.zh).toContain("发散的种子：ELU 学习率 1：5 个中 1 个。");
    expect(r.verdict.because.en).toContain("layer 1 0/20, deeper layers 10/10");
    expect(r.summary["elu@1.diverged"]).toMatchObject({ median: 1, n: 5 });
    expect(r.summary["elu@1.deadShare"]).toMatchObject({ n: 4, diverged: 1 });
    expect(r.summary["relu@1.neverPositiveShare"].median).toBeCloseTo(0.6, 10);
    expect(r.rows?.["relu@0.01"]).toEqual({ en: "ReLU, lr 0.01", zh: "ReLU，学习率 0.01" });
    expect(r.table?.relu.deadShare).toMatchObject({ median: 0.5, verdict: "holds" });
    expect(r.table?.elu.deadShare).toMatchObject({ median: 0, verdict: "holds" });
  });

  it("a function with dead units does not hold; ReLU without a second surviving rate is inconclusive", () => {
    const seeds = [1, 2, 3].map(() => ({ lr: { relu: [rec(0.05), rec(null)], elu: [rec(0.2), rec(0.3)] }, bias: [rec(0)] }));
    const r = summarise("dead-units", { lrs: "0.01,1", variants: "relu,elu", biases: "0", layers: 2, width: 2 }, seeds);
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["relu-grows", "inconclusive"],
      ["elu-none", "does-not-hold"],
    ]);
    expect(r.verdict.parts?.[0].because.en).toContain("ReLU survives (≥ 80 % of seeds finish) at 1 of 2 rates");
    expect(r.table?.elu.deadShare.verdict).toBe("does-not-hold");
    // the table takes ReLU at the highest rate it survives (lr 0.01: every seed diverged at lr 1)
    expect(r.table?.relu.deadShare).toMatchObject({ median: 0.05, n: 3, diverged: 0 });
    // ELU survives both: the table takes lr 1
    expect(r.table?.elu.deadShare).toMatchObject({ median: 0.3, n: 3 });
  });
});

describe("born-dead: rule and numbers", () => {
  it("names the Monte Carlo, the thresholds and the upper bound, and reports the narrowest net's P per depth in depth order with intervals", () => {
    const r = summarise("born-dead", { widths: "3,2", depths: "10,2", nets: 100 }, [
      [
        [0.5, 0.05],
        [0.8, 0.2],
      ],
      [
        [0.5, 0.05],
        [0.8, 0.2],
      ],
    ]);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.rule.en).toContain("each seed draws 100 random nets per width N and depth L");
    expect(r.verdict.rule.en).toContain("(a) P(born dead) ≥ 0.5 for the narrowest, deepest net");
    expect(r.verdict.rule.en).toContain("an upper bound, not a result of Lu et al.");
    expect(r.verdict.rule.zh).toContain("它是上界，并非 Lu 等人的结果");
    expect(r.verdict.because.en).toBe(
      "P(born dead) at N = 2: L 2 0.2 [0.2, 0.2], L 10 0.8 [0.8, 0.8]; narrow-deep-dies: holds; rises-with-depth: holds; falls-with-width: holds; no cell lies above the one-input upper bound.",
    );
    expect(r.verdict.because.zh).toBe("N = 2 时 P（初始即死亡）：L 2 为 0.2 [0.2, 0.2]，L 10 为 0.8 [0.8, 0.8]；最窄最深网络多半死亡：成立；随深度上升：成立；随宽度下降：成立；没有格高于单输入上界。");
    expect(r.summary["N2@L10.pBornDead"].median).toBe(0.8);
    expect(r.summary["N2@L10-L2.depthRise"].median).toBeCloseTo(0.6, 12);
    expect(r.summary["N2-N3@L10.widthFall"].median).toBeCloseTo(0.3, 12);
  });

  it("names a cell whose interval lies above the one-input upper bound", () => {
    // 1 − (¾)² = 0.4375 at N = 2, L = 2.
    const r = summarise("born-dead", { widths: "2", depths: "2,10", nets: 100 }, [0, 1, 2].map(() => [[0.6, 0.9]]));
    expect(r.verdict.because.en).toContain("cells above the one-input upper bound: N 2, L 2");
    expect(r.verdict.because.zh).toContain("高于单输入上界的格：N 2，L 2");
  });
});

describe("init-depth: rule and numbers", () => {
  const ln3 = Math.log(3);
  it("judges the greatest depth on the lowest loss reached, per optimiser, and quotes medians with intervals", () => {
    const seed = (he: number) => ({
      sgd: { he: [[ln3, he, 0.8], [ln3, 0.3, 0.3]], lecun: [[ln3, ln3, ln3], [ln3, 0.2, 0.2]] },
      adam: { he: [[ln3, 0.1, 0.1], [ln3, 0.1, 0.1]], lecun: [[ln3, 0.2, 0.2], [ln3, 0.2, 0.2]] },
    });
    const r = summarise("init-depth", { depths: "30,10", epochs: 2 }, [seed(0.5), seed(0.6), seed(0.55)]);
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.verdict.rule.en).toContain("At the greatest depth (30), over 2 epochs");
    expect(r.verdict.rule.en).toContain("(ln 3 = 1.1 is chance)");
    expect(r.verdict.rule.en).toContain("95% bootstrap interval");
    expect(r.verdict.rule.zh).toContain("在最大深度（30）训练 2 轮");
    expect(r.verdict.because.en).toBe(
      "SGD with momentum (lr 0.01), depth 30, lowest loss, median [95% interval]: He 0.55 [0.5, 0.6] (learns: holds), 1/n 1.1 [1.1, 1.1] (stalls: holds; the 1/n net learnt in 0 of 3 seeds). " +
        "Adam (lr 0.001), depth 30, lowest loss, median [95% interval]: He 0.1 [0.1, 0.1] (learns: holds), 1/n 0.2 [0.2, 0.2] (stalls: does not hold; the 1/n net learnt in 3 of 3 seeds).",
    );
    expect(r.verdict.because.zh).toContain("带动量的 SGD（学习率 0.01），深度 30，最低损失的中位数 [95% 区间]：He 0.55 [0.5, 0.6]（在学习：成立）");
    expect(r.summary["sgd.lecun.depth10.lowestLoss"].median).toBe(0.2);
    expect(r.summary["sgd.he.depth30.finalLoss"].median).toBe(0.8);
    expect(r.figures.map((f) => f.id)).toEqual(["init-depth-sgd-30", "init-depth-sgd-10", "init-depth-adam-30", "init-depth-adam-10"]);
  });

  it("uses the bands 0.9·ln 3 and 0.95·ln 3, edges included", () => {
    const v = (he: number, lecun: number) =>
      summarise("init-depth", { depths: "5", epochs: 1 }, [{ sgd: { he: [[ln3, he]], lecun: [[ln3, lecun]] }, adam: { he: [[ln3, he]], lecun: [[ln3, lecun]] } }]).verdict.verdict;
    expect(v(0.9 * ln3, ln3)).toBe("holds");
    expect(v(0.91 * ln3, ln3)).toBe("does-not-hold");
    expect(v(0.5, 0.95 * ln3)).toBe("holds");
    expect(v(0.5, 0.94 * ln3)).toBe("does-not-hold");
    // A run that never had a finite loss after init diverged: it is counted, and decides nothing.
    expect(v(0.5, NaN)).toBe("inconclusive");
  });
});

describe("mean-activation: rule and numbers", () => {
  const fr = (m: number, l: number, m0 = 0.3) => ({ unitMean: [m0, m], loss: [2.3, l] });
  const seed = (k: number) => ({ relu: fr(0.5 + k / 100, 2), elu: fr(0.2 + k / 100, 1.5), "relu-centred": fr(k / 1000, 2.2, 0), tanh: fr(-0.02, 2), sigmoid: fr(0.6, 2.3) });
  it("judges ELU against ReLU and the centring control against ReLU on paired ratios, and the table on ±0.1", () => {
    const r = summarise("mean-activation", { functions: "sigmoid,tanh,relu,elu", epochs: 1 }, [0, 1, 2, 3, 4].map(seed));
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["elu-mean-nearer-0", "holds"],
      ["elu-loss-lower", "holds"],
      ["centring-alone-faster", "does-not-hold"],
    ]);
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.verdict.rule.en).toContain("(a) |ELU's median unit mean| / |ReLU's| after 1 epochs ≤ 0.7");
    expect(r.verdict.rule.en).toContain("ReLU minus each unit's mean at init");
    expect(r.verdict.rule.zh).toContain("零均值对照（ReLU 减去每个单元初始化时的均值");
    expect(r.verdict.parts?.[1].because.en).toBe("loss after epoch 1: ELU 1.5 [1.5, 1.5], ReLU 2 [2, 2]; ratio 0.75 [0.75, 0.75].");
    expect(r.verdict.parts?.[2].because.zh).toContain("比值 1.1 [1.1, 1.1]");
    expect(r.verdict.because.en).toContain("median unit mean of the others: sigmoid 0.6 [0.6, 0.6], tanh -0.02 [-0.02, -0.02]");
    expect(r.rows?.["relu-centred"].zh).toBe("ReLU − 初始化时的均值（零均值对照）");
    // Table: the article's ✗ for sigmoid and ReLU and ✓ for tanh and ELU; ELU's 0.22 is outside ±0.1.
    expect(Object.fromEntries(Object.entries(r.table ?? {}).map(([id, c]) => [id, c.meanActivation.verdict]))).toEqual({ sigmoid: "holds", tanh: "holds", relu: "holds", elu: "does-not-hold" });
    expect(r.table?.["relu-centred"]).toBeUndefined();
  });

  it("without ELU or ReLU there is no part to judge: inconclusive", () => {
    const r = summarise("mean-activation", { functions: "tanh", epochs: 1 }, [{ tanh: fr(0.01, 2) }]);
    expect(r.verdict.verdict).toBe("inconclusive");
    expect(r.table?.tanh.meanActivation.verdict).toBe("holds");
  });
});

describe("convergence: rule and numbers", () => {
  const t = (pairs: [number, number | null][]) => pairs.map(([lr, updates]) => ({ lr, updates, diverged: false }));
  it("quotes the chosen rates and tanh's and sigmoid's paired ratios to ReLU per data set, with intervals", () => {
    const seed = (relu: number, tanh: number) => ({
      spiral: { relu: t([[0.03, 300], [0.1, relu], [0.3, null]]), tanh: t([[0.03, 900], [0.1, tanh], [0.3, 1000]]) },
      digits: { relu: t([[0.1, 200], [0.3, 100], [1, null]]), tanh: t([[0.1, 200], [0.3, 100], [1, 150]]) },
    });
    const r = summarise("convergence", { functions: "tanh,relu", tasks: "spiral,digits" }, [seed(100, 400), seed(80, 400), seed(100, 500)]);
    expect(r.verdict.parts?.map((p) => [p.id, p.verdict])).toEqual([
      ["spiral-tanh", "holds"],
      ["digits-tanh", "does-not-hold"],
    ]);
    expect(r.verdict.verdict).toBe("mixed");
    expect(r.verdict.rule.en).toContain("widens its learning-rate grid by ×3 steps (at most 3 on each side)");
    expect(r.verdict.because.en).toContain("chosen learning rates: spiral: tanh 0.1, relu 0.1; digits: tanh 0.3, relu 0.3.");
    expect(r.verdict.because.en).toContain("spiral (tanh at lr 0.1, ReLU at lr 0.1): updates tanh 400 [400, 500], ReLU 100 [80, 100]; tanh/ReLU (paired by seed) 5 [4, 5]×: holds.");
    expect(r.verdict.because.zh).toContain("选定的学习率：spiral：tanh 0.1，relu 0.1；digits：tanh 0.3，relu 0.3。");
    expect(r.verdict.because.zh).toContain("按种子配对的 tanh/ReLU：5 [4, 5] 倍：成立。");
    expect(r.summary["digits.tanh.updates"].median).toBe(100);
    expect(r.summary["spiral.relu.seedBestLr"].median).toBe(0.1);
    expect(r.figures.map((f) => f.id)).toEqual(["convergence-spiral", "convergence-digits", "convergence-best"]);
    expect(r.figures[2].series.map((s) => s.name)).toEqual(["spiral", "digits"]);
  });

  it("without ReLU there are no ratios, no table and no ratio chart, and nothing is decided", () => {
    const r = summarise("convergence", { functions: "tanh", tasks: "spiral", spiralLrs: "0.1" }, [{ spiral: { tanh: t([[0.1, 20]]) } }]);
    expect(r.table).toEqual({});
    expect(r.figures.map((f) => f.id)).toEqual(["convergence-spiral"]);
    expect(r.verdict.verdict).toBe("inconclusive");
    expect(r.verdict.because.en).toContain("nothing is compared");
  });
});

describe("cost: rule and numbers", () => {
  const round = (k: Record<string, number>, s: Record<string, number>) => ({
    backend: "wasm",
    order: Object.keys(k),
    kernelNs: Object.fromEntries(Object.entries(k).map(([id, v]) => [id, [1, v]])),
    stepUs: Object.fromEntries(Object.entries(s).map(([id, v]) => [id, [10, v]])),
  });
  it("reports each exp-based function's per-round ratios at the last length and width, with intervals over rounds", () => {
    const r = summarise("cost", { functions: "relu,sigmoid,gelu", lengths: "16,64", widths: "8,16" }, [
      round({ relu: 1, sigmoid: 3, gelu: 5 }, { relu: 10, sigmoid: 12, gelu: 20 }),
      round({ relu: 2, sigmoid: 6, gelu: 9 }, { relu: 10, sigmoid: 13, gelu: 20 }),
    ]);
    expect(r.verdict.verdict).toBe("holds"); // 3× ≥ 2×; 1.2× and 1.3× ≥ 1.2×
    expect(r.verdict.rule.en).toContain("wholly at or above 2×");
    expect(r.verdict.rule.en).toContain("order rotated from round to round");
    expect(r.verdict.because.en).toBe(
      "wasm backend: sigmoid ÷ ReLU per element (64 elements), median [95% interval] over 2 rounds: 3 [3, 3]×: holds. sigmoid ÷ ReLU per training step (width 16), median [95% interval] over 2 rounds: 1.25 [1.2, 1.3]×: holds.",
    );
    expect(r.verdict.because.zh).toBe(
      "wasm 后端：sigmoid 每元素时间为 ReLU 的 3 [3, 3] 倍（64 个元素，2 轮的中位数 [95% 区间]）：成立。sigmoid 训练步时间为 ReLU 的 1.25 [1.2, 1.3] 倍（宽度 16，2 轮的中位数 [95% 区间]）：成立。",
    );
    // gelu has no exp in the article's sense: a cell without a verdict
    expect(r.table?.gelu.costKernelVsRelu).toMatchObject({ median: 4.75, n: 2 });
    expect(r.table?.gelu.costKernelVsRelu.verdict).toBeUndefined();
    expect(r.table?.sigmoid.costKernelVsRelu.verdict).toBe("holds");
    expect(r.summary["sigmoid.kernelNs16"].median).toBe(1);
    expect(r.quantities.stepUs16.unit?.en).toBe("µs");
  });
});

describe("digits: rule and numbers", () => {
  it("quotes both accuracies and the paired ReLU − sigmoid gap with intervals, and one image in points", () => {
    const seed = (relu: number, sigmoid: number, split: number) => ({ split, runs: { relu: { test: [0.1, relu], train: 1 }, sigmoid: { test: [0.1, sigmoid], train: 0.9 } } });
    const r = summarise("digits", { functions: "relu,sigmoid", epochs: 1 }, [seed(0.97, 0.95, 0), seed(0.99, 0.96, 1)]);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.rule.en).toContain("after 1 epochs, ReLU − sigmoid paired by seed");
    expect(r.verdict.rule.zh).toContain("训练 1 轮后");
    expect(r.verdict.because.en).toBe(
      "test accuracy after 1 epochs, median [95% interval] over 2 seeds on 2 splits: ReLU 0.98 [0.97, 0.99], sigmoid 0.955 [0.95, 0.96]; ReLU − sigmoid, paired by seed: 2.5 [2, 3] points (one test image is 0.222 points): holds.",
    );
    expect(r.verdict.because.zh).toBe(
      "训练 1 轮后的测试准确率（2 个划分上 2 个种子的中位数 [95% 区间]）：ReLU 0.98 [0.97, 0.99]，sigmoid 0.955 [0.95, 0.96]；按种子配对的 ReLU − sigmoid：2.5 [2, 3] 个百分点（一张测试图像为 0.222 个百分点）：成立。",
    );
    expect(r.summary["sigmoid.trainAccuracy"].median).toBe(0.9);
    // no sigmoid run: nothing to decide
    expect(summarise("digits", { functions: "relu", epochs: 1 }, [{ split: 0, runs: { relu: { test: [0.1, 0.9], train: 1 } } }]).verdict.verdict).toBe("inconclusive");
  });
});

describe("TABLE_COLUMNS", () => {
  it("lists the measured columns of the experiments' README, each with the experiment that fills it and a label in both languages", () => {
    expect(TABLE_COLUMNS.map((c) => [c.key, c.experiment])).toEqual([
      ["gradientRatio", "gradient-flow"],
      ["deltaRatio", "gradient-flow"],
      ["signalStd", "gradient-flow"],
      ["varianceAtDepth", "self-normalisation"],
      ["meanActivation", "mean-activation"],
      ["deadShare", "dead-units"],
      ["updatesVsRelu", "convergence"],
      ["digitsAccuracy", "digits"],
      ["costKernelVsRelu", "cost"],
      ["costStepVsRelu", "cost"],
    ]);
    for (const c of TABLE_COLUMNS) {
      expect(c.label.en.length).toBeGreaterThan(5);
      expect(c.label.en).not.toMatch(/[\u4e00-\u9fff]/);
      expect(c.label.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(TABLE_COLUMNS[0].label.zh).toBe("权重梯度比（第 1 层/顶层）");
  });
});
