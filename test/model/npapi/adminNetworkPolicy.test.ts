import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AdminNetworkPolicy } from '../../../src/model/npapi/types.js';
import { clone, expectDiag, expectNoErrors, readObject, validAnp } from './helpers.js';

const read = (o: Record<string, unknown>) => readObject<AdminNetworkPolicy>(o);

test('a valid AdminNetworkPolicy reads into the typed model', () => {
  const res = read(validAnp());
  expectNoErrors(res);
  assert.equal(res.diagnostics, []);
  const p = res.value!;
  assert.is(p.kind, 'AdminNetworkPolicy');
  assert.is(p.name, 'anp-one');
  assert.is(p.namespace, undefined, 'cluster-scoped');
  assert.is(p.priority, 10);
  assert.equal(p.subject.kind, 'pods');
  if (p.subject.kind === 'pods') assert.equal(p.subject.podSelector.matchLabels, { app: 'web' });
  assert.is(p.ingress.length, 2);
  assert.is(p.egress.length, 2);
  const r0 = p.ingress[0]!;
  assert.is(r0.direction, 'ingress');
  assert.is(r0.index, 0);
  assert.is(r0.name, 'deny-from-slytherin');
  assert.is(r0.action, 'Deny');
  assert.is(r0.at.path, 'spec.ingress[0]');
  assert.equal(r0.unmodelled, []);
  assert.equal(r0.peers[0]!.kind, 'namespaces');
  assert.is(r0.peers[0]!.at.path, 'spec.ingress[0].from[0]');
  assert.equal(r0.ports!.map(({ at: _at, ...rest }) => rest), [
    { kind: 'number', protocol: 'UDP', port: 53 },
    { kind: 'named', name: 'http' },
    // `protocol` absent: the CRD default TCP is written out.
    { kind: 'range', protocol: 'TCP', start: 8000, end: 9000 },
  ]);
  assert.is(p.ingress[1]!.name, undefined);
  assert.is(p.ingress[1]!.ports, undefined, 'no ports: every port');
  const net = p.egress[0]!.peers[0]!;
  assert.is(net.kind, 'networks');
  if (net.kind === 'networks') {
    assert.equal(net.networks.map((c) => [c.text, c.family, c.prefix]), [['10.0.0.0/8', 4, 8], ['fd00::/8', 6, 8]]);
    assert.is(net.networks[0]!.addr, 0x0a000000n);
    assert.is(net.networks[1]!.at.path, 'spec.egress[0].to[0].networks[1]');
  }
  assert.equal(p.egress[1]!.ports!.map((x) => x.kind === 'number' && [x.protocol, x.port]), [['TCP', 443]]);
});

test('priority: required, an integer, 0–1000', () => {
  for (const [v, code] of [[1001, 'invalid-priority'], [-1, 'invalid-priority'], ['50', 'wrong-type'], [2.5, 'wrong-type']] as const) {
    const o = validAnp();
    o.spec.priority = v;
    const res = read(o);
    expectDiag(res, code, 'spec.priority');
    assert.is(res.value, undefined);
  }
  for (const v of [0, 1000]) {
    const o = validAnp();
    o.spec.priority = v;
    expectNoErrors(read(o));
  }
  const o = validAnp();
  delete o.spec.priority;
  expectDiag(read(o), 'missing-field', 'spec.priority');
});

test('spec is required and strict', () => {
  const o = validAnp();
  delete o.spec;
  expectDiag(read(o), 'missing-field', 'spec');
  const p = validAnp();
  p.spec.priorty = 3;
  const d = expectDiag(read(p), 'unknown-field', 'spec.priorty');
  assert.is(d.hint, 'did you mean `priority`?');
});

test('subject: required, exactly one of namespaces / pods', () => {
  const o = validAnp();
  o.spec.subject = null;
  expectDiag(read(o), 'missing-field', 'spec.subject');
  o.spec.subject = {};
  assert.match(expectDiag(read(o), 'invalid-subject', 'spec.subject').message, 'found none');
  o.spec.subject = { namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } };
  assert.match(expectDiag(read(o), 'invalid-subject', 'spec.subject').message, '`namespaces`, `pods`');
  o.spec.subject = { namespaces: { matchLabels: { 'bad key!': 'x' } } };
  expectDiag(read(o), 'invalid-label-key', 'spec.subject.namespaces.matchLabels.bad key!');
});

