/**
 * stageFigures (experiment-write.ts) in process: each figure written as SVG (a text file, ending
 * in a newline, in the language asked for) and PNG, and a PNG that cannot be written fails the
 * whole staging rather than leaving a report without it.
 */
import { describe, expect, it } from "vitest";
import type { Experiment, ExperimentResult } from "../../packages/actlab/src/experiments/types.js";
import { stageFigures } from "../../packages/cli/src/experiment-write.js";
import type { StagedDir } from "../../packages/cli/src/files.js";

async function fixtureResult(): Promise<ExperimentResult> {
  const { experiments } = (await import(new URL("./fixtures/fake-experiments.mjs", import.meta.url).href)) as { experiments: Experiment[] };
  const e = experiments[0];
  const o = { ...Object.fromEntries(e.options.map((x) => [x.name, x.default])), depth: 2 } as never;
  const per = [await e.runSeed(o, 1, {}), await e.runSeed(o, 2, {})];
  return e.summarise(o, [1, 2], per, 0.1) as ExperimentResult;
}

/** A staging folder that keeps what is written (and can refuse the PNGs). */
function staged(refusePng = false) {
  const files = new Map<string, string | Uint8Array>();
  const dir = {
    write(name: string, data: string | Uint8Array) {
      if (refusePng && name.endsWith(".png")) throw new Error(`disk full writing ${name}`);
      files.set(name, data);
    },
  } as unknown as StagedDir;
  return { dir, files };
}

describe("stageFigures", () => {
  it("each figure as <dir><id>.svg (ending in a newline, in the language asked for) and .png; the SVG texts by id", async () => {
    const r = await fixtureResult();
    for (const [lang, title] of [
      ["en", "Gradient norm by layer"],
      ["zh", "各层梯度范数"],
    ] as const) {
      const s = staged();
      const svgs = await stageFigures(s.dir, "figures/x/", r, lang);
      expect([...s.files.keys()].sort()).toEqual(["figures/x/grad-norms.png", "figures/x/grad-norms.svg"]);
      const svg = s.files.get("figures/x/grad-norms.svg") as string;
      expect(svg.endsWith("</svg>\n")).toBe(true);
      expect(svg).toContain(title);
      expect(svgs.get("grad-norms") + "\n").toBe(svg);
      const png = s.files.get("figures/x/grad-norms.png") as Uint8Array;
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
  });

  it("a PNG that cannot be written fails the staging with its error", async () => {
    const r = await fixtureResult();
    const s = staged(true);
    await expect(stageFigures(s.dir, "", r, "en")).rejects.toThrow("disk full writing grad-norms.png");
  });
});
