/**
 * One file's text → its documents, with positions, and diagnostics.
 *
 * Input: a file name (used in spans as given) and its text, YAML or JSON (JSON is YAML 1.2 flow
 * style and goes through the same parser). Output: the non-empty documents that loaded, each
 * with its 0-based index in the file (empty, broken and dropped documents keep their index, so a
 * document's index is its place in the file as written).
 *
 * Contract:
 * - Never throws: parser exceptions become `yaml-syntax` / `yaml-too-deep` at the position the
 *   parser gave; anything else is an `internal-error` diagnostic. (Nesting far past the limit is
 *   caught by the parser's own, slightly looser bound, so it is reported a level or two inside
 *   the collection that first passed `maxDepth`; nesting just past it, exactly there.)
 * - A broken document loses only itself: the text is cut at document markers first
 *   (`splitDocuments`) and each piece is parsed alone, keeping file-absolute offsets and lines.
 * - Bounded: pieces past `maxDocuments` are not parsed; a piece whose text could hold more than
 *   4 × `maxNodes` nodes is refused before parsing; the builder enforces the other limits.
 */
import { EVENT_ID, parseEvents, type Event } from 'js-yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDocument } from './node.js';
import { resolveLimits, type Limits } from './limits.js';
import { LineIndex } from '../util/lineIndex.js';
import { nodeUpperBound, splitDocuments } from './splitDocuments.js';
import { TreeBuilder, type FileBudget } from './treeBuilder.js';

export interface ParsedFile {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
}

export function parseDocuments(file: string, text: string, limits?: Partial<Limits>): ParsedFile {
  const lim = resolveLimits(limits);
  const lines = new LineIndex(text);
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number) => {
    const p = lines.position(Math.min(offset, text.length));
    return { file, line: p.line, column: p.column };
  };
  const budget: FileBudget = { nodes: 0, exhausted: false };
  let index = 0;
  let stopped = false;
  /** Past the document limit: reports it once, and loading of the file stops. */
  const tooMany = (offset: number): boolean => {
    if (index < lim.maxDocuments) return false;
    const msg = `file has more than ${lim.maxDocuments} documents; the rest are not loaded`;
    diagnostics.push(diagnostic('too-many-documents', at(offset), '', msg));
    stopped = true;
    return true;
  };

  try {
    for (const piece of splitDocuments(text)) {
      if (!piece.isDocument) continue;
      const start = firstToken(text, piece.start, piece.end);
      if (tooMany(start)) break;
      const bound = nodeUpperBound(text, piece.start, piece.end);
      // Ordinary YAML's bound is about twice its node count, so this refuses only documents over
      // the limit anyway, or built to pack a node into every byte.
      if (bound > 4 * lim.maxNodes) {
        const msg = `document is too large to parse: its text could hold up to ${bound} nodes, `
          + `over the limit of ${lim.maxNodes}`;
        diagnostics.push(diagnostic('yaml-node-limit', at(start), '', msg));
        index++;
        continue;
      }
      const slice = text.slice(piece.start, piece.end);
      let events: Event[];
      try {
        // js-yaml counts depth its own way (up to two more than our collection count), so give
        // it headroom and let the builder apply the exact limit; its own bound still stops a
        // `[[[[…` bomb before it recurses far.
        events = parseEvents(slice, { maxDepth: lim.maxDepth + 2 });
      } catch (err) {
        diagnostics.push(parseFailure(err, slice, piece.start, lim, at));
        index++;
        continue;
      }
      const builder = new TreeBuilder({ file, text: slice, base: piece.start, lines, limits: lim, budget, diagnostics });
      for (let i = 0; i < events.length && !budget.exhausted; ) {
        if (events[i]!.type !== EVENT_ID.DOCUMENT) throw new Error('event stream does not start a document');
        if (tooMany(start)) break;
        const before = diagnostics.length;
        const { root, next } = builder.document(events, i);
        // A document with any error (duplicate key, bad tag or merge, …) is dropped whole, as
        // the API server's strict decoder would refuse it; the file's other documents still load.
        const failed = diagnostics.slice(before).some((d) => d.severity === 'error');
        if (root && !failed) documents.push({ file, index, root });
        index++;
        i = next;
      }
      if (budget.exhausted || stopped) break;
    }
  } catch (err) {
    diagnostics.push(diagnostic('internal-error', at(0), '', `loader failed: ${errorText(err)}`));
  }
  return { documents, diagnostics };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface ParserError {
  reason?: unknown;
  mark?: { position?: unknown };
}

function parseFailure(
  err: unknown,
  slice: string,
  base: number,
  lim: Limits,
  at: (offset: number) => { file: string; line: number; column: number },
): Diagnostic {
  const e = (err ?? {}) as ParserError;
  if (typeof e.reason === 'string') {
    let pos = typeof e.mark?.position === 'number' ? e.mark.position : 0;
    // An error found at the end of the piece (an unclosed `[`) is shown after its last token,
    // not on the next document's `---` line.
    if (pos >= slice.length) pos = slice.trimEnd().length;
    if (e.reason.startsWith('nesting exceeded maxDepth')) {
      return diagnostic('yaml-too-deep', at(base + pos), '', `nesting is deeper than the limit of ${lim.maxDepth}`);
    }
    return diagnostic('yaml-syntax', at(base + pos), '', e.reason);
  }
  // The parser recurses per nesting level; with a very high maxDepth the stack can run out first.
  if (err instanceof RangeError) return diagnostic('yaml-too-deep', at(base), '', 'nesting is too deep to parse');
  return diagnostic('internal-error', at(base), '', `YAML parser failed: ${errorText(err)}`);
}

/** Where a piece's document begins for whole-document diagnostics: its first non-comment token. */
function firstToken(text: string, start: number, end: number): number {
  let i = start;
  let lineStart = true;
  while (i < end) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      i++;
    } else if (c === '#' || (c === '%' && lineStart)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl;
    } else {
      return i;
    }
    if (c !== '\n') lineStart = false;
  }
  return start;
}
