/**
 * Connectivity of a cluster snapshot: IR program → the allowed connections between its
 * endpoints and the external address blocks, decided flow by flow by the oracle.
 *
 * Work is done on equivalence classes, never on pods × pods × 65,536 ports (DESIGN §9):
 * - endpoints that the policies cannot tell apart (same namespace, the same values under every
 *   label key some selector mentions — of the pod, its namespace and its service account —,
 *   named ports, service account name, and the same membership in every CIDR the program
 *   mentions) form one class, evaluated once per class pair;
 * - ports are cut at every boundary a rule or a named port mentions, and each elementary interval
 *   is decided by one representative port;
 * - external addresses are cut into blocks at the CIDRs the program mentions (sources at the
 *   source-side CIDRs of ingress rules, destinations at the destination-side CIDRs of egress
 *   rules, network sets on both: netpol-analyzer's partition, `report/connlist/externalRanges.ts`),
 *   and each block is decided by one representative address.
 * INVARIANT: two flows in one cell of this partition (class pair × port interval × protocol ×
 * block) are decided alike by the oracle, because every construct the oracle reads is constant on
 * it. A test samples other members of each cell against the oracle to keep this honest.
 *
 * Verdicts `unknown` (unmodelled constructs) are never shown as allowed: they are returned apart.
 */
import type { Endpoint, NamespaceScope, PeerMatch, PortSpec, Program, Rule, Selector, ServiceAccountMatch, Subject } from '../ir/ast.js';
import { selectorKeys } from '../selector/index.js';
import type { Flow, FlowParty } from '../ir/flow.js';
import { evaluate } from '../oracle/evaluate.js';
import { cidrHas, isParseError, parseCidr, parseIp, formatIp, type Cidr } from '../util/cidr.js';
import { ConnSet, PORT_PROTOCOLS, PROTOCOL_NUMBER } from './connset.js';
import { BIGINT, NUMBER, IntervalSet, type BigIntSet } from './intervals.js';
import { disjointBlocks, externalName } from '../report/connlist/externalRanges.js';
import { workloadName, type Connection } from '../report/connlist/connection.js';

export interface ConnectivityOptions {
  /** Also decide protocols other than TCP, UDP and SCTP (ICMP, …); netpol-analyzer leaves them out. */
  otherProtocols?: boolean;
}

export interface ConnectivityResult {
  /** Allowed connections, between display names (`ns/name[Kind]`, `a.b.c.d-w.x.y.z[External]`). */
  connections: Connection[];
  /** Connections whose verdict is `unknown`: they depend on constructs netpolc does not model. */
  unknown: Connection[];
  stats: { endpoints: number; classes: number; externalBlocks: number; evaluations: number };
  /** The display name a flow's source or destination falls under (undefined: not shown). */
  displayOf(party: FlowParty, side: 'src' | 'dst'): string | undefined;
}

/** One row or column of the matrix: a class of endpoints, or an external block. */
interface Peer {
  display: string;
  party: FlowParty;
  /** Index of the endpoint class, or -1 for an external block. */
  cls: number;
}

const NAMED_PROTOCOLS = PORT_PROTOCOLS.map((p) => PROTOCOL_NUMBER[p]);

