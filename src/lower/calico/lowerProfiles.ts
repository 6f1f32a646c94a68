/**
 * Lowering, Calico family: `Profile`s → a last tier that runs after every policy tier.
 *
 * Calico runs an endpoint's profiles when no tier decided: after the tiers, Felix jumps to each of
 * the endpoint's profiles in turn, returns as soon as one accepts, and drops the packet when none
 * did (felix `rules/endpoints.go`: "Return if profile accepted", "… if no profiles matched").
 * netpolc models that as the tier `~profiles` (no order, and a name no Calico tier can have that
 * sorts after every tier name, so it is always last) with default action `deny`, holding one
 * policy per profile whose subject is the endpoints that have the profile:
 * - Calico gives every Kubernetes pod the profiles `kns.<namespace>` then
 *   `ksa.<namespace>.<serviceaccount>` (libcalico-go `k8s/conversion`, `NamespaceProfileNamePrefix`,
 *   `ServiceAccountProfileNamePrefix`). A profile with such a name applies to the pods of that
 *   namespace (and service account), in that order (order 1 for `kns.`, 2 for `ksa.`);
 * - a profile with any other name applies to the workload endpoints that list it (matched by all
 *   their labels), after those two, by name;
 * - the `kns.` profile Calico creates for a namespace allows everything in both directions
 *   (`NamespaceToProfile`). A namespace whose `kns.` profile the input does not give keeps that
 *   default: the implicit policy `kns.*` allows everything for pods of every other namespace.
 * Profile rules have no namespace of their own: a selector looks in every namespace, as in a
 * global policy (`profileprocessor.go` converts them with namespace `""`). A profile applies in
 * both directions (it has no `types`).
 * An input without profiles gets no tier at all: the program's final `allow` stands for the
 * profiles it does not show, which is what network-config-analyzer assumes.
 *
 * Contract: returns `null` when `profiles` is empty; reports `profile-approximated` for each
 * workload endpoint whose profile list this layout cannot reproduce exactly.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Endpoint, Origin, Policy, Selector } from '../../ir/ast.js';
import { CALICO_NAMESPACE_LABEL, origin, policy, rule, ruleOrigin } from '../../ir/build.js';
import type { CalicoProfile, CalicoWorkloadEndpoint } from '../../model/calico/types.js';
import { ALL, and, eq, notInSet, or } from '../../selector/index.js';
import type { TierDecl } from '../types.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { serviceAccountName } from './lowerCalicoEndpoints.js';
import { lowerCalicoRule } from './lowerCalicoRule.js';

export const PROFILE_TIER: Readonly<TierDecl> = Object.freeze({ name: '~profiles', order: null, defaultAction: 'deny' });

/** The name of the implicit allow-everything namespace profile. */
export const DEFAULT_NAMESPACE_PROFILE = 'kns.*';

type Target =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'serviceAccount'; namespace: string; serviceAccount: string }
  | { kind: 'listed' };

/** Which endpoints a profile name stands for under Calico's Kubernetes naming. */
export function profileTarget(name: string): Target {
  if (name.startsWith('kns.') && name.length > 4 && !name.slice(4).includes('.')) return { kind: 'namespace', namespace: name.slice(4) };
  if (name.startsWith('ksa.')) {
    // Namespace names have no dots; service-account names may.
    const rest = name.slice(4);
    const dot = rest.indexOf('.');
    if (dot > 0 && dot < rest.length - 1) return { kind: 'serviceAccount', namespace: rest.slice(0, dot), serviceAccount: rest.slice(dot + 1) };
  }
  return { kind: 'listed' };
}

export interface Wep {
  resource: CalicoWorkloadEndpoint;
  endpoint: Endpoint;
}

/** All of an endpoint's labels, as one selector: it picks out that endpoint among the input's. */
export function identitySelector(e: Endpoint): Selector {
  return and(...Object.entries(e.labels).map(([k, v]) => eq(k, v)));
}

function hasLabels(e: Endpoint, labels: Endpoint['labels']): boolean {
  return Object.entries(labels).every(([k, v]) => e.labels[k] === v);
}

