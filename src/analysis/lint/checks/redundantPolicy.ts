/**
 * Check `redundant-policy` (flows, info): removing the policy changes no verdict — every flow it
 * decides is decided the same way without it, in each direction it governs. Names the policies
 * that cover it (those that decide its flows once it is gone).
 *
 * Upstream: network-config-analyzer "redundancy" (a policy whose removal leaves connectivity
 * equivalent); the verdict is the oracle's, both directions combined (DESIGN §2).
 * Not run when the policy set is vacuous (every policy would be), nor for policies that select
 * nothing (reported by `selects-nothing` / `unsatisfiable-selector`).
 */
import type { Condition, Edit } from '../queries.js';
import { policyKey } from '../programIndex.js';
import { deciders, explicitPolicies, policyFinding, relatedDeciders, type Decider } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

export const redundantPolicy: LintCheck = {
  id: 'redundant-policy',
  severity: 'info',
  summary: 'a policy whose removal changes no verdict',
  upstream: 'network-config-analyzer "redundancy"',
  needs: 'flows',
  async run(ctx) {
    const findings: Finding[] = [];
    const q = ctx.queries;
    if (!q || ctx.facts.vacuous) return findings;
    for (const p of explicitPolicies(ctx.index)) {
      if (ctx.facts.deadPolicies.has(policyKey(p.ref))) continue;
      const applies: Condition = { kind: 'or', args: p.policy.types.map((direction) => ({ kind: 'applies', policy: p.ref, direction }) as Condition) };
      const some = await q.find(applies);
      if (some.status !== 'found') continue;
      const edit: Edit = { kind: 'remove-policy', policy: p.ref };
      // Per direction, so that a policy whose effect only the other direction hides is left to
      // `unusable-rule`, which says why.
      const changes = await q.find({ kind: 'or', args: p.policy.types.map((scope) => ({ kind: 'differs', scope, edit }) as Condition) });
      if (changes.status !== 'none') continue;
      ctx.facts.deadPolicies.add(policyKey(p.ref));
      const seen = await q.find(applies, 20);
      const covering: Decider[] = [];
      for (const flow of seen.status === 'found' ? seen.flows : []) {
        const d = deciders(ctx.program, flow, edit);
        if (d) covering.push(...p.policy.types.map((t) => d[t]));
      }
      findings.push(
        policyFinding(ctx, this, p, {
          message: 'the policy is redundant: removing it changes no verdict',
          related: relatedDeciders(ctx.index, covering, 'without it, its flows are decided by'),
          ...(seen.status === 'found' ? { witness: ctx.witness(seen.flows[0]!, edit) } : {}),
        }),
      );
    }
    return findings;
  },
};
