/**
 * Emit, iptables, Z3 proof: one parsed match (`parseRules.ts`) × the symbolic packet and mark →
 * a Boolean term. The symbolic twin of `Walker.holds` in `simulate.ts`, case by case.
 *
 * Contract: for every concrete packet and mark, the term evaluates to what `simulate.ts` answers.
 * The mark is 32 Boolean terms (bit 31 first), so `MARK --set-xmark` and `-m mark` are bitwise
 * and need no bit-vector arithmetic. Set lookups follow `parseIpsets.ts`: a `hash:net` lookup is
 * an if-then-else from the longest prefix down (a `nomatch` entry answers "not in the set"); a
 * port set's answer is its most specific matching entry, the first of equals winning. A `u32`
 * test is evaluated on the packet's bits with its offsets computed concretely: an `@` whose value
 * depends on the packet is a `Z3Unsupported` (the emitter only jumps over the IPv4 header, whose
 * length is a constant of the packet model).
 */
import { familyBits, type Cidr } from '../../../util/cidr.js';
import type { TermFactory } from '../../../smt/factory.js';
import type { Term } from '../../../smt/term.js';
import type { ParsedSet, PortEntry } from '../parseIpsets.js';
import type { Match } from '../parseRules.js';
import type { U32Test } from '../u32.js';
import type { SymPacket } from './packet.js';

export class Z3Unsupported extends Error {
  override name = 'Z3Unsupported';
}

export type Mark = Term[];

export function zeroMark(f: TermFactory): Mark {
  return Array.from({ length: 32 }, () => f.F);
}

const bit = (n: number, i: number) => ((n >>> (31 - i)) & 1) === 1;

/** `mark = (mark & ~mask) ^ value`, bit by bit. */
export function setXmark(f: TermFactory, mark: Mark, value: number, mask: number): Mark {
  return mark.map((b, i) => (bit(mask, i) ? f.bool(bit(value, i)) : bit(value, i) ? f.not(b) : b));
}

/** `(mark & mask) == value`. */
function markIs(f: TermFactory, mark: Mark, value: number, mask: number): Term {
  if (((value & ~mask) >>> 0) !== 0) return f.F;
  return f.and(...mark.flatMap((b, i) => (bit(mask, i) ? [bit(value, i) ? b : f.not(b)] : [])));
}

/** The address `a` (of `c`'s family width) lies in `c`. */
export function inPrefix(f: TermFactory, a: Term, c: Cidr): Term {
  const bits = familyBits(c.family);
  if (c.prefix === 0) return f.T;
  return f.eq(f.extract(bits - 1, bits - c.prefix, a), f.bv(c.addr >> BigInt(bits - c.prefix), c.prefix));
}

function netLookup(f: TermFactory, s: ParsedSet, a: Term): Term {
  let out = f.F;
  // Built from the shortest prefix up, so the longest prefix is tested first.
  for (const prefix of [...s.nets.keys()].sort((x, y) => x - y)) {
    const entries = [...s.nets.get(prefix)!];
    const hit = (nomatch: boolean) => f.or(...entries.filter(([, n]) => n === nomatch).map(([addr]) => inPrefix(f, a, { family: s.family, addr, prefix })));
    out = f.ite(hit(false), f.T, f.ite(hit(true), f.F, out));
  }
  return out;
}

/** `(hi << 8 | lo) ∈ [from, to]` for 8-bit `hi`, `lo`: the ICMP "port" ipset reads. */
function pairInRange(f: TermFactory, hi: Term, lo: Term, from: number, to: number): Term {
  const [fh, fl, th, tl] = [from >> 8, from & 0xff, to >> 8, to & 0xff];
  const above = fh === 255 ? f.F : f.bvule(f.bv(fh + 1, 8), hi);
  const below = th === 0 ? f.F : f.bvule(hi, f.bv(th - 1, 8));
  const ge = f.or(above, f.and(f.eq(hi, f.bv(fh, 8)), f.bvule(f.bv(fl, 8), lo)));
  const le = f.or(below, f.and(f.eq(hi, f.bv(th, 8)), f.bvule(lo, f.bv(tl, 8))));
  return f.and(ge, le);
}

