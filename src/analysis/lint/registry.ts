/**
 * Lint, the registry: every check, in the order they run. Like graphql-js `specifiedRules`, one
 * list is the whole catalogue (ids, severities and summaries for `--help`, SARIF rule metadata).
 *
 * Order matters, because a problem is reported once, by the most specific check that sees it
 * (`SharedFacts`): structural checks first (a selector that can never match), then what the
 * snapshot shows (a selector that matches none of its pods, an unresolvable named port, a rule no
 * flow fits), then the set as a whole (vacuous), then policies before rules (a redundant policy
 * hides its rules' findings), then why each rule is dead — shadowed before redundant before
 * unusable — and last the checks that look at flows rather than at rules.
 */
import { dnsBlocked } from './checks/dnsBlocked.js';
import { emptyRule } from './checks/emptyRule.js';
import { orderDependentOverlap } from './checks/orderDependentOverlap.js';
import { redundantPolicy } from './checks/redundantPolicy.js';
import { redundantRule } from './checks/redundantRule.js';
import { ruleMatchesNothing } from './checks/ruleMatchesNothing.js';
import { selectsNothing } from './checks/selectsNothing.js';
import { shadowedRule } from './checks/shadowedRule.js';
import { uncapturedPods } from './checks/uncapturedPods.js';
import { undefinedOrder } from './checks/undefinedOrder.js';
import { unresolvableNamedPort } from './checks/unresolvableNamedPort.js';
import { unsatisfiableSelector } from './checks/unsatisfiableSelector.js';
import { unusableRule } from './checks/unusableRule.js';
import { vacuousPolicySet } from './checks/vacuousPolicySet.js';
import type { LintCheck } from './types.js';

export const CHECKS: readonly LintCheck[] = Object.freeze([
  unsatisfiableSelector,
  emptyRule,
  selectsNothing,
  unresolvableNamedPort,
  ruleMatchesNothing,
  vacuousPolicySet,
  redundantPolicy,
  shadowedRule,
  redundantRule,
  unusableRule,
  orderDependentOverlap,
  undefinedOrder,
  uncapturedPods,
  dnsBlocked,
]);

export function checkById(id: string): LintCheck | undefined {
  return CHECKS.find((c) => c.id === id);
}
