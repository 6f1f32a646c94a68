/**
 * The universal back end against the snapshot back end on every lint case file with pods: for
 * the questions the flow checks ask (matches, reaches, decides, verdicts and differences under
 * every kind of edit), a flow the snapshot finds is a flow that could exist, so universal mode
 * must find one too — equivalently, a universal `none` implies a snapshot `none`. Universal mode
 * may find more (pods the snapshot does not have); at least one case must show that, or the test
 * would not tell a universal back end from a snapshot one. Every universal flow has already been
 * replayed through the oracle and checked against its condition by the back end itself.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumerateCells } from '../../../src/analysis/cells.js';
import { indexProgram, type ProgramIndex } from '../../../src/analysis/lint/programIndex.js';
import type { Condition } from '../../../src/analysis/lint/queries.js';
import { SnapshotQueries } from '../../../src/analysis/lint/snapshotQueries.js';
import { UniversalQueries } from '../../../src/analysis/lint/universalQueries.js';
import { shutdownSolver } from '../../../src/smt/solver.js';
import { lintCases } from './universalHelpers.js';

/** The questions of `shadowed-rule`, `redundant-rule`, `redundant-policy`, `order-dependent-overlap`, `vacuous-policy-set` and more. */
function questions(index: ProgramIndex): Condition[] {
  const out: Condition[] = [{ kind: 'differs', scope: 'flow', edit: { kind: 'remove-all' } }, { kind: 'verdict', scope: 'flow', is: 'deny' }];
  for (const r of index.rules) {
    const ref = r.ref;
    const without = { kind: 'remove-rule' as const, rule: ref };
    out.push(
      { kind: 'matches', rule: ref, certain: true },
      { kind: 'and', args: [{ kind: 'matches', rule: ref, certain: false }, { kind: 'reaches', rule: ref }] },
      { kind: 'decides', rule: ref },
      { kind: 'differs', scope: ref.direction, edit: without },
      { kind: 'and', args: [{ kind: 'decides', rule: ref }, { kind: 'differs', scope: ref.direction, edit: without }] },
      { kind: 'differs', scope: 'flow', edit: without },
    );
    // Reaching a later rule of the same policy once this one is gone (positions shift).
    const next = index.rules.find((x) => x.pi === r.pi && x.ref.direction === ref.direction && x.ref.position === ref.position + 1);
    if (next) out.push({ kind: 'reaches', rule: next.ref, edit: without }, { kind: 'decides', rule: next.ref, edit: without });
  }
  for (const p of index.policies) {
    const edit = { kind: 'remove-policy' as const, policy: p.ref };
    out.push(
      { kind: 'or', args: p.policy.types.map((direction) => ({ kind: 'applies', policy: p.ref, direction }) as Condition) },
      { kind: 'or', args: p.policy.types.map((scope) => ({ kind: 'differs', scope, edit }) as Condition) },
      { kind: 'verdict', scope: 'flow', is: 'allow', edit },
    );
    for (const q of index.policies)
      if (q.ti === p.ti && q.pi > p.pi) out.push({ kind: 'differs', scope: 'flow', edit: { kind: 'swap-policies', a: p.ref, b: q.ref } });
  }
  return out;
}

const cases = lintCases().filter((c) => (c.program.snapshot?.endpoints.length ?? 0) > 0);
let onlyUniversal = 0;

test('there are case files with pods to compare on', () => {
  assert.ok(cases.length >= 20, `${cases.length} case files with pods`);
});

for (const c of cases) {
  test(`${c.file}: a snapshot flow implies a universal flow`, async () => {
    const index = indexProgram(c.program);
    const snap = new SnapshotQueries(c.program, index, enumerateCells(c.program));
    const uni = new UniversalQueries(c.program, index, { timeoutMs: 20_000 });
    try {
      for (const q of questions(index)) {
        const s = snap.findSync(q);
        const u = await uni.find(q);
        assert.is.not(u.status, 'unknown', `${JSON.stringify(q)}: the solver decided`);
        if (s.status === 'found') assert.is(u.status, 'found', `${JSON.stringify(q)}: the snapshot found ${JSON.stringify(s.flows[0])}`);
        if (u.status === 'found' && s.status === 'none') onlyUniversal++;
      }
    } finally {
      await uni.close();
    }
  });
}

test('universal mode finds flows the snapshot cannot have', () => {
  assert.ok(onlyUniversal > 0, `${onlyUniversal} questions only universal mode answers with a flow`);
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
