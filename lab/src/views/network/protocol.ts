// Messages between the Network view and its training worker.
import type { NetworkConfig, NetworkModelFile } from "../../../../packages/actlab/src/train/network.js";
import type { PlaneDataset } from "../../../../packages/actlab/src/train/plane-data.js";

export interface DataSpec {
  dataset: PlaneDataset;
  noise: number;
  train: number;
  dataSeed: number;
  /** The reader's own points, replacing the generated data set. */
  custom: { x: number[]; labels: number[]; classes: number } | null;
}

export type ToWorker =
  /** `expr`: the reader's formula, which the id "custom" stands for (the worker parses it again). */
  | { type: "setup"; data: DataSpec; config: NetworkConfig; model?: NetworkModelFile; expr?: string }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step" }
  | { type: "export" };

export interface Snapshot {
  type: "snapshot";
  /** Bumped by every setup: snapshots of an older setup are dropped. */
  generation: number;
  playing: boolean;
  epoch: number;
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
  /** Rows [epoch, train loss, test loss] since the previous snapshot (or all after a setup). */
  rows: number[][];
  /** Gradient norms per weight layer, one array per new row. */
  grads: number[][];
  fresh: boolean;
  dead: boolean[][];
  saturated: boolean[][];
  alpha: (number[] | null)[];
  /** Each weight layer's W (in×out, row-major) then its bias. */
  weights: { w: Float32Array; b: Float32Array; inputs: number; outputs: number }[];
  grid: number;
  unitGrid: number;
  extent: number;
  classes: number;
  probs: Float32Array;
  units: Float32Array[];
  /** The points, (x₁, x₂) pairs, and their labels: sent with the first snapshot of a setup. */
  points?: { trainX: Float64Array; trainY: Int32Array; testX: Float64Array; testY: Int32Array };
  epochsPerSecond: number;
  diverged: string | null;
}

export type FromWorker = Snapshot | { type: "export"; model: NetworkModelFile; csv: string } | { type: "error"; message: string; generation: number };
