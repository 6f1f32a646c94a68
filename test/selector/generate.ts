/**
 * Test helper: seeded generators of selector trees, label maps and selector-like text, for the
 * property and differential tests (and the benchmark's inputs).
 */
import type { Selector } from '../../src/selector/ast.js';
import { canonicalValues } from '../../src/selector/build.js';
import { Prng } from '../../src/util/prng.js';

/** Keys include operator and function words (labels everywhere but after a label) and keys that
 *  name `Object.prototype` members (present only when the map owns them). */
export const KEYS = [
  'a', 'b', 'app', 'k8s-app', 'tier', 'projectcalico.org/name', 'app.kubernetes.io/name',
  'in', 'not', 'contains', 'has', 'all', 'global', 'starts', 'with', 'x_1', '-', '.', '9',
  'constructor', 'toString',
];
/** Values include both quote kinds (never together), set and operator punctuation, and non-ASCII. */
export const VALUES = [
  '', 'a', 'ab', 'b', 'ba', 'web', 'db', "'", '"', 'x"y', "it's", ' spaced ', '{', '}', ',', '&&',
  ')', '(', '!', 'ünï', '😀', '\uE000', 'a\tb',
];

export function genSelector(rng: Prng, depth = 0): Selector {
  const leaf = depth >= 4 || rng.chance(0.45);
  if (leaf) {
    const key = rng.pick(KEYS);
    switch (rng.int(0, 9)) {
      case 0:
        return rng.chance(0.5) ? { op: 'all' } : { op: 'global' };
      case 1:
        return { op: 'has', key };
      case 2:
        return { op: 'eq', key, value: rng.pick(VALUES) };
      case 3:
        return { op: 'neq', key, value: rng.pick(VALUES) };
      case 4:
      case 5: {
        const values = canonicalValues(Array.from({ length: rng.int(0, 4) }, () => rng.pick(VALUES)));
        return { op: rng.chance(0.5) ? 'in' : 'notin', key, values };
      }
      case 6:
        return { op: 'contains', key, value: rng.pick(VALUES) };
      case 7:
        return { op: 'startswith', key, value: rng.pick(VALUES) };
      default:
        return { op: 'endswith', key, value: rng.pick(VALUES) };
    }
  }
  const r = rng.int(0, 9);
  if (r < 3) return { op: 'not', arg: genSelector(rng, depth + 1) };
  // Mostly 2–4 operands; sometimes 0 or 1, which the parser never builds (normalised in tests).
  const n = rng.chance(0.1) ? rng.int(0, 1) : rng.int(2, 4);
  const args = Array.from({ length: n }, () => genSelector(rng, depth + 1));
  return { op: r < 7 ? 'and' : 'or', args };
}

/** A label map over the generator's keys and values, often hitting the selector's own values. */
export function genLabels(rng: Prng): Record<string, string> {
  const labels: Record<string, string> = {};
  const n = rng.int(0, 6);
  for (let i = 0; i < n; i++) labels[rng.pick(KEYS)] = rng.pick(VALUES);
  return labels;
}

/** Token soup: fragments of selector syntax glued with or without blanks, mostly invalid. */
const FRAGMENTS = [
  'a', 'b', 'app', 'in', 'not', 'notin', 'not in', 'contains', 'starts', 'with', 'startswith',
  'ends with', 'has(', 'all(', 'global(', 'has', 'all', 'x(', '(', ')', '{', '}', ',', '!', '!=',
  '=', '==', '&', '&&', '|', '||', '"v"', "'w'", '"', "'", '"x\'y"', ' ', '  ', '\t', '\n', '%',
  'k8s-app', 'a.b/c', 'index', '1',
];
export function genText(rng: Prng): string {
  const n = rng.int(0, 12);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(FRAGMENTS) + (rng.chance(0.5) ? ' ' : '');
  return s;
}

/**
 * A near-miss of valid text: blanks dropped, doubled or turned into tabs, and with some chance one
 * edit (a character deleted, or a fragment inserted), so that both outcomes stay common.
 */
export function mutateText(rng: Prng, text: string): string {
  let s = text.replace(/ /g, () => rng.pick(['', ' ', ' ', '  ', '\t']));
  if (rng.chance(0.4) && s.length > 0) {
    const at = rng.int(0, s.length - 1);
    s = rng.chance(0.5) ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + rng.pick(FRAGMENTS) + s.slice(at);
  }
  return s;
}
