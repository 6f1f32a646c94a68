/**
 * Loader, finding a field again: the position of `path` (`spec.namespaceSelector`,
 * `spec.ingress[0].source`) inside the mapping that starts at a given line and column, read from
 * the kept source text. Analyses name the field of a finding; the command, which holds the
 * sources, turns it into a line and column.
 *
 * Stage: loader (after the fact). Input → output: source texts + (file, line, column, path) → the
 * field's value position, or undefined when the text, the mapping or the path is not there.
 * Contract: the same parser and limits as loading, so positions agree with diagnostics; each file
 * is parsed at most once per `Locator`.
 */
import { parseDocuments } from './parseDocuments.js';
import type { SourceTexts, YMap, YNode } from './node.js';

export interface Position {
  line: number;
  column: number;
}

/** Path segments: `spec.ingress[0].source` → `spec`, `ingress`, 0, `source`. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) out.push(m[1]);
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

function* maps(n: YNode): Generator<YMap> {
  if (n.kind === 'map') {
    yield n;
    for (const p of n.pairs) yield* maps(p.value);
  } else if (n.kind === 'seq') for (const i of n.items) yield* maps(i);
}

export class Locator {
  private readonly parsed = new Map<string, YNode[]>();

  constructor(private readonly texts: SourceTexts) {}

  private roots(file: string): YNode[] {
    let r = this.parsed.get(file);
    if (!r) {
      const text = this.texts.get(file);
      r = text === undefined ? [] : parseDocuments(file, text).documents.map((d) => d.root);
      this.parsed.set(file, r);
    }
    return r;
  }

  /** Where the value of `path` starts, under the mapping at `line`:`column` of `file`. */
  locate(file: string, line: number, column: number, path: string): Position | undefined {
    const segs = segments(path);
    if (segs.length === 0) return undefined;
    for (const root of this.roots(file))
      for (const m of maps(root)) {
        if (m.span.line !== line || m.span.column !== column) continue;
        let n: YNode | undefined = m;
        for (const s of segs) {
          if (typeof s === 'number') n = n?.kind === 'seq' ? n.items[s] : undefined;
          else n = n?.kind === 'map' ? n.pairs.find((p) => p.key.value === s)?.value : undefined;
        }
        if (n) return { line: n.span.line, column: n.span.column };
      }
    return undefined;
  }
}
