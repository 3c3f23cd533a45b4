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
  const run = (same: [number, number, number], epochs: [(number | null)[], (number | null)[], (number | null)[]]) => ({
    sigmoid: { sameSign: same[0], epochs: epochs[0] },
    "sigmoid-centred": { sameSign: same[1], epochs: epochs[1] },
    tanh: { sameSign: same[2], epochs: epochs[2] },
  });

  it("reports the single-signed shares, each variant's best median epochs with its learning rate, and the speed-ups", () => {
    const r = summarise("zero-centred", { lrs: "0.1,1", maxEpochs: 100 }, [run([1, 0.02, 0.01], [[90, null], [60, 45], [null, 15]])]);
    expect(r.verdict.verdict).toBe("holds"); // 90 / 45 = 2 ≥ 1.5
    expect(r.verdict.rule.en).toContain("≥ 90% of σ's per-sample gradient rows");
    expect(r.verdict.rule.en).toContain("by ≥ 1.5×");
    expect(r.verdict.because.en).toBe(
      "single-signed rows: σ 100%, σ − ½ 2%, tanh 1%; best median epochs: σ 90 (lr 0.1), σ − ½ 45 (lr 1), tanh 15 (lr 1); centring 2×, tanh's slope a further 3×.",
    );
    expect(r.verdict.because.zh).toBe("同号梯度行：σ 100%，σ − ½ 2%，tanh 1%；最佳轮数中位数：σ 90（学习率 0.1），σ − ½ 45（学习率 1），tanh 15（学习率 1）；零均值化加速 2 倍，tanh 的斜率再加速 3 倍。");
    expect(r.summary["sigmoid.lr1.reached"].median).toBe(0);
    expect(r.summary["tanh.lr1.reached"].median).toBe(1);
    expect(r.summary["sigmoid.bestEpochs"].median).toBe(90);
  });

  it("writes a run that never reached the target as more than the epoch limit, and the chart draws it at limit + 1", () => {
    const r = summarise("zero-centred", { lrs: "0.1", maxEpochs: 100 }, [run([1, 0, 0], [[null], [50], [20]]), run([1, 0, 0], [[null], [70], [20]])]);
    expect(r.verdict.because.en).toContain("σ >100 (lr 0.1)");
    expect(r.verdict.because.en).toContain("σ − ½ 60 (lr 0.1)");
    expect(r.figures[0].series[0].points).toEqual([{ x: 0.1, y: 101, lo: 101, hi: 101 }]);
    expect(r.figures[0].series[1].points).toEqual([{ x: 0.1, y: 60, lo: 50, hi: 70 }]);
    expect(r.figures[0].rules).toEqual([{ y: 101, label: { en: "not reached", zh: "未达到" } }]);
    expect(r.figures[0].title.en).toContain("101 = not reached");
  });

  it("the premise needs σ ≥ 90% and σ − ½ and tanh ≤ 10% single-signed rows, edges included", () => {
    const v = (same: [number, number, number]) => summarise("zero-centred", { lrs: "0.1", maxEpochs: 100 }, [run(same, [[90], [50], [20]])]).verdict.verdict;
    expect(v([0.9, 0.1, 0.1])).toBe("holds");
    expect(v([0.89, 0, 0])).toBe("does-not-hold");
    expect(v([1, 0.11, 0])).toBe("does-not-hold");
    expect(v([1, 0, 0.11])).toBe("does-not-hold");
  });
});

