/**
 * Positions of Calico diagnostics in real YAML (through the loader): selector syntax errors at the
 * offending character, the article's GlobalNetworkPolicy with its two errors, and the
 * Kubernetes-habit hints.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocuments } from '../../../src/yaml/load.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { REPO } from '../../helpers/paths.js';
import { errors, readCalicoDoc } from './helpers.js';

function load(text: string, file = 'p.yaml'): Diagnostic[] {
  const { documents, diagnostics } = parseDocuments(file, text);
  assert.equal(diagnostics, [], 'the YAML itself loads');
  return documents.flatMap((d) => readCalicoDoc(d).diagnostics);
}

/** The character a diagnostic points at. */
function charAt(text: string, d: Diagnostic): string {
  return text.split('\n')[d.line - 1]!.charAt(d.column - 1);
}

const HEAD = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n';

test('a plain selector error points at the offending character', () => {
  const text = HEAD + '  selector: app = "x"\n';
  const [d] = load(text);
  assert.equal([d!.code, d!.line, d!.column, d!.path], ['invalid-selector', 6, 17, 'spec.selector']);
  assert.is(d!.message, '`spec.selector` is not a valid selector: expected `==`, found a single `=`');
  assert.is(charAt(text, d!), '=');
});

test('a double-quoted selector error counts the opening quote', () => {
  const text = HEAD + `  selector: "app == 'x' && && b"\n`;
  const [d] = load(text);
  assert.equal([d!.line, d!.column], [6, 28]);
  assert.is(text.split('\n')[5]!.slice(d!.column - 1, d!.column + 1), '&&');
  assert.match(d!.message, 'expected an expression after `&&`');
});

test('a selector error in a rule is reported at its line inside the rule', () => {
  const text = HEAD + "  ingress:\n  - action: Allow\n    source:\n      namespaceSelector: 'role in {\"a\" \"b\"}'\n";
  const [d] = load(text);
  assert.equal([d!.code, d!.line, d!.column, d!.path], ['invalid-selector', 9, 40, 'spec.ingress[0].source.namespaceSelector']);
  assert.is(charAt(text, d!), '"');
  assert.is(text.split('\n')[8]!.slice(d!.column - 1), '"b"}\'');
});

test('an error at the end of a selector points just past its last character', () => {
  const text = HEAD + '  serviceAccountSelector: has(a) ||\n';
  const [d] = load(text);
  assert.equal([d!.line, d!.column, d!.path], [6, 36, 'spec.serviceAccountSelector']);
  assert.is(text.split('\n')[5]!.length, 35);
});

test('a selector in a multi-line block scalar is reported at the scalar', () => {
  const text = HEAD + '  selector: |\n    a == "b" &&\n    (\n';
  const [d] = load(text);
  assert.equal([d!.code, d!.line, d!.column], ['invalid-selector', 6, 13]);
  assert.is(charAt(text, d!), '|');
});

test('an unquoted `!has(…)` selector, which YAML reads as a tag, is an error, not all()', () => {
  const text = HEAD + '  selector: !has(app)\n';
  const { documents, diagnostics } = parseDocuments('p.yaml', text);
  // The loader refuses the unknown tag at its position and drops the document.
  assert.equal(diagnostics.map((d) => [d.code, d.severity, d.line, d.column]), [['yaml-unknown-tag', 'error', 6, 13]]);
  assert.is(documents.length, 0);
  const quoted = parseDocuments('p.yaml', HEAD + "  selector: '!has(app)'\n");
  assert.equal(quoted.diagnostics, []);
  assert.is(readCalicoDoc(quoted.documents[0]!).diagnostics.filter((d) => d.severity === 'error').length, 0);
});

const ARTICLE = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: default-app-policy
spec:
  namespaceSelector:
    matchExpressions:
    - key: projectcalico.org/name
      operator: NotIn
      values:
      - kubesystem
      - calico-system
  types:
  - Ingress
  - Egress
  egress:
  - action: Allow
    protocol: UDP
    destination:
      selector: k8s-app == "kube-dns"
    ports:
    - protocol: UDP
      port: 53
