/**
 * Check `shadowed-rule` (flows): the rule matches flows, but never gets to decide one — in every
 * flow it matches, evaluation ends (or passes its tier) before reaching it, because an earlier
 * rule, policy or tier decided. Names the blocking rules.
 *
 * Precisely: some flow satisfies `matches(rule)` (its policy applies and it definitely matches),
 * and none satisfies `matches(rule, maybe included) ∧ reaches(rule)`. Severity: warning when some
 * blocker's action differs from the rule's (an allow that a deny always overrides is a bug);
 * info when every blocker does what the rule would (dead code).
 *
 * Upstream: Calico reference "NetworkPolicy" / "Tier" (first match in order decides; `Pass` skips
 * the rest of the tier); Batfish "filterLineReachability" (lines that are never matched because
 * earlier lines take all their packets, with the blocking lines named).
 */
import { ruleKey } from '../programIndex.js';
import { blockerOf, liveRules, relatedDeciders, ruleFinding, type Decider } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

export const shadowedRule: LintCheck = {
  id: 'shadowed-rule',
  severity: 'warning',
  summary: 'a rule that never decides because earlier rules, policies or tiers always decide first',
  upstream: 'Calico reference "Tier" (first match decides); Batfish filterLineReachability',
  needs: 'flows',
  async run(ctx) {
    const findings: Finding[] = [];
    const q = ctx.queries;
    if (!q) return findings;
    for (const r of liveRules(ctx)) {
      const matched = await q.find({ kind: 'matches', rule: r.ref, certain: true });
      if (matched.status !== 'found') continue;
      const reached = await q.find({ kind: 'and', args: [{ kind: 'matches', rule: r.ref, certain: false }, { kind: 'reaches', rule: r.ref }] });
      if (reached.status !== 'none') continue;
      ctx.facts.deadRules.add(ruleKey(r.ref));
      const sample = await q.find({ kind: 'matches', rule: r.ref, certain: true }, 30);
      const blockers: Decider[] = [];
      for (const flow of sample.status === 'found' ? sample.flows : []) {
        blockers.push(blockerOf(ctx.program, flow, r.ref));
      }
      const differ = blockers.some((b) => (b.kind === 'rule' ? b.action !== r.rule.action : b.kind === 'tier-default' ? r.rule.action !== 'deny' : true));
      findings.push(
        ruleFinding(ctx, this, r, {
          severity: differ ? 'warning' : 'info',
          message: differ
            ? `the rule never decides: every flow it matches is decided earlier, and differently (${r.rule.action} is overridden)`
            : 'the rule never decides: every flow it matches is decided earlier, the same way (dead code)',
          related: relatedDeciders(ctx.index, blockers, 'decided first by'),
          witness: ctx.witness(matched.flows[0]!),
        }),
      );
    }
    return findings;
  },
};
