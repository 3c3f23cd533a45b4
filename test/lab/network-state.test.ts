import { describe, expect, it } from "vitest";
import { activationIds } from "../../packages/actlab/src/activations/registry.js";
import { defaultState, parseHash, toHash } from "../../lab/src/state.js";
import { defaultNetwork } from "../../lab/src/views/network/state.js";

describe("lab URL state of the Network view", () => {
  it("parseHash('#/network') gives the Playground-like defaults and no notices", () => {
    const { state, notices } = parseHash("#/network");
    expect(notices).toEqual([]);
    expect(state.view).toBe("network");
    expect(state.network).toEqual(defaultNetwork());
    expect(toHash(state)).toBe("#/network");
  });

  it("parseHash(toHash(s)) reproduces every setting, per-layer activations included", () => {
    const s = defaultState();
    s.view = "network";
    s.network = {
      dataset: "spiral3",
      noise: 15,
      train: 70,
      dataSeed: 9,
      features: ["x1", "x2", "sinx1"],
      layers: [8, 3, 5],
      activations: ["relu", "prelu", "selu"],
      init: "lecun",
      optimizer: "adam",
      lr: 0.003,
      batch: 25,
      reg: "l2",
      regRate: 0.01,
      seed: 1234,
    };
    const hash = toHash(s);
    expect(hash).toContain("activation=relu,prelu,selu");
    expect(hash).toContain("layers=8,3,5");
    const back = parseHash(hash);
    expect(back.notices).toEqual([]);
    expect(back.state.network).toEqual(s.network);
  });

  it("parseHash applies one activation id to every layer", () => {
    const { state, notices } = parseHash("#/network?layers=8,8,8&activation=elu");
    expect(notices).toEqual([]);
    expect(state.network.activations).toEqual(["elu", "elu", "elu"]);
    expect(parseHash("#/network?layers=&activation=relu").state.network.layers).toEqual([]);
  });

  it("parseHash falls back to each default with a notice naming the bad value", () => {
    const q = "dataset=ring&noise=70&train=5&features=x1,x3&layers=9,2&activation=tanh,swish,relu&init=zero&optimizer=rmsprop&lr=-1&batch=0.5&reg=l3&regRate=abc&seed=x";
    const { state, notices } = parseHash(`#/network?${q}`);
    expect(state.network).toEqual(defaultNetwork());
    expect(notices).toHaveLength(13);
    expect(notices.find((n) => n.startsWith('invalid activation: "tanh,swish,relu"'))).toContain(activationIds.join(", "));
    expect(notices).toContain('invalid layers: "9,2" (must be up to 6 unit counts from 1 to 8, e.g. 8,8; empty for none)');
    expect(notices).toContain('invalid dataset: "ring" (must be circle, xor, gauss, spiral, spiral3, moons, reg-plane, reg-gauss)');
  });

  it("parseHash rejects a per-layer activation list of the wrong length", () => {
    const { state, notices } = parseHash("#/network?layers=4,4&activation=relu,elu,tanh");
    expect(state.network.activations).toEqual(["tanh", "tanh"]);
    expect(notices[0]).toMatch(/give one id for every layer or one per layer: 2/);
  });
});