function portLookup(f: TermFactory, s: ParsedSet, p: SymPacket, a: Term, dir: 'src' | 'dst'): Term {
  const port = dir === 'src' ? p.srcPort : p.dstPort;
  const entryHolds = (e: PortEntry) =>
    f.and(
      f.eq(p.protocol, f.bv(e.protocol, 8)),
      inPrefix(f, a, e.cidr),
      f.ite(p.nativeIcmp, pairInRange(f, p.icmpType, p.icmpCode, e.from, e.to), f.inRange(port, e.from, e.to)),
    );
  // Most specific first; a stable sort keeps the first of equal prefixes first.
  const order = [...s.ports].sort((x, y) => y.cidr.prefix - x.cidr.prefix);
  let out = f.F;
  for (let i = order.length - 1; i >= 0; i--) out = f.ite(entryHolds(order[i]!), f.bool(!order[i]!.nomatch), out);
  return out;
}

/** Unsigned `lo ≤ bits ≤ hi` on 32 Boolean bits, most significant first. */
function bitsInRange(f: TermFactory, bits: Term[], lo: number, hi: number): Term {
  // geq(k): bits[k..] ≥ lo[k..]; leq likewise, from the least significant bit up.
  let ge = f.T;
  let le = f.T;
  for (let k = 31; k >= 0; k--) {
    const b = bits[k]!;
    ge = bit(lo, k) ? f.and(b, ge) : f.or(b, ge);
    le = bit(hi, k) ? f.or(f.not(b), le) : f.and(f.not(b), le);
  }
  return f.and(ge, le);
}

function u32Holds(f: TermFactory, p: SymPacket, tests: readonly U32Test[]): Term {
  const len = p.length;
  const word = (at: number) => [0, 1, 2, 3].flatMap((k) => p.byteBits(at + k));
  const constant = (bits: Term[]): number => {
    let n = 0;
    for (const b of bits) {
      if (b !== f.T && b !== f.F) throw new Z3Unsupported('a u32 `@` offset that depends on the packet');
      n = n * 2 + (b === f.T ? 1 : 0);
    }
    return n;
  };
  const all: Term[] = [];
  for (const t of tests) {
    let at = 0;
    if (len < 4 || t.start > len - 4) return f.F;
    let val = word(t.start);
    for (const { op, n } of t.ops) {
      if (op === '&') val = val.map((b, i) => (bit(n, i) ? b : f.F));
      else if (op === '<<') val = n >= 32 ? zeroMark(f) : [...val.slice(n), ...Array.from({ length: n }, () => f.F)];
      else if (op === '>>') val = n >= 32 ? zeroMark(f) : [...Array.from({ length: n }, () => f.F), ...val.slice(0, 32 - n)];
      else {
        at += constant(val);
        if (len < at + 4 || n > len - at - 4) return f.F;
        val = word(at + n);
      }
    }
    all.push(f.or(...t.ranges.map(([lo, hi]) => bitsInRange(f, val, lo, hi))));
  }
  return f.and(...all);
}

/** One match as a term; `ctstate` is NEW (the only state compared). */
export function matchHolds(f: TermFactory, m: Match, p: SymPacket, mark: Mark, sets: ReadonlyMap<string, ParsedSet>): Term {
  const neg = (t: Term, negate: boolean) => (negate ? f.not(t) : t);
  switch (m.kind) {
    case 'comment':
      return f.T;
    case 'addr':
      return neg(m.cidr.family === p.family ? inPrefix(f, m.dir === 'src' ? p.src : p.dst, m.cidr) : f.F, m.negate);
    case 'proto':
      return m.protocol === 0 ? f.T : neg(f.eq(p.protocol, f.bv(m.protocol, 8)), m.negate);
    case 'conntrack':
      return f.bool(m.states.includes('NEW') !== m.negate);
    case 'mark':
      return neg(markIs(f, mark, m.value, m.mask), m.negate);
    case 'multiport': {
      const port = m.dir === 'src' ? p.srcPort : p.dstPort;
      return f.and(p.hasPorts, neg(f.or(...m.ranges.map(([lo, hi]) => f.inRange(port, lo, hi))), m.negate));
    }
    case 'set': {
      const s = sets.get(m.name);
      if (!s) throw new Z3Unsupported(`set \`${m.name}\` does not exist`);
      const a = m.dirs[0] === 'src' ? p.src : p.dst;
      return neg(s.type === 'hash:net' ? netLookup(f, s, a) : portLookup(f, s, p, a, m.dirs[1]!), m.negate);
    }
    case 'icmp': {
      const any = m.family === 4 && m.type === 0xff;
      return neg(any ? f.T : f.and(f.eq(p.icmpType, f.bv(m.type, 8)), f.inRange(p.icmpCode, m.codeMin, m.codeMax)), m.negate);
    }
    case 'u32':
      return neg(u32Holds(f, p, m.tests), m.negate);
  }
}
