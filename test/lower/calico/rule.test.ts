/**
 * Every field of a Calico rule, lowered and checked by evaluating flows with the oracle:
 * protocol and notProtocol, ipVersion (written and implied by CIDRs), icmp and notICMP, nets and
 * notNets, selector and notSelector, namespaceSelector with `all()` and `global()`, ports and
 * notPorts (numbers, ranges, named), serviceAccounts, and the matches netpolc does not model.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { calico, docs, expectVerdicts, ns, pod, policyNamed, programOf, wep } from './helpers.js';

const CLUSTER = docs(
  ns('a', { team: 'red' }),
  ns('b', { team: 'blue' }),
  pod('a', 'web', { app: 'web' }, '10.0.0.1'),
  pod('a', 'plain', {}, '10.0.0.3'),
  pod('b', 'web', { app: 'web' }, '10.0.1.1'),
  wep('a', 'db', '10.0.0.2', { labels: { app: 'db' }, ports: [{ name: 'http', protocol: 'TCP', port: 8080 }] }),
  wep('b', 'builder', '10.0.1.9', { labels: { app: 'ci' }, sa: 'builder' }),
  wep('a', 'v6', 'fd00::2', { labels: { app: 'v6' } }),
  wep('a', 'v6-client', 'fd00::3', { labels: { app: 'web' } }),
);

/** A global policy on `app == 'db'` (or `target`) with these ingress rules. */
function ingress(rules: unknown[], target = "app == 'db'"): string {
  return calico('GlobalNetworkPolicy', 'p', { selector: target, ingress: rules });
}

test('protocol and notProtocol', () => {
  const p = programOf(docs(CLUSTER, ingress([{ action: 'Deny', notProtocol: 'TCP' }, { action: 'Allow', protocol: 'UDP' }, { action: 'Allow', protocol: 'TCP' }])));
  expectVerdicts(p, [['a/web -> a/db tcp 80', 'allow'], ['a/web -> a/db udp 53', 'deny'], ['a/web -> a/db sctp 9', 'deny']]);
  assert.equal([policyNamed(p, 'p').ingress[0]!.notProtocol, policyNamed(p, 'p').ingress[2]!.protocol], [6, 6]);
});

test('ipVersion, written or implied by the CIDRs of the rule', () => {
  const p = programOf(docs(CLUSTER, ingress([{ action: 'Allow', ipVersion: 6 }], "app == 'v6'")));
  expectVerdicts(p, [['a/v6-client -> a/v6 tcp 80 v6', 'allow']]);
  // A notNets of IPv4 only never matches an IPv6 flow (Felix drops the rule from IPv6 chains).
  const q = programOf(docs(CLUSTER, ingress([{ action: 'Allow', source: { notNets: ['10.0.0.0/8'] } }], "app in {'v6', 'db'}")));
  assert.is(policyNamed(q, 'p').ingress[0]!.ipVersion, 4);
  expectVerdicts(q, [
    ['a/v6-client -> a/v6 tcp 80 v6', 'deny'],
    ['192.168.1.1 -> a/db tcp 80', 'allow'],
    ['10.1.1.1 -> a/db tcp 80', 'deny'],
  ]);
});

test('icmp and notICMP', () => {
  const p = programOf(docs(CLUSTER, ingress([
    { action: 'Allow', protocol: 'ICMP', icmp: { type: 8, code: 0 } },
    { action: 'Deny', protocol: 'ICMP', notICMP: { type: 3 } },
    { action: 'Allow', protocol: 'ICMP' },
  ])));
  expectVerdicts(p, [
    ['a/web -> a/db icmp 8/0', 'allow'],
    ['a/web -> a/db icmp 8/1', 'deny'], // type 8 but code 1: not rule 0; not type 3: rule 1 denies
    ['a/web -> a/db icmp 3/1', 'allow'], // type 3 escapes the notICMP deny
  ]);
});

