/**
 * IPv4/IPv6 addresses and CIDRs as numbers: text → `{ family, addr: bigint, prefix }`, the
 * canonical text back, and containment. Pure; imports nothing of the project.
 *
 * Two parsing modes, after Kubernetes' `IsValidCIDRForLegacyField` (apimachinery/core
 * validation, `ip.go`) and Go's parsers behind it:
 * - lenient (`strict: false`, Go `ParseCIDRSloppy`): IPv4 octets may have leading zeros
 *   (`010.0.0.0` is ten, not octal eight), the prefix length may too, and host bits may be set
 *   (`10.1.2.3/8` means `10.0.0.0/8`);
 * - strict (the default, Go `netip.ParsePrefix` plus the StrictIPCIDRValidation checks): none of
 *   those, and no IPv4-mapped IPv6 address (`::ffff:1.2.3.4`).
 * Neither mode accepts zones (`fe80::1%eth0`), spaces or an empty string.
 *
 * Contract: `addr` is always the network address (host bits cleared), so two CIDRs for the same
 * set of addresses compare equal. In lenient mode an IPv4-mapped IPv6 CIDR of prefix ≥ 96 is
 * read as the IPv4 CIDR it covers, as Go's `IPNet.Contains` treats it.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  addr: bigint;
}

export interface Cidr {
  family: IpFamily;
  /** The network address: host bits are zero. */
  addr: bigint;
  prefix: number;
}

/** Why a text is not an address or CIDR; `hint` suggests a fix when there is an obvious one. */
export interface ParseError {
  error: string;
  hint?: string;
}

export interface ParseOptions {
  /** Reject leading zeros, host bits and IPv4-mapped IPv6 (default true). */
  strict?: boolean;
}

export function isParseError(x: object): x is ParseError {
  return 'error' in x;
}

export function familyBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

const DEC = /^[0-9]+$/;
const HEX = /^[0-9A-Fa-f]+$/;
/** `::ffff:0:0/96`, the IPv4-mapped block, shifted right by the 32 IPv4 bits. */
const MAPPED_PREFIX = 0xffffn;