describe("dead-units: rule and numbers", () => {
  const rec = (dead: number | null, everDead = [0, 0], revived = [0, 0]) => ({ deadInit: 0.1, deadEnd: dead, accuracy: dead === null ? null : 0.9, everDead, revived });

  it("reads the learning rate nearest 1 and the smallest one, and reports the dead shares, divergences and revivals", () => {
    const r = summarise("dead-units", { lrs: "0.5,0.01,3", variants: "relu,elu", biases: "0", layers: 2, width: 2 }, [
      { lr: { relu: [rec(0.4, [2, 1], [1, 0]), rec(0.05), rec(0.6)], elu: [rec(0.1), rec(0), rec(null)] }, bias: [rec(0.1)] },
      { lr: { relu: [rec(0.5, [1, 3], [0, 2]), rec(0.05), rec(0.6)], elu: [rec(0.1), rec(0), rec(0)] }, bias: [rec(0.1)] },
    ]);
    // |ln 0.5| < |ln 3|: lr 0.5 is the one nearest 1.
    expect(r.verdict.rule.en).toContain("Two tests at lr 0.5: ReLU's median share of never-positive units is ≥ 10 points above its share at lr 0.01");
    expect(r.verdict.rule.zh).toContain("在学习率 0.5 下检验");
    expect(r.verdict.verdict).toBe("holds"); // ReLU 45% against 5%; ELU 10% ≤ 22.5%
    expect(r.verdict.because.en).toBe("ReLU never positive: 5% at lr 0.01, 45% at lr 0.5; ELU 10%; layer-1 units revived: 1 of 3, deeper layers: 2 of 4.");
    expect(r.verdict.because.zh).toBe("ReLU 从不为正：学习率 0.01 时 5%，学习率 0.5 时 45%；ELU 10%；第 1 层复活：1/3，更深层：2/4。");
    expect(r.table).toEqual({ relu: { deadShareLr1: 0.45 }, elu: { deadShareLr1: 0.1 } });
    expect(r.summary["elu.lr3.diverged"]).toEqual({ median: 1, min: 1, max: 1 });
    expect(r.summary["elu.lr3.dead"]).toEqual({ median: 0, min: 0, max: 0 });
    expect(r.summary["relu.lr0.5.accuracy"].median).toBe(0.9);
    expect(r.summary["relu.layer1.everDead"].median).toBe(3);
    expect(r.summary["relu.layer2.revived"].median).toBe(2);
    expect(r.summary["bias0.deadEnd"].median).toBe(0.1);
    expect(r.figures[1].title.en).toBe("ReLU: dead share against the initial bias (lr 0.1)");
    expect(r.figures[0].title.en).toBe("Share of hidden units never positive after 100 epochs (moons, 2×2)");
  });

  it("marks a function that does not fix dead units, and names diverged seeds in both languages", () => {
    const r = summarise("dead-units", { lrs: "0.01,1", variants: "relu,elu", biases: "0", layers: 2, width: 2 }, [
      { lr: { relu: [rec(0), rec(0.5)], elu: [rec(0), rec(null)] }, bias: [rec(0)] },
      { lr: { relu: [rec(0), rec(0.5)], elu: [rec(0), rec(0.3)] }, bias: [rec(0)] },
    ]);
    expect(r.verdict.verdict).toBe("mixed"); // ELU 30% > 25%
    expect(r.verdict.because.en).toContain("ELU 30% (1 of 2 seeds diverged) ✗; layer-1 units revived: none, deeper layers: 0 of 0.");
    expect(r.verdict.because.zh).toContain("ELU 30%（2 个种子中 1 个发散） ✗");
  });

  it("ReLU alone: only the growth test; the dead share must grow by 10 points exactly or more", () => {
    const v = (lo: number, hi: number) => summarise("dead-units", { lrs: "0.01,1", variants: "relu", biases: "0", layers: 2, width: 2 }, [{ lr: { relu: [rec(lo), rec(hi)] }, bias: [rec(0)] }]);
    expect(v(0.25, 0.375).verdict.verdict).toBe("holds");
    expect(v(0.25, 0.34).verdict.verdict).toBe("does-not-hold");
    expect(v(0.25, 0.375).verdict.because.en).toContain("no other function run");
    expect(v(0.25, 0.375).verdict.because.zh).toContain("未运行其他函数");
  });

  it("without ReLU nothing grows and the others are compared with nothing: does not hold", () => {
    const r = summarise("dead-units", { lrs: "0.01,1", variants: "elu", biases: "0", layers: 2, width: 2 }, [{ lr: { elu: [rec(0), rec(0)] }, bias: [rec(0)] }]);
    expect(r.verdict.verdict).toBe("does-not-hold");
    expect(r.verdict.because.en).toContain("ReLU never positive: n/a at lr 0.01, n/a at lr 1; ELU 0% ✗");
    expect(r.summary["relu.layer1.everDead"].median).toBe(0);
  });
});

