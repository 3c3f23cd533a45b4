/** escapeHtml and markdownCell (packages/cli/src/escape.ts): text placed in the pages and tables the CLI writes. */
import { describe, expect, it } from "vitest";
import { escapeHtml, markdownCell } from "../../packages/cli/src/escape.js";

describe("escapeHtml(s)", () => {
  it('escapeHtml(\'<a href="x">Tom & Jerry</a>\') turns the four special characters into entities', () => {
    expect(escapeHtml('<a href="x">Tom & Jerry</a>')).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;");
  });

  it("escapeHtml escapes & first, so an entity in the text is shown as written; every occurrence is escaped", () => {
    expect(escapeHtml("&lt; && <<")).toBe("&amp;lt; &amp;&amp; &lt;&lt;");
    expect(escapeHtml('x > 0 and y > 0, "a" "b"')).toBe("x &gt; 0 and y &gt; 0, &quot;a&quot; &quot;b&quot;");
  });

  it("escapeHtml leaves other text alone, apostrophes and CJK included", () => {
    expect(escapeHtml("The article's eight：原文")).toBe("The article's eight：原文");
  });
});

describe("markdownCell(s)", () => {
  it("markdownCell('for large |x|') escapes every | so the cell does not split", () => {
    expect(markdownCell("for large |x| and |y|")).toBe("for large \\|x\\| and \\|y\\|");
  });

  it("markdownCell joins lines with spaces: a line break would end the table row", () => {
    expect(markdownCell("one\ntwo\nthree")).toBe("one two three");
  });
});
