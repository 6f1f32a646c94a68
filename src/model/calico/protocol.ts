/**
 * Calico protocols (`numorstring.Protocol`): positioned YAML → `{ text, number }`.
 *
 * Rules (projectcalico `api/pkg/lib/numorstring/protocol.go` and libcalico-go
 * `lib/validator/v3/validator.go` `validateProtocol`): a protocol is a number 1–255 (a string of
 * digits counts as that number) or exactly one of `TCP`, `UDP`, `ICMP`, `ICMPv6`, `SCTP`, `UDPLite`
 * (case matters to the validator). Only TCP (6), UDP (17) and SCTP (132) carry ports
 * (`Protocol.SupportsPorts`).
 *
 * Contract: never throws; reports `invalid-protocol` or `wrong-type` and returns undefined.
 */
import type { YNode } from '../../yaml/node.js';
import { didYouMean } from '../../util/didYouMean.js';
import { describe, type Reader } from '../read.js';
import type { CalicoProtocol } from './types.js';

export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  TCP: 6,
  UDP: 17,
  ICMP: 1,
  ICMPv6: 58,
  SCTP: 132,
  UDPLite: 136,
};

export const ICMP = 1;
export const ICMPV6 = 58;

/** Protocol numbers whose rules may match ports (Calico `Protocol.SupportsPorts`). */
export const PORT_PROTOCOLS: ReadonlySet<number> = new Set([6, 17, 132]);

export function supportsPorts(p: CalicoProtocol | undefined): boolean {
  return p !== undefined && PORT_PROTOCOLS.has(p.number);
}

/** A protocol number as a Calico name when it has one (`6` → `TCP`), for messages. */
export function protocolName(n: number): string {
  for (const [name, num] of Object.entries(PROTOCOL_NUMBERS)) if (num === n) return name;
  return String(n);
}

/** Checks a protocol number, reporting at `node`. */
function fromNumber(r: Reader, node: YNode, path: string, n: number, text: string): CalicoProtocol | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 255) {
    r.report('invalid-protocol', node, path, `protocol \`${text}\` is not valid: a protocol number must be between 1 and 255`);
    return undefined;
  }
  return { text, number: n };
}

export function readProtocol(r: Reader, node: YNode | undefined, path: string): CalicoProtocol | undefined {
  const s = r.scalar(node, path);
  if (!s || s.value === null) return undefined;
  if (typeof s.value === 'number') return fromNumber(r, s, path, s.value, String(s.value));
  if (typeof s.value !== 'string') {
    r.report('wrong-type', s, path, `\`${path}\` must be a protocol name or number, found ${describe(s)}`);
    return undefined;
  }
  const text = s.value;
  if (/^\d+$/.test(text)) return fromNumber(r, s, path, Number(text), text);
  const n = PROTOCOL_NUMBERS[text];
  if (n !== undefined) return { text, number: n };
  const guess = didYouMean(text, Object.keys(PROTOCOL_NUMBERS));
  r.report('invalid-protocol', s, path, `protocol \`${text}\` is not valid`,
    guess ? `did you mean \`${guess}\`? (names are case-sensitive)` : `use one of ${Object.keys(PROTOCOL_NUMBERS).join(', ')} or a number 1-255`);
  return undefined;
}
