import type { Command } from "commander";
import { catalog } from "actlab";
import { describeRange } from "actlab";
import type { Lang } from "actlab";
import { UsageError } from "./errors.js";

export function parseLang(v: string): Lang {
  if (v !== "en" && v !== "zh") throw new UsageError(`invalid language: '${v}' (use en or zh)`);
  return v;
}

export function registerList(program: Command): void {
  program
    .command("list")
    .description("list the functions with their names, formulas and parameters")
    .option("--lang <lang>", "language of the names: en or zh", parseLang, "en")
    .option("--json", "print the metadata as JSON")
    .action((opts: { lang: Lang; json?: boolean }) => {
      if (opts.json) {
        process.stdout.write(JSON.stringify(catalog, (_k, v) => (v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : v), 2) + "\n");
        return;
      }
      const rows = catalog.map((a) => {
        const params = a.params.map((s) => `${s.name}=${s.default} ${describeRange(s)}${s.learnable ? " learnable" : ""}${s.perChannel ? " per-channel" : ""}`);
        const consts = a.constants.map((c) => `${c.name}≈${c.text}`);
        return { id: a.id, name: `${a.name} · ${opts.lang === "zh" ? a.names.zh : a.names.en}`, f: a.latex.f, extra: [...params, ...consts].join("; ") || "—" };
      });
      const w = Math.max(...rows.map((r) => r.id.length));
      for (const r of rows) {
        process.stdout.write(`${r.id.padEnd(w)}  ${r.name}\n${" ".repeat(w)}  f: ${r.f}\n${" ".repeat(w)}  params: ${r.extra}\n`);
      }
    });
}
