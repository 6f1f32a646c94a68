/**
 * Small reading helpers shared by the network-policy-api readers: provenance of a node, the
 * "exactly one field" rule (kubebuilder `MinProperties=1` + `MaxProperties=1`), list bounds
 * (`MinItems` / `MaxItems`, `listType=set`) and integer ranges (`Minimum` / `Maximum`).
 *
 * Contract: like `Reader`, these never throw; they report through `r` and return `undefined`
 * (or `false`) when the value is unusable. A field whose value is `null` counts as absent, because
 * the API server prunes nulls of non-nullable CRD fields before validating.
 */
import type { Code } from '../../diagnostics/codes.js';
import type { Span, YNode, YSeq } from '../../yaml/node.js';
import type { Fields, Reader } from '../read.js';
import type { At } from './types.js';

/** Where `node` starts, with its field path. */
export function atNode(r: Reader, node: YNode, path: string): At {
  return { file: r.doc.file, line: node.span.line, column: node.span.column, path };
}

/** A span to report at, from a recorded position (for checks made after reading, on the model). */
export function spanAt(at: At): Span {
  return { file: at.file, line: at.line, column: at.column, offset: 0 };
}

export function isNull(node: YNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

/**
 * Where to report a missing field: its key when it is written with a null value (`from:` with
 * nothing after it), else the enclosing object.
 */
export function missingAt(f: Fields, name: string): YNode {
  return f.node.pairs.find((p) => p.key.value === name)?.key ?? f.node;
}

/** The names among `names` that are set (present and not null) in `f`, in `names` order. */
export function setFields(f: Fields, names: readonly string[]): string[] {
  return names.filter((n) => !isNull(f.get(n)));
}

const quoted = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(', ');

/**
 * The one field of `names` that `f` sets, or undefined after reporting `code` when it sets none
 * or several. `what` names the object in the message (`a peer`, `the subject`); `hint` is shown
 * when several are set.
 */
export function exactlyOne(r: Reader, f: Fields, names: readonly string[], code: Code, what: string, hint?: string): string | undefined {
  const set = setFields(f, names);
  if (set.length === 1) return set[0];
  if (set.length === 0) {
    r.report(code, f.node, f.path, `${what} must set exactly one of ${quoted(names)}, found none`);
  } else {
    r.report(code, f.node, f.path, `${what} must set exactly one of ${quoted(names)}, found ${quoted(set)}`, hint);
  }
  return undefined;
}

/** A mapping item of a list; a null or scalar item is reported (the API server rejects it too). */
export function objectItem(r: Reader, node: YNode, path: string, known: readonly string[], what: string): Fields | undefined {
  if (isNull(node)) {
    r.report('wrong-type', node, path, `\`${path}\` must be ${what}, found null`);
    return undefined;
  }
  return r.object(node, path, known, what);
}

/**
 * Checks a list's length against `min` / `max` (reported as `code`, `invalid-value` by default).
 * Returns false when it is out of bounds.
 */
export function checkCount(r: Reader, seq: YSeq, path: string, min: number, max: number, code: Code = 'invalid-value'): boolean {
  const n = seq.items.length;
  if (n < min) {
    r.report(code, seq, path, `\`${path}\` must have at least ${min} ${min === 1 ? 'entry' : 'entries'}, found ${n}`);
    return false;
  }
  if (n > max) {
    r.report(code, seq, path, `\`${path}\` may have at most ${max} entries, found ${n}`);
    return false;
  }
  return true;
}

/** Reports repeated strings of a `listType=set` list; `items` pairs each value with its node. */
export function checkUnique(r: Reader, items: readonly { value: string; node: YNode; path: string }[]): void {
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.value)) r.report('invalid-value', it.node, it.path, `duplicate entry \`${it.value}\` in a set-valued list`);
    seen.add(it.value);
  }
}

/** An integer in `[min, max]`; out of range is reported as `code`. */
export function intInRange(r: Reader, node: YNode | undefined, path: string, min: number, max: number, code: Code): number | undefined {
  const v = r.integer(node, path);
  if (v === undefined || !node) return undefined;
  if (v < min || v > max) {
    r.report(code, node, path, `\`${path}\` must be between ${min} and ${max}, found \`${v}\``);
    return undefined;
  }
  return v;
}
