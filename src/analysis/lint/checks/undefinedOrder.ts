/**
 * Check `undefined-order` (flows, warning, with witness): two policies of one tier with the same
 * order (Calico `order`; network-policy-api `priority`) apply to a common pod, and evaluating them
 * in the other order changes a verdict.
 *
 * Upstream: network-policy-api "AdminNetworkPolicy" (`priority`: "if two ANPs have the same
 * priority … the resulting behavior is undefined"); Calico reference "NetworkPolicy" (`order`:
 * equal orders fall back to the policy name, an accident of naming rather than intent);
 * network-config-analyzer "sanity" ("same order but conflicting rules. Behavior is undefined").
 * netpolc evaluates ties by name (`ir/order.ts`); this check says when that choice matters.
 */
import type { Edit } from '../queries.js';
import { explicitPolicies, policyFinding, relatedPolicy } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

const NPAPI = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];

export const undefinedOrder: LintCheck = {
  id: 'undefined-order',
  severity: 'warning',
  summary: 'two policies with the same order or priority in one tier whose relative order changes a verdict',
  upstream: 'network-policy-api "AdminNetworkPolicy" (equal priority is undefined); Calico reference "NetworkPolicy" (order)',
  needs: 'flows',
  async run(ctx) {
    const findings: Finding[] = [];
    const q = ctx.queries;
    if (!q) return findings;
    const policies = explicitPolicies(ctx.index);
    for (let i = 0; i < policies.length; i++)
      for (let j = i + 1; j < policies.length; j++) {
        const a = policies[i]!;
        const b = policies[j]!;
        if (a.ti !== b.ti || a.policy.order !== b.policy.order) continue;
        // Policies whose rules all do the same thing cannot change each other's verdicts.
        const actions = new Set([...a.policy.ingress, ...a.policy.egress, ...b.policy.ingress, ...b.policy.egress].map((r) => r.action).filter((x) => x !== 'log'));
        if (actions.size < 2) continue;
        const edit: Edit = { kind: 'swap-policies', a: a.ref, b: b.ref };
        const found = await q.find({ kind: 'differs', scope: 'flow', edit });
        if (found.status !== 'found') continue;
        const npapi = NPAPI.includes(a.policy.origin.kind) || NPAPI.includes(b.policy.origin.kind);
        const flow = found.flows[0]!;
        findings.push(
          policyFinding(ctx, this, a, {
            message: npapi
              ? `this policy and ${'`'}${b.policy.origin.name}${'`'} have the same priority \`${String(a.policy.order)}\` and conflict: upstream leaves their order undefined`
              : `this policy and ${'`'}${b.policy.origin.name}${'`'} have the same order \`${a.policy.order ?? 'none'}\` and conflict: only the tie-break on their names decides`,
            related: [relatedPolicy(ctx.index, b.ref, 'conflicts with')],
            witness: ctx.witness(flow, edit),
          }),
        );
      }
    return findings;
  },
};
