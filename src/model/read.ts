/**
 * Strict reading of positioned YAML into typed values, the way the API server's strict decoder
 * does it: unknown fields are errors (with a "did you mean" hint), wrong types are errors, and
 * every diagnostic names the file, line, column and field path of the offending node.
 *
 * Contract: readers never throw; on a problem they record a diagnostic and return `undefined`.
 */
import { diagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { CODES, type Code } from '../diagnostics/codes.js';
import type { SourceDocument, Span, YMap, YNode, YSeq, YScalar } from '../yaml/node.js';
import { didYouMean } from '../util/didYouMean.js';

/** A mapping's fields by name, after the unknown-field check. */
export interface Fields {
  node: YMap;
  path: string;
  get(name: string): YNode | undefined;
  has(name: string): boolean;
  /** The path of field `name` under this mapping. */
  at(name: string): string;
}

export function joinPath(base: string, name: string | number): string {
  if (typeof name === 'number') return `${base}[${name}]`;
  return base === '' ? name : `${base}.${name}`;
}

/** Collects diagnostics while reading one document. */
export class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly doc: SourceDocument) {}

  /** Records a diagnostic at `where` with the catalogue's severity, or `severity` if given. */
  report(code: Code, where: YNode | Span, path: string, message: string, hint?: string, severity?: Severity): void {
    const span = 'kind' in where ? where.span : where;
    const d = diagnostic(code, span, path, message, hint);
    if (severity) d.severity = severity;
    this.diagnostics.push(d);
  }

  /** True when an error makes the document unusable (see `keepsDocument` in the catalogue). */
  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error' && !('keepsDocument' in CODES[d.code]));
  }

  /**
   * Expects a mapping whose keys are among `known`; reports every other key as `unknown-field`
   * at the key's position. Returns the fields even when some were unknown (so reading goes on
   * and reports everything at once).
   */
  object(node: YNode | undefined, path: string, known: readonly string[], what = 'an object'): Fields | undefined {
    if (!node) return undefined;
    if (node.kind !== 'map') {
      if (node.kind === 'scalar' && node.value === null) return undefined;
      this.report('wrong-type', node, path, `\`${path || 'document'}\` must be ${what}, found ${describe(node)}`);
      return undefined;
    }
    const seen = new Map<string, YNode>();
    for (const p of node.pairs) {
      const k = String(p.key.value);
      if (!known.includes(k)) {
        const guess = didYouMean(k, known);
        this.report(
          'unknown-field',
          p.key,
          joinPath(path, k),
          `unknown field \`${k}\` in ${path || 'document'}`,
          guess ? `did you mean \`${guess}\`?` : `known fields: ${known.join(', ')}`,
        );
        continue;
      }
      seen.set(k, p.value);
    }
    return {
      node,
      path,
      get: (name) => seen.get(name),
      has: (name) => seen.has(name),
      at: (name) => joinPath(path, name),
    };
  }

  /** A field that must be present. */
  required(f: Fields, name: string, what = 'field'): YNode | undefined {
    const v = f.get(name);
    if (v === undefined || (v.kind === 'scalar' && v.value === null)) {
      this.report('missing-field', f.node, f.at(name), `${what} \`${f.at(name)}\` is required`);
      return undefined;
    }
    return v;
  }

  seq(node: YNode | undefined, path: string): YSeq | undefined {
    if (!node) return undefined;
    if (node.kind === 'seq') return node;
    if (node.kind === 'scalar' && node.value === null) return undefined;
    if (node.kind === 'map' && node.pairs.length === 0) {
      // `ports: {}` for `ports: []`: a common slip in hand-written and converted snapshots. It
      // carries no information either way, so it is read as the empty list, with a warning.
      this.report('wrong-type', node, path, `\`${path}\` must be a list; \`{}\` is read as the empty list`, 'write `[]`', 'warning');
      return { kind: 'seq', span: node.span, items: [] };
    }
    this.report('wrong-type', node, path, `\`${path}\` must be a list, found ${describe(node)}`);
    return undefined;
  }

  /** Maps `fn` over a list's items with their paths; absent or null gives `[]`. */
  list<T>(node: YNode | undefined, path: string, fn: (item: YNode, path: string, i: number) => T | undefined): T[] {
    const s = this.seq(node, path);
    if (!s) return [];
    const out: T[] = [];
    s.items.forEach((item, i) => {
      const v = fn(item, joinPath(path, i), i);
      if (v !== undefined) out.push(v);
    });
    return out;
  }

  scalar(node: YNode | undefined, path: string): YScalar | undefined {
    if (!node) return undefined;
    if (node.kind === 'scalar') return node;
    this.report('wrong-type', node, path, `\`${path}\` must be a scalar, found ${describe(node)}`);
    return undefined;
  }

  string(node: YNode | undefined, path: string): string | undefined {
    const s = this.scalar(node, path);
    if (!s || s.value === null) return undefined;
    if (typeof s.value !== 'string') {
      this.report('wrong-type', s, path, `\`${path}\` must be a string, found ${describe(s)}`);
      return undefined;
    }
    return s.value;
  }

  /** An integer (a YAML number with no fraction). */
  integer(node: YNode | undefined, path: string): number | undefined {
    const s = this.scalar(node, path);
    if (!s || s.value === null) return undefined;
    if (typeof s.value !== 'number' || !Number.isInteger(s.value)) {
      this.report('wrong-type', s, path, `\`${path}\` must be an integer, found ${describe(s)}`);
      return undefined;
    }
    return s.value;
  }

  number(node: YNode | undefined, path: string): number | undefined {
    const s = this.scalar(node, path);
    if (!s || s.value === null) return undefined;
    if (typeof s.value !== 'number') {
      this.report('wrong-type', s, path, `\`${path}\` must be a number, found ${describe(s)}`);
      return undefined;
    }
    return s.value;
  }

  boolean(node: YNode | undefined, path: string): boolean | undefined {
    const s = this.scalar(node, path);
    if (!s || s.value === null) return undefined;
    if (typeof s.value !== 'boolean') {
      this.report('wrong-type', s, path, `\`${path}\` must be true or false, found ${describe(s)}`);
      return undefined;
    }
    return s.value;
  }

  /** A number or a string (Kubernetes IntOrString). */
  intOrString(node: YNode | undefined, path: string): number | string | undefined {
    const s = this.scalar(node, path);
    if (!s || s.value === null) return undefined;
    if (typeof s.value === 'string') return s.value;
    if (typeof s.value === 'number' && Number.isInteger(s.value)) return s.value;
    this.report('wrong-type', s, path, `\`${path}\` must be an integer or a string, found ${describe(s)}`);
    return undefined;
  }

  /** A map of strings to strings (labels, annotations, matchLabels). */
  stringMap(node: YNode | undefined, path: string): Record<string, string> | undefined {
    if (!node) return undefined;
    if (node.kind !== 'map') {
      if (node.kind === 'scalar' && node.value === null) return undefined;
      this.report('wrong-type', node, path, `\`${path}\` must be a map of strings, found ${describe(node)}`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const p of node.pairs) {
      const k = String(p.key.value);
      const v = p.value;
      if (v.kind !== 'scalar' || typeof v.value !== 'string') {
        // Kubernetes label values are strings; YAML `true` or `80` there fails to decode.
        this.report('wrong-type', v, joinPath(path, k), `\`${joinPath(path, k)}\` must be a string, found ${describe(v)}`);
        continue;
      }
      out[k] = v.value;
    }
    return out;
  }

  /** A list of strings. */
  strings(node: YNode | undefined, path: string): string[] | undefined {
    if (!node) return undefined;
    const s = this.seq(node, path);
    if (!s) return undefined;
    return this.list(s, path, (item, p) => this.string(item, p));
  }
}

/** How a node reads in a message: `a list`, `the number 80`, `the string "x"`. */
export function describe(n: YNode): string {
  switch (n.kind) {
    case 'map':
      return 'an object';
    case 'seq':
      return 'a list';
    case 'scalar':
      if (n.value === null) return 'null';
      if (typeof n.value === 'string') return `the string \`${n.value}\``;
      if (typeof n.value === 'number') return `the number \`${n.value}\``;
      return `\`${n.value}\``;
  }
}
