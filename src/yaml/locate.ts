/**
 * Loader, finding a field again: the position of `path` (`spec.namespaceSelector`,
 * `spec.ingress[0].source`) inside the mapping that starts at a given line and column, read from
 * the kept source text. Analyses name the field of a finding; the command, which holds the
 * sources, turns it into a line and column.
 *
 * Stage: loader (after the fact). Input → output: source texts + (file, line, column, path) → the
 * field's value position, or undefined when the text, the mapping or the path is not there.
 * Contract: the same parser and limits as loading, so positions agree with diagnostics; each file
 * is parsed and indexed at most once per `Locator`, and each lookup then walks only its path.
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
  /** Per file: each mapping by the `line:column` where it starts. */
  private readonly parsed = new Map<string, Map<string, YMap>>();

  constructor(private readonly texts: SourceTexts) {}

  private mapsOf(file: string): Map<string, YMap> {
    let byStart = this.parsed.get(file);
    if (!byStart) {
      byStart = new Map();
      const text = this.texts.get(file);
      for (const d of text === undefined ? [] : parseDocuments(file, text).documents)
        for (const m of maps(d.root)) if (!byStart.has(`${m.span.line}:${m.span.column}`)) byStart.set(`${m.span.line}:${m.span.column}`, m);
      this.parsed.set(file, byStart);
    }
    return byStart;
  }

  /** Where the value of `path` starts, under the mapping at `line`:`column` of `file`. */
  locate(file: string, line: number, column: number, path: string): Position | undefined {
    const segs = segments(path);
    const m = segs.length === 0 ? undefined : this.mapsOf(file).get(`${line}:${column}`);
    let n: YNode | undefined = m;
    for (const s of segs) {
      if (typeof s === 'number') n = n?.kind === 'seq' ? n.items[s] : undefined;
      else n = n?.kind === 'map' ? n.pairs.find((p) => p.key.value === s)?.value : undefined;
    }
    return n ? { line: n.span.line, column: n.span.column } : undefined;
  }
}
