/**
 * Emit, iptables: one IR rule → the iptables matches that say "this rule matches", for one
 * address family. An iptables rule is a conjunction, so a rule whose IR meaning has an "or" (a
 * port list longer than `multiport` takes, named and numbered ports, "any port-carrying
 * protocol") becomes several alternatives, each a conjunction; the rule matches when one does.
 *
 * Contract (the oracle's `rule.ts`, `peer.ts`, `ports.ts`; the kernel's matches):
 * - `protocol` is `-p`; `notProtocol` is `! -p` (implied when `protocol` is another number);
 *   `-p 0` means "any protocol" to iptables, so protocol 0 over IPv4 is tested on the header
 *   byte with `u32`; over IPv6, protocol numbers that are extension headers (0, 43, 44, 51, 59,
 *   60) are not upper-layer protocols a packet can have (the kernel skips them to find one), so a
 *   rule naming one matches nothing and a `notProtocol` naming one holds for every packet;
 * - ports exist only for TCP, UDP, SCTP and UDPLite: a side with `ports`/`notPorts` splits the
 *   rule per port protocol; numbers go into `multiport` matches of at most 15 ports (a range
 *   counts two), named ports into `hash:ip,port` sets matched on the same side's address and port;
 * - `icmp`/`notIcmp` hold only for ICMP and ICMPv6 (either, in either family, as the oracle
 *   reads them): the kernel's `icmp`/`icmp6` matches read the type of ICMP over IPv4 and ICMPv6
 *   over IPv6; the other two cases, and type 255 over IPv4 (which the kernel's `icmp` match reads
 *   as "any type"), are tested on the ICMP header bytes with `u32`;
 * - addresses: `nets`, `notNets`, the entity clauses and `notSelector` are each one set match.
 * An empty result means the rule matches no packet of the family; `never` says why.
 */
import type { IcmpMatch, PeerMatch, PortSpec, Rule } from '../../ir/ast.js';
import { ICMP, ICMPV6, SCTP, TCP, UDP, UDPLITE, carriesPorts, isIcmp } from '../../ir/protocol.js';
import type { IpFamily } from '../../util/cidr.js';
import type { IpsetBuilder } from './ipsets.js';

export interface RuleMatches {
  /** Each a space-separated conjunction of matches; the rule matches when one of them does. */
  alternatives: string[];
  never?: string;
}

/** IPv6 extension headers (the kernel's `ipv6_ext_hdr`, plus "no next header"). */
export const IPV6_EXTENSION_HEADERS: ReadonlySet<number> = new Set([0, 43, 44, 51, 59, 60]);
export const PORT_PROTOCOLS = [TCP, UDP, SCTP, UDPLITE] as const;
/** `multiport` takes 15 ports; a range takes two of them (xt_multiport `XT_MULTI_PORTS`). */
const MULTIPORT_SLOTS = 15;
/** The IPv4 protocol byte, read by `u32` (word at offset 6, low byte = offset 9). */
const V4_PROTOCOL_IS_0 = '6&0xFF=0';

export function protocolName(p: number, family: IpFamily): string {
  if (p === TCP) return 'tcp';
  if (p === UDP) return 'udp';
  if (p === SCTP) return 'sctp';
  if (p === UDPLITE) return 'udplite';
  if (family === 4 && p === ICMP) return 'icmp';
  if (family === 6 && p === ICMPV6) return 'ipv6-icmp';
  return String(p);
}

function protocolMatch(p: number, family: IpFamily, negate: boolean): string {
  if (family === 4 && p === 0) return `-m u32 ${negate ? '! ' : ''}--u32 "${V4_PROTOCOL_IS_0}"`;
  return `${negate ? '! ' : ''}-p ${protocolName(p, family)}`;
}

function icmpMatch(m: IcmpMatch, protocol: number, family: IpFamily, negate: boolean): string {
  const not = negate ? '! ' : '';
  const tc = `${m.type}${m.code === null ? '' : `/${m.code}`}`;
  if (family === 4 && protocol === ICMP && m.type !== 255) return `-m icmp ${not}--icmp-type ${tc}`;
  if (family === 6 && protocol === ICMPV6) return `-m icmp6 ${not}--icmpv6-type ${tc}`;
  // The ICMP header's first word: type, code. IPv4: skip the header (IHL words); IPv6: 40 bytes.
  const at = family === 4 ? '0>>22&0x3C@0' : '40';
  const test = m.code === null ? `${at}>>24=${m.type}` : `${at}>>16=${(m.type << 8) | m.code}`;
  return `-m u32 ${not}--u32 "${test}"`;
}

