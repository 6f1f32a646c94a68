/**
 * One failing case per validation rule of the Calico kinds, each asserting the code and the field
 * path of the diagnostic (and that the document is rejected when the rule is an error).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codesAt, errors, gnp, np, readPlain } from './helpers.js';

const API = 'projectcalico.org/v3';
const ing = (rule: Record<string, unknown>) => gnp({ ingress: [rule] });
const egr = (rule: Record<string, unknown>) => gnp({ egress: [rule] });

/** [what, document, diagnostics that must be present as `code@path`]. */
const CASES: [string, unknown, string[]][] = [
  // ── rules ──
  ['action is required', ing({ protocol: 'TCP' }), ['missing-field@spec.ingress[0].action']],
  ['action must be a Calico action', ing({ action: 'ALLOW' }), ['invalid-action@spec.ingress[0].action']],
  ['protocol names are case-sensitive', ing({ action: 'Allow', protocol: 'tcp' }), ['invalid-protocol@spec.ingress[0].protocol']],
  ['protocol 0 is not a protocol', ing({ action: 'Allow', protocol: 0 }), ['invalid-protocol@spec.ingress[0].protocol']],
  ['protocol numbers stop at 255', ing({ action: 'Allow', notProtocol: 256 }), ['invalid-protocol@spec.ingress[0].notProtocol']],
  ['unknown protocol name', ing({ action: 'Allow', protocol: 'HTTP' }), ['invalid-protocol@spec.ingress[0].protocol']],
  ['ipVersion is 4 or 6', ing({ action: 'Allow', ipVersion: 5 }), ['invalid-value@spec.ingress[0].ipVersion']],
  ['ICMP type is at most 254', ing({ action: 'Allow', protocol: 'ICMP', icmp: { type: 255 } }), ['invalid-value@spec.ingress[0].icmp.type']],
  ['ICMP code is at most 255', ing({ action: 'Allow', protocol: 'ICMP', icmp: { type: 3, code: 256 } }), ['invalid-value@spec.ingress[0].icmp.code']],
  ['ICMP code needs a type', ing({ action: 'Allow', protocol: 'ICMP', notICMP: { code: 1 } }), ['invalid-value@spec.ingress[0].notICMP.code']],
  ['icmp needs protocol ICMP or ICMPv6', ing({ action: 'Allow', protocol: 'TCP', icmp: { type: 8 } }), ['invalid-value@spec.ingress[0].icmp']],
  ['ICMP goes with ipVersion 4', ing({ action: 'Allow', protocol: 'ICMP', ipVersion: 6 }), ['invalid-value@spec.ingress[0].ipVersion']],
  ['ICMPv6 goes with ipVersion 6', ing({ action: 'Allow', notProtocol: 'ICMPv6', ipVersion: 4 }), ['invalid-value@spec.ingress[0].ipVersion']],
  ['ports need a protocol', ing({ action: 'Allow', destination: { ports: [80] } }), ['invalid-value@spec.ingress[0].destination.ports']],
  ['ports need a protocol with ports', egr({ action: 'Allow', protocol: 'ICMP', source: { notPorts: [80] } }), ['invalid-value@spec.egress[0].source.notPorts']],
  ['port 0 is out of range', ing({ action: 'Allow', protocol: 'TCP', destination: { ports: [0] } }), ['invalid-port@spec.ingress[0].destination.ports[0]']],
  ['port 70000 is out of range', ing({ action: 'Allow', protocol: 'TCP', destination: { ports: [70000] } }), ['invalid-port@spec.ingress[0].destination.ports[0]']],
  ['a range is written with a colon', ing({ action: 'Allow', protocol: 'TCP', destination: { ports: ['80-90'] } }), ['invalid-port@spec.ingress[0].destination.ports[0]']],
  ['a range runs upwards', ing({ action: 'Allow', protocol: 'TCP', destination: { ports: ['90:80'] } }), ['invalid-port-range@spec.ingress[0].destination.ports[0]']],
  ['range ends are ports', ing({ action: 'Allow', protocol: 'UDP', destination: { ports: ['1:65536'] } }), ['invalid-port-range@spec.ingress[0].destination.ports[0]']],
  ['named ports follow IANA_SVC_NAME', ing({ action: 'Allow', protocol: 'TCP', destination: { ports: ['Web_Port'] } }), ['invalid-port@spec.ingress[0].destination.ports[0]']],
  ['a port is not an object', ing({ action: 'Allow', protocol: 'UDP', destination: { ports: [{ port: 53 }] } }), ['wrong-type@spec.ingress[0].destination.ports[0]']],
  ['rule nets are masked', ing({ action: 'Allow', source: { nets: ['10.0.0.1/24'] } }), ['invalid-cidr@spec.ingress[0].source.nets[0]']],
  ['rule nets parse', ing({ action: 'Allow', source: { notNets: ['300.0.0.0/8'] } }), ['invalid-cidr@spec.ingress[0].source.notNets[0]']],
  ['legacy net is checked too', ing({ action: 'Allow', source: { net: '10.0.0.0/33' } }), ['invalid-cidr@spec.ingress[0].source.net']],
  ['a rule has one IP version', ing({ action: 'Allow', source: { nets: ['10.0.0.0/8'] }, destination: { nets: ['2001:db8::/32'] } }), ['invalid-value@spec.ingress[0].destination.nets']],
  ['CIDRs match ipVersion', ing({ action: 'Allow', ipVersion: 6, source: { nets: ['10.0.0.0/8'] } }), ['invalid-value@spec.ingress[0].source.nets']],
  ['global() not in a rule selector', ing({ action: 'Allow', source: { selector: 'global()' } }), ['invalid-selector@spec.ingress[0].source.selector']],
  ['global() alone in namespaceSelector', ing({ action: 'Allow', source: { namespaceSelector: 'global() && has(a)' } }), ['invalid-selector@spec.ingress[0].source.namespaceSelector']],
  ['global() not in the policy selector', gnp({ selector: 'global()' }), ['invalid-selector@spec.selector']],
  ['services exclude selectors', egr({ action: 'Allow', destination: { services: { name: 'db', namespace: 'x' }, selector: 'a == "b"' } }), ['invalid-value@spec.egress[0].destination.services']],
  ['services need a name', np({ egress: [{ action: 'Allow', destination: { services: { namespace: 'x' } } }] }), ['missing-field@spec.egress[0].destination.services.name']],
  ['no services in an egress source', np({ egress: [{ action: 'Allow', source: { services: { name: 'db' } } }] }), ['invalid-value@spec.egress[0].source.services']],
  ['no services in an ingress destination', np({ ingress: [{ action: 'Allow', destination: { services: { name: 'db' } } }] }), ['invalid-value@spec.ingress[0].destination.services']],
  ['no ports with destination services', np({ egress: [{ action: 'Allow', protocol: 'TCP', destination: { services: { name: 'db' }, ports: [80] } }] }), ['invalid-value@spec.egress[0].destination.ports']],
  ['global services need a namespace', egr({ action: 'Allow', destination: { services: { name: 'db' } } }), ['missing-field@spec.egress[0].destination.services.namespace']],
  ['http only on Allow', ing({ action: 'Deny', http: { methods: ['GET'] } }), ['invalid-value@spec.ingress[0].http']],
  ['http only with TCP', ing({ action: 'Allow', protocol: 'UDP', http: { methods: ['GET'] } }), ['invalid-value@spec.ingress[0].http']],
  ['http not on egress', egr({ action: 'Allow', http: { paths: [{ exact: '/a' }] } }), ['invalid-value@spec.egress[0].http']],
  ['http paths set exact or prefix', ing({ action: 'Allow', http: { paths: [{ exact: '/a', prefix: '/b' }] } }), ['invalid-value@spec.ingress[0].http.paths[0]']],
  ['http methods are unique', ing({ action: 'Allow', http: { methods: ['GET', 'GET'] } }), ['invalid-value@spec.ingress[0].http.methods']],
  ['unknown rule field, did you mean', ing({ action: 'Allow', protocl: 'TCP' }), ['unknown-field@spec.ingress[0].protocl']],
  ['Kubernetes from in a rule', ing({ action: 'Allow', from: [{ podSelector: {} }] }), ['unknown-field@spec.ingress[0].from']],
  ['Kubernetes ipBlock in an entity rule', ing({ action: 'Allow', source: { ipBlock: { cidr: '10.0.0.0/8' } } }), ['unknown-field@spec.ingress[0].source.ipBlock']],
  // ── policies ──
  ['order is a number, not a string', gnp({ order: '100' }), ['invalid-order@spec.order']],
  ['order is finite', gnp({ order: Infinity }), ['invalid-order@spec.order']],
  ['types are Ingress or Egress', gnp({ types: ['ingress'] }), ['invalid-value@spec.types[0]']],
  ['types are listed once', gnp({ types: ['Ingress', 'Ingress'] }), ['invalid-value@spec.types[1]']],
  ['preDNAT needs applyOnForward', gnp({ preDNAT: true }), ['invalid-value@spec.preDNAT']],
  ['doNotTrack needs applyOnForward', gnp({ doNotTrack: true }), ['invalid-value@spec.doNotTrack']],
  ['preDNAT and doNotTrack exclude each other', gnp({ preDNAT: true, doNotTrack: true, applyOnForward: true }), ['invalid-value@spec.preDNAT']],
  ['preDNAT has no egress rules', gnp({ preDNAT: true, applyOnForward: true, egress: [{ action: 'Allow' }] }), ['invalid-value@spec.egress']],
  ['preDNAT has no Egress type', gnp({ preDNAT: true, applyOnForward: true, types: ['Egress'] }), ['invalid-value@spec.types']],
  ['performance hints are known', gnp({ performanceHints: ['Fast'] }), ['invalid-value@spec.performanceHints[0]']],
  ['a namespaced policy has no namespaceSelector', np({ namespaceSelector: 'all()' }), ['unknown-field@spec.namespaceSelector']],
  ['Kubernetes podSelector in a spec', np({ podSelector: {} }), ['unknown-field@spec.podSelector']],
  ['a namespaced policy name has at most one dot', np({}, 'a.b.c'), ['invalid-name@metadata.name']],
  ['a global policy name is lowercase', gnp({}, 'Allow-All'), ['invalid-name@metadata.name']],
  ['a tier name is a valid name', gnp({ tier: 'Sec_Tier' }), ['invalid-name@spec.tier']],
  ['selector is a string', gnp({ selector: 42 }), ['wrong-type@spec.selector']],
  ['selector syntax', np({ selector: 'app = "x"' }), ['invalid-selector@spec.selector']],
  // ── other kinds ──
  ['tier names have no dots', { apiVersion: API, kind: 'Tier', metadata: { name: 'a.b' }, spec: {} }, ['invalid-name@metadata.name']],
  ['the default tier has order 1000000', { apiVersion: API, kind: 'Tier', metadata: { name: 'default' }, spec: { order: 5 } }, ['invalid-order@spec.order']],
  ['tier default action is Deny or Pass', { apiVersion: API, kind: 'Tier', metadata: { name: 't' }, spec: { defaultAction: 'Allow' } }, ['invalid-action@spec.defaultAction']],
  ['network sets cannot set the namespace label', { apiVersion: API, kind: 'NetworkSet', metadata: { name: 'n', namespace: 'a', labels: { 'projectcalico.org/namespace': 'b' } }, spec: {} }, ['invalid-label-key@metadata.labels.projectcalico.org/namespace']],
  ['network set nets parse', { apiVersion: API, kind: 'GlobalNetworkSet', metadata: { name: 'n' }, spec: { nets: ['10.0.0.0/40'] } }, ['invalid-cidr@spec.nets[0]']],
  ['a profile has no types', { apiVersion: API, kind: 'Profile', metadata: { name: 'p' }, spec: { types: ['Ingress'], ingress: [{ action: 'Allow' }] } }, ['unknown-field@spec.types']],
  ['a host endpoint needs a node', { apiVersion: API, kind: 'HostEndpoint', metadata: { name: 'h' }, spec: { interfaceName: 'eth0' } }, ['missing-field@spec.node']],
  ['a host endpoint needs an interface or IPs', { apiVersion: API, kind: 'HostEndpoint', metadata: { name: 'h' }, spec: { node: 'n' } }, ['missing-field@spec.interfaceName']],
  ['expectedIPs are addresses', { apiVersion: API, kind: 'HostEndpoint', metadata: { name: 'h' }, spec: { node: 'n', expectedIPs: ['10.0.0.0/8'] } }, ['invalid-cidr@spec.expectedIPs[0]']],
  ['endpoint ports need a port protocol', { apiVersion: API, kind: 'HostEndpoint', metadata: { name: 'h' }, spec: { node: 'n', interfaceName: '*', ports: [{ name: 'p', port: 1, protocol: 'ICMP' }] } }, ['invalid-protocol@spec.ports[0].protocol']],
  ['workload networks are single addresses', { apiVersion: API, kind: 'WorkloadEndpoint', metadata: { name: 'w', namespace: 'a' }, spec: { interfaceName: 'cali1', ipNetworks: ['10.0.0.0/24'] } }, ['invalid-cidr@spec.ipNetworks[0]']],
  ['workload interfaceName is required', { apiVersion: API, kind: 'WorkloadEndpoint', metadata: { name: 'w', namespace: 'a' }, spec: { pod: 'x' } }, ['missing-field@spec.interfaceName']],
  ['workload port needs a name or hostPort', { apiVersion: API, kind: 'WorkloadEndpoint', metadata: { name: 'w', namespace: 'a' }, spec: { interfaceName: 'c', ports: [{ port: 80, protocol: 'TCP' }] } }, ['missing-field@spec.ports[0].name']],
  ['containerID is a string', { apiVersion: API, kind: 'WorkloadEndpoint', metadata: { name: 'w', namespace: 'a' }, spec: { interfaceName: 'c', containerID: 1337 } }, ['wrong-type@spec.containerID']],
];

