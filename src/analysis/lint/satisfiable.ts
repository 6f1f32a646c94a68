/**
 * Lint support: whether some label map satisfies a selector — decided exactly, with a witness.
 *
 * Input → output: `Selector` → `{ sat: true, labels }` | `{ sat: false }` | `{ sat: 'unknown' }`.
 *
 * The finite-model argument (semantics in `selector/ast.ts`):
 * 1. A selector's value on a label map depends only on the values under the keys it mentions,
 *    and atoms on different keys are independent, so it is enough to choose, per key, a value
 *    (or "absent") from a finite candidate set that realises every truth assignment of that key's
 *    atoms that any string realises.
 * 2. For a key `k`, let the literals be the values of its `==`, `!=`, `in` and `not in` atoms, and
 *    the string atoms its `contains`, `starts with` and `ends with` atoms. Candidates:
 *    - absent;
 *    - every literal (this covers every assignment in which an `==`/`in` atom is true);
 *    - for every set T of string atoms that can hold together (the `starts with` arguments are
 *      prefixes of the longest one p, the `ends with` arguments suffixes of the longest one s):
 *      w(T) = p · # · c₁ · # · … · cₘ · # · s, where c₁…cₘ are the `contains` arguments of T and
 *      `#` is a character that occurs in no string mentioned for `k`.
 *    w(T) satisfies T; it equals no literal (it contains `#`); and a string atom outside T with
 *    argument q holds on w(T) only if q (which has no `#`) lies inside one segment — a prefix of p,
 *    a suffix of s, or inside some segment — in which case every string satisfying T satisfies it
 *    too. So w(T) realises exactly the assignment "T and what T implies", the only one with true
 *    set T that any string realises. Hence the candidates realise every realisable assignment.
 * 3. `global()` is a free boolean (its meaning depends on the entity's scope, not on labels).
 * The search assigns keys one by one and prunes with three-valued evaluation (an atom on a key
 * not yet assigned is unknown); a true result is a witness.
 *
 * Label values are treated as strings: Kubernetes' value syntax (63 characters of `[A-Za-z0-9-_.]`)
 * is validation's business, so `#` is picked from letters and digits when it can be. A key with
 * more than `MAX_STRING_ATOMS` string atoms gives `unknown` rather than an exponential search.
 */
import type { Labels, Selector } from '../../selector/index.js';

export type Satisfiable = { sat: true; labels: Labels; global: boolean } | { sat: false } | { sat: 'unknown'; reason: string };

export const MAX_STRING_ATOMS = 8;

type Value = string | undefined;
type Tri = boolean | null;

export function satisfiable(s: Selector): Satisfiable {
  const keys = new Map<string, { literals: Set<string>; strings: Array<{ op: 'contains' | 'startswith' | 'endswith'; value: string }> }>();
  let usesGlobal = false;
  const visit = (n: Selector): void => {
    switch (n.op) {
      case 'all':
        return;
      case 'global':
        usesGlobal = true;
        return;
      case 'not':
        return visit(n.arg);
      case 'and':
      case 'or':
        return n.args.forEach(visit);
      default: {
        const k = keys.get(n.key) ?? { literals: new Set<string>(), strings: [] };
        keys.set(n.key, k);
        if (n.op === 'eq' || n.op === 'neq') k.literals.add(n.value);
        else if (n.op === 'in' || n.op === 'notin') n.values.forEach((v) => k.literals.add(v));
        else if (n.op === 'contains' || n.op === 'startswith' || n.op === 'endswith') k.strings.push({ op: n.op, value: n.value });
      }
    }
  };
  visit(s);

  const candidates = new Map<string, Value[]>();
  for (const [key, atoms] of keys) {
    if (atoms.strings.length > MAX_STRING_ATOMS) return { sat: 'unknown', reason: `key \`${key}\` has more than ${MAX_STRING_ATOMS} string tests` };
    const mentioned = [...atoms.literals, ...atoms.strings.map((a) => a.value)];
    const sep = separator(mentioned);
    const values = new Set<Value>([undefined, ...atoms.literals]);
    if (sep === undefined) {
      if (atoms.strings.length > 0 || atoms.literals.size > 0) return { sat: 'unknown', reason: `no fresh character for key \`${key}\`` };
    } else {
      values.add(sep);
      for (let mask = 1; mask < 1 << atoms.strings.length; mask++) {
        const w = stringWitness(atoms.strings.filter((_, i) => mask & (1 << i)), sep);
        if (w !== undefined) values.add(w);
      }
    }
    candidates.set(key, [...values]);
  }

  const order = [...candidates.keys()];
  const assignment = new Map<string, Value>();
  for (const global of usesGlobal ? [false, true] : [false]) {
    const search = (i: number): boolean => {
      const t = evaluate(s, assignment, global);
      if (t === false) return false;
      if (t === true) return true;
      if (i >= order.length) return false;
      const key = order[i]!;
      for (const v of candidates.get(key)!) {
        assignment.set(key, v);
        if (search(i + 1)) return true;
      }
      assignment.delete(key);
      return false;
    };
    assignment.clear();
    if (search(0)) {
      const labels: Record<string, string> = {};
      for (const [k, v] of assignment) if (v !== undefined) labels[k] = v;
      return { sat: true, labels, global };
    }
  }
  return { sat: false };
}

const FRESH = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';

function separator(strings: string[]): string | undefined {
  for (const ch of FRESH) if (!strings.some((x) => x.includes(ch))) return ch;
  return undefined;
}

/** w(T) of the argument above, or undefined when the atoms of T cannot hold together. */
function stringWitness(atoms: Array<{ op: 'contains' | 'startswith' | 'endswith'; value: string }>, sep: string): string | undefined {
  const longest = (op: string) => atoms.filter((a) => a.op === op).reduce((m, a) => (a.value.length > m.length ? a.value : m), '');
  const p = longest('startswith');
  const x = longest('endswith');
  if (!atoms.every((a) => (a.op === 'startswith' ? p.startsWith(a.value) : a.op === 'endswith' ? x.endsWith(a.value) : true))) return undefined;
  const middle = atoms.filter((a) => a.op === 'contains').map((a) => a.value);
  return [p, ...middle, x].join(sep);
}

function atom(s: Selector, v: Value): boolean {
  switch (s.op) {
    case 'has':
      return v !== undefined;
    case 'eq':
      return v === s.value;
    case 'neq':
      return v !== s.value;
    case 'in':
      return v !== undefined && s.values.includes(v);
    case 'notin':
      return v === undefined || !s.values.includes(v);
    case 'contains':
      return v !== undefined && v.includes(s.value);
    case 'startswith':
      return v !== undefined && v.startsWith(s.value);
    case 'endswith':
      return v !== undefined && v.endsWith(s.value);
    default:
      return false;
  }
}

/** Kleene evaluation under a partial assignment (`null`: depends on a key not yet assigned). */
function evaluate(s: Selector, a: Map<string, Value>, global: boolean): Tri {
  switch (s.op) {
    case 'all':
      return true;
    case 'global':
      return global;
    case 'not': {
      const t = evaluate(s.arg, a, global);
      return t === null ? null : !t;
    }
    case 'and': {
      let unknown = false;
      for (const x of s.args) {
        const t = evaluate(x, a, global);
        if (t === false) return false;
        if (t === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'or': {
      let unknown = false;
      for (const x of s.args) {
        const t = evaluate(x, a, global);
        if (t === true) return true;
        if (t === null) unknown = true;
      }
      return unknown ? null : false;
    }
    default:
      return a.has(s.key) ? atom(s, a.get(s.key)) : null;
  }
}
