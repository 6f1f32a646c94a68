/**
 * Check `vacuous-policy-set` (flows, warning): the policies, taken together, change no verdict —
 * every flow is decided exactly as with no policy at all (everything allowed).
 *
 * Upstream: Kubernetes "Network Policies" (a pod that no policy selects is not isolated: all
 * traffic is allowed); Calico's default profiles allow everything; network-config-analyzer
 * "vacuity" (a configuration equivalent to the same cluster without policies).
 */
import { explicitPolicies, policyFinding } from '../support.js';
import type { LintCheck } from '../types.js';

export const vacuousPolicySet: LintCheck = {
  id: 'vacuous-policy-set',
  severity: 'warning',
  summary: 'the policies together change nothing compared with no policy at all',
  upstream: 'Kubernetes "Network Policies" (non-isolated pods); network-config-analyzer "vacuity"',
  needs: 'flows',
  async run(ctx) {
    const policies = explicitPolicies(ctx.index);
    if (!ctx.queries || policies.length === 0) return [];
    const r = await ctx.queries.find({ kind: 'differs', scope: 'flow', edit: { kind: 'remove-all' } });
    if (r.status !== 'none') return [];
    ctx.facts.vacuous = true;
    const n = policies.length;
    return [
      policyFinding(ctx, this, policies[0]!, {
        message: `the ${n === 1 ? 'policy changes' : `${n} policies change`} no verdict: every flow is allowed, as with no policy at all`,
        hint: 'a policy only restricts traffic when it selects pods and lists the direction in its types',
      }),
    ];
  },
};
