/**
 * Emit, iptables, Z3 proof: the symbolic packet that the emitted rules are run on. It is built
 * from the variables of the IR's snapshot encoding (`smt/party.ts`), so both sides of the proof
 * talk about the same flow: one family (fixed per query), the source and destination addresses
 * (`src.ip4`/`dst.ip4` or the `ip6` pair, tied to the chosen endpoint's address by the scope in
 * `proveIptables.ts`), protocol, ports, ICMP type and code, conntrack state NEW.
 *
 * Contract: every term here reads a field exactly as `simulate.ts` does for the packet that
 * `decodeFlow` + `packetBytes` would build — ports exist iff the protocol carries ports, type and
 * code iff it is 1 or 58 (either family, as the partition's templates and the decoder set them);
 * an absent field reads 0; `byteBits` gives the bits of `packetBytes`, most significant first.
 */
import { carriesPorts, isIcmp } from '../../../ir/protocol.js';
import type { IpFamily } from '../../../util/cidr.js';
import type { TermFactory } from '../../../smt/factory.js';
import type { FlowVars } from '../../../smt/party.js';
import type { Term } from '../../../smt/term.js';

export interface SymPacket {
  f: TermFactory;
  family: IpFamily;
  /** Address bit-vectors of the family's width. */
  src: Term;
  dst: Term;
  protocol: Term;
  /** The protocol carries ports (TCP, UDP, SCTP, UDPLite). */
  hasPorts: Term;
  /** Protocol 1 or 58: the packet has a type and code. */
  hasIcmp: Term;
  /** Ports as the simulator reads them (0 when absent). */
  srcPort: Term;
  dstPort: Term;
  /** Type and code as the simulator reads them (0 when absent). */
  icmpType: Term;
  icmpCode: Term;
  /** The family's own ICMP (1 over IPv4, 58 over IPv6): what ipset's port lookup calls ICMP. */
  nativeIcmp: Term;
  /** Bytes of `packetBytes`: the IP header and 20 transport bytes. */
  length: number;
  byteBits(k: number): Term[];
}

function oneOf(f: TermFactory, x: Term, values: number[]): Term {
  return f.or(...values.map((v) => f.eq(x, f.bv(v, 8))));
}

/** `n` bits of a `width`-bit term from bit `hi` down, most significant first (Booleans: bit = 1). */
function bitsOf(f: TermFactory, t: Term, width: number, hi = width - 1, n = width): Term[] {
  return Array.from({ length: n }, (_, i) => f.eq(f.extract(hi - i, hi - i, t), f.bv(1, 1)));
}

function constBits(f: TermFactory, v: number): Term[] {
  return Array.from({ length: 8 }, (_, i) => f.bool(((v >> (7 - i)) & 1) === 1));
}

export function symbolicPacket(f: TermFactory, v: FlowVars, family: IpFamily): SymPacket {
  const width = family === 4 ? 32 : 128;
  const src = f.var(`src.ip${family}`, { kind: 'bv', width });
  const dst = f.var(`dst.ip${family}`, { kind: 'bv', width });
  const portProtocols = Array.from({ length: 256 }, (_, i) => i).filter(carriesPorts);
  const icmpProtocols = Array.from({ length: 256 }, (_, i) => i).filter(isIcmp);
  const hasPorts = oneOf(f, v.protocol, portProtocols);
  const hasIcmp = oneOf(f, v.protocol, icmpProtocols);
  const zero16 = f.bv(0, 16);
  const zero8 = f.bv(0, 8);
  const srcPort = f.ite(hasPorts, v.srcPort, zero16);
  const dstPort = f.ite(hasPorts, v.dstPort, zero16);
  const icmpType = f.ite(hasIcmp, v.icmpType, zero8);
  const icmpCode = f.ite(hasIcmp, v.icmpCode, zero8);
  const ipLen = family === 4 ? 20 : 40;
  // The constant header bytes `packetBytes` writes; every other byte is a field or 0.
  const fixed: Record<number, number> =
    family === 4 ? { 0: 0x45, 2: 0, 3: ipLen + 20, 8: 64 } : { 0: 0x60, 4: 0, 5: 20, 7: 64 };
  const protoAt = family === 4 ? 9 : 6;
  const srcAt = family === 4 ? 12 : 8;
  const dstAt = srcAt + width / 8;
  const byteBits = (k: number): Term[] => {
    if (k === protoAt) return bitsOf(f, v.protocol, 8);
    if (k >= srcAt && k < srcAt + width / 8) return bitsOf(f, src, width, width - 1 - 8 * (k - srcAt), 8);
    if (k >= dstAt && k < dstAt + width / 8) return bitsOf(f, dst, width, width - 1 - 8 * (k - dstAt), 8);
    const t = k - ipLen;
    if (t === 0) return bitsOf(f, f.ite(hasIcmp, icmpType, f.extract(15, 8, srcPort)), 8);
    if (t === 1) return bitsOf(f, f.ite(hasIcmp, icmpCode, f.extract(7, 0, srcPort)), 8);
    if (t === 2) return bitsOf(f, dstPort, 16, 15, 8);
    if (t === 3) return bitsOf(f, dstPort, 16, 7, 8);
    return constBits(f, fixed[k] ?? 0);
  };
  const nativeIcmp = f.eq(v.protocol, f.bv(family === 4 ? 1 : 58, 8));
  return { f, family, src, dst, protocol: v.protocol, hasPorts, hasIcmp, srcPort, dstPort, icmpType, icmpCode, nativeIcmp, length: ipLen + 20, byteBits };
}
