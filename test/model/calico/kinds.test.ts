import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type {
  CalicoGlobalNetworkPolicy,
  CalicoGlobalNetworkSet,
  CalicoHostEndpoint,
  CalicoNetworkPolicy,
  CalicoNetworkSet,
  CalicoProfile,
  CalicoTier,
  CalicoWorkloadEndpoint,
} from '../../../src/model/calico/index.js';
import { errors, gnp, np, readPlain } from './helpers.js';

test('a namespaced NetworkPolicy reads into the typed model with every rule field', () => {
  const { resource: p, diagnostics } = readPlain<CalicoNetworkPolicy>(
    np(
      {
        tier: 'security',
        order: 100.5,
        selector: "role == 'database'",
        serviceAccountSelector: 'has(team)',
        types: ['Ingress', 'Egress'],
        ingress: [
          {
            action: 'Allow',
            protocol: 'TCP',
            metadata: { annotations: { from: 'frontend' } },
            source: { selector: "role == 'frontend'", namespaceSelector: 'env in {"prod", "staging"}', notNets: ['10.9.0.0/16'] },
            destination: { ports: [6379, '8000:8080', 'metrics'], notPorts: ['8001'] },
          },
        ],
        egress: [
          { action: 'Deny', protocol: 'ICMP', ipVersion: 4, icmp: { type: 8, code: 0 }, destination: { nets: ['0.0.0.0/0', '192.168.1.7'] } },
          { action: 'Pass', notProtocol: 17, destination: { serviceAccounts: { names: ['api'], selector: 'app == "x"' } } },
          { action: 'Log', destination: { services: { name: 'kube-dns', namespace: 'kube-system' } } },
        ],
      },
      'security.allow-tcp-6379',
    ),
  );
  assert.equal(errors(diagnostics), []);
  assert.ok(p);
  assert.is(p.kind, 'NetworkPolicy');
  assert.is(p.namespace, 'prod');
  assert.is(p.name, 'security.allow-tcp-6379');
  assert.is(p.shortName, 'allow-tcp-6379');
  assert.is(p.spec.tier, 'security');
  assert.is(p.spec.order, 100.5);
  assert.equal(p.spec.selector, { text: "role == 'database'", ast: { op: 'eq', key: 'role', value: 'database' } });
  assert.equal(p.spec.serviceAccountSelector?.ast, { op: 'has', key: 'team' });
  assert.equal(p.spec.types, ['Ingress', 'Egress']);
  assert.is(p.spec.typesGiven, true);
  const ing = p.spec.ingress[0]!;
  assert.is(ing.action, 'Allow');
  assert.equal(ing.protocol, { text: 'TCP', number: 6 });
  assert.equal(ing.annotations, { from: 'frontend' });
  assert.equal(ing.source.namespaceSelector?.ast, { op: 'in', key: 'env', values: ['prod', 'staging'] });
  assert.equal(ing.source.notNets.map((n) => [n.family, n.prefix, n.addr]), [[4, 16, 0x0a090000n]]);
  assert.equal(ing.destination.ports, [
    { kind: 'range', from: 6379, to: 6379 },
    { kind: 'range', from: 8000, to: 8080 },
    { kind: 'named', name: 'metrics' },
  ]);
  assert.equal(ing.destination.notPorts, [{ kind: 'range', from: 8001, to: 8001 }]);
  assert.equal(ing.at.path, 'spec.ingress[0]');
  const [icmp, pass, log] = p.spec.egress;
  assert.equal(icmp!.icmp, { type: 8, code: 0 });
  assert.is(icmp!.ipVersion, 4);
  assert.equal(icmp!.destination.nets.map((n) => n.prefix), [0, 32]);
  assert.equal(pass!.notProtocol, { text: '17', number: 17 });
  assert.equal(pass!.destination.serviceAccounts?.names, ['api']);
  assert.equal(log!.destination.services, { name: 'kube-dns', namespace: 'kube-system' });
  assert.equal(p.spec.unmodelled, []);
});

