/**
 * SMT stage, matching: one rule (or one side of it) against the symbolic flow → a three-valued
 * term pair, the symbolic counterpart of the oracle's `rule.ts`, `peer.ts`, `nets.ts`, `ports.ts`
 * and `selectors.ts`, case for case.
 *
 * Three values as two Booleans: `def` ("certainly matches") and `pos` ("possibly matches"), with
 * `def → pos`; false is `¬pos`, "maybe" is `pos ∧ ¬def`. Kleene's conjunction is then the
 * conjunction of each component, and negation swaps them (`¬x = (¬pos, ¬def)`).
 *
 * Contract: for every concrete flow and end, `def` holds iff the oracle's result is `true` and
 * `pos` iff it is not `false` (the differential tests check this through whole programs).
 * `mark` records each IR construct the encoder gives meaning to, so a test can check that every
 * construct of `ir/constructs.ts` is encoded.
 */
import type { IcmpMatch, NamespaceScope, PeerMatch, PortSpec, Rule, ServiceAccountMatch, Subject } from '../ir/ast.js';
import type { ConstructId } from '../ir/constructs.js';
import { ICMP, ICMPV6, PORT_CARRIERS } from '../ir/protocol.js';
import type { TermFactory } from './factory.js';
import { cidrsOf, inCidr, protocolIn, type Case, type EntityView, type FlowVars, type Party } from './party.js';
import { encodeSelector } from './selector.js';
import type { Term } from './term.js';

export interface Tri {
  def: Term;
  pos: Term;
}

export interface MatchContext {
  f: TermFactory;
  v: FlowVars;
  mark(id: ConstructId): void;
  /** Results already encoded (see `memo`). */
  cache: Map<object, Map<string, unknown>>;
}

/**
 * Encoding-time caches, for speed only (the terms are the same without them): a rule side against
 * the same end, and a namespace scope against a namespace whose labels are constants, are encoded
 * once although many local endpoints evaluate them.
 */
