/**
 * IR stage, reading: IR text → `Program` (the inverse of `print.ts`), with the grammar in
 * `grammar/ir.ohm`.
 *
 * Contract: never throws; returns `{ value, diagnostics }` where `value` is present exactly when
 * there is no error. Positions are 1-based lines and columns of the IR text. The result keeps the
 * invariants of `ast.ts`: CIDRs and IPs must already be canonical-able under strict parsing (no
 * host bits, no leading zeros) and are stored canonical; selectors go through the Calico selector
 * parser; tiers and policies must be written in evaluation order (an IR that reads in a different
 * order than it runs would mislead its reader). A rule or policy without `@ …` provenance gets the
 * position in the IR text itself, kind `IR`, so hand-written programs are traceable too.
 */
import * as ohm from 'ohm-js';
import { loadGrammarFile } from '../util/grammarFile.js';
import { LineIndex } from '../util/lineIndex.js';
import type { Code } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import { parseCalicoSelector } from '../selector/index.js';
import { formatCidr, formatIp, isParseError, parseCidr, parseIp } from '../util/cidr.js';
import type {
  Action,
  Direction,
  Endpoint,
  IcmpMatch,
  Labels,
  Namespace,
  NamedPort,
  NamespaceScope,
  NetworkSet,
  Origin,
  PeerMatch,
  Policy,
  PortSpec,
  Program,
  Rule,
  RuleOrigin,
  Selector,
  ServiceAccountMatch,
  Snapshot,
  Subject,
  Tier,
} from './ast.js';
import { DIRECTIONS } from './ast.js';
import { compareNamed } from './order.js';
import { isProtocolNumber, protocolNumber } from './protocol.js';

/**
 * The code for text the grammar rejects. Pending in the catalogue (`diagnostics/codes.ts` is not
 * this module's file): until it is added there, the diagnostic is built here with its severity.
 */
const IR_SYNTAX: Code = 'ir-syntax';

export interface ParseOptions {
  /** The file name diagnostics and default provenance use (default `<ir>`). */
  file?: string;
}

export interface ParseResult {
  value?: Program;
  diagnostics: Diagnostic[];
}

let grammar: ohm.Grammar | undefined;
let semantics: ohm.Semantics | undefined;

function loadGrammar(): ohm.Grammar {
  return (grammar ??= loadGrammarFile('ir.ohm', import.meta.url));
}

// ── per-call context (parsing is synchronous, so one slot suffices) ──────────────────────────

interface Context {
  file: string;
  text: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
  /** The enclosing policy's origin, for short and absent rule provenance. */
  policyOrigin: Origin | null;
  ruleCounts: Record<Direction, number>;
}
let ctx: Context;


function position(offset: number): { line: number; column: number } {
  return ctx.lines.position(offset);
}

function report(code: Code, offset: number, message: string, hint?: string): void {
  const d: Diagnostic = { code, severity: 'error', message, file: ctx.file, ...position(offset), path: '' };
  if (hint !== undefined) d.hint = hint;
  ctx.diagnostics.push(d);
}

// ── helpers over parse nodes ─────────────────────────────────────────────────────────────────

type Node = ohm.Node;
const val = <T>(n: Node): T => n['ir']() as T;
const opt = <T>(n: Node): T | null => (n.children.length > 0 ? val<T>(n.children[0]!) : null);
const list = <T>(n: Node): T[] => n.asIteration().children.map((c) => val<T>(c));
const many = <T>(n: Node): T[] => n.children.map((c) => val<T>(c));
const at = (n: Node): number => n.source.startIdx;

function selector(span: Node): Selector {
  const raw = span.sourceString.slice(1, -1);
  const r = parseCalicoSelector(raw);
  if (r.ok) return r.selector;
  report('invalid-selector', at(span) + 1 + r.error.offset, r.error.message);
  return { op: 'all' };
}

