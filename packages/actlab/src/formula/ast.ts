/** The syntax tree of a formula: what the parser builds and every later stage reads. */

/** A comparison operator of an `if` condition. */
export type CompareOp = "<" | "<=" | ">" | ">=" | "==" | "!=";

/** A node of the tree; `at` is the 0-based offset in the formula text (for messages). */
export type Node =
  | { readonly kind: "num"; readonly value: number; readonly at: number }
  | { readonly kind: "x"; readonly at: number }
  | { readonly kind: "param"; readonly name: string; readonly at: number }
  | { readonly kind: "neg"; readonly arg: Node; readonly at: number }
  | { readonly kind: "bin"; readonly op: "+" | "-" | "*" | "/" | "^"; readonly left: Node; readonly right: Node; readonly at: number }
  | { readonly kind: "cmp"; readonly op: CompareOp; readonly left: Node; readonly right: Node; readonly at: number }
  /** A function of the language (exp, log, abs, min, max, if, …) or of the registry (by id). */
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[]; readonly at: number }
  /** Only in derivatives: the registry's exact f′ of `name` at args[0] (the other args are its parameters). */
  | { readonly kind: "dcall"; readonly name: string; readonly args: readonly Node[]; readonly at: number };

/** A parameter declared beside the formula (`beta = 1.702`). */
export interface ParamDecl {
  readonly name: string;
  readonly default: number;
  readonly at: number;
}

export const num = (value: number): Node => ({ kind: "num", value, at: -1 });

/** True when the subtree does not depend on x. */
export function isConstant(n: Node): boolean {
  switch (n.kind) {
    case "num":
    case "param":
      return true;
    case "x":
      return false;
    case "neg":
      return isConstant(n.arg);
    case "bin":
    case "cmp":
      return isConstant(n.left) && isConstant(n.right);
    case "call":
    case "dcall":
      return n.args.every(isConstant);
  }
}

/** Structural equality (positions ignored). */
export function same(a: Node, b: Node): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "num":
      return Object.is(a.value, (b as typeof a).value);
    case "x":
      return true;
    case "param":
      return a.name === (b as typeof a).name;
    case "neg":
      return same(a.arg, (b as typeof a).arg);
    case "bin":
    case "cmp": {
      const o = b as typeof a;
      return a.op === o.op && same(a.left, o.left) && same(a.right, o.right);
    }
    case "call":
    case "dcall": {
      const o = b as typeof a;
      return a.name === o.name && a.args.length === o.args.length && a.args.every((v, i) => same(v, o.args[i]));
    }
  }
}
