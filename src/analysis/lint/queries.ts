/**
 * Lint, the seam between checks and the flow space: every check that reasons about flows asks
 * only "find flows in which this condition holds", and a back end answers.
 *
 * Two back ends implement `FlowQueries`:
 * - snapshot (`snapshotQueries.ts`): the cells of a cluster snapshot (`analysis/cells.ts`), each
 *   decided by its representative flow — exhaustive over the snapshot, so `none` is exact there;
 * - universal (the Z3 encoding, `src/smt/**`, not landed yet): flows between symbolic pods of any
 *   namespace and labels; `none` is then a proof for every cluster, `found` carries a decoded
 *   counterexample, and a solver timeout is `unknown` (never read as `none`).
 * A universal back end implements exactly this interface; no check changes when it lands.
 *
 * Conditions talk about one flow and the program's evaluation of it (DESIGN §3). A rule's
 * conditions are about the direction the rule belongs to, at the end its policy is attached to
 * (the source for egress, the destination for ingress); that end must be a pod.
 */
import type { Direction } from '../../ir/ast.js';
import type { Flow } from '../../ir/flow.js';
import type { Verdict } from '../../oracle/index.js';
import type { PolicyRef, RuleRef } from './types.js';

/** A change of the program, under which a condition may be evaluated. */
export type Edit =
  | { kind: 'none' }
  /** The rule deleted from its policy. */
  | { kind: 'remove-rule'; rule: RuleRef }
  /** Several rules deleted at once (one resource rule that lowered to several IR rules). */
  | { kind: 'remove-rules'; rules: RuleRef[] }
  /** The policy deleted (its tier no longer applies where it was the only applying policy). */
  | { kind: 'remove-policy'; policy: PolicyRef }
  /** Two policies of one tier evaluated in the other order. */
  | { kind: 'swap-policies'; a: PolicyRef; b: PolicyRef }
  /** Every tier deleted: no policy at all, so everything is allowed. */
  | { kind: 'remove-all' };

export const NO_EDIT: Edit = { kind: 'none' };

/** `flow`: the flow's verdict (both directions); a direction: that direction's verdict. */
export type Scope = Direction | 'flow';

export type Condition =
  /** The policy lists the direction in its types and its subject selects the end. */
  | { kind: 'applies'; policy: PolicyRef; direction: Direction }
  /** The rule's policy applies and the rule matches (`certain`: definitely; else maybe too). */
  | { kind: 'matches'; rule: RuleRef; certain: boolean }
  /** Evaluation (under `edit`) gets to the rule: its policy applies and nothing before it decided or passed. */
  | { kind: 'reaches'; rule: RuleRef; edit?: Edit }
  /** The rule decides its direction (under `edit`): reached, definitely matching, not a log rule. */
  | { kind: 'decides'; rule: RuleRef; edit?: Edit }
  /** The verdict of `scope` (under `edit`) is `is`. */
  | { kind: 'verdict'; scope: Scope; is: Verdict; edit?: Edit }
  /** The verdict of `scope` under `edit` differs from the verdict as written. */
  | { kind: 'differs'; scope: Scope; edit: Edit }
  | { kind: 'and'; args: Condition[] }
  | { kind: 'or'; args: Condition[] }
  | { kind: 'not'; arg: Condition };

export type Search =
  /** Witnesses, at most the limit asked for; never empty. */
  | { status: 'found'; flows: Flow[] }
  /** No flow satisfies the condition (over the snapshot, or proved for every cluster). */
  | { status: 'none' }
  | { status: 'unknown'; reason: string };

export interface FlowQueries {
  readonly mode: 'snapshot' | 'universal';
  /** Flows in which `cond` holds, at most `limit` (default 1). */
  find(cond: Condition, limit?: number): Promise<Search>;
}

export const and = (...args: Condition[]): Condition => ({ kind: 'and', args });
export const not = (arg: Condition): Condition => ({ kind: 'not', arg });
