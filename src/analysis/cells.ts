/**
 * Analysis support: a cluster snapshot's flow space cut into finitely many cells, each with one
 * representative flow, for the snapshot analyses (lint) that must ask "is there a flow such that …".
 *
 * Input → output: IR program (with a snapshot) → `CellSpace`: endpoint classes, external address
 * classes, and the cells (source party × destination party × IP version × protocol × destination
 * port interval × source port interval × ICMP type/code).
 *
 * How the space is cut (the same idea as `connectivity/compute.ts`, written again here so that
 * lint does not depend on the connectivity engine's internals; differences: both IP families,
 * every protocol, source ports and ICMP types when a rule mentions them, and external addresses
 * grouped by their membership vector rather than shown as blocks):
 * - endpoints the oracle cannot tell apart form one class: same namespace, same values under
 *   every label key some selector mentions (of the pod, its namespace and its service account),
 *   same named ports, same service account name, same membership in every CIDR the program
 *   mentions and the same address families;
 * - external addresses are grouped by their membership in every mentioned CIDR (rule `nets`,
 *   `notNets`, network sets); pod addresses are cut out, since an address that is a pod's is the
 *   pod and not an external address;
 * - ports are cut at every boundary a rule (for that protocol, or for any protocol) or a named
 *   container port mentions; ICMP types and codes at the ones a rule names, plus one stand-in for
 *   all the others; protocols are each one a rule names plus one stand-in for the rest.
 * INVARIANT: every construct the oracle reads is constant on a cell, so the oracle decides every
 * flow of a cell as it decides the representative. `test/analysis/lint/cells.test.ts` samples other
 * members of cells against the oracle to keep this honest.
 *
 * Traffic from a pod to itself is out of scope (DESIGN §2): a class paired with itself yields
 * cells only when it stands for two or more pods (two endpoints, or a workload template).
 */
import type { Endpoint, PeerMatch, PortSpec, Program, Rule, Selector } from '../ir/ast.js';
import type { Flow, FlowParty } from '../ir/flow.js';
import { carriesPorts, ICMP, ICMPV6, SCTP, TCP, UDP, UDPLITE } from '../ir/protocol.js';
import { selectorKeys } from '../selector/index.js';
import { cidrRange, familyBits, formatIp, isParseError, parseCidr, parseIp, type IpFamily } from '../util/cidr.js';

/** One end of a cell: an endpoint class (by its first member) or an external address class. */
export interface CellParty {
  party: FlowParty;
  /** Index into `CellSpace.classes`, or -1 for an external address class. */
  cls: number;
  /** For messages: the endpoint id, or the address ranges of the external class. */
  display: string;
  /** External classes only. */
  family?: IpFamily;
  /** External classes only: the address intervals the class stands for. */
  ranges?: Array<[bigint, bigint]>;
}

export interface EndpointClass {
  members: Endpoint[];
  /** True when the class stands for two or more pods, so that it may talk to itself. */
  plural: boolean;
  party: CellParty;
}

export interface FlowCell {
  id: number;
  src: CellParty;
  dst: CellParty;
  flow: Flow;
  /** Index of the cell's protocol/port/ICMP combination (the same for equal combinations). */
  shape: number;
  /** The destination (and source) port interval the representative port stands for. */
  dstPorts?: [number, number];
  srcPorts?: [number, number];
}

export interface CellSpace {
  classes: EndpointClass[];
  externals: CellParty[];
  cells: FlowCell[];
  /** The IP families enumerated (IPv6 only when the program mentions it). */
  families: IpFamily[];
}

export interface CellOptions {
  /** Refuse to enumerate more cells than this (default 500,000): the caller reports it. */
  maxCells?: number;
}

export class TooManyCells extends Error {
  override name = 'TooManyCells';
}

const PORT_PROTOCOLS = [TCP, UDP, SCTP, UDPLITE];

