/**
 * SMT stage, smart constructors: the only way terms are made. Each constructor checks the sorts
 * of its arguments (a mismatch is a bug in the encoder: `TermSortError`), folds what it can decide
 * (constants, `x ∧ ¬x`, `ite` with equal branches, string tests on literals, …) and hash-conses the
 * result, so equal subterms are shared and the solver sees a small DAG.
 *
 * Contract: folding never changes meaning. String literals fold with the same code-point semantics
 * as the solver (JavaScript `startsWith`/`endsWith`/`includes` agree on well-formed UTF-16).
 * The factory also records readable names for subterms (`name`), which only the SMT-LIB printer
 * uses.
 */
import { BOOL, STRING, isConst, sameSort, sortKey, type Const, type Op, type Sort, type Term, type Value, type Var } from './term.js';

/** The largest nested `and`/`or` merged into its parent. */
const FLATTEN_LIMIT = 8;

export class TermSortError extends Error {
  override name = 'TermSortError';
}

export interface TermName {
  name: string;
  comment?: string;
}

export class TermFactory {
  private readonly table = new Map<string, Term>();
  private readonly vars = new Map<string, Var>();
  private readonly strs = new Map<string, Term>();
  private readonly bvs = new Map<string, Term>();
  private nextId = 0;
  /** Readable names for subterms, for the SMT-LIB printer. */
  readonly names = new Map<number, TermName>();
  readonly T: Term;
  readonly F: Term;

  constructor() {
    this.T = this.make('const', BOOL, [], true);
    this.F = this.make('const', BOOL, [], false);
  }

  private make(op: Op, sort: Sort, args: readonly Term[], payload?: Value | [number, number]): Term {
    // The sort follows from the operator and arguments except for leaves and extracts; the sort
    // key is last and has no `|`, so a payload containing `|` cannot make two keys collide.
    let key: string = op;
    for (const a of args) key += ',' + a.id;
    if (payload !== undefined) key += '|' + String(payload) + '|' + sortKey(sort);
    const hit = this.table.get(key);
    if (hit) return hit;
    const base = { id: this.nextId++, sort, args };
    const t = (
      op === 'const'
        ? { ...base, op, value: payload as Value }
        : op === 'var'
          ? { ...base, op, name: payload as string }
          : op === 'extract'
          ? { ...base, op, hi: (payload as [number, number])[0], lo: (payload as [number, number])[1] }
          : { ...base, op }
    ) as Term;
    this.table.set(key, t);
    return t;
  }

  /** How many distinct terms this factory made (a size measure for the encoding). */
  get size(): number {
    return this.table.size;
  }

  /**
   * Gives `t` a readable name, unless it has one. Only connectives are named: a bare comparison
   * such as `src.case = 3` is shared by unrelated steps, and a step's name would mislead there.
   */
  name(t: Term, name: string, comment?: string): Term {
    if ((t.op === 'and' || t.op === 'or' || t.op === 'ite') && !this.names.has(t.id)) this.names.set(t.id, comment === undefined ? { name } : { name, comment });
    return t;
  }

  // ── leaves ──────────────────────────────────────────────────────────────────────────────────

  bool(b: boolean): Term {
    return b ? this.T : this.F;
  }

  bv(value: bigint | number, width: number): Term {
    const key = `${width}:${value}`;
    const hit = this.bvs.get(key);
    if (hit) return hit;
    const v = BigInt(value);
    if (!Number.isInteger(width) || width < 1) throw new TermSortError(`bit-vector width \`${width}\``);
    if (v < 0n || v >= 1n << BigInt(width)) throw new TermSortError(`\`${v}\` does not fit ${width} bits`);
    const t = this.make('const', { kind: 'bv', width }, [], v);
    this.bvs.set(key, t);
    return t;
  }

  str(s: string): Term {
    let t = this.strs.get(s);
    if (!t) {
      t = this.make('const', STRING, [], s);
      this.strs.set(s, t);
    }
    return t;
  }

  var(name: string, sort: Sort): Var {
    const old = this.vars.get(name);
    if (old) {
      if (!sameSort(old.sort, sort)) throw new TermSortError(`variable \`${name}\` declared with two sorts`);
      return old;
    }
    const v = this.make('var', sort, [], name) as Var;
    this.vars.set(name, v);
    return v;
  }

  /** Every variable made so far, in order. */
  allVars(): Var[] {
    return [...this.vars.values()];
  }

  varNamed(name: string): Var | undefined {
    return this.vars.get(name);
  }

  // ── Booleans ────────────────────────────────────────────────────────────────────────────────

  private want(t: Term, kind: Sort['kind'], what: string): void {
    if (t.sort.kind !== kind) throw new TermSortError(`${what}: expected ${kind}, got ${sortKey(t.sort)}`);
  }

  not(a: Term): Term {
    this.want(a, 'bool', 'not');
    if (isConst(a)) return this.bool(!a.value);
    if (a.op === 'not') return a.args[0]!;
    return this.make('not', BOOL, [a]);
  }

