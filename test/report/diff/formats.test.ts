/**
 * netpolc's own diff formats (text summary, md, json, sarif) on a hand-made diff: their documented
 * shapes, orders and escapes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConnSet } from '../../../src/connectivity/connset.js';
import { renderDiff, summaryLine } from '../../../src/report/diff/index.js';
import type { Change, SnapshotDiff } from '../../../src/analysis/diff/types.js';
import { relationOf } from '../../../src/analysis/diff/relation.js';

const tcp = (p: number, q = p) => ConnSet.portRange('TCP', p, q);
const none = ConnSet.none();

const changes: Change[] = [
  {
    type: 'removed',
    src: 'prod/db[StatefulSet]',
    dst: 'prod/old[Deployment]',
    old: ConnSet.all(),
    new: none,
    onlyInOneVersion: { src: false, dst: true },
  },
  {
    type: 'added',
    src: '10.0.0.0-10.255.255.255[External]',
    dst: 'prod/web[Deployment]',
    old: none,
    new: tcp(443),
    onlyInOneVersion: { src: false, dst: false },
    witness: {
      src: { kind: 'external', ip: '10.0.0.0' },
      dst: { kind: 'endpoint', id: 'prod/web-1' },
      protocol: 'TCP',
      port: 443,
      old: 'deny',
      new: 'allow',
      decidedBy: { version: 'new', file: 'policies/web np.yaml', line: 12, column: 5, resource: 'NetworkPolicy prod/web', path: 'spec.ingress[1]' },
    },
  },
  { type: 'changed', src: 'prod/web[Deployment]', dst: 'prod/db[StatefulSet]', old: tcp(5432), new: tcp(5432, 5433), onlyInOneVersion: { src: false, dst: false } },
];

function diffOf(cs: Change[], unknown: SnapshotDiff['unknown'] = { old: [], new: [] }): SnapshotDiff {
  return { mode: 'snapshot', changes: cs, relation: relationOf(cs), unknown, stats: { endpoints: { old: 3, new: 3 }, pairs: 5, evaluations: 0 } };
}

test('relation: grows, shrinks, both, none', () => {
  assert.is(relationOf([]), 'equivalent');
  assert.is(relationOf([changes[1]!, changes[2]!]), 'old-subset-new');
  assert.is(relationOf([changes[0]!]), 'new-subset-old');
  assert.is(relationOf(changes), 'incomparable');
  // A changed pair that swaps ports is neither.
  assert.is(relationOf([{ ...changes[2]!, old: tcp(80), new: tcp(81) }]), 'incomparable');
});

test('text: the txt lines in order, then the one-line summary', () => {
  const out = renderDiff('text', diffOf(changes));
  assert.is(
    out,
    [
      'Connectivity diff:',
      'diff-type: changed, source: prod/web[Deployment], destination: prod/db[StatefulSet], ref1: TCP 5432, ref2: TCP 5432-5433',
      'diff-type: added, source: 10.0.0.0-10.255.255.255[External], destination: prod/web[Deployment], ref1: No Connections, ref2: TCP 443',
      'diff-type: removed, source: prod/db[StatefulSet], destination: prod/old[Deployment], ref1: All Connections, ref2: No Connections, workloads-diff-info: workload prod/old[Deployment] removed',
      'snapshot diff: 3 connectivity changes (1 changed, 1 added, 1 removed); incomparable: the new version allows some new connections and denies some old ones',
      '',
    ].join('\n'),
  );
  assert.is(renderDiff('text', diffOf([])), 'snapshot diff: no connectivity changes; equivalent: the same connections are allowed\n');
});

test('undecided connections keep the summary from claiming a relation outright, and are listed', () => {
  const d = diffOf([], { old: [], new: [{ src: 'prod/a[Pod]', dst: 'prod/b[Pod]', conn: tcp(80) }] });
  const out = renderDiff('text', d);
  assert.match(out, 'over decided connections, equivalent');
  assert.match(out, '1 pair has undecided connections');
  assert.match(out, 'undecided in ref2 (depends on source ports, ICMP types or constructs netpolc does not model):\n  prod/a[Pod] => prod/b[Pod] : TCP 80\n');
  assert.match(summaryLine(d), /^snapshot diff: no connectivity changes; /);
});

test('md: heading, summary, netpol-analyzer table with named versions, escaped cells', () => {
  const withPipe: Change = { ...changes[2]!, src: 'prod/a|b[Pod]' };
  const out = renderDiff('md', diffOf([withPipe, changes[0]!]), { refNames: ['main', 'PR'] });
  const lines = out.split('\n');
  assert.is(lines[0], '#### Connectivity diff');
  assert.match(lines[2]!, /^snapshot diff: 2 connectivity changes \(1 changed, 0 added, 1 removed\)/);
  assert.is(lines[4], '| diff-type | source | destination | main | PR | workloads-diff-info |');
  assert.is(lines[5], '|-----------|--------|-------------|------|------|---------------------|');
  assert.is(lines[6], '| changed | prod/a\\|b[Pod] | prod/db[StatefulSet] | TCP 5432 | TCP 5432-5433 |  |');
  assert.is(lines[7], '| removed | prod/db[StatefulSet] | prod/old[Deployment] | All Connections | No Connections | workload prod/old[Deployment] removed |');
  assert.ok(out.endsWith('\n'));
  assert.not.match(renderDiff('md', diffOf([])), '| diff-type');
});

test('json: the documented document, changes in canonical order, witnesses as explain accepts them', () => {
  const doc = JSON.parse(renderDiff('json', diffOf(changes))) as Record<string, unknown>;
  assert.equal(Object.keys(doc), ['mode', 'relation', 'counts', 'changes', 'undecided']);
  assert.is(doc.mode, 'snapshot');
  assert.is(doc.relation, 'incomparable');
  assert.equal(doc.counts, { changed: 1, added: 1, removed: 1 });
  const cs = doc.changes as Record<string, unknown>[];
  // As given: the analysis sorts; the renderer keeps the order it is handed.
  assert.equal(cs.map((c) => c.type), ['removed', 'added', 'changed']);
  assert.equal(cs[0], { type: 'removed', src: 'prod/db[StatefulSet]', dst: 'prod/old[Deployment]', old: 'All Connections', new: 'No Connections', workloadsDiffInfo: 'workload prod/old[Deployment] removed' });
  assert.equal(cs[1]!.witness, {
    src: '10.0.0.0',
    dst: 'prod/web-1',
    protocol: 'TCP',
    port: 443,
    old: 'deny',
    new: 'allow',
    decidedBy: { version: 'new', file: 'policies/web np.yaml', line: 12, column: 5, resource: 'NetworkPolicy prod/web', path: 'spec.ingress[1]' },
  });
  assert.equal(doc.undecided, { old: [], new: [] });
});

test('sarif: one result per change, rule and level by type, location from the deciding rule', () => {
  const doc = JSON.parse(renderDiff('sarif', diffOf(changes))) as {
    version: string;
    runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: Record<string, any>[]; properties: Record<string, string> }[];
  };
  assert.is(doc.version, '2.1.0');
  const run = doc.runs[0]!;
  assert.is(run.tool.driver.name, 'netpolc');
  assert.equal(run.tool.driver.rules.map((r) => r.id), ['diff-changed', 'diff-added', 'diff-removed']);
  assert.equal(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level]), [
    ['diff-removed', 2, 'note'],
    ['diff-added', 1, 'warning'],
    ['diff-changed', 0, 'warning'],
  ]);
  const added = run.results[1]!;
  assert.equal(added.locations, [{ physicalLocation: { artifactLocation: { uri: 'policies/web%20np.yaml' }, region: { startLine: 12, startColumn: 5 } } }]);
  assert.is(added.partialFingerprints['netpolcDiff/v1'], 'added|10.0.0.0-10.255.255.255[External]|prod/web[Deployment]');
  assert.is(added.message.text, '`10.0.0.0-10.255.255.255[External]` → `prod/web[Deployment]`: ref1 `No Connections`, ref2 `TCP 443`');
  assert.is(run.results[0]!.locations, undefined);
  assert.equal(run.properties, { mode: 'snapshot', relation: 'incomparable' });
});

test.run();