export function computeConnectivity(program: Program, opts: ConnectivityOptions = {}): ConnectivityResult {
  const snapshot = program.snapshot;
  const endpoints = snapshot?.endpoints ?? [];
  const rules = program.tiers.flatMap((t) => t.policies.flatMap((p) => [...p.ingress.map((r) => ({ r, dir: 'ingress' as const })), ...p.egress.map((r) => ({ r, dir: 'egress' as const }))]));
  const mentioned = mentionedCidrs(rules.map((x) => x.r), snapshot?.networkSets.flatMap((n) => n.nets) ?? []);

  // Endpoint classes.
  const keys = mentionedLabelKeys(program);
  const classOf = new Map<string, number>();
  const classes: Endpoint[][] = [];
  for (const e of endpoints) {
    const key = classKey(program, e, mentioned.all, keys);
    let c = classOf.get(key);
    if (c === undefined) {
      c = classes.length;
      classOf.set(key, c);
      classes.push([]);
    }
    classes[c]!.push(e);
  }
  const endpointClass = new Map<string, number>();
  classes.forEach((members, c) => members.forEach((e) => endpointClass.set(e.id, c)));

  // Display peers: a workload's pods are one peer when they are one class; otherwise each pod.
  const peers: Peer[] = [];
  const byDisplay = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    const d = e.workload ?? workloadName(e.namespace, e.id.slice(e.id.indexOf('/') + 1), 'Pod');
    const list = byDisplay.get(d) ?? [];
    list.push(e);
    byDisplay.set(d, list);
  }
  for (const [display, members] of byDisplay) {
    const cs = new Set(members.map((m) => endpointClass.get(m.id)!));
    if (cs.size === 1) peers.push({ display, party: { kind: 'endpoint', id: members[0]!.id }, cls: [...cs][0]! });
    else for (const m of members) peers.push({ display: `${display}/${m.id}`, party: { kind: 'endpoint', id: m.id }, cls: endpointClass.get(m.id)! });
  }

  const srcBlocks = disjointBlocks(mentioned.srcBlocks, 4);
  const dstBlocks = disjointBlocks(mentioned.dstBlocks, 4);
  const external = (b: BigIntSet): Peer => ({ display: externalName(b, 4), party: { kind: 'external', ip: formatIp({ family: 4, addr: b.min()! }) }, cls: -1 });
  const sources = [...peers, ...srcBlocks.map(external)];
  const destinations = [...peers, ...dstBlocks.map(external)];

  const cuts = portCuts(rules.map((x) => x.r), endpoints);
  const others = opts.otherProtocols ? otherProtocolRepresentatives(rules.map((x) => x.r)) : [];
  const memo = new Map<string, { allowed: ConnSet; unknown: ConnSet }>();
  let evaluations = 0;
  const connections: Connection[] = [];
  const unknown: Connection[] = [];

  for (const s of sources) {
    for (const d of destinations) {
      if (s.cls === -1 && d.cls === -1) continue; // external to external: not the cluster's business
      if (s.display === d.display) continue; // a workload to itself: out of scope (DESIGN §2)
      const key = `${s.cls === -1 ? s.display : 'c' + s.cls}|${d.cls === -1 ? d.display : 'c' + d.cls}`;
      let cell = memo.get(key);
      if (!cell) {
        cell = decidePair(program, s.party, d.party, cuts, others, () => evaluations++);
        memo.set(key, cell);
      }
      if (!cell.allowed.isEmpty()) connections.push({ src: s.display, dst: d.display, conn: cell.allowed });
      if (!cell.unknown.isEmpty()) unknown.push({ src: s.display, dst: d.display, conn: cell.unknown });
    }
  }
  const displayById = new Map<string, string>();
  for (const p of peers) if (p.party.kind === 'endpoint') displayById.set(p.party.id, p.display);
  for (const [display, members] of byDisplay) for (const m of members) if (!displayById.has(m.id)) displayById.set(m.id, display);
  const displayOf = (party: FlowParty, side: 'src' | 'dst'): string | undefined => {
    if (party.kind === 'endpoint') return displayById.get(party.id);
    if (party.kind !== 'external') return undefined;
    const a = parseIp(party.ip);
    if (isParseError(a) || a.family !== 4) return undefined;
    const block = (side === 'src' ? srcBlocks : dstBlocks).find((b) => b.contains(a.addr));
    return block && externalName(block, 4);
  };
  return {
    connections,
    unknown,
    displayOf,
    stats: { endpoints: endpoints.length, classes: classes.length, externalBlocks: srcBlocks.length + dstBlocks.length, evaluations },
  };
}

