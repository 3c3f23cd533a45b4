// What the Network view's worker and page make of the data, a model file and the history, kept
// free of workers and the DOM so the unit tests see it: the points a setup trains and tests on,
// the epoch a run carries through export and import, and the rows each snapshot adds.
import { exportModel, historyCsv, type NetworkConfig, type NetworkEpoch, type NetworkModelFile, type NetworkRun } from "../../../../packages/actlab/src/train/network.js";
import { extentOf, makePlaneData, PLANE_EXTENT, splitPlane, type PlaneSplit } from "../../../../packages/actlab/src/train/plane-data.js";
import type { Points } from "./logic.js";
import type { DataSpec } from "./protocol.js";
import type { NetworkState } from "./state.js";

/** The split a setup trains on: the reader's own points (over their own extent) or a generated data set. */
export function splitOf(data: DataSpec): PlaneSplit {
  const pts = data.custom
    ? { x: Float64Array.from(data.custom.x), labels: Int32Array.from(data.custom.labels), classes: data.custom.classes }
    : makePlaneData(data.dataset, { noise: data.noise, seed: data.dataSeed });
  return splitPlane(pts, data.train, data.dataSeed, data.custom ? extentOf(pts) : PLANE_EXTENT);
}

/** The points the big plot draws: the split's training points and its test points. */
export const pointsOf = (split: PlaneSplit): Points => ({ trainX: split.train.x, trainY: split.train.labels, testX: split.test.x, testY: split.test.labels });

/** A model goes only onto data with as many classes as it predicts. */
export function checkClasses(model: NetworkModelFile | undefined, classes: number): void {
  if (model && model.classes !== classes) throw new RangeError(`the model predicts ${model.classes} classes but the data has ${classes}: pick a data set with ${model.classes} classes first`);
}

/** The epoch a run started from: an imported model's, else 0. */
export const startEpoch = (model?: NetworkModelFile): number => model?.epoch ?? 0;

/** The model file of a run that started at epoch `offset`: it carries the total epoch. */
export function exportAt(run: NetworkRun, classes: number, offset: number): NetworkModelFile {
  const model = exportModel(run, classes);
  model.epoch += offset;
  return model;
}

/** The history CSV of a run that started at epoch `offset`, epochs counted from the start. */
export const historyAt = (history: readonly NetworkEpoch[], offset: number): string => historyCsv(history.map((h) => ({ ...h, epoch: h.epoch + offset })));

/** The rows [epoch, train loss, test loss] and gradient norms of the epochs from `from` on. */
export function rowsSince(history: readonly NetworkEpoch[], from: number, offset: number): { rows: number[][]; grads: number[][] } {
  const rows = history.slice(from);
  return { rows: rows.map((r) => [offset + r.epoch, r.trainLoss, r.testLoss]), grads: rows.map((r) => r.gradNorm) };
}

/**
 * Epochs per second over the last second of (time in ms, epoch) samples, which it trims to that
 * second (keeping at least one); 0 with fewer than two samples.
 */
export function epochRate(rate: [number, number][], now: number): number {
  while (rate.length > 1 && now - rate[0][0] > 1000) rate.shift();
  if (rate.length < 2) return 0;
  const first = rate[0];
  const last = rate[rate.length - 1];
  return ((last[1] - first[1]) * 1000) / (last[0] - first[0] || 1);
}

/** The view's settings an imported model brings (the data settings stay the page's). */
export function modelSettings(m: NetworkModelFile): Partial<NetworkState> {
  const c = m.config;
  return { features: c.features, layers: c.layers, activations: c.activations, init: c.init, optimizer: c.optimizer, lr: c.lr, batch: c.batch, reg: c.reg, regRate: c.regRate, seed: c.seed };
}

/** The network configuration of the view's settings. */
export function configOf(n: NetworkState): NetworkConfig {
  return { features: n.features, layers: n.layers, activations: n.activations, init: n.init, optimizer: n.optimizer, lr: n.lr, batch: n.batch, reg: n.reg, regRate: n.regRate, seed: n.seed };
}

/** The name "Export model" saves the file under. */
export const modelFileName = (epoch: number): string => `actlab-network-epoch${epoch}.json`;