test('v1alpha1 pods selectors: required by the CRD, but absent reads as `{}` with a warning', () => {
  // netpol-analyzer and its corpus omit them; the API server would reject the object.
  const o = validAnp();
  o.spec.subject = { pods: { podSelector: { matchLabels: { app: 'x' } } } };
  o.spec.ingress[1].from = [{ pods: { namespaceSelector: { matchLabels: { a: 'b' } } } }];
  const res = read(o);
  expectNoErrors(res);
  expectDiag(res, 'missing-field', 'spec.subject.pods.namespaceSelector', 'warning');
  expectDiag(res, 'missing-field', 'spec.ingress[1].from[0].pods.podSelector', 'warning');
  const s = res.value!.subject;
  assert.ok(s.kind === 'pods' && Object.keys(s.namespaceSelector.matchLabels).length === 0);
  const peer = res.value!.ingress[1]!.peers[0]!;
  assert.ok(peer.kind === 'pods');
  if (peer.kind === 'pods') assert.equal(peer.podSelector, { matchLabels: {}, matchExpressions: [] });
  o.spec.subject = { pods: { podSelector: 'all' } };
  expectDiag(read(o), 'wrong-type', 'spec.subject.pods.podSelector');
});

test('rules: action is required and one of Allow, Deny, Pass', () => {
  const o = validAnp();
  o.spec.egress[1].action = 'Accept';
  const d = expectDiag(read(o), 'invalid-action', 'spec.egress[1].action');
  assert.match(d.hint!, 'uses `Allow`');
  delete o.spec.egress[1].action;
  expectDiag(read(o), 'missing-field', 'spec.egress[1].action');
  o.spec.egress[1].action = 'deny';
  assert.is(expectDiag(read(o), 'invalid-action', 'spec.egress[1].action').hint, 'did you mean `Deny`?');
});

test('rules: from / to required with 1–100 peers; at most 100 rules', () => {
  const o = validAnp();
  delete o.spec.ingress[0].from;
  expectDiag(read(o), 'missing-field', 'spec.ingress[0].from');
  o.spec.ingress[0].from = null;
  expectDiag(read(o), 'missing-field', 'spec.ingress[0].from');
  o.spec.ingress[0].from = [];
  expectDiag(read(o), 'invalid-value', 'spec.ingress[0].from');
  o.spec.ingress[0].from = Array.from({ length: 101 }, () => ({ namespaces: {} }));
  expectDiag(read(o), 'invalid-value', 'spec.ingress[0].from');
  const p = validAnp();
  p.spec.egress = Array.from({ length: 101 }, () => clone(p.spec.egress[1]));
  expectDiag(read(p), 'too-many-rules', 'spec.egress');
  p.spec.egress.pop();
  expectNoErrors(read(p));
  const q = validAnp();
  q.spec.ingress[0].name = 'x'.repeat(101);
  expectDiag(read(q), 'invalid-value', 'spec.ingress[0].name');
  q.spec.ingress[0].to = [{ namespaces: {} }];
  q.spec.ingress[0].name = 'ok';
  expectDiag(read(q), 'unknown-field', 'spec.ingress[0].to');
});

test('peers: exactly one field; ingress peers are namespaces or pods', () => {
  const o = validAnp();
  o.spec.egress[1].to = [{ namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }];
  expectDiag(read(o), 'invalid-peer', 'spec.egress[1].to[0]');
  o.spec.egress[1].to = [{}];
  expectDiag(read(o), 'invalid-peer', 'spec.egress[1].to[0]');
  const p = validAnp();
  p.spec.ingress[1].from = [{ networks: ['10.0.0.0/8'] }];
  expectDiag(read(p), 'unknown-field', 'spec.ingress[1].from[0].networks');
});

