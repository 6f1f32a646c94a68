/**
 * Check `unusable-rule` (flows): the rule decides its own direction, but every flow whose verdict
 * it changes is denied by the other direction anyway — an ingress allow whose sources may not
 * send (their egress is denied), or an egress allow whose destinations do not accept.
 *
 * Precisely: some flow satisfies `differs(direction of the rule, without the rule)` but none
 * satisfies `differs(flow, without the rule)`. Severity: warning for an allow (the author meant
 * traffic to flow and it cannot), info for a deny or pass (it guards what is already denied).
 *
 * Upstream: Kubernetes "Network Policies" ("for a connection … both the egress policy on the
 * source pod and the ingress policy on the destination pod need to allow the connection").
 */
import type { Edit } from '../queries.js';
import { ruleKey } from '../programIndex.js';
import { deciders, liveRules, relatedDeciders, ruleFinding, type Decider } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

export const unusableRule: LintCheck = {
  id: 'unusable-rule',
  severity: 'warning',
  summary: 'a rule that decides its direction, but the other direction always denies those flows',
  upstream: 'Kubernetes "Network Policies" (both egress of the source and ingress of the destination must allow)',
  needs: 'flows',
  async run(ctx) {
    const findings: Finding[] = [];
    const q = ctx.queries;
    if (!q || ctx.facts.vacuous) return findings;
    for (const r of liveRules(ctx)) {
      const edit: Edit = { kind: 'remove-rule', rule: r.ref };
      const flowChanges = await q.find({ kind: 'differs', scope: 'flow', edit });
      if (flowChanges.status !== 'none') continue;
      const dirChanges = await q.find({ kind: 'differs', scope: r.ref.direction, edit }, 20);
      if (dirChanges.status !== 'found') continue;
      ctx.facts.deadRules.add(ruleKey(r.ref));
      const other = r.ref.direction === 'ingress' ? 'egress' : 'ingress';
      const blockers: Decider[] = [];
      for (const flow of dirChanges.flows) {
        const d = deciders(ctx.program, flow);
        if (d) blockers.push(d[other]);
      }
      const allow = r.rule.action === 'allow';
      findings.push(
        ruleFinding(ctx, this, r, {
          severity: allow ? 'warning' : 'info',
          message: allow
            ? `the allow can never be used: every flow it allows is denied by the ${other} policy of the ${other === 'egress' ? 'source' : 'destination'}`
            : `the rule changes no verdict: every flow it decides is denied by the ${other} policy of the ${other === 'egress' ? 'source' : 'destination'} anyway`,
          related: relatedDeciders(ctx.index, blockers, `${other} denied by`),
          witness: ctx.witness(dirChanges.flows[0]!),
        }),
      );
    }
    return findings;
  },
};