`;

test('the article policy: exactly two errors, at the selector object and the rule-level ports', () => {
  const ds = load(ARTICLE, 'article.yaml');
  assert.equal(
    ds.map((d) => ({ code: d.code, severity: d.severity, line: d.line, column: d.column, path: d.path, message: d.message })),
    [
      {
        code: 'wrong-type', severity: 'error', line: 7, column: 5, path: 'spec.namespaceSelector',
        message: 'a Calico `namespaceSelector` is a selector string, not a Kubernetes label-selector object',
      },
      { code: 'unknown-field', severity: 'error', line: 21, column: 5, path: 'spec.egress[0].ports', message: 'unknown field `ports` in spec.egress[0]' },
    ],
  );
  assert.is(ds[0]!.hint, 'use the selector string `projectcalico.org/name not in {"kubesystem", "calico-system"}`');
  assert.is(
    ds[1]!.hint,
    'Calico ports belong in `destination.ports`, as a list of numbers or "from:to" strings, ' +
      "e.g. `destination: {ports: [53]}`; the protocol comes from the rule's `protocol`",
  );
});

test('the article files in corpus/: the published one fails as above, the fixed one is clean', () => {
  const read = (set: string) => {
    const file = resolve(REPO, 'corpus', set, 'policies.yaml');
    const { documents } = parseDocuments(file, readFileSync(file, 'utf8'));
    const calico = documents.filter((d) => d.root.kind === 'map' && d.root.pairs.some((p) => p.key.value === 'apiVersion' && p.value.kind === 'scalar' && p.value.value === 'projectcalico.org/v3'));
    assert.is(calico.length, 1);
    return readCalicoDoc(calico[0]!);
  };
  const bad = read('article');
  assert.equal(errors(bad.diagnostics).map((d) => [d.line, d.column, d.path]), [[24, 5, 'spec.namespaceSelector'], [38, 5, 'spec.egress[0].ports']]);
  const good = read('article-fixed');
  assert.equal(good.diagnostics, []);
  assert.ok(good.resource);
});

test('the selector-object hint is generated from any matchLabels/matchExpressions', () => {
  const text = HEAD + `  selector:
    matchLabels:
      app: web
      tier: "80"
    matchExpressions:
    - {key: env, operator: In, values: [prod]}
    - {key: legacy, operator: DoesNotExist}
    - {key: team, operator: Exists}
    - {key: q, operator: NotIn, values: ['say "hi"']}
  ingress:
  - action: Allow
    source:
      selector: {}
`;
  const ds = load(text);
  assert.equal(ds.map((d) => [d.code, d.line, d.column, d.path]), [
    ['wrong-type', 7, 5, 'spec.selector'],
    ['wrong-type', 18, 17, 'spec.ingress[0].source.selector'],
  ]);
  assert.is(ds[0]!.hint, `use the selector string \`app == "web" && tier == "80" && env in {"prod"} && !has(legacy) && has(team) && q not in {'say "hi"'}\``);
  assert.is(ds[1]!.hint, 'use the selector string `all()`');
});

test('rule-level ports from a Kubernetes-style list keep ranges and name a missing protocol', () => {
  const text = HEAD + `  ingress:
  - action: Allow
    ports:
    - port: 8000
      endPort: 8080
      protocol: TCP
    - port: http
      protocol: TCP
`;
  const [d] = load(text);
  assert.equal([d!.code, d!.line, d!.column, d!.path], ['unknown-field', 8, 5, 'spec.ingress[0].ports']);
  assert.match(d!.hint!, 'e.g. `destination: {ports: ["8000:8080", "http"]}`');
  assert.match(d!.hint!, '(set `protocol: TCP` on the rule)');
});

test.run();
