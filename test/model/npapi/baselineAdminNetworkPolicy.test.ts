import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BaselineAdminNetworkPolicy } from '../../../src/model/npapi/types.js';
import { expectDiag, expectNoErrors, readObject, validBanp } from './helpers.js';

const read = (o: Record<string, unknown>) => readObject<BaselineAdminNetworkPolicy>(o);

test('a valid BaselineAdminNetworkPolicy reads into the typed model', () => {
  const res = read(validBanp());
  assert.equal(res.diagnostics, []);
  const p = res.value!;
  assert.is(p.kind, 'BaselineAdminNetworkPolicy');
  assert.is(p.name, 'default');
  assert.is('priority' in p, false);
  assert.equal(p.subject.kind, 'namespaces');
  assert.equal(p.ingress.map((r) => r.action), ['Deny']);
  assert.equal(p.egress.map((r) => r.action), ['Allow', 'Deny']);
  const port = p.egress[0]!.ports![0]!;
  assert.ok(port.kind === 'number' && port.protocol === 'SCTP' && port.port === 9003);
  const net = p.egress[1]!.peers[0]!;
  assert.ok(net.kind === 'networks' && net.networks[0]!.prefix === 0 && net.networks[0]!.family === 4);
});

test('the name must be `default` (CEL on the object)', () => {
  const o = validBanp();
  o.metadata.name = 'banp-name';
  const res = read(o);
  const d = expectDiag(res, 'invalid-name', 'metadata.name');
  assert.match(d.message, '`banp-name`');
});

test('actions are Allow and Deny only; Pass gets a hint', () => {
  const o = validBanp();
  o.spec.egress[0].action = 'Pass';
  const d = expectDiag(read(o), 'invalid-action', 'spec.egress[0].action');
  assert.match(d.hint!, 'nothing to pass to');
  o.spec.egress[0].action = 'Accept';
  expectDiag(read(o), 'invalid-action', 'spec.egress[0].action');
});

test('no priority, no domainNames peers in a BANP', () => {
  const o = validBanp();
  o.spec.priority = 3;
  expectDiag(read(o), 'unknown-field', 'spec.priority');
  const p = validBanp();
  p.spec.egress[1].to = [{ domainNames: ['example.com'] }];
  expectDiag(read(p), 'unknown-field', 'spec.egress[1].to[0].domainNames');
});

test('nodes peers are unmodelled; a named port with them is a warning', () => {
  const o = validBanp();
  o.spec.egress[1].to = [{ nodes: {} }];
  const res = read(o);
  expectNoErrors(res);
  assert.equal(res.value!.egress[1]!.unmodelled, ['spec.egress[1].to[0].nodes']);
  o.spec.egress[1].ports = [{ namedPort: 'dns' }];
  expectDiag(read(o), 'invalid-port', 'spec.egress[1].ports[0]', 'warning');
});

test('subject and peers follow the shared rules', () => {
  const o = validBanp();
  o.spec.subject = null;
  expectDiag(read(o), 'missing-field', 'spec.subject');
  const p = validBanp();
  p.spec.ingress[0].from = [{ namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }];
  expectDiag(read(p), 'invalid-peer', 'spec.ingress[0].from[0]');
  const q = validBanp();
  q.spec.egress[0].ports = [{ portNumber: { protocol: 'UDP', port: 53 }, namedPort: 'dns' }];
  expectDiag(read(q), 'invalid-port', 'spec.egress[0].ports[0]');
});

test('status is accepted and ignored', () => {
  const o = validBanp();
  o.status = { conditions: [] };
  expectNoErrors(read(o));
});

test.run();
