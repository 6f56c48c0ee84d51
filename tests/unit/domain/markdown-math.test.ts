import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Markdown } from "@/app/components/Markdown";
import { locateQuote, quotableText, quoteMatches } from "@/lib/domain/debate/quote";
import { versionDiff } from "@/lib/domain/debate/version-diff";
import { neutraliseMarkdownHtml } from "@/lib/formats/escape";

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));
const renderDiff = (before: string, after: string) => renderToStaticMarkup(createElement(Markdown, { text: after, diff: versionDiff(before, after).parts }));

describe("formulas in the Markdown renderer", () => {
  it("typesets $x$ inline and $$…$$ as a block with KaTeX", () => {
    const html = render("Let $x^2$ be small.\n\n$$\n\\sum_i p_i = 1\n$$");
    expect(html).toContain('class="katex"');
    expect(html).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
    expect(html).toContain('class="katex-display"');
    expect(html).toContain("\\sum_i p_i = 1");
  });

  it("leaves amounts of money alone", () => {
    for (const text of ["It costs $5 and $10 a month.", "Between $5-$10.", "Pay $ 5 or $ 6."]) {
      const html = render(text);
      expect(html).not.toContain("katex");
      expect(html).toContain(text.replace(/\.$/, ""));
    }
    expect(render("Pay \\$5 when $p > 0.5$.")).toContain('<annotation encoding="application/x-tex">p &gt; 0.5</annotation>');
  });

  it("still strips scripts, raw HTML and javascript: links, in text and around formulas", () => {
    const html = render(
      'Hi <script>alert(1)</script> $x$ <img src=x onerror="alert(2)"> [click](javascript:alert(3)) $\\href{javascript:alert(4)}{y}$ $\\htmlClass{evil}{z}$',
    );
    expect(html).not.toMatch(/<script|<img|onerror|="javascript:|class="evil"/i);
    // KaTeX (trust: false) shows \\href and \\htmlClass as inert source text, not as a link or a class.
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('<a href=""');
    expect(html).toContain('class="katex"');
  });

  it("shows a formula it cannot typeset as its source instead of failing", () => {
    expect(render("Broken $\\frac{1}{$ here")).toContain("Broken");
  });

  it("typesets formulas in version diffs and keeps the changes around them marked", () => {
    const html = renderDiff("We bound $a + b$ by one.", "We bound $a + c$ by two.");
    expect(html).toContain('<annotation encoding="application/x-tex">a + c</annotation>');
    expect(html).not.toContain("a + b</annotation>");
    expect(html).toMatch(/<ins>two<\/ins>/);
    expect(html).not.toMatch(/[\uE000-\uE003]/);
  });
});

describe("quoting a passage with formulas", () => {
  const body = "If $p > 0.9$ the **monitor** flags it; it costs $5 and $10.\n\n$$\nE = mc^2\n$$";

  it("quotes a formula as its TeX source between dollars, money as written", () => {
    expect(quotableText(body)).toBe("If $p > 0.9$ the monitor flags it; it costs $5 and $10. $$E = mc^2$$");
    const quote = locateQuote(body, "If $p > 0.9$ the monitor flags");
    expect(quote).toEqual({ text: "If $p > 0.9$ the monitor flags", start: 0, end: 30 });
    expect(quoteMatches(body, quote!)).toBe(true);
    expect(locateQuote(body, "costs $5 and $10")).not.toBeNull();
  });

  it("finds nothing for KaTeX's rendered glyphs (the browser sends the TeX source instead)", () => {
    expect(locateQuote(body, "If p>0.9 the monitor")).toBeNull();
  });
});

describe("Markdown export of formulas", () => {
  it("keeps $…$ source as typed, and still neutralises HTML around it and tags in it", () => {
    expect(neutraliseMarkdownHtml("If $p < 0.5$ and $$\\sum_i x_i \\le 1$$ then <b>x</b>; costs $5 < $10")).toBe(
      "If $p < 0.5$ and $$\\sum_i x_i \\le 1$$ then &lt;b>x</b>; costs $5 &lt; $10".replace("</b>", "&lt;/b>"),
    );
    expect(neutraliseMarkdownHtml("$<script>alert(1)</script>$")).toBe("$&lt;script>alert(1)&lt;/script>$");
  });
});
