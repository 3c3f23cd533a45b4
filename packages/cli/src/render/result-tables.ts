// The numbers of one experiment as readable tables, shared by the report (md and html), the
// terminal and the lab: rows are functions (or the result's own `rows`), columns the quantities
// with their labels and units, cells the median with its 95 % interval and the seeds that
// diverged. Internal keys ("sigmoid.gradRatio") are never shown.
import { catalog } from "actlab";
import type { Lang } from "actlab";
import type { ExperimentResult, Summary } from "actlab/experiments";

/**
 * A number from a result: a number as it is; "NaN", "Infinity" and "-Infinity" (how results.json
 * spells them) and null (plain JSON's NaN) as the number they stand for.
 *
 * @example
 * num("NaN");   // NaN
 * num(null);    // NaN
 * num(0.5);     // 0.5
 */
export function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return NaN;
}

/**
 * A number for a table cell: 3 significant digits, exponent form outside [1e-3, 1e5), true minus
 * signs; "—" for a missing number.
 *
 * @example
 * statNumber(0.96123);    // "0.961"
 * statNumber(-2.5e-7);    // "−2.50e−7"
 * statNumber(NaN);        // "—"
 */
export function statNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "—" : v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const s = a < 1e-3 || a >= 1e5 ? v.toExponential(2).replace("e+", "e") : String(Number(v.toPrecision(3)));
  return s.replace(/-/g, "−");
}

/**
 * The seeds of a summary that diverged, as "✕k/n" ("" when every seed finished, or when the summary does not count them).
 *
 * @example
 * divergedMark({ n: 7, diverged: 3 });   // "✕3/10"
 * divergedMark({ n: 10, diverged: 0 });  // ""
 */
export function divergedMark(s: Partial<Summary> | undefined): string {
  const d = num(s?.diverged);
  const n = num(s?.n);
  if (!(d > 0) || !Number.isFinite(n)) return "";
  return `✕${d}/${n + d}`;
}

/**
 * A summary as a cell: "0.961 [0.812, 1.12]", the seeds that diverged after it ("✕3/10"), and
 * "—" for the median when no seed finished. A bare number (results of an older contract) is shown alone.
 *
 * @example
 * statCell({ median: 0.96, ci: [0.81, 1.12], min: 0.8, max: 1.2, n: 10, diverged: 0 });   // "0.96 [0.81, 1.12]"
 * statCell({ median: NaN, ci: [NaN, NaN], min: NaN, max: NaN, n: 0, diverged: 10 });       // "— ✕10/10"
 */
export function statCell(s: Partial<Summary> | number | undefined): string {
  if (s === undefined || s === null) return "";
  if (typeof s === "number") return statNumber(s);
  const m = num(s.median);
  const lo = num(s.ci?.[0]);
  const hi = num(s.ci?.[1]);
  const body = !Number.isFinite(m) ? "—" : Number.isFinite(lo) && Number.isFinite(hi) ? `${statNumber(m)} [${statNumber(lo)}, ${statNumber(hi)}]` : statNumber(m);
  const mark = divergedMark(s);
  return mark ? `${body} ${mark}` : body;
}

/**
 * A row key's label: the result's own `rows` label, else the function's name, else the key.
 *
 * @example
 * rowLabel({ rows: { "relu@1": { en: "ReLU, lr 1", zh: "ReLU，学习率 1" } } }, "relu@1", "en");   // "ReLU, lr 1"
 * rowLabel({}, "leaky-relu", "en");   // "Leaky ReLU"
 */
export function rowLabel(r: Pick<ExperimentResult, "rows">, key: string, lang: Lang): string {
  return r.rows?.[key]?.[lang] ?? catalog.find((a) => a.id === key)?.name ?? key;
}

/** A column of a quantity table. */
export interface QuantityColumn {
  /** The quantity's key (the part of the summary key after the last "."). */
  readonly key: string;
  /** Its label in the table's language (the key itself when the result gives none). */
  readonly label: string;
  readonly unit?: string;
  /** Label and unit as a heading: "dead share (%)", "死单元比例（%）". */
  readonly heading: string;
}

/** A cell of a quantity table: its text (median [interval], ✕k/n) and the seeds behind it. */
export interface QuantityCell {
  readonly summary: Summary;
  /** statCell of the summary. */
  readonly text: string;
  /** Seeds that diverged (0 when all finished). */
  readonly diverged: number;
}

/** A row of a quantity table: a function (or a labelled setting) and one cell per column. */
export interface QuantityRow {
  readonly key: string;
  readonly label: string;
  /** One per column; undefined where the row has no such quantity. */
  readonly cells: ReadonlyArray<QuantityCell | undefined>;
}

/** The numbers of a result as a table: rows, labelled columns with units, and cells. */
export interface QuantityTable {
  readonly columns: readonly QuantityColumn[];
  readonly rows: readonly QuantityRow[];
  /** Heading of the row labels: "function" (函数) when every row is a function id, else "". */
  readonly rowHeading: string;
}

/** Splits "row.quantity" at the last ".". */
export function splitKey(key: string): { row: string; quantity: string } {
  const i = key.lastIndexOf(".");
  return i < 0 ? { row: "", quantity: key } : { row: key.slice(0, i), quantity: key.slice(i + 1) };
}

