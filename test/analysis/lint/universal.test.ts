/**
 * `netpolc lint --mode universal`: the Z3 back end of `FlowQueries` on hand-written programs, on a
 * lint case whose snapshot hides what other pods could do, and end to end on the article's
 * corrected policies. Every finding's witness is replayed through the oracle here as well.
 */
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { enumerateCells } from '../../../src/analysis/cells.js';
import { lint } from '../../../src/analysis/lint/lint.js';
import { indexProgram } from '../../../src/analysis/lint/programIndex.js';
import type { Condition } from '../../../src/analysis/lint/queries.js';
import { SnapshotQueries } from '../../../src/analysis/lint/snapshotQueries.js';
import type { Finding } from '../../../src/analysis/lint/types.js';
import { MAX_WITNESSES, UniversalQueries } from '../../../src/analysis/lint/universalQueries.js';
import { lintPaths } from '../../../src/commands/lint.js';
import type { Program } from '../../../src/ir/ast.js';
import { evaluate } from '../../../src/oracle/index.js';
import { shutdownSolver } from '../../../src/smt/solver.js';
import { REPO } from '../../helpers/paths.js';
import { lintCases, programOf } from './universalHelpers.js';

const gnp = (name: string, order: number, rules: string, types = '[Ingress]') =>
  `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  order: ${order}\n  selector: app == 'db'\n  types: ${types}\n  ingress:\n${rules}`;

async function universal(program: Program, checks: string[]): Promise<Finding[]> {
  const r = await lint(program, { mode: 'universal', checks });
  assert.is(r.mode, 'universal');
  for (const f of r.findings) {
    assert.is(f.mode, 'universal', `${f.check}: found in universal mode`);
    if (f.witness) assert.is(evaluate(program, f.witness.flow).verdict, f.witness.verdict, `${f.check}: the witness replays`);
  }
  return r.findings;
}

const brief = (fs: Finding[]) => fs.map((f) => [f.check, f.location?.line, f.severity]);

test('a rule behind a deny of everything is shadowed for every pod', async () => {
  const p = programOf(gnp('db-gate', 10, "  - action: Deny\n  - action: Allow\n    source: {selector: app == 'web'}"));
  const fs = await universal(p, ['shadowed-rule']);
  assert.equal(brief(fs), [['shadowed-rule', 10, 'warning']]);
  assert.match(fs[0]!.related.map((r) => r.message).join('\n'), '`spec.ingress[0]` of `db-gate` (deny)');
  assert.is(fs[0]!.witness?.verdict, 'deny');
});

test("a rule shadowed for the snapshot's pods is reached by a pod of another namespace", async () => {
  const c = lintCases().find((x) => x.file === 'shadowed-rule.yaml')!;
  const snapshot = await lint(c.program, { checks: ['shadowed-rule'] });
  assert.equal(snapshot.findings.map((f) => f.location?.line), [26, 39], 'the snapshot sees both allows of `web` shadowed');
  assert.equal(await universal(c.program, ['shadowed-rule']), [], 'universal mode does not');
  const index = indexProgram(c.program);
  const rule = index.rules.find((r) => r.ref.policy === 'db-gate' && r.ref.position === 1)!.ref;
  const q: Condition = { kind: 'decides', rule };
  assert.is(new SnapshotQueries(c.program, index, enumerateCells(c.program)).findSync(q).status, 'none');
  const uq = new UniversalQueries(c.program, index);
  const u = await uq.find(q);
  await uq.close();
  assert.is(u.status, 'found');
  if (u.status !== 'found') return;
  const src = u.flows[0]!.src;
  assert.is(src.kind, 'pod', 'a pod the snapshot does not have');
  if (src.kind === 'pod') {
    assert.is.not(src.pod.namespace, 'prod');
    assert.is(src.pod.labels.app, 'web');
  }
  const e = evaluate(c.program, u.flows[0]!);
  assert.is(e.verdict, 'allow', 'the allow decides it');
});

test('an allow of everything for ingress is vacuous; an allow of some sources is not', async () => {
  const open = programOf(gnp('open', 10, '  - action: Allow'));
  assert.equal(brief(await universal(open, ['vacuous-policy-set'])), [['vacuous-policy-set', 1, 'warning']]);
  const some = programOf(gnp('some', 10, "  - action: Allow\n    source: {selector: app == 'web'}"));
  assert.equal(await universal(some, ['vacuous-policy-set']), []);
  const uq = new UniversalQueries(some, indexProgram(some));
  const d = await uq.find({ kind: 'differs', scope: 'flow', edit: { kind: 'remove-all' } });
  await uq.close();
  assert.is(d.status, 'found');
  if (d.status === 'found') assert.is(evaluate(some, d.flows[0]!).verdict, 'deny', 'the policy denies a flow no policy would');
});

