import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PeerMatch, Rule } from '../../src/ir/ast.js';
import { ANY_PEER, DEFAULT_TIER, K8S_POLICY_ORDER } from '../../src/ir/build.js';
import { printRule } from '../../src/ir/print.js';
import { k8sPodSelector, k8sPolicyName, lowerK8sNetworkPolicy, portGroups } from '../../src/lower/lowerK8sNetworkPolicy.js';
import { DEFAULT_LOWER_OPTIONS, type LowerOptions } from '../../src/lower/types.js';
import type { NetworkPolicy } from '../../src/model/k8s/networkPolicy.js';
import { printSelector } from '../../src/selector/index.js';
import { resourcesOf } from './helpers.js';

function policiesOf(text: string, options: LowerOptions = DEFAULT_LOWER_OPTIONS) {
  const nps = resourcesOf(text).filter((r): r is NetworkPolicy => r.kind === 'NetworkPolicy');
  const reported: unknown[] = [];
  const out = lowerK8sNetworkPolicy(nps, { options, report: (d) => reported.push(d) });
  assert.equal(reported, [], 'valid policies lower without diagnostics');
  return out;
}

function np(spec: string, name = 'web', ns = 'prod'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec.replace(/^/gm, '  ')}
`;
}

const lines = (rules: Rule[], o = rules[0]!.origin) => rules.map((r) => printRule(r, o));

test('policy: Calico name, tier default, order 1000, subject in its namespace with the orchestrator term', () => {
  const out = policiesOf(np('podSelector: {matchLabels: {app: web}}\ningress: []'));
  assert.equal(out.tiers, [{ name: 'default', order: 1_000_000, defaultAction: 'deny' }]);
  assert.is(out.policies.length, 1);
  const { tier, policy: p } = out.policies[0]!;
  assert.is(tier, DEFAULT_TIER.name);
  assert.is(p.name, 'prod/knp.default.web');
  assert.is(p.order, K8S_POLICY_ORDER);
  assert.equal(p.types, ['ingress']);
  assert.equal(p.subject.namespace, { kind: 'name', name: 'prod' });
  assert.is(printSelector(p.subject.selector), '(projectcalico.org/orchestrator == "k8s" && app == "web")');
  assert.equal(p.origin, { file: 'in.yaml', line: 1, column: 1, kind: 'NetworkPolicy', name: 'prod/web' });
  assert.equal(p.ingress, []);
});

test('k8sPolicyName and k8sPodSelector', () => {
  assert.is(k8sPolicyName({ namespace: 'a', name: 'b' }), 'a/knp.default.b');
  assert.is(printSelector(k8sPodSelector(undefined)), 'projectcalico.org/orchestrator == "k8s"');
  assert.is(printSelector(k8sPodSelector({ matchLabels: {}, matchExpressions: [] })), 'projectcalico.org/orchestrator == "k8s"');
  const sel = k8sPodSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['x'] }] });
  assert.is(printSelector(sel), '(projectcalico.org/orchestrator == "k8s" && a == "1" && b == "2" && env not in {"x"})');
});

test('types: resolved policyTypes, and rules of an ungoverned direction are kept as Calico keeps them', () => {
  const out = policiesOf(np('podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]\negress: [{}]'));
  const p = out.policies[0]!.policy;
  assert.equal(p.types, ['egress']);
  assert.is(p.ingress.length, 1);
  assert.is(p.egress.length, 1);
  const both = policiesOf(np('podSelector: {}\negress: [{}]')).policies[0]!.policy;
  assert.equal(both.types, ['ingress', 'egress']);
});

test('a rule without peers or ports is one rule matching everything', () => {
  const p = policiesOf(np('podSelector: {}\ningress: [{}]')).policies[0]!.policy;
  assert.is(p.ingress.length, 1);
  const r = p.ingress[0]!;
  assert.is(r.action, 'allow');
  assert.is(r.protocol, null);
  assert.equal(r.src, { ...ANY_PEER });
  assert.equal(r.dst, { ...ANY_PEER });
  assert.is(r.origin.path, 'spec.ingress[0]');
  assert.is(r.origin.index, 0);
});

test('one IR rule per protocol group × peer, groups outside, provenance per peer', () => {
  const spec = `podSelector: {}
