/** The lab's URL state rejects what it cannot show, and says so, instead of dropping it quietly. */
import { describe, expect, it } from "vitest";
import { activationIds, articleActivations, unknownActivationMessage } from "../../packages/actlab/src/activations/registry.js";
import { defaultState, domainOf, limits, parseHash, toHash } from "../../lab/src/state.js";

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

  it("parseHash('#/compare?fns=relu,swish') does not drop swish quietly: it keeps the default list and names the value", () => {
    const { state, notices } = parseHash("#/compare?fns=relu,swish");
    expect(state.compare.ids).toEqual(defaultState().compare.ids);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^invalid fns: "relu,swish" \(must be a comma-separated list of sigmoid, tanh, /);
  });

  it("parseHash('#/compare?fns=tanh,relu') keeps the ids it knows, in the registry's order", () => {
    const { state, notices } = parseHash("#/compare?fns=relu,tanh");
    expect(notices).toEqual([]);
    expect(state.compare.ids).toEqual(["tanh", "relu"]);
    expect(parseHash(toHash({ ...state, view: "compare" })).state.compare.ids).toEqual(["tanh", "relu"]);
  });
});

describe("parseHash: every limit, at and past its edge, with the message naming it", () => {
  const one = (hash: string) => {
    const r = parseHash(hash);
    return { ...r, notice: r.notices.join("\n") };
  };

  it.each([
    ["lr", "0.00001", 1e-5],
    ["lr", "10", 10],
    ["batch", "1", 1],
    ["batch", "100", 100],
    ["noise", "0", 0],
    ["noise", "10", 10],
    ["seed", "0", 0],
    ["seed", String(2 ** 31 - 1), 2 ** 31 - 1],
    ["speed", "1", 1],
    ["speed", "5000", 5000],
    ["epochs", "1", 1],
    ["epochs", "100000", 100000],
  ] as const)("regression %s=%s is taken", (key, raw, want) => {
    const r = one(`#/regression?${key}=${raw}`);
    expect(r.notices).toEqual([]);
    expect(r.state.regression[key]).toBe(want);
  });

  it.each([
    ["lr", "0.000009", "a number in [0.00001, 10]"],
    ["lr", "10.5", "a number in [0.00001, 10]"],
    ["lr", "", "a number in [0.00001, 10]"],
    ["lr", "inf", "a number in [0.00001, 10]"],
    ["batch", "0", "an integer in [1, 100]"],
    ["batch", "101", "an integer in [1, 100]"],
    ["batch", "2.5", "an integer in [1, 100]"],
    ["noise", "-0.1", "a number in [0, 10]"],
    ["noise", "11", "a number in [0, 10]"],
    ["seed", "-1", "an integer in [0, 2147483647]"],
    ["seed", "2147483648", "an integer in [0, 2147483647]"],
    ["speed", "0", "an integer in [1, 5000]"],
    ["speed", "5001", "an integer in [1, 5000]"],
    ["epochs", "0", "an integer in [1, 100000]"],
    ["epochs", "100001", "an integer in [1, 100000]"],
  ] as const)("regression %s=%s is refused: must be %s", (key, raw, rule) => {
    const r = one(`#/regression?${key}=${raw}`);
    expect(r.notices).toEqual([`invalid ${key}: "${raw}" (must be ${rule})`]);
    expect(r.state.regression[key]).toBe(defaultState().regression[key]);
  });

  it("regression mode=batch and mode=minibatch are taken; others are named", () => {
    expect(one("#/regression?mode=batch").state.regression.mode).toBe("batch");
    expect(one("#/regression?mode=minibatch").state.regression.mode).toBe("minibatch");
    expect(one("#/regression?mode=adam").notices).toEqual(['invalid mode: "adam" (must be sgd, minibatch, batch)']);
  });

  it("softmax logits: 2 to 12 numbers in [−20, 20]", () => {
    expect(one("#/softmax?logits=-20,20").state.softmax.logits).toEqual([-20, 20]);
    expect(one(`#/softmax?logits=${Array(12).fill(1).join(",")}`).state.softmax.logits).toHaveLength(12);
    const msg = (raw: string) => `invalid logits: "${raw}" (must be 2 to 12 numbers in [-20, 20], comma-separated)`;
    for (const raw of ["1", Array(13).fill(1).join(","), "-21,0", "0,21", "1,", "1,nan"]) {
      const r = one(`#/softmax?logits=${raw}`);
      expect(r.notices).toEqual([msg(raw)]);
      expect(r.state.softmax.logits).toEqual(defaultState().softmax.logits);
    }
  });

  it("softmax t: a number in [0.05, 20]", () => {
    expect(one("#/softmax?t=0.05").state.softmax.temperature).toBe(0.05);
    expect(one("#/softmax?t=20").state.softmax.temperature).toBe(20);
    expect(one("#/softmax?t=0.04").notices).toEqual(['invalid t (temperature): "0.04" (must be a number in [0.05, 20])']);
    expect(one("#/softmax?t=21").state.softmax.temperature).toBe(1);
  });

  it("domain: lo,hi within [−1000, 1000], at least 0.01 wide", () => {
    expect(one("#/compare?domain=-1000,1000").state.compare.domain).toEqual([-1000, 1000]);
    expect(one("#/compare?domain=0,0.01").state.compare.domain).toEqual([0, 0.01]);
    for (const raw of ["-1001,0", "0,1001", "0,0.009", "1", "1,2,3", "a,1", ",1"]) {
      const r = one(`#/compare?domain=${raw}`);
      expect(r.notices).toEqual([`invalid domain: "${raw}" (must be lo,hi with -1000 ≤ lo < hi ≤ 1000, hi − lo ≥ 0.01)`]);
      expect(r.state.compare.domain).toEqual([-10, 10]);
    }
    const e = one("#/explore?fn=tanh&domain=9,1");
    expect(e.state.explore.domain).toEqual(domainOfTanh());
  });

  it("explore: a parameter must be finite and accepted by the registry; df is 0 or 1", () => {
    expect(one("#/explore?fn=elu&alpha=abc").notices).toEqual(['invalid alpha for elu: "abc" (must be a finite number)']);
    expect(one("#/explore?fn=elu&alpha=").notices).toEqual(['invalid alpha for elu: "" (must be a finite number)']);
    expect(one("#/explore?fn=elu&alpha=2").state.explore.params).toEqual({ alpha: 2 });
    expect(one("#/explore?fn=relu&df=0").state.explore.derivative).toBe(false);
    expect(one("#/explore?fn=relu&df=1").state.explore.derivative).toBe(true);
    expect(one("#/explore?fn=relu&df=yes").notices).toEqual(['invalid df: "yes" (must be 0 or 1)']);
    expect(one("#/explore?fn=gelu").notices).toEqual([]);
    // The registry's message, as the CLI prints it (every id listed).
    expect(one("#/explore?fn=swish").notices).toEqual([unknownActivationMessage("swish")]);
    const known = /\(known: (.*)\)$/.exec(unknownActivationMessage("swish"))?.[1].split(", ");
    expect(known).toEqual(expect.arrayContaining([...activationIds, "softmax"]));
  });

  it("compare: which is f or df", () => {
    expect(one("#/compare?which=f").state.compare.which).toBe("f");
    expect(one("#/compare?which=x").notices).toEqual(['invalid which: "x" (must be f or df)']);
  });

  it("lang: en or zh; unknown keys are named with the keys the view knows", () => {
    expect(one("#/table?lang=zh").state.lang).toBe("zh");
    expect(one("#/table?lang=fr").notices).toEqual(['invalid lang: "fr" (must be en or zh)']);
    expect(one("#/softmax?zoom=2").notices).toEqual(['unknown URL parameter for softmax: "zoom" (known: lang, theme, logits, t)']);
    expect(one("#/explore?fn=elu&zoom=2").notices).toEqual(['unknown URL parameter for explore: "zoom" (known: lang, theme, fn, domain, df, expr, alpha)']);
    expect(one("#/table?fn=elu").notices).toEqual(['unknown URL parameter for table: "fn" (known: lang, theme)']);
  });

  it("the view is read from '#/view', '#view' and a percent-encoded path", () => {
    expect(one("#softmax").state.view).toBe("softmax");
    expect(one("#/%73oftmax").state.view).toBe("softmax");
    expect(one("#/").state.view).toBe("explore");
    expect(one("").state.view).toBe("explore");
  });
});

