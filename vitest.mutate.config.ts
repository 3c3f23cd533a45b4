import { defineConfig } from "vitest/config";

// The tests `npm run mutate` runs: the list stryker.config.mjs chose for the folder being mutated.
const chosen = process.env.ACTLAB_MUTATE_TESTS;

export default defineConfig({
  test: {
    include: chosen ? (JSON.parse(chosen) as string[]) : ["test/nn/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