test('nets and notNets match any address, pods included', () => {
  const p = programOf(docs(CLUSTER, calico('GlobalNetworkPolicy', 'egress', {
    selector: "app == 'web'",
    egress: [{ action: 'Allow', destination: { nets: ['8.8.8.0/24', '10.0.0.0/24'], notNets: ['8.8.8.8/32'] } }],
  })));
  expectVerdicts(p, [
    ['a/web -> 8.8.8.4 udp 53', 'allow'],
    ['a/web -> 8.8.8.8 udp 53', 'deny'],
    ['a/web -> a/db tcp 80', 'allow'], // 10.0.0.2 is in 10.0.0.0/24
    ['a/web -> b/builder tcp 80', 'deny'],
  ]);
});

test('a selector without namespaceSelector looks in the policy namespace (namespaced) or everywhere (global)', () => {
  const rule = { action: 'Allow', source: { selector: "app == 'web'" } };
  const namespaced = programOf(docs(CLUSTER, calico('NetworkPolicy', 'p', { selector: "app == 'db'", ingress: [rule] }, 'a')));
  expectVerdicts(namespaced, [['a/web -> a/db tcp 80', 'allow'], ['b/web -> a/db tcp 80', 'deny']]);
  const global = programOf(docs(CLUSTER, ingress([rule])));
  expectVerdicts(global, [['a/web -> a/db tcp 80', 'allow'], ['b/web -> a/db tcp 80', 'allow']]);
});

test('notSelector: unscoped itself, but in a namespaced policy it limits the side to the namespace', () => {
  const rule = { action: 'Allow', source: { notSelector: "app == 'web'" } };
  const global = programOf(docs(CLUSTER, ingress([rule])));
  expectVerdicts(global, [
    ['a/plain -> a/db tcp 80', 'allow'],
    ['a/web -> a/db tcp 80', 'deny'],
    ['b/builder -> a/db tcp 80', 'allow'],
    ['1.2.3.4 -> a/db tcp 80', 'allow'], // no entity matches the notSelector
  ]);
  const namespaced = programOf(docs(CLUSTER, calico('NetworkPolicy', 'p', { selector: "app == 'db'", ingress: [rule] }, 'a')));
  expectVerdicts(namespaced, [
    ['a/plain -> a/db tcp 80', 'allow'],
    ['a/web -> a/db tcp 80', 'deny'],
    ['b/builder -> a/db tcp 80', 'deny'], // another namespace
    ['1.2.3.4 -> a/db tcp 80', 'deny'], // not an entity of namespace a
  ]);
});

test('`!=` is true on a missing key', () => {
  const p = programOf(docs(CLUSTER, ingress([{ action: 'Allow', source: { selector: "app != 'web'" } }])));
  expectVerdicts(p, [['a/plain -> a/db tcp 80', 'allow'], ['a/web -> a/db tcp 80', 'deny']]);
});

test('namespaceSelector: labels, all() and global()', () => {
  const gns = calico('GlobalNetworkSet', 'partners', { nets: ['1.2.3.0/24'] }, undefined, { kind: 'partner' });
  const byLabel = programOf(docs(CLUSTER, ingress([{ action: 'Allow', source: { namespaceSelector: "team == 'blue'" } }])));
  expectVerdicts(byLabel, [['b/web -> a/db tcp 80', 'allow'], ['a/web -> a/db tcp 80', 'deny']]);
  const all = programOf(docs(CLUSTER, gns, ingress([{ action: 'Allow', source: { namespaceSelector: 'all()' } }])));
  expectVerdicts(all, [['b/web -> a/db tcp 80', 'allow'], ['1.2.3.4 -> a/db tcp 80', 'deny'], ['9.9.9.9 -> a/db tcp 80', 'deny']]);
  const global = programOf(docs(CLUSTER, gns, ingress([{ action: 'Allow', source: { namespaceSelector: 'global()' } }])));
  expectVerdicts(global, [['1.2.3.4 -> a/db tcp 80', 'allow'], ['b/web -> a/db tcp 80', 'deny'], ['9.9.9.9 -> a/db tcp 80', 'deny']]);
});