test('ports: exactly one form, ports 1–65535, ranges not empty, TCP/UDP/SCTP', () => {
  const cases: [unknown, string, string][] = [
    [[{ portNumber: { port: 80 }, namedPort: 'http' }], 'invalid-port', 'spec.egress[1].ports[0]'],
    [[{}], 'invalid-port', 'spec.egress[1].ports[0]'],
    [[{ portNumber: { port: 0 } }], 'invalid-port', 'spec.egress[1].ports[0].portNumber.port'],
    [[{ portNumber: { port: 65536 } }], 'invalid-port', 'spec.egress[1].ports[0].portNumber.port'],
    [[{ portNumber: { protocol: 'TCP' } }], 'missing-field', 'spec.egress[1].ports[0].portNumber.port'],
    [[{ portNumber: { protocol: 'ICMP', port: 1 } }], 'invalid-protocol', 'spec.egress[1].ports[0].portNumber.protocol'],
    [[{ portRange: { start: 10, end: 1 } }], 'invalid-port-range', 'spec.egress[1].ports[0].portRange'],
    [[{ portRange: { start: 10 } }], 'missing-field', 'spec.egress[1].ports[0].portRange.end'],
    [[{ portRange: { start: 1, end: 70000 } }], 'invalid-port', 'spec.egress[1].ports[0].portRange.end'],
    [[], 'invalid-value', 'spec.egress[1].ports'],
    [Array.from({ length: 101 }, () => ({ portNumber: { port: 1 } })), 'invalid-value', 'spec.egress[1].ports'],
    [[{ namedPort: '' }], 'invalid-port', 'spec.egress[1].ports[0].namedPort'],
  ];
  for (const [ports, code, path] of cases) {
    const o = validAnp();
    o.spec.egress[1].ports = ports;
    expectDiag(read(o), code, path);
  }
  const o = validAnp();
  o.spec.egress[1].ports = [{ portNumber: { protocol: 'tcp', port: 80 } }];
  assert.is(expectDiag(read(o), 'invalid-protocol', 'spec.egress[1].ports[0].portNumber.protocol').hint, 'did you mean `TCP`?');
  // start == end is one port: upstream v1alpha1 only documents start < end, and netpol-analyzer accepts it.
  o.spec.egress[1].ports = [{ portRange: { protocol: 'UDP', start: 53, end: 53 } }];
  const res = read(o);
  expectNoErrors(res);
  assert.equal(res.value!.egress[1]!.ports![0], { kind: 'range', protocol: 'UDP', start: 53, end: 53, at: res.value!.egress[1]!.ports![0]!.at });
});

test('a named port that is no valid port name is a warning, not an error', () => {
  const o = validAnp();
  o.spec.egress[1].ports = [{ namedPort: 'Not_A_Port_Name' }];
  const res = read(o);
  expectNoErrors(res);
  expectDiag(res, 'invalid-port', 'spec.egress[1].ports[0].namedPort', 'warning');
});

test('networks: 1–25 distinct CIDRs as CEL isCIDR accepts them', () => {
  const bad: [unknown, string, string][] = [
    [['zc00::/8'], 'invalid-cidr', 'spec.egress[0].to[0].networks[0]'],
    [['10.0.0.0'], 'invalid-cidr', 'spec.egress[0].to[0].networks[0]'],
    [['010.0.0.0/8'], 'invalid-cidr', 'spec.egress[0].to[0].networks[0]'],
    [['::ffff:10.0.0.0/104'], 'invalid-cidr', 'spec.egress[0].to[0].networks[0]'],
    [['10.0.0.0/33'], 'invalid-cidr', 'spec.egress[0].to[0].networks[0]'],
    [['1:2:3:4:5:6:7:8/128'.padEnd(44, '0')], 'invalid-cidr', 'spec.egress[0].to[0].networks[0]'],
    [['10.0.0.0/8', '10.0.0.0/8'], 'invalid-value', 'spec.egress[0].to[0].networks[1]'],
    [[], 'invalid-value', 'spec.egress[0].to[0].networks'],
    [Array.from({ length: 26 }, (_, i) => `10.0.${i}.0/24`), 'invalid-value', 'spec.egress[0].to[0].networks'],
    [[7], 'wrong-type', 'spec.egress[0].to[0].networks[0]'],
  ];
  for (const [networks, code, path] of bad) {
    const o = validAnp();
    o.spec.egress[0].to[0].networks = networks;
    expectDiag(read(o), code, path);
  }
  // isCIDR allows bits after the prefix in v1alpha1; the model holds the network address.
  const o = validAnp();
  o.spec.egress[0].to[0].networks = ['10.1.2.3/8'];
  const res = read(o);
  expectNoErrors(res);
  const peer = res.value!.egress[0]!.peers[0]!;
  assert.ok(peer.kind === 'networks' && peer.networks[0]!.addr === 0x0a000000n && peer.networks[0]!.text === '10.1.2.3/8');
});