ingress:
- from: [{podSelector: {}}]
- from:
  - podSelector: {matchLabels: {role: fe}}
  - namespaceSelector: {matchLabels: {team: b}}
  ports: [{port: 80}, {port: 53, protocol: UDP}, {port: http}]`;
  const p = policiesOf(np(spec)).policies[0]!.policy;
  assert.is(p.ingress.length, 5);
  assert.equal(lines(p.ingress), [
    `allow from sel(projectcalico.org/orchestrator == "k8s") ns "prod" to any @ 7:12 rule 0 "spec.ingress[0].from[0]"`,
    `allow proto tcp from sel(projectcalico.org/orchestrator == "k8s" && role == "fe") ns "prod" to ports [80, "http"] @ 9:7 rule 1 "spec.ingress[1].from[0]"`,
    `allow proto tcp from sel(projectcalico.org/orchestrator == "k8s") ns(team == "b") to ports [80, "http"] @ 10:7 rule 1 "spec.ingress[1].from[1]"`,
    `allow proto udp from sel(projectcalico.org/orchestrator == "k8s" && role == "fe") ns "prod" to ports [53] @ 9:7 rule 1 "spec.ingress[1].from[0]"`,
    `allow proto udp from sel(projectcalico.org/orchestrator == "k8s") ns(team == "b") to ports [53] @ 10:7 rule 1 "spec.ingress[1].from[1]"`,
  ]);
});

test('egress: the peer and the ports are both the destination', () => {
  const spec = `podSelector: {}
egress:
- to: [{podSelector: {matchLabels: {app: db}}, namespaceSelector: {}}]
  ports: [{port: 5432}]`;
  const r = policiesOf(np(spec)).policies[0]!.policy.egress[0]!;
  assert.equal(r.src, { ...ANY_PEER });
  assert.is(printSelector(r.dst.selector!), '(projectcalico.org/orchestrator == "k8s" && app == "db")');
  assert.equal(r.dst.namespace, { kind: 'selector', selector: { op: 'all' } });
  assert.equal(r.dst.ports, [{ kind: 'range', from: 5432, to: 5432 }]);
});

test('ipBlock: cidr as nets with the option scope, excepts as notNets, canonical text', () => {
  const spec = `podSelector: {}
ingress:
- from:
  - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}
  - ipBlock: {cidr: "2001:DB8::/32"}`;
  for (const scope of ['any', 'external'] as const) {
    const [a, b] = policiesOf(np(spec), { ipBlockScope: scope }).policies[0]!.policy.ingress;
    const want = (nets: string[], notNets: string[] | null): PeerMatch => ({
      ...ANY_PEER,
      nets: { cidrs: nets, scope },
      notNets,
    });
    assert.equal(a!.src, want(['10.0.0.0/8'], ['10.1.0.0/16', '10.2.0.0/16']));
    assert.equal(b!.src, want(['2001:db8::/32'], null));
  }
});

test('ports: a protocol-only entry absorbs its group; endPort makes a range; named ports stay named', () => {
  const spec = (ports: string) => policiesOf(np(`podSelector: {}\ningress:\n- ports: ${ports}`)).policies[0]!.policy.ingress;
  const [tcp, udp] = spec('[{port: 80}, {protocol: UDP}, {port: 8000, endPort: 8080}, {port: 53, protocol: UDP}]');
  assert.is(tcp!.protocol, 6);
  assert.equal(tcp!.dst.ports, [{ kind: 'range', from: 80, to: 80 }, { kind: 'range', from: 8000, to: 8080 }]);
  assert.is(udp!.protocol, 17);
  assert.is(udp!.dst.ports, null, 'every UDP port');
  const [sctp] = spec('[{port: metrics, protocol: SCTP}]');
  assert.is(sctp!.protocol, 132);
  assert.equal(sctp!.dst.ports, [{ kind: 'named', name: 'metrics' }]);
});

test('portGroups: no ports is one group of every protocol', () => {
  assert.equal(portGroups([]), [{ protocol: null, ports: null }]);
});

test('several policies keep input order and names; nothing is shared between them', () => {
  const out = policiesOf(np('podSelector: {}', 'b') + '---\n' + np('podSelector: {}', 'a', 'other'));
  assert.equal(out.policies.map((p) => p.policy.name), ['prod/knp.default.b', 'other/knp.default.a']);
  assert.equal(out.endpoints, []);
  assert.equal(out.networkSets, []);
});

test.run();