export function enumerateCells(program: Program, opts: CellOptions = {}): CellSpace {
  const max = opts.maxCells ?? 500_000;
  const snap = program.snapshot;
  const endpoints = snap?.endpoints ?? [];
  const rules = program.tiers.flatMap((t) => t.policies.flatMap((p) => [...p.ingress, ...p.egress]));
  const cidrTexts = [...rules.flatMap((r) => [r.src, r.dst].flatMap(sideCidrs)), ...(snap?.networkSets.flatMap((n) => n.nets) ?? [])];
  const cidrs = uniqueCidrs(cidrTexts);
  const families = familiesOf(program, rules, cidrs, endpoints);

  const classes = endpointClasses(program, endpoints, cidrs);
  const externals = families.flatMap((f) => externalClasses(f, cidrs, endpoints));
  const shapes = flowShapes(rules, endpoints);

  const cells: FlowCell[] = [];
  const parties = [...classes.map((c) => c.party), ...externals];
  for (const s of parties) {
    for (const d of parties) {
      if (s.cls === -1 && d.cls === -1) continue; // neither end is a pod: no policy applies
      if (s.cls !== -1 && s.cls === d.cls && !classes[s.cls]!.plural) continue; // a pod to itself
      const fams = s.family ?? d.family;
      if (s.family && d.family && s.family !== d.family) continue;
      for (const ipVersion of fams ? [fams] : families) {
        for (const [shape, { flow, dstPorts, srcPorts }] of shapes.entries()) {
          if (cells.length >= max) throw new TooManyCells(`more than ${max} flow cells`);
          const cell: FlowCell = { id: cells.length, src: s, dst: d, flow: { src: s.party, dst: d.party, ipVersion, ...flow }, shape };
          if (dstPorts) cell.dstPorts = dstPorts;
          if (srcPorts) cell.srcPorts = srcPorts;
          cells.push(cell);
        }
      }
    }
  }
  return { classes, externals, cells, families };
}

function sideCidrs(m: PeerMatch): string[] {
  return [...(m.nets?.cidrs ?? []), ...(m.notNets ?? [])];
}

interface ParsedCidr {
  family: IpFamily;
  first: bigint;
  last: bigint;
}

function uniqueCidrs(texts: string[]): ParsedCidr[] {
  const seen = new Map<string, ParsedCidr>();
  for (const t of texts) {
    const c = parseCidr(t, { strict: false });
    if (isParseError(c)) continue;
    const { first, last } = cidrRange(c);
    seen.set(`${c.family}:${first}:${last}`, { family: c.family, first, last });
  }
  return [...seen.values()];
}

function familiesOf(program: Program, rules: Rule[], cidrs: ParsedCidr[], endpoints: Endpoint[]): IpFamily[] {
  const v6 =
    cidrs.some((c) => c.family === 6) ||
    rules.some((r) => r.ipVersion === 6 || r.protocol === ICMPV6) ||
    endpoints.some((e) => (e.ips ?? []).some((ip) => ip.includes(':')));
  void program;
  return v6 ? [4, 6] : [4];
}

/** The IPs of an endpoint in one family, parsed. */
function addressesOf(e: Endpoint, family: IpFamily): bigint[] {
  const out: bigint[] = [];
  for (const text of e.ips ?? []) {
    const a = parseIp(text, { strict: false });
    if (!isParseError(a) && a.family === family) out.push(a.addr);
  }
  return out;
}

function membership(cidrs: ParsedCidr[], family: IpFamily, addr: bigint): string {
  return cidrs.map((c) => (c.family === family && c.first <= addr && addr <= c.last ? '1' : '0')).join('');
}

/** Every label key a selector of the program mentions: other keys cannot tell endpoints apart. */
function mentionedKeys(program: Program): Set<string> {
  const keys = new Set<string>();
  const sel = (s: Selector | null | undefined) => {
    if (s) for (const k of selectorKeys(s)) keys.add(k);
  };
  for (const t of program.tiers)
    for (const p of t.policies) {
      sel(p.subject.selector);
      if (p.subject.namespace?.kind === 'selector') sel(p.subject.namespace.selector);
      sel(p.subject.serviceAccounts?.selector);
      for (const r of [...p.ingress, ...p.egress])
        for (const m of [r.src, r.dst]) {
          sel(m.selector);
          sel(m.notSelector);
          if (m.namespace?.kind === 'selector') sel(m.namespace.selector);
          sel(m.serviceAccounts?.selector);
        }
    }
  return keys;
}

