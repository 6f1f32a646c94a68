/**
 * The shape of what `lowerNpapi` returns: tier declarations, names, orders, types, rule
 * provenance, and that the program it makes prints and parses back unchanged.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_TIER, BASELINE_TIER } from '../../../src/ir/build.js';
import { parseIr, printIr } from '../../../src/ir/index.js';
import { lowerNpapi } from '../../../src/lower/npapi/index.js';
import { DEFAULT_LOWER_OPTIONS } from '../../../src/lower/types.js';
import { assemble, lowered, npapi } from './helpers.js';

const ALL_KINDS = `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard}
spec:
  priority: 7
  subject: {namespaces: {matchLabels: {team: red}}}
  ingress:
  - name: from-blue
    action: Deny
    from:
    - namespaces: {matchLabels: {team: blue}}
    - pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: dns}}}
    ports:
    - portNumber: {protocol: TCP, port: 80}
    - portNumber: {protocol: UDP, port: 53}
    - portRange: {protocol: TCP, start: 8000, end: 8100}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{networks: [0.0.0.0/0]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: base}
spec:
  tier: Baseline
  priority: 3
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
  ingress:
  - action: Accept
    from: [{namespaces: {}}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: top}
spec:
  tier: Admin
  priority: 7
  subject: {namespaces: {}}
  egress:
  - action: Pass
    to: [{namespaces: {}}]
`;

test('tiers: admin kinds in ADMIN_TIER, baseline kinds in BASELINE_TIER, each declared once', () => {
  const l = lowered(ALL_KINDS);
  assert.equal(l.tiers, [
    { name: ADMIN_TIER.name, order: ADMIN_TIER.order, defaultAction: 'pass' },
    { name: BASELINE_TIER.name, order: BASELINE_TIER.order, defaultAction: 'pass' },
  ]);
  assert.equal(
    l.policies.map((p) => [p.tier, p.policy.name, p.policy.order, p.policy.types]),
    [
      ['adminnetworkpolicy', 'kanp.adminnetworkpolicy.guard', 7, ['ingress']],
      ['baselineadminnetworkpolicy', 'kbanp.baselineadminnetworkpolicy.default', null, ['egress']],
      ['baselineadminnetworkpolicy', 'kcnp.baselineadminnetworkpolicy.base', 3, ['ingress']],
      ['adminnetworkpolicy', 'kcnp.adminnetworkpolicy.top', 7, ['egress']],
    ],
  );
  assert.equal(l.endpoints, []);
  assert.equal(l.networkSets, []);
});

test('no network-policy-api resources: no tiers', () => {
  const l = lowerNpapi([], { options: DEFAULT_LOWER_OPTIONS, report: () => assert.unreachable() });
  assert.equal(l, { tiers: [], policies: [], endpoints: [], networkSets: [] });
});

test('only a baseline policy: only the baseline tier is declared', () => {
  const yaml = ALL_KINDS.split('---')[1]!;
  assert.equal(lowered(yaml).tiers.map((t) => t.name), [BASELINE_TIER.name]);
});

test('one IR rule per peer and protocol, each citing its peer', () => {
  const anp = lowered(ALL_KINDS).policies[0]!.policy;
  const rules = anp.ingress;
  // 2 peers × {TCP: 80, 8000-8100; UDP: 53}
  assert.is(rules.length, 4);
  assert.equal(rules.map((r) => [r.action, r.protocol, r.dst.ports, r.origin.path, r.origin.index]), [
    ['deny', 6, [{ kind: 'range', from: 80, to: 80 }, { kind: 'range', from: 8000, to: 8100 }], 'spec.ingress[0].from[0]', 0],
    ['deny', 17, [{ kind: 'range', from: 53, to: 53 }], 'spec.ingress[0].from[0]', 0],
    ['deny', 6, [{ kind: 'range', from: 80, to: 80 }, { kind: 'range', from: 8000, to: 8100 }], 'spec.ingress[0].from[1]', 0],
    ['deny', 17, [{ kind: 'range', from: 53, to: 53 }], 'spec.ingress[0].from[1]', 0],
  ]);
  // Positions: the peer's line in t.yaml (the document starts on line 2 of the text).
  const o = rules[2]!.origin;
  assert.equal([o.file, o.line, o.kind, o.name], ['t.yaml', 13, 'AdminNetworkPolicy', 'guard']);
  assert.equal([anp.origin.file, anp.origin.line, anp.origin.kind, anp.origin.name], ['t.yaml', 2, 'AdminNetworkPolicy', 'guard']);
});

test('ingress peers go to src, egress peers to dst; ports always to dst', () => {
  const [anp, banp] = lowered(ALL_KINDS).policies.map((p) => p.policy);
  const r = anp!.ingress[0]!;
  assert.ok(r.src.namespace !== null && r.src.selector !== null, 'ingress peer on the source side');
  assert.is(r.dst.selector, null);
  assert.is(r.dst.namespace, null);
  const e = banp!.egress[0]!;
  assert.equal(e.dst.nets, { cidrs: ['0.0.0.0/0'], scope: 'any' });
  assert.equal(e.src.nets, null);
  assert.is(e.protocol, null, 'no ports: any protocol');
  assert.is(e.dst.ports, null);
});

test('subjects: namespaces → every pod of the namespaces; pods → both selectors', () => {
  const l = lowered(ALL_KINDS);
  const anp = l.policies[0]!.policy.subject;
  assert.equal(anp.selector, { op: 'all' });
  assert.equal(anp.namespace, { kind: 'selector', selector: { op: 'eq', key: 'team', value: 'red' } });
  const cnp = l.policies[2]!.policy.subject;
  assert.equal(cnp.selector, { op: 'eq', key: 'app', value: 'web' });
  assert.equal(cnp.namespace, { kind: 'selector', selector: { op: 'all' } });
  assert.is(cnp.serviceAccounts, null);
});

test('the lowered program prints and parses back to itself', () => {
  const p = assemble(lowered(ALL_KINDS));
  const text = printIr(p);
  const back = parseIr(text);
  assert.equal(back.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(back.value, p);
  assert.match(text, /policy "kanp\.adminnetworkpolicy\.guard" order 7 types \[ingress\]/);
});

test('lowering is a pure function of the resources: input order changes nothing', () => {
  const rs = npapi(ALL_KINDS);
  const ctx = { options: DEFAULT_LOWER_OPTIONS, report: () => assert.unreachable() };
  const a = assemble(lowerNpapi(rs, ctx));
  const b = assemble(lowerNpapi([...rs].reverse(), ctx));
  assert.equal(printIr(a), printIr(b));
});

test.run();
