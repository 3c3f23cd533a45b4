import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

// The lab lives in lab/ but imports the library straight from its sources, so the dev server must
// be allowed to read the whole repository; the build lands in lab-dist/ at the repository root.
const lib = (p: string) => fileURLToPath(new URL(`../packages/actlab/src/${p}`, import.meta.url));

export const labConfig = defineConfig({
  root: here,
  resolve: {
    // The lab bundles the library from its sources (no dist/ build needed, one copy of each
    // module), including where the CLI's renderer imports it by package name.
    alias: [
      { find: /^actlab$/, replacement: lib("index.ts") },
      { find: /^actlab\/([a-z]+)$/, replacement: lib("$1/index.ts") },
      { find: /^actlab-cli\/render$/, replacement: fileURLToPath(new URL("../packages/cli/src/render/index.ts", import.meta.url)) },
      // The kernel bytes load when needed (lab/src/kernels.ts), not with the first view. Only
      // runtime.ts imports these two names; lab/src/kernels.ts reaches the real files by path.
      { find: /^\.\/wasm-(module|more)\.js$/, replacement: fileURLToPath(new URL("./src/kernels.ts", import.meta.url)) },
    ],
  },
  base: "./",
  publicDir: false,
  // The Experiments view runs the library in a module worker (its chunks shared with the page's).
  worker: { format: "es" },
  logLevel: "warn",
  server: { host: "127.0.0.1", fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
  build: {
    outDir: fileURLToPath(new URL("../lab-dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // Named chunks make the budget report readable: Plot (with d3) and KaTeX are the heavy parts.
        manualChunks(id: string) {
          if (/node_modules\/(@observablehq\/plot|d3-|d3\/|interval-tree-1d|isoformat|binary-search-bounds|internmap|delaunator|robust-predicates)/.test(id)) return "plot";
          return undefined;
        },
      },
    },
  },
});

// Vite reads the default export of its config file; this is the one default export actlab allows.
export default labConfig;
