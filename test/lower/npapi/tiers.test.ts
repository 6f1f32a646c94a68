/**
 * How the lowered kinds interact with each other and with NetworkPolicy, checked by evaluating
 * flows with the oracle (network-policy-api "AdminNetworkPolicy" / "BaselineAdminNetworkPolicy"
 * semantics, v1alpha2 `ClusterNetworkPolicySpec.tier`).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build, check, networkPolicy, verdict } from './helpers.js';

const anp = (name: string, priority: number, action: string, from: string, subject = '{namespaces: {matchLabels: {team: red}}}') => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: ${name}}
spec:
  priority: ${priority}
  subject: ${subject}
  ingress:
  - action: ${action}
    from: [${from}]
`;
const BLUE = '{namespaces: {matchLabels: {team: blue}}}';
const banp = (action: string, from: string) => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {team: red}}}
  ingress:
  - action: ${action}
    from: [${from}]
`;
const cnp = (name: string, tier: string, priority: number, action: string, from: string) => `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: {namespaces: {matchLabels: {team: red}}}
  ingress:
  - action: ${action}
    from: [${from}]
`;
const docs = (...xs: string[]) => xs.join('---');

/** red/web isolated for ingress, allowing red/db only. */
const npWebFromDb = networkPolicy('red', 'web', { app: 'web' }, 'ingress', [{ app: 'db' }]);

test('ANP Deny overrides a NetworkPolicy allow; ANP Allow overrides NetworkPolicy isolation', () => {
  const deny = build(anp('no-red', 5, 'Deny', '{namespaces: {matchLabels: {team: red}}}'), [npWebFromDb]);
  assert.is(verdict(deny, 'red/db', 'red/web'), 'deny', 'the NetworkPolicy allows it, the ANP denies it first');
  const allow = build(anp('blue-ok', 5, 'Allow', BLUE), [npWebFromDb]);
  assert.is(verdict(allow, 'blue/web', 'red/web'), 'allow', 'the NetworkPolicy would deny it');
  assert.is(verdict(allow, 'other/x', 'red/web'), 'deny', 'not matched by the ANP: the NetworkPolicy decides');
});

test('a pod selected by an ANP whose rules do not match continues to NetworkPolicy, and is not isolated without one', () => {
  const p = build(anp('blue-deny', 5, 'Deny', BLUE), [npWebFromDb]);
  assert.is(verdict(p, 'red/db', 'red/web'), 'allow');
  assert.is(verdict(p, 'other/x', 'red/web'), 'deny', 'the NetworkPolicy isolates red/web');
  assert.is(verdict(p, 'other/x', 'red/db'), 'allow', 'red/db: selected by the ANP, by no NetworkPolicy');
  const t = check(p, 'other/x', 'red/db').ingress;
  assert.equal(t.tiers.map((s) => [s.tier, s.applied, s.outcome]), [['adminnetworkpolicy', true, 'pass'], ['default', false, 'skipped']]);
  assert.equal(t.decision, { by: 'final', verdict: 'allow' });
});

test('ANP Pass skips the remaining ANPs: NetworkPolicy decides, else BANP, else allow', () => {
  const yaml = docs(anp('pass-blue', 1, 'Pass', BLUE), anp('deny-blue', 2, 'Deny', BLUE), banp('Deny', BLUE));
  const p = build(yaml, [networkPolicy('red', 'web', { app: 'web' }, 'ingress', [null])]);
  // red/web: a NetworkPolicy allows everything; the later ANP deny is skipped.
  assert.is(verdict(p, 'blue/web', 'red/web'), 'allow');
  // red/db: no NetworkPolicy selects it, so the BANP decides.
  assert.is(verdict(p, 'blue/web', 'red/db'), 'deny');
  const t = check(p, 'blue/web', 'red/db').ingress;
  assert.equal(t.tiers.map((s) => [s.tier, s.outcome]), [
    ['adminnetworkpolicy', 'pass'],
    ['default', 'skipped'],
    ['baselineadminnetworkpolicy', 'deny'],
  ]);
  // Without the BANP: the final allow.
  const noBanp = build(docs(anp('pass-blue', 1, 'Pass', BLUE), anp('deny-blue', 2, 'Deny', BLUE)));
  assert.is(verdict(noBanp, 'blue/web', 'red/db'), 'allow');
  // And a NetworkPolicy that isolates red/web without allowing blue denies it.
  const iso = build(yaml, [npWebFromDb]);
  assert.is(verdict(iso, 'blue/web', 'red/web'), 'deny');
});

test('ANP priority: the lower number decides, whatever the names or input order', () => {
  const lowFirst = build(docs(anp('zz-allow', 1, 'Allow', BLUE), anp('aa-deny', 2, 'Deny', BLUE)));
  assert.is(verdict(lowFirst, 'blue/web', 'red/web'), 'allow');
  const denyFirst = build(docs(anp('zz-allow', 3, 'Allow', BLUE), anp('aa-deny', 2, 'Deny', BLUE)));
  assert.is(verdict(denyFirst, 'blue/web', 'red/web'), 'deny');
});

