/**
 * IntervalSet: canonical form, set algebra checked against a plain `Set` model on random sets,
 * bigint ranges at the IPv6 scale.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BIGINT,
  IPV6_UNIVERSE,
  IntervalSet,
  NUMBER,
  PORT_UNIVERSE,
  bigintSet,
  numberSet,
  type NumberSet,
} from '../../src/connectivity/intervals.js';
import { Prng } from '../../src/util/prng.js';

const pairs = (s: NumberSet) => s.ranges.map((r) => [r.lo, r.hi]);

test('fromRanges sorts, merges overlapping and adjacent ranges, drops empty ones', () => {
  const s = numberSet([10, 20], [1, 3], [4, 5], [15, 25], 30, [9, 8]);
  assert.equal(pairs(s), [
    [1, 5],
    [10, 25],
    [30, 30],
  ]);
  assert.is(s.toShortString(), '1-5,10-25,30');
  assert.is(numberSet().toString(), '{}');
});

test('subtract cuts holes, and complement is within the universe', () => {
  const s = numberSet([1, 65535]).subtract(numberSet(80, [8080, 8090]));
  assert.is(s.toShortString(), '1-79,81-8079,8091-65535');
  assert.is(s.complement(PORT_UNIVERSE).toShortString(), '80,8080-8090');
  assert.ok(numberSet([1, 65535]).isAll(PORT_UNIVERSE));
  assert.not.ok(s.isAll(PORT_UNIVERSE));
  assert.ok(numberSet(5).subtract(numberSet([1, 10])).isEmpty());
});

test('contains, subset, overlap, count, min and max', () => {
  const s = numberSet([1, 5], [10, 12]);
  assert.ok(s.contains(1) && s.contains(5) && s.contains(11));
  assert.not.ok(s.contains(0) || s.contains(6) || s.contains(13));
  assert.ok(numberSet([2, 3]).isSubsetOf(s));
  assert.not.ok(numberSet([4, 10]).isSubsetOf(s));
  assert.ok(numberSet([5, 9]).overlaps(s));
  assert.not.ok(numberSet([6, 9]).overlaps(s));
  assert.is(s.count(), 8n);
  assert.is(s.min(), 1);
  assert.is(s.max(), 12);
  assert.equal([...s.values()], [1, 2, 3, 4, 5, 10, 11, 12]);
  assert.equal(
    s.split().map((p) => p.toShortString()),
    ['1-5', '10-12'],
  );
});

function randomSet(rng: Prng, n: number): { set: NumberSet; model: Set<number> } {
  const model = new Set<number>();
  const ranges: Array<[number, number]> = [];
  for (let i = rng.int(0, 4); i > 0; i--) {
    const lo = rng.int(0, n);
    const hi = Math.min(n, lo + rng.int(0, 6));
    ranges.push([lo, hi]);
    for (let x = lo; x <= hi; x++) model.add(x);
  }
  return { set: numberSet(...ranges), model };
}

test('union, intersect, subtract, complement and equals agree with a Set model (500 random pairs)', () => {
  const rng = new Prng(7);
  const n = 40;
  const universe = { lo: 0, hi: n };
  const listOf = (m: Set<number>) => [...m].sort((a, b) => a - b);
  for (let i = 0; i < 500; i++) {
    const a = randomSet(rng, n);
    const b = randomSet(rng, n);
    const union = new Set([...a.model, ...b.model]);
    const inter = new Set([...a.model].filter((x) => b.model.has(x)));
    const diff = new Set([...a.model].filter((x) => !b.model.has(x)));
    const comp = new Set(Array.from({ length: n + 1 }, (_, x) => x).filter((x) => !a.model.has(x)));
    assert.equal([...a.set.union(b.set).values()], listOf(union));
    assert.equal([...a.set.intersect(b.set).values()], listOf(inter));
    assert.equal([...a.set.subtract(b.set).values()], listOf(diff));
    assert.equal([...a.set.complement(universe).values()], listOf(comp));
    const same = listOf(a.model).join() === listOf(b.model).join();
    assert.is(a.set.equals(b.set), same);
    // Canonical form: a set rebuilt from its own values has the same ranges.
    const rebuilt = IntervalSet.fromRanges(NUMBER, [...a.set.values()].map((x) => ({ lo: x, hi: x })));
    assert.ok(rebuilt.equals(a.set));
    for (let k = 1; k < a.set.ranges.length; k++) assert.ok(a.set.ranges[k - 1]!.hi + 1 < a.set.ranges[k]!.lo);
  }
});

test('bigint sets span the whole IPv6 space', () => {
  const all = IntervalSet.of(BIGINT, IPV6_UNIVERSE);
  const hole = bigintSet([1n << 64n, (1n << 65n) - 1n]);
  const rest = all.subtract(hole);
  assert.is(rest.ranges.length, 2);
  assert.is(rest.count() + hole.count(), 1n << 128n);
  assert.ok(rest.union(hole).equals(all));
  assert.ok(hole.complement(IPV6_UNIVERSE).equals(rest));
  assert.ok(rest.contains(0n) && !rest.contains(1n << 64n) && rest.contains((1n << 128n) - 1n));
});

test.run();
