/**
 * Emit, iptables, simulation: `ipset restore` text → the sets, and set lookups as the kernel's
 * `ip_set_hash_*` types answer them.
 *
 * Contract (ipset(8)): `create NAME TYPE [family inet|inet6] [hashsize N] [maxelem N]`, `flush
 * NAME`, `add NAME ENTRY [nomatch]`; `#` lines are comments; anything else is a `RulesError`.
 * Types `hash:net`, `hash:ip,port` and `hash:net,port`. A `hash:net*` lookup answers with the
 * most specific entry containing the address, and a `nomatch` entry answers "not in the set";
 * `hash:ip,port` needs the exact address. The port of a packet is its port for TCP, UDP, SCTP
 * and UDPLite, `type << 8 | code` for ICMP over IPv4 and ICMPv6 over IPv6, else 0
 * (`ip_set_get_ip4_port`, `ip_set_get_ip6_port`).
 */
import { cidrHas, familyBits, isParseError, netmask, parseCidr, parseIp, type Cidr, type IpFamily } from '../../util/cidr.js';
import { RulesError } from './parseRules.js';

export interface PortEntry {
  cidr: Cidr;
  protocol: number;
  from: number;
  to: number;
  nomatch: boolean;
}

export interface ParsedSet {
  name: string;
  type: 'hash:net' | 'hash:ip,port' | 'hash:net,port';
  family: IpFamily;
  /** hash:net: prefix length → network address → nomatch. */
  nets: Map<number, Map<bigint, boolean>>;
  /** The port types' entries. */
  ports: PortEntry[];
}

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, udplite: 136, icmp: 1, icmpv6: 58 };
const TYPES = new Set(['hash:net', 'hash:ip,port', 'hash:net,port']);

function cidrOf(text: string, family: IpFamily, hostOnly: boolean): Cidr {
  const c = text.includes('/') ? parseCidr(text, { strict: false }) : parseIp(text, { strict: false });
  if (isParseError(c)) throw new RulesError(c.error);
  if (c.family !== family) throw new RulesError(`\`${text}\` is not of the set's family`);
  const cidr: Cidr = 'prefix' in c ? (c as Cidr) : { family, addr: c.addr, prefix: familyBits(family) };
  if (cidr.prefix === 0) throw new RulesError('hash:net cannot store a prefix of 0');
  if (hostOnly && cidr.prefix !== familyBits(family)) throw new RulesError(`\`${text}\` is not one address`);
  return cidr;
}

function portPart(text: string): { protocol: number; from: number; to: number } {
  const colon = text.indexOf(':');
  const proto = colon < 0 ? 'tcp' : text.slice(0, colon);
  const ports = colon < 0 ? text : text.slice(colon + 1);
  const protocol = /^[0-9]+$/.test(proto) ? Number(proto) : PROTOCOLS[proto];
  if (protocol === undefined || protocol > 255) throw new RulesError(`unknown protocol \`${proto}\``);
  const [lo, hi] = ports.split('-');
  const from = Number(lo);
  const to = hi === undefined ? from : Number(hi);
  if (!/^[0-9]+$/.test(lo ?? '') || !Number.isInteger(to) || from > to || to > 65535) throw new RulesError(`bad port \`${ports}\``);
  return { protocol, from, to };
}

export function parseIpsets(text: string): Map<string, ParsedSet> {
  const sets = new Map<string, ParsedSet>();
  text.split('\n').forEach((raw, idx) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = (m: string) => new RulesError(`ipsets line ${idx + 1}: ${m}`);
    const w = line.split(/\s+/);
    const [cmd, name] = w;
    if (!name || name.length > 31) throw at(`bad set name \`${name}\``);
    if (cmd === 'create') {
      const type = w[2] ?? '';
      if (!TYPES.has(type)) throw at(`set type \`${type}\` is not simulated`);
      let family: IpFamily = 4;
      for (let i = 3; i < w.length; i += 2) {
        if (w[i] === 'family') {
          if (w[i + 1] !== 'inet' && w[i + 1] !== 'inet6') throw at(`family \`${w[i + 1]}\``);
          family = w[i + 1] === 'inet' ? 4 : 6;
        } else if (w[i] !== 'hashsize' && w[i] !== 'maxelem') throw at(`create option \`${w[i]}\` is not simulated`);
      }
      if (!sets.has(name)) sets.set(name, { name, type: type as ParsedSet['type'], family, nets: new Map(), ports: [] });
      return;
    }
    const set = sets.get(name);
    if (!set) throw at(`set \`${name}\` is used before it is created`);
    if (cmd === 'flush') {
      set.nets.clear();
      set.ports.length = 0;
      return;
    }
    if (cmd !== 'add') throw at(`command \`${cmd}\` is not simulated`);
    const entry = w[2];
    const nomatch = w[3] === 'nomatch';
    if (entry === undefined || w.length > (nomatch ? 4 : 3)) throw at('`add` needs one entry and at most `nomatch`');
    try {
      if (set.type === 'hash:net') {
        const c = cidrOf(entry, set.family, false);
        let byPrefix = set.nets.get(c.prefix);
        if (!byPrefix) set.nets.set(c.prefix, (byPrefix = new Map()));
        if (byPrefix.has(c.addr)) throw new RulesError(`\`${entry}\` is already in the set`);
        byPrefix.set(c.addr, nomatch);
      } else {
        const comma = entry.indexOf(',');
        if (comma < 0) throw new RulesError(`\`${entry}\` has no port part`);
        const cidr = cidrOf(entry.slice(0, comma), set.family, set.type === 'hash:ip,port');
        set.ports.push({ cidr, ...portPart(entry.slice(comma + 1)), nomatch });
      }
    } catch (e) {
      throw at((e as Error).message);
    }
  });
  return sets;
}

const sortedPrefixes = new WeakMap<ParsedSet, number[]>();

/** hash:net: the most specific entry containing `addr` decides. */
export function netLookup(set: ParsedSet, addr: bigint): boolean {
  let prefixes = sortedPrefixes.get(set);
  if (!prefixes) sortedPrefixes.set(set, (prefixes = [...set.nets.keys()].sort((a, b) => b - a)));
  for (const p of prefixes) {
    const hit = set.nets.get(p)!.get(addr & netmask(set.family, p));
    if (hit !== undefined) return !hit;
  }
  return false;
}

/** Port types: the most specific entry with this address, protocol and port decides. */
export function portLookup(set: ParsedSet, addr: bigint, protocol: number, port: number): boolean {
  let best: PortEntry | undefined;
  for (const e of set.ports)
    if (e.protocol === protocol && e.from <= port && port <= e.to && cidrHas(e.cidr, { family: set.family, addr }) && (!best || e.cidr.prefix > best.cidr.prefix))
      best = e;
  return best !== undefined && !best.nomatch;
}
