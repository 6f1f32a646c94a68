/**
 * Connectivity, the cuts of flow space: where ports, protocols and external addresses must be
 * split so that one representative decides a whole piece.
 *
 * Stage: connectivity. Input → output: IR rules (and a snapshot's network sets and named ports) →
 * port boundaries, representative protocols, and the CIDRs that cut address space.
 * Contract: every value a rule or a named container port can tell apart from its neighbour starts
 * a new piece; between two consecutive cuts no rule can tell values apart. Cutting finer than
 * needed is harmless (more evaluations, same answer); cutting coarser would be a bug.
 */
import type { Endpoint, NamedPort, PeerMatch, PortSpec, Rule } from '../ir/ast.js';
import { isParseError, parseCidr, type Cidr } from '../util/cidr.js';
import { PORT_PROTOCOLS, PROTOCOL_NUMBER } from './connset.js';
import { BIGINT, NUMBER, IntervalSet, type BigIntSet } from './intervals.js';

const NAMED_PROTOCOLS = PORT_PROTOCOLS.map((p) => PROTOCOL_NUMBER[p]);

/**
 * Port boundaries within 1–65536 (exclusive end): the start of every range and the port after its
 * end, for the port specs of `rules` (both sides, `ports` and `notPorts`) and every `extraPorts`
 * (named container ports the rules may resolve to).
 */
export function portCuts(rules: readonly Rule[], extraPorts: readonly NamedPort[]): number[] {
  const cuts = new Set<number>([1, 65536]);
  const add = (from: number, to: number) => {
    if (from >= 1 && from <= 65535) cuts.add(from);
    if (to + 1 >= 1 && to + 1 <= 65536) cuts.add(to + 1);
  };
  const addSpecs = (specs: PortSpec[] | null) => {
    for (const s of specs ?? []) if (s.kind === 'range') add(s.from, s.to);
  };
  for (const r of rules)
    for (const side of [r.src, r.dst]) {
      addSpecs(side.ports);
      addSpecs(side.notPorts);
    }
  for (const p of extraPorts) add(p.port, p.port);
  return [...cuts].sort((a, b) => a - b);
}

/** The names of every named port a rule mentions: only these named container ports matter. */
export function mentionedPortNames(rules: readonly Rule[]): Set<string> {
  const names = new Set<string>();
  for (const r of rules)
    for (const side of [r.src, r.dst])
      for (const s of [...(side.ports ?? []), ...(side.notPorts ?? [])]) if (s.kind === 'named') names.add(s.name);
  return names;
}

/** An endpoint's container ports that some rule names, in a canonical order. */
export function relevantPorts(e: Endpoint, names: ReadonlySet<string>): NamedPort[] {
  return e.ports
    .filter((p) => names.has(p.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol - b.protocol || a.port - b.port));
}

export interface OtherProtocol {
  /** The protocol evaluated. */
  protocol: number;
  /** The protocols it stands for. */
  covers: IntervalSet<number>;
}

/** Protocols other than TCP/UDP/SCTP: each one a rule names, and one stand-in for all the rest. */
export function otherProtocolRepresentatives(rules: readonly Rule[]): OtherProtocol[] {
  const named = new Set<number>();
  for (const r of rules) for (const p of [r.protocol, r.notProtocol]) if (p !== null && !NAMED_PROTOCOLS.includes(p)) named.add(p);
  if (rules.some((r) => r.icmp || r.notIcmp)) named.add(1).add(58);
  const out = [...named].sort((a, b) => a - b).map((p) => ({ protocol: p, covers: IntervalSet.range(NUMBER, p, p) }));
  let rest = IntervalSet.range(NUMBER, 0, 255);
  for (const p of [...named, ...NAMED_PROTOCOLS]) rest = rest.subtract(IntervalSet.range(NUMBER, p, p));
  if (!rest.isEmpty()) out.push({ protocol: rest.min()!, covers: rest });
  return out;
}

export interface MentionedCidrs {
  /** Every distinct CIDR any rule side or network set mentions (both families). */
  all: Cidr[];
  /** IPv4 blocks that cut external sources: rule `src` sides and network sets. */
  srcBlocks: BigIntSet[];
  /** IPv4 blocks that cut external destinations: rule `dst` sides and network sets. */
  dstBlocks: BigIntSet[];
}

/**
 * The CIDRs that cut external space: a rule side's `nets` minus its `notNets` (an ipBlock's
 * `cidr` minus `except`), sources from `src` sides, destinations from `dst` sides; network set
 * nets on both. IPv4 only for the blocks, as netpol-analyzer.
 */
export function mentionedCidrs(rules: readonly Rule[], networkSetNets: readonly string[]): MentionedCidrs {
  const all = new Map<string, Cidr>();
  const srcBlocks: BigIntSet[] = [];
  const dstBlocks: BigIntSet[] = [];
  const note = (c: Cidr) => all.set(`${c.family}:${c.addr}/${c.prefix}`, c);
  const block = (side: PeerMatch): BigIntSet[] => {
    const out: BigIntSet[] = [];
    for (const text of side.nets?.cidrs ?? []) {
      const c = parseCidr(text, { strict: false });
      if (isParseError(c)) continue;
      note(c);
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
      note(x);
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
    note(c);
    if (c.family === 4) {
      srcBlocks.push(cidrSet(c));
      dstBlocks.push(cidrSet(c));
    }
  }
  return { all: [...all.values()], srcBlocks, dstBlocks };
}

function cidrSet(c: Cidr): BigIntSet {
  const bits = c.family === 4 ? 32n : 128n;
  const size = 1n << (bits - BigInt(c.prefix));
  return IntervalSet.range(BIGINT, c.addr, c.addr + size - 1n);
}
