/**
 * Issue 20: a formula over an array is evaluated array-at-a-time (formula/arrays.ts: one loop per
 * node over blocks of the input, registry calls through the registry's array functions). These
 * tests hold it to the scalar program:
 * - Float64Array: forward, forwardWithDerivative and backward equal f and f′ element by element,
 *   bit for bit (Object.is, so −0 counts), kinks at exactly their point included, at every length
 *   1..41 and across block boundaries.
 * - Float32Array: with the JS backend, or without registry calls, the float32 rounding of f and f′,
 *   bit for bit; with registry calls on the wasm kernels, every element is what a one-element array
 *   gives (an element does not depend on where it sits), and within the kernels' 4 float32 ulp of
 *   the exact f.
 * - A registry call inside a formula goes through the registry's array function (spied on), and on
 *   a Float32Array with the wasm backend gives the kernel's bits, which the exact scalar path does not.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { getActivation, getKernelBackend, parseActivation, setKernelBackend, wasmKernelSupport, type Floats } from "../../packages/actlab/src/index.js";
import { BLOCK } from "../../packages/actlab/src/formula/arrays.js";

const backend0 = getKernelBackend();
afterEach(() => {
  setKernelBackend(backend0);
  vi.restoreAllMocks();
});

/** Formulas with kinks (if/abs/min/max), language functions, registry calls with and without parameters. */
const FORMULAS = [
  "x*tanh(exp(x))",
  "x*tanh(log(2 + exp(x)))",
  "x/(1 + exp(-x))",
  "x*sigmoid(1.702*x)",
  "if(x > 0, x, 0.5*expm1(x))",
  "if(x > 0, 1 + x, 1 - x)",
  "if(x >= 1, x^3, sqrt(abs(x)) + erf(x))",
  "abs(x) + 2*min(x, 0) - max(x^2 - 1, 0)",
  "max(x, 0.2*x)",
  "min(x, -x) + max(2*x, x)",
  "-x*sigmoid(-x) + x^beta/3 - 2^x + x^0; beta = 2",
  "log1p(x^2)/(1 + x^2) + sin(x)*cos(2*x) - x/4",
  "softplus(x, 2) - elu(x, 0.5) + hardtanh(x) + relu(x - 1)",
  "gelu(x)*tanh(x) - log(sigmoid(x)) + mish(2*x)/x",
];

/** A seeded spread over [−40, 40] with the kinks (0, ±1) and −0, ±∞ and NaN mixed in. */
function inputs(n: number, seed = 7): Float64Array {
  const special = [0, -0, 1, -1, 0.5, Infinity, -Infinity, NaN, 2, -2];
  const x = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    x[i] = i % 5 === 0 ? special[(i / 5) % special.length] : ((s / 2147483648) * 80 - 40) * (i % 3 === 0 ? 0.05 : 1);
  }
  return x;
}

const LENGTHS = [...Array.from({ length: 41 }, (_, i) => i + 1), BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17];

function expectSame(got: Floats, want: (i: number) => number, what: string): void {
  for (let i = 0; i < got.length; i++) {
    const w = want(i);
    if (!Object.is(got[i], w)) expect.fail(`${what} at element ${i}: got ${got[i]}, want ${w}`);
  }
}

