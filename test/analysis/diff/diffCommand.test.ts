/**
 * The `diff` library command end to end: two folders, or one path and a git revision (in a
 * throw-away repository under the temp folder), exit codes, `--relation`, and the git errors.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff } from '../../../src/commands/diff.js';
import { checkoutRevision } from '../../../src/analysis/diff/gitRevision.js';
import { CONFORMANCE } from '../../helpers/paths.js';
import { shutdownSolver } from '../../../src/smt/solver.js';
import { dbPolicy, PODS } from './yamlInputs.js';

const TESTS = join(CONFORMANCE, 'netpol-analyzer', 'tests');

/** A repository with one commit of `policies/` (pods + a policy on port 5432); returns its folder. */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-diff-test-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { stdio: 'pipe' });
  git('init', '-q');
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'pods.yaml'), PODS);
  writeFileSync(join(dir, 'policies', 'np.yaml'), dbPolicy(5432));
  writeFileSync(join(dir, 'README'), 'not yaml');
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  return dir;
}

test('two folders: netpol-analyzer txt, exit 1 when different and 0 when equivalent', async () => {
  const r = await diff([join(TESTS, 'netpol-analysis-example-minimal'), join(TESTS, 'netpol-diff-example-minimal')], { format: 'txt', lower: { ipBlockScope: 'external' } });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.exitCode, 1);
  assert.is(
    r.output,
    'Connectivity diff:\n' +
      'diff-type: changed, source: default/frontend[Deployment], destination: default/backend[Deployment], ref1: TCP 9090, ref2: TCP 9090,UDP 53\n' +
      'diff-type: added, source: 0.0.0.0-255.255.255.255[External], destination: default/backend[Deployment], ref1: No Connections, ref2: TCP 9090',
  );
  const same = await diff([join(TESTS, 'with_end_port_example'), join(TESTS, 'with_end_port_example_new')], { format: 'text' });
  assert.ok(same.ok && same.exitCode === 0 && same.result.relation === 'equivalent');
});

test("--old-name/--new-name: netpol-analyzer's golden for its version-name options, end to end", async () => {
  const r = await diff([join(TESTS, 'onlineboutique_workloads'), join(TESTS, 'onlineboutique_workloads_changed_netpols')], { format: 'txt', refNames: ['old', 'new'] });
  assert.ok(r.ok);
  if (!r.ok) return;
  const golden = join(CONFORMANCE, 'netpol-analyzer', 'test_outputs', 'diff', 'TsetOutputWithArgNamesOption_diff_between_onlineboutique_workloads_changed_netpols_and_onlineboutique_workloads.txt');
  assert.is(r.output.trimEnd(), readFileSync(golden, 'utf8').trimEnd());
});

const SRC_PORTS = (ports: string) => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  selector: app == 'db'
  types: [Ingress]
  ingress:
  - action: Allow
    protocol: TCP
    source: {selector: app == 'web', ports: [${ports}]}
    destination: {ports: [5432]}
