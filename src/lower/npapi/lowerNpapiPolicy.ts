/**
 * Lowering, network-policy-api: one AdminNetworkPolicy, BaselineAdminNetworkPolicy or
 * ClusterNetworkPolicy → one IR policy tagged with its tier.
 *
 * Input → output: `NpapiResource` → `LoweredPolicy` (tier name, `Policy`).
 *
 * Contract:
 * - order and name from `placement.ts`; the subject from `lowerNpapiPeer.ts`; rules in written
 *   order ("the relative precedence of ingress rules within a single … object … will be
 *   determined by the order in which the rule is written"), each lowered by `lowerNpapiRule.ts`;
 * - `types` lists the directions that have at least one rule: "CNPs with no ingress rules do not
 *   affect ingress traffic" (v1alpha2 `ClusterNetworkPolicySpec.ingress`, and the same for
 *   egress), as netpol-analyzer reads ANPs and BANPs (`adminPolicyAffectsDirection`). Both tiers
 *   pass when no rule decides, so this changes no verdict; it keeps a policy from showing in traces
 *   of a direction it says nothing about;
 * - a selected pod whose flow no rule matches is not isolated by these kinds ("there will not be
 *   any implicit isolation effects for the Pods selected by the ClusterNetworkPolicy", API
 *   overview): that is the tiers' default action `pass`, not anything in the policy.
 */
import type { Origin } from '../../ir/ast.js';
import { origin as buildOrigin, policy as buildPolicy } from '../../ir/build.js';
import type { NpapiResource } from '../../model/npapi/types.js';
import type { LoweredPolicy } from '../types.js';
import { lowerNpapiSubject, type NpapiPeerOptions } from './lowerNpapiPeer.js';
import { lowerNpapiRule } from './lowerNpapiRule.js';
import { placement } from './placement.js';

export function resourceOrigin(r: NpapiResource): Origin {
  return buildOrigin(r.source.file, r.source.line, r.source.column, r.kind, r.name);
}

export function lowerNpapiPolicy(r: NpapiResource, peerOptions: NpapiPeerOptions): LoweredPolicy {
  const place = placement(r);
  const o = resourceOrigin(r);
  const ingress = r.ingress.flatMap((x) => lowerNpapiRule(x, o, peerOptions));
  const egress = r.egress.flatMap((x) => lowerNpapiRule(x, o, peerOptions));
  const types = [...(r.ingress.length > 0 ? (['ingress'] as const) : []), ...(r.egress.length > 0 ? (['egress'] as const) : [])];
  return {
    tier: place.tier.name,
    policy: buildPolicy({
      name: place.name,
      order: place.order,
      types,
      subject: lowerNpapiSubject(r.subject),
      ingress,
      egress,
      origin: o,
    }),
  };
}
