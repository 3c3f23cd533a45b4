// What the Network view's worker and page make of the data, a model file and the history, kept
// free of workers and the DOM so the unit tests see it: the points a setup trains and tests on,
// the epoch a run carries through export and import, and the rows each snapshot adds.
import { exportModel, historyCsv, type NetworkConfig, type NetworkEpoch, type NetworkModelData, type NetworkModelFile, type NetworkRun } from "../../../../packages/actlab/src/train/network.js";
import { extentOf, makePlaneData, makeRegressionData, PLANE_EXTENT, planeClasses, regressionDatasets, splitPlane, type PlaneSplit, type RegressionDataset } from "../../../../packages/actlab/src/train/plane-data.js";
import type { Points } from "./logic.js";
import type { DataSpec } from "./protocol.js";
import { parseNetwork, type NetworkState } from "./state.js";
import type { NetKey } from "./strings.js";

/** The split a setup trains on: the reader's own points (over their own extent) or a generated data set. */
export function splitOf(data: DataSpec): PlaneSplit {
  const pts = data.custom
    ? { x: Float64Array.from(data.custom.x), labels: Int32Array.from(data.custom.labels), classes: data.custom.classes }
    : isRegression(data.dataset)
      ? makeRegressionData(data.dataset, { noise: data.noise, seed: data.dataSeed })
      : makePlaneData(data.dataset, { noise: data.noise, seed: data.dataSeed });
  return splitPlane(pts, data.train, data.dataSeed, data.custom ? extentOf(pts) : PLANE_EXTENT);
}

/** Whether a data set is one of the regression sets. */
export const isRegression = (name: string): name is RegressionDataset => (regressionDatasets as readonly string[]).includes(name);

/** The points the big plot draws: the split's training points and its test points (and a regression set's values). */
export function pointsOf(split: PlaneSplit): Points {
  const p: Points = { trainX: split.train.x, trainY: split.train.labels, testX: split.test.x, testY: split.test.labels };
  if (split.train.targets) p.trainT = split.train.targets;
  if (split.test.targets) p.testT = split.test.targets;
  return p;
}

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

/** The view's settings an imported model's configuration brings (its data: see importPlan). */
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

/** The data a run trains on, as an exported model records it: a generated set's settings, or the CSV's name. */
export function dataOf(n: Pick<NetworkState, "dataset" | "noise" | "train" | "dataSeed">, customName: string | null): NetworkModelData {
  return customName !== null ? { dataset: "custom", file: customName, train: n.train, dataSeed: n.dataSeed } : { dataset: n.dataset, noise: n.noise, train: n.train, dataSeed: n.dataSeed };
}

/** What importing a model does to the page: the settings it sets, the note it shows, whether the own CSV goes. */
export interface ImportPlan {
  settings: Partial<NetworkState>;
  note: string;
  dropCustom: boolean;
}

type T = (k: NetKey, v?: Record<string, string | number>) => string;

/**
 * How an (already checked) model file goes onto the page showing `page` with `classes` classes and
 * the own CSV `custom` (or none): its configuration, and the data it was trained on restored (a
 * generated set) or named (a CSV, which must be loaded; a file without data says it may differ).
 * Throws a RangeError naming what is wrong, and then nothing may change.
 */
export function importPlan(m: NetworkModelFile, page: NetworkState, custom: { name: string; classes: number } | null, classes: number, t: T): ImportPlan {
  const d = m.data;
  const settings: Partial<NetworkState> = modelSettings(m);
  if (d === undefined) {
    if (m.classes !== classes) throw new RangeError(t("classMismatch", { m: m.classes, d: classes }));
    return { settings, note: t("importNoData"), dropCustom: false };
  }
  if (d.dataset === "custom") {
    if (!custom || custom.classes !== m.classes) throw new RangeError(t("importNeedsCsv", { file: d.file }));
    Object.assign(settings, { train: Math.min(90, Math.max(10, d.train)), dataSeed: d.dataSeed });
    return { settings, note: custom.name === d.file ? t("importCsvSame", { file: d.file }) : t("importCsvOther", { file: d.file, name: custom.name }), dropCustom: false };
  }
  const notices: string[] = [];
  const q = new URLSearchParams({ dataset: d.dataset, noise: String(d.noise), train: String(d.train), dataSeed: String(d.dataSeed) });
  const parsed = parseNetwork(q, page, notices);
  if (notices.length > 0) throw new RangeError(notices[0].replace(/^invalid (\w+)/, "invalid data.$1 in the model file"));
  if (planeClasses(d.dataset) !== m.classes) throw new RangeError(t("classMismatch", { m: m.classes, d: planeClasses(d.dataset) }));
  Object.assign(settings, { dataset: parsed.dataset, noise: parsed.noise, train: parsed.train, dataSeed: parsed.dataSeed });
  return { settings, note: t("importRestored", { ds: t(`ds.${d.dataset}` as NetKey), noise: d.noise, train: d.train, seed: d.dataSeed }), dropCustom: true };
}
