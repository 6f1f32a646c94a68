/** Peer, port, protocol and ICMP matching (DESIGN §4; Calico "Rule"/"EntityRule"; Kubernetes "NetworkPolicyPeer"). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectVerdicts, onePolicy, run } from './fixtures.js';

/** Ingress rules at every pod; a flow is allowed iff one of them matches. */
const allowFrom = (...rules: string[]) => onePolicy(rules.map((r) => `ingress allow ${r}`));

test('CIDR with except: in the CIDR and in no except', () => {
  expectVerdicts(allowFrom('from nets [10.0.0.0/16] not nets [10.0.0.16/28] to any'), [
    ['prod/db -> prod/api tcp 80', 'allow'],
    ['prod/web -> prod/api tcp 80', 'deny'],
    ['dev/web -> prod/api tcp 80', 'deny'],
    ['10.0.200.1 -> prod/api tcp 80', 'allow'],
  ]);
});

test('CIDR scope: `nets` matches pod addresses too, `external nets` only non-pod addresses', () => {
  expectVerdicts(allowFrom('from nets [10.0.0.0/8] to any'), [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['10.9.9.9 -> prod/db tcp 80', 'allow'],
  ]);
  expectVerdicts(allowFrom('from external nets [10.0.0.0/8] to any'), [
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['10.9.9.9 -> prod/db tcp 80', 'allow'],
  ]);
});

test('a pod whose address is unknown matches no CIDR clause, positive or negative, and the trace says so', () => {
  const p = allowFrom('from nets [0.0.0.0/0] to any', 'from not nets [10.0.0.0/8] to any');
  const e = run(p, 'dev/tmpl -> prod/db tcp 80');
  assert.is(e.verdict, 'deny');
  assert.equal(e.notes, ['pod `dev/tmpl` has no known address: no CIDR (nets, ipBlock) matches it']);
  assert.equal(run(p, 'prod/web -> prod/db tcp 80').notes, []);
  const v6 = run(allowFrom('from nets [::/0] to any'), 'prod/web -> prod/db tcp 80 v6');
  assert.is(v6.verdict, 'deny', 'prod/web has no IPv6 address');
  assert.equal(v6.notes, ['pod `prod/web` has no IPv6 address: no CIDR (nets, ipBlock) matches it']);
  expectVerdicts(allowFrom('from any to nets [fd00::/64]'), [['prod/web -> prod/db tcp 80 v6', 'allow']]);
});

