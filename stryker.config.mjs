// Mutation testing (StrykerJS with its vitest runner): `npm run mutate` (every folder below, one
// after another is slow: hours on 2 cores) or one folder at a time:
//   MUTATE=nn npm run mutate            a folder by name (see FOLDERS)
//   npm run mutate -- --mutate 'src/nn/**/*.ts'   any glob
// Reports: reports/mutation/<folder>.html. Not part of `npm test`.
//
// The mutated files by folder, and the tests that run against them (in-process unit tests:
// Stryker switches mutants inside the test worker, so the CLI tests that spawn bin/actlab.js,
// which runs the built dist/, and the browser tests, which run the built lab, cannot see them).
// Paths follow the workspace layout (packages/actlab/src, packages/cli/src, lab/, scripts/).
export const FOLDERS = {
  nn: {
    mutate: ["packages/actlab/src/nn/**/*.ts"],
    tests: ["test/nn/gradcheck.test.ts", "test/nn/edges.test.ts", "test/nn/optim.test.ts", "test/nn/validation.test.ts", "test/nn/float32.test.ts", "test/nn/rrelu.test.ts", "test/nn/training.test.ts", "test/nn/arena.test.ts",
      "test/nn/checks.test.ts", "test/nn/batch-memory.test.ts", "test/kernels/tails.test.ts"],
  },
  train: {
    mutate: ["packages/actlab/src/train/**/*.ts"],
    tests: [
      "test/train/csv.test.ts", "test/train/rng.test.ts", "test/train/linear.test.ts", "test/train/edges.test.ts",
      "test/train/history.test.ts", "test/train/network.test.ts", "test/train/live.test.ts", "test/train/diagnostics.test.ts",
      "test/train/network-hand.test.ts", "test/train/plane-data.test.ts", "test/train/runs.test.ts",
      "test/train/linear-article.test.ts",
      "test/nn/edges.test.ts", "test/nn/training.test.ts", "test/nn/gradcheck.test.ts",
    ],
  },
  experiments: {
    mutate: ["packages/actlab/src/experiments/**/*.ts"],
    // digits-data.test.ts tests src/data (and regenerates a file Stryker's sandbox marks with @ts-nocheck);
    // quick.test.ts (the research note's bands, seconds per run) is left to `npm test`: tiny.test.ts
    // runs every experiment on settings small enough to rerun for each of the ~3,000 mutants.
    tests: [
      "test/experiments/contract.test.ts", "test/experiments/verdicts.test.ts", "test/experiments/common.test.ts", "test/experiments/tiny.test.ts", "test/experiments/because.test.ts",
      "test/experiments/gradient-flow.test.ts", "test/experiments/saturation.test.ts", "test/experiments/dead-units.test.ts", "test/experiments/born-dead.test.ts",
      "test/experiments/convergence.test.ts", "test/experiments/init-depth.test.ts", "test/experiments/cost.test.ts", "test/experiments/digits.test.ts", "test/experiments/determinism.test.ts",
      "test/experiments/thresholds.test.ts", "test/experiments/seeds.test.ts",
    ],
  },
  plot: {
    mutate: ["packages/actlab/src/plot/spec.ts", "packages/actlab/src/plot/table.ts", "packages/actlab/src/plot/text.ts"],
    tests: ["test/plot/spec.test.ts", "test/plot/spec-edges.test.ts", "test/plot/render.test.ts"],
  },
  cli: {
    mutate: ["packages/cli/src/parse.ts", "packages/cli/src/files.ts", "packages/cli/src/errors.ts", "packages/cli/src/escape.ts"],
    tests: ["test/cli/files.test.ts", "test/cli/parse.test.ts", "test/cli/escape.test.ts", "test/cli/errors.test.ts"],
  },
  // The training commands' terminal plumbing: option values, redraw, stop signals, exit codes.
  "cli-term": {
    mutate: ["packages/cli/src/train-term.ts"],
    tests: ["test/cli/train-term.test.ts"],
  },
  // The report writers (report.md, report.html, results.json, --from) with tests that read the
  // written files as a user would, and the report's own runs (order of timed experiments,
  // --quick, languages, shards merged) on real worker threads (report-run.test.ts).
  "cli-report": {
    mutate: ["packages/cli/src/report.ts", "packages/cli/src/experiment-write.ts"],
    tests: ["test/experiments-cli/report-files.test.ts", "test/experiments-cli/report-outline.test.ts", "test/experiments-cli/report-run.test.ts", "test/experiments-cli/stage-figures.test.ts"],
  },
  // What an ACTLAB_EXPERIMENTS module must hand over, how it is loaded, the experiment flags.
  "cli-experiments": {
    mutate: ["packages/cli/src/experiment-check.ts", "packages/cli/src/experiment-load.ts", "packages/cli/src/experiment-options.ts"],
    tests: ["test/experiments-cli/plumbing.test.ts", "test/experiments-cli/options.test.ts"],
  },
  // The experiment commands' session (stop signals, staged output) and their terminal text (the
  // pool and the worker: folder cli-pool).
  "cli-session": {
    mutate: ["packages/cli/src/experiment-session.ts", "packages/cli/src/experiment-run.ts"],
    tests: ["test/experiments-cli/session.test.ts", "test/experiments-cli/run.test.ts"],
  },
  // The seed pool (progress, order of results, a failed seed, a stop) on real worker threads
  // that run the worker's TypeScript source (test/experiments-cli/fixtures/worker-from-source.mjs);
  // the worker's own mutants are seen by the tests that call runSeedTask in process.
  "cli-pool": {
    mutate: ["packages/cli/src/experiment-pool.ts", "packages/cli/src/experiment-worker.ts"],
    tests: ["test/experiments-cli/pool.test.ts"],
  },
  // Each of its tests renders every figure of the article (seconds per mutant): run it on its own.
  "cli-figures": {
    mutate: ["packages/cli/src/figures-write.ts"],
    tests: ["test/cli/figures-write.test.ts"],
  },
  // The formula language: parser, checks, derivative, the array evaluator (arrays.ts alone is ~640 mutants).
  formula: {
    mutate: ["packages/actlab/src/formula/**/*.ts"],
    tests: ["test/formula/formula.test.ts", "test/formula/arrays.test.ts"],
  },
  lab: {
    // The URL state parsers: the shell's and the Network view's part of the hash.
    mutate: ["lab/src/state.ts", "lab/src/views/network/state.ts"],
    tests: ["test/lab/state.test.ts", "test/lab/state-edges.test.ts", "test/lab/state-more.test.ts", "test/lab/network-state.test.ts", "test/lab/experiments-state.test.ts", "test/lab/formula-state.test.ts", "test/lab/formula-lazy.test.ts"],
  },
  // The pure logic of the lab's Network and Experiments views (colour scales, the points drawn as
  // training or test, chart scales, the epoch through export and import, the run cache key, the
  // worker's messages), moved out of the DOM code so in-process tests reach it.
  "lab-views": {
    mutate: ["lab/src/views/network/logic.ts", "lab/src/views/network/model-file.ts", "lab/src/views/experiments/logic.ts", "lab/src/views/experiments/claims.ts"],
    tests: ["test/lab/network-logic.test.ts", "test/lab/network-model-file.test.ts", "test/lab/experiments-logic.test.ts", "test/lab/experiments-state.test.ts", "test/lab/formula-worker.test.ts"],
  },
  // Each test starts its own server (test/lab/serve-helpers.ts), so per-test coverage credits it.
  server: {
    mutate: ["scripts/lab-server.mjs"],
    tests: ["test/lab/serve.test.ts", "test/lab/serve-edges.test.ts", "test/lab/serve-hardening.test.ts", "test/lab/serve-vanish.test.ts"],
  },
};

