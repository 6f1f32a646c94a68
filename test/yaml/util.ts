/**
 * Small helpers for the loader tests: parse one text, walk to a node by keys and indices, and
 * print a node's position as `line:column` so expectations read like editor positions.
 */
import * as assert from 'uvu/assert';
import { parseDocuments } from '../../src/yaml/parseDocuments.js';
import type { Limits } from '../../src/yaml/limits.js';
import type { ScalarValue, YNode, YScalar } from '../../src/yaml/node.js';

export function parse(text: string, limits?: Partial<Limits>, file = 'test.yaml') {
  return parseDocuments(file, text, limits);
}

/** The single document of `text`, asserting that it loaded without diagnostics. */
export function one(text: string): YNode {
  const r = parse(text);
  assert.equal(r.diagnostics, [], 'no diagnostics');
  assert.is(r.documents.length, 1, 'one document');
  return r.documents[0]!.root;
}

/** The node at `path` (mapping keys and sequence indices) under `n`. */
export function at(n: YNode, ...path: (string | number)[]): YNode {
  let cur = n;
  for (const step of path) {
    if (typeof step === 'number') {
      assert.is(cur.kind, 'seq', `expected a sequence before [${step}]`);
      cur = (cur as Extract<YNode, { kind: 'seq' }>).items[step]!;
    } else {
      assert.is(cur.kind, 'map', `expected a mapping before .${step}`);
      const pair = (cur as Extract<YNode, { kind: 'map' }>).pairs.find((p) => p.key.value === step);
      assert.ok(pair, `key ${step} present`);
      cur = pair!.value;
    }
    assert.ok(cur, `node at ${String(step)}`);
  }
  return cur;
}

/** The key node of `key` in the mapping at `path`. */
export function keyAt(n: YNode, key: ScalarValue, ...path: (string | number)[]): YScalar {
  const m = at(n, ...path);
  assert.is(m.kind, 'map');
  const pair = (m as Extract<YNode, { kind: 'map' }>).pairs.find((p) => p.key.value === key);
  assert.ok(pair, `key ${String(key)} present`);
  return pair!.key;
}

export function pos(n: YNode): string {
  return `${n.span.line}:${n.span.column}`;
}

export function value(n: YNode): unknown {
  assert.is(n.kind, 'scalar');
  return (n as YScalar).value;
}

/** `code@line:column` for each diagnostic, in order. */
export function codes(ds: readonly { code: string; line: number; column: number }[]): string[] {
  return ds.map((d) => `${d.code}@${d.line}:${d.column}`);
}