function profilePolicy(p: CalicoProfile, weps: readonly Wep[], report: (d: Diagnostic) => void): Policy | undefined {
  const t = profileTarget(p.name);
  const o = origin(p.source.file, p.source.line, p.source.column, 'Profile', p.name);
  let subject: Policy['subject'];
  if (t.kind === 'namespace') subject = { selector: ALL, namespace: { kind: 'name', name: t.namespace }, serviceAccounts: null };
  else if (t.kind === 'serviceAccount')
    subject = { selector: ALL, namespace: { kind: 'name', name: t.namespace }, serviceAccounts: { names: [t.serviceAccount], selector: null } };
  else {
    const listing = weps.filter((w) => w.resource.profiles.includes(p.name));
    if (listing.length === 0) return undefined;
    for (const w of weps)
      if (!w.resource.profiles.includes(p.name) && listing.some((l) => hasLabels(w.endpoint, l.endpoint.labels)))
        report(diagnostic('profile-approximated', w.resource.source, 'spec.profiles',
          `profile \`${p.name}\` is applied to workload endpoint \`${w.endpoint.id}\`, which does not list it but has all the labels of one that does`,
          'give the endpoints that list the profile a label the others do not have'));
    subject = { selector: or(...listing.map((w) => identitySelector(w.endpoint))), namespace: null, serviceAccounts: null };
  }
  return policy({
    name: p.name,
    order: t.kind === 'namespace' ? 1 : t.kind === 'serviceAccount' ? 2 : null,
    types: ['ingress', 'egress'],
    subject,
    ingress: p.ingress.map((r, i) => lowerCalicoRule(r, i, o, { namespace: null, owner: 'profile' })),
    egress: p.egress.map((r, i) => lowerCalicoRule(r, i, o, { namespace: null, owner: 'profile' })),
    origin: o,
  });
}

/** The allow-everything profile of every namespace whose `kns.` profile the input leaves out. */
function defaultNamespaceProfile(given: readonly string[]): Policy {
  const o: Origin = origin('<calico>', 1, 1, 'Profile', DEFAULT_NAMESPACE_PROFILE);
  const allowAll = (index: number) => rule({ action: 'allow', origin: ruleOrigin(o, index) });
  return policy({
    name: DEFAULT_NAMESPACE_PROFILE,
    order: 1,
    types: ['ingress', 'egress'],
    subject: { selector: given.length > 0 ? notInSet(CALICO_NAMESPACE_LABEL, given) : ALL },
    ingress: [allowAll(0)],
    egress: [allowAll(0)],
    origin: o,
  });
}

/** The profiles Calico runs for `w`, in its order, with a missing `kns.` profile as the default. */
function calicoSequence(w: CalicoWorkloadEndpoint, given: ReadonlySet<string>): string[] {
  return w.profiles.flatMap((n) => (given.has(n) ? [n] : n === `kns.${w.namespace}` ? [DEFAULT_NAMESPACE_PROFILE] : []));
}

/** The profiles the tier runs for `w`, in evaluation order. */
function modelledSequence(w: CalicoWorkloadEndpoint, given: ReadonlySet<string>): string[] {
  const kns = `kns.${w.namespace}`;
  const sa = serviceAccountName(w);
  const out = [given.has(kns) ? kns : DEFAULT_NAMESPACE_PROFILE];
  if (sa !== null && given.has(`ksa.${w.namespace}.${sa}`)) out.push(`ksa.${w.namespace}.${sa}`);
  const listed = w.profiles.filter((n) => given.has(n) && profileTarget(n).kind === 'listed');
  return [...out, ...[...new Set(listed)].sort()];
}

export function lowerProfiles(
  profiles: readonly CalicoProfile[],
  weps: readonly Wep[],
  report: (d: Diagnostic) => void,
): { tier: TierDecl; policies: Policy[] } | null {
  if (profiles.length === 0) return null;
  const given = new Set(profiles.map((p) => p.name));
  const policies = profiles.flatMap((p) => profilePolicy(p, weps, report) ?? []);
  const givenNamespaces = profiles.flatMap((p) => {
    const t = profileTarget(p.name);
    return t.kind === 'namespace' ? [t.namespace] : [];
  });
  policies.push(defaultNamespaceProfile(givenNamespaces));
  for (const { resource: w, endpoint: e } of weps) {
    const calico = calicoSequence(w, given);
    const modelled = modelledSequence(w, given);
    if (calico.join(',') === modelled.join(',')) continue;
    report(diagnostic('profile-approximated', w.source, 'spec.profiles',
      `the profiles of workload endpoint \`${e.id}\` run as [${modelled.join(', ')}]; Calico runs [${calico.join(', ')}]`,
      "list `kns.<namespace>` first, then `ksa.<namespace>.<serviceaccount>`, as Calico's Kubernetes integration does"));
  }
  return { tier: { ...PROFILE_TIER }, policies };
}
