/** The benches' command lines: Node's own parser, one-line errors naming the known options. */
import { parseArgs } from "node:util";

type Spec = Readonly<Record<string, { readonly type: "string" | "boolean"; readonly hint?: string }>>;

function fail(bench: string, message: string): never {
  console.error(`${bench}: ${message}`);
  process.exit(2);
}

/** The options given on the command line (strings and booleans), or exit 2 with one line. */
export function benchArgs(bench: string, spec: Spec): Record<string, string | boolean | undefined> {
  const known = Object.entries(spec)
    .map(([k, v]) => `--${k}${v.hint ? ` ${v.hint}` : ""}`)
    .join(", ");
  try {
    const options = Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, { type: v.type }]));
    return parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    return fail(bench, `${(e as Error).message.split("\n")[0]} (known: ${known})`);
  }
}

/** A whole number ≥ 1 (or `def` when the option is absent), else exit 2 naming the option. */
export function positiveInt(bench: string, name: string, raw: string | boolean | undefined, def: number): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isInteger(v) || v < 1) fail(bench, `invalid --${name} ${String(raw)} (must be a positive integer)`);
  return v;
}

/** A finite number > 0 (or `def`), else exit 2 naming the option. */
export function positiveNumber(bench: string, name: string, raw: string | boolean | undefined, def: number): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(v) || v <= 0) fail(bench, `invalid --${name} ${String(raw)} (must be a number > 0)`);
  return v;
}
