/**
 * The model stage's entry: kind dispatch, `List` and typed lists, top-level arrays, unknown kinds
 * and versions, duplicates, and "a bad document is dropped, the rest are kept".
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocuments } from '../../src/yaml/load.js';
import { loadResources } from '../../src/model/loadResources.js';

function load(text: string, file = 'in.yaml') {
  const parsed = parseDocuments(file, text);
  assert.equal(parsed.diagnostics, [], 'the YAML itself parses');
  return loadResources(parsed.documents);
}
const at = (ds: { code: string; line: number; column: number; path: string }[]) => ds.map((d) => `${d.code}@${d.line}:${d.column} ${d.path}`);

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

test('kind: List items are read as documents, with paths and positions inside the list', () => {
  const r = load(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: a}
- apiVersion: v1
  kind: Namespace
  metadata: {name: b, colour: red}
`);
  assert.equal(r.value.map((x) => x.name), ['a']);
  assert.equal(at(r.diagnostics), ['unknown-field@9:23 items[1].metadata.colour']);
});

test('a typed list may leave kind and apiVersion out of its items', () => {
  const r = load(`apiVersion: v1
kind: NamespaceList
items:
- metadata: {name: a}
- metadata: {name: b}
`);
  assert.equal(r.value.map((x) => `${x.kind}/${x.name}`), ['Namespace/a', 'Namespace/b']);
});

test('a top-level array of objects is a list of documents', () => {
  const r = load('[{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}]', 'in.json');
  assert.equal(r.value.map((x) => x.name), ['a', 'b']);
});

test('unknown kinds are skipped with an info diagnostic; a close name gets a hint', () => {
  const r = load(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicyy
metadata: {name: x}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: y}
`);
  assert.equal(r.value, []);
  assert.equal(r.diagnostics.map((d) => [d.code, d.severity, d.line]), [['unknown-kind', 'info', 2], ['unknown-kind', 'info', 6]]);
  assert.is(r.diagnostics[0]!.hint, 'did you mean `NetworkPolicy`?');
});

test('a known kind in a version netpolc does not read is an error naming the versions it reads', () => {
  const r = load('apiVersion: networking.k8s.io/v2\nkind: NetworkPolicy\nmetadata: {name: x, namespace: y}\nspec: {podSelector: {}}\n');
  assert.equal(at(r.diagnostics), ['unsupported-api-version@1:13 apiVersion']);
  assert.match(r.diagnostics[0]!.hint!, 'networking.k8s.io/v1');
});

test('a bad document is dropped and the others in the same file are kept', () => {
  const r = load(NS('good') + '---\n' + 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bad\n  lables: {a: b}\n' + '---\n' + NS('also-good'));
  assert.equal(r.value.map((x) => x.name), ['good', 'also-good']);
  assert.equal(at(r.diagnostics), ['unknown-field@10:3 metadata.lables']);
  assert.is(r.diagnostics[0]!.hint, 'did you mean `labels`?');
});

test('documents without kind or apiVersion, or that are not objects, are errors', () => {
  const r = load('metadata: {name: x}\n---\napiVersion: v1\n---\n- just\n- a list of strings\n');
  assert.equal(r.diagnostics.map((d) => d.code), ['missing-kind', 'missing-kind', 'not-an-object', 'not-an-object']);
});

test('the same object twice: the later one wins, the earlier is reported', () => {
  const r = load(NS('a') + '---\n' + 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {v: "2"}\n');
  assert.equal(r.value.map((x) => x.labels), [{ v: '2' }]);
  assert.equal(r.diagnostics.map((d) => [d.code, d.line]), [['duplicate-resource', 1]]);
});

test.run();