function memo<T>(c: MatchContext, obj: object, key: string, make: () => T): T {
  let m = c.cache.get(obj);
  if (!m) c.cache.set(obj, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = make();
  m.set(key, v);
  return v;
}

export function tri(c: Term): Tri {
  return { def: c, pos: c };
}

export function triAnd(f: TermFactory, ts: readonly Tri[]): Tri {
  return { def: f.and(...ts.map((t) => t.def)), pos: f.and(...ts.map((t) => t.pos)) };
}

function triNot(f: TermFactory, t: Tri): Tri {
  return { def: f.not(t.pos), pos: f.not(t.def) };
}

const MAYBE = (f: TermFactory): Tri => ({ def: f.F, pos: f.T });

function protocolIs(c: MatchContext, ps: readonly number[]): Term {
  return protocolIn(c.f, c.v, ps);
}

// ── entities ─────────────────────────────────────────────────────────────────────────────────

function namespaceHolds(c: MatchContext, s: NamespaceScope, e: EntityView): Term {
  c.mark(`namespaceScope.${s.kind}`);
  if (s.kind === 'name') return e.ns.global ? c.f.F : c.f.eq(e.ns.name, c.f.str(s.name));
  const sel = () => encodeSelector(c.f, s.selector, e.ns.labels, { global: e.ns.global });
  // A namespace of the snapshot (or none): its labels are constants, the same for every entity in it.
  return e.ns.constant ? memo(c, s, `${e.ns.global}:${(e.ns.name as { value?: string }).value}`, sel) : sel();
}

function serviceAccountHolds(c: MatchContext, m: ServiceAccountMatch, e: EntityView): Term {
  const { f } = c;
  const parts: Term[] = [];
  if (m.names !== null) {
    c.mark('serviceAccounts.names');
    parts.push(f.and(e.sa.has, f.or(...m.names.map((n) => f.eq(e.sa.name, f.str(n))))));
  }
  if (m.selector !== null) {
    c.mark('serviceAccounts.selector');
    parts.push(encodeSelector(f, m.selector, e.sa.labels));
  }
  return f.and(...parts);
}

/** The entities of one case: the pod itself, or the network sets of an external address. */
function entitiesOf(k: Case): EntityView[] {
  return k.pod ? [k.pod] : k.entities;
}

/** The oracle's `subjectSelects`: subjects select pods only. */
export function subjectSelects(c: MatchContext, s: Subject, k: Case): Term {
  const { f } = c;
  if (!k.pod) return f.F;
  c.mark('subject.selector');
  const parts: Term[] = [];
  if (s.namespace) {
    c.mark('subject.namespace');
    parts.push(namespaceHolds(c, s.namespace, k.pod));
    if (parts[0] === f.F) return f.F;
  }
  parts.push(encodeSelector(f, s.selector, k.pod.labels));
  if (s.serviceAccounts) {
    c.mark('subject.serviceAccounts');
    parts.push(serviceAccountHolds(c, s.serviceAccounts, k.pod));
  }
  return f.and(...parts);
}

// ── ports ────────────────────────────────────────────────────────────────────────────────────

function portSpecHolds(c: MatchContext, s: PortSpec, port: Term, k: Case): Term {
  c.mark(`port.${s.kind}`);
  if (s.kind === 'range') return c.f.inRange(port, s.from, s.to);
  return k.namedPort(s.name, c.v.protocol, port);
}

function portsHold(c: MatchContext, specs: readonly PortSpec[], negated: boolean, port: Term, known: Term, k: Case): Tri {
  const { f } = c;
  const carries = protocolIs(c, PORT_CARRIERS);
  const inList = f.or(...specs.map((s) => portSpecHolds(c, s, port, k)));
  const holds = negated ? f.not(inList) : inList;
  // Unknown port: "maybe", unless the protocol has no ports at all.
  return { def: f.and(carries, known, holds), pos: f.and(carries, f.or(f.not(known), holds)) };
}

// ── one side of a rule ───────────────────────────────────────────────────────────────────────

function peerHoldsAt(c: MatchContext, m: PeerMatch, k: Case, port: Term, known: Term): Tri {
  const { f, v } = c;
  const two: Term[] = [];
  // Cheap and often false for an endpoint of another namespace: first, so the rest is skipped.
  if (m.namespace && k.pod && f.and(...entitiesOf(k).map((e) => namespaceHolds(c, m.namespace!, e))) === f.F) return tri(f.F);
  if (m.nets) {
    c.mark('peer.nets');
    c.mark(`nets.${m.nets.scope}`);
    const external = m.nets.scope === 'external' && k.pod !== null;
    const inside = f.or(...cidrsOf(m.nets.cidrs).map((x) => inCidr(f, v.v6, k.address, x)));
    two.push(external ? f.F : f.and(k.address.has, inside));
  }
  if (m.notNets) {
    c.mark('peer.notNets');
    two.push(f.and(k.address.has, f.not(f.or(...cidrsOf(m.notNets).map((x) => inCidr(f, v.v6, k.address, x))))));
  }
  if (m.selector || m.namespace || m.serviceAccounts) {
    // One and the same entity satisfies all three (Calico folds them into one selector).
    const some = entitiesOf(k).map((e) => {
      const parts = [e.guard];
      if (m.selector) parts.push(encodeSelector(f, m.selector, e.labels));
      if (m.namespace) parts.push(namespaceHolds(c, m.namespace, e));
      if (m.serviceAccounts) parts.push(serviceAccountHolds(c, m.serviceAccounts, e));
      return f.and(...parts);
    });
    if (m.selector) c.mark('peer.selector');
    if (m.namespace) c.mark('peer.namespace');
    if (m.serviceAccounts) c.mark('peer.serviceAccounts');
    two.push(f.or(...some));
  }
  if (m.notSelector) {
    c.mark('peer.notSelector');
    const sel = m.notSelector;
    two.push(f.not(f.or(...entitiesOf(k).map((e) => f.and(e.guard, encodeSelector(f, sel, e.labels))))));
  }
  const parts = [tri(f.and(...two))];
  if (m.ports) {
    c.mark('peer.ports');
    parts.push(portsHold(c, m.ports, false, port, known, k));
  }
  if (m.notPorts) {
    c.mark('peer.notPorts');
    parts.push(portsHold(c, m.notPorts, true, port, known, k));
  }
  return triAnd(f, parts);
}

/**
 * The cases of `end` that can satisfy `m`'s namespace clause: snapshot endpoints are grouped by
 * namespace and a group is dropped when the clause folds to false on it (its cases would fold to
 * false one by one). Speed only.
 */
function casesFor(c: MatchContext, m: PeerMatch, end: Party): Case[] {
  const scope = m.namespace;
  if (!scope) return end.cases;
  const groups = memo(c, end, 'byNamespace', () => {
    const g = new Map<string, Case[]>();
    for (const k of end.cases) if (k.endpoint) g.set(k.endpoint.namespace, [...(g.get(k.endpoint.namespace) ?? []), k]);
    return g;
  });
  const out = end.cases.filter((k) => !k.endpoint);
  if (scope.kind === 'name') {
    c.mark('namespaceScope.name');
    return [...out, ...(groups.get(scope.name) ?? [])];
  }
  // Many rules share one namespace selector (every policy's "from monitoring"): key by its text.
  const text = memo(c, scope, 'text', () => JSON.stringify(scope.selector));
  const inside = memo(c, groups, text, () => [...groups.values()].filter((ks) => namespaceHolds(c, scope, ks[0]!.pod!) !== c.f.F).flat());
  return [...out, ...inside];
}

/** One side of a rule against an end: a disjunction over its cases (the guards are exclusive). */
export function peerHolds(c: MatchContext, m: PeerMatch, end: Party | Case, port: Term, known: Term): Tri {
  const { f } = c;
  if ('guard' in end) return peerHoldsAt(c, m, end, port, known);
  return memo(c, m, end.side, () => {
    const per = casesFor(c, m, end).map((k) => ({ g: k.guard, t: peerHoldsAt(c, m, k, port, known) }));
    return { def: f.or(...per.map((x) => f.and(x.g, x.t.def))), pos: f.or(...per.map((x) => f.and(x.g, x.t.pos))) };
  });
}

// ── a rule ───────────────────────────────────────────────────────────────────────────────────

function icmpHolds(c: MatchContext, m: IcmpMatch): Tri {
  const { f, v } = c;
  c.mark('icmp.type');
  const typeOk = f.eq(v.icmpType, f.bv(m.type, 8));
  if (m.code !== null) c.mark('icmp.code');
  const codeOk = m.code === null ? f.T : f.eq(v.icmpCode, f.bv(m.code, 8));
  const codeKnown = m.code === null ? f.T : v.icmpCodeKnown;
  return {
    def: f.and(v.icmpTypeKnown, typeOk, codeKnown, codeOk),
    pos: f.or(f.not(v.icmpTypeKnown), f.and(typeOk, f.or(f.not(codeKnown), codeOk))),
  };
}

/** The oracle's `matchRule`: `src` against the flow's source, `dst` against its destination. */
export function ruleHolds(c: MatchContext, r: Rule, src: Party | Case, dst: Party | Case): Tri {
  const { f, v } = c;
  const parts: Tri[] = [];
  if (r.ipVersion !== null) {
    c.mark('rule.ipVersion');
    parts.push(tri(r.ipVersion === 6 ? v.v6 : f.not(v.v6)));
  }
  if (r.protocol !== null) {
    c.mark('rule.protocol');
    parts.push(tri(protocolIs(c, [r.protocol])));
  }
  if (r.notProtocol !== null) {
    c.mark('rule.notProtocol');
    parts.push(tri(f.not(protocolIs(c, [r.notProtocol]))));
  }
  if (r.icmp) {
    c.mark('rule.icmp');
    parts.push(tri(protocolIs(c, [ICMP, ICMPV6])), icmpHolds(c, r.icmp));
  }
  if (r.notIcmp) {
    c.mark('rule.notIcmp');
    parts.push(tri(protocolIs(c, [ICMP, ICMPV6])), triNot(f, icmpHolds(c, r.notIcmp)));
  }
  c.mark('rule.src');
  parts.push(peerHolds(c, r.src, src, v.srcPort, v.srcPortKnown));
  c.mark('rule.dst');
  parts.push(peerHolds(c, r.dst, dst, v.dstPort, v.dstPortKnown));
  if (r.unknown.length > 0) {
    c.mark('rule.unknown');
    parts.push(MAYBE(f));
  }
  return triAnd(f, parts);
}
