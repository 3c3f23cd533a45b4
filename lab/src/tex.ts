// Formulas: the LaTeX source shows at once, KaTeX replaces it when its chunk has arrived.
type Katex = typeof import("katex").default;
let loading: Promise<Katex> | null = null;

function load(): Promise<Katex> {
  loading ??= import("./katex-loader.js").then((m) => m.katex);
  return loading;
}

export function tex(latex: string, display = false): HTMLElement {
  const el = document.createElement(display ? "div" : "span");
  el.className = display ? "tex tex-display" : "tex";
  el.dataset.latex = latex;
  el.textContent = latex;
  void load().then((k) => {
    // throwOnError off: a formula KaTeX cannot parse shows in red instead of breaking the view.
    k.render(latex, el, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    el.classList.add("tex-ready");
  });
  return el;
}

/** Resolves when KaTeX is loaded (tests and screenshots wait on it). */
export function texReady(): Promise<unknown> {
  return load();
}
