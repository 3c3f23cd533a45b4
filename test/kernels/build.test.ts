import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("packages/actlab/scripts/build-wasm.mjs", () => {
  it("build-wasm --check finds the committed src/kernels/wasm-module.ts identical to a fresh compile", () => {
    // Deterministic build: compiling assembly/ again must give the bytes that are committed.
    const out = execFileSync(process.execPath, ["packages/actlab/scripts/build-wasm.mjs", "--check"], { encoding: "utf8" });
    expect(out).toMatch(/up to date/);
  });
});
