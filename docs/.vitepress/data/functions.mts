// The function pages' data, read from the library's registry (its sources), so a
// new function or a changed description reaches the site by itself. Formulas are rendered to
// MathML at build time with KaTeX (no font or stylesheet to load).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as lib from "../../../packages/actlab/src/index.js";

const require = createRequire(fileURLToPath(new URL("../../../packages/cli/package.json", import.meta.url)));
const katex = require("katex") as { renderToString(tex: string, o: object): string };

export type Lang = "en" | "zh";

function tex(s: string): string {
  return katex.renderToString(s, { output: "mathml", displayMode: true, throwOnError: true });
}

export async function functionParams(lang: Lang) {
  const entries = lib.catalog as unknown as Array<Record<string, any>>;
  return entries.map((a) => {
    const group = (lib.groups as Array<{ id: string; title: Record<Lang, string> }>).find((g) => g.id === lib.groupOf(a.id))!;
    return {
      params: {
        id: a.id,
        name: a.name,
        localName: a.names[lang],
        group: group.title[lang],
        summary: a.summary[lang],
        f: tex(a.latex.f),
        df: a.latex.df ? tex(a.latex.df) : "",
        range: a.range?.latex ? tex(a.range.latex) : "",
        parameters: (a.params ?? []).map((p: any) => ({ name: p.name, default: p.default, description: p.description[lang], learnable: p.learnable })),
        strengths: a.strengths[lang],
        weaknesses: a.weaknesses[lang],
        pytorch: a.elsewhere?.pytorch ?? "",
        tfjs: a.elsewhere?.tfjs ?? "",
        note: a.elsewhere?.note?.[lang] ?? "",
        references: a.references ?? [],
      },
    };
  });
}
