/**
 * Connectivity of a cluster snapshot: IR program → the allowed connections between its
 * endpoints and the external address blocks, decided by the oracle.
 *
 * Work is done on equivalence classes, never on pods × pods × 65,536 ports (DESIGN §9):
 * - endpoints are first grouped by every fact the oracle reads (`endpointKey.ts`), then, per
 *   direction, into the classes that direction's policies can tell apart (`direction.ts`): a local
 *   class (which policies apply, which rules' own side matches) and a remote class (which rules'
 *   other side matches); named ports the rules mention belong to both;
 * - the verdict of a flow is egress-at-source combined with ingress-at-destination (DESIGN §2), so
 *   each direction is decided once per (local class, remote class), on the slice of the program
 *   that can match such a pair, port interval by port interval, by `evaluateDirection`;
 * - external addresses are cut into blocks at the CIDRs the program mentions (sources at the
 *   source-side CIDRs, destinations at the destination-side CIDRs, network sets on both:
 *   netpol-analyzer's partition, `report/connlist/externalRanges.ts`); each block is one remote
 *   class member, represented by its first address;
 * - a pair's connections are the two directions' results combined, memoised per pair of results.
 * INVARIANT: two flows in one cell of this partition are decided alike by the oracle; a test
 * samples members of each cell against `evaluate` on the whole program.
 *
 * Display: a workload's pods are one row when they fall in one class; when the policies tell them
 * apart (pods of one owner with different labels that some selector reads), each pod is its own
 * row, `ns/owner[Kind]/ns/pod`, and the workload is listed in `splitWorkloads`. netpol-analyzer
 * refuses such input ("Found Pods of the same owner … but with different set of labels",
 * `checkConsistentLabelsForPodsOfSameOwner`); when no selector tells the pods apart it shows them
 * as one workload, as here.
 *
 * Verdicts `unknown` (unmodelled constructs) are never shown as allowed: they are returned apart.
 */
import type { Endpoint, Program, Snapshot } from '../ir/ast.js';
import type { Flow, FlowParty } from '../ir/flow.js';
import { resolveParty } from '../oracle/party.js';
import { formatIp, isParseError, parseIp } from '../util/cidr.js';
import { disjointBlocks, externalName } from '../report/connlist/externalRanges.js';
import type { Connection } from '../report/connlist/connection.js';
import type { BigIntSet } from './intervals.js';
import { ALLOWED, DirectionClasses, combineDirections, type Decided, type Representative } from './direction.js';
import { endpointKeyer } from './endpointKey.js';
import { endpointPeer, externalPeer, type Peer } from './peer.js';
import { mentionedCidrs, mentionedPortNames, otherProtocolRepresentatives, relevantPorts } from './space.js';

export type { Peer };

export interface ConnectivityOptions {
  /** Also decide protocols other than TCP, UDP and SCTP (ICMP, …); netpol-analyzer leaves them out. */
  otherProtocols?: boolean;
  /**
   * Endpoint ids: decide and list only the pairs whose source is among `src` or whose destination
   * is among `dst` (a row counts when one of its pods does); the rest is neither decided nor
   * listed. For `diff`, which knows the pairs a change cannot touch (`analysis/diff/scope.ts`).
   * Absent: every pair.
   */
  touching?: { readonly src: ReadonlySet<string>; readonly dst: ReadonlySet<string> };
}

export interface ConnectivityStats {
  endpoints: number;
  /** Endpoint classes: endpoints no direction's policies can tell apart. */
  classes: number;
  /** Local and remote classes of each direction (`direction.ts`). */
  egressClasses: [local: number, remote: number];
  ingressClasses: [local: number, remote: number];
  externalBlocks: number;
  /** Calls of the oracle's `evaluateDirection`. */
  evaluations: number;
}

export interface ConnectivityListing {
  /** Allowed connections, between display names (`ns/name[Kind]`, `a.b.c.d-w.x.y.z[External]`). */
  connections: Connection[];
  /** Connections whose verdict is `unknown`: they depend on constructs netpolc does not model. */
  unknown: Connection[];
}

