/**
 * Check `order-dependent-overlap` (flows, info, with witness): an allow rule and a deny or pass
 * rule of one tier both match some flow, and only their order decides it — the earlier one wins;
 * written the other way round, the verdict would change.
 *
 * Precisely, for rules a before b in one tier and direction, of opposite kinds (allow vs.
 * deny/pass): a flow on which a decides and, without a, b decides with another verdict. Often
 * intended (a deny carved out of a broad allow), hence info; the witness shows the flow.
 *
 * Upstream: Calico reference "NetworkPolicy" (`order`, rules in order, first match) and "Tier";
 * network-policy-api "AdminNetworkPolicy" (rules in order within a policy, priorities between
 * policies); Batfish "filterLineReachability" (lines whose packets earlier lines take, with a
 * different action).
 */
import { ruleKey } from '../programIndex.js';
import type { Edit } from '../queries.js';
import { deciders, liveRules, relatedRule, ruleFinding, unshift } from '../support.js';
import type { Finding, LintCheck, RuleRef } from '../types.js';

const kind = (action: string) => (action === 'allow' ? 'allow' : 'deny/pass');

export const orderDependentOverlap: LintCheck = {
  id: 'order-dependent-overlap',
  severity: 'info',
  summary: 'an allow and a deny/pass rule overlap, and only their order decides the flows they share',
  upstream: 'Calico reference "NetworkPolicy" and "Tier" (first match decides); Batfish filterLineReachability',
  needs: 'flows',
  async run(ctx) {
    const findings: Finding[] = [];
    const q = ctx.queries;
    if (!q) return findings;
    for (const a of liveRules(ctx)) {
      const edit: Edit = { kind: 'remove-rule', rule: a.ref };
      const found = await q.find({ kind: 'and', args: [{ kind: 'decides', rule: a.ref }, { kind: 'differs', scope: a.ref.direction, edit }] }, 50);
      if (found.status !== 'found') continue;
      const seen = new Map<string, { b: RuleRef; action: string; flow: (typeof found.flows)[number] }>();
      for (const flow of found.flows) {
        const d = deciders(ctx.program, flow, edit)?.[a.ref.direction];
        if (d?.kind !== 'rule') continue;
        const b = unshift(d.rule, edit);
        if (b.tier !== a.ref.tier || kind(d.action) === kind(a.rule.action)) continue;
        if (!seen.has(ruleKey(b))) seen.set(ruleKey(b), { b, action: d.action, flow });
      }
      for (const { b, action, flow } of seen.values()) {
        findings.push(
          ruleFinding(ctx, this, a, {
            message: `this ${a.rule.action} rule overlaps a later ${action} rule: on the flows both match, only their order decides (this one wins)`,
            related: [relatedRule(ctx.index, b, 'overlaps')],
            witness: ctx.witness(flow, edit),
          }),
        );
      }
    }
    return findings;
  },
};