describe("born-dead: rule and numbers", () => {
  it("reports the narrowest net's P per depth in depth order, whether P rises, and the comparison with the formula", () => {
    const r = summarise("born-dead", { widths: "3,2", depths: "10,2", nets: 100 }, [[[0.5, 0.05], [0.8, 0.2]]]);
    expect(r.verdict.verdict).toBe("holds");
    // Slack: 3·√(0.25 / 100) = 0.15.
    expect(r.verdict.rule.en).toContain("(within 3 Monte-Carlo standard errors, ±0.15); and the narrowest net (N = 2) at the greatest depth (L = 10) is dead with probability ≥ 0.5");
    expect(r.verdict.rule.zh).toContain("最窄网络（N = 2）在最大深度（L = 10）处");
    expect(r.verdict.because.en).toBe("P(born dead) at N = 2: L 2 0.2, L 10 0.8; rises with depth for every width; every cell is at or below the one-input formula.");
    expect(r.verdict.because.zh).toBe("N = 2 时 P（初始即死亡）：L 2 0.2，L 10 0.8；对每个宽度都随深度上升；所有格都不高于单输入公式。");
  });

  it("says when P falls with depth beyond the slack, or a cell is above the formula", () => {
    // With 100 nets the slack is 0.15: 0.65 → 0.3 is a fall, 0.5 → 0.4 is not; 0.65 is above 1 − (¾)² + 0.15 = 0.5875.
    const r = summarise("born-dead", { widths: "2", depths: "2,10", nets: 100 }, [[[0.65, 0.3]]]);
    expect(r.verdict.verdict).toBe("does-not-hold");
    expect(r.verdict.because.en).toContain("falls with depth for some width; some cell is above the one-input formula.");
    expect(r.verdict.because.zh).toContain("某些宽度随深度下降；有格高于单输入公式");
    expect(summarise("born-dead", { widths: "2", depths: "2,10", nets: 100 }, [[[0.5, 0.4]]]).verdict.verdict).toBe("mixed");
  });
});

describe("init-depth: rule and numbers", () => {
  const ln3 = Math.log(3);
  it("judges the greatest depth on the lowest loss reached and reports both medians", () => {
    const r = summarise("init-depth", { depths: "30,10", epochs: 2 }, [{ he: [[ln3, 0.5, 0.8], [ln3, 0.3, 0.3]], lecun: [[ln3, NaN, NaN], [ln3, 0.2, 0.2]] }]);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.rule.en).toContain("At the greatest depth (30), over 2 epochs");
    expect(r.verdict.rule.en).toContain("(ln 3 = 1.1 is chance)");
    expect(r.verdict.rule.zh).toContain("在最大深度（30）训练 2 轮中");
    expect(r.verdict.because.en).toBe("depth 30, median lowest loss: He 0.5, 1/n 1.1.");
    expect(r.verdict.because.zh).toBe("深度 30，最低损失中位数：He 0.5，1/n 1.1。");
    expect(r.summary["lecun.depth10.lowestLoss"].median).toBe(0.2);
    expect(r.summary["he.depth30.finalLoss"].median).toBe(0.8);
    expect(r.summary["lecun.depth30.finalLoss"]).toBeUndefined(); // diverged
    expect(r.figures.map((f) => f.id)).toEqual(["init-depth-30", "init-depth-10"]);
  });

  it("uses the bands 0.9·ln 3 and 0.95·ln 3 (edges included for He, excluded for 1/n)", () => {
    const v = (he: number, lecun: number) => summarise("init-depth", { depths: "5", epochs: 1 }, [{ he: [[ln3, he]], lecun: [[ln3, lecun]] }]).verdict.verdict;
    expect(v(0.9 * ln3, ln3)).toBe("holds");
    expect(v(0.91 * ln3, ln3)).toBe("mixed");
    expect(v(0.5, 0.95 * ln3)).toBe("mixed");
    expect(v(0.5, 0.96 * ln3)).toBe("holds");
    // A run that never had a finite loss stalls, it does not learn.
    expect(v(0.5, NaN)).toBe("holds");
  });
});

