/**
 * Workload endpoints and network sets in the snapshot: ids, labels (own, implicit, inherited from
 * profiles), service accounts, addresses and named ports; network set labels and scope.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CalicoResource } from '../../../src/model/calico/types.js';
import { lowerCalico } from '../../../src/lower/calico/index.js';
import { DEFAULT_LOWER_OPTIONS } from '../../../src/lower/types.js';
import { calico, docs, expectVerdicts, ns, programOf, resourcesOf, wep } from './helpers.js';

function lowered(text: string) {
  const reports: string[] = [];
  const out = lowerCalico(resourcesOf(text) as CalicoResource[], { options: DEFAULT_LOWER_OPTIONS, report: (d) => reports.push(d.code) });
  return { ...out, reports };
}

test('a workload endpoint: id from the pod, labels with Calico\'s implicit ones, addresses, named ports', () => {
  const { endpoints } = lowered(wep('a', 'db-0', '10.0.0.2', {
    labels: { app: 'db', 'pcns.team': 'fake', 'pcsa.role': 'fake' },
    sa: 'store',
    ports: [{ name: 'pg', protocol: 'TCP', port: 5432 }, { name: 'metrics', protocol: 'UDP', port: 9100 }, { name: '', protocol: 'TCP', port: 1, hostPort: 30001 }],
  }));
  assert.equal(endpoints.length, 1);
  const e = endpoints[0]!;
  assert.is(e.id, 'a/db-0');
  assert.is(e.namespace, 'a');
  assert.equal(e.ips, ['10.0.0.2']);
  // `pcns.`/`pcsa.` labels are stripped: an endpoint cannot pose as another namespace's.
  assert.equal(e.labels, {
    app: 'db',
    'projectcalico.org/namespace': 'a',
    'projectcalico.org/orchestrator': 'k8s',
    'projectcalico.org/serviceaccount': 'store',
  });
  assert.equal(e.ports, [{ name: 'pg', protocol: 6, port: 5432 }, { name: 'metrics', protocol: 17, port: 9100 }]);
  assert.equal(e.serviceAccount, { name: 'store', labels: {} });
});

test('the service account may come from the endpoint\'s label; two interfaces of one pod get distinct ids', () => {
  const text = docs(
    wep('a', 'multi', '10.0.0.5', { labels: { 'projectcalico.org/serviceaccount': 'legacy' }, extra: { serviceAccountName: undefined } }),
    wep('a', 'multi', '10.0.0.6', { extra: { endpoint: 'eth1' } }).replace('node1-k8s-multi-eth0', 'node1-k8s-multi-eth1'),
  );
  const { endpoints } = lowered(text);
  assert.equal(endpoints.map((e) => e.id), ['a/multi', 'a/node1-k8s-multi-eth1']);
  assert.is(endpoints[0]!.serviceAccount?.name, 'legacy');
});

test('profiles apply their labels below the endpoint\'s own, the first listed profile winning', () => {
  const text = docs(
    calico('Profile', 'kns.a', { labelsToApply: { stage: 'prod', tier: 'ns', 'pcns.team': 'red' } }),
    calico('Profile', 'ksa.a.default', { labelsToApply: { tier: 'sa', owner: 'x', 'pcsa.role': 'reader' } }),
    wep('a', 'web', '10.0.0.1', { labels: { owner: 'own' } }),
  );
  const e = lowered(text).endpoints[0]!;
  assert.is(e.labels['stage'], 'prod');
  assert.is(e.labels['tier'], 'ns');
  assert.is(e.labels['owner'], 'own');
  assert.not.ok('pcns.team' in e.labels);
  // `pcsa.` labels of a profile are the service account's labels.
  assert.equal(e.serviceAccount, { name: 'default', labels: { role: 'reader' } });
});

test('service-account selectors read the labels a ksa profile gives', () => {
  const p = programOf(docs(
    ns('a'),
    calico('Profile', 'ksa.a.reader', { labelsToApply: { 'pcsa.role': 'reader' }, ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] }),
    wep('a', 'r', '10.0.0.1', { sa: 'reader' }),
    wep('a', 'w', '10.0.0.2', { sa: 'writer' }),
    wep('a', 'db', '10.0.0.3', { labels: { app: 'db' } }),
    calico('GlobalNetworkPolicy', 'p', { selector: "app == 'db'", ingress: [{ action: 'Allow', source: { serviceAccounts: { selector: "role == 'reader'" } } }] }),
  ));
  expectVerdicts(p, [['a/r -> a/db tcp 5432', 'allow'], ['a/w -> a/db tcp 5432', 'deny']]);
});

test('network sets: a namespaced one carries its namespace label and its namespace profile\'s labels', () => {
  const { networkSets } = lowered(docs(
    calico('Profile', 'kns.a', { labelsToApply: { env: 'prod' } }),
    calico('NetworkSet', 'dns', { nets: ['9.9.9.9', '10.1.2.3/16'] }, 'a', { role: 'dns' }),
    calico('GlobalNetworkSet', 'internet', { nets: ['0.0.0.0/0'] }, undefined, { role: 'inet' }),
  ));
  assert.equal(networkSets, [
    { name: 'dns', namespace: 'a', labels: { env: 'prod', role: 'dns', 'projectcalico.org/namespace': 'a' }, nets: ['9.9.9.9/32', '10.1.0.0/16'] },
    { name: 'internet', namespace: null, labels: { role: 'inet' }, nets: ['0.0.0.0/0'] },
  ]);
});

test('a global selector on projectcalico.org/namespace matches that namespace\'s network sets', () => {
  const p = programOf(docs(
    ns('a'),
    wep('a', 'web', '10.0.0.1', { labels: { app: 'web' } }),
    calico('NetworkSet', 'ext', { nets: ['9.9.9.0/24'] }, 'a'),
    calico('GlobalNetworkPolicy', 'p', { selector: "app == 'web'", egress: [{ action: 'Allow', destination: { selector: "projectcalico.org/namespace == 'a'" } }] }),
  ));
  expectVerdicts(p, [['a/web -> 9.9.9.9 udp 53', 'allow'], ['a/web -> 8.8.8.8 udp 53', 'deny']]);
});

test.run();
