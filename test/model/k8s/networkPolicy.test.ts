/**
 * NetworkPolicy reading: the typed model, policyTypes defaulting, strict fields, and the exact
 * line, column and path of each problem (through the YAML loader).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeNetworkPolicyKind, networkPolicyKind } from '../../../src/model/k8s/networkPolicy.js';
import { sortDiagnostics } from '../../../src/diagnostics/diagnostic.js';
import { errorPaths, netpol, readWith, readYaml } from './helpers.js';

const where = (ds: { line: number; column: number; path: string; code: string }[]) =>
  ds.map((d) => `${d.line}:${d.column} ${d.code} ${d.path}`);

test('policyTypes defaults: [Ingress], plus Egress only when egress has a rule', () => {
  const types = (spec: Record<string, unknown>) => {
    const { value, errors } = readWith(networkPolicyKind, netpol(spec));
    assert.equal(errors, []);
    return [value!.policyTypes, value!.policyTypesExplicit];
  };
  assert.equal(types({}), [['Ingress'], false]);
  assert.equal(types({ ingress: [{}] }), [['Ingress'], false]);
  assert.equal(types({ egress: [] }), [['Ingress'], false]);
  assert.equal(types({ egress: [{}] }), [['Ingress', 'Egress'], false]);
  assert.equal(types({ egress: [{ to: [{ podSelector: {} }] }] }), [['Ingress', 'Egress'], false]);
  assert.equal(types({ policyTypes: ['Egress'] }), [['Egress'], true]);
  assert.equal(types({ policyTypes: ['Egress'], ingress: [{}] }), [['Egress'], true]);
  // An empty list is defaulted like an absent one (SetDefaults_NetworkPolicySpec checks the length).
  assert.equal(types({ policyTypes: [], egress: [{}] }), [['Ingress', 'Egress'], false]);
});

test('a repeated policy type is a warning (the API server accepts it) and counted once', () => {
  const { value, diagnostics, errors } = readWith(networkPolicyKind, netpol({ policyTypes: ['Ingress', 'Ingress'] }));
  assert.equal(errors, []);
  assert.equal(diagnostics.map((d) => [d.severity, d.code, d.path]), [['warning', 'duplicate-entry', 'spec.policyTypes[1]']]);
  assert.equal(value!.policyTypes, ['Ingress']);
});

test('the typed model: rules, peers, ports, ipBlock values and provenance', () => {
  const { value, errors } = readYaml(networkPolicyKind, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: prod
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: a}}
          podSelector:
            matchExpressions: [{key: tier, operator: In, values: [fe]}]
        - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
      ports:
        - port: http
        - protocol: UDP
          port: 5000
          endPort: 5010
    - {}
`);
  assert.equal(errors, []);
  const np = value!;
  assert.is(np.namespace, 'prod');
  assert.equal(np.podSelector, { matchLabels: { app: 'web' }, matchExpressions: [] });
  assert.is(np.ingress.length, 2);
  const [r0, r1] = np.ingress;
  assert.equal(r0!.at, { file: 'test.yaml', line: 10, column: 7 });
  assert.is(r0!.path, 'spec.ingress[0]');
  const [p0, p1] = r0!.peers;
  assert.is(p0!.type, 'selector');
  if (p0!.type === 'selector') {
    assert.equal(p0!.namespaceSelector!.matchLabels, { team: 'a' });
    assert.equal(p0!.podSelector!.matchExpressions, [{ key: 'tier', operator: 'In', values: ['fe'] }]);
  }
  assert.equal(p0!.at, { file: 'test.yaml', line: 11, column: 11 });
  assert.is(p1!.path, 'spec.ingress[0].from[1]');
  assert.is(p1!.type, 'ipBlock');
  if (p1!.type === 'ipBlock') {
    assert.equal(p1!.ipBlock.net, { family: 4, addr: 0x0a000000n, prefix: 8 });
    assert.equal(p1!.ipBlock.except, ['10.1.0.0/16']);
    assert.equal(p1!.ipBlock.exceptNets, [{ family: 4, addr: 0x0a010000n, prefix: 16 }]);
  }
  assert.equal(r0!.ports.map((p) => [p.protocol, p.port, p.endPort, p.at.line]), [
    ['TCP', 'http', undefined, 16],
    ['UDP', 5000, 5010, 17],
  ]);
  // `- {}`: a rule with no peers and no ports (every source, every port).
  assert.equal([r1!.peers, r1!.ports, r1!.at.line], [[], [], 20]);
});

test('errors name the exact line, column and path of the offending field or value', () => {
  const { diagnostics } = readYaml(networkPolicyKind, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
  namespace: ns
spec:
  podSelector:
    matchExpressions:
      - {key: app, operator: in, values: [a]}
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.1/8
            except:
              - 10.1.0.0/16
              - 192.168.0.0/16
          podSelector: {}
      ports:
        - port: 70000
          protocl: TCP
  egress:
    - to: [{}]
      ports: [{port: dns, endPort: 60}]
  policyTypes: [Ingress, egress]
`);
  assert.equal(where(sortDiagnostics(diagnostics)), [
    '9:30 invalid-selector spec.podSelector.matchExpressions[0].operator',
    '12:11 invalid-peer spec.ingress[0].from[0]',
    '13:19 invalid-cidr spec.ingress[0].from[0].ipBlock.cidr',
    '16:17 except-outside-cidr spec.ingress[0].from[0].ipBlock.except[1]',
    '19:17 invalid-port spec.ingress[0].ports[0].port',
    '20:11 unknown-field spec.ingress[0].ports[0].protocl',
    '22:12 invalid-peer spec.egress[0].to[0]',
    '23:36 invalid-port-range spec.egress[0].ports[0].endPort',
    '24:26 invalid-value spec.policyTypes[1]',
  ]);
  const byCode = new Map(diagnostics.map((d) => [d.code, d]));
  assert.is(byCode.get('invalid-selector')!.hint, 'did you mean `In`?');
  assert.is(byCode.get('unknown-field')!.hint, 'did you mean `protocol`?');
  assert.is(byCode.get('invalid-value')!.hint, 'did you mean `Egress`?');
  assert.is(byCode.get('invalid-cidr')!.message, '`10.0.0.1/8` has bits set beyond its prefix length');
  for (const d of diagnostics) assert.ok(!/\.$/.test(d.message) && !/^[A-Z]/.test(d.message), d.message);
});

test('strict decoding: unknown fields anywhere are errors with a hint', () => {
  const { errors } = readWith(networkPolicyKind, {
    ...netpol({
      podSelector: { matchLabel: { a: 'b' } },
      ingress: [{ form: [], ports: [{ prot: 'TCP' }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', exept: [] } }] }],
      polcyTypes: ['Ingress'],
    }),
    status: { conditions: [], phase: 'x' },
  });
  assert.equal(errorPaths(errors), [
    'spec.egress[0].to[0].ipBlock.exept',
    'spec.ingress[0].form',
    'spec.ingress[0].ports[0].prot',
    'spec.podSelector.matchLabel',
    'spec.polcyTypes',
    'status.phase',
  ]);
  assert.ok(errors.every((d) => d.code === 'unknown-field'));
});

test('an absent podSelector decodes as `{}` (a Go struct) with a warning; `{}` is valid and selects all', () => {
  const missing = readWith(networkPolicyKind, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'a', namespace: 'b' }, spec: { ingress: [] } });
  assert.equal(missing.errors, []);
  assert.equal(missing.value!.podSelector, { matchLabels: {}, matchExpressions: [] });
  assert.equal(missing.diagnostics.map((d) => [d.code, d.severity, d.path]), [['missing-field', 'warning', 'spec.podSelector']]);
  const noSpec = readWith(networkPolicyKind, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'a', namespace: 'b' } });
  assert.equal(errorPaths(noSpec.errors), ['spec']);
  const empty = readWith(networkPolicyKind, netpol({}));
  assert.equal(empty.errors, []);
  assert.equal(empty.value!.podSelector, { matchLabels: {}, matchExpressions: [] });
});

test('metadata: name a DNS subdomain, namespace a DNS label, missing namespace defaulted', () => {
  const bad = readWith(networkPolicyKind, { ...netpol({}), metadata: { name: 'Bad_Name', namespace: 'a.b' } });
  assert.equal(errorPaths(bad.errors), ['metadata.name', 'metadata.namespace']);
  const noNs = readWith(networkPolicyKind, { ...netpol({}), metadata: { name: 'x' } });
  assert.equal(noNs.errors, []);
  assert.is(noNs.value!.namespace, 'default');
  assert.ok(noNs.diagnostics.some((d) => d.code === 'missing-namespace' && d.severity === 'info'));
});

test('ports: protocol default, case hint, quoted numbers, named ports, endPort', () => {
  const read = (ports: unknown[]) => readWith(networkPolicyKind, netpol({ ingress: [{ ports }] }));
  const ok = read([{ port: 53, protocol: 'UDP' }, { port: 'dns-tcp' }, { port: 1, endPort: 65535 }, {}]);
  assert.equal(ok.errors, []);
  assert.equal(ok.value!.ingress[0]!.ports.map((p) => [p.protocol, p.port, p.endPort]), [
    ['UDP', 53, undefined], ['TCP', 'dns-tcp', undefined], ['TCP', 1, 65535], ['TCP', undefined, undefined],
  ]);
  const lower = read([{ protocol: 'tcp' }]);
  assert.is(lower.errors[0]!.hint, 'protocols are upper case: did you mean `TCP`?');
  const quoted = read([{ port: '80' }]);
  assert.equal(errorPaths(quoted.errors), ['spec.ingress[0].ports[0].port']);
  assert.match(quoted.errors[0]!.hint!, 'without quotes');
  for (const bad of ['a--b', '-ab', 'abcdefghijklmnop', 'HTTP', '8080']) {
    assert.equal(errorPaths(read([{ port: bad }]).errors), ['spec.ingress[0].ports[0].port'], bad);
  }
  assert.equal(errorPaths(read([{ port: 0 }]).errors), ['spec.ingress[0].ports[0].port']);
  assert.equal(errorPaths(read([{ port: 80, endPort: 'x' }]).errors), ['spec.ingress[0].ports[0].endPort']);
});

test('ipBlock: family mismatch, missing cidr, legacy forms only without strictCidr', () => {
  const read = (ipBlock: unknown, strictCidr = true) =>
    readWith(makeNetworkPolicyKind({ strictCidr }), netpol({ egress: [{ to: [{ ipBlock }] }] }));
  const mixed = read({ cidr: '10.0.0.0/8', except: ['fd00::/64'] });
  assert.equal(mixed.errors.map((d) => d.message), ['except `fd00::/64` is IPv6 but cidr `10.0.0.0/8` is IPv4']);
  assert.equal(errorPaths(read({ except: ['10.0.0.0/8'] }).errors), ['spec.egress[0].to[0].ipBlock.cidr']);
  const legacy = { cidr: '010.0.0.0/8', except: ['10.1.2.3/16'] };
  assert.equal(errorPaths(read(legacy).errors), ['spec.egress[0].to[0].ipBlock.cidr', 'spec.egress[0].to[0].ipBlock.except[0]']);
  const lenient = read(legacy, false);
  assert.equal(lenient.errors, []);
  const peer = lenient.value!.egress[0]!.peers[0]!;
  assert.ok(peer.type === 'ipBlock' && peer.ipBlock.exceptNets[0]!.addr === 0x0a010000n);
});

test('a malformed peer field is reported once, as malformed', () => {
  const { errors } = readWith(networkPolicyKind, netpol({ ingress: [{ from: [{ podSelector: [{ matchLabels: { a: 'b' } }] }] }] }));
  assert.equal(errors.map((d) => [d.code, d.path]), [['wrong-type', 'spec.ingress[0].from[0].podSelector']]);
});

test('label selectors in peers: operators and values', () => {
  const read = (expr: unknown) =>
    readWith(networkPolicyKind, netpol({ ingress: [{ from: [{ podSelector: { matchExpressions: [expr] } }] }] }));
  const at = 'spec.ingress[0].from[0].podSelector.matchExpressions[0]';
  assert.equal(read({ key: 'a', operator: 'Exists' }).errors, []);
  assert.equal(errorPaths(read({ key: 'a', operator: 'In' }).errors), [`${at}.values`]);
  assert.equal(errorPaths(read({ key: 'a', operator: 'NotIn', values: [] }).errors), [`${at}.values`]);
  assert.equal(errorPaths(read({ key: 'a', operator: 'DoesNotExist', values: ['x'] }).errors), [`${at}.values`]);
  assert.equal(errorPaths(read({ key: 'a', operator: 'Gt', values: ['1'] }).errors), [`${at}.operator`]);
  assert.equal(errorPaths(read({ operator: 'Exists' }).errors), [`${at}.key`]);
  assert.equal(errorPaths(read({ key: 'a', operator: 'In', values: ['bad value'] }).errors), [`${at}.values[0]`]);
  const lenient = readWith(makeNetworkPolicyKind({ allowInvalidLabelValueInSelector: true }),
    netpol({ podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['bad value'] }] } }));
  assert.equal(lenient.errors, []);
});

test.run();