/** An IPv4 dotted quad. Strict mode rejects leading zeros (`01`), as `netip.ParseAddr` does. */
function parseV4(text: string, strict: boolean): bigint | ParseError {
  const parts = text.split('.');
  if (parts.length !== 4) return { error: `\`${text}\` is not an IPv4 address (it needs four parts)` };
  let v = 0n;
  for (const p of parts) {
    if (!DEC.test(p)) return { error: `\`${text}\` is not an IPv4 address (\`${p}\` is not a number)` };
    const n = Number(p);
    if (n > 255) return { error: `\`${text}\` is not an IPv4 address (\`${p}\` is larger than 255)` };
    if (strict && p.length > 1 && p[0] === '0')
      return { error: `\`${text}\` has a leading zero in \`${p}\`, which some software reads as octal`, hint: 'write the number without leading zeros' };
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

/** An IPv6 address: hex groups, at most one `::`, optionally ending in a dotted quad. */
function parseV6(text: string, strict: boolean): bigint | ParseError {
  const bad = (why: string): ParseError => ({ error: `\`${text}\` is not an IPv6 address (${why})` });
  if (text.includes('%')) return bad('zones are not allowed');
  const halves = text.split('::');
  if (halves.length > 2) return bad('`::` appears more than once');
  // A dotted quad may only be the last 32 bits, so only the final half may end in one.
  const groupsOf = (s: string, final: boolean): bigint[] | ParseError => {
    if (s === '') return [];
    const out: bigint[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (final && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(p, strict);
        if (typeof v4 !== 'bigint') return bad(`its IPv4 part: ${v4.error}`);
        out.push(v4 >> 16n, v4 & 0xffffn);
        continue;
      }
      if (!HEX.test(p)) return bad(p === '' ? 'a group is empty' : `\`${p}\` is not a hex group`);
      // Go's old parser took any number of digits up to 0xffff; netip allows four.
      if (strict && p.length > 4) return bad(`\`${p}\` has more than four digits`);
      const n = parseInt(p, 16);
      if (n > 0xffff) return bad(`\`${p}\` is larger than ffff`);
      out.push(BigInt(n));
    }
    return out;
  };
  const head = groupsOf(halves[0]!, halves.length === 1);
  if (!Array.isArray(head)) return head;
  let groups: bigint[];
  if (halves.length === 2) {
    const tail = groupsOf(halves[1]!, true);
    if (!Array.isArray(tail)) return tail;
    // `::` stands for at least one zero group (RFC 4291 §2.2; Go and netip agree).
    if (head.length + tail.length > 7) return bad('`::` must stand for at least one group');
    groups = [...head, ...Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  } else {
    if (head.length !== 8) return bad('it needs eight groups or `::`');
    groups = head;
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an IP address (no prefix). */
export function parseIp(text: string, opts: ParseOptions = {}): IpAddress | ParseError {
  const strict = opts.strict ?? true;
  if (text.includes(':')) {
    const v = parseV6(text, strict);
    if (typeof v !== 'bigint') return v;
    if (strict && v >> 32n === MAPPED_PREFIX)
      return { error: `\`${text}\` is an IPv4-mapped IPv6 address`, hint: `write the IPv4 address \`${formatIp({ family: 4, addr: v & 0xffffffffn })}\`` };
    return { family: 6, addr: v };
  }
  const v = parseV4(text, strict);
  return typeof v === 'bigint' ? { family: 4, addr: v } : v;
}

/** Parses `address/prefix` (see the file doc for the two modes). */
export function parseCidr(text: string, opts: ParseOptions = {}): Cidr | ParseError {
  const strict = opts.strict ?? true;
  const slash = text.indexOf('/');
  if (text === '') return { error: 'a CIDR cannot be empty' };
  if (/\s/.test(text)) return { error: `\`${text}\` contains white space` };
  if (slash < 0) {
    const ip = parseIp(text, { strict: false });
    if (isParseError(ip)) return { error: `${ip.error}, and a CIDR needs a \`/\` and prefix length` };
    return {
      error: `\`${text}\` is not a CIDR: the \`/\` and prefix length are missing`,
      hint: `for one address write \`${text}/${familyBits(ip.family)}\``,
    };
  }
  const ipText = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  const parsed = text.includes(':') ? parseV6(ipText, strict) : parseV4(ipText, strict);
  if (typeof parsed !== 'bigint') return parsed;
  let family: IpFamily = text.includes(':') ? 6 : 4;
  if (!DEC.test(lenText)) return { error: `\`${text}\` has prefix length \`${lenText}\`, which is not a number` };
  if (strict && lenText.length > 1 && lenText[0] === '0')
    return { error: `\`${text}\` has a leading zero in its prefix length`, hint: `write \`/${Number(lenText)}\`` };
  let prefix = Number(lenText);
  if (prefix > familyBits(family))
    return { error: `\`${text}\` has prefix length ${prefix}, more than the ${familyBits(family)} bits of an IPv${family} address` };
  let addr = parsed;
  if (family === 6 && addr >> 32n === MAPPED_PREFIX) {
    if (strict)
      return { error: `\`${text}\` has an IPv4-mapped IPv6 address`, hint: 'write the IPv4 CIDR instead' };
    if (prefix >= 96) {
      family = 4;
      addr &= 0xffffffffn;
      prefix -= 96;
    }
  }
  const network = addr & netmask(family, prefix);
  if (network !== addr && strict) {
    const fixed = formatCidr({ family, addr: network, prefix });
    return {
      error: `\`${text}\` has bits set beyond its prefix length`,
      hint: `did you mean \`${fixed}\`, or the single address \`${ipText}/${familyBits(family)}\`?`,
    };
  }
  return { family, addr: network, prefix };
}

/** The mask with the top `prefix` bits set. */
export function netmask(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(familyBits(family));
  const all = (1n << bits) - 1n;
  return (all >> BigInt(prefix)) ^ all;
}

/** True when every address of `inner` is in `outer` (so a CIDR contains itself). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  return (inner.addr & netmask(outer.family, outer.prefix)) === outer.addr;
}

/** True when `ip` is one of the addresses of `c`. */
export function cidrHas(c: Cidr, ip: IpAddress): boolean {
  return c.family === ip.family && (ip.addr & netmask(c.family, c.prefix)) === c.addr;
}

/** The first and last address of `c`. */
export function cidrRange(c: Cidr): { first: bigint; last: bigint } {
  const host = ((1n << BigInt(familyBits(c.family))) - 1n) ^ netmask(c.family, c.prefix);
  return { first: c.addr, last: c.addr | host };
}

/** Canonical text: dotted quad, or RFC 5952 for IPv6 (lowercase, longest zero run as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip.addr >> s) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.addr >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups (the first one on a tie) becomes `::`.
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestAt < 0) return hex(groups);
  return `${hex(groups.slice(0, bestAt))}::${hex(groups.slice(bestAt + bestLen))}`;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c)}/${c.prefix}`;
}
