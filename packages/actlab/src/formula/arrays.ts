/**
 * Evaluation of a checked syntax tree over whole arrays: each node of the tree runs as one loop
 * over a block of the input (up to BLOCK elements, so its buffers stay in cache), instead of one
 * closure call per node and element. The buffers of every node are made once per compiled
 * program and reused by every call (a view of a shorter length is made only when the length of
 * the last block changes).
 *
 * The arithmetic is the scalar program's (compile.ts), operation for operation, in float64, so on
 * a Float64Array the result equals f and f′ element by element, bit for bit. A registry function
 * inside the formula (tanh(u), sigmoid(u), …) is called once per block on the whole array of its
 * argument, through the registry's own array functions: their exact float64 path (so with the JS
 * backend a Float32Array gets the float32 rounding of f, bit for bit), or, on a Float32Array when
 * the function has a WebAssembly kernel and that backend is on, the kernel on u rounded to
 * float32 (see registryCall).
 */
import type { Activation, Floats, Params } from "../activations/types.js";
import { hasFastPath } from "../kernels/elementwise.js";
import { type CompareOp, type Node, isConstant } from "./ast.js";
import { type Compiled, byId, compareRight, compareValues, erf } from "./compile.js";

/** Elements per block. */
export const BLOCK = 2048;
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** A buffer of BLOCK elements and a cached view of the length of the current block. */
class Scratch<T extends Float64Array | Float32Array> {
  #view: T;
  constructor(readonly full: T) {
    this.#view = full;
  }
  /** The first n elements (n ≤ BLOCK), as a view made only when n changes. */
  view(n: number): T {
    if (this.#view.length !== n) this.#view = (n === BLOCK ? this.full : this.full.subarray(0, n)) as T;
    return this.#view;
  }
}

type Step = (n: number) => void;

/** The array program of one compiled formula. */
export interface ArrayProgram {
  /** y[i] = f(x[i]); y may be x (in place). */
  forward(x: Floats, y: Floats): void;
  /** y[i] = f(x[i]) and d[i] = f′(x[i]); y may be x. */
  forwardWithDerivative(x: Floats, y: Floats, d: Floats): void;
  /** dx[i] = dy[i]·f′(x[i]); dx may be dy. */
  backward(x: Floats, dy: Floats, dx: Floats): void;
}

/** The current block: the input array, the first element of the block, and whether it is float32. */
interface Block {
  x: Floats;
  at: number;
  f32: boolean;
}

const filled = (c: number): Float64Array => new Float64Array(BLOCK).fill(c);

/**
 * A registry call over a block: f(u) into y (and f′(u) into d when given), by the registry's
 * array functions. On float64 blocks, and on float32 blocks of a function without a WebAssembly
 * kernel (or with the JS backend): directly on views of the node buffers (its exact path, so bit
 * for bit the scalar program). On float32 blocks of a function with a kernel, when that backend
 * is on: u is rounded to float32 and goes through the kernel; for a smooth
 * function the rounding of the argument is then undone to first order with the kernel's own
 * f′, f(u) ≈ f(u₃₂) + f′(u₃₂)·(u − u₃₂), so that the value keeps the kernel's accuracy
 * (without it, f(u₃₂) is off by up to |u·f′(u)/f(u)|·2⁻²⁴ relative, 4½ ulp for sigmoid(−9)).
 * An argument that float32 cannot hold (beyond ±3.4e38, or NaN) takes the exact scalar f.
 * f′ is the kernel's f′(u₃₂) as it is.
 */
function registryCall(block: Block, act: Activation, p: Params | undefined, u: Float64Array, y: Float64Array, d: Float64Array | null): Step {
  const u64 = new Scratch(u);
  const y64 = new Scratch(y);
  const d64 = d && new Scratch(d);
  const u32 = new Scratch(new Float32Array(BLOCK));
  const y32 = new Scratch(new Float32Array(BLOCK));
  const d32 = new Scratch(new Float32Array(BLOCK));
  const smooth = act.properties.smooth;
  return (n) => {
    if (block.f32 && hasFastPath(act.id)) {
      const uu = u32.view(n);
      for (let i = 0; i < n; i++) uu[i] = u[i];
      const yy = y32.view(n);
      if (d || smooth) {
        const dd = d32.view(n);
        act.forwardWithDerivative(uu, p, yy, dd);
        for (let i = 0; i < n; i++) {
          const r = u[i] - uu[i];
          const k = dd[i];
          if (r === 0) y[i] = yy[i];
          else if (r - r === 0) y[i] = smooth ? yy[i] + k * r : yy[i];
          else {
            y[i] = act.f(u[i], p);
            if (d) d[i] = act.df(u[i], p);
            continue;
          }
          if (d) d[i] = k;
        }
      } else {
        act.forward(uu, p, yy);
        for (let i = 0; i < n; i++) {
          const r = u[i] - uu[i];
          y[i] = r - r === 0 ? yy[i] : act.f(u[i], p);
        }
      }
    } else if (d64) act.forwardWithDerivative(u64.view(n), p, y64.view(n), d64.view(n));
    else act.forward(u64.view(n), p, y64.view(n));
  };
}

function comparator(op: CompareOp): (a: number, b: number) => boolean {
  return (a, b) => compareValues(op, a, b);
}

/** The array program of `tree` with the parameter values of the scalar program `c`. */
export function compileArrays(tree: Node, c: Compiled): ArrayProgram {
  const block: Block = { x: new Float64Array(0), at: 0, f32: false };

  /** The block of x as float64, copied once per pass (by the first step of the pass that reads it). */
  const xs = new Map<Step[], Float64Array>();
  function xOf(steps: Step[]): Float64Array {
    let out = xs.get(steps);
    if (!out) {
      const buf = new Float64Array(BLOCK);
      out = buf;
      xs.set(steps, buf);
      steps.push((m) => {
        const { x, at } = block;
        for (let i = 0; i < m; i++) buf[i] = x[at + i];
      });
    }
    return out;
  }

  // ---- f alone (mirrors compile.ts's raw/callValue) ----
  function values(steps: Step[], n: Node): Float64Array {
    if (n.kind === "x") return xOf(steps);
    if (isConstant(n)) return filled(c.constant(n));
    const out = new Float64Array(BLOCK);
    switch (n.kind) {
      case "neg": {
        const a = values(steps, n.arg);
        steps.push((m) => {
          for (let i = 0; i < m; i++) out[i] = -a[i];
        });
        return out;
      }
      case "bin": {
        const a = values(steps, n.left);
        const b = values(steps, n.right);
        switch (n.op) {
          case "+":
            steps.push((m) => {
              for (let i = 0; i < m; i++) out[i] = a[i] + b[i];
            });
            break;
          case "-":
            steps.push((m) => {
              for (let i = 0; i < m; i++) out[i] = a[i] - b[i];
            });
            break;
          case "*":
            steps.push((m) => {
              for (let i = 0; i < m; i++) out[i] = a[i] * b[i];
            });
            break;
          case "/":
            steps.push((m) => {
              for (let i = 0; i < m; i++) out[i] = a[i] / b[i];
            });
            break;
          case "^":
            if (isConstant(n.right) && c.constant(n.right) === 2) {
              steps.push((m) => {
                for (let i = 0; i < m; i++) out[i] = a[i] * a[i];
              });
            } else {
              steps.push((m) => {
                for (let i = 0; i < m; i++) out[i] = Math.pow(a[i], b[i]);
              });
            }
            break;
        }
        return out;
      }
      case "call":
      case "dcall":
        callValues(steps, n, out);
        return out;
      default:
        throw new Error("internal: unexpected node in an array program");
    }
  }

  function unary(steps: Step[], arg: Node, out: Float64Array, g: (u: number) => number): void {
    const a = values(steps, arg);
    steps.push((m) => {
      for (let i = 0; i < m; i++) out[i] = g(a[i]);
    });
  }

  function callValues(steps: Step[], n: Extract<Node, { kind: "call" | "dcall" }>, out: Float64Array): void {
    if (n.kind === "call") {
      switch (n.name) {
        case "exp":
          return unary(steps, n.args[0], out, Math.exp);
        case "expm1":
          return unary(steps, n.args[0], out, Math.expm1);
        case "log":
          return unary(steps, n.args[0], out, Math.log);
        case "log1p":
          return unary(steps, n.args[0], out, Math.log1p);
        case "sqrt":
          return unary(steps, n.args[0], out, Math.sqrt);
        case "sin":
          return unary(steps, n.args[0], out, Math.sin);
        case "cos":
          return unary(steps, n.args[0], out, Math.cos);
        case "erf":
          return unary(steps, n.args[0], out, erf);
        case "abs":
          return unary(steps, n.args[0], out, Math.abs);
        case "min":
        case "max": {
          const a = values(steps, n.args[0]);
          const b = values(steps, n.args[1]);
          const g = n.name === "min" ? Math.min : Math.max;
          steps.push((m) => {
            for (let i = 0; i < m; i++) out[i] = g(a[i], b[i]);
          });
          return;
        }
        case "if": {
          const cond = n.args[0] as Extract<Node, { kind: "cmp" }>;
          const l = values(steps, cond.left);
          const r = values(steps, cond.right);
          const a = values(steps, n.args[1]);
          const b = values(steps, n.args[2]);
          const test = comparator(cond.op);
          steps.push((m) => {
            for (let i = 0; i < m; i++) {
              const lv = l[i];
              const rv = r[i];
              // NaN in, NaN out: a condition on NaN picks no branch.
              out[i] = lv !== lv || rv !== rv ? NaN : test(lv, rv) ? a[i] : b[i];
            }
          });
          return;
        }
      }
    }
    const act = byId.get(n.name)!;
    const p = c.registryParams(act, n.args);
    const u = values(steps, n.args[0]);
    // dcall: f′ of the registry function (its f goes to a buffer nobody reads).
    steps.push(n.kind === "dcall" ? registryCall(block, act, p, u, new Float64Array(BLOCK), out) : registryCall(block, act, p, u, out, null));
  }

  // ---- f and f′ together (mirrors compile.ts's dual/binDual/callDual/ifDual) ----
  interface Dual {
    readonly v: Float64Array;
    readonly d: Float64Array;
  }

  function dual(steps: Step[], n: Node): Dual {
    if (n.kind === "x") return { v: xOf(steps), d: filled(1) };
    if (isConstant(n)) return { v: filled(c.constant(n)), d: filled(0) };
    const v = new Float64Array(BLOCK);
    const d = new Float64Array(BLOCK);
    const out: Dual = { v, d };
    switch (n.kind) {
      case "neg": {
        const { v: a, d: da } = dual(steps, n.arg);
        steps.push((m) => {
          for (let i = 0; i < m; i++) {
            d[i] = -da[i];
            v[i] = -a[i];
          }
        });
        return out;
      }
      case "bin":
        binDual(steps, n, out);
        return out;
      case "call":
      case "dcall":
        callDual(steps, n, out);
        return out;
      default:
        throw new Error("internal: unexpected node in a derivative");
    }
  }

  function binDual(steps: Step[], n: Extract<Node, { kind: "bin" }>, { v, d }: Dual): void {
    const A = dual(steps, n.left);
    const B = dual(steps, n.right);
    const [a, da, b, db] = [A.v, A.d, B.v, B.d];
    let step: Step;
    switch (n.op) {
      case "+":
        step = (m) => {
          for (let i = 0; i < m; i++) {
            d[i] = da[i] + db[i];
            v[i] = a[i] + b[i];
          }
        };
        break;
      case "-":
        step = (m) => {
          for (let i = 0; i < m; i++) {
            d[i] = da[i] - db[i];
            v[i] = a[i] - b[i];
          }
        };
        break;
      case "*":
        if (isConstant(n.left)) {
          const k = c.constant(n.left);
          step = (m) => {
            for (let i = 0; i < m; i++) {
              d[i] = k * db[i];
              v[i] = k * b[i];
            }
          };
        } else if (isConstant(n.right)) {
          const k = c.constant(n.right);
          step = (m) => {
            for (let i = 0; i < m; i++) {
              d[i] = da[i] * k;
              v[i] = a[i] * k;
            }
          };
        } else {
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              const w = b[i];
              d[i] = da[i] * w + u * db[i];
              v[i] = u * w;
            }
          };
        }
        break;
      case "/":
        if (isConstant(n.right)) {
          const k = c.constant(n.right);
          step = (m) => {
            for (let i = 0; i < m; i++) {
              d[i] = da[i] / k;
              v[i] = a[i] / k;
            }
          };
        } else {
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const w = b[i];
              const q = a[i] / w;
              d[i] = (da[i] - q * db[i]) / w;
              v[i] = q;
            }
          };
        }
        break;
      case "^": {
        if (isConstant(n.right)) {
          const k = c.constant(n.right);
          if (k === 2) {
            step = (m) => {
              for (let i = 0; i < m; i++) {
                const u = a[i];
                d[i] = 2 * u * da[i];
                v[i] = u * u;
              }
            };
          } else if (k === 0) {
            step = (m) => {
              for (let i = 0; i < m; i++) {
                const u = a[i];
                d[i] = u === u ? 0 : NaN;
                v[i] = 1;
              }
            };
          } else {
            step = (m) => {
              for (let i = 0; i < m; i++) {
                const u = a[i];
                d[i] = k * Math.pow(u, k - 1) * da[i];
                v[i] = Math.pow(u, k);
              }
            };
          }
        } else {
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              const du = da[i];
              const w = b[i];
              const dw = db[i];
              const r = Math.pow(u, w);
              d[i] = dw === 0 ? w * Math.pow(u, w - 1) * du : r * (dw * Math.log(u) + (w * du) / u);
              v[i] = r;
            }
          };
        }
        break;
      }
    }
    steps.push(step);
  }

  function callDual(steps: Step[], n: Extract<Node, { kind: "call" | "dcall" }>, out: Dual): void {
    const { v, d } = out;
    if (n.kind === "call" && n.name === "if") return ifDual(steps, n, out);
    if (n.kind === "call" && ["exp", "expm1", "log", "log1p", "sqrt", "sin", "cos", "erf", "abs", "min", "max"].includes(n.name)) {
      const A = dual(steps, n.args[0]);
      const a = A.v;
      const da = A.d;
      let step: Step;
      switch (n.name) {
        case "exp":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const e = Math.exp(a[i]);
              d[i] = e * da[i];
              v[i] = e;
            }
          };
          break;
        case "expm1":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              d[i] = Math.exp(u) * da[i];
              v[i] = Math.expm1(u);
            }
          };
          break;
        case "log":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              d[i] = da[i] / u;
              v[i] = Math.log(u);
            }
          };
          break;
        case "log1p":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              d[i] = da[i] / (1 + u);
              v[i] = Math.log1p(u);
            }
          };
          break;
        case "sqrt":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const s = Math.sqrt(a[i]);
              d[i] = da[i] / (2 * s);
              v[i] = s;
            }
          };
          break;
        case "sin":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              d[i] = Math.cos(u) * da[i];
              v[i] = Math.sin(u);
            }
          };
          break;
        case "cos":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              d[i] = -Math.sin(u) * da[i];
              v[i] = Math.cos(u);
            }
          };
          break;
        case "erf":
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              d[i] = TWO_OVER_SQRT_PI * Math.exp(-u * u) * da[i];
              v[i] = erf(u);
            }
          };
          break;
        case "abs":
          // At u = 0 the right-hand derivative of |u| is |u′|.
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              const du = da[i];
              d[i] = u > 0 ? du : u < 0 ? -du : u === 0 ? Math.abs(du) : NaN;
              v[i] = Math.abs(u);
            }
          };
          break;
        default: {
          // min, max: at a tie the smaller (larger) slope is the branch that holds just right of x.
          const B = dual(steps, n.args[1]);
          const b = B.v;
          const db = B.d;
          const isMin = n.name === "min";
          step = (m) => {
            for (let i = 0; i < m; i++) {
              const u = a[i];
              const du = da[i];
              const w = b[i];
              const dw = db[i];
              const takeU = u === w ? (isMin ? du <= dw : du >= dw) : isMin ? u < w : u > w;
              d[i] = u !== u || w !== w ? NaN : takeU ? du : dw;
              v[i] = isMin ? Math.min(u, w) : Math.max(u, w);
            }
          };
        }
      }
      steps.push(step);
      return;
    }
    if (n.kind === "dcall") throw new Error("internal: second derivatives are not supported");
    const act = byId.get(n.name)!;
    const p = c.registryParams(act, n.args);
    const U = dual(steps, n.args[0]);
    const k = new Float64Array(BLOCK);
    const run = registryCall(block, act, p, U.v, v, k);
    const du = U.d;
    steps.push((m) => {
      run(m);
      for (let i = 0; i < m; i++) d[i] = k[i] * du[i];
    });
  }

  function ifDual(steps: Step[], n: Extract<Node, { kind: "call" }>, { v, d }: Dual): void {
    const cond = n.args[0] as Extract<Node, { kind: "cmp" }>;
    const L = dual(steps, cond.left);
    const R = dual(steps, cond.right);
    const A = dual(steps, n.args[1]);
    const B = dual(steps, n.args[2]);
    const op = cond.op;
    const [l, dl, r, dr, a, da, b, db] = [L.v, L.d, R.v, R.d, A.v, A.d, B.v, B.d];
    steps.push((m) => {
      for (let i = 0; i < m; i++) {
        const lv = l[i];
        const rv = r[i];
        if (lv !== lv || rv !== rv) {
          d[i] = NaN;
          v[i] = NaN;
          continue;
        }
        const byValue = compareValues(op, lv, rv);
        const bySlope = compareRight(op, lv, dl[i], rv, dr[i]);
        // At a tie the value follows the condition, the derivative the branch right of x.
        v[i] = byValue ? a[i] : b[i];
        d[i] = bySlope ? da[i] : db[i];
      }
    });
  }

  // Built on first use of each pass (the values pass serves forward, the dual pass the others).
  let fPass: { readonly steps: Step[]; readonly root: Float64Array } | undefined;
  let dPass: { readonly steps: Step[]; readonly root: Dual } | undefined;
  const valuesPass = () => {
    if (!fPass) {
      const steps: Step[] = [];
      fPass = { steps, root: values(steps, tree) };
    }
    return fPass;
  };
  const dualPass = () => {
    if (!dPass) {
      const steps: Step[] = [];
      dPass = { steps, root: dual(steps, tree) };
    }
    return dPass;
  };
  const run = (steps: Step[], x: Floats, at: number, m: number): void => {
    block.x = x;
    block.at = at;
    block.f32 = x instanceof Float32Array;
    for (let s = 0; s < steps.length; s++) steps[s](m);
  };

  return {
    forward(x, y) {
      const { steps, root: r } = valuesPass();
      for (let at = 0; at < x.length; at += BLOCK) {
        const m = Math.min(BLOCK, x.length - at);
        run(steps, x, at, m);
        for (let i = 0; i < m; i++) y[at + i] = r[i];
      }
    },
    forwardWithDerivative(x, y, d) {
      const { steps, root: r } = dualPass();
      for (let at = 0; at < x.length; at += BLOCK) {
        const m = Math.min(BLOCK, x.length - at);
        run(steps, x, at, m);
        for (let i = 0; i < m; i++) {
          y[at + i] = r.v[i];
          d[at + i] = r.d[i];
        }
      }
    },
    backward(x, dy, dx) {
      const { steps, root: r } = dualPass();
      for (let at = 0; at < x.length; at += BLOCK) {
        const m = Math.min(BLOCK, x.length - at);
        run(steps, x, at, m);
        for (let i = 0; i < m; i++) dx[at + i] = dy[at + i] * r.d[i];
      }
    },
  };
}
