/**
 * Profiles as the last tier: applied when no policy tier decided, to the endpoints that have
 * them (Calico's `kns.`/`ksa.` naming, or listed by a workload endpoint), with the allow-all
 * default for namespaces whose profile the input leaves out, and end-of-profiles deny.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_NAMESPACE_PROFILE, PROFILE_TIER } from '../../../src/lower/calico/index.js';
import { calico, codes, docs, expectVerdicts, lowerText, ns, policyNamed, programOf, wep } from './helpers.js';

const CLUSTER = docs(
  ns('a'),
  ns('b'),
  wep('a', 'web', '10.0.0.1', { labels: { app: 'web' } }),
  wep('a', 'db', '10.0.0.2', { labels: { app: 'db' } }),
  wep('a', 'ci', '10.0.0.3', { labels: { app: 'ci' }, sa: 'builder' }),
  wep('b', 'web', '10.0.1.1', { labels: { app: 'web' } }),
);

test('without profiles there is no profile tier and the final allow stands', () => {
  const p = programOf(CLUSTER);
  assert.not.ok(p.tiers.some((t) => t.name === PROFILE_TIER.name));
  expectVerdicts(p, [['a/web -> a/db tcp 80', 'allow']]);
});

test('a namespace profile decides for its pods; other namespaces keep the allow-all default', () => {
  const p = programOf(docs(CLUSTER, calico('Profile', 'kns.a', { ingress: [{ action: 'Allow', source: { selector: "app == 'web'" } }], egress: [{ action: 'Allow' }] })));
  const tier = p.tiers[p.tiers.length - 1]!;
  assert.equal([tier.name, tier.order, tier.defaultAction], ['~profiles', null, 'deny']);
  assert.equal(tier.policies.map((x) => x.name), [DEFAULT_NAMESPACE_PROFILE, 'kns.a']);
  expectVerdicts(p, [
    ['a/web -> a/db tcp 80', 'allow'],
    ['b/web -> a/db tcp 80', 'allow'], // the profile's selector looks in every namespace
    ['a/ci -> a/db tcp 80', 'deny'], // no profile accepted
    ['a/db -> b/web tcp 80', 'allow'], // b keeps Calico's allow-all kns.b
  ]);
});

test('profiles run only when no policy tier decided', () => {
  const denyAll = calico('Profile', 'kns.a', { ingress: [{ action: 'Deny' }], egress: [{ action: 'Allow' }] });
  const allow = calico('GlobalNetworkPolicy', 'allow-web', { selector: "app == 'db'", ingress: [{ action: 'Allow', source: { selector: "app == 'web'" } }] });
  expectVerdicts(programOf(docs(CLUSTER, denyAll, allow)), [['a/web -> a/db tcp 80', 'allow'], ['a/ci -> a/db tcp 80', 'deny']]);
  const pass = calico('GlobalNetworkPolicy', 'pass', { selector: "app == 'db'", ingress: [{ action: 'Pass' }] });
  expectVerdicts(programOf(docs(CLUSTER, denyAll, pass)), [['a/web -> a/db tcp 80', 'deny']]);
});

test('a service-account profile runs after the namespace profile, for that service account only', () => {
  const p = programOf(docs(CLUSTER,
    calico('Profile', 'kns.a', { ingress: [{ action: 'Deny', source: { selector: "app == 'web'" } }], egress: [{ action: 'Allow' }] }),
    calico('Profile', 'ksa.a.builder', { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] })));
  assert.equal(policyNamed(p, 'ksa.a.builder').subject.serviceAccounts, { names: ['builder'], selector: null });
  expectVerdicts(p, [
    ['a/db -> a/ci tcp 80', 'allow'], // ksa.a.builder
    ['a/web -> a/ci tcp 80', 'deny'], // kns.a denies first
    ['a/ci -> a/db tcp 80', 'deny'], // a/db has no profile that accepts
  ]);
});

test('a profile of another name applies to the workload endpoints that list it', () => {
  const p = programOf(docs(
    ns('a'),
    calico('Profile', 'kns.a', { egress: [{ action: 'Allow' }] }),
    calico('Profile', 'open-door', { ingress: [{ action: 'Allow' }] }),
    wep('a', 'listed', '10.0.0.1', { labels: { app: 'x' }, profiles: ['kns.a', 'ksa.a.default', 'open-door'] }),
    wep('a', 'other', '10.0.0.2', { labels: { app: 'y' } }),
  ));
  expectVerdicts(p, [['a/other -> a/listed tcp 80', 'allow'], ['a/listed -> a/other tcp 80', 'deny']]);
});

test('a Pass rule in a profile is an unknown marker', () => {
  const p = programOf(docs(CLUSTER, calico('Profile', 'kns.a', {
    ingress: [{ action: 'Pass', source: { selector: "app == 'web'" } }, { action: 'Allow' }],
    egress: [{ action: 'Allow' }],
  })));
  assert.equal(policyNamed(p, 'kns.a').ingress[0]!.unknown.length, 1);
  expectVerdicts(p, [['a/web -> a/db tcp 80', 'unknown'], ['a/ci -> a/db tcp 80', 'allow']]);
});

test('an endpoint whose profile list does not follow the Kubernetes naming gets a warning', () => {
  const r = lowerText(docs(
    ns('a'),
    calico('Profile', 'kns.a', { ingress: [{ action: 'Allow' }] }),
    wep('a', 'odd', '10.0.0.1', { profiles: ['ksa.a.default'] }),
    wep('a', 'fine', '10.0.0.2'),
  ));
  assert.equal(codes(r.diagnostics).filter((c) => (c as string) === 'profile-approximated').length, 1);
  assert.match(r.diagnostics.find((d) => (d.code as string) === 'profile-approximated')!.message, /`a\/odd` run as \[kns\.a\]; Calico runs \[\]/);
});

test.run();
