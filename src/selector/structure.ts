/**
 * Selector stage, structural queries over the AST for later stages: which label keys a selector
 * reads (the SMT encoding declares one variable per key; the connectivity stage groups endpoints by
 * the values of exactly these keys) and structural equality (deduplicating selectors, tests).
 *
 * Contract: both are pure and total. `selectorEquals` compares trees as built, operand order
 * included; set members compare as sets because the AST keeps them canonical (`ast.ts`).
 */
import type { Selector } from './ast.js';
import { compareCodePoints } from './build.js';

function collectKeys(s: Selector, out: Set<string>): void {
  switch (s.op) {
    case 'all':
    case 'global':
      return;
    case 'not':
      collectKeys(s.arg, out);
      return;
    case 'and':
    case 'or':
      for (const a of s.args) collectKeys(a, out);
      return;
    default:
      out.add(s.key);
  }
}

/** The label keys `s` mentions, sorted by code point, each once. */
export function selectorKeys(s: Selector): string[] {
  const out = new Set<string>();
  collectKeys(s, out);
  return [...out].sort(compareCodePoints);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Structural equality of two selector trees. */
export function selectorEquals(a: Selector, b: Selector): boolean {
  if (a === b) return true;
  switch (a.op) {
    case 'all':
    case 'global':
      return b.op === a.op;
    case 'has':
      return b.op === 'has' && a.key === b.key;
    case 'eq':
    case 'neq':
    case 'contains':
    case 'startswith':
    case 'endswith':
      return b.op === a.op && a.key === b.key && a.value === (b as typeof a).value;
    case 'in':
    case 'notin':
      return b.op === a.op && a.key === b.key && sameStrings(a.values, (b as typeof a).values);
    case 'not':
      return b.op === 'not' && selectorEquals(a.arg, b.arg);
    case 'and':
    case 'or': {
      if (b.op !== a.op) return false;
      const bs = (b as typeof a).args;
      return a.args.length === bs.length && a.args.every((x, i) => selectorEquals(x, bs[i]!));
    }
  }
}
