/**
 * The formula language: a small hand-written lexer and recursive-descent parser. The text is
 * only ever read into a syntax tree here; nothing of it is evaluated as JavaScript.
 *
 *   formula  := expr (";" name "=" number)* ";"?
 *   expr     := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?    (a comparison only as if's condition)
 *   sum      := product (("+" | "-") product)*
 *   product  := unary (("*" | "/") unary)*
 *   unary    := ("-" | "+") unary | power
 *   power    := atom ("^" unary)?                                       (right-associative: -x^2 = -(x^2))
 *   atom     := number | name | name "(" expr ("," expr)* ")" | "(" expr ")"
 */
import { activations } from "../activations/registry.js";
import { type CompareOp, type Node, type ParamDecl, isConstant } from "./ast.js";

/** The language's own functions and how many arguments each takes. */
export const LANGUAGE_FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = Object.assign(Object.create(null) as Record<string, readonly [number, number]>, {
  exp: [1, 1],
  expm1: [1, 1],
  log: [1, 1],
  log1p: [1, 1],
  sqrt: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  erf: [1, 1],
  abs: [1, 1],
  min: [2, 2],
  max: [2, 2],
  if: [3, 3],
} as const);

/** Named constants. */
export const CONSTANTS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, { pi: Math.PI, e: Math.E });

/** The registry's elementwise ids, plus their snake_case and camelCase spellings (leaky_relu, leakyRelu). */
const REGISTRY_ALIASES = new Map<string, string>();
for (const a of activations) {
  REGISTRY_ALIASES.set(a.id, a.id);
  REGISTRY_ALIASES.set(a.id.replace(/-/g, "_"), a.id);
  REGISTRY_ALIASES.set(a.id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()), a.id);
}

/** Every function name a formula may call: the language's and the registry's ids. */
export function knownFunctions(): string[] {
  return [...Object.keys(LANGUAGE_FUNCTIONS), ...activations.map((a) => a.id)];
}

/**
 * A formula that cannot be used, with the place: `column` is 1-based, and the message shows the
 * formula with a caret under that column.
 *
 * @example
 * try { parseActivation("x*sigmoid(x"); } catch (e) {
 *   (e as FormulaError).column;    // 12
 *   (e as FormulaError).message;   // 'expected "," or ")" to close sigmoid( at column 10 but found the end of the formula at column 12\n  x*sigmoid(x\n             ^'
 * }
 */
export class FormulaError extends Error {
  override readonly name = "FormulaError";
  /** What is wrong, without the caret lines. */
  readonly reason: string;
  /** 1-based column of the problem in `formula` (0 when it concerns the whole formula). */
  readonly column: number;
  readonly formula: string;
  constructor(reason: string, formula: string, offset: number) {
    const column = offset < 0 ? 0 : offset + 1;
    super(column > 0 ? `${reason} at column ${column}\n  ${formula}\n  ${" ".repeat(column - 1)}^` : reason);
    this.reason = reason;
    this.column = column;
    this.formula = formula;
  }
}

type Tok =
  | { t: "num"; v: number; at: number; text: string }
  | { t: "name"; v: string; at: number }
  | { t: "op"; v: string; at: number }
  | { t: "end"; at: number };

const OPS = ["<=", ">=", "==", "!=", "**", "+", "-", "*", "/", "^", "(", ")", ",", ";", "=", "<", ">"];

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: "num", v: Number(num[0]), at: i, text: num[0] });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      let word = name[0];
      // Registry ids are kebab-case (leaky-relu, gelu-tanh): take the hyphen when it completes one.
      for (;;) {
        const more = /^-[a-z][a-z0-9]*/.exec(src.slice(i + word.length));
        if (!more || ![...REGISTRY_ALIASES.keys()].some((k) => k === word + more[0] || k.startsWith(word + more[0] + "-"))) break;
        word += more[0];
      }
      out.push({ t: "name", v: word, at: i });
      i += word.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: "op", v: op === "**" ? "^" : op, at: i });
      i += op.length;
      continue;
    }
    throw new FormulaError(`unexpected character ${JSON.stringify(c)}`, src, i);
  }
  out.push({ t: "end", at: src.length });
  return out;
}

/** The parsed formula: its tree, the declared parameters and the names it uses. */
export interface Parsed {
  readonly tree: Node;
  readonly params: readonly ParamDecl[];
}

