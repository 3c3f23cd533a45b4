/**
 * The lab's URL state at its edges: the helpers the views use for their input boxes (boxValue,
 * quote, normaliseDomain), the experiments' part of the hash, and the Network view's part
 * (defaults, limits, lists, per-layer activations). Expected values are written out by hand.
 */
import { describe, expect, it } from "vitest";
import { boxValue, defaultState, normaliseDomain, parseHash, quote, toHash, type LabState } from "../../lab/src/state.js";
import { defaultNetwork, type NetworkState } from "../../lab/src/views/network/state.js";

const views = "explore, compare, table, softmax, regression, network, experiments";

describe("input boxes and quoting", () => {
  it("boxValue reads a box as a number, an empty or blank box as NaN (not 0)", () => {
    expect(boxValue({ value: "2.5" })).toBe(2.5);
    expect(boxValue({ value: " -3 " })).toBe(-3);
    expect(boxValue({ value: "0" })).toBe(0);
    expect(boxValue({ value: "" })).toBeNaN();
    expect(boxValue({ value: "   " })).toBeNaN();
    expect(boxValue({ value: "abc" })).toBeNaN();
  });

  it("quote keeps up to 40 characters, cuts a longer value to 37 and says how long it was", () => {
    expect(quote("")).toBe('""');
    expect(quote("a".repeat(40))).toBe(`"${"a".repeat(40)}"`);
    expect(quote("a".repeat(41))).toBe(`"${"a".repeat(37)}…" (41 characters)`);
    // Characters, not UTF-16 units: 40 emoji are 40 characters.
    expect(quote("😀".repeat(40))).toBe(`"${"😀".repeat(40)}"`);
    expect(quote("😀".repeat(41))).toBe(`"${"😀".repeat(37)}…" (41 characters)`);
  });

  it("an unknown function id is named as given up to 40 characters, quoted and cut beyond", () => {
    const forty = "q".repeat(40);
    expect(parseHash(`#/explore?fn=${forty}`).notices[0]).toMatch(new RegExp(`^unknown activation: ${forty} \\(known: sigmoid, `));
    expect(parseHash(`#/explore?fn=${"q".repeat(41)}`).notices[0]).toMatch(new RegExp(`^unknown activation: "${"q".repeat(37)}…" \\(41 characters\\) \\(known: `));
  });
});

describe("normaliseDomain", () => {
  it("clamps to [−1000, 1000] and refuses what is not two finite ends at least 0.01 apart", () => {
    expect(normaliseDomain([-5, 5])).toEqual([-5, 5]);
    expect(normaliseDomain([-2000, 5])).toEqual([-1000, 5]);
    expect(normaliseDomain([0, 2000])).toEqual([0, 1000]);
    expect(normaliseDomain([-1000, 1000])).toEqual([-1000, 1000]);
    expect(normaliseDomain([2000, 3000])).toBeNull();
    expect(normaliseDomain([0, 0.01])).toEqual([0, 0.01]);
    expect(normaliseDomain([0, 0.005])).toBeNull();
    expect(normaliseDomain([5, 1])).toBeNull();
    expect(normaliseDomain([1, 2, 3])).toBeNull();
    expect(normaliseDomain([1])).toBeNull();
    expect(normaliseDomain([NaN, 1])).toBeNull();
    expect(normaliseDomain([0, Infinity])).toBeNull();
  });

  it("rounds both ends to a ten-thousandth of the width (so the URL reads them back)", () => {
    // Width ≈ 10.9: a grid of 0.001.
    expect(normaliseDomain([0.123456789, 10.987654321])).toEqual([0.123, 10.988]);
    // Width 0.5: a grid of 0.00001.
    expect(normaliseDomain([1.1234567, 1.6234567])).toEqual([1.12346, 1.62346]);
    // Width 2000: a grid of 0.1.
    expect(normaliseDomain([-999.96, 999.96])).toEqual([-1000, 1000]);
    // Width 0.0101 rounds to a grid of 1e-6 and stays ≥ 0.01.
    expect(normaliseDomain([0.0000004, 0.0101004])).toEqual([0, 0.0101]);
    // 0.0099998 wide: refused, however close.
    expect(normaliseDomain([0.0000006, 0.0100004])).toBeNull();
  });
});