describe("mean-activation: rule and numbers", () => {
  const run = (mRelu: number, mElu: number, lRelu: number, lElu: number) => ({ relu: { unitMean: [0.5, mRelu], loss: [2.3, lRelu] }, elu: { unitMean: [0.3, mElu], loss: [2.3, lElu] }, tanh: { unitMean: [0, -0.02], loss: [2.3, 2] } });
  it("compares |means| at 0.7× and the loss after epoch 1, and lists the other functions' means", () => {
    const r = summarise("mean-activation", { functions: "relu,elu,tanh", epochs: 1 }, [run(0.5, -0.35, 2, 1.5)]);
    expect(r.verdict.verdict).toBe("holds"); // |−0.35| ≤ 0.35
    expect(r.verdict.rule.en).toContain("after 1 epochs is at most 0.7× ReLU's");
    expect(r.verdict.rule.zh).toContain("训练 1 轮后");
    expect(r.verdict.because.en).toBe("median unit mean: ELU -0.35, ReLU 0.5 (tanh -0.02); loss after epoch 1: ELU 1.5, ReLU 2.");
    expect(r.verdict.because.zh).toBe("单元均值中位数：ELU -0.35，ReLU 0.5（tanh -0.02）；第 1 轮后损失：ELU 1.5，ReLU 2。");
    expect(summarise("mean-activation", { functions: "relu,elu,tanh", epochs: 1 }, [run(0.5, 0.36, 2, 1.5)]).verdict.verdict).toBe("mixed");
    expect(summarise("mean-activation", { functions: "relu,elu,tanh", epochs: 1 }, [run(-0.5, 0.3, 2, 2)]).verdict.verdict).toBe("mixed");
    const two = summarise("mean-activation", { functions: "relu,elu", epochs: 1 }, [{ relu: run(0.5, 0.3, 2, 1).relu, elu: run(0.5, 0.3, 2, 1).elu }]);
    expect(two.verdict.because.en).toBe("median unit mean: ELU 0.3, ReLU 0.5; loss after epoch 1: ELU 1, ReLU 2.");
  });
});

