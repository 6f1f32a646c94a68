import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterNetworkPolicy } from '../../../src/model/npapi/types.js';
import { expectDiag, expectNoErrors, readObject, validCnp } from './helpers.js';

const read = (o: Record<string, unknown>) => readObject<ClusterNetworkPolicy>(o);
const VERSIONS = ['v1alpha2', 'v1beta1'] as const;

for (const v of VERSIONS) {
  test(`${v}: a valid ClusterNetworkPolicy reads into the typed model`, () => {
    const res = read(validCnp(v));
    assert.equal(res.diagnostics, []);
    const p = res.value!;
    assert.is(p.kind, 'ClusterNetworkPolicy');
    assert.is(p.apiVersion, `policy.networking.k8s.io/${v}`);
    assert.is(p.tier, 'Admin');
    assert.is(p.priority, 5);
    assert.equal(p.ingress[0]!.action, 'Accept');
    // `protocols` lands in the same port model as v1alpha1 `ports`.
    assert.equal(p.ingress[0]!.ports!.map(({ at: _at, ...rest }) => rest), [
      { kind: 'number', protocol: 'TCP', port: 443 },
      { kind: 'range', protocol: 'UDP', start: 5000, end: 5100 },
      { kind: 'number', protocol: 'SCTP', port: 9003 },
      { kind: 'named', name: 'metrics' },
    ]);
    assert.is(p.ingress[0]!.ports![1]!.at.path, 'spec.ingress[0].protocols[1]');
    assert.is(p.egress[0]!.ports, undefined);
    assert.equal(p.egress.map((r) => r.action), ['Pass', 'Deny']);
  });

  test(`${v}: tier is required, Admin or Baseline`, () => {
    const o = validCnp(v);
    delete o.spec.tier;
    expectDiag(read(o), 'missing-field', 'spec.tier');
    o.spec.tier = 'admin';
    assert.is(expectDiag(read(o), 'invalid-value', 'spec.tier').hint, 'did you mean `Admin`?');
    o.spec.tier = 'Baseline';
    assert.is(read(o).value!.tier, 'Baseline');
  });

  test(`${v}: priority 0–1000, actions Accept/Deny/Pass, at most 25 rules and peers`, () => {
    const o = validCnp(v);
    o.spec.priority = 1001;
    expectDiag(read(o), 'invalid-priority', 'spec.priority');
    const p = validCnp(v);
    p.spec.egress[0].action = 'Allow';
    assert.match(expectDiag(read(p), 'invalid-action', 'spec.egress[0].action').hint!, 'uses `Accept`');
    const q = validCnp(v);
    q.spec.egress = Array.from({ length: 26 }, () => ({ action: 'Deny', to: [{ namespaces: {} }] }));
    expectDiag(read(q), 'too-many-rules', 'spec.egress');
    q.spec.egress = [{ action: 'Deny', to: Array.from({ length: 26 }, () => ({ namespaces: {} })) }];
    expectDiag(read(q), 'invalid-value', 'spec.egress[0].to');
    const s = validCnp(v);
    s.spec.egress[1].ports = [{ portNumber: { port: 22 } }];
    expectDiag(read(s), 'unknown-field', 'spec.egress[1].ports');
  });

  test(`${v}: protocols entries`, () => {
    const cases: [unknown, string, string][] = [
      [[{ tcp: {} }], 'missing-field', 'spec.egress[1].protocols[0].tcp.destinationPort'],
      [[{ tcp: { destinationPort: { number: 22 } }, udp: { destinationPort: { number: 22 } } }], 'invalid-port', 'spec.egress[1].protocols[0]'],
      [[{ tcp: { destinationPort: { number: 22, range: { start: 1, end: 2 } } } }], 'invalid-port', 'spec.egress[1].protocols[0].tcp.destinationPort'],
      [[{ tcp: { destinationPort: {} } }], 'invalid-port', 'spec.egress[1].protocols[0].tcp.destinationPort'],
      [[{ udp: { destinationPort: { number: 0 } } }], 'invalid-port', 'spec.egress[1].protocols[0].udp.destinationPort.number'],
      // CEL `self.start < self.end`: equal is rejected here, unlike v1alpha1.
      [[{ sctp: { destinationPort: { range: { start: 7, end: 7 } } } }], 'invalid-port-range', 'spec.egress[1].protocols[0].sctp.destinationPort.range'],
      [[{ tcp: { destinationPort: { range: { start: 9, end: 8 } } } }], 'invalid-port-range', 'spec.egress[1].protocols[0].tcp.destinationPort.range'],
      [[{ icmp: {} }], 'unknown-field', 'spec.egress[1].protocols[0].icmp'],
      [[], 'invalid-value', 'spec.egress[1].protocols'],
      [Array.from({ length: 26 }, () => ({ tcp: { destinationPort: { number: 1 } } })), 'invalid-value', 'spec.egress[1].protocols'],
    ];
    for (const [protocols, code, path] of cases) {
      const o = validCnp(v);
      o.spec.egress[1].protocols = protocols;
      expectDiag(read(o), code, path);
    }
  });

  test(`${v}: destinationNamedPort with networks, nodes or domainNames peers is a warning`, () => {
    const o = validCnp(v);
    o.spec.egress[1].protocols = [{ destinationNamedPort: 'ssh' }];
    expectDiag(read(o), 'invalid-port', 'spec.egress[1].protocols[0]', 'warning');
    o.spec.egress[1].to = [{ pods: { podSelector: {} } }];
    assert.equal(read(o).diagnostics, []);
  });

  test(`${v}: pods.namespaceSelector is optional and means every namespace`, () => {
    const o = validCnp(v);
    o.spec.subject = { pods: { podSelector: { matchLabels: { app: 'db' } } } };
    const res = read(o);
    expectNoErrors(res);
    const s = res.value!.subject;
    assert.ok(s.kind === 'pods');
    if (s.kind === 'pods') assert.equal(s.namespaceSelector, { matchLabels: {}, matchExpressions: [] });
    o.spec.subject = { pods: { namespaceSelector: {} } };
    expectDiag(read(o), 'missing-field', 'spec.subject.pods.podSelector');
  });

  test(`${v}: domainNames and nodes are unmodelled`, () => {
    const o = validCnp(v);
    o.spec.egress[0] = { action: 'Accept', to: [{ domainNames: ['*.example.com'] }, { nodes: {} }] };
    const res = read(o);
    expectNoErrors(res);
    assert.equal(res.value!.egress[0]!.unmodelled, ['spec.egress[0].to[0].domainNames', 'spec.egress[0].to[1].nodes']);
  });
}

test('CIDRs: v1beta1 rejects host bits (masked), v1alpha2 accepts them', () => {
  const a = validCnp('v1alpha2');
  a.spec.egress[1].to[0].networks = ['192.168.1.1/16'];
  expectNoErrors(read(a));
  const b = validCnp('v1beta1');
  b.spec.egress[1].to[0].networks = ['192.168.1.1/16'];
  const d = expectDiag(read(b), 'invalid-cidr', 'spec.egress[1].to[0].networks[0]');
  assert.match(d.hint!, '192.168.0.0/16');
});

test('DomainName pattern: v1alpha2 keeps the published `A-z` class, v1beta1 fixed it', () => {
  const a = validCnp('v1alpha2');
  a.spec.egress[0] = { action: 'Accept', to: [{ domainNames: ['_svc.example.com'] }] };
  expectNoErrors(read(a));
  const b = validCnp('v1beta1');
  b.spec.egress[0] = { action: 'Accept', to: [{ domainNames: ['_svc.example.com'] }] };
  expectDiag(read(b), 'invalid-value', 'spec.egress[0].to[0].domainNames[0]');
});

test.run();