test('an allow of `web` before an allow of everything is redundant; the broad allow is not', async () => {
  const p = programOf(gnp('db', 10, "  - action: Allow\n    source: {selector: app == 'web'}\n  - action: Allow"));
  const fs = await universal(p, ['redundant-rule']);
  assert.equal(brief(fs), [['redundant-rule', 9, 'info']]);
  assert.match(fs[0]!.related.map((r) => r.message).join('\n'), '`spec.ingress[1]` of `db` (allow)');
});

test('a policy another one covers is redundant; the covering one is not', async () => {
  const a = gnp('a', 10, "  - action: Allow\n    source: {selector: app == 'web'}");
  const b = gnp('b', 20, "  - action: Allow\n    source: {selector: app == 'web'}\n  - action: Allow\n    source: {selector: app == 'api'}");
  const fs = await universal(programOf(`${a}\n---\n${b}`), ['redundant-policy']);
  assert.equal(brief(fs), [['redundant-policy', 1, 'info']]);
  assert.is(fs[0]!.policy?.policy, 'a');
});

test('a deny of `web` before an allow of everything overlaps it, and only their order decides', async () => {
  const p = programOf(gnp('db', 10, "  - action: Deny\n    source: {selector: app == 'web'}\n  - action: Allow"));
  const fs = await universal(p, ['order-dependent-overlap']);
  assert.equal(brief(fs), [['order-dependent-overlap', 9, 'info']]);
  assert.is(fs[0]!.witness?.verdict, 'deny');
  assert.is(fs[0]!.witness?.changed?.verdict, 'allow', 'without the deny, the allow decides');
});

test('a solver timeout is `unknown`, never `none`, and makes no finding', async () => {
  const some = programOf(gnp('some', 10, "  - action: Allow\n    source: {selector: app == 'web'}"));
  const uq = new UniversalQueries(some, indexProgram(some), { timeoutMs: 1 });
  // Z3 answers within 1 ms or gives up; either way the flow that exists is never denied.
  for (let i = 0; i < 3; i++) {
    const r = await uq.find({ kind: 'differs', scope: 'flow', edit: { kind: 'remove-all' } });
    assert.ok(r.status === 'found' || (r.status === 'unknown' && /solver gave up/.test(r.reason)), JSON.stringify(r));
  }
  await uq.close();
  const r = await lint(some, { mode: 'universal', checks: ['vacuous-policy-set'], universalOptions: { timeoutMs: 1 } });
  assert.equal(r.findings, []);
});

test('many witnesses asked for: a few, each of another shape, at a bounded cost', async () => {
  const p = programOf(gnp('db', 10, '  - action: Allow'));
  const uq = new UniversalQueries(p, indexProgram(p));
  const r = await uq.find({ kind: 'verdict', scope: 'flow', is: 'allow' }, 50);
  await uq.close();
  assert.is(r.status, 'found');
  if (r.status !== 'found') return;
  assert.is(r.flows.length, MAX_WITNESSES);
  const shapes = r.flows.map((f) => `${f.src.kind}|${f.dst.kind}|${f.protocol}|${f.dstPort}`);
  assert.is(new Set(shapes).size, shapes.length, shapes.join(', '));
  assert.ok(uq.calls <= 2 * MAX_WITNESSES, `${uq.calls} solver calls`);
  for (const f of r.flows) assert.is(evaluate(p, f).verdict, 'allow');
});

test('cluster checks do not run in universal mode', async () => {
  const c = lintCases().find((x) => x.file === 'uncaptured-pods.yaml')!;
  const r = await lint(c.program, { mode: 'universal' });
  assert.ok(r.findings.every((f) => f.check !== 'uncaptured-pods' && f.mode !== 'snapshot'));
  assert.ok((await lint(c.program)).findings.some((f) => f.check === 'uncaptured-pods'), 'the snapshot reports them');
});

test('netpolc lint corpus/article-fixed --mode universal runs, and finds no unusable allow', async () => {
  const r = await lintPaths([join(REPO, 'corpus', 'article-fixed')], { mode: 'universal', format: 'text', failOn: 'warning' });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.result.mode, 'universal');
  assert.match(r.output, 'in universal mode');
  // Some pod could use each allow: e.g. a `frontend` pod that is also `k8s-app: kube-dns` may send.
  assert.equal(r.result.findings.filter((f) => f.check === 'unusable-rule'), []);
  assert.ok(r.result.findings.every((f) => f.mode !== 'snapshot'));
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
