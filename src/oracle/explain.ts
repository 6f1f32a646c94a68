/**
 * Oracle traces → readable text, for `netpolc explain` and for test failure messages.
 *
 * Contract: one line per visited tier, indented under its direction; the deciding line names the
 * tier, policy and rule with its provenance (`file:line:col kind name path`). Pure formatting: it
 * adds no facts the trace does not hold.
 */
import type { Origin, RuleOrigin } from '../ir/ast.js';
import type { Decision, DirectionTrace, Evaluation, RuleRef, TierStep } from './trace.js';

function place(o: Origin): string {
  const path = 'path' in o && (o as RuleOrigin).path !== '' ? ` ${(o as RuleOrigin).path}` : '';
  return `${o.file}:${o.line}:${o.column} ${o.kind} ${o.name}${path}`;
}

function ruleText(r: RuleRef): string {
  return `policy ${r.policy} ${r.direction} rule ${r.position} (${r.action}; ${place(r.origin)})`;
}

function decisionText(d: Decision): string {
  switch (d.by) {
    case 'rule':
      return `${d.verdict} by ${ruleText(d.rule)}`;
    case 'rule-unknown':
      return `unknown: ${ruleText(d.rule)} may match (${d.reasons.join('; ')})`;
    case 'policy-unknown':
      return `unknown: policy ${d.policy} is not modelled (${d.reasons.join('; ')}; ${place(d.origin)})`;
    case 'tier-default':
      return `deny: no rule matched, end of tier ${d.tier}`;
    case 'final':
      return `${d.verdict}: every tier passed or did not apply (final ${d.verdict})`;
    case 'not-evaluated':
      return 'not a pod: nothing enforced';
  }
}

function stepText(s: TierStep, last: boolean, d: Decision): string {
  if (!s.applied) return `tier ${s.tier}: does not apply`;
  const head = `tier ${s.tier} [${s.policies.join(', ')}]`;
  const logged = s.logged.length > 0 ? `; logged by ${s.logged.map(ruleText).join(', ')}` : '';
  if (s.outcome === 'pass')
    return `${head}: pass ${s.passedBy === 'default' ? 'by the tier default' : `by ${ruleText(s.passedBy!)}`}${logged}`;
  return `${head}: ${last ? decisionText(d) : s.outcome}${logged}`;
}

export function formatDirection(t: DirectionTrace): string[] {
  const lines = [`${t.direction} at ${t.endpoint}: ${t.verdict}`];
  if (!t.evaluated) return [`${lines[0]} (${decisionText(t.decision)})`];
  t.tiers.forEach((s, i) => lines.push(`  ${stepText(s, i === t.tiers.length - 1 && t.decision.by !== 'final', t.decision)}`));
  if (t.decision.by === 'final') lines.push(`  ${decisionText(t.decision)}`);
  return lines;
}

/** One direction as a walkthrough: `[admin] pass (pass-mon) → [default] allow (db, ingress rule 1)`. */
export function walkthrough(t: DirectionTrace): string {
  if (!t.evaluated) return `${t.direction}: not a pod, nothing enforced`;
  const steps: string[] = [];
  t.tiers.forEach((s, i) => {
    if (!s.applied) return;
    const last = i === t.tiers.length - 1 && t.decision.by !== 'final';
    if (s.outcome === 'pass') {
      const by = s.passedBy === 'default' ? 'tier default' : `${s.passedBy!.policy}, ${s.passedBy!.direction} rule ${s.passedBy!.origin.index}`;
      steps.push(`[${s.tier}] pass (${by})`);
    } else if (last) {
      const d = t.decision;
      if (d.by === 'rule' || d.by === 'rule-unknown') steps.push(`[${s.tier}] ${d.verdict} (${d.rule.policy}, ${d.rule.direction} rule ${d.rule.origin.index})`);
      else if (d.by === 'policy-unknown') steps.push(`[${s.tier}] unknown (${d.policy} not modelled)`);
      else if (d.by === 'tier-default') steps.push(`[${s.tier}] deny (end of tier)`);
    }
  });
  if (t.decision.by === 'final') steps.push(`${t.decision.verdict} (no tier decided: final ${t.decision.verdict})`);
  return `${t.direction}: ${steps.join(' → ')}`;
}

export function formatEvaluation(e: Evaluation): string {
  const lines = [
    `verdict: ${e.verdict}`,
    `  ${walkthrough(e.egress)}`,
    `  ${walkthrough(e.ingress)}`,
    ...formatDirection(e.egress),
    ...formatDirection(e.ingress),
  ];
  for (const n of e.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
