// Reading the code examples out of the guide's Markdown pages (test/site).

/** The fenced code blocks of a page, with their language and the line where each starts. */
export function codeBlocks(markdown: string): { lang: string; code: string; line: number }[] {
  const out: { lang: string; code: string; line: number }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(indent));
    out.push({ lang: open[2], code: body.join("\n"), line: i + 1 });
    i = j;
  }
  return out;
}

/** How a value is written after `// →` on the pages: typed arrays as `Float32Array [a, b]`, strings quoted. */
const SHOW = `function __show(v) {
  if (ArrayBuffer.isView(v)) return v.constructor.name + " [" + Array.from(v).join(", ") + "]";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return String(v);
  return JSON.stringify(v);
}`;

/** Turns a block into a module that records what each `// →` and `// throws` line gives. */
export function instrument(code: string): { module: string; expected: { line: number; kind: "value" | "throws"; text: string }[] } {
  const expected: { line: number; kind: "value" | "throws"; text: string }[] = [];
  const body = code.split("\n").map((src, i) => {
    const arrow = /^(\s*)(.+?);\s*\/\/ → (.+)$/.exec(src);
    if (arrow) {
      expected.push({ line: i + 1, kind: "value", text: arrow[3].split(/\s{2,}/)[0].trim() });
      return `${arrow[1]}__got.push([${i + 1}, __show((${arrow[2]}))]);`;
    }
    const throws = /^(\s*)(.+?);\s*\/\/ throws (.+)$/.exec(src);
    if (throws) {
      expected.push({ line: i + 1, kind: "throws", text: throws[3].trim() });
      return `${throws[1]}try { ${throws[2]}; __got.push([${i + 1}, "no error"]); } catch (e) { __got.push([${i + 1}, String(e)]); }`;
    }
    return src;
  });
  const imports = body.filter((l) => /^import /.test(l));
  const rest = body.filter((l) => !/^import /.test(l));
  return { module: `${imports.join("\n")}\n${SHOW}\nconst __got = [];\n${rest.join("\n")}\nconsole.log(JSON.stringify(__got));\n`, expected };
}

/** `$ npx actlab …` lines of a block, each with the output lines printed under it. */
export function cliSessions(code: string): { args: string[]; output: string[]; exit: number }[] {
  const out: { args: string[]; output: string[]; exit: number }[] = [];
  for (const line of code.split("\n")) {
    if (line.startsWith("$ ")) {
      const command = line.slice(2).replace(/\s+#\s.*$/, "").trim().split(/\s+/);
      if (command[0] !== "npx" || command[1] !== "actlab") throw new Error(`not an npx actlab line: ${line}`);
      out.push({ args: command.slice(2), output: [], exit: 0 });
    } else if (out.length > 0) {
      const exit = /\s+# exit code (\d+)$/.exec(line);
      if (exit) out.at(-1)!.exit = Number(exit[1]);
      out.at(-1)!.output.push(line.replace(/\s+# exit code \d+$/, "").trimEnd());
    }
  }
  return out;
}