test('ports and notPorts: numbers, ranges and named ports; source ports', () => {
  const p = programOf(docs(CLUSTER, ingress([
    { action: 'Deny', protocol: 'TCP', destination: { ports: ['8000:8090'], notPorts: ['http'] } },
    { action: 'Allow', protocol: 'TCP', destination: { ports: [80, 'http', '8000:8090'] } },
    { action: 'Allow', protocol: 'UDP', source: { ports: ['1024:65535'] } },
  ])));
  expectVerdicts(p, [
    ['a/web -> a/db tcp 80', 'allow'],
    ['a/web -> a/db tcp 8080', 'allow'], // named port `http` of a/db: the deny's notPorts excludes it
    ['a/web -> a/db tcp 8081', 'deny'],
    ['a/web -> a/db tcp 81', 'deny'],
    ['a/web -> a/db udp 53 from 40000', 'allow'],
    ['a/web -> a/db udp 53 from 53', 'deny'],
  ]);
});

test('serviceAccounts by name', () => {
  const p = programOf(docs(CLUSTER, ingress([{ action: 'Allow', source: { serviceAccounts: { names: ['builder'] } } }])));
  expectVerdicts(p, [['b/builder -> a/db tcp 80', 'allow'], ['a/web -> a/db tcp 80', 'deny'], ['1.2.3.4 -> a/db tcp 80', 'deny']]);
});

test('a global rule selector sees global network sets; a namespaced one only its own network sets', () => {
  const sets = docs(
    calico('NetworkSet', 'dns-a', { nets: ['9.9.9.0/24'] }, 'a', { role: 'dns' }),
    calico('GlobalNetworkSet', 'dns-global', { nets: ['8.8.8.0/24'] }, undefined, { role: 'dns' }),
  );
  const rule = { action: 'Allow', destination: { selector: "role == 'dns'" } };
  const egress = (kind: string, namespace?: string) => calico(kind, 'dns', { selector: 'all()', egress: [rule] }, namespace);
  expectVerdicts(programOf(docs(CLUSTER, sets, egress('NetworkPolicy', 'a'))), [
    ['a/web -> 9.9.9.9 udp 53', 'allow'],
    ['a/web -> 8.8.8.8 udp 53', 'deny'],
  ]);
  expectVerdicts(programOf(docs(CLUSTER, sets, egress('NetworkPolicy', 'b'))), [['b/web -> 9.9.9.9 udp 53', 'deny']]);
  expectVerdicts(programOf(docs(CLUSTER, sets, egress('GlobalNetworkPolicy'))), [
    ['a/web -> 9.9.9.9 udp 53', 'allow'],
    ['b/web -> 8.8.8.8 udp 53', 'allow'],
    ['b/web -> 7.7.7.7 udp 53', 'deny'],
  ]);
});

test('`http` and `services` matches are unknown markers on their rule', () => {
  const p = programOf(docs(CLUSTER, ingress([
    { action: 'Allow', protocol: 'TCP', http: { methods: ['GET'] }, destination: { ports: [80] } },
    { action: 'Allow', source: { services: { name: 'frontend', namespace: 'a' } } },
  ])));
  const rules = policyNamed(p, 'p').ingress;
  assert.equal(rules.map((r) => r.unknown.length), [1, 1]);
  assert.match(rules[1]!.unknown[0]!, /services/);
  expectVerdicts(p, [
    ['a/web -> a/db tcp 80', 'unknown'], // rule 0 may match
    ['a/web -> a/db tcp 81', 'unknown'], // rule 0 does not match (port); rule 1 may
    ['a/web -> a/db udp 81', 'unknown'],
  ]);
});

test.run();
