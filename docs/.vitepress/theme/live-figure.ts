// The live figure of a function page: the lab's own drawing code (lab/src/figures.ts, which renders
// the library's figure specs with the CLI's renderer), so the site and the lab cannot disagree.
// This module, with the library, Observable Plot and d3, is loaded only when a figure is shown.
import { getActivation, type Params } from "actlab";
import { functionFigure } from "actlab/plot";
import { renderSpec, type Rendered } from "../../../lab/src/figures.js";

export interface SliderSpec {
  name: string;
  symbol: string;
  min: number;
  max: number;
  value: number;
}

/** The parameters a reader can move, with the lab's slider ranges and the figure's starting values. */
export function slidersOf(id: string): SliderSpec[] {
  if (id === "softmax") return [];
  const a = getActivation(id);
  return a.params.map((p) => ({
    name: p.name,
    symbol: p.symbol,
    min: p.slider[0],
    max: p.slider[1],
    value: (a.figure.params as Record<string, number | undefined>)[p.name] ?? (typeof p.default === "number" ? p.default : p.slider[0]),
  }));
}

/** Draws the function's figure (f and f′) into `host`, replacing what was there. */
export function draw(host: HTMLElement, id: string, params: Params, lang: "en" | "zh"): Rendered {
  const spec = functionFigure(id, id === "softmax" ? { lang } : { lang, params });
  const rendered = renderSpec(spec);
  host.replaceChildren(rendered.el);
  return rendered;
}

/** f(x) and f′(x) at x, for the readout under the pointer. */
export function valuesAt(id: string, params: Params, x: number): { f: number; df: number } | null {
  if (id === "softmax") return null;
  const a = getActivation(id);
  return { f: a.f(x, params), df: a.df(x, params) };
}
