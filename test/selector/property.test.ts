/**
 * Property tests with a fixed seed: printing then parsing gives back the tree (up to the
 * normalisations Calico's canonical form makes), the compiled matcher agrees with a naive evaluator
 * written here, and the chevrotain parser agrees with a plain model of libcalico-go's parser
 * (`reference.ts`) on generated text, valid or not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Selector } from '../../src/selector/ast.js';
import { canonicalValues } from '../../src/selector/build.js';
import {
  compileSelector, evaluateSelector, parseCalicoSelector, printSelector, selectorEquals,
} from '../../src/selector/index.js';
import { Prng } from '../../src/util/prng.js';
import { genLabels, genSelector, genText, mutateText } from './generate.js';
import { referenceParse } from './reference.js';

const SELECTORS = 3000;
const MAPS_PER_SELECTOR = 8;

/**
 * The tree the parser builds from `printSelector(s)`: `!!x` collapses to `x`, a one-operand
 * `&&`/`||` is its operand, `and []` prints as `all()` and `or []` as `!all()`.
 */
function normalise(s: Selector): Selector {
  switch (s.op) {
    case 'not': {
      const arg = normalise(s.arg);
      return arg.op === 'not' ? arg.arg : { op: 'not', arg };
    }
    case 'and':
    case 'or': {
      if (s.args.length === 0) return s.op === 'and' ? { op: 'all' } : { op: 'not', arg: { op: 'all' } };
      if (s.args.length === 1) return normalise(s.args[0]!);
      return { op: s.op, args: s.args.map(normalise) };
    }
    case 'in':
    case 'notin':
      return { ...s, values: canonicalValues(s.values) };
    default:
      return s;
  }
}

/** The semantics of `ast.ts` over an entry list, written as differently as practical. */
function naive(s: Selector, entries: [string, string][], isGlobal?: boolean): boolean {
  const found = (k: string) => entries.find((e) => e[0] === k);
  switch (s.op) {
    case 'all': return true;
    case 'global': return isGlobal === undefined ? true : isGlobal;
    case 'has': return found(s.key) !== undefined;
    case 'eq': return found(s.key)?.[1] === s.value;
    case 'neq': return !(found(s.key)?.[1] === s.value);
    case 'in': { const e = found(s.key); return e !== undefined && s.values.some((v) => v === e[1]); }
    case 'notin': { const e = found(s.key); return e === undefined || s.values.every((v) => v !== e[1]); }
    case 'contains': { const e = found(s.key); return e !== undefined && e[1].indexOf(s.value) >= 0; }
    case 'startswith': { const e = found(s.key); return e !== undefined && e[1].slice(0, s.value.length) === s.value; }
    case 'endswith': {
      const e = found(s.key);
      return e !== undefined && e[1].length >= s.value.length && e[1].slice(e[1].length - s.value.length) === s.value;
    }
    case 'not': return !naive(s.arg, entries, isGlobal);
    case 'and': return s.args.reduce<boolean>((acc, a) => naive(a, entries, isGlobal) && acc, true);
    case 'or': return s.args.reduce<boolean>((acc, a) => naive(a, entries, isGlobal) || acc, false);
  }
}

test('parse(print(s)) is s, normalised, and printing is then a fixpoint', () => {
  const rng = new Prng(0x5e1ec7);
  let checked = 0;
  for (let i = 0; i < SELECTORS; i++) {
    const s = genSelector(rng);
    const text = printSelector(s);
    const r = parseCalicoSelector(text);
    if (!r.ok) assert.unreachable(`printed form does not parse: ${text}: ${r.error.message}`);
    else {
      const want = normalise(s);
      assert.ok(selectorEquals(r.selector, want), `round trip changed the tree of ${text}`);
      assert.is(printSelector(r.selector), printSelector(want));
      checked++;
    }
  }
  assert.is(checked, SELECTORS);
});

test('compiled matcher = plain evaluator = naive evaluator, on generated label maps', () => {
  const rng = new Prng(0xc0ffee);
  let matches = 0;
  let total = 0;
  for (let i = 0; i < SELECTORS; i++) {
    const s = genSelector(rng);
    const matcher = compileSelector(s);
    for (let j = 0; j < MAPS_PER_SELECTOR; j++) {
      const labels = genLabels(rng);
      const entries = Object.entries(labels);
      for (const isGlobal of [undefined, true, false]) {
        const want = naive(s, entries, isGlobal);
        const got = matcher(labels, isGlobal);
        if (got !== want || evaluateSelector(s, labels, isGlobal) !== want) {
          assert.unreachable(`${printSelector(s)} on ${JSON.stringify(labels)} (global ${isGlobal}): want ${want}`);
        }
        if (want) matches++;
        total++;
      }
    }
  }
  // Both outcomes must be well represented, or the comparison says little.
  assert.ok(matches > total * 0.2 && matches < total * 0.8, `matched ${matches} of ${total}`);
});

test('printing preserves meaning, even for trees the parser never builds', () => {
  const rng = new Prng(42);
  for (let i = 0; i < 1000; i++) {
    const s = genSelector(rng);
    const r = parseCalicoSelector(printSelector(s));
    if (!r.ok) assert.unreachable(printSelector(s));
    else {
      for (let j = 0; j < 4; j++) {
        const labels = genLabels(rng);
        assert.is(evaluateSelector(r.selector, labels, false), evaluateSelector(s, labels, false), printSelector(s));
      }
    }
  }
});

test('accepts and rejects exactly what a model of Calico\'s parser does, building the same tree', () => {
  const rng = new Prng(7);
  let accepted = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const text = genText(rng);
    const ours = parseCalicoSelector(text);
    const ref = referenceParse(text);
    if (ours.ok !== (ref !== null)) {
      assert.unreachable(`${JSON.stringify(text)}: ours ${ours.ok ? 'accepts' : 'rejects'}, reference ${ref ? 'accepts' : 'rejects'}`);
    }
    if (ours.ok && ref !== null) {
      accepted++;
      assert.ok(selectorEquals(ours.selector, ref), `tree differs for ${JSON.stringify(text)}`);
    }
    if (!ours.ok) assert.ok(ours.error.offset >= 0 && ours.error.offset <= text.length, JSON.stringify(text));
  }
  assert.ok(accepted > 200, `only ${accepted} of ${n} generated texts were valid`);
});

test('the reference model agrees on printed selectors and on near misses of them', () => {
  const rng = new Prng(99);
  let accepted = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const printed = printSelector(genSelector(rng, 2));
    const text = i % 4 === 0 ? printed : mutateText(rng, printed);
    const ref = referenceParse(text);
    const ours = parseCalicoSelector(text);
    if (ours.ok !== (ref !== null)) {
      assert.unreachable(`${JSON.stringify(text)}: ours ${ours.ok ? 'accepts' : 'rejects'}, reference ${ref ? 'accepts' : 'rejects'}`);
    }
    if (ours.ok && ref !== null) {
      accepted++;
      assert.ok(selectorEquals(ours.selector, ref), `tree differs for ${JSON.stringify(text)}`);
    }
  }
  assert.ok(accepted > n / 4 && accepted < n, `accepted ${accepted} of ${n}`);
});

test.run();