`;

test('source ports leave the matrix undecided: Z3 settles the relation and the exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-srcports-'));
  try {
    for (const [name, ports] of [['a', '"100:150"'], ['same', '"100:120", "121:150"'], ['more', '"100:151"']] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'pods.yaml'), PODS);
      writeFileSync(join(dir, name, 'np.yaml'), SRC_PORTS(ports));
    }
    const same = await diff([join(dir, 'a'), join(dir, 'same')], { format: 'text' });
    assert.ok(same.ok);
    if (!same.ok) return;
    assert.ok(same.result.unknown.old.length > 0, 'the matrix cannot decide source ports');
    assert.equal(same.result.proved, { relation: 'equivalent' });
    assert.is(same.exitCode, 0);
    assert.match(same.output, 'over every flow (Z3): equivalent');
    const more = await diff([join(dir, 'a'), join(dir, 'more')], { format: 'json' });
    assert.ok(more.ok);
    if (!more.ok) return;
    assert.is(more.result.changes.length, 0);
    assert.is(more.exitCode, 1, 'a difference only Z3 sees is still a difference');
    assert.equal((JSON.parse(more.output) as { proved: unknown }).proved, { relation: 'old-subset-new' });
    const rel = await diff([join(dir, 'more'), join(dir, 'a')], { format: 'text', relationOnly: true });
    assert.ok(rel.ok && rel.exitCode === 1 && rel.output === 'relation: new-subset-old (new ⊂ old: the new version only allows less) (proved with Z3 over every flow)\n', rel.ok ? rel.output : '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('auto mode: without pods in either version, the versions are compared over every pod that could exist', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-auto-'));
  try {
    for (const [name, port] of [['a', 5432], ['b', 6432]] as const) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'np.yaml'), dbPolicy(port));
    }
    const r = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'text', mode: 'auto' });
    assert.ok(r.ok && 'universal' in r, 'universal mode');
    if (!r.ok || !('universal' in r)) return;
    assert.match(r.note ?? '', /neither version has pods/);
    assert.is(r.exitCode, 1, 'a policy change on no pods is still a change');
    assert.match(r.output, /newly allowed[^]*dstPort 6432/);
    const csv = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'csv', mode: 'auto' });
    assert.ok(!csv.ok && /neither version has pods.*add the cluster's pods for csv/.test(csv.error));
    // With pods, auto is snapshot mode.
    writeFileSync(join(dir, 'a', 'pods.yaml'), PODS);
    const snap = await diff([join(dir, 'a'), join(dir, 'b')], { format: 'text', mode: 'auto' });
    assert.ok(snap.ok && 'result' in snap && snap.result.mode === 'snapshot');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--relation prints the relation only; universal mode agrees; wrong path counts are errors', async () => {
  const paths = [join(TESTS, 'netpol-analysis-example-minimal'), join(TESTS, 'netpol-diff-example-minimal')];
  const r = await diff(paths, { format: 'text', relationOnly: true });
  assert.ok(r.ok && r.output === 'relation: old-subset-new (old ⊂ new: the new version only allows more)\n');
  const j = await diff(paths, { format: 'json', relationOnly: true });
  assert.ok(j.ok && JSON.parse(j.output).relation === 'old-subset-new');
  const u = await diff(paths, { format: 'text', mode: 'universal', relationOnly: true });
  assert.ok(u.ok && u.exitCode === 1);
  assert.match(u.output, 'old-subset-new');
  const one = await diff([paths[0]!], { format: 'text' });
  assert.ok(!one.ok && /give two paths/.test(one.error));
});

test('--base: the working tree against a revision; old file names read <rev>:<path>', async () => {
  const dir = repo();
  try {
    writeFileSync(join(dir, 'policies', 'np.yaml'), dbPolicy(6432));
    const r = await diff([join(dir, 'policies')], { format: 'txt', base: 'HEAD' });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.is(r.exitCode, 1);
    assert.is(r.output, 'Connectivity diff:\ndiff-type: changed, source: prod/web[Pod], destination: prod/db[Pod], ref1: TCP 5432, ref2: TCP 6432');
    const w = r.result.changes[0]!.witness!;
    assert.equal([w.protocol, w.port, w.old, w.new, w.decidedBy?.version], ['TCP', 5432, 'allow', 'deny', 'old']);
    assert.is(w.decidedBy?.file, 'HEAD:policies/np.yaml');
    // Universal mode names the old version's files the same way, never the temporary checkout.
    const u = await diff([join(dir, 'policies')], { format: 'json', base: 'HEAD', mode: 'universal' });
    assert.ok(u.ok);
    if (!u.ok) return;
    const oldSources = u.universal.regions.flatMap((g) => (g.decidedBy?.version === 'old' ? [g.decidedBy.file] : []));
    assert.ok(oldSources.length > 0, 'some region was decided in the old version');
    assert.ok(oldSources.every((f) => f === 'HEAD:policies/np.yaml'), oldSources.join(', '));

    // A broken document in the old version: its diagnostic names the revision, and exit is 2.
    writeFileSync(join(dir, 'policies', 'np.yaml'), 'kind: NetworkPolicy\nspec: [\n');
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-am', 'broken'], { stdio: 'pipe' });
    writeFileSync(join(dir, 'policies', 'np.yaml'), dbPolicy(5432));
    const b = await diff([join(dir, 'policies')], { format: 'txt', base: 'HEAD' });
    assert.ok(b.ok);
    if (!b.ok) return;
    assert.is(b.exitCode, 2);
    assert.ok(b.diagnostics.length > 0 && b.diagnostics.every((d) => d.file === 'HEAD:policies/np.yaml'), JSON.stringify(b.diagnostics.map((d) => d.file)));
    assert.ok(b.texts.has('HEAD:policies/np.yaml'));

    // An older revision: HEAD~1 held the policy the working tree holds now → equivalent, exit 0.
    const f = await diff([join(dir, 'policies')], { format: 'text', base: 'HEAD~1' });
    assert.ok(f.ok && f.exitCode === 0, f.ok ? f.output : f.error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('git errors: no repository, unknown or option-like revision, path missing at the revision', async () => {
  const dir = repo();
  const outside = mkdtempSync(join(tmpdir(), 'netpolc-diff-norepo-'));
  try {
    const err = async (rev: string, path: string) => {
      const r = await diff([path], { format: 'text', base: rev });
      return r.ok ? '' : r.error;
    };
    assert.match(await err('HEAD', outside), 'is not in a git repository');
    assert.match(await err('no-such-rev', join(dir, 'policies')), 'unknown revision `no-such-rev`');
    assert.match(await err('--all', join(dir, 'policies')), '`--all` is not a revision');
    writeFileSync(join(dir, 'later.yaml'), PODS);
    assert.match(await err('HEAD', join(dir, 'later.yaml')), '`later.yaml` does not exist at `HEAD`');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a checkout holds only the files the loader reads, and cleanup removes it', async () => {
  const dir = repo();
  try {
    const c = await checkoutRevision('HEAD', dir);
    assert.ok(!('error' in c));
    if ('error' in c) return;
    assert.ok(existsSync(join(c.path, 'policies', 'np.yaml')) && existsSync(join(c.path, 'policies', 'pods.yaml')));
    assert.not.ok(existsSync(join(c.path, 'README')));
    assert.match(c.commit, /^[0-9a-f]{40}$/);
    assert.is(c.label(`see ${join(c.path, 'policies', 'np.yaml')}:3`), 'see HEAD:policies/np.yaml:3');
    await c.cleanup();
    assert.not.ok(existsSync(c.path));
    // A single named file is copied whatever its name.
    const one = await checkoutRevision('HEAD', join(dir, 'README'));
    assert.ok(!('error' in one) && existsSync(one.path) && one.path.endsWith('README'));
    if (!('error' in one)) await one.cleanup();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after(async () => {
  await shutdownSolver();
});

test.run();
