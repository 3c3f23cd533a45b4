// Shards: `--shard i/n` runs a deterministic share of the units of a run and writes
// shard-<i>-of-<n>.json; `actlab report --merge DIR…` puts the shards back together.
// A unit is experiment × function × seed × setting: one seed of an experiment splits into the
// units its `units(options)` lists (a function; a function on a task; a learning rate; a cell of a
// grid), each run alone as runSeed(unit options, seed); the merge joins each seed's units back
// (`join`) into the value one runSeed of the whole options gives, then summarises as one machine.
// A seed stays one unit where the experiment lists none: `cost` (it measures time, so its functions
// are timed side by side in one seed) and experiments of an ACTLAB_EXPERIMENTS module without `units`.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import type { Experiment, ExperimentUnit } from "actlab/experiments";
import { UsageError } from "./errors.js";
import type { Job } from "./experiment-pool.js";
import type { Session } from "./experiment-session.js";
import { measuresTime } from "./experiment-session.js";
import { resultJson } from "./experiment-write.js";
import { makeDirs, writeError } from "./files.js";

/** Which share of the units: shard `index` (1-based, as --shard 2/3) of `count`, and where i and n came from. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
  readonly from: string;
}

/**
 * The environment variables --shard auto reads. Kubernetes sets JOB_COMPLETION_INDEX (0-based) in
 * the pods of an Indexed Job but not the number of completions: the Job sets JOB_COMPLETIONS
 * itself (examples/kubernetes-indexed-job.yaml). Slurm sets SLURM_ARRAY_TASK_ID, _MIN and _COUNT.
 */
export const SHARD_ENV = { k8sIndex: "JOB_COMPLETION_INDEX", k8sCount: "JOB_COMPLETIONS", slurmId: "SLURM_ARRAY_TASK_ID", slurmMin: "SLURM_ARRAY_TASK_MIN", slurmCount: "SLURM_ARRAY_TASK_COUNT" } as const;

function whole(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

/** --shard i/n (1 ≤ i ≤ n ≤ 10000) or auto (from a job runner's environment). */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): ShardSpec {
  const t = text.trim();
  if (t === "auto") {
    const E = SHARD_ENV;
    if (env[E.k8sIndex] !== undefined) {
      const i = whole(env[E.k8sIndex]);
      const n = whole(env[E.k8sCount]);
      if (i === undefined) throw new UsageError(`--shard auto: ${E.k8sIndex}='${env[E.k8sIndex]}' is not a whole number`);
      if (n === undefined || n < 1) throw new UsageError(`--shard auto: ${E.k8sIndex} is set but ${E.k8sCount} is ${env[E.k8sCount] === undefined ? "not" : `'${env[E.k8sCount]}', not a count`}: set ${E.k8sCount} to the Job's spec.completions`);
      if (i >= n) throw new UsageError(`--shard auto: ${E.k8sIndex}=${i} but ${E.k8sCount}=${n} (the index counts from 0 to completions − 1)`);
      return { index: i + 1, count: n, from: `${E.k8sIndex}=${i}, ${E.k8sCount}=${n}` };
    }
    if (env[E.slurmId] !== undefined) {
      const id = whole(env[E.slurmId]);
      const min = whole(env[E.slurmMin] ?? "0");
      const n = whole(env[E.slurmCount]);
      if (id === undefined || min === undefined || n === undefined || n < 1) throw new UsageError(`--shard auto: ${E.slurmId}, ${E.slurmMin} and ${E.slurmCount} must be whole numbers (got '${env[E.slurmId]}', '${env[E.slurmMin]}', '${env[E.slurmCount]}')`);
      const i = id - min;
      if (i < 0 || i >= n) throw new UsageError(`--shard auto: ${E.slurmId}=${id} is not one of the ${n} tasks from ${min} (give the array as --array=${min}-${min + n - 1}, without steps)`);
      return { index: i + 1, count: n, from: `${E.slurmId}=${id}, ${E.slurmMin}=${min}, ${E.slurmCount}=${n}` };
    }
    throw new UsageError(`--shard auto: neither ${E.k8sIndex} (Kubernetes Indexed Job) nor ${E.slurmId} (Slurm job array) is set; give --shard i/n`);
  }
  const m = /^(\d+)\/(\d+)$/.exec(t);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || n > 10_000 || i < 1 || i > n) throw new UsageError(`invalid --shard: '${text}' (expected i/n with 1 ≤ i ≤ n, e.g. 2/3, or auto)`);
  return { index: i, count: n, from: "--shard" };
}

