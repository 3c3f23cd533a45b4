import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

// The lab lives in lab/ but imports the library straight from ../src, so the dev server must
// be allowed to read the whole repository; the build lands in lab-dist/ at the repository root.
export const labConfig = defineConfig({
  root: here,
  base: "./",
  publicDir: false,
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
