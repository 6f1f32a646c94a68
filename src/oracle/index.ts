/**
 * The oracle's public API: concrete evaluation of an IR program on one flow, its traces, and the
 * matchers (for `explain` and for tests of other back ends). Re-exports only.
 */
export { evaluate, evaluateDirection, subjectSelects } from './evaluate.js';
export { formatEvaluation } from './explain.js';
export { OracleError, resolveParty, type Entity, type Party, type PodFacts } from './party.js';
export { matchPeer } from './peer.js';
export { matchRule, type RuleResult } from './rule.js';
export * from './trace.js';
export type { Tri } from './tri.js';
