/**
 * Parser events → positioned tree, one document at a time.
 *
 * Input: the flat event stream js-yaml's `parseEvents` produced for one slice of a file (offsets
 * relative to the slice, which starts at `base` in the file). Output: a `YNode` per document, or
 * nothing when the document is empty or had to be dropped, and diagnostics.
 *
 * Contract:
 * - Every node gets its own span: plain scalars where their text starts, quoted scalars at the
 *   opening quote, block scalars at the `|`/`>` indicator, collections where js-yaml says they
 *   start (`[`, `{`, the first `-`, or the first key). Properties (`&anchor`, `!tag`) are not part
 *   of the span, except for an empty node, which sits at its first property or the next token.
 * - Aliases become copies of the anchored node (spans shared, never mutated); merge keys `<<` are
 *   applied, with the mapping's own keys taking precedence and earlier merged maps over later.
 * - INVARIANT: mapping keys are scalars and unique (by `String(value)`, which is how they become
 *   JSON field names); an offending pair is reported and left out, the document is kept.
 * - A document that breaks a limit or has an unknown alias is reported and dropped; nothing is
 *   allocated past the limits (depth, alias nodes, nodes per document, nodes per file).
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue } from 'js-yaml';
import type { DocumentEvent, Event, MappingEvent, ScalarEvent, SequenceEvent } from 'js-yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Code } from '../diagnostics/codes.js';
import type { Limits } from './limits.js';
import type { LineIndex } from '../util/lineIndex.js';
import type { ScalarValue, Span, YMap, YNode, YPair, YScalar, YSeq } from './node.js';
import { CORE_TAG, expandTag, resolvePlain, resolveTagged } from './resolveScalar.js';
import { applyMerges, mergeSources, type Merge } from './mergeKeys.js';
import { blockIndicator, nextToken } from './scalarStart.js';

/** Shared by all documents of one file. */
export interface FileBudget {
  nodes: number;
  /** Set once `maxFileNodes` is passed: the rest of the file is not loaded. */
  exhausted: boolean;
}

export interface Slice {
  file: string;
  /** The slice's text; event offsets index into it. */
  text: string;
  /** Offset of the slice in the file. */
  base: number;
  lines: LineIndex;
  limits: Limits;
  budget: FileBudget;
  diagnostics: Diagnostic[];
}

/** Ends the current document: reported, then the document is dropped. */
class DocumentError {
  constructor(
    readonly code: Code,
    readonly offset: number,
    readonly message: string,
  ) {}
}

const SKIP = Symbol('skip pair');
const MERGE = Symbol('merge key');

interface SeqFrame {
  kind: 'seq';
  node: YSeq;
  path: string;
  anchor: string | undefined;
}

interface MapFrame {
  kind: 'map';
  node: YMap;
  path: string;
  anchor: string | undefined;
  /** The key whose value comes next; undefined while a key is expected. */
  pending: YScalar | typeof SKIP | typeof MERGE | undefined;
  seen: Set<string>;
  /** Mappings to merge in, and where among the explicit pairs they were written. */
  merges: Merge[];
}

type Frame = SeqFrame | MapFrame;

function joinPath(base: string, name: string | number): string {
  if (typeof name === 'number') return `${base}[${name}]`;
  return base === '' ? name : `${base}.${name}`;
}

/** User text for a message: one line, at most 40 characters. */
function shown(s: string): string {
  const one = JSON.stringify(s).slice(1, -1);
  return one.length > 40 ? one.slice(0, 39) + '…' : one;
}

function kindName(n: YNode): string {
  return n.kind === 'map' ? 'a mapping' : n.kind === 'seq' ? 'a sequence' : 'a scalar';
}

export class TreeBuilder {
  private stack: Frame[] = [];
  private root: YNode | undefined;
  private rootIsEmpty = false;
  private anchors = new Map<string, YNode>();
  private openAnchors = new Set<string>();
  private handles = new Map<string, string>();
  private nodes = 0;
  private aliasNodes = 0;
  /** Where the alias being expanded was written, for limit diagnostics. */
  private aliasSite = 0;
  /** End of the last token seen (slice offset), to place empty nodes. */
  private lastEnd = 0;

