/**
 * Provenance through the real loader: rules, peers, ports and CIDRs keep the line and column they
 * were written at, and diagnostics point at the offending node.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadResources } from '../../../src/model/loadResources.js';
import type { AdminNetworkPolicy, ClusterNetworkPolicy } from '../../../src/model/npapi/types.js';
import { parseDocuments } from '../../../src/yaml/parseDocuments.js';

function load(text: string) {
  const parsed = parseDocuments('p.yaml', text);
  assert.equal(parsed.diagnostics, []);
  return loadResources(parsed.documents);
}

const ANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: pos
spec:
  priority: 3
  subject:
    namespaces: {}
  egress:
  - name: first
    action: Allow
    to:
    - namespaces: {}
    - networks:
      - 10.0.0.0/8
      - 2001:db8::/32
    ports:
    - portNumber:
        port: 53
        protocol: UDP
  - action: Deny
    to:
    - nodes: {}
`;

test('rules, peers, ports and CIDRs carry their line and column', () => {
  const res = load(ANP);
  const p = res.value[0] as AdminNetworkPolicy;
  assert.ok(p, 'loaded');
  assert.equal(p.source, { file: 'p.yaml', line: 1, column: 1, index: 0 });
  const [r0, r1] = p.egress;
  assert.equal(r0!.at, { file: 'p.yaml', line: 10, column: 5, path: 'spec.egress[0]' });
  assert.equal([r0!.peers[0]!.at.line, r0!.peers[0]!.at.column], [13, 7]);
  assert.equal([r0!.peers[1]!.at.line, r0!.peers[1]!.at.column], [14, 7]);
  const net = r0!.peers[1]!;
  assert.ok(net.kind === 'networks');
  if (net.kind === 'networks') assert.equal(net.networks.map((c) => [c.at.line, c.at.column, c.family]), [[15, 9, 4], [16, 9, 6]]);
  assert.equal([r0!.ports![0]!.at.line, r0!.ports![0]!.at.column], [18, 7]);
  assert.equal([r1!.at.line, r1!.at.column], [21, 5]);
  // The unmodelled `nodes` peer: a warning at its value, and the path on the rule.
  const w = res.diagnostics.find((d) => d.code === 'unmodelled-field');
  assert.equal(w && [w.severity, w.line, w.column, w.path], ['warning', 23, 14, 'spec.egress[1].to[0].nodes']);
  assert.equal(r1!.unmodelled, ['spec.egress[1].to[0].nodes']);
});

test('an error points at the offending value and the document is dropped', () => {
  const res = load(ANP.replace('port: 53', 'port: 70000'));
  assert.is(res.value.length, 0);
  const d = res.diagnostics.find((x) => x.severity === 'error');
  assert.equal(d && [d.code, d.line, d.column, d.path], ['invalid-port', 19, 15, 'spec.egress[0].ports[0].portNumber.port']);
  assert.match(d!.message, '70000');
});

test('an unknown field is reported at its key with a did-you-mean hint', () => {
  const res = load(ANP.replace('    action: Allow', '    actoin: Allow'));
  const d = res.diagnostics.find((x) => x.code === 'unknown-field');
  assert.equal(d && [d.line, d.column, d.path, d.hint], [11, 5, 'spec.egress[0].actoin', 'did you mean `action`?']);
  assert.ok(res.diagnostics.some((x) => x.code === 'missing-field' && x.path === 'spec.egress[0].action'));
});

test('a ClusterNetworkPolicy v1beta1 document loads through the registry', () => {
  const res = load(`apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: baseline-deny}
spec:
  tier: Baseline
  priority: 1000
  subject: {pods: {podSelector: {matchLabels: {app: db}}}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols:
    - tcp: {destinationPort: {range: {start: 1, end: 1024}}}
`);
  assert.equal(res.diagnostics, []);
  const p = res.value[0] as ClusterNetworkPolicy;
  assert.is(p.tier, 'Baseline');
  const port = p.ingress[0]!.ports![0]!;
  assert.ok(port.kind === 'range' && port.start === 1 && port.end === 1024 && port.protocol === 'TCP');
  assert.equal([port.at.line, port.at.column], [12, 7]);
});

test('an apiVersion netpolc does not read is reported by the registry', () => {
  const res = load(ANP.replace('v1alpha1', 'v1beta9'));
  const d = res.diagnostics.find((x) => x.code === 'unsupported-api-version');
  assert.ok(d, 'reported');
  assert.match(d!.hint!, 'policy.networking.k8s.io/v1alpha1');
});

test.run();
