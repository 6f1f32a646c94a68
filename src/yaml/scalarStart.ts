/**
 * Where a scalar starts when js-yaml does not say: block scalars (js-yaml gives only their
 * content, which begins on the line after the `|`/`>` header) and empty nodes (no text at all).
 *
 * Input: the text the parser saw and an offset into it. Output: an offset into the same text.
 * Contract: pure scans of one line or of blanks and comments; never past the text's end.
 */

/**
 * The `|` or `>` of a block scalar whose content starts at `contentStart`: on the header line,
 * the first `|`/`>` after a blank (or at the line start) that is followed only by indentation and
 * chomping indicators and an optional comment. Falls back to `contentStart`.
 */
export function blockIndicator(text: string, contentStart: number): number {
  const headerEnd = contentStart > 0 && text[contentStart - 1] === '\n' ? contentStart - 1 : contentStart;
  const headerStart = text.lastIndexOf('\n', headerEnd - 1) + 1;
  const line = text.slice(headerStart, headerEnd);
  const m = /(?<=^|[ \t])[|>][0-9+-]*[ \t]*(?:#.*)?\r?$/.exec(line);
  return m ? headerStart + m.index : contentStart;
}

/**
 * The first offset at or after `from` that is not blank or inside a comment: for an empty value
 * right after its key, the `:`; for an empty sequence item, its `-`.
 */
export function nextToken(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else return i;
  }
  return Math.min(from, Math.max(text.length - 1, 0));
}