  constructor(private readonly s: Slice) {}

  /**
   * Builds the document whose DOCUMENT event is `events[i]`. Returns its root (undefined when
   * empty or dropped) and the index just past the document's closing POP.
   */
  document(events: readonly Event[], i: number): { root: YNode | undefined; next: number } {
    this.reset(events[i] as DocumentEvent);
    let j = i + 1;
    try {
      for (; j < events.length; j++) {
        const e = events[j]!;
        switch (e.type) {
          case EVENT_ID.POP:
            if (this.stack.length === 0) return { root: this.rootIsEmpty ? undefined : this.root, next: j + 1 };
            this.close();
            break;
          case EVENT_ID.SEQUENCE:
          case EVENT_ID.MAPPING:
            this.open(e);
            break;
          case EVENT_ID.SCALAR:
            this.scalar(e);
            break;
          case EVENT_ID.ALIAS:
            this.alias(e.anchorStart, e.anchorEnd);
            break;
          case EVENT_ID.DOCUMENT:
            throw new Error('document event inside a document');
        }
      }
      throw new Error('event stream ends inside a document');
    } catch (err) {
      if (!(err instanceof DocumentError)) throw err;
      this.s.diagnostics.push(diagnostic(err.code, this.span(err.offset), '', err.message));
      return { root: undefined, next: skipPast(events, j + 1, this.stack.length + 1) };
    }
  }

  private reset(d: DocumentEvent): void {
    this.stack = [];
    this.root = undefined;
    this.rootIsEmpty = false;
    this.anchors.clear();
    this.openAnchors.clear();
    this.handles.clear();
    for (const dir of d.directives) if (dir.kind === 'tag') this.handles.set(dir.handle, dir.prefix);
    this.nodes = 0;
    this.aliasNodes = 0;
  }

  private span(absolute: number): Span {
    const p = this.s.lines.position(absolute);
    return { file: this.s.file, line: p.line, column: p.column, offset: absolute };
  }

  private report(code: Code, at: Span, path: string, message: string): void {
    this.s.diagnostics.push(diagnostic(code, at, path, message));
  }

  /** Counts one new node against the document and file budgets. */
  private count(absolute: number): void {
    const { limits, budget } = this.s;
    if (++this.nodes > limits.maxNodes) {
      throw new DocumentError('yaml-node-limit', absolute, `document has more than ${limits.maxNodes} nodes`);
    }
    if (++budget.nodes > limits.maxFileNodes) {
      budget.exhausted = true;
      const msg = `file has more than ${limits.maxFileNodes} nodes; the rest of it is not loaded`;
      throw new DocumentError('yaml-node-limit', absolute, msg);
    }
  }

  private tooDeep(absolute: number): DocumentError {
    const msg = `nesting is deeper than the limit of ${this.s.limits.maxDepth}`;
    return new DocumentError('yaml-too-deep', absolute, msg);
  }

  /** The field path of the node about to be attached. */
  private childPath(): string {
    const top = this.stack[this.stack.length - 1];
    if (!top) return '';
    if (top.kind === 'seq') return joinPath(top.path, top.node.items.length);
    const p = top.pending;
    if (p === undefined) return top.path;
    return joinPath(top.path, p === SKIP || p === MERGE ? '<<' : String(p.value));
  }

