/**
 * The oracle's answer: a verdict per flow and, per direction, the trace of how it was reached
 * (tier → policy → rule with provenance, or the default that decided), for `explain`, for tests and
 * for replaying solver counterexamples.
 *
 * Contract: `DirectionTrace.tiers` lists the tiers evaluation visited, in order, up to and
 * including the deciding one; a tier that did not apply appears with `applied: false`. Tiers after
 * the decision are not listed.
 */
import type { Action, Direction, Origin, RuleOrigin } from '../ir/ast.js';

export type Verdict = 'allow' | 'deny' | 'unknown';

/** A rule, by tier, policy, direction and position in the policy's list for that direction. */
export interface RuleRef {
  tier: string;
  policy: string;
  direction: Direction;
  /** Position in `policy[direction]` (0-based), not the source's rule index (see `origin.index`). */
  position: number;
  action: Action;
  origin: RuleOrigin;
}

export type Decision =
  /** A rule matched and allowed or denied. */
  | { by: 'rule'; verdict: 'allow' | 'deny'; rule: RuleRef }
  /** A rule may match, depending on `reasons`, and its action would decide or pass. */
  | { by: 'rule-unknown'; verdict: 'unknown'; rule: RuleRef; reasons: string[] }
  /** Evaluation reached a policy that is not modelled as a whole. */
  | { by: 'policy-unknown'; verdict: 'unknown'; tier: string; policy: string; origin: Origin; reasons: string[] }
  /** A tier applied, no rule decided, and its default action is deny (Calico "end of tier drop"). */
  | { by: 'tier-default'; verdict: 'deny'; tier: string }
  /** Every tier passed or did not apply: the program's final action (Calico's profile). */
  | { by: 'final'; verdict: 'allow' | 'deny' }
  /** This end is not a pod: nothing is enforced here. */
  | { by: 'not-evaluated'; verdict: 'allow' };

export interface TierStep {
  tier: string;
  /** True when some policy of the tier selects the endpoint for this direction. */
  applied: boolean;
  /** The applying policies, in evaluation order. */
  policies: string[];
  /** `skipped` when the tier did not apply. */
  outcome: 'skipped' | 'allow' | 'deny' | 'pass' | 'unknown';
  /** For `pass`: the rule that passed, or `default` for the tier's default action. */
  passedBy: RuleRef | 'default' | null;
  /** `log` rules that matched on the way. */
  logged: RuleRef[];
}

export interface DirectionTrace {
  direction: Direction;
  /** The endpoint whose policies were evaluated (the source for egress, the destination for ingress). */
  endpoint: string;
  evaluated: boolean;
  verdict: Verdict;
  decision: Decision;
  tiers: TierStep[];
}

export interface Evaluation {
  verdict: Verdict;
  egress: DirectionTrace;
  ingress: DirectionTrace;
  /** Facts worth telling the reader: out-of-scope traffic, pods without addresses, … */
  notes: string[];
}

/** Kleene conjunction of the two directions: deny wins, then unknown, then allow. */
export function combine(a: Verdict, b: Verdict): Verdict {
  if (a === 'deny' || b === 'deny') return 'deny';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'allow';
}
