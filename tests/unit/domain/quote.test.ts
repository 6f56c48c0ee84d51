import { describe, expect, it } from "vitest";
import { locateQuote, normalizeQuoteText, quotableText, quoteMatches } from "@/lib/domain/debate/quote";

// Issue #13: quoting failed on any passage with formatting, because the rendered
// selection was searched for in the Markdown source.

describe("quotableText: what a reader sees", () => {
  it("drops inline formatting and keeps the words", () => {
    expect(quotableText("Rotate the keys **every ninety days** and keep the [audit log](https://example.org/a) for `seven` years.")).toBe(
      "Rotate the keys every ninety days and keep the audit log for seven years.",
    );
    expect(quotableText("_a_ ~~b~~ *c* <https://x.example/> www.y.example &amp; \\*d\\*")).toBe("a b c https://x.example/ www.y.example & *d*");
  });

  it("separates blocks (paragraphs, headings, lists, tables, code) by one space and drops raw HTML tags (their text stays, as on the page)", () => {
    const md = "# Plan\n\nFirst  para\nwith a soft break.\n\n- one\n- **two**\n\n| a | b |\n|---|---|\n| c | d |\n\n```\ncode  here\n```\n\n<b>raw</b> text";
    expect(quotableText(md)).toBe("Plan First para with a soft break. one two a b c d code here raw text");
  });

  it("shows images as the page does", () => {
    expect(quotableText("See ![a diagram](https://x.example/d.png) here")).toBe("See [image: a diagram] here");
  });
});

describe("locateQuote and quoteMatches", () => {
  const md = "Rotate the keys **every ninety days** and keep the [audit log](https://example.org/a) for `seven` years.\n\nNothing else.";

  it("finds a selection made across bold text, a link and code, and the server accepts it", () => {
    // The browser's selection text: rendered words, with a newline where blocks meet.
    const quote = locateQuote(md, "keys every ninety days and keep the audit log for seven years.\n\nNothing")!;
    expect(quote).toEqual({ text: "keys every ninety days and keep the audit log for seven years. Nothing", start: 11, end: 11 + quote.text.length });
    expect(quoteMatches(md, quote)).toBe(true);
  });

  it("is strict: other text, other offsets, Markdown source or a wrong length are refused", () => {
    const quote = locateQuote(md, "every ninety days")!;
    expect(quoteMatches(md, quote)).toBe(true);
    expect(quoteMatches(md, { ...quote, text: "every ninety dayz" })).toBe(false);
    expect(quoteMatches(md, { ...quote, start: quote.start + 1, end: quote.end + 1 })).toBe(false);
    expect(quoteMatches(md, { ...quote, end: quote.end + 1 })).toBe(false);
    expect(locateQuote(md, "**every ninety days**")).toBeNull();
    const source = md.indexOf("**every");
    expect(quoteMatches(md, { text: "**every ninety days**", start: source, end: source + 21 })).toBe(false);
    expect(locateQuote(md, "   ")).toBeNull();
    expect(locateQuote(md, "not in it")).toBeNull();
  });

  it("plain text without Markdown quotes at the same offsets as before", () => {
    const body = "Cats are the best pets because they are quiet and clean.";
    const start = body.indexOf("quiet");
    expect(locateQuote(body, "quiet")).toEqual({ text: "quiet", start, end: start + 5 });
  });

  it("normalizeQuoteText collapses whitespace of any kind", () => {
    expect(normalizeQuoteText("  a\n\n b\t\u00a0c ")).toBe("a b c");
  });
});