  private open(e: SequenceEvent | MappingEvent): void {
    const abs = this.s.base + e.start;
    const span = this.span(abs);
    const path = this.childPath();
    const anchor = e.anchorStart >= 0 ? this.s.text.slice(e.anchorStart, e.anchorEnd) : undefined;
    const frame: Frame =
      e.type === EVENT_ID.MAPPING
        ? { kind: 'map', node: { kind: 'map', span, pairs: [] }, path, anchor, pending: undefined, seen: new Set(), merges: [] }
        : { kind: 'seq', node: { kind: 'seq', span, items: [] }, path, anchor };
    // Pushed before the checks, so a failure leaves the stack matching the events consumed.
    this.stack.push(frame);
    if (anchor !== undefined) this.openAnchors.add(anchor);
    this.lastEnd = e.start;
    this.count(abs);
    if (this.stack.length > this.s.limits.maxDepth) throw this.tooDeep(abs);
    if (e.tagStart >= 0) {
      const written = this.s.text.slice(e.tagStart, e.tagEnd);
      const tag = expandTag(written, this.handles);
      const own = CORE_TAG + (frame.kind === 'map' ? 'map' : 'seq');
      if (tag === '!' || tag === own) return;
      if (tag.startsWith(CORE_TAG)) {
        this.report('yaml-invalid-tag', span, path, `tag \`${written}\` does not apply to ${kindName(frame.node)}`);
      } else {
        this.report('yaml-unknown-tag', span, path, `unknown tag \`${written}\` is ignored`);
      }
    }
  }

  private close(): void {
    const f = this.stack.pop()!;
    if (f.kind === 'map') {
      if (f.pending !== undefined && f.pending !== SKIP) {
        // js-yaml always pairs keys with values; an odd count is a bug, not bad input.
        throw new Error('mapping closed after a key without a value');
      }
      if (f.merges.length > 0) f.node.pairs = applyMerges(f.node.pairs, f.merges, f.seen);
    }
    if (f.anchor !== undefined) {
      this.anchors.set(f.anchor, f.node);
      this.openAnchors.delete(f.anchor);
    }
    this.attach(f.node, false);
  }

  private scalar(e: ScalarEvent): void {
    const { text, base } = this.s;
    const raw = getScalarValue(text, e);
    const plain = e.style === SCALAR_STYLE.PLAIN;
    let at: number;
    if (e.valueStart < 0) {
      // An empty node: at its first property, else at the next token (`:` of `a:`, `-` of `-`).
      const props = [e.tagStart, e.anchorStart >= 0 ? e.anchorStart - 1 : -1].filter((x) => x >= 0);
      at = props.length > 0 ? Math.min(...props) : nextToken(text, this.lastEnd);
      this.lastEnd = Math.max(this.lastEnd, e.tagEnd, e.anchorEnd);
    } else if (plain) {
      at = e.valueStart;
      this.lastEnd = e.valueEnd;
    } else if (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED) {
      at = e.valueStart - 1;
      this.lastEnd = e.valueEnd + 1;
    } else {
      at = blockIndicator(text, e.valueStart);
      this.lastEnd = e.valueEnd;
    }
    const abs = base + at;
    const span = this.span(abs);
    this.count(abs);
    let value = plain ? resolvePlain(raw) : raw;
    let isMerge = plain && raw === '<<' && e.tagStart < 0;
    if (e.tagStart >= 0) {
      const tag = expandTag(text.slice(e.tagStart, e.tagEnd), this.handles);
      if (tag === CORE_TAG + 'merge') isMerge = true;
      else value = this.tagged(raw, text.slice(e.tagStart, e.tagEnd), tag, span);
    }
    const node: YScalar = { kind: 'scalar', span, value, quoted: !plain };
    if (e.valueStart < 0 && e.tagStart < 0 && e.anchorStart < 0 && this.stack.length === 0) this.rootIsEmpty = true;
    if (e.anchorStart >= 0) this.anchors.set(text.slice(e.anchorStart, e.anchorEnd), node);
    this.attach(node, isMerge);
  }

  /** The value of a scalar with an explicit tag; a tag that does not fit is reported. */
  private tagged(raw: string, written: string, tag: string, span: Span): ScalarValue {
    const r = resolveTagged(raw, tag);
    if (r.problem === 'unknown') {
      this.report('yaml-unknown-tag', span, this.childPath(), `unknown tag \`${written}\`; the value is read as a string`);
    } else if (r.problem === 'invalid') {
      const msg = /^(null|bool|int|float)$/.test(tag.slice(CORE_TAG.length))
        ? `\`${shown(raw)}\` is not a valid \`${written}\``
        : `tag \`${written}\` does not apply to a scalar`;
      this.report('yaml-invalid-tag', span, this.childPath(), msg);
    }
    return r.value;
  }

