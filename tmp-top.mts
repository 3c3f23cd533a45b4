import { goldenActivations } from "./test/support/golden.js";
import { ulpError64 } from "./test/support/ulp.js";
import { moreDefaults } from "./test/golden/more.js";
const [file, fname, dname, id] = process.argv.slice(2);
const m = await import(file);
for (const set of goldenActivations[id]) {
  const ps = Object.values({ ...(moreDefaults[id] ?? {}), ...set.params });
  const rows = set.points.map(({ x, f, df }) => ({ x, uf: ulpError64(m[fname](x, ...ps), f), ud: ulpError64(m[dname](x, ...ps), df), want: df.hi }));
  console.log(id, JSON.stringify(set.params));
  console.log(" f:", rows.sort((a, b) => b.uf - a.uf).slice(0, 4).map((r) => `${r.x}:${r.uf.toFixed(2)}`).join(" "));
  console.log(" df:", rows.sort((a, b) => b.ud - a.ud).slice(0, 4).map((r) => `${r.x}:${r.ud.toFixed(2)}(${r.want})`).join(" "));
}
