import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { endpoint, networkSet } from '../../src/ir/build.js';
import { buildSnapshot, endpointDisplayName, podWorkloadName, type SnapshotExtras } from '../../src/lower/snapshot.js';
import { codes, DOC, pod, resourcesOf } from './helpers.js';

const NONE: SnapshotExtras = { endpoints: [], networkSets: [] };

function snap(text: string, extras: SnapshotExtras = NONE) {
  const diagnostics: Diagnostic[] = [];
  const s = buildSnapshot(resourcesOf(text), extras, (d) => diagnostics.push(d));
  return { s, diagnostics };
}

test('namespaces: declared ones keep their labels; referenced ones appear; both get the implicit labels', () => {
  const { s } = snap(
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {team: a}}\n' +
      DOC + pod('web', 'x') +
      DOC + 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: policies-only}\nspec: {podSelector: {}}\n',
  );
  assert.equal(s.namespaces, [
    { name: 'policies-only', labels: { 'kubernetes.io/metadata.name': 'policies-only', 'projectcalico.org/name': 'policies-only' } },
    { name: 'prod', labels: { team: 'a', 'kubernetes.io/metadata.name': 'prod', 'projectcalico.org/name': 'prod' } },
    { name: 'web', labels: { 'kubernetes.io/metadata.name': 'web', 'projectcalico.org/name': 'web' } },
  ]);
});

test('a pod: labels with Calico\'s, canonical IPs from podIPs, named ports only, service account', () => {
  const { s, diagnostics } = snap(`apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: prod, labels: {app: web}}
spec:
  serviceAccountName: web-sa
  containers:
  - name: c
    ports: [{name: http, containerPort: 8080}, {containerPort: 9000}, {name: dns, containerPort: 53, protocol: UDP}]
status: {podIP: 10.0.0.5, podIPs: [{ip: 10.0.0.5}, {ip: "2001:db8::5"}]}
`);
  assert.equal(diagnostics, []);
  assert.equal(s.endpoints, [
    {
      id: 'prod/web-1',
      workload: null,
      namespace: 'prod',
      labels: {
        app: 'web',
        'projectcalico.org/namespace': 'prod',
        'projectcalico.org/orchestrator': 'k8s',
        'projectcalico.org/serviceaccount': 'web-sa',
      },
      ips: ['10.0.0.5', '2001:db8::5'],
      ports: [{ name: 'http', protocol: 6, port: 8080 }, { name: 'dns', protocol: 17, port: 53 }],
      serviceAccount: { name: 'web-sa', labels: {} },
    },
  ]);
  assert.is(endpointDisplayName(s.endpoints[0]!), 'prod/web-1[Pod]');
});

test('a pod without addresses has unknown IPs (not none)', () => {
  const { s } = snap(pod('prod', 'pending'));
  assert.is(s.endpoints[0]!.ips, null);
});

test('owner naming follows netpol-analyzer: the controlling owner, `Pod` for a kindless one, none for a Node', () => {
  const owned = (ref: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: prod
  ownerReferences: [${ref}]
spec: {containers: [{name: c}]}
`;
  const name = (ref: string) => endpointDisplayName(snap(owned(ref)).s.endpoints[0]!);
  assert.is(name('{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, uid: u, controller: true}'), 'prod/web-7d9f[ReplicaSet]');
  assert.is(name('{apiVersion: apps/v1, kind: DaemonSet, name: agent, uid: u, controller: true}'), 'prod/agent[DaemonSet]');
  assert.is(name('{name: internal-security, controller: true}'), 'prod/internal-security[Pod]');
  assert.is(name('{apiVersion: v1, kind: Node, name: node-1, uid: u, controller: true}'), 'prod/p[Pod]');
  assert.is(podWorkloadName({ namespace: 'ns' }), null);
});

test('a workload is one endpoint for its pods: template labels and ports, unknown IPs, `ns/name[Kind]`', () => {
  const { s } = snap(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
`);
  const e = s.endpoints[0]!;
  assert.is(e.id, 'data/db');
  assert.is(e.workload, 'data/db[StatefulSet]');
  assert.is(e.ips, null);
  assert.equal(e.ports, [{ name: 'pg', protocol: 6, port: 5432 }]);
  assert.is(e.labels['app'], 'db');
  assert.is(e.labels['projectcalico.org/serviceaccount'], 'default');
});