for (const [what, doc, expected] of CASES) {
  test(what, () => {
    const { resource, diagnostics } = readPlain(doc);
    const got = codesAt(diagnostics);
    for (const e of expected) assert.ok(got.includes(e), `expected ${e}, got ${JSON.stringify(got)}`);
    assert.ok(errors(diagnostics).length > 0);
    // A name's syntax does not change meaning: the error stands, but the document is kept.
    if (expected.every((e) => e.startsWith('invalid-name@'))) assert.ok(resource, 'a badly named document is kept for analysis');
    else assert.is(resource, undefined, 'a document with an error is rejected');
  });
}

test('hints name the fix', () => {
  const hintOf = (doc: unknown, path: string) => readPlain(doc).diagnostics.find((d) => d.path === path)?.hint ?? '';
  assert.match(hintOf(ing({ action: 'ALLOW' }), 'spec.ingress[0].action'), 'did you mean `Allow`?');
  assert.match(hintOf(ing({ action: 'Allow', protocol: 'tcp' }), 'spec.ingress[0].protocol'), 'did you mean `TCP`?');
  assert.match(hintOf(ing({ action: 'Allow', protocl: 'TCP' }), 'spec.ingress[0].protocl'), 'did you mean `protocol`?');
  assert.match(hintOf(ing({ action: 'Allow', protocol: 'TCP', destination: { ports: ['80-90'] } }), 'spec.ingress[0].destination.ports[0]'), '`"80:90"`');
  assert.match(hintOf(ing({ action: 'Allow', protocol: 'TCP', destination: { ports: ['90:80'] } }), 'spec.ingress[0].destination.ports[0]'), '`80:90`');
  assert.match(hintOf(ing({ action: 'Allow', from: [] }), 'spec.ingress[0].from'), '`source`');
  assert.match(hintOf(gnp({ order: '100' }), 'spec.order'), '`order: 100`');
  assert.match(hintOf(gnp({ types: ['egress'] }), 'spec.types[0]'), 'did you mean `Egress`?');
  assert.match(hintOf(ing({ action: 'Allow', source: { nets: ['10.0.0.1/24'] } }), 'spec.ingress[0].source.nets[0]'), '`10.0.0.0/24`');
  assert.match(hintOf(np({ policyTypes: ['Ingress'] }), 'spec.policyTypes'), '`types`');
  assert.is(hintOf(gnp({}, 'Allow_All'), 'metadata.name'), 'did you mean `allow-all`?');
  assert.is(readPlain(np({}, 'a.b.c')).diagnostics[0]!.message, 'name `a.b.c` is not a valid NetworkPolicy name: it has more than one `.` (only `<tier>.<name>` is allowed)');
});

test('warnings alone do not reject a document', () => {
  const { resource, diagnostics } = readPlain({ apiVersion: API, kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: {} });
  assert.ok(resource);
  assert.equal(codesAt(diagnostics), ['missing-namespace@metadata.namespace']);
});

test.run();