const folder = process.env.MUTATE;
if (folder && !(folder in FOLDERS)) {
  throw new Error(`MUTATE=${folder}: unknown folder (use one of ${Object.keys(FOLDERS).join(", ")})`);
}
const chosen = folder ? [FOLDERS[folder]] : Object.values(FOLDERS);
// vitest.mutate.config.ts reads the test list from here (Stryker's workers inherit the environment).
process.env.ACTLAB_MUTATE_TESTS = JSON.stringify(chosen.flatMap((f) => f.tests));

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: {
    configFile: "vitest.mutate.config.ts",
    // Only the test files that import a mutated file run for it (vitest --related).
    related: true,
  },
  mutate: chosen.flatMap((f) => f.mutate),
  // Per-test coverage: each mutant runs only the tests that reach it.
  coverageAnalysis: (folder && FOLDERS[folder].coverageAnalysis) || "perTest",
  // The machine has 2 shared cores.
  concurrency: 2,
  // A mutant that loops forever is cut off after the tests' usual time ×1.5 + 5 s.
  timeoutMS: 5_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${folder ?? "all"}.html` },
  jsonReporter: { fileName: `reports/mutation/${folder ?? "all"}.json` },
  // Only what the tests need in the sandbox.
  // (and other runs' sandboxes: --tempDirName .stryker-tmp-<name> lets two folders run at once)
  ignorePatterns: ["dist", "lab-dist", "test-artifacts", "reports", "bench/results", "docs", "figures", ".stryker-tmp*"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};
