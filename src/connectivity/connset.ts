/**
 * `ConnSet`: a set of connections between two endpoints — for TCP, UDP and SCTP a set of destination
 * ports, for every other IP protocol (ICMP, ICMPv6, UDPLite, any number 0–255) all or nothing.
 *
 * Stage: connectivity (a value type; imports only `intervals.ts`).
 * Input → output: protocol/port constructors and set algebra → immutable `ConnSet`s and their text.
 * Contract:
 * - Ports range over 1–65535 (netpol-analyzer's `minPort`/`maxPort`; port 0 is never a destination
 *   port), so "all ports of TCP" prints `TCP 1-65535`.
 * - `toString()` is netpol-analyzer's rendering (`common.ConnectionSet.String()`), which models only
 *   TCP, UDP and SCTP: `All Connections` when those three are full (other protocols do not count),
 *   `No Connections` when those three are empty, otherwise one `PROTO ports` item per non-empty
 *   protocol, items sorted as strings (so `SCTP` < `TCP` < `UDP`) and joined by `,`, ports as
 *   `a` or `a-b` joined by `,` — e.g. `SCTP 1-65535,TCP 1-65535,UDP 1-5352,5354-65535`.
 *   `toFullString()` also shows the other protocols and says `All Connections` only for everything.
 * - `ConnSet.parse(toString())` gives back the TCP/UDP/SCTP part (and `All Connections` parses to
 *   everything).
 */
import { IntervalSet, NUMBER, PORT_UNIVERSE, PROTOCOL_UNIVERSE, numberSet, type NumberSet } from './intervals.js';

export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';
export const PORT_PROTOCOLS: readonly PortProtocol[] = ['TCP', 'UDP', 'SCTP'];
/** IANA protocol numbers. */
export const PROTOCOL_NUMBER: Readonly<Record<PortProtocol, number>> = { TCP: 6, UDP: 17, SCTP: 132 };
/** Names Calico accepts for protocols without ports; others print as numbers. */
const OTHER_PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'ICMP'],
  [58, 'ICMPv6'],
  [136, 'UDPLite'],
]);

const ALL_PORTS: NumberSet = IntervalSet.of(NUMBER, PORT_UNIVERSE);
const NO_PORTS: NumberSet = IntervalSet.empty(NUMBER);
/** Protocol numbers that are not TCP, UDP or SCTP. */
const OTHER_UNIVERSE: NumberSet = IntervalSet.of(NUMBER, PROTOCOL_UNIVERSE).subtract(
  numberSet(...PORT_PROTOCOLS.map((p) => PROTOCOL_NUMBER[p])),
);

export const ALL_CONNECTIONS = 'All Connections';
export const NO_CONNECTIONS = 'No Connections';

// The two constant sets, built by the class's static block (only it may call the constructor).
let NONE: ConnSet;
let ALL: ConnSet;

export class ConnSet {
  private constructor(
    /** INVARIANT: each set is within 1–65535. */
    private readonly ports: Readonly<Record<PortProtocol, NumberSet>>,
    /** INVARIANT: within 0–255 minus 6, 17, 132. */
    private readonly other: NumberSet,
  ) {}

  static {
    NONE = new ConnSet({ TCP: NO_PORTS, UDP: NO_PORTS, SCTP: NO_PORTS }, NO_PORTS);
    ALL = new ConnSet({ TCP: ALL_PORTS, UDP: ALL_PORTS, SCTP: ALL_PORTS }, OTHER_UNIVERSE);
  }

  private static make(f: (p: PortProtocol) => NumberSet, other: NumberSet): ConnSet {
    return new ConnSet({ TCP: f('TCP'), UDP: f('UDP'), SCTP: f('SCTP') }, other);
  }

  static none(): ConnSet {
    return NONE;
  }

  static all(): ConnSet {
    return ALL;
  }

  /** The given ports of one protocol (clipped to 1–65535). */
  static ports(protocol: PortProtocol, ports: NumberSet): ConnSet {
    const clipped = ports.intersect(ALL_PORTS);
    return ConnSet.make((p) => (p === protocol ? clipped : NO_PORTS), NO_PORTS);
  }

  /** Ports `lo`–`hi` (default: the single port `lo`) of one protocol. */
  static portRange(protocol: PortProtocol, lo: number, hi: number = lo): ConnSet {
    return ConnSet.ports(protocol, IntervalSet.range(NUMBER, lo, hi));
  }

  /** Every port of one protocol. */
  static allPorts(protocol: PortProtocol): ConnSet {
    return ConnSet.ports(protocol, ALL_PORTS);
  }

  /** A whole protocol by number: TCP/UDP/SCTP with every port, any other protocol as a whole. */
  static protocolNumber(n: number): ConnSet {
    const named = PORT_PROTOCOLS.find((p) => PROTOCOL_NUMBER[p] === n);
    if (named) return ConnSet.allPorts(named);
    return ConnSet.make(() => NO_PORTS, numberSet(n).intersect(OTHER_UNIVERSE));
  }

