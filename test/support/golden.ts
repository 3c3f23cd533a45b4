import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { exact, type Exact } from "./ulp.js";

export interface GoldenSet {
  params: Record<string, number>;
  points: Array<{ x: number; f: Exact; df: Exact }>;
}
export interface GoldenRow {
  x: number[];
  softmax: Exact[];
  logSoftmax: Exact[];
}

const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../golden/${name}`, import.meta.url)), "utf8"));

const rawActivations: Record<string, Array<{ params: Record<string, number>; points: Array<[number, string, string]> }>> = read("activations.json");
export const goldenActivations: Record<string, GoldenSet[]> = Object.fromEntries(
  Object.entries(rawActivations).map(([id, sets]) => [
    id,
    sets.map((s) => ({ params: s.params, points: s.points.map(([x, f, df]) => ({ x, f: exact(f), df: exact(df) })) })),
  ]),
);

const rawSoftmax: Array<{ x: number[]; softmax: string[]; logSoftmax: string[] }> = read("softmax.json");
export const goldenSoftmax: GoldenRow[] = rawSoftmax.map((r) => ({ x: r.x, softmax: r.softmax.map(exact), logSoftmax: r.logSoftmax.map(exact) }));
