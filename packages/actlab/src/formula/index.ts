/**
 * A user's formula as an activation: parsed (never run as JavaScript), differentiated, checked,
 * and shaped like a registry entry, so `registerActivation` makes it usable by id everywhere.
 */
import { activations, getActivation, isBuiltinActivation, registerActivation } from "../activations/registry.js";
import { alloc, checkInput, checkOverlap, checkPartner } from "../activations/kernel.js";
import { validateParams } from "../activations/params.js";
import type { Activation, ActivationInfo, Bilingual, Floats, ParamSpec, Params } from "../activations/types.js";
import type { Node } from "./ast.js";
import { type ArrayProgram, compileArrays } from "./arrays.js";
import { type Compiled, compile, recognise } from "./compile.js";
import { FormulaError, parseFormula } from "./parse.js";
import { derive, latex, simplify } from "./symbolic.js";

export { FormulaError } from "./parse.js";

/** Options of {@link parseActivation}. */
export interface FormulaOptions {
  /** The id to register it under (default: the formula text itself, trimmed). */
  readonly id?: string;
  /** Display names (default: the formula text). */
  readonly names?: Partial<Bilingual>;
  /** Parameter defaults, added to (or overriding) those declared in the text. */
  readonly params?: Readonly<Record<string, number>>;
}

/** One point where the checks found a problem (or the worst point of the derivative check). */
export interface CheckPoint {
  readonly x: number;
  /** What the formula gave there (f′ for the derivative check, f or f′ for non-finite values). */
  readonly value: number;
  /** The central difference (derivative check), or NaN. */
  readonly reference: number;
  /** |f′ − difference| / max(1, |f′|, |f|) (derivative check), or NaN. */
  readonly error: number;
}

/** What the checks after parsing found on [−10, 10]. */
export interface FormulaCheck {
  /** True when every check passed. */
  readonly ok: boolean;
  /** How many points of [−10, 10] were checked. */
  readonly points: number;
  /** The point where f′ and the central difference differ most (reported even when within tolerance). */
  readonly worst: CheckPoint;
  /** The first point where f or f′ is not finite, if any. */
  readonly nonFinite: (CheckPoint & { readonly what: "f" | "f′" }) | null;
  /** One sentence per problem, with the point (empty when ok). */
  readonly problems: readonly string[];
}

/** An activation made from a formula: a registry-shaped entry plus its text and its checks. */
export interface FormulaActivation extends Activation {
  /** The formula as given. */
  readonly formula: string;
  /** The checks of f′ against central differences and of finiteness on [−10, 10]. */
  readonly check: FormulaCheck;
}

const CHECK_POINTS = 400;
/** Points of [−10, 10] with an irrational offset, so that no point sits on a round kink (0, ±1, 6). */
function checkGrid(): number[] {
  const out: number[] = [];
  for (let i = 0; i < CHECK_POINTS; i++) out.push(-10 + (20 * (i + 0.6180339887498949)) / CHECK_POINTS);
  return out;
}