describe("formula arrays, float64: bit for bit the scalar f and f′", () => {
  for (const t of FORMULAS) {
    it(t, () => {
      const a = parseActivation(t);
      for (const n of LENGTHS) {
        const x = inputs(n, n);
        const f = Array.from(x, (v) => a.f(v));
        const df = Array.from(x, (v) => a.df(v));
        expectSame(a.forward(x), (i) => f[i], `${t} forward n=${n}`);
        const { y, d } = a.forwardWithDerivative(x);
        expectSame(y, (i) => f[i], `${t} y n=${n}`);
        expectSame(d, (i) => df[i], `${t} d n=${n}`);
        const dy = x.map((_, i) => (i % 4) - 1.5);
        expectSame(a.backward(x, dy), (i) => dy[i] * df[i], `${t} backward n=${n}`);
      }
    });
  }

  it("in place (y over x, dx over dy) and with parameters other than the defaults", () => {
    const a = parseActivation("x*sigmoid(beta*x) + if(x < c, c*x, x); beta = 1.702; c = 0.5");
    const p = { beta: 0.75, c: -1 };
    const x = inputs(3 * BLOCK + 5);
    const f = Array.from(x, (v) => a.f(v, p));
    const df = Array.from(x, (v) => a.df(v, p));
    const y = x.slice();
    const d = new Float64Array(x.length);
    a.forwardWithDerivative(y, p, y, d);
    expectSame(y, (i) => f[i], "y in place");
    expectSame(d, (i) => df[i], "d");
    const z = x.slice();
    a.forward(z, p, z);
    expectSame(z, (i) => f[i], "forward in place");
    const dy = x.map((_, i) => i % 7);
    const g = dy.slice();
    a.backward(x, g, p, g);
    expectSame(g, (i) => dy[i] * df[i], "backward in place");
  });

  it("kinks at exactly their point take the right-hand derivative", () => {
    const x = Float64Array.of(0, -0, 1, -1);
    expect(Array.from(parseActivation("max(x, 0.2*x)").forwardWithDerivative(x).d)).toEqual([1, 1, 1, 0.2]);
    expect(Array.from(parseActivation("min(x, -x)").forwardWithDerivative(x).d)).toEqual([-1, -1, -1, 1]);
    expect(Array.from(parseActivation("abs(x - 1)").forwardWithDerivative(x).d)).toEqual([-1, -1, 1, -1]);
    // The value follows the condition (0 > 0 is false), the derivative the branch right of 0.
    const r = parseActivation("if(x > 0, 1 + 3*x, 1 - x)").forwardWithDerivative(Float64Array.of(0));
    expect([r.y[0], r.d[0]]).toEqual([1, 3]);
  });
});

describe("formula arrays, float32", () => {
  const plain = FORMULAS.filter((t) => !/sigmoid|tanh|softplus|elu|relu|gelu|mish|hardtanh/.test(t));

  it.each(["js", "wasm"] as const)("the float32 rounding of f and f′, bit for bit: every formula with the JS backend, those without registry calls with wasm (%s backend)", (backend) => {
    setKernelBackend(backend);
    for (const t of backend === "js" ? FORMULAS : plain) {
      const a = parseActivation(t);
      for (const n of LENGTHS) {
        const x = Float32Array.from(inputs(n, n));
        const { y, d } = a.forwardWithDerivative(x);
        expectSame(y, (i) => Math.fround(a.f(x[i])), `${t} y n=${n}`);
        expectSame(d, (i) => Math.fround(a.df(x[i])), `${t} d n=${n}`);
        expectSame(a.forward(x), (i) => Math.fround(a.f(x[i])), `${t} forward n=${n}`);
      }
    }
  });

  it.each(["js", "wasm"] as const)("an element's result does not depend on its place or the array's length (%s backend)", (backend) => {
    setKernelBackend(backend);
    for (const t of FORMULAS) {
      const a = parseActivation(t);
      const x = Float32Array.from(inputs(2 * BLOCK + 41));
      const one = Array.from(x, (v) => a.forwardWithDerivative(Float32Array.of(v)));
      const { y, d } = a.forwardWithDerivative(x);
      expectSame(y, (i) => one[i].y[0], `${t} y`);
      expectSame(d, (i) => one[i].d[0], `${t} d`);
      expectSame(a.forward(x), (i) => a.forward(Float32Array.of(x[i]))[0], `${t} forward`);
      for (const n of LENGTHS.slice(0, 41)) expectSame(a.forward(x.subarray(0, n)), (i) => a.forward(Float32Array.of(x[i]))[0], `${t} forward n=${n}`);
    }
  });

  it.each(["js", "wasm"] as const)("values within 4 float32 ulp of the exact f, though the argument of a registry call is rounded to float32 (%s backend)", (backend) => {
    setKernelBackend(backend);
    // sigmoid(1.5·x) at x ≈ −6: rounding u = 1.5·x to float32 alone moves σ(u) by up to 4½ ulp;
    // the first-order correction with the kernel's f′ takes that back.
    for (const t of ["x*sigmoid(1.5*x)", "x*tanh(exp(x))", "x*tanh(log(2 + exp(x)))", "x*sigmoid(1.702*x)", "tanh(x/3)*x + softplus(0.7*x)"]) {
      const a = parseActivation(t);
      const x = new Float32Array(4001).map((_, i) => -12 + (24 * i) / 4000);
      const y = a.forward(x);
      const y2 = a.forwardWithDerivative(x).y;
      for (let i = 0; i < x.length; i++) {
        const exact = a.f(x[i]);
        const tol = 4 * 2 ** -23 * Math.max(Math.abs(exact), 2 ** -126);
        if (!(Math.abs(y[i] - exact) <= tol)) expect.fail(`${t} at x = ${x[i]}: ${y[i]} vs ${exact}`);
        if (!(Math.abs(y2[i] - exact) <= tol)) expect.fail(`${t} (fused) at x = ${x[i]}: ${y2[i]} vs ${exact}`);
      }
    }
  });

  it("an argument beyond float32's range takes the exact scalar f", () => {
    const a = parseActivation("softplus(1e39*x)*1e-39 + tanh(1e39*x)");
    const x = Float32Array.of(1, -1, 0);
    expect(Array.from(a.forward(x))).toEqual(Array.from(x, (v) => Math.fround(a.f(v))));
    expect(Array.from(a.forwardWithDerivative(x).y)).toEqual(Array.from(x, (v) => Math.fround(a.f(v))));
  });
});

