/**
 * Emit, iptables, validation: the cut points of the flow space. IR program + the parsed emitted
 * rules and sets → for each family, the endpoint classes (`classes.ts`), one representative
 * address per block of external addresses, and the packet templates (protocol × port intervals,
 * ICMP type × code intervals, one flow per other protocol, one stand-in for all the rest).
 *
 * Contract: every constant that the oracle or the simulator compares a flow field with is a cut
 * point of that field — from the IR: rule CIDRs, network set nets, endpoint addresses, port
 * ranges, named port numbers, protocols, ICMP types and codes; from the text: every `-s`/`-d`
 * CIDR, every set entry's address, protocol and port, every `-p`, `multiport` port, `icmp` type
 * and code, and every `u32` value. Cuts are over-approximated freely (more cuts, more cells, never
 * a wrong proof). `u32` tests are accepted only in the forms whose field is known (the IPv4
 * protocol byte; the ICMP type, or type and code, after the IP header); any other form is an
 * `UnsupportedForm`, because the partition would not know which field it reads.
 */
import type { PeerMatch, PortSpec, Program, Rule } from '../../ir/ast.js';
import type { FlowParty } from '../../ir/flow.js';
import { carriesPorts, isIcmp } from '../../ir/protocol.js';
import { cidrRange, familyBits, formatIp, isParseError, parseCidr, parseIp, type Cidr, type IpFamily } from '../../util/cidr.js';
import { IPV6_EXTENSION_HEADERS, PORT_PROTOCOLS } from './matches.js';
import type { LoadedRules } from './simulate.js';
import type { U32Test } from './u32.js';
import { endpointClasses } from './classes.js';

export class UnsupportedForm extends Error {
  override name = 'UnsupportedForm';
}

export interface Party {
  flow: FlowParty;
  addr: bigint;
  isPod: boolean;
}

/** The fields of a packet other than its addresses. */
export interface Template {
  protocol: number;
  srcPort?: number;
  dstPort?: number;
  icmpType?: number;
  icmpCode?: number;
}

export interface FamilyCells {
  family: IpFamily;
  /** Endpoint classes (`classes.ts`), each a non-empty list of interchangeable endpoints. */
  classes: Party[][];
  /** One representative address per block of external addresses. */
  externals: Party[];
  templates: Template[];
}

/** Sorted representatives (the lower ends) of the intervals that `cuts` make of [0, max]. */
function lows(cuts: Iterable<number>, max: number): number[] {
  const s = new Set<number>([0]);
  for (const c of cuts) if (c >= 0 && c <= max) s.add(c);
  return [...s].sort((a, b) => a - b);
}

function addRange(cuts: Set<number>, from: number, to: number): void {
  cuts.add(from);
  cuts.add(to + 1);
}

function rulesOf(program: Program): Rule[] {
  return program.tiers.flatMap((t) => t.policies.flatMap((p) => [...p.ingress, ...p.egress]));
}

/** Which packet field a `u32` test reads, by its exact form. */
function u32Field(t: U32Test, family: IpFamily): 'protocol' | 'type' | 'typecode' {
  const ops = t.ops.map((o) => `${o.op}${o.n}`).join('');
  if (family === 4 && t.start === 6 && ops === '&255') return 'protocol';
  const after = family === 4 ? t.start === 0 && ops.startsWith('>>22&60@0') : t.start === 40;
  const rest = family === 4 ? ops.slice('>>22&60@0'.length) : ops;
  if (after && rest === '>>24') return 'type';
  if (after && rest === '>>16') return 'typecode';
  throw new UnsupportedForm(`a u32 test (start ${t.start}, ${ops}) reads a field the partition does not cut`);
}

