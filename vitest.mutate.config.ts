import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// The tests `npm run mutate` runs: the list stryker.config.mjs chose for the folder being mutated
// (with the aliases of vitest.config.ts, so the CLI's imports of `actlab` reach the mutated sources).
const chosen = process.env.ACTLAB_MUTATE_TESTS;

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: chosen ? (JSON.parse(chosen) as string[]) : ["test/nn/**/*.test.ts"],
  },
});
