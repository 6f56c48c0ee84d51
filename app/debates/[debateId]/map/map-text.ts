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
    const last = lines[lines.length - 1]!;
    lines[lines.length - 1] = last.length >= maxChars ? `${last.slice(0, maxChars - 1)}…` : `${last}…`;
  }
  return lines;
}