export function familyCells(program: Program, rules: LoadedRules, family: IpFamily): FamilyCells {
  const bits = familyBits(family);
  const addrCuts = new Set<bigint>([0n]);
  const cutCidr = (c: Cidr) => {
    if (c.family !== family) return;
    const { first, last } = cidrRange(c);
    addrCuts.add(first);
    addrCuts.add(last + 1n);
  };
  const cutText = (t: string) => {
    const c = parseCidr(t, { strict: false });
    if (!isParseError(c)) cutCidr(c);
  };
  const protocols = new Set<number>([...PORT_PROTOCOLS, 0, 1, 58, 255]);
  const ports: Record<'src' | 'dst', Set<number>> = { src: new Set(), dst: new Set() };
  const types = new Set<number>();
  const codes = new Set<number>();
  const namedSides = new Set<'src' | 'dst'>();

  // The IR's constants.
  const specs = (list: PortSpec[] | null, side: 'src' | 'dst') => {
    for (const s of list ?? []) {
      if (s.kind === 'range') addRange(ports[side], s.from, s.to);
      else namedSides.add(side);
    }
  };
  const peer = (m: PeerMatch, side: 'src' | 'dst') => {
    for (const t of [...(m.nets?.cidrs ?? []), ...(m.notNets ?? [])]) cutText(t);
    specs(m.ports, side);
    specs(m.notPorts, side);
  };
  for (const r of rulesOf(program)) {
    for (const p of [r.protocol, r.notProtocol]) if (p !== null) protocols.add(p);
    for (const i of [r.icmp, r.notIcmp]) if (i) {
      addRange(types, i.type, i.type);
      if (i.code !== null) addRange(codes, i.code, i.code);
    }
    peer(r.src, 'src');
    peer(r.dst, 'dst');
  }
  for (const n of program.snapshot?.networkSets ?? []) for (const t of n.nets) cutText(t);
  const classes: Party[][] = endpointClasses(program, rules, family).map((members) =>
    members.map((m) => ({ flow: { kind: 'endpoint', id: m.id }, addr: m.addr, isPod: true })),
  );
  const podAddrs = new Set<bigint>();
  for (const e of program.snapshot?.endpoints ?? []) {
    const a = (e.ips ?? []).map((t) => parseIp(t, { strict: false })).find((x) => !isParseError(x) && x.family === family);
    if (!a || isParseError(a)) continue;
    podAddrs.add(a.addr);
    cutCidr({ family, addr: a.addr, prefix: bits });
    for (const side of namedSides) for (const p of e.ports) addRange(ports[side], p.port, p.port);
  }

  // The text's constants.
  for (const table of Object.values(rules.tables))
    for (const chain of table.chains.values())
      for (const r of chain.rules)
        for (const m of r.matches) {
          if (m.kind === 'addr') cutCidr(m.cidr);
          else if (m.kind === 'proto') protocols.add(m.protocol);
          else if (m.kind === 'multiport') for (const [lo, hi] of m.ranges) addRange(ports[m.dir], lo, hi);
          else if (m.kind === 'icmp') {
            addRange(types, m.type, m.type);
            addRange(codes, m.codeMin, m.codeMax);
          } else if (m.kind === 'u32' && table.family === family)
            for (const t of m.tests) {
              const field = u32Field(t, family);
              for (const [lo, hi] of t.ranges) {
                if (field === 'protocol') addRange(protocols, lo, hi);
                else if (field === 'type') addRange(types, lo, hi);
                else for (const v of [lo, hi]) {
                  addRange(types, v >> 8, v >> 8);
                  addRange(codes, v & 0xff, v & 0xff);
                }
              }
            }
          else if (m.kind === 'set' && m.dirs.length === 2) {
            const s = rules.sets.get(m.name);
            for (const e of s?.ports ?? []) {
              addRange(ports[m.dirs[1]!], e.from, e.to);
              protocols.add(e.protocol);
              addRange(types, e.from >> 8, e.to >> 8);
              addRange(codes, e.from & 0xff, e.to & 0xff);
            }
          }
        }
  for (const s of rules.sets.values()) {
    if (s.family !== family) continue;
    for (const [prefix, byAddr] of s.nets) for (const addr of byAddr.keys()) cutCidr({ family, addr, prefix });
    for (const e of s.ports) cutCidr(e.cidr);
  }

  // External blocks: every elementary interval that is not a pod's address.
  const bounds = [...addrCuts].filter((c) => c < 1n << BigInt(bits)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const externals: Party[] = bounds.filter((lo) => !podAddrs.has(lo)).map((lo) => ({ flow: { kind: 'external', ip: formatIp({ family, addr: lo }) }, addr: lo, isPod: false }));

  // Templates.
  const usable = (p: number) => !(family === 6 && IPV6_EXTENSION_HEADERS.has(p));
  const all = [...protocols].filter((p) => p >= 0 && p <= 255 && usable(p)).sort((a, b) => a - b);
  let standIn = 0;
  while (standIn <= 255 && (protocols.has(standIn) || !usable(standIn))) standIn++;
  const templates: Template[] = [];
  const srcPorts = lows(ports.src, 65535);
  const dstPorts = lows(ports.dst, 65535);
  const typeLows = lows(types, 255);
  const codeLows = lows(codes, 255);
  for (const p of standIn <= 255 ? [...all, standIn] : all) {
    if (carriesPorts(p)) for (const s of srcPorts) for (const d of dstPorts) templates.push({ protocol: p, srcPort: s, dstPort: d });
    else if (isIcmp(p)) for (const t of typeLows) for (const c of codeLows) templates.push({ protocol: p, icmpType: t, icmpCode: c });
    else templates.push({ protocol: p });
  }
  return { family, classes, externals, templates };
}
