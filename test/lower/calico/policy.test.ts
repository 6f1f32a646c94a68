/**
 * Calico policies and tiers, lowered and evaluated: tier order and default action, policy order
 * and name ties, `types`, subjects of namespaced and global policies, the actions, and the
 * policy-level fields netpolc does not model.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_TIER } from '../../../src/ir/build.js';
import { calico, docs, expectVerdicts, lowerText, ns, pod, policyNamed, programOf, wep } from './helpers.js';

const PODS = docs(
  ns('a', { team: 'red' }),
  ns('b', { team: 'blue' }),
  pod('a', 'web', { app: 'web' }, '10.0.0.1'),
  pod('a', 'db', { app: 'db' }, '10.0.0.2'),
  pod('b', 'web', { app: 'web' }, '10.0.1.1'),
  pod('b', 'db', { app: 'db' }, '10.0.1.2'),
);

test('a Calico policy with a lower order than 1000 runs before Kubernetes policies of tier default', () => {
  const k8s = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: a}
spec: {podSelector: {}, ingress: [{}]}
`;
  const deny = (order: number) => calico('NetworkPolicy', 'deny-web', {
    order, selector: "app == 'db'", ingress: [{ action: 'Deny', source: { selector: "app == 'web'" } }],
  }, 'a');
  expectVerdicts(programOf(docs(PODS, k8s, deny(500))), [['a/web -> a/db tcp 80', 'deny'], ['b/web -> a/db tcp 80', 'allow']]);
  expectVerdicts(programOf(docs(PODS, k8s, deny(2000))), [['a/web -> a/db tcp 80', 'allow']]);
  const p = programOf(docs(PODS, k8s, deny(500)));
  const tier = p.tiers.find((t) => t.name === DEFAULT_TIER.name)!;
  assert.equal(tier.policies.map((x) => [x.name, x.order]), [['a/deny-web', 500], ['a/knp.default.allow-all', 1000]]);
});

test('equal orders sort by the name Felix sorts by: `<ns>/<name>` for namespaced, `<name>` for global', () => {
  const p = programOf(docs(PODS,
    calico('NetworkPolicy', 'a-deny', { order: 10, selector: "app == 'db'", ingress: [{ action: 'Deny' }] }, 'a'),
    calico('GlobalNetworkPolicy', 'b-allow', { order: 10, selector: "app == 'db'", ingress: [{ action: 'Allow' }] })));
  // `a/a-deny` < `b-allow`: the namespaced deny runs first.
  expectVerdicts(p, [['a/web -> a/db tcp 80', 'deny'], ['a/web -> b/db tcp 80', 'allow']]);
  assert.equal(policyNamed(p, 'a/a-deny').origin.name, 'a/a-deny');
  assert.is(policyNamed(p, 'b-allow').origin.kind, 'GlobalNetworkPolicy');
});

test('a missing order sorts after every number', () => {
  const p = programOf(docs(PODS,
    calico('GlobalNetworkPolicy', 'aaa-no-order', { selector: "app == 'db'", ingress: [{ action: 'Deny' }] }),
    calico('GlobalNetworkPolicy', 'zzz-ordered', { order: 99999, selector: "app == 'db'", ingress: [{ action: 'Allow' }] })));
  assert.is(policyNamed(p, 'aaa-no-order').order, null);
  expectVerdicts(p, [['a/web -> a/db tcp 80', 'allow']]);
});

test('Pass leaves the tier; the next tier that applies decides, and end of tier denies', () => {
  const p = programOf(docs(PODS,
    calico('Tier', 'security', { order: 100 }),
    calico('GlobalNetworkPolicy', 'security.gate', {
      tier: 'security', selector: "app == 'db'",
      ingress: [{ action: 'Pass', source: { selector: "app == 'web'" } }, { action: 'Deny' }],
    }),
    calico('NetworkPolicy', 'db', { selector: "app == 'db'", ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [5432] } }] }, 'a')));
  expectVerdicts(p, [
    ['a/web -> a/db tcp 5432', 'allow'], // passed, then allowed in tier default
    ['a/web -> a/db tcp 80', 'deny'], // passed, then end of tier default
    ['a/db -> a/db tcp 5432', 'deny'], // not passed: tier security denies
    ['a/web -> b/db tcp 80', 'allow'], // passed; no policy of tier default selects b/db: final allow
  ]);
  const t = p.tiers.find((x) => x.name === 'security')!;
  assert.equal([t.order, t.defaultAction], [100, 'deny']);
});

test('a tier with defaultAction Pass hands unmatched traffic on instead of dropping it', () => {
  const tierDoc = (action: string) => calico('Tier', 'platform', { order: 10, defaultAction: action });
  const gnp = calico('GlobalNetworkPolicy', 'platform.block-b', {
    tier: 'platform', selector: "app == 'db'",
    ingress: [{ action: 'Deny', source: { namespaceSelector: "team == 'blue'" } }],
  });
  expectVerdicts(programOf(docs(PODS, tierDoc('Pass'), gnp)), [['b/web -> a/db tcp 80', 'deny'], ['a/web -> a/db tcp 80', 'allow']]);
  expectVerdicts(programOf(docs(PODS, tierDoc('Deny'), gnp)), [['b/web -> a/db tcp 80', 'deny'], ['a/web -> a/db tcp 80', 'deny']]);
});

test('a tier without order sorts after the ordered ones', () => {
  const p = programOf(docs(PODS,
    calico('Tier', 'late', {}),
    calico('Tier', 'early', { order: 5 }),
    calico('GlobalNetworkPolicy', 'late.allow', { tier: 'late', selector: 'all()', ingress: [{ action: 'Allow' }] }),
    calico('GlobalNetworkPolicy', 'early.deny', { tier: 'early', selector: 'all()', ingress: [{ action: 'Deny' }] })));
  assert.is(p.tiers.find((t) => t.name === 'late')!.order, null);
  expectVerdicts(p, [['a/web -> a/db tcp 80', 'deny']]);
});

test('Log records and goes on to the next rule', () => {
  const p = programOf(docs(PODS, calico('GlobalNetworkPolicy', 'logged', {
    selector: "app == 'db'", ingress: [{ action: 'Log' }, { action: 'Allow', source: { selector: "app == 'web'" } }],
  })));
  expectVerdicts(p, [['a/web -> a/db tcp 80', 'allow'], ['a/db -> b/db tcp 80', 'deny']]);
});

test('types: egress rules only give [egress]; the written types win over the rules present', () => {
  const p = programOf(docs(PODS,
    calico('GlobalNetworkPolicy', 'egress-only', { selector: "app == 'web'", egress: [{ action: 'Deny', destination: { selector: "app == 'db'" } }] }),
    calico('GlobalNetworkPolicy', 'typed', { selector: "app == 'db'", types: ['Ingress', 'Egress'], ingress: [{ action: 'Allow' }] })));
  assert.equal(policyNamed(p, 'egress-only').types, ['egress']);
  assert.equal(policyNamed(p, 'typed').types, ['ingress', 'egress']);
  expectVerdicts(p, [
    ['a/web -> a/db tcp 80', 'deny'], // web's egress
    ['a/db -> a/web tcp 80', 'deny'], // db isolated for egress by `typed`, no egress rule
    ['a/web -> 8.8.8.8 tcp 53', 'deny'], // web isolated for egress: end of tier
    ['8.8.8.8 -> a/web tcp 80', 'allow'], // but not for ingress
  ]);
});

test('a namespaced policy selects pods of its namespace only; a global one across namespaces', () => {
  const np = calico('NetworkPolicy', 'deny', { selector: "app == 'db'", ingress: [{ action: 'Deny' }] }, 'a');
  expectVerdicts(programOf(docs(PODS, np)), [['a/web -> a/db tcp 80', 'deny'], ['a/web -> b/db tcp 80', 'allow']]);
  const gnp = calico('GlobalNetworkPolicy', 'deny', { selector: "app == 'db'", ingress: [{ action: 'Deny' }] });
  expectVerdicts(programOf(docs(PODS, gnp)), [['a/web -> a/db tcp 80', 'deny'], ['a/web -> b/db tcp 80', 'deny']]);
  const scoped = calico('GlobalNetworkPolicy', 'deny', { selector: "app == 'db'", namespaceSelector: "team == 'blue'", ingress: [{ action: 'Deny' }] });
  expectVerdicts(programOf(docs(PODS, scoped)), [['a/web -> a/db tcp 80', 'allow'], ['a/web -> b/db tcp 80', 'deny']]);
});

test('a global serviceAccountSelector selects only pods that have a service account', () => {
  const p = programOf(docs(
    wep('a', 'with-sa', '10.0.2.1', { labels: { app: 'x' }, sa: 'builder' }),
    wep('a', 'no-sa', '10.0.2.2', { labels: { app: 'x' }, extra: { serviceAccountName: undefined } }),
    calico('GlobalNetworkPolicy', 'sa', { selector: 'all()', serviceAccountSelector: 'all()', ingress: [{ action: 'Deny' }] })));
  // Calico rewrites `all()` to `has(projectcalico.org/serviceaccount)` in this policy.
  expectVerdicts(p, [['a/no-sa -> a/with-sa tcp 1', 'deny'], ['a/with-sa -> a/no-sa tcp 1', 'allow']]);
});

test('doNotTrack and preDNAT make the policy unknown; applyOnForward alone changes nothing at pods', () => {
  const base = { selector: "app == 'db'", ingress: [{ action: 'Allow' }] };
  const r = lowerText(docs(PODS, calico('GlobalNetworkPolicy', 'untracked', { ...base, doNotTrack: true, applyOnForward: true })));
  assert.equal(policyNamed(r.value, 'untracked').unknown.length, 1);
  expectVerdicts(r.value, [['a/web -> a/db tcp 80', 'unknown'], ['a/db -> a/web tcp 80', 'allow']]);
  const fwd = programOf(docs(PODS, calico('GlobalNetworkPolicy', 'fwd', { ...base, applyOnForward: true })));
  assert.equal(policyNamed(fwd, 'fwd').unknown, []);
  expectVerdicts(fwd, [['a/web -> a/db tcp 80', 'allow']]);
});

test('rules keep their provenance: file, line, rule index and field path', () => {
  const p = programOf(docs(PODS, calico('GlobalNetworkPolicy', 'prov', { selector: 'all()', egress: [{ action: 'Allow' }, { action: 'Deny' }] })));
  const pol = policyNamed(p, 'prov');
  assert.is(pol.origin.file, 'in.yaml');
  assert.ok(pol.origin.line > 1);
  assert.equal(pol.egress.map((r) => [r.origin.index, r.origin.path, r.origin.kind, r.origin.name]), [
    [0, 'spec.egress[0]', 'GlobalNetworkPolicy', 'prov'],
    [1, 'spec.egress[1]', 'GlobalNetworkPolicy', 'prov'],
  ]);
});

test.run();
