/**
 * The reach of a change (`scope.ts`): which endpoints a policy change can touch. The snapshot diff
 * decides only pairs with an end among them, so it must print exactly what deciding every pair
 * prints; and the reach falls back to "everything" whenever the versions differ outside policies.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Program } from '../../../src/ir/ast.js';
import { diffSnapshots } from '../../../src/analysis/diff/index.js';
import { changeReach } from '../../../src/analysis/diff/scope.js';
import { resolveParty } from '../../../src/oracle/party.js';
import { subjectSelects } from '../../../src/oracle/evaluate.js';
import { generatedProgram, mutateOneRule, pairProgram } from './pairs.js';

test('equal versions reach nothing; a moved line or another file name is no change', () => {
  const a = pairProgram(3, 12);
  const nothing = { src: new Set(), dst: new Set() };
  assert.equal(changeReach(a, a), nothing);
  const moved = structuredClone(a);
  for (const t of moved.tiers)
    for (const p of t.policies) {
      p.origin = { ...p.origin, file: `old/${p.origin.file}`, line: p.origin.line + 7 };
      for (const r of [...p.ingress, ...p.egress]) r.origin = { ...r.origin, file: `old/${r.origin.file}`, line: r.origin.line + 7 };
    }
  assert.equal(changeReach(a, moved), nothing);
});

test('anything changed outside the policies: everything is in reach', () => {
  const a = pairProgram(4, 12);
  const otherFinal: Program = { ...a, final: a.final === 'allow' ? 'deny' : 'allow' };
  assert.is(changeReach(a, otherFinal), null);
  const otherTier = structuredClone(a);
  otherTier.tiers[0]!.defaultAction = otherTier.tiers[0]!.defaultAction === 'pass' ? 'deny' : 'pass';
  assert.is(changeReach(a, otherTier), null);
  const otherSnapshot = structuredClone(a);
  otherSnapshot.snapshot!.endpoints[0]!.labels = { ...otherSnapshot.snapshot!.endpoints[0]!.labels, extra: 'yes' };
  assert.is(changeReach(a, otherSnapshot), null);
  assert.is(changeReach({ ...a, snapshot: null }, { ...a, snapshot: null }), null);
});

test('a changed policy reaches exactly the endpoints it selects, in the directions that changed', () => {
  const a = pairProgram(5, 20);
  const b = structuredClone(a);
  const pol = b.tiers[1]!.policies.find((p) => p.types.includes('ingress') && p.ingress.length > 0)!;
  pol.ingress = [];
  const expected = new Set(
    a.snapshot!.endpoints
      .filter((e) => {
        const party = { kind: 'endpoint' as const, id: e.id };
        return subjectSelects(pol.subject, resolveParty(a, { src: party, dst: party, ipVersion: 4, protocol: 6 }, party));
      })
      .map((e) => e.id),
  );
  assert.ok(expected.size > 0, 'the policy selects some endpoint');
  assert.equal(changeReach(a, b), { src: new Set(), dst: expected }, 'only its ingress rules changed');
  // A policy added in the new version counts too, in every direction it governs.
  const c = structuredClone(a);
  c.tiers[1]!.policies.push({ ...structuredClone(pol), name: 'zz-new', types: ['ingress', 'egress'] });
  assert.equal(changeReach(a, c), { src: expected, dst: expected });
});

test('the diff over the reach equals the diff over every pair, on generated pairs', () => {
  let compared = 0;
  let changes = 0;
  let smaller = 0;
  const check = (a: Program, b: Program, what: string) => {
    const scoped = diffSnapshots(a, b);
    const whole = diffSnapshots(a, b, { wholeSnapshot: true });
    assert.equal(scoped.changes, whole.changes, what);
    // Undecided connections of pairs out of reach are undecided alike in both versions: left out.
    const key = (c: { src: string; dst: string; conn: { toString(): string } }) => `${c.src} ${c.dst} ${c.conn.toString()}`;
    for (const side of ['old', 'new'] as const) {
      const kept = new Set(scoped.unknown[side].map(key));
      assert.ok([...kept].every((k) => whole.unknown[side].some((c) => key(c) === k)), what);
    }
    const dropped = (side: 'old' | 'new') => whole.unknown[side].map(key).filter((k) => !scoped.unknown[side].some((c) => key(c) === k));
    assert.equal(dropped('old'), dropped('new'), what);
    assert.is(scoped.relation, whole.relation, what);
    assert.ok(scoped.stats.evaluations <= whole.stats.evaluations, what);
    if (scoped.stats.evaluations < whole.stats.evaluations) smaller++;
    compared++;
    changes += whole.changes.length;
  };
  for (let seed = 1; seed <= 60; seed++) {
    const a = pairProgram(seed, seed % 3 === 0 ? 40 : 10);
    const b = mutateOneRule(a, seed);
    if (b) check(a, b, `pair seed ${seed}`);
  }
  for (let seed = 2000, n = 0; n < 40 && seed < 4000; seed++) {
    const a = generatedProgram(seed);
    const b = a && mutateOneRule(a, seed);
    if (!a || !b) continue;
    check(a, b, `gen seed ${seed}`);
    n++;
  }
  assert.ok(compared >= 90, `${compared} pairs`);
  assert.ok(changes > 50, `${changes} changes`);
  assert.ok(smaller > compared / 3, `the reach saved work on ${smaller} of ${compared} pairs`);
});

test.run();