test('a GlobalNetworkPolicy keeps namespaceSelector and the forwarding flags', () => {
  const { resource: p, diagnostics } = readPlain<CalicoGlobalNetworkPolicy>(
    gnp({ namespaceSelector: 'projectcalico.org/name != "kube-system"', selector: 'all()', ingress: [{ action: 'Deny', source: { namespaceSelector: 'global()' } }] }, 'deny-ext'),
  );
  assert.equal(errors(diagnostics), []);
  assert.ok(p);
  assert.is(p.spec.tier, 'default');
  assert.is(p.shortName, 'deny-ext');
  assert.is(p.spec.order, undefined);
  assert.equal(p.spec.namespaceSelector?.ast, { op: 'neq', key: 'projectcalico.org/name', value: 'kube-system' });
  assert.equal(p.spec.ingress[0]!.source.namespaceSelector?.ast, { op: 'global' });
  assert.is(p.spec.doNotTrack, false);
  assert.is(p.namespace, undefined);
});

test('an absent or empty policy selector is all()', () => {
  const a = readPlain<CalicoGlobalNetworkPolicy>(gnp({ ingress: [{ action: 'Allow' }] })).resource!;
  assert.equal(a.spec.selector.ast, { op: 'all' });
  const b = readPlain<CalicoGlobalNetworkPolicy>(gnp({ selector: '' })).resource!;
  assert.equal(b.spec.selector.ast, { op: 'all' });
});

test('policy types default from the rules present (Calico Types field doc)', () => {
  const types = (spec: Record<string, unknown>) => {
    const p = readPlain<CalicoGlobalNetworkPolicy>(gnp(spec)).resource!;
    return [p.spec.types, p.spec.typesGiven];
  };
  assert.equal(types({}), [['Ingress'], false]);
  assert.equal(types({ ingress: [{ action: 'Allow' }] }), [['Ingress'], false]);
  assert.equal(types({ egress: [{ action: 'Allow' }] }), [['Egress'], false]);
  assert.equal(types({ egress: [], ingress: [] }), [['Ingress'], false]);
  assert.equal(types({ ingress: [{ action: 'Allow' }], egress: [{ action: 'Deny' }] }), [['Ingress', 'Egress'], false]);
  // Written types win, even when they disagree with the rules.
  assert.equal(types({ types: ['Egress'], ingress: [{ action: 'Allow' }] }), [['Egress'], true]);
});

test('a policy name with the tier prefix and one without both keep the tier apart', () => {
  const spec = { tier: 'platform', selector: 'all()' };
  const a = readPlain<CalicoGlobalNetworkPolicy>(gnp(spec, 'platform.allow-dns')).resource!;
  const b = readPlain<CalicoGlobalNetworkPolicy>(gnp(spec, 'allow-dns')).resource!;
  assert.equal([a.spec.tier, a.shortName], ['platform', 'allow-dns']);
  assert.equal([b.spec.tier, b.shortName], ['platform', 'allow-dns']);
});

test('NetworkSet and GlobalNetworkSet keep their CIDRs (host bits cleared) and labels', () => {
  const ns = readPlain<CalicoNetworkSet>({
    apiVersion: 'projectcalico.org/v3', kind: 'NetworkSet', metadata: { name: 'ext', namespace: 'web', labels: { role: 'ext' } },
    spec: { nets: ['198.51.100.7/24', '2001:db8::/32', '203.0.113.9'] },
  });
  assert.equal(errors(ns.diagnostics), []);
  assert.equal(ns.resource!.labels, { role: 'ext' });
  assert.equal(ns.resource!.nets.map((n) => [n.text, n.family, n.prefix]), [['198.51.100.7/24', 4, 24], ['2001:db8::/32', 6, 32], ['203.0.113.9', 4, 32]]);
  assert.is(ns.resource!.nets[0]!.addr, 0xc6336400n);
  const g = readPlain<CalicoGlobalNetworkSet>({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: { name: 'g' }, spec: { nets: ['10.0.0.0/8'] } });
  assert.is(g.resource!.kind, 'GlobalNetworkSet');
  assert.is(g.resource!.namespace, undefined);
});

