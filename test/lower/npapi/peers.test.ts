/**
 * Subjects and peers of the network-policy-api kinds, checked with the oracle: namespaces, pods,
 * networks (and their scope option), and the unmodelled nodes / domainNames peers.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { networkSet, program, snapshot, tier } from '../../../src/ir/build.js';
import { evaluate } from '../../../src/oracle/index.js';
import { CLUSTER, build, check, flow, lowered, verdict } from './helpers.js';

const egressDeny = (to: string, subject = '{namespaces: {matchLabels: {team: red}}}', ports = '') => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: out}
spec:
  priority: 1
  subject: ${subject}
  egress:
  - action: Deny
    to: [${to}]${ports}
`;
const cnpEgress = (action: string, to: string) => `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: out}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {matchLabels: {team: red}}}
  egress:
  - action: ${action}
    to: [${to}]
`;

test('subject namespaces: every pod of the matching namespaces, nothing else', () => {
  const p = build(egressDeny('{namespaces: {}}'));
  assert.is(verdict(p, 'red/web', 'blue/web'), 'deny');
  assert.is(verdict(p, 'red/db', 'blue/web'), 'deny');
  assert.is(verdict(p, 'blue/web', 'red/web'), 'allow', 'blue/web is no subject');
});

test('subject pods: namespace selector AND pod selector', () => {
  const p = build(egressDeny('{namespaces: {}}', '{pods: {namespaceSelector: {matchLabels: {team: red}}, podSelector: {matchLabels: {app: web}}}}'));
  assert.is(verdict(p, 'red/web', 'other/x'), 'deny');
  assert.is(verdict(p, 'red/db', 'other/x'), 'allow', 'wrong pod');
  assert.is(verdict(p, 'blue/web', 'other/x'), 'allow', 'wrong namespace');
});

test('egress peers are destinations: namespaces and pods peers', () => {
  const ns = build(egressDeny('{namespaces: {matchLabels: {team: blue}}}'));
  assert.is(verdict(ns, 'red/web', 'blue/dns'), 'deny');
  assert.is(verdict(ns, 'red/web', 'other/x'), 'allow');
  const pods = build(egressDeny('{pods: {namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}, podSelector: {matchLabels: {app: web}}}}'));
  assert.is(verdict(pods, 'red/db', 'blue/web'), 'deny');
  assert.is(verdict(pods, 'red/db', 'red/web'), 'deny');
  assert.is(verdict(pods, 'red/db', 'blue/dns'), 'allow', 'wrong pod');
  assert.is(verdict(pods, 'red/db', 'other/x'), 'allow', 'namespace `other` has no `team` label');
});

test('namespaces / pods peers never match an external address, even one inside a network set', () => {
  const l = lowered(egressDeny('{namespaces: {}}'));
  const withSet = program({
    snapshot: snapshot({ ...CLUSTER, networkSets: [networkSet({ name: 'ext', namespace: 'red', labels: {}, nets: ['192.0.2.0/24'] })] }),
    tiers: l.tiers.map((t) => tier({ ...t, policies: l.policies.map((p) => p.policy) })),
    final: 'allow',
  });
  assert.is(evaluate(withSet, flow('red/web', '192.0.2.7')).verdict, 'allow');
  assert.is(evaluate(withSet, flow('red/web', 'blue/web')).verdict, 'deny');
});

test('networks: external addresses in the CIDRs; pods too with the default scope (upstream text)', () => {
  const p = build(egressDeny('{networks: [10.0.2.0/24, 198.51.100.0/24, "fd00::/8"]}'));
  assert.is(verdict(p, 'red/web', '198.51.100.9'), 'deny');
  assert.is(verdict(p, 'red/web', 'fd00::1'), 'deny');
  assert.is(verdict(p, 'red/web', '203.0.113.1'), 'allow');
  assert.is(verdict(p, 'red/web', 'blue/web'), 'deny', 'blue/web is 10.0.2.1');
  assert.is(verdict(p, 'red/web', 'other/x'), 'allow', 'other/x is 10.0.3.1');
  assert.equal(lowered(egressDeny('{networks: [10.0.2.0/24]}')).policies[0]!.policy.egress[0]!.dst.nets, { cidrs: ['10.0.2.0/24'], scope: 'any' });
});

test('networks with ipBlockScope external: pods are never matched (netpol-analyzer\'s reading)', () => {
  const p = build(egressDeny('{networks: [10.0.0.0/8, 198.51.100.0/24]}'), [], { ipBlockScope: 'external' });
  assert.is(verdict(p, 'red/web', '198.51.100.9'), 'deny');
  assert.is(verdict(p, 'red/web', '10.9.9.9'), 'deny', 'an address of no pod');
  assert.is(verdict(p, 'red/web', 'blue/web'), 'allow');
});

test('networks: host bits are cleared (v1alpha1 accepts 10.0.2.7/24)', () => {
  const nets = lowered(egressDeny('{networks: [10.0.2.7/24]}')).policies[0]!.policy.egress[0]!.dst.nets;
  assert.equal(nets?.cidrs, ['10.0.2.0/24']);
});

test('nodes peer: unknown for external destinations, never for pods', () => {
  const yaml = cnpEgress('Deny', '{nodes: {matchLabels: {role: worker}}}');
  const rule = lowered(yaml).policies[0]!.policy.egress[0]!;
  assert.equal(rule.unknown, ['`nodes` peer `spec.egress[0].to[0]`: node addresses are not modelled']);
  const p = build(yaml);
  const e = check(p, 'red/web', '192.168.1.10');
  assert.is(e.verdict, 'unknown');
  assert.is(e.egress.decision.by, 'rule-unknown');
  assert.is(verdict(p, 'red/web', 'blue/web'), 'allow', 'a pod is never a node address');
});

test('domainNames peer: unknown for every destination it could resolve to', () => {
  const yaml = cnpEgress('Accept', '{domainNames: [example.com, "*.example.org"]}');
  const rule = lowered(yaml).policies[0]!.policy.egress[0]!;
  assert.equal(rule.unknown, ['`domainNames` peer `spec.egress[0].to[0]`: DNS names (`example.com`, `*.example.org`) are not resolved']);
  const p = build(yaml);
  assert.is(verdict(p, 'red/web', '203.0.113.5'), 'unknown');
  assert.is(verdict(p, 'red/web', 'blue/web'), 'unknown');
});

test('an unmodelled peer spoils only its own IR rule', () => {
  const yaml = cnpEgress('Deny', '{nodes: {}}, {namespaces: {matchLabels: {team: blue}}}');
  const rules = lowered(yaml).policies[0]!.policy.egress;
  assert.equal(rules.map((r) => [r.origin.path, r.unknown.length]), [['spec.egress[0].to[0]', 1], ['spec.egress[0].to[1]', 0]]);
  const p = build(yaml);
  assert.is(verdict(p, 'red/web', 'blue/web'), 'deny', 'the namespaces peer decides; the nodes rule cannot match a pod');
});

test('ingress rule peers are sources', () => {
  const yaml = `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: in}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {team: red}}}
  ingress:
  - action: Deny
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: dns}}}}]
`;
  const p = build(yaml);
  assert.is(verdict(p, 'blue/dns', 'red/web'), 'deny');
  assert.is(verdict(p, 'blue/web', 'red/web'), 'allow');
  assert.is(verdict(p, '203.0.113.1', 'red/web'), 'allow', 'an address is no pod');
  assert.is(verdict(p, 'red/web', 'blue/dns'), 'allow', 'the other way round is egress at red/web');
});

test.run();