test('nodes and domainNames peers are parsed, warned about, and recorded as unmodelled', () => {
  const o = validAnp();
  o.spec.egress[0].to = [{ nodes: { matchLabels: { 'kubernetes.io/os': 'linux' } } }, { domainNames: ['example.com', '*.cloud.example'] }];
  const res = read(o);
  expectNoErrors(res);
  expectDiag(res, 'unmodelled-field', 'spec.egress[0].to[0].nodes', 'warning');
  expectDiag(res, 'unmodelled-field', 'spec.egress[0].to[1].domainNames', 'warning');
  const rule = res.value!.egress[0]!;
  assert.equal(rule.unmodelled, ['spec.egress[0].to[0].nodes', 'spec.egress[0].to[1].domainNames']);
  assert.equal(rule.peers.map((p) => p.kind), ['nodes', 'domainNames']);
  assert.equal(res.value!.egress[1]!.unmodelled, []);
});

test('domainNames: pattern, set, and only documented for Allow rules', () => {
  const o = validAnp();
  o.spec.egress[0].to = [{ domainNames: ['not a domain'] }];
  expectDiag(read(o), 'invalid-value', 'spec.egress[0].to[0].domainNames[0]');
  o.spec.egress[0].to = [{ domainNames: ['localhost'] }];
  expectDiag(read(o), 'invalid-value', 'spec.egress[0].to[0].domainNames[0]');
  o.spec.egress[0].to = [{ domainNames: ['www.*.example.com'] }];
  expectDiag(read(o), 'invalid-value', 'spec.egress[0].to[0].domainNames[0]');
  o.spec.egress[0].to = [{ domainNames: ['example.com'] }];
  o.spec.egress[0].action = 'Deny';
  const res = read(o);
  expectNoErrors(res);
  expectDiag(res, 'invalid-action', 'spec.egress[0].to[0]', 'warning');
});

test('a named port with networks, nodes or domainNames peers is a warning (experimental-channel CEL)', () => {
  for (const peer of [{ networks: ['10.0.0.0/8'] }, { nodes: {} }, { domainNames: ['example.com'] }]) {
    const o = validAnp();
    o.spec.egress[0].to = [{ namespaces: {} }, peer];
    o.spec.egress[0].ports = [{ portNumber: { port: 80 } }, { namedPort: 'http' }];
    const res = read(o);
    expectNoErrors(res);
    assert.match(expectDiag(res, 'invalid-port', 'spec.egress[0].ports[1]', 'warning').message, 'never matches');
  }
  // Ingress has no such peers; named ports there are fine.
  expectNoErrors(read(validAnp()));
});

test('every problem of a document is reported, not only the first', () => {
  const o = validAnp();
  o.spec.priority = 5000;
  o.spec.subject = {};
  o.spec.ingress[0].action = 'Ok';
  o.spec.egress[0].to[0].networks = ['zc00::/8'];
  const codes = readObject(o).errors.map((d) => d.code).sort();
  assert.equal(codes, ['invalid-action', 'invalid-cidr', 'invalid-priority', 'invalid-subject']);
});

test.run();