  private nary(op: 'and' | 'or', xs: readonly Term[]): Term {
    const unit = op === 'and';
    const flat = new Map<number, Term>();
    for (const x of xs) {
      this.want(x, 'bool', op);
      if (isConst(x)) {
        if (x.value !== unit) return this.bool(!unit);
        continue;
      }
      // Flatten only small operands: a chain `a ∧ (b ∧ (c ∧ …))` flattened at every step would
      // cost time quadratic in its length.
      if (x.op === op && x.args.length <= FLATTEN_LIMIT) for (const y of x.args) flat.set(y.id, y);
      else flat.set(x.id, x);
    }
    for (const x of flat.values()) if (x.op === 'not' && flat.has(x.args[0]!.id)) return this.bool(!unit);
    const args = [...flat.values()].sort((a, b) => a.id - b.id);
    if (args.length === 0) return this.bool(unit);
    if (args.length === 1) return args[0]!;
    return this.make(op, BOOL, args);
  }

  and(...xs: Term[]): Term {
    return this.nary('and', xs);
  }

  or(...xs: Term[]): Term {
    return this.nary('or', xs);
  }

  implies(a: Term, b: Term): Term {
    return this.or(this.not(a), b);
  }

  ite(c: Term, t: Term, e: Term): Term {
    this.want(c, 'bool', 'ite condition');
    if (!sameSort(t.sort, e.sort)) throw new TermSortError('ite: branches of different sorts');
    if (isConst(c)) return c.value ? t : e;
    if (t === e) return t;
    if (t.sort.kind === 'bool') {
      if (isConst(t)) return t.value ? this.or(c, e) : this.and(this.not(c), e);
      if (isConst(e)) return e.value ? this.or(this.not(c), t) : this.and(c, t);
    }
    return this.make('ite', t.sort, [c, t, e]);
  }

  // ── equality, bit-vectors, strings ──────────────────────────────────────────────────────────

  eq(a: Term, b: Term): Term {
    if (!sameSort(a.sort, b.sort)) throw new TermSortError(`eq: ${sortKey(a.sort)} vs ${sortKey(b.sort)}`);
    if (a === b) return this.T;
    if (isConst(a) && isConst(b)) return this.bool(a.value === b.value);
    if (a.sort.kind === 'bool') {
      if (isConst(a)) return a.value ? b : this.not(b);
      if (isConst(b)) return b.value ? a : this.not(a);
    }
    const [x, y] = a.id < b.id ? [a, b] : [b, a];
    return this.make('eq', BOOL, [x, y]);
  }

  /** Unsigned `a ≤ b`. */
  bvule(a: Term, b: Term): Term {
    this.want(a, 'bv', 'bvule');
    if (!sameSort(a.sort, b.sort)) throw new TermSortError('bvule: widths differ');
    if (isConst(a) && isConst(b)) return this.bool((a.value as bigint) <= (b.value as bigint));
    if (isConst(a) && a.value === 0n) return this.T;
    const max = (1n << BigInt((a.sort as { width: number }).width)) - 1n;
    if (isConst(b) && b.value === max) return this.T;
    if (a === b) return this.T;
    return this.make('bvule', BOOL, [a, b]);
  }

  /** `lo ≤ x ≤ hi` for constants `lo`, `hi`. */
  inRange(x: Term, lo: bigint | number, hi: bigint | number): Term {
    this.want(x, 'bv', 'inRange');
    const w = (x.sort as { width: number }).width;
    if (BigInt(lo) > BigInt(hi)) return this.F;
    if (BigInt(lo) === BigInt(hi)) return this.eq(x, this.bv(lo, w));
    return this.and(this.bvule(this.bv(lo, w), x), this.bvule(x, this.bv(hi, w)));
  }

  /** Bits `hi..lo` of `x`. */
  extract(hi: number, lo: number, x: Term): Term {
    this.want(x, 'bv', 'extract');
    const w = (x.sort as { width: number }).width;
    if (!(0 <= lo && lo <= hi && hi < w)) throw new TermSortError(`extract ${hi}..${lo} of ${w} bits`);
    if (lo === 0 && hi === w - 1) return x;
    if (isConst(x)) return this.bv(((x.value as bigint) >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n), hi - lo + 1);
    return this.make('extract', { kind: 'bv', width: hi - lo + 1 }, [x], [hi, lo]);
  }

  private strTest(op: 'prefixof' | 'suffixof' | 'contains', a: Term, b: Term, f: (a: string, b: string) => boolean): Term {
    this.want(a, 'string', op);
    this.want(b, 'string', op);
    if (isConst(a) && isConst(b)) return this.bool(f(a.value as string, b.value as string));
    if (op !== 'contains' && isConst(a) && a.value === '') return this.T;
    if (op === 'contains' && isConst(b) && b.value === '') return this.T;
    if (a === b) return this.T;
    return this.make(op, BOOL, [a, b]);
  }

  /** `prefix` is a prefix of `s` (SMT-LIB `str.prefixof`). */
  prefixOf(prefix: Term, s: Term): Term {
    return this.strTest('prefixof', prefix, s, (p, x) => x.startsWith(p));
  }

  /** `suffix` is a suffix of `s` (SMT-LIB `str.suffixof`). */
  suffixOf(suffix: Term, s: Term): Term {
    return this.strTest('suffixof', suffix, s, (p, x) => x.endsWith(p));
  }

  /** `s` contains `sub` (SMT-LIB `str.contains`). */
  contains(s: Term, sub: Term): Term {
    return this.strTest('contains', s, sub, (x, p) => x.includes(p));
  }
}

export type { Const };