describe("convergence: rule and numbers", () => {
  it("reports tanh's and sigmoid's ratios to ReLU per data set, n/a for a function not run", () => {
    const r = summarise("convergence", { functions: "tanh,relu", tasks: "spiral,digits", spiralLrs: "0.1", digitsLrs: "0.3", spiralEpochs: 50, digitsEpochs: 20 }, [
      { spiral: { relu: [5], tanh: [20] }, digits: { relu: [4], tanh: [null] } },
    ]);
    expect(r.verdict.verdict).toBe("holds"); // 4× and 21/4 = 5.25×
    expect(r.verdict.rule.en).toContain("tanh needs ≥ 3× ReLU's epochs on every data set");
    expect(r.verdict.because.en).toBe("spiral: tanh/ReLU 4×, sigmoid/ReLU n/a×; digits: tanh/ReLU 5.25×, sigmoid/ReLU n/a× (ratios above the epoch limit are lower bounds).");
    expect(r.verdict.because.zh).toBe("spiral：tanh/ReLU 4 倍，sigmoid/ReLU n/a 倍；digits：tanh/ReLU 5.25 倍，sigmoid/ReLU n/a 倍（超过轮数上限时比值为下界）。");
    expect(r.summary["digits.tanh.bestEpochs"].median).toBe(21);
    expect(r.summary["digits.tanh.bestLr"].median).toBe(0.3);
    expect(r.figures.map((f) => f.id)).toEqual(["convergence-spiral", "convergence-digits", "convergence-best"]);
    expect(r.figures[1].title.en).toBe("digits: epochs to 1% training error (median over seeds; 21 = not reached)");
    expect(r.figures[2].series.map((s) => s.name)).toEqual(["spiral", "digits"]);
    expect(r.figures[2].series[1].points).toEqual([{ x: 0.11, y: 5.25 }, { x: 1.11, y: 1 }]);
  });

  it("picks each function's best learning rate: the first of equal medians", () => {
    const r = summarise("convergence", { functions: "relu", tasks: "spiral", spiralLrs: "0.1,0.3,1", spiralEpochs: 50 }, [{ spiral: { relu: [9, 9, null] } }]);
    expect(r.summary["spiral.relu.bestEpochs"].median).toBe(9);
    expect(r.summary["spiral.relu.bestLr"].median).toBe(0.1);
    expect(r.summary["spiral.relu.lr1.epochs"].median).toBe(51);
    // No tanh: nothing to judge.
    expect(r.verdict.verdict).toBe("mixed");
  });

  it("without ReLU there are no ratios, no table and no ratio chart", () => {
    const r = summarise("convergence", { functions: "tanh", tasks: "spiral", spiralLrs: "0.1", spiralEpochs: 50 }, [{ spiral: { tanh: [20] } }]);
    expect(r.table).toEqual({});
    expect(r.figures.map((f) => f.id)).toEqual(["convergence-spiral"]);
    expect(r.verdict.verdict).toBe("mixed");
  });
});

describe("cost: rule and numbers", () => {
  const run = (k: Record<string, number>, s: Record<string, number>) => ({
    backend: "wasm",
    kernelNs: Object.fromEntries(Object.entries(k).map(([id, v]) => [id, [1, v]])),
    epochMs: Object.fromEntries(Object.entries(s).map(([id, v]) => [id, [10, v]])),
  });
  it("reports each exp-based function's kernel and step ratio at the last length and width, with the backend", () => {
    const r = summarise("cost", { functions: "relu,sigmoid,elu,gelu", lengths: "16,64", widths: "8,16" }, [run({ relu: 1, sigmoid: 3, elu: 2, gelu: 5 }, { relu: 10, sigmoid: 12, elu: 13, gelu: 20 })]);
    expect(r.verdict.verdict).toBe("holds"); // 2× and 1.2× exactly are enough
    expect(r.verdict.rule.en).toContain("takes ≥ 2× ReLU's kernel time; costly per step when each also makes a training epoch ≥ 1.2× ReLU's");
    expect(r.verdict.because.en).toBe("kernel (64 elements) / training epoch (width 16) relative to ReLU (wasm backend): sigmoid 3× / 1.2×, elu 2× / 1.3×.");
    expect(r.verdict.because.zh).toBe("相对 ReLU 的内核（64 个元素）/ 训练轮（宽度 16）时间（wasm 后端）：sigmoid 3× / 1.2×，elu 2× / 1.3×。");
    expect(r.table?.gelu).toEqual({ costKernelVsRelu: 5, costStepVsRelu: 2 });
    expect(r.summary["sigmoid.kernelNs.n16"].median).toBe(1);
    expect(r.summary["elu.epochMs.w16"].median).toBe(13);
    expect(r.figures[0].title.en).toBe("Kernel time per element relative to ReLU, float32 (wasm backend, in place)");
    expect(r.figures[0].series[1].points.map((p) => p.y)).toEqual([1, 3, 2, 5]);
    expect(r.figures[1].series[0].points.map((p) => p.y)).toEqual([1, 1, 1, 1]);
  });

  it("is mixed when only the kernels cost, and does not hold when one exp-based kernel is under 2× or none is run", () => {
    expect(summarise("cost", { functions: "relu,sigmoid", lengths: "16,64", widths: "8,16" }, [run({ relu: 1, sigmoid: 3 }, { relu: 10, sigmoid: 11.9 })]).verdict.verdict).toBe("mixed");
    expect(summarise("cost", { functions: "relu,sigmoid,tanh", lengths: "16,64", widths: "8,16" }, [run({ relu: 1, sigmoid: 3, tanh: 1.9 }, { relu: 10, sigmoid: 20, tanh: 20 })]).verdict.verdict).toBe("does-not-hold");
    const none = summarise("cost", { functions: "relu,gelu", lengths: "16,64", widths: "8,16" }, [run({ relu: 1, gelu: 3 }, { relu: 10, gelu: 20 })]);
    expect(none.verdict.verdict).toBe("does-not-hold");
    expect(none.verdict.because.en).toContain("no exp-based function run");
    expect(none.verdict.because.zh).toContain("未运行基于 exp 的函数");
  });
});

