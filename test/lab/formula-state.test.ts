/**
 * The reader's formula in the lab's URL (issue 20): `expr=` is parsed (never run) and registered
 * as the id `custom`; a bad one is a notice and the default formula; the link carries it only
 * when the view shows `custom`; the experiments worker's message parses it again.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CUSTOM, DEFAULT_EXPR, activationOf, loadFormula } from "../../lab/src/custom.js";
import { parseHash, toHash, usesCustom } from "../../lab/src/state.js";
import { runMessage } from "../../lab/src/views/experiments/logic.js";
import type { FromWorker } from "../../lab/src/views/experiments/worker.js";

// The page loads the parser before it reads a link naming the formula (lab/src/main.ts).
beforeAll(() => loadFormula());

describe("expr= in the lab's URL", () => {
  it("registers the formula as custom in every view that can show it", () => {
    const p = parseHash(`#/explore?fn=custom&expr=${encodeURIComponent("x*tanh(softplus(x))")}`);
    expect(p.notices).toEqual([]);
    expect(p.state.explore.fn).toBe(CUSTOM);
    expect(p.state.expr).toBe("x*tanh(softplus(x))");
    expect(activationOf(CUSTOM).f(1)).toBe(activationOf("mish").f(1));
    const n = parseHash(`#/network?activation=relu,custom&expr=${encodeURIComponent("max(x, 0.1*x)")}`);
    expect(n.notices).toEqual([]);
    expect(n.state.network.activations).toEqual(["relu", "custom"]);
    expect(activationOf(CUSTOM).df(-1)).toBe(0.1);
  });

  it("a bad formula is a notice with the parser's reason; the default formula stands for custom", () => {
    const p = parseHash(`#/explore?fn=custom&expr=${encodeURIComponent("x*sigmoid(x")}`);
    expect(p.state.expr).toBe(DEFAULT_EXPR);
    expect(p.notices).toEqual(['invalid expr: "x*sigmoid(x" (expected "," or ")" to close sigmoid( at column 10 but found the end of the formula at column 12)']);
    expect(activationOf(CUSTOM).f(1)).toBe(activationOf("silu").f(1));
  });

  it("expr is a parameter of the views that show formulas only", () => {
    expect(parseHash("#/softmax?expr=x").notices).toEqual(['unknown URL parameter for softmax: "expr" (known: lang, theme, logits, t)']);
    expect(parseHash("#/compare?fns=relu,custom&expr=x").notices).toEqual([]);
  });

  it("the link carries expr only when the view shows custom (and the formula is not the default)", () => {
    const p = parseHash(`#/compare?fns=relu,custom&expr=${encodeURIComponent("abs(x)")}`).state;
    expect(usesCustom(p)).toBe(true);
    expect(toHash(p)).toBe("#/compare?fns=relu,custom&expr=abs%28x%29");
    p.compare.ids = ["relu"];
    expect(usesCustom(p)).toBe(false);
    expect(toHash(p)).not.toContain("expr");
    p.expr = DEFAULT_EXPR;
    p.compare.ids = ["relu", CUSTOM as (typeof p.compare.ids)[number]];
    expect(toHash(p)).not.toContain("expr");
  });

  it("the experiments worker parses the text it is sent; a bad one is an error message, nothing runs", async () => {
    const got: FromWorker[] = [];
    await runMessage({ type: "run", id: "gradient-flow", options: { functions: "custom" }, quick: true, expr: "x*sigmoid(x" }, new AbortController().signal, (m) => got.push(m));
    expect(got).toEqual([{ type: "error", message: 'expected "," or ")" to close sigmoid( at column 10 but found the end of the formula at column 12' }]);
  });
});
