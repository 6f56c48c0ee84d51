// The text of a selection as quote.ts's quotableText reads the same passage: a
// typeset formula (KaTeX) becomes its TeX source between dollars, as written, where
// selection.toString() would give KaTeX's glyphs and hidden MathML jumbled together.

const FORMULA = ".katex";

function insideFormula(node: Node): boolean {
  const element = node instanceof Element ? node : node.parentElement;
  return element?.closest(FORMULA) != null;
}

/** The selection's quotable text; null when it starts or ends inside a formula (only whole formulas quote). */
export function selectionText(selection: Selection): string | null {
  if (selection.rangeCount === 0) return "";
  const range = selection.getRangeAt(0);
  if (insideFormula(range.startContainer) || insideFormula(range.endContainer)) return null;
  const fragment = range.cloneContents();
  const formulas = fragment.querySelectorAll(FORMULA);
  if (formulas.length === 0) return selection.toString();
  for (const formula of formulas) {
    const tex = formula.querySelector('annotation[encoding="application/x-tex"]')?.textContent;
    if (tex == null) return null;
    const display = formula.parentElement?.classList.contains("katex-display") ?? false;
    formula.replaceWith(document.createTextNode(display ? `$$${tex}$$` : `$${tex}$`));
  }
  // innerText (line breaks between blocks, as selection.toString() gives) needs a rendered element.
  const holder = document.createElement("div");
  holder.setAttribute("aria-hidden", "true");
  holder.style.cssText = "position:fixed;left:-10000px;top:0;width:600px;white-space:normal";
  holder.append(fragment);
  document.body.append(holder);
  const text = holder.innerText;
  holder.remove();
  return text;
}
