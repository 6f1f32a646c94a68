/**
 * SMT stage, selectors as terms: selector AST × `LabelView` → a Boolean term that holds exactly
 * when the selector matches the map (the semantics in `selector/ast.ts`, which the oracle's
 * `evaluateSelector` implements concretely).
 *
 * Contract: `scope` decides the two scope-dependent terms, as the oracle's `namespaceMatches`
 * does (libcalico-go `updateprocessors/rules.go`): without a scope (an entity selector) `all()`
 * and `global()` are true; with a scope (a namespace selector) `all()` means "namespaced" and
 * `global()` "not namespaced". Every string test is exact (SMT strings).
 */
import type { Selector } from '../selector/ast.js';
import type { TermFactory } from './factory.js';
import type { LabelView } from './labels.js';
import type { Term } from './term.js';

export interface SelectorScope {
  /** The entity is not namespaced (a global network set). */
  global: boolean;
}

export function encodeSelector(f: TermFactory, s: Selector, view: LabelView, scope?: SelectorScope): Term {
  const oneOf = (key: string, values: readonly string[]) =>
    f.and(view.has(key), f.or(...values.map((v) => f.eq(view.val(key), f.str(v)))));
  switch (s.op) {
    case 'all':
      return f.bool(scope === undefined || !scope.global);
    case 'global':
      return f.bool(scope === undefined || scope.global);
    case 'has':
      return view.has(s.key);
    case 'eq':
      return oneOf(s.key, [s.value]);
    case 'neq':
      return f.not(oneOf(s.key, [s.value]));
    case 'in':
      return oneOf(s.key, s.values);
    case 'notin':
      return f.not(oneOf(s.key, s.values));
    case 'contains':
      return f.and(view.has(s.key), f.contains(view.val(s.key), f.str(s.value)));
    case 'startswith':
      return f.and(view.has(s.key), f.prefixOf(f.str(s.value), view.val(s.key)));
    case 'endswith':
      return f.and(view.has(s.key), f.suffixOf(f.str(s.value), view.val(s.key)));
    case 'not':
      return f.not(encodeSelector(f, s.arg, view, scope));
    case 'and':
      return f.and(...s.args.map((a) => encodeSelector(f, a, view, scope)));
    case 'or':
      return f.or(...s.args.map((a) => encodeSelector(f, a, view, scope)));
  }
}
