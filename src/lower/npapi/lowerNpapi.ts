/**
 * Lowering, network-policy-api family: every AdminNetworkPolicy, BaselineAdminNetworkPolicy and
 * ClusterNetworkPolicy of the input → the family's share of the IR program.
 *
 * Input → output: `NpapiResource[]` and the lowering context → `Lowered` (the tiers these kinds
 * use, their policies tagged with a tier; no endpoints or network sets).
 *
 * Contract (`lower/types.ts`): nothing is sorted here and no `Program` is built; the orchestrator
 * orders tiers and policies by (order, name). A tier is declared only when some policy lands in
 * it, so an input without these kinds adds no tier. The result depends only on the resources and
 * `ctx.options`, never on their input order beyond what the IR's ordering rule keeps.
 * Problems in the YAML were reported by the model stage (including `unmodelled-field` for
 * `nodes` and `domainNames` peers); lowering reports nothing of its own.
 *
 * The semantics, with their upstream sources, are in the files this one calls:
 * `placement.ts` (tiers, priority, actions, equal priorities), `lowerNpapiPolicy.ts` (types,
 * no implicit isolation), `lowerNpapiRule.ts` (direction of peers, ports), `lowerNpapiPeer.ts`
 * (subjects, peers, the `networks` scope), `lowerNpapiPorts.ts` (port groups).
 */
import type { LowerContext, Lowered, TierDecl } from '../types.js';
import type { NpapiResource } from '../../model/npapi/types.js';
import { lowerNpapiPolicy } from './lowerNpapiPolicy.js';
import { placement } from './placement.js';

export function lowerNpapi(resources: readonly NpapiResource[], ctx: LowerContext): Lowered {
  const tiers = new Map<string, TierDecl>();
  const peerOptions = { networksScope: ctx.options.ipBlockScope, nodePeers: ctx.options.nodePeers ?? 'unknown' } as const;
  const policies = resources.map((r) => {
    const t = placement(r).tier;
    if (!tiers.has(t.name)) tiers.set(t.name, t);
    return lowerNpapiPolicy(r, peerOptions);
  });
  return { tiers: [...tiers.values()], policies, endpoints: [], networkSets: [] };
}
