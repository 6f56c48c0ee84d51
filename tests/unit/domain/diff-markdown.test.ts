import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { diffAsMarkdown, DIFF_MARKS, splitMarked, stripDiffMarks } from "@/lib/domain/debate/diff-markdown";
import { versionDiff } from "@/lib/domain/debate/version-diff";
import { Markdown } from "@/app/components/Markdown";

const rendered = (before: string, after: string) => renderToStaticMarkup(createElement(Markdown, { text: after, diff: versionDiff(before, after).parts }));

describe("diffAsMarkdown", () => {
  it("without changes is the new text itself", () => {
    expect(diffAsMarkdown(versionDiff("# Plan\n\n- a\n- b", "# Plan\n\n- a\n- b").parts)).toBe("# Plan\n\n- a\n- b");
  });

  it("brackets changed words and keeps the surrounding whitespace outside the marks", () => {
    const md = diffAsMarkdown([
      { text: "Route every answer through ", change: "same" },
      { text: "a trusted monitor", change: "removed" },
      { text: "two monitors", change: "added" },
      { text: ".", change: "same" },
    ]);
    expect(md).toBe(`Route every answer through ${DIFF_MARKS.delStart}a trusted monitor${DIFF_MARKS.delEnd}${DIFF_MARKS.insStart}two monitors${DIFF_MARKS.insEnd}.`);
  });

  it("never puts a mark before block syntax at the start of a line", () => {
    const md = diffAsMarkdown([
      { text: "Intro.\n\n", change: "same" },
      { text: "## New heading\n\n- new item", change: "added" },
    ]);
    expect(md).toBe(`Intro.\n\n## ${DIFF_MARKS.insStart}New heading\n\n- new item${DIFF_MARKS.insEnd}`);
  });

  it("leaves out removed runs that are only formatting, so the new formatting wins", () => {
    expect(diffAsMarkdown([{ text: "**", change: "removed" }, { text: "bold", change: "same" }, { text: "**", change: "removed" }])).toBe("bold");
  });

  it("drops marks a user typed into the text", () => {
    expect(stripDiffMarks(`a${DIFF_MARKS.insStart}b`)).toBe("ab");
    expect(diffAsMarkdown([{ text: `x${DIFF_MARKS.delEnd}y`, change: "same" }])).toBe("xy");
  });
});

describe("splitMarked", () => {
  it("carries the state across text runs (a change spanning elements)", () => {
    const first = splitMarked(`keep ${DIFF_MARKS.insStart}new`, "same");
    expect(first.segments).toEqual([{ text: "keep ", state: "same" }, { text: "new", state: "added" }]);
    expect(first.state).toBe("added");
    const second = splitMarked(`still new${DIFF_MARKS.insEnd} old`, first.state);
    expect(second.segments).toEqual([{ text: "still new", state: "added" }, { text: " old", state: "same" }]);
  });
});

describe("the rendered diff", () => {
  it("shows formatted text with insertions and deletions marked, not Markdown source", () => {
    const html = rendered("Route **every** answer through a trusted monitor.", "Route **every** answer through two independent monitors.");
    expect(html).toContain("<strong>every</strong>");
    expect(html).not.toContain("**");
    expect(html).toMatch(/<del>[^<]*trusted[^<]*<\/del>/);
    expect(html).toMatch(/<ins>[^<]*independent[^<]*<\/ins>/);
    expect(html).not.toMatch(/[\uE000-\uE003]/);
  });

  it("keeps a new heading and list a heading and a list, marked as inserted", () => {
    const html = rendered("Plan.", "Plan.\n\n## Safeguards\n\n- audit logs\n- rate limits");
    expect(html).toMatch(/<h2><ins>Safeguards<\/ins><\/h2>/);
    expect(html).toMatch(/<li><ins>audit logs<\/ins><\/li>/);
    expect(html).toMatch(/<li><ins>rate limits<\/ins><\/li>/);
  });

  it("keeps link targets clean when the link text changes", () => {
    const html = rendered("See [the old spec](https://example.org/spec).", "See [the new spec](https://example.org/spec).");
    expect(html).toContain('href="https://example.org/spec"');
    expect(html).toMatch(/<a [^>]*>the <del>old<\/del><ins>new<\/ins> spec<\/a>/);
  });

  it("shows a rewritten version as the new text inserted, formatted", () => {
    const html = renderToStaticMarkup(createElement(Markdown, { text: "", diff: [{ text: "old text", change: "removed" }, { text: "**new** text", change: "added" }] }));
    expect(html).toContain("<del>old text</del>");
    expect(html).toContain("<strong><ins>new</ins></strong>");
  });
});
