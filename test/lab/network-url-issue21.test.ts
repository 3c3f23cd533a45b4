// Issue 21, item 10: the Network view's URL notices quote at most 40 characters of a value (as
// Explore does), and numbers must be plain decimals ("0x8", " 8" are refused).
import { describe, expect, it } from "vitest";
import { parseHash } from "../../lab/src/state.js";
import { defaultNetwork } from "../../lab/src/views/network/state.js";

describe("Network URL notices (issue 21, item 10)", () => {
  it("layers=0x8, lr= 8, batch=1e1x and noise=0b1 are refused with a notice, the defaults kept", () => {
    const { state, notices } = parseHash("#/network?layers=0x8&lr=%208&batch=0x10&noise=0b1&seed=0o7");
    expect(state.network).toEqual(defaultNetwork());
    expect(notices).toEqual([
      'invalid noise: "0b1" (must be a number in [0, 50])',
      'invalid lr: " 8" (must be a number in [0.000001, 10])',
      'invalid batch: "0x10" (must be an integer in [1, 500])',
      'invalid seed: "0o7" (must be an integer in [0, 2147483647])',
      'invalid layers: "0x8" (must be up to 6 unit counts from 1 to 8, e.g. 8,8; empty for none)',
    ]);
  });

  it("plain decimals still work: lr=1e-2, lr=.5, layers=8,8", () => {
    const { state, notices } = parseHash("#/network?lr=1e-2&layers=8,8&regRate=.5");
    expect(notices).toEqual([]);
    expect(state.network.lr).toBe(0.01);
    expect(state.network.regRate).toBe(0.5);
    expect(state.network.layers).toEqual([8, 8]);
  });

  it("a 100 KB value is quoted by its first 37 characters and its length", () => {
    const big = "7".repeat(100_000);
    for (const key of ["layers", "lr", "dataset", "features", "activation", "optimizer"]) {
      const { notices } = parseHash(`#/network?${key}=${big}`);
      expect(notices, key).toHaveLength(1);
      expect(notices[0], key).toContain(`"${"7".repeat(37)}…" (100000 characters)`);
      expect(notices[0].length, key).toBeLessThan(400);
    }
  });
});
