/**
 * Metamorphic properties of the oracle over random programs and flows: changes that must not
 * change a verdict, and changes that must change it only in the documented way.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Program } from '../../src/ir/ast.js';
import { printFlowText } from '../../src/ir/flowText.js';
import { evaluate } from '../../src/oracle/index.js';
import { Gen } from '../ir/gen.js';

const PROGRAMS = 300;
const FLOWS = 12;

function forEachCase(f: (p: Program, flow: ReturnType<Gen['flow']>, where: string) => void): void {
  for (let seed = 1; seed <= PROGRAMS; seed++) {
    const g = new Gen(seed);
    const p = g.program();
    for (let i = 0; i < FLOWS; i++) {
      const flow = g.flow(p);
      f(p, flow, `seed ${seed}, flow ${printFlowText(flow)}`);
    }
  }
}

test('every random flow gets a verdict, and the verdict is the conjunction of the two directions', () => {
  let decided = 0;
  forEachCase((p, flow, where) => {
    const e = evaluate(p, flow);
    const want = e.egress.verdict === 'deny' || e.ingress.verdict === 'deny' ? 'deny' : e.egress.verdict === 'unknown' || e.ingress.verdict === 'unknown' ? 'unknown' : 'allow';
    assert.is(e.verdict, want, where);
    assert.is(e.egress.evaluated, flow.src.kind !== 'external', where);
    assert.is(e.ingress.evaluated, flow.dst.kind !== 'external', where);
    if (e.verdict !== 'unknown') decided++;
  });
  assert.ok(decided > PROGRAMS, 'most random flows are decided');
});

test('log rules never change a verdict', () => {
  forEachCase((p, flow, where) => {
    const noLog: Program = {
      ...p,
      tiers: p.tiers.map((t) => ({
        ...t,
        policies: t.policies.map((x) => ({ ...x, ingress: x.ingress.filter((r) => r.action !== 'log'), egress: x.egress.filter((r) => r.action !== 'log') })),
      })),
    };
    assert.is(evaluate(noLog, flow).verdict, evaluate(p, flow).verdict, where);
  });
});

test('the final action matters only when every tier passed or did not apply', () => {
  forEachCase((p, flow, where) => {
    const flipped: Program = { ...p, final: p.final === 'allow' ? 'deny' : 'allow' };
    const a = evaluate(p, flow);
    const b = evaluate(flipped, flow);
    for (const d of ['egress', 'ingress'] as const) {
      if (a[d].decision.by === 'final') assert.is(b[d].verdict, flipped.final, where);
      else assert.equal(b[d].decision, a[d].decision, where);
    }
  });
});

test('listing order does not matter to the oracle: it sorts tiers and policies itself', () => {
  forEachCase((p, flow, where) => {
    const shuffled: Program = { ...p, tiers: [...p.tiers].reverse().map((t) => ({ ...t, policies: [...t.policies].reverse() })) };
    assert.equal(evaluate(shuffled, flow).verdict, evaluate(p, flow).verdict, where);
  });
});

test('a tier that decides shadows every later tier', () => {
  forEachCase((p, flow, where) => {
    const e = evaluate(p, flow);
    for (const d of ['egress', 'ingress'] as const) {
      const t = e[d];
      if (!t.evaluated) continue;
      const last = t.tiers[t.tiers.length - 1];
      if (t.decision.by === 'final') assert.ok(t.tiers.every((s) => s.outcome === 'skipped' || s.outcome === 'pass'), where);
      else assert.ok(last !== undefined && last.applied && last.outcome === t.verdict, where);
      assert.is(t.tiers.length <= p.tiers.length, true, where);
    }
  });
});

test.run();