describe("toHash(s) writes only what differs, numbers to 6 digits", () => {
  it("toHash for each view", () => {
    const s = defaultState();
    expect(toHash({ ...s, view: "softmax", softmax: { logits: [1 / 3, 2], temperature: 0.5 } })).toBe("#/softmax?logits=0.333333,2&t=0.5");
    expect(toHash({ ...s, view: "softmax" })).toBe("#/softmax");
    expect(toHash({ ...s, view: "compare", compare: { ids: ["relu"], which: "f", domain: [-1, 2] } })).toBe("#/compare?fns=relu&which=f&domain=-1,2");
    expect(toHash({ ...s, view: "compare" })).toBe("#/compare");
    expect(toHash({ ...s, view: "regression", regression: { ...s.regression, mode: "batch", lr: 0.5 } })).toBe("#/regression?lr=0.5&mode=batch");
    expect(toHash({ ...s, view: "regression" })).toBe("#/regression");
    expect(toHash({ ...s, explore: { fn: "elu", params: { alpha: 1 }, domain: [-5, 5], derivative: false } })).toBe("#/explore?fn=elu&domain=-5,5&df=0");
    expect(toHash({ ...s, explore: { fn: "elu", params: { alpha: 0.5 }, domain: domainOfElu(), derivative: true } })).toBe("#/explore?fn=elu&alpha=0.5");
    expect(toHash({ ...s, view: "table", lang: "zh", theme: "light" })).toBe("#/table?lang=zh&theme=light");
  });

  it("toHash writes a domain that differs in one bound only", () => {
    const s = defaultState();
    expect(toHash({ ...s, view: "compare", compare: { ...s.compare, domain: [-10, 3] } })).toBe("#/compare?domain=-10,3");
    expect(toHash({ ...s, view: "compare", compare: { ...s.compare, domain: [-3, 10] } })).toBe("#/compare?domain=-3,10");
    const d = domainOfTanh();
    expect(toHash({ ...s, explore: { fn: "tanh", params: {}, domain: [d[0], d[1] + 1], derivative: true } })).toBe(`#/explore?fn=tanh&domain=${d[0]},${d[1] + 1}`);
    expect(toHash({ ...s, explore: { fn: "tanh", params: {}, domain: [d[0] - 1, d[1]], derivative: true } })).toBe(`#/explore?fn=tanh&domain=${d[0] - 1},${d[1]}`);
  });

  it("limits and defaults are the ones the controls show", () => {
    expect(limits.logits).toEqual({ min: -20, max: 20, minCount: 2, maxCount: 12 });
    expect(defaultState().softmax).toEqual({ logits: [2, 1, 0.1, -1], temperature: 1 });
    expect(defaultState().regression).toEqual({ lr: 0.01, mode: "sgd", batch: 10, noise: 1, seed: 1, speed: 30, epochs: 2000 });
    expect(defaultState().compare).toEqual({ ids: articleActivations.map((a) => a.id), which: "df", domain: [-10, 10] });
    expect(defaultState().explore).toEqual({ fn: "sigmoid", params: {}, domain: domainOf("sigmoid"), derivative: true });
  });
});

