/**
 * Structural queries (`selectorKeys`, `selectorEquals`) and matcher details not covered by the
 * generated tests: own-property lookup and the `global()` flag.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  compileSelector, evaluateSelector, parseCalicoSelector, selectorEquals, selectorKeys, type Selector,
} from '../../src/selector/index.js';

function parse(text: string): Selector {
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.selector;
}

test('selectorKeys lists each mentioned key once, sorted', () => {
  assert.equal(selectorKeys(parse('b == "1" && !(a in {"x"} || has(b)) && c starts with "z" && all()')), ['a', 'b', 'c']);
  assert.equal(selectorKeys(parse('all() || global()')), []);
});

test('selectorEquals is structural', () => {
  assert.ok(selectorEquals(parse('a in {"y", "x"}'), parse("a in {'x','y','x'}")));
  assert.ok(selectorEquals(parse('!!has(a) && b != "c"'), parse('has(a)&&b!="c"')));
  assert.not.ok(selectorEquals(parse('has(a) && has(b)'), parse('has(b) && has(a)')));
  assert.not.ok(selectorEquals(parse('a == "x"'), parse('a != "x"')));
  assert.not.ok(selectorEquals(parse('a in {"x"}'), parse('a not in {"x"}')));
  assert.not.ok(selectorEquals(parse('(has(a) && has(b)) && has(c)'), parse('has(a) && has(b) && has(c)')));
  assert.not.ok(selectorEquals(parse('all()'), parse('global()')));
});

test('only own properties are labels: Object.prototype members never match', () => {
  const s = parse('has(constructor) || toString == "x" || hasOwnProperty not in {"y"}');
  // `not in` holds for an absent key, so only the last operand is true for an empty map.
  const matcher = compileSelector(s);
  assert.ok(matcher({}));
  const hasCtor = compileSelector(parse('has(constructor)'));
  assert.not.ok(hasCtor({}));
  assert.ok(hasCtor({ constructor: 'x' }));
  assert.not.ok(evaluateSelector(parse('has(toString)'), {}));
  assert.not.ok(compileSelector(parse('toString != "x"'))({ toString: 'x' }));
  assert.ok(compileSelector(parse('toString != "x"'))({}));
  const inherited = Object.create({ app: 'web' }) as Record<string, string>;
  assert.not.ok(compileSelector(parse('app == "web"'))(inherited));
  assert.not.ok(evaluateSelector(parse('app == "web"'), inherited));
});

test('global() follows the flag, and is true when the scope is not given (as Calico\'s engine)', () => {
  const g = parse('global()');
  const m = compileSelector(g);
  assert.ok(m({}));
  assert.ok(m({}, true));
  assert.not.ok(m({}, false));
  assert.ok(evaluateSelector(g, {}));
  assert.not.ok(evaluateSelector(g, {}, false));
  assert.ok(compileSelector(parse('!global()'))({}, false));
});

test('sets of many members match like small ones', () => {
  const values = Array.from({ length: 40 }, (_, i) => `v${i}`);
  const s = parse(`a in {${values.map((v) => `"${v}"`).join(', ')}}`);
  const m = compileSelector(s);
  assert.ok(m({ a: 'v39' }));
  assert.not.ok(m({ a: 'v40' }));
  assert.not.ok(m({}));
  const n = compileSelector({ op: 'notin', key: 'a', values });
  assert.ok(n({ a: 'v40' }));
  assert.not.ok(n({ a: 'v0' }));
});

test.run();
