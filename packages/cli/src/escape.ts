/** Text placed in the pages and tables the CLI writes (the figures' comparison table, the experiment report). */

/** Text as HTML: `&`, `<`, `>` and `"` become entities, so any text is safe in an element or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Text as one Markdown table cell: a `|` would end the cell and a line break the row. */
export function markdownCell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