/**
 * The summaries of a result as tables: rows that measure the same quantities share a table (a
 * result with per-function and per-layer numbers gives two), rows and columns in the order the
 * result first names them.
 *
 * @example
 * const r = {
 *   summary: { "relu.deadShare": { median: 0.3, ci: [0.2, 0.4], min: 0.1, max: 0.5, n: 8, diverged: 2 } },
 *   quantities: { deadShare: { label: { en: "dead share", zh: "死单元比例" }, unit: { en: "%", zh: "%" } } },
 * };
 * const [t] = quantityTables(r, "en");
 * t.columns[0].heading;         // "dead share (%)"
 * t.rows[0].label;              // "ReLU"
 * t.rows[0].cells[0]?.text;     // "0.3 [0.2, 0.4] ✕2/10"
 */
export function quantityTables(r: Pick<ExperimentResult, "summary" | "rows"> & { readonly quantities?: ExperimentResult["quantities"] }, lang: Lang): QuantityTable[] {
  const rowOrder: string[] = [];
  const byRow = new Map<string, Map<string, Summary>>();
  for (const [key, s] of Object.entries(r.summary ?? {})) {
    const { row, quantity } = splitKey(key);
    if (!byRow.has(row)) {
      byRow.set(row, new Map());
      rowOrder.push(row);
    }
    byRow.get(row)?.set(quantity, s);
  }
  const groups = new Map<string, { quantities: string[]; rows: string[] }>();
  for (const row of rowOrder) {
    const qs = [...(byRow.get(row)?.keys() ?? [])];
    const sig = [...qs].sort().join("\u0000");
    const g = groups.get(sig);
    if (g) g.rows.push(row);
    else groups.set(sig, { quantities: qs, rows: [row] });
  }
  // A row that measures only some of a bigger table's quantities joins that table (its other cells
  // stay empty), so ReLU, say, sits beside the functions compared with it.
  const merged = [...groups.values()].sort((a, b) => b.quantities.length - a.quantities.length);
  const kept: { quantities: string[]; rows: string[] }[] = [];
  for (const g of merged) {
    const host = kept.find((k) => g.quantities.every((q) => k.quantities.includes(q)));
    if (host) host.rows.push(...g.rows);
    else kept.push({ quantities: [...g.quantities], rows: [...g.rows] });
  }
  const first = (g: { rows: string[] }) => Math.min(...g.rows.map((row) => rowOrder.indexOf(row)));
  for (const g of kept) g.rows.sort((a, b) => rowOrder.indexOf(a) - rowOrder.indexOf(b));
  kept.sort((a, b) => first(a) - first(b));
  const open = lang === "zh" ? "（" : " (";
  const close = lang === "zh" ? "）" : ")";
  return kept.map((g) => {
    const columns = g.quantities.map((q): QuantityColumn => {
      const info = r.quantities?.[q];
      const label = info?.label?.[lang] ?? q;
      const unit = info?.unit?.[lang];
      // A label that already ends in brackets takes its unit inside them: "比值（按种子配对；倍）".
      const heading = !unit ? label : /[)）]$/.test(label) ? `${label.slice(0, -1)}${lang === "zh" ? "；" : "; "}${unit}${label.slice(-1)}` : `${label}${open}${unit}${close}`;
      return { key: q, label, ...(unit ? { unit } : {}), heading };
    });
    const rows = g.rows.map(
      (row): QuantityRow => ({
        key: row,
        label: row === "" ? "" : rowLabel(r, row, lang),
        cells: columns.map((c) => {
          const s = byRow.get(row)?.get(c.key);
          return s === undefined ? undefined : { summary: s, text: statCell(s), diverged: Math.max(0, num(s.diverged) || 0) };
        }),
      }),
    );
    const functions = g.rows.every((row) => catalog.some((a) => a.id === row));
    return { columns, rows, rowHeading: functions ? (lang === "zh" ? "函数" : "function") : "" };
  });
}

/**
 * What the numbers of a quantity table mean (shown under it in the report and the lab).
 *
 * @example
 * QUANTITY_NOTE.en;   // what "median [interval] ✕k/n" means
 */
export const QUANTITY_NOTE = {
  en: "Each cell: the median over the seeds that finished, [its 95 % bootstrap interval]; ✕k/n: k of n seeds diverged or gave no finite value, such as a ratio 0/0 (left out of the median, and a verdict needs ≥ 80 % of the seeds); —: no seed finished; an empty cell: not measured for that row.",
  zh: "每格：完成训练的种子的中位数，[95 % 自助法区间]；✕k/n：n 个种子中 k 个发散或没有得到有限值（例如 0/0 的比值），不计入中位数，判定至少需要 80 % 的种子完成；—：没有种子完成；空格：该行未测此量。",
} as const;

/** Text width in terminal columns (CJK and full-width characters take two). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const pad = (text: string, width: number, right = false): string => {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

/**
 * A quantity table as aligned plain text (the terminal).
 *
 * @example
 * for (const t of quantityTables(result, "en")) console.log(quantityTableText(t).join("\n"));
 */
export function quantityTableText(t: QuantityTable): string[] {
  const head = [t.rowHeading, ...t.columns.map((c) => c.heading)];
  const body = t.rows.map((r) => [r.label, ...r.cells.map((c) => c?.text ?? "")]);
  const widths = head.map((h, j) => Math.max(displayWidth(h), ...body.map((b) => displayWidth(b[j]))));
  const line = (cells: string[]) => cells.map((c, j) => pad(c, widths[j], j > 0)).join("   ").trimEnd();
  return [line(head), ...body.map(line)];
}
