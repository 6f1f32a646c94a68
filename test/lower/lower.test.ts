import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/commands/compile.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { ADMIN_TIER, BASELINE_TIER, DEFAULT_TIER, origin, policy } from '../../src/ir/build.js';
import { parseIr } from '../../src/ir/parse.js';
import { printIr } from '../../src/ir/print.js';
import { ALL } from '../../src/selector/index.js';
import { lower, mergeTiers, placePolicies } from '../../src/lower/lower.js';
import type { LoweredPolicy } from '../../src/lower/types.js';
import { codes, DOC, lowerText, pod } from './helpers.js';

const K8S_NP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {role: fe}}}, {ipBlock: {cidr: 192.0.2.0/24, except: [192.0.2.0/28]}}]
    ports: [{port: http}, {port: 8000, endPort: 8100}]
`;
const CALICO_NP = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: prod}
spec:
  selector: app == 'web'
  ingress: [{action: Allow}]
`;
const tierDoc = (name: string, spec: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: ${name}}\nspec: ${spec}\n`;

test('no input: the default tier, an empty snapshot, final allow', () => {
  const { value, diagnostics } = lower([]);
  assert.equal(diagnostics, []);
  assert.is(printIr(value), 'snapshot {\n}\ntier "default" order 1000000 default deny {}\nfinal allow\n');
});

test('Kubernetes and Calico `NetworkPolicy` are told apart by API group', () => {
  const { value } = lowerText(K8S_NP + DOC + CALICO_NP);
  const knp = value.tiers.flatMap((t) => t.policies).filter((p) => p.name.startsWith('prod/knp.default.'));
  assert.equal(knp.map((p) => p.name), ['prod/knp.default.web']);
  assert.equal(knp[0]!.origin, origin('in.yaml', 1, 1, 'NetworkPolicy', 'prod/web'));
});

test('the lowered program prints and parses back to itself', () => {
  const text = [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {team: a}}\n',
    pod('prod', 'web-1', { app: 'web' }, '10.0.0.5'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: fe, namespace: prod}\nspec:\n  selector: {}\n  template:\n    metadata: {labels: {role: fe}}\n    spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}\n',
    K8S_NP,
  ].join(DOC);
  const { value, diagnostics } = lowerText(text);
  assert.equal(diagnostics, []);
  const printed = printIr(value);
  const back = parseIr(printed);
  assert.equal(back.diagnostics, []);
  assert.equal(back.value, value);
});

test('deterministic: shuffled documents give the same IR text', () => {
  const docs = [
    pod('b', 'x', { app: 'web' }, '10.0.0.1'),
    K8S_NP,
    pod('a', 'y', {}, '10.0.0.2'),
    K8S_NP.replace('name: web, namespace: prod', 'name: aaa, namespace: prod'),
    K8S_NP.replace('namespace: prod', 'namespace: other'),
  ];
  const one = printIr(lowerText(docs.join(DOC)).value);
  const two = printIr(lowerText([...docs].reverse().join(DOC)).value);
  // Provenance lines differ with the order of documents in the file; everything else must not.
  const strip = (s: string) => s.replace(/@ .*$/gm, '@');
  assert.is(strip(two), strip(one));
  assert.match(one, /policy "other\/knp.default.web"[^]*policy "prod\/knp.default.aaa"[^]*policy "prod\/knp.default.web"/);
});

test('a Calico Tier may restate a fixed tier but not change it', () => {
  const same = lowerText(tierDoc('default', '{order: 1000000, defaultAction: Deny}'));
  assert.equal(codes(same.diagnostics), []);
  const changed = lowerText(
    tierDoc('adminnetworkpolicy', '{order: 5}') + DOC + tierDoc('baselineadminnetworkpolicy', '{defaultAction: Deny}'),
  );
  assert.equal(codes(changed.diagnostics), ['reserved-tier', 'reserved-tier']);
  assert.ok(changed.diagnostics.every((d) => d.severity === 'error'));
  assert.equal(changed.diagnostics.map((d) => [d.line, d.path]), [[1, 'spec.order'], [6, 'spec.defaultAction']]);
  assert.match(changed.diagnostics[0]!.message, 'tier `adminnetworkpolicy` is fixed at order 1000');
});

test('mergeTiers: default always; fixed names keep fixed values; a Tier resource declares its tier', () => {
  const reported: Diagnostic[] = [];
  const tiers = mergeTiers(
    [{ name: ADMIN_TIER.name, order: 7, defaultAction: 'deny' }, { name: 'platform', order: 10, defaultAction: 'pass' }],
    [],
    (d) => reported.push(d),
  );
  assert.equal([...tiers.values()], [
    { ...DEFAULT_TIER },
    { ...ADMIN_TIER },
    { name: 'platform', order: 10, defaultAction: 'pass' },
  ]);
  assert.equal(reported, [], 'only a Tier resource is reported, at its position');
  const fromResources = lowerText(tierDoc('security', '{order: 100, defaultAction: Pass}') + DOC + tierDoc('later', '{}')).value;
  assert.equal(
    fromResources.tiers.map((t) => [t.name, t.order, t.defaultAction]),
    [['security', 100, 'pass'], ['default', 1_000_000, 'deny'], ['later', null, 'deny']],
  );
  assert.ok(BASELINE_TIER.order! > DEFAULT_TIER.order!);
});

function lp(tier: string, name: string, line: number): LoweredPolicy {
  return {
    tier,
    policy: policy({ name, types: ['ingress'], subject: { selector: ALL }, origin: origin('p.yaml', line, 1, 'NetworkPolicy', name) }),
  };
}

test('placePolicies: a policy of an undeclared tier is dropped with an error; a repeated name keeps the first', () => {
  const reported: Diagnostic[] = [];
  const tiers = new Map([[DEFAULT_TIER.name, { ...DEFAULT_TIER }]]);
  const placed = placePolicies([lp('default', 'a', 1), lp('security', 'b', 2), lp('default', 'a', 3), lp('default', 'c', 4)], tiers, (d) => reported.push(d));
  assert.equal([...placed.keys()], ['default']);
  assert.equal(placed.get('default')!.map((p) => `${p.name}@${p.origin.line}`), ['a@1', 'c@4']);
  assert.equal(reported.map((d) => [d.code, d.severity, d.line, d.path]), [
    ['tier-not-found', 'error', 2, 'spec.tier'],
    ['duplicate-policy', 'warning', 3, ''],
  ]);
  assert.match(reported[0]!.message, 'tier `security`, which no `Tier` declares');
});

test('ipBlockScope reaches the Kubernetes lowering; the default is `any`', () => {
  const scopes = (opts: Parameters<typeof lowerText>[1]) =>
    lowerText(K8S_NP, opts).value.tiers.flatMap((t) => t.policies).flatMap((p) => p.ingress).flatMap((r) => (r.src.nets ? [r.src.nets.scope] : []));
  assert.equal(scopes({}), ['any']);
  assert.equal(scopes({ ipBlockScope: 'external' }), ['external']);
});

test('compile --emit ir: the printed program, with every stage\'s diagnostics sorted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'netpolc-compile-'));
  try {
    const file = join(dir, 'in.yaml');
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' + DOC + pod('prod', 'web', { app: 'web' }, '10.0.0.1', 'hostNetwork: true') + DOC + K8S_NP;
    writeFileSync(file, text);
    const r = await compile([file], { emit: 'ir' });
    assert.is(r.output, printIr(r.program));
    assert.match(r.output, /^snapshot \{\n  namespace "prod"/);
    assert.match(r.output, 'policy "prod/knp.default.web" order 1000');
    assert.equal(codes(r.diagnostics), ['unknown-kind', 'endpoint-note']);
    assert.equal(r.diagnostics.map((d) => d.line), [2, 5]);
    assert.is(r.texts.get(file), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
