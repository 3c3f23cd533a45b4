// Live values for screen readers, politely and not on every frame: a throttle that passes on at
// most one text per interval (the latest one), and a visually hidden aria-live region that uses it.
import { h } from "./dom.js";

export interface Clock {
  now(): number;
  later(fn: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  later: (fn, ms) => setTimeout(fn, ms),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `write` with the latest text at most once per `minMs`: the first text at once, later ones
 * when the interval since the last write has passed (texts in between are dropped, the last one
 * is written when the interval ends). Repeating the text last written writes nothing.
 */
export function throttleText(write: (text: string) => void, minMs = 1000, clock: Clock = realClock): { say(text: string): void; stop(): void } {
  let last = -Infinity;
  let written: string | null = null;
  let pending: string | null = null;
  let timer: unknown = null;
  const flush = (): void => {
    timer = null;
    if (pending === null || pending === written) return void (pending = null);
    written = pending;
    pending = null;
    last = clock.now();
    write(written);
  };
  return {
    say(text) {
      pending = text;
      if (timer !== null) return;
      const wait = last + minMs - clock.now();
      if (wait <= 0) flush();
      else timer = clock.later(flush, wait);
    },
    stop() {
      if (timer !== null) clock.cancel(timer);
      timer = null;
      pending = null;
    },
  };
}

/** A visually hidden polite live region; `say` updates it at most once a second. */
export function liveRegion(id: string): { el: HTMLElement; say(text: string): void; stop(): void } {
  const el = h("p", { id, class: "sr-only", "aria-live": "polite", "aria-atomic": "true" });
  const th = throttleText((text) => void (el.textContent = text));
  return { el, say: th.say, stop: th.stop };
}
