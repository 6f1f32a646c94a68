/**
 * The `nodePeers` lowering option seen through connectivity: an AdminNetworkPolicy `nodes` peer is
 * `unknown` by default (node addresses are not modelled, and they are external addresses) and
 * matches nothing with `never-match`, netpol-analyzer's documented reading; the rule's other peers
 * are kept either way.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeConnectivity } from '../../src/connectivity/compute.js';
import { lower } from '../../src/lower/lower.js';
import type { LowerOptions } from '../../src/lower/types.js';
import { loadResources } from '../../src/model/loadResources.js';
import { parseDocuments } from '../../src/yaml/load.js';

const YAML = `apiVersion: v1
kind: Namespace
metadata: {name: ns1}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: ns1, labels: {app: a}}
spec: {containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: ns1, labels: {app: b}}
spec: {containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.2, podIPs: [{ip: 10.0.0.2}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: no-infra}
spec:
  priority: 10
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: a}}}}
  egress:
  - name: deny-infra-and-b
    action: Deny
    to:
    - nodes: {matchLabels: {node-role: infra}}
    - pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}
`;

function listing(options: Partial<LowerOptions>) {
  const docs = parseDocuments('anp.yaml', YAML);
  const loaded = loadResources(docs.documents);
  const program = lower(loaded.value, options).value;
  const r = computeConnectivity(program);
  const show = (cs: typeof r.connections) => cs.map((c) => `${c.src} => ${c.dst} : ${c.conn.toString()}`).sort();
  return { allowed: show(r.connections), unknown: show(r.unknown) };
}

test('by default a nodes peer leaves flows to external addresses unknown; pod peers still decide', () => {
  const { allowed, unknown } = listing({});
  assert.equal(unknown, ['ns1/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections']);
  assert.not.ok(allowed.some((l) => l.startsWith('ns1/a[Pod] => ')), 'a reaches nothing for sure');
  assert.ok(allowed.includes('ns1/b[Pod] => ns1/a[Pod] : All Connections'));
});

test('with nodePeers never-match the nodes peer matches nothing and the pods peer still denies', () => {
  const { allowed, unknown } = listing({ nodePeers: 'never-match' });
  assert.equal(unknown, []);
  assert.ok(allowed.includes('ns1/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections'));
  assert.not.ok(allowed.some((l) => l.startsWith('ns1/a[Pod] => ns1/b[Pod]')));
});

test.run();
