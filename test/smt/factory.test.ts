/**
 * The smart constructors: sorts are checked, constants fold, equal terms are one object, and
 * long chains stay cheap (no quadratic flattening).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TermFactory, TermSortError } from '../../src/smt/factory.js';
import { postOrder, type Term } from '../../src/smt/term.js';

test('equal terms are one object; and/or are canonical up to order and duplicates', () => {
  const f = new TermFactory();
  const x = f.var('x', { kind: 'bool' });
  const y = f.var('y', { kind: 'bool' });
  assert.is(f.and(x, y), f.and(y, x, y));
  assert.is(f.or(x, f.or(y, x)), f.or(y, x));
  assert.is(f.var('x', { kind: 'bool' }), x);
});

test('constants fold', () => {
  const f = new TermFactory();
  const x = f.var('x', { kind: 'bool' });
  const p = f.var('p', { kind: 'bv', width: 16 });
  assert.is(f.and(x, f.not(x)), f.F);
  assert.is(f.or(x, f.not(x)), f.T);
  assert.is(f.not(f.not(x)), x);
  assert.is(f.ite(f.T, x, f.F), x);
  assert.is(f.ite(x, f.T, f.F), x);
  assert.is(f.eq(f.str('a'), f.str('a')), f.T);
  assert.is(f.eq(f.bv(1, 8), f.bv(2, 8)), f.F);
  assert.is(f.inRange(p, 0, 65535), f.T);
  assert.is(f.inRange(p, 5, 4), f.F);
  assert.is(f.extract(7, 4, f.bv(0xab, 8)), f.bv(0xa, 4));
  assert.is(f.contains(f.str('database'), f.str('tab')), f.T);
  assert.is(f.prefixOf(f.str('db'), f.str('database')), f.F);
  assert.is(f.suffixOf(f.str('base'), f.str('database')), f.T);
});

const isSortError = (e: unknown) => e instanceof TermSortError;

test('sorts are checked', () => {
  const f = new TermFactory();
  const b = f.var('b', { kind: 'bool' });
  const s = f.var('s', { kind: 'string' });
  assert.throws(() => f.and(b, s), isSortError);
  assert.throws(() => f.eq(b, s), isSortError);
  assert.throws(() => f.bv(256, 8), isSortError);
  assert.throws(() => f.var('b', { kind: 'string' }), isSortError);
  assert.throws(() => f.extract(8, 0, f.var('w', { kind: 'bv', width: 8 })), isSortError);
});

test('a chain of 20,000 steps builds in linear time and traverses without recursion', () => {
  const f = new TermFactory();
  const t0 = performance.now();
  let t: Term = f.var('end', { kind: 'bool' });
  for (let i = 0; i < 20_000; i++) t = f.and(f.not(f.var(`k${i}`, { kind: 'bool' })), t);
  assert.ok(performance.now() - t0 < 5_000, 'chain took too long');
  assert.ok(postOrder([t]).length > 20_000);
});

test.run();
