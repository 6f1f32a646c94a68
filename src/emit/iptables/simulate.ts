/**
 * Emit, iptables, simulation: the emitted *text* (parsed by `parseRules`/`parseIpsets`, never
 * the emitter's structures) × one packet → ACCEPT or DROP, walking the filter table's FORWARD
 * chain as the kernel's `ipt_do_table`/`ip6t_do_table` does. This is the model of the dataplane
 * that translation validation compares with the oracle.
 *
 * Contract — the packet model and the kernel behaviour it follows:
 * - a packet is one forwarded, unfragmented IP packet: family, source and destination address,
 *   protocol (for IPv6 the upper-layer protocol, with no extension headers), ports for TCP, UDP,
 *   SCTP and UDPLite, type and code for ICMP/ICMPv6 (also for protocol 58 over IPv4 and 1 over
 *   IPv6: the first two bytes after the IP header), and a conntrack state (NEW for validation);
 * - rules are tried in order; all matches of a rule must hold; `-p 0` checks nothing (with or
 *   without `!`: `ip_packet_match`, `ip6_packet_match`); the `icmp` match of IPv4 with type 255
 *   matches every ICMP packet (`icmp_type_code_match`); set lookups follow `parseIpsets`;
 * - targets: ACCEPT and DROP end the walk; a jump pushes the return point; a goto does not (a
 *   RETURN from the goto'd chain goes back to the caller of the chain that jumped); RETURN or the
 *   end of a user chain pops, and with nothing to pop applies FORWARD's policy; the end of, or
 *   RETURN from, a built-in chain applies its policy;
 *   `MARK --set-xmark v/m` sets `mark = (mark & ~m) ^ v`; LOG and a rule without target go on;
 * - the mark starts at 0. Loops or a depth beyond 64 are a `RulesError` (the kernel refuses them
 *   at load time).
 */
import { cidrHas, type IpFamily } from '../../util/cidr.js';
import { netLookup, parseIpsets, portLookup, type ParsedSet } from './parseIpsets.js';
import { parseRestore, RulesError, type Dir, type Match, type ParsedRule, type ParsedTable } from './parseRules.js';
import { evalU32 } from './u32.js';

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';

export interface Packet {
  family: IpFamily;
  src: bigint;
  dst: bigint;
  protocol: number;
  srcPort?: number;
  dstPort?: number;
  icmpType?: number;
  icmpCode?: number;
  ctstate: CtState;
}

/** One rule that matched on the way, for counterexamples. */
export interface Step {
  chain: string;
  /** Line in the emitted file; null for a chain policy. */
  line: number | null;
  comment: string;
  target: string;
}

export interface SimResult {
  verdict: 'ACCEPT' | 'DROP';
  trace: Step[];
}

export interface LoadedRules {
  tables: Record<IpFamily, ParsedTable>;
  sets: Map<string, ParsedSet>;
}

const MAX_DEPTH = 64;

/** Parses the three files and checks every set reference against the sets (as xt_set does). */
export function loadRules(texts: { iptables: string; ip6tables: string; ipsets: string }): LoadedRules {
  const sets = parseIpsets(texts.ipsets);
  const tables = { 4: parseRestore(texts.iptables, 4), 6: parseRestore(texts.ip6tables, 6) } as Record<IpFamily, ParsedTable>;
  for (const t of Object.values(tables))
    for (const c of t.chains.values())
      for (const r of c.rules)
        for (const m of r.matches) {
          if (m.kind !== 'set') continue;
          const s = sets.get(m.name);
          if (!s) throw new RulesError(`line ${r.line}: set \`${m.name}\` does not exist`);
          if (s.family !== t.family) throw new RulesError(`line ${r.line}: set \`${m.name}\` is not IPv${t.family}`);
          if (m.dirs.length !== (s.type === 'hash:net' ? 1 : 2)) throw new RulesError(`line ${r.line}: set \`${m.name}\` (${s.type}) takes ${s.type === 'hash:net' ? 1 : 2} flags`);
        }
  return { tables, sets };
}

/** The IP header and the first transport bytes, for `u32`. */
export function packetBytes(p: Packet): Uint8Array {
  const ipLen = p.family === 4 ? 20 : 40;
  const b = new Uint8Array(ipLen + 20);
  const put = (at: number, v: bigint, n: number) => {
    for (let i = 0; i < n; i++) b[at + i] = Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn);
  };
  if (p.family === 4) {
    b[0] = 0x45;
    put(2, BigInt(b.length), 2);
    b[8] = 64;
    b[9] = p.protocol;
    put(12, p.src, 4);
    put(16, p.dst, 4);
  } else {
    b[0] = 0x60;
    put(4, 20n, 2);
    b[6] = p.protocol;
    b[7] = 64;
    put(8, p.src, 16);
    put(24, p.dst, 16);
  }
  if (p.srcPort !== undefined) put(ipLen, BigInt(p.srcPort), 2);
  if (p.dstPort !== undefined) put(ipLen + 2, BigInt(p.dstPort), 2);
  if (p.icmpType !== undefined) b[ipLen] = p.icmpType;
  if (p.icmpCode !== undefined) b[ipLen + 1] = p.icmpCode;
  return b;
}

