import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // 2-core machines: keep parallelism modest so browser and CLI tests do not starve each other.
    maxWorkers: 2,
  },
});
