/**
 * actlab/experiments: the article's claims about activation functions, measured. Each
 * experiment runs seeded, returns plain JSON (config, per-seed numbers, medians and ranges,
 * chart specs) and a verdict computed from the numbers by the rule it states.
 *
 * @module actlab/experiments
 */
import { bornDeadExperiment } from "./born-dead.js";
import { resolveOptions } from "./common.js";
import { convergence } from "./convergence.js";
import { cost } from "./cost.js";
import { deadUnits } from "./dead-units.js";
import { digits } from "./digits.js";
import { gradientFlow } from "./gradient-flow.js";
import { initDepth } from "./init-depth.js";
import { meanActivation } from "./mean-activation.js";
import { saturation } from "./saturation.js";
import { selfNormalisation } from "./self-normalisation.js";
import type { Experiment } from "./types.js";
import { zeroCentred } from "./zero-centred.js";

export type { Experiment, ExperimentOption, ExperimentResult, ExperimentUnit, Progress, QuantityInfo, RunContext, Summary, TableCell, Verdict, VerdictPart } from "./types.js";
export type { Bi, ChartAxis, ChartLang, ChartPoint, ChartSeries, ChartSpec, Heatmap } from "../plot/chart.js";
export type { OptionDef, SeededExperiment } from "./common.js";
export type { DigitsOptions, DigitsRaw, DigitsSplit, TabularDataset } from "../data/digits.js";
export { AbortError, BOOTSTRAP_RESAMPLES, bootstrapCI, combineVerdicts, decide, enoughSeeds, joinParts, median, paired, quantile, statText, summary } from "./common.js";
export { DIGITS_SOURCE, DIGITS_SPLIT_SEED, DIGITS_TEST_COUNT, digitsRaw, digitsSplit } from "../data/digits.js";
export { bornDeadAtOneInput } from "./born-dead.js";
export { seluJacobian, seluMap } from "./self-normalisation.js";
export { resolveOptions };
export type { DataLoader } from "./data-source.js";
export { setDataLoader } from "./data-source.js";

/**
 * Every experiment, in the order of the article's claims (ids are part of the contract).
 *
 * @example
 * experiments.map((e) => e.id);   // ["gradient-flow", "self-normalisation", "saturation", …]
 * experiments.every((e) => e.claim.article.length > 0);   // true: each quotes the sentence it checks
 */
export const experiments: readonly Experiment[] = [
  gradientFlow,
  selfNormalisation,
  saturation,
  zeroCentred,
  deadUnits,
  bornDeadExperiment,
  initDepth,
  meanActivation,
  convergence,
  cost,
  digits,
];

/**
 * The experiment with this id; an Error lists the known ids.
 *
 * @example
 * const exp = getExperiment("born-dead");
 * const result = await exp.run({}, { quick: true, seeds: 1 });
 * result.verdict.verdict;   // "holds", "does-not-hold" or "mixed", by the rule in result.verdict.rule
 * getExperiment("nope");    // throws Error: unknown experiment: nope (known: gradient-flow, …)
 */
export function getExperiment(id: string): Experiment {
  const found = experiments.find((e) => e.id === id);
  if (!found) throw new Error(`unknown experiment: ${String(id)} (known: ${experiments.map((e) => e.id).join(", ")})`);
  return found;
}

/**
 * Measured columns of the comparison table (ExperimentResult.table, by function id). Each cell is
 * a Summary over seeds (median, 95 % interval, seeds finished and diverged) and, where the article
 * says something about that function and quantity, the verdict of the article's statement:
 * - gradientRatio (gradient-flow): ‖∂L/∂W₁‖/‖∂L/∂W_top‖ at initialisation (recommended init);
 * - deltaRatio (gradient-flow): ‖∂L/∂z₁‖/‖∂L/∂z_top‖, the backpropagated signal, at initialisation;
 * - signalStd (gradient-flow): std of the last hidden layer's activations at initialisation;
 * - varianceAtDepth (self-normalisation): variance of the last layer's activations;
 * - meanActivation (mean-activation): mean over units of each unit's mean activation after training;
 * - deadShare (dead-units): share of hidden units with f′ = 0 on every training input after training at the highest learning rate of the sweep that the function survives (≥ 80 % of seeds finish);
 * - updatesVsRelu (convergence): updates to the target ÷ ReLU's, paired by seed, each at its best learning rate;
 * - digitsAccuracy (digits): test accuracy on held-out digits;
 * - costKernelVsRelu, costStepVsRelu (cost): kernel time per element and training-step time ÷ ReLU's.
 *
 * @example
 * TABLE_COLUMNS.map((c) => c.key).includes("digitsAccuracy");   // true
 * TABLE_COLUMNS[0].label.zh;   // "权重梯度比（第 1 层/顶层）"
 */
export const TABLE_COLUMNS = [
  { key: "gradientRatio", experiment: "gradient-flow", label: { en: "weight-gradient ratio layer 1/top", zh: "权重梯度比（第 1 层/顶层）" } },
  { key: "deltaRatio", experiment: "gradient-flow", label: { en: "backprop signal ratio layer 1/top", zh: "反传信号比（第 1 层/顶层）" } },
  { key: "signalStd", experiment: "gradient-flow", label: { en: "signal std at depth", zh: "深处信号标准差" } },
  { key: "varianceAtDepth", experiment: "self-normalisation", label: { en: "variance at depth", zh: "深处方差" } },
  { key: "meanActivation", experiment: "mean-activation", label: { en: "mean activation", zh: "平均激活" } },
  { key: "deadShare", experiment: "dead-units", label: { en: "dead share (f′ = 0), highest surviving lr", zh: "死单元比例（f′ = 0，可存活的最高学习率）" } },
  { key: "updatesVsRelu", experiment: "convergence", label: { en: "updates to target ×ReLU", zh: "达到目标的更新次数 ×ReLU" } },
  { key: "digitsAccuracy", experiment: "digits", label: { en: "digits test accuracy", zh: "digits 测试准确率" } },
  { key: "costKernelVsRelu", experiment: "cost", label: { en: "kernel cost ×ReLU", zh: "内核开销 ×ReLU" } },
  { key: "costStepVsRelu", experiment: "cost", label: { en: "training-step cost ×ReLU", zh: "训练步开销 ×ReLU" } },
] as const;