function portNumber(n: number, offset: number): number {
  if (n > 65535) report('invalid-port', offset, `port \`${n}\` is out of range`, 'ports are 0–65535');
  return n;
}

function uniqueNames(xs: { name: string }[], offsets: number[], what: string): void {
  const seen = new Set<string>();
  xs.forEach((x, i) => {
    if (seen.has(x.name)) report('invalid-value', offsets[i]!, `${what} \`${x.name}\` is defined twice`);
    seen.add(x.name);
  });
}

function checkEvaluationOrder(xs: Policy[] | Tier[], offsets: number[], what: string): void {
  for (let i = 1; i < xs.length; i++) {
    if (compareNamed(xs[i - 1]!, xs[i]!) > 0) {
      report(
        'invalid-order',
        offsets[i]!,
        `${what} \`${xs[i]!.name}\` evaluates before \`${xs[i - 1]!.name}\` but is written after it`,
        `write ${what}s in evaluation order: by order (none last), then by name`,
      );
    }
  }
}

function peerOf(parts: Partial<PeerMatch>): PeerMatch {
  return {
    nets: parts.nets ?? null,
    notNets: parts.notNets ?? null,
    selector: parts.selector ?? null,
    notSelector: parts.notSelector ?? null,
    namespace: parts.namespace ?? null,
    serviceAccounts: parts.serviceAccounts ?? null,
    ports: parts.ports ?? null,
    notPorts: parts.notPorts ?? null,
  };
}

type Place = { file: string | null; line: number; column: number; kind: string | null; name: string | null };
type SnapItem = { namespace: Namespace } | { endpoint: Endpoint; offset: number } | { networkSet: NetworkSet };

// ── the semantics: one action per grammar rule ───────────────────────────────────────────────

