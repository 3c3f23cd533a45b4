// Colour (issue 26): nothing is told by colour alone, and the palettes stay apart for the common
// kinds of colour blindness. The simulation is culori's (the Machado, Oliveira & Fernandes 2009
// matrices at full severity); the distance is CIEDE2000 ΔE (about 2 is a just-noticeable difference).
import { readFileSync } from "node:fs";
import { differenceCiede2000, filterDeficiencyDeuter, filterDeficiencyProt, filterDeficiencyTrit, parse, type Color } from "culori";
import { describe, expect, it } from "vitest";
import { COLORS } from "../../packages/actlab/src/plot/index.js";

const css = readFileSync(new URL("../../lab/src/style.css", import.meta.url), "utf8");

/** The custom properties of the block that starts with `selector` in the lab's style sheet. */
function themeVars(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const body = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries(Array.from(body.matchAll(/(--[\w-]+):\s*([^;]+);/g), (m) => [m[1], m[2].trim()]));
}

const colour = (v: string): Color => {
  const c = parse(v.startsWith("#") ? v : `rgb(${v})`);
  if (!c) throw new Error(`not a colour: ${v}`);
  return c;
};

const de = differenceCiede2000();
type Filter = (c: Color) => Color;
const vision: Record<string, Filter> = { normal: (c) => c, protanopia: filterDeficiencyProt(1) as Filter, deuteranopia: filterDeficiencyDeuter(1) as Filter, tritanopia: filterDeficiencyTrit(1) as Filter };

/** The smallest ΔE between `a` and `b` over normal vision and the three dichromacies. */
function worstDelta(a: string, b: string): { delta: number; kind: string } {
  let worst = { delta: Infinity, kind: "" };
  for (const [kind, f] of Object.entries(vision)) {
    const d: number = de(f(colour(a)), f(colour(b)));
    if (d < worst.delta) worst = { delta: d, kind };
  }
  return worst;
}

describe("palettes under protanopia, deuteranopia and tritanopia", () => {
  const light = themeVars(":root");
  const dark = themeVars(':root[data-theme="dark"]');

  it("the lab's theme blocks were found", () => {
    for (const v of [light, dark]) for (const k of ["--heat-pos", "--heat-neg", "--c-closed", "--c-f", "--c-df"]) expect(v[k]).toBeTruthy();
  });

  for (const [theme, v] of [["light", light], ["dark", dark]] as const) {
    it(`${theme}: the two classes (and weight signs, f and f′) stay far apart: ΔE ≥ 40`, () => {
      const pairs = [[v["--heat-neg"], v["--heat-pos"]], [v["--c-f"], v["--c-df"]]];
      for (const [a, b] of pairs) {
        const w = worstDelta(a, b);
        expect(w.delta, `${a} vs ${b} under ${w.kind}`).toBeGreaterThanOrEqual(40);
      }
    });

    it(`${theme}: the third class stays distinguishable from the first two: ΔE ≥ 10`, () => {
      for (const other of [v["--heat-neg"], v["--heat-pos"]]) {
        const w = worstDelta(v["--c-closed"], other);
        expect(w.delta, `${v["--c-closed"]} vs ${other} under ${w.kind}`).toBeGreaterThanOrEqual(10);
      }
    });
  }

  it("figures: f and f′ colours stay apart (and f′ is dashed besides)", () => {
    expect(worstDelta(COLORS.f, COLORS.df).delta).toBeGreaterThanOrEqual(40);
  });
});

// Shapes of the classes' markers and the dash of negative links: test/lab/network-logic.test.ts.
