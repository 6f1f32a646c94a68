/**
 * Check `rule-matches-nothing` (snapshot, warning): a rule whose policy applies to some pod but
 * which matches no flow of the snapshot — no combination of peer, port and protocol it names
 * occurs (e.g. a CIDR that holds only pod addresses under `--ipblock-scope external`, a port list
 * and a protocol that never meet). Rules already reported for a narrower reason (an empty entry,
 * a selector that selects nothing, an unresolvable named port) are not reported again.
 *
 * Upstream: network-config-analyzer "emptiness" (rules that select no peers); the meaning of a
 * match is the oracle's (`oracle/rule.ts`).
 */
import { ruleKey } from '../programIndex.js';
import { liveRules, ruleFinding } from '../support.js';
import type { Finding, LintCheck } from '../types.js';

export const ruleMatchesNothing: LintCheck = {
  id: 'rule-matches-nothing',
  severity: 'warning',
  summary: 'a rule that matches no flow of the snapshot although its policy applies',
  upstream: 'network-config-analyzer "emptiness"; netpolc oracle `matchRule`',
  needs: 'cluster',
  async run(ctx) {
    const findings: Finding[] = [];
    const q = ctx.queries;
    if (!q) return findings;
    for (const r of liveRules(ctx, { withLog: true })) {
      const applies = await q.find({ kind: 'applies', policy: r.ref, direction: r.ref.direction });
      if (applies.status !== 'found') continue;
      const m = await q.find({ kind: 'matches', rule: r.ref, certain: false });
      if (m.status !== 'none') continue;
      ctx.facts.deadRules.add(ruleKey(r.ref));
      findings.push(ruleFinding(ctx, this, r, { message: 'the rule matches no flow of the snapshot: the peers, ports and protocols it names never occur together' }));
    }
    return findings;
  },
};
