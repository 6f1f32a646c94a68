/**
 * SMT stage, SMT-LIB 2 text: terms → a script any SMT-LIB solver with bit-vectors and strings
 * reads (`netpolc compile --emit smt2`). `compileSmt2` prints a program's whole encoding: the
 * flow's variables with what they mean, one `define-fun` per named step of the evaluation (policy
 * applies, rule matches, verdict from here on, each commented with the policy and rule it stands
 * for), the verdict, the realisability axioms, and a query per direction and endpoint class.
 *
 * Contract: the script means what the terms mean (`term.ts`); every named or shared compound term
 * becomes a `define-fun` before its first use, so nesting stays shallow whatever the number of
 * rules. String literals use SMT-LIB 2.6 escapes (`""` and `\u{…}`), so any label text survives,
 * and the whole script is ASCII (Z3's text interface reads non-ASCII input unreliably).
 */
import type { Program } from '../ir/ast.js';
import { realisable } from './axioms.js';
import { encodeProgram, type Encoding } from './encode.js';
import type { TermFactory } from './factory.js';
import { isParseError, parseCidr } from '../util/cidr.js';
import { postOrder, type Sort, type Term } from './term.js';

const SIMPLE = /^[A-Za-z~!@$%^&*_+=<>.?/-][A-Za-z0-9~!@$%^&*_+=<>.?/-]*$/;

export function symbol(name: string): string {
  return SIMPLE.test(name) ? name : `|${name.replace(/[|\\]/g, '_')}|`;
}

export function stringLiteral(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '""';
    else if (c >= 0x20 && c <= 0x7e && ch !== '\\') out += ch;
    else out += `\\u{${c.toString(16)}}`;
  }
  return out + '"';
}

/**
 * A one-line comment in ASCII: user text (policy names, file names) may hold line breaks and any
 * character; non-ASCII is written `\u{…}` as in string literals, so the script is plain ASCII.
 */
export function comment(text: string): string {
  let out = ';';
  for (const ch of ` ${text}`) {
    const c = ch.codePointAt(0)!;
    out += c >= 0x20 && c <= 0x7e ? ch : c === 0x0a || c === 0x0d || c === 0x09 ? ' ' : `\\u{${c.toString(16)}}`;
  }
  return out;
}

export function sortText(s: Sort): string {
  return s.kind === 'bool' ? 'Bool' : s.kind === 'string' ? 'String' : `(_ BitVec ${s.width})`;
}

const OPS: Record<string, string> = { not: 'not', and: 'and', or: 'or', ite: 'ite', eq: '=', bvule: 'bvule', prefixof: 'str.prefixof', suffixof: 'str.suffixof', contains: 'str.contains' };

/** Prints `roots` as `define-fun`s for named and shared compound terms; returns the lines and each root's text. */
export function printTerms(f: TermFactory, roots: readonly Term[]): { lines: string[]; texts: string[] } {
  const order = postOrder(roots);
  const parents = new Map<number, number>();
  for (const t of order) for (const a of t.args) parents.set(a.id, (parents.get(a.id) ?? 0) + 1);
  const text = new Map<number, string>();
  const lines: string[] = [];
  // Sanitised names can clash (endpoints `a/b` and `a_b`); a clash gets the term's id appended.
  const used = new Set(f.allVars().map((v) => symbol(v.name)));
  for (const t of order) {
    let body: string;
    if (t.op === 'const')
      body = typeof t.value === 'boolean' ? String(t.value) : typeof t.value === 'bigint' ? `(_ bv${t.value} ${(t.sort as { width: number }).width})` : stringLiteral(t.value);
    else if (t.op === 'var') body = symbol(t.name);
    else if (t.op === 'extract') body = `((_ extract ${t.hi} ${t.lo}) ${text.get(t.args[0]!.id)})`;
    else body = `(${OPS[t.op]} ${t.args.map((a) => text.get(a.id)).join(' ')})`;
    const named = f.names.get(t.id);
    const compound = t.op !== 'const' && t.op !== 'var';
    if (compound && (named || (parents.get(t.id) ?? 0) > 1)) {
      let name = symbol(named?.name ?? `t${t.id}`);
      if (used.has(name)) name = symbol(`${named?.name ?? 't'}~${t.id}`);
      used.add(name);
      if (named?.comment) lines.push(comment(named.comment));
      lines.push(`(define-fun ${name} () ${sortText(t.sort)} ${body})`);
      body = name;
    }
    text.set(t.id, body);
  }
  return { lines, texts: roots.map((r) => text.get(r.id)!) };
}

