import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toPlain } from '../../src/yaml/node.js';
import { at, keyAt, one, parse, pos, value } from './util.js';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: "web"
  labels: {app: web, 'tier': "front"}
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: frontend
      ports:
        - port: 80
        -   protocol: UDP
            port: 53
`;

test('mapping keys and their values each have their own line and column', () => {
  const doc = one(POLICY);
  assert.is(pos(doc), '1:1');
  assert.is(pos(keyAt(doc, 'kind')), '2:1');
  assert.is(pos(at(doc, 'kind')), '2:7');
  assert.is(pos(keyAt(doc, 'name', 'metadata')), '4:3');
  assert.is(pos(at(doc, 'metadata')), '4:3', 'a block mapping starts at its first key');
  assert.is(pos(keyAt(doc, 'role', 'spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels')), '12:15');
  assert.is(pos(at(doc, 'spec', 'ingress', 0, 'from', 0, 'podSelector', 'matchLabels', 'role')), '12:21');
});

test('sequence items sit where their content starts, after the dash', () => {
  const doc = one(POLICY);
  assert.is(pos(at(doc, 'spec', 'ingress')), '9:5', 'a block sequence starts at its first dash');
  assert.is(pos(at(doc, 'spec', 'ingress', 0)), '9:7');
  assert.is(pos(at(doc, 'spec', 'ingress', 0, 'ports', 0)), '14:11');
  assert.is(pos(at(doc, 'spec', 'ingress', 0, 'ports', 1)), '15:13', 'extra spaces after the dash are skipped');
  assert.is(pos(at(doc, 'spec', 'ingress', 0, 'ports', 1, 'port')), '16:19');
});

test('a quoted scalar is placed at its opening quote, as key or value', () => {
  const doc = one(POLICY);
  assert.is(pos(at(doc, 'metadata', 'name')), '4:9');
  assert.is(value(at(doc, 'metadata', 'name')), 'web');
  assert.is(pos(keyAt(doc, 'tier', 'metadata', 'labels')), '5:22');
  assert.is(pos(at(doc, 'metadata', 'labels', 'tier')), '5:30');
  const empty = one(`a: ""\n'b': ''\n`);
  assert.is(pos(at(empty, 'a')), '1:4');
  assert.is(pos(keyAt(empty, 'b')), '2:1');
  assert.is(pos(at(empty, 'b')), '2:6');
});

test('flow collections start at their bracket, entries at their own text', () => {
  const doc = one(POLICY);
  assert.is(pos(at(doc, 'metadata', 'labels')), '5:11');
  assert.is(pos(keyAt(doc, 'app', 'metadata', 'labels')), '5:12');
  assert.is(pos(at(doc, 'metadata', 'labels', 'app')), '5:17');
  assert.is(pos(at(doc, 'spec', 'podSelector')), '7:16');
  const nested = one('ports: [ 80, [ 443 , {n: 1} ] ]\n');
  assert.is(pos(at(nested, 'ports')), '1:8');
  assert.is(pos(at(nested, 'ports', 0)), '1:10');
  assert.is(pos(at(nested, 'ports', 1)), '1:14');
  assert.is(pos(at(nested, 'ports', 1, 0)), '1:16');
  assert.is(pos(at(nested, 'ports', 1, 1)), '1:22');
  assert.is(pos(at(nested, 'ports', 1, 1, 'n')), '1:26');
});

test('a block scalar is placed at its indicator, and keeps its text', () => {
  const doc = one('a: |\n  line one\n  line two\nb: >- # folded\n  x\n  y\nc:\n  - |+\n    kept\n\n');
  assert.is(pos(at(doc, 'a')), '1:4');
  assert.is(value(at(doc, 'a')), 'line one\nline two\n');
  assert.is(pos(at(doc, 'b')), '4:4');
  assert.is(value(at(doc, 'b')), 'x y');
  assert.is(pos(at(doc, 'c', 0)), '8:5');
  assert.is(value(at(doc, 'c', 0)), 'kept\n\n');
});

test('an empty value sits at the next token: the colon or the dash', () => {
  const doc = one('a:\nb:   # nothing\nc:\n  - x\n  -\n');
  assert.is(value(at(doc, 'a')), null);
  assert.is(pos(at(doc, 'a')), '1:2');
  assert.is(pos(at(doc, 'b')), '2:2');
  assert.is(value(at(doc, 'c', 1)), null);
  assert.is(pos(at(doc, 'c', 1)), '5:3');
});

test('the second document of a file has positions absolute in the file', () => {
  const r = parse('a: 1\n---\n# comment\nkind: Second\nlist:\n  - x\n---\n\n  "q": y\n');
  assert.equal(r.diagnostics, []);
  assert.equal(r.documents.map((d) => d.index), [0, 1, 2]);
  const second = r.documents[1]!.root;
  assert.is(pos(second), '4:1');
  assert.is(second.span.offset, 'a: 1\n---\n# comment\n'.length);
  assert.is(pos(at(second, 'kind')), '4:7');
  assert.is(pos(at(second, 'list', 0)), '6:5');
  const third = r.documents[2]!.root;
  assert.is(pos(keyAt(third, 'q')), '9:3');
  assert.is(pos(at(third, 'q')), '9:8');
  for (const d of r.documents) assert.is(d.file, 'test.yaml');
});

test('JSON goes through the same parser, with positions', () => {
  const text = '{\n  "kind": "NetworkPolicy",\n  "spec": {\n\t"ports": [80, {"port": "http"}],\n    "on": true, "none": null\n  }\n}\n';
  const r = parse(text, undefined, 'np.json');
  assert.equal(r.diagnostics, []);
  const doc = r.documents[0]!.root;
  assert.equal(toPlain(doc), { kind: 'NetworkPolicy', spec: { ports: [80, { port: 'http' }], on: true, none: null } });
  assert.is(pos(doc), '1:1');
  assert.is(pos(keyAt(doc, 'kind')), '2:3');
  assert.is(pos(at(doc, 'kind')), '2:11');
  assert.is(pos(at(doc, 'spec', 'ports')), '4:11', 'a tab counts as one column');
  assert.is(pos(at(doc, 'spec', 'ports', 1, 'port')), '4:25');
  assert.is(pos(at(doc, 'spec', 'none')), '5:25');
  assert.is(doc.span.file, 'np.json');
});

test('CRLF line ends and non-ASCII text keep lines and UTF-16 columns right', () => {
  const doc = one('a: 1\r\nb: "é😀"\r\nc: x\r\n');
  assert.is(pos(at(doc, 'b')), '2:4');
  assert.is(value(at(doc, 'b')), 'é😀');
  assert.is(pos(keyAt(doc, 'c')), '3:1');
  const wide = one('k: é😀 v\nn: 2\n');
  assert.is(value(at(wide, 'k')), 'é😀 v');
  assert.is(pos(keyAt(wide, 'n')), '2:1');
});

test('a node with an anchor or tag is placed at its content, an empty one at its property', () => {
  const doc = one('a: &x !!str 80\nb: !!str\n');
  assert.is(pos(at(doc, 'a')), '1:13');
  assert.is(pos(at(doc, 'b')), '2:4');
  assert.is(value(at(doc, 'b')), '');
});

test.run();
