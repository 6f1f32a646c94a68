/**
 * Selector stage, matching: selector AST → a matcher function, built once and called per endpoint
 * (connectivity over a snapshot calls it for every endpoint × every selector, so this is hot).
 *
 * Contract: `compileSelector(s)(labels, isGlobal)` equals `evaluateSelector(s, labels, isGlobal)`
 * for every input (property-tested). The tree is walked once, at compile time: each node becomes a
 * closure over its key and values, sets of more than a few members become a `Set`, and two-operand
 * `&&`/`||` (the common case) get their own closure rather than a loop.
 */
import type { Labels, Selector } from './ast.js';

export type SelectorMatcher = (labels: Labels, isGlobal?: boolean) => boolean;

const hasOwn = Object.prototype.hasOwnProperty;

/** Above this many members a `Set` beats a linear scan of short strings. */
const SET_THRESHOLD = 6;

const always: SelectorMatcher = () => true;
const never: SelectorMatcher = () => false;

function memberTest(values: readonly string[]): (v: string) => boolean {
  if (values.length === 0) return () => false;
  if (values.length === 1) {
    const only = values[0]!;
    return (v) => v === only;
  }
  if (values.length <= SET_THRESHOLD) {
    const list = [...values];
    return (v) => list.includes(v);
  }
  const set = new Set(values);
  return (v) => set.has(v);
}

export function compileSelector(s: Selector): SelectorMatcher {
  switch (s.op) {
    case 'all':
      return always;
    case 'global':
      return (_labels, isGlobal) => isGlobal !== false;
    case 'has': {
      const k = s.key;
      return (l) => hasOwn.call(l, k);
    }
    case 'eq': {
      const { key: k, value: want } = s;
      // INVARIANT: `l[k] === want` implies a string value, so only the own-property test remains.
      return (l) => l[k] === want && hasOwn.call(l, k);
    }
    case 'neq': {
      const { key: k, value: want } = s;
      return (l) => l[k] !== want || !hasOwn.call(l, k);
    }
    case 'in': {
      const k = s.key;
      const member = memberTest(s.values);
      return (l) => {
        const v = l[k];
        return typeof v === 'string' && member(v) && hasOwn.call(l, k);
      };
    }
    case 'notin': {
      const k = s.key;
      const member = memberTest(s.values);
      return (l) => {
        const v = l[k];
        return typeof v !== 'string' || !member(v) || !hasOwn.call(l, k);
      };
    }
    case 'contains': {
      const { key: k, value: part } = s;
      return (l) => {
        const v = l[k];
        return typeof v === 'string' && v.includes(part) && hasOwn.call(l, k);
      };
    }
    case 'startswith': {
      const { key: k, value: part } = s;
      return (l) => {
        const v = l[k];
        return typeof v === 'string' && v.startsWith(part) && hasOwn.call(l, k);
      };
    }
    case 'endswith': {
      const { key: k, value: part } = s;
      return (l) => {
        const v = l[k];
        return typeof v === 'string' && v.endsWith(part) && hasOwn.call(l, k);
      };
    }
    case 'not': {
      const inner = compileSelector(s.arg);
      return (l, g) => !inner(l, g);
    }
    case 'and':
    case 'or':
      return compileJunction(s.op, s.args.map(compileSelector));
  }
}

function compileJunction(op: 'and' | 'or', parts: SelectorMatcher[]): SelectorMatcher {
  if (parts.length === 0) return op === 'and' ? always : never;
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const [a, b] = parts as [SelectorMatcher, SelectorMatcher];
    return op === 'and' ? (l, g) => a(l, g) && b(l, g) : (l, g) => a(l, g) || b(l, g);
  }
  const n = parts.length;
  return op === 'and'
    ? (l, g) => {
        for (let i = 0; i < n; i++) if (!parts[i]!(l, g)) return false;
        return true;
      }
    : (l, g) => {
        for (let i = 0; i < n; i++) if (parts[i]!(l, g)) return true;
        return false;
      };
}
