/**
 * SMT stage, label maps as terms: a `LabelView` answers "is key k present" and "what is its
 * value" for one label map, either a concrete one (constants, so every selector over it folds to
 * true or false) or a symbolic one (a presence Boolean and a String value per key).
 *
 * Design: a symbolic map creates its two variables for a key the first time an encoder asks about
 * that key, so only keys that some selector or property mentions exist in the query; a key no
 * selector mentions cannot change any verdict. A key has one value by construction (a function
 * from keys to values), which is the realisability rule "a label key has one value". Values are
 * SMT strings rather than an enumeration of mentioned values, so `contains`, `starts with` and
 * `ends with` are exact without a case analysis on fresh values. It costs nothing measurable: on
 * the 1,000-policy isolation proof of `bench/prove.ts` Z3 took 66 ms with String values and 94 ms
 * with the same values as 16-bit codes (which only equality tests would allow).
 *
 * Contract: `has(k)` is Boolean, `val(k)` a String; `val(k)` is meaningful only where `has(k)`
 * holds (a concrete map gives `""` for a missing key).
 */
import type { Labels } from '../ir/ast.js';
import type { TermFactory } from './factory.js';
import { BOOL, STRING, type Term, type Var } from './term.js';

export interface LabelView {
  has(key: string): Term;
  val(key: string): Term;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A concrete label map. */
export function constLabels(f: TermFactory, labels: Labels): LabelView {
  return {
    has: (k) => f.bool(hasOwn.call(labels, k)),
    val: (k) => f.str(hasOwn.call(labels, k) ? labels[k]! : ''),
  };
}

export interface KeyVars {
  key: string;
  has: Var;
  val: Var;
}

/**
 * A symbolic label map whose variables are named `<prefix>.<n>.has` / `.val`, `n` counting keys
 * in the order they were first asked about (keys are arbitrary text; names stay SMT-LIB safe).
 */
export class SymbolicLabels implements LabelView {
  private readonly byKey = new Map<string, KeyVars>();

  constructor(
    private readonly f: TermFactory,
    readonly prefix: string,
  ) {}

  vars(key: string): KeyVars {
    let v = this.byKey.get(key);
    if (!v) {
      const n = this.byKey.size;
      v = { key, has: this.f.var(`${this.prefix}.${n}.has`, BOOL), val: this.f.var(`${this.prefix}.${n}.val`, STRING) };
      this.byKey.set(key, v);
    }
    return v;
  }

  has(key: string): Term {
    return this.vars(key).has;
  }

  val(key: string): Term {
    return this.vars(key).val;
  }

  /** The keys asked about so far, in order. */
  keys(): KeyVars[] {
    return [...this.byKey.values()];
  }
}

/** `inner` seen only when `present` holds: the labels of something that may not exist. */
export function guardedLabels(f: TermFactory, present: Term, inner: LabelView): LabelView {
  return { has: (k) => f.and(present, inner.has(k)), val: (k) => inner.val(k) };
}

/** The view equals the concrete map on every key in `keys`. */
export function labelsEqual(f: TermFactory, view: LabelView, labels: Labels, keys: readonly string[]): Term {
  return f.and(
    ...keys.map((k) =>
      hasOwn.call(labels, k) ? f.and(view.has(k), f.eq(view.val(k), f.str(labels[k]!))) : f.not(view.has(k)),
    ),
  );
}
