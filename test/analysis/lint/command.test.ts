/**
 * `netpolc lint` end to end on the article's corrected policies (`corpus/article-fixed`): the
 * findings the corpus README promises (the `kubesystem` typo, CoreDNS isolated so DNS is blocked,
 * the frontend → backend allow that egress makes unusable), exit codes for `--fail-on`, input
 * errors and universal mode, and the three output formats.
 */
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lintPaths } from '../../../src/commands/lint.js';
import { REPO } from '../../helpers/paths.js';

const ARTICLE = join(REPO, 'corpus', 'article-fixed');
const base = { mode: 'snapshot' as const, format: 'text' as const, failOn: 'warning' as const };

test('article-fixed: the typo, blocked DNS and the unusable allow, each at its source line', async () => {
  const r = await lintPaths([ARTICLE], base);
  assert.ok(r.ok);
  if (!r.ok) return;
  const at = (check: string) => r.result.findings.filter((f) => f.check === check);
  const typo = at('selects-nothing');
  // At the namespaceSelector's value (line 29, column 22), not at the policy's first line.
  assert.equal(typo.map((f) => [f.location?.line, f.location?.column, f.location?.path, f.hint]), [[29, 22, 'spec.namespaceSelector', 'did you mean `kube-system`?']]);
  assert.match(typo[0]!.message, 'namespace `kubesystem`');
  const dns = at('dns-blocked');
  assert.ok(dns.some((f) => /on udp\/53: the ingress policy of `kube-system\/coredns\[Deployment\]` denies it/.test(f.message)), 'CoreDNS is isolated for ingress');
  assert.ok(dns.some((f) => /on tcp\/53: their egress is denied/.test(f.message)), 'egress to DNS over TCP is denied');
  const unusable = at('unusable-rule').map((f) => [f.location?.line, f.location?.column, f.message]);
  assert.equal(unusable, [
    [20, 7, 'the allow can never be used: every flow it allows is denied by the egress policy of the source'],
    [34, 5, 'the allow can never be used: every flow it allows is denied by the ingress policy of the destination'],
  ]);
  const frontend = at('unusable-rule')[0]!;
  assert.is(frontend.witness?.verdict, 'deny');
  assert.ok(frontend.witness?.text.startsWith('default/frontend -> default/backend tcp '));
  assert.is(r.exitCode, 1, 'warnings fail at --fail-on warning');
  assert.match(r.output, 'policies.yaml:20:7: warning unusable-rule (snapshot)');
  assert.ok(r.output.includes(`  20 |     - podSelector:\n${' '.repeat(13)}^\n`), 'the source line and a caret under column 7');
});

test('exit codes: --fail-on error passes warnings; universal mode runs and says so', async () => {
  const r = await lintPaths([ARTICLE], { ...base, failOn: 'error' });
  assert.is(r.exitCode, 0);
  const u = await lintPaths([ARTICLE], { ...base, mode: 'universal' });
  assert.ok(u.ok);
  assert.is(u.exitCode, 0);
  if (u.ok) assert.match(u.output, 'in universal mode');
});

test('input errors make the exit code 2 while the valid documents are still linted', async () => {
  const r = await lintPaths([ARTICLE, join(REPO, 'does-not-exist.yaml')], base);
  assert.is(r.exitCode, 2);
  assert.ok(r.ok && r.result.findings.length > 0);
});

test('json: findings with locations and witnesses, and the counts', async () => {
  const r = await lintPaths([ARTICLE], { ...base, format: 'json' });
  const doc = JSON.parse(r.ok ? r.output : '{}') as { mode: string; summary: Record<string, number>; findings: Array<Record<string, unknown>> };
  assert.is(doc.mode, 'snapshot');
  assert.is(doc.summary.warning, doc.findings.filter((f) => f.severity === 'warning').length);
  const f = doc.findings.find((x) => x.check === 'unusable-rule') as { location: { line: number }; witness: { text: string; verdict: string } };
  assert.is(f.location.line, 20);
  assert.is(f.witness.verdict, 'deny');
});

test('a policy-only input runs the structural checks and says why the others did not run', async () => {
  const r = await lintPaths([join(ARTICLE, 'policies.yaml')], base);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.match(r.result.notes.join('\n'), 'the inputs have no pods');
  assert.ok(r.result.findings.every((f) => f.mode === 'structural'));
});

test.run();