export interface ConnectivityResult extends ConnectivityListing {
  /** The workload (or pod) rows, in snapshot order; external blocks are not among them. */
  peers: readonly Peer[];
  /** The pairs `keep` accepts (every pair by default); `connections`/`unknown` are `list()`, made once. */
  list(keep?: (src: Peer, dst: Peer) => boolean): ConnectivityListing;
  /** Workloads whose pods the policies tell apart, so they are listed pod by pod. */
  splitWorkloads: string[];
  stats: ConnectivityStats;
  /** The display name a flow's source or destination falls under (undefined: not shown). */
  displayOf(party: FlowParty, side: 'src' | 'dst'): string | undefined;
}

/** A row (source) or column (destination) of the matrix. */
interface Row {
  peer: Peer;
  /** Egress local class (sources that are pods) or -1; egress remote class (destinations). */
  egL: number;
  egR: number;
  /** Ingress local class (destinations that are pods) or -1; ingress remote class (sources). */
  inL: number;
  inR: number;
  /** As a source, as a destination: some pod of the row is in `touching` (always true without that option). */
  touched: { src: boolean; dst: boolean };
}

export function computeConnectivity(program: Program, opts: ConnectivityOptions = {}): ConnectivityResult {
  const snapshot: Snapshot = program.snapshot ?? { namespaces: [], endpoints: [], networkSets: [] };
  const rules = program.tiers.flatMap((t) => t.policies.flatMap((p) => [...p.ingress, ...p.egress]));
  const mentioned = mentionedCidrs(rules, snapshot.networkSets.flatMap((n) => n.nets));
  const portNames = mentionedPortNames(rules);
  const others = opts.otherProtocols ? otherProtocolRepresentatives(rules) : [];
  const egress = new DirectionClasses(program, 'egress', others);
  const ingress = new DirectionClasses(program, 'ingress', others);
  const probe = (p: FlowParty): Flow => ({ src: p, dst: p, ipVersion: 4, protocol: 6 });

  // Endpoint classes: one representative per group of identical facts.
  const keyOf = endpointKeyer(program, mentioned.all);
  const byKey = new Map<string, Omit<Row, 'peer' | 'touched'>>();
  const classOf = new Map<string, Omit<Row, 'peer' | 'touched'>>();
  for (const e of snapshot.endpoints) {
    const key = keyOf(e);
    let c = byKey.get(key);
    if (!c) {
      const flowParty: FlowParty = { kind: 'endpoint', id: e.id };
      const alone: Program = { snapshot: { ...snapshot, endpoints: [e] }, tiers: [], final: program.final };
      const rep: Representative = { party: resolveParty(alone, probe(flowParty), flowParty), flowParty, ports: relevantPorts(e, portNames) };
      c = { egL: egress.local(rep), egR: egress.remote(rep), inL: ingress.local(rep), inR: ingress.remote(rep) };
      byKey.set(key, c);
    }
    classOf.set(e.id, c);
  }
  const classId = (c: Omit<Row, 'peer' | 'touched'>) => `${c.egL},${c.egR},${c.inL},${c.inR}`;

  // Rows: a workload's pods are one row when they are one class; otherwise each pod.
  const rows: Row[] = [];
  const splitWorkloads: string[] = [];
  const displayById = new Map<string, string>();
  const byWorkload = new Map<string, Endpoint[]>();
  for (const e of snapshot.endpoints) {
    const w = endpointPeer(e).display;
    const list = byWorkload.get(w);
    if (list) list.push(e);
    else byWorkload.set(w, [e]);
  }
  const t = opts.touching;
  const touched = (ms: Endpoint[]) => (t === undefined ? { src: true, dst: true } : { src: ms.some((x) => t.src.has(x.id)), dst: ms.some((x) => t.dst.has(x.id)) });
  for (const [display, members] of byWorkload) {
    const one = new Set(members.map((m) => classId(classOf.get(m.id)!))).size === 1;
    if (!one) splitWorkloads.push(display);
    for (const m of one ? [members[0]!] : members) rows.push({ peer: endpointPeer(m, !one), ...classOf.get(m.id)!, touched: touched(one ? members : [m]) });
    for (const m of members) displayById.set(m.id, one ? display : endpointPeer(m, true).display);
  }
  const peers = rows.map((r) => r.peer);

  const external = (b: BigIntSet, d: DirectionClasses): number => {
    const flowParty: FlowParty = { kind: 'external', ip: formatIp({ family: 4, addr: b.min()! }) };
    return d.remote({ party: resolveParty(program, probe(flowParty), flowParty), flowParty, ports: [] });
  };
  const srcBlocks = disjointBlocks(mentioned.srcBlocks, 4);
  const dstBlocks = disjointBlocks(mentioned.dstBlocks, 4);
  const whole = t === undefined;
  const sources = [...rows, ...srcBlocks.map((b) => ({ peer: externalPeer(externalName(b, 4)), egL: -1, egR: -1, inL: -1, inR: external(b, ingress), touched: { src: whole, dst: whole } }))];
  const destinations = [...rows, ...dstBlocks.map((b) => ({ peer: externalPeer(externalName(b, 4)), egL: -1, egR: external(b, egress), inL: -1, inR: -1, touched: { src: whole, dst: whole } }))];

  // Every direction decision the matrix needs, made now: this is where the oracle runs. With
  // `touching`, only the pairs listed are decided, as `list` asks (decisions are memoised).
  const used = (xs: number[]) => [...new Set(xs.filter((x) => x >= 0))];
  const [egRemotes, inRemotes] = [used(destinations.map((d) => d.egR)), used(sources.map((s) => s.inR))];
  if (whole) for (const l of used(sources.map((s) => s.egL))) for (const r of egRemotes) egress.decide(l, r);
  if (whole) for (const l of used(destinations.map((d) => d.inL))) for (const r of inRemotes) ingress.decide(l, r);

  // Pairs share few distinct results: combine each pair of results once (ids are dense, 0 = ALLOWED).
  const combined = new Map<number, Map<number, Decided>>();
  const list = (keep?: (src: Peer, dst: Peer) => boolean): ConnectivityListing => {
    const connections: Connection[] = [];
    const unknown: Connection[] = [];
    for (const s of sources) {
      for (const d of destinations) {
        if (s === d || (s.peer.external && d.peer.external)) continue; // itself (DESIGN §2), or not the cluster's business
        if (!s.touched.src && !d.touched.dst) continue;
        if (keep && !keep(s.peer, d.peer)) continue;
        const eg = s.egL < 0 ? ALLOWED : egress.decide(s.egL, d.egR);
        const ing = d.inL < 0 ? ALLOWED : ingress.decide(d.inL, s.inR);
        let byIngress = combined.get(eg.id);
        if (!byIngress) combined.set(eg.id, (byIngress = new Map()));
        let cell = byIngress.get(ing.id);
        if (!cell) byIngress.set(ing.id, (cell = combineDirections(eg, ing)));
        if (!cell.allowed.isEmpty()) connections.push({ src: s.peer.display, dst: d.peer.display, conn: cell.allowed });
        if (!cell.unknown.isEmpty()) unknown.push({ src: s.peer.display, dst: d.peer.display, conn: cell.unknown });
      }
    }
    return { connections, unknown };
  };
  let everything: ConnectivityListing | undefined;

  const displayOf = (party: FlowParty, side: 'src' | 'dst'): string | undefined => {
    if (party.kind === 'endpoint') return displayById.get(party.id);
    if (party.kind !== 'external') return undefined;
    const a = parseIp(party.ip);
    if (isParseError(a) || a.family !== 4) return undefined;
    const block = (side === 'src' ? srcBlocks : dstBlocks).find((b) => b.contains(a.addr));
    return block && externalName(block, 4);
  };
  return {
    get connections() {
      return (everything ??= list()).connections;
    },
    get unknown() {
      return (everything ??= list()).unknown;
    },
    list,
    peers,
    splitWorkloads,
    displayOf,
    stats: {
      endpoints: snapshot.endpoints.length,
      classes: new Set([...byKey.values()].map(classId)).size,
      egressClasses: [egress.locals.length, egress.remotes.length],
      ingressClasses: [ingress.locals.length, ingress.remotes.length],
      externalBlocks: srcBlocks.length + dstBlocks.length,
      // A getter: with `touching`, decisions are made as the listing asks for them.
      get evaluations() {
        return egress.evaluations + ingress.evaluations;
      },
    },
  };
}
