/**
 * Selector stage, meaning: selector AST × label map → match, by a direct walk of the tree. The
 * reference semantics (`ast.ts`) written plainly; `compileSelector` is the fast form of the same
 * function and is tested against it.
 *
 * Contract: a label is present when it is an own property of the map (inherited properties such as
 * `constructor` never count); `global()` is decided by `isGlobal` when given and is true otherwise
 * (libcalico-go's `GlobalNode.Evaluate` returns true; scope is applied by policy lowering).
 */
import type { Labels, Selector } from './ast.js';

const hasOwn = Object.prototype.hasOwnProperty;

function valueOf(labels: Labels, key: string): string | undefined {
  return hasOwn.call(labels, key) ? labels[key] : undefined;
}

export function evaluateSelector(s: Selector, labels: Labels, isGlobal?: boolean): boolean {
  switch (s.op) {
    case 'all':
      return true;
    case 'global':
      return isGlobal !== false;
    case 'has':
      return hasOwn.call(labels, s.key);
    case 'eq':
      return valueOf(labels, s.key) === s.value;
    case 'neq':
      return valueOf(labels, s.key) !== s.value;
    case 'in': {
      const v = valueOf(labels, s.key);
      return v !== undefined && s.values.includes(v);
    }
    case 'notin': {
      const v = valueOf(labels, s.key);
      return v === undefined || !s.values.includes(v);
    }
    case 'contains': {
      const v = valueOf(labels, s.key);
      return v !== undefined && v.includes(s.value);
    }
    case 'startswith': {
      const v = valueOf(labels, s.key);
      return v !== undefined && v.startsWith(s.value);
    }
    case 'endswith': {
      const v = valueOf(labels, s.key);
      return v !== undefined && v.endsWith(s.value);
    }
    case 'not':
      return !evaluateSelector(s.arg, labels, isGlobal);
    case 'and':
      return s.args.every((a) => evaluateSelector(a, labels, isGlobal));
    case 'or':
      return s.args.some((a) => evaluateSelector(a, labels, isGlobal));
  }
}
