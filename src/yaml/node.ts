/**
 * The positioned document tree the loader produces and the model reads.
 *
 * Contract: every node knows the file, 1-based line and column where it starts (for a quoted
 * scalar, the opening quote), and byte offset. Aliases are expanded into copies of the anchored
 * node (bounded by the loader), so later stages never see anchors. Mapping keys are scalars.
 */

export interface Span {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters (UTF-16 code units) from the start of the line. */
  column: number;
  /** 0-based offset into the file text. */
  offset: number;
}

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  kind: 'scalar';
  span: Span;
  /** Resolved with the YAML 1.2 core schema: `80` is a number, `"80"` a string, `~` null. */
  value: ScalarValue;
  /** True when the scalar was quoted or a block scalar (so `"80"` stays a string). */
  quoted: boolean;
}

export interface YPair {
  key: YScalar;
  value: YNode;
}

export interface YMap {
  kind: 'map';
  span: Span;
  pairs: YPair[];
}

export interface YSeq {
  kind: 'seq';
  span: Span;
  items: YNode[];
}

export type YNode = YMap | YSeq | YScalar;

/** One YAML/JSON document of one input file. */
export interface SourceDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  root: YNode;
}

/** The text of every loaded file, kept for rendering source lines under diagnostics. */
export type SourceTexts = Map<string, string>;

/** Converts a node to plain JSON data (for tests and for kinds that are only passed through). */
export function toPlain(n: YNode): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const p of n.pairs) o[String(p.key.value)] = toPlain(p.value);
      return o;
    }
  }
}

/** The value node of `key` in a mapping, if present. */
export function getField(m: YMap, key: string): YNode | undefined {
  for (const p of m.pairs) if (p.key.value === key) return p.value;
  return undefined;
}

/**
 * Builds a positioned tree from plain data, every node at `file:1:1`. For tests and for inputs
 * that arrive as objects (the conformance cases); real files go through the loader.
 */
export function fromPlain(v: unknown, file = '<object>'): YNode {
  const span: Span = { file, line: 1, column: 1, offset: 0 };
  if (Array.isArray(v)) return { kind: 'seq', span, items: v.map((x) => fromPlain(x, file)) };
  if (v !== null && typeof v === 'object') {
    return {
      kind: 'map',
      span,
      pairs: Object.entries(v as Record<string, unknown>).map(([k, x]) => ({
        key: { kind: 'scalar', span, value: k, quoted: false },
        value: fromPlain(x, file),
      })),
    };
  }
  const value = v === undefined ? null : (v as string | number | boolean | null);
  return { kind: 'scalar', span, value, quoted: typeof v === 'string' };
}
