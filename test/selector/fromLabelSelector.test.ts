/**
 * Kubernetes `LabelSelector`s lowered into the selector AST: each operator's meaning (Kubernetes
 * "Labels and Selectors"), the AND of all parts, and `{}` selecting everything.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LabelSelector, LabelSelectorRequirement } from '../../src/model/labelSelector.js';
import { compileSelector, evaluateSelector, fromLabelSelector, printSelector } from '../../src/selector/index.js';

function sel(matchLabels: Record<string, string>, matchExpressions: LabelSelectorRequirement[] = []): LabelSelector {
  return { matchLabels, matchExpressions };
}
function matches(ls: LabelSelector, labels: Record<string, string>): boolean {
  const s = fromLabelSelector(ls);
  const a = evaluateSelector(s, labels);
  assert.is(compileSelector(s)(labels), a, 'compiled and plain matchers disagree');
  return a;
}

test('{} selects everything, including an endpoint without labels', () => {
  assert.equal(fromLabelSelector(sel({})), { op: 'all' });
  assert.ok(matches(sel({}), {}));
  assert.ok(matches(sel({}), { app: 'web' }));
});

test('matchLabels: each key present with exactly that value', () => {
  const ls = sel({ tier: 'db', app: 'web' });
  assert.is(printSelector(fromLabelSelector(ls)), '(app == "web" && tier == "db")');
  assert.ok(matches(ls, { app: 'web', tier: 'db', extra: 'x' }));
  assert.not.ok(matches(ls, { app: 'web' }));
  assert.not.ok(matches(ls, { app: 'web', tier: 'cache' }));
});

test('In: key present with one of the values', () => {
  const ls = sel({}, [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }]);
  assert.equal(fromLabelSelector(ls), { op: 'in', key: 'env', values: ['prod', 'staging'] });
  assert.ok(matches(ls, { env: 'staging' }));
  assert.not.ok(matches(ls, { env: 'dev' }));
  assert.not.ok(matches(ls, {}));
});

test('NotIn: key absent, or present with none of the values', () => {
  const ls = sel({}, [{ key: 'env', operator: 'NotIn', values: ['prod'] }]);
  assert.equal(fromLabelSelector(ls), { op: 'notin', key: 'env', values: ['prod'] });
  assert.ok(matches(ls, {}), 'NotIn matches an endpoint without the key');
  assert.ok(matches(ls, { other: 'prod' }));
  assert.ok(matches(ls, { env: 'dev' }));
  assert.not.ok(matches(ls, { env: 'prod' }));
});

test('Exists and DoesNotExist test the key only', () => {
  const exists = sel({}, [{ key: 'app', operator: 'Exists', values: [] }]);
  const absent = sel({}, [{ key: 'app', operator: 'DoesNotExist', values: [] }]);
  assert.is(printSelector(fromLabelSelector(exists)), 'has(app)');
  assert.is(printSelector(fromLabelSelector(absent)), '!has(app)');
  assert.ok(matches(exists, { app: '' }));
  assert.not.ok(matches(exists, { other: 'app' }));
  assert.ok(matches(absent, { other: 'app' }));
  assert.not.ok(matches(absent, { app: 'web' }));
});

test('everything is ANDed: matchLabels in key order, then expressions as written', () => {
  const ls = sel({ b: '2', a: '1' }, [
    { key: 'c', operator: 'NotIn', values: ['z', 'x', 'z'] },
    { key: 'd', operator: 'Exists', values: [] },
  ]);
  assert.is(printSelector(fromLabelSelector(ls)), '(a == "1" && b == "2" && c not in {"x", "z"} && has(d))');
  assert.ok(matches(ls, { a: '1', b: '2', d: '' }));
  assert.not.ok(matches(ls, { a: '1', b: '2', c: 'x', d: '' }));
  assert.not.ok(matches(ls, { a: '1', b: '2' }));
});

test('In with no values matches nothing (validation rejects it upstream)', () => {
  const ls = sel({}, [{ key: 'a', operator: 'In', values: [] }]);
  assert.not.ok(matches(ls, { a: '' }));
  assert.not.ok(matches(ls, {}));
});

test.run();