/** Every protocol × port interval (and other protocol) between two parties, by the oracle. */
function decidePair(
  program: Program,
  src: FlowParty,
  dst: FlowParty,
  cuts: number[],
  others: { protocol: number; covers: IntervalSet<number> }[],
  count: () => void,
): { allowed: ConnSet; unknown: ConnSet } {
  let allowed = ConnSet.none();
  let unknown = ConnSet.none();
  for (const proto of PORT_PROTOCOLS) {
    for (let i = 0; i + 1 < cuts.length; i++) {
      const lo = cuts[i]!;
      const hi = cuts[i + 1]! - 1;
      const flow: Flow = { src, dst, ipVersion: 4, protocol: PROTOCOL_NUMBER[proto], dstPort: lo };
      count();
      const v = evaluate(program, flow).verdict;
      if (v === 'deny') continue;
      const piece = ConnSet.portRange(proto, lo, hi);
      if (v === 'allow') allowed = allowed.union(piece);
      else unknown = unknown.union(piece);
    }
  }
  for (const o of others) {
    count();
    const v = evaluate(program, { src, dst, ipVersion: 4, protocol: o.protocol }).verdict;
    if (v === 'deny') continue;
    let piece = ConnSet.none();
    for (const r of o.covers.ranges) for (let p = r.lo; p <= r.hi; p++) piece = piece.union(ConnSet.protocolNumber(p));
    if (v === 'allow') allowed = allowed.union(piece);
    else unknown = unknown.union(piece);
  }
  return { allowed, unknown };
}

/**
 * Port boundaries: the start of every range and the port after its end, for every port a rule
 * or a named container port mentions, within 1–65535. Consecutive cuts bound an interval on
 * which no rule can tell ports apart.
 */
function portCuts(rules: Rule[], endpoints: Endpoint[]): number[] {
  const cuts = new Set<number>([1, 65536]);
  const add = (from: number, to: number) => {
    if (from >= 1 && from <= 65535) cuts.add(from);
    if (to + 1 >= 1 && to + 1 <= 65536) cuts.add(to + 1);
  };
  const addSpecs = (specs: PortSpec[] | null) => {
    for (const s of specs ?? []) if (s.kind === 'range') add(s.from, s.to);
  };
  for (const r of rules) for (const side of [r.src, r.dst]) {
    addSpecs(side.ports);
    addSpecs(side.notPorts);
  }
  for (const e of endpoints) for (const p of e.ports) add(p.port, p.port);
  return [...cuts].sort((a, b) => a - b);
}

/** Protocols other than TCP/UDP/SCTP: each one a rule names, and one stand-in for all the rest. */
function otherProtocolRepresentatives(rules: Rule[]): { protocol: number; covers: IntervalSet<number> }[] {
  const named = new Set<number>();
  for (const r of rules) for (const p of [r.protocol, r.notProtocol]) if (p !== null && !NAMED_PROTOCOLS.includes(p)) named.add(p);
  if (rules.some((r) => r.icmp || r.notIcmp)) named.add(1).add(58);
  const out = [...named].sort((a, b) => a - b).map((p) => ({ protocol: p, covers: IntervalSet.range(NUMBER, p, p) }));
  let rest = IntervalSet.range(NUMBER, 0, 255);
  for (const p of [...named, ...NAMED_PROTOCOLS]) rest = rest.subtract(IntervalSet.range(NUMBER, p, p));
  if (!rest.isEmpty()) out.push({ protocol: rest.min()!, covers: rest });
  return out;
}

interface Mentioned {
  /** Every CIDR any rule or network set mentions (for pod classes). */
  all: Cidr[];
  srcBlocks: BigIntSet[];
  dstBlocks: BigIntSet[];
}

/**
 * The CIDRs that cut external space: a rule side's `nets` minus its `notNets` (an ipBlock's
 * `cidr` minus `except`), sources from ingress-side `src`, destinations from `dst`; network set
 * nets on both sides. IPv4 only, as netpol-analyzer.
 */