test('a Tier reads order and defaultAction, defaulting to Deny', () => {
  const t = readPlain<CalicoTier>({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'security' }, spec: { order: 300, defaultAction: 'Pass' } });
  assert.equal([t.resource!.order, t.resource!.defaultAction, t.resource!.defaultActionGiven], [300, 'Pass', true]);
  const d = readPlain<CalicoTier>({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: 'x' }, spec: {} });
  assert.equal([d.resource!.order, d.resource!.defaultAction, d.resource!.defaultActionGiven], [undefined, 'Deny', false]);
});

test('a Profile reads its rules and labelsToApply', () => {
  const p = readPlain<CalicoProfile>({
    apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'kns.default' },
    spec: { ingress: [{ action: 'Allow' }], egress: [{ action: 'Deny', protocol: 'UDP', destination: { ports: [53] } }], labelsToApply: { 'pcns.team': 'a' } },
  });
  assert.equal(errors(p.diagnostics), []);
  assert.equal(p.resource!.ingress.map((r) => r.action), ['Allow']);
  assert.equal(p.resource!.egress[0]!.destination.ports, [{ kind: 'range', from: 53, to: 53 }]);
  assert.equal(p.resource!.labelsToApply, { 'pcns.team': 'a' });
});

test('a HostEndpoint reads its spec and is marked unmodelled', () => {
  const h = readPlain<CalicoHostEndpoint>({
    apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: { name: 'hep1', labels: { role: 'worker' } },
    spec: { interfaceName: 'eth0', node: 'myhost', expectedIPs: ['192.168.0.1'], profiles: ['p1'], ports: [{ name: 'some-port', port: 1234, protocol: 'TCP' }] },
  });
  assert.equal(errors(h.diagnostics), []);
  const r = h.resource!;
  assert.equal([r.node, r.interfaceName, r.expectedIPs.map((i) => i.text), r.profiles], ['myhost', 'eth0', ['192.168.0.1'], ['p1']]);
  assert.equal(r.ports, [{ name: 'some-port', protocol: { text: 'TCP', number: 6 }, port: 1234 }]);
  assert.equal(r.unmodelled, ['HostEndpoint']);
  assert.ok(h.diagnostics.some((d) => d.code === 'unmodelled-field' && d.severity === 'warning'));
});

test('a WorkloadEndpoint reads its endpoint data', () => {
  const w = readPlain<CalicoWorkloadEndpoint>({
    apiVersion: 'projectcalico.org/v3', kind: 'WorkloadEndpoint',
    metadata: { name: 'node1-k8s-nginx-eth0', namespace: 'default', labels: { app: 'web' } },
    spec: {
      node: 'node1', orchestrator: 'k8s', endpoint: 'eth0', containerID: 'abc123', pod: 'nginx', interfaceName: 'cali0ef24ba',
      mac: 'ca:fe:1d:52:bb:e9', ipNetworks: ['192.168.0.5/32', 'fd00::5'], profiles: ['kns.default'],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { port: 8443, protocol: 'TCP', hostPort: 443 }],
    },
  });
  assert.equal(errors(w.diagnostics), []);
  const r = w.resource!;
  assert.equal([r.namespace, r.node, r.pod, r.interfaceName, r.containerID], ['default', 'node1', 'nginx', 'cali0ef24ba', 'abc123']);
  assert.equal(r.ipNetworks.map((n) => [n.family, n.prefix]), [[4, 32], [6, 128]]);
  assert.equal(r.ports.map((p) => [p.name, p.port, p.hostPort]), [['http', 80, undefined], ['', 8443, 443]]);
  assert.equal(r.unmodelled, []);
});

test.run();