/**
 * Parses `src`; `extraParams` declares parameters (with defaults) from outside the text.
 * Throws a {@link FormulaError} with the column of the first problem.
 */
export function parseFormula(src: string, extraParams: Readonly<Record<string, number>> = {}): Parsed {
  if (typeof src !== "string") throw new TypeError(`a formula must be a string, got ${typeof src}`);
  if (src.length > 2000) throw new FormulaError(`the formula is too long (${src.length} characters; at most 2000)`, src.slice(0, 60) + "…", -1);
  const toks = lex(src);
  let k = 0;
  const peek = (): Tok => toks[k];
  const fail = (reason: string, at: number): never => {
    throw new FormulaError(reason, src, at);
  };
  const describe = (t: Tok): string => (t.t === "end" ? "the end of the formula" : t.t === "num" ? `the number ${t.text}` : `"${t.v}"`);
  const isOp = (v: string): boolean => {
    const t = peek();
    return t.t === "op" && t.v === v;
  };
  const expectOp = (v: string, what: string): void => {
    if (!isOp(v)) fail(`expected ${what} but found ${describe(peek())}`, peek().at);
    k++;
  };
  let depth = 0;

  const usedNames: { name: string; at: number }[] = [];

  function expr(): Node {
    const left = sum();
    const t = peek();
    if (t.t === "op" && ["<", "<=", ">", ">=", "==", "!="].includes(t.v)) {
      k++;
      const right = sum();
      return { kind: "cmp", op: t.v as CompareOp, left, right, at: t.at };
    }
    return left;
  }
  function sum(): Node {
    let left = product();
    for (;;) {
      const t = peek();
      if (t.t === "op" && (t.v === "+" || t.v === "-")) {
        k++;
        left = { kind: "bin", op: t.v, left, right: product(), at: t.at };
      } else return left;
    }
  }
  function product(): Node {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.t === "op" && (t.v === "*" || t.v === "/")) {
        k++;
        left = { kind: "bin", op: t.v, left, right: unary(), at: t.at };
      } else return left;
    }
  }
  function unary(): Node {
    const t = peek();
    if (t.t === "op" && (t.v === "-" || t.v === "+")) {
      k++;
      if (++depth > 200) fail("the formula is nested too deeply", t.at);
      const arg = unary();
      depth--;
      return t.v === "-" ? { kind: "neg", arg, at: t.at } : arg;
    }
    return power();
  }
  function power(): Node {
    const base = atom();
    const t = peek();
    if (t.t === "op" && t.v === "^") {
      k++;
      return { kind: "bin", op: "^", left: base, right: unary(), at: t.at };
    }
    return base;
  }
  function atom(): Node {
    const t = peek();
    if (t.t === "num") {
      k++;
      return { kind: "num", value: t.v, at: t.at };
    }
    if (t.t === "op" && t.v === "(") {
      k++;
      if (++depth > 200) fail("the formula is nested too deeply", t.at);
      const inner = expr();
      depth--;
      if (!isOp(")")) fail(`expected ")" to close the "(" at column ${t.at + 1} but found ${describe(peek())}`, peek().at);
      k++;
      return inner;
    }
    if (t.t === "name") {
      k++;
      if (isOp("(")) {
        const open = peek();
        k++;
        if (++depth > 200) fail("the formula is nested too deeply", t.at);
        const args: Node[] = [];
        if (!isOp(")")) {
          args.push(expr());
          while (isOp(",")) {
            k++;
            args.push(expr());
          }
        }
        depth--;
        if (!isOp(")")) fail(`expected "," or ")" to close ${t.v}( at column ${open.at + 1} but found ${describe(peek())}`, peek().at);
        k++;
        return call(t.v, args, t.at);
      }
      if (t.v === "x") return { kind: "x", at: t.at };
      if (t.v in CONSTANTS) return { kind: "num", value: CONSTANTS[t.v], at: t.at };
      if (t.v in LANGUAGE_FUNCTIONS || REGISTRY_ALIASES.has(t.v)) fail(`${t.v} is a function: write ${t.v}(…)`, t.at);
      usedNames.push({ name: t.v, at: t.at });
      return { kind: "param", name: t.v, at: t.at };
    }
    if (t.t === "end") fail("the formula ends too early: expected a number, x, a name or \"(\"", t.at);
    return fail(`expected a number, x, a name or "(" but found ${describe(t)}`, t.at);
  }
  function call(name: string, args: Node[], at: number): Node {
    const lang = LANGUAGE_FUNCTIONS[name];
    if (lang) {
      const [lo, hi] = lang;
      if (args.length < lo || args.length > hi) fail(`${name} takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi > 1 ? "s" : ""}, got ${args.length}`, at);
      for (let i = 0; i < args.length; i++) {
        const isCond = name === "if" && i === 0;
        if (isCond && args[i].kind !== "cmp") fail("the first argument of if must be a comparison such as x > 0", args[i].at);
        if (!isCond && args[i].kind === "cmp") fail(`a comparison is only allowed as the condition of if(cond, a, b)`, args[i].at);
      }
      return { kind: "call", name, args, at };
    }
    const id = REGISTRY_ALIASES.get(name);
    if (id) {
      const a = activations.find((v) => v.id === id)!;
      const max = 1 + a.params.length;
      if (args.length < 1 || args.length > max) {
        const sig = [`x`, ...a.params.map((p) => p.name)].join(", ");
        fail(`${id} takes ${max === 1 ? "1 argument" : `1 to ${max} arguments (${sig})`}, got ${args.length}`, at);
      }
      for (const arg of args) if (arg.kind === "cmp") fail(`a comparison is only allowed as the condition of if(cond, a, b)`, arg.at);
      for (let i = 1; i < args.length; i++) {
        if (!isConstant(args[i])) fail(`the parameter ${a.params[i - 1].name} of ${id} must not depend on x (use a number or a declared parameter)`, args[i].at);
      }
      return { kind: "call", name: id, args, at };
    }
    if (name === "x") fail("x is the input, not a function: write x*(…) for a product", at);
    return fail(`unknown function ${name} (known: ${knownFunctions().join(", ")})`, at);
  }

  const tree = expr();
  if (tree.kind === "cmp") fail("a comparison is only allowed as the condition of if(cond, a, b)", tree.at);
  const params: ParamDecl[] = [];
  for (;;) {
    const t = peek();
    if (t.t === "end") break;
    if (!(t.t === "op" && t.v === ";")) {
      if (t.t === "op" && t.v === ")") fail(`unmatched ")"`, t.at);
      fail(`expected an operator or ";" but found ${describe(t)}`, t.at);
    }
    k++;
    const n = peek();
    if (n.t === "end") break;
    if (n.t !== "name") fail(`expected a parameter declaration such as beta = 1 but found ${describe(n)}`, n.at);
    const nameTok = n as Extract<Tok, { t: "name" }>;
    k++;
    if (nameTok.v === "x" || nameTok.v in CONSTANTS || nameTok.v in LANGUAGE_FUNCTIONS || REGISTRY_ALIASES.has(nameTok.v)) {
      fail(`${nameTok.v} is a reserved name and cannot be a parameter`, nameTok.at);
    }
    if (!isOp("=")) fail(`parameter ${nameTok.v} has no default: write ${nameTok.v} = <number>`, peek().at);
    k++;
    let sign = 1;
    while (isOp("-") || isOp("+")) {
      if (isOp("-")) sign = -sign;
      k++;
    }
    const v = peek();
    if (v.t !== "num") fail(`parameter ${nameTok.v} has no default: expected a number after "=" but found ${describe(v)}`, v.at);
    k++;
    const value = sign * (v as Extract<Tok, { t: "num" }>).v;
    if (!Number.isFinite(value)) fail(`the default of ${nameTok.v} must be a finite number`, v.at);
    if (params.some((p) => p.name === nameTok.v)) fail(`parameter ${nameTok.v} is declared twice`, nameTok.at);
    params.push({ name: nameTok.v, default: value, at: nameTok.at });
  }
  for (const [name, value] of Object.entries(extraParams)) {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new FormulaError(`the default of ${name} must be a finite number, got ${String(value)}`, src, -1);
    const i = params.findIndex((p) => p.name === name);
    if (i >= 0) params[i] = { ...params[i], default: value };
    else params.push({ name, default: value, at: -1 });
  }
  for (const u of usedNames) {
    if (!params.some((p) => p.name === u.name)) {
      fail(
        `unknown name ${u.name} (known: x, ${Object.keys(CONSTANTS).join(", ")}${params.length ? ", " + params.map((p) => p.name).join(", ") : ""}; ` +
          `a parameter needs a default declared after the formula: …; ${u.name} = 1)`,
        u.at,
      );
    }
  }
  return { tree, params };
}
