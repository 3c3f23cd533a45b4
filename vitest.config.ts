import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const lib = (p: string) => fileURLToPath(new URL(`./packages/actlab/src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources: the CLI's imports of the library by package name must
    // reach the same source modules the tests import (one kernel backend, one registry).
    alias: [
      { find: /^actlab$/, replacement: lib("index.ts") },
      { find: /^actlab\/([a-z]+)$/, replacement: lib("$1/index.ts") },
      { find: /^actlab-cli\/render$/, replacement: fileURLToPath(new URL("./packages/cli/src/render/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // 2-core machines: keep parallelism modest so browser and CLI tests do not starve each other.
    maxWorkers: 2,
  },
});
