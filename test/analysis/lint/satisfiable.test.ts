/**
 * Selector satisfiability (`analysis/lint/satisfiable.ts`): exact answers on hand-picked
 * selectors, every witness checked with the selector evaluator, and agreement with brute force
 * (every label map over a small alphabet) on random selectors with string tests.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { satisfiable } from '../../../src/analysis/lint/satisfiable.js';
import { evaluateSelector, parseCalicoSelector, type Selector } from '../../../src/selector/index.js';
import { Prng } from '../../../src/util/prng.js';

function sel(text: string): Selector {
  const r = parseCalicoSelector(text);
  if (!('selector' in r) || !r.selector) throw new Error(`bad selector ${text}`);
  return r.selector;
}

const UNSAT = [
  `a == 'x' && a == 'y'`,
  `a in {'x', 'y'} && a not in {'x', 'y'}`,
  `has(a) && !has(a)`,
  `a starts with 'ab' && a starts with 'b'`,
  `a ends with 'x' && a ends with 'y'`,
  `a == 'abc' && !(a contains 'b')`,
  `a == 'x' && a != 'x'`,
  `!has(a) && a contains ''`,
  `!all()`,
  `(a == 'x' || b == 'y') && !has(a) && !has(b)`,
];
const SAT = [
  `a == 'x' || a == 'y'`,
  `has(a) && a != 'x' && a not in {'y'}`,
  `a starts with 'ab' && a ends with 'ba' && !(a contains 'x')`,
  `a starts with 'a' && a starts with 'ab'`,
  `a contains 'x' && a contains 'y' && !(a contains 'xy')`,
  `global() && !has(a)`,
  `!global()`,
  `a != 'x'`,
  `all()`,
];

test('exact on hand-picked selectors, with witnesses that satisfy them', () => {
  for (const t of UNSAT) assert.is(satisfiable(sel(t)).sat, false, t);
  for (const t of SAT) {
    const r = satisfiable(sel(t));
    assert.ok(r.sat === true, t);
    if (r.sat === true) assert.ok(evaluateSelector(sel(t), r.labels, r.global), `witness ${JSON.stringify(r.labels)} for ${t}`);
  }
});

const VALUES = ['', 'a', 'b', 'ab', 'ba', 'aa'];

function randomSelector(r: Prng, depth: number): Selector {
  if (depth === 0 || r.chance(0.35)) {
    const key = r.pick(['k', 'm']);
    switch (r.int(0, 7)) {
      case 0:
        return { op: 'has', key };
      case 1:
        return { op: 'eq', key, value: r.pick(VALUES) };
      case 2:
        return { op: 'neq', key, value: r.pick(VALUES) };
      case 3:
        return { op: 'in', key, values: [...new Set([r.pick(VALUES), r.pick(VALUES)])].sort() };
      case 4:
        return { op: 'notin', key, values: [r.pick(VALUES)] };
      case 5:
        return { op: 'contains', key, value: r.pick(VALUES) };
      case 6:
        return { op: 'startswith', key, value: r.pick(VALUES) };
      default:
        return { op: 'endswith', key, value: r.pick(VALUES) };
    }
  }
  if (r.chance(0.25)) return { op: 'not', arg: randomSelector(r, depth - 1) };
  return { op: r.chance(0.75) ? 'and' : 'or', args: [randomSelector(r, depth - 1), randomSelector(r, depth - 1)] };
}

/** Every string over {a, b, c} up to length 4, and "absent". */
function universe(): (string | undefined)[] {
  const out: (string | undefined)[] = [undefined, ''];
  let layer = [''];
  for (let n = 1; n <= 4; n++) {
    layer = layer.flatMap((s) => ['a', 'b', 'c'].map((ch) => s + ch));
    out.push(...layer);
  }
  return out;
}

test('agrees with brute force over small label maps (random selectors)', () => {
  const r = new Prng(3);
  const values = universe();
  let sat = 0;
  let unsat = 0;
  for (let i = 0; i < 600; i++) {
    const s = randomSelector(r, 3);
    let found = false;
    outer: for (const k of values)
      for (const m of values) {
        const labels: Record<string, string> = {};
        if (k !== undefined) labels.k = k;
        if (m !== undefined) labels.m = m;
        if (evaluateSelector(s, labels)) {
          found = true;
          break outer;
        }
      }
    const got = satisfiable(s);
    assert.is(got.sat, found, JSON.stringify(s));
    if (got.sat === true) assert.ok(evaluateSelector(s, got.labels), `witness for ${JSON.stringify(s)}`);
    if (found) sat++;
    else unsat++;
  }
  assert.ok(sat > 50 && unsat > 40, `both outcomes exercised (${sat} sat, ${unsat} unsat)`);
});

test.run();
