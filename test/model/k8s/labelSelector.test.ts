/**
 * `readLabelSelector` on its own (the contract other kinds import): absent vs empty, requirement
 * rules, and where each problem is reported.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readLabelSelector } from '../../../src/model/k8s/labelSelector.js';
import { Reader } from '../../../src/model/read.js';
import { fromPlain } from '../../../src/yaml/node.js';
import { errorPaths } from './helpers.js';

function read(plain: unknown, opts = {}) {
  const root = fromPlain({ s: plain }, 'sel.yaml');
  const r = new Reader({ file: 'sel.yaml', index: 0, root });
  const node = root.kind === 'map' ? root.pairs[0]!.value : undefined;
  return { value: readLabelSelector(r, node, 'sel', opts), diagnostics: r.diagnostics };
}

test('absent and null give undefined; {} gives an empty selector', () => {
  const r = new Reader({ file: 'x', index: 0, root: fromPlain({}) });
  assert.is(readLabelSelector(r, undefined, 'sel'), undefined);
  assert.is(read(null).value, undefined);
  assert.equal(read({}).value, { matchLabels: {}, matchExpressions: [] });
  assert.equal(read({}).diagnostics, []);
});

test('matchLabels and matchExpressions are both kept', () => {
  const { value, diagnostics } = read({
    matchLabels: { 'app.kubernetes.io/name': 'web', tier: '' },
    matchExpressions: [
      { key: 'env', operator: 'NotIn', values: ['dev', 'test'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'zone', operator: 'Exists', values: [] },
    ],
  });
  assert.equal(diagnostics, []);
  assert.equal(value, {
    matchLabels: { 'app.kubernetes.io/name': 'web', tier: '' },
    matchExpressions: [
      { key: 'env', operator: 'NotIn', values: ['dev', 'test'] },
      { key: 'canary', operator: 'DoesNotExist', values: [] },
      { key: 'zone', operator: 'Exists', values: [] },
    ],
  });
});

test('every rule is reported at its field', () => {
  const { diagnostics } = read({
    matchLabels: { 'Bad Key': 'v', ok: 'bad value!', n: 5 },
    matchExpressions: [{ key: 'a', operator: 'In' }, { key: '-x', operator: 'exists' }, null, { key: 'b', operator: 'In', values: ['x'], value: [] }],
    matchFields: {},
  });
  assert.equal(diagnostics.map((d) => `${d.code} ${d.path}`).sort(), [
    'invalid-label-key sel.matchExpressions[1].key',
    'invalid-label-key sel.matchLabels.Bad Key',
    'invalid-label-value sel.matchLabels.ok',
    'invalid-selector sel.matchExpressions[0].values',
    'invalid-selector sel.matchExpressions[1].operator',
    'invalid-selector sel.matchExpressions[2]',
    'unknown-field sel.matchExpressions[3].value',
    'unknown-field sel.matchFields',
    'wrong-type sel.matchLabels.n',
  ]);
});

test('invalid requirement values are errors unless allowed', () => {
  const sel = { matchExpressions: [{ key: 'a', operator: 'In', values: ['has space'] }] };
  assert.equal(errorPaths(read(sel).diagnostics), ['sel.matchExpressions[0].values[0]']);
  assert.equal(read(sel, { allowInvalidValues: true }).diagnostics, []);
});

test.run();
