/**
 * What netpolc does not model turns into unknown verdicts exactly where it matters: flows to and
 * from host endpoint addresses, forwarded traffic when an applyOnForward policy could police a
 * host interface, and every flow of a workload endpoint with NAT or spoofing allowances.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UNMODELLED_TIER_NAME } from '../../../src/lower/calico/index.js';
import { calico, docs, expectVerdicts, lowerText, ns, wep } from './helpers.js';

const CLUSTER = docs(
  ns('a'),
  wep('a', 'web', '10.0.0.1', { labels: { app: 'web' } }),
  wep('a', 'db', '10.0.0.2', { labels: { app: 'db' } }),
);

function hep(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): string {
  return calico('HostEndpoint', name, { node: 'node1', ...spec }, undefined, labels);
}

test('flows between pods and a host endpoint\'s addresses are unknown; others are untouched', () => {
  const r = lowerText(docs(CLUSTER, hep('node1-eth0', { interfaceName: 'eth0', expectedIPs: ['192.168.0.10'] }, { role: 'node' })));
  const p = r.value;
  expectVerdicts(p, [
    ['a/web -> 192.168.0.10 tcp 10250', 'unknown'],
    ['192.168.0.10 -> a/db tcp 5432', 'unknown'],
    ['a/web -> 192.168.0.11 tcp 10250', 'allow'],
    ['a/web -> a/db tcp 5432', 'allow'],
  ]);
  const info = r.diagnostics.filter((d) => (d.code as string) === 'host-endpoint-not-modelled');
  assert.equal(info.map((d) => [d.severity, d.path]), [['info', 'spec.expectedIPs']]);
  assert.is(p.tiers[0]!.name, UNMODELLED_TIER_NAME);
});

test('a host endpoint without expectedIPs only gets an info diagnostic', () => {
  const r = lowerText(docs(CLUSTER, hep('node1-eth1', { interfaceName: 'eth1' })));
  assert.not.ok(r.value.tiers.some((t) => t.name === UNMODELLED_TIER_NAME));
  assert.match(r.diagnostics.find((d) => (d.code as string) === 'host-endpoint-not-modelled')!.message, /no `expectedIPs`/);
  expectVerdicts(r.value, [['a/web -> 192.168.0.10 tcp 22', 'allow']]);
});

test('an applyOnForward policy that could select a host endpoint makes pod–external flows unknown', () => {
  const host = hep('node1-eth1', { interfaceName: 'eth1' }, { role: 'edge' });
  const fwd = (selector: string, extra: Record<string, unknown> = {}) =>
    calico('GlobalNetworkPolicy', 'edge', { selector, applyOnForward: true, ingress: [{ action: 'Allow' }], ...extra });
  expectVerdicts(lowerText(docs(CLUSTER, host, fwd("role == 'edge'"))).value, [
    ['a/web -> 8.8.8.8 udp 53', 'unknown'],
    ['8.8.8.8 -> a/web tcp 80', 'unknown'],
    ['a/web -> a/db tcp 80', 'allow'],
  ]);
  // Selectors that cannot pick a host endpoint: other labels, or any namespace selector.
  expectVerdicts(lowerText(docs(CLUSTER, host, fwd("role == 'core'"))).value, [['a/web -> 8.8.8.8 udp 53', 'allow']]);
  expectVerdicts(lowerText(docs(CLUSTER, host, fwd('all()', { namespaceSelector: 'all()' }))).value, [['a/web -> 8.8.8.8 udp 53', 'allow']]);
});

test('every flow of a workload endpoint with ipNATs is unknown', () => {
  const natted = wep('a', 'nat', '10.0.0.9', { labels: { app: 'nat' }, extra: { ipNATs: [{ internalIP: '10.0.0.9', externalIP: '172.16.0.9' }] } });
  const p = lowerText(docs(CLUSTER, natted)).value;
  expectVerdicts(p, [['a/nat -> a/db tcp 80', 'unknown'], ['a/web -> a/nat tcp 80', 'unknown'], ['a/web -> a/db tcp 80', 'allow']]);
});

test('the marker tier comes before every other tier, however low their order', () => {
  const p = lowerText(docs(CLUSTER,
    calico('Tier', 'first', { order: -1e300 }),
    calico('GlobalNetworkPolicy', 'first.deny', { tier: 'first', selector: 'all()', egress: [{ action: 'Deny' }] }),
    hep('h', { expectedIPs: ['192.168.0.10'] }))).value;
  assert.equal(p.tiers.slice(0, 2).map((t) => t.name), [UNMODELLED_TIER_NAME, 'first']);
  expectVerdicts(p, [['a/web -> 192.168.0.10 tcp 22', 'unknown'], ['a/web -> 192.168.0.11 tcp 22', 'deny']]);
});

test.run();
