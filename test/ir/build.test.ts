import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ADMIN_TIER,
  BASELINE_TIER,
  cidr,
  DEFAULT_TIER,
  endpoint,
  icmp,
  ip,
  IrBuildError,
  namedPort,
  namespace,
  networkSet,
  origin,
  peer,
  policy,
  portRange,
  program,
  protocol,
  rule,
  ruleOrigin,
  snapshot,
  tier,
} from '../../src/ir/build.js';
import { flowOf, parseFlowText, printFlowText } from '../../src/ir/flowText.js';
import { compareOrder } from '../../src/ir/order.js';
import { protocolText } from '../../src/ir/protocol.js';
import { ALL } from '../../src/selector/index.js';

const isBuildError = (e: unknown) => e instanceof IrBuildError;
const o = origin('np.yaml', 1, 1, 'NetworkPolicy', 'prod/web');

test('values are canonical: CIDRs masked and compressed, IPs in RFC 5952 form, protocols as numbers', () => {
  assert.is(cidr('10.1.2.3/8'), '10.0.0.0/8');
  assert.is(cidr('2001:DB8:0:0::1/32'), '2001:db8::/32');
  assert.is(ip('FD00:0:0:0:0:0:0:1'), 'fd00::1');
  assert.is(protocol('TCP'), 6);
  assert.is(protocol('udplite'), 136);
  assert.is(protocol(47), 47);
  assert.is(protocolText(58), 'icmpv6');
  assert.is(protocolText(47), '47');
  assert.equal(peer({ nets: { cidrs: ['10.1.2.3/8'], scope: 'any' }, notNets: ['10.0.0.1/16'] }).nets, { cidrs: ['10.0.0.0/8'], scope: 'any' });
});

test('smart constructors reject values the IR cannot hold', () => {
  assert.throws(() => cidr('10.0.0.0/33'), isBuildError);
  assert.throws(() => protocol('tpc'), isBuildError);
  assert.throws(() => protocol(256), isBuildError);
  assert.throws(() => portRange(90, 80), isBuildError);
  assert.throws(() => portRange(0, 65536), isBuildError);
  assert.throws(() => namedPort(''), isBuildError);
  assert.throws(() => icmp(256), isBuildError);
  assert.throws(() => rule({ action: 'allow', protocol: 300, origin: ruleOrigin(o, 0) }), isBuildError);
  assert.throws(() => program({ tiers: [tier({ name: 'a', order: 1, defaultAction: 'deny' }), tier({ name: 'a', order: 2, defaultAction: 'deny' })], final: 'allow' }), /defined twice/);
  assert.throws(() => snapshot({ namespaces: [namespace('a'), namespace('a')] }), /defined twice/);
});

test('rules, policies, tiers and programs are complete and in evaluation order', () => {
  const r = rule({ action: 'deny', origin: ruleOrigin(o, 2, 'spec.egress[2]') });
  assert.equal(r, {
    action: 'deny',
    ipVersion: null,
    protocol: null,
    notProtocol: null,
    icmp: null,
    notIcmp: null,
    src: peer(),
    dst: peer(),
    unknown: [],
    origin: { ...o, index: 2, path: 'spec.egress[2]' },
  });
  const mk = (name: string, order: number | null) => policy({ name, order, types: ['egress', 'ingress'], subject: { selector: ALL }, origin: o });
  const t = tier({ name: 'default', order: DEFAULT_TIER.order, defaultAction: 'deny', policies: [mk('z', null), mk('b', 5), mk('a', 5), mk('c', 1)] });
  assert.equal(t.policies.map((p) => p.name), ['c', 'a', 'b', 'z']);
  assert.equal(t.policies[0]!.types, ['ingress', 'egress']);
  const p = program({
    tiers: [
      tier({ ...BASELINE_TIER }),
      tier({ ...DEFAULT_TIER }),
      tier({ ...ADMIN_TIER }),
    ],
    final: 'allow',
  });
  assert.equal(p.tiers.map((x) => [x.name, x.defaultAction]), [
    ['adminnetworkpolicy', 'pass'],
    ['default', 'deny'],
    ['baselineadminnetworkpolicy', 'pass'],
  ]);
  assert.is(p.snapshot, null);
  assert.ok(compareOrder(null, 1e300) > 0 && compareOrder(-1, 0) < 0 && compareOrder(null, null) === 0);
});

test('the cluster constructors write the implicit labels out', () => {
  assert.equal(namespace('prod', { team: 'a' }).labels, {
    team: 'a',
    'kubernetes.io/metadata.name': 'prod',
    'projectcalico.org/name': 'prod',
  });
  const e = endpoint({ name: 'web-1', namespace: 'prod', labels: { app: 'web' }, ips: ['10.0.0.5'], serviceAccount: { name: 'web-sa', labels: {} } });
  assert.is(e.id, 'prod/web-1');
  assert.equal(e.labels, {
    app: 'web',
    'projectcalico.org/namespace': 'prod',
    'projectcalico.org/orchestrator': 'k8s',
    'projectcalico.org/serviceaccount': 'web-sa',
  });
  assert.is(endpoint({ name: 't', namespace: 'prod', ips: null }).ips, null);
  assert.equal(networkSet({ name: 'n', namespace: null, labels: {}, nets: ['192.0.2.1/24'] }).nets, ['192.0.2.0/24']);
});

test('flows as text: parse and print are inverse, errors are values', () => {
  for (const text of [
    'prod/web -> prod/db tcp 5432',
    'prod/web -> 8.8.8.8 udp 53 from 40000',
    '203.0.113.9 -> prod/db icmp 8/0',
    'prod/web -> fd00::10 tcp 443',
    'prod/a -> prod/b tcp 80 v6',
    'prod/a -> prod/b 47',
    'prod/a -> prod/b icmp 3',
  ])
    assert.is(printFlowText(flowOf(text)), text);
  assert.equal(flowOf('fd00::1 -> prod/db icmpv6 128/0'), {
    src: { kind: 'external', ip: 'fd00::1' },
    dst: { kind: 'endpoint', id: 'prod/db' },
    ipVersion: 6,
    protocol: 58,
    icmpType: 128,
    icmpCode: 0,
  });
  assert.ok('error' in (parseFlowText('prod/a => prod/b tcp') as object));
  assert.ok('error' in (parseFlowText('prod/a -> 300.1.1.1 tcp') as object));
  assert.ok('error' in (parseFlowText('prod/a -> prod/b tcp 80/1') as object));
});

test.run();
