/**
 * IP protocols: the names the IR prints and the numbers it stores (IANA "Assigned Internet
 * Protocol Numbers"), and which of them carry ports or ICMP type/code.
 *
 * Contract: names are lowercase and map one-to-one to numbers; any number 0–255 is a protocol,
 * printed as its name when it has one (Calico accepts the same names, case-insensitively, and
 * numbers 1–255: Calico reference "Protocol").
 */

export const PROTOCOL_NUMBERS = Object.freeze({
  icmp: 1,
  tcp: 6,
  udp: 17,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
} as const);

export type ProtocolName = keyof typeof PROTOCOL_NUMBERS;

export const TCP = PROTOCOL_NUMBERS.tcp;
export const UDP = PROTOCOL_NUMBERS.udp;
export const ICMP = PROTOCOL_NUMBERS.icmp;
export const ICMPV6 = PROTOCOL_NUMBERS.icmpv6;
export const SCTP = PROTOCOL_NUMBERS.sctp;
export const UDPLITE = PROTOCOL_NUMBERS.udplite;

const NAMES = new Map<number, ProtocolName>(
  Object.entries(PROTOCOL_NUMBERS).map(([name, n]) => [n, name as ProtocolName]),
);

/** The number for a protocol name (any case), or undefined. */
export function protocolNumber(name: string): number | undefined {
  const key = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(PROTOCOL_NUMBERS, key)
    ? PROTOCOL_NUMBERS[key as ProtocolName]
    : undefined;
}

/** The name when the protocol has one, else the decimal number. */
export function protocolText(n: number): string {
  return NAMES.get(n) ?? String(n);
}

export function isProtocolNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

/** Protocols whose packets have source and destination ports. */
export const PORT_CARRIERS: readonly number[] = [TCP, UDP, SCTP, UDPLITE];

/** ICMP for IPv4, ICMPv6 for IPv6: the protocols with a type and code. */
export const ICMP_PROTOCOLS: readonly number[] = [ICMP, ICMPV6];

export function carriesPorts(n: number): boolean {
  return PORT_CARRIERS.includes(n);
}

export function isIcmp(n: number): boolean {
  return ICMP_PROTOCOLS.includes(n);
}
