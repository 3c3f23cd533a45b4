// A few lines of DOM building, so views read as a tree without a framework.
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "class") el.className = String(v);
    else if (k in el && typeof v !== "string" && k !== "style") (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A number for people: up to `digits` significant digits, U+2212 minus, no trailing noise. */
export function fmt(v: number, digits = 5): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(digits - 1).replace(/\.?0+e/, "e") : String(Number(v.toPrecision(digits)));
  return s.replace("-", "−");
}

/** Reads a CSS custom property of the page (for canvas drawing in the current theme). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Relative luminance (WCAG 2) of an sRGB colour given as 0–255 channels. */
export function luminance(rgb: readonly number[]): number {
  const lin = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** Contrast ratio (WCAG 2) of two sRGB colours. */
export function contrast(a: readonly number[], b: readonly number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** "#1d232b" or "29, 35, 43" as 0–255 channels. */
export function parseRgb(text: string): number[] {
  const t = text.trim();
  if (t.startsWith("#")) {
    const hex = t.length === 4 ? Array.from(t.slice(1), (c) => c + c).join("") : t.slice(1, 7);
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  }
  return t.split(",").map((v) => Number(v));
}

/**
 * Text colour for a cell painted `rgb` at opacity `alpha` over the page: the page's text colour
 * when it reaches WCAG AA contrast (4.5:1) there, else black or white, whichever contrasts more
 * (one of them always reaches 4.58:1).
 */
export function inkOn(bg: readonly number[], rgb: readonly number[], alpha: number, fg: readonly number[]): string {
  const mixed = bg.map((c, i) => c + (rgb[i] - c) * alpha);
  if (contrast(fg, mixed) >= 4.5) return "var(--fg)";
  return contrast([0, 0, 0], mixed) >= contrast([255, 255, 255], mixed) ? "#000" : "#fff";
}
