import type { Diagnostics } from "actlab/nn";

/** One line per dense layer under an epoch's line: gradient norm, dead and saturated units. */
export function diagnosticsLines(d: Diagnostics): string[] {
  return d.layers.map((l) => {
    const units = l.hidden ? `  dead ${l.dead}/${l.units}  saturated ${l.saturated}/${l.units}` : "  (output)";
    return `  layer ${l.layer} ${`${l.inputs}→${l.units}`.padEnd(7)} ‖∂L/∂W‖ ${l.gradNorm.toExponential(2)}${units}`;
  });
}

/** Prints each distinct warning once per run (the first epoch it appears), on stderr. */
export function warnOnce(): (d: Diagnostics) => void {
  const seen = new Set<string>();
  return (d) => {
    for (const w of d.warnings) {
      const kind = w.slice(0, w.indexOf(":"));
      const key = kind === "dead units" ? w.replace(/^dead units: \d+ of/, "") : kind;
      if (seen.has(key)) continue;
      seen.add(key);
      process.stderr.write(`actlab: warning: ${w}\n`);
    }
  };
}
