// Shared by the shard tests: run the built CLI, and compare results.json files with the measured times masked.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const bin = fileURLToPath(new URL("../../packages/cli/bin/actlab.js", import.meta.url));
export const fixture = fileURLToPath(new URL("./fixtures/fake-experiments.mjs", import.meta.url));

export function actlab(args: readonly string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: o.cwd ?? root, encoding: "utf8", env: o.env ?? process.env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface File {
  generated: Record<string, unknown>;
  timed: string[];
  results: Array<{ id: string; seconds: number; config: unknown; seeds: number[] } & Record<string, unknown>>;
}

/** results.json with the measured times blanked (generated.date and .seconds, each result's seconds, the timed experiments' numbers). */
export function maskTimes(text: string): string {
  const f = JSON.parse(text) as File;
  const masked: File = {
    ...f,
    generated: { ...f.generated, date: "<date>", seconds: 0 },
    results: f.results.map((r) => (f.timed.includes(r.id) ? { id: r.id, config: r.config, seeds: r.seeds, seconds: 0 } : { ...r, seconds: 0 })),
  };
  return JSON.stringify(masked, null, 2) + "\n";
}