describe("registry calls inside a formula run array-at-a-time", () => {
  it("through the registry entry's array function, once per block, never its scalar f", () => {
    const tanh = getActivation("tanh");
    const fd = vi.spyOn(tanh, "forwardWithDerivative");
    const fwd = vi.spyOn(tanh, "forward");
    const f = vi.spyOn(tanh, "f");
    const df = vi.spyOn(tanh, "df");
    const a = parseActivation("x*tanh(exp(x))");
    f.mockClear();
    df.mockClear();
    for (const x of [new Float32Array(BLOCK + 80), new Float64Array(BLOCK + 80)]) {
      fd.mockClear();
      fwd.mockClear();
      x.set(inputs(x.length).map((v) => (Number.isFinite(v) ? v : 0)));
      a.forwardWithDerivative(x);
      expect(fd).toHaveBeenCalledTimes(2); // two blocks
      expect(fd.mock.calls[0][0]).toBeInstanceOf(x.constructor as Float32ArrayConstructor);
      expect(fd.mock.calls[0][0].length).toBe(BLOCK);
      expect(fd.mock.calls[1][0].length).toBe(80);
      a.forward(x);
      expect(fwd.mock.calls.length + fd.mock.calls.length - 2).toBe(2);
    }
    expect(f).not.toHaveBeenCalled();
    expect(df).not.toHaveBeenCalled();
  });

  it.runIf(wasmKernelSupport().available)("on a Float32Array with the wasm backend, the kernel's bits (which the exact path does not give)", () => {
    setKernelBackend("wasm");
    const x = new Float32Array(2001).map((_, i) => -8 + (16 * i) / 2000);
    for (const id of ["tanh", "sigmoid", "gelu"]) {
      const kernel = getActivation(id).forwardWithDerivative(x);
      // Not vacuous: the kernel differs from the exact value rounded to float32 somewhere here.
      expect(x.some((v, i) => kernel.y[i] !== Math.fround(getActivation(id).f(v)))).toBe(true);
      const a = parseActivation(`2*${id}(x)`);
      const { y, d } = a.forwardWithDerivative(x);
      expectSame(y, (i) => 2 * kernel.y[i], `2*${id}(x) y`);
      expectSame(d, (i) => 2 * kernel.d[i], `2*${id}(x) d`);
      expectSame(a.forward(x), (i) => 2 * kernel.y[i], `2*${id}(x) forward`);
    }
  });
});
