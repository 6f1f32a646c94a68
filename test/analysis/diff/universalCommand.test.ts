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
import { spawnSync } from 'node:child_process';
import { REPO } from '../../helpers/paths.js';
import { shutdownSolver } from '../../../src/smt/solver.js';
import { dbPolicy } from './yamlInputs.js';

const dir = mkdtempSync(join(tmpdir(), 'netpolc-udiff-'));
for (const [name, port] of [['a', 5432], ['b', 6432]] as const) {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'np.yaml'), dbPolicy(port));
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
  const body = JSON.parse(j.output) as { mode: string; regions: { id: string; conditions: { kind: string }[] }[] };
  assert.is(body.mode, 'universal');
  // Ids are stable (a second run gives the same) and distinct.
  const again = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'json', mode: 'universal' });
  assert.ok(again.ok);
  if (!again.ok) return;
  const ids = body.regions.map((r) => r.id);
  assert.equal((JSON.parse(again.output) as typeof body).regions.map((r) => r.id), ids);
  assert.is(new Set(ids).size, ids.length);
  assert.ok(ids.every((id) => /^r-[0-9a-f]{12}$/.test(id)), ids.join(' '));
  assert.ok(body.regions.every((r) => r.conditions.some((c) => c.kind === 'protocol')));
  const rel = await diff([join(dir, 'a'), join(dir, 'a')], { format: 'text', mode: 'universal', relationOnly: true });
  assert.ok(rel.ok && rel.exitCode === 0 && rel.output === 'relation: equivalent (equivalent: the same connections are allowed)\n');
  const same = await diff([join(dir, 'a'), join(dir, 'a')], { format: 'text', mode: 'universal' });
  assert.ok(same.ok && same.exitCode === 0 && same.universal.regions.length === 0);
});

test('md: a list for a pull-request comment; witnesses holding backticks get double-backtick code spans', async () => {
  const r = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'md', mode: 'universal' });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.match(r.output, /^# Universal diff\n\n1\. \*\*newly (allowed|denied)\*\*: from pods with `app=web`, namespace `prod`; to pods with `app=db`, namespace `prod`; on tcp, dstPort \d+\n/);
  assert.match(r.output, /\n {3}- witness: `` prod\/source-pod -> prod\/destination-pod tcp \d+ from 40000; source pod in `prod` \{app=web\}; destination pod in `prod` \{app=db\} ``\n/);
  assert.match(r.output, /\n- relation: incomparable/);
});

test('csv (pairs of endpoints) is refused in universal mode', async () => {
  const r = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'csv', mode: 'universal' });
  assert.ok(!r.ok && /universal mode prints text, txt, md, json, sarif/.test(r.error));
});

test("sarif: a result per region, located at the new version's deciding rule or policy", async () => {
  const r = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'sarif', mode: 'universal' });
  assert.ok(r.ok);
  if (!r.ok) return;
  type Result = { ruleId: string; level: string; message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] };
  const log = JSON.parse(r.output) as { runs: { results: Result[]; properties: { status: string } }[] };
  const results = log.runs[0]!.results;
  assert.equal(results.map((x) => x.ruleId).sort(), ['diff-newly-allowed', 'diff-newly-denied']);
  const allowed = results.find((x) => x.ruleId === 'diff-newly-allowed')!;
  assert.is(allowed.level, 'warning');
  assert.match(allowed.message.text, /newly allowed: from pods with `app=web`, namespace `prod`; to pods with `app=db`, namespace `prod`; on tcp, dstPort 6432/);
  // Allowed by the new version's ingress rule (line 8 of b/np.yaml); denied by the policy's default (line 1).
  const where = (x: Result) => x.locations?.[0]?.physicalLocation;
  assert.ok(where(allowed)?.artifactLocation.uri.endsWith('/b/np.yaml'), JSON.stringify(where(allowed)));
  assert.is(where(allowed)?.region.startLine, 8);
  const denied = results.find((x) => x.ruleId === 'diff-newly-denied')!;
  assert.is(where(denied)?.region.startLine, 1);
  assert.is(log.runs[0]!.properties.status, 'complete');
});

test('--max-regions and --timeout bound the search, and are checked', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'dist/src/cli/main.js'), 'diff', '--mode', 'universal', ...args], { encoding: 'utf8' });
  const bounded = cli('--max-regions', '1', join(dir, 'a'), join(dir, 'b'));
  assert.is(bounded.status, 1, 'a region was found: different');
  assert.match(bounded.stdout, /incomplete: the difference is too fragmented: stopped after 1 regions/);
  assert.is((bounded.stdout.match(/^region /gm) ?? []).length, 1);
  const bad = cli('--timeout', 'soon', join(dir, 'a'), join(dir, 'b'));
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--timeout `soon` is not a positive whole number/);
});

test.after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await shutdownSolver();
});

test.run();
