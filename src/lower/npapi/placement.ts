/**
 * Lowering, network-policy-api: where each kind lands in the tiered IR and what its actions mean.
 *
 * Input → output: one `NpapiResource` → its tier declaration, its policy order and its IR policy
 * name; one network-policy-api action → one IR action.
 *
 * Contract (network-policy-api v1alpha1 `AdminNetworkPolicySpec.priority`, v1alpha2
 * `ClusterNetworkPolicySpec.tier`/`priority`, DESIGN §3):
 * - AdminNetworkPolicy and ClusterNetworkPolicy `tier: Admin` share the admin tier (`ADMIN_TIER`,
 *   evaluated before the NetworkPolicy tier, default action pass: "no rule matched" continues);
 *   BaselineAdminNetworkPolicy and ClusterNetworkPolicy `tier: Baseline` share the baseline tier
 *   (`BASELINE_TIER`, after the NetworkPolicy tier, default action pass so that the final allow
 *   decides when nothing matched).
 * - `priority` becomes the IR order: "policies with lower priority values have higher precedence,
 *   and are checked before policies with higher priority values". BaselineAdminNetworkPolicy has
 *   no priority (it is the singleton `default`): order "none", which sorts after every CNP of the
 *   baseline tier.
 * - Names follow Calico's (`kanp.<tier>.<name>`, `kbanp.<tier>.<name>`, as Calico's policy-name
 *   parser expects them) and `kcnp.<tier>.<name>` for ClusterNetworkPolicy, so that names stay
 *   unique in a tier shared by two kinds.
 *
 * Equal priorities. Upstream leaves them implementation-defined ("the implementation can apply
 * any of the matching policies to the connection, and there is no way for the user to reliably
 * determine which one it will choose"); netpol-analyzer refuses them outright (`SamePriorityErr`).
 * netpolc orders them deterministically by the IR's (order, name) rule: within one kind by
 * resource name, and at a priority shared by an AdminNetworkPolicy and an Admin-tier
 * ClusterNetworkPolicy the AdminNetworkPolicy first (`kanp.` sorts before `kcnp.`).
 * NOTE(lint): equal priorities whose policies can match the same flow are an ambiguity upstream;
 * the lint issue should report them rather than rely on this order.
 */
import type { Action, Order } from '../../ir/ast.js';
import { ADMIN_TIER, BASELINE_TIER } from '../../ir/build.js';
import type { NpAction, NpapiResource } from '../../model/npapi/types.js';
import type { TierDecl } from '../types.js';

export interface Placement {
  tier: TierDecl;
  order: Order;
  /** The IR policy name: unique within the tier. */
  name: string;
}

function decl(t: Readonly<TierDecl>): TierDecl {
  return { name: t.name, order: t.order, defaultAction: t.defaultAction };
}

export function placement(r: NpapiResource): Placement {
  switch (r.kind) {
    case 'AdminNetworkPolicy':
      return { tier: decl(ADMIN_TIER), order: r.priority, name: `kanp.${ADMIN_TIER.name}.${r.name}` };
    case 'BaselineAdminNetworkPolicy':
      return { tier: decl(BASELINE_TIER), order: null, name: `kbanp.${BASELINE_TIER.name}.${r.name}` };
    case 'ClusterNetworkPolicy': {
      const tier = r.tier === 'Admin' ? ADMIN_TIER : BASELINE_TIER;
      return { tier: decl(tier), order: r.priority, name: `kcnp.${tier.name}.${r.name}` };
    }
  }
}

/**
 * v1alpha1 `Allow`/`Deny`/`Pass` and v1alpha2 `Accept`/`Deny`/`Pass`. `Pass` is the IR's `pass`
 * exactly: v1alpha1 "instructs the selected traffic to skip any remaining ANP rules, and then pass
 * execution to any NetworkPolicies that select the pod. If the pod is not selected by any
 * NetworkPolicies then execution is passed to any BaselineAdminNetworkPolicies" (the IR's next
 * tiers: NetworkPolicy's tier applies only to pods it selects); v1alpha2 "skips all further
 * ClusterNetworkPolicy rules in the current tier … and passes evaluation to the next tier", which
 * from the baseline tier is the final allow.
 */
export function lowerAction(a: NpAction): Action {
  switch (a) {
    case 'Allow':
    case 'Accept':
      return 'allow';
    case 'Deny':
      return 'deny';
    case 'Pass':
      return 'pass';
  }
}
