import { defineConfig } from "vitest/config";

// The tests `npm run mutate` runs (stryker.config.mjs): those that exercise the mutated code in
// the test process. Child-process CLI runs (they use dist/), the browser tests (they use the
// built lab) and the numeric kernel sweeps (no mutated file in them) stay out.
export default defineConfig({
  test: {
    include: [
      "test/nn/**/*.test.ts",
      "test/train/csv.test.ts",
      "test/train/rng.test.ts",
      "test/train/linear.test.ts",
      "test/train/live.test.ts",
      "test/experiments/**/*.test.ts",
      "test/plot/spec.test.ts",
      "test/plot/figures.test.ts",
      "test/plot/render.test.ts",
      "test/cli/files.test.ts",
      "test/cli/parse.test.ts",
      "test/cli/inprocess.test.ts",
      "test/lab/state.test.ts",
      "test/lab/state-edges.test.ts",
      "test/lab/serve.test.ts",
      "test/lab/serve-edges.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
