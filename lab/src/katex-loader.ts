// Loaded on demand: KaTeX and its stylesheet are a large part of the lab's weight.
import "katex/dist/katex.min.css";
export { default as katex } from "katex";
