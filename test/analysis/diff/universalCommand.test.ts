/**
 * `diff` in universal mode through the command: regions rendered as text and JSON, the relation
 * alone, exit codes (1 different, 0 equivalent), and the snapshot-only formats refused.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff } from '../../../src/commands/diff.js';
import { shutdownSolver } from '../../../src/smt/solver.js';

const policy = (port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: ${port}}]
`;

const dir = mkdtempSync(join(tmpdir(), 'netpolc-udiff-'));
for (const [name, port] of [['a', 5432], ['b', 6432]] as const) {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'np.yaml'), policy(port));
}

test('text: one region per changed port, each with a witness; exit 1', async () => {
  const r = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'text', mode: 'universal' });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.exitCode, 1);
  assert.is(r.universal.status, 'complete');
  assert.is(r.universal.relation, 'incomparable');
  assert.is(r.universal.regions.length, 2);
  assert.match(r.output, /region 1: newly denied\n {2}from: pods with `app=web`, namespace `prod`\n {2}to: {3}pods with `app=db`, namespace `prod`\n {2}on: {3}tcp, dstPort 5432\n/);
  assert.match(r.output, /newly allowed[^]*dstPort 6432/);
  assert.match(r.output, /witness: prod\/source-pod -> prod\/destination-pod tcp 6432/);
});

test('json carries the conditions; --relation alone; equal versions exit 0', async () => {
  const j = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'json', mode: 'universal' });
  assert.ok(j.ok);
  if (!j.ok) return;
  const body = JSON.parse(j.output) as { mode: string; regions: { conditions: { kind: string }[] }[] };
  assert.is(body.mode, 'universal');
  assert.ok(body.regions.every((r) => r.conditions.some((c) => c.kind === 'protocol')));
  const rel = await diff([join(dir, 'a'), join(dir, 'a')], { format: 'text', mode: 'universal', relationOnly: true });
  assert.ok(rel.ok && rel.exitCode === 0 && rel.output === 'relation: equivalent (equivalent: the same connections are allowed)\n');
  const same = await diff([join(dir, 'a'), join(dir, 'a')], { format: 'text', mode: 'universal' });
  assert.ok(same.ok && same.exitCode === 0 && same.universal.regions.length === 0);
});

test('snapshot-only formats are refused in universal mode', async () => {
  const r = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'csv', mode: 'universal' });
  assert.ok(!r.ok && /universal mode prints text, txt, md, json/.test(r.error));
});

test.after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await shutdownSolver();
});

test.run();