test('network sets give labels to external addresses, within the selector\'s namespace scope', () => {
  // A global policy's selector sees every network set, global or namespaced.
  expectVerdicts(allowFrom('from sel(kind == "partner") to any', 'from sel(kind == "office") to any'), [
    ['198.51.100.7 -> prod/db tcp 80', 'allow'],
    ['203.0.113.7 -> prod/db tcp 80', 'allow'],
    ['192.0.2.7 -> prod/db tcp 80', 'allow'],
    ['8.8.8.8 -> prod/db tcp 80', 'deny'],
  ]);
  // A namespaced policy's selector sees its own namespace only.
  expectVerdicts(allowFrom('from sel(kind == "partner") ns "prod" to any', 'from sel(kind == "office") ns "prod" to any'), [
    ['198.51.100.7 -> prod/db tcp 80', 'allow'],
    ['203.0.113.7 -> prod/db tcp 80', 'deny'],
    ['192.0.2.7 -> prod/db tcp 80', 'deny'],
  ]);
  // namespaceSelector: global() reaches global sets; all() reaches every namespace but no global set.
  expectVerdicts(allowFrom('from sel(has(kind)) ns(global()) to any'), [
    ['192.0.2.7 -> prod/db tcp 80', 'allow'],
    ['198.51.100.7 -> prod/db tcp 80', 'deny'],
    ['prod/web -> prod/db tcp 80', 'deny'],
  ]);
  expectVerdicts(allowFrom('from ns(all()) to any'), [
    ['192.0.2.7 -> prod/db tcp 80', 'deny'],
    ['198.51.100.7 -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['8.8.8.8 -> prod/db tcp 80', 'deny'],
  ]);
  expectVerdicts(allowFrom('from ns(team == "b") to any'), [
    ['203.0.113.7 -> prod/db tcp 80', 'allow'],
    ['198.51.100.7 -> prod/db tcp 80', 'deny'],
    ['dev/web -> prod/db tcp 80', 'allow'],
  ]);
});

test('a selector never matches a bare external address; a notSelector does', () => {
  expectVerdicts(allowFrom('from sel(all()) to any'), [
    ['8.8.8.8 -> prod/db tcp 80', 'deny'],
    ['192.0.2.7 -> prod/db tcp 80', 'allow'],
  ]);
  expectVerdicts(allowFrom('from not sel(kind == "office") to any'), [
    ['8.8.8.8 -> prod/db tcp 80', 'allow'],
    ['192.0.2.7 -> prod/db tcp 80', 'deny'],
    ['prod/web -> prod/db tcp 80', 'allow'],
  ]);
});

test('a namespaced notSelector: the entity must be in the namespace and not match', () => {
  // Calico scopes the positive part only; lowering writes `ns "prod"` as the positive part.
  expectVerdicts(allowFrom('from not sel(app == "web") ns "prod" to any'), [
    ['prod/api -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db tcp 80', 'deny'],
    ['dev/tmpl -> prod/db tcp 80', 'deny'],
    ['8.8.8.8 -> prod/db tcp 80', 'deny'],
    ['198.51.100.7 -> prod/db tcp 80', 'allow'],
  ]);
});

test('selector, namespace and service account must hold for the same entity', () => {
  expectVerdicts(allowFrom('from sel(app == "web") ns "dev" to any'), [
    ['dev/web -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db tcp 80', 'deny'],
  ]);
  expectVerdicts(allowFrom('from sa names ["web-sa"] sel(tier == "front") to any'), [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['dev/web -> prod/db tcp 80', 'deny'],
    ['prod/api -> prod/db tcp 80', 'deny'],
  ]);
  expectVerdicts(allowFrom('from sa names ["web-sa"] to any'), [
    ['dev/web -> prod/db tcp 80', 'allow'],
    ['dev/tmpl -> prod/db tcp 80', 'deny'],
    ['192.0.2.7 -> prod/db tcp 80', 'deny'],
  ]);
});

test('subjects: selector, namespace and service account of the pod the policy applies to', () => {
  const p = onePolicy(['ingress deny from any to any'], { applies: 'sel(app == "web") ns(team == "b") sa names ["web-sa"]' });
  expectVerdicts(p, [
    ['prod/db -> dev/web tcp 80', 'deny'],
    ['prod/db -> prod/web tcp 80', 'allow'],
  ]);
});

test('named ports resolve against the destination pod, by name and protocol', () => {
  const p = allowFrom('proto tcp from any to ports ["http"]');
  expectVerdicts(p, [
    ['prod/db -> prod/web tcp 8080', 'allow'],
    ['prod/db -> prod/web tcp 80', 'deny'],
    ['prod/db -> prod/api tcp 8080', 'deny'],
  ]);
  expectVerdicts(allowFrom('from any to ports ["http"]'), [
    ['prod/db -> prod/api udp 8080', 'allow'],
    ['prod/db -> prod/api tcp 8080', 'deny'],
  ]);
  // Egress: resolved against the destination too, never against an external address.
  const egress = onePolicy(['egress allow from any to ports ["pg"]'], { types: 'egress', applies: 'sel(app == "web")' });
  expectVerdicts(egress, [
    ['prod/web -> prod/db tcp 5432', 'allow'],
    ['prod/web -> prod/api tcp 5432', 'deny'],
    ['prod/web -> 8.8.8.8 tcp 5432', 'deny'],
  ]);
});

test('source ports: numbers, ranges, and named ports of the source pod', () => {
  expectVerdicts(allowFrom('proto tcp from ports [40000-50000] to any', 'proto tcp from ports ["http"] to any'), [
    ['prod/api -> prod/db tcp 80 from 45000', 'allow'],
    ['prod/api -> prod/db tcp 80 from 1000', 'deny'],
    ['prod/web -> prod/db tcp 80 from 8080', 'allow'],
    ['prod/api -> prod/db tcp 80 from 8080', 'deny'],
  ]);
});

test('notPorts, notProtocol, ipVersion', () => {
  expectVerdicts(allowFrom('proto tcp from any to not ports [22, 6000-7000]'), [
    ['prod/web -> prod/db tcp 22', 'deny'],
    ['prod/web -> prod/db tcp 6500', 'deny'],
    ['prod/web -> prod/db tcp 80', 'allow'],
  ]);
  expectVerdicts(allowFrom('from any to not ports [53]'), [['prod/web -> prod/db icmp 8/0', 'deny']]);
  expectVerdicts(allowFrom('not proto udp from any to any'), [
    ['prod/web -> prod/db tcp 80', 'allow'],
    ['prod/web -> prod/db udp 53', 'deny'],
    ['prod/web -> prod/db 47', 'allow'],
  ]);
  expectVerdicts(allowFrom('ipv4 from any to any'), [
    ['prod/db -> prod/api tcp 80', 'allow'],
    ['fd00::99 -> prod/db tcp 80', 'deny'],
  ]);
});

test('ICMP type and code, and their negations', () => {
  expectVerdicts(allowFrom('proto icmp icmp type 3 code 4 from any to any', 'proto icmp icmp type 8 from any to any'), [
    ['prod/web -> prod/db icmp 3/4', 'allow'],
    ['prod/web -> prod/db icmp 3/1', 'deny'],
    ['prod/web -> prod/db icmp 8/0', 'allow'],
    ['prod/web -> prod/db icmp 8/9', 'allow'],
    ['prod/web -> prod/db tcp 8', 'deny'],
  ]);
  expectVerdicts(allowFrom('proto icmpv6 not icmp type 128 code 0 from any to any'), [
    ['fd00::1 -> prod/db icmpv6 128/0', 'deny'],
    ['fd00::1 -> prod/db icmpv6 128/1', 'allow'],
    ['fd00::1 -> prod/db icmpv6 1/0', 'allow'],
  ]);
});

test.run();
