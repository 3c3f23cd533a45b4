/** The lab's URL state rejects what it cannot show, and says so, instead of dropping it quietly. */
import { describe, expect, it } from "vitest";
import { defaultState, parseHash, toHash } from "../../lab/src/state.js";

describe("parseHash: values it must not accept", () => {
  it.each(["purple", "DARK", "", "light,dark"])("parseHash('#/explore?theme=%s') keeps the default theme and names the value", (theme) => {
    const { state, notices } = parseHash(`#/explore?theme=${theme}`);
    expect(state.theme).toBe("auto");
    expect(notices).toEqual([`invalid theme: "${theme}" (must be auto, light or dark)`]);
  });

  it.each(["light", "dark", "auto"])("parseHash('#/table?theme=%s') takes a known theme without a notice", (theme) => {
    const { state, notices } = parseHash(`#/table?theme=${theme}`);
    expect(notices).toEqual([]);
    expect(state.theme).toBe(theme);
  });

  it("parseHash('#/compare?fns=relu,gelu') does not drop gelu quietly: it keeps the default list and names the value", () => {
    const { state, notices } = parseHash("#/compare?fns=relu,gelu");
    expect(state.compare.ids).toEqual(defaultState().compare.ids);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^invalid fns: "relu,gelu" \(must be a comma-separated list of sigmoid, tanh, /);
  });

  it("parseHash('#/compare?fns=tanh,relu') keeps the ids it knows, in the registry's order", () => {
    const { state, notices } = parseHash("#/compare?fns=relu,tanh");
    expect(notices).toEqual([]);
    expect(state.compare.ids).toEqual(["tanh", "relu"]);
    expect(parseHash(toHash({ ...state, view: "compare" })).state.compare.ids).toEqual(["tanh", "relu"]);
  });
});
