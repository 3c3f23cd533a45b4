// Runs one experiment off the page's thread: the same library code as the CLI, streaming its
// progress; an "abort" message aborts the run's AbortSignal (the experiments poll it often).
import { AbortError, getExperiment } from "actlab/experiments";
import type { ExperimentResult } from "actlab/experiments";
import { loadKernels } from "../../kernels.js";

export type ToWorker = { type: "run"; id: string; options: Record<string, unknown>; seeds?: number; quick: boolean } | { type: "abort" };
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
  let last = 0;
  void (async () => {
    try {
      await loadKernels("all"); // the float32 runs use every kernel (loaded once per worker)
      const exp = getExperiment(msg.id);
      const result = await exp.run(msg.options, {
        seeds: msg.seeds,
        quick: msg.quick,
        signal: c.signal,
        onProgress: (p) => {
          const t = performance.now();
          // A few updates per second are enough for a progress bar.
          if (t - last < 60 && p.done < p.total) return;
          last = t;
          post({ type: "progress", done: p.done, total: p.total, label: p.label });
        },
      });
      if (c.signal.aborted) post({ type: "aborted" });
      else post({ type: "done", result });
    } catch (e) {
      if (e instanceof AbortError || c.signal.aborted) post({ type: "aborted" });
      else post({ type: "error", message: (e as Error).message.split("\n")[0] });
    } finally {
      if (controller === c) controller = null;
    }
  })();
});