function projected(labels: Readonly<Record<string, string>>, keys: Set<string>): string[] {
  return Object.keys(labels)
    .filter((k) => keys.has(k))
    .sort()
    .map((k) => `${k}=${labels[k]}`);
}

/** A workload template (one endpoint for a Deployment's pods) stands for several pods. */
function isTemplate(e: Endpoint): boolean {
  return e.ips === null && e.workload !== null && e.workload.startsWith(`${e.id}[`);
}

function endpointClasses(program: Program, endpoints: Endpoint[], cidrs: ParsedCidr[]): EndpointClass[] {
  const keys = mentionedKeys(program);
  const nsLabels = new Map((program.snapshot?.namespaces ?? []).map((n) => [n.name, n.labels]));
  const byKey = new Map<string, EndpointClass>();
  for (const e of endpoints) {
    const addr = ([4, 6] as const).map((f) =>
      e.ips === null ? 'unknown' : addressesOf(e, f).map((a) => membership(cidrs, f, a)).join(',') || 'none',
    );
    const sa = e.serviceAccount && [e.serviceAccount.name, projected(e.serviceAccount.labels, keys)];
    const ports = [...e.ports].map((p) => `${p.name}/${p.protocol}/${p.port}`).sort();
    const key = JSON.stringify([e.namespace, projected(nsLabels.get(e.namespace) ?? {}, keys), projected(e.labels, keys), ports, sa, addr]);
    const c = byKey.get(key);
    if (c) {
      c.members.push(e);
      c.plural = true;
    } else {
      const cls = byKey.size;
      byKey.set(key, { members: [e], plural: isTemplate(e), party: { party: { kind: 'endpoint', id: e.id }, cls, display: e.id } });
    }
  }
  return [...byKey.values()];
}

/**
 * External address classes of one family: addresses with the same membership in every mentioned
 * CIDR, pod addresses excluded; the representative is the lowest address of the class.
 */
function externalClasses(family: IpFamily, cidrs: ParsedCidr[], endpoints: Endpoint[]): CellParty[] {
  const top = 1n << BigInt(familyBits(family));
  const pods = new Set(endpoints.flatMap((e) => addressesOf(e, family)));
  const cuts = new Set<bigint>([0n, top]);
  for (const c of cidrs) if (c.family === family) cuts.add(c.first).add(c.last + 1n);
  for (const a of pods) cuts.add(a).add(a + 1n);
  const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byVector = new Map<string, { lo: bigint; ranges: string[]; intervals: Array<[bigint, bigint]> }>();
  for (let i = 0; i + 1 < points.length; i++) {
    const lo = points[i]!;
    const hi = points[i + 1]! - 1n;
    if (lo === hi && pods.has(lo)) continue;
    const v = membership(cidrs, family, lo);
    const text = lo === hi ? formatIp({ family, addr: lo }) : `${formatIp({ family, addr: lo })}-${formatIp({ family, addr: hi })}`;
    const entry = byVector.get(v);
    if (entry) {
      entry.ranges.push(text);
      entry.intervals.push([lo, hi]);
    } else byVector.set(v, { lo, ranges: [text], intervals: [[lo, hi]] });
  }
  return [...byVector.values()].map(({ lo, ranges, intervals }) => ({
    party: { kind: 'external', ip: formatIp({ family, addr: lo }) },
    cls: -1,
    display: ranges.length > 3 ? `${ranges.slice(0, 3).join(', ')}, …` : ranges.join(', '),
    family,
    ranges: intervals,
  }));
}

interface Shape {
  flow: Omit<Flow, 'src' | 'dst' | 'ipVersion'>;
  dstPorts?: [number, number];
  srcPorts?: [number, number];
}

/** Ports a reader recognises, preferred as an interval's representative when it holds one. */
const FAMILIAR_PORTS = [80, 443, 53, 8080, 22, 5432, 6379];

/**
 * Elementary intervals of a port axis, cut at the given ranges; each by one member: a named
 * container port or a familiar port inside it when there is one (witnesses read better), else its
 * lowest port.
 */
