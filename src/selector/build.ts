/**
 * Constructors for the selector AST that keep its invariants, for the parser, `fromLabelSelector`
 * and later stages (lowering adds namespace conjunctions, for instance).
 *
 * Contract: `inSet`/`notInSet` sort and de-duplicate their values (see `ast.ts`); `and`/`or` never
 * build a one-operand node (they return the operand), so the output is in the form the parser
 * produces. None of them simplify logically beyond that: `and(x, all())` stays as written, since
 * Calico's canonical form keeps it.
 */
import type { Selector } from './ast.js';

export const ALL: Selector = Object.freeze({ op: 'all' }) as Selector;
export const GLOBAL: Selector = Object.freeze({ op: 'global' }) as Selector;

/** Code-point order, which equals Go's byte order on UTF-8 (libcalico-go sorts set members so). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 units order code points correctly except that surrogates (U+D800–DFFF, which encode
    // code points above U+FFFF) must sort after U+E000–FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Sorted, de-duplicated copy of `values` (the `in`/`notin` invariant). */
export function canonicalValues(values: readonly string[]): string[] {
  const sorted = [...values].sort(compareCodePoints);
  const out: string[] = [];
  for (const v of sorted) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return out;
}

export function has(key: string): Selector {
  return { op: 'has', key };
}
export function eq(key: string, value: string): Selector {
  return { op: 'eq', key, value };
}
export function neq(key: string, value: string): Selector {
  return { op: 'neq', key, value };
}
export function inSet(key: string, values: readonly string[]): Selector {
  return { op: 'in', key, values: canonicalValues(values) };
}
export function notInSet(key: string, values: readonly string[]): Selector {
  return { op: 'notin', key, values: canonicalValues(values) };
}
export function not(arg: Selector): Selector {
  return { op: 'not', arg };
}
/** Conjunction; no operands is `all()` (the empty selector), one operand is that operand. */
export function and(...args: Selector[]): Selector {
  if (args.length === 0) return ALL;
  if (args.length === 1) return args[0]!;
  return { op: 'and', args };
}
/** Disjunction; no operands is the empty `or` (false: Calico has no literal for it). */
export function or(...args: Selector[]): Selector {
  if (args.length === 1) return args[0]!;
  return { op: 'or', args };
}
