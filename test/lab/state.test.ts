import { describe, expect, it } from "vitest";
import { activationIds, getActivation } from "../../packages/actlab/src/activations/registry.js";
import { defaultState, exploreParams, figureParams, parseHash, toHash } from "../../lab/src/state.js";

describe("lab URL state", () => {
  it("parseHash('') gives the defaults and no notices", () => {
    const { state, notices } = parseHash("");
    expect(notices).toEqual([]);
    expect(state).toEqual(defaultState());
  });

  it("parseHash(toHash(s)) reproduces a state for every view", () => {
    const s = defaultState();
    s.lang = "zh";
    s.theme = "dark";
    s.explore = { fn: "elu", params: { alpha: 0.5 }, domain: [-3, 2.5], derivative: false };
    s.compare = { ids: ["relu", "selu"], which: "f", domain: [-4, 4] };
    s.softmax = { logits: [1.5, -2, 0], temperature: 0.5 };
    s.regression = { ...s.regression, lr: 0.2, mode: "minibatch", batch: 7, noise: 2.5, seed: 42, speed: 120, epochs: 500 };
    for (const view of ["explore", "compare", "table", "softmax", "regression"] as const) {
      const hash = toHash({ ...s, view });
      const back = parseHash(hash);
      expect(back.notices).toEqual([]);
      expect(back.state.view).toBe(view);
      expect(back.state.lang).toBe("zh");
      expect(back.state.theme).toBe("dark");
      if (view !== "table") expect(back.state[view]).toEqual(s[view]);
    }
  });

  it("parseHash falls back to defaults with a notice naming each bad value", () => {
    const { state, notices } = parseHash("#/explore?fn=swish&domain=5,1&df=maybe&lang=fr&zoom=2");
    const d = defaultState();
    expect(state.explore.fn).toBe(d.explore.fn);
    expect(state.explore.domain).toEqual(d.explore.domain);
    expect(state.explore.derivative).toBe(d.explore.derivative);
    expect(state.lang).toBe("en");
    expect(notices).toHaveLength(5);
    const fnNotice = notices.find((n) => n.includes('"swish"')) ?? "";
    expect(fnNotice).toContain(activationIds.join(", "));
    expect(notices.join("\n")).toMatch(/"5,1"/);
    expect(notices.join("\n")).toMatch(/"maybe"/);
    expect(notices.join("\n")).toMatch(/"fr"/);
    expect(notices.join("\n")).toMatch(/"zoom"/);
  });

  it("parseHash rejects a parameter the registry rejects, with the registry's message", () => {
    const { state, notices } = parseHash("#/explore?fn=elu&alpha=-1");
    expect(state.explore.params).toEqual({});
    expect(notices).toHaveLength(1);
    let registryMessage = "";
    try {
      getActivation("elu").f(0, { alpha: -1 });
    } catch (e) {
      registryMessage = (e as Error).message;
    }
    expect(registryMessage).not.toBe("");
    expect(notices[0]).toBe(registryMessage);
  });

  it("parseHash rejects bad softmax and regression values and keeps the good ones", () => {
    const s = parseHash("#/softmax?logits=1,abc&t=0");
    expect(s.state.softmax).toEqual(defaultState().softmax);
    expect(s.notices).toHaveLength(2);
    const r = parseHash("#/regression?lr=0.05&mode=adam&batch=2.5&seed=-1");
    expect(r.state.regression.lr).toBe(0.05);
    expect(r.state.regression.mode).toBe("sgd");
    expect(r.state.regression.batch).toBe(defaultState().regression.batch);
    expect(r.notices.map((n) => n.split(":")[0])).toEqual(["invalid batch", "invalid seed", "invalid mode"]);
  });

  it("parseHash keeps an empty compare selection, as toHash writes it", () => {
    const s = { ...defaultState(), view: "compare" as const };
    s.compare = { ...s.compare, ids: [] };
    const back = parseHash(toHash(s));
    expect(back.notices).toEqual([]);
    expect(back.state.compare.ids).toEqual([]);
  });

  it("parseHash('#/nowhere') names the known views and shows Explore", () => {
    const { state, notices } = parseHash("#/nowhere");
    expect(state.view).toBe("explore");
    expect(notices[0]).toContain("explore, compare, table, softmax, regression");
  });

  it("exploreParams(s) starts from the registry's figure parameters", () => {
    const a = getActivation("leaky-relu");
    const expected = (a.figure as { params?: Record<string, number> }).params?.alpha ?? a.params[0].default;
    expect(exploreParams({ fn: "leaky-relu", params: {}, domain: [-10, 10], derivative: true }).alpha).toBe(expected);
    expect(exploreParams({ fn: "leaky-relu", params: { alpha: 0.3 }, domain: [-10, 10], derivative: true }).alpha).toBe(0.3);
    expect(figureParams("selu")).toEqual({});
  });

  it("toHash(s) leaves out values equal to the defaults", () => {
    expect(toHash(defaultState())).toBe("#/explore?fn=sigmoid");
    expect(toHash({ ...defaultState(), view: "table" })).toBe("#/table");
  });
});
