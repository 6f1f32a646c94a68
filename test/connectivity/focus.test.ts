/**
 * Focus options (netpol-analyzer's connlist `--focusworkload`, `--focusworkload-peer`,
 * `--focus-direction`, `--focus-conn`): the pair filter on hand-made peers, parsing and notes, the
 * command on a corpus snapshot, and every core-kind conformance case that uses them, against the
 * goldens through the harness.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { ConnSet } from '../../src/connectivity/connset.js';
import { focusKeeps, focusNotes, focusPeers, matchesFocus, onFocusConn, parseFocus, type ConnectivityFocus } from '../../src/connectivity/focus.js';
import type { Peer } from '../../src/connectivity/peer.js';
import { connectivity } from '../../src/commands/connectivity.js';
import { runSuite } from '../../src/conformance/harness.js';
import { CONFORMANCE } from '../helpers/paths.js';

const NPA = join(CONFORMANCE, 'netpol-analyzer');
const wl = (namespace: string, name: string): Peer => ({ display: `${namespace}/${name}[Deployment]`, namespace, name, external: false });
const EXT: Peer = { display: '0.0.0.0-255.255.255.255[External]', namespace: '', name: '', external: true };
const [a, b, c, a2] = [wl('x', 'a'), wl('x', 'b'), wl('y', 'c'), wl('y', 'a')];

function focus(t: Parameters<typeof parseFocus>[0]): ConnectivityFocus {
  const f = parseFocus(t);
  if ('error' in f) throw new Error(f.error);
  return f;
}

test('a focus name matches the workload name or namespace/name, never an external block', () => {
  assert.ok(matchesFocus(a, ['a']) && matchesFocus(a2, ['a']));
  assert.ok(matchesFocus(a, ['x/a']) && !matchesFocus(a2, ['x/a']));
  assert.not.ok(matchesFocus(a, ['a[Deployment]']) || matchesFocus(a, ['x/a[Deployment]']));
  assert.not.ok(matchesFocus(EXT, ['a']) || matchesFocus(EXT, ['0.0.0.0-255.255.255.255']));
  assert.ok(matchesFocus(EXT, []), 'no names: everything');
});

test('focus workloads keep the pairs with a focus workload at either end', () => {
  const keep = focusKeeps(focus({ workloads: ['x/a'] }));
  assert.ok(keep(a, b) && keep(b, a) && keep(a, EXT) && keep(EXT, a));
  assert.not.ok(keep(b, c) || keep(a2, b) || keep(EXT, b));
});

test('focus direction keeps only traffic into (ingress) or out of (egress) a focus workload', () => {
  const into = focusKeeps(focus({ workloads: ['a'], direction: 'ingress' }));
  assert.ok(into(b, a) && into(EXT, a2) && into(a2, a), 'a2 is named `a` too');
  assert.not.ok(into(a, b) || into(a, EXT));
  const out = focusKeeps(focus({ workloads: ['x/a'], direction: 'egress' }));
  assert.ok(out(a, b) && out(a, EXT));
  assert.not.ok(out(b, a) || out(a2, b));
});

test('focus workload peers narrow the other end; without focus workloads both peers and direction are ignored', () => {
  const keep = focusKeeps(focus({ workloads: ['a'], workloadPeers: ['c'] }));
  assert.ok(keep(a, c) && keep(c, a) && keep(a2, c));
  assert.not.ok(keep(a, b) || keep(a, EXT) || keep(b, c));
  const directed = focusKeeps(focus({ workloads: ['x/a'], workloadPeers: ['c'], direction: 'egress' }));
  assert.ok(directed(a, c));
  assert.not.ok(directed(c, a));
  const ignored = focus({ workloadPeers: ['c'], direction: 'ingress' });
  assert.ok(focusKeeps(ignored)(a, b) && focusKeeps(ignored)(b, EXT));
  assert.equal(focusNotes(ignored, [a, b]), [
    'the focus direction is ignored without a focus workload',
    'focus workload peers are ignored without a focus workload',
  ]);
});

test('focus text is checked: direction, connection format, protocol and port range', () => {
  assert.equal(parseFocus({ direction: 'both' }), { error: 'focus direction `both` is not `ingress` or `egress`' });
  for (const bad of ['udp52', 'icmp-8', 'tcp-0', 'tcp-65536', 'tcp-80-90', 'tcp-'])
    assert.ok('error' in parseFocus({ conn: bad }), bad);
  const f = focus({ conn: 'UDP-52', workloads: ['', 'a'] });
  assert.is(f.conn?.toString(), 'UDP 52');
  assert.equal(f.workloads, ['a'], 'empty names are dropped');
});

test('names that match no workload raise notes; when none matches the listing is empty', () => {
  assert.equal(focusNotes(focus({ workloads: ['a', 'zz'] }), [a, b]), ['focus workload `zz` does not exist in the input resources']);
  assert.equal(focusNotes(focus({ workloads: ['zz'] }), [a, b]), [
    'focus workload `zz` does not exist in the input resources',
    'no focus workload (or no focus workload peer) exists: the listing is empty',
  ]);
  assert.equal(focusNotes(focus({ workloads: ['a'], workloadPeers: ['q'] }), [a, b]).length, 2);
  assert.equal(focusPeers(focus({ workloads: ['b'], workloadPeers: ['c'] }), [a, b, c]), [b, c]);
  assert.equal(focusPeers(focus({}), [a, b]), [a, b]);
});

test('a focus connection keeps pairs that allow all of it and shows it alone; unknown stays apart', () => {
  const udp52 = ConnSet.portRange('UDP', 52);
  const listing = onFocusConn(
    {
      connections: [
        { src: 'p', dst: 'q', conn: ConnSet.all() },
        { src: 'p', dst: 'r', conn: ConnSet.portRange('UDP', 50, 60).union(ConnSet.portRange('TCP', 80)) },
        { src: 'q', dst: 'r', conn: ConnSet.portRange('TCP', 52) },
      ],
      unknown: [{ src: 'q', dst: 'r', conn: ConnSet.portRange('UDP', 1, 65535) }],
    },
    udp52,
  );
  assert.equal(listing.connections.map((x) => `${x.src}>${x.dst}:${x.conn.toString()}`), ['p>q:UDP 52', 'p>r:UDP 52']);
  assert.equal(listing.unknown.map((x) => `${x.src}>${x.dst}:${x.conn.toString()}`), ['q>r:UDP 52']);
});

test('the command applies the focus and reports a missing focus workload', async () => {
  const dir = join(NPA, 'tests/anp_banp_blog_demo');
  const all = await connectivity([dir], { format: 'txt', lower: { ipBlockScope: 'external' } });
  const f = focus({ workloads: ['myfoo', 'nosuch'], direction: 'egress' });
  const r = await connectivity([dir], { format: 'txt', lower: { ipBlockScope: 'external' }, focus: f });
  assert.equal(r.notes, ['focus workload `nosuch` does not exist in the input resources']);
  const lines = r.output.trim().split('\n');
  assert.ok(lines.length > 0 && lines.every((l) => l.startsWith('foo/myfoo[Pod] => ')), r.output);
  // Exactly the lines of the whole listing that leave myfoo.
  assert.equal(lines, all.output.trim().split('\n').filter((l) => l.startsWith('foo/myfoo[Pod] => ')));
  const none = await connectivity([dir], { format: 'json', focus: focus({ workloads: ['nosuch'] }) });
  assert.is(none.output.trim(), '[]');
});

test('every core-kind conformance case using a focus option passes against its golden', async () => {
  const report = await runSuite(NPA, { filter: /focus_workload|udp-52|tcp-8080/, print: () => {} });
  const ran = report.results.filter((x) => x.status !== 'skip');
  assert.equal(report.results.filter((x) => x.status === 'fail').map((x) => x.id), []);
  const ids = ran.map((x) => x.id);
  for (const id of [
    'connlist/onlineboutique_workloads_focus_workload_emailservice_connlist_output.txt',
    'connlist/anp_banp_blog_demo_focus_workload_myfoo_mybar_connlist_output.csv',
    'connlist/anp_demo_udp-52_connlist_output.json',
    'connlist/anp_banp_blog_demo_udp-52_connlist_output.txt',
  ])
    assert.ok(ids.includes(id), `${id} ran`);
  assert.ok(ran.length >= 8, `${ran.length} focus cases ran`);
  // What still skips needs something else: exposure analysis or a non-core kind.
  for (const s of report.results.filter((x) => x.status === 'skip'))
    assert.match(s.reason!, /exposureAnalysis|Route|Ingress|UserDefinedNetwork|NetworkAttachmentDefinition|MultiNetworkPolicy|VirtualMachine|multipleNetworks/);
});

test.run();