export interface Smt2Options {
  mode: 'universal' | 'snapshot';
  anyNamespaceLabels?: boolean;
  podCidr?: string;
}

export interface Smt2Queries {
  enc: Encoding;
  realisable: Term;
  /** Each query is `realisable ∧ term`. */
  queries: { comment: string; term: Term }[];
}

/** The queries `compileSmt2` prints: per direction, per class of the local end, per class of the other end. */
export function smt2Queries(program: Program, opts: Smt2Options): Smt2Queries {
  const enc = encodeProgram(program, opts.mode);
  const { f, flow } = enc;
  const cidr = opts.podCidr === undefined ? null : parseCidr(opts.podCidr, { strict: false });
  const axioms = realisable(f, program, flow, { anyNamespaceLabels: opts.anyNamespaceLabels ?? false, podCidr: cidr && !isParseError(cidr) ? cidr : null });
  const realisableTerm = f.name(f.and(...axioms), 'realisable', 'only flows that could occur (smt/axioms.ts)');
  const queries: { comment: string; term: Term }[] = [];
  for (const dir of ['egress', 'ingress'] as const) {
    const local = dir === 'egress' ? flow.src : flow.dst;
    const remote = dir === 'egress' ? flow.dst : flow.src;
    for (const k of local.cases.filter((x) => x.pod))
      for (const kind of ['pod', 'external'] as const) {
        const others = remote.cases.filter((x) => (kind === 'external') === (x.kind === 'external'));
        queries.push({
          comment: `is some ${dir} flow allowed at ${k.label === 'pod' ? 'a pod' : `endpoint ${k.label}`} ${dir === 'egress' ? 'to' : 'from'} ${kind === 'pod' ? 'a pod' : 'an external address'}?`,
          term: f.and(k.guard, f.or(...others.map((x) => x.guard)), enc[dir].allowed),
        });
      }
  }
  return { enc, realisable: realisableTerm, queries };
}

/** The program's encoding as an SMT-LIB 2 script (see the file contract). */
export function compileSmt2(program: Program, opts: Smt2Options): string {
  const { enc, realisable: realisableTerm, queries } = smt2Queries(program, opts);
  const { f } = enc;
  const printed = printTerms(f, [enc.allowed, enc.denied, realisableTerm, ...queries.map((q) => q.term)]);
  const out = [
    `; netpolc: the program's SMT encoding, ${opts.mode} mode (DESIGN section 6)`,
    '; a flow is allowed iff `allowed`, denied iff `denied`, and its verdict is unknown iff neither',
    '(set-logic ALL)',
    '(set-option :produce-models true)',
    '',
    '; -- the flow --',
  ];
  for (const v of f.allVars()) {
    const what = varComment(v.name, enc);
    out.push(`(declare-const ${symbol(v.name)} ${sortText(v.sort)})${what === '' ? '' : ` ${comment(what)}`}`);
  }
  out.push('', '; -- the evaluation --', ...printed.lines, '', '; -- queries --');
  queries.forEach((q, i) => out.push(comment(q.comment), '(push 1)', `(assert ${printed.texts[2]})`, `(assert ${printed.texts[3 + i]})`, '(check-sat)', '(pop 1)'));
  return out.join('\n') + '\n';
}

/** What a variable stands for, when its name alone does not say (label keys, named ports, cases). */
function varComment(name: string, enc: Encoding): string {
  for (const end of [enc.flow.src, enc.flow.dst]) {
    if (end.select && name === end.select.name) return `${end.side} is case: ${end.cases.map((k, i) => `${i} ${k.label}`).join(', ')}`;
    const s = end.cases.find((k) => k.symbolic)?.symbolic;
    if (!s) continue;
    for (const [view, what] of [
      [s.nsLabels, 'namespace label'],
      [s.labels, 'pod label'],
      [s.saLabels, 'service account label'],
    ] as const)
      for (const k of view.keys()) if (name === k.has.name || name === k.val.name) return `${end.side} ${what} ${JSON.stringify(k.key)}`;
    for (const p of s.namedPorts.values()) if ([p.has.name, p.protocol.name, p.port.name].includes(name)) return `${end.side} named port ${JSON.stringify(p.name)}`;
  }
  return '';
}
