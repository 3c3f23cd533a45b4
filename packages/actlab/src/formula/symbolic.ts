/**
 * The symbolic side of a formula: its derivative as a tree (registry functions contribute their
 * own f′ by name), a few simplifications so it reads well, and LaTeX. This is for display; the
 * numbers come from the closures in compile.ts.
 */
import type { CompareOp, Node } from "./ast.js";
import { num } from "./ast.js";

const bin = (op: "+" | "-" | "*" | "/" | "^", left: Node, right: Node): Node => ({ kind: "bin", op, left, right, at: -1 });
const call = (name: string, ...args: Node[]): Node => ({ kind: "call", name, args, at: -1 });
const neg = (arg: Node): Node => ({ kind: "neg", arg, at: -1 });

/** d/dx of the tree, unsimplified. */
export function derive(n: Node): Node {
  switch (n.kind) {
    case "num":
    case "param":
    case "cmp":
      return num(0);
    case "x":
      return num(1);
    case "neg":
      return neg(derive(n.arg));
    case "bin": {
      const a = n.left;
      const b = n.right;
      const da = derive(a);
      const db = derive(b);
      switch (n.op) {
        case "+":
        case "-":
          return bin(n.op, da, db);
        case "*":
          return bin("+", bin("*", da, b), bin("*", a, db));
        case "/":
          return bin("/", bin("-", bin("*", da, b), bin("*", a, db)), bin("^", b, num(2)));
        case "^":
          if (isFree(b)) return bin("*", bin("*", b, bin("^", a, bin("-", b, num(1)))), da);
          return bin("*", n, bin("+", bin("*", db, call("log", a)), bin("/", bin("*", b, da), a)));
      }
      break;
    }
    case "call": {
      const u = n.args[0];
      const du = () => derive(u);
      switch (n.name) {
        case "exp":
          return bin("*", n, du());
        case "expm1":
          return bin("*", call("exp", u), du());
        case "log":
          return bin("/", du(), u);
        case "log1p":
          return bin("/", du(), bin("+", num(1), u));
        case "sqrt":
          return bin("/", du(), bin("*", num(2), n));
        case "sin":
          return bin("*", call("cos", u), du());
        case "cos":
          return bin("*", neg(call("sin", u)), du());
        case "erf":
          return bin("*", { kind: "dcall", name: "erf", args: [u], at: -1 }, du());
        case "abs":
          return bin("*", call("sgn", u), du());
        case "min":
          return call("if", { kind: "cmp", op: "<", left: u, right: n.args[1], at: -1 }, du(), derive(n.args[1]));
        case "max":
          return call("if", { kind: "cmp", op: ">", left: u, right: n.args[1], at: -1 }, du(), derive(n.args[1]));
        case "if":
          return call("if", n.args[0], derive(n.args[1]), derive(n.args[2]));
        default:
          return bin("*", { kind: "dcall", name: n.name, args: n.args, at: -1 }, du());
      }
    }
    case "dcall":
      throw new Error("internal: no second derivatives");
  }
  throw new Error("internal: unknown node");
}

function isFree(n: Node): boolean {
  switch (n.kind) {
    case "x":
      return false;
    case "num":
    case "param":
      return true;
    case "neg":
      return isFree(n.arg);
    case "bin":
    case "cmp":
      return isFree(n.left) && isFree(n.right);
    default:
      return n.args.every(isFree);
  }
}

type NumNode = Extract<Node, { kind: "num" }>;
const isNum = (n: Node): n is NumNode => n.kind === "num";
const isK = (n: Node, v: number): boolean => n.kind === "num" && n.value === v;

/** Folds numbers and drops 0s and 1s, enough for the derivative to read like one written by hand. */
export function simplify(n: Node): Node {
  switch (n.kind) {
    case "num":
    case "x":
    case "param":
      return n;
    case "neg": {
      const a = simplify(n.arg);
      if (isNum(a)) return num(-a.value);
      if (a.kind === "neg") return a.arg;
      return neg(a);
    }
    case "cmp":
      return { ...n, left: simplify(n.left), right: simplify(n.right) };
    case "call":
    case "dcall": {
      const args = n.args.map(simplify);
      if (n.kind === "call" && n.name === "if" && same(args[1], args[2])) return args[1];
      return { ...n, args };
    }
    case "bin": {
      let a = simplify(n.left);
      let b = simplify(n.right);
      if (isNum(a) && isNum(b) && n.op !== "^") {
        const v = n.op === "+" ? a.value + b.value : n.op === "-" ? a.value - b.value : n.op === "*" ? a.value * b.value : a.value / b.value;
        if (Number.isFinite(v) && (n.op !== "/" || Number.isInteger(v))) return num(v);
      }
      switch (n.op) {
        case "+":
          if (isK(a, 0)) return b;
          if (isK(b, 0)) return a;
          if (b.kind === "neg") return simplify(bin("-", a, b.arg));
          if (isNum(b) && b.value < 0) return bin("-", a, num(-b.value));
          return bin("+", a, b);
        case "-":
          if (isK(b, 0)) return a;
          if (isK(a, 0)) return simplify(neg(b));
          if (b.kind === "neg") return bin("+", a, b.arg);
          return bin("-", a, b);
        case "*": {
          if (isK(a, 0) || isK(b, 0)) return num(0);
          if (isK(a, 1)) return b;
          if (isK(b, 1)) return a;
          if (isK(a, -1)) return simplify(neg(b));
          if (isK(b, -1)) return simplify(neg(a));
          if (a.kind === "neg") return simplify(neg(bin("*", a.arg, b)));
          if (b.kind === "neg") return simplify(neg(bin("*", a, b.arg)));
          if ((isNum(b) && !isNum(a)) || (isFree(b) && !isFree(a))) [a, b] = [b, a];
          if (isNum(a) && b.kind === "bin" && b.op === "*" && isNum(b.left)) return simplify(bin("*", num(a.value * b.left.value), b.right));
          if (b.kind === "bin" && b.op === "*" && isNum(b.left) && !isNum(a)) return simplify(bin("*", b.left, bin("*", a, b.right)));
          return bin("*", a, b);
        }
        case "/":
          if (isK(a, 0)) return num(0);
          if (isK(b, 1)) return a;
          return bin("/", a, b);
        case "^":
          if (isK(b, 1)) return a;
          if (isK(b, 0)) return num(1);
          if (isNum(a) && isNum(b)) {
            const v = Math.pow(a.value, b.value);
            if (Number.isInteger(v)) return num(v);
          }
          return bin("^", a, b);
      }
    }
  }
  throw new Error("internal: unknown node");
}

