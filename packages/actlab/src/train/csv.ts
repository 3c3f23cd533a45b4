/** Two columns of numbers, x and y, one point per index. */
export interface LinearData {
  x: Float64Array;
  y: Float64Array;
}

/**
 * A malformed CSV: the message starts with the line it is about ("line 3: …").
 *
 * @example
 * try {
 *   parseCsv("x,y\n1,2\n3,oops");
 * } catch (e) {
 *   if (e instanceof CsvError) console.log(e.line, e.message);   // 3 "line 3: …"
 * }
 */
export class CsvError extends Error {
  override name = "CsvError";
  /**
   * An error about line `line` (1-based) of the text; the message is "line N: detail".
   */
  constructor(
    /** The 1-based line of the text the error is about. */
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isNumber(t: string): boolean {
  return NUMBER.test(t);
}

function show(t: string): string {
  return t.length > 40 ? `'${t.slice(0, 37)}…'` : `'${t}'`;
}

/**
 * Points from CSV text with two columns x,y. The first non-blank line is a header when
 * neither of its fields is a number; blank lines are skipped. Anything else that is not two
 * finite decimal numbers is an error naming the line and the offending field.
 *
 * @example
 * parseCsv("x,y\n0,1\n2,5\n");   // { x: Float64Array [0, 2], y: Float64Array [1, 5] }
 * parseCsv("1,2\n3,oops");        // throws CsvError: line 2: …
 */
export function parseCsv(text: string): LinearData {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const xs: number[] = [];
  const ys: number[] = [];
  let seenFirst = false;
  let headerLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === "") continue;
    const no = i + 1;
    const fields = raw.split(",").map((f) => f.trim());
    if (fields.length === 1) {
      // Two numbers joined by another separator: say which, instead of calling it a header.
      const sep = [";", "\t", "|"].find((c) => raw.includes(c)) ?? (/\S\s+\S/.test(raw) ? " " : undefined);
      const parts = sep === undefined ? [] : raw.split(sep === " " ? /\s+/ : sep).map((f) => f.trim());
      if (sep !== undefined && (parts.some(isNumber) || seenFirst || parts.length === 2)) {
        const name = sep === "\t" ? "tabs" : sep === " " ? "spaces" : `'${sep}'`;
        throw new CsvError(no, `fields are separated by ${name}, expected a comma (x,y): ${show(raw)}`);
      }
    }
    if (!seenFirst) {
      seenFirst = true;
      if (fields.every((f) => !isNumber(f))) {
        if (fields.length !== 2) throw new CsvError(no, `header has ${fields.length} column(s), expected 2 (x,y)`);
        headerLine = no;
        continue;
      }
    }
    if (fields.length !== 2) {
      throw new CsvError(no, `expected 2 columns x,y, got ${fields.length}${fields.length === 1 ? ` (${show(raw)}; the separator is a comma)` : ""}`);
    }
    const names = ["x", "y"];
    const pair = fields.map((f, j) => {
      if (f === "") throw new CsvError(no, `column ${names[j]} is empty`);
      if (!isNumber(f)) throw new CsvError(no, `column ${names[j]} is not a number: ${show(f)}`);
      const v = Number(f);
      if (!Number.isFinite(v)) throw new CsvError(no, `column ${names[j]} is out of range: ${show(f)}`);
      return v;
    });
    xs.push(pair[0]);
    ys.push(pair[1]);
  }
  if (xs.length === 0) {
    if (headerLine > 0) throw new CsvError(headerLine + 1, "no data rows after the header (expected rows x,y)");
    throw new CsvError(1, "empty file (expected rows x,y, with an optional header)");
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}
