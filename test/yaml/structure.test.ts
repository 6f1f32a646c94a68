import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPlain } from '../../src/yaml/node.js';
import { REPO } from '../helpers/paths.js';
import { at, codes, keyAt, one, parse, pos } from './util.js';

test('aliases expand into copies that keep the anchored node positions', () => {
  const doc = one('ports: &p\n  - 80\n  - 443\ningress:\n  ports: *p\negress: *p\n');
  assert.equal(toPlain(doc), { ports: [80, 443], ingress: { ports: [80, 443] }, egress: [80, 443] });
  const copy = at(doc, 'ingress', 'ports');
  assert.is.not(copy, at(doc, 'ports'), 'a copy, not the same object');
  assert.is.not(at(doc, 'egress'), copy);
  assert.is(pos(at(copy, 1)), '3:5', 'a copied node points at the text it was copied from');
});

test('scalar anchors and re-defined anchors', () => {
  const doc = one('a: &x one\nb: *x\nc: &x two\nd: *x\n');
  assert.equal(toPlain(doc), { a: 'one', b: 'one', c: 'two', d: 'two' });
});

test('merge keys bring in a mapping; own keys win wherever they are written', () => {
  const doc = one(
    'base: &base\n  app: web\n  tier: front\nlabels:\n  tier: back\n  <<: *base\n  extra: 1\n',
  );
  assert.equal(toPlain(at(doc, 'labels')), { tier: 'back', app: 'web', extra: 1 });
  const keys = (at(doc, 'labels') as Extract<ReturnType<typeof at>, { kind: 'map' }>).pairs.map((p) => p.key.value);
  assert.equal(keys, ['tier', 'app', 'extra'], 'merged pairs land where `<<` was written');
  assert.is(pos(keyAt(doc, 'app', 'labels')), '2:3');
});

test('a merge list gives precedence to earlier mappings; inline mappings merge too', () => {
  const doc = one('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nm:\n  <<: [*a, *b, {w: 3}]\n');
  assert.equal(toPlain(at(doc, 'm')), { x: 1, y: 1, z: 2, w: 3 });
  const tagged = one('a: &a {x: 1}\nm: {!!merge <<: *a}\n');
  assert.equal(toPlain(at(tagged, 'm')), { x: 1 });
  const quoted = one('m: {"<<": plain}\n');
  assert.equal(toPlain(quoted), { m: { '<<': 'plain' } }, 'a quoted `<<` is an ordinary key');
});

test('a merge of something other than mappings is reported at the value, and the document dropped', () => {
  const r = parse('m:\n  <<: [1, 2]\n  k: v\nn:\n  <<: text\n---\nok: 1\n');
  assert.equal(codes(r.diagnostics), ['yaml-invalid-merge@2:7', 'yaml-invalid-merge@5:7']);
  assert.is(r.diagnostics[0]!.path, 'm.<<');
  assert.equal(r.documents.map((d) => toPlain(d.root)), [{ ok: 1 }], 'the bad document is dropped, the next one kept');
});

test('a duplicate key is reported at the second key, and its document dropped (strict decoding)', () => {
  const r = parse('metadata:\n  name: a\n  labels: {x: 1}\n  name: b\n');
  assert.equal(codes(r.diagnostics), ['yaml-duplicate-key@4:3']);
  assert.is(r.diagnostics[0]!.path, 'metadata.name');
  assert.is(r.diagnostics[0]!.message, 'duplicate key `name`');
  assert.is(r.documents.length, 0);
  const json = parse('{"a": 1, "b": 2, "a": 3}', undefined, 'x.json');
  assert.equal(codes(json.diagnostics), ['yaml-duplicate-key@1:18']);
  const typed = parse('{1: a, "1": b}');
  assert.equal(codes(typed.diagnostics), ['yaml-duplicate-key@1:8'], 'keys that print alike collide as JSON fields');
});

test('a non-scalar key is reported and its document dropped', () => {
  const r = parse('? [a, b]\n: 1\n{x: 1}: 2\nok: 3\n');
  assert.equal(codes(r.diagnostics), ['yaml-non-scalar-key@1:3', 'yaml-non-scalar-key@3:1']);
  assert.is(r.documents.length, 0);
});

test('an alias without an anchor, or inside its own anchor, drops only its document', () => {
  const r = parse('a: *nope\n---\nb: &r [1, *r]\n---\nc: 1\n');
  assert.equal(codes(r.diagnostics), ['yaml-syntax@1:4', 'yaml-syntax@3:11']);
  assert.is(r.diagnostics[0]!.message, 'alias `*nope` has no anchor before it');
  assert.is(r.diagnostics[1]!.message, 'alias `*r` refers to a node that contains it');
  assert.equal(r.documents.map((d) => [d.index, toPlain(d.root)]), [[2, { c: 1 }]]);
});

test('empty documents are skipped but keep their place in the numbering', () => {
  const r = parse('# header only\n---\n# nothing here\n---\n---\nkind: A\n...\n# trailer\n');
  assert.equal(r.diagnostics, []);
  assert.equal(r.documents.map((d) => [d.index, toPlain(d.root)]), [[2, { kind: 'A' }]]);
  assert.equal(parse('').documents, []);
  assert.equal(parse('# just a comment\n').documents, []);
  assert.equal(parse('--- ~\n').documents.map((d) => toPlain(d.root)), [null], 'an explicit null is not empty');
});

test('a syntax error in the middle document keeps the documents around it', () => {
  const file = join(REPO, 'test/fixtures/yaml/broken-middle.yaml');
  const r = parse(readFileSync(file, 'utf8'), undefined, 'broken-middle.yaml');
  assert.equal(
    r.documents.map((d) => [d.index, (toPlain(d.root) as { metadata: { name: string } }).metadata.name]),
    [[0, 'first'], [2, 'third']],
  );
  assert.is(r.diagnostics.length, 1);
  const d = r.diagnostics[0]!;
  assert.is(d.code, 'yaml-syntax');
  assert.is(d.file, 'broken-middle.yaml');
  assert.is(`${d.line}:${d.column}`, '10:16', 'reported at the end of the broken document, not on the next `---`');
  assert.is(pos(at(r.documents[1]!.root, 'metadata', 'name')), '15:9', 'later documents keep absolute positions');
});

test('syntax errors are reported at the line and column the parser stopped', () => {
  const r = parse('a: 1\n  b: 2\n');
  assert.equal(codes(r.diagnostics), ['yaml-syntax@2:4']);
  assert.is(r.diagnostics[0]!.message, 'bad indentation of a mapping entry');
  assert.equal(r.documents, []);
  const json = parse('{"a": 1,, "b": 2}', undefined, 'x.json');
  assert.is(json.diagnostics[0]!.code, 'yaml-syntax');
  assert.is(json.diagnostics[0]!.line, 1);
});

test('directives before a later document stay with it', () => {
  const r = parse('a: 1\n...\n%YAML 1.2\n---\nb: 2\n');
  assert.equal(r.diagnostics, []);
  assert.equal(r.documents.map((d) => [d.index, toPlain(d.root)]), [[0, { a: 1 }], [1, { b: 2 }]]);
});

test.run();
