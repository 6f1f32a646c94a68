/**
 * The parser's trees for the language's corners: precedence, `!` runs, grouping, the
 * context-sensitive operator words, quoting, sets, blanks, and the limits.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Selector } from '../../src/selector/ast.js';
import { parseCalicoSelector, printSelector, SELECTOR_LIMITS } from '../../src/selector/index.js';

function tree(text: string): Selector {
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(`${JSON.stringify(text)} rejected: ${r.error.message}`);
  return r.selector;
}
function rejected(text: string): boolean {
  return !parseCalicoSelector(text).ok;
}
const has = (key: string): Selector => ({ op: 'has', key });

test('&& binds tighter than ||, and chains are n-ary', () => {
  assert.equal(tree('has(a) || has(b) && has(c)'), { op: 'or', args: [has('a'), { op: 'and', args: [has('b'), has('c')] }] });
  assert.equal(tree('has(a) && has(b) && has(c)'), { op: 'and', args: [has('a'), has('b'), has('c')] });
  assert.equal(tree('has(a) && has(b) || has(c)'), { op: 'or', args: [{ op: 'and', args: [has('a'), has('b')] }, has('c')] });
});

test('! binds tightest, to the comparison after it', () => {
  assert.equal(tree('!a == "x" && has(b)'), {
    op: 'and',
    args: [{ op: 'not', arg: { op: 'eq', key: 'a', value: 'x' } }, has('b')],
  });
  assert.equal(tree('!a in {"x"}'), { op: 'not', arg: { op: 'in', key: 'a', values: ['x'] } });
});

test('a run of ! collapses by parity; !( ! … ) does not', () => {
  assert.equal(tree('!!has(a)'), has('a'));
  assert.equal(tree('! !\t!has(a)'), { op: 'not', arg: has('a') });
  assert.equal(tree('!(!has(a))'), { op: 'not', arg: { op: 'not', arg: has('a') } });
});

test('parentheses group without flattening, as Calico', () => {
  assert.equal(tree('(has(a) && has(b)) && has(c)'), {
    op: 'and',
    args: [{ op: 'and', args: [has('a'), has('b')] }, has('c')],
  });
  assert.equal(tree('((((has(a)))))'), has('a'));
  assert.is(printSelector(tree('(has(a) && has(b)) && has(c)')), '((has(a) && has(b)) && has(c))');
});

test('operator words are labels except right after a label', () => {
  assert.equal(tree('in in {"in"}'), { op: 'in', key: 'in', values: ['in'] });
  assert.equal(tree('contains contains "contains"'), { op: 'contains', key: 'contains', value: 'contains' });
  assert.equal(tree('not not in {}'), { op: 'notin', key: 'not', values: [] });
  assert.equal(tree('has == "all" || all != "x"'), {
    op: 'or',
    args: [{ op: 'eq', key: 'has', value: 'all' }, { op: 'neq', key: 'all', value: 'x' }],
  });
  assert.equal(tree('a startswith "x"'), { op: 'startswith', key: 'a', value: 'x' });
  assert.equal(tree('a ends \t with "x"'), { op: 'endswith', key: 'a', value: 'x' });
  assert.equal(tree('a notin{"x"}'), { op: 'notin', key: 'a', values: ['x'] });
  assert.equal(tree('a contains"x"'), { op: 'contains', key: 'a', value: 'x' });
  // No word boundary after the operator: `in` then the label `dex`, which cannot follow.
  assert.ok(rejected('a index'));
  // And the label swallows a glued operator: `ain` is one label.
  assert.ok(rejected('ain {"x"}'));
});

test('function names need their parenthesis attached; blanks inside are fine', () => {
  assert.equal(tree('has( a.b/c-d_e )'), has('a.b/c-d_e'));
  assert.equal(tree('all(\t)'), { op: 'all' });
  assert.equal(tree('global( )'), { op: 'global' });
  assert.ok(rejected('has (a)'));
  assert.ok(rejected('all ()'));
  assert.ok(rejected('has(a b)'));
});

test('label keys use Calico\'s characters, prefixes included', () => {
  for (const key of ['projectcalico.org/name', 'k8s-app', 'app.kubernetes.io/name', '9', '-', 'a_b', 'A/B/C']) {
    assert.equal(tree(`${key} == "v"`), { op: 'eq', key, value: 'v' });
  }
  assert.ok(rejected('a:b == "v"'));
  assert.ok(rejected('ä == "v"'));
});

test('strings: either quote, no escapes, any other character inside', () => {
  assert.equal(tree(`a == 'say "hi"'`), { op: 'eq', key: 'a', value: 'say "hi"' });
  assert.equal(tree(`a == "it's"`), { op: 'eq', key: 'a', value: "it's" });
  assert.equal(tree(`a == "\\"`), { op: 'eq', key: 'a', value: '\\' });
  assert.equal(tree('a == "&& || ( ) { } ! 😀"'), { op: 'eq', key: 'a', value: '&& || ( ) { } ! 😀' });
  assert.equal(tree('a == ""'), { op: 'eq', key: 'a', value: '' });
});

test('sets: sorted, de-duplicated, empty allowed, one trailing comma allowed', () => {
  assert.equal(tree('a in {"b", "a", "b"}'), { op: 'in', key: 'a', values: ['a', 'b'] });
  assert.equal(tree('a in {}'), { op: 'in', key: 'a', values: [] });
  assert.equal(tree('a in {"x",}'), { op: 'in', key: 'a', values: ['x'] });
  assert.ok(rejected('a in {,}'));
  assert.ok(rejected('a in {"x",,}'));
  assert.ok(rejected('a in {"x" "y"}'));
  // Sorted by code point (Go's byte order), not by UTF-16 unit: U+E000 before U+1F600.
  assert.equal(tree('a in {"😀", "\uE000", "Z", "a"}'), { op: 'in', key: 'a', values: ['Z', 'a', '\uE000', '😀'] });
});

test('blanks are spaces and tabs only; empty and blank text is all()', () => {
  assert.equal(tree(''), { op: 'all' });
  assert.equal(tree(' \t '), { op: 'all' });
  assert.equal(tree('\ta\t==\t"b"\t'), { op: 'eq', key: 'a', value: 'b' });
  assert.ok(rejected('a == "b"\n'));
  assert.ok(rejected('a ==\r"b"'));
  assert.ok(rejected('\u00a0all()'));
});

test('limits: text length, nesting depth and label length', () => {
  const { maxLength, maxDepth, maxLabelLength } = SELECTOR_LIMITS;
  const deepOk = '('.repeat(maxDepth) + 'has(a)' + ')'.repeat(maxDepth);
  assert.equal(tree(deepOk), has('a'));
  const tooDeep = '('.repeat(maxDepth + 1) + 'has(a)' + ')'.repeat(maxDepth + 1);
  assert.equal(parseCalicoSelector(tooDeep), {
    ok: false,
    error: { message: `parentheses are nested deeper than ${maxDepth} levels`, offset: maxDepth },
  });
  // Calls close their own parenthesis and do not count as nesting.
  const calls = '('.repeat(maxDepth) + Array(50).fill('has(a) && all()').join(' && ') + ')'.repeat(maxDepth);
  assert.ok(parseCalicoSelector(calls).ok);

  const longest = 'k'.repeat(maxLabelLength);
  assert.equal(tree(`${longest} == "v"`), { op: 'eq', key: longest, value: 'v' });
  assert.equal(tree(`has(${longest})`), has(longest));
  const r = parseCalicoSelector(`x == "1" && ${longest}k == "v"`);
  assert.ok(!r.ok && r.error.offset === 12 && r.error.message.includes(`longer than ${maxLabelLength} characters`));

  const long = 'a == "' + 'x'.repeat(maxLength) + '"';
  assert.equal(parseCalicoSelector(long), {
    ok: false,
    error: { message: `selector is longer than ${maxLength} characters`, offset: maxLength },
  });
  // Within the limit, long flat input is fine (no recursion per `!` or per `&&`).
  const flat = '!'.repeat(4001) + 'has(a)' + ' && has(b)'.repeat(1000);
  const f = parseCalicoSelector(flat);
  assert.ok(f.ok && f.selector.op === 'and' && f.selector.args.length === 1001);
});

test.run();
