/**
 * Property stage, reading: property-file text → `Property[]` (`ast.ts`), with the grammar in
 * `grammar/property.ohm`; `print.ts` writes the same syntax back.
 *
 * Contract: never throws; returns `{ value, diagnostics }` with `value` present exactly when there
 * is no error. Positions are 1-based lines and columns of the property text. A property's own
 * position is that of its name. What is checked beyond the grammar, each reported where it is
 * written:
 * - names are `[a-z0-9-]+` and unique in the file (the second of two is the error, hinting at
 *   the first), so results and SARIF locations name one property each;
 * - selectors go through the Calico selector parser (`ns(sel)`, `pod(sel)`); an error points at
 *   the offending token inside the selector;
 * - CIDRs are strict and canonical (`values.ts`); an `except` CIDR must lie inside one of the
 *   listed CIDRs, as Kubernetes requires of `ipBlock.except` (an exception outside excludes
 *   nothing, which is always a mistake);
 * - ports and protocols as in `values.ts`.
 *
 * Extensions to the core language, all harmless to it: `pod(sel) ns(sel)` in that order means
 * the same as `ns(sel) pod(sel)`; `cidr(10.0.0.1)` is one host; `pod()` is `pod(all())`, as an
 * empty Calico selector selects everything.
 */
import * as ohm from 'ohm-js';
import { loadGrammarFile } from '../util/grammarFile.js';
import { LineIndex } from '../util/lineIndex.js';
import type { Code } from '../diagnostics/codes.js';
import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseCalicoSelector, type Selector } from '../selector/index.js';
import { formatCidr, type Cidr } from '../util/cidr.js';
import type { EndpointSpec, PortMatch, Property, PropertyKind } from './ast.js';
import { insideSome, isProblem, readCidr, readPortItem } from './values.js';

export interface ParsePropertiesResult {
  value?: Property[];
  diagnostics: Diagnostic[];
}

const NAME = /^[a-z0-9-]+$/;

let grammar: ohm.Grammar | undefined;
let semantics: ohm.Semantics | undefined;

function loadGrammar(): ohm.Grammar {
  return (grammar ??= loadGrammarFile('property.ohm', import.meta.url));
}

// ── per-call context (parsing is synchronous, so one slot suffices) ──────────────────────────

interface Context {
  file: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}
let ctx: Context;

function position(offset: number): { line: number; column: number } {
  return ctx.lines.position(offset);
}

function report(code: Code, offset: number, message: string, hint?: string): void {
  ctx.diagnostics.push(diagnostic(code, { file: ctx.file, ...position(offset) }, '', message, hint));
}

// ── helpers over parse nodes ─────────────────────────────────────────────────────────────────

type Node = ohm.Node;
const val = <T>(n: Node): T => n['prop']() as T;
const opt = <T>(n: Node): T | null => (n.children.length > 0 ? val<T>(n.children[0]!) : null);
const list = <T>(n: Node): T[] => n.asIteration().children.map((c) => val<T>(c));
const at = (n: Node): number => n.source.startIdx;

/** A `( … )` span → its selector; an error is placed at the offending token inside the span. */
function selector(span: Node): Selector {
  const r = parseCalicoSelector(span.sourceString.slice(1, -1));
  if (r.ok) return r.selector;
  report('invalid-selector', at(span) + 1 + r.error.offset, r.error.message);
  return { op: 'all' };
}

/** A value and where it is written; `null` when it was bad (and already reported). */
type Located<T> = { value: T | null; offset: number };

function endpointsOfPods(ns: Selector | null, pod: Selector | null): EndpointSpec {
  return { kind: 'pods', namespace: ns, pod };
}

// ── the semantics: one action per grammar rule ───────────────────────────────────────────────