describe("view names", () => {
  it("a view name with bad percent-encoding gets a notice and the default view", () => {
    const { state, notices } = parseHash("#/%E0%A4%A?lang=zh");
    expect(state.view).toBe("explore");
    expect(state.lang).toBe("zh");
    expect(notices).toEqual([`malformed view name: "%E0%A4%A" (bad percent-encoding; known views: ${views})`]);
  });

  it("only a path that starts with experiments/ and has no line break opens an experiment", () => {
    expect(parseHash("#/foo/experiments/cost").notices).toEqual([`unknown view: "foo/experiments/cost" (known: ${views})`]);
    expect(parseHash("#/foo/experiments/cost").state.view).toBe("explore");
    const broken = parseHash("#/experiments/a%0Ab");
    expect(broken.state.view).toBe("explore");
    expect(broken.notices[0]).toMatch(/^unknown view: /);
  });
});

describe("experiments in the URL", () => {
  it("quick=1 and seeds in [1, 20] are read; the shell's keys are not options of the experiment", () => {
    const { state, notices } = parseHash("#/experiments/cost?lang=zh&theme=dark&seeds=3&quick=1&depth=4");
    expect(notices).toEqual([]);
    expect(state.experiments).toEqual({ id: "cost", options: { depth: "4" }, seeds: 3, quick: true });
    expect(state.theme).toBe("dark");
    expect(parseHash("#/experiments/cost?seeds=20").state.experiments.seeds).toBe(20);
    const half = parseHash("#/experiments/cost?seeds=2.5");
    expect(half.notices).toEqual(['invalid seeds: "2.5" (must be an integer in [1, 20])']);
    expect(half.state.experiments.seeds).toBe(0);
  });

  it("an experiment's options from the previous state are not known keys of another view", () => {
    const base = parseHash("#/experiments/dead-units?lrs=1").state;
    expect(base.experiments.options).toEqual({ lrs: "1" });
    expect(parseHash("#/explore?lrs=1", base).notices).toEqual(['unknown URL parameter for explore: "lrs" (known: lang, theme, fn, domain, df, expr)']);
  });

  it("toHash writes the experiment's part only on the experiments view, options only for an open experiment", () => {
    const s = defaultState();
    s.experiments = { id: "cost", options: { depth: "3" }, seeds: 4, quick: false };
    expect(toHash({ ...s, view: "table" })).toBe("#/table");
    expect(toHash({ ...s, view: "experiments" })).toBe("#/experiments/cost?depth=3&seeds=4&quick=0");
    expect(toHash({ ...s, view: "experiments", experiments: { id: null, options: { depth: "3" }, seeds: 0, quick: true } })).toBe("#/experiments");
    expect(toHash({ ...s, view: "experiments", experiments: { id: null, options: {}, seeds: 2, quick: true } })).toBe("#/experiments?seeds=2");
    expect(toHash({ ...s, view: "explore", explore: { ...s.explore, derivative: true } })).toBe("#/explore?fn=sigmoid");
  });
});

