import { describe, expect, it } from "vitest";
import { activations, articleActivations } from "../../packages/actlab/src/activations/registry.js";
import { experiments } from "../../packages/actlab/src/experiments/index.js";
import { defaultState, parseHash, toHash } from "../../lab/src/state.js";
import { claimExperiments, experimentFor } from "../../lab/src/views/experiments/claims.js";

describe("lab URL state: experiments", () => {
  it("#/experiments is the list, #/experiments/<id> one experiment with its options, seeds and quick", () => {
    expect(parseHash("#/experiments").state.experiments).toEqual(defaultState().experiments);
    const { state, notices } = parseHash("#/experiments/dead-units?lrs=0.1,1&epochs=7&seeds=4&quick=0&lang=zh");
    expect(notices).toEqual([]);
    expect(state.view).toBe("experiments");
    expect(state.lang).toBe("zh");
    expect(state.experiments).toEqual({ id: "dead-units", options: { lrs: "0.1,1", epochs: "7" }, seeds: 4, quick: false });
    expect(toHash(state)).toBe("#/experiments/dead-units?lrs=0.1,1&epochs=7&seeds=4&quick=0&lang=zh");
    expect(parseHash(toHash(state)).state).toEqual(state);
  });

  it("bad seeds or quick get a notice and their default; the list takes no options", () => {
    const bad = parseHash("#/experiments/cost?seeds=0&quick=yes");
    expect(bad.notices).toHaveLength(2);
    expect(bad.notices[0]).toContain('invalid seeds: "0"');
    expect(bad.notices[1]).toContain('invalid quick: "yes"');
    expect(bad.state.experiments).toEqual({ id: "cost", options: {}, seeds: 0, quick: true });
    const list = parseHash("#/experiments?depth=3");
    expect(list.notices).toEqual(['unknown URL parameter for experiments: "depth" (known: lang, theme, seeds, quick, expr)']);
  });

  it("each linked strength or weakness names an experiment that tests that function", () => {
    // The article's functions carry the claims the experiments measure; the others link none.
    for (const a of activations) {
      const links = claimExperiments[a.id];
      if (!articleActivations.some((b) => b.id === a.id)) {
        expect(links, a.id).toBeUndefined();
        continue;
      }
      expect(links, a.id).toBeDefined();
      expect(links.strengths).toHaveLength(a.strengths.en.length);
      expect(links.weaknesses).toHaveLength(a.weaknesses.en.length);
      for (const kind of ["strengths", "weaknesses"] as const) {
        a[kind].en.forEach((_, i) => {
          const id = experimentFor(a.id, kind, i);
          if (id === null) return;
          const e = experiments.find((x) => x.id === id);
          expect(e, `${a.id} ${kind} ${i}: ${id}`).toBeDefined();
          expect(e!.claim.functions, `${a.id} ${kind} ${i}: ${id}`).toContain(a.id);
        });
      }
    }
    // The article's best-known claims are linked.
    expect(experimentFor("relu", "weaknesses", 1)).toBe("dead-units");
    expect(experimentFor("sigmoid", "weaknesses", 0)).toBe("saturation");
    expect(experimentFor("selu", "strengths", 0)).toBe("self-normalisation");
  });
});
