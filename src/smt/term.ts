/**
 * SMT stage, the term language: the typed, hash-consed terms that the encoder builds and that the
 * solver wrapper (`solver.ts`) and the SMT-LIB printer (`smtlib.ts`) translate. Terms are made only
 * by the smart constructors of `factory.ts`, which check sorts and fold constants, so a term that
 * exists is well sorted.
 *
 * Contract: the meaning of every operator is the SMT-LIB one (theories Core, FixedSizeBitVectors
 * and Strings, with strings as sequences of Unicode code points); `bvule` is unsigned `≤`.
 * `id`s are unique within one factory, and two terms of one factory with the same operator, sort,
 * arguments and payload are the same object.
 */

export type Sort = { kind: 'bool' } | { kind: 'bv'; width: number } | { kind: 'string' };

export const BOOL: Sort = Object.freeze({ kind: 'bool' });
export const STRING: Sort = Object.freeze({ kind: 'string' });

export type Op = 'const' | 'var' | 'not' | 'and' | 'or' | 'ite' | 'eq' | 'bvule' | 'extract' | 'prefixof' | 'suffixof' | 'contains';

interface Base {
  readonly id: number;
  readonly sort: Sort;
  readonly args: readonly Term[];
}

export type Value = boolean | bigint | string;

export type Term =
  | (Base & { readonly op: 'const'; readonly value: Value })
  | (Base & { readonly op: 'var'; readonly name: string })
  | (Base & { readonly op: 'extract'; readonly hi: number; readonly lo: number })
  | (Base & { readonly op: Exclude<Op, 'const' | 'var' | 'extract'> });

export type Var = Extract<Term, { op: 'var' }>;
export type Const = Extract<Term, { op: 'const' }>;

export function sortKey(s: Sort): string {
  return s.kind === 'bv' ? `bv${s.width}` : s.kind;
}

export function sameSort(a: Sort, b: Sort): boolean {
  return a.kind === b.kind && (a.kind !== 'bv' || (b.kind === 'bv' && a.width === b.width));
}

export function isConst(t: Term): t is Const {
  return t.op === 'const';
}

export function isVar(t: Term): t is Var {
  return t.op === 'var';
}

/** The terms reachable from `roots`, children before parents, each once (iterative: terms can be deep). */
export function postOrder(roots: readonly Term[]): Term[] {
  const out: Term[] = [];
  const seen = new Set<number>();
  const stack: [Term, boolean][] = roots.map((r) => [r, false] as [Term, boolean]).reverse();
  while (stack.length > 0) {
    const [t, expanded] = stack.pop()!;
    if (expanded) {
      out.push(t);
      continue;
    }
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    stack.push([t, true]);
    for (let i = t.args.length - 1; i >= 0; i--) if (!seen.has(t.args[i]!.id)) stack.push([t.args[i]!, false]);
  }
  return out;
}

/** The variables that occur in `roots`. */
export function varsOf(roots: readonly Term[]): Var[] {
  return postOrder(roots).filter(isVar);
}
