// Mutation testing (StrykerJS with its vitest runner): `npm run mutate` (every folder below, one
// after another is slow: hours on 2 cores) or one folder at a time:
//   MUTATE=nn npm run mutate            a folder by name (see FOLDERS)
//   npm run mutate -- --mutate 'src/nn/**/*.ts'   any glob
// Reports: reports/mutation/<folder>.html. Not part of `npm test`.
//
// The mutated files, by folder. Paths follow the layout of the repository: update them here
// when files move (src/ → packages/actlab/src, src/cli → packages/cli/src).
export const FOLDERS = {
  nn: ["src/nn/**/*.ts"],
  train: ["src/train/**/*.ts"],
  experiments: ["src/experiments/**/*.ts"],
  plot: ["src/plot/spec.ts", "src/plot/table.ts", "src/plot/text.ts"],
  cli: ["src/cli/parse.ts", "src/cli/files.ts", "src/cli/figures-write.ts", "src/cli/errors.ts"],
  lab: ["lab/src/state.ts"],
  server: ["scripts/serve-lab.mjs"],
};

const folder = process.env.MUTATE;
if (folder && !(folder in FOLDERS)) {
  throw new Error(`MUTATE=${folder}: unknown folder (use one of ${Object.keys(FOLDERS).join(", ")})`);
}

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: {
    // Unit tests that run the code in-process (Stryker switches mutants inside the test
    // worker; the CLI tests that spawn bin/actlab.js run the built dist/, which it never mutates).
    configFile: "vitest.mutate.config.ts",
    // Only the test files that import a mutated file run for it (vitest --related).
    related: true,
  },
  mutate: folder ? FOLDERS[folder] : Object.values(FOLDERS).flat(),
  // Per-test coverage: each mutant runs only the tests that reach it.
  coverageAnalysis: "perTest",
  // The machine has 2 shared cores.
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${folder ?? "all"}.html` },
  jsonReporter: { fileName: `reports/mutation/${folder ?? "all"}.json` },
  // Only what the tests need in the sandbox.
  ignorePatterns: ["dist", "lab-dist", "test-artifacts", "reports", "bench/results", "docs", "figures"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};
