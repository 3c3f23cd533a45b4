/**
 * Evaluation of a checked syntax tree by closures (no generated code, so no `eval` and nothing a
 * Content-Security-Policy could forbid): one closure per node for f, and one per node for f and
 * f′ together (forward-mode automatic differentiation: each closure returns the value and leaves
 * the derivative in a slot that its parent reads at once). Registry functions contribute their
 * exact f and f′; at a kink of if/abs/min/max the branch that holds just right of x gives f′
 * (the right-hand derivative, as everywhere in actlab).
 */
import { activations } from "../activations/registry.js";
import { geluValue } from "../activations/gelu.js";
import type { Activation, Params } from "../activations/types.js";
import { type CompareOp, type Node, isConstant, same } from "./ast.js";

/** f alone. */
export type ValueFn = (x: number) => number;
/** f, with f′ left in `slot.d`. */
export type DualFn = (x: number) => number;

export interface Compiled {
  readonly f: ValueFn;
  /** Returns f(x) and writes f′(x) to `slot.d`. */
  readonly fd: DualFn;
  readonly slot: { d: number };
  /** The value of a subtree without x (with the program's parameter values). */
  readonly constant: (n: Node) => number;
  /** The parameter object of a registry call from its extra (constant) arguments, validated; undefined without any. */
  readonly registryParams: (act: Activation, args: readonly Node[]) => Params | undefined;
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/**
 * erf(u): for |u| < 2.5 the series (2/√π)·e^(−u²)·Σ 2ⁿu^(2n+1)/(2n+1)!! (all terms of one sign,
 * no cancellation); beyond, 1 − 2Φ(−u√2) with the registry's double-double Φ (from GELU).
 */
export function erf(u: number): number {
  if (u !== u) return NaN;
  const a = Math.abs(u);
  if (a < 2.5) {
    if (a < 1e-8) return TWO_OVER_SQRT_PI * u;
    const u2 = u * u;
    let term = u;
    let sum = u;
    for (let n = 1; n < 100; n++) {
      term *= (2 * u2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-u2) * sum;
  }
  if (a > 6) return u > 0 ? 1 : -1;
  const t = -a * Math.SQRT2;
  const tail = geluValue(t) / t; // Φ(−a√2)
  const r = 1 - 2 * tail;
  return u > 0 ? r : -r;
}

export function compareValues(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
  }
}

/**
 * Which way the condition goes just right of x, from the values and slopes of both sides: where
 * the values tie, the side growing faster wins (slopes tied too: the comparison of the values).
 */
export function compareRight(op: CompareOp, a: number, da: number, b: number, db: number): boolean {
  if (a !== b || da === db || da !== da || db !== db) return compareValues(op, a, b);
  return compareValues(op, da, db);
}

export const byId = new Map<string, Activation>(activations.map((a) => [a.id, a as Activation]));

/**
 * Rewrites written-out registry functions to the registry's own exact entry: u·σ(u) → silu(u),
 * u·tanh(softplus(u)) → mish(u), u·hardsigmoid(u) → hardswish(u), u − tanh(u) → tanhshrink(u),
 * log(σ(u)) → log-sigmoid(u), log1p(exp(u)) and log(1 + exp(u)) → softplus(u). Same function, but one exact kernel instead of a composition
 * whose derivative cancels near its zero (SiLU′ at x ≈ −1.28).
 */
export function recognise(n: Node): Node {
  switch (n.kind) {
    case "num":
    case "x":
    case "param":
      return n;
    case "neg":
      return { ...n, arg: recognise(n.arg) };
    case "cmp":
      return { ...n, left: recognise(n.left), right: recognise(n.right) };
    case "call":
    case "dcall": {
      const args = n.args.map(recognise);
      if (n.kind === "call" && n.name === "log" && isCall(args[0], "sigmoid")) return { kind: "call", name: "log-sigmoid", args: (args[0] as CallNode).args, at: n.at };
      // log1p(exp(u)) is softplus(u), without the overflow of exp beyond u ≈ 709 (and so is mish's tanh(softplus) below).
      if (n.kind === "call" && n.name === "log1p" && isCall(args[0], "exp")) return { kind: "call", name: "softplus", args: (args[0] as CallNode).args, at: n.at };
      // log(1 + exp(u)) too (either order of the sum): the same function, but the literal formula
      // rounds 1 + e^u to 1 below u ≈ −37 (giving 0, not e^u), loses digits as e^u shrinks (about a
      // third of them at u = −20) and overflows beyond 709; softplus(u) is exact there.
      if (n.kind === "call" && n.name === "log") {
        const e = onePlusExp(args[0]);
        if (e) return { kind: "call", name: "softplus", args: e.args, at: n.at };
      }
      return { ...n, args };
    }
    case "bin": {
      const left = recognise(n.left);
      const right = recognise(n.right);
      if (n.op === "*") {
        for (const [u, g] of [
          [left, right],
          [right, left],
        ]) {
          if (isCall(g, "sigmoid") && g.args.length === 1 && same(g.args[0], u)) return { kind: "call", name: "silu", args: [u], at: n.at };
          if (isCall(g, "hardsigmoid") && g.args.length === 1 && same(g.args[0], u)) return { kind: "call", name: "hardswish", args: [u], at: n.at };
          if (isCall(g, "tanh") && isCall(g.args[0], "softplus") && g.args[0].args.length === 1 && same(g.args[0].args[0], u)) {
            return { kind: "call", name: "mish", args: [u], at: n.at };
          }
        }
      }
      if (n.op === "-" && isCall(right, "tanh") && same(right.args[0], left)) return { kind: "call", name: "tanhshrink", args: [left], at: n.at };
      return { ...n, left, right };
    }
  }
}

type CallNode = Extract<Node, { kind: "call" }>;

/** The exp(u) of 1 + exp(u) or exp(u) + 1, else null. */
function onePlusExp(n: Node): CallNode | null {
  if (n.kind !== "bin" || n.op !== "+") return null;
  const one = (v: Node) => v.kind === "num" && v.value === 1;
  if (one(n.left) && isCall(n.right, "exp")) return n.right;
  if (one(n.right) && isCall(n.left, "exp")) return n.left;
  return null;
}
function isCall(n: Node, name: string): n is CallNode {
  return n.kind === "call" && n.name === name;
}

/** Compiles the tree with the parameter values `env` (already validated). */
export function compile(tree: Node, env: ReadonlyMap<string, number>): Compiled {
  const slot = { d: 0 };

  function constantOf(n: Node): number {
    return raw(n)(0);
  }

  /** f of the subtree; a subtree without x is evaluated once, here. */
  function valueOf(n: Node): ValueFn {
    if (n.kind !== "num" && n.kind !== "param" && isConstant(n)) {
      const c = constantOf(n);
      return () => c;
    }
    return raw(n);
  }

  function raw(n: Node): ValueFn {
    switch (n.kind) {
      case "num": {
        const c = n.value;
        return () => c;
      }
      case "x":
        return (x) => x;
      case "param": {
        const c = env.get(n.name)!;
        return () => c;
      }
      case "neg": {
        const a = valueOf(n.arg);
        return (x) => -a(x);
      }
      case "cmp":
        throw new Error("internal: a comparison outside if");
      case "bin": {
        const a = valueOf(n.left);
        const b = valueOf(n.right);
        switch (n.op) {
          case "+":
            return (x) => a(x) + b(x);
          case "-":
            return (x) => a(x) - b(x);
          case "*":
            return (x) => a(x) * b(x);
          case "/":
            return (x) => a(x) / b(x);
          case "^":
            if (isConstant(n.right) && constantOf(n.right) === 2) return (x) => {
              const v = a(x);
              return v * v;
            };
            return (x) => Math.pow(a(x), b(x));
        }
        break;
      }
      case "dcall":
      case "call":
        return callValue(n);
    }
    throw new Error("internal: unknown node");
  }

  function callValue(n: Extract<Node, { kind: "call" | "dcall" }>): ValueFn {
    const args = n.args.map((a) => (a.kind === "cmp" ? () => NaN : valueOf(a)));
    const [u] = args;
    if (n.kind === "call") {
      switch (n.name) {
        case "exp":
          return (x) => Math.exp(u(x));
        case "expm1":
          return (x) => Math.expm1(u(x));
        case "log":
          return (x) => Math.log(u(x));
        case "log1p":
          return (x) => Math.log1p(u(x));
        case "sqrt":
          return (x) => Math.sqrt(u(x));
        case "sin":
          return (x) => Math.sin(u(x));
        case "cos":
          return (x) => Math.cos(u(x));
        case "erf":
          return (x) => erf(u(x));
        case "abs":
          return (x) => Math.abs(u(x));
        case "min": {
          const b = args[1];
          return (x) => Math.min(u(x), b(x));
        }
        case "max": {
          const b = args[1];
          return (x) => Math.max(u(x), b(x));
        }
        case "if": {
          const c = n.args[0] as Extract<Node, { kind: "cmp" }>;
          const l = valueOf(c.left);
          const r = valueOf(c.right);
          const a = args[1];
          const b = args[2];
          const op = c.op;
          return (x) => {
            const lv = l(x);
            const rv = r(x);
            // NaN in, NaN out: a condition on NaN picks no branch.
            if (lv !== lv || rv !== rv) return NaN;
            return compareValues(op, lv, rv) ? a(x) : b(x);
          };
        }
      }
    }
    const act = byId.get(n.name)!;
    const p = registryParams(act, n.args);
    if (n.kind === "dcall") return p ? (x) => act.df(u(x), p) : (x) => act.df(u(x));
    return p ? (x) => act.f(u(x), p) : (x) => act.f(u(x));
  }

  /** The parameter object of a registry call (its extra arguments, constant), validated once. */
  function registryParams(act: Activation, args: readonly Node[]): Params | undefined {
    if (args.length < 2) return undefined;
    const p: Record<string, number> = {};
    for (let i = 1; i < args.length; i++) p[act.params[i - 1].name] = constantOf(args[i]);
    act.f(0, p); // throws a RangeError naming the parameter when it is out of range
    return p;
  }

  function dual(n: Node): DualFn {
    if (n.kind !== "x" && isConstant(n)) {
      const c = constantOf(n);
      return () => {
        slot.d = 0;
        return c;
      };
    }
    switch (n.kind) {
      case "x":
        return (x) => {
          slot.d = 1;
          return x;
        };
      case "neg": {
        const a = dual(n.arg);
        return (x) => {
          const v = a(x);
          slot.d = -slot.d;
          return -v;
        };
      }
      case "bin":
        return binDual(n);
      case "call":
      case "dcall":
        return callDual(n);
      default:
        throw new Error("internal: unexpected node in a derivative");
    }
  }

  function binDual(n: Extract<Node, { kind: "bin" }>): DualFn {
    const a = dual(n.left);
    const b = dual(n.right);
    switch (n.op) {
      case "+":
        return (x) => {
          const u = a(x);
          const du = slot.d;
          const v = b(x);
          slot.d = du + slot.d;
          return u + v;
        };
      case "-":
        return (x) => {
          const u = a(x);
          const du = slot.d;
          const v = b(x);
          slot.d = du - slot.d;
          return u - v;
        };
      case "*":
        if (isConstant(n.left)) {
          const c = constantOf(n.left);
          return (x) => {
            const v = b(x);
            slot.d = c * slot.d;
            return c * v;
          };
        }
        if (isConstant(n.right)) {
          const c = constantOf(n.right);
          return (x) => {
            const u = a(x);
            slot.d = slot.d * c;
            return u * c;
          };
        }
        return (x) => {
          const u = a(x);
          const du = slot.d;
          const v = b(x);
          slot.d = du * v + u * slot.d;
          return u * v;
        };
      case "/":
        if (isConstant(n.right)) {
          const c = constantOf(n.right);
          return (x) => {
            const u = a(x);
            slot.d = slot.d / c;
            return u / c;
          };
        }
        return (x) => {
          const u = a(x);
          const du = slot.d;
          const v = b(x);
          const q = u / v;
          slot.d = (du - q * slot.d) / v;
          return q;
        };
      case "^": {
        if (isConstant(n.right)) {
          const c = constantOf(n.right);
          if (c === 2) {
            return (x) => {
              const u = a(x);
              slot.d = 2 * u * slot.d;
              return u * u;
            };
          }
          if (c === 0) {
            return (x) => {
              const u = a(x);
              slot.d = u === u ? 0 : NaN;
              return 1;
            };
          }
          return (x) => {
            const u = a(x);
            slot.d = c * Math.pow(u, c - 1) * slot.d;
            return Math.pow(u, c);
          };
        }
        return (x) => {
          const u = a(x);
          const du = slot.d;
          const v = b(x);
          const dv = slot.d;
          const r = Math.pow(u, v);
          slot.d = dv === 0 ? v * Math.pow(u, v - 1) * du : r * (dv * Math.log(u) + (v * du) / u);
          return r;
        };
      }
    }
  }

  function callDual(n: Extract<Node, { kind: "call" | "dcall" }>): DualFn {
    if (n.kind === "call") {
      if (n.name === "if") return ifDual(n);
      const a = dual(n.args[0]);
      switch (n.name) {
        case "exp":
          return (x) => {
            const e = Math.exp(a(x));
            slot.d = e * slot.d;
            return e;
          };
        case "expm1":
          return (x) => {
            const u = a(x);
            slot.d = Math.exp(u) * slot.d;
            return Math.expm1(u);
          };
        case "log":
          return (x) => {
            const u = a(x);
            slot.d = slot.d / u;
            return Math.log(u);
          };
        case "log1p":
          return (x) => {
            const u = a(x);
            slot.d = slot.d / (1 + u);
            return Math.log1p(u);
          };
        case "sqrt":
          return (x) => {
            const s = Math.sqrt(a(x));
            slot.d = slot.d / (2 * s);
            return s;
          };
        case "sin":
          return (x) => {
            const u = a(x);
            slot.d = Math.cos(u) * slot.d;
            return Math.sin(u);
          };
        case "cos":
          return (x) => {
            const u = a(x);
            slot.d = -Math.sin(u) * slot.d;
            return Math.cos(u);
          };
        case "erf":
          return (x) => {
            const u = a(x);
            slot.d = TWO_OVER_SQRT_PI * Math.exp(-u * u) * slot.d;
            return erf(u);
          };
        case "abs":
          // NOTE: at u = 0 the right-hand derivative of |u| is |u′|.
          return (x) => {
            const u = a(x);
            const du = slot.d;
            slot.d = u > 0 ? du : u < 0 ? -du : u === 0 ? Math.abs(du) : NaN;
            return Math.abs(u);
          };
        case "min":
        case "max": {
          const b = dual(n.args[1]);
          const isMin = n.name === "min";
          return (x) => {
            const u = a(x);
            const du = slot.d;
            const v = b(x);
            const dv = slot.d;
            // At a tie the smaller (larger) slope is the branch that holds just right of x.
            const takeU = u === v ? (isMin ? du <= dv : du >= dv) : isMin ? u < v : u > v;
            slot.d = u !== u || v !== v ? NaN : takeU ? du : dv;
            return isMin ? Math.min(u, v) : Math.max(u, v);
          };
        }
        case "if":
          return ifDual(n);
      }
    }
    const act = byId.get(n.name)!;
    const p = registryParams(act, n.args);
    const u = dual(n.args[0]);
    if (n.kind === "dcall") {
      // Only symbolic derivatives hold dcall nodes; evaluating f″ is not needed by anything.
      throw new Error("internal: second derivatives are not supported");
    }
    return p
      ? (x) => {
          const v = u(x);
          slot.d = act.df(v, p) * slot.d;
          return act.f(v, p);
        }
      : (x) => {
          const v = u(x);
          slot.d = act.df(v) * slot.d;
          return act.f(v);
        };
  }

  function ifDual(n: CallNode): DualFn {
    const c = n.args[0] as Extract<Node, { kind: "cmp" }>;
    const l = dual(c.left);
    const r = dual(c.right);
    const a = dual(n.args[1]);
    const b = dual(n.args[2]);
    const av = valueOf(n.args[1]);
    const bv = valueOf(n.args[2]);
    const op = c.op;
    return (x) => {
      const lv = l(x);
      const dl = slot.d;
      const rv = r(x);
      const dr = slot.d;
      if (lv !== lv || rv !== rv) {
        slot.d = NaN;
        return NaN;
      }
      const byValue = compareValues(op, lv, rv);
      const bySlope = compareRight(op, lv, dl, rv, dr);
      if (byValue === bySlope) return byValue ? a(x) : b(x);
      // At the tie the value follows the condition, the derivative the branch right of x.
      if (bySlope) {
        a(x);
        return bv(x);
      }
      b(x);
      return av(x);
    };
  }

  return { f: valueOf(tree), fd: dual(tree), slot, constant: constantOf, registryParams };
}