function mentionedCidrs(rules: Rule[], networkSetNets: string[]): Mentioned {
  const all: Cidr[] = [];
  const srcBlocks: BigIntSet[] = [];
  const dstBlocks: BigIntSet[] = [];
  const block = (side: PeerMatch): BigIntSet[] => {
    const out: BigIntSet[] = [];
    for (const text of side.nets?.cidrs ?? []) {
      const c = parseCidr(text, { strict: false });
      if (isParseError(c)) continue;
      all.push(c);
      if (c.family !== 4) continue;
      let set = cidrSet(c);
      for (const n of side.notNets ?? []) {
        const x = parseCidr(n, { strict: false });
        if (!isParseError(x) && x.family === 4) set = set.subtract(cidrSet(x));
      }
      out.push(set);
    }
    for (const n of side.notNets ?? []) {
      const x = parseCidr(n, { strict: false });
      if (isParseError(x)) continue;
      all.push(x);
      if (!side.nets && x.family === 4) out.push(cidrSet(x));
    }
    return out;
  };
  for (const r of rules) {
    srcBlocks.push(...block(r.src));
    dstBlocks.push(...block(r.dst));
  }
  for (const text of networkSetNets) {
    const c = parseCidr(text, { strict: false });
    if (isParseError(c)) continue;
    all.push(c);
    if (c.family === 4) {
      srcBlocks.push(cidrSet(c));
      dstBlocks.push(cidrSet(c));
    }
  }
  return { all, srcBlocks, dstBlocks };
}

function cidrSet(c: Cidr): BigIntSet {
  const bits = c.family === 4 ? 32n : 128n;
  const size = 1n << (bits - BigInt(c.prefix));
  return IntervalSet.range(BIGINT, c.addr, c.addr + size - 1n);
}

/**
 * Every label key some selector of the program mentions. A selector's value on a label map
 * depends only on the keys it mentions (each operator of `selector/ast.ts` reads only its own
 * key), so labels under other keys cannot tell endpoints apart.
 */
function mentionedLabelKeys(program: Program): Set<string> {
  const keys = new Set<string>();
  const sel = (s: Selector | null) => {
    if (s) for (const k of selectorKeys(s)) keys.add(k);
  };
  const ns = (n: NamespaceScope | null) => {
    if (n?.kind === 'selector') sel(n.selector);
  };
  const sa = (a: ServiceAccountMatch | null) => sel(a?.selector ?? null);
  const subject = (s: Subject) => {
    sel(s.selector);
    ns(s.namespace);
    sa(s.serviceAccounts);
  };
  const side = (m: PeerMatch) => {
    sel(m.selector);
    sel(m.notSelector);
    ns(m.namespace);
    sa(m.serviceAccounts);
  };
  for (const t of program.tiers)
    for (const p of t.policies) {
      subject(p.subject);
      for (const r of [...p.ingress, ...p.egress]) {
        side(r.src);
        side(r.dst);
      }
    }
  return keys;
}

function project(labels: Readonly<Record<string, string>>, keys: Set<string>): [string, string][] {
  return sorted(labels).filter(([k]) => keys.has(k));
}

/** What the oracle can see of an endpoint, as a string: equal keys are decided alike. */
function classKey(program: Program, e: Endpoint, cidrs: Cidr[], keys: Set<string>): string {
  const ns = program.snapshot?.namespaces.find((n) => n.name === e.namespace);
  const membership = e.ips === null
    ? 'unknown'
    : e.ips
        .map((ip) => {
          const a = parseIp(ip);
          return isParseError(a) ? 'x' : `${a.family}:` + cidrs.map((c) => (cidrHas(c, a) ? '1' : '0')).join('');
        })
        .join(',');
  const sa = e.serviceAccount && { name: e.serviceAccount.name, labels: project(e.serviceAccount.labels, keys) };
  return JSON.stringify([e.namespace, project(ns?.labels ?? {}, keys), project(e.labels, keys), e.ports, sa, membership]);
}

function sorted(labels: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