/** One unit of a run: the job (its index), the seed and the unit's name (none: the whole seed). */
export interface UnitRef {
  readonly job: number;
  readonly seed: number;
  readonly unit?: string;
}

/**
 * The share of shard i of n: the units in canonical order (jobs in order, each job's seeds in
 * order, each seed's units in order; a job with no unit names has one unit per seed), unit k
 * going to shard (k mod n) + 1.
 */
export function shareOf(jobs: readonly { readonly seeds: readonly number[]; readonly unitNames?: readonly string[] }[], shard: ShardSpec): UnitRef[] {
  const all = jobs.flatMap((j, job) => j.seeds.flatMap((seed): UnitRef[] => (j.unitNames?.length ? j.unitNames.map((unit) => ({ job, seed, unit })) : [{ job, seed }])));
  return all.filter((_, k) => k % shard.count === shard.index - 1);
}

/** The units of a seed of the job, by name (none for an experiment that measures time, or lists none: its seeds are whole). */
function unitsOfJob(j: Job): readonly ExperimentUnit[] {
  return measuresTime(j.exp) ? [] : (j.exp.units?.(j.options) ?? []);
}

/** The file of shard i of n. */
export const shardFile = (s: { index: number; count: number }) => `shard-${s.index}-of-${s.count}.json`;
const SHARD_NAME = /^shard-(\d+)-of-(\d+)\.json$/;
const FORMAT = "actlab-shard/2";
/** Shards of whole seeds (experiment × seed), before a seed split into units. */
const OLD_FORMAT = "actlab-shard/1";

/** What a shard file holds. Everything but `units`, `shard.index` and the measured fields must agree between the shards of one run. */
export interface ShardFile {
  readonly format: string;
  /** "report", or "experiment" for `actlab experiment run`. */
  readonly command: "report" | "experiment";
  /** Version of the library (actlab) that computed the numbers. */
  readonly version: string;
  /** The experiments module: "actlab/experiments", or ACTLAB_EXPERIMENTS's file name. */
  readonly experiments: string;
  readonly quick: boolean;
  readonly shard: { readonly index: number; readonly count: number };
  /** Every job of the whole run: experiment id, resolved options, all its seeds, the names of each seed's units ([]: a seed is one unit). */
  readonly jobs: readonly { readonly id: string; readonly options: Readonly<Record<string, unknown>>; readonly seeds: readonly number[]; readonly unitNames: readonly string[] }[];
  /** The units this shard ran: experiment, seed, unit name (absent: the whole seed), raw value and seconds. */
  readonly units: readonly { readonly id: string; readonly seed: number; readonly unit?: string; readonly value: unknown; readonly seconds: number }[];
  readonly machine: string;
  readonly node: string;
  readonly date: string;
  readonly seconds: number;
}

export function machineName(): string {
  return `${cpus()[0]?.model?.trim() || "unknown CPU"}, ${availableParallelism()} cores`;
}

/**
 * Runs the share of `shard` of the jobs (timing experiments alone, after the others, as a full run
 * does) and writes shard-i-of-n.json into `outDir` (created if missing; other shards' files beside
 * it are left alone, so every shard may write into one shared folder).
 */
export async function runShard(o: { command: "report" | "experiment"; jobs: readonly Job[]; shard: ShardSpec; session: Session; moduleUrl: string; experiments: string; version: string; quick: boolean; outDir: string; t0: number }): Promise<{ path: string; units: number; total: number }> {
  const split = o.jobs.map(unitsOfJob);
  const jobs = o.jobs.map((j, i) => ({ ...j, unitNames: split[i].map((u) => u.name) }));
  const mine = shareOf(jobs, o.shard);
  // Each unit a pool job of its own: the unit's options (the whole options for a whole seed), one seed.
  const poolJobs: Job[] = mine.map((u) => ({ exp: o.jobs[u.job].exp, options: u.unit === undefined ? o.jobs[u.job].options : (split[u.job].find((x) => x.name === u.unit) as ExperimentUnit).options, seeds: [u.seed] }));
  const timed = poolJobs.map((j) => measuresTime(j.exp));
  const first = await o.session.runRaw(poolJobs.filter((_, i) => !timed[i]), o.moduleUrl, o.quick);
  const second = timed.some(Boolean) ? await o.session.runRaw(poolJobs.filter((_, i) => timed[i]), o.moduleUrl, o.quick, 1) : [];
  const raws = timed.map((t) => (t ? second.shift() : first.shift()) as NonNullable<(typeof first)[number]>);
  o.session.check();
  const units = mine.map((u, i) => ({ id: o.jobs[u.job].exp.id, seed: u.seed, ...(u.unit === undefined ? {} : { unit: u.unit }), value: raws[i].values[0], seconds: raws[i].seconds[0] }));
  const file: ShardFile = {
    format: FORMAT,
    command: o.command,
    version: o.version,
    experiments: o.experiments,
    quick: o.quick,
    shard: { index: o.shard.index, count: o.shard.count },
    jobs: jobs.map((j) => ({ id: j.exp.id, options: j.options, seeds: j.seeds, unitNames: j.unitNames })),
    units,
    machine: machineName(),
    node: process.versions.node,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    seconds: (performance.now() - o.t0) / 1000,
  };
  const path = join(o.outDir, shardFile(o.shard));
  // A temporary name of this shard's own: shards of one run may share the folder (and the pid 1 of their containers).
  const tmp = `${path}.partial`;
  try {
    makeDirs(o.outDir);
    writeFileSync(tmp, resultJson(file, 1));
    renameSync(tmp, path);
  } catch (e) {
    throw writeError(path, e);
  }
  return { path, units: units.length, total: jobs.reduce((s, j) => s + j.seeds.length * Math.max(1, j.unitNames.length), 0) };
}

function parseJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v));
}

/** The shard files named by the arguments: a folder gives every shard-i-of-n.json in it, a file itself. */
export function findShardFiles(args: readonly string[]): string[] {
  if (args.length === 0) throw new UsageError("--merge needs the folders (or files) of the shards, e.g. --merge shards/");
  const files: string[] = [];
  for (const a of args) {
    let st;
    try {
      st = statSync(a);
    } catch {
      throw new UsageError(`--merge ${a}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const found = readdirSync(a).filter((n) => SHARD_NAME.test(n)).sort((x, y) => Number(SHARD_NAME.exec(x)?.[1]) - Number(SHARD_NAME.exec(y)?.[1]));
      if (!found.length) throw new UsageError(`--merge ${a}: no shard-<i>-of-<n>.json in this folder (write them with --shard i/n --out ${a})`);
      files.push(...found.map((n) => join(a, n)));
    } else files.push(a);
  }
  return files;
}

function readShard(path: string): ShardFile {
  let data: unknown;
  try {
    data = parseJson(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageError(`--merge: ${path} is not a shard file (${(e as Error).message.split("\n")[0]})`);
  }
  const d = data as Partial<ShardFile>;
  if (typeof d === "object" && d !== null && d.format === OLD_FORMAT) {
    throw new UsageError(`--merge: ${path} is a shard of an older actlab (format ${OLD_FORMAT}: units of whole seeds, experiment × seed); this actlab deals units of experiment × function × seed × setting (format ${FORMAT}): run every shard again with this actlab`);
  }
  if (typeof d !== "object" || d === null || d.format !== FORMAT || !Array.isArray(d.jobs) || !Array.isArray(d.units) || typeof d.shard !== "object") {
    throw new UsageError(`--merge: ${path} is not a shard file of this actlab (expected format ${FORMAT}, written by --shard i/n)`);
  }
  return d as ShardFile;
}

const canon = (v: unknown) => JSON.stringify(v);

/** The first difference between two shards' settings, in words, or undefined when they belong together. */
function difference(a: ShardFile, b: ShardFile): string | undefined {
  if (a.command !== b.command) return `one comes from actlab ${a.command}, the other from actlab ${b.command}`;
  if (a.version !== b.version) return `actlab versions differ: ${a.version} and ${b.version}`;
  if (a.experiments !== b.experiments) return `experiment modules differ: ${a.experiments} and ${b.experiments}`;
  if (a.quick !== b.quick) return `one was run with --quick, the other without`;
  if (a.shard.count !== b.shard.count) return `they split the run into ${a.shard.count} and ${b.shard.count} shards`;
  const ids = (f: ShardFile) => f.jobs.map((j) => j.id).join(", ");
  if (ids(a) !== ids(b)) return `experiments differ: ${ids(a)} and ${ids(b)}`;
  for (let i = 0; i < a.jobs.length; i++) {
    const [x, y] = [a.jobs[i], b.jobs[i]];
    if (canon(x.seeds) !== canon(y.seeds)) return `seeds of ${x.id} differ: ${x.seeds.join(",")} and ${y.seeds.join(",")}`;
    if (canon(x.unitNames) !== canon(y.unitNames)) return `units of ${x.id} differ: ${x.unitNames.join(",") || "whole seeds"} and ${y.unitNames.join(",") || "whole seeds"}`;
    const keys = [...new Set([...Object.keys(x.options), ...Object.keys(y.options)])];
    const k = keys.find((key) => canon(x.options[key]) !== canon(y.options[key]));
    if (k !== undefined) return `option ${k} of ${x.id} differs: ${canon(x.options[k])} and ${canon(y.options[k])}`;
  }
  return undefined;
}

/** Shards read back and checked: the whole run's jobs with, for each seed in seed order, the values of its units in unit order (one value: a whole seed). */
export interface Merged {
  readonly first: ShardFile;
  readonly files: readonly string[];
  readonly jobs: readonly { readonly id: string; readonly options: Readonly<Record<string, unknown>>; readonly seeds: readonly number[]; readonly unitNames: readonly string[]; readonly parts: unknown[][]; readonly seconds: number }[];
  readonly machines: string;
  readonly nodes: string;
  readonly seconds: number;
}

/**
 * Reads shard files and checks that they belong to one run (same command, version, experiments,
 * options, seeds and shard count: otherwise a usage error names the difference and the two files)
 * and that every shard is there (otherwise it names the missing ones).
 */
export function mergeShards(paths: readonly string[]): Merged {
  const shards = paths.map(readShard);
  const first = shards[0];
  const byIndex = new Map<number, number>();
  shards.forEach((s, i) => {
    const diff = difference(first, s);
    if (diff) throw new UsageError(`--merge: ${paths[i]} does not belong with ${paths[0]}: ${diff}`);
    const had = byIndex.get(s.shard.index);
    if (had !== undefined) {
      if (canon(shards[had].units.map((u) => [u.id, u.seed, u.unit, u.value])) !== canon(s.units.map((u) => [u.id, u.seed, u.unit, u.value]))) throw new UsageError(`--merge: shard ${s.shard.index} is given twice with different numbers: ${paths[had]} and ${paths[i]}`);
      return;
    }
    byIndex.set(s.shard.index, i);
  });
  const n = first.shard.count;
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) throw new UsageError(`--merge: missing ${missing.length === 1 ? "shard" : "shards"} ${missing.join(", ")} of ${n} (${missing.map((i) => shardFile({ index: i, count: n })).join(", ")}); found ${[...byIndex.keys()].sort((a, b) => a - b).join(", ")}`);
  const values = new Map<string, { value: unknown; seconds: number }>();
  const key = (id: string, seed: number, unit: string | undefined) => `${id}\u0000${seed}\u0000${unit ?? ""}`;
  for (const i of byIndex.values()) for (const u of shards[i].units) values.set(key(u.id, u.seed, u.unit), u);
  const jobs = first.jobs.map((j) => {
    let seconds = 0;
    const parts = j.seeds.map((seed) =>
      (j.unitNames.length ? j.unitNames : [undefined]).map((unit) => {
        const u = values.get(key(j.id, seed, unit));
        if (!u) throw new UsageError(`--merge: no shard holds seed ${seed} of ${j.id}${unit === undefined ? "" : `, unit ${unit}`} (the shards were not made by one --shard run)`);
        seconds += u.seconds;
        return u.value;
      }),
    );
    return { ...j, parts, seconds };
  });
  const used = [...byIndex.values()].map((i) => shards[i]);
  const distinct = (f: (s: ShardFile) => string) => [...new Set(used.map(f))].join("; ");
  return { first, files: [...byIndex.values()].map((i) => paths[i]), jobs, machines: distinct((s) => s.machine), nodes: distinct((s) => s.node), seconds: used.reduce((s, x) => s + x.seconds, 0) };
}

/**
 * Joins the units of each seed back into the seed's value (the experiment's `join`) and summarises
 * every merged job with its experiment, as a run on one machine would.
 */
export function summariseMerged(m: Merged, experiments: readonly Experiment[]) {
  return m.jobs.map((j) => {
    const exp = experiments.find((e) => e.id === j.id);
    if (!exp) throw new UsageError(`--merge: experiment '${j.id}' is not one this build knows (known: ${experiments.map((e) => e.id).join(", ")})`);
    const names = unitsOfJob({ exp, options: j.options, seeds: j.seeds }).map((u) => u.name);
    if (canon(names) !== canon(j.unitNames)) throw new UsageError(`--merge: the shards split each seed of ${j.id} into units ${j.unitNames.join(", ") || "(whole seeds)"}, this build into ${names.join(", ") || "(whole seeds)"}`);
    const values = j.parts.map((p) => (names.length ? (exp.join as NonNullable<Experiment["join"]>)(j.options, p) : p[0]));
    return { exp, result: exp.summarise(j.options, j.seeds, values, j.seconds) };
  });
}
