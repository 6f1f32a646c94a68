/**
 * Check `redundant-rule` (flows, info): the rule decides some flows, but removing it changes no
 * verdict — a later rule, policy or default decides those flows the same way. Names the covering
 * rules.
 *
 * Precisely: no flow satisfies `differs(direction of the rule, without the rule)`, so it is
 * redundant in its own direction, and hence for the flow verdict too. A rule whose removal
 * changes its direction but never a flow's verdict is `unusable-rule`'s; one that never decides
 * is `shadowed-rule`'s.
 *
 * Upstream: network-config-analyzer "redundancy" (rules whose removal leaves connectivity
 * equivalent, "contained in" another rule); Calico reference "Tier" for evaluation order.
 */
import type { Edit } from '../queries.js';
import { ruleKey } from '../programIndex.js';
import { deciders, liveRules, relatedDeciders, ruleFinding, unshift, type Decider } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

export const redundantRule: LintCheck = {
  id: 'redundant-rule',
  severity: 'info',
  summary: 'a rule whose removal changes no verdict: later rules decide its flows the same way',
  upstream: 'network-config-analyzer "redundancy"',
  needs: 'flows',
  async run(ctx) {
    const findings: Finding[] = [];
    const q = ctx.queries;
    if (!q || ctx.facts.vacuous) return findings;
    for (const r of liveRules(ctx)) {
      const edit: Edit = { kind: 'remove-rule', rule: r.ref };
      const changes = await q.find({ kind: 'differs', scope: r.ref.direction, edit });
      if (changes.status !== 'none') continue;
      ctx.facts.deadRules.add(ruleKey(r.ref));
      const decided = await q.find({ kind: 'decides', rule: r.ref }, 20);
      const covering: Decider[] = [];
      for (const flow of decided.status === 'found' ? decided.flows : []) {
        const d = deciders(ctx.program, flow, edit)?.[r.ref.direction];
        if (d) covering.push(d.kind === 'rule' ? { ...d, rule: unshift(d.rule, edit) } : d);
      }
      findings.push(
        ruleFinding(ctx, this, r, {
          message: 'the rule is redundant: removing it changes no verdict',
          related: relatedDeciders(ctx.index, covering, 'without it, its flows are decided the same way by'),
          ...(decided.status === 'found' ? { witness: ctx.witness(decided.flows[0]!, edit) } : {}),
        }),
      );
    }
    return findings;
  },
};
