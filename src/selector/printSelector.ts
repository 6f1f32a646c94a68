/**
 * Selector stage, printing: selector AST → Calico's canonical text, the inverse of
 * `parseCalicoSelector`.
 *
 * Contract: for a tree the parser built, the output is what libcalico-go's `Selector.String()`
 * returns (`lib/selector/parser/ast.go`, `collectFragments`), and parsing it gives the same tree:
 * - every `&&`/`||` node is parenthesised, even at the top: `(a == "x" && has(b))`;
 * - `!` is written directly before its operand: `!has(a)`, `!(a == "x" || b == "y")`;
 * - a value is double-quoted unless it contains `"`, then single-quoted (there are no escapes);
 * - set members are sorted and de-duplicated; `starts with`/`ends with` are written with one blank.
 * Trees the parser never builds print as their meaning: a one-operand `and`/`or` as its operand,
 * `and []` as `all()`, `or []` as `!all()`. A value holding both kinds of quote has no Calico
 * spelling; it is printed double-quoted and will not parse back (the parser and Kubernetes label
 * values never produce one).
 */
import type { Selector } from './ast.js';
import { canonicalValues } from './build.js';

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function emit(s: Selector, out: string[]): void {
  switch (s.op) {
    case 'all':
      out.push('all()');
      return;
    case 'global':
      out.push('global()');
      return;
    case 'has':
      out.push('has(', s.key, ')');
      return;
    case 'eq':
      out.push(s.key, ' == ', quote(s.value));
      return;
    case 'neq':
      out.push(s.key, ' != ', quote(s.value));
      return;
    case 'contains':
      out.push(s.key, ' contains ', quote(s.value));
      return;
    case 'startswith':
      out.push(s.key, ' starts with ', quote(s.value));
      return;
    case 'endswith':
      out.push(s.key, ' ends with ', quote(s.value));
      return;
    case 'in':
    case 'notin': {
      // Already canonical when the invariant holds; sorting again keeps the output canonical anyway.
      const values = canonicalValues(s.values);
      out.push(s.key, s.op === 'in' ? ' in {' : ' not in {', values.map(quote).join(', '), '}');
      return;
    }
    case 'not':
      out.push('!');
      emit(s.arg, out);
      return;
    case 'and':
    case 'or': {
      if (s.args.length === 0) {
        out.push(s.op === 'and' ? 'all()' : '!all()');
        return;
      }
      if (s.args.length === 1) {
        emit(s.args[0]!, out);
        return;
      }
      const sep = s.op === 'and' ? ' && ' : ' || ';
      out.push('(');
      s.args.forEach((a, i) => {
        if (i > 0) out.push(sep);
        emit(a, out);
      });
      out.push(')');
      return;
    }
  }
}

export function printSelector(s: Selector): string {
  const out: string[] = [];
  emit(s, out);
  return out.join('');
}
