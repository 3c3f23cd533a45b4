// Runs one experiment off the page's thread: the same library code as the CLI, streaming its
// progress; an "abort" message aborts the run's AbortSignal (the experiments poll it often).
import type { ExperimentResult } from "actlab/experiments";
import { loadKernels } from "../../kernels.js";
import { runMessage } from "./logic.js";

/** `expr`: the reader's formula, which the function id "custom" stands for (parsed here again, never run as code). */
export type ToWorker = { type: "run"; id: string; options: Record<string, unknown>; seeds?: number; quick: boolean; expr?: string } | { type: "abort" };
export type FromWorker =
  | { type: "progress"; done: number; total: number; label?: string }
  | { type: "done"; result: ExperimentResult }
  | { type: "aborted" }
  | { type: "error"; message: string };

const post = (m: FromWorker): void => (self as unknown as Worker).postMessage(m);
let controller: AbortController | null = null;

self.addEventListener("message", (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.type === "abort") {
    controller?.abort();
    return;
  }
  controller?.abort();
  const c = new AbortController();
  controller = c;
  // The float32 runs use every kernel (loaded once per worker; a failed load leaves the exact JS path).
  void loadKernels("all")
    .catch(() => undefined)
    .then(() => runMessage(msg, c.signal, post))
    .finally(() => {
      if (controller === c) controller = null;
    });
});
