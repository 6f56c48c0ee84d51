// Text helpers for the map's SVG boxes (SVG text does not wrap by itself).

/** Up to `maxLines` lines of at most `maxChars`, broken at spaces; an ellipsis when cut. */
export function wrapLines(text: string, maxChars: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, " ").trim().split(" ").filter(Boolean);
  const lines: string[] = [];
  let line = "";
  let i = 0;
  for (; i < words.length; i++) {
    let word = words[i]!;
    if (word.length > maxChars) word = `${word.slice(0, maxChars - 1)}…`;
    const next = line ? `${line} ${word}` : word;
    if (next.length <= maxChars) {
      line = next;
      continue;
    }
    lines.push(line);
    line = word;
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && line) {
    lines.push(line);
    line = "";
  }
  const cut = i < words.length || line !== "";
  if (cut && lines.length) {
    // Cut at a word boundary, so the shown words are whole (screen readers and axe compare them with the name).
    let last = lines[lines.length - 1]!;
    while (last.length + 1 > maxChars && last.includes(" ")) last = last.slice(0, last.lastIndexOf(" "));
    lines[lines.length - 1] = `${last.length + 1 > maxChars ? last.slice(0, maxChars - 1) : last}…`;
  }
  return lines;
}