test('a workload whose id a pod already has becomes `ns/name[Kind]`', () => {
  const deploy = (kind: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web, namespace: prod}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c}]}
`;
  const { s, diagnostics } = snap(pod('prod', 'web') + DOC + deploy('Deployment') + DOC + deploy('DaemonSet'));
  assert.equal(diagnostics, []);
  assert.equal(s.endpoints.map((e) => e.id), ['prod/web', 'prod/web[DaemonSet]', 'prod/web[Deployment]']);
});

test('host-network and finished pods are kept as ordinary pods, with an info diagnostic each', () => {
  const { s, diagnostics } = snap(
    pod('infra', 'agent', {}, '192.168.1.5', 'hostNetwork: true') +
      DOC + 'apiVersion: v1\nkind: Pod\nmetadata: {name: done, namespace: infra}\nspec: {containers: [{name: c}]}\nstatus: {phase: Failed}\n' +
      DOC + 'apiVersion: v1\nkind: Pod\nmetadata: {name: up, namespace: infra}\nspec: {containers: [{name: c}]}\nstatus: {phase: Running}\n' +
      DOC + 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: infra}\nspec:\n  selector: {}\n  template:\n    spec: {hostNetwork: true, containers: [{name: c}]}\n',
  );
  assert.equal(s.endpoints.map((e) => e.id), ['infra/agent', 'infra/done', 'infra/ds', 'infra/up']);
  assert.equal(codes(diagnostics), ['endpoint-note', 'endpoint-note', 'endpoint-note']);
  assert.ok(diagnostics.every((d) => d.severity === 'info'));
  assert.match(diagnostics[0]!.message, 'host network');
  assert.match(diagnostics[1]!.message, 'phase `Failed`');
  assert.equal(diagnostics.map((d) => d.line), [1, 7, 19]);
});

test('extras: Calico endpoints and network sets join, sorted; a taken id is dropped with a warning', () => {
  const extras: SnapshotExtras = {
    endpoints: [
      endpoint({ name: 'wep', namespace: 'calico-ns', ips: ['10.9.0.1'] }),
      endpoint({ name: 'a', namespace: 'prod', ips: ['10.9.0.2'] }),
    ],
    networkSets: [
      networkSet({ name: 'z', namespace: 'prod', labels: {}, nets: ['192.0.2.0/24'] }),
      networkSet({ name: 'office', namespace: null, labels: { kind: 'office' }, nets: ['198.51.100.0/24'] }),
    ],
  };
  const { s, diagnostics } = snap(pod('prod', 'a', {}, '10.0.0.1'), extras);
  assert.equal(s.endpoints.map((e) => `${e.id} ${e.ips}`), ['calico-ns/wep 10.9.0.1', 'prod/a 10.0.0.1']);
  assert.equal(codes(diagnostics), ['duplicate-endpoint']);
  assert.is(diagnostics[0]!.line, 1, 'reported at the pod that kept the id');
  assert.equal(s.networkSets.map((n) => `${n.namespace}/${n.name}`), ['null/office', 'prod/z']);
  assert.ok(s.namespaces.some((n) => n.name === 'calico-ns'), 'an endpoint\'s namespace is a namespace');
});

test('deterministic: the same snapshot whatever the input order', () => {
  const docs = [pod('b', 'x', {}, '10.0.0.1'), pod('a', 'y', {}, '10.0.0.2'), pod('a', 'x', {}, '10.0.0.3')];
  const one = snap(docs.join(DOC)).s;
  const two = snap([...docs].reverse().join(DOC)).s;
  assert.equal(one, two);
  assert.equal(one.endpoints.map((e) => e.id), ['a/x', 'a/y', 'b/x']);
});

test.run();
