/**
 * Lowering, Calico family (`projectcalico.org/v3`): typed Calico resources → tier declarations,
 * tiered IR policies and snapshot pieces, for the orchestrator (`lower/lower.ts`) to assemble.
 *
 * What becomes what (each file's doc gives the rules and their upstream sources):
 * - `Tier` → a tier declaration: its `order` (none sorts last) and `defaultAction` (Deny unless
 *   the tier says Pass; Calico reference "Tier");
 * - `NetworkPolicy`, `GlobalNetworkPolicy` → one policy each in the tier `spec.tier` names
 *   (`lowerCalicoPolicy.ts`, rules in `lowerCalicoRule.ts`);
 * - `WorkloadEndpoint` → an endpoint; `NetworkSet`, `GlobalNetworkSet` → network sets
 *   (`lowerCalicoEndpoints.ts`);
 * - `Profile` → the last tier `~profiles` (`lowerProfiles.ts`); none given → no tier, and the
 *   program's final allow stands for the profiles the input leaves out;
 * - `HostEndpoint`, and the endpoint and policy fields netpolc does not model → unknown markers in
 *   the first tier `~unmodelled` (`lowerUnmodelled.ts`).
 * Tier names starting with `~` cannot collide with Calico's (a tier name is a DNS label).
 *
 * Contract: resources were validated by the model; output lists follow input order; never throws
 * for valid input (the orchestrator reports a throw as an internal error).
 */
import type { Policy } from '../../ir/ast.js';
import { ADMIN_TIER, DEFAULT_TIER } from '../../ir/build.js';
import type {
  CalicoGlobalNetworkPolicy,
  CalicoGlobalNetworkSet,
  CalicoHostEndpoint,
  CalicoNetworkPolicy,
  CalicoNetworkSet,
  CalicoProfile,
  CalicoResource,
  CalicoTier,
  CalicoWorkloadEndpoint,
} from '../../model/calico/types.js';
import type { LowerContext, Lowered, LoweredPolicy, TierDecl } from '../types.js';
import { endpointNames, lowerNetworkSet, lowerWorkloadEndpoint } from './lowerCalicoEndpoints.js';
import { lowerCalicoPolicy } from './lowerCalicoPolicy.js';
import { lowerProfiles, type Wep } from './lowerProfiles.js';
import { lowerUnmodelled } from './lowerUnmodelled.js';

export { calicoPolicyName, lowerCalicoPolicy } from './lowerCalicoPolicy.js';
export { lowerCalicoRule, lowerEntityRule, type RuleScope } from './lowerCalicoRule.js';
export { lowerNetworkSet, lowerWorkloadEndpoint, profileLabels } from './lowerCalicoEndpoints.js';
export { DEFAULT_NAMESPACE_PROFILE, PROFILE_TIER, profileTarget } from './lowerProfiles.js';
export { UNMODELLED_TIER_NAME } from './lowerUnmodelled.js';

function ofKind<K extends CalicoResource['kind']>(rs: readonly CalicoResource[], kind: K): Extract<CalicoResource, { kind: K }>[] {
  return rs.filter((r): r is Extract<CalicoResource, { kind: K }> => r.kind === kind);
}

export function lowerCalico(resources: readonly CalicoResource[], ctx: LowerContext): Lowered {
  const tierResources: CalicoTier[] = ofKind(resources, 'Tier');
  const tiers: TierDecl[] = tierResources.map((t) => ({
    name: t.name,
    order: t.order ?? null,
    defaultAction: t.defaultAction === 'Pass' ? 'pass' : 'deny',
  }));
  const policyResources: (CalicoNetworkPolicy | CalicoGlobalNetworkPolicy)[] = resources.filter(
    (r): r is CalicoNetworkPolicy | CalicoGlobalNetworkPolicy => r.kind === 'NetworkPolicy' || r.kind === 'GlobalNetworkPolicy',
  );
  const policies: LoweredPolicy[] = policyResources.map((p) => ({ tier: p.spec.tier, policy: lowerCalicoPolicy(p) }));

  const profileResources: CalicoProfile[] = ofKind(resources, 'Profile');
  const profiles = new Map(profileResources.map((p) => [p.name, p]));
  const wepResources: CalicoWorkloadEndpoint[] = ofKind(resources, 'WorkloadEndpoint');
  const names = endpointNames(wepResources);
  const weps: Wep[] = wepResources.map((w) => ({ resource: w, endpoint: lowerWorkloadEndpoint(w, names.get(w)!, profiles) }));
  const sets = [...ofKind(resources, 'NetworkSet'), ...ofKind(resources, 'GlobalNetworkSet')] as (CalicoNetworkSet | CalicoGlobalNetworkSet)[];

  const place = (part: { tier: TierDecl; policies: Policy[] } | null): void => {
    if (!part) return;
    tiers.push(part.tier);
    for (const p of part.policies) policies.push({ tier: part.tier.name, policy: p });
  };
  place(lowerProfiles(profileResources, weps, ctx.report));
  const hostEndpoints: CalicoHostEndpoint[] = ofKind(resources, 'HostEndpoint');
  place(lowerUnmodelled({
    hostEndpoints,
    globalPolicies: ofKind(resources, 'GlobalNetworkPolicy'),
    weps,
    profiles,
    // The fixed tiers of the other families and every Calico tier with an order.
    lowestOrder: Math.min(ADMIN_TIER.order, DEFAULT_TIER.order, ...tiers.flatMap((t) => (t.order === null ? [] : [t.order]))),
  }, ctx.report));

  return {
    tiers,
    policies,
    endpoints: weps.map((w) => w.endpoint),
    networkSets: sets.map((s) => lowerNetworkSet(s, profiles)),
  };
}