describe("digits: rule and numbers", () => {
  it("reports every function's median test accuracy and ReLU's lead in points", () => {
    const run = (relu: number, sigmoid: number) => ({ relu: { test: [0.1, relu], train: 1 }, sigmoid: { test: [0.1, sigmoid], train: 0.9 }, tanh: { test: [0.1, 0.95], train: 1 } });
    const r = summarise("digits", { functions: "relu,sigmoid,tanh", epochs: 1 }, [run(0.97, 0.95), run(0.99, 0.96)]);
    expect(r.verdict.verdict).toBe("holds");
    expect(r.verdict.rule.en).toContain("after 1 epochs: holds when ReLU is ≥ 1 point above sigmoid");
    expect(r.verdict.rule.zh).toContain("训练 1 轮后");
    expect(r.verdict.because.en).toBe("median test accuracy: relu 98%, sigmoid 95.5%, tanh 95%; ReLU − sigmoid = 2.5 points.");
    expect(r.verdict.because.zh).toBe("测试准确率中位数：relu 98%，sigmoid 95.5%，tanh 95%；ReLU − sigmoid = 2.5 个百分点。");
    expect(r.summary["sigmoid.trainAccuracy"].median).toBe(0.9);
    // Exactly 1 point ahead holds; no sigmoid run does not.
    expect(summarise("digits", { functions: "relu,sigmoid", epochs: 1 }, [{ relu: { test: [0.1, 0.5], train: 1 }, sigmoid: { test: [0.1, 0.49], train: 1 } }]).verdict.verdict).toBe("holds");
    expect(summarise("digits", { functions: "relu", epochs: 1 }, [{ relu: { test: [0.1, 0.9], train: 1 } }]).verdict.verdict).toBe("does-not-hold");
  });
});

describe("TABLE_COLUMNS", () => {
  it("lists the measured columns of the experiments' README, each with the experiment that fills it and a label in both languages", () => {
    expect(TABLE_COLUMNS.map((c) => [c.key, c.experiment])).toEqual([
      ["gradientRatio", "gradient-flow"],
      ["signalStd", "gradient-flow"],
      ["varianceAtDepth", "self-normalisation"],
      ["meanActivation", "mean-activation"],
      ["deadShareLr1", "dead-units"],
      ["epochsVsRelu", "convergence"],
      ["digitsAccuracy", "digits"],
      ["costKernelVsRelu", "cost"],
      ["costStepVsRelu", "cost"],
    ]);
    for (const c of TABLE_COLUMNS) {
      expect(c.label.en.length).toBeGreaterThan(5);
      expect(c.label.en).not.toMatch(/[\u4e00-\u9fff]/);
      expect(c.label.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(TABLE_COLUMNS[0].label.zh).toBe("梯度比（第 1 层/顶层）");
  });
});