function portRepresentatives(ranges: Array<[number, number]>, preferred: number[]): Array<{ port: number; range: [number, number] }> {
  const cuts = new Set<number>([1, 65536]);
  for (const [from, to] of ranges) {
    if (from >= 1 && from <= 65535) cuts.add(from);
    if (to + 1 >= 1 && to + 1 <= 65536) cuts.add(to + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const wanted = [...preferred, ...FAMILIAR_PORTS];
  return points.slice(0, -1).map((lo, i) => {
    const hi = points[i + 1]! - 1;
    return { port: wanted.find((p) => p >= lo && p <= hi) ?? lo, range: [lo, hi] };
  });
}

function rangesOf(specs: PortSpec[] | null): Array<[number, number]> {
  return (specs ?? []).flatMap((s): Array<[number, number]> => (s.kind === 'range' ? [[s.from, s.to]] : []));
}

/** Protocol × port × ICMP representatives. */
function flowShapes(rules: Rule[], endpoints: Endpoint[]): Shape[] {
  const named = new Set<number>(PORT_PROTOCOLS);
  for (const r of rules) for (const p of [r.protocol, r.notProtocol]) if (p !== null) named.add(p);
  const icmpRules = rules.filter((r) => r.icmp || r.notIcmp);
  if (icmpRules.length > 0) named.add(ICMP).add(ICMPV6);
  const srcPortsUsed = rules.some((r) => r.src.ports || r.src.notPorts);
  const shapes: Shape[] = [];
  for (const protocol of [...named].sort((a, b) => a - b)) {
    if (carriesPorts(protocol)) {
      const applies = rules.filter((r) => r.protocol === null || r.protocol === protocol);
      const podPorts = endpoints.flatMap((e) => e.ports.filter((p) => p.protocol === protocol).map((p): [number, number] => [p.port, p.port]));
      const named = podPorts.map(([p]) => p);
      // Cells that share a group are shown through the first one, so a familiar port goes first.
      const rank = (p: number) => (FAMILIAR_PORTS.includes(p) ? FAMILIAR_PORTS.indexOf(p) : named.includes(p) ? 10 : 20);
      const dst = portRepresentatives([...applies.flatMap((r) => [...rangesOf(r.dst.ports), ...rangesOf(r.dst.notPorts)]), ...podPorts], named);
      const src = srcPortsUsed
        ? portRepresentatives([...applies.flatMap((r) => [...rangesOf(r.src.ports), ...rangesOf(r.src.notPorts)]), ...podPorts], named)
        : [undefined];
      dst.sort((a, b) => rank(a.port) - rank(b.port));
      for (const d of dst)
        for (const sp of src)
          shapes.push(
            sp === undefined
              ? { flow: { protocol, dstPort: d.port }, dstPorts: d.range }
              : { flow: { protocol, dstPort: d.port, srcPort: sp.port }, dstPorts: d.range, srcPorts: sp.range },
          );
    } else if ((protocol === ICMP || protocol === ICMPV6) && icmpRules.length > 0) {
      for (const icmp of icmpRepresentatives(icmpRules)) shapes.push({ flow: { protocol, ...icmp } });
    } else shapes.push({ flow: { protocol } });
  }
  // One stand-in for every protocol no rule names.
  for (let p = 0; p <= 255; p++)
    if (!named.has(p)) {
      shapes.push({ flow: { protocol: p } });
      break;
    }
  return shapes;
}

/** Each ICMP type a rule names (with each named code and one other code), and one other type. */
function icmpRepresentatives(rules: Rule[]): Array<{ icmpType: number; icmpCode: number }> {
  const codes = new Map<number, Set<number>>();
  for (const r of rules)
    for (const m of [r.icmp, r.notIcmp]) {
      if (!m) continue;
      const set = codes.get(m.type) ?? new Set<number>();
      if (m.code !== null) set.add(m.code);
      codes.set(m.type, set);
    }
  const other = (used: Set<number>) => {
    for (let v = 0; v <= 255; v++) if (!used.has(v)) return v;
    return undefined;
  };
  const out: Array<{ icmpType: number; icmpCode: number }> = [];
  for (const [type, cs] of codes) {
    for (const c of cs) out.push({ icmpType: type, icmpCode: c });
    const o = other(cs);
    if (o !== undefined) out.push({ icmpType: type, icmpCode: o });
  }
  const t = other(new Set(codes.keys()));
  if (t !== undefined) out.push({ icmpType: t, icmpCode: 0 });
  return out;
}