test('equal priorities: by name; an ANP before an Admin-tier CNP of the same priority', () => {
  const byName = build(docs(anp('b-deny', 4, 'Deny', BLUE), anp('a-allow', 4, 'Allow', BLUE)));
  assert.is(verdict(byName, 'blue/web', 'red/web'), 'allow', '`a-allow` sorts first');
  const kinds = build(docs(cnp('a-deny', 'Admin', 4, 'Deny', BLUE), anp('z-allow', 4, 'Allow', BLUE)));
  assert.is(verdict(kinds, 'blue/web', 'red/web'), 'allow', 'the ANP sorts before the CNP despite its name');
  const cnpFirst = build(docs(cnp('a-deny', 'Admin', 3, 'Deny', BLUE), anp('z-allow', 4, 'Allow', BLUE)));
  assert.is(verdict(cnpFirst, 'blue/web', 'red/web'), 'deny', 'priority before kind');
});

test('BANP applies only to pods no NetworkPolicy selects (for that direction)', () => {
  const p = build(banp('Deny', BLUE), [npWebFromDb]);
  assert.is(verdict(p, 'blue/web', 'red/db'), 'deny', 'red/db: no NetworkPolicy → BANP');
  assert.is(verdict(p, 'red/db', 'red/web'), 'allow', 'red/web: the NetworkPolicy decides');
  assert.is(verdict(p, 'blue/web', 'red/web'), 'deny', 'denied by NetworkPolicy isolation, not the BANP');
  assert.is(check(p, 'blue/web', 'red/web').ingress.decision.by, 'tier-default');
  // An egress-only NetworkPolicy does not take red/db's ingress away from the BANP.
  const egressOnly = build(banp('Deny', BLUE), [networkPolicy('red', 'db', { app: 'db' }, 'egress', [null])]);
  assert.is(verdict(egressOnly, 'blue/web', 'red/db'), 'deny');
  // BANP Allow in front of nothing: allowed either way, but decided by the BANP rule.
  const allow = build(banp('Allow', BLUE));
  assert.equal(check(allow, 'blue/web', 'red/db').ingress.decision.by, 'rule');
});

test('ClusterNetworkPolicy Admin: Accept beats a NetworkPolicy deny, Deny beats its allow, Pass defers', () => {
  const accept = build(cnp('ok', 'Admin', 10, 'Accept', BLUE), [npWebFromDb]);
  assert.is(verdict(accept, 'blue/web', 'red/web'), 'allow');
  assert.is(verdict(accept, 'other/x', 'red/web'), 'deny');
  const deny = build(cnp('no', 'Admin', 10, 'Deny', '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}'), [npWebFromDb]);
  assert.is(verdict(deny, 'red/db', 'red/web'), 'deny');
  const pass = build(docs(cnp('p', 'Admin', 1, 'Pass', BLUE), cnp('q', 'Admin', 2, 'Accept', BLUE)), [npWebFromDb]);
  assert.is(verdict(pass, 'blue/web', 'red/web'), 'deny', 'Pass skips the later Accept; the NetworkPolicy denies');
});

test('ClusterNetworkPolicy Baseline: after NetworkPolicy; Accept/Deny decide, Pass falls to the final allow', () => {
  const deny = build(cnp('floor', 'Baseline', 10, 'Deny', BLUE), [npWebFromDb]);
  assert.is(verdict(deny, 'blue/web', 'red/db'), 'deny');
  assert.is(verdict(deny, 'red/db', 'red/web'), 'allow', 'the NetworkPolicy decides for red/web');
  const order = build(docs(cnp('a', 'Baseline', 2, 'Deny', BLUE), cnp('b', 'Baseline', 1, 'Accept', BLUE)));
  assert.is(verdict(order, 'blue/web', 'red/db'), 'allow', 'priority 1 first');
  const pass = build(docs(cnp('a', 'Baseline', 1, 'Pass', BLUE), cnp('b', 'Baseline', 2, 'Deny', BLUE)));
  assert.is(verdict(pass, 'blue/web', 'red/db'), 'allow');
  // The BANP (no priority) comes after every Baseline-tier CNP.
  const mixed = build(docs(banp('Deny', BLUE), cnp('late', 'Baseline', 1000, 'Accept', BLUE)));
  assert.is(verdict(mixed, 'blue/web', 'red/db'), 'allow');
});

test('admin and baseline tiers together: admin first, baseline only after NetworkPolicy', () => {
  const p = build(docs(cnp('guard', 'Admin', 1, 'Deny', BLUE), banp('Allow', BLUE)));
  assert.is(verdict(p, 'blue/web', 'red/db'), 'deny');
});

test('ingress and egress are separate: an ingress ANP says nothing about the subject\'s egress', () => {
  const p = build(anp('no-blue', 1, 'Deny', BLUE));
  assert.is(verdict(p, 'blue/web', 'red/web'), 'deny');
  assert.is(verdict(p, 'red/web', 'blue/web'), 'allow', 'red → blue is egress at red (no rule) and ingress at blue (no subject)');
  assert.is(check(p, 'red/web', 'blue/web').egress.tiers[0]!.applied, false, 'types = [ingress]: the tier does not apply to egress');
});

test.run();