/** Port lists as `multiport` arguments of at most 15 slots each. */
export function multiportChunks(specs: readonly PortSpec[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let used = 0;
  for (const s of specs) {
    if (s.kind !== 'range') continue;
    const cost = s.from === s.to ? 1 : 2;
    if (used + cost > MULTIPORT_SLOTS) {
      out.push(cur.join(','));
      cur = [];
      used = 0;
    }
    cur.push(s.from === s.to ? String(s.from) : `${s.from}:${s.to}`);
    used += cost;
  }
  if (cur.length > 0) out.push(cur.join(','));
  return out;
}

function namedOf(specs: readonly PortSpec[]): string[] {
  return specs.flatMap((s) => (s.kind === 'named' ? [s.name] : []));
}

/** The address matches of one side: a conjunction. */
function addressMatches(side: PeerMatch, dir: 'src' | 'dst', family: IpFamily, sets: IpsetBuilder): string[] {
  const out: string[] = [];
  if (side.nets) out.push(`-m set --match-set ${sets.netsSet(side.nets.cidrs, side.nets.scope, family)} ${dir}`);
  if (side.notNets) out.push(`-m set ! --match-set ${sets.netsSet(side.notNets, 'any', family)} ${dir}`);
  if (side.selector || side.namespace || side.serviceAccounts) {
    const c = { selector: side.selector, namespace: side.namespace, serviceAccounts: side.serviceAccounts };
    out.push(`-m set --match-set ${sets.entitySet(c, family)} ${dir}`);
  }
  if (side.notSelector) {
    const c = { selector: side.notSelector, namespace: null, serviceAccounts: null };
    out.push(`-m set ! --match-set ${sets.entitySet(c, family)} ${dir}`);
  }
  return out;
}

/** The port matches of one side: alternatives, each a conjunction (`[[]]`: no constraint). */
function portAlternatives(side: PeerMatch, dir: 'src' | 'dst', family: IpFamily, sets: IpsetBuilder): string[][] {
  const flag = dir === 'src' ? '--sports' : '--dports';
  let alts: string[][] = [[]];
  if (side.ports) {
    alts = multiportChunks(side.ports).map((c) => [`-m multiport ${flag} ${c}`]);
    const named = namedOf(side.ports);
    if (named.length > 0) alts.push([`-m set --match-set ${sets.namedPortSet(named, family)} ${dir},${dir}`]);
  }
  if (side.notPorts) {
    const none = multiportChunks(side.notPorts).map((c) => `-m multiport ! ${flag} ${c}`);
    const named = namedOf(side.notPorts);
    if (named.length > 0) none.push(`-m set ! --match-set ${sets.namedPortSet(named, family)} ${dir},${dir}`);
    alts = alts.map((a) => [...a, ...none]);
  }
  return alts;
}

export function ruleMatches(r: Rule, family: IpFamily, sets: IpsetBuilder): RuleMatches {
  const never = (why: string): RuleMatches => ({ alternatives: [], never: why });
  if (r.ipVersion !== null && r.ipVersion !== family) return never(`IPv${r.ipVersion} only`);
  if (family === 6 && r.protocol !== null && IPV6_EXTENSION_HEADERS.has(r.protocol))
    return never(`protocol ${r.protocol} is an IPv6 extension header, not an upper-layer protocol`);
  const notProtocol = family === 6 && r.notProtocol !== null && IPV6_EXTENSION_HEADERS.has(r.notProtocol) ? null : r.notProtocol;
  if (r.protocol !== null && r.protocol === notProtocol) return never('protocol and notProtocol are the same');
  const sides = [r.src, r.dst];
  const needPorts = sides.some((s) => s.ports !== null || s.notPorts !== null);
  const needIcmp = r.icmp !== null || r.notIcmp !== null;
  if (needPorts && needIcmp) return never('a packet has either ports or an ICMP type, not both');

  let protocols: (number | null)[];
  if (needPorts) protocols = (r.protocol === null ? [...PORT_PROTOCOLS] : [r.protocol]).filter((p) => carriesPorts(p) && p !== notProtocol);
  else if (needIcmp) protocols = (r.protocol === null ? [ICMP, ICMPV6] : [r.protocol]).filter((p) => isIcmp(p) && p !== notProtocol);
  else protocols = [r.protocol];
  if (protocols.length === 0) return never(needPorts ? 'ports need TCP, UDP, SCTP or UDPLite' : 'an ICMP type needs ICMP or ICMPv6');

  const src = addressMatches(r.src, 'src', family, sets);
  const dst = addressMatches(r.dst, 'dst', family, sets);
  const srcPorts = portAlternatives(r.src, 'src', family, sets);
  const dstPorts = portAlternatives(r.dst, 'dst', family, sets);
  if (srcPorts.length === 0 || dstPorts.length === 0) return never('an empty port list matches no port');

  const alternatives: string[] = [];
  for (const p of protocols) {
    const base: string[] = [];
    if (p !== null) base.push(protocolMatch(p, family, false));
    else if (notProtocol !== null) base.push(protocolMatch(notProtocol, family, true));
    if (p !== null && r.icmp) base.push(icmpMatch(r.icmp, p, family, false));
    if (p !== null && r.notIcmp) base.push(icmpMatch(r.notIcmp, p, family, true));
    for (const sp of srcPorts) for (const dp of dstPorts) alternatives.push([...base, ...src, ...dst, ...sp, ...dp].join(' '));
  }
  return { alternatives };
}
