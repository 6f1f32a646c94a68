/**
 * Ports of the network-policy-api kinds, checked with the oracle: port numbers with their
 * protocol, ranges, named ports (resolved against the destination pod), v1alpha2 `protocols`,
 * and "no ports = every port and protocol".
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lowerNpapiPorts } from '../../../src/lower/npapi/index.js';
import { build, lowered, verdict } from './helpers.js';

const at = { file: 't.yaml', line: 1, column: 1, path: '' };

const anpIngress = (ports: string, action = 'Deny') => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ports}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: ${action}
    from: [{namespaces: {}}]
${ports}
`;

test('port groups: one per protocol and one for named ports, in order of first appearance', () => {
  assert.equal(lowerNpapiPorts(undefined), [{ protocol: null, ports: null }]);
  assert.equal(
    lowerNpapiPorts([
      { kind: 'named', name: 'http', at },
      { kind: 'number', protocol: 'UDP', port: 53, at },
      { kind: 'range', protocol: 'TCP', start: 1000, end: 2000, at },
      { kind: 'number', protocol: 'UDP', port: 5353, at },
      { kind: 'named', name: 'dns', at },
    ]),
    [
      { protocol: null, ports: [{ kind: 'named', name: 'http' }, { kind: 'named', name: 'dns' }] },
      { protocol: 17, ports: [{ kind: 'range', from: 53, to: 53 }, { kind: 'range', from: 5353, to: 5353 }] },
      { protocol: 6, ports: [{ kind: 'range', from: 1000, to: 2000 }] },
    ],
  );
});

test('portNumber: the protocol and the port must both match', () => {
  const p = build(anpIngress('    ports: [{portNumber: {protocol: UDP, port: 53}}, {portNumber: {port: 80}}]'));
  assert.is(verdict(p, 'red/web', 'blue/dns', 'UDP', 53), 'deny');
  assert.is(verdict(p, 'red/web', 'blue/dns', 'TCP', 53), 'allow');
  assert.is(verdict(p, 'red/web', 'blue/dns', 'TCP', 80), 'deny', 'protocol defaults to TCP');
  assert.is(verdict(p, 'red/web', 'blue/dns', 'UDP', 80), 'allow');
  assert.is(verdict(p, 'red/web', 'blue/dns', 'ICMP'), 'allow', 'ICMP has no ports');
});

test('portRange: inclusive on both ends', () => {
  const p = build(anpIngress('    ports: [{portRange: {protocol: SCTP, start: 1000, end: 2000}}]'));
  assert.is(verdict(p, 'red/web', 'blue/web', 'SCTP', 1000), 'deny');
  assert.is(verdict(p, 'red/web', 'blue/web', 'SCTP', 2000), 'deny');
  assert.is(verdict(p, 'red/web', 'blue/web', 'SCTP', 2001), 'allow');
  assert.is(verdict(p, 'red/web', 'blue/web', 'TCP', 1500), 'allow');
});

test('no ports: every port of every protocol, ICMP included', () => {
  const p = build(anpIngress(''));
  for (const [proto, port] of [['TCP', 1], ['UDP', 65535], ['SCTP', 9]] as const) assert.is(verdict(p, 'red/web', 'blue/web', proto, port), 'deny');
  assert.is(verdict(p, 'red/web', 'blue/web', 'ICMP'), 'deny');
});

test('namedPort on ingress: resolved against the subject pod (the destination)', () => {
  const p = build(anpIngress('    ports: [{namedPort: http}]'));
  assert.is(verdict(p, 'red/db', 'red/web', 'TCP', 8080), 'deny', 'red/web: http = TCP 8080');
  assert.is(verdict(p, 'red/db', 'blue/web', 'TCP', 9090), 'deny', 'blue/web: http = TCP 9090');
  assert.is(verdict(p, 'red/db', 'blue/web', 'TCP', 8080), 'allow', 'not blue/web\'s http port');
  assert.is(verdict(p, 'red/db', 'red/web', 'UDP', 8080), 'allow', 'the container port is TCP');
  assert.is(verdict(p, 'red/web', 'red/db', 'TCP', 8080), 'allow', 'red/db has no port named http');
});

test('namedPort on egress: resolved against the peer pod; never matches an external address', () => {
  const yaml = `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: out}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {team: red}}}
  egress:
  - action: Deny
    to: [{namespaces: {}}]
    ports: [{namedPort: dns}]
`;
  const p = build(yaml);
  assert.is(verdict(p, 'red/web', 'blue/dns', 'UDP', 53), 'deny');
  assert.is(verdict(p, 'red/web', 'blue/dns', 'TCP', 53), 'allow');
  assert.is(verdict(p, 'red/web', 'blue/web', 'UDP', 53), 'allow');
  assert.is(verdict(p, 'red/web', '8.8.8.8', 'UDP', 53), 'allow');
});

test('v1alpha2 protocols: tcp/udp/sctp destinationPort number or range, destinationNamedPort', () => {
  const yaml = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: cnp}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {matchLabels: {team: red}}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    protocols:
    - tcp: {destinationPort: {number: 443}}
    - udp: {destinationPort: {range: {start: 5000, end: 5100}}}
    - destinationNamedPort: http
`;
  const rules = lowered(yaml).policies[0]!.policy.ingress;
  assert.equal(rules.map((r) => r.protocol), [6, 17, null]);
  const p = build(yaml);
  assert.is(verdict(p, 'blue/web', 'red/web', 'TCP', 443), 'deny');
  assert.is(verdict(p, 'blue/web', 'red/web', 'UDP', 5050), 'deny');
  assert.is(verdict(p, 'blue/web', 'red/web', 'TCP', 8080), 'deny', 'named port http');
  assert.is(verdict(p, 'blue/web', 'red/web', 'UDP', 443), 'allow');
  assert.is(verdict(p, 'blue/web', 'red/db', 'TCP', 8080), 'allow', 'red/db has no http port');
});

test.run();