function domainOfTanh(): readonly [number, number] {
  return domainOf("tanh");
}
function domainOfElu(): readonly [number, number] {
  return domainOf("elu");
}

describe("parseHash: the accepted spellings say nothing", () => {
  it("df=1, which=df, lang=en, noise=' ' and '#/?lang=zh'", () => {
    expect(parseHash("#/explore?fn=relu&df=1").notices).toEqual([]);
    expect(parseHash("#/compare?which=df").notices).toEqual([]);
    expect(parseHash("#/compare?which=df").state.compare.which).toBe("df");
    expect(parseHash("#/table?lang=en").notices).toEqual([]);
    // A blank value is not 0.
    expect(parseHash("#/regression?noise=%20").notices).toEqual(['invalid noise: " " (must be a number in [0, 10])']);
    const q = parseHash("#/?lang=zh");
    expect(q.notices).toEqual([]);
    expect(q.state.view).toBe("explore");
    expect(q.state.lang).toBe("zh");
    expect(parseHash("#?theme=dark").state.theme).toBe("dark");
  });

  it("a parameter of the Explore function is unknown on another view", () => {
    const base = defaultState();
    base.explore = { ...base.explore, fn: "elu" };
    expect(parseHash("#/softmax?alpha=1", base).notices).toEqual(['unknown URL parameter for softmax: "alpha" (known: lang, theme, logits, t)']);
    expect(parseHash("#/explore?alpha=0.5", base).state.explore.params).toEqual({ alpha: 0.5 });
  });

  it("toHash writes numbers to 6 significant digits in the regression view too", () => {
    const s = defaultState();
    expect(toHash({ ...s, view: "regression", regression: { ...s.regression, lr: 1 / 3 } })).toBe("#/regression?lr=0.333333");
  });
});
