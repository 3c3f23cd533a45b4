import type { Lang } from "../../packages/actlab/src/activations/types.js";
import type { Key } from "./i18n.js";
import type { LabState } from "./state.js";

/** What a view gets from the shell: the state, the language, and ways to change both. */
export interface Ctx {
  readonly state: LabState;
  readonly lang: Lang;
  t(key: Key, vars?: Record<string, string>): string;
  /** Changes the state in place and writes it to the URL (no re-mount). */
  update(change: (s: LabState) => void): void;
  /** Navigates to another hash (re-mounts). */
  go(hash: string): void;
  /** Adds lines to the notice about the link (for values only the view can check). */
  notice(lines: string[]): void;
}

/** Builds a view inside `host`; returns its cleanup (listeners, animation frames). */
export type Mount = (host: HTMLElement, ctx: Ctx) => () => void;
