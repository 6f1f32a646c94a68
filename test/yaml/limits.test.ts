import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/yaml/limits.js';
import { loadPaths } from '../../src/yaml/load.js';
import { nodeUpperBound } from '../../src/yaml/splitDocuments.js';
import { toPlain, type YNode } from '../../src/yaml/node.js';
import { Prng } from '../../src/util/prng.js';
import { codes, parse } from './util.js';

/** The classic alias bomb: nine levels of nine aliases each, 9^9 strings if expanded. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const prev = '*' + String.fromCharCode(96 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(prev).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

function countNodes(n: YNode): number {
  if (n.kind === 'scalar') return 1;
  if (n.kind === 'seq') return 1 + n.items.reduce((s, x) => s + countNodes(x), 0);
  return 1 + n.pairs.reduce((s, p) => s + 1 + countNodes(p.value), 0);
}

test('defaults are documented values, and partial limits override only what they set', () => {
  assert.equal({ ...DEFAULT_LIMITS }, {
    maxFileBytes: 32 * 1024 * 1024,
    maxDocuments: 10_000,
    maxDepth: 64,
    maxAliasNodes: 100_000,
    maxNodes: 1_000_000,
    maxFileNodes: 4_000_000,
  });
  assert.equal(resolveLimits({ maxDepth: 3 }), { ...DEFAULT_LIMITS, maxDepth: 3 });
});

test('the billion-laughs bomb fails fast with yaml-alias-limit, and the next document loads', () => {
  const started = Date.now();
  const r = parse(billionLaughs() + '---\nok: 1\n');
  assert.ok(Date.now() - started < 2000, 'stops early instead of expanding 9^9 nodes');
  assert.equal(codes(r.diagnostics), ['yaml-alias-limit@6:8']);
  assert.is(r.diagnostics[0]!.message, 'aliases expand to more than 100000 nodes');
  assert.equal(r.documents.map((d) => toPlain(d.root)), [{ ok: 1 }]);
});

test('the alias limit counts every node a copy makes', () => {
  const text = 'a: &a {x: [1, 2]}\nb: *a\n'; // the copy is 5 nodes: map, key, seq, 1, 2
  assert.equal(parse(text, { maxAliasNodes: 5 }).diagnostics, []);
  assert.equal(codes(parse(text, { maxAliasNodes: 4 }).diagnostics), ['yaml-alias-limit@2:4']);
});

test('10,000-deep flow nesting fails fast with yaml-too-deep', () => {
  for (const [open, close] of [['[', ']'], ['{a: ', '}']] as const) {
    const text = open.repeat(10_000) + '1' + close.repeat(10_000);
    const started = Date.now();
    const r = parse(text);
    assert.ok(Date.now() - started < 2000);
    assert.is(r.diagnostics.length, 1);
    assert.is(r.diagnostics[0]!.code, 'yaml-too-deep');
    assert.is(r.diagnostics[0]!.message, 'nesting is deeper than the limit of 64');
    assert.equal(r.documents, []);
  }
});

test('the depth limit counts nested collections exactly, in block and flow style', () => {
  const block = (n: number) => Array.from({ length: n }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n';
  assert.equal(parse(block(3), { maxDepth: 3 }).diagnostics, []);
  assert.equal(codes(parse(block(4), { maxDepth: 3 }).diagnostics), ['yaml-too-deep@4:4']);
  assert.equal(parse('[[[1]]]', { maxDepth: 3 }).diagnostics, []);
  assert.equal(parse('- - - x\n', { maxDepth: 3 }).diagnostics, []);
  // Here the parser's own bound (kept a little looser than ours) trips first, inside the
  // too-deep part.
  assert.equal(parse('- - - - x\n', { maxDepth: 3 }).diagnostics.map((d) => [d.code, d.line]), [['yaml-too-deep', 1]]);
  assert.equal(parse('just a scalar', { maxDepth: 0 }).diagnostics, []);
  const deep = Array.from({ length: 200 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n';
  const [d] = parse(deep).diagnostics;
  assert.is(d?.code, 'yaml-too-deep');
  // The 65th mapping passes the limit; the parser may stop a level or two further in.
  assert.ok(d!.line >= 65 && d!.line <= 67 && d!.column === d!.line, `${d!.line}:${d!.column}`);
});

test('aliases cannot smuggle nesting past the depth limit', () => {
  const text = 'a: &a [[1]]\nb: [[*a]]\n'; // b holds 2 + 2 nested sequences below the root mapping
  assert.equal(parse(text, { maxDepth: 5 }).diagnostics, []);
  assert.equal(codes(parse(text, { maxDepth: 4 }).diagnostics), ['yaml-too-deep@2:6']);
});

test('the node limit counts keys, values and collections per document', () => {
  const text = 'a: [1, 2]\nb: {c: 3}\n'; // map, a, seq, 1, 2, b, map, c, 3
  assert.equal(parse(text, { maxNodes: 9 }).diagnostics, []);
  const r = parse(text + '---\nsmall: 1\n', { maxNodes: 8 });
  assert.equal(codes(r.diagnostics), ['yaml-node-limit@2:8']);
  assert.is(r.diagnostics[0]!.message, 'document has more than 8 nodes');
  assert.equal(r.documents.map((d) => toPlain(d.root)), [{ small: 1 }]);
});

test('the file node limit stops the file once its documents add up past it', () => {
  const r = parse('a: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n', { maxFileNodes: 8 });
  // Three nodes each: the third document breaks the budget at its value and is dropped.
  assert.equal(codes(r.diagnostics), ['yaml-node-limit@5:4']);
  assert.is(r.diagnostics[0]!.message, 'file has more than 8 nodes; the rest of it is not loaded');
  assert.equal(r.documents.map((d) => toPlain(d.root)), [{ a: 1 }, { b: 2 }]);
});

test('a document packed with nodes is refused before it is parsed', () => {
  const dense = '{' + 'a,'.repeat(2_000) + 'a}';
  const r = parse(dense + '\n---\nok: 1\n', { maxNodes: 1_000 });
  assert.equal(codes(r.diagnostics), ['yaml-node-limit@1:1']);
  assert.match(r.diagnostics[0]!.message, /too large to parse/);
  assert.equal(r.documents.map((d) => toPlain(d.root)), [{ ok: 1 }]);
  // With the default limits a multi-megabyte bomb costs a scan, not an event per byte.
  const started = Date.now();
  const big = parse('[' + '1,'.repeat(3_000_000) + '1]');
  assert.ok(Date.now() - started < 3000);
  assert.equal(codes(big.diagnostics), ['yaml-node-limit@1:1']);
});

test('nodeUpperBound is an upper bound on the nodes real documents parse to', () => {
  const samples = [
    'a: 1', '- - - x', '- a: 1\n  b: [1, 2]', '{a, b, c}', '[a: 1, b: 2, ? c]', '[{a, b}, [c, d]]',
    '{"a":1,"b":[1,2,{"c":null}]}', 'a:\n  b:\n    c:\n      - 1\n      -\n      - {x: y}',
    '? a\n: b\n? c\n: [d, e]', 'k: "x, y: z - w"\nl: http://e.com:80/a-b', '[[[[[]]]]]', '{a: {b: {c: {}}}}',
    'a: |\n  text\n  more\nb: >\n  folded\n', '- [a, b]\n- {c: d}\n- - e\n  - f',
  ];
  const prng = new Prng(7);
  const atoms = ['x', '1', '"q"', '[]', '{}', '[1, 2]', '{k: v}', '~'];
  for (let i = 0; i < 200; i++) {
    const n = prng.int(1, 6);
    const flow = Array.from({ length: n }, (_, j) => `k${j}: ${prng.pick(atoms)}`).join(', ');
    samples.push(prng.chance(0.5) ? `{${flow}}` : `[${Array.from({ length: n }, () => prng.pick(atoms)).join(',')}]`);
  }
  for (const s of samples) {
    const r = parse(s);
    assert.equal(r.diagnostics, [], s);
    const nodes = r.documents.reduce((sum, d) => sum + countNodes(d.root), 0);
    assert.ok(nodes <= nodeUpperBound(s, 0, s.length), `${JSON.stringify(s)}: ${nodes} nodes`);
  }
});

test('too many documents: the first ones load, one diagnostic at the first one past the limit', () => {
  const r = parse('a: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n---\ne: 5\n', { maxDocuments: 3 });
  assert.equal(codes(r.diagnostics), ['too-many-documents@6:1'], 'at the `---` that starts the fourth');
  assert.is(r.documents.length, 3);
  const many = Array.from({ length: 10_001 }, (_, i) => `i: ${i}\n`).join('---\n');
  const d = parse(many);
  assert.is(d.documents.length, 10_000);
  assert.equal(d.diagnostics.map((x) => x.code), ['too-many-documents']);
});

test('hostile and random text never makes the loader throw', () => {
  const prng = new Prng(42);
  const bits = ['[', ']', '{', '}', ':', ', ', '- ', '? ', '&a ', '*a', '!!int ', '!x ', '"', "'", '|', '>', '#', '\n', '  ', '---\n', '...\n', '%YAML 1.2\n', 'k', '1', '<<: ', '\t', '\\', '@', '`'];
  for (let i = 0; i < 500; i++) {
    const text = Array.from({ length: prng.int(1, 40) }, () => prng.pick(bits)).join('');
    const r = parse(text, { maxDepth: 8, maxNodes: 200, maxAliasNodes: 50 });
    for (const d of r.diagnostics) {
      assert.is.not(d.code, 'internal-error', `${JSON.stringify(text)}: ${d.message}`);
      assert.ok(d.line >= 1 && d.column >= 1, JSON.stringify(text));
    }
  }
});

test('a file over the size limit is refused from its size alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-yaml-'));
  try {
    // A sparse file one byte over the default: `stat` sees 32 MiB + 1, nothing is read.
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, DEFAULT_LIMITS.maxFileBytes + 1);
    const small = join(dir, 'small.yaml');
    writeFileSync(small, 'kind: A\npad: ' + 'x'.repeat(100) + '\n');
    const r = await loadPaths([huge, small]);
    assert.equal(codes(r.diagnostics), ['file-too-large@1:1']);
    assert.is(r.diagnostics[0]!.file, huge);
    assert.is(r.diagnostics[0]!.message, `file is ${DEFAULT_LIMITS.maxFileBytes + 1} bytes, over the limit of ${DEFAULT_LIMITS.maxFileBytes} bytes`);
    assert.is(r.documents.length, 1);
    assert.not.ok(r.texts.has(huge));
    const capped = await loadPaths([small], { limits: { maxFileBytes: 50 } });
    assert.equal(capped.diagnostics.map((d) => d.code), ['file-too-large']);
    assert.equal(capped.documents, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stdin over the size limit is refused too', async () => {
  const r = await loadPaths(['-'], { limits: { maxFileBytes: 10 }, readStdin: async () => 'kind: NetworkPolicy\n' });
  assert.equal(r.diagnostics.map((d) => [d.code, d.file]), [['file-too-large', '<stdin>']]);
  assert.equal(r.documents, []);
});

test.run();