function isNativeIcmp(p: Packet): boolean {
  return (p.family === 4 && p.protocol === 1) || (p.family === 6 && p.protocol === 58);
}

/** The "port" ipset reads for a packet (ip_set_getport.c). */
function setPort(p: Packet, dir: Dir): number {
  if (isNativeIcmp(p)) return ((p.icmpType ?? 0) << 8) | (p.icmpCode ?? 0);
  return (dir === 'src' ? p.srcPort : p.dstPort) ?? 0;
}

class Walker {
  private bytes: Uint8Array | null = null;
  mark = 0;
  constructor(
    private readonly rules: LoadedRules,
    private readonly p: Packet,
  ) {}

  holds(m: Match): boolean {
    const p = this.p;
    switch (m.kind) {
      case 'comment':
        return true;
      case 'addr':
        return cidrHas(m.cidr, { family: p.family, addr: m.dir === 'src' ? p.src : p.dst }) !== m.negate;
      case 'proto':
        return m.protocol === 0 || (p.protocol === m.protocol) !== m.negate;
      case 'conntrack':
        return m.states.includes(p.ctstate) !== m.negate;
      case 'mark':
        return ((this.mark & m.mask) >>> 0 === m.value) !== m.negate;
      case 'multiport': {
        const port = m.dir === 'src' ? p.srcPort : p.dstPort;
        if (port === undefined) return false;
        return m.ranges.some(([lo, hi]) => lo <= port && port <= hi) !== m.negate;
      }
      case 'set': {
        const s = this.rules.sets.get(m.name)!;
        const addr = m.dirs[0] === 'src' ? p.src : p.dst;
        const hit = s.type === 'hash:net' ? netLookup(s, addr) : portLookup(s, addr, p.protocol, setPort(p, m.dirs[1]!));
        return hit !== m.negate;
      }
      case 'icmp': {
        const type = p.icmpType ?? 0;
        const code = p.icmpCode ?? 0;
        const hit = (m.family === 4 && m.type === 0xff) || (type === m.type && m.codeMin <= code && code <= m.codeMax);
        return hit !== m.negate;
      }
      case 'u32':
        return evalU32(m.tests, (this.bytes ??= packetBytes(p))) !== m.negate;
    }
  }

  matches(r: ParsedRule): boolean {
    return r.matches.every((m) => this.holds(m));
  }
}

function commentOf(r: ParsedRule): string {
  const c = r.matches.find((m) => m.kind === 'comment');
  return c?.kind === 'comment' ? c.text : '';
}

export function simulate(rules: LoadedRules, p: Packet): SimResult {
  const table = rules.tables[p.family];
  const trace: Step[] = [];
  const w = new Walker(rules, p);
  const forward = table.chains.get('FORWARD');
  if (!forward || forward.policy === null) throw new RulesError('the table has no FORWARD chain');
  const policy = (chain: string, verdict: 'ACCEPT' | 'DROP'): SimResult => {
    trace.push({ chain, line: null, comment: 'chain policy', target: verdict });
    return { verdict, trace };
  };
  let chain = forward;
  let idx = 0;
  const stack: { chain: typeof forward; idx: number }[] = [];
  for (let steps = 0; ; steps++) {
    if (steps > 1_000_000) throw new RulesError('the walk does not end');
    const r = chain.rules[idx++];
    if (r === undefined || (r.target.kind === 'RETURN' && w.matches(r))) {
      if (r) trace.push({ chain: chain.name, line: r.line, comment: commentOf(r), target: 'RETURN' });
      if (chain.policy !== null) return policy(chain.name, chain.policy);
      const back = stack.pop();
      // Nothing to return to (a goto from the built-in chain): the hook's policy ("underflow").
      if (!back) return policy(forward.name, forward.policy);
      ({ chain, idx } = back);
      continue;
    }
    if (r.target.kind === 'RETURN' || !w.matches(r)) continue;
    const t = r.target;
    const step: Step = { chain: chain.name, line: r.line, comment: commentOf(r), target: t.kind };
    trace.push(step);
    switch (t.kind) {
      case 'ACCEPT':
      case 'DROP':
        return { verdict: t.kind, trace };
      case 'jump':
      case 'goto': {
        step.target = `${t.kind === 'jump' ? '-j' : '-g'} ${t.chain}`;
        const next = table.chains.get(t.chain)!;
        if (t.kind === 'jump') stack.push({ chain, idx });
        if (stack.length > MAX_DEPTH) throw new RulesError(`line ${r.line}: jumps nest deeper than ${MAX_DEPTH}`);
        chain = next;
        idx = 0;
        break;
      }
      case 'MARK':
        w.mark = ((w.mark & ~t.mask) ^ t.value) >>> 0;
        step.target = `MARK ${w.mark.toString(16)}`;
        break;
      case 'LOG':
      case 'none':
        break;
    }
  }
}
