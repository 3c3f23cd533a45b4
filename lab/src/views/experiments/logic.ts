// The Experiments view's pure logic, kept apart from the DOM and the worker so the unit tests see
// it: what a run is cached under, the seeds and options a run uses, how an option's text becomes
// its value, how the worker's messages settle a run, and the progress shown while it runs.
import { AbortError, getExperiment, resolveOptions, type Experiment, type ExperimentResult } from "actlab/experiments";
import type { FromWorker, ToWorker } from "./worker.js";
import { setCustom, useFormula } from "../../custom.js";
import { parseActivation } from "../../../../packages/actlab/src/formula/index.js";

/** The key a run's result is kept under: the experiment, its resolved options, seeds and quick. */
export const runKey = (id: string, options: Readonly<Record<string, unknown>>, seeds: number, quick: boolean): string => JSON.stringify([id, options, seeds, quick]);

/** An experiment's own number of seeds (quick or full), else 3 quick and 5 full. */
export function seedsOf(e: Experiment, quick: boolean): number {
  const own = (e as Experiment & { seeds?: { default?: number; quick?: number } }).seeds;
  return (quick ? own?.quick : own?.default) ?? (quick ? 3 : 5);
}

/** An option's value as the form and the URL write it (lists joined by commas). */
export const valueText = (v: unknown): string => (Array.isArray(v) ? v.join(",") : String(v));

/** The run the experiment's screen stands for: options resolved, seeds (0 = the experiment's own), and its key. */
export function currentRun(e: Experiment, s: { options: Readonly<Record<string, string>>; seeds: number; quick: boolean }): { options: Readonly<Record<string, unknown>>; seeds: number; quick: boolean; key: string } {
  const options = resolveOptions(e, s.options, s.quick);
  const seeds = s.seeds > 0 ? s.seeds : seedsOf(e, s.quick);
  return { options, seeds, quick: s.quick, key: runKey(e.id, options, seeds, s.quick) };
}

/**
 * An option's text from the form: its canonical text (null when it is the default, so the URL
 * leaves it out), or the reason it is refused.
 */
export function optionValue(e: Experiment, name: string, text: string, quick: boolean): { ok: true; value: string | null } | { ok: false; message: string } {
  let resolved: Readonly<Record<string, unknown>>;
  try {
    resolved = resolveOptions(e, { [name]: text.trim() }, quick);
  } catch (err) {
    return { ok: false, message: (err as Error).message.replace(/^experiment [^:]+: /, "") };
  }
  const canonical = valueText(resolved[name]);
  return { ok: true, value: canonical === valueText(resolveOptions(e, {}, quick)[name]) ? null : canonical };
}

/** What is wrong with the options a URL gives: names the experiment does not have, values it refuses (each checked alone). */
export function urlOptionProblems(e: Experiment, options: Readonly<Record<string, string>>, quick: boolean): ({ name: string; unknown: true } | { name: string; value: string; why: string })[] {
  const out: ({ name: string; unknown: true } | { name: string; value: string; why: string })[] = [];
  for (const [k, v] of Object.entries(options)) {
    if (!e.options.some((x) => x.name === k)) {
      out.push({ name: k, unknown: true });
      continue;
    }
    try {
      resolveOptions(e, { [k]: v }, quick);
    } catch (err) {
      out.push({ name: k, value: v, why: (err as Error).message.replace(/^.*\((.*)\)$/, "$1") });
    }
  }
  return out;
}

/** The seeds field's text: 0 when empty (the experiment's own), the number when valid, else null. */
export function seedsValue(raw: string, lim: { min: number; max: number }): number | null {
  const t = raw.trim();
  const v = t === "" ? 0 : Number(t);
  return v === 0 || (Number.isInteger(v) && v >= lim.min && v <= lim.max) ? v : null;
}

/** A table cell's text split from its "✕k/n" (diverged seeds), which the page sets apart. */
export function splitDiverged(text: string): { text: string; diverged: string | null } {
  const m = /^(.*?) (✕\d+\/\d+)$/.exec(text);
  return m ? { text: m[1], diverged: m[2] } : { text, diverged: null };
}

/** How a worker's last message ends a run: its result, null when aborted, else an Error with the worker's message. */
export function settlement(m: Exclude<FromWorker, { type: "progress" }>): ExperimentResult | Error | null {
  return m.type === "done" ? m.result : m.type === "aborted" ? null : new Error(m.message);
}

/** Whether the worker posts a progress update: every 60 ms at most, and always the last one. */
export const postProgress = (now: number, last: number, done: number, total: number): boolean => !(now - last < 60 && done < total);

/**
 * Runs the experiment a "run" message asks for, posting its progress (see postProgress) and then
 * exactly one of "done", "aborted" (the signal fired) or "error" (the message's first line).
 */
export async function runMessage(msg: Extract<ToWorker, { type: "run" }>, signal: AbortSignal, post: (m: FromWorker) => void, now: () => number = () => performance.now()): Promise<void> {
  let last = -Infinity;
  try {
    // The reader's formula (id "custom") is parsed again here, from its text: never run as code.
    if (msg.expr !== undefined) {
      useFormula({ parseActivation }); // (the worker's own module graph: the parser is static here)
      setCustom(msg.expr);
    }
    const exp = getExperiment(msg.id);
    const result = await exp.run(msg.options, {
      seeds: msg.seeds,
      quick: msg.quick,
      signal,
      onProgress: (p) => {
        const t = now();
        if (!postProgress(t, last, p.done, p.total)) return;
        last = t;
        post({ type: "progress", done: p.done, total: p.total, label: p.label });
      },
    });
    post(signal.aborted ? { type: "aborted" } : { type: "done", result });
  } catch (e) {
    if (e instanceof AbortError || signal.aborted) post({ type: "aborted" });
    else post({ type: "error", message: (e as Error).message.split("\n")[0] });
  }
}

/** "Run all"'s bar: experiment i of n, with `done` of `total` steps of it behind. */
export const overallProgress = (i: number, n: number, done: number, total: number): number => (i + (total > 0 ? done / total : 0)) / n;

/** A chart's size on the page: its width held to 300–860 px, its height scaled with it (280 px at least, never above the spec's). */
export function chartSize(spec: { width: number; height: number }, width: number): { width: number; height: number } {
  const w = Math.max(300, Math.min(860, Math.round(width)));
  return { width: w, height: Math.round(Math.max(280, Math.min(spec.height, (spec.height * w) / spec.width + 60))) };
}

/** A value from the URL as a notice shows it: at most `max` characters (40, as Explore's notices do). */
export function clip(raw: string, max = 40): string {
  const chars = Array.from(raw);
  return chars.length > max ? `${chars.slice(0, max - 3).join("")}… (${chars.length} characters)` : raw;
}