const actions: ohm.ActionDict<unknown> = {
  File(props) {
    const out = props.children.map((p) => val<Property>(p));
    const first = new Map<string, Property>();
    for (const p of out) {
      const earlier = first.get(p.name);
      if (earlier === undefined) first.set(p.name, p);
      else {
        ctx.diagnostics.push(
          diagnostic('duplicate-property', p, '', `property \`${p.name}\` is defined twice`, `the first definition is at line ${earlier.line}, column ${earlier.column}`),
        );
      }
    }
    return out;
  },

  Property(name, _colon, kind, src, _arrow, dst, on) {
    const text = name.sourceString;
    if (!NAME.test(text)) {
      const lower = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
      report('property-syntax', at(name), `property name \`${text}\` may only have lowercase letters, digits and \`-\``, `write \`${lower}\``);
    }
    return {
      name: text,
      kind: kind.sourceString as PropertyKind,
      src: val<EndpointSpec>(src),
      dst: val<EndpointSpec>(dst),
      on: opt<PortMatch[] | null>(on) ?? null,
      file: ctx.file,
      ...position(at(name)),
    } satisfies Property;
  },

  Endpoints_any(_kw) {
    return { kind: 'any' } satisfies EndpointSpec;
  },
  Endpoints_ns(ns, pod) {
    return endpointsOfPods(val(ns), opt(pod));
  },
  Endpoints_pod(pod, ns) {
    return endpointsOfPods(opt(ns), val(pod));
  },
  Endpoints_cidr(cidrs, except) {
    const inc = val<Located<Cidr>[]>(cidrs);
    const exc = opt<Located<Cidr>[]>(except) ?? [];
    const good = inc.flatMap((c) => (c.value ? [c.value] : []));
    for (const e of exc) {
      // Only checked when every included CIDR is valid: otherwise the error is already reported.
      if (e.value && good.length === inc.length && !insideSome(good, e.value)) {
        report('except-outside-cidr', e.offset, `except \`${formatCidr(e.value)}\` is not inside any of the listed CIDRs`, 'an exception outside the CIDRs excludes nothing');
      }
    }
    const texts = (xs: Located<Cidr>[]) => xs.flatMap((c) => (c.value ? [formatCidr(c.value)] : []));
    return { kind: 'cidr', cidrs: texts(inc), except: texts(exc) } satisfies EndpointSpec;
  },
  NsPart(_kw, span) {
    return selector(span);
  },
  PodPart(_kw, span) {
    return selector(span);
  },
  CidrPart(_kw, _open, items, _close) {
    return list<Located<Cidr>>(items);
  },
  ExceptPart(_kw, cidrs) {
    return val(cidrs);
  },

  OnClause(_kw, set) {
    return val(set);
  },
  PortSet_any(_kw) {
    return null;
  },
  PortSet_list(items) {
    return list<PortMatch | null>(items).filter((p): p is PortMatch => p !== null);
  },

  cidrText(_chars) {
    const r = readCidr(this.sourceString);
    if (!isProblem(r)) return { value: r, offset: at(this) } satisfies Located<Cidr>;
    report(r.code, at(this) + r.offset, r.message, r.hint);
    return { value: null, offset: at(this) } satisfies Located<Cidr>;
  },
  portText(_chars) {
    const r = readPortItem(this.sourceString);
    if (!isProblem(r)) return r;
    report(r.code, at(this) + r.offset, r.message, r.hint);
    return null;
  },
};

function getSemantics(): ohm.Semantics {
  semantics ??= loadGrammar().createSemantics().addOperation('prop', actions);
  return semantics;
}


/** What a syntax error found: a word, or one character, or the end of the text. */
function foundAt(text: string, offset: number): string {
  // A `:` ends a word here, so that the next property's `name:` shows as the name alone.
  const word = /^(?:[A-Za-z0-9_./-]+|\S)/.exec(text.slice(offset))?.[0];
  if (word === undefined) return 'the end of the text';
  // A control character would garble the message line: show it escaped.
  return `\`${word.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\``;
}

/** Parses the text of a property file; `file` is the name diagnostics and properties carry. */
export function parseProperties(file: string, text: string): ParsePropertiesResult {
  ctx = { file, lines: new LineIndex(text), diagnostics: [] };
  try {
    const match = loadGrammar().match(text);
    if (match.failed()) {
      const offset = match.getRightmostFailurePosition();
      const expected = match.getExpectedText().replace(/"((?:[^"\\]|\\.)*)"/g, (_, lit: string) => `\`${JSON.parse(`"${lit}"`) as string}\``);
      report('property-syntax', offset, `expected ${expected}; found ${foundAt(text, offset)}`);
      return { diagnostics: ctx.diagnostics };
    }
    const value = getSemantics()(match)['prop']() as Property[];
    const diagnostics = sortDiagnostics(ctx.diagnostics);
    return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { value, diagnostics };
  } catch (e) {
    report('internal-error', 0, `internal error while parsing properties: ${e instanceof Error ? e.message : String(e)}`);
    return { diagnostics: ctx.diagnostics };
  }
}