describe("the Network view's URL state", () => {
  const net = (query: string, base?: LabState) => parseHash(`#/network?${query}`, base);
  const withNetwork = (n: Partial<NetworkState>): LabState => {
    const s = defaultState();
    s.view = "network";
    s.network = { ...defaultNetwork(), ...n };
    return s;
  };

  it("defaults are TensorFlow Playground's: circle, no noise, half for training, x₁ and x₂, layers 4,2 of tanh, SGD at 0.03, batches of 10, no regularisation", () => {
    expect(defaultNetwork()).toEqual({
      dataset: "circle",
      noise: 0,
      train: 50,
      dataSeed: 1,
      features: ["x1", "x2"],
      layers: [4, 2],
      activations: ["tanh", "tanh"],
      init: "auto",
      optimizer: "sgd",
      lr: 0.03,
      batch: 10,
      reg: "none",
      regRate: 0,
      seed: 1,
    });
  });

  it("accepts each limit itself and names the range of what is beyond, integers where counts are", () => {
    const ok = net("noise=50&train=10&lr=10&batch=500&regRate=10&seed=2147483647&dataSeed=0");
    expect(ok.notices).toEqual([]);
    expect(ok.state.network).toMatchObject({ noise: 50, train: 10, lr: 10, batch: 500, regRate: 10, seed: 2147483647, dataSeed: 0 });
    expect(net("train=90&lr=0.000001&batch=1&noise=0").notices).toEqual([]);
    expect(net("train=50.5").notices).toEqual(['invalid train: "50.5" (must be an integer in [10, 90])']);
    expect(net("train=91").notices).toEqual(['invalid train: "91" (must be an integer in [10, 90])']);
    expect(net("lr=-1").notices).toEqual(['invalid lr: "-1" (must be a number in [0.000001, 10])']);
    expect(net("noise=50.5").notices).toEqual(['invalid noise: "50.5" (must be a number in [0, 50])']);
    expect(net("noise=%20").notices).toEqual(['invalid noise: " " (must be a number in [0, 50])']);
    expect(net("noise=").notices).toEqual(['invalid noise: "" (must be a number in [0, 50])']);
    expect(net("noise=2.5").state.network.noise).toBe(2.5);
    for (const key of ["dataSeed", "batch", "seed"]) {
      expect(net(`${key}=2.5`).notices, key).toEqual([expect.stringMatching(new RegExp(`^invalid ${key}: "2.5" \\(must be an integer in \\[`))]);
    }
    expect(net("seed=2147483648").notices).toHaveLength(1);
  });

  it("features: any order and stray commas are fine, kept in the list's order; nothing or an unknown id is not", () => {
    const { state, notices } = net("features=sinx2,,x1");
    expect(notices).toEqual([]);
    expect(state.network.features).toEqual(["x1", "sinx2"]);
    expect(net("features=x2,x2").state.network.features).toEqual(["x2"]);
    const message = "(must be a comma list of at least one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)";
    expect(net("features=").notices).toEqual([`invalid features: "" ${message}`]);
    expect(net("features=,").notices).toEqual([`invalid features: "," ${message}`]);
    expect(net("features=x1,x3").notices).toEqual([`invalid features: "x1,x3" ${message}`]);
    expect(net("features=x1,x3").state.network.features).toEqual(["x1", "x2"]);
  });

  it("layers: up to six of 1 to 8 units; new layers take the last activation of the previous state", () => {
    expect(net("layers=1,8,1,8,1,8").notices).toEqual([]);
    expect(net("layers=1,8,1,8,1,8").state.network.layers).toEqual([1, 8, 1, 8, 1, 8]);
    for (const bad of ["1,1,1,1,1,1,1", "0", "1.5", "9", "x"]) {
      expect(net(`layers=${bad}`).notices, bad).toEqual([`invalid layers: "${bad}" (must be up to 6 unit counts from 1 to 8, e.g. 8,8; empty for none)`]);
      expect(net(`layers=${bad}`).state.network.layers).toEqual([4, 2]);
    }
    const base = withNetwork({ layers: [4, 2], activations: ["relu", "elu"] });
    expect(net("layers=3,3,3", base).state.network.activations).toEqual(["relu", "elu", "elu"]);
    expect(net("layers=3", base).state.network.activations).toEqual(["relu"]);
    // From a network without hidden layers, a new layer is tanh.
    expect(net("layers=5", withNetwork({ layers: [], activations: [] })).state.network.activations).toEqual(["tanh"]);
  });

  it("activation: one id for all layers or one per layer; a wrong count says how many layers there are", () => {
    expect(net("layers=3,3&activation=relu,elu").state.network.activations).toEqual(["relu", "elu"]);
    const wrong = net("layers=4,4&activation=relu,elu,tanh");
    expect(wrong.notices).toEqual(['invalid activation: "relu,elu,tanh" (give one id for every layer or one per layer: 2 for layers 4,4)']);
  });

  it("a previous state whose activations do not match its layers gets one per layer (the last repeated, or tanh)", () => {
    expect(net("", withNetwork({ layers: [4, 4, 4], activations: ["relu", "elu"] })).state.network.activations).toEqual(["relu", "elu", "elu"]);
    expect(net("", withNetwork({ layers: [4, 4], activations: [] })).state.network.activations).toEqual(["tanh", "tanh"]);
    // More activations than layers: one per layer.
    expect(net("", withNetwork({ layers: [4], activations: ["relu", "elu"] })).state.network.activations).toEqual(["relu"]);
  });

  it("toHash writes only what differs from the defaults; all-tanh layers need no activation, no layers write layers= alone", () => {
    expect(toHash(withNetwork({}))).toBe("#/network");
    expect(toHash(withNetwork({ layers: [8], activations: ["tanh"] }))).toBe("#/network?layers=8");
    expect(toHash(withNetwork({ layers: [], activations: [] }))).toBe("#/network?layers=");
    expect(toHash(withNetwork({ layers: [8, 8], activations: ["tanh", "relu"] }))).toBe("#/network?layers=8,8&activation=tanh,relu");
    expect(toHash(withNetwork({ dataset: "xor", features: ["x1x2"], init: "he", optimizer: "adam", reg: "l1", lr: 0.1 + 0.2 }))).toBe(
      "#/network?dataset=xor&lr=0.3&features=x1x2&init=he&optimizer=adam&reg=l1",
    );
    // Every value that differs is written, and reads back.
    const s = withNetwork({ noise: 5, train: 60, dataSeed: 2, batch: 20, regRate: 0.5, seed: 9 });
    expect(toHash(s)).toBe("#/network?noise=5&train=60&dataSeed=2&batch=20&regRate=0.5&seed=9");
    expect(parseHash(toHash(s)).state.network).toEqual(s.network);
  });
});
