/**
 * The experiment options of `actlab experiment run`, parsed in-process: lists refuse a value named
 * twice, numbers and ids alike (a width run twice would be counted twice in the medians and
 * disagree with the verdict's "because" line).
 */
import { describe, expect, it } from "vitest";
import { experiments, getExperiment } from "../../packages/actlab/src/experiments/index.js";
import { parseExperimentFlags, parseOptionValue } from "../../packages/cli/src/experiment-options.js";
import { UsageError } from "../../packages/cli/src/errors.js";

const bornDead = getExperiment("born-dead");
const option = (id: string, name: string) => {
  const o = getExperiment(id).options.find((x) => x.name === name);
  if (!o) throw new Error(`${id} has no option ${name}`);
  return o;
};

describe("lists refuse a value named twice", () => {
  it.each([
    ["2,2", "2"],
    ["2,3,2", "2"],
    ["2, 2.0", "2"],
    ["3,5,3e0", "3"],
  ])("born-dead --widths %s is a usage error naming %s", (text, twice) => {
    const f = () => parseOptionValue(bornDead, option("born-dead", "widths"), text);
    expect(f).toThrow(UsageError);
    expect(f).toThrow(`invalid --widths for born-dead: '${text}' (${twice} is named twice; give each value once)`);
  });

  it("an id list refuses a repeated id the same way", () => {
    const exp = experiments.find((e) => e.options.some((o) => o.name === "functions" && o.type === "list"))!;
    const o = exp.options.find((x) => x.name === "functions")!;
    const id = (o.default as string[])[0];
    expect(() => parseOptionValue(exp, o, `${id},${id}`)).toThrow(`invalid --functions for ${exp.id}: '${id},${id}' (${id} is named twice; give each value once)`);
  });

  it("distinct values pass, as numbers in the order given", () => {
    expect(parseOptionValue(bornDead, option("born-dead", "widths"), "3,2,5")).toEqual([3, 2, 5]);
    expect(parseExperimentFlags(bornDead, ["--widths", "2,3"])).toEqual({ widths: [2, 3] });
  });
});
