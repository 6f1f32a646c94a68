/**
 * Lint support: the program's tiers, policies and rules in evaluation order, numbered, with the
 * names and locations findings print, and edits of the program (a rule or policy removed) for
 * replaying witnesses through the oracle.
 *
 * Input → output: IR program → `ProgramIndex`. Contract: policy number `pi` and rule number `ri`
 * follow evaluation order (tiers by (order, name), policies by (order, name), rules as written),
 * so walking them in increasing order is walking them as the oracle does.
 */
import type { Direction, Policy, Program, Rule, Tier } from '../../ir/ast.js';
import { DIRECTIONS } from '../../ir/ast.js';
import { inEvaluationOrder } from '../../ir/order.js';
import type { Edit } from './queries.js';
import type { Location, PolicyRef, RuleRef } from './types.js';

export interface IndexedPolicy {
  pi: number;
  ref: PolicyRef;
  policy: Policy;
  tier: Tier;
  /** Position of the tier in evaluation order. */
  ti: number;
  /** Rule numbers per direction, in written order. */
  rules: Record<Direction, number[]>;
}

export interface IndexedRule {
  ri: number;
  ref: RuleRef;
  rule: Rule;
  pi: number;
}

export interface ProgramIndex {
  tiers: Tier[];
  policies: IndexedPolicy[];
  rules: IndexedRule[];
  policyNumber(ref: PolicyRef): number | undefined;
  ruleNumber(ref: RuleRef): number | undefined;
}

export const policyKey = (r: PolicyRef): string => `${r.tier}\u0000${r.policy}`;
export const ruleKey = (r: RuleRef): string => `${policyKey(r)}\u0000${r.direction}\u0000${r.position}`;

export function indexProgram(program: Program): ProgramIndex {
  const tiers = inEvaluationOrder(program.tiers);
  const policies: IndexedPolicy[] = [];
  const rules: IndexedRule[] = [];
  tiers.forEach((tier, ti) => {
    for (const policy of inEvaluationOrder(tier.policies)) {
      const pi = policies.length;
      const ip: IndexedPolicy = { pi, ref: { tier: tier.name, policy: policy.name }, policy, tier, ti, rules: { ingress: [], egress: [] } };
      policies.push(ip);
      for (const direction of DIRECTIONS)
        policy[direction].forEach((rule, position) => {
          ip.rules[direction].push(rules.length);
          rules.push({ ri: rules.length, ref: { ...ip.ref, direction, position }, rule, pi });
        });
    }
  });
  const pByKey = new Map(policies.map((p) => [policyKey(p.ref), p.pi]));
  const rByKey = new Map(rules.map((r) => [ruleKey(r.ref), r.ri]));
  return {
    tiers,
    policies,
    rules,
    policyNumber: (ref) => pByKey.get(policyKey(ref)),
    ruleNumber: (ref) => rByKey.get(ruleKey(ref)),
  };
}

/** Where a policy was written. */
export function policyLocation(p: Policy): Location {
  return { file: p.origin.file, line: p.origin.line, column: p.origin.column, path: '' };
}

/** Where a rule was written. */
export function ruleLocation(r: Rule): Location {
  return { file: r.origin.file, line: r.origin.line, column: r.origin.column, path: r.origin.path };
}

/** `` `default/web` `` — the resource name, as its author wrote it. */
export function policyLabel(p: Policy): string {
  return `\`${p.origin.name}\``;
}

/**
 * `` ingress rule 1 of `default/web` (allow) ``: the rule's number within its resource (1-based,
 * as people count), or the field path when the rule is one peer of a resource rule.
 */
export function ruleLabel(r: IndexedRule, p: Policy): string {
  const o = r.rule.origin;
  // The field path when the source has one (`spec.egress[0]`, 0-based as in YAML tools), else a 1-based count.
  const where = o.path ? `\`${o.path}\`` : `${r.ref.direction} rule ${o.index + 1}`;
  return `${where} of ${policyLabel(p)} (${r.rule.action})`;
}

/** The program changed by `edit`, for replaying a witness; `undefined` for edits it cannot show. */
export function applyEdit(program: Program, edit: Edit): Program | undefined {
  switch (edit.kind) {
    case 'none':
      return program;
    case 'remove-all':
      return { ...program, tiers: [], final: 'allow' };
    case 'remove-policy':
      return {
        ...program,
        tiers: program.tiers.map((t) =>
          t.name !== edit.policy.tier ? t : { ...t, policies: t.policies.filter((p) => p.name !== edit.policy.policy) },
        ),
      };
    case 'remove-rule':
    case 'remove-rules': {
      const gone = new Set((edit.kind === 'remove-rule' ? [edit.rule] : edit.rules).map(ruleKey));
      return {
        ...program,
        tiers: program.tiers.map((t) => ({
          ...t,
          policies: t.policies.map((p) => ({
            ...p,
            ingress: p.ingress.filter((_, position) => !gone.has(ruleKey({ tier: t.name, policy: p.name, direction: 'ingress', position }))),
            egress: p.egress.filter((_, position) => !gone.has(ruleKey({ tier: t.name, policy: p.name, direction: 'egress', position }))),
          })),
        })),
      };
    }
    case 'swap-policies':
      return undefined;
  }
}

/** A short description of an edit, for witnesses. */
export function describeEdit(index: ProgramIndex, edit: Edit): string {
  switch (edit.kind) {
    case 'none':
      return 'as written';
    case 'remove-all':
      return 'without any policy';
    case 'remove-policy': {
      const p = index.policies[index.policyNumber(edit.policy) ?? -1];
      return `without ${p ? policyLabel(p.policy) : `\`${edit.policy.policy}\``}`;
    }
    case 'remove-rules':
      return `without ${edit.rules.length} rules`;
    case 'remove-rule': {
      const ri = index.ruleNumber(edit.rule);
      const r = ri === undefined ? undefined : index.rules[ri]!;
      return r ? `without ${ruleLabel(r, index.policies[r.pi]!.policy)}` : 'without the rule';
    }
    case 'swap-policies': {
      const a = index.policies[index.policyNumber(edit.a) ?? -1];
      const b = index.policies[index.policyNumber(edit.b) ?? -1];
      return `with ${a ? policyLabel(a.policy) : '?'} and ${b ? policyLabel(b.policy) : '?'} in the other order`;
    }
  }
}
