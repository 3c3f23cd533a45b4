/**
 * actlab/nn: a small neural-network module on Float64Array (or Float32Array) batches.
 * Layers keep forward beside backward; every backward is checked against finite differences.
 *
 * @module actlab/nn
 */
export type { DType, Init, Layer, Param, DenseOptions, PReLUOptions } from "./layers.js";
export { Dense, Activation, PReLU, Sequential, inits } from "./layers.js";
export { nnFreshArena } from "./fast.js";
export type { EpochLogs, FitOptions, History, LossId, Rows } from "./fit.js";
export type { RReLUOptions } from "./rrelu.js";
export { RReLU } from "./rrelu.js";
export type { LossResult } from "./loss.js";
export { mseLoss, softmaxCrossEntropy, argmaxRows } from "./loss.js";
export type { Optimizer, SGDOptions, AdamOptions } from "./optim.js";
export { SGD, Adam } from "./optim.js";
export type { Rng } from "../train/rng.js";
export { createRng, DEFAULT_SEED } from "../train/rng.js";
export type { Dataset, DatasetName, DatasetOptions } from "../train/datasets.js";
export { makeDataset, datasetNames, DATASET_POINTS } from "../train/datasets.js";
export type { MlpOptions, MlpEpoch, MlpRun } from "../train/mlp.js";
export { buildMlp, createMlpRun, trainMlp, initFor, MLP_DEFAULTS } from "../train/mlp.js";
export type { PreluDataOptions, PreluFitOptions, PreluEpoch, PreluFit } from "../train/prelu-fit.js";
export { preluData, createPreluFit, PRELU_FIT_DEFAULTS } from "../train/prelu-fit.js";
export type { LinearData, Mode, LinearOptions, EpochRecord, LinearRun, LinearResult, StopReason, ClosedForm, Surface, SurfaceOptions } from "../train/linear.js";
export { articleData, parseCsv, CsvError, closedForm, createLinearRun, trainLinear, lossSurface, mse, modes, ARTICLE, LINEAR_DEFAULTS } from "../train/linear.js";
export type { Diagnostics, LayerDiagnostics } from "../train/diagnostics.js";
export { diagnoseMlp } from "../train/diagnostics.js";
export type { NetworkConfig, NetworkEpoch, NetworkRun, LayerHealth, NetworkModelFile, OptimizerId, Regularizer, InitChoice } from "../train/network.js";
export { createNetworkRun, buildNetwork, checkNetworkConfig, exportModel, parseModel, historyCsv, loadWeights, modelWeights, optimizers, regularizers, initChoices, NETWORK_LIMITS } from "../train/network.js";
export type { PlaneDataset, PlanePoints, PlaneSplit, PlaneDataOptions, FeatureId } from "../train/plane-data.js";
export { makePlaneData, splitPlane, featurize, parsePlaneCsv, planeDatasets, featureIds, featureLabels, PLANE_POINTS, PLANE_EXTENT } from "../train/plane-data.js";
