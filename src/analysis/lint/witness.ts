/**
 * Lint, witnesses: a flow a finding names, replayed through the oracle (the ground truth), with
 * one line per direction saying what decided it — and, for findings about a change of the
 * program, the same on the changed program.
 *
 * Input → output: program + flow (+ edit) → `Witness`. Contract: the verdict and trace are the
 * oracle's (`evaluate`), never the back end's own opinion; a swap of two policies cannot be written
 * as a program without renaming them, so its changed verdict is left out.
 */
import type { Program } from '../../ir/ast.js';
import type { Flow } from '../../ir/flow.js';
import { printFlowText } from '../../ir/flowText.js';
import { evaluate, type DirectionTrace } from '../../oracle/index.js';
import { applyEdit, describeEdit, indexProgram, policyLabel, ruleLabel, type ProgramIndex } from './programIndex.js';
import type { Edit } from './queries.js';
import type { PolicyRef, RuleRef, Witness } from './types.js';

export function makeWitness(program: Program, index: ProgramIndex, flow: Flow, edit?: Edit): Witness {
  const e = evaluate(program, flow);
  const w: Witness = { flow, text: printFlowText(flow), verdict: e.verdict, trace: traceLines(index, [e.egress, e.ingress]) };
  if (edit && edit.kind !== 'none') {
    const changed = applyEdit(program, edit);
    if (changed) {
      const c = evaluate(changed, flow);
      w.changed = { what: describeEdit(index, edit), verdict: c.verdict, trace: traceLines(indexProgram(changed), [c.egress, c.ingress]) };
    }
  }
  return w;
}

function traceLines(index: ProgramIndex, traces: DirectionTrace[]): string[] {
  return traces.filter((t) => t.evaluated).map((t) => `${t.direction} at \`${t.endpoint}\`: ${decisionText(index, t)}`);
}

/** What decided a direction, in words: `allowed by ingress rule 1 of `prod/web` (allow)`. */
export function decisionText(index: ProgramIndex, t: DirectionTrace): string {
  const d = t.decision;
  switch (d.by) {
    case 'rule':
      return `${d.verdict === 'allow' ? 'allowed' : 'denied'} by ${ruleText(index, d.rule)}`;
    case 'rule-unknown':
      return `unknown: ${ruleText(index, d.rule)} may match (${d.reasons.join('; ')})`;
    case 'policy-unknown':
      return `unknown: \`${d.origin.name}\` is not modelled (${d.reasons.join('; ')})`;
    case 'tier-default': {
      const step = t.tiers.find((s) => s.tier === d.tier);
      const names = (step?.policies ?? []).map((name) => policyText(index, { tier: d.tier, policy: name }));
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
      return `denied at the end of tier \`${d.tier}\`${shown ? ` (isolated by ${shown})` : ''}`;
    }
    case 'final':
      return d.verdict === 'allow' ? 'allowed: no policy decided' : 'denied: no policy decided';
    case 'not-evaluated':
      return 'not a pod';
  }
}

export function ruleText(index: ProgramIndex, r: RuleRef): string {
  const ri = index.ruleNumber(r);
  if (ri === undefined) return `rule ${r.position + 1} of \`${r.policy}\``;
  const ir = index.rules[ri]!;
  return ruleLabel(ir, index.policies[ir.pi]!.policy);
}

export function policyText(index: ProgramIndex, p: PolicyRef): string {
  const pi = index.policyNumber(p);
  return pi === undefined ? `\`${p.policy}\`` : policyLabel(index.policies[pi]!.policy);
}