const actions: ohm.ActionDict<unknown> = {
  Program(snap, tiers, final) {
    const snapshot = opt<Snapshot>(snap);
    const ts = many<Tier>(tiers);
    const offsets = tiers.children.map(at);
    uniqueNames(ts, offsets, 'tier');
    checkEvaluationOrder(ts, offsets, 'tier');
    return { snapshot, tiers: ts, final: val(final) } satisfies Program;
  },

  Snapshot(_kw, _open, items, _close) {
    const s: Snapshot = { namespaces: [], endpoints: [], networkSets: [] };
    const endpointAt: number[] = [];
    for (const item of many<SnapItem>(items)) {
      if ('namespace' in item) s.namespaces.push(item.namespace);
      else if ('endpoint' in item) {
        s.endpoints.push(item.endpoint);
        endpointAt.push(item.offset);
      } else s.networkSets.push(item.networkSet);
    }
    const known = new Set(s.namespaces.map((n) => n.name));
    s.endpoints.forEach((e, i) => {
      if (!known.has(e.namespace))
        report('invalid-value', endpointAt[i]!, `endpoint \`${e.id}\` is in namespace \`${e.namespace}\`, which the snapshot does not declare`);
    });
    uniqueNames(s.namespaces, items.children.map(at), 'namespace');
    uniqueNames(s.endpoints.map((e) => ({ name: e.id })), endpointAt, 'endpoint');
    return s;
  },
  SnapItem(x) {
    return val(x);
  },
  NamespaceDecl(_kw, name, _labels, labels) {
    return { namespace: { name: val<string>(name), labels: val<Labels>(labels) } } satisfies SnapItem;
  },
  EndpointDecl(_kw, id, _in, ns, workload, ips, sa, ports, _labels, labels) {
    const endpoint: Endpoint = {
      id: val(id),
      workload: opt<string>(workload),
      namespace: val(ns),
      labels: val(labels),
      ips: val(ips),
      ports: opt<NamedPort[]>(ports) ?? [],
      serviceAccount: opt(sa),
    };
    return { endpoint, offset: at(this) } satisfies SnapItem;
  },
  Workload(_kw, s) {
    return val(s);
  },
  Ips_unknown(_kw, _unknown) {
    return null;
  },
  Ips_known(_kw, _open, ips, _close) {
    return list<string>(ips);
  },
  SaDecl(_kw, name, labels) {
    return { name: val<string>(name), labels: val<Labels>(labels) };
  },
  NamedPorts(_kw, _open, ports, _close) {
    return list<NamedPort>(ports);
  },
  NamedPort(name, proto, port) {
    return { name: val<string>(name), protocol: val<number>(proto), port: portNumber(val(port), at(port)) };
  },
  NetworkSetDecl(_kw, name, scope, _labels, labels, _nets, nets) {
    return {
      networkSet: { name: val(name), namespace: val(scope), labels: val(labels), nets: val(nets) },
    } satisfies SnapItem;
  },
  NetworkSetScope_global(_kw) {
    return null;
  },
  NetworkSetScope_namespaced(_kw, ns) {
    return val(ns);
  },
  LabelMap(_open, pairs, _close) {
    const out: Record<string, string> = {};
    for (const p of pairs.asIteration().children) {
      const [k, v] = val<[string, string]>(p);
      if (Object.prototype.hasOwnProperty.call(out, k)) report('invalid-value', at(p), `label \`${k}\` is given twice`);
      // defineProperty, so that even a key like `__proto__` stays an ordinary label.
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  },
  LabelPair(k, _colon, v) {
    return [val(k), val(v)];
  },

  Tier(_kw, name, order, _default, def, _open, policies, _close) {
    const ps = many<Policy>(policies);
    const offsets = policies.children.map(at);
    uniqueNames(ps, offsets, 'policy');
    checkEvaluationOrder(ps, offsets, 'policy');
    return { name: val(name), order: val(order), defaultAction: def.sourceString as Tier['defaultAction'], policies: ps } satisfies Tier;
  },
  OrderClause_none(_kw, _none) {
    return null;
  },
  OrderClause_number(_kw, n) {
    const v = Number(n.sourceString);
    if (!Number.isFinite(v)) report('invalid-order', at(n), `order \`${n.sourceString}\` is not a finite number`, 'write `order none` for "no order"');
    return v;
  },
  Policy(_kw, name, order, _types, _open, types, _close, subject, unknown, originNode, _lb, rules, _rb) {
    const policyName = val<string>(name);
    const dirs = types.asIteration().children.map((d) => d.sourceString as Direction);
    if (new Set(dirs).size !== dirs.length) report('invalid-value', at(types), 'a direction is listed twice in `types`');
    const place = opt<Place>(originNode);
    const here = position(at(this));
    const origin: Origin = place
      ? { file: place.file!, line: place.line, column: place.column, kind: place.kind!, name: place.name! }
      : { file: ctx.file, ...here, kind: 'IR', name: policyName };
    ctx.policyOrigin = origin;
    ctx.ruleCounts = { ingress: 0, egress: 0 };
    const p: Policy = {
      name: policyName,
      order: val(order),
      types: DIRECTIONS.filter((d) => dirs.includes(d)),
      subject: val(subject),
      ingress: [],
      egress: [],
      unknown: many(unknown),
      origin,
    };
    for (const r of rules.children) {
      const [dir, rule] = val<[Direction, Rule]>(r);
      p[dir].push(rule);
    }
    return p;
  },
  Subject(_kw, sel, ns, sa) {
    return { selector: val(sel), namespace: opt(ns), serviceAccounts: opt(sa) } satisfies Subject;
  },
  Final(_kw, action) {
    return action.sourceString;
  },

  Rule(dir, action, ipv, proto, notProto, icmp, notIcmp, _from, src, _to, dst, unknown, originNode) {
    const direction = dir.sourceString as Direction;
    const policyOrigin = ctx.policyOrigin!;
    const index = ctx.ruleCounts[direction]++;
    const given = opt<{ place: Place; index: number; path: string }>(originNode);
    const origin: RuleOrigin = given
      ? {
          file: given.place.file ?? policyOrigin.file,
          line: given.place.line,
          column: given.place.column,
          kind: given.place.kind ?? policyOrigin.kind,
          name: given.place.name ?? policyOrigin.name,
          index: given.index,
          path: given.path,
        }
      : { ...policyOrigin, ...position(at(this)), index, path: '' };
    const ipText = ipv.sourceString;
    const rule: Rule = {
      action: action.sourceString as Action,
      ipVersion: ipText === '' ? null : ipText === 'ipv4' ? 4 : 6,
      protocol: opt(proto),
      notProtocol: opt(notProto),
      icmp: opt(icmp),
      notIcmp: opt(notIcmp),
      src: val(src),
      dst: val(dst),
      unknown: many(unknown),
      origin,
    };
    return [direction, rule];
  },
  ProtoClause(_kw, p) {
    return val(p);
  },
  NotProtoClause(_not, _kw, p) {
    return val(p);
  },
  Protocol_number(n) {
    const v = Number(n.sourceString);
    if (!isProtocolNumber(v)) report('invalid-protocol', at(n), `protocol \`${v}\` is out of range`, 'protocols are 0–255');
    return v;
  },
  Protocol_name(w) {
    const v = protocolNumber(w.sourceString);
    if (v === undefined || w.sourceString !== w.sourceString.toLowerCase()) {
      report('invalid-protocol', at(w), `\`${w.sourceString}\` is not a protocol name`, 'write tcp, udp, sctp, icmp, icmpv6, udplite or a number');
      return 0;
    }
    return v;
  },
  IcmpClause(_kw, body) {
    return val(body);
  },
  NotIcmpClause(_not, _kw, body) {
    return val(body);
  },
  IcmpBody(_type, type, _code, code) {
    const check = (n: Node): number => {
      const v = Number(n.sourceString);
      if (v > 255) report('invalid-value', at(n), `ICMP type or code \`${v}\` is out of range`, 'ICMP types and codes are 0–255');
      return v;
    };
    const codeNode = code.children[0];
    return { type: check(type), code: codeNode ? check(codeNode) : null } satisfies IcmpMatch;
  },
  Unknown(_kw, reason) {
    return val(reason);
  },

  Peer_any(_kw) {
    return peerOf({});
  },
  Peer_clauses(_start, nets, notNets, sel, notSel, ns, sa, ports, notPorts) {
    return peerOf({
      nets: opt(nets),
      notNets: opt(notNets),
      selector: opt(sel),
      notSelector: opt(notSel),
      namespace: opt(ns),
      serviceAccounts: opt(sa),
      ports: opt(ports),
      notPorts: opt(notPorts),
    });
  },
  NetsClause(external, _kw, cidrs) {
    return { cidrs: val(cidrs), scope: external.children.length > 0 ? 'external' : 'any' };
  },
  NotNetsClause(_not, _kw, cidrs) {
    return val(cidrs);
  },
  SelClause(_kw, span) {
    return selector(span);
  },
  NotSelClause(_not, _kw, span) {
    return selector(span);
  },
  NsClause_name(_kw, name) {
    return { kind: 'name', name: val(name) } satisfies NamespaceScope;
  },
  NsClause_selector(_kw, span) {
    return { kind: 'selector', selector: selector(span) } satisfies NamespaceScope;
  },
  SaClause_any(_kw, _any) {
    return { names: null, selector: null } satisfies ServiceAccountMatch;
  },
  SaClause_match(_kw, names, sel) {
    if (names.children.length === 0 && sel.children.length === 0)
      report('invalid-value', at(this), '`sa` needs `names […]`, `sel(…)` or `any`');
    return { names: opt(names), selector: opt(sel) } satisfies ServiceAccountMatch;
  },
  SaNames(_kw, _open, names, _close) {
    return list(names);
  },
  SaSel(_kw, span) {
    return selector(span);
  },
  PortsClause(_kw, ports) {
    return val(ports);
  },
  NotPortsClause(_not, _kw, ports) {
    return val(ports);
  },
  PortList(_open, ports, _close) {
    return list(ports);
  },
  PortItem_range(r) {
    const [a, b] = r.sourceString.split('-').map(Number) as [number, number];
    portNumber(a, at(r));
    portNumber(b, at(r));
    if (a > b) report('invalid-port-range', at(r), `port range \`${r.sourceString}\` is empty`);
    return { kind: 'range', from: a, to: b } satisfies PortSpec;
  },
  PortItem_single(n) {
    const v = portNumber(Number(n.sourceString), at(n));
    return { kind: 'range', from: v, to: v } satisfies PortSpec;
  },
  PortItem_named(s) {
    const name = val<string>(s);
    if (name === '') report('invalid-port', at(s), 'a named port cannot be empty');
    return { kind: 'named', name } satisfies PortSpec;
  },
  CidrList(_open, cidrs, _close) {
    return list(cidrs);
  },

  PolicyOrigin(_at, place) {
    return val(place);
  },
  RuleOrigin(_at, place, _kw, index, path) {
    return { place: val(place), index: Number(index.sourceString), path: opt<string>(path) ?? '' };
  },
  FullPlace(file, _c1, line, _c2, column, kind, name) {
    return {
      file: val(file),
      line: Number(line.sourceString),
      column: Number(column.sourceString),
      kind: val(kind),
      name: val(name),
    } satisfies Place;
  },
  ShortPlace(line, _c, column) {
    return { file: null, line: Number(line.sourceString), column: Number(column.sourceString), kind: null, name: null } satisfies Place;
  },
  Kind(k) {
    return k.ctorName === 'string' ? val(k) : k.sourceString;
  },

  ipLit(_chars) {
    const text = this.sourceString;
    const a = parseIp(text);
    if (isParseError(a)) {
      report('invalid-ip', at(this), a.error, a.hint);
      return text;
    }
    return formatIp(a);
  },
  cidrLit(_chars, _slash, _digits) {
    const text = this.sourceString;
    const c = parseCidr(text);
    if (isParseError(c)) {
      report('invalid-cidr', at(this), c.error, c.hint);
      return text;
    }
    return formatCidr(c);
  },
  string(_open, _chars, _close) {
    return JSON.parse(this.sourceString) as string;
  },
  intLit(_digits) {
    return Number(this.sourceString);
  },
};

function getSemantics(): ohm.Semantics {
  semantics ??= loadGrammar().createSemantics().addOperation('ir', actions);
  return semantics;
}

/** Parses IR text. */
export function parseIr(text: string, opts: ParseOptions = {}): ParseResult {
  ctx = {
    file: opts.file ?? '<ir>',
    text,
    lines: new LineIndex(text),
    diagnostics: [],
    policyOrigin: null,
    ruleCounts: { ingress: 0, egress: 0 },
  };
  try {
    const match = loadGrammar().match(text);
    if (match.failed()) {
      const offset = match.getRightmostFailurePosition();
      const expected = match.getExpectedText().replace(/"((?:[^"\\]|\\.)*)"/g, '`$1`');
      const found = /^(?:[A-Za-z0-9_.:/-]+|\S)/.exec(text.slice(offset))?.[0];
      const what = found === undefined ? 'the end of the text' : `\`${found}\``;
      report(IR_SYNTAX, offset, `expected ${expected}; found ${what}`);
      return { diagnostics: ctx.diagnostics };
    }
    const value = getSemantics()(match)['ir']() as Program;
    const diagnostics = sortDiagnostics(ctx.diagnostics);
    return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { value, diagnostics };
  } catch (e) {
    report('internal-error', 0, `internal error while parsing the IR: ${e instanceof Error ? e.message : String(e)}`);
    return { diagnostics: ctx.diagnostics };
  }
}
