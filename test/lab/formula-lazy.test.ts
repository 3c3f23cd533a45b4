/**
 * The formula parser is not part of the lab's first view (issue 25): the URL state reads every
 * link that does not name the formula without it, main.ts loads it first for a link that does
 * (needsFormula), and a view that needs it before it has loaded gets a clear error, not a wrong
 * figure. (A file of its own: its module state starts without the parser.)
 */
import { describe, expect, it } from "vitest";
import { CUSTOM, activationOf, customActivation, formulaReady, loadFormula, needsFormula, setCustom } from "../../lab/src/custom.js";
import { parseHash, toHash } from "../../lab/src/state.js";

describe("the lab's formula parser, loaded when needed", () => {
  it("links that do not name the formula are read without it", () => {
    expect(formulaReady()).toBe(false);
    for (const hash of ["", "#/explore?fn=elu&alpha=0.5", "#/compare?fns=relu,gelu", "#/network?layers=4,2&activation=tanh&dataset=reg-plane", "#/softmax?logits=1,2", "#/experiments/gradient-flow"]) {
      expect(needsFormula(hash)).toBe(false);
      const p = parseHash(hash);
      expect(p.notices).toEqual([]);
      expect(parseHash(toHash(p.state)).state).toEqual(p.state);
    }
    expect(formulaReady()).toBe(false);
  });

  it("a link with expr, or naming custom in any value (percent-encoded too), needs it", () => {
    expect(needsFormula("#/explore?expr=x")).toBe(true);
    expect(needsFormula("#/explore?fn=custom")).toBe(true);
    expect(needsFormula("#/explore?fn=%63ustom")).toBe(true);
    expect(needsFormula("#/compare?fns=relu,custom")).toBe(true);
    expect(needsFormula("#/network?activation=tanh,custom")).toBe(true);
    expect(needsFormula("#/experiments/gradient-flow?functions=custom")).toBe(true);
    expect(needsFormula("#/explore")).toBe(false);
    expect(needsFormula("#/explore?fn=relu&lang=zh")).toBe(false);
  });

  it("without the parser the formula is refused with a clear error; with it the default formula registers", async () => {
    expect(() => setCustom("x")).toThrow("the formula parser has not loaded yet (await loadFormula() first)");
    expect(() => activationOf(CUSTOM)).toThrow(/not loaded yet/);
    await loadFormula();
    expect(formulaReady()).toBe(true);
    expect(customActivation().formula).toBe("x*sigmoid(beta*x); beta = 1");
    const p = parseHash("#/explore?fn=custom&expr=abs(x)");
    expect(p.notices).toEqual([]);
    expect(p.state.expr).toBe("abs(x)");
    expect(activationOf(CUSTOM).f(-2, {})).toBe(2);
  });
});
