import { goldenActivations } from "./test/support/golden.js";
import { ulpError64 } from "./test/support/ulp.js";
const [file, fname, dname, id] = process.argv.slice(2);
const m = await import(file);
const f = m[fname], df = m[dname];
for (const set of goldenActivations[id]) {
  const ps = Object.values(set.params);
  let wf = { u: 0, x: 0 }, wd = { u: 0, x: 0 };
  for (const { x, f: ef, df: ed } of set.points) {
    const u1 = ulpError64(f(x, ...ps), ef), u2 = ulpError64(df(x, ...ps), ed);
    if (u1 > wf.u) wf = { u: u1, x };
    if (u2 > wd.u) wd = { u: u2, x };
  }
  console.log(id, JSON.stringify(set.params), "f", wf, "df", wd);
}