function runChecks(c: Compiled): FormulaCheck {
  const problems: string[] = [];
  let worst: CheckPoint = { x: NaN, value: NaN, reference: NaN, error: -1 };
  let nonFinite: FormulaCheck["nonFinite"] = null;
  let bad: CheckPoint | null = null;
  const grid = checkGrid();
  const fs: number[] = [];
  const ds: number[] = [];
  for (const x of grid) {
    const f = c.fd(x);
    const d = c.slot.d;
    fs.push(f);
    ds.push(d);
    if (!nonFinite && (!Number.isFinite(f) || !Number.isFinite(d))) {
      nonFinite = { x, value: Number.isFinite(f) ? d : f, reference: NaN, error: NaN, what: Number.isFinite(f) ? "f′" : "f" };
      continue;
    }
    if (!Number.isFinite(f) || !Number.isFinite(d)) continue;
    const h = 1e-6 * Math.max(1, Math.abs(x));
    const fp = c.f(x + h);
    const fm = c.f(x - h);
    const central = (fp - fm) / (x + h - (x - h));
    const scale = Math.max(1, Math.abs(d), Math.abs(f));
    let error = Math.abs(d - central) / scale;
    // A kink inside [x − h, x + h]: the one-sided quotient on the right is what f′ means there.
    if (error > 1e-5 && Math.abs(d - (fp - f) / h) / scale < 1e-3) error = 0;
    if (!(error <= worst.error)) worst = { x, value: d, reference: central, error };
    if (!(error <= 1e-5) && (!bad || error > bad.error)) bad = { x, value: d, reference: central, error };
  }
  if (bad) problems.push(`f′ disagrees with a central difference at x = ${fmt(bad.x)}: f′ = ${fmt(bad.value)}, difference = ${fmt(bad.reference)} (the formula may not be differentiable there, or may not mean what was intended)`);
  // A jump of f: neighbouring points further apart than f′ allows, and still apart after
  // halving the interval 40 times (a steep but continuous f closes up; a jump does not).
  for (let i = 1; i < grid.length && !bad; i++) {
    if (![fs[i], fs[i - 1], ds[i], ds[i - 1]].every(Number.isFinite)) continue;
    const step = grid[i] - grid[i - 1];
    if (!(Math.abs(fs[i] - fs[i - 1]) > 2 * step * Math.max(1, Math.abs(ds[i]), Math.abs(ds[i - 1])))) continue;
    let a = grid[i - 1];
    let b = grid[i];
    let fa = fs[i - 1];
    let fb = fs[i];
    for (let k = 0; k < 40; k++) {
      const m = a + (b - a) / 2;
      const fm = c.f(m);
      if (Math.abs(fm - fa) >= Math.abs(fb - fm)) [b, fb] = [m, fm];
      else [a, fa] = [m, fm];
    }
    if (Math.abs(fb - fa) > 1e-6 * Math.max(1, Math.abs(fa), Math.abs(fb))) {
      problems.push(`f jumps at x ≈ ${fmt(a)} (from ${fmt(fa)} to ${fmt(fb)}): the formula is not continuous there, so f′ misses the jump`);
      break;
    }
  }
  if (nonFinite) problems.unshift(`${nonFinite.what} is not finite at x = ${fmt(nonFinite.x)} (${String(nonFinite.value)})`);
  return { ok: problems.length === 0, points: grid.length, worst, nonFinite, problems };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

function sliderOf(d: number): readonly [number, number] {
  if (d > 0) return [0, Math.max(2 * d, 1)];
  if (d < 0) return [Math.min(2 * d, -1), 0];
  return [-1, 1];
}

const GREEK = /^(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|kappa|lambda|mu|nu|xi|rho|sigma|tau|phi|chi|psi|omega)$/;

/** True when every kink-free piece is smooth: no if/abs/min/max and only smooth registry functions. */
function isSmooth(n: Node): boolean {
  switch (n.kind) {
    case "num":
    case "x":
    case "param":
      return true;
    case "neg":
      return isSmooth(n.arg);
    case "bin":
    case "cmp":
      return isSmooth(n.left) && isSmooth(n.right);
    case "call":
    case "dcall": {
      if (["if", "abs", "min", "max", "sqrt"].includes(n.name)) return false;
      const a = activations.find((v) => v.id === n.name);
      return (!a || a.properties.smooth) && n.args.every(isSmooth);
    }
  }
}

/**
 * An activation from a formula over x: the registry's interface (exact `f`/`df` in float64,
 * `forward`/`backward`/`forwardWithDerivative` on Float32Array and Float64Array) with f′
 * derived automatically (forward-mode; the registry's exact f′ wherever a registry function
 * appears; the right-hand derivative at a kink), LaTeX of f and of the simplified f′, and the
 * checks of f′ against central differences on [−10, 10] in `check`.
 *
 * The language: x, numbers, `pi`, `e`, parameters declared after the formula (`; beta = 1.702`),
 * `+ - * / ^` (also `**`), unary minus, `if(cond, a, b)` with `< <= > >= == !=`, `min`, `max`,
 * `abs`, `exp`, `expm1`, `log`, `log1p`, `sqrt`, `sin`, `cos`, `tanh`, `erf`, and every
 * elementwise registry function by id (`sigmoid(x)`, `softplus(x)`, `elu(x, 0.5)`: extra
 * arguments are its parameters). A formula that spells out a registry function (`x*sigmoid(x)`,
 * `x*tanh(log(1 + exp(x)))`) is computed by that function's exact kernel. On arrays the formula
 * runs node by node over blocks of the array (bit for bit f and f′ on a Float64Array); a registry
 * function inside it runs on its array kernels, on a Float32Array with the wasm backend its float32
 * kernel (argument rounded to float32, the value corrected to first order, within 4 ulp).
 *
 * Throws a {@link FormulaError} (message with the column and a caret) for a syntax error, an
 * unknown name (listing the known ones) or a parameter without a default.
 *
 * @example
 * const swish = parseActivation("x*sigmoid(beta*x); beta = 1.702");
 * swish.f(1);                       // 0.8457…
 * swish.df(0);                      // 0.5
 * swish.params[0].name;             // "beta"
 * swish.f(1, { beta: 1 });          // 0.7310585786300049 (silu(1))
 * swish.latex.df;                   // "f'(x) = \\sigma\\left(\\beta\\,x\\right) + …"
 * swish.check.ok;                   // true
 * parseActivation("x*sigmoid(x");   // throws FormulaError: expected "," or ")" … at column 12, with a caret
 */
export function parseActivation(formula: string, options: FormulaOptions = {}): FormulaActivation {
  if (typeof formula !== "string") throw new TypeError(`a formula must be a string, got ${typeof formula}`);
  const text = formula.trim();
  if (text === "") throw new FormulaError("the formula is empty: write an expression in x such as x*sigmoid(x)", formula, -1);
  const parsed = parseFormula(text, options.params ?? {});
  const id = options.id ?? text;
  if (typeof id !== "string" || id === "") throw new TypeError("the id of a formula must be a non-empty string");
  const compute = recognise(parsed.tree);

  const params: ParamSpec[] = parsed.params.map((p) => ({
    name: p.name,
    symbol: GREEK.test(p.name) ? `\\${p.name}` : p.name,
    default: p.default,
    min: -Infinity,
    max: Infinity,
    learnable: false,
    slider: sliderOf(p.default),
    description: { en: `parameter ${p.name} of the formula`, zh: `公式中的参数 ${p.name}` },
  }));
  const name = options.names?.en ?? text;
  const info0 = {
    id,
    name,
    names: { en: name, zh: options.names?.zh ?? name },
    kind: "elementwise",
    latex: { f: `f(x) = ${latex(parsed.tree)}`, df: `f'(x) = ${latex(simplify(derive(parsed.tree)))}` },
    params,
    constants: [],
    range: { min: NaN, max: NaN, latex: "" },
    properties: { monotonic: false, bounded: false, zeroCentred: false, smooth: isSmooth(parsed.tree), saturating: "none" },
    summary: { en: `The formula ${text}.`, zh: `公式 ${text}。` },
    strengths: { en: [], zh: [] },
    weaknesses: { en: [], zh: [] },
    elsewhere: { pytorch: "", tfjs: "actlab/tfjs: tfActivation(formula)" },
    references: [],
    figure: { domain: [-6, 6] },
  } as const satisfies ActivationInfo;

  // One compiled program per set of parameter values (a slider visits a few; keep the last 16).
  const cache = new Map<string, Compiled>();
  let base: Compiled | undefined;
  const compiled = (p: Params | undefined): Compiled => {
    // No parameters given (a network's layer, every call): the defaults' program, without a lookup.
    if (p === undefined && base) return base;
    validateParams(info0, p);
    const env = new Map<string, number>();
    for (const s of params) {
      const v = p?.[s.name];
      env.set(s.name, typeof v === "number" ? v : s.default);
    }
    const key = [...env.values()].join(",");
    let c = cache.get(key);
    if (!c) {
      c = compile(compute, env);
      if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
      cache.set(key, c);
    }
    return c;
  };
  base = compiled(undefined);
  const check = runChecks(base);
  const shape = describeShape(base);
  const info = { ...info0, range: shape.range, properties: { ...shape.properties, smooth: info0.properties.smooth } };

  // A formula that is exactly one registry function of x uses that function's kernels (WASM SIMD for float32).
  const direct =
    compute.kind === "call" && compute.args.length === 1 && compute.args[0].kind === "x" && activations.some((a) => a.id === compute.name)
      ? (getActivation(compute.name) as Activation)
      : null;

  // The array programs (one per compiled parameter set), built on first use.
  const programs = new WeakMap<Compiled, ArrayProgram>();
  const arrays = (p: Params | undefined): ArrayProgram => {
    const c = compiled(p);
    let a = programs.get(c);
    if (!a) {
      a = compileArrays(compute, c);
      programs.set(c, a);
    }
    return a;
  };

  const activation: FormulaActivation = {
    ...info,
    formula: text,
    check,
    f: (x, p) => compiled(p).f(x),
    df: (x, p) => {
      const c = compiled(p);
      c.fd(x);
      return c.slot.d;
    },
    forward<T extends Floats>(x: T, p?: Params, out?: T): T {
      checkInput(id, x);
      checkPartner(id, "out", x, out);
      if (direct) {
        compiled(p); // validates p
        return direct.forward(x, undefined, out);
      }
      const a = arrays(p);
      const y = out ?? alloc(x);
      a.forward(x, y);
      return y;
    },
    backward<T extends Floats>(x: T, dy: T, p?: Params, out?: T): T {
      checkInput(id, x);
      checkPartner(id, "dy", x, dy);
      checkPartner(id, "out", x, out);
      if (out) checkOverlap(id, "out", dy, out, "dy");
      if (direct) {
        compiled(p); // validates p
        return direct.backward(x, dy, undefined, out);
      }
      const a = arrays(p);
      const dx = out ?? alloc(x);
      a.backward(x, dy, dx);
      return dx;
    },
    forwardWithDerivative<T extends Floats>(x: T, p?: Params, y?: T, d?: T): { y: T; d: T } {
      checkInput(id, x);
      checkPartner(id, "y", x, y);
      checkPartner(id, "d", x, d);
      if (y && d) checkOverlap(id, "d", y, d, "y", false);
      if (direct) {
        compiled(p); // validates p
        return direct.forwardWithDerivative(x, undefined, y, d);
      }
      const a = arrays(p);
      const yy = y ?? alloc(x);
      const dd = d ?? alloc(x);
      a.forwardWithDerivative(x, yy, dd);
      return { y: yy, d: dd };
    },
  };
  return activation;
}

/** Range and shape read from the values on [−10, 10] (stated as such, since a formula has no proofs). */
function describeShape(c: Compiled): Pick<ActivationInfo, "range" | "properties"> {
  let lo = Infinity;
  let hi = -Infinity;
  let up = true;
  let down = true;
  const grid = checkGrid();
  for (const x of grid) {
    const v = c.fd(x);
    const d = c.slot.d;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (d < 0) up = false;
    if (d > 0) down = false;
  }
  const dl = (c.fd(-10), Math.abs(c.slot.d));
  const dr = (c.fd(10), Math.abs(c.slot.d));
  const left = dl < 1e-3;
  const right = dr < 1e-3;
  const f0 = c.f(0);
  const fin = Number.isFinite(lo) && Number.isFinite(hi);
  return {
    range: { min: lo, max: hi, latex: fin ? `\\approx [${fmt(lo)}, ${fmt(hi)}] \\text{ on } [-10, 10]` : "" },
    properties: {
      monotonic: up || down,
      bounded: fin && left && right,
      zeroCentred: f0 === 0 && lo < 0 && hi > 0,
      smooth: false,
      saturating: left && right ? "both" : left ? "left" : right ? "right" : "none",
    },
  };
}

/**
 * The activation with this id (built-in or registered), or else the text parsed as a formula and
 * registered under its own text, so that the same string works again as an id (in a worker
 * thread too: send the text, resolve it there).
 *
 * @example
 * resolveActivation("relu").id;                       // "relu"
 * resolveActivation("x*tanh(softplus(x))").f(1);      // 0.8650983882673103 (mish(1))
 * resolveActivation("x*sigmoid(x").id;                // throws FormulaError with a caret at column 12
 */
export function resolveActivation(idOrFormula: string): Activation {
  try {
    return getActivation(idOrFormula);
  } catch (e) {
    // A bare word is a mistyped id, not a formula: keep the registry's message listing the ids.
    if (typeof idOrFormula !== "string" || isBuiltinActivation(idOrFormula) || /^\s*[A-Za-z_][\w-]*\s*$/.test(idOrFormula) && idOrFormula.trim() !== "x") throw e;
  }
  const a = parseActivation(idOrFormula);
  registerActivation(a);
  return a;
}

/**
 * Splits a list of function ids and formulas at the commas that separate items: not at the
 * commas inside parentheses (`max(x, 0)`) or inside quotes; quotes around an item are removed.
 *
 * @example
 * splitFunctionList('relu,"x*sigmoid(x)",max(x, 0.1*x)');   // ["relu", "x*sigmoid(x)", "max(x, 0.1*x)"]
 */
export function splitFunctionList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = "";
  let cur = "";
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = "";
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(") {
      depth++;
      cur += ch;
    } else if (ch === ")") {
      depth = Math.max(0, depth - 1);
      cur += ch;
    } else if (ch === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((s) => s !== "");
}
