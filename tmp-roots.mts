import { Decimal } from "decimal.js";
const D = Decimal.clone({ precision: 80 });
type Dec = InstanceType<typeof D>;
const ONE = new D(1), PI = D.acos(-1);
const sig = (v: Dec) => ONE.div(ONE.plus(v.neg().exp()));
const Phi = (x: Dec) => { const x2 = x.pow(2); let t = x, s = x; for (let n = 1; n < 300; n++) { t = t.times(x2).div(2 * n + 1); s = s.plus(t); } return x2.div(-2).exp().div(PI.times(2).sqrt()).times(s).plus(0.5); };
const phi = (x: Dec) => x.pow(2).div(-2).exp().div(PI.times(2).sqrt());
const K2 = new D(2).times(new D(2).div(PI).sqrt()), C = new D("0.044715");
const gs: Record<string, (x: Dec) => Dec> = {
  gelu: (x) => Phi(x).plus(x.times(phi(x))),
  silu: (x) => sig(x).times(ONE.plus(x.times(sig(x.neg())))),
  mish: (x) => { const e = x.exp(), n = e.times(e.plus(2)); const t = n.div(n.plus(2)); return t.plus(x.times(sig(x)).times(n.plus(1).times(4).div(n.plus(2).pow(2)))); },
  "gelu-tanh": (x) => { const w = K2.times(x.plus(C.times(x.pow(3)))); const dw = K2.times(ONE.plus(C.times(3).times(x.pow(2)))); return sig(w).times(ONE.plus(x.times(sig(w.neg())).times(dw))); },
};
const starts: Record<string, number> = { gelu: -0.75, silu: -1.28, mish: -1.19, "gelu-tanh": -0.75 };
for (const [id, g] of Object.entries(gs)) {
  let x = new D(starts[id]);
  const h = new D("1e-30");
  for (let i = 0; i < 60; i++) { const d = g(x.plus(h)).minus(g(x.minus(h))).div(h.times(2)); x = x.minus(g(x).div(d)); }
  const hh = new D("1e-12");
  const c1 = g(x.plus(hh)).minus(g(x.minus(hh))).div(hh.times(2));
  const c2 = g(x.plus(hh)).plus(g(x.minus(hh))).minus(g(x).times(2)).div(hh.pow(2)).div(2);
  const hi = x.toNumber(); const lo = x.minus(new D(hi.toPrecision(60))).toNumber();
  console.log(id, `[${hi}, ${lo}]`, "c1", c1.toNumber(), "c2", c2.toNumber(), "g(x)", g(x).toExponential(3));
}
