/**
 * Cutting a file's text into documents before parsing, and bounding what a parse can cost.
 *
 * Input: the whole text. Output: `[start, end)` ranges, one per document (plus ranges that hold
 * only comments or whitespace, which parse to nothing). The loader parses each range on its own,
 * so a syntax error loses only its own document, and the parser's event array never holds more
 * than one document.
 *
 * Why a textual cut is faithful: YAML forbids a document marker (`---` or `...` at column 1,
 * followed by a space or the line end) inside a document's content, even inside block or quoted
 * scalars, so such a line always starts or ends a document. Directives (`%YAML`, `%TAG`) and
 * comments before a `---` stay with the document that `---` starts.
 */

export interface Range {
  start: number;
  end: number;
  /** False for a range of only comments, blanks or directives, which holds no document. */
  isDocument: boolean;
}

function isMarker(text: string, at: number, mark: string): boolean {
  if (!text.startsWith(mark, at)) return false;
  const c = text[at + 3];
  return c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** True when the line holds something other than blanks, a comment or a directive. */
function isContentLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') continue;
    return !(c === '#' || (c === '%' && i === from));
  }
  return false;
}

export function splitDocuments(text: string): Range[] {
  const out: Range[] = [];
  let start = 0;
  // Whether the current range already holds a document (content or a `---`); a later `---`
  // then starts a new one. Before that, `---` belongs to the comments and directives above it.
  let isDocument = false;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 ? text.length : nl + 1;
    if (isMarker(text, pos, '---')) {
      if (isDocument) {
        out.push({ start, end: pos, isDocument });
        start = pos;
      }
      isDocument = true;
    } else if (isMarker(text, pos, '...')) {
      out.push({ start, end: next, isDocument });
      start = next;
      isDocument = false;
    } else if (!isDocument && isContentLine(text, pos, next)) {
      isDocument = true;
    }
    pos = next;
  }
  if (start < text.length) out.push({ start, end: text.length, isDocument });
  return out;
}

function isBlankOrEnd(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/**
 * An upper bound on the number of nodes the text in `[start, end)` can parse to, computed in one
 * cheap pass, so that a hostile document (`{a,a,a,…}` packs a node into every byte) is refused
 * before the parser allocates an event per node.
 *
 * Why it bounds: every node begins at the document start or after a line break or an indicator
 * (`,` `[` `{` always; `-` `?` and `:` when they act as indicators), and one such place starts at
 * most two nodes, a collection and its first entry (`- a: 1`: the `-` starts the mapping and its
 * key `a`; `{a, b}`: the `,` starts the key `b` and its empty value). So nodes ≤ 2 × the count.
 * Ordinary YAML counts about one per node (colons in URLs and hyphens in names do not count), so
 * its bound is about twice its real size.
 */
export function nodeUpperBound(text: string, start: number, end: number): number {
  let count = 1;
  for (let i = start; i < end; i++) {
    switch (text.charCodeAt(i)) {
      case 0x2c: // ,
      case 0x5b: // [
      case 0x7b: // {
      case 0x0a: // \n
        count++;
        break;
      case 0x2d: // -
      case 0x3f: // ?
        if (isBlankOrEnd(i + 1 < end ? text[i + 1] : undefined)) count++;
        break;
      case 0x3a: {
        // `:` is an indicator before a blank or a flow bracket, or right after a quoted key
        // (`{"a":1}`, JSON style).
        const n = i + 1 < end ? text[i + 1] : undefined;
        const p = text[i - 1];
        if (isBlankOrEnd(n) || n === ',' || n === ']' || n === '}' || p === '"' || p === "'") count++;
        break;
      }
    }
  }
  return 2 * count;
}
