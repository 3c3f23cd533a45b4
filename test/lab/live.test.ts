// The Network view's live announcements: at most one text a second, the latest one, none twice.
import { describe, expect, it } from "vitest";
import { throttleText, type Clock } from "../../lab/src/live.js";

function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    later(fn, ms) {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    cancel(id) {
      timers = timers.filter((t) => t.id !== id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

describe("throttleText", () => {
  it("writes the first text at once and then the latest one at most once a second", () => {
    const clock = fakeClock();
    const out: [number, string][] = [];
    const th = throttleText((s) => out.push([clock.now(), s]), 1000, clock);
    th.say("epoch 1");
    for (let e = 2; e <= 30; e++) {
      clock.advance(50);
      th.say(`epoch ${e}`);
    }
    // 30 snapshots over 1.45 s: "epoch 1" at 0, then the latest at 1000 ms.
    expect(out).toEqual([
      [0, "epoch 1"],
      [1000, "epoch 20"],
    ]);
    clock.advance(1000);
    expect(out[2]).toEqual([2000, "epoch 30"]);
    expect(out).toHaveLength(3);
  });

  it("does not repeat the text last written, and stop drops what is pending", () => {
    const clock = fakeClock();
    const out: string[] = [];
    const th = throttleText((s) => out.push(s), 1000, clock);
    th.say("a");
    th.say("a");
    clock.advance(2000);
    expect(out).toEqual(["a"]);
    th.say("a");
    clock.advance(2000);
    expect(out).toEqual(["a"]);
    th.say("b");
    th.say("c");
    th.stop();
    clock.advance(5000);
    expect(out).toEqual(["a", "b"]);
  });
});