  /** Ports of TCP, UDP or SCTP as stored. */
  portsOf(protocol: PortProtocol): NumberSet {
    return this.ports[protocol];
  }

  /** The protocols other than TCP/UDP/SCTP that are allowed (as wholes). */
  otherProtocols(): NumberSet {
    return this.other;
  }

  union(o: ConnSet): ConnSet {
    return ConnSet.make((p) => this.ports[p].union(o.ports[p]), this.other.union(o.other));
  }

  intersect(o: ConnSet): ConnSet {
    return ConnSet.make((p) => this.ports[p].intersect(o.ports[p]), this.other.intersect(o.other));
  }

  subtract(o: ConnSet): ConnSet {
    return ConnSet.make((p) => this.ports[p].subtract(o.ports[p]), this.other.subtract(o.other));
  }

  complement(): ConnSet {
    return ALL.subtract(this);
  }

  isEmpty(): boolean {
    return PORT_PROTOCOLS.every((p) => this.ports[p].isEmpty()) && this.other.isEmpty();
  }

  /** Every protocol, every port. */
  isAll(): boolean {
    return this.portProtocolsAreAll() && this.other.equals(OTHER_UNIVERSE);
  }

  /** TCP, UDP and SCTP all full — what netpol-analyzer calls `All Connections`. */
  portProtocolsAreAll(): boolean {
    return PORT_PROTOCOLS.every((p) => this.ports[p].isAll(PORT_UNIVERSE));
  }

  equals(o: ConnSet): boolean {
    return PORT_PROTOCOLS.every((p) => this.ports[p].equals(o.ports[p])) && this.other.equals(o.other);
  }

  isSubsetOf(o: ConnSet): boolean {
    return this.subtract(o).isEmpty();
  }

  /** Whether one flow is in the set; `port` is required for TCP/UDP/SCTP. */
  allows(protocol: PortProtocol | number, port?: number): boolean {
    const named =
      typeof protocol === 'string' ? protocol : PORT_PROTOCOLS.find((p) => PROTOCOL_NUMBER[p] === protocol);
    if (named) return port !== undefined && this.ports[named].contains(port);
    return this.other.contains(protocol as number);
  }

  /** netpol-analyzer's text (see the file doc). */
  toString(): string {
    if (this.portProtocolsAreAll()) return ALL_CONNECTIONS;
    const items = this.portItems();
    return items.length === 0 ? NO_CONNECTIONS : items.join(',');
  }

  /** Like `toString`, but other protocols count and are listed (`ICMP`, `protocols 47,50`). */
  toFullString(): string {
    if (this.isAll()) return ALL_CONNECTIONS;
    if (this.isEmpty()) return NO_CONNECTIONS;
    const items = this.portItems();
    const unnamed: number[] = [];
    for (const n of this.other.values()) {
      const name = OTHER_PROTOCOL_NAMES.get(n);
      if (name) items.push(name);
      else unnamed.push(n);
    }
    if (unnamed.length > 0) items.push(`protocols ${numberSet(...unnamed).toShortString()}`);
    return items.sort(compareCodePoints).join(',');
  }

  private portItems(): string[] {
    return PORT_PROTOCOLS.filter((p) => !this.ports[p].isEmpty())
      .map((p) => `${p} ${this.ports[p].toShortString()}`)
      .sort(compareCodePoints);
  }

  /**
   * Reads netpol-analyzer's text back: `All Connections`, `No Connections`, or items
   * `PROTO a,b-c` separated by `,` (a token starting with a letter opens a new protocol).
   * Returns undefined for anything else.
   */
  static parse(text: string): ConnSet | undefined {
    const t = text.trim();
    if (t === ALL_CONNECTIONS) return ALL;
    if (t === NO_CONNECTIONS) return NONE;
    let acc = NONE;
    let current: PortProtocol | undefined;
    for (const raw of t.split(',')) {
      let token = raw.trim();
      const head = /^([A-Za-z]+)\s+(.*)$/.exec(token);
      if (head) {
        const proto = head[1]!.toUpperCase();
        if (!(PORT_PROTOCOLS as readonly string[]).includes(proto)) return undefined;
        current = proto as PortProtocol;
        token = head[2]!.trim();
      }
      const m = /^(\d+)(?:-(\d+))?$/.exec(token);
      if (!current || !m) return undefined;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      if (lo < PORT_UNIVERSE.lo || hi > PORT_UNIVERSE.hi || lo > hi) return undefined;
      acc = acc.union(ConnSet.portRange(current, lo, hi));
    }
    return acc;
  }
}

/**
 * Go's `sort.Strings` order: bytewise on UTF-8, which is code-point order (JavaScript's `<`
 * compares UTF-16 units and differs above U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++; // skip the low surrogate of a pair both strings share
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
