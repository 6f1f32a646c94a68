/**
 * Test helper: a second, deliberately plain model of libcalico-go's selector tokenizer and parser
 * (`lib/selector/tokenizer/tokenizer.go`, `lib/selector/parser/parser.go`): a character loop and a
 * token-list recursive descent, sharing nothing with the chevrotain implementation. Differential
 * tests check that both accept the same texts and build the same trees.
 *
 * It models behaviour, not messages: it returns the tree or `null`. Label runs are capped at 512
 * characters as Calico's `LabelKeyMatcher`; generated inputs keep labels far shorter.
 */
import type { Selector } from '../../src/selector/ast.js';
import { canonicalValues } from '../../src/selector/build.js';

type Tok =
  | { k: 'label' | 'str' | 'has'; v: string }
  | { k: '(' | ')' | '{' | '}' | ',' | '==' | '!=' | '!' | '&&' | '||' | 'in' | 'notin' | 'contains' | 'starts' | 'ends' | 'all' | 'global' | 'eof' };

const IDENT = /^[a-zA-Z0-9_./-]{1,512}/;

function trimBlanks(s: string): string {
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return s.slice(i);
}

export function referenceTokenize(text: string): Tok[] | null {
  const out: Tok[] = [];
  let rest = text;
  for (;;) {
    rest = trimBlanks(rest);
    if (rest === '') {
      out.push({ k: 'eof' });
      return out;
    }
    const c = rest[0]!;
    const afterLabel = out.length > 0 && out[out.length - 1]!.k === 'label';
    if ('(){},'.includes(c)) {
      out.push({ k: c as '(' });
      rest = rest.slice(1);
    } else if (c === '"' || c === "'") {
      const end = rest.indexOf(c, 1);
      if (end < 0) return null;
      out.push({ k: 'str', v: rest.slice(1, end) });
      rest = rest.slice(end + 1);
    } else if (c === '=' || c === '&' || c === '|') {
      if (rest[1] !== c) return null;
      out.push({ k: (c === '=' ? '==' : c + c) as '==' });
      rest = rest.slice(2);
    } else if (c === '!') {
      const ne = rest[1] === '=';
      out.push({ k: ne ? '!=' : '!' });
      rest = rest.slice(ne ? 2 : 1);
    } else if (afterLabel) {
      // Only an operator may follow a label; two-word operators allow blanks in between.
      const two = (first: string, second: string): string | null => {
        if (!rest.startsWith(first)) return null;
        const r = trimBlanks(rest.slice(first.length));
        return r.startsWith(second) ? r.slice(second.length) : null;
      };
      let r: string | null;
      if (rest.startsWith('contains')) {
        out.push({ k: 'contains' });
        rest = rest.slice(8);
      } else if (rest.startsWith('starts')) {
        if ((r = two('starts', 'with')) === null) return null;
        out.push({ k: 'starts' });
        rest = r;
      } else if (rest.startsWith('ends')) {
        if ((r = two('ends', 'with')) === null) return null;
        out.push({ k: 'ends' });
        rest = r;
      } else if (rest.startsWith('not')) {
        if ((r = two('not', 'in')) === null) return null;
        out.push({ k: 'notin' });
        rest = r;
      } else if (rest.startsWith('in')) {
        out.push({ k: 'in' });
        rest = rest.slice(2);
      } else return null;
    } else if (rest.startsWith('has(')) {
      const r = trimBlanks(rest.slice(4));
      const m = IDENT.exec(r);
      if (m === null) return null;
      const after = trimBlanks(r.slice(m[0].length));
      if (!after.startsWith(')')) return null;
      out.push({ k: 'has', v: m[0] });
      rest = after.slice(1);
    } else if (rest.startsWith('all(') || rest.startsWith('global(')) {
      const word = rest.startsWith('all(') ? 'all' : 'global';
      const r = trimBlanks(rest.slice(word.length + 1));
      if (!r.startsWith(')')) return null;
      out.push({ k: word });
      rest = r.slice(1);
    } else {
      const m = IDENT.exec(rest);
      if (m === null) return null;
      out.push({ k: 'label', v: m[0] });
      rest = rest.slice(m[0].length);
    }
  }
}

class Fail extends Error {}

export function referenceParse(text: string): Selector | null {
  const tokenized = referenceTokenize(text);
  if (tokenized === null) return null;
  const toks: Tok[] = tokenized;
  if (toks[0]!.k === 'eof') return { op: 'all' };
  let i = 0;
  const peek = (): Tok => toks[i]!;
  const take = (k: Tok['k']): Tok => {
    if (toks[i]!.k !== k) throw new Fail();
    return toks[i++]!;
  };
  const valueOf = (t: Tok): string => (t as { v: string }).v;

  function orExpr(): Selector {
    const args = [andExpr()];
    while (peek().k === '||') {
      i++;
      args.push(andExpr());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }
  function andExpr(): Selector {
    const args = [operation()];
    while (peek().k === '&&') {
      i++;
      args.push(operation());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }
  function operation(): Selector {
    let negated = false;
    while (peek().k === '!') {
      negated = !negated;
      i++;
    }
    const t = toks[i++]!;
    let s: Selector;
    switch (t.k) {
      case 'has':
        s = { op: 'has', key: t.v };
        break;
      case 'all':
        s = { op: 'all' };
        break;
      case 'global':
        s = { op: 'global' };
        break;
      case '(':
        s = orExpr();
        take(')');
        break;
      case 'label': {
        const op = toks[i++]!;
        const key = t.v;
        const stringOps: Record<string, 'eq' | 'neq' | 'contains' | 'startswith' | 'endswith'> = {
          '==': 'eq', '!=': 'neq', contains: 'contains', starts: 'startswith', ends: 'endswith',
        };
        if (op.k in stringOps) {
          s = { op: stringOps[op.k]!, key, value: valueOf(take('str')) };
        } else if (op.k === 'in' || op.k === 'notin') {
          take('{');
          const values: string[] = [];
          while (peek().k === 'str') {
            values.push(valueOf(toks[i++]!));
            if (peek().k !== ',') break;
            i++;
          }
          take('}');
          s = { op: op.k, key, values: canonicalValues(values) };
        } else throw new Fail();
        break;
      }
      default:
        throw new Fail();
    }
    return negated ? { op: 'not', arg: s } : s;
  }

  try {
    const s = orExpr();
    return peek().k === 'eof' ? s : null;
  } catch (e) {
    if (e instanceof Fail) return null;
    throw e;
  }
}
