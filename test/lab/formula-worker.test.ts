/**
 * The experiments worker's module graph holds the formula parser statically (issue 25: the page
 * loads it lazily, lab/src/custom.ts): a run message naming the formula is read without
 * loadFormula. (A file of its own: its module state starts without the parser.)
 */
import { expect, it } from "vitest";
import { formulaReady } from "../../lab/src/custom.js";
import { runMessage } from "../../lab/src/views/experiments/logic.js";
import type { FromWorker } from "../../lab/src/views/experiments/worker.js";

it("the experiments worker reads the formula of its message without loadFormula", async () => {
  expect(formulaReady()).toBe(false);
  const got: FromWorker[] = [];
  await runMessage({ type: "run", id: "gradient-flow", options: { functions: "custom" }, quick: true, expr: "x*sigmoid(x" }, new AbortController().signal, (m) => got.push(m));
  // The parser's own message (with its column), not "the formula parser has not loaded yet".
  expect(got).toEqual([{ type: "error", message: 'expected "," or ")" to close sigmoid( at column 10 but found the end of the formula at column 12' }]);
  expect(formulaReady()).toBe(true);
});
