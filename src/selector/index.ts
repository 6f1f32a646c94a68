/**
 * The selector module's public API: Calico selector text and Kubernetes `LabelSelector`s into one
 * AST, its canonical printer, matchers, and structural queries. Re-exports only.
 */
export type { Labels, Selector, SelectorOp } from './ast.js';
export { ALL, and, canonicalValues, compareCodePoints, eq, GLOBAL, has, inSet, neq, not, notInSet, or } from './build.js';
export { compileSelector, type SelectorMatcher } from './compileSelector.js';
export { evaluateSelector } from './evaluateSelector.js';
export { fromLabelSelector } from './fromLabelSelector.js';
export {
  parseCalicoSelector,
  SELECTOR_LIMITS,
  type ParseSelectorResult,
  type SelectorSyntaxError,
} from './parseCalicoSelector.js';
export { printSelector } from './printSelector.js';
export { selectorEquals, selectorKeys } from './structure.js';