  private alias(nameStart: number, nameEnd: number): void {
    const name = this.s.text.slice(nameStart, nameEnd);
    const abs = this.s.base + nameStart - 1; // the `*`
    this.lastEnd = nameEnd;
    const target = this.anchors.get(name);
    if (target === undefined) {
      const why = this.openAnchors.has(name) ? 'refers to a node that contains it' : 'has no anchor before it';
      throw new DocumentError('yaml-syntax', abs, `alias \`*${shown(name)}\` ${why}`);
    }
    this.aliasSite = abs;
    this.attach(this.copy(target, this.stack.length), false);
  }

  /** A copy of `n`, placed at nesting `depth`; every node made counts against the alias budget. */
  private copy(n: YNode, depth: number): YNode {
    if (++this.aliasNodes > this.s.limits.maxAliasNodes) {
      const msg = `aliases expand to more than ${this.s.limits.maxAliasNodes} nodes`;
      throw new DocumentError('yaml-alias-limit', this.aliasSite, msg);
    }
    this.count(this.aliasSite);
    switch (n.kind) {
      case 'scalar':
        return { kind: 'scalar', span: n.span, value: n.value, quoted: n.quoted };
      case 'seq': {
        if (depth + 1 > this.s.limits.maxDepth) throw this.tooDeep(this.aliasSite);
        const items: YNode[] = [];
        for (const x of n.items) items.push(this.copy(x, depth + 1));
        return { kind: 'seq', span: n.span, items };
      }
      case 'map': {
        if (depth + 1 > this.s.limits.maxDepth) throw this.tooDeep(this.aliasSite);
        const pairs: YPair[] = [];
        for (const p of n.pairs) {
          pairs.push({ key: this.copy(p.key, depth + 1) as YScalar, value: this.copy(p.value, depth + 1) });
        }
        return { kind: 'map', span: n.span, pairs };
      }
    }
  }

  private attach(node: YNode, isMerge: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = node;
      return;
    }
    if (top.kind === 'seq') {
      top.node.items.push(node);
      return;
    }
    const p = top.pending;
    if (p === undefined) {
      top.pending = this.acceptKey(top, node, isMerge);
      return;
    }
    top.pending = undefined;
    if (p === SKIP) return;
    if (p === MERGE) {
      const maps = mergeSources(node);
      if (maps) top.merges.push({ at: top.node.pairs.length, maps });
      else {
        const msg = `merge key \`<<\` needs a mapping or a list of mappings, found ${kindName(node)}`;
        this.report('yaml-invalid-merge', node.span, joinPath(top.path, '<<'), msg);
      }
      return;
    }
    top.node.pairs.push({ key: p, value: node });
  }

  private acceptKey(top: MapFrame, key: YNode, isMerge: boolean): MapFrame['pending'] {
    if (key.kind !== 'scalar') {
      this.report('yaml-non-scalar-key', key.span, top.path, `a mapping key must be a scalar, found ${kindName(key)}`);
      return SKIP;
    }
    const name = isMerge ? '<<' : String(key.value);
    if (top.seen.has(name)) {
      this.report('yaml-duplicate-key', key.span, joinPath(top.path, name), `duplicate key \`${shown(name)}\``);
      return SKIP;
    }
    top.seen.add(name);
    return isMerge ? MERGE : key;
  }
}

/** The index just past the POP that closes `open` levels, starting at `from`. */
function skipPast(events: readonly Event[], from: number, open: number): number {
  for (let j = from; j < events.length; j++) {
    const t = events[j]!.type;
    if (t === EVENT_ID.POP) {
      if (--open === 0) return j + 1;
    } else if (t === EVENT_ID.SEQUENCE || t === EVENT_ID.MAPPING || t === EVENT_ID.DOCUMENT) {
      open++;
    }
  }
  return events.length;
}
