/**
 * Lint support shared by the checks: building findings, naming rules and policies, and asking the
 * oracle what decided a witness flow (on the program as written or changed by an edit).
 *
 * Contract: "what decided" always comes from the oracle's trace (`evaluate`), so that a finding
 * that names a blocking or covering rule names what the ground truth says.
 */
import type { Direction, Policy, Program } from '../../ir/ast.js';
import type { Flow } from '../../ir/flow.js';
import { evaluate, resolveParty, type DirectionTrace, type Party } from '../../oracle/index.js';
import { applyEdit, policyKey, policyLocation, ruleKey, ruleLocation, type IndexedPolicy, type IndexedRule, type ProgramIndex } from './programIndex.js';
import type { Edit } from './queries.js';
import type { Finding, LintCheck, LintContext, PolicyRef, Related, RuleRef } from './types.js';
import { policyText, ruleText } from './witness.js';

/** Policies netpolc added itself (Calico's default namespace profile): never the subject of a finding. */
export function isImplicit(p: Policy): boolean {
  return p.origin.file.startsWith('<');
}

export function explicitPolicies(index: ProgramIndex): IndexedPolicy[] {
  return index.policies.filter((p) => !isImplicit(p.policy));
}

/** The rules lint reasons about: of explicit policies not already reported dead, and not dead themselves. */
export function liveRules(ctx: LintContext, opts: { withLog?: boolean } = {}): IndexedRule[] {
  return ctx.index.rules.filter((r) => {
    const p = ctx.index.policies[r.pi]!;
    return (
      !isImplicit(p.policy) &&
      !ctx.facts.deadPolicies.has(policyKey(p.ref)) &&
      !ctx.facts.deadRules.has(ruleKey(r.ref)) &&
      (opts.withLog || r.rule.action !== 'log')
    );
  });
}

/** A finding about a rule, at the rule's location. */
export function ruleFinding(ctx: LintContext, check: LintCheck, r: IndexedRule, f: Partial<Finding> & Pick<Finding, 'message'>): Finding {
  return {
    check: check.id,
    severity: f.severity ?? check.severity,
    mode: f.mode ?? ctx.mode,
    location: ruleLocation(r.rule),
    policy: { tier: r.ref.tier, policy: r.ref.policy },
    rule: r.ref,
    related: [],
    ...f,
  };
}

/** A finding about a policy, at the policy's location. */
export function policyFinding(ctx: LintContext, check: LintCheck, p: IndexedPolicy, f: Partial<Finding> & Pick<Finding, 'message'>): Finding {
  return {
    check: check.id,
    severity: f.severity ?? check.severity,
    mode: f.mode ?? ctx.mode,
    location: policyLocation(p.policy),
    policy: p.ref,
    related: [],
    ...f,
  };
}

export function relatedRule(index: ProgramIndex, ref: RuleRef, what: string): Related {
  const ri = index.ruleNumber(ref);
  return { message: `${what} ${ruleText(index, ref)}`, location: ri === undefined ? null : ruleLocation(index.rules[ri]!.rule) };
}

export function relatedPolicy(index: ProgramIndex, ref: PolicyRef, what: string): Related {
  const pi = index.policyNumber(ref);
  const p = pi === undefined ? undefined : index.policies[pi]!.policy;
  return { message: `${what} ${policyText(index, ref)}`, location: p && !isImplicit(p) ? policyLocation(p) : null };
}

/** What decided one direction of a flow, structurally. */
export type Decider =
  | { direction: Direction; kind: 'rule'; rule: RuleRef; action: string }
  | { direction: Direction; kind: 'tier-default'; tier: string; policies: PolicyRef[] }
  | { direction: Direction; kind: 'final' | 'unknown' | 'not-evaluated' };

function deciderOf(t: DirectionTrace): Decider {
  const d = t.decision;
  if (d.by === 'rule') return { direction: t.direction, kind: 'rule', rule: d.rule, action: d.rule.action };
  if (d.by === 'tier-default') {
    const step = t.tiers.find((s) => s.tier === d.tier);
    return { direction: t.direction, kind: 'tier-default', tier: d.tier, policies: (step?.policies ?? []).map((policy) => ({ tier: d.tier, policy })) };
  }
  if (d.by === 'final') return { direction: t.direction, kind: 'final' };
  if (d.by === 'not-evaluated') return { direction: t.direction, kind: 'not-evaluated' };
  return { direction: t.direction, kind: 'unknown' };
}

/** The oracle's deciders of a flow on the program (changed by `edit`), per direction. */
export function deciders(program: Program, flow: Flow, edit?: Edit): { egress: Decider; ingress: Decider; verdict: string } | undefined {
  const p = edit ? applyEdit(program, edit) : program;
  if (!p) return undefined;
  const e = evaluate(p, flow);
  return { egress: deciderOf(e.egress), ingress: deciderOf(e.ingress), verdict: e.verdict };
}

/**
 * What kept evaluation from reaching a rule on a flow: a `pass` rule that left the rule's tier
 * first, else whatever decided the direction.
 */
export function blockerOf(program: Program, flow: Flow, ref: RuleRef): Decider {
  const t = evaluate(program, flow)[ref.direction];
  const step = t.tiers.find((s) => s.tier === ref.tier);
  if (step?.outcome === 'pass' && step.passedBy && step.passedBy !== 'default')
    return { direction: ref.direction, kind: 'rule', rule: step.passedBy, action: 'pass' };
  return deciderOf(t);
}

/**
 * Rule refs from an edited program point into that program; after a rule is removed, later rules
 * of its policy moved up one place. Map them back to the program as written.
 */
export function unshift(ref: RuleRef, edit: Edit | undefined): RuleRef {
  if (edit?.kind !== 'remove-rule') return ref;
  const r = edit.rule;
  const same = r.tier === ref.tier && r.policy === ref.policy && r.direction === ref.direction;
  return same && ref.position >= r.position ? { ...ref, position: ref.position + 1 } : ref;
}

/** Related entries for the distinct deciders of some witnesses, in one direction. */
export function relatedDeciders(index: ProgramIndex, ds: Decider[], what: string): Related[] {
  const seen = new Set<string>();
  const out: Related[] = [];
  for (const d of ds) {
    if (d.kind === 'rule') {
      const k = ruleKey(d.rule);
      if (!seen.has(k)) out.push(relatedRule(index, d.rule, what));
      seen.add(k);
    } else if (d.kind === 'tier-default') {
      const k = `tier:${d.tier}`;
      if (!seen.has(k)) {
        const first = d.policies[0];
        const rel = first ? relatedPolicy(index, first, `${what} the end of tier \`${d.tier}\`, applied by`) : { message: `${what} the end of tier \`${d.tier}\``, location: null };
        out.push(rel);
      }
      seen.add(k);
    } else if (d.kind === 'final' && !seen.has('final')) {
      seen.add('final');
      out.push({ message: `${what} the default after every tier (no policy decided)`, location: null });
    }
  }
  return out;
}

/** `a`, `b` and 3 more: a list for a one-line message. */
export function listed(xs: readonly string[], max = 4): string {
  const shown = xs.slice(0, max).map((x) => `\`${x}\``);
  if (xs.length > max) return `${shown.join(', ')} and ${xs.length - max} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}


/** The oracle's view of each endpoint class of the snapshot (by class index). */
export function classParties(ctx: LintContext): Party[] {
  return (ctx.cells?.classes ?? []).map((c) => resolveParty(ctx.program, { src: c.party.party, dst: c.party.party, ipVersion: 4, protocol: 6 }, c.party.party));
}