function same(a: Node, b: Node): boolean {
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
function strip(n: Node): unknown {
  return JSON.parse(JSON.stringify(n, (k, v: unknown) => (k === "at" ? undefined : v)));
}

const GREEK = new Set(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega"]);

function numberLatex(v: number): string {
  if (v === Math.PI) return "\\pi";
  if (v === Math.E) return "e";
  if (v === Infinity) return "\\infty";
  const s = String(v);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

function nameLatex(name: string): string {
  if (GREEK.has(name)) return `\\${name}`;
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (m) return `${nameLatex(m[1])}_{${m[2]}}`;
  return name.length === 1 ? name : `\\mathrm{${name.replace(/_/g, "\\_")}}`;
}

const OPNAME: Readonly<Record<string, string>> = { sigmoid: "\\sigma", tanh: "\\tanh", sin: "\\sin", cos: "\\cos", log: "\\ln", min: "\\min", max: "\\max" };
function fnLatex(name: string): string {
  return OPNAME[name] ?? `\\operatorname{${name}}`;
}

const CMP: Readonly<Record<CompareOp, string>> = { "<": "<", "<=": "\\le", ">": ">", ">=": "\\ge", "==": "=", "!=": "\\ne" };

// Precedences: 1 sum, 2 product, 3 unary minus, 4 power, 5 atom.
function prec(n: Node): number {
  switch (n.kind) {
    case "num":
      return n.value < 0 ? 3 : 5;
    case "x":
    case "param":
      return 5;
    case "neg":
      return 3;
    case "bin":
      return n.op === "+" || n.op === "-" ? 1 : n.op === "^" ? 4 : n.op === "/" ? 5 : 2;
    case "cmp":
      return 0;
    case "call":
      return n.name === "expm1" || n.name === "if" ? 1 : n.name === "exp" ? 4 : 5;
    case "dcall":
      return n.name === "erf" ? 2 : 5;
  }
}

function wrap(n: Node, min: number): string {
  const s = latex(n);
  return prec(n) < min ? `\\left(${s}\\right)` : s;
}

/** LaTeX of a tree. */
export function latex(n: Node): string {
  switch (n.kind) {
    case "num":
      return numberLatex(n.value);
    case "x":
      return "x";
    case "param":
      return nameLatex(n.name);
    case "neg":
      return `-${wrap(n.arg, 3)}`;
    case "cmp":
      return `${latex(n.left)} ${CMP[n.op]} ${latex(n.right)}`;
    case "bin":
      switch (n.op) {
        case "+":
          return `${wrap(n.left, 1)} + ${wrap(n.right, 1)}`;
        case "-":
          return `${wrap(n.left, 1)} - ${wrap(n.right, 2)}`;
        case "*": {
          const r = wrap(n.right, 2);
          const sep = /^[\d.-]/.test(r) || (n.left.kind === "num" && n.right.kind === "num") ? " \\cdot " : "\\,";
          return `${wrap(n.left, 2)}${sep}${r}`;
        }
        case "/":
          return `\\frac{${latex(n.left)}}{${latex(n.right)}}`;
        case "^":
          return `{${wrap(n.left, 5)}}^{${latex(n.right)}}`;
      }
      break;
    case "call": {
      const args = n.args.map(latex);
      switch (n.name) {
        case "exp":
          return `e^{${args[0]}}`;
        case "expm1":
          return `e^{${args[0]}} - 1`;
        case "log1p":
          return `\\ln\\left(1 + ${args[0]}\\right)`;
        case "sqrt":
          return `\\sqrt{${args[0]}}`;
        case "abs":
          return `\\left|${args[0]}\\right|`;
        case "sgn":
          return `\\operatorname{sgn}\\left(${args[0]}\\right)`;
        case "if":
          return `\\begin{cases} ${args[1]} & ${args[0]} \\\\ ${args[2]} & \\text{otherwise} \\end{cases}`;
        default:
          return `${fnLatex(n.name)}\\left(${args.join(", ")}\\right)`;
      }
    }
    case "dcall": {
      if (n.name === "erf") return `\\frac{2}{\\sqrt{\\pi}}\\,e^{-{${wrap(n.args[0], 5)}}^{2}}`;
      return `${fnLatex(n.name)}'\\left(${n.args.map(latex).join(", ")}\\right)`;
    }
  }
  throw new Error("internal: unknown node");
}
